//! `missive-node`: the Missive chain's node.

// sc-cli's and sc-service's errors are upstream types, returned as they are.
#![allow(clippy::result_large_err)]

fn main() -> sc_cli::Result<()> {
	missive_node::command::run()
}

//! `missive-node`: the Missive chain's node.

fn main() -> sc_cli::Result<()> {
	missive_node::command::run()
}

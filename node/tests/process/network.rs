//! A network of validators as separate processes on loopback — the two of
//! `local_testnet` (Alice, Bob) or the four of `local_testnet_4` (and Charlie, Dave) —
//! each with its own base path and node key, peered through Alice as bootnode.

use std::path::Path;

use tempfile::TempDir;

use crate::common::{Node, Rpc};
use missive_runtime::BlockNumber;

const VALIDATORS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// A validator of the network: its process (when running), RPC and base path.
pub struct Validator {
	pub name: &'static str,
	chain: &'static str,
	node: Option<Node>,
	rpc: Option<Rpc>,
	base: TempDir,
	node_key: String,
}

impl Validator {
	pub fn rpc(&self) -> &Rpc {
		self.rpc.as_ref().expect("the validator is running")
	}

	/// Starts (or restarts, on the same base path) the validator's process.
	pub async fn start(&mut self, logs: &Path, bootnode: Option<&str>) {
		let flag = format!("--{}", self.name);
		let mut args = vec![
			"--chain",
			self.chain,
			flag.as_str(),
			"--node-key",
			&self.node_key,
			"--base-path",
			self.base.path().to_str().unwrap(),
		];
		if let Some(bootnode) = bootnode {
			args.extend(["--bootnodes", bootnode]);
		}
		let node = Node::start(self.name, logs, &args);
		self.rpc = Some(node.client().await);
		self.node = Some(node);
	}

	/// The end of the validator's log, for failure messages.
	pub fn log_tail(&self) -> String {
		self.node.as_ref().map(Node::tail).unwrap_or_default()
	}

	/// SIGKILL: no clean shutdown, as when a machine dies.
	pub fn kill(&mut self) {
		self.rpc = None;
		if let Some(mut node) = self.node.take() {
			node.kill();
		}
	}
}

/// The running network: its validators and the bootnode address they peer through.
pub struct Network {
	pub validators: Vec<Validator>,
	pub bootnode: String,
}

impl Network {
	/// Starts the validators of `chain` (`local`: two, `local4`: four), Alice first,
	/// and waits until each has finalized block 3.
	pub async fn start(logs: &Path, chain: &'static str) -> Network {
		let count = match chain {
			"local" => 2,
			"local4" => 4,
			_ => panic!("no validator set for chain {chain}"),
		};
		let mut validators: Vec<Validator> = VALIDATORS[..count]
			.iter()
			.enumerate()
			.map(|(i, name)| Validator {
				name,
				chain,
				node: None,
				rpc: None,
				base: tempfile::tempdir().unwrap(),
				node_key: format!("{:064x}", i + 1),
			})
			.collect();
		validators[0].start(logs, None).await;
		let peer_id =
			validators[0].rpc().call("system_localPeerId", jsonrpsee::rpc_params![]).await;
		let bootnode = format!(
			"/ip4/127.0.0.1/tcp/{}/p2p/{}",
			validators[0].node.as_ref().unwrap().p2p_port,
			peer_id.as_str().unwrap()
		);
		for validator in &mut validators[1..] {
			validator.start(logs, Some(&bootnode)).await;
		}
		for validator in &validators {
			validator.rpc().wait_finalized(3).await;
		}
		Network { validators, bootnode }
	}
}

/// Waits until `rpc`'s best block is `blocks` past where it is now; returns it.
pub async fn blocks_go_on(rpc: &Rpc, blocks: BlockNumber) -> BlockNumber {
	let target = rpc.best_number().await + blocks;
	rpc.wait_until(&format!("best block >= {target}"), || async {
		let best = rpc.best_number().await;
		(best >= target).then_some(best)
	})
	.await
}

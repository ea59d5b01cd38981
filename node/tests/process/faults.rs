//! Four `local_testnet_4` validators as separate processes on loopback, and what
//! happens when they die: GRANDPA needs more than two thirds of the votes, so the
//! chain keeps finalizing with one validator down and stops with two; Aura blocks go
//! on either way; a validator restarted on its base path catches up.
//!
//! The seconds each phase took are printed (`--nocapture`) for docs/reliability.md;
//! nothing here asserts on them.

use std::{path::Path, time::Instant};

use tempfile::TempDir;

use crate::common::{Node, Rpc};
use missive_runtime::BlockNumber;

const VALIDATORS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// A validator of the network: its process (when running), RPC and base path.
struct Validator {
	name: &'static str,
	node: Option<Node>,
	rpc: Option<Rpc>,
	base: TempDir,
	node_key: String,
}

impl Validator {
	fn rpc(&self) -> &Rpc {
		self.rpc.as_ref().expect("the validator is running")
	}

	async fn start(&mut self, logs: &Path, bootnode: Option<&str>) {
		let flag = format!("--{}", self.name);
		let mut args = vec![
			"--chain",
			"local4",
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

	/// SIGKILL: no clean shutdown, as when a machine dies.
	fn kill(&mut self) {
		self.rpc = None;
		if let Some(mut node) = self.node.take() {
			node.kill();
		}
	}
}

/// Waits until `rpc`'s best block is `blocks` past where it is now; returns it.
async fn blocks_go_on(rpc: &Rpc, blocks: BlockNumber) -> BlockNumber {
	let target = rpc.best_number().await + blocks;
	rpc.wait_until(&format!("best block >= {target}"), || async {
		let best = rpc.best_number().await;
		(best >= target).then_some(best)
	})
	.await
}

#[tokio::test(flavor = "multi_thread")]
async fn finality_survives_one_lost_validator_stops_at_two_and_recovers() {
	let logs = tempfile::tempdir().unwrap();
	let mut validators: Vec<Validator> = VALIDATORS
		.iter()
		.enumerate()
		.map(|(i, name)| Validator {
			name,
			node: None,
			rpc: None,
			base: tempfile::tempdir().unwrap(),
			node_key: format!("{:064x}", i + 1),
		})
		.collect();

	// Alice first; the others boot from her.
	validators[0].start(logs.path(), None).await;
	let peer_id = validators[0].rpc().call("system_localPeerId", jsonrpsee::rpc_params![]).await;
	let bootnode = format!(
		"/ip4/127.0.0.1/tcp/{}/p2p/{}",
		validators[0].node.as_ref().unwrap().p2p_port,
		peer_id.as_str().unwrap()
	);
	for validator in &mut validators[1..] {
		validator.start(logs.path(), Some(&bootnode)).await;
	}
	for validator in &validators {
		validator.rpc().wait_finalized(3).await;
	}

	// 1. Dave dies: three of four votes still finalize, and blocks go on.
	validators[3].kill();
	let alice = validators[0].rpc();
	let finalized_at_kill = alice.finalized_number().await;
	let killed = Instant::now();
	alice.wait_finalized(finalized_at_kill + 1).await;
	let finality_moved = killed.elapsed();
	alice.wait_finalized(finalized_at_kill + 5).await;
	blocks_go_on(alice, 2).await;
	eprintln!(
		"faults: one of four killed; finality moved again after {:.1} s",
		finality_moved.as_secs_f64()
	);

	// 2. Dave comes back on his base path and catches up to the others' finalized block.
	let restarted = Instant::now();
	validators[3].start(logs.path(), Some(&bootnode)).await;
	let target = validators[0].rpc().finalized_number().await;
	validators[3].rpc().wait_finalized(target).await;
	let caught_up = restarted.elapsed();
	assert_eq!(
		validators[3].rpc().block_hash(target).await,
		validators[0].rpc().block_hash(target).await,
		"Dave finalized the same block {target}"
	);
	eprintln!(
		"faults: restarted validator reached finalized block {target} after {:.1} s",
		caught_up.as_secs_f64()
	);

	// 3. Charlie and Dave die: two votes of four cannot finalize, yet Aura goes on (in
	//    the surviving validators' slots).
	validators[2].kill();
	validators[3].kill();
	let alice = validators[0].rpc();
	// Let any round already under way complete before reading where finality stopped.
	blocks_go_on(alice, 2).await;
	let stalled_at = alice.finalized_number().await;
	let best_while_stalled = blocks_go_on(alice, 5).await;
	assert_eq!(
		alice.finalized_number().await,
		stalled_at,
		"no block is finalized with two of four validators down (best is {best_while_stalled})"
	);
	assert_eq!(validators[1].rpc().finalized_number().await, stalled_at);

	// 4. Dave comes back: three of four again, so finality resumes and catches up.
	let restarted = Instant::now();
	validators[3].start(logs.path(), Some(&bootnode)).await;
	let resumed = validators[0].rpc().wait_finalized(best_while_stalled).await;
	let recovered = restarted.elapsed();
	validators[3].rpc().wait_finalized(resumed).await;
	for validator in [&validators[0], &validators[1], &validators[3]] {
		assert_eq!(
			validator.rpc().block_hash(resumed).await,
			validators[0].rpc().block_hash(resumed).await,
			"{} finalized the same block {resumed}",
			validator.name
		);
	}
	eprintln!(
		"faults: two of four down, one restarted; finality reached block {resumed} (the best \
		 block while stalled) after {:.1} s",
		recovered.as_secs_f64()
	);
}

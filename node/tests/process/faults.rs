//! Four `local_testnet_4` validators, and what happens when they die: GRANDPA needs
//! more than two thirds of the votes, so the chain keeps finalizing with one validator
//! down and stops with two; Aura blocks go on either way; a validator restarted on its
//! base path catches up.
//!
//! The seconds each phase took are printed (`--nocapture`) for docs/reliability.md;
//! nothing here asserts on them.

use std::time::Instant;

use crate::network::{blocks_go_on, Network};

#[tokio::test(flavor = "multi_thread")]
async fn finality_survives_one_lost_validator_stops_at_two_and_recovers() {
	let logs = tempfile::tempdir().unwrap();
	let Network { mut validators, bootnode } = Network::start(logs.path(), "local4").await;

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

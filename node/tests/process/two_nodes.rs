//! Alice and Bob, the two `local_testnet` validators, as separate processes on
//! loopback: they peer, take turns authoring, and finalize the same chain.

use crate::common::{self, Node};
use jsonrpsee::rpc_params;

/// Validators of a live chain need a persistent network identity; fixed test keys.
const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000a11";
const BOB_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000b0b";

#[tokio::test(flavor = "multi_thread")]
async fn two_validators_finalize_the_same_blocks() {
	let logs = tempfile::tempdir().unwrap();
	let alice_base = tempfile::tempdir().unwrap();
	let bob_base = tempfile::tempdir().unwrap();

	let alice = Node::start(
		"alice",
		logs.path(),
		&[
			"--chain",
			"local",
			"--alice",
			"--node-key",
			ALICE_NODE_KEY,
			"--base-path",
			alice_base.path().to_str().unwrap(),
		],
	);
	let alice_rpc = alice.client().await;
	let peer_id = alice_rpc.call("system_localPeerId", rpc_params![]).await;
	let bootnode =
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", alice.p2p_port, peer_id.as_str().unwrap());

	let bob = Node::start(
		"bob",
		logs.path(),
		&[
			"--chain",
			"local",
			"--bob",
			"--node-key",
			BOB_NODE_KEY,
			"--base-path",
			bob_base.path().to_str().unwrap(),
			"--bootnodes",
			&bootnode,
		],
	);
	let bob_rpc = bob.client().await;

	// GRANDPA with two authorities needs both votes: finality at all proves they peer.
	let target = 6;
	alice_rpc.wait_finalized(target).await;
	bob_rpc.wait_finalized(target).await;

	for number in 1..=target {
		let on_alice = alice_rpc.block_hash(number).await;
		assert!(on_alice.is_some());
		assert_eq!(on_alice, bob_rpc.block_hash(number).await, "block {number} differs");
	}

	let health = bob_rpc.call("system_health", rpc_params![]).await;
	assert_eq!(health["peers"], 1, "Bob is peered with Alice: {health}");

	// Both authored: Aura alternates slots between the two.
	let mut authors = std::collections::BTreeSet::new();
	for number in 1..=target {
		let hash = alice_rpc.block_hash(number).await.unwrap();
		let header = alice_rpc.call("chain_getHeader", rpc_params![common::encode_hex(hash)]).await;
		let digest = header["digest"]["logs"][0].as_str().unwrap().to_owned();
		authors.insert(slot_parity(&digest));
	}
	assert_eq!(authors.len(), 2, "both validators authored blocks");
}

/// Parity of the Aura slot in a block's pre-runtime digest; with two authorities it
/// names the author.
fn slot_parity(pre_runtime_digest: &str) -> u64 {
	use codec::Decode;
	let bytes = hex::decode(pre_runtime_digest.trim_start_matches("0x")).unwrap();
	let item = sp_runtime::DigestItem::decode(&mut &bytes[..]).unwrap();
	let slot = item
		.pre_runtime_try_to::<sp_consensus_aura::Slot>(&sp_consensus_aura::AURA_ENGINE_ID)
		.expect("an Aura pre-runtime digest");
	*slot % 2
}

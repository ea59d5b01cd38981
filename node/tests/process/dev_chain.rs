//! `missive-node --dev` as a real process: it authors and finalizes blocks, takes a
//! signed transfer, and exits cleanly on SIGINT.

use crate::common::{self, Node};
use jsonrpsee::core::client::ClientT;
use missive_node::extrinsic::{sign, SigningContext};
use missive_runtime::{RuntimeCall, UNIT};
use sp_keyring::Sr25519Keyring;

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_finalizes_and_applies_a_signed_transfer() {
	let logs = tempfile::tempdir().unwrap();
	let mut node = Node::start("dev", logs.path(), &["--dev", "--tmp"]);
	let rpc = node.client().await;

	rpc.wait_finalized(3).await;

	let alice = Sr25519Keyring::Alice;
	let bob = Sr25519Keyring::Bob.to_account_id();
	let alice_before = rpc.free_balance(&alice.to_account_id()).await;
	let bob_before = rpc.free_balance(&bob).await;
	assert!(alice_before > 10 * UNIT, "Alice is endowed at genesis");

	let amount = 7 * UNIT;
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: bob.clone().into(),
		value: amount,
	});
	let nonce = rpc.next_nonce(&alice.to_account_id()).await;
	rpc.submit_and_finalize(call, &alice.pair()).await;

	let bob_after = rpc.free_balance(&bob).await;
	let alice_after = rpc.free_balance(&alice.to_account_id()).await;
	assert_eq!(bob_after, bob_before + amount, "Bob receives exactly the amount");
	let fee = alice_before - amount - alice_after;
	assert!(fee > 0, "Alice pays the amount plus a fee");
	assert!(fee < UNIT / 1_000, "a transfer's fee stays below a milli-token, paid {fee}");
	assert_eq!(rpc.next_nonce(&alice.to_account_id()).await, nonce + 1);

	drop(rpc);
	let status = node.interrupt();
	assert!(status.success(), "clean exit on SIGINT, got {status}; log:\n{}", node.tail());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transfer_signed_for_another_chain_is_refused() {
	let logs = tempfile::tempdir().unwrap();
	let node = Node::start("dev-foreign", logs.path(), &["--dev", "--tmp"]);
	let rpc = node.client().await;
	rpc.wait_finalized(1).await;

	let context = SigningContext {
		genesis_hash: sp_core::H256::repeat_byte(7),
		..rpc.signing_context().await
	};
	let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Sr25519Keyring::Bob.to_account_id().into(),
		value: UNIT,
	});
	let alice = Sr25519Keyring::Alice;
	let transfer = sign(call, &alice.pair(), rpc.next_nonce(&alice.to_account_id()).await, context);
	let refused = rpc
		.client
		.request::<serde_json::Value, _>(
			"author_submitExtrinsic",
			jsonrpsee::rpc_params![common::encode_hex(codec::Encode::encode(&transfer))],
		)
		.await;
	let error = refused.expect_err("a signature over another genesis hash is invalid").to_string();
	assert!(error.contains("bad signature") || error.contains("BadProof"), "{error}");
}

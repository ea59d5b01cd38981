//! Consent, inbox policy and envelope commitments on a real dev node: Bob's DID
//! requires consent, Alice's DID asks for it, Bob accepts; the RPC, the runtime APIs
//! (through `state_call`, as a client without our RPC would) and storage proofs agree;
//! Alice commits an envelope, it shows in Bob's inbox, Bob acknowledges it; Bob
//! revokes, and Alice's next envelope is refused.

use codec::{Decode, Encode};
use jsonrpsee::rpc_params;
use missive_primitives::{
	consent::ConsentScope,
	did::{DidId, DidSignature},
	envelope::{Carrier, Envelope, ReceiptStatus, SignedEnvelope},
	policy::{Destination, InboxMode, InboxPolicy, Violation},
	runtime_api::{CommitmentOf, GrantOf},
	storage_keys,
};
use missive_runtime::{BlockNumber, Hash};
use serde_json::{json, Value};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::{BlakeTwo256, Hash as _};

use crate::common::{self, Node, Rpc};

async fn can_send(rpc: &Rpc, sender: DidId, recipient: DidId) -> Result<(), Violation> {
	let best = rpc.block_hash(rpc.best_number().await).await.unwrap();
	let args = (sender, Destination::Did(recipient), None::<H256>, 1_024u32).encode();
	common::runtime_call(rpc, "PolicyApi_can_send", args, best).await
}

async fn check(rpc: &Rpc, grantor: DidId, grantee: DidId, scope: &str) -> Value {
	rpc.call(
		"consent_check",
		rpc_params![grantor.to_string(), grantee.to_string(), scope, None::<Hash>],
	)
	.await
}

/// An envelope from `sender` to `recipient`, signed with the sender's assertion key.
async fn envelope(
	rpc: &Rpc,
	sender: DidId,
	assertion: &sr25519::Pair,
	recipient: DidId,
	ciphertext: &[u8],
) -> SignedEnvelope {
	let envelope = Envelope {
		sender,
		destination: Destination::Did(recipient),
		conversation: H256::repeat_byte(0x33),
		content_hash: BlakeTwo256::hash(ciphertext),
		size: ciphertext.len() as u32,
		locator: b"statement:0x01".to_vec().try_into().unwrap(),
	};
	let signature =
		assertion.sign(&envelope.signing_payload(&Carrier::Alone, &rpc.genesis_hash().await));
	SignedEnvelope { envelope, signature: DidSignature::Sr25519(signature) }
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_gates_envelopes_and_both_are_proven() {
	let logs = tempfile::tempdir().unwrap();
	let node = Node::start("consent", logs.path(), &["--dev", "--tmp"]);
	let rpc = node.client().await;
	rpc.wait_finalized(1).await;
	let payer = Sr25519Keyring::Alice.pair();
	let alice_key = sr25519::Pair::from_seed(&[31; 32]);
	let bob_key = sr25519::Pair::from_seed(&[32; 32]);
	let alice_assertion = sr25519::Pair::from_seed(&[33; 32]);
	let alice = common::create_did(&rpc, &alice_key, Some(&alice_assertion)).await;
	let bob_assertion = sr25519::Pair::from_seed(&[34; 32]);
	let bob = common::create_did(&rpc, &bob_key, Some(&bob_assertion)).await;
	assert_eq!(can_send(&rpc, alice, bob).await, Ok(()), "inboxes are open by default");

	// Bob's inbox requires consent.
	let policy = InboxPolicy::<BlockNumber> {
		mode: InboxMode::ConsentRequired,
		max_per_sender: None,
		max_payload_size: None,
		retention: None,
	};
	let set_policy = pallet_policy::Call::set_inbox_policy { policy };
	rpc.submit_and_finalize(
		common::did_call(&rpc, bob, &bob_key, 1, set_policy.into()).await,
		&payer,
	)
	.await;
	assert_eq!(can_send(&rpc, alice, bob).await, Err(Violation::ConsentRequired));

	// Alice asks; Bob accepts, committing to a receipt.
	let note = H256::repeat_byte(0x11);
	let request = pallet_consent::Call::request {
		recipient: bob,
		scope: ConsentScope::Messaging,
		note_hash: note,
	};
	rpc.submit_and_finalize(
		common::did_call(&rpc, alice, &alice_key, 1, request.into()).await,
		&payer,
	)
	.await;
	let receipt = H256::repeat_byte(0x22);
	let accept =
		pallet_consent::Call::accept { requester: alice, expiry: None, receipt_hash: receipt };
	let granted_in = rpc
		.submit_and_finalize(common::did_call(&rpc, bob, &bob_key, 2, accept.into()).await, &payer)
		.await;

	let answer = check(&rpc, bob, alice, "messaging").await;
	assert_eq!(answer["consent"], "granted");
	assert_eq!(answer["permitted"], true);
	assert_eq!(answer["grant"]["receiptHash"], json!(receipt));
	assert_eq!(answer["grant"]["grantedAt"], granted_in);
	let in_conversation =
		check(&rpc, bob, alice, &format!("conversation:{:?}", H256::repeat_byte(5))).await;
	assert_eq!(in_conversation["consent"], "granted", "messaging covers every conversation");
	assert_eq!(check(&rpc, alice, bob, "messaging").await["consent"], "absent", "one-way");
	assert_eq!(check(&rpc, bob, alice, "data:marketing").await["consent"], "absent");
	assert_eq!(can_send(&rpc, alice, bob).await, Ok(()));

	let grants = rpc.call("consent_grants", rpc_params![bob.to_string()]).await;
	assert_eq!(grants["grants"].as_array().unwrap().len(), 1);
	assert_eq!(grants["grants"][0]["grantee"], alice.to_string());
	assert_eq!(grants["grants"][0]["scope"], "messaging");
	assert_eq!(grants["next"], Value::Null);

	// Proof of consent at a finalized block, checked against the header alone.
	let proven = rpc
		.call("consent_proveGrant", rpc_params![bob.to_string(), alice.to_string(), "messaging"])
		.await;
	assert_eq!(proven["consent"], "granted");
	let grant_key = storage_keys::consent_grant(&bob, &alice, &ConsentScope::Messaging);
	let contact_key = storage_keys::consent_contact(&bob, &alice);
	let (header, values) =
		common::check_state_proof(&rpc, &proven["proof"], &[grant_key, contact_key]).await;
	assert!(header.number >= granted_in);
	let grant = GrantOf::decode(&mut &values[0].clone().expect("the grant is proven")[..]).unwrap();
	assert_eq!((grant.receipt_hash, grant.granted_at, grant.expiry), (receipt, granted_in, None));
	assert!(values[1].is_none(), "Alice is on neither of Bob's lists");

	// Alice commits an envelope to Bob, authorized and signed by her assertion key.
	let first = envelope(&rpc, alice, &alice_assertion, bob, b"first ciphertext").await;
	let id = first.envelope.id();
	let commit = pallet_envelope::Call::commit { signed: first.clone() };
	let committed_in = rpc
		.submit_and_finalize(
			common::did_call(&rpc, alice, &alice_assertion, 2, commit.into()).await,
			&payer,
		)
		.await;
	let got = rpc.call("envelope_get", rpc_params![id, None::<Hash>]).await;
	assert_eq!(got["commitment"]["id"], json!(id));
	assert_eq!(got["commitment"]["sender"], alice.to_string());
	assert_eq!(got["commitment"]["destination"]["did"], bob.to_string());
	assert_eq!(got["commitment"]["contentHash"], json!(first.envelope.content_hash));
	assert_eq!(got["commitment"]["committedAt"], committed_in);
	let inbox = rpc.call("envelope_inbox", rpc_params![bob.to_string()]).await;
	let entries = inbox["entries"].as_array().unwrap();
	assert_eq!(entries.len(), 1);
	assert_eq!(entries[0]["id"], json!(id));
	assert_eq!(entries[0]["block"], committed_in);
	let later = rpc
		.call("envelope_inbox", rpc_params![bob.to_string(), json!({ "since": committed_in + 1 })])
		.await;
	assert!(later["entries"].as_array().unwrap().is_empty(), "nothing after it");

	// The commitment's storage proof, checked against the header alone.
	let proven = rpc.call("envelope_prove", rpc_params![id]).await;
	let (_, values) = common::check_state_proof(
		&rpc,
		&proven["proof"],
		&[storage_keys::envelope_commitment(&id)],
	)
	.await;
	let stored = CommitmentOf::decode(&mut &values[0].clone().expect("proven")[..]).unwrap();
	assert_eq!((stored.envelope, stored.signature), (first.envelope, first.signature));

	// Bob acknowledges it as read: a statement of his, so signed by his assertion key.
	let ack = pallet_envelope::Call::acknowledge { id, status: ReceiptStatus::Read };
	rpc.submit_and_finalize(
		common::did_call(&rpc, bob, &bob_assertion, 3, ack.into()).await,
		&payer,
	)
	.await;
	let acked = rpc.call("envelope_get", rpc_params![id, None::<Hash>]).await;
	assert_eq!(acked["commitment"]["receipt"]["status"], "read");

	// Bob revokes: the next check, and the policy, refuse Alice at once, and so does
	// the chain: her next envelope is not committed.
	let revoke = pallet_consent::Call::revoke { grantee: alice, scope: ConsentScope::Messaging };
	rpc.submit_and_finalize(common::did_call(&rpc, bob, &bob_key, 4, revoke.into()).await, &payer)
		.await;
	assert_eq!(check(&rpc, bob, alice, "messaging").await["consent"], "absent");
	assert_eq!(can_send(&rpc, alice, bob).await, Err(Violation::ConsentRequired));
	let second = envelope(&rpc, alice, &alice_assertion, bob, b"second ciphertext").await;
	let second_id = second.envelope.id();
	let refused = pallet_envelope::Call::commit { signed: second };
	rpc.submit_and_finalize(
		common::did_call(&rpc, alice, &alice_assertion, 3, refused.into()).await,
		&payer,
	)
	.await;
	let missing = rpc.call("envelope_get", rpc_params![second_id, None::<Hash>]).await;
	assert_eq!(missing["commitment"], Value::Null, "the refused envelope is not committed");

	// A malformed scope or DID is an invalid-params error.
	let bad = rpc
		.raw_call("consent_check", rpc_params![bob.to_string(), alice.to_string(), "everything"])
		.await;
	assert!(bad.unwrap_err().to_string().contains("expected `messaging`"));
}

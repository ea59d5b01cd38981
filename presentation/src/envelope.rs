//! The JSON form of envelope commitments, shared by the node's `envelope_*` RPC and the
//! client.

use serde_json::{json, Value};

use missive_primitives::{
	did::DidSignature,
	envelope::{batch_id, inbox_key_block, ReceiptStatus},
	policy::Destination,
	runtime_api::{BatchCommitmentOf, CommitmentOf, InboxEntry},
};

fn hex(bytes: impl AsRef<[u8]>) -> String {
	format!("0x{}", crate::w3c::hex_string(bytes.as_ref()))
}

/// `{"did": "did:missive:…"}` or `{"blinded": "0x…"}`.
pub fn destination(destination: &Destination) -> Value {
	match destination {
		Destination::Did(did) => json!({ "did": did.to_did_string() }),
		Destination::Blinded(tag) => json!({ "blinded": hex(tag) }),
	}
}

fn signature(signature: &DidSignature) -> Value {
	let (scheme, bytes): (&str, &[u8]) = match signature {
		DidSignature::Ed25519(s) => ("ed25519", s.as_ref()),
		DidSignature::Sr25519(s) => ("sr25519", s.as_ref()),
		DidSignature::Ecdsa(s) => ("ecdsa", s.as_ref()),
	};
	json!({ "scheme": scheme, "signature": hex(bytes) })
}

/// A commitment, as stored.
pub fn commitment(commitment: &CommitmentOf) -> Value {
	let envelope = &commitment.envelope;
	json!({
		"id": hex(envelope.id()),
		"sender": envelope.sender.to_did_string(),
		"destination": destination(&envelope.destination),
		"conversation": hex(envelope.conversation),
		"contentHash": hex(envelope.content_hash),
		"size": envelope.size,
		"locator": hex(&envelope.locator),
		"signature": signature(&commitment.signature),
		"signer": hex(commitment.signer),
		"committedAt": commitment.committed_at,
		"expiresAt": commitment.expires_at,
		"inboxKey": commitment.inbox_key.map(hex),
		"receipt": commitment.receipt.map(|receipt| json!({
			"status": match receipt.status {
				ReceiptStatus::Delivered => "delivered",
				ReceiptStatus::Read => "read",
			},
			"at": receipt.at,
		})),
	})
}

/// One inbox entry: the commitment with its position.
pub fn inbox_entry(entry: &InboxEntry) -> Value {
	let mut value = commitment(&entry.commitment);
	value["inboxKey"] = json!(hex(entry.key));
	value["block"] = json!(inbox_key_block(&entry.key));
	value
}

/// A batch commitment, with its id (from its committer and root).
pub fn batch(batch: &BatchCommitmentOf) -> Value {
	json!({
		"id": hex(batch_id(&batch.committer, &batch.root)),
		"root": hex(batch.root),
		"committer": batch.committer.to_did_string(),
		"leaves": batch.leaves,
		"locator": hex(&batch.locator),
		"committedAt": batch.committed_at,
		"expiresAt": batch.expires_at,
	})
}

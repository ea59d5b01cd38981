//! Storage keys of Missive's state, computed without the runtime, so that a client can
//! check a storage proof the node gives it against a block's state root.

use alloc::vec::Vec;
use codec::Encode;
use sp_crypto_hashing::{blake2_128, twox_128};

use crate::{
	consent::ConsentScope,
	did::{DidId, KeyId},
	envelope::{BatchId, EnvelopeId},
	runtime_api::DidResolution,
};

/// Name of the DID pallet in the runtime (its storage prefix).
pub const DID_PALLET: &str = "Did";
/// Name of the consent pallet in the runtime.
pub const CONSENT_PALLET: &str = "Consent";
/// Name of the envelope pallet in the runtime.
pub const ENVELOPE_PALLET: &str = "Envelope";

fn prefix(pallet: &str, item: &str) -> Vec<u8> {
	let mut key = twox_128(pallet.as_bytes()).to_vec();
	key.extend_from_slice(&twox_128(item.as_bytes()));
	key
}

fn blake2_128_concat(key: &mut Vec<u8>, part: &impl Encode) {
	let encoded = part.encode();
	key.extend_from_slice(&blake2_128(&encoded));
	key.extend_from_slice(&encoded);
}

/// `Did::Dids[did]`: the DID's record.
pub fn did_record(did: &DidId) -> Vec<u8> {
	let mut key = prefix(DID_PALLET, "Dids");
	blake2_128_concat(&mut key, did);
	key
}

/// `Did::DidKeys[did][key_id]`: one key record.
pub fn did_key(did: &DidId, key_id: &KeyId) -> Vec<u8> {
	let mut key = prefix(DID_PALLET, "DidKeys");
	blake2_128_concat(&mut key, did);
	blake2_128_concat(&mut key, key_id);
	key
}

/// `Did::Tombstones[did]`: the remains of a deactivated DID.
pub fn did_tombstone(did: &DidId) -> Vec<u8> {
	let mut key = prefix(DID_PALLET, "Tombstones");
	blake2_128_concat(&mut key, did);
	key
}

/// Every key a resolution read: the record and the tombstone (whose presence or
/// absence is what the resolution says), and each key record it lists.
pub fn did_resolution_keys<BlockNumber>(
	did: &DidId,
	resolution: &DidResolution<BlockNumber>,
) -> Vec<Vec<u8>> {
	let mut keys = alloc::vec![did_record(did), did_tombstone(did)];
	if let DidResolution::Active { keys: records, .. } = resolution {
		keys.extend(records.iter().map(|(key_id, _)| did_key(did, key_id)));
	}
	keys
}

/// `Consent::Grants[grantor][grantee][scope]`: one grant.
pub fn consent_grant(grantor: &DidId, grantee: &DidId, scope: &ConsentScope) -> Vec<u8> {
	let mut key = prefix(CONSENT_PALLET, "Grants");
	blake2_128_concat(&mut key, grantor);
	blake2_128_concat(&mut key, grantee);
	blake2_128_concat(&mut key, scope);
	key
}

/// `Consent::Contacts[owner][contact]`: an allow- or deny-list entry.
pub fn consent_contact(owner: &DidId, contact: &DidId) -> Vec<u8> {
	let mut key = prefix(CONSENT_PALLET, "Contacts");
	blake2_128_concat(&mut key, owner);
	blake2_128_concat(&mut key, contact);
	key
}

/// `Timestamp::Now`: the block's time, against which time expiries are checked.
pub fn timestamp_now() -> Vec<u8> {
	prefix("Timestamp", "Now")
}

/// Every key a consent check reads: the block's time, the grantor's contact entry for
/// the grantee (a deny overrides any grant) and each grant that could permit the scope.
pub fn consent_check_keys(grantor: &DidId, grantee: &DidId, scope: &ConsentScope) -> Vec<Vec<u8>> {
	let mut keys = alloc::vec![timestamp_now(), consent_contact(grantor, grantee)];
	keys.extend(scope.permitted_by().map(|s| consent_grant(grantor, grantee, &s)));
	keys
}

/// `Envelope::Commitments[id]`: one envelope commitment.
pub fn envelope_commitment(id: &EnvelopeId) -> Vec<u8> {
	let mut key = prefix(ENVELOPE_PALLET, "Commitments");
	blake2_128_concat(&mut key, id);
	key
}

/// `Envelope::Batches[id]`: one batch commitment, by its id
/// (`envelope::batch_id(committer, root)`).
pub fn envelope_batch(id: &BatchId) -> Vec<u8> {
	let mut key = prefix(ENVELOPE_PALLET, "Batches");
	blake2_128_concat(&mut key, id);
	key
}

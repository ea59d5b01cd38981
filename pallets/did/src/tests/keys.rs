use frame_support::{assert_noop, assert_ok};
use missive_primitives::did::{
	bounds::MAX_KEYS_PER_DID, DidEncryptionKey, DidLookup, DidPublicKey, KeyRelationship,
};

use crate::assert_refused;
use crate::{mock::*, Call, DidKeys, Dids, Error};

fn key_id(seed: u8) -> missive_primitives::did::KeyId {
	DidPublicKey::from(verification_key(&pair(seed))).id()
}

fn x25519_id(byte: u8) -> missive_primitives::did::KeyId {
	DidPublicKey::from(DidEncryptionKey::X25519([byte; 32])).id()
}

fn set_key(
	did: missive_primitives::did::DidId,
	relationship: KeyRelationship,
	seed: u8,
) -> Call<Test> {
	Call::set_verification_key { did, relationship, key: verification_key(&pair(seed)) }
}

#[test]
fn rotating_the_authentication_key_keeps_the_old_one_on_record() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		run_to_block(5);
		assert_ok!(as_did(did, &pair(1), ALICE, set_key(did, KeyRelationship::Authentication, 2)));

		let record = Dids::<Test>::get(did).unwrap();
		assert_eq!(record.document.authentication, key_id(2));
		assert_eq!((record.document.version, record.document.updated), (1, 5));
		let old = DidKeys::<Test>::get(did, key_id(1)).unwrap();
		assert_eq!((old.added, old.revoked), (1, Some(5)));

		// What the old key signed while valid still verifies; nothing after.
		let auth = KeyRelationship::Authentication;
		assert!(Did::key_valid_at(&did, &key_id(1), auth, 4));
		assert!(!Did::key_valid_at(&did, &key_id(1), auth, 5));
		assert!(!Did::key_valid_at(&did, &key_id(2), auth, 4));
		assert!(Did::key_valid_at(&did, &key_id(2), auth, 5));
		assert!(!Did::key_valid_at(&did, &key_id(2), KeyRelationship::AssertionMethod, 5));

		// Only the new key authorizes now.
		let call = Call::add_key_agreement_key { did, key: DidEncryptionKey::X25519([1; 32]) };
		assert_noop!(as_did(did, &pair(1), ALICE, call.clone()), Error::<Test>::InvalidSignature);
		assert_ok!(as_did(did, &pair(2), ALICE, call));
	});
}

#[test]
fn assertion_and_delegation_keys_are_set_and_rotated() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		assert_ok!(as_did(did, &pair(1), ALICE, set_key(did, KeyRelationship::AssertionMethod, 2)));
		assert_ok!(as_did(
			did,
			&pair(1),
			ALICE,
			set_key(did, KeyRelationship::CapabilityDelegation, 3)
		));
		assert_ok!(as_did(did, &pair(1), ALICE, set_key(did, KeyRelationship::AssertionMethod, 4)));
		let document = Dids::<Test>::get(did).unwrap().document;
		assert_eq!(document.assertion, Some(key_id(4)));
		assert_eq!(document.delegation, Some(key_id(3)));
		assert!(DidKeys::<Test>::get(did, key_id(2)).unwrap().revoked.is_some());
		assert_eq!(
			Did::verification_key(&did, KeyRelationship::AssertionMethod),
			Some(verification_key(&pair(4)))
		);
	});
}

#[test]
fn key_agreement_needs_x25519_and_signing_needs_signing_keys() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		assert_refused!(
			did,
			as_did(did, &pair(1), ALICE, set_key(did, KeyRelationship::KeyAgreement, 2)),
			Error::<Test>::WrongKeyType
		);
	});
}

#[test]
fn key_agreement_keys_are_bounded() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		for byte in 0..8u8 {
			let call =
				Call::add_key_agreement_key { did, key: DidEncryptionKey::X25519([byte; 32]) };
			assert_ok!(as_did(did, &pair(1), ALICE, call));
		}
		assert_eq!(Dids::<Test>::get(did).unwrap().document.key_agreement.len(), 8);
		let call = Call::add_key_agreement_key { did, key: DidEncryptionKey::X25519([9; 32]) };
		assert_refused!(
			did,
			as_did(did, &pair(1), ALICE, call),
			Error::<Test>::TooManyKeyAgreementKeys
		);
	});
}

#[test]
fn a_key_cannot_be_added_twice_even_after_rotation() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		assert_ok!(as_did(did, &pair(1), ALICE, set_key(did, KeyRelationship::Authentication, 2)));
		// pair(1) is rotated out; it cannot come back as any key.
		assert_refused!(
			did,
			as_did(did, &pair(2), ALICE, set_key(did, KeyRelationship::AssertionMethod, 1)),
			Error::<Test>::KeyAlreadyExists
		);
	});
}

#[test]
fn revoking_removes_a_key_from_the_document_but_keeps_its_record() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		let call = Call::add_key_agreement_key { did, key: DidEncryptionKey::X25519([1; 32]) };
		assert_ok!(as_did(did, &pair(1), ALICE, call));
		run_to_block(3);
		assert_ok!(as_did(did, &pair(1), ALICE, Call::revoke_key { did, key_id: x25519_id(1) }));

		let record = Dids::<Test>::get(did).unwrap();
		assert!(record.document.key_agreement.is_empty());
		assert_eq!(DidKeys::<Test>::get(did, x25519_id(1)).unwrap().revoked, Some(3));
		assert!(Did::key_valid_at(&did, &x25519_id(1), KeyRelationship::KeyAgreement, 2));
		assert!(!Did::key_valid_at(&did, &x25519_id(1), KeyRelationship::KeyAgreement, 3));

		assert_refused!(
			did,
			as_did(did, &pair(1), ALICE, Call::revoke_key { did, key_id: x25519_id(1) }),
			Error::<Test>::KeyAlreadyRevoked
		);
	});
}

#[test]
fn the_authentication_key_cannot_be_revoked() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		assert_refused!(
			did,
			as_did(did, &pair(1), ALICE, Call::revoke_key { did, key_id: key_id(1) }),
			Error::<Test>::CannotRevokeAuthenticationKey
		);
		assert_refused!(
			did,
			as_did(did, &pair(1), ALICE, Call::revoke_key { did, key_id: key_id(5) }),
			Error::<Test>::KeyNotFound
		);
	});
}

#[test]
fn purging_drops_only_revoked_keys_past_retention_and_releases_their_deposit() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		run_to_block(3);
		assert_ok!(as_did(did, &pair(1), ALICE, set_key(did, KeyRelationship::Authentication, 2)));
		assert_eq!(held(ALICE), BASE_DEPOSIT + 2 * KEY_DEPOSIT);
		assert_refused!(
			did,
			as_did(did, &pair(2), ALICE, Call::purge_key { did, key_id: key_id(2) }),
			Error::<Test>::KeyStillActive
		);
		// What key 1 signed while it was valid may still be retained: it must verify.
		run_to_block(3 + KEY_RETENTION - 1);
		assert_refused!(
			did,
			as_did(did, &pair(2), ALICE, Call::purge_key { did, key_id: key_id(1) }),
			Error::<Test>::KeyInRetention
		);
		assert!(Did::key_valid_at(&did, &key_id(1), KeyRelationship::Authentication, 2));

		run_to_block(3 + KEY_RETENTION);
		assert_ok!(as_did(did, &pair(2), ALICE, Call::purge_key { did, key_id: key_id(1) }));
		assert!(DidKeys::<Test>::get(did, key_id(1)).is_none());
		assert_eq!(Dids::<Test>::get(did).unwrap().key_count, 1);
		assert_eq!(held(ALICE), BASE_DEPOSIT + KEY_DEPOSIT);
		assert!(!Did::key_valid_at(&did, &key_id(1), KeyRelationship::Authentication, 2));
	});
}

#[test]
fn key_records_are_bounded() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		// One authentication key plus MAX - 1 assertion keys, each rotating the last out.
		for seed in 2..(MAX_KEYS_PER_DID as u8 + 1) {
			assert_ok!(as_did(
				did,
				&pair(1),
				ALICE,
				set_key(did, KeyRelationship::AssertionMethod, seed)
			));
		}
		assert_eq!(Dids::<Test>::get(did).unwrap().key_count, MAX_KEYS_PER_DID);
		assert_refused!(
			did,
			as_did(did, &pair(1), ALICE, set_key(did, KeyRelationship::AssertionMethod, 200)),
			Error::<Test>::TooManyKeys
		);
	});
}

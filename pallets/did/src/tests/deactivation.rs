use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use missive_primitives::did::{DidLookup, DidPublicKey, KeyRelationship};
use sp_runtime::DispatchError;

use crate::assert_refused;
use crate::{mock::*, Call, DidCount, Dids, Error, Event, RetainedKeys, Tombstones};

#[test]
fn deactivation_leaves_a_tombstone_burns_its_deposit_and_keeps_the_keys_deposit() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		assert_ok!(as_did(
			did,
			&pair(1),
			ALICE,
			Call::add_key_agreement_key {
				did,
				key: missive_primitives::did::DidEncryptionKey::X25519([1; 32])
			}
		));
		run_to_block(7);
		assert_eq!(held(ALICE), BASE_DEPOSIT + 2 * KEY_DEPOSIT);
		let (total_before, issuance_before) =
			(Balances::total_balance(&ALICE), Balances::total_issuance());
		assert_ok!(as_did(did, &pair(1), BOB, Call::deactivate { did }));
		// The tombstone stays for good and its deposit is gone; the two keys' deposit is
		// held while they are kept; the rest came back.
		assert_eq!(Balances::total_balance(&ALICE), total_before - TOMBSTONE_DEPOSIT);
		assert_eq!(held(ALICE), 2 * KEY_DEPOSIT);
		assert_eq!(Balances::total_issuance(), issuance_before - TOMBSTONE_DEPOSIT);

		assert!(Dids::<Test>::get(did).is_none());
		let tombstone = Tombstones::<Test>::get(did).unwrap();
		assert_eq!((tombstone.created, tombstone.deactivated, tombstone.version), (1, 7, 2));
		assert_eq!(DidCount::<Test>::get(), 0);
		assert!(!Did::is_active(&did));
		assert!(did_events().contains(&Event::DidDeactivated { did }));
	});
}

#[test]
fn a_deactivated_dids_keys_verify_what_they_signed_until_retention_is_over() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		run_to_block(7);
		assert_ok!(as_did(did, &pair(1), BOB, Call::deactivate { did }));
		// Every key was revoked at the deactivation and is kept.
		let keys = Did::key_records(&did);
		assert_eq!(keys.len(), 1);
		assert!(keys.iter().all(|(_, record)| record.revoked == Some(7)));
		let auth = DidPublicKey::from(verification_key(&pair(1))).id();
		assert!(Did::key_valid_at(&did, &auth, KeyRelationship::Authentication, 6));
		assert!(!Did::key_valid_at(&did, &auth, KeyRelationship::Authentication, 7));
		assert_eq!(RetainedKeys::<Test>::get(did).unwrap().reapable_from, 7 + KEY_RETENTION);

		// Nobody reaps them before; anyone after, and their deposit goes back to its owner.
		run_to_block(7 + KEY_RETENTION - 1);
		assert_noop!(
			Did::reap_retained_keys(RuntimeOrigin::signed(CHARLIE), did),
			Error::<Test>::KeyInRetention
		);
		run_to_block(7 + KEY_RETENTION);
		let free_before = Balances::free_balance(ALICE);
		assert_ok!(Did::reap_retained_keys(RuntimeOrigin::signed(CHARLIE), did));
		assert!(Did::key_records(&did).is_empty());
		assert!(!Did::key_valid_at(&did, &auth, KeyRelationship::Authentication, 6));
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), free_before + KEY_DEPOSIT);
		assert!(RetainedKeys::<Test>::get(did).is_none());
		assert!(did_events().contains(&Event::RetainedKeysReaped { did, keys: 1 }));
		assert!(Tombstones::<Test>::contains_key(did), "the tombstone stays");
		assert_noop!(
			Did::reap_retained_keys(RuntimeOrigin::signed(CHARLIE), did),
			Error::<Test>::NoRetainedKeys
		);
	});
}

#[test]
fn a_live_dids_keys_cannot_be_reaped() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		run_to_block(1 + KEY_RETENTION);
		assert_noop!(
			Did::reap_retained_keys(RuntimeOrigin::signed(CHARLIE), did),
			Error::<Test>::NoRetainedKeys
		);
		assert_noop!(Did::reap_retained_keys(RuntimeOrigin::none(), did), DispatchError::BadOrigin);
	});
}

#[test]
fn a_deactivated_did_can_never_be_created_again() {
	run(|| {
		let key = pair(1);
		let did = create_did(&key, ALICE);
		assert_ok!(as_did(did, &key, ALICE, Call::deactivate { did }));
		let details = creation(&key, BOB);
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(BOB), Box::new(details), signature),
			Error::<Test>::DidDeactivated
		);
	});
}

#[test]
fn a_deactivated_did_cannot_act() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		let other = create_did(&pair(2), BOB);
		assert_ok!(as_did(did, &pair(1), ALICE, Call::deactivate { did }));
		let call = crate::mock::authorized(did, ALICE, Call::deactivate { did }.into());
		let signature = sign_call(&pair(1), &call);
		assert_noop!(
			Did::submit_did_call(RuntimeOrigin::signed(ALICE), Box::new(call), signature),
			Error::<Test>::DidDeactivated
		);
		// Nor be named as a controller.
		assert_refused!(
			other,
			as_did(other, &pair(2), BOB, Call::add_controller { did: other, controller: did }),
			Error::<Test>::UnknownController
		);
	});
}

#[test]
fn deactivation_tells_the_pallets_that_withdraw_what_the_did_funds() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		let other = create_did(&pair(2), BOB);
		assert_ok!(as_did(did, &pair(1), ALICE, Call::deactivate { did }));
		assert_eq!(DEACTIVATED.with_borrow(Clone::clone), vec![did]);
		assert!(Did::is_active(&other));
	});
}

#[test]
fn a_deactivation_refused_by_another_pallet_changes_nothing() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		REFUSED_DEACTIVATION.with_borrow_mut(|refused| *refused = Some(did));
		// The event that reports the refusal carries `Other` without its text, which
		// SCALE does not encode.
		assert_refused!(
			did,
			as_did(did, &pair(1), ALICE, Call::deactivate { did }),
			DispatchError::Other("")
		);
		assert!(Did::is_active(&did));
		assert!(DEACTIVATED.with_borrow(Vec::is_empty));
	});
}

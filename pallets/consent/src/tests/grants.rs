//! Granting and revoking.

use frame_support::{assert_noop, assert_ok};
use missive_primitives::consent::{ConsentState, Expiry};
use sp_runtime::DispatchError;

use super::*;
use crate::{Error, Event, Grants};

#[test]
fn a_grant_is_stored_with_its_receipt_and_deposit() {
	run(|| {
		let expiry = Some(Expiry::AtBlock(50));
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, expiry, receipt(1)));
		let grant = Grants::<Test>::get((did(ALICE), did(BOB), MESSAGING)).unwrap();
		assert_eq!(grant.granted_at, 1);
		assert_eq!(grant.expiry, expiry);
		assert_eq!(grant.receipt_hash, receipt(1));
		assert_eq!((grant.deposit.owner, grant.deposit.amount), (ALICE, GRANT_DEPOSIT));
		assert_eq!(held(ALICE), GRANT_DEPOSIT);
		assert_eq!(
			Consent::consent_of(&did(ALICE), &did(BOB), &MESSAGING).0,
			ConsentState::Granted
		);
		assert_eq!(
			consent_events(),
			[Event::Granted {
				grantor: did(ALICE),
				grantee: did(BOB),
				scope: MESSAGING,
				expiry,
				receipt_hash: receipt(1),
			}]
		);
	})
}

#[test]
fn granting_again_renews_without_a_second_deposit() {
	run(|| {
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(1)));
		run_to_block(5);
		let expiry = Some(Expiry::AtTime(u64::MAX));
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, expiry, receipt(2)));
		let grant = Grants::<Test>::get((did(ALICE), did(BOB), MESSAGING)).unwrap();
		assert_eq!((grant.granted_at, grant.expiry, grant.receipt_hash), (5, expiry, receipt(2)));
		assert_eq!(held(ALICE), GRANT_DEPOSIT);
	})
}

#[test]
fn scopes_are_granted_separately() {
	run(|| {
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), conversation(1), None, receipt(1)));
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), DELIVERY, None, receipt(2)));
		assert_eq!(held(ALICE), 2 * GRANT_DEPOSIT);
		assert_eq!(Consent::grants_of(did(ALICE), None, 10).len(), 2);
	})
}

#[test]
fn bad_grants_are_refused_and_change_nothing() {
	run(|| {
		assert_noop!(
			Consent::grant(origin(ALICE), did(ALICE), MESSAGING, None, receipt(1)),
			Error::<Test>::SelfReference
		);
		assert_noop!(
			Consent::grant(origin(ALICE), did(DAVE), MESSAGING, None, receipt(1)),
			Error::<Test>::UnknownDid
		);
		assert_noop!(
			Consent::grant(
				origin(ALICE),
				did(BOB),
				MESSAGING,
				Some(Expiry::AtBlock(1)),
				receipt(1)
			),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			Consent::grant(
				origin(ALICE),
				did(BOB),
				MESSAGING,
				Some(Expiry::AtTime(1_000_000)),
				receipt(1)
			),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			Consent::grant(origin(POOR), did(BOB), MESSAGING, None, receipt(1)),
			Error::<Test>::InsufficientFunds
		);
		assert_noop!(
			Consent::grant(RuntimeOrigin::root(), did(BOB), MESSAGING, None, receipt(1)),
			DispatchError::BadOrigin
		);
	})
}

#[test]
fn a_denied_contact_cannot_be_granted_to() {
	run(|| {
		assert_ok!(Consent::deny(origin(ALICE), did(BOB)));
		assert_noop!(
			Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(1)),
			Error::<Test>::ContactIsDenied
		);
	})
}

#[test]
fn revoking_takes_effect_at_once_and_returns_the_deposit() {
	run(|| {
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(1)));
		assert_ok!(Consent::revoke(origin(ALICE), did(BOB), MESSAGING));
		assert_eq!(Consent::consent_of(&did(ALICE), &did(BOB), &MESSAGING).0, ConsentState::Absent);
		assert!(!Grants::<Test>::contains_key((did(ALICE), did(BOB), MESSAGING)));
		assert_eq!((held(ALICE), free(ALICE)), (0, ENDOWMENT));
		assert_eq!(
			consent_events().last(),
			Some(&Event::Revoked { grantor: did(ALICE), grantee: did(BOB), scope: MESSAGING })
		);
	})
}

/// The deposit rule (`missive_primitives::deposit`): a deposit that is no longer held in
/// full when its state goes is a defect, reported (a panic in debug builds), never
/// passed over in silence as this pallet once did.
#[test]
#[should_panic(expected = "a deposit to return was not held in full")]
fn a_deposit_short_of_what_was_held_is_reported() {
	run(|| {
		use frame_support::traits::{fungible::MutateHold, tokens::Precision};
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(1)));
		let reason = RuntimeHoldReason::Consent(crate::HoldReason::Grant);
		// Something other than the pallet takes part of the hold.
		assert_ok!(Balances::release(&reason, &ALICE, 1, Precision::Exact));
		let _ = Consent::revoke(origin(ALICE), did(BOB), MESSAGING);
	})
}

#[test]
fn only_the_grantor_revokes_and_only_what_exists() {
	run(|| {
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(1)));
		// Bob cannot revoke Alice's grant to him: he has none of his own.
		assert_noop!(
			Consent::revoke(origin(BOB), did(ALICE), MESSAGING),
			Error::<Test>::GrantNotFound
		);
		assert_noop!(
			Consent::revoke(origin(ALICE), did(BOB), DELIVERY),
			Error::<Test>::GrantNotFound
		);
	})
}

#[test]
fn grants_are_listed_in_pages() {
	run(|| {
		for account in [BOB, CHARLIE, POOR] {
			assert_ok!(Consent::grant(origin(ALICE), did(account), MESSAGING, None, receipt(1)));
			assert_ok!(Consent::grant(origin(ALICE), did(account), DELIVERY, None, receipt(2)));
		}
		assert_ok!(Consent::grant(origin(BOB), did(ALICE), MESSAGING, None, receipt(3)));
		let mut seen = Vec::new();
		let mut cursor = None;
		loop {
			let page = Consent::grants_of(did(ALICE), cursor, 4);
			assert!(page.len() <= 4);
			if page.is_empty() {
				break;
			}
			cursor = page.last().map(|(grantee, scope, _)| (*grantee, *scope));
			seen.extend(page.into_iter().map(|(grantee, scope, _)| (grantee, scope)));
		}
		seen.sort();
		let mut expected: Vec<_> = [BOB, CHARLIE, POOR]
			.into_iter()
			.flat_map(|a| [(did(a), MESSAGING), (did(a), DELIVERY)])
			.collect();
		expected.sort();
		assert_eq!(seen, expected);
	})
}

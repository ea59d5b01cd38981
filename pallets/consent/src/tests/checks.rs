//! What a consent check answers: scopes, expiry at its boundary, deny over grant.

use frame_support::assert_ok;
use missive_primitives::consent::{ConsentCheck, ConsentState, Expiry};

use super::*;
use crate::Pallet;

fn check(scope: missive_primitives::consent::ConsentScope) -> ConsentState {
	<Pallet<Test> as ConsentCheck>::consent(&did(ALICE), &did(BOB), &scope)
}

#[test]
fn nothing_granted_is_absent() {
	run(|| {
		assert_eq!(check(MESSAGING), ConsentState::Absent);
		assert!(!ConsentState::Absent.is_permitted());
	})
}

#[test]
fn messaging_covers_every_conversation_but_not_data() {
	run(|| {
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(1)));
		assert_eq!(check(conversation(7)), ConsentState::Granted);
		assert_eq!(check(DELIVERY), ConsentState::Absent);
		// The grant is one-way.
		assert_eq!(
			<Pallet<Test> as ConsentCheck>::consent(&did(BOB), &did(ALICE), &MESSAGING),
			ConsentState::Absent
		);
	})
}

#[test]
fn a_conversation_grant_covers_only_that_conversation() {
	run(|| {
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), conversation(1), None, receipt(1)));
		assert_eq!(check(conversation(1)), ConsentState::Granted);
		assert_eq!(check(conversation(2)), ConsentState::Absent);
		assert_eq!(check(MESSAGING), ConsentState::Absent);
	})
}

#[test]
fn a_block_expiry_ends_the_grant_exactly_at_its_block() {
	run(|| {
		let expiry = Some(Expiry::AtBlock(10));
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, expiry, receipt(1)));
		run_to_block(9);
		assert_eq!(check(MESSAGING), ConsentState::Granted);
		run_to_block(10);
		assert_eq!(check(MESSAGING), ConsentState::Expired);
		let (_, decided_by) = Consent::consent_of(&did(ALICE), &did(BOB), &MESSAGING);
		assert_eq!(
			decided_by.map(|(scope, grant)| (scope, grant.expiry)),
			Some((MESSAGING, expiry))
		);
	})
}

#[test]
fn a_time_expiry_ends_the_grant_exactly_at_its_millisecond() {
	run(|| {
		let at = pallet_timestamp::Now::<Test>::get() + 60_000;
		let expiry = Some(Expiry::AtTime(at));
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, expiry, receipt(1)));
		pallet_timestamp::Now::<Test>::put(at - 1);
		assert_eq!(check(MESSAGING), ConsentState::Granted);
		pallet_timestamp::Now::<Test>::put(at);
		assert_eq!(check(MESSAGING), ConsentState::Expired);
	})
}

#[test]
fn a_valid_broad_grant_wins_over_an_expired_narrow_one() {
	run(|| {
		let soon = Some(Expiry::AtBlock(3));
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), conversation(1), soon, receipt(1)));
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(2)));
		run_to_block(3);
		let (consent, decided_by) = Consent::consent_of(&did(ALICE), &did(BOB), &conversation(1));
		assert_eq!(consent, ConsentState::Granted);
		assert_eq!(decided_by.map(|(scope, _)| scope), Some(MESSAGING));
	})
}

#[test]
fn deny_overrides_any_grant_and_clearing_it_restores_the_grant() {
	run(|| {
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(1)));
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), DELIVERY, None, receipt(2)));
		assert_ok!(Consent::deny(origin(ALICE), did(BOB)));
		assert_eq!(check(MESSAGING), ConsentState::Denied);
		assert_eq!(check(DELIVERY), ConsentState::Denied);
		assert_ok!(Consent::clear_contact(origin(ALICE), did(BOB)));
		assert_eq!(check(MESSAGING), ConsentState::Granted);
	})
}

#[test]
fn the_allow_list_permits_messaging_only() {
	run(|| {
		assert_ok!(Consent::allow(origin(ALICE), did(BOB)));
		assert_eq!(check(MESSAGING), ConsentState::Allowed);
		assert_eq!(check(conversation(3)), ConsentState::Allowed);
		assert_eq!(check(DELIVERY), ConsentState::Absent);
		assert!(ConsentState::Allowed.is_permitted());
	})
}

#[test]
fn revoke_then_check_is_absent() {
	run(|| {
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), conversation(1), None, receipt(1)));
		assert_ok!(Consent::revoke(origin(ALICE), did(BOB), conversation(1)));
		assert_eq!(check(conversation(1)), ConsentState::Absent);
	})
}

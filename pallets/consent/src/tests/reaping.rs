//! Removing expired or orphaned state, by anyone, returning deposits to their payers.

use frame_support::{assert_noop, assert_ok};
use missive_primitives::{consent::Expiry, testing::MockDids};

use super::*;
use crate::{Error, Event, Grants, Requests};

#[test]
fn an_expired_grant_is_reaped_by_anyone() {
	run(|| {
		assert_ok!(Consent::grant(
			origin(ALICE),
			did(BOB),
			MESSAGING,
			Some(Expiry::AtBlock(10)),
			receipt(1)
		));
		run_to_block(9);
		assert_noop!(
			Consent::reap_grant(origin(DAVE), did(ALICE), did(BOB), MESSAGING),
			Error::<Test>::GrantStillValid
		);
		run_to_block(10);
		assert_ok!(Consent::reap_grant(origin(DAVE), did(ALICE), did(BOB), MESSAGING));
		assert!(!Grants::<Test>::contains_key((did(ALICE), did(BOB), MESSAGING)));
		assert_eq!((held(ALICE), free(ALICE)), (0, ENDOWMENT));
		assert_eq!(
			consent_events().last(),
			Some(&Event::GrantReaped { grantor: did(ALICE), grantee: did(BOB), scope: MESSAGING })
		);
	})
}

#[test]
fn a_grant_of_a_deactivated_did_is_reaped() {
	run(|| {
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(1)));
		assert_ok!(Consent::grant(origin(ALICE), did(CHARLIE), MESSAGING, None, receipt(1)));
		MockDids::deactivate(&did(ALICE));
		assert_ok!(Consent::reap_grant(origin(DAVE), did(ALICE), did(BOB), MESSAGING));
		MockDids::activate(did(ALICE));
		MockDids::deactivate(&did(CHARLIE));
		assert_ok!(Consent::reap_grant(origin(DAVE), did(ALICE), did(CHARLIE), MESSAGING));
		assert_eq!(held(ALICE), 0);
	})
}

#[test]
fn reaping_what_does_not_exist_fails() {
	run(|| {
		assert_noop!(
			Consent::reap_grant(origin(DAVE), did(ALICE), did(BOB), MESSAGING),
			Error::<Test>::GrantNotFound
		);
		assert_noop!(
			Consent::reap_request(origin(DAVE), did(ALICE), did(BOB)),
			Error::<Test>::RequestNotFound
		);
	})
}

#[test]
fn an_expired_request_is_reaped_and_its_deposit_returned() {
	run(|| {
		assert_ok!(Consent::request(origin(BOB), did(ALICE), MESSAGING, receipt(9)));
		run_to_block(REQUEST_LIFETIME);
		assert_noop!(
			Consent::reap_request(origin(DAVE), did(ALICE), did(BOB)),
			Error::<Test>::RequestNotExpired
		);
		run_to_block(1 + REQUEST_LIFETIME);
		assert_ok!(Consent::reap_request(origin(DAVE), did(ALICE), did(BOB)));
		assert!(!Requests::<Test>::contains_key(did(ALICE), did(BOB)));
		assert_eq!((held(BOB), free(BOB)), (0, ENDOWMENT));
		assert_eq!(
			consent_events().last(),
			Some(&Event::RequestReaped { recipient: did(ALICE), requester: did(BOB) })
		);
	})
}

#[test]
fn list_entries_of_a_deactivated_owner_or_contact_are_reaped() {
	run(|| {
		assert_ok!(Consent::deny(origin(ALICE), did(BOB)));
		assert_ok!(Consent::allow(origin(ALICE), did(CHARLIE)));
		assert_noop!(
			Consent::reap_contact(origin(DAVE), did(ALICE), did(BOB)),
			Error::<Test>::ContactStillLive
		);
		// Alice is deactivated: she can never clear her lists herself.
		MockDids::deactivate(&did(ALICE));
		assert_ok!(Consent::reap_contact(origin(DAVE), did(ALICE), did(BOB)));
		MockDids::activate(did(ALICE));
		// Charlie is deactivated: Alice's entry about him is dead weight.
		MockDids::deactivate(&did(CHARLIE));
		assert_ok!(Consent::reap_contact(origin(DAVE), did(ALICE), did(CHARLIE)));
		assert_eq!((held(ALICE), free(ALICE)), (0, ENDOWMENT));
		assert_eq!(
			consent_events().last(),
			Some(&Event::ContactReaped { owner: did(ALICE), contact: did(CHARLIE) })
		);
		assert_noop!(
			Consent::reap_contact(origin(DAVE), did(ALICE), did(CHARLIE)),
			Error::<Test>::ContactNotFound
		);
	})
}

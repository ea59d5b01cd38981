//! Requests: filing, accepting, rejecting, cancelling, expiry.

use frame_support::{assert_noop, assert_ok};
use missive_primitives::consent::{ConsentState, Expiry};

use super::*;
use crate::{Error, Event, Grants, Requests};

fn note() -> sp_core::H256 {
	receipt(9)
}

/// Bob asks Alice for `scope`.
fn bob_requests(scope: missive_primitives::consent::ConsentScope) {
	assert_ok!(Consent::request(origin(BOB), did(ALICE), scope, note()));
}

#[test]
fn a_request_holds_its_deposit_until_it_expires() {
	run(|| {
		bob_requests(MESSAGING);
		let request = Requests::<Test>::get(did(ALICE), did(BOB)).unwrap();
		assert_eq!(request.scope, MESSAGING);
		assert_eq!(request.note_hash, note());
		assert_eq!((request.filed_at, request.expires_at), (1, 1 + REQUEST_LIFETIME));
		assert_eq!(held(BOB), REQUEST_DEPOSIT);
		assert_eq!(
			consent_events(),
			[Event::Requested {
				recipient: did(ALICE),
				requester: did(BOB),
				scope: MESSAGING,
				note_hash: note(),
				expires_at: 1 + REQUEST_LIFETIME,
			}]
		);
	})
}

#[test]
fn accepting_grants_the_scope_and_returns_the_deposit() {
	run(|| {
		bob_requests(conversation(4));
		let expiry = Some(Expiry::AtBlock(100));
		assert_ok!(Consent::accept(origin(ALICE), did(BOB), expiry, receipt(1)));
		assert!(!Requests::<Test>::contains_key(did(ALICE), did(BOB)));
		let grant = Grants::<Test>::get((did(ALICE), did(BOB), conversation(4))).unwrap();
		assert_eq!((grant.expiry, grant.receipt_hash), (expiry, receipt(1)));
		assert_eq!((held(BOB), free(BOB)), (0, ENDOWMENT));
		// The recipient pays for the grant it made.
		assert_eq!(held(ALICE), GRANT_DEPOSIT);
		assert_eq!(
			Consent::consent_of(&did(ALICE), &did(BOB), &conversation(4)).0,
			ConsentState::Granted
		);
		assert!(consent_events().contains(&Event::RequestAccepted {
			recipient: did(ALICE),
			requester: did(BOB),
			scope: conversation(4),
		}));
	})
}

#[test]
fn rejecting_as_spam_burns_the_deposit() {
	run(|| {
		bob_requests(MESSAGING);
		let issuance = pallet_balances::TotalIssuance::<Test>::get();
		assert_ok!(Consent::reject(origin(ALICE), did(BOB), true));
		assert_eq!((held(BOB), free(BOB)), (0, ENDOWMENT - REQUEST_DEPOSIT));
		assert_eq!(pallet_balances::TotalIssuance::<Test>::get(), issuance - REQUEST_DEPOSIT);
		assert!(!Requests::<Test>::contains_key(did(ALICE), did(BOB)));
		assert_eq!(
			consent_events().last(),
			Some(&Event::RequestRejected {
				recipient: did(ALICE),
				requester: did(BOB),
				burned: REQUEST_DEPOSIT,
			})
		);
	})
}

#[test]
fn rejecting_politely_returns_the_deposit() {
	run(|| {
		bob_requests(MESSAGING);
		assert_ok!(Consent::reject(origin(ALICE), did(BOB), false));
		assert_eq!((held(BOB), free(BOB)), (0, ENDOWMENT));
		assert_eq!(Consent::consent_of(&did(ALICE), &did(BOB), &MESSAGING).0, ConsentState::Absent);
	})
}

#[test]
fn the_requester_may_cancel_and_get_its_deposit_back() {
	run(|| {
		bob_requests(MESSAGING);
		assert_noop!(
			Consent::cancel_request(origin(CHARLIE), did(ALICE)),
			Error::<Test>::RequestNotFound
		);
		assert_ok!(Consent::cancel_request(origin(BOB), did(ALICE)));
		assert_eq!((held(BOB), free(BOB)), (0, ENDOWMENT));
	})
}

#[test]
fn a_request_can_be_accepted_in_its_last_block() {
	run(|| {
		bob_requests(MESSAGING);
		run_to_block(REQUEST_LIFETIME);
		assert_ok!(Consent::accept(origin(ALICE), did(BOB), None, receipt(1)));
	})
}

#[test]
fn a_request_cannot_be_accepted_from_its_expiry_block_on() {
	run(|| {
		bob_requests(MESSAGING);
		run_to_block(1 + REQUEST_LIFETIME);
		assert_noop!(
			Consent::accept(origin(ALICE), did(BOB), None, receipt(1)),
			Error::<Test>::RequestExpired
		);
	})
}

#[test]
fn an_expired_request_may_be_filed_again() {
	run(|| {
		bob_requests(MESSAGING);
		assert_noop!(
			Consent::request(origin(BOB), did(ALICE), DELIVERY, note()),
			Error::<Test>::RequestPending
		);
		run_to_block(1 + REQUEST_LIFETIME);
		assert_ok!(Consent::request(origin(BOB), did(ALICE), DELIVERY, note()));
		assert_eq!(Requests::<Test>::get(did(ALICE), did(BOB)).unwrap().scope, DELIVERY);
		// One deposit: the expired request's was returned.
		assert_eq!(held(BOB), REQUEST_DEPOSIT);
	})
}

#[test]
fn bad_requests_are_refused_and_change_nothing() {
	run(|| {
		assert_noop!(
			Consent::request(origin(BOB), did(BOB), MESSAGING, note()),
			Error::<Test>::SelfReference
		);
		assert_noop!(
			Consent::request(origin(BOB), did(DAVE), MESSAGING, note()),
			Error::<Test>::UnknownDid
		);
		assert_noop!(
			Consent::request(origin(POOR), did(ALICE), MESSAGING, note()),
			Error::<Test>::InsufficientFunds
		);
		assert_ok!(Consent::grant(origin(ALICE), did(BOB), MESSAGING, None, receipt(1)));
		assert_noop!(
			Consent::request(origin(BOB), did(ALICE), conversation(2), note()),
			Error::<Test>::AlreadyGranted
		);
		assert_ok!(Consent::deny(origin(ALICE), did(CHARLIE)));
		assert_noop!(
			Consent::request(origin(CHARLIE), did(ALICE), MESSAGING, note()),
			Error::<Test>::RequesterDenied
		);
	})
}

#[test]
fn only_pending_requests_can_be_answered() {
	run(|| {
		assert_noop!(
			Consent::accept(origin(ALICE), did(BOB), None, receipt(1)),
			Error::<Test>::RequestNotFound
		);
		assert_noop!(
			Consent::reject(origin(ALICE), did(BOB), true),
			Error::<Test>::RequestNotFound
		);
		bob_requests(MESSAGING);
		// Bob cannot accept his own request.
		assert_noop!(
			Consent::accept(origin(BOB), did(ALICE), None, receipt(1)),
			Error::<Test>::RequestNotFound
		);
	})
}

#[test]
fn accepting_with_a_past_expiry_keeps_the_request() {
	run(|| {
		bob_requests(MESSAGING);
		run_to_block(5);
		assert_noop!(
			Consent::accept(origin(ALICE), did(BOB), Some(Expiry::AtBlock(5)), receipt(1)),
			Error::<Test>::ExpiryInPast
		);
	})
}

#[test]
fn a_requester_denied_after_filing_cannot_be_accepted() {
	run(|| {
		bob_requests(MESSAGING);
		assert_ok!(Consent::deny(origin(ALICE), did(BOB)));
		assert_noop!(
			Consent::accept(origin(ALICE), did(BOB), None, receipt(1)),
			Error::<Test>::ContactIsDenied
		);
		// It can still be rejected, as spam.
		assert_ok!(Consent::reject(origin(ALICE), did(BOB), true));
	})
}

#[test]
fn an_expired_request_cannot_be_rejected_or_its_deposit_burned() {
	run(|| {
		bob_requests(MESSAGING);
		run_to_block(1 + REQUEST_LIFETIME);
		assert_noop!(Consent::reject(origin(ALICE), did(BOB), true), Error::<Test>::RequestExpired);
		// The requester's deposit is reaped back instead.
		assert_ok!(Consent::reap_request(origin(DAVE), did(ALICE), did(BOB)));
		assert_eq!((held(BOB), free(BOB)), (0, ENDOWMENT));
	})
}

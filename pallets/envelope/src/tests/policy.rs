//! What the policy decides: each violation refuses the envelope with the error of the
//! same name, and retention comes from the policy.

use frame_support::{assert_noop, assert_ok};
use missive_primitives::policy::Violation;
use sp_runtime::DispatchError;

use super::*;
use crate::{mock::PolicyQuery, Error, HoldReason};

const VIOLATIONS: [(Violation, Error<Test>); 9] = [
	(Violation::SenderNotActive, Error::SenderNotActive),
	(Violation::RecipientNotActive, Error::RecipientNotActive),
	(Violation::InboxClosed, Error::InboxClosed),
	(Violation::SenderDenied, Error::SenderDenied),
	(Violation::ConsentRequired, Error::ConsentRequired),
	(Violation::PayloadTooLarge, Error::PayloadTooLarge),
	(Violation::SenderRateLimited, Error::SenderRateLimited),
	(Violation::PairRateLimited, Error::PairRateLimited),
	(Violation::TooManyRecipients, Error::TooManyRecipients),
];

#[test]
fn each_violation_refuses_with_the_error_of_the_same_name() {
	run(|| {
		for (n, (violation, error)) in VIOLATIONS.into_iter().enumerate() {
			let error: DispatchError = error.into();
			TestPolicy::refuse(Some(violation));
			assert_noop!(commit(ALICE, signed(ALICE, to(BOB), n as u8)), error);
			assert_noop!(commit(ALICE, signed(ALICE, blinded(1), n as u8)), error);
		}
		assert!(TestPolicy::sent().is_empty());
		assert_eq!(held(HoldReason::Commitment, ALICE), 0);
	});
}

#[test]
fn the_policy_is_asked_about_the_envelope_and_told_it_was_sent() {
	run(|| {
		run_to_block(4);
		let signed = signed(ALICE, to(BOB), 1);
		assert_ok!(commit(ALICE, signed.clone()));
		assert_eq!(
			TestPolicy::checks(),
			vec![PolicyQuery {
				sender: did(ALICE),
				to: to(BOB),
				conversation: Some(signed.envelope.conversation),
				size: signed.envelope.size,
				now: 4,
			}]
		);
		assert_eq!(TestPolicy::sent(), vec![(did(ALICE), to(BOB), 4)]);
	});
}

#[test]
fn an_oversized_payload_is_refused() {
	run(|| {
		TestPolicy::refuse(Some(Violation::PayloadTooLarge));
		let mut large = envelope(ALICE, to(BOB), 1);
		large.size = u32::MAX;
		assert_noop!(commit(ALICE, sign_with(&pair(ALICE), large)), Error::<Test>::PayloadTooLarge);
		assert_eq!(TestPolicy::checks()[0].size, u32::MAX);
	});
}

#[test]
fn an_envelope_without_consent_is_refused() {
	run(|| {
		TestPolicy::refuse(Some(Violation::ConsentRequired));
		assert_noop!(commit(ALICE, signed(ALICE, to(BOB), 1)), Error::<Test>::ConsentRequired);
	});
}

#[test]
fn once_consent_is_revoked_the_next_envelope_is_refused_and_earlier_ones_stay() {
	run(|| {
		let earlier = send(ALICE, to(BOB), 1);
		// Bob revokes: the policy now requires consent Alice no longer has.
		TestPolicy::refuse(Some(Violation::ConsentRequired));
		assert_noop!(commit(ALICE, signed(ALICE, to(BOB), 2)), Error::<Test>::ConsentRequired);
		assert!(Envelopes::envelope(earlier).is_some());
		assert_eq!(TestPolicy::sent().len(), 1);
	});
}

#[test]
fn a_rate_limited_sender_is_refused_until_the_policy_allows_again() {
	run(|| {
		send(ALICE, to(BOB), 1);
		TestPolicy::refuse(Some(Violation::SenderRateLimited));
		assert_noop!(
			commit(ALICE, signed(ALICE, to(CHARLIE), 2)),
			Error::<Test>::SenderRateLimited
		);
		TestPolicy::refuse(None);
		send(ALICE, to(CHARLIE), 2);
		assert_eq!(TestPolicy::sent().len(), 2);
	});
}

#[test]
fn retention_is_the_policys_for_the_destination() {
	run(|| {
		TestPolicy::set_retention(to(BOB), 50);
		TestPolicy::set_retention(blinded(9), 3);
		let to_bob = send(ALICE, to(BOB), 1);
		let to_charlie = send(ALICE, to(CHARLIE), 2);
		let hidden = send(ALICE, blinded(9), 3);
		assert_eq!(Envelopes::envelope(to_bob).unwrap().expires_at, 1 + 50);
		assert_eq!(Envelopes::envelope(to_charlie).unwrap().expires_at, 1 + RETENTION);
		assert_eq!(Envelopes::envelope(hidden).unwrap().expires_at, 1 + 3);
	});
}

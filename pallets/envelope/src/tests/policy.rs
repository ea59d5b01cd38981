//! How the pallet uses the policy: it asks about each envelope and is told of each sent,
//! each violation refuses the envelope with the error of the same name (leaving nothing
//! behind and counting nothing), and retention comes from the policy. What the real
//! policy decides (inbox policies, consent, deny lists, rate limits) is tested in
//! `pallet-policy` and, through a node, in `node/tests/process/messaging.rs`.

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
				messages: 1,
				now: 4,
			}]
		);
		assert_eq!(TestPolicy::sent(), vec![(did(ALICE), to(BOB), 1, 4)]);
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

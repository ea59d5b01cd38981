//! Committing an envelope without a DID call (`commit_signed`): the account funding
//! the sender DID submits it, and the envelope's signature authorizes it.

use frame_support::{assert_noop, assert_ok};

use super::*;
use crate::{Commitments, Error, HoldReason, Inbox};

fn commit_signed(account: AccountId, signed: SignedEnvelope) -> DispatchResult {
	Envelopes::commit_signed(origin(account), signed)
}

#[test]
fn the_funder_commits_its_dids_envelope_as_commit_would() {
	run(|| {
		let signed = signed(ALICE, to(BOB), 1);
		let id = signed.envelope.id();
		assert_ok!(commit_signed(ALICE, signed.clone()));
		let key = commit_event_key(id);
		let commitment = Envelopes::envelope(id).expect("committed");
		assert_eq!(
			(commitment.envelope, commitment.signature),
			(signed.envelope, signed.signature)
		);
		assert_eq!(commitment.inbox_key, Some(key));
		assert_eq!(Inbox::<Test>::get(did(BOB), key), Some(id));
		assert_eq!(commitment.deposit.owner, ALICE);
		assert_eq!(held(HoldReason::Commitment, ALICE), COMMITMENT_DEPOSIT);
		assert_eq!(TestPolicy::sent(), vec![(did(ALICE), to(BOB), 1, 1)]);
	});
}

#[test]
fn another_account_cannot_commit_a_dids_envelope_without_a_did_call() {
	run(|| {
		// Alice's envelope, validly signed by Alice, submitted by Bob.
		assert_noop!(commit_signed(BOB, signed(ALICE, to(CHARLIE), 1)), Error::<Test>::NotFunder);
		assert_eq!(Commitments::<Test>::iter().count(), 0);
	});
}

#[test]
fn a_sender_that_is_not_live_is_named_so() {
	run(|| {
		let signed = signed(ALICE, to(BOB), 1);
		TestDids::deactivate(&did(ALICE));
		assert_noop!(commit_signed(ALICE, signed), Error::<Test>::SenderNotActive);
	});
}

#[test]
fn the_envelopes_signature_is_checked() {
	run(|| {
		// Signed by Bob's key, for Alice's DID.
		let forged = sign_with(&pair(BOB), envelope(ALICE, to(CHARLIE), 1));
		assert_noop!(commit_signed(ALICE, forged), Error::<Test>::InvalidSignature);
		// A signed envelope changed after signing.
		let mut tampered = signed(ALICE, to(CHARLIE), 2);
		tampered.envelope.size += 1;
		assert_noop!(commit_signed(ALICE, tampered), Error::<Test>::InvalidSignature);
	});
}

#[test]
fn a_replay_through_either_call_is_refused() {
	run(|| {
		let signed = signed(ALICE, to(BOB), 1);
		assert_ok!(commit_signed(ALICE, signed.clone()));
		assert_noop!(commit_signed(ALICE, signed.clone()), Error::<Test>::DuplicateEnvelope);
		assert_noop!(commit(ALICE, signed), Error::<Test>::DuplicateEnvelope);
		assert_eq!(TestPolicy::sent().len(), 1);
	});
}

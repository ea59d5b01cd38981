//! Committing one signed envelope: what is stored, and every check before it.

use frame_support::{assert_noop, assert_ok};
use missive_primitives::{
	did::{DidPublicKey, DidSignature, DidVerificationKey},
	envelope::{inbox_key_block, Carrier, Commitment},
	policy::Violation,
	Deposit,
};
use sp_core::{ed25519, sr25519, Pair};

use super::*;
use crate::{Commitments, Error, Event, HoldReason, Inbox};

#[test]
fn a_signed_envelope_is_committed_with_its_inbox_entry_expiry_and_deposit() {
	run(|| {
		run_to_block(3);
		let signed = signed(ALICE, to(BOB), 1);
		let id = signed.envelope.id();
		assert_ok!(commit(ALICE, signed.clone()));
		let key = commit_event_key(id);
		assert_eq!(inbox_key_block(&key), 3);

		let expires_at = 3 + RETENTION;
		assert_eq!(
			Envelopes::envelope(id),
			Some(Commitment {
				envelope: signed.envelope.clone(),
				signature: signed.signature,
				signer: DidPublicKey::from(public(&pair(ALICE))).id(),
				committed_at: 3,
				expires_at,
				inbox_key: Some(key),
				receipt: None,
				deposit: Deposit { owner: ALICE, amount: COMMITMENT_DEPOSIT },
			})
		);
		assert_eq!(Inbox::<Test>::get(did(BOB), key), Some(id));
		assert_eq!(held(HoldReason::Commitment, ALICE), COMMITMENT_DEPOSIT);
		assert_eq!(free(ALICE), ENDOWMENT - COMMITMENT_DEPOSIT);
		assert_eq!(TestPolicy::sent(), vec![(did(ALICE), to(BOB), 1, 3)]);
		assert_eq!(
			envelope_events().last(),
			Some(&Event::EnvelopeCommitted {
				id,
				sender: did(ALICE),
				destination: to(BOB),
				conversation: signed.envelope.conversation,
				content_hash: signed.envelope.content_hash,
				size: signed.envelope.size,
				expires_at,
			})
		);
	});
}

#[test]
fn inbox_keys_name_their_commit_events_in_commitment_order() {
	run(|| {
		let (first_key, first) = send_keyed(ALICE, to(BOB), 1);
		// A blinded commitment takes no inbox key.
		let hidden = send(ALICE, blinded(7), 2);
		let (second_key, second) = send_keyed(CHARLIE, to(ALICE), 3);
		assert_eq!(Envelopes::envelope(first).unwrap().inbox_key, Some(first_key));
		assert_eq!(Envelopes::envelope(hidden).unwrap().inbox_key, None);
		assert_eq!(Envelopes::envelope(second).unwrap().inbox_key, Some(second_key));
		assert!(first_key < second_key);
		assert_eq!(inbox_key_block(&second_key), 1);

		run_to_block(2);
		let (third_key, third) = send_keyed(ALICE, to(BOB), 4);
		assert_eq!(Envelopes::envelope(third).unwrap().inbox_key, Some(third_key));
		assert_eq!(inbox_key_block(&third_key), 2);
		assert!(second_key < third_key);
	});
}

#[test]
fn a_blinded_envelope_is_committed_without_inbox_entry() {
	run(|| {
		let id = send(ALICE, blinded(7), 1);
		let commitment = Envelopes::envelope(id).expect("committed");
		assert_eq!(commitment.envelope.destination, blinded(7));
		assert_eq!(Inbox::<Test>::iter().count(), 0);
		assert_eq!(held(HoldReason::Commitment, ALICE), COMMITMENT_DEPOSIT);
	});
}

#[test]
fn the_submitter_pays_the_deposit_whoever_the_recipient() {
	run(|| {
		send(ALICE, to(BOB), 1);
		send(ALICE, to(ALICE), 2);
		assert_eq!(held(HoldReason::Commitment, ALICE), 2 * COMMITMENT_DEPOSIT);
		assert_eq!(held(HoldReason::Commitment, BOB), 0);
	});
}

#[test]
fn only_the_sender_may_commit_its_envelope() {
	run(|| {
		// Bob's envelope, validly signed by Bob, submitted by Alice.
		assert_noop!(commit(ALICE, signed(BOB, to(CHARLIE), 1)), Error::<Test>::NotSender);
		// The origin is checked first.
		let mut empty = envelope(BOB, to(CHARLIE), 2);
		empty.size = 0;
		assert_noop!(commit(ALICE, sign_with(&pair(BOB), empty)), Error::<Test>::NotSender);
	});
}

#[test]
fn an_empty_payload_is_refused() {
	run(|| {
		let mut empty = envelope(ALICE, to(BOB), 1);
		empty.size = 0;
		assert_noop!(commit(ALICE, sign_with(&pair(ALICE), empty)), Error::<Test>::EmptyPayload);
	});
}

#[test]
fn the_same_signed_envelope_twice_is_a_replay() {
	run(|| {
		let signed = signed(ALICE, to(BOB), 1);
		assert_ok!(commit(ALICE, signed.clone()));
		assert_noop!(commit(ALICE, signed.clone()), Error::<Test>::DuplicateEnvelope);
		// In a later block too, and with another signature over the same envelope.
		run_to_block(2);
		assert_noop!(commit(ALICE, signed.clone()), Error::<Test>::DuplicateEnvelope);
		let resigned = sign_with(&pair(BOB), signed.envelope);
		assert_noop!(commit(ALICE, resigned), Error::<Test>::DuplicateEnvelope);
		// Counted and paid once.
		assert_eq!(TestPolicy::sent().len(), 1);
		assert_eq!(held(HoldReason::Commitment, ALICE), COMMITMENT_DEPOSIT);
	});
}

#[test]
fn a_sender_without_assertion_key_cannot_sign() {
	run(|| {
		let unsigned = sign_with(&pair(DAVE), envelope(DAVE, to(BOB), 1));
		assert_noop!(commit(DAVE, unsigned), Error::<Test>::NoAssertionKey);
	});
}

#[test]
fn an_unknown_or_deactivated_sender_is_not_active() {
	run(|| {
		// Eve is no DID: no key, and the reason is that she is not active.
		assert_noop!(
			commit(EVE, sign_with(&pair(EVE), envelope(EVE, to(BOB), 1))),
			Error::<Test>::SenderNotActive
		);
		TestDids::deactivate(&did(ALICE));
		assert_noop!(commit(ALICE, signed(ALICE, to(BOB), 2)), Error::<Test>::SenderNotActive);
		// A sender the registry still has a key for but the policy finds inactive.
		TestDids::register(did(ALICE), Some(public(&pair(ALICE))));
		TestPolicy::refuse(Some(Violation::SenderNotActive));
		assert_noop!(commit(ALICE, signed(ALICE, to(BOB), 3)), Error::<Test>::SenderNotActive);
		assert!(TestPolicy::sent().is_empty());
	});
}

#[test]
fn a_signature_by_another_key_is_invalid() {
	run(|| {
		// Bob's key, over Alice's envelope.
		let forged = sign_with(&pair(BOB), envelope(ALICE, to(BOB), 1));
		assert_noop!(commit(ALICE, forged), Error::<Test>::InvalidSignature);
		// Another scheme: an ed25519 signature where Alice's key is sr25519.
		let envelope = envelope(ALICE, to(BOB), 2);
		let payload = envelope.signing_payload(&Carrier::Alone, &Envelopes::genesis_hash());
		let ed = ed25519::Pair::from_seed(&[ALICE as u8; 32]);
		let other_scheme =
			SignedEnvelope { envelope, signature: DidSignature::Ed25519(ed.sign(&payload)) };
		assert_noop!(commit(ALICE, other_scheme), Error::<Test>::InvalidSignature);
	});
}

#[test]
fn a_signature_by_a_rotated_out_key_is_invalid() {
	run(|| {
		let before_rotation = signed(ALICE, to(BOB), 1);
		let new_pair = sr25519::Pair::from_seed(&[0xaa; 32]);
		TestDids::rotate(did(ALICE), public(&new_pair));
		assert_noop!(commit(ALICE, before_rotation), Error::<Test>::InvalidSignature);

		let signed = sign_with(&new_pair, envelope(ALICE, to(BOB), 1));
		let id = signed.envelope.id();
		assert_ok!(commit(ALICE, signed));
		// The commitment names the key that signed it.
		let key: DidVerificationKey = public(&new_pair);
		assert_eq!(Commitments::<Test>::get(id).unwrap().signer, DidPublicKey::from(key).id());
	});
}

#[test]
fn a_signature_for_another_chain_or_another_envelope_is_invalid() {
	run(|| {
		let envelope = envelope(ALICE, to(BOB), 1);
		assert_ne!(Envelopes::genesis_hash(), H256::zero());
		let payload = envelope.signing_payload(&Carrier::Alone, &H256::zero());
		let other_chain = SignedEnvelope {
			envelope: envelope.clone(),
			signature: DidSignature::Sr25519(pair(ALICE).sign(&payload)),
		};
		assert_noop!(commit(ALICE, other_chain), Error::<Test>::InvalidSignature);

		// A signature over the envelope does not cover a changed size.
		let mut tampered = sign_with(&pair(ALICE), envelope);
		tampered.envelope.size += 1;
		assert_noop!(commit(ALICE, tampered), Error::<Test>::InvalidSignature);
	});
}

#[test]
fn a_submitter_that_cannot_pay_the_deposit_commits_nothing() {
	run(|| {
		assert_noop!(commit(POOR, signed(POOR, to(BOB), 1)), Error::<Test>::InsufficientFunds);
		// Nothing counted against the sender's limits.
		assert!(TestPolicy::sent().is_empty());
		assert_eq!(free(POOR), POOR_BALANCE);
	});
}

/// Each pair of checks whose order can show: a submission failing both gets the first's
/// error. (`EmptyPayload` and `DuplicateEnvelope` cannot both fail: an empty envelope is
/// never committed.)
#[test]
fn the_checks_come_in_order() {
	run(|| {
		let no_signature = DidSignature::Sr25519(sr25519::Signature::from_raw([0; 64]));
		// The origin before the payload and before the replay check.
		let mut empty = signed(BOB, to(CHARLIE), 1);
		empty.envelope.size = 0;
		assert_noop!(commit(ALICE, empty), Error::<Test>::NotSender);
		let first = signed(ALICE, to(BOB), 2);
		assert_ok!(commit(ALICE, first.clone()));
		assert_noop!(commit(BOB, first.clone()), Error::<Test>::NotSender);

		// The payload before the signature: an empty envelope, badly signed, or from a
		// sender without an assertion key.
		let mut empty = envelope(ALICE, to(BOB), 3);
		empty.size = 0;
		let badly_signed = SignedEnvelope { envelope: empty, signature: no_signature.clone() };
		assert_noop!(commit(ALICE, badly_signed), Error::<Test>::EmptyPayload);
		let mut keyless = signed(DAVE, to(BOB), 3);
		keyless.envelope.size = 0;
		assert_noop!(commit(DAVE, keyless), Error::<Test>::EmptyPayload);

		// The replay check before the signature: the committed envelope, its signature no
		// longer valid since Alice rotated her key, or replaced by a bad one, is a replay.
		TestDids::rotate(did(ALICE), public(&sr25519::Pair::from_seed(&[0xaa; 32])));
		assert_noop!(commit(ALICE, first.clone()), Error::<Test>::DuplicateEnvelope);
		let mut bad = first;
		bad.signature = no_signature;
		assert_noop!(commit(ALICE, bad), Error::<Test>::DuplicateEnvelope);

		// The signature before the policy: the policy is not even asked.
		let checks = TestPolicy::checks().len();
		TestPolicy::refuse(Some(Violation::InboxClosed));
		let forged = sign_with(&pair(BOB), envelope(ALICE, to(BOB), 4));
		assert_noop!(commit(ALICE, forged), Error::<Test>::InvalidSignature);
		assert_eq!(TestPolicy::checks().len(), checks);
		// The policy before the deposit.
		assert_noop!(commit(POOR, signed(POOR, to(BOB), 5)), Error::<Test>::InboxClosed);
	});
}

#[test]
fn commitments_and_batches_are_stored_where_clients_prove_them() {
	run(|| {
		use missive_primitives::{
			envelope::batch_id,
			storage_keys::{envelope_batch, envelope_commitment},
		};
		let id = send(ALICE, to(BOB), 1);
		let root = H256::repeat_byte(0xba);
		assert_ok!(Envelopes::commit_batch(origin(ALICE), root, 2, Default::default()));
		let batch = batch_id(&did(ALICE), &root);
		// The same item name and key hashing; only the pallet's name differs in the mock
		// (the first 16 bytes).
		assert_eq!(Commitments::<Test>::hashed_key_for(id)[16..], envelope_commitment(&id)[16..]);
		assert_eq!(
			crate::Batches::<Test>::hashed_key_for(batch)[16..],
			envelope_batch(&batch)[16..]
		);
		assert!(frame_support::storage::unhashed::exists(&Commitments::<Test>::hashed_key_for(id)));
		assert!(frame_support::storage::unhashed::exists(&crate::Batches::<Test>::hashed_key_for(
			batch
		)));
	});
}

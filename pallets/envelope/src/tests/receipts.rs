//! Receipts: the recipient acknowledges delivery, then reading, never back.

use frame_support::{assert_noop, assert_ok};
use missive_primitives::envelope::{EnvelopeId, Receipt, ReceiptStatus};

use super::*;
use crate::{Error, Event};

use ReceiptStatus::{Delivered, Read};

fn acknowledge(account: AccountId, id: EnvelopeId, status: ReceiptStatus) -> DispatchResult {
	Envelopes::acknowledge(origin(account), id, status)
}

fn receipt(id: EnvelopeId) -> Option<Receipt<BlockNumber>> {
	Envelopes::envelope(id).expect("committed").receipt
}

#[test]
fn the_recipient_acknowledges_delivery_then_reading() {
	run(|| {
		let id = send(ALICE, to(BOB), 1);
		run_to_block(2);
		assert_ok!(acknowledge(BOB, id, Delivered));
		assert_eq!(receipt(id), Some(Receipt { status: Delivered, at: 2 }));
		assert_eq!(
			envelope_events().last(),
			Some(&Event::Acknowledged { id, recipient: did(BOB), status: Delivered })
		);
		run_to_block(5);
		assert_ok!(acknowledge(BOB, id, Read));
		assert_eq!(receipt(id), Some(Receipt { status: Read, at: 5 }));
		assert_eq!(
			envelope_events().last(),
			Some(&Event::Acknowledged { id, recipient: did(BOB), status: Read })
		);
	});
}

#[test]
fn reading_may_be_acknowledged_without_delivery_first() {
	run(|| {
		let id = send(ALICE, to(BOB), 1);
		assert_ok!(acknowledge(BOB, id, Read));
		assert_eq!(receipt(id), Some(Receipt { status: Read, at: 1 }));
	});
}

#[test]
fn a_receipt_never_goes_back_nor_repeats() {
	run(|| {
		let id = send(ALICE, to(BOB), 1);
		assert_ok!(acknowledge(BOB, id, Delivered));
		assert_noop!(acknowledge(BOB, id, Delivered), Error::<Test>::ReceiptUnchanged);
		assert_ok!(acknowledge(BOB, id, Read));
		assert_noop!(acknowledge(BOB, id, Delivered), Error::<Test>::ReceiptRegression);
		assert_noop!(acknowledge(BOB, id, Read), Error::<Test>::ReceiptUnchanged);
	});
}

#[test]
fn only_the_recipient_acknowledges() {
	run(|| {
		let id = send(ALICE, to(BOB), 1);
		assert_noop!(acknowledge(ALICE, id, Delivered), Error::<Test>::NotRecipient);
		assert_noop!(acknowledge(CHARLIE, id, Read), Error::<Test>::NotRecipient);
		assert_eq!(receipt(id), None);
	});
}

#[test]
fn a_blinded_commitment_cannot_be_acknowledged() {
	run(|| {
		// Whoever the tag stands for: acknowledging would reveal the recipient.
		let id = send(ALICE, blinded(1), 1);
		for account in [ALICE, BOB, CHARLIE] {
			assert_noop!(acknowledge(account, id, Delivered), Error::<Test>::NotRecipient);
		}
	});
}

#[test]
fn an_unknown_or_pruned_envelope_cannot_be_acknowledged() {
	run(|| {
		assert_noop!(
			acknowledge(BOB, H256::repeat_byte(1), Delivered),
			Error::<Test>::UnknownEnvelope
		);
		let id = send(ALICE, to(BOB), 1);
		// Pruned at the end of block `1 + RETENTION`.
		run_to_block(2 + RETENTION);
		assert_noop!(acknowledge(BOB, id, Delivered), Error::<Test>::UnknownEnvelope);
	});
}

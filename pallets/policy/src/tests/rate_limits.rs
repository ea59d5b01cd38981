use frame_support::{assert_noop, assert_ok};
use missive_primitives::policy::{InboxMode, InboxPolicy, PolicyCheck, Violation};

use super::*;
use crate::{SenderUsage, Usage};

#[test]
fn the_sender_limit_holds_for_the_window_and_resets_at_the_next_windows_first_block() {
	run(|| {
		// Window 1 covers blocks 10..20: windows are aligned, not started by the first send.
		run_to_block(17);
		for recipient in [BOB, BOB, CHARLIE, CHARLIE, DAVE] {
			assert_ok!(send(ALICE, to(recipient)));
		}
		assert_eq!(Usage::<Test>::get(did(ALICE)).unwrap().sent, MAX_PER_SENDER);
		assert_noop!(check(ALICE, to(DAVE), 1), Violation::SenderRateLimited);
		// The sender limit counts before the recipient's, and covers blinded envelopes.
		assert_noop!(check(ALICE, to(BOB), 1), Violation::SenderRateLimited);
		assert_noop!(check(ALICE, blinded(), 1), Violation::SenderRateLimited);
		// Other senders have their own budget.
		assert_allowed(EVE, to(DAVE), 1);

		run_to_block(19);
		assert_noop!(check(ALICE, to(DAVE), 1), Violation::SenderRateLimited);
		run_to_block(20);
		assert_allowed(ALICE, to(DAVE), 1);
		assert_ok!(send(ALICE, to(DAVE)));
		assert_eq!(Usage::<Test>::get(did(ALICE)).unwrap().sent, 1);
	});
}

#[test]
fn the_pair_limit_holds_for_the_window_and_resets_at_the_next_windows_first_block() {
	run(|| {
		for _ in 0..MAX_PER_PAIR {
			assert_ok!(send(ALICE, to(BOB)));
		}
		assert_noop!(check(ALICE, to(BOB), 1), Violation::PairRateLimited);
		// Only this pair is limited.
		assert_allowed(ALICE, to(CHARLIE), 1);
		assert_allowed(CHARLIE, to(BOB), 1);

		run_to_block(WINDOW - 1);
		assert_noop!(check(ALICE, to(BOB), 1), Violation::PairRateLimited);
		run_to_block(WINDOW);
		assert_allowed(ALICE, to(BOB), 1);
	});
}

#[test]
fn a_recipients_stricter_limit_applies_to_each_sender() {
	run(|| {
		set_policy(BOB, InboxPolicy { max_per_sender: Some(1), ..policy(InboxMode::Open) });
		assert_ok!(send(ALICE, to(BOB)));
		assert_noop!(check(ALICE, to(BOB), 1), Violation::PairRateLimited);
		assert_ok!(send(CHARLIE, to(BOB)));
		assert_noop!(check(CHARLIE, to(BOB), 1), Violation::PairRateLimited);
	});
}

#[test]
fn a_new_recipient_beyond_the_limit_is_refused_but_known_ones_are_not() {
	run(|| {
		for recipient in [BOB, CHARLIE, DAVE] {
			assert_ok!(send(ALICE, to(recipient)));
		}
		assert_eq!(Usage::<Test>::get(did(ALICE)).unwrap().recipients.len() as u32, MAX_RECIPIENTS);
		assert_noop!(check(ALICE, to(EVE), 1), Violation::TooManyRecipients);
		assert_allowed(ALICE, to(BOB), 1);
		// Blinded destinations are not recipients.
		assert_allowed(ALICE, blinded(), 1);

		run_to_block(WINDOW);
		assert_allowed(ALICE, to(EVE), 1);
	});
}

#[test]
fn a_stale_record_counts_as_empty_and_the_next_send_replaces_it() {
	run(|| {
		for _ in 0..MAX_PER_PAIR {
			assert_ok!(send(ALICE, to(BOB)));
		}
		run_to_block(2 * WINDOW + 5);
		// Asking changes nothing, not even the stale record.
		assert_allowed(ALICE, to(BOB), 1);
		assert_eq!(Usage::<Test>::get(did(ALICE)).unwrap().window, 0);
		assert_ok!(send(ALICE, to(CHARLIE)));
		let mut expected = SenderUsage::empty(2);
		expected.note(Some(&did(CHARLIE)), 1);
		assert_eq!(Usage::<Test>::get(did(ALICE)), Some(expected));
	});
}

#[test]
fn blinded_envelopes_count_against_the_sender_only() {
	run(|| {
		for _ in 0..MAX_PER_SENDER {
			assert_ok!(send(ALICE, blinded()));
		}
		let usage = Usage::<Test>::get(did(ALICE)).unwrap();
		assert_eq!((usage.sent, usage.recipients.len()), (MAX_PER_SENDER, 0));
		assert_noop!(check(ALICE, to(BOB), 1), Violation::SenderRateLimited);
	});
}

#[test]
fn note_sent_counts_per_recipient() {
	run(|| {
		let now = System::block_number();
		Policy::note_sent(&did(ALICE), &to(BOB), 1, now);
		Policy::note_sent(&did(ALICE), &to(CHARLIE), 1, now);
		Policy::note_sent(&did(ALICE), &to(BOB), 1, now);
		Policy::note_sent(&did(ALICE), &blinded(), 1, now);
		let usage = Usage::<Test>::get(did(ALICE)).unwrap();
		assert_eq!(usage.sent, 4);
		assert_eq!(usage.recipients.to_vec(), vec![(did(BOB), 2), (did(CHARLIE), 1)]);
		assert_eq!((usage.sent_to(&did(BOB)), usage.sent_to(&did(DAVE))), (Some(2), None));
	});
}

/// Whether `sender` may send `messages` envelopes to `to` now (a batch's leaves).
fn check_many(sender: AccountId, to: Destination, messages: u32) -> Result<(), Violation> {
	Policy::can_send(&did(sender), &to, None, 1, messages, System::block_number())
}

#[test]
fn every_leaf_of_a_batch_counts_against_the_sender_limit() {
	run(|| {
		let now = System::block_number();
		assert_ok!(check_many(ALICE, blinded(), MAX_PER_SENDER));
		assert_noop!(
			check_many(ALICE, blinded(), MAX_PER_SENDER + 1),
			Violation::SenderRateLimited
		);

		Policy::note_sent(&did(ALICE), &blinded(), 3, now);
		assert_eq!(Usage::<Test>::get(did(ALICE)).unwrap().sent, 3);
		assert_ok!(check_many(ALICE, blinded(), MAX_PER_SENDER - 3));
		assert_noop!(
			check_many(ALICE, blinded(), MAX_PER_SENDER - 2),
			Violation::SenderRateLimited
		);
		// A count that overflows is refused, not wrapped.
		assert_noop!(check_many(ALICE, blinded(), u32::MAX), Violation::SenderRateLimited);
	});
}

#[test]
fn many_envelopes_to_one_recipient_count_against_the_pair_limit() {
	run(|| {
		let now = System::block_number();
		assert_ok!(check_many(ALICE, to(BOB), MAX_PER_PAIR));
		// A first contact of more than the pair limit is refused as much as a later one.
		assert_noop!(check_many(ALICE, to(BOB), MAX_PER_PAIR + 1), Violation::PairRateLimited);

		Policy::note_sent(&did(ALICE), &to(BOB), 2, now);
		let usage = Usage::<Test>::get(did(ALICE)).unwrap();
		assert_eq!((usage.sent, usage.sent_to(&did(BOB))), (2, Some(2)));
		assert_ok!(check_many(ALICE, to(BOB), MAX_PER_PAIR - 2));
		assert_noop!(check_many(ALICE, to(BOB), MAX_PER_PAIR - 1), Violation::PairRateLimited);
	});
}

//! A recipient's inbox: its commitments in commitment order, since a block, by pages.

use missive_primitives::{
	envelope::{inbox_key, EnvelopeId, InboxKey},
	runtime_api::MAX_INBOX_PAGE,
};

use super::*;

/// `account`'s inbox page, checking each entry's commitment is the entry's.
fn inbox(
	account: AccountId,
	since: BlockNumber,
	start_after: Option<InboxKey>,
	limit: u32,
) -> Vec<(InboxKey, EnvelopeId)> {
	Envelopes::inbox(did(account), since, start_after, limit)
		.into_iter()
		.map(|(key, id, commitment)| {
			assert_eq!(commitment.envelope.id(), id);
			assert_eq!(commitment.inbox_key, Some(key));
			(key, id)
		})
		.collect()
}

/// Bob receives `a` and `b` in block 1, `c` in block 2 and `d` in block 4; Charlie
/// receives `x` in block 1; a blinded envelope goes nowhere. Each with its inbox key.
fn history() -> [(InboxKey, EnvelopeId); 5] {
	let a = send_keyed(ALICE, to(BOB), 1);
	let b = send_keyed(CHARLIE, to(BOB), 2);
	let x = send_keyed(ALICE, to(CHARLIE), 3);
	send(ALICE, blinded(1), 4);
	run_to_block(2);
	let c = send_keyed(CHARLIE, to(BOB), 5);
	run_to_block(4);
	let d = send_keyed(ALICE, to(BOB), 6);
	[a, b, c, d, x]
}

#[test]
fn an_inbox_lists_its_recipients_commitments_in_commitment_order() {
	run(|| {
		let [a, b, c, d, x] = history();
		assert_eq!(inbox(BOB, 0, None, 100), vec![a, b, c, d]);
		assert_eq!(inbox(CHARLIE, 0, None, 100), vec![x]);
		assert_eq!(inbox(ALICE, 0, None, 100), vec![]);
	});
}

#[test]
fn an_inbox_since_a_block_starts_at_that_blocks_first_commitment() {
	run(|| {
		let [a, b, c, d, _] = history();
		assert_eq!(inbox(BOB, 1, None, 100), vec![a, b, c, d]);
		assert_eq!(inbox(BOB, 2, None, 100), vec![c, d]);
		// A block without entries: from the next one that has some.
		assert_eq!(inbox(BOB, 3, None, 100), vec![d]);
		assert_eq!(inbox(BOB, 5, None, 100), vec![]);
	});
}

#[test]
fn pages_continue_after_the_last_key_of_the_previous_one() {
	run(|| {
		let [a, b, c, d, _] = history();
		let first = inbox(BOB, 0, None, 2);
		assert_eq!(first, vec![a, b]);
		let second = inbox(BOB, 0, Some(first[1].0), 2);
		assert_eq!(second, vec![c, d]);
		assert_eq!(inbox(BOB, 0, Some(second[1].0), 2), vec![]);
		assert_eq!(inbox(BOB, 0, None, 0), vec![]);
	});
}

#[test]
fn the_later_of_since_and_the_cursor_applies() {
	run(|| {
		let [a, _, c, d, _] = history();
		// A cursor before `since`: from `since`.
		assert_eq!(inbox(BOB, 2, Some(a.0), 100), vec![c, d]);
		// A cursor in or after `since`: after the cursor.
		assert_eq!(inbox(BOB, 2, Some(c.0), 100), vec![d]);
		// A cursor that is no entry's key still orders: after every event of block 1.
		assert_eq!(inbox(BOB, 0, Some(inbox_key(1, u32::MAX)), 100), vec![c, d]);
	});
}

#[test]
fn a_page_holds_at_most_max_inbox_page_entries() {
	run(|| {
		let sent: Vec<_> =
			(0..=MAX_INBOX_PAGE as u8).map(|n| send_keyed(ALICE, to(BOB), n)).collect();
		let page = inbox(BOB, 0, None, u32::MAX);
		assert_eq!(page, sent[..MAX_INBOX_PAGE as usize]);
		let last = page.last().unwrap().0;
		assert_eq!(
			inbox(BOB, 0, Some(last), u32::MAX),
			vec![(sent[MAX_INBOX_PAGE as usize].0, page_id(MAX_INBOX_PAGE as u8))]
		);
	});
}

fn page_id(n: u8) -> EnvelopeId {
	signed(ALICE, to(BOB), n).envelope.id()
}

#[test]
fn pruned_commitments_leave_the_inbox() {
	run(|| {
		let [_, _, c, d, x] = history();
		// Block 1's commitments expire at block 1 + RETENTION.
		run_to_block(2 + RETENTION);
		assert_eq!(inbox(BOB, 0, None, 100), vec![c, d]);
		assert_eq!(Envelopes::envelope(x.1), None);
		assert_eq!(inbox(CHARLIE, 0, None, 100), vec![]);
	});
}

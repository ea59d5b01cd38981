use frame_support::assert_noop;
use missive_primitives::{
	consent::ConsentState,
	policy::{InboxMode, InboxPolicy, PolicyCheck, Violation},
	testing::{MockConsent, MockDids},
};

use super::*;

#[test]
fn an_inactive_sender_may_not_send_anywhere() {
	run(|| {
		MockDids::deactivate(&did(ALICE));
		assert_noop!(check(ALICE, to(BOB), 1), Violation::SenderNotActive);
		assert_noop!(check(ALICE, blinded(), 1), Violation::SenderNotActive);
		// A DID that never existed neither.
		assert_noop!(check(77, to(BOB), 1), Violation::SenderNotActive);
	});
}

#[test]
fn an_inactive_recipient_receives_nothing() {
	run(|| {
		MockDids::deactivate(&did(BOB));
		assert_noop!(check(ALICE, to(BOB), 1), Violation::RecipientNotActive);
		// Blinded destinations name no recipient to check.
		assert_allowed(ALICE, blinded(), 1);
	});
}

#[test]
fn an_open_inbox_accepts_any_sender_without_consent() {
	run(|| {
		assert_allowed(ALICE, to(BOB), 1);
		set_policy(BOB, policy(InboxMode::Open));
		assert_allowed(ALICE, to(BOB), 1);
	});
}

#[test]
fn a_closed_inbox_refuses_every_other_sender_even_with_consent() {
	run(|| {
		set_policy(BOB, policy(InboxMode::Closed));
		assert_noop!(check(ALICE, to(BOB), 1), Violation::InboxClosed);
		MockConsent::set(did(BOB), did(ALICE), ConsentState::Granted);
		assert_noop!(check(ALICE, to(BOB), 1), Violation::InboxClosed);
		MockConsent::set(did(BOB), did(CHARLIE), ConsentState::Allowed);
		assert_noop!(check(CHARLIE, to(BOB), 1), Violation::InboxClosed);
	});
}

#[test]
fn a_consent_required_inbox_accepts_only_senders_with_consent() {
	run(|| {
		set_policy(BOB, policy(InboxMode::ConsentRequired));
		assert_noop!(check(ALICE, to(BOB), 1), Violation::ConsentRequired);
		MockConsent::set(did(BOB), did(ALICE), ConsentState::Expired);
		assert_noop!(check(ALICE, to(BOB), 1), Violation::ConsentRequired);

		MockConsent::set(did(BOB), did(ALICE), ConsentState::Granted);
		assert_allowed(ALICE, to(BOB), 1);
		let conversation = H256::repeat_byte(0xc0);
		assert_storage_noop!(assert_ok!(Policy::can_send(
			&did(ALICE),
			&to(BOB),
			Some(&conversation),
			1,
			1,
			System::block_number()
		)));
		// The allow list counts as consent.
		MockConsent::set(did(BOB), did(CHARLIE), ConsentState::Allowed);
		assert_allowed(CHARLIE, to(BOB), 1);
		// Consent is the recipient's to give: Alice's consent to Bob does not let Bob in.
		set_policy(ALICE, policy(InboxMode::ConsentRequired));
		assert_noop!(check(BOB, to(ALICE), 1), Violation::ConsentRequired);
	});
}

#[test]
fn denial_overrides_an_open_inbox_and_comes_before_the_mode() {
	run(|| {
		// No policy: the chain's default, Open.
		MockConsent::set(did(BOB), did(ALICE), ConsentState::Denied);
		assert_noop!(check(ALICE, to(BOB), 1), Violation::SenderDenied);
		set_policy(BOB, policy(InboxMode::Open));
		assert_noop!(check(ALICE, to(BOB), 1), Violation::SenderDenied);
		set_policy(BOB, policy(InboxMode::Closed));
		assert_noop!(check(ALICE, to(BOB), 1), Violation::SenderDenied);
		// Others are not denied.
		set_policy(BOB, policy(InboxMode::Open));
		assert_allowed(CHARLIE, to(BOB), 1);
	});
}

#[test]
fn a_did_may_always_write_to_its_own_inbox() {
	run(|| {
		set_policy(ALICE, policy(InboxMode::Closed));
		MockConsent::set(did(ALICE), did(ALICE), ConsentState::Denied);
		assert_allowed(ALICE, to(ALICE), 1);
		set_policy(ALICE, InboxPolicy { max_payload_size: Some(10), ..policy(InboxMode::Closed) });
		// Its own limits still apply.
		assert_noop!(check(ALICE, to(ALICE), 11), Violation::PayloadTooLarge);
	});
}

#[test]
fn a_payload_at_the_chains_limit_is_accepted_and_one_byte_more_is_not() {
	run(|| {
		assert_allowed(ALICE, to(BOB), MAX_PAYLOAD_SIZE);
		assert_noop!(check(ALICE, to(BOB), MAX_PAYLOAD_SIZE + 1), Violation::PayloadTooLarge);
		assert_allowed(ALICE, blinded(), MAX_PAYLOAD_SIZE);
		assert_noop!(check(ALICE, blinded(), MAX_PAYLOAD_SIZE + 1), Violation::PayloadTooLarge);
	});
}

#[test]
fn a_recipients_stricter_size_limit_applies_to_its_inbox_only() {
	run(|| {
		set_policy(BOB, InboxPolicy { max_payload_size: Some(500), ..policy(InboxMode::Open) });
		assert_allowed(ALICE, to(BOB), 500);
		assert_noop!(check(ALICE, to(BOB), 501), Violation::PayloadTooLarge);
		assert_allowed(ALICE, to(CHARLIE), 501);
		// A blinded destination hides the recipient: only the chain's limit applies.
		assert_allowed(ALICE, blinded(), MAX_PAYLOAD_SIZE);
	});
}

#[test]
fn the_recipients_rules_come_before_the_size_and_the_size_before_the_rate() {
	run(|| {
		for _ in 0..MAX_PER_PAIR {
			assert_ok!(send(ALICE, to(BOB)));
		}
		assert_noop!(check(ALICE, to(BOB), MAX_PAYLOAD_SIZE + 1), Violation::PayloadTooLarge);
		set_policy(BOB, policy(InboxMode::Closed));
		assert_noop!(check(ALICE, to(BOB), MAX_PAYLOAD_SIZE + 1), Violation::InboxClosed);
	});
}

#[test]
fn retention_is_the_recipients_within_the_chains_maximum() {
	run(|| {
		assert_eq!(Policy::retention(&to(ALICE)), DEFAULT_RETENTION);
		set_policy(ALICE, InboxPolicy { retention: Some(50), ..policy(InboxMode::Open) });
		assert_eq!(Policy::retention(&to(ALICE)), 50);
		set_policy(
			ALICE,
			InboxPolicy { retention: Some(MAX_RETENTION), ..policy(InboxMode::Open) },
		);
		assert_eq!(Policy::retention(&to(ALICE)), MAX_RETENTION);
		// A policy without retention keeps the default; blinded destinations too.
		set_policy(BOB, policy(InboxMode::Open));
		assert_eq!(Policy::retention(&to(BOB)), DEFAULT_RETENTION);
		assert_eq!(Policy::retention(&blinded()), DEFAULT_RETENTION);
	});
}

use frame_support::{assert_noop, assert_ok};
use missive_primitives::policy::{EffectiveInboxPolicy, InboxMode, InboxPolicy};
use sp_runtime::DispatchError;

use super::*;
use crate::{Deposit, Error, Event, HoldReason, InboxRecord, Inboxes};

fn strict() -> InboxPolicy<BlockNumber> {
	InboxPolicy {
		mode: InboxMode::ConsentRequired,
		max_per_sender: Some(2),
		max_payload_size: Some(500),
		retention: Some(50),
	}
}

#[test]
fn a_first_policy_holds_the_deposit_and_an_update_keeps_it() {
	run(|| {
		assert_ok!(Policy::set_inbox_policy(RuntimeOrigin::signed(ALICE), strict()));
		let deposit = Deposit { owner: ALICE, amount: INBOX_POLICY_DEPOSIT };
		assert_eq!(
			Inboxes::<Test>::get(did(ALICE)),
			Some(InboxRecord { policy: strict(), deposit: deposit.clone() })
		);
		assert_eq!(held(HoldReason::InboxPolicyDeposit, ALICE), INBOX_POLICY_DEPOSIT);
		assert_eq!(free(ALICE), ENDOWMENT - INBOX_POLICY_DEPOSIT);
		assert!(
			policy_events().contains(&Event::InboxPolicySet { did: did(ALICE), policy: strict() })
		);

		let closed = policy(InboxMode::Closed);
		assert_ok!(Policy::set_inbox_policy(RuntimeOrigin::signed(ALICE), closed));
		assert_eq!(Inboxes::<Test>::get(did(ALICE)), Some(InboxRecord { policy: closed, deposit }));
		assert_eq!(held(HoldReason::InboxPolicyDeposit, ALICE), INBOX_POLICY_DEPOSIT);
		assert_eq!(free(ALICE), ENDOWMENT - INBOX_POLICY_DEPOSIT);
	});
}

#[test]
fn the_effective_policy_is_the_chains_default_until_one_is_set() {
	run(|| {
		assert_eq!(
			Policy::effective_policy(&did(ALICE)),
			EffectiveInboxPolicy {
				mode: InboxMode::Open,
				max_per_sender: MAX_PER_PAIR,
				max_payload_size: MAX_PAYLOAD_SIZE,
				retention: DEFAULT_RETENTION,
				custom: false,
			}
		);
		set_policy(ALICE, strict());
		assert_eq!(
			Policy::effective_policy(&did(ALICE)),
			EffectiveInboxPolicy {
				mode: InboxMode::ConsentRequired,
				max_per_sender: 2,
				max_payload_size: 500,
				retention: 50,
				custom: true,
			}
		);
		// Limits left unset are the chain's.
		set_policy(ALICE, policy(InboxMode::Closed));
		let effective = Policy::effective_policy(&did(ALICE));
		assert_eq!(
			(effective.mode, effective.max_per_sender, effective.max_payload_size),
			(InboxMode::Closed, MAX_PER_PAIR, MAX_PAYLOAD_SIZE)
		);
		assert_eq!((effective.retention, effective.custom), (DEFAULT_RETENTION, true));
	});
}

#[test]
fn limits_equal_to_the_chains_are_accepted() {
	run(|| {
		let at_limits = InboxPolicy {
			mode: InboxMode::Open,
			max_per_sender: Some(MAX_PER_PAIR),
			max_payload_size: Some(MAX_PAYLOAD_SIZE),
			retention: Some(MAX_RETENTION),
		};
		assert_ok!(Policy::set_inbox_policy(RuntimeOrigin::signed(ALICE), at_limits));
		assert_eq!(Inboxes::<Test>::get(did(ALICE)).unwrap().policy, at_limits);
	});
}

#[test]
fn limits_looser_than_the_chains_are_refused() {
	run(|| {
		let origin = || RuntimeOrigin::signed(ALICE);
		let looser_rate = InboxPolicy { max_per_sender: Some(MAX_PER_PAIR + 1), ..strict() };
		assert_noop!(
			Policy::set_inbox_policy(origin(), looser_rate),
			Error::<Test>::LimitNotStricter
		);
		let looser_size = InboxPolicy { max_payload_size: Some(MAX_PAYLOAD_SIZE + 1), ..strict() };
		assert_noop!(
			Policy::set_inbox_policy(origin(), looser_size),
			Error::<Test>::LimitNotStricter
		);
		// An update is held to the same rule, and leaves the policy in place.
		set_policy(ALICE, strict());
		assert_noop!(
			Policy::set_inbox_policy(origin(), looser_rate),
			Error::<Test>::LimitNotStricter
		);
		assert_eq!(Inboxes::<Test>::get(did(ALICE)).unwrap().policy, strict());
	});
}

#[test]
fn zero_limits_are_refused() {
	run(|| {
		let origin = || RuntimeOrigin::signed(ALICE);
		let zero_rate = InboxPolicy { max_per_sender: Some(0), ..strict() };
		assert_noop!(Policy::set_inbox_policy(origin(), zero_rate), Error::<Test>::ZeroLimit);
		let zero_size = InboxPolicy { max_payload_size: Some(0), ..strict() };
		assert_noop!(Policy::set_inbox_policy(origin(), zero_size), Error::<Test>::ZeroLimit);
	});
}

#[test]
fn retention_must_be_between_one_block_and_the_chains_maximum() {
	run(|| {
		let origin = || RuntimeOrigin::signed(ALICE);
		let none_kept = InboxPolicy { retention: Some(0), ..strict() };
		assert_noop!(
			Policy::set_inbox_policy(origin(), none_kept),
			Error::<Test>::InvalidRetention
		);
		let too_long = InboxPolicy { retention: Some(MAX_RETENTION + 1), ..strict() };
		assert_noop!(Policy::set_inbox_policy(origin(), too_long), Error::<Test>::InvalidRetention);
		let one_block = InboxPolicy { retention: Some(1), ..strict() };
		assert_ok!(Policy::set_inbox_policy(origin(), one_block));
	});
}

#[test]
fn a_submitter_who_cannot_pay_the_deposit_is_refused() {
	run(|| {
		const BROKE: AccountId = 8;
		assert_noop!(
			Policy::set_inbox_policy(RuntimeOrigin::signed(BROKE), strict()),
			Error::<Test>::InsufficientFunds
		);
	});
}

#[test]
fn only_a_did_sets_an_inbox_policy() {
	run(|| {
		assert_noop!(
			Policy::set_inbox_policy(RuntimeOrigin::root(), strict()),
			DispatchError::BadOrigin
		);
		assert_noop!(Policy::clear_inbox_policy(RuntimeOrigin::none()), DispatchError::BadOrigin);
	});
}

#[test]
fn clearing_the_policy_returns_the_deposit() {
	run(|| {
		set_policy(ALICE, strict());
		assert_ok!(Policy::clear_inbox_policy(RuntimeOrigin::signed(ALICE)));
		assert!(!Inboxes::<Test>::contains_key(did(ALICE)));
		assert_eq!(held(HoldReason::InboxPolicyDeposit, ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT);
		assert!(!Policy::effective_policy(&did(ALICE)).custom);
		assert!(policy_events().contains(&Event::InboxPolicyCleared { did: did(ALICE) }));
	});
}

#[test]
fn clearing_without_a_policy_is_refused() {
	run(|| {
		assert_noop!(
			Policy::clear_inbox_policy(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NoInboxPolicy
		);
		// Another DID's policy is not this one's.
		set_policy(BOB, strict());
		assert_noop!(
			Policy::clear_inbox_policy(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NoInboxPolicy
		);
	});
}

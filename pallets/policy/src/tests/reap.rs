use frame_support::{assert_noop, assert_ok};
use missive_primitives::{did::OnDidDeactivated, policy::InboxMode, testing::MockDids};
use sp_runtime::DispatchError;
use sp_statement_store::StatementAllowance;

use super::*;
use crate::{Error, Event, HoldReason, Inboxes, StoreAllowances, Usage};

const DEVICE: AccountId = 100;

/// Alice's DID with an inbox policy, a usage record and a store allowance.
fn alice_with_everything() {
	set_policy(ALICE, policy(InboxMode::ConsentRequired));
	assert_ok!(Policy::set_store_allowance(RuntimeOrigin::signed(ALICE), DEVICE, 4, 300));
	assert_ok!(send(ALICE, to(BOB)));
}

#[test]
fn an_active_dids_state_cannot_be_reaped() {
	run(|| {
		alice_with_everything();
		assert_noop!(
			Policy::reap(RuntimeOrigin::signed(BOB), did(ALICE)),
			Error::<Test>::DidStillActive
		);
	});
}

#[test]
fn a_did_without_state_here_cannot_be_reaped() {
	run(|| {
		MockDids::deactivate(&did(ALICE));
		assert_noop!(
			Policy::reap(RuntimeOrigin::signed(BOB), did(ALICE)),
			Error::<Test>::NothingToReap
		);
	});
}

#[test]
fn reaping_needs_a_signed_origin() {
	run(|| {
		alice_with_everything();
		MockDids::deactivate(&did(ALICE));
		assert_noop!(Policy::reap(RuntimeOrigin::none(), did(ALICE)), DispatchError::BadOrigin);
	});
}

#[test]
fn reaping_removes_everything_and_returns_the_deposits_to_their_owners() {
	run(|| {
		alice_with_everything();
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(4, 300));
		assert!(free(ALICE) < ENDOWMENT);
		MockDids::deactivate(&did(ALICE));

		assert_ok!(Policy::reap(RuntimeOrigin::signed(CHARLIE), did(ALICE)));
		assert!(!Inboxes::<Test>::contains_key(did(ALICE)));
		assert!(!Usage::<Test>::contains_key(did(ALICE)));
		assert!(!StoreAllowances::<Test>::contains_key(did(ALICE)));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::default());
		assert_eq!(held(HoldReason::InboxPolicyDeposit, ALICE), 0);
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT);
		// The reaper neither pays nor gains.
		assert_eq!(free(CHARLIE), ENDOWMENT);
		let events = policy_events();
		assert!(events.contains(&Event::StoreAllowanceRemoved { did: did(ALICE), account: DEVICE }));
		assert!(events.contains(&Event::Reaped { did: did(ALICE) }));
		// Done: there is nothing left to reap.
		assert_noop!(
			Policy::reap(RuntimeOrigin::signed(CHARLIE), did(ALICE)),
			Error::<Test>::NothingToReap
		);
	});
}

#[test]
fn a_usage_record_alone_is_reaped() {
	run(|| {
		assert_ok!(send(ALICE, to(BOB)));
		MockDids::deactivate(&did(ALICE));
		assert_ok!(Policy::reap(RuntimeOrigin::signed(BOB), did(ALICE)));
		assert!(!Usage::<Test>::contains_key(did(ALICE)));
	});
}

#[test]
fn reaping_one_did_leaves_other_dids_allowances_on_the_same_account() {
	run(|| {
		alice_with_everything();
		assert_ok!(Policy::set_store_allowance(RuntimeOrigin::signed(BOB), DEVICE, 2, 100));
		MockDids::deactivate(&did(ALICE));
		assert_ok!(Policy::reap(RuntimeOrigin::signed(BOB), did(ALICE)));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(2, 100));
		assert!(StoreAllowances::<Test>::contains_key(did(BOB)));
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, BOB), 2 * DEPOSIT_PER_STATEMENT + 100);
	});
}

#[test]
fn deactivation_withdraws_the_store_allowance_at_once() {
	run(|| {
		alice_with_everything();
		assert_ok!(Policy::set_store_allowance(RuntimeOrigin::signed(BOB), DEVICE, 2, 100));
		let bob_allowance = StatementAllowance::new(2, 100);
		assert_ne!(store_allowance(DEVICE), bob_allowance);
		MockDids::deactivate(&did(ALICE));
		assert_ok!(<Policy as OnDidDeactivated>::on_deactivated(&did(ALICE)));
		// Only Bob's part of the account's allowance is left; Alice's deposit is back.
		assert_eq!(store_allowance(DEVICE), bob_allowance);
		assert!(!StoreAllowances::<Test>::contains_key(did(ALICE)));
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, ALICE), 0);
		assert!(policy_events()
			.contains(&Event::StoreAllowanceRemoved { did: did(ALICE), account: DEVICE }));
		// What admits nothing off chain is left for `reap`.
		assert!(Inboxes::<Test>::contains_key(did(ALICE)));
		assert_ok!(Policy::reap(RuntimeOrigin::signed(BOB), did(ALICE)));
	});
}

#[test]
fn deactivating_a_did_without_an_allowance_changes_nothing_here() {
	run(|| {
		alice_with_everything();
		assert_ok!(Policy::remove_store_allowance(RuntimeOrigin::signed(ALICE)));
		let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
		assert_ok!(<Policy as OnDidDeactivated>::on_deactivated(&did(ALICE)));
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), before);
	});
}

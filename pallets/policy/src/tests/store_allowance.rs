use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
use missive_primitives::policy::StoreAmount;
use sp_runtime::DispatchError;
use sp_statement_store::StatementAllowance;

use super::*;
use crate::{Deposit, Error, Event, HoldReason, StoreAllowance, StoreAllowances};

/// Accounts the statement store admits statements from.
const DEVICE: AccountId = 100;
const OTHER_DEVICE: AccountId = 101;

fn deposit(max_count: u32, max_size: u32) -> Balance {
	max_count as Balance * DEPOSIT_PER_STATEMENT + max_size as Balance * DEPOSIT_PER_BYTE
}

fn allow(
	who: AccountId,
	account: AccountId,
	max_count: u32,
	max_size: u32,
) -> sp_runtime::DispatchResult {
	Policy::set_store_allowance(RuntimeOrigin::signed(who), account, max_count, max_size)
}

#[test]
fn an_allowance_reaches_the_statement_store_and_holds_its_deposit() {
	run(|| {
		assert_eq!(store_allowance(DEVICE), StatementAllowance::default());
		assert_ok!(allow(ALICE, DEVICE, 4, 300));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(4, 300));
		assert_eq!(
			StoreAllowances::<Test>::get(did(ALICE)),
			Some(StoreAllowance {
				account: DEVICE,
				max_count: 4,
				max_size: 300,
				deposit: Deposit { owner: ALICE, amount: deposit(4, 300) },
			})
		);
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, ALICE), 4 * 3 + 300);
		assert_eq!(free(ALICE), ENDOWMENT - deposit(4, 300));
		assert!(policy_events().contains(&Event::StoreAllowanceSet {
			did: did(ALICE),
			account: DEVICE,
			max_count: 4,
			max_size: 300
		}));
	});
}

#[test]
fn an_allowance_at_the_chains_maximum_is_accepted() {
	run(|| {
		assert_ok!(allow(ALICE, DEVICE, MAX_STORE_COUNT, MAX_STORE_SIZE));
		assert_eq!(
			store_allowance(DEVICE),
			StatementAllowance::new(MAX_STORE_COUNT, MAX_STORE_SIZE)
		);
		assert_eq!(
			held(HoldReason::StoreAllowanceDeposit, ALICE),
			deposit(MAX_STORE_COUNT, MAX_STORE_SIZE)
		);
	});
}

#[test]
fn an_allowance_above_the_chains_maximum_is_refused() {
	run(|| {
		assert_noop!(
			allow(ALICE, DEVICE, MAX_STORE_COUNT + 1, 1),
			Error::<Test>::AllowanceTooLarge
		);
		assert_noop!(allow(ALICE, DEVICE, 1, MAX_STORE_SIZE + 1), Error::<Test>::AllowanceTooLarge);
	});
}

#[test]
fn an_empty_allowance_is_refused() {
	run(|| {
		assert_noop!(allow(ALICE, DEVICE, 0, 100), Error::<Test>::ZeroAllowance);
		assert_noop!(allow(ALICE, DEVICE, 1, 0), Error::<Test>::ZeroAllowance);
	});
}

#[test]
fn only_a_did_grants_an_allowance() {
	run(|| {
		assert_noop!(
			Policy::set_store_allowance(RuntimeOrigin::root(), DEVICE, 1, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Policy::remove_store_allowance(RuntimeOrigin::root()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_new_allowance_on_another_account_replaces_the_old_one() {
	run(|| {
		assert_ok!(allow(ALICE, DEVICE, 4, 300));
		assert_ok!(allow(ALICE, OTHER_DEVICE, 2, 100));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::default());
		assert_eq!(store_allowance(OTHER_DEVICE), StatementAllowance::new(2, 100));
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, ALICE), deposit(2, 100));
		assert_eq!(free(ALICE), ENDOWMENT - deposit(2, 100));
		assert_eq!(StoreAllowances::<Test>::get(did(ALICE)).unwrap().account, OTHER_DEVICE);
		let events = policy_events();
		assert!(events.contains(&Event::StoreAllowanceRemoved { did: did(ALICE), account: DEVICE }));
		assert!(events.contains(&Event::StoreAllowanceSet {
			did: did(ALICE),
			account: OTHER_DEVICE,
			max_count: 2,
			max_size: 100
		}));
	});
}

#[test]
fn a_new_allowance_on_the_same_account_replaces_the_old_one() {
	run(|| {
		assert_ok!(allow(ALICE, DEVICE, 4, 300));
		assert_ok!(allow(ALICE, DEVICE, 6, 200));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(6, 200));
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, ALICE), deposit(6, 200));
	});
}

#[test]
fn allowances_of_several_dids_on_one_account_add_up() {
	run(|| {
		assert_ok!(allow(ALICE, DEVICE, 4, 300));
		assert_ok!(allow(BOB, DEVICE, 2, 100));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(6, 400));
		assert_ok!(Policy::remove_store_allowance(RuntimeOrigin::signed(BOB)));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(4, 300));
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, BOB), 0);
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, ALICE), deposit(4, 300));
	});
}

#[test]
fn removing_the_allowance_withdraws_it_and_returns_the_deposit() {
	run(|| {
		assert_ok!(allow(ALICE, DEVICE, 4, 300));
		assert_ok!(Policy::remove_store_allowance(RuntimeOrigin::signed(ALICE)));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::default());
		assert!(!StoreAllowances::<Test>::contains_key(did(ALICE)));
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT);
		assert!(policy_events()
			.contains(&Event::StoreAllowanceRemoved { did: did(ALICE), account: DEVICE }));
	});
}

#[test]
fn removing_without_an_allowance_is_refused() {
	run(|| {
		assert_noop!(
			Policy::remove_store_allowance(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NoStoreAllowance
		);
	});
}

#[test]
fn an_allowance_the_submitter_cannot_pay_for_is_refused_and_the_old_one_stays() {
	run(|| {
		assert_noop!(
			allow(POOR, DEVICE, MAX_STORE_COUNT, MAX_STORE_SIZE),
			Error::<Test>::InsufficientFunds
		);
		assert_ok!(allow(POOR, DEVICE, 1, 10));
		// Replacing would release the old deposit first: still too little.
		assert_noop!(
			allow(POOR, OTHER_DEVICE, MAX_STORE_COUNT, MAX_STORE_SIZE),
			Error::<Test>::InsufficientFunds
		);
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(1, 10));
		assert_eq!(store_allowance(OTHER_DEVICE), StatementAllowance::default());
	});
}

#[test]
fn allowances_that_would_overflow_the_stores_counters_are_refused() {
	run(|| {
		MaxStoreGranted::set(&StoreAmount { statements: u64::MAX, bytes: u64::MAX });
		let mut parameters = DEFAULT_PARAMETERS;
		parameters.max_store_size = u32::MAX;
		assert_ok!(Policy::set_parameters(RuntimeOrigin::root(), parameters));
		for who in [ALICE, BOB] {
			<Balances as Mutate<AccountId>>::set_balance(&who, 10 * u32::MAX as Balance);
		}
		assert_ok!(allow(ALICE, DEVICE, 1, u32::MAX));
		assert_noop!(allow(BOB, DEVICE, 1, 1), Error::<Test>::AllowanceOverflow);
		// Another account has room.
		assert_ok!(allow(BOB, OTHER_DEVICE, 1, 1));
	});
}

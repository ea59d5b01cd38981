use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
use missive_primitives::{did::OnDidDeactivated, policy::StoreAmount, testing::MockDids};
use sp_runtime::DispatchError;
use sp_statement_store::{statement_allowance_key, StatementAllowance};

use super::*;
use crate::{
	AccountAllowance, AccountAllowances, Deposit, Error, Event, HoldReason, StoreAllowances,
};

/// An account no DID names, funded by a test before it buys an allowance.
const DEVICE: AccountId = 100;
/// Funded with less than the chain's largest allowance costs.
const SMALL_DEVICE: AccountId = 101;
const SMALL_BALANCE: Balance = 100;

fn deposit(max_count: u32, max_size: u32) -> Balance {
	max_count as Balance * DEPOSIT_PER_STATEMENT + max_size as Balance * DEPOSIT_PER_BYTE
}

fn fund(who: AccountId, amount: Balance) {
	<Balances as Mutate<AccountId>>::set_balance(&who, amount);
}

/// `who` buys itself an allowance.
fn buy(who: AccountId, max_count: u32, max_size: u32) -> sp_runtime::DispatchResult {
	Policy::set_own_store_allowance(RuntimeOrigin::signed(who), max_count, max_size)
}

fn drop_own(who: AccountId) -> sp_runtime::DispatchResult {
	Policy::remove_own_store_allowance(RuntimeOrigin::signed(who))
}

fn invariants_hold() {
	crate::try_state::check::<Test>().expect("storage invariants hold");
}

/// Runs a test with `DEVICE` and `SMALL_DEVICE` funded.
fn run_funded(test: impl FnOnce()) {
	run(|| {
		fund(DEVICE, ENDOWMENT);
		fund(SMALL_DEVICE, SMALL_BALANCE);
		test();
	})
}

#[test]
fn an_own_allowance_reaches_the_statement_store_and_holds_its_deposit() {
	run_funded(|| {
		assert_ok!(buy(DEVICE, 4, 300));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(4, 300));
		assert_eq!(
			AccountAllowances::<Test>::get(DEVICE),
			Some(AccountAllowance {
				max_count: 4,
				max_size: 300,
				deposit: Deposit { owner: DEVICE, amount: deposit(4, 300) },
			})
		);
		assert_eq!(held(HoldReason::AccountAllowanceDeposit, DEVICE), deposit(4, 300));
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, DEVICE), 0);
		assert_eq!(free(DEVICE), ENDOWMENT - deposit(4, 300));
		assert_eq!(
			policy_events(),
			vec![Event::AccountAllowanceSet { account: DEVICE, max_count: 4, max_size: 300 }]
		);
		invariants_hold();
	});
}

#[test]
fn an_own_allowance_at_the_chains_maximum_is_accepted() {
	run_funded(|| {
		assert_ok!(buy(DEVICE, MAX_STORE_COUNT, MAX_STORE_SIZE));
		assert_eq!(
			store_allowance(DEVICE),
			StatementAllowance::new(MAX_STORE_COUNT, MAX_STORE_SIZE)
		);
	});
}

#[test]
fn an_own_allowance_adds_up_with_a_dids_and_each_is_withdrawn_alone() {
	run_funded(|| {
		assert_ok!(Policy::set_store_allowance(RuntimeOrigin::signed(ALICE), DEVICE, 4, 300));
		assert_ok!(buy(DEVICE, 2, 100));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(6, 400));
		invariants_hold();

		// The own one goes, the DID's stays.
		assert_ok!(drop_own(DEVICE));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(4, 300));
		assert!(StoreAllowances::<Test>::contains_key(did(ALICE)));
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, ALICE), deposit(4, 300));
		assert_eq!(held(HoldReason::AccountAllowanceDeposit, DEVICE), 0);
		invariants_hold();

		// The DID's goes, the own one stays.
		assert_ok!(buy(DEVICE, 2, 100));
		assert_ok!(Policy::remove_store_allowance(RuntimeOrigin::signed(ALICE)));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(2, 100));
		assert!(AccountAllowances::<Test>::contains_key(DEVICE));
		assert_eq!(held(HoldReason::AccountAllowanceDeposit, DEVICE), deposit(2, 100));
		assert_eq!(held(HoldReason::StoreAllowanceDeposit, ALICE), 0);
	});
}

#[test]
fn a_dids_deactivation_leaves_an_own_allowance_on_the_same_account() {
	run_funded(|| {
		assert_ok!(Policy::set_store_allowance(RuntimeOrigin::signed(ALICE), DEVICE, 4, 300));
		assert_ok!(buy(DEVICE, 2, 100));
		MockDids::deactivate(&did(ALICE));
		assert_ok!(<Policy as OnDidDeactivated>::on_deactivated(&did(ALICE)));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(2, 100));
		assert!(AccountAllowances::<Test>::contains_key(DEVICE));
	});
}

#[test]
fn a_new_own_allowance_replaces_the_old_one() {
	run_funded(|| {
		assert_ok!(buy(DEVICE, 4, 300));
		assert_ok!(buy(DEVICE, 6, 200));
		assert_eq!(store_allowance(DEVICE), StatementAllowance::new(6, 200));
		assert_eq!(AccountAllowances::<Test>::get(DEVICE).unwrap().deposit.amount, deposit(6, 200));
		assert_eq!(held(HoldReason::AccountAllowanceDeposit, DEVICE), deposit(6, 200));
		assert_eq!(free(DEVICE), ENDOWMENT - deposit(6, 200));
		assert_eq!(
			policy_events(),
			vec![
				Event::AccountAllowanceSet { account: DEVICE, max_count: 4, max_size: 300 },
				Event::AccountAllowanceRemoved { account: DEVICE },
				Event::AccountAllowanceSet { account: DEVICE, max_count: 6, max_size: 200 },
			]
		);
	});
}

#[test]
fn removing_the_own_allowance_clears_the_key_and_returns_the_deposit() {
	run_funded(|| {
		assert_ok!(buy(DEVICE, 4, 300));
		assert_ok!(drop_own(DEVICE));
		assert!(!AccountAllowances::<Test>::contains_key(DEVICE));
		assert_eq!(sp_io::storage::get(&statement_allowance_key(DEVICE.encode())), None);
		assert_eq!(held(HoldReason::AccountAllowanceDeposit, DEVICE), 0);
		assert_eq!(free(DEVICE), ENDOWMENT);
		assert_eq!(
			policy_events().last(),
			Some(&Event::AccountAllowanceRemoved { account: DEVICE })
		);
	});
}

#[test]
fn an_empty_own_allowance_is_refused() {
	run_funded(|| {
		assert_noop!(buy(DEVICE, 0, 100), Error::<Test>::ZeroAllowance);
		assert_noop!(buy(DEVICE, 1, 0), Error::<Test>::ZeroAllowance);
	});
}

#[test]
fn an_own_allowance_above_the_chains_maximum_is_refused() {
	run_funded(|| {
		assert_noop!(buy(DEVICE, MAX_STORE_COUNT + 1, 1), Error::<Test>::AllowanceTooLarge);
		assert_noop!(buy(DEVICE, 1, MAX_STORE_SIZE + 1), Error::<Test>::AllowanceTooLarge);
	});
}

#[test]
fn an_own_allowance_the_account_cannot_pay_for_is_refused_and_the_old_one_stays() {
	run_funded(|| {
		assert_noop!(buy(SMALL_DEVICE, MAX_STORE_COUNT, 200), Error::<Test>::InsufficientFunds);
		assert_ok!(buy(SMALL_DEVICE, 1, 10));
		// Replacing releases the old deposit first: still too little.
		assert_noop!(buy(SMALL_DEVICE, MAX_STORE_COUNT, 200), Error::<Test>::InsufficientFunds);
		assert_eq!(store_allowance(SMALL_DEVICE), StatementAllowance::new(1, 10));
		assert_eq!(held(HoldReason::AccountAllowanceDeposit, SMALL_DEVICE), deposit(1, 10));
		invariants_hold();
	});
}

#[test]
fn an_own_allowance_that_would_overflow_the_stores_counters_is_refused() {
	run_funded(|| {
		MaxStoreGranted::set(&StoreAmount { statements: u64::MAX, bytes: u64::MAX });
		let mut parameters = DEFAULT_PARAMETERS;
		parameters.max_store_size = u32::MAX;
		assert_ok!(Policy::set_parameters(RuntimeOrigin::root(), parameters));
		fund(ALICE, 10 * u32::MAX as Balance);
		assert_ok!(Policy::set_store_allowance(RuntimeOrigin::signed(ALICE), DEVICE, 1, u32::MAX));
		assert_noop!(buy(DEVICE, 1, 1), Error::<Test>::AllowanceOverflow);
	});
}

#[test]
fn removing_without_an_own_allowance_is_refused() {
	run_funded(|| {
		assert_noop!(drop_own(DEVICE), Error::<Test>::NoStoreAllowance);
		// A DID's allowance on the account is not the account's own.
		assert_ok!(Policy::set_store_allowance(RuntimeOrigin::signed(ALICE), DEVICE, 4, 300));
		assert_noop!(drop_own(DEVICE), Error::<Test>::NoStoreAllowance);
	});
}

#[test]
fn own_allowances_need_a_signed_origin() {
	run_funded(|| {
		for origin in [RuntimeOrigin::none(), RuntimeOrigin::root()] {
			assert_noop!(
				Policy::set_own_store_allowance(origin.clone(), 1, 1),
				DispatchError::BadOrigin
			);
			assert_noop!(Policy::remove_own_store_allowance(origin), DispatchError::BadOrigin);
		}
	});
}

#[test]
fn try_state_catches_an_own_allowance_whose_deposit_is_not_held() {
	run_funded(|| {
		assert_ok!(buy(DEVICE, 4, 300));
		AccountAllowances::<Test>::mutate(DEVICE, |allowance| {
			allowance.as_mut().unwrap().deposit.amount += 1;
		});
		assert!(crate::try_state::check::<Test>().is_err());
		// Put it back, for the check `run` ends with.
		AccountAllowances::<Test>::mutate(DEVICE, |allowance| {
			allowance.as_mut().unwrap().deposit.amount -= 1;
		});
	});
}

//! All store allowances together — DIDs' and accounts' own — never grant more than
//! `Config::MaxStoreGranted`, which leaves room in every node's statement store.

use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
use missive_primitives::{did::OnDidDeactivated, policy::StoreAmount, testing::MockDids};
use sp_statement_store::StatementAllowance;

use super::*;
use crate::{Error, StoreGranted};

const DEVICE: AccountId = 100;
/// An account with no DID, buying its own allowance.
const POSTER: AccountId = 102;

fn allow(who: AccountId, max_count: u32, max_size: u32) -> sp_runtime::DispatchResult {
	Policy::set_store_allowance(RuntimeOrigin::signed(who), DEVICE, max_count, max_size)
}

fn buy(who: AccountId, max_count: u32, max_size: u32) -> sp_runtime::DispatchResult {
	Policy::set_own_store_allowance(RuntimeOrigin::signed(who), max_count, max_size)
}

fn granted() -> StoreAmount {
	StoreGranted::<Test>::get()
}

/// Alice, Bob and Charlie each grant the largest allowance: the store is full.
fn fill_the_store() {
	for who in [ALICE, BOB, CHARLIE] {
		assert_ok!(allow(who, MAX_STORE_COUNT, MAX_STORE_SIZE));
	}
	assert_eq!(granted(), MAX_STORE_GRANTED);
}

#[test]
fn allowances_add_up_to_what_is_granted() {
	run(|| {
		assert_ok!(allow(ALICE, 4, 300));
		<Balances as Mutate<AccountId>>::set_balance(&POSTER, ENDOWMENT);
		assert_ok!(buy(POSTER, 2, 100));
		assert_eq!(granted(), StoreAmount { statements: 6, bytes: 400 });
		assert_ok!(Policy::remove_store_allowance(RuntimeOrigin::signed(ALICE)));
		assert_eq!(granted(), StoreAmount { statements: 2, bytes: 100 });
		assert_ok!(Policy::remove_own_store_allowance(RuntimeOrigin::signed(POSTER)));
		assert_eq!(granted(), StoreAmount::default());
	});
}

#[test]
fn an_allowance_beyond_the_stores_capacity_is_refused() {
	run(|| {
		fill_the_store();
		// One statement more, or one byte more, does not fit: refused, nothing changed.
		assert_noop!(allow(DAVE, 1, 0), Error::<Test>::ZeroAllowance);
		assert_noop!(allow(DAVE, 1, 1), Error::<Test>::StoreCapacityExceeded);
		<Balances as Mutate<AccountId>>::set_balance(&POSTER, ENDOWMENT);
		assert_noop!(buy(POSTER, 1, 1), Error::<Test>::StoreCapacityExceeded);
		assert_eq!(store_allowance(POSTER), StatementAllowance::default());
	});
}

#[test]
fn the_capacity_counts_statements_and_bytes_apart() {
	run(|| {
		MaxStoreGranted::set(&StoreAmount { statements: 5, bytes: 10_000 });
		assert_ok!(allow(ALICE, 5, 10));
		assert_noop!(allow(BOB, 1, 10), Error::<Test>::StoreCapacityExceeded);
		MaxStoreGranted::set(&StoreAmount { statements: 10_000, bytes: 15 });
		assert_ok!(Policy::remove_store_allowance(RuntimeOrigin::signed(ALICE)));
		assert_ok!(allow(ALICE, 1, 15));
		assert_noop!(allow(BOB, 1, 1), Error::<Test>::StoreCapacityExceeded);
	});
}

#[test]
fn replacing_an_allowance_frees_its_share_first() {
	run(|| {
		fill_the_store();
		// Alice's new allowance takes the place of her old one.
		assert_ok!(allow(ALICE, MAX_STORE_COUNT, MAX_STORE_SIZE - 1));
		assert_ok!(allow(ALICE, MAX_STORE_COUNT, MAX_STORE_SIZE));
		assert_eq!(granted(), MAX_STORE_GRANTED);
	});
}

#[test]
fn replacing_an_own_allowance_frees_its_share_first() {
	run(|| {
		<Balances as Mutate<AccountId>>::set_balance(&POSTER, ENDOWMENT);
		for who in [ALICE, BOB] {
			assert_ok!(allow(who, MAX_STORE_COUNT, MAX_STORE_SIZE));
		}
		assert_ok!(buy(POSTER, MAX_STORE_COUNT, MAX_STORE_SIZE));
		assert_eq!(granted(), MAX_STORE_GRANTED);
		assert_ok!(buy(POSTER, MAX_STORE_COUNT, MAX_STORE_SIZE));
		assert_eq!(granted(), MAX_STORE_GRANTED);
	});
}

#[test]
fn a_replacement_beyond_the_bound_is_refused_and_the_old_allowance_stays() {
	run(|| {
		assert_ok!(allow(ALICE, 1, 1));
		for who in [BOB, CHARLIE] {
			assert_ok!(allow(who, MAX_STORE_COUNT, MAX_STORE_SIZE));
		}
		// Alice's old share comes back first, yet the new one does not fit: nothing moves.
		assert_noop!(
			allow(ALICE, MAX_STORE_COUNT, MAX_STORE_SIZE + 1),
			Error::<Test>::AllowanceTooLarge
		);
		MaxStoreGranted::set(&StoreAmount {
			statements: 2 * MAX_STORE_COUNT as u64 + 5,
			bytes: MAX_STORE_GRANTED.bytes,
		});
		assert_noop!(allow(ALICE, 6, 1), Error::<Test>::StoreCapacityExceeded);
		assert_eq!(
			store_allowance(DEVICE),
			StatementAllowance::new(2 * MAX_STORE_COUNT + 1, 2 * MAX_STORE_SIZE + 1)
		);
	});
}

#[test]
fn a_withdrawn_allowance_makes_room() {
	run(|| {
		fill_the_store();
		assert_ok!(Policy::remove_store_allowance(RuntimeOrigin::signed(BOB)));
		assert_ok!(allow(DAVE, MAX_STORE_COUNT, MAX_STORE_SIZE));
		// A DID's deactivation withdraws its allowance, and its share with it.
		assert_ok!(<Policy as OnDidDeactivated>::on_deactivated(&did(CHARLIE)));
		<Balances as Mutate<AccountId>>::set_balance(&POSTER, ENDOWMENT);
		assert_ok!(buy(POSTER, MAX_STORE_COUNT, MAX_STORE_SIZE));
		assert_eq!(granted(), MAX_STORE_GRANTED);
	});
}

#[test]
fn reaping_a_deactivated_dids_allowance_makes_room() {
	run(|| {
		fill_the_store();
		MockDids::deactivate(&did(CHARLIE));
		assert_ok!(Policy::reap(RuntimeOrigin::signed(EVE), did(CHARLIE)));
		assert_eq!(
			granted(),
			StoreAmount {
				statements: 2 * MAX_STORE_COUNT as u64,
				bytes: 2 * MAX_STORE_SIZE as u64
			}
		);
	});
}

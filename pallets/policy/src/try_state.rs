//! Invariants of the policy pallet's storage, checked after every block under
//! try-runtime and after every unit test.

use alloc::collections::BTreeMap;
use codec::Encode;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

use missive_primitives::policy::StoreAmount;

use crate::{
	AccountAllowances, BalanceOf, Config, HoldReason, Inboxes, Parameters, StoreAllowances,
	StoreGranted, Usage,
};

pub(crate) fn check<T: Config>() -> Result<(), TryRuntimeError> {
	Parameters::<T>::get().validate().map_err(|_| "the parameters do not validate")?;

	// Deposits recorded per owner, per hold reason.
	let mut inbox_deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
	for (_, record) in Inboxes::<T>::iter() {
		let policy = record.policy;
		ensure!(
			policy.max_per_sender != Some(0) && policy.max_payload_size != Some(0),
			"an inbox policy has a zero limit"
		);
		ensure!(policy.retention.is_none_or(|r| !r.is_zero()), "an inbox policy keeps nothing");
		inbox_deposits
			.entry(record.deposit.owner)
			.or_default()
			.saturating_accrue(record.deposit.amount);
	}
	let mut allowance_deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
	// Allowances granted per account, summed wider than the store's `u32` counters.
	let mut granted = BTreeMap::<T::AccountId, (u64, u64)>::new();
	for (_, allowance) in StoreAllowances::<T>::iter() {
		ensure!(allowance.max_count > 0 && allowance.max_size > 0, "an empty store allowance");
		allowance_deposits
			.entry(allowance.deposit.owner)
			.or_default()
			.saturating_accrue(allowance.deposit.amount);
		let sum = granted.entry(allowance.account).or_default();
		sum.0 += u64::from(allowance.max_count);
		sum.1 += u64::from(allowance.max_size);
	}
	// An account's own allowance: held from the account itself, one per account.
	let mut own_deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
	for (account, allowance) in AccountAllowances::<T>::iter() {
		ensure!(allowance.max_count > 0 && allowance.max_size > 0, "an empty account allowance");
		ensure!(
			allowance.deposit.owner == account,
			"an account allowance's deposit is held from another account"
		);
		own_deposits.insert(account.clone(), allowance.deposit.amount);
		let sum = granted.entry(account).or_default();
		sum.0 += u64::from(allowance.max_count);
		sum.1 += u64::from(allowance.max_size);
	}
	let owners = inbox_deposits.keys().chain(allowance_deposits.keys()).chain(own_deposits.keys());
	for owner in owners {
		for (reason, recorded) in [
			(HoldReason::InboxPolicyDeposit, &inbox_deposits),
			(HoldReason::StoreAllowanceDeposit, &allowance_deposits),
			(HoldReason::AccountAllowanceDeposit, &own_deposits),
		] {
			let expected = recorded.get(owner).copied().unwrap_or_else(Zero::zero);
			ensure!(
				T::Currency::balance_on_hold(&reason.into(), owner) == expected,
				"balance on hold differs from the deposits recorded for the account"
			);
		}
	}
	let total = granted.values().fold(StoreAmount::default(), |total, (count, size)| StoreAmount {
		statements: total.statements + count,
		bytes: total.bytes + size,
	});
	ensure!(
		StoreGranted::<T>::get() == total,
		"the store's granted total differs from the allowances"
	);
	ensure!(
		total.fits_in(&T::MaxStoreGranted::get()),
		"the allowances grant more than the statement store holds"
	);
	for (account, (count, size)) in granted {
		let allowance = sp_statement_store::get_allowance(account.encode());
		ensure!(
			(u64::from(allowance.max_count), u64::from(allowance.max_size)) == (count, size),
			"the statement store's allowance differs from the sum of the allowances granted"
		);
	}

	for (_, usage) in Usage::<T>::iter() {
		let recipients = &usage.recipients;
		for (i, (did, count)) in recipients.iter().enumerate() {
			ensure!(*count > 0, "a usage record counts a recipient sent nothing");
			ensure!(
				recipients[..i].iter().all(|(earlier, _)| earlier != did),
				"a usage record lists a recipient twice"
			);
		}
		let to_dids: u64 = recipients.iter().map(|(_, count)| u64::from(*count)).sum();
		ensure!(
			to_dids <= u64::from(usage.sent),
			"a usage record counts more per recipient than sent"
		);
	}
	Ok(())
}

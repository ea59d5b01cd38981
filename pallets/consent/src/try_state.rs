//! Invariants of the consent pallet's storage, checked after every block under
//! try-runtime and after every unit test.

use alloc::collections::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::{traits::Zero, TryRuntimeError};

use crate::{BalanceOf, Config, Contacts, Grants, HoldReason, Requests};

pub(crate) fn check<T: Config>() -> Result<(), TryRuntimeError> {
	let mut recorded: BTreeMap<(u8, T::AccountId), BalanceOf<T>> = BTreeMap::new();
	let mut add = |reason: u8, owner: &T::AccountId, amount: BalanceOf<T>| {
		let total = recorded.entry((reason, owner.clone())).or_insert_with(Zero::zero);
		*total += amount;
	};
	for ((grantor, grantee, _), grant) in Grants::<T>::iter() {
		ensure!(grantor != grantee, "a DID holds a grant to itself");
		add(0, &grant.deposit.owner, grant.deposit.amount);
	}
	for (recipient, requester, request) in Requests::<T>::iter() {
		ensure!(recipient != requester, "a DID has a request to itself");
		ensure!(request.expires_at > request.filed_at, "a request expires before it was filed");
		add(1, &request.deposit.owner, request.deposit.amount);
	}
	for (owner, contact, entry) in Contacts::<T>::iter() {
		ensure!(owner != contact, "a DID lists itself");
		add(2, &entry.deposit.owner, entry.deposit.amount);
	}
	let reasons = [HoldReason::Grant, HoldReason::Request, HoldReason::Contact];
	for ((reason, owner), amount) in recorded {
		let held = T::Currency::balance_on_hold(&reasons[reason as usize].into(), &owner);
		ensure!(held == amount, "held deposits differ from the recorded deposits");
	}
	Ok(())
}

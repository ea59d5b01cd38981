//! Deactivating a DID for good, leaving its tombstone, and reaping the keys it kept.

use alloc::vec::Vec;
use frame_support::{dispatch::DispatchResultWithPostInfo, ensure, traits::Get};
use missive_primitives::did::{bounds::MAX_KEYS_PER_DID, DidId, OnDidDeactivated};
use sp_runtime::traits::Saturating;

use crate::{
	Config, DidCount, DidKeys, DidRecordOf, Dids, Error, Event, HoldReason, LiveDids, Pallet,
	PendingRecoveries, RetainedKeySet, RetainedKeys, Tombstone, Tombstones, WeightInfo,
};

impl<T: Config> Pallet<T> {
	/// [`Pallet::deactivate`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_deactivate(did: DidId, record: DidRecordOf<T>) -> DispatchResultWithPostInfo {
		let now = frame_system::Pallet::<T>::block_number();
		let reason = HoldReason::DidDeposit.into();
		// The tombstone is permanent state: its deposit is burned. The kept keys' deposit
		// stays held until they are reaped; the rest is returned.
		let mut deposit = record.deposit;
		let keys_deposit = T::KeyDeposit::get().saturating_mul(record.key_count.into());
		deposit
			.set_amount::<T::Currency>(
				&reason,
				keys_deposit.saturating_add(T::TombstoneDeposit::get()),
			)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
		deposit.burn::<T::Currency>(&reason, T::TombstoneDeposit::get());
		// Every key stops being valid now, and stays on record so that what it signed
		// before verifies while it may be retained.
		let keys: Vec<_> = DidKeys::<T>::iter_prefix(did).take(MAX_KEYS_PER_DID as usize).collect();
		let kept = keys.len() as u32;
		for (key_id, mut key) in keys {
			if key.revoked.is_none() {
				key.revoked = Some(now);
				DidKeys::<T>::insert(did, key_id, key);
			}
		}
		RetainedKeys::<T>::insert(
			did,
			RetainedKeySet { deposit, reapable_from: now.saturating_add(T::KeyRetention::get()) },
		);
		if let Some(pending) = PendingRecoveries::<T>::take(did) {
			pending.deposit.release::<T::Currency>(&HoldReason::RecoveryDeposit.into());
		}
		Dids::<T>::remove(did);
		LiveDids::<T>::remove(did);
		Tombstones::<T>::insert(
			did,
			Tombstone {
				created: record.document.created,
				deactivated: now,
				version: record.document.version.saturating_add(1),
			},
		);
		DidCount::<T>::mutate(|count| *count = count.saturating_sub(1));
		T::OnDeactivated::on_deactivated(&did)?;
		Self::deposit_event(Event::DidDeactivated { did });
		Ok(Some(T::WeightInfo::deactivate(kept).saturating_add(T::OnDeactivated::weight())).into())
	}

	/// [`Pallet::reap_retained_keys`], submitted by anyone.
	pub(crate) fn do_reap_retained_keys(did: DidId) -> DispatchResultWithPostInfo {
		let retained = RetainedKeys::<T>::get(did).ok_or(Error::<T>::NoRetainedKeys)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= retained.reapable_from, Error::<T>::KeyInRetention);
		// Counted as removed here: `clear_prefix` does not count what this block wrote.
		let key_ids: Vec<_> =
			DidKeys::<T>::iter_key_prefix(did).take(MAX_KEYS_PER_DID as usize).collect();
		let keys = key_ids.len() as u32;
		for key_id in key_ids {
			DidKeys::<T>::remove(did, key_id);
		}
		retained.deposit.release::<T::Currency>(&HoldReason::DidDeposit.into());
		RetainedKeys::<T>::remove(did);
		Self::deposit_event(Event::RetainedKeysReaped { did, keys });
		Ok(Some(T::WeightInfo::reap_retained_keys(keys)).into())
	}
}

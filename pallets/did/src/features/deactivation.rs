//! Deactivating a DID for good, leaving its tombstone.

use frame_support::{dispatch::DispatchResultWithPostInfo, traits::Get};
use missive_primitives::did::{bounds::MAX_KEYS_PER_DID, DidId, OnDidDeactivated};

use crate::{
	Config, DidCount, DidKeys, DidRecordOf, Dids, Event, HoldReason, LiveDids, Pallet,
	PendingRecoveries, Tombstone, Tombstones, WeightInfo,
};

impl<T: Config> Pallet<T> {
	/// [`Pallet::deactivate`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_deactivate(did: DidId, record: DidRecordOf<T>) -> DispatchResultWithPostInfo {
		let removed = DidKeys::<T>::clear_prefix(did, MAX_KEYS_PER_DID, None).unique;
		// The tombstone is permanent state: its deposit is burned, the rest returned.
		record
			.deposit
			.forfeit::<T::Currency>(&HoldReason::DidDeposit.into(), T::TombstoneDeposit::get());
		if let Some(pending) = PendingRecoveries::<T>::take(did) {
			pending.deposit.release::<T::Currency>(&HoldReason::RecoveryDeposit.into());
		}
		let now = frame_system::Pallet::<T>::block_number();
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
		Ok(Some(T::WeightInfo::deactivate(removed).saturating_add(T::OnDeactivated::weight()))
			.into())
	}
}

//! Invariants of the DID pallet's storage, checked after every block under
//! try-runtime and after every unit test.

use frame_support::{ensure, traits::Get};
use missive_primitives::did::bounds::MAX_KEYS_PER_DID;
use sp_runtime::{traits::Saturating, TryRuntimeError};

use crate::{
	Config, DidCount, DidKeys, Dids, LiveDids, Pallet, PendingRecoveries, RetainedKeys, Tombstones,
};

pub(crate) fn check<T: Config>() -> Result<(), TryRuntimeError> {
	let mut live = 0u32;
	for (did, record) in Dids::<T>::iter() {
		live += 1;
		ensure!(!Tombstones::<T>::contains_key(did), "a live DID has a tombstone");
		let keys = DidKeys::<T>::iter_prefix(did).count() as u32;
		ensure!(keys == record.key_count, "key_count differs from the DID's key records");
		ensure!(keys <= MAX_KEYS_PER_DID, "more key records than MAX_KEYS_PER_DID");
		for (key_id, relationship) in record.document.current_keys() {
			let key = DidKeys::<T>::get(did, key_id).ok_or("a current key has no record")?;
			ensure!(key.relationship == relationship, "a current key has another relationship");
			ensure!(key.revoked.is_none(), "a current key is revoked");
		}
		// The current keys' records were checked above, so the summary's assertion key
		// is the record's.
		ensure!(
			LiveDids::<T>::get(did) == Some(Pallet::<T>::live_summary(&did, &record)),
			"a live DID's summary differs from its record"
		);
		ensure!(
			record.deposit.amount == Pallet::<T>::required_deposit(&record),
			"held deposit differs from the computed deposit"
		);
		ensure!(!record.document.controllers.contains(&did), "a DID controls itself");
		if let Some(config) = &record.recovery {
			ensure!(
				config.threshold >= 1 && config.threshold as usize <= config.guardians.len(),
				"recovery threshold out of range"
			);
		}
	}
	ensure!(live == DidCount::<T>::get(), "DidCount differs from the number of live DIDs");
	ensure!(LiveDids::<T>::iter_keys().count() as u32 == live, "a DID summary without a live DID");
	for (did, _) in DidKeys::<T>::iter_keys() {
		ensure!(
			Dids::<T>::contains_key(did) || RetainedKeys::<T>::contains_key(did),
			"a key record of a DID neither live nor keeping its keys after deactivation"
		);
	}
	for (did, retained) in RetainedKeys::<T>::iter() {
		let tombstone =
			Tombstones::<T>::get(did).ok_or("retained keys of a DID never deactivated")?;
		let mut keys = 0u32;
		for key in DidKeys::<T>::iter_prefix_values(did) {
			keys += 1;
			ensure!(
				key.revoked.is_some_and(|revoked| revoked <= tombstone.deactivated),
				"a retained key was valid after its DID's deactivation"
			);
		}
		ensure!(
			retained.deposit.amount == T::KeyDeposit::get().saturating_mul(keys.into()),
			"retained keys' deposit differs from their number"
		);
	}
	for (did, pending) in PendingRecoveries::<T>::iter() {
		let record = Dids::<T>::get(did).ok_or("a pending recovery of a DID that is not live")?;
		let config = record.recovery.ok_or("a pending recovery without recovery config")?;
		ensure!(
			pending.approvals.iter().all(|guardian| config.guardians.contains(guardian)),
			"a recovery approval by a non-guardian"
		);
	}
	Ok(())
}

//! Reading and writing a live DID's record and its [`LiveDid`] summary.

use frame_system::pallet_prelude::BlockNumberFor;
use missive_primitives::did::DidId;

use crate::{Config, DidRecordOf, Dids, Error, LiveDid, LiveDidOf, LiveDids, Pallet, Tombstones};

impl<T: Config> Pallet<T> {
	/// The record of a live DID, or why there is none.
	pub(crate) fn live_record(did: &DidId) -> Result<DidRecordOf<T>, Error<T>> {
		Dids::<T>::get(did).ok_or_else(|| {
			if Tombstones::<T>::contains_key(did) {
				Error::<T>::DidDeactivated
			} else {
				Error::<T>::DidNotFound
			}
		})
	}

	/// Stores a changed document as a new version.
	pub(crate) fn save(did: DidId, mut record: DidRecordOf<T>, now: BlockNumberFor<T>) {
		record.document.version = record.document.version.saturating_add(1);
		record.document.updated = now;
		Self::put_record(did, record);
	}

	/// Stores `did`'s record and its [`LiveDid`] summary, which follows the record's
	/// assertion key and deposit owner (written only when one of them changed).
	/// Only a call's nonce changes without this.
	pub(crate) fn put_record(did: DidId, record: DidRecordOf<T>) {
		let live = Self::live_summary(&did, &record);
		if LiveDids::<T>::get(did).as_ref() != Some(&live) {
			LiveDids::<T>::insert(did, live);
		}
		Dids::<T>::insert(did, record);
	}

	/// What `LiveDids` holds for `did`, whose record is `record`.
	pub(crate) fn live_summary(did: &DidId, record: &DidRecordOf<T>) -> LiveDidOf<T> {
		let assertion_key = record
			.document
			.assertion
			.and_then(|key_id| Self::verification_key_of(did, &key_id).ok());
		LiveDid { assertion_key, funder: record.deposit.owner.clone() }
	}
}

//! What the runtime API and other pallets read about DIDs.

use alloc::{boxed::Box, vec::Vec};
use frame_system::pallet_prelude::BlockNumberFor;
use missive_primitives::{
	did::{bounds::MAX_KEYS_PER_DID, DidId, DidVerificationKey, KeyId, KeyRelationship},
	runtime_api::DidResolution,
};

use crate::{Config, DidKeys, Dids, KeyRecordOf, LiveDids, Pallet, Tombstones};

impl<T: Config> Pallet<T> {
	/// The DID's state, as the `DidApi` runtime API returns it: the document with
	/// every key record the DID keeps (at most `MAX_KEYS_PER_DID`).
	pub fn resolve(did: &DidId) -> DidResolution<BlockNumberFor<T>> {
		if let Some(record) = Dids::<T>::get(did) {
			let keys = Self::key_records(did);
			return DidResolution::Active { document: Box::new(record.document), keys };
		}
		match Tombstones::<T>::get(did) {
			Some(tombstone) => DidResolution::Deactivated {
				created: tombstone.created,
				deactivated: tombstone.deactivated,
				version: tombstone.version,
			},
			None => DidResolution::NotFound,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Every key record kept for `did` (at most `MAX_KEYS_PER_DID`): a live DID's,
	/// current and rotated out, or a deactivated DID's until they are reaped, all
	/// revoked at its deactivation. As the `DidApi::key_history` runtime API returns
	/// them.
	pub fn key_records(did: &DidId) -> Vec<(KeyId, KeyRecordOf<T>)> {
		DidKeys::<T>::iter_prefix(did).take(MAX_KEYS_PER_DID as usize).collect()
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// For other pallets' benchmarks: makes `did` a live DID whose assertion key is
	/// `key` and whose deposit `funder` holds (writing it straight into storage if
	/// needed).
	pub fn benchmark_set_assertion_key(did: DidId, key: DidVerificationKey, funder: &T::AccountId) {
		crate::benchmarking::set_assertion_key::<T>(did, key, funder)
	}
}

impl<T: Config> missive_primitives::did::DidLookup<BlockNumberFor<T>> for Pallet<T> {
	fn is_active(did: &DidId) -> bool {
		LiveDids::<T>::contains_key(did)
	}

	fn key_valid_at(
		did: &DidId,
		key: &KeyId,
		relationship: KeyRelationship,
		at: BlockNumberFor<T>,
	) -> bool {
		// A deactivated DID's kept keys were all revoked at its deactivation.
		DidKeys::<T>::get(did, key).is_some_and(|record| record.valid_at(relationship, at))
	}

	fn verification_key(did: &DidId, relationship: KeyRelationship) -> Option<DidVerificationKey> {
		match relationship {
			KeyRelationship::AssertionMethod => LiveDids::<T>::get(did)?.assertion_key,
			_ => {
				let key_id = Dids::<T>::get(did)?.document.signing_key(relationship)?;
				Self::verification_key_of(did, &key_id).ok()
			},
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_did(seed: u32) -> DidId {
		crate::benchmarking::active_did::<T>(seed)
	}
}

impl<T: Config> missive_primitives::did::DidFunding<T::AccountId> for Pallet<T> {
	fn is_funded_by(did: &DidId, account: &T::AccountId) -> bool {
		LiveDids::<T>::get(did).is_some_and(|live| live.funder == *account)
	}
}

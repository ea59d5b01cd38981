//! Storage migrations of the envelope pallet.

/// Version 1: inbox keys number a block's commitments by their events, so the counter
/// that numbered them, `BlockIndex`, goes; and the prune cursor, which the first
/// commitment used to start, is always set.
pub mod v1 {
	use crate::{Config, Pallet, PruneCursor};
	use frame_support::{
		migrations::VersionedMigration,
		storage::{storage_prefix, unhashed},
		traits::{Get, PalletInfoAccess, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// The key `BlockIndex` was stored under.
	pub fn block_index_key<T: Config>() -> [u8; 32] {
		storage_prefix(<Pallet<T> as PalletInfoAccess>::name().as_bytes(), b"BlockIndex")
	}

	/// Removes `BlockIndex`, and starts the prune cursor at the current block if no
	/// commitment has started it (nothing can expire before): one read, two writes.
	pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			unhashed::kill(&block_index_key::<T>());
			if !PruneCursor::<T>::exists() {
				PruneCursor::<T>::put(frame_system::Pallet::<T>::block_number());
			}
			T::DbWeight::get().reads_writes(1, 2)
		}
	}

	/// [`InnerMigrateToV1`], run once: from storage version 0 to 1.
	pub type MigrateToV1<T> = VersionedMigration<
		0,
		1,
		InnerMigrateToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

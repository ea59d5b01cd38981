//! Storage migrations of the DID pallet.

/// Version 1: every live DID gets its [`crate::LiveDid`] summary, which message
/// commitments read instead of the whole record.
pub mod v1 {
	use crate::{Config, Dids, LiveDids, Pallet};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// Writes the summary of every live DID, in one block: per DID, two reads (its
	/// record and its assertion key) and one write. The
	/// chains this runtime serves hold few enough DIDs for that; a chain with many
	/// would run it as a multi-block migration.
	pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut dids = 0u64;
			for (did, record) in Dids::<T>::iter() {
				LiveDids::<T>::insert(did, Pallet::<T>::live_summary(&did, &record));
				dids += 1;
			}
			T::DbWeight::get().reads_writes(dids.saturating_mul(2), dids)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			frame_support::ensure!(
				LiveDids::<T>::iter_keys().count() == Dids::<T>::iter_keys().count(),
				"every live DID has a summary"
			);
			Ok(())
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

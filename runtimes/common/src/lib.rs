//! The one definition of what the Missive runtimes share.
//!
//! Missive builds two runtimes: the solochain (`missive-runtime`: Aura + GRANDPA, its
//! own validators) and the parachain (`missive-parachain-runtime`: Cumulus, collators,
//! XCM). They differ only in consensus, collation and messaging between chains.
//! Everything Missive users see — DIDs, consent, policies, envelopes, balances and fees,
//! sudo and batching, their pallet names and indices, and the runtime APIs — is defined
//! here once:
//!
//! - [`parameters`]: deposits, lifetimes, the default messaging rules, block length.
//! - [`impl_missive_pallets!`]: the `Config` of every shared pallet and the DID call
//!   roles, expanded inside each runtime (a trait impl for a runtime's `Runtime` can only
//!   live in the runtime's crate).
//! - [`impl_missive_runtime_apis!`]: `impl_runtime_apis!` with every API both runtimes
//!   serve, plus the runtime's own.
//!
//! The macros name the runtime's items as `crate::Did`, `crate::Executive`, … (and
//! the API impls' `Runtime` and `Block` as the expanding scope has them): both
//! runtimes declare the shared pallets under the same names.
#![cfg_attr(not(feature = "std"), no_std)]

mod apis;
mod pallets;
pub mod parameters;
pub mod weights;

/// The storage migrations of Missive's pallets that the next runtime upgrade runs, for
/// either runtime. Each is versioned: it runs once, then only reads the version.
pub type MissiveMigrations<Runtime> = (
	pallet_did::migrations::v1::MigrateToV1<Runtime>,
	pallet_envelope::migrations::v1::MigrateToV1<Runtime>,
);

// What the macros expand to, reachable from the runtimes through `$crate`.
#[doc(hidden)]
pub mod reexport {
	pub use frame_support;
	pub use frame_system;
	pub use missive_primitives;
	pub use pallet_balances;
	pub use pallet_consent;
	pub use pallet_did;
	pub use pallet_envelope;
	pub use pallet_policy;
	pub use pallet_sudo;
	pub use pallet_transaction_payment;
	pub use pallet_utility;
	pub use sp_runtime;
}

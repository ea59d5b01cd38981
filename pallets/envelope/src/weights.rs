//! Weights for `pallet_envelope`, in the layout `missive-node benchmark pallet` generates (CLI 64.0.0).
//!
//! NOT MEASURED: hand-written placeholders in the range of `pallet_did`'s and
//! `pallet_policy`'s figures (same per-read/write costs; `commit_*` is `submit_did_call_*`'s
//! signature check plus `pallet_policy`'s reads), until `scripts/benchmark.sh envelope`
//! replaces this file.
//! STEPS: `20`, REPEAT: `10`, MACHINE: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//!
//! Regenerate with `scripts/benchmark.sh`. The command that will produce this file:
//!   /root/.cache/missive-target/debug/missive-node
//!   benchmark
//!   pallet
//!   --runtime
//!   /root/.cache/missive-target/debug/wbuild/missive-runtime/missive_runtime.wasm
//!   --genesis-builder
//!   runtime
//!   --genesis-builder-preset
//!   development
//!   --pallet
//!   pallet_envelope
//!   --extrinsic
//!   *
//!   --steps
//!   20
//!   --repeat
//!   10
//!   --template
//!   scripts/frame-weight-template.hbs
//!   --output
//!   pallets/envelope/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// Weight functions of `pallet_envelope`'s calls.
pub trait WeightInfo {
	fn commit_ed25519() -> Weight;
	fn commit_sr25519() -> Weight;
	fn commit_ecdsa() -> Weight;
	fn commit_batch() -> Weight;
	fn acknowledge() -> Weight;
	fn prune_envelope() -> Weight;
	fn prune_batch() -> Weight;
	fn prune_empty_bucket() -> Weight;
}

/// Measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Envelope::Commitments` (r:1 w:1)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Storage: `Did::Dids` (r:2 w:0)
	/// Storage: `Did::DidKeys` (r:1 w:0)
	/// Storage: `Policy::Parameters` (r:1 w:0)
	/// Storage: `Policy::Inboxes` (r:1 w:0)
	/// Storage: `Consent::Contacts` (r:1 w:0)
	/// Storage: `Consent::Grants` (r:2 w:0)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Storage: `Policy::Usage` (r:1 w:1)
	/// Storage: `Envelope::BlockIndex` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `Envelope::PruneCursor` (r:1 w:1)
	/// Storage: `Envelope::ExpiringCount` (r:1 w:1)
	/// Storage: `Envelope::Expiring` (r:0 w:1)
	/// Storage: `Envelope::Inbox` (r:0 w:1)
	fn commit_ed25519() -> Weight {
		// Proof size in bytes, measured: `3480`
		// Proof size in bytes, estimated: `11248`
		// Minimum execution time: 610_000_000 picoseconds.
		Weight::from_parts(720_000_000, 11248)
			.saturating_add(T::DbWeight::get().reads(18_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: as `commit_ed25519`.
	fn commit_sr25519() -> Weight {
		// Proof size in bytes, measured: `3480`
		// Proof size in bytes, estimated: `11248`
		// Minimum execution time: 580_000_000 picoseconds.
		Weight::from_parts(690_000_000, 11248)
			.saturating_add(T::DbWeight::get().reads(18_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: as `commit_ed25519`.
	fn commit_ecdsa() -> Weight {
		// Proof size in bytes, measured: `3481`
		// Proof size in bytes, estimated: `11248`
		// Minimum execution time: 570_000_000 picoseconds.
		Weight::from_parts(675_000_000, 11248)
			.saturating_add(T::DbWeight::get().reads(18_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: `Envelope::Batches` (r:1 w:1)
	/// Storage: `Did::Dids` (r:1 w:0)
	/// Storage: `Policy::Parameters` (r:1 w:0)
	/// Storage: `Policy::Usage` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `Envelope::PruneCursor` (r:1 w:1)
	/// Storage: `Envelope::ExpiringCount` (r:1 w:1)
	/// Storage: `Envelope::Expiring` (r:0 w:1)
	fn commit_batch() -> Weight {
		// Proof size in bytes, measured: `2890`
		// Proof size in bytes, estimated: `11248`
		// Minimum execution time: 380_000_000 picoseconds.
		Weight::from_parts(450_000_000, 11248)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Envelope::Commitments` (r:1 w:1)
	fn acknowledge() -> Weight {
		// Proof size in bytes, measured: `520`
		// Proof size in bytes, estimated: `3922`
		// Minimum execution time: 120_000_000 picoseconds.
		Weight::from_parts(145_000_000, 3922)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Envelope::ExpiringCount` (r:1 w:1)
	/// Storage: `Envelope::Expiring` (r:1 w:1)
	/// Storage: `Envelope::Commitments` (r:1 w:1)
	/// Storage: `Envelope::Inbox` (r:0 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	fn prune_envelope() -> Weight {
		// Proof size in bytes, measured: `820`
		// Proof size in bytes, estimated: `3922`
		// Minimum execution time: 290_000_000 picoseconds.
		Weight::from_parts(340_000_000, 3922)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Envelope::ExpiringCount` (r:1 w:1)
	/// Storage: `Envelope::Expiring` (r:1 w:1)
	/// Storage: `Envelope::Batches` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	fn prune_batch() -> Weight {
		// Proof size in bytes, measured: `610`
		// Proof size in bytes, estimated: `3720`
		// Minimum execution time: 260_000_000 picoseconds.
		Weight::from_parts(310_000_000, 3720)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Envelope::ExpiringCount` (r:1 w:0)
	fn prune_empty_bucket() -> Weight {
		// Proof size in bytes, measured: `0`
		// Proof size in bytes, estimated: `3493`
		// Minimum execution time: 18_000_000 picoseconds.
		Weight::from_parts(22_000_000, 3493)
			.saturating_add(T::DbWeight::get().reads(1_u64))
	}
}

/// The same weights priced with ParityDB's reference weights, for mocks and tests.
impl WeightInfo for () {
	fn commit_ed25519() -> Weight {
		Weight::from_parts(720_000_000, 11248)
			.saturating_add(ParityDbWeight::get().reads(18_u64))
			.saturating_add(ParityDbWeight::get().writes(10_u64))
	}
	fn commit_sr25519() -> Weight {
		Weight::from_parts(690_000_000, 11248)
			.saturating_add(ParityDbWeight::get().reads(18_u64))
			.saturating_add(ParityDbWeight::get().writes(10_u64))
	}
	fn commit_ecdsa() -> Weight {
		Weight::from_parts(675_000_000, 11248)
			.saturating_add(ParityDbWeight::get().reads(18_u64))
			.saturating_add(ParityDbWeight::get().writes(10_u64))
	}
	fn commit_batch() -> Weight {
		Weight::from_parts(450_000_000, 11248)
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
	}
	fn acknowledge() -> Weight {
		Weight::from_parts(145_000_000, 3922)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn prune_envelope() -> Weight {
		Weight::from_parts(340_000_000, 3922)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn prune_batch() -> Weight {
		Weight::from_parts(310_000_000, 3720)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn prune_empty_bucket() -> Weight {
		Weight::from_parts(22_000_000, 3493)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
	}
}

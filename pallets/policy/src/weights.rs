
//! Weights for `pallet_policy`, in the layout `missive-node benchmark pallet` generates (CLI 64.0.0).
//!
//! NOT MEASURED: hand-written placeholders in the range of `pallet_did`'s measured
//! figures (same per-read/write costs), until `scripts/benchmark.sh policy` replaces this file.
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
//!   pallet_policy
//!   --extrinsic
//!   *
//!   --steps
//!   20
//!   --repeat
//!   10
//!   --template
//!   scripts/frame-weight-template.hbs
//!   --output
//!   pallets/policy/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// Weight functions of `pallet_policy`'s calls.
pub trait WeightInfo {
	fn set_inbox_policy() -> Weight;
	fn clear_inbox_policy() -> Weight;
	fn set_parameters() -> Weight;
	fn set_store_allowance() -> Weight;
	fn remove_store_allowance() -> Weight;
	fn reap() -> Weight;
}

/// Measured weights, priced with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Policy::Parameters` (r:1 w:0)
	/// Proof: `Policy::Parameters` (`max_values`: Some(1), `max_size`: Some(37), added: 532, mode: `MaxEncodedLen`)
	/// Storage: `Policy::Inboxes` (r:1 w:1)
	/// Proof: `Policy::Inboxes` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	fn set_inbox_policy() -> Weight {
		// Proof size in bytes, measured: `187`
		// Proof size in bytes, estimated: `3593`
		// Minimum execution time: 402_316_000 picoseconds.
		Weight::from_parts(468_905_000, 3593)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Policy::Inboxes` (r:1 w:1)
	/// Proof: `Policy::Inboxes` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	fn clear_inbox_policy() -> Weight {
		// Proof size in bytes, measured: `356`
		// Proof size in bytes, estimated: `3593`
		// Minimum execution time: 351_804_000 picoseconds.
		Weight::from_parts(397_112_000, 3593)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Policy::Parameters` (r:0 w:1)
	/// Proof: `Policy::Parameters` (`max_values`: Some(1), `max_size`: Some(37), added: 532, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof size in bytes, measured: `0`
		// Proof size in bytes, estimated: `0`
		// Minimum execution time: 61_542_000 picoseconds.
		Weight::from_parts(73_830_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Policy::Parameters` (r:1 w:0)
	/// Proof: `Policy::Parameters` (`max_values`: Some(1), `max_size`: Some(37), added: 532, mode: `MaxEncodedLen`)
	/// Storage: `Policy::StoreAllowances` (r:1 w:1)
	/// Proof: `Policy::StoreAllowances` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: UNKNOWN KEY `0x3a73746174656d656e745f616c6c6f77616e63653a` (r:2 w:2)
	/// Proof: UNKNOWN KEY `0x3a73746174656d656e745f616c6c6f77616e63653a` (r:2 w:2)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	fn set_store_allowance() -> Weight {
		// Proof size in bytes, measured: `612`
		// Proof size in bytes, estimated: `6196`
		// Minimum execution time: 817_455_000 picoseconds.
		Weight::from_parts(903_671_000, 6196)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Policy::StoreAllowances` (r:1 w:1)
	/// Proof: `Policy::StoreAllowances` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: UNKNOWN KEY `0x3a73746174656d656e745f616c6c6f77616e63653a` (r:1 w:1)
	/// Proof: UNKNOWN KEY `0x3a73746174656d656e745f616c6c6f77616e63653a` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	fn remove_store_allowance() -> Weight {
		// Proof size in bytes, measured: `455`
		// Proof size in bytes, estimated: `3920`
		// Minimum execution time: 442_017_000 picoseconds.
		Weight::from_parts(509_388_000, 3920)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Did::Dids` (r:1 w:0)
	/// Proof: `Did::Dids` (`max_values`: None, `max_size`: Some(7783), added: 10258, mode: `MaxEncodedLen`)
	/// Storage: `Policy::Inboxes` (r:1 w:1)
	/// Proof: `Policy::Inboxes` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `Policy::Usage` (r:1 w:1)
	/// Proof: `Policy::Usage` (`max_values`: None, `max_size`: Some(2361), added: 4836, mode: `MaxEncodedLen`)
	/// Storage: `Policy::StoreAllowances` (r:1 w:1)
	/// Proof: `Policy::StoreAllowances` (`max_values`: None, `max_size`: Some(136), added: 2611, mode: `MaxEncodedLen`)
	/// Storage: UNKNOWN KEY `0x3a73746174656d656e745f616c6c6f77616e63653a` (r:1 w:1)
	/// Proof: UNKNOWN KEY `0x3a73746174656d656e745f616c6c6f77616e63653a` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(85), added: 2560, mode: `MaxEncodedLen`)
	fn reap() -> Weight {
		// Proof size in bytes, measured: `3141`
		// Proof size in bytes, estimated: `11248`
		// Minimum execution time: 861_930_000 picoseconds.
		Weight::from_parts(972_245_000, 11248)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
}

/// The same weights priced with ParityDB's reference weights, for mocks and tests.
impl WeightInfo for () {
	fn set_inbox_policy() -> Weight {
		Weight::from_parts(468_905_000, 3593)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn clear_inbox_policy() -> Weight {
		Weight::from_parts(397_112_000, 3593)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(73_830_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_store_allowance() -> Weight {
		Weight::from_parts(903_671_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
	}
	fn remove_store_allowance() -> Weight {
		Weight::from_parts(509_388_000, 3920)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn reap() -> Weight {
		Weight::from_parts(972_245_000, 11248)
			.saturating_add(ParityDbWeight::get().reads(9_u64))
			.saturating_add(ParityDbWeight::get().writes(8_u64))
	}
}

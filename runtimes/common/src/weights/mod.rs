//! Weights of the upstream pallets both runtimes use, measured beside Missive's own by
//! `scripts/benchmark.sh` (release build, the solochain runtime, this project's
//! machine), so that a transfer and a message commitment are priced on one scale.
//!
//! The parachain charges them too: the pallets' code and configuration are the same,
//! and each runtime prices storage with its own database weights (`T::DbWeight`).

pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_utility;

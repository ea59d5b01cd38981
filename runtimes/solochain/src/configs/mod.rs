//! Configuration of every pallet in the runtime, one module per concern.
//!
//! The pallets every Missive runtime shares (balances and fees, sudo and batching,
//! DIDs, consent, policies, envelopes) are configured once, in
//! `missive-runtime-common`; this runtime adds its system limits and its consensus.

mod consensus;
mod system;

pub use missive_runtime_common::parameters::*;
pub use system::RuntimeBlockWeights;

missive_runtime_common::impl_missive_pallets!();

//! Configuration of every pallet in the parachain runtime.
//!
//! The pallets every Missive runtime shares come from `missive-runtime-common`; this
//! runtime adds its system limits and relay chain link ([`system`]), its collators
//! ([`collation`]) and messages between chains ([`xcm`]).

pub mod collation;
pub mod system;
pub mod xcm;

pub use missive_runtime_common::parameters::*;
pub use system::RuntimeBlockWeights;

missive_runtime_common::impl_missive_pallets!();

//! What an empty block and a no-op extrinsic cost on this chain, measured by
//! `scripts/benchmark.sh overhead` (`missive-node benchmark overhead`, release build):
//! the base of every block's and every extrinsic's weight.

pub mod block_weights;
pub mod extrinsic_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;

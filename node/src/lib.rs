//! Library half of `missive-node`: the binary's command line and services, and the
//! transaction signing that the benchmarks and the node's own tests share.

pub mod chain_spec;
pub mod cli;
pub mod command;
pub mod extrinsic;
pub mod rpc;
pub mod service;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

//! Library half of `missive-node`: the binary's command line and services, and the
//! transaction signing that the benchmarks and the node's own tests share.

// sc-cli's and sc-service's errors are upstream types, returned as they are.
#![allow(clippy::result_large_err)]

pub mod chain_spec;
pub mod cli;
pub mod command;
pub mod extrinsic;
pub mod rpc;
pub mod service;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

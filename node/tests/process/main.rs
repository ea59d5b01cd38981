//! The node as a real process, driven over JSON-RPC on loopback. One test binary, so
//! the node's dependency graph is linked once.

mod common;
mod dev_chain;
mod did;
mod faults;
mod messaging;
mod network;
mod restart;
mod statements;
mod two_nodes;
mod upgrade;

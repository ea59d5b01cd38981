//! How Missive's chain state is presented off chain: the W3C DID Resolution form of a
//! `did:missive` DID and the JSON of consent and envelope state. The node's RPC and the
//! client both build their answers here, so the same state reads the same from either;
//! `missive-primitives` keeps only what the runtime needs.

pub mod consent;
pub mod envelope;
pub mod w3c;

//! Missive's client SDK (and the `missive` CLI built on it).
//!
//! - [`keys`]: everything a user signs and decrypts with, derived from one BIP39 phrase.
//! - [`keystore`]: that phrase on disk, encrypted at rest (Argon2id + XChaCha20-Poly1305).
//! - [`message`]: a message signed by its sender's DID, then encrypted to every device of
//!   its recipient (HPKE, RFC 9180).
//! - [`topic`]: statement-store topics only the two parties of a message can compute.
//! - [`delivery`]: what one statement carries, and everything a recipient checks.
//! - [`sealed`]: private mode: a statement and a commitment that name nobody.
//! - [`received`]: what a recipient accepted, remembered across runs against replays.
//! - [`posted`]: what a sender still has in the store, counted against its allowance.
//! - [`journal`]: the small durable records those two keep.
//! - [`chain`]: the node, through subxt (typed from the runtime's metadata) and jsonrpsee.
//! - [`manage`]: DID, consent and inbox-policy transactions.
//! - [`messaging`]: send (alone or batched) and receive.
//! - [`devnet`]: two validators on loopback, for the end-to-end test and benchmarks.

#[cfg(feature = "chain")]
pub mod chain;
pub mod delivery;
#[cfg(feature = "chain")]
pub mod devnet;
pub mod journal;
pub mod keys;
pub mod keystore;
#[cfg(feature = "chain")]
pub mod manage;
pub mod message;
#[cfg(feature = "chain")]
pub mod messaging;
pub mod posted;
pub mod received;
pub mod sealed;
pub mod topic;

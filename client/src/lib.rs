//! Missive's client SDK.
//!
//! - [`keys`]: everything a user signs and decrypts with, derived from one BIP39 phrase.
//! - [`keystore`]: that phrase on disk, encrypted at rest (Argon2id + XChaCha20-Poly1305).
//! - [`message`]: a message signed by its sender's DID, then encrypted to every device of
//!   its recipient (HPKE, RFC 9180), as it travels through the statement store; what the
//!   chain commits to is the hash of that frame.

pub mod keys;
pub mod keystore;
pub mod message;

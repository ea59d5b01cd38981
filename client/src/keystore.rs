//! The keystore file: an identity's phrase, encrypted at rest, never in plain text.
//!
//! The key is Argon2id of the password with a random 16-byte salt (by default 19 MiB,
//! 2 passes, 1 lane: OWASP's minimum for Argon2id); the phrase is sealed with
//! XChaCha20-Poly1305 under a random 24-byte nonce. The file's version, KDF parameters
//! and salt are the AEAD's associated data, so changing any of them makes the file
//! fail to open rather than open with weaker settings. Files are written with mode
//! 0600.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	XChaCha20Poly1305, XNonce,
};
use codec::Encode;
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use std::path::Path;
use zeroize::Zeroizing;

use missive_primitives::did::DidId;

use crate::keys::Identity;

/// The format written today.
pub const KEYSTORE_VERSION: u32 = 1;

/// Argon2id's cost: memory in KiB, passes, lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Encode)]
#[serde(rename_all = "camelCase")]
pub struct KdfParams {
	pub memory_kib: u32,
	pub iterations: u32,
	pub parallelism: u32,
}

impl Default for KdfParams {
	fn default() -> Self {
		Self { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 }
	}
}

/// The file's contents, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeystoreFile {
	pub version: u32,
	pub kdf: KdfParams,
	/// Hex, 16 bytes.
	pub salt: String,
	/// Hex, 24 bytes.
	pub nonce: String,
	/// Hex: the phrase sealed with XChaCha20-Poly1305 (tag included).
	pub ciphertext: String,
}

/// Why a keystore does not open (or cannot be written).
#[derive(Debug)]
pub enum KeystoreError {
	/// The password is wrong, or the file was altered.
	WrongPasswordOrTampered,
	UnsupportedVersion(u32),
	InvalidKdfParams(String),
	Malformed(String),
	Io(std::io::Error),
}

impl std::fmt::Display for KeystoreError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::WrongPasswordOrTampered => f.write_str("wrong password, or the file was altered"),
			Self::UnsupportedVersion(v) => write!(f, "keystore version {v} is not supported"),
			Self::InvalidKdfParams(e) => write!(f, "invalid key derivation parameters: {e}"),
			Self::Malformed(e) => write!(f, "malformed keystore: {e}"),
			Self::Io(e) => write!(f, "keystore file: {e}"),
		}
	}
}

impl std::error::Error for KeystoreError {}

impl From<std::io::Error> for KeystoreError {
	fn from(e: std::io::Error) -> Self {
		Self::Io(e)
	}
}

/// What the AEAD authenticates besides the phrase.
fn associated_data(version: u32, kdf: &KdfParams, salt: &[u8]) -> Vec<u8> {
	(b"missive/keystore", version, kdf, salt).encode()
}

fn derive_key(
	password: &str,
	salt: &[u8],
	kdf: &KdfParams,
) -> Result<Zeroizing<[u8; 32]>, KeystoreError> {
	let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
		.map_err(|e| KeystoreError::InvalidKdfParams(e.to_string()))?;
	let mut key = Zeroizing::new([0u8; 32]);
	Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
		.hash_password_into(password.as_bytes(), salt, key.as_mut())
		.map_err(|e| KeystoreError::InvalidKdfParams(e.to_string()))?;
	Ok(key)
}

fn unhex<const N: usize>(field: &str, text: &str) -> Result<Vec<u8>, KeystoreError> {
	let bytes = hex::decode(text).map_err(|e| KeystoreError::Malformed(format!("{field}: {e}")))?;
	if N > 0 && bytes.len() != N {
		return Err(KeystoreError::Malformed(format!("{field}: {} bytes, not {N}", bytes.len())));
	}
	Ok(bytes)
}

/// Encrypts `identity`'s phrase under `password`.
pub fn seal(
	identity: &Identity,
	password: &str,
	kdf: KdfParams,
) -> Result<KeystoreFile, KeystoreError> {
	let mut salt = [0u8; 16];
	let mut nonce = [0u8; 24];
	OsRng.fill_bytes(&mut salt);
	OsRng.fill_bytes(&mut nonce);
	let key = derive_key(password, &salt, &kdf)?;
	let aad = associated_data(KEYSTORE_VERSION, &kdf, &salt);
	let ciphertext = XChaCha20Poly1305::new(key.as_ref().into())
		.encrypt(
			XNonce::from_slice(&nonce),
			Payload { msg: identity.phrase().as_bytes(), aad: &aad },
		)
		.expect("XChaCha20-Poly1305 encrypts any message of this size; qed");
	Ok(KeystoreFile {
		version: KEYSTORE_VERSION,
		kdf,
		salt: hex::encode(salt),
		nonce: hex::encode(nonce),
		ciphertext: hex::encode(ciphertext),
	})
}

/// Decrypts the identity in `file` with `password`.
pub fn open(file: &KeystoreFile, password: &str) -> Result<Identity, KeystoreError> {
	if file.version != KEYSTORE_VERSION {
		return Err(KeystoreError::UnsupportedVersion(file.version));
	}
	let salt = unhex::<16>("salt", &file.salt)?;
	let nonce = unhex::<24>("nonce", &file.nonce)?;
	let ciphertext = unhex::<0>("ciphertext", &file.ciphertext)?;
	let key = derive_key(password, &salt, &file.kdf)?;
	let aad = associated_data(file.version, &file.kdf, &salt);
	let phrase = XChaCha20Poly1305::new(key.as_ref().into())
		.decrypt(XNonce::from_slice(&nonce), Payload { msg: &ciphertext, aad: &aad })
		.map(Zeroizing::new)
		.map_err(|_| KeystoreError::WrongPasswordOrTampered)?;
	let phrase = std::str::from_utf8(&phrase)
		.map_err(|_| KeystoreError::Malformed("the phrase is not UTF-8".into()))?;
	Identity::from_phrase(phrase).map_err(|e| KeystoreError::Malformed(e.to_string()))
}

/// Writes `identity` to `path`, encrypted under `password`, readable by its owner only.
/// An existing file is not overwritten.
pub fn save(path: &Path, identity: &Identity, password: &str) -> Result<(), KeystoreError> {
	use std::io::Write;
	let file = seal(identity, password, KdfParams::default())?;
	let json = serde_json::to_vec_pretty(&file).expect("a keystore file serializes; qed");
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
	options.open(path)?.write_all(&json)?;
	// A new keystore has adopted nothing, whatever an earlier one at this path did.
	match std::fs::remove_file(adopted_path(path)) {
		Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
		_ => Ok(()),
	}
}

/// Reads and decrypts the identity at `path`, acting for the DID it adopted if it did.
pub fn load(path: &Path, password: &str) -> Result<Identity, KeystoreError> {
	let file: KeystoreFile = serde_json::from_slice(&std::fs::read(path)?)
		.map_err(|e| KeystoreError::Malformed(e.to_string()))?;
	let mut identity = open(&file, password)?;
	match std::fs::read_to_string(adopted_path(path)) {
		Ok(text) => {
			let did = text.trim().parse().map_err(|e| {
				KeystoreError::Malformed(format!("the adopted DID {:?}: {e}", text.trim()))
			})?;
			identity.adopt(did);
		},
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => {},
		Err(e) => return Err(e.into()),
	}
	Ok(identity)
}

/// Records that the keystore at `path` acts for `did` (see `Identity::adopt`), beside
/// it, in the clear: a DID is public, and naming another gains nothing, as the chain
/// checks the keys of everything the identity does.
pub fn save_adopted(path: &Path, did: &DidId) -> Result<(), KeystoreError> {
	std::fs::write(adopted_path(path), format!("{did}\n"))?;
	Ok(())
}

/// Where [`save_adopted`] writes: the keystore's file name with `.did` appended, so
/// that no two keystores share it and it is never the keystore itself.
fn adopted_path(path: &Path) -> std::path::PathBuf {
	let mut name = path.as_os_str().to_owned();
	name.push(".did");
	name.into()
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Cheap parameters: the tests check the format, not Argon2's cost.
	const FAST: KdfParams = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };

	#[test]
	fn a_sealed_identity_opens_with_its_password_only() {
		let identity = Identity::generate();
		let file = seal(&identity, "correct horse", FAST).unwrap();
		assert_eq!(open(&file, "correct horse").unwrap().did(), identity.did());
		assert!(matches!(open(&file, "wrong horse"), Err(KeystoreError::WrongPasswordOrTampered)));
	}

	#[test]
	fn the_phrase_is_not_in_the_file() {
		let identity = Identity::generate();
		let json = serde_json::to_string(&seal(&identity, "pw", FAST).unwrap()).unwrap();
		assert!(!json.contains(identity.phrase()));
		assert!(!json.contains(&hex::encode(identity.phrase())));
	}

	#[test]
	fn weakened_parameters_or_altered_bytes_do_not_open() {
		let file = seal(&Identity::generate(), "pw", FAST).unwrap();
		let weaker = KeystoreFile { kdf: KdfParams { iterations: 2, ..FAST }, ..file.clone() };
		assert!(matches!(open(&weaker, "pw"), Err(KeystoreError::WrongPasswordOrTampered)));
		let mut ciphertext = hex::decode(&file.ciphertext).unwrap();
		ciphertext[0] ^= 1;
		let altered = KeystoreFile { ciphertext: hex::encode(ciphertext), ..file.clone() };
		assert!(matches!(open(&altered, "pw"), Err(KeystoreError::WrongPasswordOrTampered)));
		let other_salt = KeystoreFile { salt: hex::encode([7u8; 16]), ..file.clone() };
		assert!(matches!(open(&other_salt, "pw"), Err(KeystoreError::WrongPasswordOrTampered)));
		let future = KeystoreFile { version: 2, ..file.clone() };
		assert!(matches!(open(&future, "pw"), Err(KeystoreError::UnsupportedVersion(2))));
		let short_nonce = KeystoreFile { nonce: "00".into(), ..file };
		assert!(matches!(open(&short_nonce, "pw"), Err(KeystoreError::Malformed(_))));
	}

	#[test]
	fn saved_files_are_private_and_never_overwritten() {
		let dir = std::env::temp_dir().join(format!("missive-keystore-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let path = dir.join("alice.json");
		let _ = std::fs::remove_file(&path);
		let identity = Identity::generate();
		save(&path, &identity, "pw").unwrap();
		assert_eq!(load(&path, "pw").unwrap().did(), identity.did());
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = std::fs::metadata(&path).unwrap().permissions().mode();
			assert_eq!(mode & 0o777, 0o600);
		}
		assert!(matches!(
			save(&path, &Identity::generate(), "pw"),
			Err(KeystoreError::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists
		));
		std::fs::remove_dir_all(&dir).unwrap();
	}

	#[test]
	fn a_keystore_acts_for_the_did_it_adopted() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("bob.json");
		let identity = Identity::generate();
		save(&path, &identity, "pw").unwrap();
		let recovered = Identity::generate().did();
		save_adopted(&path, &recovered).unwrap();
		let opened = load(&path, "pw").unwrap();
		assert_eq!(opened.did(), recovered);
		assert_eq!(opened.authentication_key(), identity.authentication_key());
		std::fs::write(dir.path().join("bob.json.did"), "did:missive:not-base58!").unwrap();
		assert!(matches!(load(&path, "pw"), Err(KeystoreError::Malformed(_))));
		// A keystore made again at the same path acts for its own DID.
		std::fs::remove_file(&path).unwrap();
		let again = Identity::generate();
		save(&path, &again, "pw").unwrap();
		assert_eq!(load(&path, "pw").unwrap().did(), again.did());
	}
}

//! A message as it travels: signed by its sender's DID, then encrypted to every device
//! of its recipient.
//!
//! 1. The sender signs the [`Message`] (sender, recipient, conversation, time, body)
//!    with its DID's assertion key: the signature covers `(b"missive/message",
//!    blake2-256 of the message, genesis hash)`, so it names the recipient (a message
//!    cannot be re-sent to someone else as if addressed to them) and the chain.
//! 2. The [`SignedMessage`] is encrypted once with ChaCha20-Poly1305 under a fresh
//!    random content key, and that key is sealed to each of the recipient's devices
//!    with HPKE (RFC 9180, base mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
//!    ChaCha20-Poly1305). The frame's header (version and device list) is the body's
//!    associated data, so no device can be added or dropped unnoticed. The frame
//!    commits to the content key ([`key_commitment`]): ChaCha20-Poly1305 does not, and
//!    a sender could otherwise seal different keys to different devices under which one
//!    ciphertext opens to different messages.
//! 3. The encoded [`Frame`] goes to the statement store; its blake2-256 is the
//!    `content_hash` the sender commits on chain, and its length the `size`.
//!
//! Opening reverses it: find this device's sealed key, unseal it, check it against the
//! frame's key commitment, decrypt, decode.
//! Checking the signature needs the sender's assertion key valid at the commitment's
//! block, which the caller reads from the chain ([`SignedMessage::verify`]).

use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	ChaCha20Poly1305, Nonce,
};
use codec::{Decode, Encode};
use hpke::{
	aead::ChaCha20Poly1305 as HpkeChaCha, kdf::HkdfSha256, kem::X25519HkdfSha256, Deserializable,
	OpModeR, OpModeS, Serializable,
};
use missive_primitives::did::{DidId, DidSignature, DidVerificationKey, SignatureError};
use rand_core::{CryptoRng, OsRng, RngCore};
use sp_core::{sr25519, Pair, H256};
use zeroize::Zeroizing;

use crate::keys::{device_public, DeviceKey};

/// The frame format written today (2: the frame commits to its content key).
pub const FRAME_VERSION: u8 = 2;
/// Devices one frame is sealed to: a DID's key-agreement keys, at most.
pub const MAX_DEVICES: usize = 8;
/// HPKE's `info`: binds sealed keys to this protocol and version.
const HPKE_INFO: &[u8] = b"missive/message/v2";
/// Domain tag of a content key's commitment.
const KEY_COMMITMENT_DOMAIN: &[u8] = b"missive/content-key";
/// Domain tag of what the sender signs.
const SIGNATURE_DOMAIN: &[u8] = b"missive/message";

/// What the sender writes.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct Message {
	pub sender: DidId,
	pub recipient: DidId,
	pub conversation: H256,
	/// Unix milliseconds, by the sender's clock.
	pub sent_at: u64,
	pub body: Vec<u8>,
}

impl Message {
	/// The digest the signature covers: blake2-256 of the encoded message.
	pub fn digest(&self) -> [u8; 32] {
		sp_crypto_hashing::blake2_256(&self.encode())
	}

	fn signing_payload(&self, genesis_hash: &H256) -> Vec<u8> {
		(SIGNATURE_DOMAIN, self.digest(), genesis_hash).encode()
	}

	/// Signs with the sender's assertion key, for the chain of `genesis_hash`.
	pub fn sign(self, assertion: &sr25519::Pair, genesis_hash: &H256) -> SignedMessage {
		let signature = DidSignature::Sr25519(assertion.sign(&self.signing_payload(genesis_hash)));
		SignedMessage { message: self, signature }
	}
}

/// A message and its sender's signature: what a recipient's device decrypts.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct SignedMessage {
	pub message: Message,
	pub signature: DidSignature,
}

impl SignedMessage {
	/// Checks the signature with `key`: the sender's assertion key at the block that
	/// committed the message's frame.
	pub fn verify(
		&self,
		key: &DidVerificationKey,
		genesis_hash: &H256,
	) -> Result<(), SignatureError> {
		key.verify(&self.message.signing_payload(genesis_hash), &self.signature)
	}
}

/// The content key, sealed to one device.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct SealedKey {
	/// The device's X25519 public key (a key-agreement key of the recipient's DID).
	pub device: [u8; 32],
	/// HPKE's encapsulated key.
	pub encapsulated: [u8; 32],
	/// The content key under HPKE (32 bytes and a 16-byte tag).
	pub sealed: Vec<u8>,
}

/// What goes to the statement store.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct Frame {
	pub version: u8,
	pub keys: Vec<SealedKey>,
	pub nonce: [u8; 12],
	/// [`key_commitment`] of the content key: every device must unseal this very key.
	pub key_commitment: [u8; 32],
	/// The encoded [`SignedMessage`] under ChaCha20-Poly1305 (tag included).
	pub ciphertext: Vec<u8>,
}

impl Frame {
	/// The body's associated data: the version and the devices it is sealed to.
	fn header(version: u8, devices: impl Iterator<Item = [u8; 32]>) -> Vec<u8> {
		(b"missive/frame", version, devices.collect::<Vec<_>>()).encode()
	}

	/// blake2-256 of the encoded frame: the envelope's `content_hash`.
	pub fn content_hash(&self) -> H256 {
		H256(sp_crypto_hashing::blake2_256(&self.encode()))
	}
}

/// Why a message cannot be sealed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealError {
	NoDevices,
	TooManyDevices,
	/// The same device twice.
	DuplicateDevice,
	/// A recipient key that is not an X25519 public key.
	InvalidDeviceKey,
}

/// Why a frame does not open: each is reported, none is dropped silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
	UnsupportedVersion(u8),
	/// The frame is not sealed to this device.
	NotForThisDevice,
	/// The sealed key or the body does not decrypt: altered, or not for this key.
	Undecryptable,
	/// The decrypted body is not a signed message.
	Malformed,
	/// This device's sealed key is not the one the frame commits to: a frame made to
	/// open to different messages on different devices.
	KeyNotCommitted,
}

impl std::fmt::Display for SealError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(match self {
			Self::NoDevices => "the recipient has no key-agreement key",
			Self::TooManyDevices => "more devices than a frame is sealed to",
			Self::DuplicateDevice => "the same device twice",
			Self::InvalidDeviceKey => "a device key is not an X25519 public key",
		})
	}
}

impl std::fmt::Display for OpenError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::UnsupportedVersion(v) => write!(f, "frame version {v} is not supported"),
			Self::NotForThisDevice => f.write_str("not sealed to this device"),
			Self::Undecryptable => f.write_str("does not decrypt: altered, or not for this key"),
			Self::Malformed => f.write_str("the decrypted body is not a signed message"),
			Self::KeyNotCommitted => f.write_str(
				"the sealed key is not the one the frame commits to (made to open differently \
				 on different devices)",
			),
		}
	}
}

impl std::error::Error for SealError {}
impl std::error::Error for OpenError {}

/// Encrypts `message` to each of `devices` (the recipient's key-agreement keys).
pub fn seal(message: &SignedMessage, devices: &[[u8; 32]]) -> Result<Frame, SealError> {
	seal_with_rng(message, devices, &mut OsRng)
}

/// [`seal`] with the randomness given.
pub fn seal_with_rng<R: RngCore + CryptoRng>(
	message: &SignedMessage,
	devices: &[[u8; 32]],
	rng: &mut R,
) -> Result<Frame, SealError> {
	let (content_key, nonce) = fresh_key(devices, rng)?;

	let keys = devices
		.iter()
		.map(|device| {
			let (encapsulated, sealed) = seal_key(HPKE_INFO, &content_key, device, rng)?;
			Ok(SealedKey { device: *device, encapsulated, sealed })
		})
		.collect::<Result<Vec<_>, _>>()?;

	let header = Frame::header(FRAME_VERSION, devices.iter().copied());
	let ciphertext = ChaCha20Poly1305::new(content_key.as_ref().into())
		.encrypt(Nonce::from_slice(&nonce), Payload { msg: &message.encode(), aad: &header })
		.expect("ChaCha20-Poly1305 encrypts any message of this size; qed");
	let key_commitment = key_commitment(&content_key);
	Ok(Frame { version: FRAME_VERSION, keys, nonce, key_commitment, ciphertext })
}

/// What a frame says of its content key: `blake2-256(SCALE(b"missive/content-key",
/// key))`. Every device that opens the frame checks that its unsealed key has this
/// commitment, so all of them decrypt with one key, to one message.
pub(crate) fn key_commitment(content_key: &[u8; 32]) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(&(KEY_COMMITMENT_DOMAIN, content_key).encode())
}

/// Checks the devices a frame is sealed to (1 to [`MAX_DEVICES`], each once) and draws
/// a fresh content key and nonce for it.
pub(crate) fn fresh_key<R: RngCore + CryptoRng>(
	devices: &[[u8; 32]],
	rng: &mut R,
) -> Result<(Zeroizing<[u8; 32]>, [u8; 12]), SealError> {
	if devices.is_empty() {
		return Err(SealError::NoDevices);
	}
	if devices.len() > MAX_DEVICES {
		return Err(SealError::TooManyDevices);
	}
	if devices.iter().enumerate().any(|(i, d)| devices[..i].contains(d)) {
		return Err(SealError::DuplicateDevice);
	}
	let mut content_key = Zeroizing::new([0u8; 32]);
	rng.fill_bytes(content_key.as_mut());
	let mut nonce = [0u8; 12];
	rng.fill_bytes(&mut nonce);
	Ok((content_key, nonce))
}

/// Seals a 32-byte content key to `device` (an X25519 public key) with HPKE under
/// `info`, the device's key being the associated data: the encapsulated key and the
/// sealed content key (48 bytes, tag included).
pub(crate) fn seal_key<R: RngCore + CryptoRng>(
	info: &[u8],
	content_key: &[u8; 32],
	device: &[u8; 32],
	rng: &mut R,
) -> Result<([u8; 32], Vec<u8>), SealError> {
	let public = device_public(device).map_err(|_| SealError::InvalidDeviceKey)?;
	let (encapsulated, sealed) = hpke::single_shot_seal::<
		HpkeChaCha,
		HkdfSha256,
		X25519HkdfSha256,
		_,
	>(&OpModeS::Base, &public, info, content_key, device, rng)
	.map_err(|_| SealError::InvalidDeviceKey)?;
	Ok((encapsulated.to_bytes().into(), sealed))
}

/// Opens a content key sealed with [`seal_key`] to `device`, if it was sealed to it.
pub(crate) fn open_key(
	info: &[u8],
	device: &DeviceKey,
	encapsulated: &[u8; 32],
	sealed: &[u8],
) -> Option<Zeroizing<[u8; 32]>> {
	let encapsulated =
		<X25519HkdfSha256 as hpke::Kem>::EncappedKey::from_bytes(encapsulated).ok()?;
	let content_key = hpke::single_shot_open::<HpkeChaCha, HkdfSha256, X25519HkdfSha256>(
		&OpModeR::Base,
		device.secret(),
		&encapsulated,
		info,
		sealed,
		&device.public(),
	)
	.map(Zeroizing::new)
	.ok()?;
	Some(Zeroizing::new(content_key.as_slice().try_into().ok()?))
}

/// Decrypts `frame` with this device's key. The signature is not checked here: see
/// [`SignedMessage::verify`].
pub fn open(frame: &Frame, device: &DeviceKey) -> Result<SignedMessage, OpenError> {
	if frame.version != FRAME_VERSION {
		return Err(OpenError::UnsupportedVersion(frame.version));
	}
	let me = device.public();
	let sealed = frame.keys.iter().find(|k| k.device == me).ok_or(OpenError::NotForThisDevice)?;
	let content_key = open_key(HPKE_INFO, device, &sealed.encapsulated, &sealed.sealed)
		.ok_or(OpenError::Undecryptable)?;
	if key_commitment(&content_key) != frame.key_commitment {
		return Err(OpenError::KeyNotCommitted);
	}
	let header = Frame::header(frame.version, frame.keys.iter().map(|k| k.device));
	let body = ChaCha20Poly1305::new(content_key.as_ref().into())
		.decrypt(Nonce::from_slice(&frame.nonce), Payload { msg: &frame.ciphertext, aad: &header })
		.map(Zeroizing::new)
		.map_err(|_| OpenError::Undecryptable)?;
	SignedMessage::decode(&mut &body[..]).map_err(|_| OpenError::Malformed)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::keys::Identity;

	const GENESIS: H256 = H256::repeat_byte(0x66);

	fn message(from: &Identity, to: &Identity, body: &[u8]) -> SignedMessage {
		Message {
			sender: from.did(),
			recipient: to.did(),
			conversation: H256::repeat_byte(1),
			sent_at: 1_790_000_000_000,
			body: body.to_vec(),
		}
		.sign(&from.assertion, &GENESIS)
	}

	#[test]
	fn every_device_of_the_recipient_opens_and_verifies_it() {
		let (alice, bob) = (Identity::generate(), Identity::generate());
		let signed = message(&alice, &bob, b"hello, Bob");
		let devices = [bob.device(0), bob.device(1)];
		let frame = seal(&signed, &devices.each_ref().map(DeviceKey::public)).unwrap();
		for device in &devices {
			let opened = open(&frame, device).unwrap();
			assert_eq!(opened, signed);
			assert_eq!(opened.verify(&alice.assertion_key(), &GENESIS), Ok(()));
		}
	}

	#[test]
	fn nobody_else_opens_it() {
		let (alice, bob, charlie) =
			(Identity::generate(), Identity::generate(), Identity::generate());
		let frame = seal(&message(&alice, &bob, b"for Bob"), &[bob.device(0).public()]).unwrap();
		assert_eq!(open(&frame, &charlie.device(0)), Err(OpenError::NotForThisDevice));
		// Charlie claiming Bob's slot with his own key gets nothing either.
		let mut stolen = frame.clone();
		stolen.keys[0].device = charlie.device(0).public();
		assert_eq!(open(&stolen, &charlie.device(0)), Err(OpenError::Undecryptable));
		// Nor does the plaintext appear in the frame.
		let bytes = frame.encode();
		assert!(!bytes.windows(7).any(|w| w == b"for Bob"));
	}

	#[test]
	fn any_altered_byte_is_caught() {
		let (alice, bob) = (Identity::generate(), Identity::generate());
		let device = bob.device(0);
		let frame = seal(&message(&alice, &bob, b"untouched"), &[device.public()]).unwrap();
		let encoded = frame.encode();
		// Every byte of the frame after its version, flipped in turn.
		for at in 1..encoded.len() {
			let mut altered = encoded.clone();
			altered[at] ^= 0x01;
			let Ok(altered) = Frame::decode(&mut &altered[..]) else { continue };
			assert!(open(&altered, &device).is_err(), "byte {at} altered unnoticed");
			assert_ne!(altered.content_hash(), frame.content_hash());
		}
		// A device added to the list after sealing breaks the body's associated data.
		let mut widened = frame.clone();
		widened.keys.push(SealedKey {
			device: Identity::generate().device(0).public(),
			encapsulated: [9; 32],
			sealed: vec![0; 48],
		});
		assert_eq!(open(&widened, &device), Err(OpenError::Undecryptable));
	}

	#[test]
	fn a_signature_binds_sender_recipient_and_chain() {
		let (alice, bob, charlie) =
			(Identity::generate(), Identity::generate(), Identity::generate());
		let signed = message(&alice, &bob, b"signed");
		assert_eq!(signed.verify(&alice.assertion_key(), &GENESIS), Ok(()));
		// Someone else's key, another chain, or a re-addressed message fail.
		assert_eq!(signed.verify(&charlie.assertion_key(), &GENESIS), Err(SignatureError::Invalid));
		assert_eq!(
			signed.verify(&alice.assertion_key(), &H256::repeat_byte(7)),
			Err(SignatureError::Invalid)
		);
		let mut forwarded = signed.clone();
		forwarded.message.recipient = charlie.did();
		assert_eq!(
			forwarded.verify(&alice.assertion_key(), &GENESIS),
			Err(SignatureError::Invalid)
		);
	}

	#[test]
	fn bad_recipient_lists_are_refused() {
		let (alice, bob) = (Identity::generate(), Identity::generate());
		let signed = message(&alice, &bob, b"x");
		assert_eq!(seal(&signed, &[]), Err(SealError::NoDevices));
		let many: Vec<_> = (0..9).map(|i| bob.device(i).public()).collect();
		assert_eq!(seal(&signed, &many), Err(SealError::TooManyDevices));
		let twice = [bob.device(0).public(), bob.device(0).public()];
		assert_eq!(seal(&signed, &twice), Err(SealError::DuplicateDevice));
	}

	#[test]
	fn other_versions_are_reported() {
		let (alice, bob) = (Identity::generate(), Identity::generate());
		let mut frame = seal(&message(&alice, &bob, b"v"), &[bob.device(0).public()]).unwrap();
		frame.version = FRAME_VERSION + 1;
		assert_eq!(
			open(&frame, &bob.device(0)),
			Err(OpenError::UnsupportedVersion(FRAME_VERSION + 1))
		);
	}

	#[test]
	fn every_device_must_unseal_the_committed_key() {
		// A sender seals another content key to one of Bob's devices, as it would to make
		// one ciphertext open to a different message there.
		let (alice, bob) = (Identity::generate(), Identity::generate());
		let devices = [bob.device(0), bob.device(1)];
		let signed = message(&alice, &bob, b"one message for every device");
		let mut frame = seal(&signed, &devices.each_ref().map(DeviceKey::public)).unwrap();
		let other_key = [7u8; 32];
		let (encapsulated, sealed) =
			seal_key(HPKE_INFO, &other_key, &devices[1].public(), &mut OsRng).unwrap();
		frame.keys[1] = SealedKey { device: devices[1].public(), encapsulated, sealed };
		assert_eq!(open(&frame, &devices[0]), Ok(signed));
		assert_eq!(open(&frame, &devices[1]), Err(OpenError::KeyNotCommitted));
		// Committed to the other key, the frame is refused by the first device instead,
		// and its content hash is another.
		let mut recommitted = frame.clone();
		recommitted.key_commitment = key_commitment(&other_key);
		assert_eq!(open(&recommitted, &devices[0]), Err(OpenError::KeyNotCommitted));
		assert_eq!(open(&recommitted, &devices[1]), Err(OpenError::Undecryptable));
		assert_ne!(recommitted.content_hash(), frame.content_hash());
	}
}

//! Private mode: a message whose statement and on-chain commitment name nobody.
//!
//! A public delivery ([`crate::delivery`]) carries its envelope in clear and is committed
//! by its sender's DID, so the chain and every store subscriber see who writes to whom.
//! A sealed delivery hides all of it:
//!
//! 1. The sender signs the [`Message`] together with a fresh random salt
//!    ([`signing_payload`]): `(b"missive/sealed-message", digest, salt, genesis)`.
//! 2. The message's **leaf** is `blake2-256(b"missive/sealed-leaf", salt, message)`;
//!    the leaves of everything sent at once form a Merkle tree whose root the sender's
//!    posting account commits with `envelope.commit_sealed` — a root and a leaf count,
//!    no DID. The salt hides the message from anyone guessing it from the leaf, and
//!    since the signature covers it, the signed message cannot be committed again under
//!    another leaf.
//! 3. The [`SealedContent`] (message, signature, salt, root, inclusion proof) is padded
//!    to a multiple of [`PADDING_BLOCK`] bytes and encrypted with ChaCha20-Poly1305
//!    under a fresh content key; that key is sealed with HPKE (RFC 9180) to each of the
//!    recipient's devices. The [`SealedFrame`] always has [`SLOTS`] slots, sorted by
//!    their encapsulated keys: the real ones and throwaway ones sealed to random keys,
//!    which look alike, and none names a device. A device finds its slot by trying them.
//!    The frame commits to the content key, so every device that opens it reads the
//!    same content.
//!
//! A recipient opens the frame ([`open`]), then [`check`]s it against the chain's
//! sealed commitment of the root: the leaf is under the root (by the proof's own leaf
//! count: whoever commits a root first declares the count), the message is for it, signed by an assertion key of the sender valid at the
//! commitment's block, within [`MAX_SENT_AT_SKEW_MS`] of that block's time. The chain
//! checked nothing of the sender: the recipient's client applies its own inbox policy
//! (consent, deny list, closed inbox, size, per-sender rate) — see `crate::messaging`.

use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	ChaCha20Poly1305, Nonce,
};
use codec::{Decode, Encode};
use hpke::{kem::X25519HkdfSha256, Kem as _, Serializable};
use missive_primitives::{
	did::{DidId, DidPublicKey, DidSignature, KeyId, KeyRecord, KeyRelationship},
	envelope::{merkle, InclusionProof},
	runtime_api::InclusionError,
	BlockNumber,
};
use rand_core::{CryptoRng, OsRng, RngCore};
use sp_core::{sr25519, Pair, H256};
use zeroize::Zeroizing;

use crate::{
	delivery::{Rejection, Verified, MAX_SENT_AT_SKEW_MS},
	keys::DeviceKey,
	message::{
		fresh_key, key_commitment, open_key, seal_key, Message, OpenError, SealError,
		SignedMessage, MAX_DEVICES,
	},
};

/// The sealed frame format written today (2: the frame commits to its content key).
pub const SEALED_VERSION: u8 = 2;
/// Slots in every sealed frame, real or not: a frame does not tell how many devices its
/// recipient has.
pub const SLOTS: usize = MAX_DEVICES;
/// The sealed content is padded to a multiple of this many bytes, so a frame's size
/// tells the message's size only to this granularity.
pub const PADDING_BLOCK: usize = 256;
/// HPKE's `info` for sealed frames.
const HPKE_INFO: &[u8] = b"missive/sealed/v2";
/// Domain tag of what the sender signs.
const SIGNATURE_DOMAIN: &[u8] = b"missive/sealed-message";
/// Domain tag of a leaf.
const LEAF_DOMAIN: &[u8] = b"missive/sealed-leaf";
/// Domain tag of the body's associated data.
const HEADER_DOMAIN: &[u8] = b"missive/sealed-frame";

/// What the sender signs: the message's digest, the leaf's salt and the chain.
pub fn signing_payload(message: &Message, salt: &[u8; 32], genesis_hash: &H256) -> Vec<u8> {
	(SIGNATURE_DOMAIN, message.digest(), salt, genesis_hash).encode()
}

/// The leaf a message is committed under. Its preimage is longer than the 64 bytes of
/// an inner node, so no inner node passes for a leaf.
pub fn leaf_hash(message: &Message, salt: &[u8; 32]) -> H256 {
	H256(sp_crypto_hashing::blake2_256(&(LEAF_DOMAIN, salt, message).encode()))
}

/// A message signed for private mode, before it knows its tree.
#[derive(Clone, Debug)]
pub struct SealedLeaf {
	pub message: Message,
	pub signature: DidSignature,
	pub salt: [u8; 32],
}

impl SealedLeaf {
	/// Signs `message` with the sender's assertion key under a fresh salt.
	pub fn sign(message: Message, assertion: &sr25519::Pair, genesis_hash: &H256) -> Self {
		let mut salt = [0u8; 32];
		OsRng.fill_bytes(&mut salt);
		let signature =
			DidSignature::Sr25519(assertion.sign(&signing_payload(&message, &salt, genesis_hash)));
		Self { message, signature, salt }
	}

	pub fn leaf(&self) -> H256 {
		leaf_hash(&self.message, &self.salt)
	}

	/// The content a recipient decrypts, once the tree is known.
	pub fn content(self, root: H256, proof: InclusionProof) -> SealedContent {
		SealedContent {
			message: self.message,
			signature: self.signature,
			salt: self.salt,
			root,
			proof,
		}
	}
}

/// The leaves of messages sent at once, and their tree.
pub fn tree(leaves: &[SealedLeaf]) -> merkle::Tree {
	merkle::Tree::from_hashes(leaves.iter().map(SealedLeaf::leaf).collect())
}

/// What a recipient's device decrypts from a sealed frame.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct SealedContent {
	pub message: Message,
	/// The sender's assertion key's signature over [`signing_payload`].
	pub signature: DidSignature,
	pub salt: [u8; 32],
	/// The root the sender committed with `envelope.commit_sealed`.
	pub root: H256,
	/// The leaf's place under `root`.
	pub proof: InclusionProof,
}

impl SealedContent {
	pub fn leaf(&self) -> H256 {
		leaf_hash(&self.message, &self.salt)
	}
}

/// The content key sealed to one device, or a throwaway that looks the same.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct Slot {
	/// HPKE's encapsulated key (an ephemeral X25519 public key).
	pub encapsulated: [u8; 32],
	/// The content key under HPKE (32 bytes and a 16-byte tag).
	pub sealed: Vec<u8>,
}

/// What a private statement carries: nothing in it names a party or a device.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct SealedFrame {
	pub version: u8,
	pub slots: Vec<Slot>,
	pub nonce: [u8; 12],
	/// The content key's commitment ([`key_commitment`]): every device that opens the
	/// frame decrypts with this very key.
	pub key_commitment: [u8; 32],
	/// The padded, encoded [`SealedContent`] under ChaCha20-Poly1305 (tag included).
	pub ciphertext: Vec<u8>,
}

impl SealedFrame {
	/// The body's associated data: the version and every slot, so none can be swapped.
	fn header(version: u8, slots: &[Slot]) -> Vec<u8> {
		(HEADER_DOMAIN, version, slots).encode()
	}
}

/// Encrypts `content` to each of `devices` (the recipient's key-agreement keys).
pub fn seal(content: &SealedContent, devices: &[[u8; 32]]) -> Result<SealedFrame, SealError> {
	seal_with_rng(content, devices, &mut OsRng)
}

/// [`seal`] with the randomness given.
pub fn seal_with_rng<R: RngCore + CryptoRng>(
	content: &SealedContent,
	devices: &[[u8; 32]],
	rng: &mut R,
) -> Result<SealedFrame, SealError> {
	// `SLOTS` is `MAX_DEVICES`: every device fits in a slot.
	let (content_key, nonce) = fresh_key(devices, rng)?;
	let mut slots = devices
		.iter()
		.map(|device| {
			let (encapsulated, sealed) = seal_key(HPKE_INFO, &content_key, device, rng)?;
			Ok(Slot { encapsulated, sealed })
		})
		.collect::<Result<Vec<_>, SealError>>()?;
	while slots.len() < SLOTS {
		// A random key sealed to a key nobody keeps: the same form as a real slot.
		let (_, nobody) = X25519HkdfSha256::gen_keypair(rng);
		let mut throwaway = Zeroizing::new([0u8; 32]);
		rng.fill_bytes(throwaway.as_mut());
		let (encapsulated, sealed) =
			seal_key(HPKE_INFO, &throwaway, &nobody.to_bytes().into(), rng)?;
		slots.push(Slot { encapsulated, sealed });
	}
	// Ephemeral keys are random: sorted by them, the real slots land anywhere.
	slots.sort_by_key(|slot| slot.encapsulated);

	let mut body = Zeroizing::new(content.encode());
	let padded = body.len().div_ceil(PADDING_BLOCK).max(1) * PADDING_BLOCK;
	body.resize(padded, 0);
	let header = SealedFrame::header(SEALED_VERSION, &slots);
	let ciphertext = ChaCha20Poly1305::new(content_key.as_ref().into())
		.encrypt(Nonce::from_slice(&nonce), Payload { msg: &body, aad: &header })
		.expect("ChaCha20-Poly1305 encrypts any message of this size; qed");
	let key_commitment = key_commitment(&content_key);
	Ok(SealedFrame { version: SEALED_VERSION, slots, nonce, key_commitment, ciphertext })
}

/// Decrypts `frame` with whichever of `devices` it was sealed to. The content is not
/// checked here: see [`check`].
pub fn open(frame: &SealedFrame, devices: &[DeviceKey]) -> Result<SealedContent, OpenError> {
	if frame.version != SEALED_VERSION {
		return Err(OpenError::UnsupportedVersion(frame.version));
	}
	// A slot that opens to another key than the committed one is a frame made to open
	// differently on different devices: named, not taken for a frame for others.
	let mut uncommitted = false;
	let content_key = devices
		.iter()
		.flat_map(|device| frame.slots.iter().map(move |slot| (device, slot)))
		.find_map(|(device, slot)| {
			let key = open_key(HPKE_INFO, device, &slot.encapsulated, &slot.sealed)?;
			let committed = key_commitment(&key) == frame.key_commitment;
			uncommitted |= !committed;
			committed.then_some(key)
		})
		.ok_or(if uncommitted {
			OpenError::KeyNotCommitted
		} else {
			OpenError::NotForThisDevice
		})?;
	let header = SealedFrame::header(frame.version, &frame.slots);
	let body = ChaCha20Poly1305::new(content_key.as_ref().into())
		.decrypt(Nonce::from_slice(&frame.nonce), Payload { msg: &frame.ciphertext, aad: &header })
		.map(Zeroizing::new)
		.map_err(|_| OpenError::Undecryptable)?;
	let mut input = &body[..];
	let content = SealedContent::decode(&mut input).map_err(|_| OpenError::Malformed)?;
	// Only zeros pad the content: anything else is not what the sender sealed.
	if input.iter().any(|byte| *byte != 0) {
		return Err(OpenError::Malformed);
	}
	Ok(content)
}

/// What the chain says of the sealed commitment of a content's root.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SealedOnChain {
	/// The block that committed the root.
	pub block: BlockNumber,
	/// When that block was authored, in Unix milliseconds.
	pub time_ms: u64,
}

/// Checks opened sealed content for `me`, whose root the chain committed as
/// `on_chain` says (finalized), with the sender's key records as the chain keeps them:
/// the message is for `me`; its leaf is under the committed root; an assertion key of the sender valid at the commitment's block
/// signed it with its salt; and it was signed within [`MAX_SENT_AT_SKEW_MS`] of that
/// block's time. The recipient's inbox policy is the caller's to apply.
pub fn check(
	content: &SealedContent,
	me: &DidId,
	on_chain: &SealedOnChain,
	sender_keys: &[(KeyId, KeyRecord<BlockNumber>)],
	genesis_hash: &H256,
) -> Result<Verified, Rejection> {
	let message = &content.message;
	if message.recipient != *me {
		return Err(Rejection::NotForThisDid);
	}
	// The proof's own leaf count, not the commitment's: whoever commits a root first
	// declares its count (a front-runner may declare any), and membership does not
	// depend on it.
	if !merkle::verify_hash(&content.root, &content.proof, content.leaf()) {
		return Err(Rejection::NotInBatch(InclusionError::InvalidProof));
	}
	let payload = signing_payload(message, &content.salt, genesis_hash);
	let signer = sender_keys
		.iter()
		.filter(|(_, record)| record.valid_at(KeyRelationship::AssertionMethod, on_chain.block))
		.find_map(|(id, record)| match &record.key {
			DidPublicKey::Verification(key) if key.verify(&payload, &content.signature).is_ok() => {
				Some(*id)
			},
			_ => None,
		})
		.ok_or(Rejection::EnvelopeSignature)?;
	let skew = message.sent_at.abs_diff(on_chain.time_ms);
	if skew > MAX_SENT_AT_SKEW_MS {
		return Err(Rejection::SentAtFarFromCommitment { seconds: skew / 1000 });
	}
	let message = SignedMessage { message: message.clone(), signature: content.signature.clone() };
	Ok(Verified { message, signer, committed_at: on_chain.block })
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::keys::Identity;
	use missive_primitives::did::{DidVerificationKey, SignatureError};

	const GENESIS: H256 = H256::repeat_byte(7);
	const SENT_AT: u64 = 1_700_000_000_000;

	fn message(from: &Identity, to: &Identity, body: &[u8]) -> Message {
		Message {
			sender: from.did(),
			recipient: to.did(),
			conversation: H256::repeat_byte(1),
			sent_at: SENT_AT,
			body: body.to_vec(),
		}
	}

	fn keys_of(identity: &Identity) -> Vec<(KeyId, KeyRecord<BlockNumber>)> {
		let key = DidPublicKey::Verification(identity.assertion_key());
		vec![(
			key.id(),
			KeyRecord {
				key,
				relationship: KeyRelationship::AssertionMethod,
				added: 1,
				revoked: None,
			},
		)]
	}

	/// Alice's three messages to Bob, committed as one tree in block 12.
	struct Case {
		alice: Identity,
		bob: Identity,
		contents: Vec<SealedContent>,
		on_chain: SealedOnChain,
	}

	fn case() -> Case {
		let (alice, bob) = (Identity::generate(), Identity::generate());
		let leaves: Vec<SealedLeaf> = (0..3u8)
			.map(|i| SealedLeaf::sign(message(&alice, &bob, &[i; 5]), &alice.assertion, &GENESIS))
			.collect();
		let tree = tree(&leaves);
		let root = tree.root();
		let contents = leaves
			.into_iter()
			.enumerate()
			.map(|(i, leaf)| leaf.content(root, tree.proof(i as u32).unwrap()))
			.collect();
		let on_chain = SealedOnChain { block: 12, time_ms: SENT_AT + 6_000 };
		Case { alice, bob, contents, on_chain }
	}

	fn check_case(case: &Case, content: &SealedContent) -> Result<Verified, Rejection> {
		check(content, &case.bob.did(), &case.on_chain, &keys_of(&case.alice), &GENESIS)
	}

	#[test]
	fn every_device_opens_it_and_the_message_verifies() {
		let case = case();
		let devices = [case.bob.device(0), case.bob.device(1)];
		let frame = seal(&case.contents[1], &devices.each_ref().map(DeviceKey::public)).unwrap();
		for device in devices {
			let opened = open(&frame, std::slice::from_ref(&device)).unwrap();
			assert_eq!(opened, case.contents[1]);
			let verified = check_case(&case, &opened).unwrap();
			assert_eq!(verified.message.message.body, [1; 5]);
			assert_eq!(verified.committed_at, 12);
		}
	}

	#[test]
	fn a_frame_names_no_party_device_or_conversation_and_hides_its_size() {
		let case = case();
		let device = case.bob.device(0);
		let frame = seal(&case.contents[0], &[device.public()]).unwrap();
		assert_eq!(frame.slots.len(), SLOTS, "always as many slots");
		let bytes = frame.encode();
		let secrets: [&[u8]; 6] = [
			&case.alice.did().0,
			&case.bob.did().0,
			&device.public(),
			case.contents[0].message.conversation.as_bytes(),
			&case.contents[0].salt,
			case.contents[0].root.as_bytes(),
		];
		for secret in secrets {
			assert!(!bytes.windows(secret.len()).any(|w| w == secret), "{secret:?} in clear");
		}
		// A slightly longer body, same size on the wire.
		let mut longer = case.contents[0].clone();
		longer.message.body.extend([9; 40]);
		let other = seal(&longer, &[device.public(), case.bob.device(1).public()]).unwrap();
		assert_eq!(other.encode().len(), bytes.len());
		assert_eq!(frame.ciphertext.len() % PADDING_BLOCK, 16, "padded, then tagged");
	}

	#[test]
	fn nobody_else_opens_it_and_any_altered_byte_is_caught() {
		let case = case();
		let device = case.bob.device(0);
		let frame = seal(&case.contents[0], &[device.public()]).unwrap();
		assert_eq!(
			open(&frame, &[Identity::generate().device(0)]),
			Err(OpenError::NotForThisDevice)
		);
		let encoded = frame.encode();
		for at in 1..encoded.len() {
			let mut altered = encoded.clone();
			altered[at] ^= 0x01;
			let Ok(altered) = SealedFrame::decode(&mut &altered[..]) else { continue };
			assert!(
				open(&altered, std::slice::from_ref(&device)).is_err(),
				"byte {at} altered unnoticed"
			);
		}
	}

	#[test]
	fn every_device_must_unseal_the_committed_key() {
		// The sender seals another content key in the slot of one of Bob's devices, as it
		// would to make the frame open to other content there.
		let case = case();
		let devices = [case.bob.device(0), case.bob.device(1)];
		let mut frame =
			seal(&case.contents[0], &devices.each_ref().map(DeviceKey::public)).unwrap();
		let opens_on = |device: &DeviceKey, slot: &Slot| {
			open_key(HPKE_INFO, device, &slot.encapsulated, &slot.sealed).is_some()
		};
		let index = frame.slots.iter().position(|slot| opens_on(&devices[1], slot)).unwrap();
		let (encapsulated, sealed) =
			seal_key(HPKE_INFO, &[7u8; 32], &devices[1].public(), &mut OsRng).unwrap();
		frame.slots[index] = Slot { encapsulated, sealed };
		assert_eq!(
			open(&frame, std::slice::from_ref(&devices[1])),
			Err(OpenError::KeyNotCommitted)
		);
	}

	#[test]
	fn the_chain_and_the_signature_bind_every_field() {
		let case = case();
		let bob = case.bob.did();
		// Another recipient, a proof for another root.
		let carol = Identity::generate();
		let content = &case.contents[2];
		assert_eq!(
			check(content, &carol.did(), &case.on_chain, &keys_of(&case.alice), &GENESIS).err(),
			Some(Rejection::NotForThisDid)
		);
		let mut moved = content.clone();
		moved.root = H256::repeat_byte(3);
		assert_eq!(
			check_case(&case, &moved).err(),
			Some(Rejection::NotInBatch(InclusionError::InvalidProof))
		);
		// The signature covers the salt: the message under another salt (another leaf,
		// committed again by someone who read it) does not verify.
		let mut resalted = content.clone();
		resalted.salt = [5; 32];
		let tree = merkle::Tree::from_hashes(vec![resalted.leaf()]);
		(resalted.root, resalted.proof) = (tree.root(), tree.proof(0).unwrap());
		assert_eq!(
			check(&resalted, &bob, &case.on_chain, &keys_of(&case.alice), &GENESIS).err(),
			Some(Rejection::EnvelopeSignature)
		);
		// Another signer, or a key not yet valid at the commitment's block.
		let mallory = Identity::generate();
		assert_eq!(
			check(content, &bob, &case.on_chain, &keys_of(&mallory), &GENESIS).err(),
			Some(Rejection::EnvelopeSignature)
		);
		let mut late = keys_of(&case.alice);
		late[0].1.added = 13;
		assert_eq!(
			check(content, &bob, &case.on_chain, &late, &GENESIS).err(),
			Some(Rejection::EnvelopeSignature)
		);
		// Signed long before its commitment's block.
		let later =
			SealedOnChain { time_ms: SENT_AT + MAX_SENT_AT_SKEW_MS + 1_000, ..case.on_chain };
		assert!(matches!(
			check(content, &bob, &later, &keys_of(&case.alice), &GENESIS),
			Err(Rejection::SentAtFarFromCommitment { .. })
		));
	}

	#[test]
	fn a_sealed_signature_is_no_public_message_signature() {
		let case = case();
		let content = &case.contents[0];
		let as_public = SignedMessage {
			message: content.message.clone(),
			signature: content.signature.clone(),
		};
		let key: DidVerificationKey = case.alice.assertion_key();
		assert_eq!(as_public.verify(&key, &GENESIS), Err(SignatureError::Invalid));
	}

	#[test]
	fn bad_device_lists_are_refused() {
		let case = case();
		let content = &case.contents[0];
		assert_eq!(seal(content, &[]), Err(SealError::NoDevices));
		let many: Vec<_> = (0..SLOTS as u32 + 1).map(|i| case.bob.device(i).public()).collect();
		assert_eq!(seal(content, &many), Err(SealError::TooManyDevices));
		let twice = [case.bob.device(0).public(), case.bob.device(0).public()];
		assert_eq!(seal(content, &twice), Err(SealError::DuplicateDevice));
	}
}

//! What travels through the statement store, and how a recipient decides to accept it.
//!
//! One statement carries one [`Delivery`]: the frame (the encrypted, signed message),
//! the envelope its sender signed and committed on chain, and for a batched envelope
//! the proof that it is a leaf of a committed batch. Its topics are the pairwise topics
//! of the sender's device with each of the first [`MAX_TOPIC_DEVICES`] recipient
//! devices ([`crate::topic`]). The statement is signed by the sender's account, which
//! the sender's DID gave a store allowance (`policy.set_store_allowance`).
//!
//! [`check`] is everything a recipient verifies once it knows the commitment that
//! carries the envelope ([`OnChain`]): nothing is accepted on the store's word, and
//! every failure has its own [`Rejection`].
//!
//! ## Replays
//!
//! A delivery is public: anyone reading a store can copy it into a statement of their
//! own, or carry its signed envelope in a batch they commit. Neither makes a second
//! message: the envelope's signature names the commitment its sender chose
//! ([`Carrier`]), so a copy in another committer's batch is [`Rejection::Recommitted`];
//! the recipient remembers what it accepted across runs (`crate::received`), so a copy
//! in another statement is [`Rejection::Replayed`]; and a message signed at a time far
//! from its commitment block's ([`MAX_SENT_AT_SKEW_MS`]) is
//! [`Rejection::SentAtFarFromCommitment`], so an old message cannot pass for new.

use codec::{Decode, DecodeAll, Encode};
use missive_primitives::{
	did::{DidId, DidPublicKey, DidVerificationKey, KeyId, KeyRecord, KeyRelationship},
	envelope::{BatchId, Carrier, InclusionProof, SignedEnvelope},
	policy::{Destination, Violation},
	runtime_api::InclusionError,
	BlockNumber,
};
use sp_core::{sr25519, H256};
use sp_statement_store::{Statement, Topic};

use crate::{
	keys::DeviceKey,
	message::{self, Frame, OpenError, SignedMessage},
	sealed::SealedFrame,
};

/// Statement topics hold at most four tags, one per recipient device.
pub const MAX_TOPIC_DEVICES: usize = 4;

/// Furthest a message's signed time (`sent_at`) may be from its commitment block's
/// time, either way: a sender's clock may drift and a batch waits for its block, but
/// an old message re-committed, or one dated ahead, is refused.
pub const MAX_SENT_AT_SKEW_MS: u64 = 10 * 60 * 1000;

/// Where the chain committed a delivered envelope.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub enum Committed {
	/// On its own (`envelope.commit`): the chain stores the envelope under its id.
	Alone,
	/// As a leaf of a batch (`envelope.commit_batch`).
	InBatch { batch: BatchId, proof: InclusionProof },
}

/// What the chain says of the commitment that carries a delivery.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct OnChain {
	/// The block that committed the envelope (or its batch).
	pub block: BlockNumber,
	/// When that block was authored, in Unix milliseconds.
	pub time_ms: u64,
	/// Alone, or a batch and the DID that committed it.
	pub carrier: Carrier,
}

/// One statement's content.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct Delivery {
	pub envelope: SignedEnvelope,
	pub committed: Committed,
	pub frame: Frame,
}

/// What a statement's data is: a public delivery, or a sealed one (private mode,
/// [`crate::sealed`]).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub enum Payload {
	Public(Box<Delivery>),
	Sealed(SealedFrame),
}

impl Payload {
	/// The statement carrying this payload under `topics` (at most four), kept by the
	/// store until `expires_secs` (Unix seconds), signed by `account`. `sequence` orders
	/// statements of one account that expire in the same second (the store evicts the
	/// lowest first when the account's allowance is full).
	pub fn into_statement(
		&self,
		topics: &[[u8; 32]],
		expires_secs: u32,
		sequence: u32,
		account: &sr25519::Pair,
	) -> Statement {
		let mut statement = Statement::new();
		for (index, topic) in topics.iter().take(MAX_TOPIC_DEVICES).enumerate() {
			statement.set_topic(index, Topic::from(*topic));
		}
		statement.set_expiry_from_parts(expires_secs, sequence);
		statement.set_plain_data(self.encode());
		// Signed last: every setter above changes what the signature covers.
		statement.sign_sr25519_private(account);
		statement
	}

	/// The payload a statement carries, if its data is one.
	pub fn from_statement(statement: &Statement) -> Result<Self, Rejection> {
		let data = statement.data().ok_or(Rejection::Malformed)?;
		Self::decode_all(&mut &data[..]).map_err(|_| Rejection::Malformed)
	}
}

impl Delivery {
	/// The public delivery a statement carries, if its data is one.
	pub fn from_statement(statement: &Statement) -> Result<Self, Rejection> {
		match Payload::from_statement(statement)? {
			Payload::Public(delivery) => Ok(*delivery),
			Payload::Sealed(_) => Err(Rejection::Malformed),
		}
	}
}

/// Why a recipient does not accept a delivery. Listed to the user, never dropped.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum Rejection {
	#[error("the statement is not a Missive delivery")]
	Malformed,
	#[error("the envelope is addressed to another recipient")]
	NotForThisDid,
	#[error("the content does not match the committed hash or size (altered in transit)")]
	ContentMismatch,
	/// Not a rejection a receive reports: the statement waits for its commitment, and
	/// is unproven if none comes.
	#[error("no commitment of this envelope is in a finalized block")]
	NotCommitted,
	#[error("the commitment's retention has ended (the chain prunes it)")]
	CommitmentExpired,
	#[error("the chain's commitment differs from the delivered envelope")]
	CommitmentMismatch,
	#[error("the envelope is not proven part of its batch: {0:?}")]
	NotInBatch(InclusionError),
	#[error("the recipient's inbox policy refuses this sender: {0}")]
	RefusedByPolicy(Violation),
	#[error("the sender's DID is not active")]
	SenderNotActive,
	#[error(
		"no assertion key of the sender valid at the commitment's block signed the envelope \
		 (or, sealed, the message)"
	)]
	EnvelopeSignature,
	#[error("the envelope was signed for another commitment than the one carrying it (a replay)")]
	Recommitted,
	#[error(
		"the message was signed {seconds} s from its commitment block's time (at most {} s)",
		MAX_SENT_AT_SKEW_MS / 1000
	)]
	SentAtFarFromCommitment { seconds: u64 },
	#[error("this message was already received in another statement (a replay)")]
	Replayed,
	#[error("the frame does not open on this device: {0}")]
	Undecryptable(OpenError),
	#[error("the message names another {0} than its envelope")]
	MessageMismatch(&'static str),
	#[error("the message is not signed by the key that signed its envelope")]
	MessageSignature,
}

impl Rejection {
	/// Whether the statement's own content is wrong, whatever the chain says: no
	/// commitment, key or policy makes it right, so it is rejected without waiting.
	pub fn is_intrinsic(&self) -> bool {
		matches!(
			self,
			Self::Malformed
				| Self::NotForThisDid
				| Self::ContentMismatch
				| Self::Undecryptable(_)
				| Self::MessageMismatch(_)
				| Self::MessageSignature
		)
	}
}

/// What [`check`] accepted: the message, who signed it and when it was committed.
#[derive(Clone, Debug)]
pub struct Verified {
	pub message: SignedMessage,
	/// The sender's assertion key that signed the envelope and the message.
	pub signer: KeyId,
	pub committed_at: BlockNumber,
}

/// The cryptography already done for one delivery, so that checking it again (at the
/// best block, then at the finalized head) repeats none of it: the frame opened once,
/// each signature verified once per key. Facts of the chain (which keys were valid when,
/// the commitment, its block's time) are checked every time.
/// A memo belongs to the first delivery it is used for: with another, [`check`] ignores
/// it and works everything out afresh.
#[derive(Default)]
pub struct Memo {
	/// The hash of the delivery it belongs to.
	delivery: std::sync::OnceLock<[u8; 32]>,
	opened: std::sync::OnceLock<Result<SignedMessage, Rejection>>,
	signatures: std::sync::Mutex<Vec<Verification>>,
}

/// One signature checked: by `key`, over `signed` (the hash of the envelope's signing
/// payload, or `None` for the message's own signature).
struct Verification {
	key: DidVerificationKey,
	signed: Option<[u8; 32]>,
	valid: bool,
}

impl Memo {
	/// Whether this memo is `delivery`'s (it becomes so on first use).
	fn belongs_to(&self, delivery: &Delivery) -> bool {
		let hash = sp_crypto_hashing::blake2_256(&delivery.encode());
		*self.delivery.get_or_init(|| hash) == hash
	}

	fn open(&self, frame: &Frame, devices: &[DeviceKey]) -> Result<SignedMessage, Rejection> {
		self.opened.get_or_init(|| open_on_any(frame, devices)).clone()
	}

	/// Whether `key` signed `signed` (`None`: the message), verified by `verify` once.
	fn verifies(
		&self,
		key: &DidVerificationKey,
		signed: Option<[u8; 32]>,
		verify: impl FnOnce() -> bool,
	) -> bool {
		let known =
			self.signatures.lock().expect("no panic while held; qed").iter().find_map(|checked| {
				(checked.key == *key && checked.signed == signed).then_some(checked.valid)
			});
		if let Some(valid) = known {
			return valid;
		}
		let valid = verify();
		let checked = Verification { key: key.clone(), signed, valid };
		self.signatures.lock().expect("no panic while held; qed").push(checked);
		valid
	}
}

/// Checks a delivery to `me` whose envelope the chain committed as `on_chain` says
/// (finalized), with the sender's key records (current and rotated out) as the chain
/// keeps them: the content is the committed content; the envelope was signed, for the
/// commitment that carries it, by an assertion key of the sender valid at that block;
/// the frame opens on one of `devices`; the message inside names the same sender,
/// recipient and conversation, is signed by the same key, and was signed within
/// [`MAX_SENT_AT_SKEW_MS`] of the commitment block's time. `memo` keeps the
/// cryptography's results for the next check of the same delivery.
pub fn check(
	delivery: &Delivery,
	memo: &Memo,
	me: &DidId,
	devices: &[DeviceKey],
	on_chain: &OnChain,
	sender_keys: &[(KeyId, KeyRecord<BlockNumber>)],
	genesis_hash: &H256,
) -> Result<Verified, Rejection> {
	let fresh;
	let memo = if memo.belongs_to(delivery) {
		memo
	} else {
		fresh = Memo::default();
		&fresh
	};
	let envelope = &delivery.envelope.envelope;
	if envelope.destination != Destination::Did(*me) {
		return Err(Rejection::NotForThisDid);
	}
	let frame = &delivery.frame;
	if frame.content_hash() != envelope.content_hash
		|| frame.encoded_size() != envelope.size as usize
	{
		return Err(Rejection::ContentMismatch);
	}
	let signer_for = |carrier: &Carrier| {
		let payload = envelope.signing_payload(carrier, genesis_hash);
		let signed = Some(sp_crypto_hashing::blake2_256(&payload));
		sender_keys
			.iter()
			.filter(|(_, record)| record.valid_at(KeyRelationship::AssertionMethod, on_chain.block))
			.find_map(|(id, record)| match &record.key {
				DidPublicKey::Verification(key)
					if memo.verifies(key, signed, || {
						key.verify(&payload, &delivery.envelope.signature).is_ok()
					}) =>
				{
					Some((*id, key))
				},
				_ => None,
			})
	};
	// In its sender's own batch, an envelope signed to be committed alone is the sender's
	// choice too (and how leaves were signed before carriers were named).
	let own_batch = on_chain.carrier == Carrier::Batch { committer: envelope.sender };
	let signed = signer_for(&on_chain.carrier)
		.or_else(|| own_batch.then(|| signer_for(&Carrier::Alone)).flatten());
	let Some((signer, key)) = signed else {
		// Signed by the sender, but for a commitment of its own: someone else carried it.
		let own = [Carrier::Alone, Carrier::Batch { committer: envelope.sender }];
		if own.iter().any(|carrier| *carrier != on_chain.carrier && signer_for(carrier).is_some()) {
			return Err(Rejection::Recommitted);
		}
		return Err(Rejection::EnvelopeSignature);
	};
	let message = memo.open(frame, devices)?;
	let inner = &message.message;
	if inner.sender != envelope.sender {
		return Err(Rejection::MessageMismatch("sender"));
	}
	if inner.recipient != *me {
		return Err(Rejection::MessageMismatch("recipient"));
	}
	if inner.conversation != envelope.conversation {
		return Err(Rejection::MessageMismatch("conversation"));
	}
	if !memo.verifies(key, None, || message.verify(key, genesis_hash).is_ok()) {
		return Err(Rejection::MessageSignature);
	}
	let skew = inner.sent_at.abs_diff(on_chain.time_ms);
	if skew > MAX_SENT_AT_SKEW_MS {
		return Err(Rejection::SentAtFarFromCommitment { seconds: skew / 1000 });
	}
	Ok(Verified { message, signer, committed_at: on_chain.block })
}

fn open_on_any(frame: &Frame, devices: &[DeviceKey]) -> Result<SignedMessage, Rejection> {
	let mut last = OpenError::NotForThisDevice;
	for device in devices {
		match message::open(frame, device) {
			Ok(message) => return Ok(message),
			Err(OpenError::NotForThisDevice) => {},
			Err(other) => last = other,
		}
	}
	Err(Rejection::Undecryptable(last))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{keys::Identity, message::Message};
	use missive_primitives::{did::DidSignature, envelope::Envelope};
	use sp_core::Pair;

	const GENESIS: H256 = H256::repeat_byte(7);
	/// When Alice signs her messages (Unix milliseconds).
	const SENT_AT: u64 = 1_700_000_000_000;

	/// Committed alone in block `block`, a slot after the message was signed.
	fn on_chain(block: BlockNumber) -> OnChain {
		OnChain { block, time_ms: SENT_AT + 6_000, carrier: Carrier::Alone }
	}

	/// Alice's signature over the case's envelope, made for `carrier`.
	fn sign_for(case: &mut Case, carrier: Carrier) {
		let payload = case.delivery.envelope.envelope.signing_payload(&carrier, &GENESIS);
		case.delivery.envelope.signature =
			DidSignature::Sr25519(case.alice.assertion.sign(&payload));
	}

	struct Case {
		alice: Identity,
		bob: Identity,
		delivery: Delivery,
		alice_keys: Vec<(KeyId, KeyRecord<BlockNumber>)>,
	}

	fn record(
		key: DidVerificationKey,
		added: BlockNumber,
		revoked: Option<BlockNumber>,
	) -> (KeyId, KeyRecord<BlockNumber>) {
		let key = DidPublicKey::Verification(key);
		(
			key.id(),
			KeyRecord { key, relationship: KeyRelationship::AssertionMethod, added, revoked },
		)
	}

	/// Alice writes to Bob and signs with `signer`; her DID's assertion key record says
	/// the key is valid from block 10.
	fn case_signed_by(signer: impl Fn(&Identity) -> sr25519::Pair) -> Case {
		let alice = Identity::generate();
		let bob = Identity::generate();
		let key = signer(&alice);
		let message = Message {
			sender: alice.did(),
			recipient: bob.did(),
			conversation: H256::repeat_byte(1),
			sent_at: SENT_AT,
			body: b"hello Bob".to_vec(),
		}
		.sign(&key, &GENESIS);
		let frame = message::seal(&message, &[bob.device(0).public()]).unwrap();
		let envelope = Envelope {
			sender: alice.did(),
			destination: Destination::Did(bob.did()),
			conversation: H256::repeat_byte(1),
			content_hash: frame.content_hash(),
			size: frame.encoded_size() as u32,
			locator: b"statement".to_vec().try_into().unwrap(),
		};
		let signature =
			DidSignature::Sr25519(key.sign(&envelope.signing_payload(&Carrier::Alone, &GENESIS)));
		let alice_keys = vec![record(alice.assertion_key(), 10, None)];
		let delivery = Delivery {
			envelope: SignedEnvelope { envelope, signature },
			committed: Committed::Alone,
			frame,
		};
		Case { alice, bob, delivery, alice_keys }
	}

	fn case() -> Case {
		case_signed_by(|alice| alice.assertion.clone())
	}

	fn check_on(case: &Case, on_chain: &OnChain) -> Result<Verified, Rejection> {
		check_remembering(case, &Memo::default(), on_chain)
	}

	/// [`check_on`] with the memo a receiver keeps for the delivery.
	fn check_remembering(
		case: &Case,
		memo: &Memo,
		on_chain: &OnChain,
	) -> Result<Verified, Rejection> {
		check(
			&case.delivery,
			memo,
			&case.bob.did(),
			&[case.bob.device(0)],
			on_chain,
			&case.alice_keys,
			&GENESIS,
		)
	}

	fn check_case(case: &Case, committed_at: BlockNumber) -> Result<Verified, Rejection> {
		check_on(case, &on_chain(committed_at))
	}

	#[test]
	fn a_committed_delivery_is_accepted_and_read() {
		let case = case();
		let verified = check_case(&case, 12).unwrap();
		assert_eq!(verified.message.message.body, b"hello Bob");
		assert_eq!(verified.signer, case.alice_keys[0].0);
		assert_eq!(verified.committed_at, 12);
	}

	#[test]
	fn the_statement_round_trips_and_is_signed_by_the_account() {
		let case = case();
		let topic = [9u8; 32];
		let statement = Payload::Public(Box::new(case.delivery.clone())).into_statement(
			&[topic],
			2_000_000_000,
			3,
			&case.alice.account,
		);
		assert!(matches!(
			statement.verify_signature(),
			sp_statement_store::SignatureVerificationResult::Valid(account) if account == case.alice.account.public().0
		));
		assert_eq!(statement.topic(0), Some(topic.into()));
		assert_eq!(statement.expiry() >> 32, 2_000_000_000);
		assert_eq!(Delivery::from_statement(&statement).unwrap(), case.delivery);
		let mut empty = Statement::new();
		empty.set_plain_data(vec![1, 2, 3]);
		assert_eq!(Delivery::from_statement(&empty), Err(Rejection::Malformed));
	}

	#[test]
	fn another_recipient_is_refused() {
		let case = case();
		let carol = Identity::generate();
		let result = check(
			&case.delivery,
			&Memo::default(),
			&carol.did(),
			&[carol.device(0)],
			&on_chain(12),
			&case.alice_keys,
			&GENESIS,
		);
		assert_eq!(result.unwrap_err(), Rejection::NotForThisDid);
	}

	#[test]
	fn altered_content_is_refused() {
		let mut case = case();
		let last = case.delivery.frame.ciphertext.len() - 1;
		case.delivery.frame.ciphertext[last] ^= 1;
		assert_eq!(check_case(&case, 12).unwrap_err(), Rejection::ContentMismatch);
	}

	#[test]
	fn a_key_not_valid_at_the_commitment_block_is_refused() {
		let mut case = case();
		assert_eq!(
			check_case(&case, 9).unwrap_err(),
			Rejection::EnvelopeSignature,
			"before it was added"
		);
		case.alice_keys[0].1.revoked = Some(11);
		assert_eq!(
			check_case(&case, 11).unwrap_err(),
			Rejection::EnvelopeSignature,
			"once revoked"
		);
		assert!(check_case(&case, 10).is_ok(), "while it was valid");
	}

	/// One memo across the checks of one delivery, as a receiver keeps it: the
	/// signatures verify once, the key's validity at each block is checked every time, a
	/// forged message signature stays refused, and a memo reused for another delivery
	/// vouches for nothing.
	#[test]
	fn a_memo_keeps_the_cryptography_not_the_chains_facts() {
		let mut case = case();
		let memo = Memo::default();
		let check_with = |case: &Case, block| check_remembering(case, &memo, &on_chain(block));
		assert!(check_with(&case, 12).is_ok());
		assert_eq!(
			check_with(&case, 9).unwrap_err(),
			Rejection::EnvelopeSignature,
			"not yet added"
		);
		case.alice_keys[0].1.revoked = Some(11);
		assert_eq!(check_with(&case, 12).unwrap_err(), Rejection::EnvelopeSignature, "revoked");
		assert!(check_with(&case, 10).is_ok(), "while it was valid");
		assert_eq!(memo.signatures.lock().unwrap().len(), 2, "the envelope's and the message's");

		let mut forged = self::case();
		let message = inner(&forged).sign(&sr25519::Pair::from_seed(&[5; 32]), &GENESIS);
		with_inner(&mut forged, message);
		let fresh = Memo::default();
		for _ in 0..2 {
			let result = check_remembering(&forged, &fresh, &on_chain(12));
			assert_eq!(result.unwrap_err(), Rejection::MessageSignature);
		}
		// The first delivery's memo, reused for the forged one, vouches for nothing.
		let valid = self::case();
		let reused = Memo::default();
		assert!(check_remembering(&valid, &reused, &on_chain(12)).is_ok());
		let result = check_remembering(&forged, &reused, &on_chain(12));
		assert_eq!(result.unwrap_err(), Rejection::MessageSignature);
	}

	#[test]
	fn a_key_of_another_relationship_is_refused() {
		let mut case = case();
		case.alice_keys[0].1.relationship = KeyRelationship::Authentication;
		assert_eq!(check_case(&case, 12).unwrap_err(), Rejection::EnvelopeSignature);
	}

	/// Replaces the frame with `message` sealed to Bob, re-signing the envelope with
	/// Alice's assertion key: only the frame's inside differs from a valid delivery.
	fn with_inner(case: &mut Case, message: SignedMessage) {
		let frame = message::seal(&message, &[case.bob.device(0).public()]).unwrap();
		let mut envelope = case.delivery.envelope.envelope.clone();
		envelope.content_hash = frame.content_hash();
		envelope.size = frame.encoded_size() as u32;
		case.delivery.envelope.envelope = envelope;
		case.delivery.frame = frame;
		sign_for(case, Carrier::Alone);
	}

	fn inner(case: &Case) -> Message {
		Message {
			sender: case.alice.did(),
			recipient: case.bob.did(),
			conversation: H256::repeat_byte(1),
			sent_at: SENT_AT,
			body: b"inner".to_vec(),
		}
	}

	#[test]
	fn a_message_signed_by_another_key_is_refused() {
		let mut case = case();
		let forged = inner(&case).sign(&sr25519::Pair::from_seed(&[5; 32]), &GENESIS);
		with_inner(&mut case, forged);
		assert_eq!(check_case(&case, 12).unwrap_err(), Rejection::MessageSignature);
	}

	#[test]
	fn a_message_naming_other_parties_is_refused() {
		let mut case = case();
		let carol = Identity::generate().did();
		let key = case.alice.assertion.clone();
		let to_carol = Message { recipient: carol, ..inner(&case) }.sign(&key, &GENESIS);
		with_inner(&mut case, to_carol);
		assert_eq!(check_case(&case, 12).unwrap_err(), Rejection::MessageMismatch("recipient"));
		let from_carol = Message { sender: carol, ..inner(&case) }.sign(&key, &GENESIS);
		with_inner(&mut case, from_carol);
		assert_eq!(check_case(&case, 12).unwrap_err(), Rejection::MessageMismatch("sender"));
		let elsewhere =
			Message { conversation: H256::repeat_byte(2), ..inner(&case) }.sign(&key, &GENESIS);
		with_inner(&mut case, elsewhere);
		assert_eq!(check_case(&case, 12).unwrap_err(), Rejection::MessageMismatch("conversation"));
		let addressed = inner(&case).sign(&key, &GENESIS);
		with_inner(&mut case, addressed);
		assert!(check_case(&case, 12).is_ok(), "the same frame, correctly addressed");
	}

	#[test]
	fn a_frame_for_other_devices_is_refused() {
		let case = case();
		let other_device = case.bob.device(3);
		let result = check(
			&case.delivery,
			&Memo::default(),
			&case.bob.did(),
			&[other_device],
			&on_chain(12),
			&case.alice_keys,
			&GENESIS,
		);
		assert_eq!(result.unwrap_err(), Rejection::Undecryptable(OpenError::NotForThisDevice));
	}

	#[test]
	fn a_leaf_verifies_only_in_the_batch_its_sender_signed_it_for() {
		let mut case = case();
		let alice = case.alice.did();
		let mallory = Identity::generate().did();
		let in_batch_of =
			|committer| OnChain { carrier: Carrier::Batch { committer }, ..on_chain(12) };
		assert_eq!(
			check_on(&case, &in_batch_of(mallory)).unwrap_err(),
			Rejection::Recommitted,
			"signed to be committed alone, carried by Mallory's batch"
		);
		assert!(
			check_on(&case, &in_batch_of(alice)).is_ok(),
			"signed to be committed alone, carried by its sender's own batch"
		);
		sign_for(&mut case, Carrier::Batch { committer: alice });
		assert!(check_on(&case, &in_batch_of(alice)).is_ok(), "in its sender's own batch");
		assert_eq!(
			check_on(&case, &in_batch_of(mallory)).unwrap_err(),
			Rejection::Recommitted,
			"copied into Mallory's batch"
		);
		assert_eq!(
			check_on(&case, &on_chain(12)).unwrap_err(),
			Rejection::Recommitted,
			"signed as a leaf, carried alone"
		);
		// A leaf for a relay Alice chose verifies in that relay's batch only; in another
		// batch nothing tells the reader who the relay was, so it is a bad signature.
		let relay = Identity::generate().did();
		sign_for(&mut case, Carrier::Batch { committer: relay });
		assert!(check_on(&case, &in_batch_of(relay)).is_ok(), "in the relay's batch");
		assert_eq!(
			check_on(&case, &in_batch_of(mallory)).unwrap_err(),
			Rejection::EnvelopeSignature
		);
	}

	#[test]
	fn a_message_signed_far_from_its_commitment_time_is_refused() {
		let case = case();
		let at = |time_ms| OnChain { time_ms, ..on_chain(12) };
		let latest = SENT_AT + MAX_SENT_AT_SKEW_MS;
		assert!(check_on(&case, &at(latest)).is_ok(), "committed as late as allowed");
		assert_eq!(
			check_on(&case, &at(latest + 1_000)).unwrap_err(),
			Rejection::SentAtFarFromCommitment { seconds: 601 },
			"an old message committed now"
		);
		assert_eq!(
			check_on(&case, &at(SENT_AT - MAX_SENT_AT_SKEW_MS - 60_000)).unwrap_err(),
			Rejection::SentAtFarFromCommitment { seconds: 660 },
			"dated ahead of its block"
		);
	}
}

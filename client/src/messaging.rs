//! Sending and receiving: a message is signed by the sender's DID, sealed to every
//! device of the recipient, put in the statement store under topics only the two
//! parties can compute while it is committed on chain (alone, or many in one batch);
//! the recipient finds it through its own node, decrypts and verifies it against the
//! sender's DID and shows it at once, then follows its commitment to the best and the
//! finalized chain, where every check runs again, and lists whatever fails with its
//! reason ([`Outcome`]). What it accepted is remembered ([`crate::received`]), so a copy
//! in another statement is a replay.

use std::{
	collections::{hash_map::Entry, HashMap, HashSet},
	path::{Path, PathBuf},
	pin::Pin,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use codec::{Decode, Encode};
use futures::{stream::SelectAll, FutureExt, Stream, StreamExt};
use missive_primitives::{
	consent::ConsentScope,
	did::{DidEncryptionKey, DidId, DidPublicKey, KeyId, KeyRecord, KeyRelationship},
	envelope::{
		batch_id, merkle, BatchId, Carrier, Envelope, EnvelopeId, ReceiptStatus, SignedEnvelope,
	},
	policy::{Destination, Violation},
	runtime_api::{
		BatchCommitmentOf, CommitmentOf, DidResolution, InboxEntry, SealedCommitmentOf,
		MAX_GRANTS_PAGE, MAX_INBOX_PAGE,
	},
	BlockNumber,
};
use rand_core::{OsRng, RngCore};
use sp_core::{bounded::BoundedVec, H256};
use sp_statement_store::{Statement, StatementEvent, SubmitResult, TopicFilter};
use subxt::utils::Static;

use crate::{
	chain::{
		account_of, runtime, Chain, ChainError, Included, RuntimeCall, Wait, DID_CALL_VALIDITY,
	},
	delivery::{
		self, Committed, Delivery, OnChain, Payload, Rejection, Verified, MAX_TOPIC_DEVICES,
	},
	journal::JournalError,
	keys::{DeviceKey, Identity},
	message::{self, Message, SealError, SignedMessage},
	posted::{AllowanceFull, Posted, PostedLog, Usage},
	received::ReceivedLog,
	sealed::{self, SealedContent, SealedLeaf, SealedOnChain},
	topic,
};

/// Device indices a client looks through for the identity's own devices.
pub const MAX_DEVICE_INDEX: u32 = 16;
/// Where an envelope says its content is.
pub const STATEMENT_LOCATOR: &[u8] = b"statement-store";
/// Most topics one statement subscription may match (`matchAny`).
const MAX_ANY_TOPICS: usize = 128;

/// Why a message was not sent.
#[derive(Clone, Debug, thiserror::Error)]
pub enum SendError {
	#[error(transparent)]
	Chain(#[from] ChainError),
	#[error("the recipient {0} is not an active DID")]
	RecipientNotActive(DidId),
	#[error("cannot send to {did}: {reason}")]
	Recipient { did: DidId, reason: String },
	#[error("cannot encrypt to the recipient: {0}")]
	Seal(#[from] SealError),
	#[error("this identity's DID lists none of its devices' key-agreement keys")]
	NoOwnDevice,
	#[error(
		"the chain would refuse this message: {violation} (its answer at the best block; \
		 nothing was sent)"
	)]
	RefusedByPolicy { recipient: Option<DidId>, violation: Violation },
	#[error("the statement store refused the message: {0:?}")]
	StoreRefused(SubmitResult),
	#[error(transparent)]
	AllowanceFull(#[from] AllowanceFull),
	#[error(
		"envelope {envelope:?} was sent, but not recorded in the log of posted statements \
		 ({reason}): the allowance check undercounts until its statement expires"
	)]
	Unrecorded { envelope: EnvelopeId, reason: String },
	#[error(
		"envelope {envelope:?} was committed in block #{block}, which the chain did not \
		 finalize (a reorg), and its call has expired unlanded: send it again"
	)]
	LostInReorg { envelope: EnvelopeId, block: BlockNumber },
	#[error(
		"this machine's clock and the best block's time are {seconds} s apart (at most {} s): \
		 a wrong clock, or a stalled chain; nothing was sent, as recipients would refuse it",
		MAX_CLOCK_SKEW.as_secs()
	)]
	ClockSkew { seconds: u64 },
	#[error(
		"block #{block} is not finalized: the finalized head has not moved for {} s",
		FINALITY_PATIENCE.as_secs()
	)]
	NotFinalized { block: BlockNumber },
}

/// Furthest this machine's clock may be from the best block's time for a send: half of
/// what recipients allow between a message's time and its commitment block's
/// ([`delivery::MAX_SENT_AT_SKEW_MS`]), the rest left for the commitment to land.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_millis(delivery::MAX_SENT_AT_SKEW_MS / 2);

/// How long [`Messenger::finalize`] waits for the finalized head to move.
pub const FINALITY_PATIENCE: Duration = Duration::from_secs(300);

/// Why receiving stopped.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
	#[error(transparent)]
	Chain(#[from] ChainError),
	#[error(transparent)]
	Journal(#[from] JournalError),
}

/// A message to send.
#[derive(Clone, Debug)]
pub struct Outgoing {
	pub recipient: DidId,
	pub conversation: H256,
	pub body: Vec<u8>,
}

/// A message sent: committed on chain and accepted by the store.
#[derive(Clone, Debug)]
pub struct Sent {
	/// The envelope's id, or a sealed message's leaf.
	pub envelope: EnvelopeId,
	pub statement: [u8; 32],
	/// The statement's data length, counted against the store allowance.
	pub bytes: u32,
	pub included: Included,
	pub via: Via,
}

/// The commitment that carries a message.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Via {
	/// Its envelope, committed on its own by the sender's DID (public).
	Alone,
	/// A batch of envelopes committed by the sender's DID (public).
	Batch(BatchId),
	/// A sealed root committed by the sender's account, naming no DID (private).
	Sealed(H256),
}

/// What happened to one statement a recipient found, or to a commitment whose
/// statement it did not find. A message is shown as soon as it verifies
/// (`Unconfirmed`), then moves on as the chain proves it (`Committed`, then `Accepted`:
/// final); a state may be skipped (a message whose commitment is already final when it
/// arrives is `Accepted` at once), never repeated. `Accepted`, `Rejected`, `Unproven`
/// and `Missing` are decided: nothing follows them. A message shown and then
/// `Rejected` or `Unproven` says so (`shown`): what was shown is to be disregarded.
#[derive(Clone, Debug)]
pub enum Outcome {
	/// Decrypted and verified against the sender's DID at the best block, its
	/// commitment not final yet (and not checked at the best block): shown, not proven.
	Unconfirmed {
		statement: [u8; 32],
		envelope: EnvelopeId,
		message: Box<SignedMessage>,
		/// The sender's assertion key that signed it.
		signer: KeyId,
	},
	/// Every check passes at the best block: its commitment is in the best chain, not
	/// final yet.
	Committed { statement: [u8; 32], envelope: EnvelopeId, verified: Box<Verified> },
	/// Final: every check passes at the finalized head.
	Accepted {
		statement: [u8; 32],
		envelope: EnvelopeId,
		verified: Box<Verified>,
		/// When acknowledging: the block the receipt landed in, or why it did not (batched
		/// envelopes have no receipt).
		receipt: Option<Result<BlockNumber, String>>,
	},
	/// A check failed at the finalized head (or the statement's own content is wrong).
	/// If it was `shown`, the user is told to disregard what was shown.
	Rejected {
		statement: [u8; 32],
		/// The envelope (or sealed leaf) it carried, if it could be read.
		envelope: Option<EnvelopeId>,
		/// The sender it names, verified or not.
		sender: Option<DidId>,
		reason: Rejection,
		shown: bool,
	},
	/// No commitment of this statement's message reached a finalized block in time (by
	/// default, before the finalized chain passed the last block its commitment could
	/// land in; see [`ReceiveOptions::prove_within`]), or before `receive` stopped:
	/// whatever was shown of it (`shown`) stays unproven, never final. A later run may
	/// still find it committed.
	Unproven {
		statement: [u8; 32],
		envelope: EnvelopeId,
		/// Its sender, if a check verified it (it was shown).
		sender: Option<DidId>,
		shown: bool,
	},
	/// A commitment to this identity (committed alone), finalized at least
	/// [`ReceiveOptions::missing_after`] before `receive` stopped, that no statement carried in this run
	/// or an earlier one: the sender never published it, or the store dropped it. Listed
	/// when `receive` stops because the store had nothing more to give (idle) or at its
	/// deadline, not when it stops at `expect`.
	Missing { envelope: EnvelopeId, sender: DidId, committed_at: BlockNumber },
}

impl Outcome {
	/// Whether nothing follows this outcome for its statement (or commitment).
	pub fn is_decided(&self) -> bool {
		!matches!(self, Self::Unconfirmed { .. } | Self::Committed { .. })
	}
}

/// Store events read into one round of checks, at most.
const MAX_EVENTS_PER_ROUND: usize = 1024;
/// Runtime API requests one round of checks keeps in flight at once, for each kind of
/// commitment (envelopes, batches, sealed roots).
const PREFETCH_IN_FLIGHT: usize = 32;

/// Statements of one batch a sender has in flight to its node's store at once, submitted
/// in order; after a refusal none is submitted, and those in flight are still counted.
const STORE_IN_FLIGHT: usize = 64;

/// Blocks allowed for finality beyond the last block a commitment may land in, before a
/// message without one is [`Outcome::Unproven`].
pub const PROOF_MARGIN: BlockNumber = 10;

/// How long after its commitment a message's statement may still be on its way before
/// the message is listed as [`Outcome::Missing`], by default: a sender stores the
/// statement while its commitment lands.
pub const MISSING_AFTER: Duration = Duration::from_secs(60);

/// How long [`Messenger::receive`] listens.
#[derive(Clone, Debug)]
pub struct ReceiveOptions {
	/// Senders to listen to besides those found in the inbox and the consent grants.
	pub from: Vec<DidId>,
	/// Stop once this many outcomes were decided ([`Outcome::is_decided`]).
	pub expect: Option<usize>,
	/// Stop after this long without a new statement (and nothing pending).
	pub idle: Duration,
	/// Stop after this long in any case; what is still pending is then unproven.
	pub deadline: Duration,
	/// Acknowledge each accepted message on chain with this status.
	pub acknowledge: Option<ReceiptStatus>,
	/// Where what this identity accepted is remembered across runs, so that a copy of a
	/// message in another statement is refused as a replay later too; without it, within
	/// this run only.
	pub received: Option<PathBuf>,
	/// How long after its commitment a statement may still be on its way before the
	/// message is listed as [`Outcome::Missing`].
	pub missing_after: Duration,
	/// How long after it arrived a message may wait for a finalized commitment before it
	/// is [`Outcome::Unproven`]; by default, until its commitment can no longer land (a
	/// DID call's validity, [`DID_CALL_VALIDITY`] blocks) and [`PROOF_MARGIN`] blocks more.
	pub prove_within: Option<Duration>,
}

impl Default for ReceiveOptions {
	fn default() -> Self {
		Self {
			from: Vec::new(),
			expect: None,
			idle: Duration::from_secs(30),
			deadline: Duration::from_secs(600),
			acknowledge: None,
			received: None,
			missing_after: MISSING_AFTER,
			prove_within: None,
		}
	}
}

/// A recipient's devices as its DID lists them, and the chain's view of its inbox.
pub struct Messenger<'a> {
	pub chain: &'a Chain,
	pub identity: &'a Identity,
	/// This identity's devices whose keys the DID lists, in index order.
	devices: Vec<DeviceKey>,
	/// The DID's current assertion key: it signs messages and envelopes.
	assertion: sp_core::sr25519::Pair,
	/// What this client still has in the store from its account (public statements);
	/// held for the whole of a send, so that sends from one messenger never overrun the
	/// allowance together.
	posted: tokio::sync::Mutex<PostedLog>,
	/// The same for its posting account (sealed statements).
	posted_sealed: tokio::sync::Mutex<PostedLog>,
}

/// A sender's key records at a block, and whether its DID was live there. A
/// deactivated DID's keys are kept, all revoked at its deactivation, while what they
/// signed may still be retained: its committed messages verify, nothing newer does.
struct SenderKeys {
	records: Vec<(KeyId, KeyRecord<BlockNumber>)>,
	live: bool,
}

/// What a statement for this identity carries, once read.
enum Incoming {
	/// A public delivery, and what checking it worked out so far.
	Public(Box<Delivery>, Box<delivery::Memo>),
	/// Sealed content this device opened, and the size of the statement's data.
	Sealed { content: Box<SealedContent>, size: u32 },
}

impl Incoming {
	/// What the received log knows it by: the envelope's id, or the sealed leaf.
	fn id(&self) -> EnvelopeId {
		match self {
			Self::Public(delivery, _) => delivery.envelope.envelope.id(),
			Self::Sealed { content, .. } => content.leaf(),
		}
	}

	fn sender(&self) -> DidId {
		match self {
			Self::Public(delivery, _) => delivery.envelope.envelope.sender,
			Self::Sealed { content, .. } => content.message.sender,
		}
	}
}

/// What one round of checks read from the chain at one head (finalized or best), each
/// read once however many messages need it.
#[derive(Default)]
struct Lookups {
	/// Each sender's key records, `None` for a DID that never existed or whose
	/// records are gone.
	sender_keys: HashMap<DidId, Option<SenderKeys>>,
	/// When each block was authored (Unix milliseconds).
	block_times: HashMap<BlockNumber, u64>,
	block_hashes: HashMap<BlockNumber, H256>,
	envelopes: HashMap<EnvelopeId, Option<CommitmentOf>>,
	batches: HashMap<BatchId, Option<BatchCommitmentOf>>,
	sealed: HashMap<H256, Option<SealedCommitmentOf>>,
	/// Whether a sender may write to a recipient in a conversation at a block, for no
	/// size.
	admissions: HashMap<(DidId, DidId, H256, H256), Result<(), Violation>>,
	/// The largest message a recipient accepts, at a block.
	max_sizes: HashMap<(DidId, H256), u32>,
}

/// What a sender needs to know of a recipient.
struct RecipientInfo {
	/// The recipient's device keys (X25519).
	devices: Vec<[u8; 32]>,
	/// This sender's first device paired with each of the recipient's first
	/// [`MAX_TOPIC_DEVICES`] devices (`None`: no shared secret), for their topics.
	pairings: Vec<Option<topic::Pairing>>,
	/// How long its inbox keeps what it is sent.
	retention: Duration,
	/// Whether it holds no grant of this sender: it would not hear a batched message on
	/// pairwise topics alone (see [`topic::introduction`]).
	unknown: bool,
}

fn recipient_info<'r>(
	recipients: &'r HashMap<DidId, Result<RecipientInfo, String>>,
	did: &DidId,
) -> Result<&'r RecipientInfo, SendError> {
	recipients[did]
		.as_ref()
		.map_err(|reason| SendError::Recipient { did: *did, reason: reason.clone() })
}

type StatementStream =
	Pin<Box<dyn Stream<Item = Result<StatementEvent, serde_json::Error>> + Send>>;

fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_millis() as u64
}

/// What the recipient's client refuses of the chain's answer to `PolicyApi_can_send`:
/// everything but rate limits, which are the committer's (a batch, counted as a whole)
/// or this client's own count (sealed messages).
fn inbox_refusal(allowed: Result<(), Violation>) -> Result<(), Rejection> {
	match allowed {
		Err(violation) if !is_rate_limit(&violation) => Err(Rejection::RefusedByPolicy(violation)),
		_ => Ok(()),
	}
}

/// Whether `violation` is one of the chain's rate limits (checked after everything else).
fn is_rate_limit(violation: &Violation) -> bool {
	matches!(
		violation,
		Violation::SenderRateLimited | Violation::PairRateLimited | Violation::TooManyRecipients
	)
}

/// `map`'s value for `key`, read with `read` the first time.
async fn cached<K, V, F>(
	map: &mut HashMap<K, V>,
	key: K,
	read: impl FnOnce() -> F,
) -> Result<V, ChainError>
where
	K: std::hash::Hash + Eq,
	V: Clone,
	F: std::future::Future<Output = Result<V, ChainError>>,
{
	Ok(match map.entry(key) {
		Entry::Occupied(known) => known.get().clone(),
		Entry::Vacant(entry) => entry.insert(read().await?).clone(),
	})
}

/// What a receive has shown and not decided yet.
struct Showing {
	/// Which statement shows each envelope: a copy in another statement is not shown
	/// again (and is a replay once the first is final).
	by: HashMap<EnvelopeId, [u8; 32]>,
	/// Most messages of one sender shown unconfirmed at a time: this inbox's limit per
	/// sender and window.
	per_sender: usize,
}

impl Showing {
	/// Whether `one` may be shown: one statement per envelope, and never what was
	/// accepted before in another statement.
	fn may_show(&self, one: &Tracked, received: &ReceivedLog) -> bool {
		let id = one.incoming.id();
		self.by.get(&id).is_none_or(|by| *by == one.hash) && received.check(&id, &one.hash).is_ok()
	}
}

/// How far a statement not decided yet was shown.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shown {
	Unconfirmed,
	Committed,
}

/// A statement read and not decided yet.
struct Tracked {
	hash: [u8; 32],
	incoming: Incoming,
	arrived: Instant,
	/// The best block's number when it was first checked: its commitment lands within
	/// [`DID_CALL_VALIDITY`] blocks of that, or never.
	arrived_at: Option<BlockNumber>,
	shown: Option<Shown>,
	/// The finalized and best blocks it was last checked at.
	final_checked: Option<H256>,
	best_checked: Option<H256>,
}

impl Tracked {
	fn new(hash: [u8; 32], incoming: Incoming) -> Self {
		Self {
			hash,
			incoming,
			arrived: Instant::now(),
			arrived_at: None,
			shown: None,
			final_checked: None,
			best_checked: None,
		}
	}

	/// Its rejection for `reason`; `by` forgets what it showed.
	fn rejected(&self, reason: Rejection, by: &mut HashMap<EnvelopeId, [u8; 32]>) -> Outcome {
		self.forget(by);
		Outcome::Rejected {
			statement: self.hash,
			envelope: Some(self.incoming.id()),
			sender: Some(self.incoming.sender()),
			reason,
			shown: self.shown.is_some(),
		}
	}

	/// It was not proven in time; `by` forgets what it showed.
	fn unproven(&self, by: &mut HashMap<EnvelopeId, [u8; 32]>) -> Outcome {
		self.forget(by);
		Outcome::Unproven {
			statement: self.hash,
			envelope: self.incoming.id(),
			// Verified only if it was shown.
			sender: self.shown.map(|_| self.incoming.sender()),
			shown: self.shown.is_some(),
		}
	}

	/// Lets another statement show its envelope once this one is decided.
	fn forget(&self, by: &mut HashMap<EnvelopeId, [u8; 32]>) {
		let id = self.incoming.id();
		if by.get(&id) == Some(&self.hash) {
			by.remove(&id);
		}
	}
}

fn x25519_keys(resolution: &DidResolution<BlockNumber>) -> Vec<[u8; 32]> {
	let DidResolution::Active { document, keys } = resolution else { return Vec::new() };
	keys.iter()
		.filter(|(id, _)| document.key_agreement.contains(id))
		.filter_map(|(_, record)| match record.key {
			DidPublicKey::Encryption(DidEncryptionKey::X25519(key)) => Some(key),
			_ => None,
		})
		.collect()
}

impl<'a> Messenger<'a> {
	/// The identity's messenger; its DID must list at least one of its devices.
	pub async fn new(chain: &'a Chain, identity: &'a Identity) -> Result<Self, SendError> {
		let (_, best) = chain.best().await?;
		let listed = x25519_keys(&chain.resolve_at(&identity.did(), best).await?);
		let devices: Vec<DeviceKey> = (0..MAX_DEVICE_INDEX)
			.map(|index| identity.device(index))
			.filter(|device| listed.contains(&device.public()))
			.collect();
		if devices.is_empty() {
			return Err(SendError::NoOwnDevice);
		}
		let assertion = chain.current_key(identity, KeyRelationship::AssertionMethod).await?;
		let posted = tokio::sync::Mutex::new(PostedLog::in_memory());
		let posted_sealed = tokio::sync::Mutex::new(PostedLog::in_memory());
		Ok(Self { chain, identity, devices, assertion, posted, posted_sealed })
	}

	/// Keeps what this client posts to the store in journals, so that the allowance
	/// checks count what earlier runs posted too ([`crate::posted`]): `public` for the
	/// account's statements, `sealed` for the posting account's.
	pub fn with_posted_logs(mut self, public: &Path, sealed: &Path) -> Result<Self, JournalError> {
		let now = now_ms() / 1000;
		self.posted = tokio::sync::Mutex::new(PostedLog::open(public, now)?);
		self.posted_sealed = tokio::sync::Mutex::new(PostedLog::open(sealed, now)?);
		Ok(self)
	}

	pub fn did(&self) -> DidId {
		self.identity.did()
	}

	/// The recipient's devices and how long its inbox keeps what it is sent.
	async fn recipient(&self, did: &DidId, head: H256) -> Result<RecipientInfo, SendError> {
		// The recipient listens to the DIDs it granted (any grant, in force or expired).
		let apis = runtime::runtime_apis();
		let consent = apis.consent_api().check(
			Static(*did),
			Static(self.did()),
			Static(ConsentScope::Messaging),
		);
		let (document, policy, consent) = futures::join!(
			self.chain.resolve_at(did, head),
			self.chain.call(apis.policy_api().inbox_policy(Static(*did)), head),
			self.chain.call(consent, head),
		);
		let devices = x25519_keys(&document?);
		if devices.is_empty() {
			return Err(SendError::RecipientNotActive(*did));
		}
		let retention = self.chain.duration_of(policy?.retention);
		let pairings = devices
			.iter()
			.take(MAX_TOPIC_DEVICES)
			.map(|device| topic::Pairing::new(&self.devices[0], device))
			.collect();
		Ok(RecipientInfo { devices, pairings, retention, unknown: consent?.grant.is_none() })
	}

	/// Each distinct recipient of `messages`, looked up once at the finalized head
	/// ([`PREFETCH_IN_FLIGHT`] at once).
	async fn recipients(
		&self,
		messages: &[Outgoing],
	) -> HashMap<DidId, Result<RecipientInfo, String>> {
		let mut seen = std::collections::HashSet::new();
		let distinct: Vec<DidId> = messages
			.iter()
			.map(|outgoing| outgoing.recipient)
			.filter(|did| seen.insert(*did))
			.collect();
		let head = match self.chain.finalized().await {
			Ok((_, head)) => head,
			Err(error) => {
				return distinct.into_iter().map(|did| (did, Err(error.to_string()))).collect()
			},
		};
		// Collected first (see `read_all`).
		let lookups: Vec<_> = distinct.iter().map(|did| self.recipient(did, head)).collect();
		let found: Vec<_> =
			futures::stream::iter(lookups).buffered(PREFETCH_IN_FLIGHT).collect().await;
		distinct
			.into_iter()
			.zip(found)
			.map(|(did, found)| (did, found.map_err(|e| e.to_string())))
			.collect()
	}

	/// Signs, seals and addresses one message to be committed by `carrier`: its signed
	/// envelope, frame and topics — the pairwise topics with the recipient's first
	/// devices, and its introduction topic in the last place when the message leaves
	/// no inbox entry (a batch) and the recipient holds no grant of this sender.
	fn prepare(
		&self,
		outgoing: &Outgoing,
		recipient: &RecipientInfo,
		sent_at: u64,
		carrier: &Carrier,
	) -> Result<(SignedEnvelope, message::Frame, Vec<[u8; 32]>), SendError> {
		let me = self.did();
		let signed = Message {
			sender: me,
			recipient: outgoing.recipient,
			conversation: outgoing.conversation,
			sent_at,
			body: outgoing.body.clone(),
		}
		.sign(&self.assertion, &self.chain.genesis_hash);
		let devices = &recipient.devices;
		let frame = message::seal(&signed, devices)?;
		let envelope = Envelope {
			sender: me,
			destination: Destination::Did(outgoing.recipient),
			conversation: outgoing.conversation,
			content_hash: frame.content_hash(),
			size: frame.encoded_size() as u32,
			locator: BoundedVec::truncate_from(STATEMENT_LOCATOR.to_vec()),
		};
		let signature = missive_primitives::did::DidSignature::Sr25519(sp_core::Pair::sign(
			&self.assertion,
			&envelope.signing_payload(carrier, &self.chain.genesis_hash),
		));
		let introduce = recipient.unknown && *carrier != Carrier::Alone;
		let topics = self.topics(recipient, topic::epoch_of(sent_at), introduce);
		Ok((SignedEnvelope { envelope, signature }, frame, topics))
	}

	/// A statement's topics for `recipient` in `epoch`: the pairwise topics with its
	/// first devices, and its introduction topic in the last place if `introduce`.
	fn topics(&self, recipient: &RecipientInfo, epoch: u64, introduce: bool) -> Vec<[u8; 32]> {
		let pairwise = MAX_TOPIC_DEVICES - usize::from(introduce);
		let mut topics: Vec<[u8; 32]> = recipient
			.pairings
			.iter()
			.take(pairwise)
			.flatten()
			.map(|pairing| pairing.topic(epoch))
			.collect();
		if introduce {
			topics.push(topic::introduction(&recipient.devices[0], epoch));
		}
		topics
	}

	/// The statement carrying `payload` under `topics`, kept by the store for
	/// `retention` from now, signed by `signer` (the account, or in private mode the
	/// posting account).
	fn statement(
		payload: &Payload,
		topics: &[[u8; 32]],
		retention: Duration,
		sequence: u32,
		signer: &sp_core::sr25519::Pair,
	) -> Statement {
		let expires = (now_ms() / 1000 + retention.as_secs()).min(u32::MAX as u64) as u32;
		payload.into_statement(topics, expires, sequence, signer)
	}

	/// Refuses to send `statements` unless they fit in `signer`'s store allowance beside
	/// what `posted` says the store still holds: the store would evict the earliest of
	/// them, silently ([`crate::posted`]).
	async fn ensure_room<'s>(
		&self,
		posted: &PostedLog,
		signer: &sp_core::sr25519::Pair,
		statements: impl IntoIterator<Item = &'s Statement>,
	) -> Result<(), SendError> {
		let allowance = self.chain.statement_allowance(&sp_core::Pair::public(signer)).await?;
		let adding = Usage::of(statements.into_iter().map(Statement::data_len));
		Ok(posted.usage(now_ms() / 1000).fits(adding, allowance)?)
	}

	/// Refuses to send while this machine's clock and the best block's time are more than
	/// [`MAX_CLOCK_SKEW`] apart: the message's time would be too far from its commitment
	/// block's for recipients ([`Rejection::SentAtFarFromCommitment`]).
	async fn ensure_clock(&self) -> Result<(), SendError> {
		let skew = now_ms().abs_diff(self.chain.block_time_at(None).await?);
		// The best block's slot began up to a slot ago.
		let allowed = MAX_CLOCK_SKEW.as_millis() as u64 + self.chain.slot_duration_ms;
		if skew > allowed {
			return Err(SendError::ClockSkew { seconds: skew / 1000 });
		}
		Ok(())
	}

	/// Puts `statement` in the node's store, and notes it in `held` unless the store
	/// refused it: when the answer is lost, the store may hold it, and counting it is
	/// the safe side.
	async fn store(
		&self,
		statement: &Statement,
		held: &std::sync::Mutex<Vec<Posted>>,
	) -> Result<Posted, SendError> {
		let posted = Posted {
			statement: statement.hash(),
			bytes: statement.data_len() as u32,
			expires_secs: statement.expiry() >> 32,
		};
		let hold = || held.lock().expect("no panic while held; qed").push(posted);
		match self.chain.submit_statement(statement).await {
			Ok(SubmitResult::New | SubmitResult::Known) => {
				hold();
				Ok(posted)
			},
			Ok(refused) => Err(SendError::StoreRefused(refused)),
			Err(unknown) => {
				hold();
				Err(unknown.into())
			},
		}
	}

	/// Records what the store accepted, before the sends are reported: a send whose
	/// statement could not be recorded is reported as [`SendError::Unrecorded`].
	fn record_posted(
		posted: &mut PostedLog,
		results: &mut [Option<Result<Sent, SendError>>],
		stored: std::sync::Mutex<Vec<Posted>>,
	) {
		let stored = stored.into_inner().expect("no panic while held; qed");
		for entry in stored {
			posted.record(entry);
		}
		if let Err(error) = posted.save() {
			for result in results.iter_mut() {
				if let Some(Ok(sent)) = result {
					let unrecorded = SendError::Unrecorded {
						envelope: sent.envelope,
						reason: error.to_string(),
					};
					*result = Some(Err(unrecorded));
				}
			}
		}
	}

	/// Sends one message: puts the frame in the statement store while its envelope is
	/// committed, and waits until the commitment is in a block. What the recipient's
	/// policy refuses at the best block (consent, deny list, closed inbox, size, rate
	/// limits) is [`SendError::RefusedByPolicy`] and nothing is sent; a commitment the
	/// chain still refuses is [`ChainError::Refused`], its statement stored (the
	/// recipient lists it as [`Outcome::Unproven`]).
	pub async fn send(&self, outgoing: &Outgoing) -> Result<Sent, SendError> {
		let mut sent = self.send_many(std::slice::from_ref(outgoing), |_| {}).await;
		sent.pop().expect("one result per message")
	}

	/// Sends many messages, each committed on its own, with all commitments in flight at
	/// once (see `commit_each`); `progress` is told of each one stored.
	/// One result per message, in order. If their statements do not all fit in the
	/// account's store allowance, none is sent ([`SendError::AllowanceFull`]).
	pub async fn send_many(
		&self,
		messages: &[Outgoing],
		progress: impl Fn(usize),
	) -> Vec<Result<Sent, SendError>> {
		let mut posted = self.posted.lock().await;
		if let Err(error) = self.ensure_clock().await {
			return messages.iter().map(|_| Err(error.clone())).collect();
		}
		let recipients = self.recipients(messages).await;
		let mut results: Vec<Option<Result<Sent, SendError>>> =
			messages.iter().map(|_| None).collect();
		let mut prepared = Vec::new();
		for (index, outgoing) in messages.iter().enumerate() {
			let ready = recipient_info(&recipients, &outgoing.recipient).and_then(|recipient| {
				let (signed, frame, topics) =
					self.prepare(outgoing, recipient, now_ms(), &Carrier::Alone)?;
				let delivery = Delivery { envelope: signed, committed: Committed::Alone, frame };
				let envelope = delivery.envelope.clone();
				let payload = Payload::Public(Box::new(delivery));
				let statement = Self::statement(
					&payload,
					&topics,
					recipient.retention,
					index as u32,
					&self.identity.account,
				);
				Ok((index, envelope, statement))
			});
			match ready {
				Ok(ready) => prepared.push(ready),
				Err(e) => results[index] = Some(Err(e)),
			}
		}
		let envelopes: Vec<&Envelope> =
			prepared.iter().map(|(_, signed, _)| &signed.envelope).collect();
		match self.policy_answers(&envelopes).await {
			Ok(answers) => {
				let mut answers = answers.into_iter();
				prepared.retain(|(index, signed, _)| {
					let Some(Err(violation)) = answers.next() else { return true };
					let recipient = signed.envelope.destination.did().copied();
					let refused = SendError::RefusedByPolicy { recipient, violation };
					results[*index] = Some(Err(refused));
					false
				})
			},
			Err(error) => {
				for (index, ..) in prepared.drain(..) {
					results[index] = Some(Err(error.clone().into()));
				}
			},
		}
		let account = &self.identity.account;
		if let Err(error) = self
			.ensure_room(&posted, account, prepared.iter().map(|(.., statement)| statement))
			.await
		{
			for (index, ..) in prepared.drain(..) {
				results[index] = Some(Err(error.clone()));
			}
		}
		// The statements go out while their commitments land: a recipient shows each
		// message on arrival, the chain's proof follows.
		let done = std::sync::atomic::AtomicUsize::new(0);
		let stored = std::sync::Mutex::new(Vec::new());
		let stores = prepared.iter().map(|(.., statement)| async {
			let result = self.store(statement, &stored).await;
			if result.is_ok() {
				progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
			}
			result
		});
		let envelopes = prepared.iter().map(|(_, signed, _)| signed.clone()).collect();
		let (stores, committed) =
			futures::join!(futures::future::join_all(stores), self.commit_each(envelopes));
		for (((index, signed, _), stored), included) in prepared.iter().zip(stores).zip(committed) {
			results[*index] = Some(included.map_err(SendError::from).and_then(|included| {
				let stored = stored?;
				Ok(Sent {
					envelope: signed.envelope.id(),
					statement: stored.statement,
					bytes: stored.bytes,
					included,
					via: Via::Alone,
				})
			}));
		}
		Self::record_posted(&mut posted, &mut results, stored);
		results
			.into_iter()
			.map(|result| result.expect("every message was either refused or submitted; qed"))
			.collect()
	}

	/// The chain's answer at the best block to whether this DID may send each of
	/// `envelopes` ([`Self::can_send`]), in order: what the chain would refuse is not put
	/// in the store, where its recipient would find it without a commitment. Only a burst
	/// past a rate limit can still be refused after.
	async fn policy_answers(
		&self,
		envelopes: &[&Envelope],
	) -> Result<Vec<Result<(), Violation>>, ChainError> {
		let (_, best) = self.chain.best().await?;
		let mut lookups = Lookups::default();
		let mut answers = Vec::with_capacity(envelopes.len());
		for envelope in envelopes {
			answers.push(match envelope.destination.did() {
				Some(recipient) => {
					let question = (self.did(), *recipient, envelope.conversation);
					self.can_send(question, envelope.size, best, &mut lookups).await?
				},
				// The sender's own limits only: the chain's to check.
				None => Ok(()),
			});
		}
		Ok(answers)
	}

	/// Commits each of `envelopes` on its own, all in flight at once, one result each.
	/// If the identity's account funds its DID (as it does unless the deposit was moved),
	/// it submits them itself (`envelope.commit_signed`: the envelope's signature
	/// authorizes it, no DID call); otherwise each goes through a DID call
	/// (`envelope.commit`).
	async fn commit_each(
		&self,
		envelopes: Vec<SignedEnvelope>,
	) -> Vec<Result<Included, ChainError>> {
		let account = &self.identity.account;
		match self.chain.funds_did(&account_of(account), &self.identity.did()).await {
			Ok(true) => {
				let payloads = envelopes
					.into_iter()
					.map(|signed| runtime::tx().envelope().commit_signed(Static(signed)))
					.collect();
				self.chain.submit_all(payloads, account, Wait::InBlock).await
			},
			Ok(false) => {
				let calls = envelopes
					.into_iter()
					.map(|signed| {
						RuntimeCall::Envelope(runtime::envelope::Call::commit {
							signed: Static(signed),
						})
					})
					.collect();
				self.chain
					.submit_all_as_did(
						self.identity,
						KeyRelationship::AssertionMethod,
						calls,
						Wait::InBlock,
					)
					.await
			},
			Err(error) => envelopes.iter().map(|_| Err(error.clone())).collect(),
		}
	}

	/// Sends many messages under one batch commitment (`envelope.commit_batch`): one
	/// transaction for all of them; each statement carries its envelope's inclusion
	/// proof, and each envelope is signed as a leaf of this identity's batch. The chain
	/// checks the sender's own limits only; each recipient's client checks its inbox
	/// policy for the sender itself. If the statements do not all fit in the account's
	/// store allowance, nothing is sent ([`SendError::AllowanceFull`]).
	pub async fn send_batch(
		&self,
		messages: &[Outgoing],
		progress: impl Fn(usize),
	) -> Result<Vec<Sent>, SendError> {
		let mut posted = self.posted.lock().await;
		self.ensure_clock().await?;
		let recipients = self.recipients(messages).await;
		let carrier = Carrier::Batch { committer: self.did() };
		let mut prepared = Vec::with_capacity(messages.len());
		for outgoing in messages {
			let recipient = recipient_info(&recipients, &outgoing.recipient)?;
			let (signed, frame, topics) = self.prepare(outgoing, recipient, now_ms(), &carrier)?;
			prepared.push((signed, frame, topics, recipient.retention));
		}
		let leaves: Vec<SignedEnvelope> = prepared.iter().map(|p| p.0.clone()).collect();
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		let batch = batch_id(&self.did(), &root);
		let statements: Vec<(EnvelopeId, Statement)> = prepared
			.into_iter()
			.enumerate()
			.map(|(index, (signed, frame, topics, retention))| {
				let proof = tree.proof(index as u32).expect("every leaf has a proof; qed");
				let id = signed.envelope.id();
				let delivery = Delivery {
					envelope: signed,
					committed: Committed::InBatch { batch, proof },
					frame,
				};
				let payload = Payload::Public(Box::new(delivery));
				let account = &self.identity.account;
				(id, Self::statement(&payload, &topics, retention, index as u32, account))
			})
			.collect();
		let account = &self.identity.account;
		self.ensure_room(&posted, account, statements.iter().map(|(_, statement)| statement))
			.await?;
		let call = RuntimeCall::Envelope(runtime::envelope::Call::commit_batch {
			root,
			leaves: leaves.len() as u32,
			locator: runtime::runtime_types::bounded_collections::bounded_vec::BoundedVec(
				STATEMENT_LOCATOR.to_vec(),
			),
		});
		let commit = async {
			let role = KeyRelationship::AssertionMethod;
			Ok(self.chain.submit_as_did(self.identity, role, call, Wait::InBlock).await?)
		};
		self.store_while_committing(&mut posted, &statements, commit, Via::Batch(batch), progress)
			.await
	}

	/// Puts the statements of messages committed together (by `via`) in the store, in
	/// order ([`STORE_IN_FLIGHT`] at once), submitting none after the first the store
	/// refuses (those already in flight may still be stored, and are counted), while
	/// `commit` lands their
	/// commitment: a recipient shows each message on arrival, the chain's proof follows.
	/// Records what was stored in `posted`, committed or not. Every message sent, or the
	/// first error (a refused commitment's first).
	async fn store_while_committing(
		&self,
		posted: &mut PostedLog,
		statements: &[(EnvelopeId, Statement)],
		commit: impl std::future::Future<Output = Result<Included, SendError>>,
		via: Via,
		progress: impl Fn(usize),
	) -> Result<Vec<Sent>, SendError> {
		let stored = std::sync::Mutex::new(Vec::new());
		// Once one is refused no more are submitted, but those already submitted are
		// waited for: the store may keep them, so they are recorded.
		let refused = std::sync::atomic::AtomicBool::new(false);
		let store = async {
			// Collected first (see `read_all`).
			let submissions: Vec<_> = statements
				.iter()
				.map(|(_, statement)| async {
					if refused.load(std::sync::atomic::Ordering::Relaxed) {
						return None;
					}
					let result = self.store(statement, &stored).await;
					if result.is_err() {
						refused.store(true, std::sync::atomic::Ordering::Relaxed);
					}
					Some(result)
				})
				.collect();
			let mut submissions = futures::stream::iter(submissions).buffered(STORE_IN_FLIGHT);
			let mut hashes = Vec::with_capacity(statements.len());
			while let Some(result) = submissions.next().await {
				// In order: the statements up to the first refusal, and that refusal.
				let Some(result) = result else { continue };
				if hashes.last().is_some_and(Result::is_err) {
					continue;
				}
				let kept = result.is_ok();
				hashes.push(result);
				if kept {
					progress(hashes.len());
				}
			}
			hashes
		};
		let (hashes, included) = futures::join!(store, commit);
		let mut results: Vec<Option<Result<Sent, SendError>>> = match included {
			Ok(included) => statements
				.iter()
				.zip(hashes)
				.map(|((envelope, _), hash)| {
					Some(hash.map(|stored| Sent {
						envelope: *envelope,
						statement: stored.statement,
						bytes: stored.bytes,
						included,
						via,
					}))
				})
				.collect(),
			Err(error) => vec![Some(Err(error))],
		};
		Self::record_posted(posted, &mut results, stored);
		results.into_iter().flatten().collect()
	}

	/// Sends messages in private mode ([`crate::sealed`]): each is signed with a fresh
	/// salt, all their leaves go under one sealed root that this identity's posting
	/// account commits (`envelope.commit_sealed`, no DID), and each statement carries one sealed
	/// frame under its recipient's pairwise topics — and its introduction topic when the
	/// recipient holds no grant of this sender — padded to [`MAX_TOPIC_DEVICES`] with
	/// random tags. Statements are kept for the chain's default retention, whoever the
	/// recipient. The chain checks nothing of the messages: each recipient's client
	/// applies its own inbox policy. If the statements do not all fit in the account's
	/// store allowance, nothing is sent ([`SendError::AllowanceFull`]). The posting
	/// account signs the statements and pays for the commitment: it needs funds and a
	/// store allowance of its own (`policy.set_own_store_allowance`).
	pub async fn send_sealed(
		&self,
		messages: &[Outgoing],
		progress: impl Fn(usize),
	) -> Result<Vec<Sent>, SendError> {
		let mut posted = self.posted_sealed.lock().await;
		let posting = &self.identity.posting;
		self.ensure_clock().await?;
		let recipients = self.recipients(messages).await;
		let (_, head) = self.chain.finalized().await?;
		let parameters =
			self.chain.call(runtime::runtime_apis().policy_api().parameters(), head).await?.0;
		let retention = self.chain.duration_of(parameters.default_retention);
		let mut leaves = Vec::with_capacity(messages.len());
		for outgoing in messages {
			recipient_info(&recipients, &outgoing.recipient)?;
			let message = Message {
				sender: self.did(),
				recipient: outgoing.recipient,
				conversation: outgoing.conversation,
				sent_at: now_ms(),
				body: outgoing.body.clone(),
			};
			leaves.push(SealedLeaf::sign(message, &self.assertion, &self.chain.genesis_hash));
		}
		let tree = sealed::tree(&leaves);
		let root = tree.root();
		let mut statements = Vec::with_capacity(leaves.len());
		for (index, leaf) in leaves.into_iter().enumerate() {
			let recipient = recipient_info(&recipients, &leaf.message.recipient)?;
			let epoch = topic::epoch_of(leaf.message.sent_at);
			let mut topics = self.topics(recipient, epoch, recipient.unknown);
			// As many topics whatever the recipient's devices.
			while topics.len() < MAX_TOPIC_DEVICES {
				let mut tag = [0u8; 32];
				OsRng.fill_bytes(&mut tag);
				topics.push(tag);
			}
			let id = leaf.leaf();
			let proof = tree.proof(index as u32).expect("every leaf has a proof; qed");
			let frame = sealed::seal(&leaf.content(root, proof), &recipient.devices)?;
			let payload = Payload::Sealed(frame);
			let statement = Self::statement(&payload, &topics, retention, index as u32, posting);
			statements.push((id, statement));
		}
		self.ensure_room(&posted, posting, statements.iter().map(|(_, statement)| statement))
			.await?;
		let call = runtime::tx().envelope().commit_sealed(root, tree.leaves());
		let commit = async {
			Ok(match self.chain.submit(&call, posting, Wait::InBlock).await {
				Err(ChainError::Refused(error)) if error.contains("DuplicateSeal") => {
					self.committed_by_another(root).await?.ok_or(ChainError::Refused(error))?
				},
				other => other?,
			})
		};
		self.store_while_committing(&mut posted, &statements, commit, Via::Sealed(root), progress)
			.await
	}

	/// Where someone else committed `root` first (a front-runner copying it from the
	/// transaction pool pays for the same commitment): the messages it covers are still
	/// this sender's to store. The extrinsic is the other's, so its hash is not known.
	async fn committed_by_another(&self, root: H256) -> Result<Option<Included>, ChainError> {
		let (_, best) = self.chain.best().await?;
		let commitment =
			self.chain.call(runtime::runtime_apis().envelope_api().sealed(root), best).await?;
		let Some(Static(commitment)) = commitment else { return Ok(None) };
		Ok(Some(Included {
			block_hash: self.chain.block_hash(commitment.committed_at).await?,
			block_number: commitment.committed_at,
			extrinsic_hash: H256::zero(),
		}))
	}

	/// Waits until the blocks of `sent` are finalized, then checks that each commitment is
	/// in the finalized chain: the finalized block that holds it. A commitment whose
	/// block was not finalized may land again until its DID call expires
	/// ([`DID_CALL_VALIDITY`] blocks); after that it is [`SendError::LostInReorg`]. If
	/// the finalized head does not move for [`FINALITY_PATIENCE`], what is left is
	/// [`SendError::NotFinalized`]. One result per send, in order.
	pub async fn finalize(&self, sent: &[Sent]) -> Vec<Result<BlockNumber, SendError>> {
		let mut results: Vec<Option<Result<BlockNumber, SendError>>> =
			sent.iter().map(|_| None).collect();
		let (mut checked, mut moved) = (None, Instant::now());
		while results.iter().any(Option::is_none) {
			let (number, head) = match self.chain.finalized().await {
				Ok(finalized) => finalized,
				Err(error) => {
					for result in results.iter_mut().filter(|r| r.is_none()) {
						*result = Some(Err(error.clone().into()));
					}
					break;
				},
			};
			if checked != Some(number) {
				(checked, moved) = (Some(number), Instant::now());
				for (one, result) in sent.iter().zip(results.iter_mut()) {
					let block = one.included.block_number;
					if result.is_some() || number < block {
						continue;
					}
					match self.committed_at(one, head).await {
						Ok(Some(at)) => *result = Some(Ok(at)),
						Ok(None) if number > block.saturating_add(DID_CALL_VALIDITY) => {
							*result =
								Some(Err(SendError::LostInReorg { envelope: one.envelope, block }))
						},
						// Its block was not finalized; the call may still land elsewhere.
						Ok(None) => {},
						Err(error) => *result = Some(Err(error.into())),
					}
				}
			} else if moved.elapsed() >= FINALITY_PATIENCE {
				for (one, result) in sent.iter().zip(results.iter_mut()) {
					if result.is_none() {
						let block = one.included.block_number;
						*result = Some(Err(SendError::NotFinalized { block }));
					}
				}
			}
			if results.iter().any(Option::is_none) {
				tokio::time::sleep(Duration::from_secs(1)).await;
			}
		}
		results.into_iter().map(|r| r.expect("the loop ends once each has a result; qed")).collect()
	}

	/// The block of `sent`'s commitment in the chain at block `at`, if it holds one.
	async fn committed_at(&self, sent: &Sent, at: H256) -> Result<Option<BlockNumber>, ChainError> {
		let api = runtime::runtime_apis().envelope_api();
		Ok(match sent.via {
			Via::Alone => {
				self.chain.call(api.envelope(sent.envelope), at).await?.map(|c| c.committed_at)
			},
			Via::Batch(batch) => {
				self.chain.call(api.batch(batch), at).await?.map(|c| c.committed_at)
			},
			Via::Sealed(root) => {
				self.chain.call(api.sealed(root), at).await?.map(|c| c.committed_at)
			},
		})
	}

	/// Acknowledges envelope `id` (sent to this identity's DID) on chain.
	pub async fn acknowledge(
		&self,
		id: EnvelopeId,
		status: ReceiptStatus,
		wait: Wait,
	) -> Result<Included, ChainError> {
		let mut results = self.acknowledge_many(&[id], status, wait).await;
		results.pop().expect("one result per envelope")
	}

	/// Acknowledges many envelopes at once, all in flight together.
	pub async fn acknowledge_many(
		&self,
		ids: &[EnvelopeId],
		status: ReceiptStatus,
		wait: Wait,
	) -> Vec<Result<Included, ChainError>> {
		let calls = ids
			.iter()
			.map(|id| {
				RuntimeCall::Envelope(runtime::envelope::Call::acknowledge {
					id: *id,
					status: Static(status),
				})
			})
			.collect();
		self.chain
			.submit_all_as_did(self.identity, KeyRelationship::AssertionMethod, calls, wait)
			.await
	}

	/// Acknowledges with `status` those of `ids` not yet acknowledged that far (at
	/// finalized block `head`), all in flight together: a refused receipt would make the
	/// DID calls after it fail on their nonces. Each id's receipt block, or why not.
	async fn acknowledge_new(
		&self,
		ids: Vec<EnvelopeId>,
		status: ReceiptStatus,
		head: H256,
	) -> Result<HashMap<EnvelopeId, Result<BlockNumber, String>>, ChainError> {
		let mut receipts = HashMap::new();
		let mut to_send = Vec::new();
		for id in ids {
			let commitment =
				self.chain.call(runtime::runtime_apis().envelope_api().envelope(id), head).await?;
			match commitment.and_then(|c| c.0.receipt) {
				Some(receipt) if receipt.status >= status => {
					receipts.insert(id, Ok(receipt.at));
				},
				_ => to_send.push(id),
			}
		}
		let results = self.acknowledge_many(&to_send, status, Wait::InBlock).await;
		for (id, result) in to_send.into_iter().zip(results) {
			receipts.insert(
				id,
				result.map(|included| included.block_number).map_err(|e| e.to_string()),
			);
		}
		Ok(receipts)
	}

	/// DIDs that may have written to this identity: senders in its inbox since `since`
	/// and the DIDs it granted consent to.
	async fn correspondents(
		&self,
		since: BlockNumber,
		at: H256,
	) -> Result<HashSet<DidId>, ChainError> {
		let me = self.did();
		let mut found: HashSet<DidId> =
			self.inbox(since, at).await?.iter().map(|e| e.commitment.envelope.sender).collect();
		let mut start_after = None;
		loop {
			let grants = runtime::runtime_apis().consent_api().grants(
				Static(me),
				start_after,
				MAX_GRANTS_PAGE,
			);
			let page = self.chain.call(grants, at).await?;
			found.extend(page.iter().map(|entry| entry.grantee));
			if page.len() < MAX_GRANTS_PAGE as usize {
				break;
			}
			start_after = page.last().map(|entry| (Static(entry.grantee), Static(entry.scope)));
		}
		Ok(found)
	}

	/// This identity's inbox entries committed in block `since` or later, as block `at`
	/// has them, oldest first.
	async fn inbox(&self, since: BlockNumber, at: H256) -> Result<Vec<InboxEntry>, ChainError> {
		let me = self.did();
		let mut entries = Vec::new();
		let mut start_after = None;
		loop {
			let inbox = runtime::runtime_apis().envelope_api().inbox(
				Static(me),
				since,
				start_after,
				MAX_INBOX_PAGE,
			);
			let page = self.chain.call(inbox, at).await?;
			let last_page = page.len() < MAX_INBOX_PAGE as usize;
			start_after = page.last().map(|entry| entry.key);
			entries.extend(page.into_iter().map(|entry| entry.0));
			if last_page {
				return Ok(entries);
			}
		}
	}

	/// The commitments to this identity since block `since`, finalized at `head` at
	/// least `grace` before, that no statement delivered: neither accepted (`received`)
	/// nor carried by a statement of this run (`delivered`).
	async fn missing(
		&self,
		received: &ReceivedLog,
		delivered: &HashSet<EnvelopeId>,
		since: BlockNumber,
		(head_number, head): (BlockNumber, H256),
		grace: Duration,
	) -> Result<Vec<Outcome>, ChainError> {
		let grace = grace.as_millis() as u64 / self.chain.slot_duration_ms.max(1);
		let committed_by = head_number.saturating_sub(grace as BlockNumber);
		Ok(self
			.inbox(since, head)
			.await?
			.into_iter()
			.filter(|entry| entry.commitment.committed_at <= committed_by)
			// Expired, the chain only has yet to prune it; the log forgot it then too.
			.filter(|entry| entry.commitment.expires_at > head_number)
			.filter(|entry| !received.contains(&entry.id) && !delivered.contains(&entry.id))
			.map(|entry| Outcome::Missing {
				envelope: entry.id,
				sender: entry.commitment.envelope.sender,
				committed_at: entry.commitment.committed_at,
			})
			.collect())
	}

	/// The topics of `sender`'s messages to this identity in the epochs of `window`.
	async fn topics_from(
		&self,
		sender: &DidId,
		epochs: &std::ops::RangeInclusive<u64>,
		at: H256,
	) -> Result<Vec<[u8; 32]>, ChainError> {
		let keys = x25519_keys(&self.chain.resolve_at(sender, at).await?);
		let mut topics = Vec::new();
		for epoch in epochs.clone() {
			for own in &self.devices {
				topics.extend(keys.iter().filter_map(|key| topic::topic(own, key, epoch)));
			}
		}
		Ok(topics)
	}

	async fn subscribe(
		&self,
		topics: Vec<[u8; 32]>,
		streams: &mut SelectAll<StatementStream>,
	) -> Result<(), ChainError> {
		for chunk in topics.chunks(MAX_ANY_TOPICS) {
			let filter = TopicFilter::MatchAny(BoundedVec::truncate_from(
				chunk.iter().map(|t| (*t).into()).collect(),
			));
			streams.push(Box::pin(self.chain.subscribe_statements(filter).await?));
		}
		Ok(())
	}

	/// Listens for messages to this identity through the node's statement store and
	/// shows each as soon as it can be verified, then as far as the chain proves it
	/// ([`Outcome`]): decrypted and verified against the sender's DID at the best block
	/// (`Unconfirmed`), its commitment in a best block (`Committed`), then in a finalized
	/// one (`Accepted`, final) — or `Unproven` when no commitment reaches a finalized
	/// block in time, `Rejected` when a check fails there (or at once, when the
	/// statement's own content is wrong). `Committed` and `Accepted` run every check,
	/// at the best and the finalized block; only the final one decides. A message
	/// already accepted in another statement is refused as a replay. `on_outcome` is told of each state change as it happens;
	/// the decided outcomes are returned.
	pub async fn receive(
		&self,
		options: &ReceiveOptions,
		mut on_outcome: impl FnMut(&Outcome),
	) -> Result<Vec<Outcome>, ReceiveError> {
		let me = self.did();
		let started = Instant::now();
		let (head_number, head) = self.chain.finalized().await?;
		let mut received = match &options.received {
			Some(path) => ReceivedLog::open(path, head_number)?,
			None => ReceivedLog::in_memory(),
		};
		let policy = self
			.chain
			.call(runtime::runtime_apis().policy_api().inbox_policy(Static(me)), head)
			.await?
			.0;
		let lookback = self.chain.duration_of(policy.retention);
		let parameters =
			self.chain.call(runtime::runtime_apis().policy_api().parameters(), head).await?.0;
		// The chain counts no sealed message: this client keeps the inbox's rate per
		// sender for them, over the chain's windows.
		let private_rate =
			(parameters.window.max(1), policy.max_per_sender.min(parameters.max_per_pair) as usize);
		// Sealed messages are kept for the chain's default retention, whatever this inbox's.
		let lookback = lookback.max(self.chain.duration_of(parameters.default_retention));
		let epochs = topic::epoch_of(now_ms().saturating_sub(lookback.as_millis() as u64))
			..=topic::epoch_of(now_ms()) + 1;
		let retained_since = head_number.saturating_sub(policy.retention);
		let mut since = retained_since;

		let mut streams = SelectAll::<StatementStream>::new();
		let mut listening = HashSet::new();
		let mut senders: HashSet<DidId> = options.from.iter().copied().collect();
		senders.extend(self.correspondents(since, head).await?);
		since = head_number;
		for sender in &senders {
			self.subscribe(self.topics_from(sender, &epochs, head).await?, &mut streams).await?;
			listening.insert(*sender);
		}
		// Senders it cannot know of yet introduce themselves.
		let introductions = epochs
			.clone()
			.flat_map(|epoch| {
				self.devices.iter().map(move |own| topic::introduction(&own.public(), epoch))
			})
			.collect();
		self.subscribe(introductions, &mut streams).await?;

		let mut outcomes = Vec::new();
		let mut seen = HashSet::new();
		// Statements read and not decided yet.
		let mut tracked: Vec<Tracked> = Vec::new();
		let mut showing = Showing { by: HashMap::new(), per_sender: private_rate.1 };
		let mut last_new = Instant::now();
		// A round when a block is imported or finalized (the chain's proofs move), when
		// statements arrive, and at least every second.
		let mut heads = self.chain.subscribe_heads().await?;
		let mut ticker = tokio::time::interval(Duration::from_secs(1));
		let mut ticked = false;
		let mut tell = |outcome: Outcome, outcomes: &mut Vec<Outcome>| {
			on_outcome(&outcome);
			if outcome.is_decided() {
				outcomes.push(outcome);
			}
		};
		// Envelopes some statement of this run carried, accepted or not.
		let mut delivered = HashSet::new();
		let expected = loop {
			if options.expect.is_some_and(|n| outcomes.len() >= n) {
				break true;
			}
			if (tracked.is_empty() && last_new.elapsed() >= options.idle)
				|| started.elapsed() >= options.deadline
			{
				break false;
			}
			let mut events = Vec::new();
			tokio::select! {
				Some(event) = streams.next(), if !streams.is_empty() => events.push(event),
				Some(()) = heads.next() => ticked = true,
				_ = ticker.tick() => ticked = true,
			}
			// Heads that came during the last round need one round, not one each.
			while let Some(Some(())) = heads.next().now_or_never() {
				ticked = true;
			}
			// What else has arrived joins this round: one round of chain reads for many
			// statements, not one each.
			while events.len() < MAX_EVENTS_PER_ROUND {
				let Some(Some(event)) = streams.next().now_or_never() else { break };
				events.push(event);
			}
			for event in events {
				let Ok(StatementEvent::NewStatements { statements, .. }) = event else { continue };
				for bytes in statements {
					let Ok(statement) = Statement::decode(&mut &bytes[..]) else { continue };
					let hash = statement.hash();
					if !seen.insert(hash) {
						continue;
					}
					last_new = Instant::now();
					let incoming =
						Payload::from_statement(&statement).and_then(|payload| match payload {
							Payload::Public(delivery) => {
								Ok(Incoming::Public(delivery, Default::default()))
							},
							Payload::Sealed(frame) => sealed::open(&frame, &self.devices)
								.map(|content| Incoming::Sealed {
									content: Box::new(content),
									size: statement.data_len() as u32,
								})
								.map_err(Rejection::Undecryptable),
						});
					match incoming {
						Ok(incoming) => {
							// Only the committed content delivers a message: anyone can post
							// its public envelope with another frame.
							if let Incoming::Public(delivery, _) = &incoming {
								let envelope = &delivery.envelope.envelope;
								if delivery.frame.content_hash() == envelope.content_hash {
									delivered.insert(envelope.id());
								}
							}
							tracked.push(Tracked::new(hash, incoming));
						},
						Err(reason) => {
							let rejected = Outcome::Rejected {
								statement: hash,
								envelope: None,
								sender: None,
								reason,
								shown: false,
							};
							tell(rejected, &mut outcomes)
						},
					}
				}
			}
			let (number, head) = self.chain.finalized().await?;
			if std::mem::take(&mut ticked) && number > since {
				// New correspondents: senders whose first envelope arrived since.
				for sender in self.correspondents(since, head).await? {
					if listening.insert(sender) {
						let topics = self.topics_from(&sender, &epochs, head).await?;
						self.subscribe(topics, &mut streams).await?;
					}
				}
				since = number;
			}
			if tracked.is_empty() {
				continue;
			}
			// What the best block says only shows messages early: when it cannot be read
			// (a block just reorganized away), the final check still decides.
			let best = self.chain.best().await.ok();
			let mut accepted = Vec::new();
			let mut final_lookups = Lookups::default();
			// The final check first: a message already final is shown final at once.
			let to_finalize = tracked.iter().filter(|one| one.final_checked != Some(head));
			self.prefetch(to_finalize.map(|one| &one.incoming), head, &mut final_lookups).await?;
			for mut one in std::mem::take(&mut tracked) {
				// The finalized number when the best block cannot be read: later, never sooner.
				one.arrived_at.get_or_insert(best.map_or(number, |(best_number, _)| best_number));
				if one.final_checked == Some(head) {
					tracked.push(one);
					continue;
				}
				one.final_checked = Some(head);
				let (id, sender) = (one.incoming.id(), one.incoming.sender());
				let verdict = self
					.evaluate(&one.incoming, (number, head), &mut final_lookups)
					.await?
					.and_then(|(verified, expires_at)| {
						received.check(&id, &one.hash)?;
						let sealed = matches!(one.incoming, Incoming::Sealed { .. })
							.then_some((sender, verified.committed_at));
						if let (Some((_, committed_at)), false) = (sealed, received.contains(&id)) {
							let (window, most) = private_rate;
							let start = committed_at - committed_at % window;
							if received.count_from(&sender, start..start + window) >= most {
								return Err(Rejection::RefusedByPolicy(Violation::PairRateLimited));
							}
						}
						received.record(id, one.hash, expires_at, sealed);
						Ok(verified)
					});
				match verdict {
					Ok(verified) => {
						showing.by.remove(&id);
						accepted.push((one.hash, one.incoming, verified));
					},
					Err(Rejection::NotCommitted) => tracked.push(one),
					Err(reason) => tell(one.rejected(reason, &mut showing.by), &mut outcomes),
				}
			}
			// Another statement carrying an envelope just accepted is a replay, shown or not.
			let accepted_ids: HashSet<EnvelopeId> =
				accepted.iter().map(|(_, incoming, _)| incoming.id()).collect();
			for one in std::mem::take(&mut tracked) {
				if accepted_ids.contains(&one.incoming.id()) {
					let mut replayed = one.rejected(Rejection::Replayed, &mut showing.by);
					// What it showed is final, through the statement accepted.
					if let Outcome::Rejected { shown, .. } = &mut replayed {
						*shown = false;
					}
					tell(replayed, &mut outcomes);
				} else {
					tracked.push(one);
				}
			}
			if let Some(best) = best {
				let shown = self.show_progress(&mut tracked, best, head, &received, &mut showing);
				for outcome in shown.await {
					tell(outcome, &mut outcomes);
				}
			}
			for one in std::mem::take(&mut tracked) {
				let unproven = match options.prove_within {
					Some(within) => one.arrived.elapsed() >= within,
					// Until its commitment can no longer land, and finality has had time.
					None => one
						.arrived_at
						.is_some_and(|at| number > at + DID_CALL_VALIDITY + PROOF_MARGIN),
				};
				if unproven {
					tell(one.unproven(&mut showing.by), &mut outcomes);
				} else {
					tracked.push(one);
				}
			}
			received.save()?;
			// Receipts go on chain for envelopes committed alone: a batch's leaves have no
			// commitment of their own to acknowledge.
			let mut receipts = HashMap::new();
			if let Some(status) = options.acknowledge {
				let alone = accepted.iter().filter_map(|(_, incoming, _)| match incoming {
					Incoming::Public(delivery, _) if delivery.committed == Committed::Alone => {
						Some(delivery.envelope.envelope.id())
					},
					_ => None,
				});
				receipts = self.acknowledge_new(alone.collect(), status, head).await?;
			}
			for (hash, incoming, verified) in accepted {
				let envelope = incoming.id();
				let receipt = receipts.remove(&envelope);
				tell(
					Outcome::Accepted {
						statement: hash,
						envelope,
						verified: Box::new(verified),
						receipt,
					},
					&mut outcomes,
				)
			}
		};
		for one in tracked {
			tell(one.unproven(&mut showing.by), &mut outcomes);
		}
		if !expected {
			let head = self.chain.finalized().await?;
			let grace = options.missing_after;
			for missing in self.missing(&received, &delivered, retained_since, head, grace).await? {
				tell(missing, &mut outcomes);
			}
		}
		Ok(outcomes)
	}

	/// Reads at block `at` the commitments `messages` name (envelopes committed alone,
	/// batches, sealed roots) that `lookups` lacks, many requests in flight at once: a
	/// round of checks then waits for the node about once, not once per message.
	async fn prefetch<'m>(
		&self,
		messages: impl Iterator<Item = &'m Incoming>,
		at: H256,
		lookups: &mut Lookups,
	) -> Result<(), ChainError> {
		let (mut envelopes, mut batches, mut roots) = (Vec::new(), Vec::new(), Vec::new());
		for incoming in messages {
			match incoming {
				Incoming::Public(delivery, _) => match &delivery.committed {
					Committed::Alone => envelopes.push(delivery.envelope.envelope.id()),
					Committed::InBatch { batch, .. } => batches.push(*batch),
				},
				Incoming::Sealed { content, .. } => roots.push(content.root),
			}
		}
		let unknown = |ids: &mut Vec<H256>, known: &dyn Fn(&H256) -> bool| {
			ids.sort_unstable();
			ids.dedup();
			ids.retain(|id| !known(id));
		};
		unknown(&mut envelopes, &|id| lookups.envelopes.contains_key(id));
		unknown(&mut batches, &|id| lookups.batches.contains_key(id));
		unknown(&mut roots, &|id| lookups.sealed.contains_key(id));
		let api = runtime::runtime_apis().envelope_api();
		let (found_envelopes, found_batches, found_roots) = futures::join!(
			self.read_all(&envelopes, at, |id| api.envelope(id)),
			self.read_all(&batches, at, |id| api.batch(id)),
			self.read_all(&roots, at, |root| api.sealed(root)),
		);
		for (id, found) in envelopes.into_iter().zip(found_envelopes) {
			lookups.envelopes.insert(id, found?.map(|commitment| commitment.0));
		}
		for (id, found) in batches.into_iter().zip(found_batches) {
			lookups.batches.insert(id, found?.map(|commitment| commitment.0));
		}
		for (id, found) in roots.into_iter().zip(found_roots) {
			lookups.sealed.insert(id, found?.map(|commitment| commitment.0));
		}
		Ok(())
	}

	/// The runtime API call `api` makes of each of `ids`, at block `at`,
	/// [`PREFETCH_IN_FLIGHT`] requests in flight at once; one answer each, in order.
	async fn read_all<Api>(
		&self,
		ids: &[H256],
		at: H256,
		api: impl Fn(H256) -> Api,
	) -> Vec<Result<Api::ReturnType, ChainError>>
	where
		Api: subxt::runtime_apis::Payload,
		Api::ArgsType: Encode,
		Api::ReturnType: Decode,
	{
		// Collected first: a stream mapped by a closure over borrowed items would make the
		// caller's future not `Send` (rust-lang/rust#102211), so not spawnable.
		let reads: Vec<_> = ids.iter().map(|id| self.chain.call(api(*id), at)).collect();
		futures::stream::iter(reads).buffered(PREFETCH_IN_FLIGHT).collect().await
	}

	/// Shows at best block `best` what the final check at `head` left undecided: a
	/// message not shown yet as `Unconfirmed` once it verifies against its sender's DID
	/// there (at most [`Showing::per_sender`] of one sender at a time, so that messages
	/// nobody commits cannot crowd the inbox; none already accepted in an earlier run),
	/// then as `Committed` once every check passes there. A statement whose own content
	/// is wrong ([`Rejection::is_intrinsic`]) is rejected at once. When the best block
	/// cannot be read (reorganized away), what is left waits for the next round.
	async fn show_progress(
		&self,
		tracked: &mut Vec<Tracked>,
		(best_number, best): (BlockNumber, H256),
		head: H256,
		received: &ReceivedLog,
		showing: &mut Showing,
	) -> Vec<Outcome> {
		let mut lookups = Lookups::default();
		let mut told = Vec::new();
		let mut unconfirmed: HashMap<DidId, usize> = HashMap::new();
		for one in tracked.iter().filter(|one| one.shown == Some(Shown::Unconfirmed)) {
			*unconfirmed.entry(one.incoming.sender()).or_default() += 1;
		}
		let mut failed = false;
		for mut one in std::mem::take(tracked) {
			let (id, sender) = (one.incoming.id(), one.incoming.sender());
			let fresh = one.shown.is_none()
				&& one.best_checked != Some(best)
				&& !received.contains(&id)
				&& showing.may_show(&one, received)
				&& unconfirmed.get(&sender).copied().unwrap_or(0) < showing.per_sender;
			if failed || !fresh {
				tracked.push(one);
				continue;
			}
			match self.evaluate_unconfirmed(&one.incoming, (best_number, best), &mut lookups).await
			{
				Ok(Ok(verified)) => {
					one.shown = Some(Shown::Unconfirmed);
					showing.by.insert(id, one.hash);
					*unconfirmed.entry(sender).or_default() += 1;
					told.push(Outcome::Unconfirmed {
						statement: one.hash,
						envelope: id,
						message: Box::new(verified.message),
						signer: verified.signer,
					});
				},
				Ok(Err(reason)) if reason.is_intrinsic() => {
					told.push(one.rejected(reason, &mut showing.by));
					continue;
				},
				Ok(Err(_)) => {},
				Err(_) => failed = true,
			}
			tracked.push(one);
		}
		// In the best chain: every check passes there (at the finalized head, the final
		// check has just answered).
		let committable = |one: &Tracked, showing: &Showing| {
			best != head
				&& one.best_checked != Some(best)
				&& one.shown != Some(Shown::Committed)
				&& showing.may_show(one, received)
		};
		let to_commit =
			tracked.iter().filter(|one| committable(one, showing)).map(|one| &one.incoming);
		failed |= !failed && self.prefetch(to_commit, best, &mut lookups).await.is_err();
		for one in tracked.iter_mut() {
			if failed {
				break;
			}
			if committable(one, showing) {
				match self.evaluate(&one.incoming, (best_number, best), &mut lookups).await {
					Ok(Ok((verified, _))) => {
						one.shown = Some(Shown::Committed);
						showing.by.insert(one.incoming.id(), one.hash);
						told.push(Outcome::Committed {
							statement: one.hash,
							envelope: one.incoming.id(),
							verified: Box::new(verified),
						});
					},
					Ok(Err(_)) => {},
					// Left for the next round, with what follows.
					Err(_) => break,
				}
			}
			one.best_checked = Some(best);
		}
		told
	}

	/// What [`Self::evaluate`] checks that needs no commitment, at best block `best` and
	/// this machine's clock: the message decrypts, names this inbox, is signed (and its
	/// envelope, for the commitment it names) by an assertion key of the sender valid
	/// there, at a time close to now, and this inbox's policy lets the sender in.
	async fn evaluate_unconfirmed(
		&self,
		incoming: &Incoming,
		(best_number, best): (BlockNumber, H256),
		lookups: &mut Lookups,
	) -> Result<Result<Verified, Rejection>, ChainError> {
		// Nothing a deactivated DID did not commit before its deactivation verifies; what
		// it did is for the commitment's check.
		let Some(SenderKeys { records: keys, live: true }) =
			self.sender_keys(&incoming.sender(), best, lookups).await?
		else {
			return Ok(Err(Rejection::SenderNotActive));
		};
		let genesis = &self.chain.genesis_hash;
		let (verified, conversation, size) = match incoming {
			Incoming::Public(delivery, memo) => {
				let envelope = &delivery.envelope.envelope;
				// A leaf is expected in its sender's own batch: one signed for a relay shows
				// once committed; a copy in someone else's batch shows as its sender's
				// until the final check names it `Recommitted`.
				let carrier = match delivery.committed {
					Committed::Alone => Carrier::Alone,
					Committed::InBatch { .. } => Carrier::Batch { committer: envelope.sender },
				};
				let on_chain = OnChain { block: best_number, time_ms: now_ms(), carrier };
				let verified = delivery::check(
					delivery,
					memo,
					&self.did(),
					&self.devices,
					&on_chain,
					keys,
					genesis,
				);
				(verified, envelope.conversation, envelope.size)
			},
			Incoming::Sealed { content, size } => {
				let on_chain = SealedOnChain { block: best_number, time_ms: now_ms() };
				let verified = sealed::check(content, &self.did(), &on_chain, keys, genesis);
				(verified, content.message.conversation, *size)
			},
		};
		let verified = match verified {
			Ok(verified) => verified,
			Err(rejection) => return Ok(Err(rejection)),
		};
		let sender = verified.message.message.sender;
		let allowed =
			self.can_send((sender, self.did(), conversation), size, best, lookups).await?;
		Ok(inbox_refusal(allowed).map(|()| verified))
	}

	/// Checks what one statement carried against the chain at finalized block `head`:
	/// what it verified, and the block from which its commitment may be pruned.
	async fn evaluate(
		&self,
		incoming: &Incoming,
		head: (BlockNumber, H256),
		lookups: &mut Lookups,
	) -> Result<Result<(Verified, BlockNumber), Rejection>, ChainError> {
		match incoming {
			Incoming::Public(delivery, memo) => {
				self.evaluate_public(delivery, memo, head, lookups).await
			},
			Incoming::Sealed { content, size } => {
				self.evaluate_sealed(content, *size, head, lookups).await
			},
		}
	}

	/// [`Self::evaluate`] for sealed content: its root committed and not expired, then
	/// [`sealed::check`], then this inbox's policy for the sender.
	async fn evaluate_sealed(
		&self,
		content: &SealedContent,
		size: u32,
		(head_number, head): (BlockNumber, H256),
		lookups: &mut Lookups,
	) -> Result<Result<(Verified, BlockNumber), Rejection>, ChainError> {
		let commitment = cached(&mut lookups.sealed, content.root, || async move {
			let sealed = runtime::runtime_apis().envelope_api().sealed(content.root);
			Ok(self.chain.call(sealed, head).await?.map(|commitment| commitment.0))
		})
		.await?;
		let Some(commitment) = commitment else { return Ok(Err(Rejection::NotCommitted)) };
		if commitment.expires_at <= head_number {
			return Ok(Err(Rejection::CommitmentExpired));
		}
		let sender = content.message.sender;
		let on_chain = SealedOnChain {
			block: commitment.committed_at,
			time_ms: self.block_time(commitment.committed_at, lookups).await?,
		};
		let Some(SenderKeys { records: keys, .. }) =
			self.sender_keys(&sender, head, lookups).await?
		else {
			return Ok(Err(Rejection::SenderNotActive));
		};
		let verified =
			match sealed::check(content, &self.did(), &on_chain, keys, &self.chain.genesis_hash) {
				Ok(verified) => verified,
				Err(rejection) => return Ok(Err(rejection)),
			};
		let conversation = content.message.conversation;
		let committed_at = commitment.committed_at;
		if let Err(rejection) =
			self.policy_allows(sender, conversation, size, committed_at, head, lookups).await?
		{
			return Ok(Err(rejection));
		}
		Ok(Ok((verified, commitment.expires_at)))
	}

	/// When block `number` was authored, read once per round.
	async fn block_time(
		&self,
		number: BlockNumber,
		lookups: &mut Lookups,
	) -> Result<u64, ChainError> {
		let hash = self.block_hash(number, lookups).await?;
		cached(&mut lookups.block_times, number, || self.chain.block_time_at(Some(hash))).await
	}

	/// The hash of block `number` on the best chain, read once per round.
	async fn block_hash(
		&self,
		number: BlockNumber,
		lookups: &mut Lookups,
	) -> Result<H256, ChainError> {
		cached(&mut lookups.block_hashes, number, || self.chain.block_hash(number)).await
	}

	/// `sender`'s key records at `head`, read once per round: a live DID's, or those a
	/// deactivated DID keeps; `None` when there are none.
	async fn sender_keys<'l>(
		&self,
		sender: &DidId,
		head: H256,
		lookups: &'l mut Lookups,
	) -> Result<Option<&'l SenderKeys>, ChainError> {
		if let Entry::Vacant(entry) = lookups.sender_keys.entry(*sender) {
			let keys = match self.chain.resolve_at(sender, head).await? {
				DidResolution::Active { keys, .. } => {
					Some(SenderKeys { records: keys, live: true })
				},
				DidResolution::Deactivated { .. } => {
					let history = runtime::runtime_apis().did_api().key_history(Static(*sender));
					let records = self.chain.call(history, head).await?;
					let records: Vec<_> =
						records.into_iter().map(|(id, Static(record))| (id, record)).collect();
					(!records.is_empty()).then_some(SenderKeys { records, live: false })
				},
				DidResolution::NotFound => None,
			};
			entry.insert(keys);
		}
		Ok(lookups.sender_keys[sender].as_ref())
	}

	/// This inbox's policy for a message the chain did not check against it (a batch
	/// leaf, a sealed message), as it stood when the message was committed: consent,
	/// deny list, closed inbox and size. Rate limits are not the chain's to answer here:
	/// its counters hold the committer's batches, and no sealed message.
	async fn policy_allows(
		&self,
		sender: DidId,
		conversation: H256,
		size: u32,
		committed_at: BlockNumber,
		head: H256,
		lookups: &mut Lookups,
	) -> Result<Result<(), Rejection>, ChainError> {
		let then = self.block_hash(committed_at, lookups).await?;
		let question = (sender, self.did(), conversation);
		let allowed = match self.can_send(question, size, then, lookups).await {
			Ok(answer) => answer,
			// That block's state is pruned on this node: ask about now. A sender
			// deactivated since is no refusal of this inbox: its key's validity at the
			// commitment's block, checked apart, says it was live then.
			Err(_) => match self.can_send(question, size, head, lookups).await? {
				Err(Violation::SenderNotActive) => Ok(()),
				answer => answer,
			},
		};
		Ok(inbox_refusal(allowed))
	}

	/// The chain's answer at block `at` to whether `sender` may send `recipient` a
	/// message of `size` bytes in `conversation` (`PolicyApi_can_send`), in the chain's
	/// order of checks: asked once per sender, recipient, conversation and block, for no
	/// size, and the size checked here against the recipient's largest at that block
	/// (`PolicyApi_inbox_policy`), where the chain checks it (after admission, before
	/// rate limits).
	async fn can_send(
		&self,
		(sender, recipient, conversation): (DidId, DidId, H256),
		size: u32,
		at: H256,
		lookups: &mut Lookups,
	) -> Result<Result<(), Violation>, ChainError> {
		let question = runtime::runtime_apis().policy_api().can_send(
			Static(sender),
			Static(Destination::Did(recipient)),
			Some(conversation),
			0,
		);
		let admitted =
			cached(&mut lookups.admissions, (sender, recipient, conversation, at), || async move {
				Ok(self.chain.call(question, at).await?.map_err(|violation| violation.0))
			})
			.await?;
		if let Err(violation) = admitted {
			if !is_rate_limit(&violation) {
				return Ok(Err(violation));
			}
		}
		let most = cached(&mut lookups.max_sizes, (recipient, at), || async move {
			let policy = runtime::runtime_apis().policy_api().inbox_policy(Static(recipient));
			Ok(self.chain.call(policy, at).await?.0.max_payload_size)
		})
		.await?;
		Ok(if size > most { Err(Violation::PayloadTooLarge) } else { admitted })
	}

	/// [`Self::evaluate`] for a public delivery.
	async fn evaluate_public(
		&self,
		delivery: &Delivery,
		memo: &delivery::Memo,
		(head_number, head): (BlockNumber, H256),
		lookups: &mut Lookups,
	) -> Result<Result<(Verified, BlockNumber), Rejection>, ChainError> {
		let me = self.did();
		let signed = &delivery.envelope;
		let envelope = &signed.envelope;
		let (committed_at, expires_at, carrier) = match &delivery.committed {
			Committed::Alone => {
				let commitment = cached(&mut lookups.envelopes, envelope.id(), || async move {
					let commitment = runtime::runtime_apis().envelope_api().envelope(envelope.id());
					Ok(self.chain.call(commitment, head).await?.map(|commitment| commitment.0))
				})
				.await?;
				match commitment {
					None => return Ok(Err(Rejection::NotCommitted)),
					Some(c) if c.envelope != *envelope || c.signature != signed.signature => {
						return Ok(Err(Rejection::CommitmentMismatch))
					},
					Some(c) if c.expires_at <= head_number => {
						return Ok(Err(Rejection::CommitmentExpired))
					},
					Some(c) => (c.committed_at, c.expires_at, Carrier::Alone),
				}
			},
			Committed::InBatch { batch, proof } => {
				let commitment = cached(&mut lookups.batches, *batch, || async move {
					let commitment = runtime::runtime_apis().envelope_api().batch(*batch);
					Ok(self.chain.call(commitment, head).await?.map(|commitment| commitment.0))
				})
				.await?;
				let Some(commitment) = commitment else { return Ok(Err(Rejection::NotCommitted)) };
				if commitment.expires_at <= head_number {
					return Ok(Err(Rejection::CommitmentExpired));
				}
				// `EnvelopeApi_verify_inclusion`'s check, without a call per leaf.
				if let Err(e) = commitment.verify_inclusion(proof, signed) {
					return Ok(Err(Rejection::NotInBatch(e)));
				}
				// The chain checked only the committer's limits: the recipient checks its own
				// policy for the sender. Rate limits are the committer's, counted for the
				// batch as a whole.
				let allowed = self
					.policy_allows(
						envelope.sender,
						envelope.conversation,
						envelope.size,
						commitment.committed_at,
						head,
						lookups,
					)
					.await?;
				if let Err(rejection) = allowed {
					return Ok(Err(rejection));
				}
				(
					commitment.committed_at,
					commitment.expires_at,
					Carrier::Batch { committer: commitment.committer },
				)
			},
		};
		let time_ms = self.block_time(committed_at, lookups).await?;
		let on_chain = OnChain { block: committed_at, time_ms, carrier };
		let Some(SenderKeys { records: keys, .. }) =
			self.sender_keys(&envelope.sender, head, lookups).await?
		else {
			return Ok(Err(Rejection::SenderNotActive));
		};
		let genesis = &self.chain.genesis_hash;
		Ok(delivery::check(delivery, memo, &me, &self.devices, &on_chain, keys, genesis)
			.map(|verified| (verified, expires_at)))
	}
}

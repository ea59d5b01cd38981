//! Sending and receiving: a message is signed by the sender's DID, sealed to every
//! device of the recipient, committed on chain (alone, or many in one batch) and put in
//! the statement store under topics only the two parties can compute; the recipient
//! finds it through its own node, checks it against the finalized chain, decrypts and
//! verifies it, and lists whatever fails with its reason.

use std::{
	collections::{hash_map::Entry, HashMap, HashSet},
	pin::Pin,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use codec::{Decode, Encode};
use futures::{stream::SelectAll, Stream, StreamExt};
use missive_primitives::{
	did::{DidEncryptionKey, DidId, DidPublicKey, KeyId, KeyRecord, KeyRelationship},
	envelope::{batch_id, merkle, Envelope, EnvelopeId, ReceiptStatus, SignedEnvelope},
	policy::{Destination, EffectiveInboxPolicy, Violation},
	runtime_api::{
		BatchCommitmentOf, CommitmentOf, DidResolution, GrantEntry, InboxEntry, InclusionError,
		MAX_GRANTS_PAGE, MAX_INBOX_PAGE,
	},
	time::MILLI_SECS_PER_BLOCK,
	BlockNumber,
};
use sp_core::{bounded::BoundedVec, H256};
use sp_statement_store::{Statement, StatementEvent, SubmitResult, TopicFilter};
use subxt::utils::Static;

use crate::{
	chain::{runtime, Chain, ChainError, Included, RuntimeCall, Wait},
	delivery::{self, Committed, Delivery, Rejection, Verified, MAX_TOPIC_DEVICES},
	keys::{DeviceKey, Identity},
	message::{self, Message, SealError},
	topic,
};

/// Device indices a client looks through for the identity's own devices.
pub const MAX_DEVICE_INDEX: u32 = 16;
/// Where an envelope says its content is.
pub const STATEMENT_LOCATOR: &[u8] = b"statement-store";
/// Most topics one statement subscription may match (`matchAny`).
const MAX_ANY_TOPICS: usize = 128;

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
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
	#[error("the statement store refused the message: {0:?}")]
	StoreRefused(SubmitResult),
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
	pub envelope: EnvelopeId,
	pub statement: [u8; 32],
	pub included: Included,
	/// The batch the envelope is a leaf of, if sent in one.
	pub batch: Option<H256>,
}

/// What happened to one statement a recipient found.
#[derive(Clone, Debug)]
pub enum Outcome {
	Accepted {
		statement: [u8; 32],
		envelope: EnvelopeId,
		verified: Box<Verified>,
		/// When acknowledging: the block the receipt landed in, or why it did not (batched
		/// envelopes have no receipt).
		receipt: Option<Result<BlockNumber, String>>,
	},
	Rejected {
		statement: [u8; 32],
		sender: Option<DidId>,
		reason: Rejection,
	},
}

/// How long [`Messenger::receive`] listens.
#[derive(Clone, Debug)]
pub struct ReceiveOptions {
	/// Senders to listen to besides those found in the inbox and the consent grants.
	pub from: Vec<DidId>,
	/// Stop once this many statements were accepted or rejected.
	pub expect: Option<usize>,
	/// Stop after this long without a new statement (and nothing pending).
	pub idle: Duration,
	/// Stop after this long in any case; what is still pending is then rejected.
	pub deadline: Duration,
	/// Acknowledge each accepted message on chain with this status.
	pub acknowledge: Option<ReceiptStatus>,
}

impl Default for ReceiveOptions {
	fn default() -> Self {
		Self {
			from: Vec::new(),
			expect: None,
			idle: Duration::from_secs(30),
			deadline: Duration::from_secs(600),
			acknowledge: None,
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
}

/// A sender DID's key records, current and rotated out.
type SenderKeys = Vec<(KeyId, KeyRecord<BlockNumber>)>;

/// A recipient's device keys and how long its inbox keeps what it is sent.
type RecipientInfo = (Vec<[u8; 32]>, Duration);

fn recipient_info<'r>(
	recipients: &'r HashMap<DidId, Result<RecipientInfo, String>>,
	did: &DidId,
) -> Result<(&'r [[u8; 32]], Duration), SendError> {
	match &recipients[did] {
		Ok((devices, retention)) => Ok((devices, *retention)),
		Err(reason) => Err(SendError::Recipient { did: *did, reason: reason.clone() }),
	}
}

type StatementStream =
	Pin<Box<dyn Stream<Item = Result<StatementEvent, serde_json::Error>> + Send>>;

fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_millis() as u64
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
		Ok(Self { chain, identity, devices, assertion })
	}

	pub fn did(&self) -> DidId {
		self.identity.did()
	}

	/// The recipient's devices and how long its inbox keeps what it is sent.
	async fn recipient(&self, did: &DidId) -> Result<RecipientInfo, SendError> {
		let (_, head) = self.chain.finalized().await?;
		let devices = x25519_keys(&self.chain.resolve_at(did, head).await?);
		if devices.is_empty() {
			return Err(SendError::RecipientNotActive(*did));
		}
		let policy: EffectiveInboxPolicy<BlockNumber> =
			self.chain.runtime_api("PolicyApi_inbox_policy", did, head).await?;
		Ok((devices, Duration::from_millis(policy.retention as u64 * MILLI_SECS_PER_BLOCK)))
	}

	/// Each distinct recipient of `messages`, looked up once.
	async fn recipients(
		&self,
		messages: &[Outgoing],
	) -> HashMap<DidId, Result<RecipientInfo, String>> {
		let mut found = HashMap::new();
		for outgoing in messages {
			if let Entry::Vacant(entry) = found.entry(outgoing.recipient) {
				entry.insert(self.recipient(&outgoing.recipient).await.map_err(|e| e.to_string()));
			}
		}
		found
	}

	/// Signs, seals and addresses one message: its signed envelope, frame and topics.
	fn prepare(
		&self,
		outgoing: &Outgoing,
		devices: &[[u8; 32]],
		sent_at: u64,
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
			&envelope.signing_payload(&self.chain.genesis_hash),
		));
		let epoch = topic::epoch_of(sent_at);
		let topics = devices
			.iter()
			.take(MAX_TOPIC_DEVICES)
			.filter_map(|device| topic::topic(&self.devices[0], device, epoch))
			.collect();
		Ok((SignedEnvelope { envelope, signature }, frame, topics))
	}

	async fn store(
		&self,
		delivery: &Delivery,
		topics: &[[u8; 32]],
		retention: Duration,
		sequence: u32,
	) -> Result<[u8; 32], SendError> {
		let expires = (now_ms() / 1000 + retention.as_secs()).min(u32::MAX as u64) as u32;
		let statement = delivery.into_statement(topics, expires, sequence, &self.identity.account);
		match self.chain.submit_statement(&statement).await? {
			SubmitResult::New | SubmitResult::Known => Ok(statement.hash()),
			other => Err(SendError::StoreRefused(other)),
		}
	}

	/// Sends one message: commits its envelope (and waits until it is in a block), then
	/// puts the frame in the statement store. A refusal by the chain (the recipient's
	/// policy, consent, rate limits) is [`ChainError::Refused`] and nothing is stored.
	pub async fn send(&self, outgoing: &Outgoing) -> Result<Sent, SendError> {
		let mut sent = self.send_many(std::slice::from_ref(outgoing), |_| {}).await;
		sent.pop().expect("one result per message")
	}

	/// Sends many messages, each committed on its own, with all commitments in flight at
	/// once (see [`Chain::submit_all_as_did`]); `progress` is told of each one stored.
	/// One result per message, in order.
	pub async fn send_many(
		&self,
		messages: &[Outgoing],
		progress: impl Fn(usize),
	) -> Vec<Result<Sent, SendError>> {
		let recipients = self.recipients(messages).await;
		let mut results: Vec<Option<Result<Sent, SendError>>> =
			messages.iter().map(|_| None).collect();
		let mut prepared = Vec::new();
		for (index, outgoing) in messages.iter().enumerate() {
			let ready = recipient_info(&recipients, &outgoing.recipient).and_then(
				|(devices, retention)| {
					let (signed, frame, topics) = self.prepare(outgoing, devices, now_ms())?;
					Ok((index, signed, frame, topics, retention))
				},
			);
			match ready {
				Ok(ready) => prepared.push(ready),
				Err(e) => results[index] = Some(Err(e)),
			}
		}
		let calls = prepared
			.iter()
			.map(|(_, signed, ..)| {
				RuntimeCall::Envelope(runtime::envelope::Call::commit {
					signed: Static(signed.clone()),
				})
			})
			.collect();
		let committed = self
			.chain
			.submit_all_as_did(
				self.identity,
				KeyRelationship::AssertionMethod,
				calls,
				Wait::InBlock,
			)
			.await;
		let done = std::sync::atomic::AtomicUsize::new(0);
		let stores = prepared.into_iter().zip(committed).map(
			|((index, signed, frame, topics, retention), included)| {
				let (done, progress) = (&done, &progress);
				async move {
					let result = async {
						let included = included?;
						let id = signed.envelope.id();
						let delivery =
							Delivery { envelope: signed, committed: Committed::Alone, frame };
						let statement =
							self.store(&delivery, &topics, retention, index as u32).await?;
						progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
						Ok(Sent { envelope: id, statement, included, batch: None })
					}
					.await;
					(index, result)
				}
			},
		);
		for (index, result) in futures::future::join_all(stores).await {
			results[index] = Some(result);
		}
		results
			.into_iter()
			.map(|result| result.expect("every message was either refused or submitted; qed"))
			.collect()
	}

	/// Sends many messages under one batch commitment (`envelope.commit_batch`): one
	/// transaction for all of them; each statement carries its envelope's inclusion
	/// proof. The chain checks the sender's own limits only; each recipient's client
	/// checks its inbox policy for the sender itself.
	pub async fn send_batch(
		&self,
		messages: &[Outgoing],
		progress: impl Fn(usize),
	) -> Result<Vec<Sent>, SendError> {
		let recipients = self.recipients(messages).await;
		let mut prepared = Vec::with_capacity(messages.len());
		for outgoing in messages {
			let (devices, retention) = recipient_info(&recipients, &outgoing.recipient)?;
			let (signed, frame, topics) = self.prepare(outgoing, devices, now_ms())?;
			prepared.push((signed, frame, topics, retention));
		}
		let leaves: Vec<SignedEnvelope> = prepared.iter().map(|p| p.0.clone()).collect();
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		let call = RuntimeCall::Envelope(runtime::envelope::Call::commit_batch {
			root,
			leaves: leaves.len() as u32,
			locator: runtime::runtime_types::bounded_collections::bounded_vec::BoundedVec(
				STATEMENT_LOCATOR.to_vec(),
			),
		});
		let included = self
			.chain
			.submit_as_did(self.identity, KeyRelationship::AssertionMethod, call, Wait::InBlock)
			.await?;
		let batch = batch_id(&self.did(), &root);
		let mut sent = Vec::with_capacity(prepared.len());
		for (index, (signed, frame, topics, retention)) in prepared.into_iter().enumerate() {
			let proof = tree.proof(index as u32).expect("every leaf has a proof; qed");
			let id = signed.envelope.id();
			let delivery = Delivery {
				envelope: signed,
				committed: Committed::InBatch { batch, proof },
				frame,
			};
			let statement = self.store(&delivery, &topics, retention, index as u32).await?;
			sent.push(Sent { envelope: id, statement, included, batch: Some(batch) });
			progress(index + 1);
		}
		Ok(sent)
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
			let commitment: Option<CommitmentOf> =
				self.chain.runtime_api("EnvelopeApi_envelope", id, head).await?;
			match commitment.and_then(|c| c.receipt) {
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
		let mut found = HashSet::new();
		let mut start_after = None;
		loop {
			let page: Vec<InboxEntry> = self
				.chain
				.runtime_api("EnvelopeApi_inbox", (me, since, start_after, MAX_INBOX_PAGE), at)
				.await?;
			found.extend(page.iter().map(|entry| entry.commitment.envelope.sender));
			if page.len() < MAX_INBOX_PAGE as usize {
				break;
			}
			start_after = page.last().map(|entry| entry.key);
		}
		let mut start_after = None;
		loop {
			let page: Vec<GrantEntry> = self
				.chain
				.runtime_api("ConsentApi_grants", (me, start_after, MAX_GRANTS_PAGE), at)
				.await?;
			found.extend(page.iter().map(|entry| entry.grantee));
			if page.len() < MAX_GRANTS_PAGE as usize {
				break;
			}
			start_after = page.last().map(|entry| (entry.grantee, entry.scope));
		}
		Ok(found)
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

	/// Listens for messages to this identity through the node's statement store, checks
	/// each against the finalized chain, decrypts and verifies it. `on_outcome` is told
	/// of each as it is decided; all are returned.
	pub async fn receive(
		&self,
		options: &ReceiveOptions,
		mut on_outcome: impl FnMut(&Outcome),
	) -> Result<Vec<Outcome>, ChainError> {
		let me = self.did();
		let started = Instant::now();
		let (head_number, head) = self.chain.finalized().await?;
		let policy: EffectiveInboxPolicy<BlockNumber> =
			self.chain.runtime_api("PolicyApi_inbox_policy", me, head).await?;
		let lookback_ms = policy.retention as u64 * MILLI_SECS_PER_BLOCK;
		let epochs =
			topic::epoch_of(now_ms().saturating_sub(lookback_ms))..=topic::epoch_of(now_ms()) + 1;
		let mut since = head_number.saturating_sub(policy.retention);

		let mut streams = SelectAll::<StatementStream>::new();
		let mut listening = HashSet::new();
		let mut senders: HashSet<DidId> = options.from.iter().copied().collect();
		senders.extend(self.correspondents(since, head).await?);
		since = head_number;
		for sender in &senders {
			self.subscribe(self.topics_from(sender, &epochs, head).await?, &mut streams).await?;
			listening.insert(*sender);
		}

		let mut outcomes = Vec::new();
		let mut seen = HashSet::new();
		// Statements not checked yet, and those whose commitment was not finalized at
		// `checked_at`: checked again once the finalized head moves.
		let mut fresh: Vec<([u8; 32], Delivery)> = Vec::new();
		let mut pending: Vec<([u8; 32], Delivery)> = Vec::new();
		let mut checked_at = H256::zero();
		let mut last_new = Instant::now();
		let mut ticker = tokio::time::interval(Duration::from_secs(1));
		let mut ticked = false;
		let mut decide = |outcome: Outcome, outcomes: &mut Vec<Outcome>| {
			on_outcome(&outcome);
			outcomes.push(outcome);
		};
		loop {
			let done = options.expect.is_some_and(|n| outcomes.len() >= n)
				|| (pending.is_empty() && fresh.is_empty() && last_new.elapsed() >= options.idle)
				|| started.elapsed() >= options.deadline;
			if done {
				break;
			}
			tokio::select! {
				Some(event) = streams.next(), if !streams.is_empty() => {
					let Ok(StatementEvent::NewStatements { statements, .. }) = event else { continue };
					for bytes in statements {
						let Ok(statement) = Statement::decode(&mut &bytes[..]) else { continue };
						let hash = statement.hash();
						if !seen.insert(hash) {
							continue;
						}
						last_new = Instant::now();
						match Delivery::from_statement(&statement) {
							Ok(delivery) => fresh.push((hash, delivery)),
							Err(reason) => decide(Outcome::Rejected { statement: hash, sender: None, reason }, &mut outcomes),
						}
					}
				},
				_ = ticker.tick() => ticked = true,
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
			let mut to_check = std::mem::take(&mut fresh);
			if head != checked_at {
				to_check.append(&mut pending);
				checked_at = head;
			}
			if to_check.is_empty() {
				continue;
			}
			let mut accepted = Vec::new();
			let mut sender_keys = HashMap::new();
			for (hash, delivery) in to_check {
				match self.evaluate(&delivery, head, &mut sender_keys).await? {
					Ok(verified) => accepted.push((hash, delivery, verified)),
					Err(Rejection::NotCommitted) => pending.push((hash, delivery)),
					Err(reason) => decide(
						Outcome::Rejected {
							statement: hash,
							sender: Some(delivery.envelope.envelope.sender),
							reason,
						},
						&mut outcomes,
					),
				}
			}
			// Receipts go on chain for envelopes committed alone: a batch's leaves have no
			// commitment of their own to acknowledge.
			let mut receipts = HashMap::new();
			if let Some(status) = options.acknowledge {
				let alone = accepted
					.iter()
					.filter(|(_, delivery, _)| delivery.committed == Committed::Alone)
					.map(|(_, delivery, _)| delivery.envelope.envelope.id());
				receipts = self.acknowledge_new(alone.collect(), status, head).await?;
			}
			for (hash, delivery, verified) in accepted {
				let envelope = delivery.envelope.envelope.id();
				let receipt = receipts.remove(&envelope);
				decide(
					Outcome::Accepted {
						statement: hash,
						envelope,
						verified: Box::new(verified),
						receipt,
					},
					&mut outcomes,
				)
			}
		}
		for (hash, delivery) in pending.into_iter().chain(fresh) {
			decide(
				Outcome::Rejected {
					statement: hash,
					sender: Some(delivery.envelope.envelope.sender),
					reason: Rejection::NotCommitted,
				},
				&mut outcomes,
			);
		}
		Ok(outcomes)
	}

	/// Checks one delivery against the chain at finalized block `head`; `sender_keys`
	/// keeps the senders' key records read at `head`.
	async fn evaluate(
		&self,
		delivery: &Delivery,
		head: H256,
		sender_keys: &mut HashMap<DidId, Option<SenderKeys>>,
	) -> Result<Result<Verified, Rejection>, ChainError> {
		let me = self.did();
		let signed = &delivery.envelope;
		let envelope = &signed.envelope;
		let committed_at = match &delivery.committed {
			Committed::Alone => {
				let commitment: Option<CommitmentOf> =
					self.chain.runtime_api("EnvelopeApi_envelope", envelope.id(), head).await?;
				match commitment {
					None => return Ok(Err(Rejection::NotCommitted)),
					Some(c) if c.envelope != *envelope || c.signature != signed.signature => {
						return Ok(Err(Rejection::CommitmentMismatch))
					},
					Some(c) => c.committed_at,
				}
			},
			Committed::InBatch { batch, proof } => {
				let commitment: Option<BatchCommitmentOf> =
					self.chain.runtime_api("EnvelopeApi_batch", batch, head).await?;
				let Some(commitment) = commitment else { return Ok(Err(Rejection::NotCommitted)) };
				let included: Result<(), InclusionError> = self
					.chain
					.runtime_api("EnvelopeApi_verify_inclusion", (batch, proof, signed), head)
					.await?;
				if let Err(e) = included {
					return Ok(Err(Rejection::NotInBatch(e)));
				}
				// The chain checked only the committer's limits: the recipient checks its own
				// policy for the sender, as it stood when the batch was committed. Rate limits
				// are the committer's, counted for the batch as a whole.
				let question = (
					envelope.sender,
					Destination::Did(me),
					Some(envelope.conversation),
					envelope.size,
				);
				let then = self.chain.block_hash(commitment.committed_at).await?;
				let allowed: Result<(), Violation> =
					match self.chain.runtime_api("PolicyApi_can_send", question, then).await {
						Ok(answer) => answer,
						// That block's state is pruned on this node: ask about now.
						Err(_) => {
							self.chain.runtime_api("PolicyApi_can_send", question, head).await?
						},
					};
				match allowed {
					Err(
						Violation::SenderRateLimited
						| Violation::PairRateLimited
						| Violation::TooManyRecipients,
					)
					| Ok(()) => {},
					Err(violation) => return Ok(Err(Rejection::RefusedByPolicy(violation))),
				}
				commitment.committed_at
			},
		};
		if let Entry::Vacant(entry) = sender_keys.entry(envelope.sender) {
			let keys = match self.chain.resolve_at(&envelope.sender, head).await? {
				DidResolution::Active { keys, .. } => Some(keys),
				_ => None,
			};
			entry.insert(keys);
		}
		let Some(keys) = &sender_keys[&envelope.sender] else {
			return Ok(Err(Rejection::SenderNotActive));
		};
		Ok(delivery::check(
			delivery,
			&me,
			&self.devices,
			committed_at,
			keys,
			&self.chain.genesis_hash,
		))
	}
}

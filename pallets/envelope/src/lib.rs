//! # Envelope pallet
//!
//! The chain's record of Missive messages: for every message, a **commitment** to its
//! ciphertext (content hash, size, where to fetch it), its sender DID, its recipient DID
//! or a blinded tag, the conversation, the block and the sender's signature. The content
//! itself never touches the chain.
//!
//! - **Commit** ([`Pallet::commit`]): the sender DID, through a DID-authorized call,
//!   submits a [`SignedEnvelope`]. The chain checks, in this order: the origin is the
//!   envelope's sender (`NotSender`); the payload is not empty (`EmptyPayload`); the
//!   envelope is not already committed (`DuplicateEnvelope`, the replay protection); the
//!   signature verifies with the sender's current assertion key over
//!   [`Envelope::signing_payload`] with this chain's genesis hash (`NoAssertionKey`,
//!   `InvalidSignature`; a sender that is not a live DID has no key and gets
//!   `SenderNotActive`); the recipient's inbox policy and the sender's rate limits
//!   ([`PolicyCheck::can_send`], each [`Violation`] an error of the same name); the
//!   submitter pays `CommitmentDeposit` (`InsufficientFunds`). The envelope is then
//!   counted against the sender's limits ([`PolicyCheck::note_sent`]) and kept for the
//!   recipient's retention ([`PolicyCheck::retention`]).
//! - **Commit without a DID call** ([`Pallet::commit_signed`]): the same commitment and
//!   checks, submitted by the account funding the sender DID (the one holding its
//!   deposit, `NotFunder` otherwise). The envelope's signature is the DID's
//!   authorization; the transaction's signature and account nonce stand in for the DID
//!   call's, so the chain checks one signature instead of two and reads a small summary
//!   of each DID (`DidFunding`, `DidLookup`) instead of its document. This is what
//!   clients use to send.
//! - **Inboxes** ([`Inbox`]): a commitment to a DID gets an entry in that DID's inbox
//!   index under an [`InboxKey`] (its block and the index of its `EnvelopeCommitted`
//!   event in that block, big-endian: no counter to keep), so a client pages through
//!   what it received since a block, oldest first ([`Pallet::inbox`]). Commitments to a blinded tag have no inbox entry: the
//!   recipient finds them by tag, off chain.
//! - **Batches** ([`Pallet::commit_batch`]): a relay, or a busy sender, commits the
//!   Merkle root of up to [`MAX_BATCH_LEAVES`] signed envelopes in one call. A batch is
//!   its committer's: it is stored under its id, `batch_id(committer, root)` (in
//!   `missive_primitives::envelope`), so another DID committing the same root (even
//!   first, with another leaf count) makes a batch of its own and can neither block nor
//!   spoil this one; only the same committer committing the same root again is refused
//!   (`DuplicateBatch`). Anyone proves a leaf part of a committed batch with
//!   [`Pallet::verify_inclusion`].
//!
//!   Each leaf counts as an envelope to a blinded destination against the committer's
//!   own limits and costs `Config::FeePerLeaf`, burned. **The chain checks nothing
//!   about a batch's leaves**: they are *not* checked against their recipients' inbox
//!   policies, consent or deny lists, nor against their senders' limits, and their
//!   signatures are not verified. So a
//!   recipient's client must check, for every leaf it reads, its own consent and deny
//!   list for the leaf's sender, and the leaf's signature with the sender's assertion
//!   key valid at the batch's block (`DidApi::key_valid_at`), over the envelope and the
//!   batch's committer (`Carrier::Batch`), so that a leaf copied into someone else's
//!   batch is refused: `verify_inclusion` proves membership in the committed tree only
//!   (not the leaf's position, nor that it is signed).
//! - **Sealed commitments** ([`Pallet::commit_sealed`]): the private mode. Any signed
//!   account commits the Merkle root of up to [`MAX_BATCH_LEAVES`] sealed leaves and
//!   their count; the call names no DID, so the chain learns no sender, recipient or
//!   conversation, only the root, the count and the paying account. The commitment is
//!   stored under its root ([`Sealed`]), the submitter pays `SealedDeposit` until it is
//!   pruned, and it is kept for the chain's retention of blinded destinations
//!   (`retention(Blinded(root))`), which does not reveal the recipient's own. There is
//!   no DID to check a policy or count rate limits against: the fee and the deposit
//!   bound it. The recipient's client checks the rest itself: its leaf's inclusion
//!   under the root, the sender's signature with the key valid at `committed_at`, and
//!   its own inbox policy, consent and deny list. Anyone may commit a root first (it is
//!   public once submitted): the commitment is the same root either way, and the
//!   original submitter's client treats `DuplicateSeal` as already committed. (The leaf
//!   count stored is the first committer's claim; a proof carries its own.)
//! - **Receipts** ([`Pallet::acknowledge`]): the recipient DID marks a commitment
//!   `Delivered`, then `Read` (never back). Only commitments to a DID can be
//!   acknowledged: a receipt for a blinded one would name its recipient on chain, which
//!   is what blinding hides.
//! - **Retention**: every commitment, batch and sealed commitment goes into the expiry
//!   bucket of its `expires_at` block. `on_idle` empties due buckets from [`PruneCursor`]
//!   on, one item per step, within the block's remaining weight and at most
//!   `MaxPrunedPerBlock` items, returning the deposits; nothing walks storage beyond
//!   that budget. A commitment is never pruned before its `expires_at` block. Pruning
//!   emits one `Pruned { count }` event per block that pruned something; what was
//!   pruned is in the block history (each item's `expires_at` was in its commit event).
//!
//! Replay protection lasts as long as the commitment: once pruned, the same signed
//! envelope could be committed again, but only by its sender (through `commit`, whose
//! DID calls carry their own nonce) or the account funding it (through `commit_signed`,
//! whose transactions do), and it is counted and paid for again.
//!
//! Clients read commitments through `EnvelopeApi`, which the runtime implements with
//! [`Pallet::envelope`], [`Pallet::inbox`], [`Pallet::batch`],
//! [`Pallet::verify_inclusion`] and [`Pallet::sealed`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod types;
pub mod weights;

pub use types::{ExpiringItem, PruneStep};
pub use weights::WeightInfo;

/// What the benchmarks need from the runtime that the pallet's traits cannot give.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `did` a live DID whose current assertion key is `key` and which `funder`
	/// funds, so that `Config::Dids::verification_key(did, AssertionMethod)` returns
	/// `key`, `Config::Dids::is_funded_by(did, funder)` holds and `Config::Policy`
	/// accepts `did` as an active sender. The benchmarks call it with the DID and the
	/// submitter of `Config::EnsureDidOrigin::try_successful_origin()`, and sign with
	/// `key` from the keystore.
	fn set_assertion_key(
		did: &missive_primitives::did::DidId,
		key: missive_primitives::did::DidVerificationKey,
		funder: &AccountId,
	);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		defensive,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Preservation},
		},
		weights::WeightMeter,
	};
	use frame_system::pallet_prelude::*;
	use missive_primitives::{
		did::{
			DidFunding, DidId, DidLookup, DidOrigin, DidPublicKey, DidSignature, KeyId,
			KeyRelationship,
		},
		envelope::{
			batch_id, inbox_key, BatchCommitment, BatchId, Carrier, Commitment, ConversationId,
			Envelope, EnvelopeId, InboxKey, InclusionProof, Locator, Receipt, ReceiptStatus,
			SealedCommitment, SignedEnvelope, MAX_BATCH_LEAVES, MAX_PROOF_SIBLINGS,
		},
		policy::{Destination, PolicyCheck, Violation},
		runtime_api::{InclusionError, MAX_INBOX_PAGE},
		Deposit,
	};
	use sp_core::H256;
	use sp_runtime::{
		traits::{One, SaturatedConversion, Saturating},
		ArithmeticError,
	};

	/// Balance of the currency deposits are held in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A deposit held by this pallet.
	pub type DepositOf<T> = Deposit<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// What [`Commitments`] stores for an envelope.
	pub type CommitmentOf<T> =
		Commitment<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// What [`Batches`] stores for a batch.
	pub type BatchCommitmentOf<T> =
		BatchCommitment<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// What [`Sealed`] stores for a sealed commitment.
	pub type SealedCommitmentOf<T> =
		SealedCommitment<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// Version of the storage layout, for migrations.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Accepts the origin of a DID-authorized call, yielding the DID acting and the
		/// account that submitted the call (which pays the deposits).
		type EnsureDidOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = DidOrigin<Self::AccountId>,
		>;

		/// DIDs' liveness and assertion keys, which sign envelopes, and the accounts
		/// that fund them, which may commit their envelopes directly.
		type Dids: DidLookup<BlockNumberFor<Self>> + DidFunding<Self::AccountId>;

		/// Inbox policies, rate limits and retention.
		type Policy: PolicyCheck<BlockNumberFor<Self>>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Holds deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// Deposit for a commitment, held from the submitter until it is pruned.
		#[pallet::constant]
		type CommitmentDeposit: Get<BalanceOf<Self>>;
		/// Deposit for a batch commitment, held from the submitter until it is pruned.
		#[pallet::constant]
		type BatchDeposit: Get<BalanceOf<Self>>;
		/// Deposit for a sealed commitment, held from the submitter until it is pruned.
		#[pallet::constant]
		type SealedDeposit: Get<BalanceOf<Self>>;
		/// Fee for each leaf a batch declares, burned from the submitter: the chain's work
		/// does not grow with the leaves, but the messages they stand for are as many as
		/// single commitments would be, and pay for it.
		#[pallet::constant]
		type FeePerLeaf: Get<BalanceOf<Self>>;
		/// Most commitments, batches and sealed commitments `on_idle` prunes in one block,
		/// whatever weight remains.
		#[pallet::constant]
		type MaxPrunedPerBlock: Get<u32>;

		/// Weights of the calls and of the pruning steps, from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks cannot through `Dids`: a sender with a key to sign.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a commitment.
		Commitment,
		/// The deposit of a batch commitment.
		Batch,
		/// The deposit of a sealed commitment.
		Sealed,
	}

	/// Commitments until their retention ends, by envelope id. (Clients prove one with
	/// `missive_primitives::storage_keys::envelope_commitment`, which hashes the same way.)
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageMap<_, Blake2_128Concat, EnvelopeId, CommitmentOf<T>>;

	/// Batch commitments until their retention ends, by batch id: `batch_id(committer,
	/// root)` (see `missive_primitives::storage_keys::envelope_batch`).
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Blake2_128Concat, BatchId, BatchCommitmentOf<T>>;

	/// Sealed commitments until their retention ends, by root. A root is committed once,
	/// by whoever commits it first.
	#[pallet::storage]
	pub type Sealed<T: Config> = StorageMap<_, Blake2_128Concat, H256, SealedCommitmentOf<T>>;

	/// Each recipient DID's inbox index: recipient → inbox key → commitment id. The inbox
	/// key is stored as is (big-endian block, then index), so a recipient's entries
	/// iterate in commitment order.
	#[pallet::storage]
	pub type Inbox<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DidId, Identity, InboxKey, EnvelopeId>;

	/// Expiry buckets: `expires_at` → index in the bucket → what expires then. A bucket
	/// holds the indices `0..ExpiringCount[expires_at]`.
	#[pallet::storage]
	pub type Expiring<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Twox64Concat, u32, ExpiringItem>;

	/// How many entries each non-empty expiry bucket holds.
	#[pallet::storage]
	pub type ExpiringCount<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, u32, ValueQuery>;

	/// The oldest expiry bucket not yet emptied: every bucket before it is empty. It
	/// starts at block 0 and `on_idle` keeps it up with the chain, so committing never
	/// reads it.
	#[pallet::storage]
	pub type PruneCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `sender` committed envelope `id`, kept until block `expires_at`.
		EnvelopeCommitted {
			id: EnvelopeId,
			sender: DidId,
			destination: Destination,
			conversation: ConversationId,
			content_hash: H256,
			size: u32,
			expires_at: BlockNumberFor<T>,
		},
		/// `committer` committed batch `id`, of `leaves` envelopes under `root`, kept until
		/// block `expires_at`.
		BatchCommitted {
			id: BatchId,
			root: H256,
			committer: DidId,
			leaves: u32,
			expires_at: BlockNumberFor<T>,
		},
		/// A sealed commitment of `leaves` leaves under `root`, kept until block
		/// `expires_at`. Names no account and no DID.
		SealedCommitted { root: H256, leaves: u32, expires_at: BlockNumberFor<T> },
		/// The recipient acknowledged envelope `id`.
		Acknowledged { id: EnvelopeId, recipient: DidId, status: ReceiptStatus },
		/// `count` expired commitments, batches and sealed commitments were removed in this
		/// block and their deposits returned.
		Pruned { count: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The origin's DID is not the envelope's sender.
		NotSender,
		/// The envelope commits to an empty payload.
		EmptyPayload,
		/// This envelope is already committed.
		DuplicateEnvelope,
		/// The sender DID has no assertion key to verify the envelope with.
		NoAssertionKey,
		/// The signature is not the sender's assertion key's over the envelope and this
		/// chain's genesis hash.
		InvalidSignature,
		/// The sender is not an active DID.
		SenderNotActive,
		/// The recipient is not an active DID.
		RecipientNotActive,
		/// The recipient's inbox is closed.
		InboxClosed,
		/// The sender is on the recipient's deny list.
		SenderDenied,
		/// The recipient's inbox requires consent and the sender has none in force.
		ConsentRequired,
		/// The payload is larger than the recipient (or the chain) accepts.
		PayloadTooLarge,
		/// The sender reached its envelopes per window.
		SenderRateLimited,
		/// The sender reached its envelopes per window to this recipient.
		PairRateLimited,
		/// The sender reached its distinct recipients per window.
		TooManyRecipients,
		/// The submitter cannot pay the deposit.
		InsufficientFunds,
		/// A batch must cover 1 to `MAX_BATCH_LEAVES` envelopes.
		InvalidBatchSize,
		/// The origin's DID already committed a batch with this root (another DID's batch
		/// with the same root is its own, and does not count).
		DuplicateBatch,
		/// No commitment with this id (never committed, or pruned).
		UnknownEnvelope,
		/// Only the recipient DID may acknowledge, and only commitments to a DID: a
		/// blinded commitment cannot be acknowledged without naming its recipient.
		NotRecipient,
		/// `Read` may follow `Delivered`, not the reverse.
		ReceiptRegression,
		/// The commitment already has this receipt.
		ReceiptUnchanged,
		/// A sealed commitment with this root is already committed (by anyone: it is the
		/// same commitment).
		DuplicateSeal,
		/// Only the account funding the sender DID (holding its deposit) may commit its
		/// envelopes without a DID-authorized call.
		NotFunder,
	}

	/// Each policy violation is a pallet error of the same name.
	impl<T> From<Violation> for Error<T> {
		fn from(violation: Violation) -> Self {
			match violation {
				Violation::SenderNotActive => Error::SenderNotActive,
				Violation::RecipientNotActive => Error::RecipientNotActive,
				Violation::InboxClosed => Error::InboxClosed,
				Violation::SenderDenied => Error::SenderDenied,
				Violation::ConsentRequired => Error::ConsentRequired,
				Violation::PayloadTooLarge => Error::PayloadTooLarge,
				Violation::SenderRateLimited => Error::SenderRateLimited,
				Violation::PairRateLimited => Error::PairRateLimited,
				Violation::TooManyRecipients => Error::TooManyRecipients,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Prunes expired commitments, batches and sealed commitments within the remaining
		/// weight.
		fn on_idle(now: BlockNumberFor<T>, remaining_weight: Weight) -> Weight {
			Self::prune_expired(now, remaining_weight)
		}

		fn integrity_test() {
			assert!(T::MaxPrunedPerBlock::get() > 0, "`MaxPrunedPerBlock` must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			crate::try_state::check::<T>()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commits to `signed`, an envelope from the origin's DID signed by its current
		/// assertion key. The submitter pays `CommitmentDeposit` until the commitment is
		/// pruned, `retention(destination)` blocks from now. See the crate documentation
		/// for the checks, in order.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::commit_weight(&signed.signature))]
		pub fn commit(origin: OriginFor<T>, signed: SignedEnvelope) -> DispatchResult {
			let DidOrigin { did: sender, submitter } = T::EnsureDidOrigin::ensure_origin(origin)?;
			ensure!(signed.envelope.sender == sender, Error::<T>::NotSender);
			Self::commit_envelope(signed, submitter)
		}

		/// Commits to a batch of `leaves` signed envelopes, the Merkle tree of their
		/// encodings having root `root` (see `missive_primitives::envelope::merkle`), to be
		/// fetched at `locator`. Each of the `leaves` counts as an envelope to a blinded
		/// destination against the origin DID's limits, and costs the submitter
		/// `FeePerLeaf`, burned; the submitter also pays `BatchDeposit` until the batch is
		/// pruned. The batch is stored under `batch_id(committer, root)`, so it is the
		/// origin DID's whatever other DIDs commit.
		///
		/// Nothing about the leaves is checked here: not their signatures, nor their
		/// recipients' inbox policies, consent or deny lists. Whoever reads a leaf checks
		/// its sender's signature and its own consent, and its inclusion with
		/// [`Pallet::verify_inclusion`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::commit_batch())]
		pub fn commit_batch(
			origin: OriginFor<T>,
			root: H256,
			leaves: u32,
			locator: Locator,
		) -> DispatchResult {
			let DidOrigin { did: committer, submitter } =
				T::EnsureDidOrigin::ensure_origin(origin)?;
			ensure!((1..=MAX_BATCH_LEAVES).contains(&leaves), Error::<T>::InvalidBatchSize);
			let id = batch_id(&committer, &root);
			ensure!(!Batches::<T>::contains_key(id), Error::<T>::DuplicateBatch);
			let now = frame_system::Pallet::<T>::block_number();
			let destination = Destination::Blinded(root);
			T::Policy::can_send(&committer, &destination, None, 0, leaves, now)
				.map_err(Error::<T>::from)?;
			Self::charge_leaves(&submitter, leaves)?;
			let deposit = Deposit::hold::<T::Currency>(
				&HoldReason::Batch.into(),
				submitter,
				T::BatchDeposit::get(),
			)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
			T::Policy::note_sent(&committer, &destination, leaves, now);
			let expires_at = now.saturating_add(T::Policy::retention(&destination));
			Self::store_batch(
				id,
				BatchCommitment {
					committer,
					root,
					leaves,
					locator,
					committed_at: now,
					expires_at,
					deposit,
				},
			)?;
			Self::deposit_event(Event::BatchCommitted { id, root, committer, leaves, expires_at });
			Ok(())
		}

		/// The recipient acknowledges envelope `id`: `Delivered`, then `Read`. Only
		/// commitments to the origin's DID can be acknowledged (not blinded ones, whose
		/// receipt would reveal the recipient).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::acknowledge())]
		pub fn acknowledge(
			origin: OriginFor<T>,
			id: EnvelopeId,
			status: ReceiptStatus,
		) -> DispatchResult {
			let DidOrigin { did: recipient, .. } = T::EnsureDidOrigin::ensure_origin(origin)?;
			let mut commitment = Commitments::<T>::get(id).ok_or(Error::<T>::UnknownEnvelope)?;
			ensure!(
				commitment.envelope.destination == Destination::Did(recipient),
				Error::<T>::NotRecipient
			);
			if let Some(previous) = commitment.receipt {
				ensure!(status != previous.status, Error::<T>::ReceiptUnchanged);
				ensure!(status > previous.status, Error::<T>::ReceiptRegression);
			}
			let now = frame_system::Pallet::<T>::block_number();
			commitment.receipt = Some(Receipt { status, at: now });
			Commitments::<T>::insert(id, commitment);
			Self::deposit_event(Event::Acknowledged { id, recipient, status });
			Ok(())
		}

		/// Commits, in private mode, to the Merkle root `root` of `leaves` sealed leaves
		/// (see `missive_primitives::envelope::SealedCommitment`). Any signed account may
		/// call it; it names no DID. The submitter pays `SealedDeposit` until the
		/// commitment is pruned, `retention(Blinded(root))` blocks from now: the chain's
		/// retention for blinded destinations, which hides the recipient's own.
		///
		/// Checked, in order: `leaves` is 1 to `MAX_BATCH_LEAVES` (`InvalidBatchSize`); no
		/// commitment with this root exists (`DuplicateSeal`: whoever committed it first,
		/// it is the same root, so a submitter treats this as already committed); the
		/// deposit (`InsufficientFunds`). No inbox policy, no rate limit and no leaf fee
		/// apply: there is no DID to count against, and the leaf count binds no reader (a
		/// proof carries its own, as a root is anyone's to commit first), so a fee on it
		/// would be avoided by declaring one leaf. The fee, the deposit and the sender's
		/// statement-store allowance, which every sealed message needs, bound it. The
		/// recipient's client checks the sender's signature and its own policy.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::commit_sealed())]
		pub fn commit_sealed(origin: OriginFor<T>, root: H256, leaves: u32) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			ensure!((1..=MAX_BATCH_LEAVES).contains(&leaves), Error::<T>::InvalidBatchSize);
			ensure!(!Sealed::<T>::contains_key(root), Error::<T>::DuplicateSeal);
			let deposit = Deposit::hold::<T::Currency>(
				&HoldReason::Sealed.into(),
				submitter,
				T::SealedDeposit::get(),
			)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
			let now = frame_system::Pallet::<T>::block_number();
			let expires_at = now.saturating_add(T::Policy::retention(&Destination::Blinded(root)));
			Self::store_sealed(
				root,
				SealedCommitment { leaves, committed_at: now, expires_at, deposit },
			)?;
			Self::deposit_event(Event::SealedCommitted { root, leaves, expires_at });
			Ok(())
		}

		/// Commits to `signed` as [`Pallet::commit`] does, authorized by the envelope's own
		/// signature instead of a DID-authorized call: the signed origin must be the
		/// account funding the sender DID, the one holding its deposit (`NotFunder`; a
		/// sender that is not a live DID gets `SenderNotActive`). The transaction's
		/// signature and nonce stand in for the DID call's, so the chain checks one
		/// signature, the envelope's, and reads one small summary of the sender DID. The
		/// checks that follow, and the deposit, are `commit`'s.
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::commit_signed_weight(&signed.signature))]
		pub fn commit_signed(origin: OriginFor<T>, signed: SignedEnvelope) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			let sender = &signed.envelope.sender;
			if !T::Dids::is_funded_by(sender, &submitter) {
				return Err(if T::Dids::is_active(sender) {
					Error::<T>::NotFunder
				} else {
					Error::<T>::SenderNotActive
				}
				.into());
			}
			Self::commit_envelope(signed, submitter)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Commits `signed` for its sender, `submitter` paying the deposit: every check of
		/// [`Pallet::commit`] after the origin's.
		fn commit_envelope(signed: SignedEnvelope, submitter: T::AccountId) -> DispatchResult {
			let SignedEnvelope { envelope, signature } = signed;
			let sender = envelope.sender;
			ensure!(envelope.size > 0, Error::<T>::EmptyPayload);
			let id = envelope.id();
			ensure!(!Commitments::<T>::contains_key(id), Error::<T>::DuplicateEnvelope);
			let signer = Self::verify_envelope(&envelope, &signature)?;
			let now = frame_system::Pallet::<T>::block_number();
			let destination = envelope.destination;
			T::Policy::can_send(
				&sender,
				&destination,
				Some(&envelope.conversation),
				envelope.size,
				1,
				now,
			)
			.map_err(Error::<T>::from)?;
			let deposit = Deposit::hold::<T::Currency>(
				&HoldReason::Commitment.into(),
				submitter,
				T::CommitmentDeposit::get(),
			)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
			T::Policy::note_sent(&sender, &destination, 1, now);
			let expires_at = now.saturating_add(T::Policy::retention(&destination));
			Self::deposit_event(Event::EnvelopeCommitted {
				id,
				sender,
				destination,
				conversation: envelope.conversation,
				content_hash: envelope.content_hash,
				size: envelope.size,
				expires_at,
			});
			let inbox_key = match destination {
				Destination::Did(_) => Some(Self::last_event_inbox_key(now)),
				Destination::Blinded(_) => None,
			};
			Self::store_commitment(
				id,
				Commitment {
					envelope,
					signature,
					signer,
					committed_at: now,
					expires_at,
					inbox_key,
					receipt: None,
					deposit,
				},
			)
		}

		/// Hash of block 0, which every envelope signature commits to.
		pub fn genesis_hash() -> T::Hash {
			frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
		}

		/// The commitment with this id, unless pruned.
		pub fn envelope(id: EnvelopeId) -> Option<CommitmentOf<T>> {
			Commitments::<T>::get(id)
		}

		/// `did`'s inbox entries committed in block `since` or later, after `start_after`
		/// (the last key of the previous page) if given, oldest first, at most `limit`
		/// (itself at most [`MAX_INBOX_PAGE`]). Reads at most that many entries.
		pub fn inbox(
			did: DidId,
			since: BlockNumberFor<T>,
			start_after: Option<InboxKey>,
			limit: u32,
		) -> Vec<(InboxKey, EnvelopeId, CommitmentOf<T>)> {
			let first = inbox_key(since.saturated_into(), 0);
			// Raw keys are the DID's prefix then the inbox key, big-endian: the first entry
			// of block `since` is the first key after the prefix and `since`'s four bytes.
			let mut from = Inbox::<T>::hashed_key_for(did, first);
			from.truncate(from.len() - 4);
			if let Some(after) = start_after.filter(|after| *after >= first) {
				from = Inbox::<T>::hashed_key_for(did, after);
			}
			Inbox::<T>::iter_prefix_from(did, from)
				.take(limit.min(MAX_INBOX_PAGE) as usize)
				.filter_map(|(key, id)| Commitments::<T>::get(id).map(|c| (key, id, c)))
				.collect()
		}

		/// The batch with this id (`batch_id(committer, root)`), unless pruned.
		pub fn batch(id: BatchId) -> Option<BatchCommitmentOf<T>> {
			Batches::<T>::get(id)
		}

		/// The sealed commitment with this root, unless pruned.
		pub fn sealed(root: H256) -> Option<SealedCommitmentOf<T>> {
			Sealed::<T>::get(root)
		}

		/// Whether `proof` shows `leaf` to be one of the leaves of batch `id`. Checks, in
		/// order: the proof has at most [`MAX_PROOF_SIBLINGS`] siblings (`ProofTooLong`,
		/// before any storage is read); the batch is committed (`UnknownBatch`); the proof
		/// is for a tree of the batch's leaf count (`LeafCountMismatch`); it leads from
		/// `leaf` to the batch's root (`InvalidProof`).
		///
		/// This proves membership only: not the leaf's position (`proof.leaf_index` is a
		/// hint for the verifier) and not its signature, which the reader checks with the
		/// sender's assertion key valid at the batch's block (`DidApi::key_valid_at`) over
		/// the envelope and the batch's committer (`Carrier::Batch`).
		pub fn verify_inclusion(
			id: BatchId,
			proof: InclusionProof,
			leaf: SignedEnvelope,
		) -> Result<(), InclusionError> {
			ensure!(
				proof.siblings.len() <= MAX_PROOF_SIBLINGS as usize,
				InclusionError::ProofTooLong
			);
			Batches::<T>::get(id)
				.ok_or(InclusionError::UnknownBatch)?
				.verify_inclusion(&proof, &leaf)
		}

		/// Checks `signature` over `envelope` with its sender's current assertion key, and
		/// returns the key's id.
		pub fn verify_envelope(
			envelope: &Envelope,
			signature: &DidSignature,
		) -> Result<KeyId, Error<T>> {
			let sender = &envelope.sender;
			let key = match T::Dids::verification_key(sender, KeyRelationship::AssertionMethod) {
				Some(key) => key,
				// A DID that is not live has no keys: say why.
				None if !T::Dids::is_active(sender) => return Err(Error::<T>::SenderNotActive),
				None => return Err(Error::<T>::NoAssertionKey),
			};
			key.verify(
				&envelope.signing_payload(&Carrier::Alone, &Self::genesis_hash()),
				signature,
			)
			.map_err(|_| Error::<T>::InvalidSignature)?;
			Ok(DidPublicKey::from(key).id())
		}

		/// Weight of `commit`, which depends on the signature's scheme.
		pub fn commit_weight(signature: &DidSignature) -> Weight {
			match signature {
				DidSignature::Ed25519(_) => T::WeightInfo::commit_ed25519(),
				DidSignature::Sr25519(_) => T::WeightInfo::commit_sr25519(),
				DidSignature::Ecdsa(_) => T::WeightInfo::commit_ecdsa(),
			}
		}

		/// Weight of `commit_signed`, which depends on the signature's scheme.
		pub fn commit_signed_weight(signature: &DidSignature) -> Weight {
			match signature {
				DidSignature::Ed25519(_) => T::WeightInfo::commit_signed_ed25519(),
				DidSignature::Sr25519(_) => T::WeightInfo::commit_signed_sr25519(),
				DidSignature::Ecdsa(_) => T::WeightInfo::commit_signed_ecdsa(),
			}
		}

		/// The weight `on_idle` spends whatever it prunes: reading the cursor, writing it
		/// back and the `Pruned` event.
		pub fn prune_overhead() -> Weight {
			T::DbWeight::get().reads_writes(1, 2)
		}

		/// Prunes due commitments, batches and sealed commitments, bucket by bucket from
		/// the cursor up to `now`, within `limit` and `MaxPrunedPerBlock`; returns the
		/// weight used. Each step is priced before it is taken, so this never goes over
		/// `limit`.
		pub(crate) fn prune_expired(now: BlockNumberFor<T>, limit: Weight) -> Weight {
			let mut meter = WeightMeter::with_limit(limit);
			if meter.try_consume(Self::prune_overhead()).is_err() {
				return Weight::zero();
			}
			let start = PruneCursor::<T>::get();
			let step = T::WeightInfo::prune_envelope()
				.max(T::WeightInfo::prune_batch())
				.max(T::WeightInfo::prune_sealed())
				.max(T::WeightInfo::prune_empty_bucket());
			let cap = T::MaxPrunedPerBlock::get();
			let (mut cursor, mut count) = (start, 0u32);
			while cursor <= now && count < cap && meter.can_consume(step) {
				match Self::prune_step(cursor) {
					PruneStep::Envelope => {
						meter.consume(T::WeightInfo::prune_envelope());
						count += 1;
					},
					PruneStep::Batch => {
						meter.consume(T::WeightInfo::prune_batch());
						count += 1;
					},
					PruneStep::Sealed => {
						meter.consume(T::WeightInfo::prune_sealed());
						count += 1;
					},
					PruneStep::EmptyBucket => {
						meter.consume(T::WeightInfo::prune_empty_bucket());
						cursor = cursor.saturating_add(One::one());
					},
				}
			}
			if cursor != start {
				PruneCursor::<T>::put(cursor);
			}
			if count > 0 {
				Self::deposit_event(Event::Pruned { count });
			}
			meter.consumed()
		}

		/// Removes the last entry of expiry bucket `bucket` and what it names, returning
		/// its deposit; or finds the bucket empty.
		pub(crate) fn prune_step(bucket: BlockNumberFor<T>) -> PruneStep {
			let Some(last) = ExpiringCount::<T>::get(bucket).checked_sub(1) else {
				return PruneStep::EmptyBucket;
			};
			if last == 0 {
				ExpiringCount::<T>::remove(bucket);
			} else {
				ExpiringCount::<T>::insert(bucket, last);
			}
			match Expiring::<T>::take(bucket, last) {
				Some(ExpiringItem::Envelope(id)) => {
					match Commitments::<T>::take(id) {
						Some(commitment) => {
							if let (Destination::Did(recipient), Some(key)) =
								(commitment.envelope.destination, commitment.inbox_key)
							{
								Inbox::<T>::remove(recipient, key);
							}
							commitment
								.deposit
								.release::<T::Currency>(&HoldReason::Commitment.into());
						},
						None => {
							defensive!("an expiry entry names a missing commitment");
						},
					}
					PruneStep::Envelope
				},
				Some(ExpiringItem::Batch(id)) => {
					match Batches::<T>::take(id) {
						Some(batch) => {
							batch.deposit.release::<T::Currency>(&HoldReason::Batch.into())
						},
						None => {
							defensive!("an expiry entry names a missing batch");
						},
					}
					PruneStep::Batch
				},
				Some(ExpiringItem::Sealed(root)) => {
					match Sealed::<T>::take(root) {
						Some(sealed) => {
							sealed.deposit.release::<T::Currency>(&HoldReason::Sealed.into())
						},
						None => {
							defensive!("an expiry entry names a missing sealed commitment");
						},
					}
					PruneStep::Sealed
				},
				None => {
					defensive!("an expiry bucket counts an entry it does not hold");
					PruneStep::Envelope
				},
			}
		}

		/// The inbox key of a commitment to a DID made in block `now` whose
		/// `EnvelopeCommitted` event was the last deposited: its block and that event's
		/// index, unique (no two events share an index) and in commitment order. (Only in
		/// block 0, where no extrinsic runs, would events not be counted.)
		pub(crate) fn last_event_inbox_key(now: BlockNumberFor<T>) -> InboxKey {
			let index = frame_system::Pallet::<T>::event_count().saturating_sub(1);
			inbox_key(now.saturated_into(), index)
		}

		/// Stores a commitment, its inbox entry if it has one, and its expiry bucket entry.
		pub(crate) fn store_commitment(
			id: EnvelopeId,
			commitment: CommitmentOf<T>,
		) -> DispatchResult {
			Self::note_expiring(commitment.expires_at, ExpiringItem::Envelope(id))?;
			if let (Destination::Did(recipient), Some(key)) =
				(commitment.envelope.destination, commitment.inbox_key)
			{
				Inbox::<T>::insert(recipient, key, id);
			}
			Commitments::<T>::insert(id, commitment);
			Ok(())
		}

		/// Stores batch `id` and its expiry bucket entry.
		pub(crate) fn store_batch(id: BatchId, batch: BatchCommitmentOf<T>) -> DispatchResult {
			Self::note_expiring(batch.expires_at, ExpiringItem::Batch(id))?;
			Batches::<T>::insert(id, batch);
			Ok(())
		}

		/// Stores the sealed commitment under `root` and its expiry bucket entry.
		pub(crate) fn store_sealed(root: H256, sealed: SealedCommitmentOf<T>) -> DispatchResult {
			Self::note_expiring(sealed.expires_at, ExpiringItem::Sealed(root))?;
			Sealed::<T>::insert(root, sealed);
			Ok(())
		}

		/// Puts `item` into the expiry bucket of `expires_at`, which is at or after the
		/// prune cursor: `on_idle` moves the cursor at most to the block after the one it
		/// ran in, and every retention is at least one block.
		fn note_expiring(expires_at: BlockNumberFor<T>, item: ExpiringItem) -> DispatchResult {
			let index = ExpiringCount::<T>::get(expires_at);
			ExpiringCount::<T>::insert(
				expires_at,
				index.checked_add(1).ok_or(ArithmeticError::Overflow)?,
			);
			Expiring::<T>::insert(expires_at, index, item);
			Ok(())
		}

		/// Burns `FeePerLeaf` for each of `leaves` from `payer`, who keeps at least the
		/// existential deposit.
		fn charge_leaves(payer: &T::AccountId, leaves: u32) -> DispatchResult {
			let fee = T::FeePerLeaf::get().saturating_mul(leaves.into());
			T::Currency::burn_from(
				payer,
				fee,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
			Ok(())
		}
	}
}

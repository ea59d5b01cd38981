//! Runtime APIs of Missive, declared once for the runtime that implements them and
//! for the node RPC and clients that call them.

// `decl_runtime_apis!` repeats each API's generic bounds in what it generates.
#![allow(clippy::multiple_bound_locations)]

use alloc::{boxed::Box, vec::Vec};
use codec::{Codec, Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

use sp_core::H256;

use crate::{
	consent::{ConsentScope, ConsentState, Grant},
	did::{DidDocument, DidId, KeyId, KeyRecord, KeyRelationship},
	envelope::{
		BatchCommitment, BatchId, Commitment, EnvelopeId, InboxKey, InclusionProof,
		SealedCommitment, SignedEnvelope,
	},
	policy::{Destination, EffectiveInboxPolicy, PolicyParameters, Violation},
	AccountId, Balance, BlockNumber as ChainBlockNumber,
};

/// What resolving a DID finds in chain state.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum DidResolution<BlockNumber> {
	/// No DID with this id was ever created.
	NotFound,
	/// The DID was deactivated; it has no document any more.
	Deactivated { created: BlockNumber, deactivated: BlockNumber, version: u32 },
	/// A live DID: its document and every key record it keeps (current and rotated out).
	Active { document: Box<DidDocument<BlockNumber>>, keys: Vec<(KeyId, KeyRecord<BlockNumber>)> },
}

/// A grant as the chain stores it.
pub type GrantOf = Grant<AccountId, Balance, ChainBlockNumber>;

/// Most grants one `ConsentApi::grants` call returns.
pub const MAX_GRANTS_PAGE: u32 = 100;

/// One grant of a DID, as `ConsentApi::grants` lists them.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct GrantEntry {
	pub grantee: DidId,
	pub scope: ConsentScope,
	pub grant: GrantOf,
}

/// The answer to a consent check, with the grant that decided it, if any.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct ConsentStatus {
	pub consent: ConsentState,
	/// The scope and grant that made the answer `Granted` or `Expired`.
	pub grant: Option<(ConsentScope, GrantOf)>,
}

/// A commitment as the chain stores it.
pub type CommitmentOf = Commitment<AccountId, Balance, ChainBlockNumber>;
/// A batch commitment as the chain stores it.
pub type BatchCommitmentOf = BatchCommitment<AccountId, Balance, ChainBlockNumber>;
/// A sealed commitment as the chain stores it.
pub type SealedCommitmentOf = SealedCommitment<AccountId, Balance, ChainBlockNumber>;

/// Most inbox entries one `EnvelopeApi::inbox` call returns.
pub const MAX_INBOX_PAGE: u32 = 100;

/// One entry of a DID's inbox, in commitment order.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct InboxEntry {
	pub key: InboxKey,
	pub id: EnvelopeId,
	pub commitment: CommitmentOf,
}

pub use crate::envelope::InclusionError;

sp_api::decl_runtime_apis! {
	/// DID resolution and key history.
	#[api_version(2)]
	pub trait DidApi<BlockNumber: Codec> {
		/// The DID's state at the block this is called at.
		fn resolve(did: DidId) -> DidResolution<BlockNumber>;

		/// Whether `key` was valid for `did` in `relationship` at block `at`. A
		/// deactivated DID's kept keys answer for the blocks before its deactivation:
		/// `at` must be the block that committed what the key signed, not one the
		/// signer names.
		fn key_valid_at(did: DidId, key: KeyId, relationship: KeyRelationship, at: BlockNumber) -> bool;

		/// Every key record kept for `did`: a live DID's (as `resolve` gives them), or a
		/// deactivated DID's, kept, revoked at its deactivation, until the messages they
		/// signed are past retention.
		#[api_version(2)]
		fn key_history(did: DidId) -> Vec<(KeyId, KeyRecord<BlockNumber>)>;
	}

	/// Consent checks and the grants of a DID.
	pub trait ConsentApi {
		/// Whether `grantee` may do `scope` with `grantor` at the block this is called at.
		fn check(grantor: DidId, grantee: DidId, scope: ConsentScope) -> ConsentStatus;

		/// The grants `grantor` made, in storage order, after `start_after` (a grantee
		/// and scope from the previous page), at most `limit` (≤ [`MAX_GRANTS_PAGE`]).
		fn grants(grantor: DidId, start_after: Option<(DidId, ConsentScope)>, limit: u32) -> Vec<GrantEntry>;
	}

	/// Inbox policies and the chain's rules.
	pub trait PolicyApi {
		/// Whether `sender` may send `size` bytes to `to` (in `conversation`) now.
		fn can_send(sender: DidId, to: Destination, conversation: Option<H256>, size: u32) -> Result<(), Violation>;

		/// The rules in force for `did`'s inbox.
		fn inbox_policy(did: DidId) -> EffectiveInboxPolicy<ChainBlockNumber>;

		/// The chain-wide parameters.
		fn parameters() -> PolicyParameters<ChainBlockNumber>;
	}

	/// Envelope commitments, inboxes and batches.
	pub trait EnvelopeApi {
		/// The commitment with this id, unless pruned.
		fn envelope(id: EnvelopeId) -> Option<CommitmentOf>;

		/// `did`'s inbox entries committed at block `since` or later, after
		/// `start_after` (the last key of the previous page), at most `limit`
		/// (≤ [`MAX_INBOX_PAGE`]), oldest first.
		fn inbox(did: DidId, since: ChainBlockNumber, start_after: Option<InboxKey>, limit: u32) -> Vec<InboxEntry>;

		/// The batch with this id (`envelope::batch_id(committer, root)`), unless pruned.
		fn batch(id: BatchId) -> Option<BatchCommitmentOf>;

		/// Whether `proof` shows `leaf` to be one of the leaves of batch `batch`. This
		/// proves membership only: not the leaf's position (`proof.leaf_index` is a hint),
		/// nor its signature, which the reader checks with `DidApi::key_valid_at` at the
		/// batch's block.
		fn verify_inclusion(batch: BatchId, proof: InclusionProof, leaf: SignedEnvelope) -> Result<(), InclusionError>;

		/// The sealed commitment with this root, unless pruned.
		fn sealed(root: H256) -> Option<SealedCommitmentOf>;
	}
}

//! Storage types of the DID pallet that are not shared with clients.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use missive_primitives::did::{
	bounds::MaxRecoveryGuardians, DidDocument, DidId, DidVerificationKey, RecoveryConfig,
};
use scale_info::TypeInfo;
use sp_runtime::BoundedBTreeSet;

pub use missive_primitives::Deposit;

/// Everything stored for a live DID.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct DidRecord<AccountId, Balance, BlockNumber> {
	pub document: DidDocument<BlockNumber>,
	/// Key records in `DidKeys` for this DID, current and rotated out.
	pub key_count: u32,
	pub deposit: Deposit<AccountId, Balance>,
	pub recovery: Option<RecoveryConfig<BlockNumber>>,
}

/// What every message commitment checks about a DID, its sender's or its recipient's,
/// kept apart from the document so that the check is one small read: the DID is live
/// (the entry exists), its current assertion key, and the account funding it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct LiveDid<AccountId> {
	pub assertion_key: Option<DidVerificationKey>,
	/// Holds the DID's deposit.
	pub funder: AccountId,
}

/// A recovery under way: guardians' approvals of a new authentication key.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct PendingRecovery<AccountId, Balance, BlockNumber> {
	pub new_key: DidVerificationKey,
	/// Block the recovery was initiated in: if it has not gathered its threshold
	/// `RecoveryApprovalPeriod` blocks later, another guardian may replace it.
	pub initiated: BlockNumber,
	pub approvals: BoundedBTreeSet<DidId, MaxRecoveryGuardians>,
	/// Set once the threshold is met: the first block the recovery may complete in.
	pub executable_at: Option<BlockNumber>,
	/// Held from the initiating guardian's submitter until the recovery ends.
	pub deposit: Deposit<AccountId, Balance>,
}

/// What a deactivated DID keeps of its keys: their records stay in `DidKeys`, revoked
/// at its deactivation, so that the messages they signed verify until they are past
/// retention.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct RetainedKeySet<AccountId, Balance, BlockNumber> {
	/// The key records' deposit, held from the DID's deposit owner until they are reaped.
	pub deposit: Deposit<AccountId, Balance>,
	/// The first block in which they may be reaped.
	pub reapable_from: BlockNumber,
}

/// Maps a runtime call to the DID key relationship that must sign it when a DID
/// authorizes it; `None` for calls a DID cannot authorize.
pub trait DidCallRole {
	fn did_call_role(&self) -> Option<missive_primitives::did::KeyRelationship>;
}

/// What remains of a deactivated DID: enough to resolve it as deactivated, and to
/// refuse its re-creation.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Tombstone<BlockNumber> {
	pub created: BlockNumber,
	pub deactivated: BlockNumber,
	/// The document's last version: its version before deactivation, plus one.
	pub version: u32,
}

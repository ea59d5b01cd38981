//! Types only this pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use missive_primitives::envelope::{BatchId, EnvelopeId};
use scale_info::TypeInfo;
use sp_core::H256;

/// What an expiry bucket entry names: a commitment, a batch or a sealed commitment to
/// prune. New kinds are appended, so that stored entries keep their encoding.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ExpiringItem {
	/// The commitment with this id.
	Envelope(EnvelopeId),
	/// The batch with this id.
	Batch(BatchId),
	/// The sealed commitment with this root.
	Sealed(H256),
}

/// What one pruning step did; each kind has its own weight.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PruneStep {
	/// Removed a commitment (with its inbox entry) and returned its deposit.
	Envelope,
	/// Removed a batch and returned its deposit.
	Batch,
	/// Removed a sealed commitment and returned its deposit.
	Sealed,
	/// The bucket holds nothing (any more): the cursor may move past it.
	EmptyBucket,
}

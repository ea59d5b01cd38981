//! Types only this pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use missive_primitives::envelope::{BatchId, EnvelopeId};
use scale_info::TypeInfo;

/// What an expiry bucket entry names: a commitment or a batch to prune.
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
}

/// What one pruning step did; each kind has its own weight.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PruneStep {
	/// Removed a commitment (with its inbox entry) and returned its deposit.
	Envelope,
	/// Removed a batch and returned its deposit.
	Batch,
	/// The bucket holds nothing (any more): the cursor may move past it.
	EmptyBucket,
}

//! Inbox policies, rate limits, sizes, retention and off-chain store allowances: the
//! rules the runtime enforces on every envelope and at admission to the off-chain store.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};

use crate::did::DidId;

/// Most distinct recipients a sender's usage record tracks in one window; the
/// chain-wide `max_recipients` parameter may not exceed it.
pub const MAX_TRACKED_RECIPIENTS: u32 = 64;
/// [`MAX_TRACKED_RECIPIENTS`] as a type, for bounded collections.
pub type MaxTrackedRecipients = ConstU32<MAX_TRACKED_RECIPIENTS>;

/// An amount of the off-chain statement store: statements and bytes, summed over
/// allowances wider than the store's per-account `u32` counters.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct StoreAmount {
	pub statements: u64,
	pub bytes: u64,
}

impl StoreAmount {
	/// This amount with an allowance of `max_count` statements and `max_size` bytes added.
	pub const fn plus(self, max_count: u32, max_size: u32) -> Self {
		Self {
			statements: self.statements.saturating_add(max_count as u64),
			bytes: self.bytes.saturating_add(max_size as u64),
		}
	}

	/// This amount with such an allowance taken away.
	pub const fn minus(self, max_count: u32, max_size: u32) -> Self {
		Self {
			statements: self.statements.saturating_sub(max_count as u64),
			bytes: self.bytes.saturating_sub(max_size as u64),
		}
	}

	/// Whether this amount fits in `capacity`.
	pub const fn fits_in(&self, capacity: &Self) -> bool {
		self.statements <= capacity.statements && self.bytes <= capacity.bytes
	}
}

/// What every Missive node's statement store holds at most: the node configures its
/// store with it. (The store's own defaults, which polkadot-omni-node runs the
/// parachain's store with.)
pub const STORE_CAPACITY: StoreAmount =
	StoreAmount { statements: 4 * 1024 * 1024, bytes: 2 * 1024 * 1024 * 1024 };

/// What all store allowances together may grant: nine tenths of [`STORE_CAPACITY`]; the
/// policy pallet refuses an allowance that would take the total beyond it. The tenth
/// left over holds what the store still counts although no allowance admits it any
/// more — expired statements until its maintenance removes them, those of a withdrawn
/// allowance until its allowance sweep evicts them (each every half minute or so) — so
/// that an allowance holder's statements fit whatever others hold.
pub const STORE_GRANTABLE: StoreAmount = StoreAmount {
	statements: STORE_CAPACITY.statements / 10 * 9,
	bytes: STORE_CAPACITY.bytes / 10 * 9,
};

/// Who may put envelopes into a DID's inbox.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum InboxMode {
	/// Anyone not on the DID's deny list.
	Open,
	/// Only DIDs with the DID's consent (a grant in force, or its allow list).
	ConsentRequired,
	/// Nobody.
	Closed,
}

/// Chain-wide rules, changed only by governance (root).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct PolicyParameters<BlockNumber> {
	/// Mode of an inbox whose owner set no policy.
	pub default_mode: InboxMode,
	/// Length of a rate-limit window, in blocks. Windows are aligned: window `k`
	/// covers blocks `k * window .. (k + 1) * window`.
	pub window: BlockNumber,
	/// Envelopes one sender may commit per window, to anyone.
	pub max_per_sender: u32,
	/// Envelopes one sender may commit per window to one recipient.
	pub max_per_pair: u32,
	/// Distinct recipients one sender may reach per window (≤ [`MAX_TRACKED_RECIPIENTS`]).
	pub max_recipients: u32,
	/// Largest off-chain payload an envelope may commit to, in bytes.
	pub max_payload_size: u32,
	/// Blocks a commitment is kept when the recipient's policy names no retention.
	pub default_retention: BlockNumber,
	/// Longest retention an inbox policy may ask for.
	pub max_retention: BlockNumber,
	/// Most statements one DID's off-chain store allowance may cover.
	pub max_store_count: u32,
	/// Most bytes one DID's off-chain store allowance may cover.
	pub max_store_size: u32,
}

/// Why a set of parameters is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParametersError {
	/// `window` is zero.
	ZeroWindow,
	/// A limit is zero, which would close every inbox: use `Closed` for that.
	ZeroLimit,
	/// `max_recipients` exceeds [`MAX_TRACKED_RECIPIENTS`].
	TooManyTrackedRecipients,
	/// `default_retention` is zero or above `max_retention`.
	InvalidRetention,
}

impl<BlockNumber: PartialOrd + Default + Copy> PolicyParameters<BlockNumber> {
	/// Checks the parameters are coherent.
	pub fn validate(&self) -> Result<(), ParametersError> {
		let zero = BlockNumber::default();
		if self.window <= zero {
			return Err(ParametersError::ZeroWindow);
		}
		if self.max_per_sender == 0
			|| self.max_per_pair == 0
			|| self.max_recipients == 0
			|| self.max_payload_size == 0
		{
			return Err(ParametersError::ZeroLimit);
		}
		if self.max_recipients > MAX_TRACKED_RECIPIENTS {
			return Err(ParametersError::TooManyTrackedRecipients);
		}
		if self.default_retention <= zero || self.default_retention > self.max_retention {
			return Err(ParametersError::InvalidRetention);
		}
		Ok(())
	}
}

/// A DID's own rules for its inbox. Limits may only be stricter than the chain's.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct InboxPolicy<BlockNumber> {
	pub mode: InboxMode,
	/// Envelopes one sender may commit to this inbox per window (≤ the chain's
	/// `max_per_pair`).
	pub max_per_sender: Option<u32>,
	/// Largest payload this inbox accepts (≤ the chain's `max_payload_size`).
	pub max_payload_size: Option<u32>,
	/// Blocks this inbox's commitments are kept (≤ the chain's `max_retention`).
	pub retention: Option<BlockNumber>,
}

/// The rules in force for one inbox: its policy over the chain's parameters.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct EffectiveInboxPolicy<BlockNumber> {
	pub mode: InboxMode,
	pub max_per_sender: u32,
	pub max_payload_size: u32,
	pub retention: BlockNumber,
	/// Whether the owner set a policy (otherwise everything is the chain's default).
	pub custom: bool,
}

/// Why an envelope may not be sent: one named reason per rule.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Violation {
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
	/// The payload is larger than the recipient's (or the chain's) limit.
	PayloadTooLarge,
	/// The sender reached its envelopes per window.
	SenderRateLimited,
	/// The sender reached its envelopes per window to this recipient.
	PairRateLimited,
	/// The sender reached its distinct recipients per window.
	TooManyRecipients,
}

impl Violation {
	/// A stable, human-readable name, as clients show it.
	pub fn as_str(&self) -> &'static str {
		match self {
			Self::SenderNotActive => "sender DID is not active",
			Self::RecipientNotActive => "recipient DID is not active",
			Self::InboxClosed => "recipient inbox is closed",
			Self::SenderDenied => "sender is on the recipient's deny list",
			Self::ConsentRequired => "recipient requires consent and none is in force",
			Self::PayloadTooLarge => "payload is larger than the recipient accepts",
			Self::SenderRateLimited => "sender reached its envelopes per window",
			Self::PairRateLimited => "sender reached its envelopes per window to this recipient",
			Self::TooManyRecipients => "sender reached its distinct recipients per window",
		}
	}
}

impl fmt::Display for Violation {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(self.as_str())
	}
}

/// Where an envelope goes: a DID's inbox, or a blinded tag that hides the recipient
/// (only the sender's own limits apply then).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Destination {
	Did(DidId),
	Blinded(H256),
}

impl Destination {
	/// The recipient DID, unless blinded.
	pub fn did(&self) -> Option<&DidId> {
		match self {
			Self::Did(did) => Some(did),
			Self::Blinded(_) => None,
		}
	}
}

/// The rules the envelope pallet and the off-chain store admission ask about, without
/// depending on the policy pallet. Every method is a constant number of storage reads.
pub trait PolicyCheck<BlockNumber> {
	/// Whether `sender` may send `messages` envelopes of up to `size` bytes to `to`
	/// (one envelope, or the leaves of one batch), in `conversation` if it names one, at
	/// block `now`. Changes nothing.
	fn can_send(
		sender: &DidId,
		to: &Destination,
		conversation: Option<&H256>,
		size: u32,
		messages: u32,
		now: BlockNumber,
	) -> Result<(), Violation>;

	/// Counts `messages` sent envelopes against the sender's rate limits. Call after
	/// [`Self::can_send`] allowed them, in the same transaction.
	fn note_sent(sender: &DidId, to: &Destination, messages: u32, now: BlockNumber);

	/// Blocks a commitment to `to` is kept.
	fn retention(to: &Destination) -> BlockNumber;
}

#[cfg(test)]
mod tests {
	use super::*;

	fn parameters() -> PolicyParameters<u32> {
		PolicyParameters {
			default_mode: InboxMode::Open,
			window: 10,
			max_per_sender: 100,
			max_per_pair: 10,
			max_recipients: 20,
			max_payload_size: 65_536,
			default_retention: 100,
			max_retention: 1_000,
			max_store_count: 100,
			max_store_size: 1 << 20,
		}
	}

	#[test]
	fn coherent_parameters_validate() {
		assert_eq!(parameters().validate(), Ok(()));
	}

	#[test]
	fn incoherent_parameters_are_refused_with_their_reason() {
		let with = |change: fn(&mut PolicyParameters<u32>)| {
			let mut p = parameters();
			change(&mut p);
			p.validate()
		};
		assert_eq!(with(|p| p.window = 0), Err(ParametersError::ZeroWindow));
		assert_eq!(with(|p| p.max_per_pair = 0), Err(ParametersError::ZeroLimit));
		assert_eq!(with(|p| p.max_payload_size = 0), Err(ParametersError::ZeroLimit));
		assert_eq!(
			with(|p| p.max_recipients = MAX_TRACKED_RECIPIENTS + 1),
			Err(ParametersError::TooManyTrackedRecipients)
		);
		assert_eq!(with(|p| p.default_retention = 0), Err(ParametersError::InvalidRetention));
		assert_eq!(with(|p| p.default_retention = 1_001), Err(ParametersError::InvalidRetention));
	}
}

//! Storage types of the policy pallet that are not shared with clients.

use codec::{Decode, Encode, MaxEncodedLen};
use missive_primitives::{
	did::DidId,
	policy::{InboxPolicy, MaxTrackedRecipients},
};
use scale_info::TypeInfo;
use sp_runtime::BoundedVec;

pub use missive_primitives::Deposit;

/// A DID's own inbox policy and the deposit that pays for storing it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct InboxRecord<AccountId, Balance, BlockNumber> {
	pub policy: InboxPolicy<BlockNumber>,
	/// `InboxPolicyDeposit`, held from the submitter that first set a policy.
	pub deposit: Deposit<AccountId, Balance>,
}

/// What a sender committed in its current rate-limit window.
///
/// No deposit: sending (which pays fees) creates it, it is one bounded item per
/// sender, and `reap` removes it once the DID is deactivated.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct SenderUsage<BlockNumber> {
	/// Index of the window the counts are for: `block / parameters.window`. A record of
	/// another window is stale and counts as empty.
	pub window: BlockNumber,
	/// Envelopes committed in the window, to anyone (blinded destinations included).
	pub sent: u32,
	/// Envelopes committed in the window per recipient DID, in first-sent order.
	pub recipients: BoundedVec<(DidId, u32), MaxTrackedRecipients>,
}

impl<BlockNumber> SenderUsage<BlockNumber> {
	/// Nothing sent yet in `window`.
	pub fn empty(window: BlockNumber) -> Self {
		Self { window, sent: 0, recipients: BoundedVec::new() }
	}

	/// Envelopes sent to `recipient` in the window, if it was sent to at all.
	pub fn sent_to(&self, recipient: &DidId) -> Option<u32> {
		self.recipients.iter().find(|(did, _)| did == recipient).map(|(_, count)| *count)
	}

	/// Counts `messages` envelopes, to `recipient` unless blinded. A recipient that does
	/// not fit any more is counted in `sent` only: `can_send` refuses new recipients
	/// before the list is full, so this happens only when it was not asked first.
	pub fn note(&mut self, recipient: Option<&DidId>, messages: u32) {
		if messages == 0 {
			return;
		}
		self.sent = self.sent.saturating_add(messages);
		let Some(recipient) = recipient else { return };
		match self.recipients.iter_mut().find(|(did, _)| did == recipient) {
			Some((_, count)) => *count = count.saturating_add(messages),
			None => {
				let _ = self.recipients.try_push((*recipient, messages));
			},
		}
	}
}

/// An account whose statements the off-chain store admits on a DID's behalf, and how
/// many and how large they may be in total.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct StoreAllowance<AccountId, Balance> {
	/// The account the allowance is granted to in the statement store's state.
	pub account: AccountId,
	pub max_count: u32,
	pub max_size: u32,
	/// `max_count × AllowanceDepositPerStatement + max_size × AllowanceDepositPerByte`.
	pub deposit: Deposit<AccountId, Balance>,
}

/// A statement-store allowance an account bought for itself, with no DID: nothing on
/// chain links the account to one. Stored under the account it admits.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct AccountAllowance<AccountId, Balance> {
	pub max_count: u32,
	pub max_size: u32,
	/// The same formula as a DID's allowance, held from the account itself (`owner` is
	/// always the account the allowance is stored under).
	pub deposit: Deposit<AccountId, Balance>,
}

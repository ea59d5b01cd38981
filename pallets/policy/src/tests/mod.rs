//! Unit tests of the policy pallet, split by feature. Every rejection asserts its named
//! error and that storage is unchanged (`assert_noop!` compares the state root), and
//! every test ends with the storage invariants checked (`mock::run`).

mod account_allowance;
mod can_send;
mod inbox_policy;
mod parameters;
mod rate_limits;
mod reap;
mod store_allowance;
mod store_capacity;

use frame_support::{assert_ok, assert_storage_noop};
use missive_primitives::policy::{Destination, InboxMode, InboxPolicy, PolicyCheck, Violation};
use sp_core::H256;

use crate::mock::*;

/// Where `account`'s DID receives.
pub(crate) fn to(account: AccountId) -> Destination {
	Destination::Did(did(account))
}

/// A blinded destination.
pub(crate) fn blinded() -> Destination {
	Destination::Blinded(H256::repeat_byte(0xb1))
}

/// A policy of `mode` that keeps the chain's limits.
pub(crate) fn policy(mode: InboxMode) -> InboxPolicy<BlockNumber> {
	InboxPolicy { mode, max_per_sender: None, max_payload_size: None, retention: None }
}

/// `account` sets its inbox policy.
pub(crate) fn set_policy(account: AccountId, policy: InboxPolicy<BlockNumber>) {
	assert_ok!(Policy::set_inbox_policy(RuntimeOrigin::signed(account), policy));
}

/// Whether `sender` may send `size` bytes to `to` now, outside any conversation.
pub(crate) fn check(sender: AccountId, to: Destination, size: u32) -> Result<(), Violation> {
	Policy::can_send(&did(sender), &to, None, size, 1, System::block_number())
}

/// Asserts that `sender` may send `size` bytes to `to` now, and that asking changed nothing.
pub(crate) fn assert_allowed(sender: AccountId, to: Destination, size: u32) {
	assert_storage_noop!(assert_ok!(check(sender, to, size)));
}

/// What the envelope pallet does: check, then count the envelope.
pub(crate) fn send(sender: AccountId, to: Destination) -> Result<(), Violation> {
	check(sender, to, 1)?;
	Policy::note_sent(&did(sender), &to, 1, System::block_number());
	Ok(())
}

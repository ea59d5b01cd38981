//! Unit tests of the envelope pallet, split by feature. Every rejection asserts its
//! named error and that storage is unchanged (`assert_noop!` compares the state root),
//! and every test ends with the storage invariants checked (`mock::run`).

mod batch;
mod commit;
mod inbox;
mod policy;
mod pruning;
mod receipts;
mod sealed;

use frame_support::{assert_ok, dispatch::DispatchResult};
use missive_primitives::{
	envelope::{EnvelopeId, SignedEnvelope},
	policy::Destination,
};
use sp_core::H256;

use crate::mock::*;

pub fn origin(account: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(account)
}

/// Where `account`'s DID receives.
pub fn to(account: AccountId) -> Destination {
	Destination::Did(did(account))
}

/// A blinded destination.
pub fn blinded(n: u8) -> Destination {
	Destination::Blinded(H256::repeat_byte(n))
}

/// `account` submits `signed`.
pub fn commit(account: AccountId, signed: SignedEnvelope) -> DispatchResult {
	Envelopes::commit(origin(account), signed)
}

/// `from` commits its envelope `n` to `to`; returns its id.
pub fn send(from: AccountId, to: Destination, n: u8) -> EnvelopeId {
	let signed = signed(from, to, n);
	let id = signed.envelope.id();
	assert_ok!(commit(from, signed));
	id
}

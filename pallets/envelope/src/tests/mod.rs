//! Unit tests of the envelope pallet, split by feature. Every rejection asserts its
//! named error and that storage is unchanged (`assert_noop!` compares the state root),
//! and every test ends with the storage invariants checked (`mock::run`).

mod batch;
mod commit;
mod commit_signed;
mod inbox;
mod policy;
mod pruning;
mod receipts;
mod sealed;

use frame_support::{assert_ok, dispatch::DispatchResult};
use missive_primitives::{
	envelope::{inbox_key, EnvelopeId, InboxKey, SignedEnvelope},
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

/// The inbox key a commitment to a DID made in this block must have: its
/// `EnvelopeCommitted` event's block and index.
pub fn commit_event_key(id: EnvelopeId) -> InboxKey {
	let index = System::events()
		.iter()
		.position(|record| {
			matches!(
				&record.event,
				RuntimeEvent::Envelopes(crate::Event::EnvelopeCommitted { id: committed, .. })
					if *committed == id
			)
		})
		.expect("committed in this block");
	inbox_key(System::block_number() as u32, index as u32)
}

/// [`send`], returning the commitment's inbox key too.
pub fn send_keyed(from: AccountId, to: Destination, n: u8) -> (InboxKey, EnvelopeId) {
	let id = send(from, to, n);
	(commit_event_key(id), id)
}

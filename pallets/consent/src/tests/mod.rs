//! Unit tests of the consent pallet, split by feature. Each runs through
//! `mock::run`, which checks the storage invariants afterwards.

mod checks;
mod contacts;
mod grants;
mod reaping;
mod requests;

use missive_primitives::consent::{ConsentScope, PurposeCategory};
use sp_core::H256;

use crate::mock::*;

pub fn origin(account: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(account)
}

pub fn receipt(n: u8) -> H256 {
	H256::repeat_byte(n)
}

pub fn conversation(n: u8) -> ConsentScope {
	ConsentScope::Conversation(H256::repeat_byte(n))
}

pub const MESSAGING: ConsentScope = ConsentScope::Messaging;
pub const DELIVERY: ConsentScope = ConsentScope::DataSharing(PurposeCategory::Delivery);

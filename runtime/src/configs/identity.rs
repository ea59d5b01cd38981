//! DIDs: the registry, and which calls a DID may authorize with which key.

use frame_support::{parameter_types, traits::ConstU128};
use missive_primitives::{
	currency::deposit,
	did::{EnsureDid, KeyRelationship},
	time::{DAYS, HOURS},
	BlockNumber,
};

use crate::{AccountId, Balances, Runtime, RuntimeCall, RuntimeHoldReason, RuntimeOrigin};

parameter_types! {
	/// A DID-authorized call is valid for at most an hour after the block it names.
	pub const MaxCallValidity: BlockNumber = HOURS;
	/// Guardians' approval takes effect no sooner than a day later, leaving the
	/// current key a day to cancel a recovery it did not ask for.
	pub const MinRecoveryDelay: BlockNumber = DAYS;
	/// A recovery that has not gathered its approvals within a week may be replaced,
	/// so that one guardian cannot block recovery with a proposal nobody approves.
	pub const RecoveryApprovalPeriod: BlockNumber = 7 * DAYS;
}

/// The record without services: about 600 bytes at its bounds.
pub const DID_BASE_DEPOSIT: u128 = deposit(1, 600);
/// A key record: about 120 bytes, one storage item.
pub const DID_KEY_DEPOSIT: u128 = deposit(1, 120);
/// A service at its bounds: about 850 bytes inside the record.
pub const DID_SERVICE_DEPOSIT: u128 = deposit(0, 850);
/// A pending recovery: about 600 bytes, one storage item.
pub const DID_RECOVERY_DEPOSIT: u128 = deposit(1, 600);

impl pallet_did::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type DidCallOrigin = RuntimeOrigin;
	type EnsureDidOrigin = EnsureDid<AccountId>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type BaseDeposit = ConstU128<DID_BASE_DEPOSIT>;
	type KeyDeposit = ConstU128<DID_KEY_DEPOSIT>;
	type ServiceDeposit = ConstU128<DID_SERVICE_DEPOSIT>;
	type RecoveryDeposit = ConstU128<DID_RECOVERY_DEPOSIT>;
	type MaxCallValidity = MaxCallValidity;
	type MinRecoveryDelay = MinRecoveryDelay;
	type RecoveryApprovalPeriod = RecoveryApprovalPeriod;
	type WeightInfo = pallet_did::weights::SubstrateWeight<Runtime>;
	// A deactivated DID's off-chain store allowance is withdrawn in the same call.
	type OnDeactivated = crate::Policy;
}

/// The key a DID must sign a call with: its authentication key to manage itself and
/// decide who may contact it (consent, inbox policy), its assertion key to make
/// statements (remarks, envelopes, receipts). Calls not listed (signed or root calls)
/// cannot be DID-authorized.
impl pallet_did::DidCallRole for RuntimeCall {
	fn did_call_role(&self) -> Option<KeyRelationship> {
		match self {
			RuntimeCall::Did(
				pallet_did::Call::create { .. }
				| pallet_did::Call::submit_did_call { .. }
				| pallet_did::Call::complete_recovery { .. },
			) => None,
			RuntimeCall::Did(_) => Some(KeyRelationship::Authentication),
			RuntimeCall::Consent(
				pallet_consent::Call::reap_grant { .. }
				| pallet_consent::Call::reap_request { .. }
				| pallet_consent::Call::reap_contact { .. },
			) => None,
			RuntimeCall::Consent(_) => Some(KeyRelationship::Authentication),
			RuntimeCall::Policy(
				pallet_policy::Call::set_parameters { .. } | pallet_policy::Call::reap { .. },
			) => None,
			RuntimeCall::Policy(_) => Some(KeyRelationship::Authentication),
			// Messages and receipts are statements of the DID: its assertion key,
			// the same that signs each envelope.
			RuntimeCall::Envelope(_) => Some(KeyRelationship::AssertionMethod),
			RuntimeCall::System(
				frame_system::Call::remark { .. } | frame_system::Call::remark_with_event { .. },
			) => Some(KeyRelationship::AssertionMethod),
			_ => None,
		}
	}
}

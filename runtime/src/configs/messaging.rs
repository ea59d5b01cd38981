//! Messaging: consent between DIDs, inbox policies and envelope commitments.

use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32},
};
use frame_system::EnsureRoot;
use missive_primitives::{
	currency::{deposit, MICRO_UNIT, MILLI_UNIT},
	did::EnsureDid,
	policy::{InboxMode, PolicyParameters, MAX_TRACKED_RECIPIENTS},
	time::{DAYS, HOURS},
	BlockNumber,
};

use crate::{
	AccountId, Balance, Balances, Consent, Did, Policy, Runtime, RuntimeHoldReason, Timestamp,
};

/// A grant: its three-part key (~180 bytes) and value (~90 bytes).
pub const CONSENT_GRANT_DEPOSIT: Balance = deposit(1, 270);
/// A request. Above its storage cost (~250 bytes): it is what a spam request costs
/// when the recipient rejects it as spam.
pub const CONSENT_REQUEST_DEPOSIT: Balance = 50 * MILLI_UNIT;
/// An allow- or deny-list entry: key (~130 bytes) and value (~50 bytes).
pub const CONSENT_CONTACT_DEPOSIT: Balance = deposit(1, 180);
/// An inbox policy: key (~80 bytes) and value (~70 bytes).
pub const POLICY_INBOX_DEPOSIT: Balance = deposit(1, 150);
/// Every node keeps what an off-chain store allowance admits: a tenth of a milli-MSV
/// per statement and per kibibyte (4 MiB and 1,000 statements: ~0.5 MSV).
pub const POLICY_DEPOSIT_PER_STATEMENT: Balance = MILLI_UNIT / 10;
pub const POLICY_DEPOSIT_PER_BYTE: Balance = MICRO_UNIT / 10;

/// A commitment: its record (~430 bytes), inbox entry and expiry entry. The state is
/// temporary — pruned, and the deposit returned, when retention ends — so it is
/// priced at a tenth of permanent state: about 0.0125 MSV per message in flight.
pub const ENVELOPE_COMMITMENT_DEPOSIT: Balance = deposit(3, 650) / 10;
/// A batch commitment (≤ 302 bytes, ~350 with its key) and its expiry entry (~60),
/// priced like a commitment.
pub const ENVELOPE_BATCH_DEPOSIT: Balance = deposit(2, 410) / 10;

parameter_types! {
	/// A request may be accepted for a week.
	pub const RequestLifetime: BlockNumber = 7 * DAYS;
	/// The rules until governance changes them: inboxes open; per hour a sender may
	/// commit 2,000 envelopes, 500 to one recipient, to 64 recipients; payloads up to
	/// 512 KiB; commitments kept 14 days by default and 60 at most (XMTP keeps 60).
	pub DefaultPolicyParameters: PolicyParameters<BlockNumber> = PolicyParameters {
		default_mode: InboxMode::Open,
		window: HOURS,
		max_per_sender: 2_000,
		max_per_pair: 500,
		max_recipients: MAX_TRACKED_RECIPIENTS,
		max_payload_size: 512 * 1024,
		default_retention: 14 * DAYS,
		max_retention: 60 * DAYS,
		max_store_count: 1_000,
		max_store_size: 4 * 1024 * 1024,
	};
}

impl pallet_consent::Config for Runtime {
	type EnsureDidOrigin = EnsureDid<AccountId>;
	type Dids = Did;
	type Time = Timestamp;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type GrantDeposit = ConstU128<CONSENT_GRANT_DEPOSIT>;
	type RequestDeposit = ConstU128<CONSENT_REQUEST_DEPOSIT>;
	type ContactDeposit = ConstU128<CONSENT_CONTACT_DEPOSIT>;
	type RequestLifetime = RequestLifetime;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
}

impl pallet_policy::Config for Runtime {
	type EnsureDidOrigin = EnsureDid<AccountId>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type Dids = Did;
	type Consent = Consent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type InboxPolicyDeposit = ConstU128<POLICY_INBOX_DEPOSIT>;
	type AllowanceDepositPerStatement = ConstU128<POLICY_DEPOSIT_PER_STATEMENT>;
	type AllowanceDepositPerByte = ConstU128<POLICY_DEPOSIT_PER_BYTE>;
	type DefaultParameters = DefaultPolicyParameters;
	type WeightInfo = pallet_policy::weights::SubstrateWeight<Runtime>;
}

impl pallet_envelope::Config for Runtime {
	type EnsureDidOrigin = EnsureDid<AccountId>;
	type Dids = Did;
	type Policy = Policy;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type CommitmentDeposit = ConstU128<ENVELOPE_COMMITMENT_DEPOSIT>;
	type BatchDeposit = ConstU128<ENVELOPE_BATCH_DEPOSIT>;
	type MaxPrunedPerBlock = ConstU32<500>;
	type WeightInfo = pallet_envelope::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = EnvelopeBenchmarkHelper;
}

/// Gives the envelope benchmarks a sender DID with an assertion key they can sign with.
#[cfg(feature = "runtime-benchmarks")]
pub struct EnvelopeBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_envelope::BenchmarkHelper for EnvelopeBenchmarkHelper {
	fn set_assertion_key(
		did: &missive_primitives::did::DidId,
		key: missive_primitives::did::DidVerificationKey,
	) {
		pallet_did::Pallet::<Runtime>::benchmark_set_assertion_key(*did, key)
	}
}

//! Deposits, lifetimes and limits of the Missive pallets, the same on every Missive chain.

use frame_support::{dispatch::DispatchClass, parameter_types};
use frame_system::limits::BlockLength;
use missive_primitives::{
	currency::{deposit, MICRO_UNIT, MILLI_UNIT},
	policy::{InboxMode, PolicyParameters, StoreAmount, MAX_TRACKED_RECIPIENTS, STORE_GRANTABLE},
	time::BlockTime,
	Balance, BlockNumber,
};
use sp_runtime::{traits::One, FixedU128, Perbill};

/// Share of a block's weight and length that ordinary (non-operational) extrinsics may use.
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Largest encoded block.
pub const MAXIMUM_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

/// The record without services: about 600 bytes at its bounds.
pub const DID_BASE_DEPOSIT: Balance = deposit(1, 600);
/// A key record: about 120 bytes, one storage item.
pub const DID_KEY_DEPOSIT: Balance = deposit(1, 120);
/// A service at its bounds: about 850 bytes inside the record.
pub const DID_SERVICE_DEPOSIT: Balance = deposit(0, 850);
/// A pending recovery: about 600 bytes, one storage item.
pub const DID_RECOVERY_DEPOSIT: Balance = deposit(1, 600);
/// A deactivated DID's tombstone (~90 bytes with its key, kept for good): burned from
/// the DID's deposit at deactivation.
pub const DID_TOMBSTONE_DEPOSIT: Balance = deposit(1, 92);

/// A grant: its three-part key (~180 bytes) and value (~90 bytes).
pub const CONSENT_GRANT_DEPOSIT: Balance = deposit(1, 270);
/// A request. Above its storage cost (~250 bytes): it is what a spam request costs
/// when the recipient rejects it as spam.
pub const CONSENT_REQUEST_DEPOSIT: Balance = 50 * MILLI_UNIT;
/// An allow- or deny-list entry: key (~130 bytes) and value (~50 bytes).
pub const CONSENT_CONTACT_DEPOSIT: Balance = deposit(1, 180);
/// An inbox policy: key (~80 bytes) and value (~70 bytes).
pub const POLICY_INBOX_DEPOSIT: Balance = deposit(1, 150);
/// Every node keeps what an off-chain store allowance admits: a milli-MSV per statement
/// and a micro-MSV per byte (1,000 statements and 4 MiB: ~5.2 MSV). All allowances
/// together grant at most `STORE_GRANTABLE` (9/10 of every node's store: 3,774,870
/// statements, 1,932,735,276 bytes): keeping everyone else out locks ≈ 1,933 MSV (all
/// bytes) or ≈ 3,775 MSV (all statements) in deposits (docs/reliability.md).
pub const POLICY_DEPOSIT_PER_STATEMENT: Balance = MILLI_UNIT;
pub const POLICY_DEPOSIT_PER_BYTE: Balance = MICRO_UNIT;

/// A commitment: its record (~430 bytes), inbox entry and expiry entry. The state is
/// temporary — pruned, and the deposit returned, when retention ends — so it is
/// priced at a tenth of permanent state: about 0.0125 MSV per message in flight.
pub const ENVELOPE_COMMITMENT_DEPOSIT: Balance = deposit(3, 650) / 10;
/// A batch commitment (≤ 302 bytes, ~350 with its key) and its expiry entry (~60),
/// priced like a commitment.
pub const ENVELOPE_BATCH_DEPOSIT: Balance = deposit(2, 410) / 10;
/// A sealed commitment (≤ 108 bytes, ~140 with its key) and its expiry entry (~60),
/// priced as a batch although smaller: no rate limit counts sealed commitments, so this
/// deposit and the fee are what bound them.
pub const ENVELOPE_SEALED_DEPOSIT: Balance = ENVELOPE_BATCH_DEPOSIT;
/// Each leaf of a batch: ten micro-MSV, burned, about a fiftieth of a transfer's fee
/// (517 µMSV, docs/benchmarks.md). Batching stays far cheaper than a commitment per message, yet
/// a batch's price grows with its messages (1,000 leaves: 0.01 MSV) instead of being one
/// fee whatever its size.
pub const ENVELOPE_FEE_PER_LEAF: Balance = 10 * MICRO_UNIT;

/// What each well-known dev account (`//Alice`, `//Bob`, …) starts with in the
/// development and local presets.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * missive_primitives::currency::UNIT;

/// Commitments whose retention ended that one block prunes at most.
pub const ENVELOPE_MAX_PRUNED_PER_BLOCK: u32 = 500;

parameter_types! {
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAXIMUM_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * *max
		})
		.build();
	/// Fees do not follow block fullness: Missive prices spam with deposits and rate
	/// limits instead, and a message costs the same in a busy block as in an empty one.
	pub FeeMultiplier: FixedU128 = FixedU128::one();
	/// What all store allowances together may grant: nine tenths of every node's store.
	pub const MaxStoreGranted: StoreAmount = STORE_GRANTABLE;
}

// The lifetimes and windows below are wall-clock spans; each runtime counts them in
// its own blocks (`impl_missive_pallets!` binds them to `crate::BLOCK_TIME`).

/// A DID-authorized call is valid for at most an hour after the block it names.
pub const fn max_call_validity(time: BlockTime) -> BlockNumber {
	time.hours(1)
}

/// Guardians' approval takes effect no sooner than a day later, leaving the current key
/// a day to cancel a recovery it did not ask for.
pub const fn min_recovery_delay(time: BlockTime) -> BlockNumber {
	time.days(1)
}

/// A recovery that has not gathered its approvals within a week may be replaced, so
/// that one guardian cannot block recovery with a proposal nobody approves.
pub const fn recovery_approval_period(time: BlockTime) -> BlockNumber {
	time.days(7)
}

/// A request may be accepted for a week.
pub const fn request_lifetime(time: BlockTime) -> BlockNumber {
	time.days(7)
}

/// The rules until governance changes them: inboxes open; per hour a sender may commit
/// 2,000 envelopes, 500 to one recipient, to 64 recipients; payloads up to 512 KiB;
/// commitments kept 14 days by default and 60 at most (XMTP keeps 60).
pub const fn default_policy_parameters(time: BlockTime) -> PolicyParameters<BlockNumber> {
	PolicyParameters {
		default_mode: InboxMode::Open,
		window: time.hours(1),
		max_per_sender: 2_000,
		max_per_pair: 500,
		max_recipients: MAX_TRACKED_RECIPIENTS,
		max_payload_size: 512 * 1024,
		default_retention: time.days(14),
		max_retention: time.days(60),
		max_store_count: 1_000,
		max_store_size: 4 * 1024 * 1024,
	}
}

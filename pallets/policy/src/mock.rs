//! A minimal runtime for the policy pallet's tests: System, Balances, Policy, with the
//! DID and consent registries stood in for by `missive_primitives::testing`.

use codec::Encode;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::InspectHold, ConstU128, VariantCountOf},
};
use frame_system::EnsureRoot;
use missive_primitives::{
	did::DidId,
	policy::{InboxMode, PolicyParameters, StoreAmount},
	testing::{did_of, MockConsent, MockDids, SignedAsDid},
};
use sp_runtime::BuildStorage;
use sp_statement_store::StatementAllowance;

use crate::{self as pallet_policy, HoldReason};

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Policy = pallet_policy;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

pub const INBOX_POLICY_DEPOSIT: Balance = 50;
pub const DEPOSIT_PER_STATEMENT: Balance = 3;
pub const DEPOSIT_PER_BYTE: Balance = 1;
pub const ENDOWMENT: Balance = 10_000;

pub const WINDOW: BlockNumber = 10;
pub const MAX_PER_SENDER: u32 = 5;
pub const MAX_PER_PAIR: u32 = 3;
pub const MAX_RECIPIENTS: u32 = 3;
pub const MAX_PAYLOAD_SIZE: u32 = 1_000;
pub const DEFAULT_RETENTION: BlockNumber = 100;
pub const MAX_RETENTION: BlockNumber = 1_000;
pub const MAX_STORE_COUNT: u32 = 10;
pub const MAX_STORE_SIZE: u32 = 1_000;

/// The chain's parameters until a test sets others: small, so that limits are reached
/// in a few sends.
pub const DEFAULT_PARAMETERS: PolicyParameters<BlockNumber> = PolicyParameters {
	default_mode: InboxMode::Open,
	window: WINDOW,
	max_per_sender: MAX_PER_SENDER,
	max_per_pair: MAX_PER_PAIR,
	max_recipients: MAX_RECIPIENTS,
	max_payload_size: MAX_PAYLOAD_SIZE,
	default_retention: DEFAULT_RETENTION,
	max_retention: MAX_RETENTION,
	max_store_count: MAX_STORE_COUNT,
	max_store_size: MAX_STORE_SIZE,
};

/// What all allowances may grant together, here: three of the largest.
pub const MAX_STORE_GRANTED: StoreAmount =
	StoreAmount { statements: 3 * MAX_STORE_COUNT as u64, bytes: 3 * MAX_STORE_SIZE as u64 };

parameter_types! {
	pub const DefaultParameters: PolicyParameters<BlockNumber> = DEFAULT_PARAMETERS;
	/// A test may set another bound (`MaxStoreGranted::set`).
	pub storage MaxStoreGranted: StoreAmount = MAX_STORE_GRANTED;
}

impl pallet_policy::Config for Test {
	type EnsureDidOrigin = SignedAsDid<AccountId>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type Dids = MockDids;
	type Consent = MockConsent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type InboxPolicyDeposit = ConstU128<INBOX_POLICY_DEPOSIT>;
	type AllowanceDepositPerStatement = ConstU128<DEPOSIT_PER_STATEMENT>;
	type AllowanceDepositPerByte = ConstU128<DEPOSIT_PER_BYTE>;
	type DefaultParameters = DefaultParameters;
	type MaxStoreGranted = MaxStoreGranted;
	type WeightInfo = ();
}

/// The accounts that start endowed; each acts as the DID [`did`] of it, and those DIDs
/// start active.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
/// Can pay the inbox policy deposit but no more.
pub const POOR: AccountId = 9;
pub const POOR_BALANCE: Balance = INBOX_POLICY_DEPOSIT + 10;

/// The DID `account` acts as.
pub fn did(account: AccountId) -> DidId {
	did_of(&account)
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, ENDOWMENT),
			(BOB, ENDOWMENT),
			(CHARLIE, ENDOWMENT),
			(DAVE, ENDOWMENT),
			(EVE, ENDOWMENT),
			(POOR, POOR_BALANCE),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	for account in [ALICE, BOB, CHARLIE, DAVE, EVE, POOR] {
		MockDids::activate(did(account));
	}
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test`, then checks the pallet's storage invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::try_state::check::<Test>().expect("storage invariants hold");
	})
}

/// Events the policy pallet emitted so far.
pub fn policy_events() -> Vec<pallet_policy::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Policy(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Balance `who` has on hold for `reason`.
pub fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// The allowance the statement store reads for `account`.
pub fn store_allowance(account: AccountId) -> StatementAllowance {
	sp_statement_store::get_allowance(account.encode())
}

pub fn run_to_block(n: BlockNumber) {
	System::set_block_number(n);
}

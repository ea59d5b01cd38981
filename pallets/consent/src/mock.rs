//! A minimal runtime for the consent pallet's tests: System, Balances, Timestamp,
//! Consent. Accounts act as the DIDs `did_of(account)`; which DIDs are live is set
//! per test through `MockDids`.

use frame_support::{
	derive_impl,
	traits::{ConstU128, ConstU64, VariantCountOf},
};
use missive_primitives::{
	did::DidId,
	testing::{did_of, MockDids, SignedAsDid},
};
use sp_runtime::BuildStorage;

use crate as pallet_consent;

pub type AccountId = u64;
pub type Balance = u128;
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
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type Consent = pallet_consent;
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

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

pub const GRANT_DEPOSIT: Balance = 30;
pub const REQUEST_DEPOSIT: Balance = 50;
pub const CONTACT_DEPOSIT: Balance = 10;
pub const REQUEST_LIFETIME: u64 = 20;
pub const ENDOWMENT: Balance = 10_000;

impl pallet_consent::Config for Test {
	type EnsureDidOrigin = SignedAsDid<AccountId>;
	type Dids = MockDids;
	type Time = Timestamp;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type GrantDeposit = ConstU128<GRANT_DEPOSIT>;
	type RequestDeposit = ConstU128<REQUEST_DEPOSIT>;
	type ContactDeposit = ConstU128<CONTACT_DEPOSIT>;
	type RequestLifetime = ConstU64<REQUEST_LIFETIME>;
	type WeightInfo = ();
}

/// Accounts that start endowed; each acts as the live DID `did_of(account)`.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// An endowed account whose DID is not live.
pub const DAVE: AccountId = 4;
/// A live DID whose account cannot pay a deposit.
pub const POOR: AccountId = 9;

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
			(POOR, 5),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(1_000_000);
		for account in [ALICE, BOB, CHARLIE, POOR] {
			MockDids::activate(did(account));
		}
	});
	ext
}

/// Runs `test`, then checks the pallet's storage invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		crate::try_state::check::<Test>().expect("storage invariants hold");
	})
}

/// Events the consent pallet emitted so far.
pub fn consent_events() -> Vec<pallet_consent::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Consent(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::total_balance_on_hold(&who)
}

pub fn free(who: AccountId) -> Balance {
	use frame_support::traits::fungible::Inspect;
	Balances::balance(&who)
}

/// Moves to block `n`, six seconds per block.
pub fn run_to_block(n: u64) {
	let now = System::block_number();
	System::set_block_number(n);
	pallet_timestamp::Now::<Test>::mutate(|ms| *ms += (n - now) * 6_000);
}

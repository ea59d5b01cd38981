//! A minimal runtime for the envelope pallet's tests: System, Balances, Envelopes.
//! Accounts act as the DIDs `did_of(account)` (`SignedAsDid`). The DID registry and the
//! policy are this pallet's own test doubles, [`TestDids`] (DIDs with assertion keys)
//! and [`TestPolicy`] (answers what the test set, records what it was told), since
//! `missive_primitives::testing::MockDids` knows no keys and there is no policy double
//! there.

use core::cell::RefCell;

use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::InspectHold, ConstU128, Hooks, VariantCountOf},
	weights::{constants::ParityDbWeight, Weight},
};
use missive_primitives::{
	did::{DidId, DidSignature, DidVerificationKey},
	envelope::{Carrier, Envelope, Locator, SignedEnvelope},
	policy::{Destination, PolicyCheck, Violation},
	testing::{did_of, SignedAsDid},
};
use sp_core::{sr25519, Pair, H256};
use sp_runtime::BuildStorage;

use crate::{self as pallet_envelope, HoldReason};

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
	// Not `Envelope`, which is the primitives' envelope type.
	#[runtime::pallet_index(2)]
	pub type Envelopes = pallet_envelope;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
	// Priced reads and writes, so that pruning's overhead is not free.
	type DbWeight = ParityDbWeight;
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

pub const COMMITMENT_DEPOSIT: Balance = 10;
pub const BATCH_DEPOSIT: Balance = 25;
pub const SEALED_DEPOSIT: Balance = 20;
pub const FEE_PER_LEAF: Balance = 1;
/// Enough for the largest batch's leaf fees.
pub const ENDOWMENT: Balance = 100_000;
/// Blocks a commitment is kept unless a test sets another retention.
pub const RETENTION: BlockNumber = 10;

parameter_types! {
	/// Set per test to check the cap.
	pub static MaxPrunedPerBlock: u32 = 100;
}

impl pallet_envelope::Config for Test {
	type EnsureDidOrigin = SignedAsDid<AccountId>;
	type Dids = TestDids;
	type Policy = TestPolicy;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type CommitmentDeposit = ConstU128<COMMITMENT_DEPOSIT>;
	type BatchDeposit = ConstU128<BATCH_DEPOSIT>;
	type SealedDeposit = ConstU128<SEALED_DEPOSIT>;
	type FeePerLeaf = ConstU128<FEE_PER_LEAF>;
	type MaxPrunedPerBlock = MaxPrunedPerBlock;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestDids;
}

std::thread_local! {
	static VIOLATION: RefCell<Option<Violation>> = const { RefCell::new(None) };
	static CHECKS: RefCell<Vec<PolicyQuery>> = const { RefCell::new(Vec::new()) };
	static SENT: RefCell<Vec<(DidId, Destination, u32, BlockNumber)>> = const { RefCell::new(Vec::new()) };
	static RETENTIONS: RefCell<Vec<(Destination, BlockNumber)>> = const { RefCell::new(Vec::new()) };
	static DEFAULT_RETENTION: RefCell<BlockNumber> = const { RefCell::new(RETENTION) };
}

/// The DID registry double, with each live DID's current assertion key.
pub use missive_primitives::testing::MockDids as TestDids;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for TestDids {
	/// The double's DIDs are funded by the account they are `did_of`.
	fn set_assertion_key(did: &DidId, key: DidVerificationKey, funder: &AccountId) {
		assert_eq!(missive_primitives::testing::did_of(funder), *did, "a DID its funder acts as");
		Self::register(*did, Some(key));
	}
}

/// What the pallet asked [`TestPolicy::can_send`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PolicyQuery {
	pub sender: DidId,
	pub to: Destination,
	pub conversation: Option<H256>,
	pub size: u32,
	pub messages: u32,
	pub now: BlockNumber,
}

/// The envelope pallet's policy double: refuses with the violation the test set (none
/// by default), records every question and every `note_sent`, and keeps commitments
/// for the retention the test set.
pub struct TestPolicy;

impl TestPolicy {
	/// `can_send` answers `violation` from now on (`None`: allowed).
	pub fn refuse(violation: Option<Violation>) {
		VIOLATION.with(|v| *v.borrow_mut() = violation);
	}

	/// Every `can_send` question so far, oldest first.
	pub fn checks() -> Vec<PolicyQuery> {
		CHECKS.with(|checks| checks.borrow().clone())
	}

	/// Every `note_sent` so far, oldest first: sender, destination, messages, block.
	pub fn sent() -> Vec<(DidId, Destination, u32, BlockNumber)> {
		SENT.with(|sent| sent.borrow().clone())
	}

	/// Commitments to `to` are kept `blocks`.
	pub fn set_retention(to: Destination, blocks: BlockNumber) {
		RETENTIONS.with(|r| r.borrow_mut().push((to, blocks)));
	}

	/// Commitments to destinations without their own retention are kept `blocks`.
	pub fn set_default_retention(blocks: BlockNumber) {
		DEFAULT_RETENTION.with(|r| *r.borrow_mut() = blocks);
	}

	fn reset() {
		Self::refuse(None);
		CHECKS.with(|checks| checks.borrow_mut().clear());
		SENT.with(|sent| sent.borrow_mut().clear());
		RETENTIONS.with(|r| r.borrow_mut().clear());
		Self::set_default_retention(RETENTION);
	}
}

impl PolicyCheck<BlockNumber> for TestPolicy {
	fn can_send(
		sender: &DidId,
		to: &Destination,
		conversation: Option<&H256>,
		size: u32,
		messages: u32,
		now: BlockNumber,
	) -> Result<(), Violation> {
		let query = PolicyQuery {
			sender: *sender,
			to: *to,
			conversation: conversation.copied(),
			size,
			messages,
			now,
		};
		CHECKS.with(|checks| checks.borrow_mut().push(query));
		VIOLATION.with(|v| v.borrow().map_or(Ok(()), Err))
	}

	fn note_sent(sender: &DidId, to: &Destination, messages: u32, now: BlockNumber) {
		SENT.with(|sent| sent.borrow_mut().push((*sender, *to, messages, now)));
	}

	fn retention(to: &Destination) -> BlockNumber {
		let own = RETENTIONS
			.with(|r| r.borrow().iter().rev().find(|(dest, _)| dest == to).map(|(_, b)| *b));
		own.unwrap_or_else(|| DEFAULT_RETENTION.with(|r| *r.borrow()))
	}
}

/// Endowed accounts whose DIDs are live with an assertion key ([`pair`]).
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// An endowed account whose DID is live but has no assertion key.
pub const DAVE: AccountId = 4;
/// An endowed account that is no DID.
pub const EVE: AccountId = 5;
/// A live DID with an assertion key whose account cannot pay a deposit.
pub const POOR: AccountId = 9;
pub const POOR_BALANCE: Balance = COMMITMENT_DEPOSIT / 2;

/// The DID `account` acts as.
pub fn did(account: AccountId) -> DidId {
	did_of(&account)
}

/// The sr25519 key pair `account`'s DID starts with as its assertion key.
pub fn pair(account: AccountId) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[account as u8; 32])
}

/// The public key of `pair`, as a DID key.
pub fn public(pair: &sr25519::Pair) -> DidVerificationKey {
	DidVerificationKey::Sr25519(pair.public())
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	// Thread-local doubles outlive an externality: the benchmark tests run many in one
	// thread.
	TestDids::reset();
	TestPolicy::reset();
	MaxPrunedPerBlock::reset();
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
	for account in [ALICE, BOB, CHARLIE, POOR] {
		TestDids::register(did(account), Some(public(&pair(account))));
	}
	TestDids::register(did(DAVE), None);
	let mut ext = sp_io::TestExternalities::new(storage);
	// Benchmarks generate and sign with keys in the keystore.
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
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

/// Events the envelope pallet emitted so far.
pub fn envelope_events() -> Vec<pallet_envelope::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Envelopes(event) => Some(event),
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

/// Runs `on_idle` for the current block with `remaining` weight left; returns what it
/// used. A test that calls this moves on with `System::set_block_number`, not
/// [`run_to_block`] (which would run `on_idle` for this block again).
pub fn idle(remaining: Weight) -> Weight {
	Envelopes::on_idle(System::block_number(), remaining)
}

/// Ends the current block, `on_idle` getting all the weight it wants, and starts the next.
pub fn next_block() {
	idle(Weight::MAX);
	System::set_block_number(System::block_number() + 1);
}

/// Ends every block before `n` and starts block `n`.
pub fn run_to_block(n: BlockNumber) {
	while System::block_number() < n {
		next_block();
	}
}

/// The envelope `n` from `from` to `to`: its ciphertext is `[n]`, at locator `[n]`.
pub fn envelope(from: AccountId, to: Destination, n: u8) -> Envelope {
	Envelope {
		sender: did(from),
		destination: to,
		conversation: H256::repeat_byte(0xc0),
		content_hash: H256(sp_io::hashing::blake2_256(&[n])),
		size: 100 + u32::from(n),
		locator: Locator::truncate_from(vec![n]),
	}
}

/// `envelope` signed by `signer` for this chain.
pub fn sign_with(signer: &sr25519::Pair, envelope: Envelope) -> SignedEnvelope {
	let payload = envelope.signing_payload(&Carrier::Alone, &Envelopes::genesis_hash());
	SignedEnvelope { envelope, signature: DidSignature::Sr25519(signer.sign(&payload)) }
}

/// The envelope `n` from `from` to `to`, signed by `from`'s assertion key.
pub fn signed(from: AccountId, to: Destination, n: u8) -> SignedEnvelope {
	sign_with(&pair(from), envelope(from, to, n))
}

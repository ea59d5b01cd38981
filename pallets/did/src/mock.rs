//! A minimal runtime for the DID pallet's tests: System, Balances, Did.

use alloc::boxed::Box;
use codec::{Decode, Encode};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU128, ConstU64, VariantCountOf},
};
use missive_primitives::did::{
	DidAuthorizedCall, DidCreation, DidId, DidSignature, DidVerificationKey, EnsureDid,
	KeyRelationship, OnDidDeactivated,
};
use sp_core::{sr25519, Pair};
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, Weight};
use std::{cell::RefCell, vec::Vec};

use crate::{self as pallet_did, DidCallRole};

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
	pub type Did = pallet_did;
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

pub const BASE_DEPOSIT: Balance = 100;
pub const KEY_DEPOSIT: Balance = 10;
pub const SERVICE_DEPOSIT: Balance = 20;
pub const RECOVERY_DEPOSIT: Balance = 50;
pub const TOMBSTONE_DEPOSIT: Balance = 30;
pub const MAX_CALL_VALIDITY: u64 = 100;
pub const MIN_RECOVERY_DELAY: u64 = 10;
pub const RECOVERY_APPROVAL_PERIOD: u64 = 20;
pub const KEY_RETENTION: u64 = 40;
pub const ENDOWMENT: Balance = 10_000;

parameter_types! {
	pub const MaxCallValidity: u64 = MAX_CALL_VALIDITY;
}

impl pallet_did::Config for Test {
	type RuntimeCall = RuntimeCall;
	type DidCallOrigin = RuntimeOrigin;
	type EnsureDidOrigin = EnsureDid<AccountId>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type BaseDeposit = ConstU128<BASE_DEPOSIT>;
	type KeyDeposit = ConstU128<KEY_DEPOSIT>;
	type ServiceDeposit = ConstU128<SERVICE_DEPOSIT>;
	type RecoveryDeposit = ConstU128<RECOVERY_DEPOSIT>;
	type TombstoneDeposit = ConstU128<TOMBSTONE_DEPOSIT>;
	type MaxCallValidity = MaxCallValidity;
	type MinRecoveryDelay = ConstU64<MIN_RECOVERY_DELAY>;
	type RecoveryApprovalPeriod = ConstU64<RECOVERY_APPROVAL_PERIOD>;
	type KeyRetention = ConstU64<KEY_RETENTION>;
	type WeightInfo = ();
	type OnDeactivated = DeactivationHook;
}

std::thread_local! {
	/// The DIDs [`DeactivationHook`] was told of, in order.
	pub static DEACTIVATED: RefCell<Vec<DidId>> = const { RefCell::new(Vec::new()) };
	/// A DID whose deactivation the hook refuses, as another pallet could.
	pub static REFUSED_DEACTIVATION: RefCell<Option<DidId>> = const { RefCell::new(None) };
}

/// Stands in for the pallets that withdraw what a deactivated DID funds.
pub struct DeactivationHook;

impl OnDidDeactivated for DeactivationHook {
	fn on_deactivated(did: &DidId) -> DispatchResult {
		if REFUSED_DEACTIVATION.with_borrow(|refused| *refused == Some(*did)) {
			return Err(DispatchError::Other("refused by another pallet"));
		}
		DEACTIVATED.with_borrow_mut(|told| told.push(*did));
		Ok(())
	}

	fn weight() -> Weight {
		Weight::from_parts(1_000_000, 1_000)
	}
}

/// DID management needs the authentication key; `system.remark` stands in for a
/// statement (assertion key); nothing else may be DID-authorized.
impl DidCallRole for RuntimeCall {
	fn did_call_role(&self) -> Option<KeyRelationship> {
		match self {
			RuntimeCall::Did(pallet_did::Call::create { .. })
			| RuntimeCall::Did(pallet_did::Call::submit_did_call { .. })
			| RuntimeCall::Did(pallet_did::Call::complete_recovery { .. }) => None,
			RuntimeCall::Did(_) => Some(KeyRelationship::Authentication),
			RuntimeCall::System(frame_system::Call::remark { .. }) => {
				Some(KeyRelationship::AssertionMethod)
			},
			_ => None,
		}
	}
}

/// The accounts that start endowed.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const POOR: AccountId = 9;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, ENDOWMENT), (BOB, ENDOWMENT), (CHARLIE, ENDOWMENT), (POOR, 105)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
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

/// The sr25519 key pair numbered `seed`.
pub fn pair(seed: u8) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[seed; 32])
}

pub fn verification_key(pair: &sr25519::Pair) -> DidVerificationKey {
	DidVerificationKey::Sr25519(pair.public())
}

/// What creating a DID with `authentication` as its key, submitted by `submitter`,
/// sets up: nothing but the key.
pub fn creation(authentication: &sr25519::Pair, submitter: AccountId) -> DidCreation<AccountId> {
	let key = verification_key(authentication);
	DidCreation {
		did: DidId::from_authentication_key(&key),
		submitter,
		authentication: key,
		assertion: None,
		delegation: None,
		key_agreement: Default::default(),
		controllers: Default::default(),
		services: Default::default(),
	}
}

pub fn sign_creation(pair: &sr25519::Pair, details: &DidCreation<AccountId>) -> DidSignature {
	DidSignature::Sr25519(pair.sign(&details.signing_payload(&Did::genesis_hash())))
}

/// Creates a DID from `details`, signed by `pair`.
pub fn create_with(pair: &sr25519::Pair, details: DidCreation<AccountId>) -> DidId {
	let did = details.did;
	let signature = sign_creation(pair, &details);
	assert_ok!(Did::create(RuntimeOrigin::signed(details.submitter), Box::new(details), signature));
	did
}

/// Creates a DID whose authentication key is `pair`, paid by `submitter`.
pub fn create_did(pair: &sr25519::Pair, submitter: AccountId) -> DidId {
	create_with(pair, creation(pair, submitter))
}

pub type AuthorizedCall = DidAuthorizedCall<RuntimeCall, AccountId, u64>;

/// `call` as `did` would authorize it next: the following nonce, valid from now for
/// ten blocks, to be submitted by `submitter`.
pub fn authorized(did: DidId, submitter: AccountId, call: RuntimeCall) -> AuthorizedCall {
	let now = System::block_number();
	let nonce = pallet_did::Dids::<Test>::get(did).map_or(0, |r| r.document.nonce) + 1;
	DidAuthorizedCall { did, nonce, valid_from: now, valid_until: now + 10, submitter, call }
}

pub fn sign_call(pair: &sr25519::Pair, call: &AuthorizedCall) -> DidSignature {
	DidSignature::Sr25519(
		pair.sign(&call.signing_payload(&Did::genesis_hash(), Did::transaction_version())),
	)
}

/// Submits `call` as `did`, signed with `pair`, from `submitter`; the result is the
/// authorization's error, or else the inner call's result as `DidCallDispatched`
/// reports it.
pub fn as_did(
	did: DidId,
	pair: &sr25519::Pair,
	submitter: AccountId,
	call: impl Into<RuntimeCall>,
) -> DispatchResult {
	let call = authorized(did, submitter, call.into());
	let signature = sign_call(pair, &call);
	Did::submit_did_call(RuntimeOrigin::signed(submitter), Box::new(call), signature)
		.map_err(|e| e.error)?;
	did_events()
		.into_iter()
		.rev()
		.find_map(|event| match event {
			pallet_did::Event::DidCallDispatched { result, .. } => Some(result),
			_ => None,
		})
		.expect("an authorized call reports its result")
}

/// Every storage item but the events, with each DID's nonce left out (see
/// [`nonces`]): what a DID call refused by its inner call leaves as it found it.
pub fn state_but_nonces() -> Vec<(Vec<u8>, Vec<u8>)> {
	use frame_support::storage::StoragePrefixedMap as _;
	// frame-system's event items are private: their keys, as FRAME hashes them.
	let system = |item: &[u8]| {
		[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(item)].concat()
	};
	let events = [system(b"Events"), system(b"EventCount")];
	let topics = system(b"EventTopics");
	let dids = pallet_did::Dids::<Test>::final_prefix();
	let mut state = Vec::new();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		key = next;
		if events.contains(&key) || key.starts_with(&topics) {
			continue;
		}
		let mut value = sp_io::storage::get(&key).expect("a value under the key").to_vec();
		if key.starts_with(&dids) {
			let mut record =
				pallet_did::DidRecordOf::<Test>::decode(&mut &value[..]).expect("a DID record");
			record.document.nonce = 0;
			value = record.encode();
		}
		state.push((key.clone(), value));
	}
	state
}

/// Every live DID's nonce.
pub fn nonces() -> std::collections::BTreeMap<DidId, u64> {
	pallet_did::Dids::<Test>::iter().map(|(did, record)| (did, record.document.nonce)).collect()
}

/// Asserts that a DID-authorized call of `$did` (`as_did`), authorized, is refused by
/// its inner call with `$error`: `$did`'s nonce is used, and nothing else changed (but
/// the event that reports it). A call refused at authorization changes nothing at all:
/// `assert_noop!`.
#[macro_export]
macro_rules! assert_refused {
	($did:expr, $call:expr, $error:expr $(,)?) => {{
		let did = $did;
		let (state, mut nonces) = ($crate::mock::state_but_nonces(), $crate::mock::nonces());
		let result: sp_runtime::DispatchResult = $call;
		assert_eq!(result, Err(sp_runtime::DispatchError::from($error)));
		*nonces.get_mut(&did).expect("the acting DID was live") += 1;
		assert_eq!($crate::mock::nonces(), nonces, "only the acting DID's nonce was used");
		assert_eq!($crate::mock::state_but_nonces(), state, "state changed beyond the nonce");
	}};
}

/// Events the DID pallet emitted so far.
pub fn did_events() -> Vec<pallet_did::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Did(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::total_balance_on_hold(&who)
}

pub fn run_to_block(n: u64) {
	System::set_block_number(n);
}

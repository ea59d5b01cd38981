//! Who authors blocks: Aura over the collator set that collator-selection and
//! session maintain.
//!
//! Collators are the governance-chosen invulnerables plus candidates who bond
//! [`CANDIDACY_BOND`]. Fees' and tips' share for the author go to the pot, paid out to
//! collators; the set is rotated every session ([`SESSION_LENGTH`]).

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureRoot;
use missive_primitives::{currency::UNIT, Balance, BlockNumber};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

use crate::{
	AccountId, Aura, Balances, CollatorSelection, Runtime, RuntimeEvent, Session, SessionKeys,
	BLOCK_TIME, SLOT_DURATION,
};

/// Blocks per session: collator set changes take effect at session boundaries.
pub const SESSION_LENGTH: BlockNumber = BLOCK_TIME.hours(6);
/// What a candidate collator bonds (the invulnerables bond nothing).
pub const CANDIDACY_BOND: Balance = 1_000 * UNIT;

parameter_types! {
	pub const Period: BlockNumber = SESSION_LENGTH;
	pub const Offset: BlockNumber = 0;
	pub const PotId: PalletId = PalletId(*b"msv/pot_");
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<100>;
	// Asynchronous backing may put several blocks in one relay chain slot.
	type AllowMultipleBlocksPerSlot = ConstBool<true>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
}

impl cumulus_pallet_aura_ext::Config for Runtime {}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = (CollatorSelection,);
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	// A collator's validator id is its account.
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ShouldEndSession = pallet_session::PeriodicSessions<Period, Offset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<Period, Offset>;
	type SessionManager = CollatorSelection;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	// Registering keys needs a funded account already; no separate deposit.
	type KeyDeposit = ();
}

impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type UpdateOrigin = EnsureRoot<AccountId>;
	type PotId = PotId;
	type MaxCandidates = ConstU32<100>;
	type MinEligibleCollators = ConstU32<1>;
	type MaxInvulnerables = ConstU32<20>;
	// A candidate that authored nothing for a whole session is dropped.
	type KickThreshold = Period;
	type ValidatorId = AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ValidatorRegistration = Session;
	type WeightInfo = pallet_collator_selection::weights::SubstrateWeight<Runtime>;
}

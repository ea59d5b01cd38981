//! # DID pallet
//!
//! The registry of `did:missive` DIDs: W3C DID Core documents kept on chain, bounded,
//! with keys by relationship, controllers, services, key history, deactivation and
//! social recovery.
//!
//! - A DID is created by an account with a signature of the new DID's authentication
//!   key ([`Pallet::create`]); its id is derived from that key.
//! - A DID acts through [`Pallet::submit_did_call`]: a call signed by the DID key of
//!   the relationship the call needs, with a nonce and a validity window, dispatched
//!   with a [`DidOrigin`] that other pallets accept through
//!   [`missive_primitives::did::EnsureDid`].
//! - Rotated-out keys keep the blocks in which they were valid, so old signatures
//!   still verify ([`missive_primitives::did::DidLookup::key_valid_at`]): a revoked
//!   key's record, and a deactivated DID's keys, stay until the messages they signed
//!   are past the longest retention (`Config::KeyRetention`).
//! - Whoever creates state pays a deposit held through `fungible::hold`: base + per
//!   key record + per service, released on deactivation but for the tombstone's
//!   (`Config::TombstoneDeposit`), which is burned: the tombstone stays for good.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod types;
pub mod weights;

pub use types::{
	Deposit, DidCallRole, DidRecord, LiveDid, PendingRecovery, RetainedKeySet, Tombstone,
};
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use missive_primitives::did::{
		bounds::{MaxServiceIdLength, MAX_KEYS_PER_DID},
		DidAuthorizedCall, DidCreation, DidEncryptionKey, DidId, DidOrigin, DidSignature,
		DidVerificationKey, KeyId, KeyRecord, KeyRelationship, OnDidDeactivated, RecoveryConfig,
		ServiceEndpoint,
	};
	use sp_runtime::traits::Dispatchable;

	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	pub type DidRecordOf<T> =
		DidRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	pub type LiveDidOf<T> = LiveDid<<T as frame_system::Config>::AccountId>;
	pub type PendingRecoveryOf<T> =
		PendingRecovery<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	pub type DidCreationOf<T> = DidCreation<<T as frame_system::Config>::AccountId>;
	pub type DidAuthorizedCallOf<T> = DidAuthorizedCall<
		<T as Config>::RuntimeCall,
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
	>;
	pub type KeyRecordOf<T> = KeyRecord<BlockNumberFor<T>>;
	pub type RetainedKeySetOf<T> =
		RetainedKeySet<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The calls a DID may authorize, and the key relationship each needs.
		type RuntimeCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::DidCallOrigin, PostInfo = PostDispatchInfo>
			+ GetDispatchInfo
			+ DidCallRole;

		/// The origin DID-authorized calls are dispatched with.
		type DidCallOrigin: From<DidOrigin<Self::AccountId>>;

		/// Accepts the origin of a DID-authorized call, yielding the DID.
		type EnsureDidOrigin: EnsureOrigin<
			<Self as frame_system::Config>::RuntimeOrigin,
			Success = DidOrigin<Self::AccountId>,
		>;

		type RuntimeHoldReason: From<HoldReason>;

		/// Holds deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// Deposit for a DID's record.
		#[pallet::constant]
		type BaseDeposit: Get<BalanceOf<Self>>;
		/// Deposit for each key record, current or rotated out.
		#[pallet::constant]
		type KeyDeposit: Get<BalanceOf<Self>>;
		/// Deposit for each service endpoint.
		#[pallet::constant]
		type ServiceDeposit: Get<BalanceOf<Self>>;
		/// Deposit a guardian holds while a recovery it started is pending.
		#[pallet::constant]
		type RecoveryDeposit: Get<BalanceOf<Self>>;
		/// What a tombstone costs: burned from the DID's deposit when it is deactivated,
		/// as the tombstone stays for good (a deactivated id can never be created again).
		/// At most `BaseDeposit`, which every DID holds.
		#[pallet::constant]
		type TombstoneDeposit: Get<BalanceOf<Self>>;
		/// Longest validity window of a DID-authorized call, in blocks.
		#[pallet::constant]
		type MaxCallValidity: Get<BlockNumberFor<Self>>;
		/// Shortest delay between guardians' approval and a recovery taking effect,
		/// during which the current key can cancel it.
		#[pallet::constant]
		type MinRecoveryDelay: Get<BlockNumberFor<Self>>;
		/// Blocks a recovery has to gather its guardians' approvals; after that, an
		/// unapproved recovery may be replaced by another guardian's, so that no single
		/// guardian can block recovery.
		#[pallet::constant]
		type RecoveryApprovalPeriod: Get<BlockNumberFor<Self>>;
		/// Blocks a revoked key's record is kept, and a deactivated DID's keys: the
		/// longest a message it signed may be retained, so that every retained message
		/// still verifies.
		type KeyRetention: Get<BlockNumberFor<Self>>;

		type WeightInfo: WeightInfo;

		/// Told when a DID is deactivated, so other pallets withdraw what it funds.
		type OnDeactivated: OnDidDeactivated;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a DID record, its keys and services.
		DidDeposit,
		/// A guardian's deposit for a pending recovery.
		RecoveryDeposit,
	}

	/// The origin of a DID-authorized call.
	#[pallet::origin]
	pub type Origin<T> = DidOrigin<<T as frame_system::Config>::AccountId>;

	/// Live DIDs.
	#[pallet::storage]
	pub type Dids<T: Config> = StorageMap<_, Blake2_128Concat, DidId, DidRecordOf<T>>;

	/// What message commitments check about each live DID, in one small read (see
	/// [`LiveDid`]): written with its record, removed on
	/// deactivation, so it exists exactly while the DID is live.
	#[pallet::storage]
	pub type LiveDids<T: Config> = StorageMap<_, Blake2_128Concat, DidId, LiveDidOf<T>>;

	/// Every key a DID has had, with the blocks in which it was valid: a live DID's,
	/// and a deactivated DID's until they are reaped (see `RetainedKeys`).
	#[pallet::storage]
	pub type DidKeys<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DidId, Blake2_128Concat, KeyId, KeyRecordOf<T>>;

	/// The keys a deactivated DID keeps in `DidKeys` until the messages they signed are
	/// past retention, and their deposit.
	#[pallet::storage]
	pub type RetainedKeys<T: Config> = StorageMap<_, Blake2_128Concat, DidId, RetainedKeySetOf<T>>;

	/// Deactivated DIDs: they can never be created again.
	#[pallet::storage]
	pub type Tombstones<T: Config> =
		StorageMap<_, Blake2_128Concat, DidId, Tombstone<BlockNumberFor<T>>>;

	/// Recoveries under way.
	#[pallet::storage]
	pub type PendingRecoveries<T: Config> =
		StorageMap<_, Blake2_128Concat, DidId, PendingRecoveryOf<T>>;

	/// Number of live DIDs.
	#[pallet::storage]
	pub type DidCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A DID was created; `owner` holds its deposit.
		DidCreated { did: DidId, owner: T::AccountId },
		/// A DID authorized a call, signed with `nonce`; `result` is the call's own.
		DidCallDispatched { did: DidId, nonce: u64, result: DispatchResult },
		/// A key was added for a relationship.
		KeyAdded { did: DidId, key_id: KeyId, relationship: KeyRelationship },
		/// A key stopped being valid (rotated out or revoked) from this block on.
		KeyRevoked { did: DidId, key_id: KeyId },
		/// A revoked key's record was dropped: signatures it made no longer verify.
		KeyPurged { did: DidId, key_id: KeyId },
		/// A deactivated DID's retained keys were removed and their deposit returned.
		RetainedKeysReaped { did: DidId, keys: u32 },
		/// A service endpoint was added or replaced.
		ServiceSet { did: DidId, service_id: alloc::vec::Vec<u8> },
		/// A service endpoint was removed.
		ServiceRemoved { did: DidId, service_id: alloc::vec::Vec<u8> },
		/// Another DID may now update this one.
		ControllerAdded { did: DidId, controller: DidId },
		/// A controller may no longer update this DID.
		ControllerRemoved { did: DidId, controller: DidId },
		/// The DID's deposit is now held from `owner`.
		DepositTransferred { did: DidId, owner: T::AccountId },
		/// The DID was deactivated for good; its deposit was released, but for the
		/// tombstone's, which was burned, and its retained keys', held until they are
		/// reaped.
		DidDeactivated { did: DidId },
		/// The DID's recovery guardians were set or cleared.
		RecoveryConfigured { did: DidId, enabled: bool },
		/// A guardian proposed a new authentication key.
		RecoveryInitiated { did: DidId, guardian: DidId, new_key_id: KeyId },
		/// A guardian approved the pending recovery.
		RecoveryApproved { did: DidId, guardian: DidId, approvals: u32 },
		/// Enough guardians approved; the recovery may complete from `executable_at`.
		RecoveryScheduled { did: DidId, executable_at: BlockNumberFor<T> },
		/// The DID cancelled a pending recovery.
		RecoveryCancelled { did: DidId },
		/// A recovery that missed its approval period was replaced by a new one.
		RecoveryExpired { did: DidId },
		/// The recovery replaced the authentication key.
		RecoveryCompleted { did: DidId, new_key_id: KeyId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No live DID has this id.
		DidNotFound,
		/// A live DID already has this id.
		DidAlreadyExists,
		/// The DID was deactivated: it cannot act or be created again.
		DidDeactivated,
		/// The DID id is not the one derived from the authentication key.
		IdNotDerivedFromKey,
		/// The signed payload names another submitter than the one submitting it.
		WrongSubmitter,
		/// The signature does not verify.
		InvalidSignature,
		/// The signature's scheme differs from the key's.
		SignatureSchemeMismatch,
		/// The nonce is not the DID's last nonce plus one.
		InvalidNonce,
		/// The current block is outside the call's validity window.
		OutsideValidityWindow,
		/// The validity window is longer than `MaxCallValidity`.
		ValidityWindowTooLong,
		/// The call cannot be authorized by a DID.
		NotDidCallable,
		/// The DID has no key for the relationship the call needs.
		MissingKeyForRole,
		/// The caller is neither the DID nor one of its controllers.
		NotController,
		/// The DID already has (or had) this key.
		KeyAlreadyExists,
		/// The DID has no such key.
		KeyNotFound,
		/// The key was already revoked.
		KeyAlreadyRevoked,
		/// The key is still in use; revoke it first.
		KeyStillActive,
		/// The key, or a deactivated DID's keys, may still verify messages within their
		/// retention: they can go `KeyRetention` blocks after their revocation.
		KeyInRetention,
		/// The DID keeps no keys to reap: it is live, or they were reaped.
		NoRetainedKeys,
		/// The authentication key can only be rotated or recovered, not revoked.
		CannotRevokeAuthenticationKey,
		/// Key agreement takes x25519 keys; signing relationships take signing keys.
		WrongKeyType,
		/// The DID keeps as many key records as it may; purge a revoked one.
		TooManyKeys,
		/// The DID has as many key-agreement keys as it may.
		TooManyKeyAgreementKeys,
		/// The DID has as many services as it may.
		TooManyServices,
		/// No service has this id.
		ServiceNotFound,
		/// Two services share an id.
		DuplicateServiceId,
		/// A service id is empty or has characters other than ASCII letters, digits,
		/// `-`, `_` and `.`.
		InvalidServiceId,
		/// A service has no type, or a type that is empty or not printable ASCII.
		InvalidServiceType,
		/// A service has no URL, or a URL that is empty or not printable ASCII.
		InvalidServiceUrl,
		/// The DID has as many controllers as it may.
		TooManyControllers,
		/// The controller was already added.
		ControllerAlreadyAdded,
		/// The DID has no such controller.
		ControllerNotFound,
		/// A DID cannot be its own controller or guardian.
		SelfReference,
		/// The controller is not a live DID.
		UnknownController,
		/// The deposit owner cannot pay the deposit.
		InsufficientFunds,
		/// Guardians must be other DIDs; the threshold between 1 and their number; the
		/// delay at least `MinRecoveryDelay`.
		InvalidRecoveryConfig,
		/// A guardian is not a live DID.
		UnknownGuardian,
		/// The DID has no recovery guardians.
		NoRecoveryConfig,
		/// The caller is not a guardian of the DID.
		NotGuardian,
		/// A recovery is already under way.
		RecoveryAlreadyPending,
		/// No recovery is under way.
		NoPendingRecovery,
		/// The pending recovery installs another key than the approval names.
		RecoveryKeyMismatch,
		/// The guardian already approved.
		AlreadyApproved,
		/// The recovery lacks approvals or its delay has not passed.
		RecoveryNotReady,
		/// The nonce cannot grow any further.
		NonceOverflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::TombstoneDeposit::get() <= T::BaseDeposit::get(),
				"every DID's deposit covers its tombstone"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			crate::try_state::check::<T>()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Creates a DID. `signature` is the authentication key's over
		/// `(b"missive/did/create", details, genesis_hash)`; the signed origin must be
		/// `details.submitter`, and pays the deposit.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create(
			details.key_agreement.len() as u32,
			details.services.len() as u32,
			details.controllers.len() as u32,
		))]
		// Boxed so that this call does not make every `RuntimeCall` as large as a DID.
		#[allow(clippy::boxed_local)]
		pub fn create(
			origin: OriginFor<T>,
			details: Box<DidCreationOf<T>>,
			signature: DidSignature,
		) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			Self::do_create(submitter, &details, signature)
		}

		/// Dispatches `call.call` as the DID `call.did`. `signature` is the DID's key
		/// for the relationship the inner call needs, over
		/// `(b"missive/did/call", call, genesis_hash, transaction_version)`: the runtime's
		/// transaction version, so that a call signed before an upgrade that changed what
		/// call bytes mean is refused after it. The nonce must be the DID's
		/// last plus one, the current block within `[valid_from, valid_until]`, and the
		/// signed origin `call.submitter`. Once the signature checks out the nonce is
		/// used, whatever the inner call does: the inner call's own changes are undone if
		/// it fails, and its result is in [`Event::DidCallDispatched`] (as
		/// `pallet_proxy` reports a proxied call). So calls signed with the following
		/// nonces, already in flight, still land, and of two calls signed with one nonce
		/// only the first can.
		#[pallet::call_index(1)]
		#[pallet::weight({
			let info = call.call.get_dispatch_info();
			(
				Pallet::<T>::did_call_overhead(signature, call.encoded_size())
					.saturating_add(info.call_weight),
				info.class,
			)
		})]
		pub fn submit_did_call(
			origin: OriginFor<T>,
			call: Box<DidAuthorizedCallOf<T>>,
			signature: DidSignature,
		) -> DispatchResultWithPostInfo {
			let submitter = ensure_signed(origin)?;
			Self::do_submit_did_call(submitter, call, signature)
		}

		/// Sets the key for a signing relationship (authentication, assertion or
		/// capability delegation). A key already there is rotated out: it stays on
		/// record as valid up to this block.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_verification_key())]
		pub fn set_verification_key(
			origin: OriginFor<T>,
			did: DidId,
			relationship: KeyRelationship,
			key: DidVerificationKey,
		) -> DispatchResult {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_set_verification_key(did, record, relationship, key)
		}

		/// Adds an x25519 key others encrypt messages to: one per device.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_key_agreement_key())]
		pub fn add_key_agreement_key(
			origin: OriginFor<T>,
			did: DidId,
			key: DidEncryptionKey,
		) -> DispatchResult {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_add_key_agreement_key(did, record, key)
		}

		/// Revokes a key from this block on; its record stays so that what it signed
		/// before still verifies. The authentication key cannot be revoked, only
		/// rotated or recovered.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_key())]
		pub fn revoke_key(origin: OriginFor<T>, did: DidId, key_id: KeyId) -> DispatchResult {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_revoke_key(did, record, key_id)
		}

		/// Drops the record of a key revoked at least `KeyRetention` blocks ago, releasing
		/// its deposit: no retained message needs it any more.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::purge_key())]
		pub fn purge_key(origin: OriginFor<T>, did: DidId, key_id: KeyId) -> DispatchResult {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_purge_key(did, record, key_id)
		}

		/// Adds a service endpoint, or replaces the one with the same id.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_service())]
		pub fn set_service(
			origin: OriginFor<T>,
			did: DidId,
			service: ServiceEndpoint,
		) -> DispatchResult {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_set_service(did, record, service)
		}

		/// Removes a service endpoint.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::remove_service())]
		pub fn remove_service(
			origin: OriginFor<T>,
			did: DidId,
			service_id: BoundedVec<u8, MaxServiceIdLength>,
		) -> DispatchResult {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_remove_service(did, record, service_id)
		}

		/// Lets another live DID update this one.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::add_controller())]
		pub fn add_controller(
			origin: OriginFor<T>,
			did: DidId,
			controller: DidId,
		) -> DispatchResult {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_add_controller(did, record, controller)
		}

		/// Stops a controller from updating this DID.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_controller())]
		pub fn remove_controller(
			origin: OriginFor<T>,
			did: DidId,
			controller: DidId,
		) -> DispatchResult {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_remove_controller(did, record, controller)
		}

		/// Deactivates the DID for good: its document goes, its keys are revoked but kept
		/// (with their deposit) until `KeyRetention` has passed, so that what they signed
		/// still verifies; the rest of its deposit is released but for the tombstone's
		/// (burned), and the id can never be created again.
		#[pallet::call_index(10)]
		#[pallet::weight(
			T::WeightInfo::deactivate(MAX_KEYS_PER_DID).saturating_add(T::OnDeactivated::weight())
		)]
		pub fn deactivate(origin: OriginFor<T>, did: DidId) -> DispatchResultWithPostInfo {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_deactivate(did, record)
		}

		/// Sets (or, with `None`, clears) the DIDs that may jointly recover this one.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_recovery())]
		pub fn set_recovery(
			origin: OriginFor<T>,
			did: DidId,
			config: Option<RecoveryConfig<BlockNumberFor<T>>>,
		) -> DispatchResult {
			let (_, record) = Self::authorize(origin, &did)?;
			Self::do_set_recovery(did, record, config)
		}

		/// A guardian proposes `new_key` as the DID's authentication key, and approves
		/// it. The guardian's submitter holds `RecoveryDeposit` until the recovery ends.
		/// A pending recovery that has not met its threshold within
		/// `RecoveryApprovalPeriod` blocks is replaced (its deposit returned).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::initiate_recovery())]
		pub fn initiate_recovery(
			origin: OriginFor<T>,
			did: DidId,
			new_key: DidVerificationKey,
		) -> DispatchResult {
			let guardian = T::EnsureDidOrigin::ensure_origin(origin)?;
			Self::do_initiate_recovery(guardian, did, new_key)
		}

		/// Another guardian approves the pending recovery of `did` to the key
		/// `new_key_id`: an approval counts only for the key it names.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::approve_recovery())]
		pub fn approve_recovery(
			origin: OriginFor<T>,
			did: DidId,
			new_key_id: KeyId,
		) -> DispatchResult {
			let guardian = T::EnsureDidOrigin::ensure_origin(origin)?;
			Self::do_approve_recovery(guardian, did, new_key_id)
		}

		/// The DID (or a controller) cancels a pending recovery; the guardian's
		/// deposit is returned.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::cancel_recovery())]
		pub fn cancel_recovery(origin: OriginFor<T>, did: DidId) -> DispatchResult {
			Self::authorize(origin, &did)?;
			Self::do_cancel_recovery(did)
		}

		/// Anyone completes an approved recovery once its delay has passed: the new key
		/// becomes the authentication key and the old one is rotated out.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::complete_recovery())]
		pub fn complete_recovery(origin: OriginFor<T>, did: DidId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_complete_recovery(did)
		}

		/// Moves the DID's deposit to the submitter of this DID-authorized call.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::transfer_deposit())]
		pub fn transfer_deposit(origin: OriginFor<T>, did: DidId) -> DispatchResult {
			let (caller, record) = Self::authorize(origin, &did)?;
			Self::do_transfer_deposit(caller, did, record)
		}

		/// Anyone removes the keys a deactivated DID kept, once `KeyRetention` has passed
		/// since its deactivation; their deposit returns to whoever held it.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::reap_retained_keys(MAX_KEYS_PER_DID))]
		pub fn reap_retained_keys(origin: OriginFor<T>, did: DidId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_reap_retained_keys(did)
		}
	}
}

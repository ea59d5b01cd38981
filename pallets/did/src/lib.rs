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
//!   still verify ([`missive_primitives::did::DidLookup::key_valid_at`]).
//! - Whoever creates state pays a deposit held through `fungible::hold`: base + per
//!   key record + per service, released on deactivation but for the tombstone's
//!   (`Config::TombstoneDeposit`), which is burned: the tombstone stays for good.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod types;
pub mod weights;

pub use types::{Deposit, DidCallRole, DidRecord, LiveDid, PendingRecovery, Tombstone};
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision},
		},
	};
	use frame_system::pallet_prelude::*;
	use missive_primitives::did::{
		bounds::MAX_KEYS_PER_DID, DidAuthorizedCall, DidCreation, DidDocument, DidEncryptionKey,
		DidId, DidOrigin, DidPublicKey, DidSignature, DidVerificationKey, KeyId, KeyRecord,
		KeyRelationship, OnDidDeactivated, RecoveryConfig, ServiceEndpoint, SignatureError,
	};
	use missive_primitives::runtime_api::DidResolution;
	use sp_runtime::{
		traits::{Dispatchable, Saturating, Zero},
		BoundedBTreeSet,
	};

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

	/// Every key a live DID has had, with the blocks in which it was valid.
	#[pallet::storage]
	pub type DidKeys<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DidId, Blake2_128Concat, KeyId, KeyRecordOf<T>>;

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
		/// tombstone's, which was burned.
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
			ensure!(details.submitter == submitter, Error::<T>::WrongSubmitter);
			let did = details.did;
			ensure!(
				DidId::from_authentication_key(&details.authentication) == did,
				Error::<T>::IdNotDerivedFromKey
			);
			ensure!(!Tombstones::<T>::contains_key(did), Error::<T>::DidDeactivated);
			ensure!(!Dids::<T>::contains_key(did), Error::<T>::DidAlreadyExists);
			Self::verify(
				&details.authentication,
				&details.signing_payload(&Self::genesis_hash()),
				&signature,
			)?;
			for service in &details.services {
				Self::validate_service(service)?;
			}
			let services = details.services.clone();
			ensure!(!Self::has_duplicate_ids(&services), Error::<T>::DuplicateServiceId);
			let mut controllers = BoundedBTreeSet::new();
			for controller in &details.controllers {
				ensure!(*controller != did, Error::<T>::SelfReference);
				ensure!(Dids::<T>::contains_key(controller), Error::<T>::UnknownController);
				let added = controllers.try_insert(*controller);
				ensure!(added == Ok(true), Error::<T>::ControllerAlreadyAdded);
			}

			let now = frame_system::Pallet::<T>::block_number();
			let mut record = DidRecord {
				document: DidDocument {
					authentication: Default::default(),
					assertion: None,
					delegation: None,
					key_agreement: BoundedBTreeSet::new(),
					controllers,
					services,
					nonce: 0,
					version: 0,
					created: now,
					updated: now,
				},
				key_count: 0,
				deposit: Deposit { owner: submitter.clone(), amount: Zero::zero() },
				recovery: None,
			};
			record.document.authentication = Self::insert_key(
				did,
				&mut record,
				details.authentication.clone().into(),
				KeyRelationship::Authentication,
				now,
			)?;
			if let Some(key) = &details.assertion {
				record.document.assertion = Some(Self::insert_key(
					did,
					&mut record,
					key.clone().into(),
					KeyRelationship::AssertionMethod,
					now,
				)?);
			}
			if let Some(key) = &details.delegation {
				record.document.delegation = Some(Self::insert_key(
					did,
					&mut record,
					key.clone().into(),
					KeyRelationship::CapabilityDelegation,
					now,
				)?);
			}
			for key in &details.key_agreement {
				let key_id = Self::insert_key(
					did,
					&mut record,
					key.clone().into(),
					KeyRelationship::KeyAgreement,
					now,
				)?;
				record
					.document
					.key_agreement
					.try_insert(key_id)
					.map_err(|_| Error::<T>::TooManyKeyAgreementKeys)?;
			}
			Self::settle_deposit(&mut record)?;
			Self::put_record(did, record);
			DidCount::<T>::mutate(|count| *count = count.saturating_add(1));
			Self::deposit_event(Event::DidCreated { did, owner: submitter });
			Ok(())
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
			ensure!(call.submitter == submitter, Error::<T>::WrongSubmitter);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				call.valid_from <= now && now <= call.valid_until,
				Error::<T>::OutsideValidityWindow
			);
			ensure!(
				call.valid_until.saturating_sub(call.valid_from) <= T::MaxCallValidity::get(),
				Error::<T>::ValidityWindowTooLong
			);
			let role = call.call.did_call_role().ok_or(Error::<T>::NotDidCallable)?;
			let did = call.did;
			let mut record = Self::live_record(&did)?;
			let expected = record.document.nonce.checked_add(1).ok_or(Error::<T>::NonceOverflow)?;
			ensure!(call.nonce == expected, Error::<T>::InvalidNonce);
			let key_id = record.document.signing_key(role).ok_or(Error::<T>::MissingKeyForRole)?;
			let key = Self::verification_key_of(&did, &key_id)?;
			let payload = call.signing_payload(&Self::genesis_hash(), Self::transaction_version());
			Self::verify(&key, &payload, &signature)?;

			record.document.nonce = expected;
			// The nonce is not in the DID's summary: only the record changes.
			Dids::<T>::insert(did, record);

			let overhead = Self::did_call_overhead(&signature, call.encoded_size());
			let inner_weight = call.call.get_dispatch_info().call_weight;
			let origin = DidOrigin { did, submitter };
			// A layer of its own: a failing inner call leaves nothing behind, while the
			// nonce above stays used.
			let (result, post) = match frame_support::storage::with_storage_layer(|| {
				call.call.dispatch(origin.into())
			}) {
				Ok(post) => (Ok(()), post),
				Err(e) => (Err(e.error), e.post_info),
			};
			Self::deposit_event(Event::DidCallDispatched { did, nonce: expected, result });
			let actual = overhead.saturating_add(post.actual_weight.unwrap_or(inner_weight));
			Ok(Some(actual).into())
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
			let (_, mut record) = Self::authorize(origin, &did)?;
			let now = frame_system::Pallet::<T>::block_number();
			let old = record.document.signing_key(relationship);
			let new = Self::insert_key(did, &mut record, key.into(), relationship, now)?;
			if let Some(old) = old {
				Self::retire_key(&did, &old, now);
			}
			match relationship {
				KeyRelationship::Authentication => record.document.authentication = new,
				KeyRelationship::AssertionMethod => record.document.assertion = Some(new),
				KeyRelationship::CapabilityDelegation => record.document.delegation = Some(new),
				KeyRelationship::KeyAgreement => return Err(Error::<T>::WrongKeyType.into()),
			}
			Self::settle_deposit(&mut record)?;
			Self::save(did, record, now);
			Ok(())
		}

		/// Adds an x25519 key others encrypt messages to: one per device.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_key_agreement_key())]
		pub fn add_key_agreement_key(
			origin: OriginFor<T>,
			did: DidId,
			key: DidEncryptionKey,
		) -> DispatchResult {
			let (_, mut record) = Self::authorize(origin, &did)?;
			ensure!(
				(record.document.key_agreement.len() as u32)
					< <missive_primitives::did::bounds::MaxKeyAgreementKeys as Get<u32>>::get(),
				Error::<T>::TooManyKeyAgreementKeys
			);
			let now = frame_system::Pallet::<T>::block_number();
			let key_id =
				Self::insert_key(did, &mut record, key.into(), KeyRelationship::KeyAgreement, now)?;
			record
				.document
				.key_agreement
				.try_insert(key_id)
				.map_err(|_| Error::<T>::TooManyKeyAgreementKeys)?;
			Self::settle_deposit(&mut record)?;
			Self::save(did, record, now);
			Ok(())
		}

		/// Revokes a key from this block on; its record stays so that what it signed
		/// before still verifies. The authentication key cannot be revoked, only
		/// rotated or recovered.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_key())]
		pub fn revoke_key(origin: OriginFor<T>, did: DidId, key_id: KeyId) -> DispatchResult {
			let (_, mut record) = Self::authorize(origin, &did)?;
			let key = DidKeys::<T>::get(did, key_id).ok_or(Error::<T>::KeyNotFound)?;
			ensure!(key.revoked.is_none(), Error::<T>::KeyAlreadyRevoked);
			let document = &mut record.document;
			match key.relationship {
				KeyRelationship::Authentication => {
					return Err(Error::<T>::CannotRevokeAuthenticationKey.into())
				},
				KeyRelationship::AssertionMethod => document.assertion = None,
				KeyRelationship::CapabilityDelegation => document.delegation = None,
				KeyRelationship::KeyAgreement => {
					document.key_agreement.remove(&key_id);
				},
			}
			let now = frame_system::Pallet::<T>::block_number();
			Self::retire_key(&did, &key_id, now);
			Self::save(did, record, now);
			Ok(())
		}

		/// Drops the record of a revoked key, releasing its deposit. Signatures it made
		/// no longer verify against current state afterwards.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::purge_key())]
		pub fn purge_key(origin: OriginFor<T>, did: DidId, key_id: KeyId) -> DispatchResult {
			let (_, mut record) = Self::authorize(origin, &did)?;
			let key = DidKeys::<T>::get(did, key_id).ok_or(Error::<T>::KeyNotFound)?;
			ensure!(key.revoked.is_some(), Error::<T>::KeyStillActive);
			Self::remove_key_record(&did, &key_id, &mut record);
			Self::settle_deposit(&mut record)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::save(did, record, now);
			Ok(())
		}

		/// Adds a service endpoint, or replaces the one with the same id.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_service())]
		pub fn set_service(
			origin: OriginFor<T>,
			did: DidId,
			service: ServiceEndpoint,
		) -> DispatchResult {
			let (_, mut record) = Self::authorize(origin, &did)?;
			Self::validate_service(&service)?;
			let service_id = service.id.to_vec();
			let services = &mut record.document.services;
			match services.iter_mut().find(|s| s.id == service.id) {
				Some(existing) => *existing = service,
				None => services.try_push(service).map_err(|_| Error::<T>::TooManyServices)?,
			}
			Self::settle_deposit(&mut record)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::save(did, record, now);
			Self::deposit_event(Event::ServiceSet { did, service_id });
			Ok(())
		}

		/// Removes a service endpoint.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::remove_service())]
		pub fn remove_service(
			origin: OriginFor<T>,
			did: DidId,
			service_id: BoundedVec<u8, missive_primitives::did::bounds::MaxServiceIdLength>,
		) -> DispatchResult {
			let (_, mut record) = Self::authorize(origin, &did)?;
			let services = &mut record.document.services;
			let index = services
				.iter()
				.position(|s| s.id == service_id)
				.ok_or(Error::<T>::ServiceNotFound)?;
			services.remove(index);
			Self::settle_deposit(&mut record)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::save(did, record, now);
			Self::deposit_event(Event::ServiceRemoved { did, service_id: service_id.into_inner() });
			Ok(())
		}

		/// Lets another live DID update this one.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::add_controller())]
		pub fn add_controller(
			origin: OriginFor<T>,
			did: DidId,
			controller: DidId,
		) -> DispatchResult {
			let (_, mut record) = Self::authorize(origin, &did)?;
			ensure!(controller != did, Error::<T>::SelfReference);
			ensure!(Dids::<T>::contains_key(controller), Error::<T>::UnknownController);
			let added = record
				.document
				.controllers
				.try_insert(controller)
				.map_err(|_| Error::<T>::TooManyControllers)?;
			ensure!(added, Error::<T>::ControllerAlreadyAdded);
			let now = frame_system::Pallet::<T>::block_number();
			Self::save(did, record, now);
			Self::deposit_event(Event::ControllerAdded { did, controller });
			Ok(())
		}

		/// Stops a controller from updating this DID.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_controller())]
		pub fn remove_controller(
			origin: OriginFor<T>,
			did: DidId,
			controller: DidId,
		) -> DispatchResult {
			let (_, mut record) = Self::authorize(origin, &did)?;
			ensure!(
				record.document.controllers.remove(&controller),
				Error::<T>::ControllerNotFound
			);
			let now = frame_system::Pallet::<T>::block_number();
			Self::save(did, record, now);
			Self::deposit_event(Event::ControllerRemoved { did, controller });
			Ok(())
		}

		/// Deactivates the DID for good: its keys and services are removed, its deposit
		/// released but for the tombstone's (burned), and the id can never be created
		/// again.
		#[pallet::call_index(10)]
		#[pallet::weight(
			T::WeightInfo::deactivate(MAX_KEYS_PER_DID).saturating_add(T::OnDeactivated::weight())
		)]
		pub fn deactivate(origin: OriginFor<T>, did: DidId) -> DispatchResultWithPostInfo {
			let (_, record) = Self::authorize(origin, &did)?;
			let removed = DidKeys::<T>::clear_prefix(did, MAX_KEYS_PER_DID, None).unique;
			// The tombstone is permanent state: its deposit is burned, the rest returned.
			let burned = T::TombstoneDeposit::get().min(record.deposit.amount);
			T::Currency::burn_held(
				&HoldReason::DidDeposit.into(),
				&record.deposit.owner,
				burned,
				Precision::Exact,
				Fortitude::Force,
			)?;
			let rest = Deposit {
				owner: record.deposit.owner.clone(),
				amount: record.deposit.amount.saturating_sub(burned),
			};
			Self::release(HoldReason::DidDeposit, &rest)?;
			if let Some(pending) = PendingRecoveries::<T>::take(did) {
				Self::release(HoldReason::RecoveryDeposit, &pending.deposit)?;
			}
			let now = frame_system::Pallet::<T>::block_number();
			Dids::<T>::remove(did);
			LiveDids::<T>::remove(did);
			Tombstones::<T>::insert(
				did,
				Tombstone {
					created: record.document.created,
					deactivated: now,
					version: record.document.version.saturating_add(1),
				},
			);
			DidCount::<T>::mutate(|count| *count = count.saturating_sub(1));
			T::OnDeactivated::on_deactivated(&did)?;
			Self::deposit_event(Event::DidDeactivated { did });
			Ok(Some(T::WeightInfo::deactivate(removed).saturating_add(T::OnDeactivated::weight()))
				.into())
		}

		/// Sets (or, with `None`, clears) the DIDs that may jointly recover this one.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_recovery())]
		pub fn set_recovery(
			origin: OriginFor<T>,
			did: DidId,
			config: Option<RecoveryConfig<BlockNumberFor<T>>>,
		) -> DispatchResult {
			let (_, mut record) = Self::authorize(origin, &did)?;
			ensure!(!PendingRecoveries::<T>::contains_key(did), Error::<T>::RecoveryAlreadyPending);
			if let Some(config) = &config {
				let guardians = config.guardians.len() as u32;
				ensure!(
					!config.guardians.contains(&did)
						&& config.threshold >= 1
						&& config.threshold <= guardians
						&& config.delay >= T::MinRecoveryDelay::get(),
					Error::<T>::InvalidRecoveryConfig
				);
				ensure!(
					config.guardians.iter().all(Dids::<T>::contains_key),
					Error::<T>::UnknownGuardian
				);
			}
			let enabled = config.is_some();
			record.recovery = config;
			let now = frame_system::Pallet::<T>::block_number();
			Self::save(did, record, now);
			Self::deposit_event(Event::RecoveryConfigured { did, enabled });
			Ok(())
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
			let record = Self::live_record(&did)?;
			let config = record.recovery.as_ref().ok_or(Error::<T>::NoRecoveryConfig)?;
			ensure!(config.guardians.contains(&guardian.did), Error::<T>::NotGuardian);
			let now = frame_system::Pallet::<T>::block_number();
			let stale = match PendingRecoveries::<T>::get(did) {
				None => None,
				Some(pending)
					if pending.executable_at.is_none()
						&& now
							>= pending
								.initiated
								.saturating_add(T::RecoveryApprovalPeriod::get()) =>
				{
					Some(pending)
				},
				Some(_) => return Err(Error::<T>::RecoveryAlreadyPending.into()),
			};
			let new_key_id = DidPublicKey::from(new_key.clone()).id();
			ensure!(!DidKeys::<T>::contains_key(did, new_key_id), Error::<T>::KeyAlreadyExists);
			if let Some(stale) = stale {
				Self::release(HoldReason::RecoveryDeposit, &stale.deposit)?;
				Self::deposit_event(Event::RecoveryExpired { did });
			}

			let deposit = Deposit { owner: guardian.submitter, amount: T::RecoveryDeposit::get() };
			T::Currency::hold(&HoldReason::RecoveryDeposit.into(), &deposit.owner, deposit.amount)
				.map_err(|_| Error::<T>::InsufficientFunds)?;
			let mut approvals = BoundedBTreeSet::new();
			approvals.try_insert(guardian.did).map_err(|_| Error::<T>::InvalidRecoveryConfig)?;
			let mut pending = PendingRecovery {
				new_key,
				initiated: now,
				approvals,
				executable_at: None,
				deposit,
			};
			Self::deposit_event(Event::RecoveryInitiated {
				did,
				guardian: guardian.did,
				new_key_id,
			});
			Self::schedule_if_approved(&did, config, &mut pending);
			PendingRecoveries::<T>::insert(did, pending);
			Ok(())
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
			let record = Self::live_record(&did)?;
			let config = record.recovery.as_ref().ok_or(Error::<T>::NoRecoveryConfig)?;
			ensure!(config.guardians.contains(&guardian.did), Error::<T>::NotGuardian);
			let mut pending =
				PendingRecoveries::<T>::get(did).ok_or(Error::<T>::NoPendingRecovery)?;
			ensure!(
				DidPublicKey::from(pending.new_key.clone()).id() == new_key_id,
				Error::<T>::RecoveryKeyMismatch
			);
			let added = pending
				.approvals
				.try_insert(guardian.did)
				.map_err(|_| Error::<T>::InvalidRecoveryConfig)?;
			ensure!(added, Error::<T>::AlreadyApproved);
			Self::deposit_event(Event::RecoveryApproved {
				did,
				guardian: guardian.did,
				approvals: pending.approvals.len() as u32,
			});
			Self::schedule_if_approved(&did, config, &mut pending);
			PendingRecoveries::<T>::insert(did, pending);
			Ok(())
		}

		/// The DID (or a controller) cancels a pending recovery; the guardian's
		/// deposit is returned.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::cancel_recovery())]
		pub fn cancel_recovery(origin: OriginFor<T>, did: DidId) -> DispatchResult {
			Self::authorize(origin, &did)?;
			let pending = PendingRecoveries::<T>::take(did).ok_or(Error::<T>::NoPendingRecovery)?;
			Self::release(HoldReason::RecoveryDeposit, &pending.deposit)?;
			Self::deposit_event(Event::RecoveryCancelled { did });
			Ok(())
		}

		/// Anyone completes an approved recovery once its delay has passed: the new key
		/// becomes the authentication key and the old one is rotated out.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::complete_recovery())]
		pub fn complete_recovery(origin: OriginFor<T>, did: DidId) -> DispatchResult {
			ensure_signed(origin)?;
			let mut record = Self::live_record(&did)?;
			let pending = PendingRecoveries::<T>::get(did).ok_or(Error::<T>::NoPendingRecovery)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				pending.executable_at.is_some_and(|at| at <= now),
				Error::<T>::RecoveryNotReady
			);
			if record.key_count >= MAX_KEYS_PER_DID {
				Self::purge_one_revoked_key(&did, &mut record);
			}
			let old = record.document.authentication;
			let new = Self::insert_key(
				did,
				&mut record,
				pending.new_key.clone().into(),
				KeyRelationship::Authentication,
				now,
			)?;
			Self::retire_key(&did, &old, now);
			record.document.authentication = new;
			Self::settle_deposit(&mut record)?;
			Self::release(HoldReason::RecoveryDeposit, &pending.deposit)?;
			PendingRecoveries::<T>::remove(did);
			Self::save(did, record, now);
			Self::deposit_event(Event::RecoveryCompleted { did, new_key_id: new });
			Ok(())
		}

		/// Moves the DID's deposit to the submitter of this DID-authorized call.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::transfer_deposit())]
		pub fn transfer_deposit(origin: OriginFor<T>, did: DidId) -> DispatchResult {
			let (caller, mut record) = Self::authorize(origin, &did)?;
			let new = Deposit { owner: caller.submitter.clone(), amount: record.deposit.amount };
			T::Currency::hold(&HoldReason::DidDeposit.into(), &new.owner, new.amount)
				.map_err(|_| Error::<T>::InsufficientFunds)?;
			Self::release(HoldReason::DidDeposit, &record.deposit)?;
			record.deposit = new;
			Self::put_record(did, record);
			Self::deposit_event(Event::DepositTransferred { did, owner: caller.submitter });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Weight of `submit_did_call` besides the inner call: it depends on the
		/// signature scheme and on the length of the signed operation, whose every byte
		/// the signature check reads.
		pub fn did_call_overhead(signature: &DidSignature, operation_len: usize) -> Weight {
			let len = u32::try_from(operation_len).unwrap_or(u32::MAX);
			match signature {
				DidSignature::Ed25519(_) => T::WeightInfo::submit_did_call_ed25519(len),
				DidSignature::Sr25519(_) => T::WeightInfo::submit_did_call_sr25519(len),
				DidSignature::Ecdsa(_) => T::WeightInfo::submit_did_call_ecdsa(len),
			}
		}

		/// The runtime's transaction version, which every DID-call signature commits to.
		pub fn transaction_version() -> u32 {
			<T as frame_system::Config>::Version::get().transaction_version
		}

		/// Hash of block 0, which every DID signature commits to.
		pub fn genesis_hash() -> T::Hash {
			frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
		}

		/// The record of a live DID, or why there is none.
		pub(crate) fn live_record(did: &DidId) -> Result<DidRecordOf<T>, Error<T>> {
			Dids::<T>::get(did).ok_or_else(|| {
				if Tombstones::<T>::contains_key(did) {
					Error::<T>::DidDeactivated
				} else {
					Error::<T>::DidNotFound
				}
			})
		}

		/// Checks that `origin` is the DID `did` or one of its controllers, acting
		/// through a DID-authorized call.
		fn authorize(
			origin: OriginFor<T>,
			did: &DidId,
		) -> Result<(DidOrigin<T::AccountId>, DidRecordOf<T>), DispatchError> {
			let caller = T::EnsureDidOrigin::ensure_origin(origin)?;
			let record = Self::live_record(did)?;
			ensure!(
				caller.did == *did || record.document.controllers.contains(&caller.did),
				Error::<T>::NotController
			);
			Ok((caller, record))
		}

		fn verify(
			key: &DidVerificationKey,
			payload: &[u8],
			signature: &DidSignature,
		) -> Result<(), Error<T>> {
			key.verify(payload, signature).map_err(|e| match e {
				SignatureError::SchemeMismatch => Error::<T>::SignatureSchemeMismatch,
				SignatureError::Invalid => Error::<T>::InvalidSignature,
			})
		}

		pub(crate) fn verification_key_of(
			did: &DidId,
			key_id: &KeyId,
		) -> Result<DidVerificationKey, Error<T>> {
			match DidKeys::<T>::get(did, key_id).map(|record| record.key) {
				Some(DidPublicKey::Verification(key)) => Ok(key),
				Some(DidPublicKey::Encryption(_)) => Err(Error::<T>::WrongKeyType),
				None => Err(Error::<T>::KeyNotFound),
			}
		}

		/// Records a new key valid from `now`; returns its id.
		pub(crate) fn insert_key(
			did: DidId,
			record: &mut DidRecordOf<T>,
			key: DidPublicKey,
			relationship: KeyRelationship,
			now: BlockNumberFor<T>,
		) -> Result<KeyId, Error<T>> {
			let is_encryption = matches!(key, DidPublicKey::Encryption(_));
			ensure!(
				is_encryption == (relationship == KeyRelationship::KeyAgreement),
				Error::<T>::WrongKeyType
			);
			let key_id = key.id();
			ensure!(!DidKeys::<T>::contains_key(did, key_id), Error::<T>::KeyAlreadyExists);
			ensure!(record.key_count < MAX_KEYS_PER_DID, Error::<T>::TooManyKeys);
			DidKeys::<T>::insert(
				did,
				key_id,
				KeyRecord { key, relationship, added: now, revoked: None },
			);
			record.key_count += 1;
			Self::deposit_event(Event::KeyAdded { did, key_id, relationship });
			Ok(key_id)
		}

		/// Marks a key invalid from `now` on.
		pub(crate) fn retire_key(did: &DidId, key_id: &KeyId, now: BlockNumberFor<T>) {
			DidKeys::<T>::mutate_exists(did, key_id, |record| {
				if let Some(record) = record {
					record.revoked = Some(now);
				}
			});
			Self::deposit_event(Event::KeyRevoked { did: *did, key_id: *key_id });
		}

		fn remove_key_record(did: &DidId, key_id: &KeyId, record: &mut DidRecordOf<T>) {
			DidKeys::<T>::remove(did, key_id);
			record.key_count = record.key_count.saturating_sub(1);
			Self::deposit_event(Event::KeyPurged { did: *did, key_id: *key_id });
		}

		/// Frees a key slot for recovery: the owner may have lost the key it would need
		/// to purge one, so the revoked key that was added first goes. Bounded by
		/// `MAX_KEYS_PER_DID`.
		fn purge_one_revoked_key(did: &DidId, record: &mut DidRecordOf<T>) {
			let oldest = DidKeys::<T>::iter_prefix(did)
				.take(MAX_KEYS_PER_DID as usize)
				.filter(|(_, key)| key.revoked.is_some())
				.min_by_key(|(_, key)| key.added)
				.map(|(key_id, _)| key_id);
			if let Some(key_id) = oldest {
				Self::remove_key_record(did, &key_id, record);
			}
		}

		/// The deposit a record requires.
		pub fn required_deposit(record: &DidRecordOf<T>) -> BalanceOf<T> {
			T::BaseDeposit::get()
				.saturating_add(T::KeyDeposit::get().saturating_mul(record.key_count.into()))
				.saturating_add(
					T::ServiceDeposit::get()
						.saturating_mul((record.document.services.len() as u32).into()),
				)
		}

		/// Holds or releases the difference between the held and the required deposit.
		pub(crate) fn settle_deposit(record: &mut DidRecordOf<T>) -> Result<(), Error<T>> {
			let required = Self::required_deposit(record);
			let held = record.deposit.amount;
			let reason = HoldReason::DidDeposit.into();
			if required > held {
				T::Currency::hold(&reason, &record.deposit.owner, required - held)
					.map_err(|_| Error::<T>::InsufficientFunds)?;
			} else if held > required {
				T::Currency::release(
					&reason,
					&record.deposit.owner,
					held - required,
					Precision::BestEffort,
				)
				.map_err(|_| Error::<T>::InsufficientFunds)?;
			}
			record.deposit.amount = required;
			Ok(())
		}

		fn release(
			reason: HoldReason,
			deposit: &Deposit<T::AccountId, BalanceOf<T>>,
		) -> DispatchResult {
			T::Currency::release(
				&reason.into(),
				&deposit.owner,
				deposit.amount,
				Precision::BestEffort,
			)?;
			Ok(())
		}

		/// Stores a changed document as a new version.
		fn save(did: DidId, mut record: DidRecordOf<T>, now: BlockNumberFor<T>) {
			record.document.version = record.document.version.saturating_add(1);
			record.document.updated = now;
			Self::put_record(did, record);
		}

		/// Stores `did`'s record and its [`LiveDid`] summary, which follows the record's
		/// assertion key and deposit owner (written only when one of them changed).
		/// Only a call's nonce changes without this.
		pub(crate) fn put_record(did: DidId, record: DidRecordOf<T>) {
			let live = Self::live_summary(&did, &record);
			if LiveDids::<T>::get(did).as_ref() != Some(&live) {
				LiveDids::<T>::insert(did, live);
			}
			Dids::<T>::insert(did, record);
		}

		/// What `LiveDids` holds for `did`, whose record is `record`.
		pub(crate) fn live_summary(did: &DidId, record: &DidRecordOf<T>) -> LiveDidOf<T> {
			let assertion_key = record
				.document
				.assertion
				.and_then(|key_id| Self::verification_key_of(did, &key_id).ok());
			LiveDid { assertion_key, funder: record.deposit.owner.clone() }
		}

		/// Schedules `pending` once enough live guardians approved it: the configured
		/// threshold, or every guardian still live if fewer are. Guardians that deactivated
		/// since the configuration cannot push the live ones below the threshold for good;
		/// and as only live guardians' approvals count, one that approves and then
		/// deactivates takes its approval with it: deactivating gives the others nothing.
		fn schedule_if_approved(
			did: &DidId,
			config: &RecoveryConfig<BlockNumberFor<T>>,
			pending: &mut PendingRecoveryOf<T>,
		) {
			let live = |guardian: &&DidId| LiveDids::<T>::contains_key(guardian);
			let needed = config.threshold.min(config.guardians.iter().filter(live).count() as u32);
			let approved = pending.approvals.iter().filter(live).count() as u32;
			if pending.executable_at.is_none() && approved >= needed {
				let at = frame_system::Pallet::<T>::block_number().saturating_add(config.delay);
				pending.executable_at = Some(at);
				Self::deposit_event(Event::RecoveryScheduled { did: *did, executable_at: at });
			}
		}

		fn validate_service(service: &ServiceEndpoint) -> Result<(), Error<T>> {
			let id_ok = !service.id.is_empty()
				&& service
					.id
					.iter()
					.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
			ensure!(id_ok, Error::<T>::InvalidServiceId);
			let printable =
				|text: &[u8]| !text.is_empty() && text.iter().all(|c| c.is_ascii_graphic());
			ensure!(
				!service.types.is_empty() && service.types.iter().all(|t| printable(t)),
				Error::<T>::InvalidServiceType
			);
			ensure!(
				!service.urls.is_empty() && service.urls.iter().all(|u| printable(u)),
				Error::<T>::InvalidServiceUrl
			);
			Ok(())
		}

		fn has_duplicate_ids(services: &[ServiceEndpoint]) -> bool {
			services
				.iter()
				.enumerate()
				.any(|(i, s)| services[..i].iter().any(|earlier| earlier.id == s.id))
		}
	}

	impl<T: Config> Pallet<T> {
		/// The DID's state, as the `DidApi` runtime API returns it: the document with
		/// every key record the DID keeps (at most `MAX_KEYS_PER_DID`).
		pub fn resolve(did: &DidId) -> DidResolution<BlockNumberFor<T>> {
			if let Some(record) = Dids::<T>::get(did) {
				let keys = DidKeys::<T>::iter_prefix(did).take(MAX_KEYS_PER_DID as usize).collect();
				return DidResolution::Active { document: Box::new(record.document), keys };
			}
			match Tombstones::<T>::get(did) {
				Some(tombstone) => DidResolution::Deactivated {
					created: tombstone.created,
					deactivated: tombstone.deactivated,
					version: tombstone.version,
				},
				None => DidResolution::NotFound,
			}
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl<T: Config> Pallet<T> {
		/// For other pallets' benchmarks: makes `did` a live DID whose assertion key is
		/// `key` and whose deposit `funder` holds (writing it straight into storage if
		/// needed).
		pub fn benchmark_set_assertion_key(
			did: DidId,
			key: DidVerificationKey,
			funder: &T::AccountId,
		) {
			benchmarking::set_assertion_key::<T>(did, key, funder)
		}
	}

	impl<T: Config> missive_primitives::did::DidLookup<BlockNumberFor<T>> for Pallet<T> {
		fn is_active(did: &DidId) -> bool {
			LiveDids::<T>::contains_key(did)
		}

		fn key_valid_at(
			did: &DidId,
			key: &KeyId,
			relationship: KeyRelationship,
			at: BlockNumberFor<T>,
		) -> bool {
			LiveDids::<T>::contains_key(did)
				&& DidKeys::<T>::get(did, key)
					.is_some_and(|record| record.valid_at(relationship, at))
		}

		fn verification_key(
			did: &DidId,
			relationship: KeyRelationship,
		) -> Option<DidVerificationKey> {
			match relationship {
				KeyRelationship::AssertionMethod => LiveDids::<T>::get(did)?.assertion_key,
				_ => {
					let key_id = Dids::<T>::get(did)?.document.signing_key(relationship)?;
					Self::verification_key_of(did, &key_id).ok()
				},
			}
		}

		#[cfg(feature = "runtime-benchmarks")]
		fn benchmark_did(seed: u32) -> DidId {
			benchmarking::active_did::<T>(seed)
		}
	}

	impl<T: Config> missive_primitives::did::DidFunding<T::AccountId> for Pallet<T> {
		fn is_funded_by(did: &DidId, account: &T::AccountId) -> bool {
			LiveDids::<T>::get(did).is_some_and(|live| live.funder == *account)
		}
	}
}

//! # Consent pallet
//!
//! Who may contact a DID, and who may receive its data, decided by that DID and
//! enforced by the runtime.
//!
//! - A **grant** lets one DID (the grantee) do one [`ConsentScope`] with another (the
//!   grantor): message it at all, message it in one conversation, or receive its data
//!   for one purpose category. It may expire at a block or a time, and commits to an
//!   off-chain consent receipt by hash (`receipt_hash`), so personal data stays off
//!   chain while the grant stays provable (a storage proof of `Grants`).
//! - **Revoking** is one call, as easy as granting, and takes effect in the same block.
//!   Expiry is checked lazily, when consent is asked for; expired grants and requests
//!   can be reaped by anyone, which returns their deposits, and so can the grants and
//!   list entries of DIDs no longer live. No hook walks storage.
//! - **Requests**: a DID asks another for a scope, with a note committed by hash and a
//!   deposit. The recipient accepts (a grant is made, the deposit returned) or rejects
//!   (the deposit returned, or burned when the recipient reports spam). Requests expire
//!   after `RequestLifetime` blocks.
//! - **Allow and deny lists**: an allowed DID may message without a grant; a denied DID
//!   may do nothing, whatever it was granted.
//! - Every change emits an event: together they are the audit log of consent.
//!
//! Other pallets ask through [`missive_primitives::consent::ConsentCheck`]; clients
//! through `ConsentApi` and the node's `consent_*` RPC.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod weights;

pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			Time,
		},
	};
	use frame_system::pallet_prelude::*;
	use missive_primitives::{
		consent::{
			ConsentCheck, ConsentRequest, ConsentScope, ConsentState, ContactEntry, ContactStatus,
			Expiry, Grant,
		},
		did::{DidId, DidLookup, DidOrigin},
		Deposit,
	};
	use sp_core::H256;
	use sp_runtime::traits::Saturating;

	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	pub type DepositOf<T> = Deposit<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	pub type GrantOf<T> =
		Grant<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	pub type RequestOf<T> =
		ConsentRequest<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	pub type ContactEntryOf<T> = ContactEntry<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	pub type ExpiryOf<T> = Expiry<BlockNumberFor<T>>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Accepts the origin of a DID-authorized call, yielding the DID and the
		/// account that pays for it.
		type EnsureDidOrigin: EnsureOrigin<
			<Self as frame_system::Config>::RuntimeOrigin,
			Success = DidOrigin<Self::AccountId>,
		>;

		/// Which DIDs are live: grants and requests name live DIDs only.
		type Dids: DidLookup<BlockNumberFor<Self>>;

		/// The chain's time, in Unix milliseconds, for grants that expire at a time.
		type Time: Time<Moment = u64>;

		type RuntimeHoldReason: From<HoldReason>;

		/// Holds deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// Deposit for a grant, held from the grantor's submitter.
		#[pallet::constant]
		type GrantDeposit: Get<BalanceOf<Self>>;
		/// Deposit for a request, held from the requester's submitter; it is what a
		/// spam request costs.
		#[pallet::constant]
		type RequestDeposit: Get<BalanceOf<Self>>;
		/// Deposit for an allow- or deny-list entry.
		#[pallet::constant]
		type ContactDeposit: Get<BalanceOf<Self>>;
		/// Blocks a request may be accepted in after it was filed.
		#[pallet::constant]
		type RequestLifetime: Get<BlockNumberFor<Self>>;

		type WeightInfo: WeightInfo;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a grant.
		Grant,
		/// The deposit of a pending request.
		Request,
		/// The deposit of an allow- or deny-list entry.
		Contact,
	}

	/// Grants in force or expired but not yet reaped: grantor → grantee → scope.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, DidId>,
			NMapKey<Blake2_128Concat, DidId>,
			NMapKey<Blake2_128Concat, ConsentScope>,
		),
		GrantOf<T>,
	>;

	/// Pending requests: recipient → requester. One per pair.
	#[pallet::storage]
	pub type Requests<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DidId, Blake2_128Concat, DidId, RequestOf<T>>;

	/// Allow and deny lists: owner → contact.
	#[pallet::storage]
	pub type Contacts<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DidId, Blake2_128Concat, DidId, ContactEntryOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `grantor` granted (or renewed) `scope` to `grantee`.
		Granted {
			grantor: DidId,
			grantee: DidId,
			scope: ConsentScope,
			expiry: Option<ExpiryOf<T>>,
			receipt_hash: H256,
		},
		/// `grantor` withdrew `scope` from `grantee`.
		Revoked { grantor: DidId, grantee: DidId, scope: ConsentScope },
		/// An expired grant, or one of a DID no longer live, was removed.
		GrantReaped { grantor: DidId, grantee: DidId, scope: ConsentScope },
		/// `requester` asked `recipient` for `scope`.
		Requested {
			recipient: DidId,
			requester: DidId,
			scope: ConsentScope,
			note_hash: H256,
			expires_at: BlockNumberFor<T>,
		},
		/// `recipient` accepted the request; a grant was made.
		RequestAccepted { recipient: DidId, requester: DidId, scope: ConsentScope },
		/// `recipient` rejected the request; `burned` of its deposit was burned.
		RequestRejected { recipient: DidId, requester: DidId, burned: BalanceOf<T> },
		/// The requester withdrew its request.
		RequestCancelled { recipient: DidId, requester: DidId },
		/// An expired request was removed; its deposit returned.
		RequestReaped { recipient: DidId, requester: DidId },
		/// `owner` put `contact` on its deny list.
		ContactDenied { owner: DidId, contact: DidId },
		/// `owner` put `contact` on its allow list.
		ContactAllowed { owner: DidId, contact: DidId },
		/// `owner` took `contact` off its lists.
		ContactCleared { owner: DidId, contact: DidId },
		/// An entry whose owner or contact is no longer live was removed.
		ContactReaped { owner: DidId, contact: DidId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A DID cannot grant to, request from or list itself.
		SelfReference,
		/// The other DID is not live.
		UnknownDid,
		/// The expiry has already passed.
		ExpiryInPast,
		/// No grant for this grantee and scope.
		GrantNotFound,
		/// The grant is in force and both DIDs are live: only the grantor may remove it.
		GrantStillValid,
		/// The other DID is on the caller's deny list: clear it first.
		ContactIsDenied,
		/// The caller is on the recipient's deny list.
		RequesterDenied,
		/// A request to this recipient is pending and has not expired.
		RequestPending,
		/// A grant in force already covers the requested scope.
		AlreadyGranted,
		/// No request from this requester.
		RequestNotFound,
		/// The request has expired; it can only be reaped.
		RequestExpired,
		/// The request has not expired yet.
		RequestNotExpired,
		/// The contact is on neither list.
		ContactNotFound,
		/// The contact already has this status.
		ContactUnchanged,
		/// Both the owner and the contact are live: only the owner may clear the entry.
		ContactStillLive,
		/// The account cannot pay the deposit.
		InsufficientFunds,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			crate::try_state::check::<T>()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Grants `scope` to `grantee`, until `expiry` (or until revoked), committing to
		/// the off-chain consent receipt by `receipt_hash`. Granting a scope again
		/// renews it with the new expiry and receipt.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::grant())]
		pub fn grant(
			origin: OriginFor<T>,
			grantee: DidId,
			scope: ConsentScope,
			expiry: Option<ExpiryOf<T>>,
			receipt_hash: H256,
		) -> DispatchResult {
			let DidOrigin { did: grantor, submitter } = T::EnsureDidOrigin::ensure_origin(origin)?;
			Self::ensure_counterpart(&grantor, &grantee)?;
			ensure!(!Self::is_denied(&grantor, &grantee), Error::<T>::ContactIsDenied);
			Self::put_grant(grantor, grantee, scope, expiry, receipt_hash, submitter)
		}

		/// Withdraws `scope` from `grantee`, from this block on; the deposit returns.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, grantee: DidId, scope: ConsentScope) -> DispatchResult {
			let DidOrigin { did: grantor, .. } = T::EnsureDidOrigin::ensure_origin(origin)?;
			let grant =
				Grants::<T>::take((grantor, grantee, scope)).ok_or(Error::<T>::GrantNotFound)?;
			grant.deposit.release::<T::Currency>(&HoldReason::Grant.into());
			Self::deposit_event(Event::Revoked { grantor, grantee, scope });
			Ok(())
		}

		/// Asks `recipient` for `scope`, with a note committed by `note_hash`; holds
		/// `RequestDeposit`. An expired request to the same recipient is replaced.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::request())]
		pub fn request(
			origin: OriginFor<T>,
			recipient: DidId,
			scope: ConsentScope,
			note_hash: H256,
		) -> DispatchResult {
			let DidOrigin { did: requester, submitter } =
				T::EnsureDidOrigin::ensure_origin(origin)?;
			Self::ensure_counterpart(&requester, &recipient)?;
			ensure!(!Self::is_denied(&recipient, &requester), Error::<T>::RequesterDenied);
			ensure!(
				Self::consent_of(&recipient, &requester, &scope).0 != ConsentState::Granted,
				Error::<T>::AlreadyGranted
			);
			let now = frame_system::Pallet::<T>::block_number();
			if let Some(previous) = Requests::<T>::get(recipient, requester) {
				ensure!(now >= previous.expires_at, Error::<T>::RequestPending);
				previous.deposit.release::<T::Currency>(&HoldReason::Request.into());
			}
			let deposit = Deposit::hold::<T::Currency>(
				&HoldReason::Request.into(),
				submitter,
				T::RequestDeposit::get(),
			)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
			let expires_at = now.saturating_add(T::RequestLifetime::get());
			Requests::<T>::insert(
				recipient,
				requester,
				ConsentRequest { scope, note_hash, filed_at: now, expires_at, deposit },
			);
			Self::deposit_event(Event::Requested {
				recipient,
				requester,
				scope,
				note_hash,
				expires_at,
			});
			Ok(())
		}

		/// Accepts `requester`'s request: grants the requested scope until `expiry`,
		/// with `receipt_hash`, and returns the request's deposit.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::accept())]
		pub fn accept(
			origin: OriginFor<T>,
			requester: DidId,
			expiry: Option<ExpiryOf<T>>,
			receipt_hash: H256,
		) -> DispatchResult {
			let DidOrigin { did: recipient, submitter } =
				T::EnsureDidOrigin::ensure_origin(origin)?;
			let request =
				Requests::<T>::get(recipient, requester).ok_or(Error::<T>::RequestNotFound)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now < request.expires_at, Error::<T>::RequestExpired);
			ensure!(T::Dids::is_active(&requester), Error::<T>::UnknownDid);
			ensure!(!Self::is_denied(&recipient, &requester), Error::<T>::ContactIsDenied);
			Requests::<T>::remove(recipient, requester);
			request.deposit.release::<T::Currency>(&HoldReason::Request.into());
			Self::put_grant(recipient, requester, request.scope, expiry, receipt_hash, submitter)?;
			Self::deposit_event(Event::RequestAccepted {
				recipient,
				requester,
				scope: request.scope,
			});
			Ok(())
		}

		/// Rejects `requester`'s pending request. Its deposit returns to the requester,
		/// or is burned if `spam`: a spammer pays for every request it files.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::reject())]
		pub fn reject(origin: OriginFor<T>, requester: DidId, spam: bool) -> DispatchResult {
			let DidOrigin { did: recipient, .. } = T::EnsureDidOrigin::ensure_origin(origin)?;
			let request =
				Requests::<T>::take(recipient, requester).ok_or(Error::<T>::RequestNotFound)?;
			// An expired request is the requester's to take back, not the recipient's to burn.
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now < request.expires_at, Error::<T>::RequestExpired);
			let burned = if spam {
				request
					.deposit
					.forfeit::<T::Currency>(&HoldReason::Request.into(), request.deposit.amount)
			} else {
				request.deposit.release::<T::Currency>(&HoldReason::Request.into());
				Default::default()
			};
			Self::deposit_event(Event::RequestRejected { recipient, requester, burned });
			Ok(())
		}

		/// Withdraws the caller's request to `recipient`; the deposit returns.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::cancel_request())]
		pub fn cancel_request(origin: OriginFor<T>, recipient: DidId) -> DispatchResult {
			let DidOrigin { did: requester, .. } = T::EnsureDidOrigin::ensure_origin(origin)?;
			let request =
				Requests::<T>::take(recipient, requester).ok_or(Error::<T>::RequestNotFound)?;
			request.deposit.release::<T::Currency>(&HoldReason::Request.into());
			Self::deposit_event(Event::RequestCancelled { recipient, requester });
			Ok(())
		}

		/// Puts `contact` on the caller's deny list: it may do nothing with the caller,
		/// whatever it was granted.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_contact())]
		pub fn deny(origin: OriginFor<T>, contact: DidId) -> DispatchResult {
			let DidOrigin { did: owner, submitter } = T::EnsureDidOrigin::ensure_origin(origin)?;
			Self::set_contact(owner, contact, ContactStatus::Denied, submitter)?;
			Self::deposit_event(Event::ContactDenied { owner, contact });
			Ok(())
		}

		/// Puts `contact` on the caller's allow list: it may message the caller
		/// without a grant.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_contact())]
		pub fn allow(origin: OriginFor<T>, contact: DidId) -> DispatchResult {
			let DidOrigin { did: owner, submitter } = T::EnsureDidOrigin::ensure_origin(origin)?;
			Self::set_contact(owner, contact, ContactStatus::Allowed, submitter)?;
			Self::deposit_event(Event::ContactAllowed { owner, contact });
			Ok(())
		}

		/// Takes `contact` off the caller's allow or deny list; the deposit returns.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::clear_contact())]
		pub fn clear_contact(origin: OriginFor<T>, contact: DidId) -> DispatchResult {
			let DidOrigin { did: owner, .. } = T::EnsureDidOrigin::ensure_origin(origin)?;
			let entry = Contacts::<T>::take(owner, contact).ok_or(Error::<T>::ContactNotFound)?;
			entry.deposit.release::<T::Currency>(&HoldReason::Contact.into());
			Self::deposit_event(Event::ContactCleared { owner, contact });
			Ok(())
		}

		/// Removes a grant that has expired, or whose grantor or grantee is no longer
		/// a live DID; anyone may call it. The deposit returns to whoever paid it.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reap_grant())]
		pub fn reap_grant(
			origin: OriginFor<T>,
			grantor: DidId,
			grantee: DidId,
			scope: ConsentScope,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let grant =
				Grants::<T>::get((grantor, grantee, scope)).ok_or(Error::<T>::GrantNotFound)?;
			let (now, now_ms) = Self::now();
			ensure!(
				!grant.is_valid_at(&now, now_ms)
					|| !T::Dids::is_active(&grantor)
					|| !T::Dids::is_active(&grantee),
				Error::<T>::GrantStillValid
			);
			Grants::<T>::remove((grantor, grantee, scope));
			grant.deposit.release::<T::Currency>(&HoldReason::Grant.into());
			Self::deposit_event(Event::GrantReaped { grantor, grantee, scope });
			Ok(())
		}

		/// Removes an expired request; anyone may call it. The deposit returns to the
		/// requester's payer.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::reap_request())]
		pub fn reap_request(
			origin: OriginFor<T>,
			recipient: DidId,
			requester: DidId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let request =
				Requests::<T>::get(recipient, requester).ok_or(Error::<T>::RequestNotFound)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= request.expires_at, Error::<T>::RequestNotExpired);
			Requests::<T>::remove(recipient, requester);
			request.deposit.release::<T::Currency>(&HoldReason::Request.into());
			Self::deposit_event(Event::RequestReaped { recipient, requester });
			Ok(())
		}

		/// Removes an allow- or deny-list entry when its owner or its contact is no longer
		/// a live DID (a deactivated DID can never clear its own lists); anyone may call
		/// it. The deposit returns to whoever paid it.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::reap_contact())]
		pub fn reap_contact(origin: OriginFor<T>, owner: DidId, contact: DidId) -> DispatchResult {
			ensure_signed(origin)?;
			let entry = Contacts::<T>::get(owner, contact).ok_or(Error::<T>::ContactNotFound)?;
			ensure!(
				!T::Dids::is_active(&owner) || !T::Dids::is_active(&contact),
				Error::<T>::ContactStillLive
			);
			Contacts::<T>::remove(owner, contact);
			entry.deposit.release::<T::Currency>(&HoldReason::Contact.into());
			Self::deposit_event(Event::ContactReaped { owner, contact });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The current block and time.
		fn now() -> (BlockNumberFor<T>, u64) {
			(frame_system::Pallet::<T>::block_number(), T::Time::now())
		}

		fn ensure_counterpart(caller: &DidId, other: &DidId) -> DispatchResult {
			ensure!(caller != other, Error::<T>::SelfReference);
			ensure!(T::Dids::is_active(other), Error::<T>::UnknownDid);
			Ok(())
		}

		fn is_denied(owner: &DidId, contact: &DidId) -> bool {
			Contacts::<T>::get(owner, contact)
				.is_some_and(|entry| entry.status == ContactStatus::Denied)
		}

		/// Stores a grant, or renews an existing one (which keeps its deposit).
		fn put_grant(
			grantor: DidId,
			grantee: DidId,
			scope: ConsentScope,
			expiry: Option<ExpiryOf<T>>,
			receipt_hash: H256,
			payer: T::AccountId,
		) -> DispatchResult {
			let (now, now_ms) = Self::now();
			ensure!(
				expiry.as_ref().is_none_or(|expiry| !expiry.has_passed(&now, now_ms)),
				Error::<T>::ExpiryInPast
			);
			let deposit = match Grants::<T>::get((grantor, grantee, scope)) {
				Some(existing) => existing.deposit,
				None => Deposit::hold::<T::Currency>(
					&HoldReason::Grant.into(),
					payer,
					T::GrantDeposit::get(),
				)
				.map_err(|_| Error::<T>::InsufficientFunds)?,
			};
			Grants::<T>::insert(
				(grantor, grantee, scope),
				Grant { granted_at: now, expiry, receipt_hash, deposit },
			);
			Self::deposit_event(Event::Granted { grantor, grantee, scope, expiry, receipt_hash });
			Ok(())
		}

		fn set_contact(
			owner: DidId,
			contact: DidId,
			status: ContactStatus,
			payer: T::AccountId,
		) -> DispatchResult {
			Self::ensure_counterpart(&owner, &contact)?;
			let deposit = match Contacts::<T>::get(owner, contact) {
				Some(entry) => {
					ensure!(entry.status != status, Error::<T>::ContactUnchanged);
					entry.deposit
				},
				None => Deposit::hold::<T::Currency>(
					&HoldReason::Contact.into(),
					payer,
					T::ContactDeposit::get(),
				)
				.map_err(|_| Error::<T>::InsufficientFunds)?,
			};
			Contacts::<T>::insert(owner, contact, ContactEntry { status, deposit });
			Ok(())
		}

		/// Whether `grantee` may do `scope` with `grantor` now, and the grant that
		/// decided it. Reads the contact entry and at most two grants.
		pub fn consent_of(
			grantor: &DidId,
			grantee: &DidId,
			scope: &ConsentScope,
		) -> (ConsentState, Option<(ConsentScope, GrantOf<T>)>) {
			let contact = Contacts::<T>::get(grantor, grantee).map(|entry| entry.status);
			if contact == Some(ContactStatus::Denied) {
				return (ConsentState::Denied, None);
			}
			let (now, now_ms) = Self::now();
			let mut expired = None;
			for candidate in scope.permitted_by() {
				if let Some(grant) = Grants::<T>::get((grantor, grantee, candidate)) {
					if grant.is_valid_at(&now, now_ms) {
						return (ConsentState::Granted, Some((candidate, grant)));
					}
					expired.get_or_insert((candidate, grant));
				}
			}
			if contact == Some(ContactStatus::Allowed) && scope.is_messaging() {
				return (ConsentState::Allowed, None);
			}
			match expired {
				Some(grant) => (ConsentState::Expired, Some(grant)),
				None => (ConsentState::Absent, None),
			}
		}

		/// The grants `grantor` made, after `start_after`, at most `limit`.
		pub fn grants_of(
			grantor: DidId,
			start_after: Option<(DidId, ConsentScope)>,
			limit: u32,
		) -> Vec<(DidId, ConsentScope, GrantOf<T>)> {
			let iter = match start_after {
				Some((grantee, scope)) => Grants::<T>::iter_prefix_from(
					(grantor,),
					Grants::<T>::hashed_key_for((grantor, grantee, scope)),
				),
				None => Grants::<T>::iter_prefix((grantor,)),
			};
			iter.take(limit as usize)
				.map(|((grantee, scope), grant)| (grantee, scope, grant))
				.collect()
		}
	}

	impl<T: Config> ConsentCheck for Pallet<T> {
		fn consent(grantor: &DidId, grantee: &DidId, scope: &ConsentScope) -> ConsentState {
			Self::consent_of(grantor, grantee, scope).0
		}
	}
}

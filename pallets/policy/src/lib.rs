//! # Policy pallet
//!
//! The rules an envelope must meet before the chain commits to it, and the budget a DID
//! has in the off-chain (statement) store:
//!
//! - **Chain-wide parameters** ([`Parameters`]), set by governance
//!   ([`Pallet::set_parameters`]): the default inbox mode, the rate-limit window, the
//!   envelopes a sender may commit per window (in all, per recipient, and to how many
//!   distinct recipients), the largest payload, retention, and the largest store
//!   allowance. Until governance sets them they are `Config::DefaultParameters`.
//! - **Inbox policies** ([`Inboxes`]): a DID chooses who may write to its inbox
//!   (`Open`, `ConsentRequired`, `Closed`) and may make the chain's limits stricter for
//!   itself, never looser ([`Pallet::set_inbox_policy`]). When governance lowers a limit
//!   below a policy's, the lower one applies: the rules in force are always the minimum
//!   of the two ([`Pallet::effective_policy`]).
//! - **Rate limits** ([`Usage`]): one bounded record per sender counts what it sent in
//!   the current window. Windows are aligned (`block / window`); a record of an earlier
//!   window counts as empty and is overwritten by the next send, so nothing has to walk
//!   storage to reset it. (When governance changes the window length, a record whose
//!   index happens to equal the new window's keeps counting: at worst a sender is
//!   limited early, until that window ends.)
//! - **Store allowances** ([`StoreAllowances`]): a DID names one account whose statements
//!   the Substrate statement store admits on its behalf, up to a number of statements and
//!   bytes ([`Pallet::set_store_allowance`]). The allowance is written where the store
//!   reads it (`sp_statement_store::increase_allowance_by`); several DIDs may fund one
//!   account, and their allowances add up. A DID's deactivation withdraws its allowance
//!   in the same call (`OnDidDeactivated`). An account can also buy an allowance for
//!   itself with no DID ([`AccountAllowances`], [`Pallet::set_own_store_allowance`]), so
//!   that a device posts (and pays for private-mode commitments) from an account that no
//!   DID call names; it adds up with what DIDs gave the account. What still links the
//!   account to its user (the transfers that fund it, timing, the IP address it posts
//!   from) is the user's to avoid.
//! - **Deposits**: whoever creates an inbox policy or a store allowance pays a deposit,
//!   held through `fungible::hold` and released when it is removed. What else a
//!   deactivated DID left here is removed by anyone with [`Pallet::reap`], which returns
//!   the deposits to their owners.
//!
//! ## The check, in order
//!
//! The envelope pallet and store admission ask through
//! [`missive_primitives::policy::PolicyCheck`]; `can_send` reads a constant number of
//! items (the two DIDs' status, the parameters, the recipient's policy, one consent
//! answer and the sender's usage) and returns the first rule broken:
//!
//! 1. The sender is an active DID, else `SenderNotActive`.
//! 2. For a DID recipient: it is active, else `RecipientNotActive`. Unless it is the
//!    sender itself (its own inbox, e.g. for its other devices), consent is asked for the
//!    conversation's scope (or all messaging): `Denied` gives `SenderDenied` whatever the
//!    mode (the deny list overrides even an open inbox); then a `Closed` inbox gives
//!    `InboxClosed`, and a `ConsentRequired` one without a grant in force or an allow
//!    list entry gives `ConsentRequired`.
//! 3. The payload is at most the recipient's effective limit (the chain's for a blinded
//!    destination), else `PayloadTooLarge`.
//! 4. In the current window, the envelopes the sender sent plus those it sends now (one,
//!    or a batch's leaves) are at most `max_per_sender`, else `SenderRateLimited`.
//! 5. For a DID recipient, those it sent that recipient plus those it sends now are at
//!    most the inbox's effective `max_per_sender` (at most the chain's `max_per_pair`),
//!    else `PairRateLimited`; and a
//!    recipient new in this window fits in `max_recipients`, else `TooManyRecipients`.
//!
//! Blinded destinations hide the recipient, so only 1, 3 (chain limit) and 4 apply.
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
pub mod types;
pub mod weights;

pub use types::{AccountAllowance, Deposit, InboxRecord, SenderUsage, StoreAllowance};
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use codec::Encode;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use missive_primitives::{
		consent::{ConsentCheck, ConsentScope, ConsentState},
		did::{DidId, DidLookup, DidOrigin, OnDidDeactivated},
		policy::{
			Destination, EffectiveInboxPolicy, InboxMode, InboxPolicy, ParametersError,
			PolicyCheck, PolicyParameters, StoreAmount, Violation,
		},
	};
	use sp_core::H256;
	use sp_runtime::traits::{CheckedDiv, Saturating, Zero};
	use sp_statement_store::StatementAllowance;

	/// Balance of the currency deposits are held in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A deposit held by this pallet.
	pub type DepositOf<T> = Deposit<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// The chain-wide parameters, in this runtime's block numbers.
	pub type ParametersOf<T> = PolicyParameters<BlockNumberFor<T>>;
	/// A DID's inbox policy, in this runtime's block numbers.
	pub type InboxPolicyOf<T> = InboxPolicy<BlockNumberFor<T>>;
	/// The rules in force for an inbox, in this runtime's block numbers.
	pub type EffectiveInboxPolicyOf<T> = EffectiveInboxPolicy<BlockNumberFor<T>>;
	/// What [`Inboxes`] stores for a DID.
	pub type InboxRecordOf<T> =
		InboxRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// What [`Usage`] stores for a sender.
	pub type SenderUsageOf<T> = SenderUsage<BlockNumberFor<T>>;
	/// What [`StoreAllowances`] stores for a DID.
	pub type StoreAllowanceOf<T> =
		StoreAllowance<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// What [`AccountAllowances`] stores for an account.
	pub type AccountAllowanceOf<T> =
		AccountAllowance<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

	/// Version of the storage layout, for migrations.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Accepts the origin of a DID-authorized call, yielding the DID acting and the
		/// account that submitted the call (which pays the deposits).
		type EnsureDidOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = DidOrigin<Self::AccountId>,
		>;

		/// May change the chain-wide parameters (root in the runtime).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Which DIDs are active.
		type Dids: DidLookup<BlockNumberFor<Self>>;

		/// Whether a recipient lets a sender message it.
		type Consent: ConsentCheck;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Holds deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// Deposit for storing a DID's inbox policy.
		#[pallet::constant]
		type InboxPolicyDeposit: Get<BalanceOf<Self>>;
		/// Deposit per statement of a store allowance: the store keeps what the allowance
		/// admits, so the deposit grows with it.
		#[pallet::constant]
		type AllowanceDepositPerStatement: Get<BalanceOf<Self>>;
		/// Deposit per byte of a store allowance.
		#[pallet::constant]
		type AllowanceDepositPerByte: Get<BalanceOf<Self>>;
		/// The parameters in force until governance sets others. Must validate.
		#[pallet::constant]
		type DefaultParameters: Get<ParametersOf<Self>>;
		/// The most all store allowances may grant together ([`StoreGranted`]): within
		/// what every node's statement store holds, so that every holder's statements fit.
		#[pallet::constant]
		type MaxStoreGranted: Get<StoreAmount>;

		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a DID's inbox policy.
		InboxPolicyDeposit,
		/// The deposit of a DID's off-chain store allowance.
		StoreAllowanceDeposit,
		/// The deposit of a store allowance an account bought for itself.
		AccountAllowanceDeposit,
	}

	/// The chain-wide rules.
	#[pallet::storage]
	pub type Parameters<T: Config> =
		StorageValue<_, ParametersOf<T>, ValueQuery, T::DefaultParameters>;

	/// DIDs' own inbox policies.
	#[pallet::storage]
	pub type Inboxes<T: Config> = StorageMap<_, Blake2_128Concat, DidId, InboxRecordOf<T>>;

	/// What each sender committed in its latest window.
	#[pallet::storage]
	pub type Usage<T: Config> = StorageMap<_, Blake2_128Concat, DidId, SenderUsageOf<T>>;

	/// The off-chain store allowance each DID funds.
	#[pallet::storage]
	pub type StoreAllowances<T: Config> =
		StorageMap<_, Blake2_128Concat, DidId, StoreAllowanceOf<T>>;

	/// The off-chain store allowance each account bought for itself, with no DID.
	#[pallet::storage]
	pub type AccountAllowances<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AccountAllowanceOf<T>>;

	/// What all store allowances grant together, DIDs' and accounts' own: at most
	/// `Config::MaxStoreGranted`.
	#[pallet::storage]
	pub type StoreGranted<T: Config> = StorageValue<_, StoreAmount, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A DID set (or changed) its inbox policy.
		InboxPolicySet { did: DidId, policy: InboxPolicyOf<T> },
		/// A DID removed its inbox policy: the chain's defaults apply again.
		InboxPolicyCleared { did: DidId },
		/// Governance changed the chain-wide parameters.
		ParametersSet { parameters: ParametersOf<T> },
		/// The statement store now admits `account`'s statements on the DID's behalf, up
		/// to `max_count` statements and `max_size` bytes.
		StoreAllowanceSet { did: DidId, account: T::AccountId, max_count: u32, max_size: u32 },
		/// The DID's store allowance was withdrawn from `account` (removed, replaced or
		/// reaped).
		StoreAllowanceRemoved { did: DidId, account: T::AccountId },
		/// The state of a deactivated DID was removed and its deposits returned.
		Reaped { did: DidId },
		/// `account` bought itself a store allowance of `max_count` statements and
		/// `max_size` bytes, on top of what DIDs gave it. Names no DID.
		AccountAllowanceSet { account: T::AccountId, max_count: u32, max_size: u32 },
		/// `account`'s own store allowance was withdrawn (removed or replaced).
		AccountAllowanceRemoved { account: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A limit is above the chain's: an inbox policy may only be stricter.
		LimitNotStricter,
		/// A limit is zero: close the inbox instead.
		ZeroLimit,
		/// A retention is zero or above the chain's `max_retention`, or the default
		/// retention is above the maximum.
		InvalidRetention,
		/// The rate-limit window is zero blocks.
		ZeroWindow,
		/// `max_recipients` exceeds what a usage record can track.
		TooManyTrackedRecipients,
		/// The DID has no inbox policy.
		NoInboxPolicy,
		/// A store allowance must cover at least one statement and one byte.
		ZeroAllowance,
		/// The store allowance exceeds the chain's `max_store_count` or `max_store_size`.
		AllowanceTooLarge,
		/// The account's allowances, added up, would not fit in the statement store's
		/// counters.
		AllowanceOverflow,
		/// All store allowances together would grant more than the statement stores have
		/// room for (`Config::MaxStoreGranted`).
		StoreCapacityExceeded,
		/// The DID funds no store allowance, or the account bought none for itself.
		NoStoreAllowance,
		/// The DID is still active: only a deactivated DID's state may be reaped.
		DidStillActive,
		/// The DID has no inbox policy, usage record or store allowance.
		NothingToReap,
		/// The submitter (or the account buying its own allowance) cannot pay the deposit.
		InsufficientFunds,
	}

	/// Each reason parameters are refused is a pallet error of the same name.
	impl<T> From<ParametersError> for Error<T> {
		fn from(error: ParametersError) -> Self {
			match error {
				ParametersError::ZeroWindow => Error::ZeroWindow,
				ParametersError::ZeroLimit => Error::ZeroLimit,
				ParametersError::TooManyTrackedRecipients => Error::TooManyTrackedRecipients,
				ParametersError::InvalidRetention => Error::InvalidRetention,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Checks that `DefaultParameters` validate.
		fn integrity_test() {
			// The defaults are in force from genesis without going through `set_parameters`.
			if let Err(error) = T::DefaultParameters::get().validate() {
				panic!("`DefaultParameters` do not validate: {error:?}");
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			crate::try_state::check::<T>()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets the DID's inbox policy. Its limits may only be stricter than the chain's:
		/// `max_per_sender` within `1..=max_per_pair`, `max_payload_size` within
		/// `1..=max_payload_size`, `retention` within `1..=max_retention`. The submitter
		/// pays `InboxPolicyDeposit` the first time; an update keeps the deposit held.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_inbox_policy())]
		pub fn set_inbox_policy(origin: OriginFor<T>, policy: InboxPolicyOf<T>) -> DispatchResult {
			let caller = T::EnsureDidOrigin::ensure_origin(origin)?;
			Self::validate_policy(&policy, &Parameters::<T>::get())?;
			match Inboxes::<T>::get(caller.did) {
				Some(mut record) => {
					record.policy = policy;
					Inboxes::<T>::insert(caller.did, record);
				},
				None => Self::put_inbox(caller.did, policy, caller.submitter)?,
			}
			Self::deposit_event(Event::InboxPolicySet { did: caller.did, policy });
			Ok(())
		}

		/// Removes the DID's inbox policy and returns its deposit to whoever paid it.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::clear_inbox_policy())]
		pub fn clear_inbox_policy(origin: OriginFor<T>) -> DispatchResult {
			let caller = T::EnsureDidOrigin::ensure_origin(origin)?;
			let record = Inboxes::<T>::take(caller.did).ok_or(Error::<T>::NoInboxPolicy)?;
			record.deposit.release::<T::Currency>(&HoldReason::InboxPolicyDeposit.into());
			Self::deposit_event(Event::InboxPolicyCleared { did: caller.did });
			Ok(())
		}

		/// Sets the chain-wide parameters. Inbox policies looser than the new limits stay
		/// stored, but the new limits apply to them.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParametersOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			parameters.validate().map_err(Error::<T>::from)?;
			Parameters::<T>::put(&parameters);
			Self::deposit_event(Event::ParametersSet { parameters });
			Ok(())
		}

		/// Lets the statement store admit `account`'s statements on the DID's behalf, up to
		/// `max_count` statements and `max_size` bytes (each at least 1 and at most the
		/// chain's maximum). The submitter pays `max_count × AllowanceDepositPerStatement +
		/// max_size × AllowanceDepositPerByte`. A previous allowance of the DID is replaced:
		/// withdrawn from its account, its deposit returned to whoever paid it.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_store_allowance())]
		pub fn set_store_allowance(
			origin: OriginFor<T>,
			account: T::AccountId,
			max_count: u32,
			max_size: u32,
		) -> DispatchResult {
			let caller = T::EnsureDidOrigin::ensure_origin(origin)?;
			Self::validate_allowance(max_count, max_size)?;
			// Dispatch runs in a storage layer, so a failure below (the new deposit, an
			// overflow) also undoes the withdrawal of the old allowance.
			if let Some(old) = Self::take_store_allowance(&caller.did) {
				// Indexers follow allowances per account: say this one lost it.
				Self::deposit_event(Event::StoreAllowanceRemoved {
					did: caller.did,
					account: old.account,
				});
			}
			Self::put_store_allowance(
				caller.did,
				account.clone(),
				max_count,
				max_size,
				caller.submitter,
			)?;
			Self::deposit_event(Event::StoreAllowanceSet {
				did: caller.did,
				account,
				max_count,
				max_size,
			});
			Ok(())
		}

		/// Withdraws the DID's store allowance and returns its deposit.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_store_allowance())]
		pub fn remove_store_allowance(origin: OriginFor<T>) -> DispatchResult {
			let caller = T::EnsureDidOrigin::ensure_origin(origin)?;
			let allowance =
				Self::take_store_allowance(&caller.did).ok_or(Error::<T>::NoStoreAllowance)?;
			Self::deposit_event(Event::StoreAllowanceRemoved {
				did: caller.did,
				account: allowance.account,
			});
			Ok(())
		}

		/// Anyone removes what a deactivated DID left here (inbox policy, usage record,
		/// store allowance), returning the deposits to their owners. This is how that
		/// state goes away without a hook walking storage.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::reap())]
		pub fn reap(origin: OriginFor<T>, did: DidId) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(!T::Dids::is_active(&did), Error::<T>::DidStillActive);
			let inbox = Inboxes::<T>::take(did);
			let usage = Usage::<T>::take(did);
			let allowance = Self::take_store_allowance(&did);
			ensure!(
				inbox.is_some() || usage.is_some() || allowance.is_some(),
				Error::<T>::NothingToReap
			);
			if let Some(record) = inbox {
				record.deposit.release::<T::Currency>(&HoldReason::InboxPolicyDeposit.into());
			}
			if let Some(allowance) = allowance {
				Self::deposit_event(Event::StoreAllowanceRemoved {
					did,
					account: allowance.account,
				});
			}
			Self::deposit_event(Event::Reaped { did });
			Ok(())
		}

		/// Lets the statement store admit the signer's own statements, up to `max_count`
		/// statements and `max_size` bytes (the same bounds and deposit as
		/// [`Self::set_store_allowance`]), paid by the signer and added to what DIDs gave
		/// it. No DID is involved, so nothing on chain ties the account to one: a device
		/// can post from it without naming its DID. A previous own allowance is replaced.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_own_store_allowance())]
		pub fn set_own_store_allowance(
			origin: OriginFor<T>,
			max_count: u32,
			max_size: u32,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::validate_allowance(max_count, max_size)?;
			// As in `set_store_allowance`, a failure below also undoes the withdrawal.
			if Self::take_account_allowance(&account).is_some() {
				Self::deposit_event(Event::AccountAllowanceRemoved { account: account.clone() });
			}
			Self::put_account_allowance(account.clone(), max_count, max_size)?;
			Self::deposit_event(Event::AccountAllowanceSet { account, max_count, max_size });
			Ok(())
		}

		/// Withdraws the signer's own store allowance and returns its deposit. What DIDs
		/// gave the account stays.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::remove_own_store_allowance())]
		pub fn remove_own_store_allowance(origin: OriginFor<T>) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::take_account_allowance(&account).ok_or(Error::<T>::NoStoreAllowance)?;
			Self::deposit_event(Event::AccountAllowanceRemoved { account });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The chain-wide parameters in force.
		pub fn parameters() -> ParametersOf<T> {
			Parameters::<T>::get()
		}

		/// The rules in force for `did`'s inbox: its policy capped by the chain's limits,
		/// or the chain's defaults if it set none.
		pub fn effective_policy(did: &DidId) -> EffectiveInboxPolicyOf<T> {
			Self::effective_policy_with(did, &Parameters::<T>::get())
		}

		/// The deposit a store allowance of `max_count` statements and `max_size` bytes
		/// takes.
		pub fn allowance_deposit(max_count: u32, max_size: u32) -> BalanceOf<T> {
			T::AllowanceDepositPerStatement::get()
				.saturating_mul(max_count.into())
				.saturating_add(T::AllowanceDepositPerByte::get().saturating_mul(max_size.into()))
		}

		/// [`Self::effective_policy`] with the parameters already read.
		fn effective_policy_with(
			did: &DidId,
			parameters: &ParametersOf<T>,
		) -> EffectiveInboxPolicyOf<T> {
			match Inboxes::<T>::get(did) {
				Some(InboxRecord { policy, .. }) => EffectiveInboxPolicy {
					mode: policy.mode,
					max_per_sender: policy
						.max_per_sender
						.map_or(parameters.max_per_pair, |limit| {
							limit.min(parameters.max_per_pair)
						}),
					max_payload_size: policy
						.max_payload_size
						.map_or(parameters.max_payload_size, |limit| {
							limit.min(parameters.max_payload_size)
						}),
					retention: policy.retention.map_or(parameters.default_retention, |blocks| {
						blocks.min(parameters.max_retention)
					}),
					custom: true,
				},
				None => EffectiveInboxPolicy {
					mode: parameters.default_mode,
					max_per_sender: parameters.max_per_pair,
					max_payload_size: parameters.max_payload_size,
					retention: parameters.default_retention,
					custom: false,
				},
			}
		}

		/// Checks that a policy's limits are within the chain's.
		fn validate_policy(
			policy: &InboxPolicyOf<T>,
			parameters: &ParametersOf<T>,
		) -> Result<(), Error<T>> {
			let within = |limit: Option<u32>, chain: u32| match limit {
				Some(0) => Err(Error::<T>::ZeroLimit),
				Some(limit) if limit > chain => Err(Error::<T>::LimitNotStricter),
				_ => Ok(()),
			};
			within(policy.max_per_sender, parameters.max_per_pair)?;
			within(policy.max_payload_size, parameters.max_payload_size)?;
			if let Some(retention) = policy.retention {
				ensure!(
					!retention.is_zero() && retention <= parameters.max_retention,
					Error::<T>::InvalidRetention
				);
			}
			Ok(())
		}

		/// Checks that a store allowance admits something and is within the chain's maximum.
		fn validate_allowance(max_count: u32, max_size: u32) -> DispatchResult {
			ensure!(max_count > 0 && max_size > 0, Error::<T>::ZeroAllowance);
			let parameters = Parameters::<T>::get();
			ensure!(
				max_count <= parameters.max_store_count && max_size <= parameters.max_store_size,
				Error::<T>::AllowanceTooLarge
			);
			Ok(())
		}

		/// Refuses to add to `key`'s allowance what the store's counters could not hold.
		fn ensure_store_room(key: &[u8], max_count: u32, max_size: u32) -> DispatchResult {
			// The store keeps one sum per account; refuse what it could not count, so that
			// withdrawing an allowance later takes away exactly what was granted.
			let total = sp_statement_store::get_allowance(key);
			ensure!(
				total.max_count.checked_add(max_count).is_some()
					&& total.max_size.checked_add(max_size).is_some(),
				Error::<T>::AllowanceOverflow
			);
			Ok(())
		}

		/// Stores a first inbox policy for `did`, holding its deposit from `owner`.
		pub(crate) fn put_inbox(
			did: DidId,
			policy: InboxPolicyOf<T>,
			owner: T::AccountId,
		) -> DispatchResult {
			let deposit = Deposit::hold::<T::Currency>(
				&HoldReason::InboxPolicyDeposit.into(),
				owner,
				T::InboxPolicyDeposit::get(),
			)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
			Inboxes::<T>::insert(did, InboxRecord { policy, deposit });
			Ok(())
		}

		/// Grants `did`'s store allowance to `account`, holding its deposit from `owner`.
		/// `did` must have none.
		pub(crate) fn put_store_allowance(
			did: DidId,
			account: T::AccountId,
			max_count: u32,
			max_size: u32,
			owner: T::AccountId,
		) -> DispatchResult {
			let deposit = Self::grant(
				&account,
				max_count,
				max_size,
				HoldReason::StoreAllowanceDeposit,
				owner,
			)?;
			StoreAllowances::<T>::insert(
				did,
				StoreAllowance { account, max_count, max_size, deposit },
			);
			Ok(())
		}

		/// Withdraws `did`'s store allowance, if any, and returns its deposit.
		pub(crate) fn take_store_allowance(did: &DidId) -> Option<StoreAllowanceOf<T>> {
			let allowance = StoreAllowances::<T>::take(did)?;
			Self::withdraw(
				&allowance.account,
				allowance.max_count,
				allowance.max_size,
				HoldReason::StoreAllowanceDeposit,
				&allowance.deposit,
			);
			Some(allowance)
		}

		/// Grants `account` an allowance it pays for itself. `account` must have none.
		pub(crate) fn put_account_allowance(
			account: T::AccountId,
			max_count: u32,
			max_size: u32,
		) -> DispatchResult {
			let deposit = Self::grant(
				&account,
				max_count,
				max_size,
				HoldReason::AccountAllowanceDeposit,
				account.clone(),
			)?;
			AccountAllowances::<T>::insert(
				account,
				AccountAllowance { max_count, max_size, deposit },
			);
			Ok(())
		}

		/// Withdraws `account`'s own allowance, if any, and returns its deposit.
		pub(crate) fn take_account_allowance(
			account: &T::AccountId,
		) -> Option<AccountAllowanceOf<T>> {
			let allowance = AccountAllowances::<T>::take(account)?;
			Self::withdraw(
				account,
				allowance.max_count,
				allowance.max_size,
				HoldReason::AccountAllowanceDeposit,
				&allowance.deposit,
			);
			Some(allowance)
		}

		/// Adds `max_count` statements and `max_size` bytes to `account`'s allowance in
		/// the statement store and to what all allowances grant ([`StoreGranted`], within
		/// `Config::MaxStoreGranted`), holding the deposit from `owner` for `reason`.
		fn grant(
			account: &T::AccountId,
			max_count: u32,
			max_size: u32,
			reason: HoldReason,
			owner: T::AccountId,
		) -> Result<DepositOf<T>, DispatchError> {
			let key = account.encode();
			Self::ensure_store_room(&key, max_count, max_size)?;
			let granted = StoreGranted::<T>::get().plus(max_count, max_size);
			ensure!(granted.fits_in(&T::MaxStoreGranted::get()), Error::<T>::StoreCapacityExceeded);
			let amount = Self::allowance_deposit(max_count, max_size);
			let deposit = Deposit::hold::<T::Currency>(&reason.into(), owner, amount)
				.map_err(|_| Error::<T>::InsufficientFunds)?;
			StoreGranted::<T>::put(granted);
			sp_statement_store::increase_allowance_by(
				&key,
				StatementAllowance::new(max_count, max_size),
			);
			Ok(deposit)
		}

		/// Undoes [`Self::grant`]: takes the allowance away again and returns `deposit`.
		fn withdraw(
			account: &T::AccountId,
			max_count: u32,
			max_size: u32,
			reason: HoldReason,
			deposit: &DepositOf<T>,
		) {
			StoreGranted::<T>::mutate(|granted| *granted = granted.minus(max_count, max_size));
			sp_statement_store::decrease_allowance_by(
				account.encode(),
				StatementAllowance::new(max_count, max_size),
			);
			deposit.release::<T::Currency>(&reason.into());
		}

		/// Index of the rate-limit window `now` is in.
		fn window_index(now: BlockNumberFor<T>, parameters: &ParametersOf<T>) -> BlockNumberFor<T> {
			// `window` is never zero: the parameters are validated when set.
			now.checked_div(&parameters.window).unwrap_or_else(Zero::zero)
		}

		/// `sender`'s usage in the window `now` is in; empty if its record is of another.
		fn current_usage(
			sender: &DidId,
			now: BlockNumberFor<T>,
			parameters: &ParametersOf<T>,
		) -> SenderUsageOf<T> {
			let window = Self::window_index(now, parameters);
			Usage::<T>::get(sender)
				.filter(|usage| usage.window == window)
				.unwrap_or_else(|| SenderUsage::empty(window))
		}

		/// Whether the recipient lets `sender` in: deny first, then the inbox's mode.
		fn check_admission(
			sender: &DidId,
			recipient: &DidId,
			conversation: Option<&H256>,
			mode: InboxMode,
		) -> Result<(), Violation> {
			let scope =
				conversation.map_or(ConsentScope::Messaging, |id| ConsentScope::Conversation(*id));
			let consent = T::Consent::consent(recipient, sender, &scope);
			ensure!(consent != ConsentState::Denied, Violation::SenderDenied);
			match mode {
				InboxMode::Open => Ok(()),
				InboxMode::Closed => Err(Violation::InboxClosed),
				InboxMode::ConsentRequired => {
					ensure!(consent.is_permitted(), Violation::ConsentRequired);
					Ok(())
				},
			}
		}
	}

	/// The checks, in the order the crate documentation gives.
	/// A deactivated DID stops funding statements at once: its store allowance is
	/// withdrawn and its deposit returned in the deactivating call. Its inbox policy
	/// and usage record admit nothing by themselves; `reap` removes them.
	impl<T: Config> OnDidDeactivated for Pallet<T> {
		fn on_deactivated(did: &DidId) -> DispatchResult {
			if let Some(allowance) = Self::take_store_allowance(did) {
				Self::deposit_event(Event::StoreAllowanceRemoved {
					did: *did,
					account: allowance.account,
				});
			}
			Ok(())
		}

		fn weight() -> Weight {
			T::WeightInfo::remove_store_allowance()
		}
	}

	impl<T: Config> PolicyCheck<BlockNumberFor<T>> for Pallet<T> {
		fn can_send(
			sender: &DidId,
			to: &Destination,
			conversation: Option<&H256>,
			size: u32,
			messages: u32,
			now: BlockNumberFor<T>,
		) -> Result<(), Violation> {
			ensure!(T::Dids::is_active(sender), Violation::SenderNotActive);
			let parameters = Parameters::<T>::get();
			// The recipient and the most it accepts from one sender, unless blinded.
			let pair_limit = match to {
				Destination::Did(recipient) => {
					ensure!(T::Dids::is_active(recipient), Violation::RecipientNotActive);
					let inbox = Self::effective_policy_with(recipient, &parameters);
					if sender != recipient {
						Self::check_admission(sender, recipient, conversation, inbox.mode)?;
					}
					ensure!(size <= inbox.max_payload_size, Violation::PayloadTooLarge);
					Some((recipient, inbox.max_per_sender))
				},
				Destination::Blinded(_) => {
					ensure!(size <= parameters.max_payload_size, Violation::PayloadTooLarge);
					None
				},
			};
			let usage = Self::current_usage(sender, now, &parameters);
			let within = |sent: u32, limit: u32| sent.saturating_add(messages) <= limit;
			ensure!(within(usage.sent, parameters.max_per_sender), Violation::SenderRateLimited);
			if let Some((recipient, limit)) = pair_limit {
				match usage.sent_to(recipient) {
					Some(sent) => ensure!(within(sent, limit), Violation::PairRateLimited),
					None => {
						ensure!(
							(usage.recipients.len() as u32) < parameters.max_recipients,
							Violation::TooManyRecipients
						);
						ensure!(within(0, limit), Violation::PairRateLimited);
					},
				}
			}
			Ok(())
		}

		fn note_sent(sender: &DidId, to: &Destination, messages: u32, now: BlockNumberFor<T>) {
			let mut usage = Self::current_usage(sender, now, &Parameters::<T>::get());
			usage.note(to.did(), messages);
			Usage::<T>::insert(sender, usage);
		}

		fn retention(to: &Destination) -> BlockNumberFor<T> {
			match to {
				Destination::Did(did) => Self::effective_policy(did).retention,
				Destination::Blinded(_) => Parameters::<T>::get().default_retention,
			}
		}
	}
}

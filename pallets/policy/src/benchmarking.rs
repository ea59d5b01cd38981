//! Benchmarks of every policy pallet call, each in its worst case.

use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use missive_primitives::{
	did::{DidId, DidLookup, DidOrigin},
	policy::{InboxMode, InboxPolicy, MAX_TRACKED_RECIPIENTS},
};
use sp_runtime::traits::{Bounded, Zero};

use crate::*;

fn fund<T: Config>(who: &T::AccountId) {
	T::Currency::set_balance(who, BalanceOf::<T>::max_value() / 4u32.into());
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	fund::<T>(&who);
	who
}

/// The DID origin the runtime makes for benchmarks, with the DID and the submitter
/// behind it; the submitter is funded.
fn did_origin<T: Config>() -> Result<(T::RuntimeOrigin, DidOrigin<T::AccountId>), BenchmarkError> {
	let origin =
		T::EnsureDidOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
	let caller = T::EnsureDidOrigin::try_origin(origin.clone())
		.map_err(|_| BenchmarkError::Stop("the DID origin's successful origin is refused"))?;
	fund::<T>(&caller.submitter);
	Ok((origin, caller))
}

/// A policy with every limit set, at the chain's: the largest record.
fn full_policy<T: Config>() -> InboxPolicyOf<T> {
	let parameters = Parameters::<T>::get();
	InboxPolicy {
		mode: InboxMode::ConsentRequired,
		max_per_sender: Some(parameters.max_per_pair),
		max_payload_size: Some(parameters.max_payload_size),
		retention: Some(parameters.max_retention),
	}
}

/// The parameters in force, changed if need be so that store allowances are possible
/// (a chain may start with none).
fn allowing_store<T: Config>() -> ParametersOf<T> {
	let mut parameters = Parameters::<T>::get();
	parameters.max_store_count = parameters.max_store_count.max(1);
	parameters.max_store_size = parameters.max_store_size.max(1);
	Parameters::<T>::put(&parameters);
	parameters
}

/// Gives `did` a usage record of the current window with every recipient tracked: the
/// largest record.
fn full_usage<T: Config>(did: DidId) {
	let parameters = Parameters::<T>::get();
	let now = frame_system::Pallet::<T>::block_number();
	let window: BlockNumberFor<T> =
		if parameters.window.is_zero() { Zero::zero() } else { now / parameters.window };
	let mut usage = SenderUsage::empty(window);
	for index in 0..MAX_TRACKED_RECIPIENTS {
		let mut recipient = [0u8; 32];
		recipient[..4].copy_from_slice(&index.to_le_bytes());
		usage.note(Some(&DidId(recipient)), 1);
	}
	Usage::<T>::insert(did, usage);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A first policy: the deposit is held.
	#[benchmark]
	fn set_inbox_policy() -> Result<(), BenchmarkError> {
		let (origin, caller) = did_origin::<T>()?;
		let policy = full_policy::<T>();

		#[extrinsic_call]
		_(origin, policy);

		assert_eq!(Inboxes::<T>::get(caller.did).map(|record| record.policy), Some(policy));
		Ok(())
	}

	#[benchmark]
	fn clear_inbox_policy() -> Result<(), BenchmarkError> {
		let (origin, caller) = did_origin::<T>()?;
		Pallet::<T>::put_inbox(caller.did, full_policy::<T>(), caller.submitter.clone())
			.map_err(|_| BenchmarkError::Stop("inbox policy deposit"))?;

		#[extrinsic_call]
		_(origin);

		assert!(!Inboxes::<T>::contains_key(caller.did));
		Ok(())
	}

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut parameters = Parameters::<T>::get();
		parameters.max_recipients = MAX_TRACKED_RECIPIENTS;

		#[extrinsic_call]
		_(origin, parameters.clone());

		assert_eq!(Parameters::<T>::get(), parameters);
		Ok(())
	}

	/// Replaces an allowance granted to another account, whose deposit another account
	/// paid: both allowances and both deposits change.
	#[benchmark]
	fn set_store_allowance() -> Result<(), BenchmarkError> {
		let (origin, caller) = did_origin::<T>()?;
		let parameters = allowing_store::<T>();
		let (max_count, max_size) = (parameters.max_store_count, parameters.max_store_size);
		Pallet::<T>::put_store_allowance(
			caller.did,
			account("old-account", 0, 0),
			max_count,
			max_size,
			funded::<T>("old-owner", 0),
		)
		.map_err(|_| BenchmarkError::Stop("old store allowance"))?;
		let new_account: T::AccountId = account("new-account", 0, 0);

		#[extrinsic_call]
		_(origin, new_account.clone(), max_count, max_size);

		let allowance = StoreAllowances::<T>::get(caller.did).expect("granted");
		assert_eq!(allowance.account, new_account);
		assert_eq!(allowance.deposit.owner, caller.submitter);
		Ok(())
	}

	#[benchmark]
	fn remove_store_allowance() -> Result<(), BenchmarkError> {
		let (origin, caller) = did_origin::<T>()?;
		let parameters = allowing_store::<T>();
		Pallet::<T>::put_store_allowance(
			caller.did,
			account("store-account", 0, 0),
			parameters.max_store_count,
			parameters.max_store_size,
			caller.submitter.clone(),
		)
		.map_err(|_| BenchmarkError::Stop("store allowance"))?;

		#[extrinsic_call]
		_(origin);

		assert!(!StoreAllowances::<T>::contains_key(caller.did));
		Ok(())
	}

	/// An inactive DID with an inbox policy, a full usage record and a store allowance,
	/// the two deposits paid by two accounts.
	#[benchmark]
	fn reap() -> Result<(), BenchmarkError> {
		// The DID of the benchmark DID origin is not registered in the runtime.
		let (_, caller) = did_origin::<T>()?;
		let did = caller.did;
		if T::Dids::is_active(&did) {
			return Err(BenchmarkError::Stop("the benchmark origin's DID is active"));
		}
		Pallet::<T>::put_inbox(did, full_policy::<T>(), funded::<T>("inbox-owner", 0))
			.map_err(|_| BenchmarkError::Stop("inbox policy deposit"))?;
		full_usage::<T>(did);
		let parameters = allowing_store::<T>();
		Pallet::<T>::put_store_allowance(
			did,
			account("store-account", 0, 0),
			parameters.max_store_count,
			parameters.max_store_size,
			funded::<T>("allowance-owner", 0),
		)
		.map_err(|_| BenchmarkError::Stop("store allowance"))?;
		let reaper = funded::<T>("reaper", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(reaper), did);

		assert!(!Inboxes::<T>::contains_key(did));
		assert!(!Usage::<T>::contains_key(did));
		assert!(!StoreAllowances::<T>::contains_key(did));
		Ok(())
	}

	/// Replaces the account's own allowance, both at the chain's maximum: the old one
	/// is withdrawn and its deposit released before the new one is held.
	#[benchmark]
	fn set_own_store_allowance() -> Result<(), BenchmarkError> {
		let parameters = allowing_store::<T>();
		let (max_count, max_size) = (parameters.max_store_count, parameters.max_store_size);
		let account = funded::<T>("own-account", 0);
		Pallet::<T>::put_account_allowance(account.clone(), max_count, max_size)
			.map_err(|_| BenchmarkError::Stop("old own store allowance"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(account.clone()), max_count, max_size);

		let allowance = AccountAllowances::<T>::get(&account).expect("granted");
		assert_eq!((allowance.max_count, allowance.max_size), (max_count, max_size));
		Ok(())
	}

	#[benchmark]
	fn remove_own_store_allowance() -> Result<(), BenchmarkError> {
		let parameters = allowing_store::<T>();
		let account = funded::<T>("own-account", 0);
		Pallet::<T>::put_account_allowance(
			account.clone(),
			parameters.max_store_count,
			parameters.max_store_size,
		)
		.map_err(|_| BenchmarkError::Stop("own store allowance"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(account.clone()));

		assert!(!AccountAllowances::<T>::contains_key(&account));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

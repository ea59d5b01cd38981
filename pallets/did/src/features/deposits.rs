//! Deposits: what a DID's record requires, and moving it to another payer.

use frame_support::{dispatch::DispatchResult, traits::Get};
use missive_primitives::did::{DidId, DidOrigin};
use sp_runtime::traits::Saturating;

use crate::{BalanceOf, Config, Deposit, DidRecordOf, Error, Event, HoldReason, Pallet};

impl<T: Config> Pallet<T> {
	/// [`Pallet::transfer_deposit`], authorized for `did`, whose record is `record`, by
	/// `caller`.
	pub(crate) fn do_transfer_deposit(
		caller: DidOrigin<T::AccountId>,
		did: DidId,
		mut record: DidRecordOf<T>,
	) -> DispatchResult {
		let reason = HoldReason::DidDeposit.into();
		let new =
			Deposit::hold::<T::Currency>(&reason, caller.submitter.clone(), record.deposit.amount)
				.map_err(|_| Error::<T>::InsufficientFunds)?;
		record.deposit.release::<T::Currency>(&reason);
		record.deposit = new;
		Self::put_record(did, record);
		Self::deposit_event(Event::DepositTransferred { did, owner: caller.submitter });
		Ok(())
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

	/// Holds or returns the difference between the held and the required deposit.
	pub(crate) fn settle_deposit(record: &mut DidRecordOf<T>) -> Result<(), Error<T>> {
		let required = Self::required_deposit(record);
		record
			.deposit
			.set_amount::<T::Currency>(&HoldReason::DidDeposit.into(), required)
			.map_err(|_| Error::<T>::InsufficientFunds)
	}
}

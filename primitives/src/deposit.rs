//! Deposits for state someone created, held through `fungible::MutateHold` under the
//! creating pallet's hold reason. One rule for every pallet: holding fails when the
//! owner cannot pay, and the pallet refuses the call with its own named error;
//! returning a deposit never fails the call that removes the state. A hold reason
//! belongs to one pallet, so what a deposit records is held in full: a shortfall would
//! be a bug, reported by `defensive!`, and the state goes all the same rather than
//! living on because its deposit could not be found.

use frame_support::{
	defensive,
	traits::{
		fungible::MutateHold,
		tokens::{Balance, Fortitude, Precision},
	},
};
use sp_runtime::DispatchError;

use crate::Deposit;

impl<AccountId, Amount: Balance> Deposit<AccountId, Amount> {
	/// Holds `amount` from `owner` under `reason`.
	pub fn hold<Currency: MutateHold<AccountId, Balance = Amount>>(
		reason: &Currency::Reason,
		owner: AccountId,
		amount: Amount,
	) -> Result<Self, DispatchError> {
		Currency::hold(reason, &owner, amount)?;
		Ok(Self { owner, amount })
	}

	/// Returns the whole deposit to its owner.
	pub fn release<Currency: MutateHold<AccountId, Balance = Amount>>(
		&self,
		reason: &Currency::Reason,
	) {
		Self::return_to::<Currency>(reason, &self.owner, self.amount);
	}

	/// Holds more from the owner, or returns part of the deposit, so that it becomes
	/// `required`. Fails, changing nothing, when the owner cannot pay the difference.
	pub fn set_amount<Currency: MutateHold<AccountId, Balance = Amount>>(
		&mut self,
		reason: &Currency::Reason,
		required: Amount,
	) -> Result<(), DispatchError> {
		if required > self.amount {
			Currency::hold(reason, &self.owner, required - self.amount)?;
		} else if self.amount > required {
			Self::return_to::<Currency>(reason, &self.owner, self.amount - required);
		}
		self.amount = required;
		Ok(())
	}

	/// Burns `amount` of the deposit (all of it at most) and returns the rest to its
	/// owner; gives what was burned.
	pub fn forfeit<Currency: MutateHold<AccountId, Balance = Amount>>(
		&self,
		reason: &Currency::Reason,
		amount: Amount,
	) -> Amount
	where
		AccountId: Clone,
	{
		let mut rest = self.clone();
		let burned = rest.burn::<Currency>(reason, amount);
		rest.release::<Currency>(reason);
		burned
	}

	/// Burns `amount` of the deposit (all of it at most); the rest stays held. Gives
	/// what was burned.
	pub fn burn<Currency: MutateHold<AccountId, Balance = Amount>>(
		&mut self,
		reason: &Currency::Reason,
		amount: Amount,
	) -> Amount {
		let amount = amount.min(self.amount);
		let burned = Currency::burn_held(
			reason,
			&self.owner,
			amount,
			Precision::BestEffort,
			Fortitude::Force,
		)
		.unwrap_or_else(|_| Amount::zero());
		if burned != amount {
			defensive!("a deposit to burn was not held in full");
		}
		self.amount -= amount;
		burned
	}

	fn return_to<Currency: MutateHold<AccountId, Balance = Amount>>(
		reason: &Currency::Reason,
		owner: &AccountId,
		amount: Amount,
	) {
		let released = Currency::release(reason, owner, amount, Precision::BestEffort);
		if released != Ok(amount) {
			defensive!("a deposit to return was not held in full");
		}
	}
}

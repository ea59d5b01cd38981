//! Social recovery: guardians that jointly replace a DID's authentication key.

use frame_support::{dispatch::DispatchResult, ensure, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use missive_primitives::did::{
	DidId, DidOrigin, DidPublicKey, DidVerificationKey, KeyId, KeyRelationship, RecoveryConfig,
};
use sp_runtime::{traits::Saturating, BoundedBTreeSet};

use crate::{
	Config, Deposit, DidKeys, DidRecordOf, Dids, Error, Event, HoldReason, LiveDids, Pallet,
	PendingRecoveries, PendingRecovery, PendingRecoveryOf,
};

impl<T: Config> Pallet<T> {
	/// [`Pallet::set_recovery`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_set_recovery(
		did: DidId,
		mut record: DidRecordOf<T>,
		config: Option<RecoveryConfig<BlockNumberFor<T>>>,
	) -> DispatchResult {
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

	/// [`Pallet::initiate_recovery`], by the DID-authorized `guardian`.
	pub(crate) fn do_initiate_recovery(
		guardian: DidOrigin<T::AccountId>,
		did: DidId,
		new_key: DidVerificationKey,
	) -> DispatchResult {
		let record = Self::live_record(&did)?;
		let config = record.recovery.as_ref().ok_or(Error::<T>::NoRecoveryConfig)?;
		ensure!(config.guardians.contains(&guardian.did), Error::<T>::NotGuardian);
		let now = frame_system::Pallet::<T>::block_number();
		let stale = match PendingRecoveries::<T>::get(did) {
			None => None,
			Some(pending)
				if pending.executable_at.is_none()
					&& now
						>= pending.initiated.saturating_add(T::RecoveryApprovalPeriod::get()) =>
			{
				Some(pending)
			},
			Some(_) => return Err(Error::<T>::RecoveryAlreadyPending.into()),
		};
		let new_key_id = DidPublicKey::from(new_key.clone()).id();
		ensure!(!DidKeys::<T>::contains_key(did, new_key_id), Error::<T>::KeyAlreadyExists);
		if let Some(stale) = stale {
			stale.deposit.release::<T::Currency>(&HoldReason::RecoveryDeposit.into());
			Self::deposit_event(Event::RecoveryExpired { did });
		}

		let deposit = Deposit::hold::<T::Currency>(
			&HoldReason::RecoveryDeposit.into(),
			guardian.submitter,
			T::RecoveryDeposit::get(),
		)
		.map_err(|_| Error::<T>::InsufficientFunds)?;
		let mut approvals = BoundedBTreeSet::new();
		approvals.try_insert(guardian.did).map_err(|_| Error::<T>::InvalidRecoveryConfig)?;
		let mut pending =
			PendingRecovery { new_key, initiated: now, approvals, executable_at: None, deposit };
		Self::deposit_event(Event::RecoveryInitiated { did, guardian: guardian.did, new_key_id });
		Self::schedule_if_approved(&did, config, &mut pending);
		PendingRecoveries::<T>::insert(did, pending);
		Ok(())
	}

	/// [`Pallet::approve_recovery`], by the DID-authorized `guardian`.
	pub(crate) fn do_approve_recovery(
		guardian: DidOrigin<T::AccountId>,
		did: DidId,
		new_key_id: KeyId,
	) -> DispatchResult {
		let record = Self::live_record(&did)?;
		let config = record.recovery.as_ref().ok_or(Error::<T>::NoRecoveryConfig)?;
		ensure!(config.guardians.contains(&guardian.did), Error::<T>::NotGuardian);
		let mut pending = PendingRecoveries::<T>::get(did).ok_or(Error::<T>::NoPendingRecovery)?;
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

	/// [`Pallet::cancel_recovery`], authorized for `did`.
	pub(crate) fn do_cancel_recovery(did: DidId) -> DispatchResult {
		let pending = PendingRecoveries::<T>::take(did).ok_or(Error::<T>::NoPendingRecovery)?;
		pending.deposit.release::<T::Currency>(&HoldReason::RecoveryDeposit.into());
		Self::deposit_event(Event::RecoveryCancelled { did });
		Ok(())
	}

	/// [`Pallet::complete_recovery`], submitted by anyone.
	pub(crate) fn do_complete_recovery(did: DidId) -> DispatchResult {
		let mut record = Self::live_record(&did)?;
		let pending = PendingRecoveries::<T>::get(did).ok_or(Error::<T>::NoPendingRecovery)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(pending.executable_at.is_some_and(|at| at <= now), Error::<T>::RecoveryNotReady);
		Self::make_room_for_recovery(&did, &mut record);
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
		pending.deposit.release::<T::Currency>(&HoldReason::RecoveryDeposit.into());
		PendingRecoveries::<T>::remove(did);
		Self::save(did, record, now);
		Self::deposit_event(Event::RecoveryCompleted { did, new_key_id: new });
		Ok(())
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
}

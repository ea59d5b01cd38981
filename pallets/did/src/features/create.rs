//! Creating a DID.

use frame_support::{dispatch::DispatchResult, ensure};
use missive_primitives::did::{DidDocument, DidId, DidSignature, KeyRelationship};
use sp_runtime::{traits::Zero, BoundedBTreeSet};

use crate::{
	Config, Deposit, DidCount, DidCreationOf, DidRecord, Dids, Error, Event, Pallet, Tombstones,
};

impl<T: Config> Pallet<T> {
	/// [`Pallet::create`], signed by `submitter`.
	pub(crate) fn do_create(
		submitter: T::AccountId,
		details: &DidCreationOf<T>,
		signature: DidSignature,
	) -> DispatchResult {
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
			Self::insert_key_agreement_key(did, &mut record, key.clone(), now)?;
		}
		Self::settle_deposit(&mut record)?;
		Self::put_record(did, record);
		DidCount::<T>::mutate(|count| *count = count.saturating_add(1));
		Self::deposit_event(Event::DidCreated { did, owner: submitter });
		Ok(())
	}
}

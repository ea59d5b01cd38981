//! A DID's keys: setting, adding, revoking and purging them, and the key records they
//! leave.

use alloc::vec::Vec;
use frame_support::{dispatch::DispatchResult, ensure, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use missive_primitives::did::{
	bounds::MAX_KEYS_PER_DID, DidEncryptionKey, DidId, DidPublicKey, DidVerificationKey, KeyId,
	KeyRecord, KeyRelationship,
};
use sp_runtime::traits::Saturating;

use crate::{Config, DidKeys, DidRecordOf, Error, Event, Pallet};

/// Key records a recovery leaves room for: the new authentication key, then the
/// assertion key and the device key its new owner adds (`missive did adopt`).
pub(crate) const RECOVERY_KEY_ROOM: u32 = 3;

impl<T: Config> Pallet<T> {
	/// [`Pallet::set_verification_key`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_set_verification_key(
		did: DidId,
		mut record: DidRecordOf<T>,
		relationship: KeyRelationship,
		key: DidVerificationKey,
	) -> DispatchResult {
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

	/// [`Pallet::add_key_agreement_key`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_add_key_agreement_key(
		did: DidId,
		mut record: DidRecordOf<T>,
		key: DidEncryptionKey,
	) -> DispatchResult {
		ensure!(
			(record.document.key_agreement.len() as u32)
				< <missive_primitives::did::bounds::MaxKeyAgreementKeys as Get<u32>>::get(),
			Error::<T>::TooManyKeyAgreementKeys
		);
		let now = frame_system::Pallet::<T>::block_number();
		Self::insert_key_agreement_key(did, &mut record, key, now)?;
		Self::settle_deposit(&mut record)?;
		Self::save(did, record, now);
		Ok(())
	}

	/// [`Pallet::revoke_key`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_revoke_key(
		did: DidId,
		mut record: DidRecordOf<T>,
		key_id: KeyId,
	) -> DispatchResult {
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

	/// [`Pallet::purge_key`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_purge_key(
		did: DidId,
		mut record: DidRecordOf<T>,
		key_id: KeyId,
	) -> DispatchResult {
		let key = DidKeys::<T>::get(did, key_id).ok_or(Error::<T>::KeyNotFound)?;
		let revoked = key.revoked.ok_or(Error::<T>::KeyStillActive)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(Self::retention_over(revoked, now), Error::<T>::KeyInRetention);
		Self::remove_key_record(&did, &key_id, &mut record);
		Self::settle_deposit(&mut record)?;
		Self::save(did, record, now);
		Ok(())
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

	/// Whether messages signed by a key revoked at block `revoked` are all past
	/// retention at block `now`.
	pub(crate) fn retention_over(revoked: BlockNumberFor<T>, now: BlockNumberFor<T>) -> bool {
		now >= revoked.saturating_add(T::KeyRetention::get())
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

	/// Records `key` as a key-agreement key of `did`, valid from `now`.
	pub(crate) fn insert_key_agreement_key(
		did: DidId,
		record: &mut DidRecordOf<T>,
		key: DidEncryptionKey,
		now: BlockNumberFor<T>,
	) -> Result<(), Error<T>> {
		let key_id = Self::insert_key(did, record, key.into(), KeyRelationship::KeyAgreement, now)?;
		record
			.document
			.key_agreement
			.try_insert(key_id)
			.map_err(|_| Error::<T>::TooManyKeyAgreementKeys)?;
		Ok(())
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

	/// Makes room for a recovery ([`RECOVERY_KEY_ROOM`] free key slots): the owner may
	/// have lost the key it would need to purge one, and the DID must work again once
	/// recovered. The keys revoked longest ago go: those past retention first, then,
	/// if that is not enough room, the ones nearest the end of theirs (what they signed
	/// no longer verifies), as recovering the DID comes first. Reads the DID's key
	/// records once (at most `MAX_KEYS_PER_DID`).
	pub(crate) fn make_room_for_recovery(did: &DidId, record: &mut DidRecordOf<T>) {
		let excess = record.key_count.saturating_sub(MAX_KEYS_PER_DID - RECOVERY_KEY_ROOM);
		if excess == 0 {
			return;
		}
		let mut revoked: Vec<_> = DidKeys::<T>::iter_prefix(did)
			.take(MAX_KEYS_PER_DID as usize)
			.filter_map(|(key_id, key)| Some((key.revoked?, key_id)))
			.collect();
		revoked.sort();
		for (_, key_id) in revoked.into_iter().take(excess as usize) {
			Self::remove_key_record(did, &key_id, record);
		}
	}
}

//! Acting as a DID: calls it authorizes with its signature, and the origin checks of the
//! calls that take such an origin.

use alloc::boxed::Box;
use codec::Encode;
use frame_support::{
	dispatch::{DispatchResultWithPostInfo, GetDispatchInfo},
	ensure,
	traits::{EnsureOrigin, Get},
	weights::Weight,
};
use frame_system::pallet_prelude::{BlockNumberFor, OriginFor};
use missive_primitives::did::{DidId, DidOrigin, DidSignature, DidVerificationKey, SignatureError};
use sp_runtime::{
	traits::{Dispatchable, Saturating, Zero},
	DispatchError,
};

use crate::{
	Config, DidAuthorizedCallOf, DidCallRole, DidRecordOf, Dids, Error, Event, Pallet, WeightInfo,
};

impl<T: Config> Pallet<T> {
	/// [`Pallet::submit_did_call`], signed by `submitter`.
	pub(crate) fn do_submit_did_call(
		submitter: T::AccountId,
		call: Box<DidAuthorizedCallOf<T>>,
		signature: DidSignature,
	) -> DispatchResultWithPostInfo {
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

	/// Checks that `origin` is the DID `did` or one of its controllers, acting
	/// through a DID-authorized call.
	pub(crate) fn authorize(
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

	pub(crate) fn verify(
		key: &DidVerificationKey,
		payload: &[u8],
		signature: &DidSignature,
	) -> Result<(), Error<T>> {
		key.verify(payload, signature).map_err(|e| match e {
			SignatureError::SchemeMismatch => Error::<T>::SignatureSchemeMismatch,
			SignatureError::Invalid => Error::<T>::InvalidSignature,
		})
	}
}

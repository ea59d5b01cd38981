//! Benchmarks of every DID pallet call, each in its worst case.

use alloc::{boxed::Box, vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Get};
use frame_system::RawOrigin;
use missive_primitives::did::{
	bounds::{
		MaxControllers, MaxKeyAgreementKeys, MaxRecoveryGuardians, MaxServices, MAX_KEYS_PER_DID,
	},
	DidAuthorizedCall, DidCreation, DidDocument, DidEncryptionKey, DidId, DidOrigin, DidPublicKey,
	DidSignature, DidVerificationKey, KeyRecord, KeyRelationship, RecoveryConfig, ServiceEndpoint,
};
use sp_core::{crypto::KeyTypeId, ConstU32};
use sp_runtime::{
	traits::{Bounded, Saturating, Zero},
	BoundedBTreeSet, BoundedVec,
};

use crate::*;

const KEY_TYPE: KeyTypeId = KeyTypeId(*b"mdid");
/// The longest inner call `submit_did_call` is measured with, in bytes: its signature
/// covers the call's encoding, so the check grows with it. Up to here the growth is
/// linear; longer calls extrapolate the line, which overprices them (measured up to
/// 1 MiB, an sr25519 check took 4.7 ms where the line of this range gives 5.0 ms), while
/// a wider range bent the line and tripled the price of the usual small call.
const LARGEST_BENCHMARKED_CALL: u32 = 64 * 1024;

#[derive(Clone, Copy)]
enum Scheme {
	Ed25519,
	Sr25519,
	Ecdsa,
}

/// A fresh key in the benchmark keystore.
fn generate(scheme: Scheme) -> DidVerificationKey {
	match scheme {
		Scheme::Ed25519 => {
			DidVerificationKey::Ed25519(sp_io::crypto::ed25519_generate(KEY_TYPE, None))
		},
		Scheme::Sr25519 => {
			DidVerificationKey::Sr25519(sp_io::crypto::sr25519_generate(KEY_TYPE, None))
		},
		Scheme::Ecdsa => DidVerificationKey::Ecdsa(sp_io::crypto::ecdsa_generate(KEY_TYPE, None)),
	}
}

fn sign(key: &DidVerificationKey, payload: &[u8]) -> DidSignature {
	match key {
		DidVerificationKey::Ed25519(public) => DidSignature::Ed25519(
			sp_io::crypto::ed25519_sign(KEY_TYPE, public, payload).expect("key is in the keystore"),
		),
		DidVerificationKey::Sr25519(public) => DidSignature::Sr25519(
			sp_io::crypto::sr25519_sign(KEY_TYPE, public, payload).expect("key is in the keystore"),
		),
		DidVerificationKey::Ecdsa(public) => DidSignature::Ecdsa(
			sp_io::crypto::ecdsa_sign(KEY_TYPE, public, payload).expect("key is in the keystore"),
		),
	}
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 4u32.into());
	who
}

fn x25519(index: u32) -> DidEncryptionKey {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(&index.to_le_bytes());
	DidEncryptionKey::X25519(bytes)
}

/// A service of the largest size the bounds allow.
fn largest_service(index: u32) -> ServiceEndpoint {
	fn filled<const N: u32>(tag: u8) -> BoundedVec<u8, ConstU32<N>> {
		vec![tag; N as usize].try_into().expect("sized to the bound")
	}
	let mut id = filled::<64>(b'a');
	id[..4].copy_from_slice(&index.to_le_bytes().map(|b| b'a' + b % 26));
	ServiceEndpoint {
		id,
		types: vec![filled::<64>(b't'); 4].try_into().expect("sized to the bound"),
		urls: vec![filled::<256>(b'u'); 2].try_into().expect("sized to the bound"),
	}
}

/// Writes a live DID straight into storage, with `authentication` as its only key,
/// its deposit held from `owner`.
fn insert_did<T: Config>(authentication: DidVerificationKey, owner: &T::AccountId) -> DidId {
	let did = DidId::from_authentication_key(&authentication);
	insert_did_as::<T>(did, authentication, owner)
}

/// [`insert_did`] under a given id, which need not derive from the key: other pallets'
/// benchmarks act as whatever DID their benchmark origin names.
fn insert_did_as<T: Config>(
	did: DidId,
	authentication: DidVerificationKey,
	owner: &T::AccountId,
) -> DidId {
	let now = frame_system::Pallet::<T>::block_number();
	let key: DidPublicKey = authentication.into();
	let key_id = key.id();
	DidKeys::<T>::insert(
		did,
		key_id,
		KeyRecord { key, relationship: KeyRelationship::Authentication, added: now, revoked: None },
	);
	let mut record = DidRecord {
		document: DidDocument {
			authentication: key_id,
			assertion: None,
			delegation: None,
			key_agreement: BoundedBTreeSet::new(),
			controllers: BoundedBTreeSet::new(),
			services: BoundedVec::new(),
			nonce: 0,
			version: 0,
			created: now,
			updated: now,
		},
		key_count: 1,
		deposit: Deposit { owner: owner.clone(), amount: Zero::zero() },
		recovery: None,
	};
	Pallet::<T>::settle_deposit(&mut record).expect("owner is funded");
	Pallet::<T>::put_record(did, record);
	DidCount::<T>::mutate(|count| *count += 1);
	did
}

/// A new live DID with a fresh sr25519 key, its deposit held from a funded account:
/// what other pallets' benchmarks use as a counterpart DID.
pub(crate) fn active_did<T: Config>(seed: u32) -> DidId {
	let owner = funded::<T>("did-owner", seed);
	insert_did::<T>(generate(Scheme::Sr25519), &owner)
}

/// Makes `did` a live DID (written straight into storage if it is not one) whose
/// assertion key is `key` and whose deposit `funder` holds, so that other pallets'
/// benchmarks can sign as `did` and submit as its funder.
pub(crate) fn set_assertion_key<T: Config>(
	did: DidId,
	key: DidVerificationKey,
	funder: &T::AccountId,
) {
	if !Dids::<T>::contains_key(did) {
		T::Currency::set_balance(funder, BalanceOf::<T>::max_value() / 4u32.into());
		insert_did_as::<T>(did, generate(Scheme::Sr25519), funder);
	}
	let now = frame_system::Pallet::<T>::block_number();
	let mut record = Dids::<T>::get(did).expect("live");
	assert!(record.deposit.owner == *funder, "the DID is funded by another account");
	let key_id = Pallet::<T>::insert_key(
		did,
		&mut record,
		key.into(),
		KeyRelationship::AssertionMethod,
		now,
	)
	.expect("a new key, with room for it");
	record.document.assertion = Some(key_id);
	Pallet::<T>::settle_deposit(&mut record).expect("owner is funded");
	Pallet::<T>::put_record(did, record);
}

/// Fills a DID to its bounds: every key-agreement key, every service, and rotated-out
/// key-agreement keys up to `MAX_KEYS_PER_DID` key records.
fn fill<T: Config>(did: DidId) {
	let now = frame_system::Pallet::<T>::block_number();
	let mut record = Dids::<T>::get(did).expect("inserted");
	for index in 0..<MaxKeyAgreementKeys as Get<u32>>::get() {
		let key_id = Pallet::<T>::insert_key(
			did,
			&mut record,
			x25519(index).into(),
			KeyRelationship::KeyAgreement,
			now,
		)
		.expect("room for it");
		record.document.key_agreement.try_insert(key_id).expect("room for it");
	}
	for index in 0..<MaxServices as Get<u32>>::get() {
		record.document.services.try_push(largest_service(index)).expect("room for it");
	}
	while record.key_count < MAX_KEYS_PER_DID {
		let key = x25519(1_000 + record.key_count);
		let key_id = Pallet::<T>::insert_key(
			did,
			&mut record,
			key.into(),
			KeyRelationship::KeyAgreement,
			now,
		)
		.expect("room for it");
		Pallet::<T>::retire_key(&did, &key_id, now);
	}
	Pallet::<T>::settle_deposit(&mut record).expect("owner is funded");
	Pallet::<T>::put_record(did, record);
}

/// Adds `count` key-agreement key records to `did`'s record, revoked at once if
/// `revoked`.
fn add_keys<T: Config>(did: DidId, record: &mut DidRecordOf<T>, count: u32, revoked: bool) {
	let now = frame_system::Pallet::<T>::block_number();
	for index in 1..=count {
		let key_id = Pallet::<T>::insert_key(
			did,
			record,
			x25519(index).into(),
			KeyRelationship::KeyAgreement,
			now,
		)
		.expect("room");
		if revoked {
			Pallet::<T>::retire_key(&did, &key_id, now);
		}
	}
	Pallet::<T>::settle_deposit(record).expect("funded");
}

fn did_origin<T: Config>(did: DidId, submitter: &T::AccountId) -> T::RuntimeOrigin
where
	T::RuntimeOrigin: From<DidOrigin<T::AccountId>>,
{
	DidOrigin { did, submitter: submitter.clone() }.into()
}

/// A DID with guardians and an approved recovery, ready to complete.
fn approved_recovery<T: Config>(owner: &T::AccountId) -> (DidId, DidVerificationKey) {
	let did = insert_did::<T>(generate(Scheme::Sr25519), owner);
	let mut guardians = BoundedBTreeSet::<DidId, MaxRecoveryGuardians>::new();
	for _ in 0..<MaxRecoveryGuardians as Get<u32>>::get() {
		guardians.try_insert(insert_did::<T>(generate(Scheme::Sr25519), owner)).expect("bounded");
	}
	let threshold = guardians.len() as u32;
	Dids::<T>::mutate(did, |record| {
		record.as_mut().expect("inserted").recovery = Some(RecoveryConfig {
			guardians: guardians.clone(),
			threshold,
			delay: T::MinRecoveryDelay::get(),
		});
	});
	let new_key = generate(Scheme::Sr25519);
	let deposit = Deposit::hold::<T::Currency>(
		&HoldReason::RecoveryDeposit.into(),
		owner.clone(),
		T::RecoveryDeposit::get(),
	)
	.expect("funded");
	PendingRecoveries::<T>::insert(
		did,
		PendingRecovery {
			new_key: new_key.clone(),
			initiated: frame_system::Pallet::<T>::block_number(),
			approvals: guardians,
			executable_at: Some(frame_system::Pallet::<T>::block_number()),
			deposit,
		},
	);
	(did, new_key)
}

/// A DID whose key for the role `system.remark` needs (in the runtime's
/// `DidCallRole`) is of `scheme`, and a signed call of it authorizing a remark.
fn did_call_setup<T: Config>(
	scheme: Scheme,
	remark_len: u32,
) -> Result<(T::AccountId, DidId, DidAuthorizedCallOf<T>, DidSignature), BenchmarkError>
where
	<T as Config>::RuntimeCall: From<frame_system::Call<T>>,
{
	let submitter = funded::<T>("submitter", 0);
	let authentication = generate(scheme);
	let did = insert_did::<T>(authentication.clone(), &submitter);
	let call: <T as Config>::RuntimeCall =
		frame_system::Call::<T>::remark { remark: vec![7; remark_len as usize] }.into();
	let role = call
		.did_call_role()
		.ok_or(BenchmarkError::Stop("the runtime must let DIDs authorize system.remark"))?;
	let signer = if role == KeyRelationship::Authentication {
		authentication
	} else {
		let key = generate(scheme);
		let now = frame_system::Pallet::<T>::block_number();
		let mut record = Dids::<T>::get(did).expect("inserted");
		let key_id = Pallet::<T>::insert_key(did, &mut record, key.clone().into(), role, now)
			.map_err(|_| BenchmarkError::Stop("key insertion"))?;
		match role {
			KeyRelationship::AssertionMethod => record.document.assertion = Some(key_id),
			KeyRelationship::CapabilityDelegation => record.document.delegation = Some(key_id),
			_ => return Err(BenchmarkError::Stop("remark needs a signing key")),
		}
		Pallet::<T>::settle_deposit(&mut record).map_err(|_| BenchmarkError::Stop("deposit"))?;
		Pallet::<T>::put_record(did, record);
		key
	};
	// The widest window allowed, around the current block: the benchmark may run the
	// call in another block than the one it was set up in.
	let now = frame_system::Pallet::<T>::block_number();
	let valid_from = now.saturating_sub(T::MaxCallValidity::get() / 2u32.into());
	let operation = DidAuthorizedCall {
		did,
		nonce: 1,
		valid_from,
		valid_until: valid_from.saturating_add(T::MaxCallValidity::get()),
		submitter: submitter.clone(),
		call,
	};
	let payload =
		operation.signing_payload(&Pallet::<T>::genesis_hash(), Pallet::<T>::transaction_version());
	let signature = sign(&signer, &payload);
	Ok((submitter, did, operation, signature))
}

#[benchmarks(
	where
		<T as Config>::RuntimeCall: From<frame_system::Call<T>>,
		T::RuntimeOrigin: From<DidOrigin<T::AccountId>>,
)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create(
		k: Linear<0, { <MaxKeyAgreementKeys as Get<u32>>::get() }>,
		s: Linear<0, { <MaxServices as Get<u32>>::get() }>,
		c: Linear<0, { <MaxControllers as Get<u32>>::get() }>,
	) -> Result<(), BenchmarkError> {
		let submitter = funded::<T>("submitter", 0);
		// ed25519: the slowest of the three schemes to verify in the reference figures
		// (here ed25519 and sr25519 measure within noise of each other).
		let authentication = generate(Scheme::Ed25519);
		let controllers: Vec<DidId> =
			(0..c).map(|_| insert_did::<T>(generate(Scheme::Sr25519), &submitter)).collect();
		let details = DidCreation {
			did: DidId::from_authentication_key(&authentication),
			submitter: submitter.clone(),
			authentication: authentication.clone(),
			assertion: Some(generate(Scheme::Sr25519)),
			delegation: Some(generate(Scheme::Sr25519)),
			key_agreement: (0..k).map(x25519).collect::<Vec<_>>().try_into().expect("bounded"),
			controllers: controllers.try_into().expect("bounded"),
			services: (0..s).map(largest_service).collect::<Vec<_>>().try_into().expect("bounded"),
		};
		let signature =
			sign(&authentication, &details.signing_payload(&Pallet::<T>::genesis_hash()));
		let did = details.did;

		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), Box::new(details), signature);

		assert!(Dids::<T>::contains_key(did));
		Ok(())
	}

	#[benchmark]
	fn submit_did_call_ed25519(
		l: Linear<0, LARGEST_BENCHMARKED_CALL>,
	) -> Result<(), BenchmarkError> {
		let (submitter, did, operation, signature) = did_call_setup::<T>(Scheme::Ed25519, l)?;

		#[extrinsic_call]
		submit_did_call(RawOrigin::Signed(submitter), Box::new(operation), signature);

		assert_eq!(Dids::<T>::get(did).expect("live").document.nonce, 1);
		Ok(())
	}

	#[benchmark]
	fn submit_did_call_sr25519(
		l: Linear<0, LARGEST_BENCHMARKED_CALL>,
	) -> Result<(), BenchmarkError> {
		let (submitter, did, operation, signature) = did_call_setup::<T>(Scheme::Sr25519, l)?;

		#[extrinsic_call]
		submit_did_call(RawOrigin::Signed(submitter), Box::new(operation), signature);

		assert_eq!(Dids::<T>::get(did).expect("live").document.nonce, 1);
		Ok(())
	}

	#[benchmark]
	fn submit_did_call_ecdsa(l: Linear<0, LARGEST_BENCHMARKED_CALL>) -> Result<(), BenchmarkError> {
		let (submitter, did, operation, signature) = did_call_setup::<T>(Scheme::Ecdsa, l)?;

		#[extrinsic_call]
		submit_did_call(RawOrigin::Signed(submitter), Box::new(operation), signature);

		assert_eq!(Dids::<T>::get(did).expect("live").document.nonce, 1);
		Ok(())
	}

	#[benchmark]
	fn set_verification_key() {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		let new_key = generate(Scheme::Sr25519);

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did, KeyRelationship::Authentication, new_key.clone());

		let new_id = DidPublicKey::from(new_key).id();
		assert_eq!(Dids::<T>::get(did).expect("live").document.authentication, new_id);
	}

	#[benchmark]
	fn add_key_agreement_key() {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did, x25519(7));

		assert_eq!(Dids::<T>::get(did).expect("live").document.key_agreement.len(), 1);
	}

	#[benchmark]
	fn revoke_key() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		Pallet::<T>::add_key_agreement_key(did_origin::<T>(did, &owner), did, x25519(7))
			.map_err(|_| BenchmarkError::Stop("setup"))?;
		let key_id = DidPublicKey::from(x25519(7)).id();

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did, key_id);

		assert!(DidKeys::<T>::get(did, key_id).expect("kept").revoked.is_some());
		Ok(())
	}

	#[benchmark]
	fn purge_key() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		let origin = || did_origin::<T>(did, &owner);
		Pallet::<T>::add_key_agreement_key(origin(), did, x25519(7))
			.map_err(|_| BenchmarkError::Stop("setup"))?;
		let key_id = DidPublicKey::from(x25519(7)).id();
		Pallet::<T>::revoke_key(origin(), did, key_id)
			.map_err(|_| BenchmarkError::Stop("setup"))?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(T::KeyRetention::get()));

		#[extrinsic_call]
		_(origin(), did, key_id);

		assert!(DidKeys::<T>::get(did, key_id).is_none());
		Ok(())
	}

	#[benchmark]
	fn set_service() {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		// Worst case: the list is full but one, and the new id is compared with all.
		for index in 0..<MaxServices as Get<u32>>::get() - 1 {
			Dids::<T>::mutate(did, |record| {
				let record = record.as_mut().expect("inserted");
				record.document.services.try_push(largest_service(index)).expect("room");
				Pallet::<T>::settle_deposit(record).expect("funded");
			});
		}
		let service = largest_service(<MaxServices as Get<u32>>::get());

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did, service);

		assert_eq!(
			Dids::<T>::get(did).expect("live").document.services.len() as u32,
			<MaxServices as Get<u32>>::get()
		);
	}

	#[benchmark]
	fn remove_service() {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		fill::<T>(did);
		let last = largest_service(<MaxServices as Get<u32>>::get() - 1).id;

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did, last);

		assert_eq!(
			Dids::<T>::get(did).expect("live").document.services.len() as u32,
			<MaxServices as Get<u32>>::get() - 1
		);
	}

	#[benchmark]
	fn add_controller() {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		let controller = insert_did::<T>(generate(Scheme::Sr25519), &owner);

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did, controller);

		assert!(Dids::<T>::get(did).expect("live").document.controllers.contains(&controller));
	}

	#[benchmark]
	fn remove_controller() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		let controller = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		Pallet::<T>::add_controller(did_origin::<T>(did, &owner), did, controller)
			.map_err(|_| BenchmarkError::Stop("setup"))?;

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did, controller);

		assert!(Dids::<T>::get(did).expect("live").document.controllers.is_empty());
		Ok(())
	}

	#[benchmark]
	fn deactivate(k: Linear<1, MAX_KEYS_PER_DID>) {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		// Worst case: every key is still valid, so each is written as revoked.
		Dids::<T>::mutate(did, |record| {
			add_keys::<T>(did, record.as_mut().expect("inserted"), k - 1, false);
		});

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did);

		assert!(Tombstones::<T>::contains_key(did));
	}

	#[benchmark]
	fn reap_retained_keys(k: Linear<1, MAX_KEYS_PER_DID>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		Dids::<T>::mutate(did, |record| {
			add_keys::<T>(did, record.as_mut().expect("inserted"), k - 1, true);
		});
		Pallet::<T>::deactivate(did_origin::<T>(did, &owner), did)
			.map_err(|_| BenchmarkError::Stop("setup"))?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(T::KeyRetention::get()));
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), did);

		assert!(!RetainedKeys::<T>::contains_key(did));
		Ok(())
	}

	#[benchmark]
	fn set_recovery() {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		let mut guardians = BoundedBTreeSet::new();
		for _ in 0..<MaxRecoveryGuardians as Get<u32>>::get() {
			guardians
				.try_insert(insert_did::<T>(generate(Scheme::Sr25519), &owner))
				.expect("bounded");
		}
		let config = RecoveryConfig {
			threshold: guardians.len() as u32,
			guardians,
			delay: T::MinRecoveryDelay::get(),
		};

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did, Some(config));

		assert!(Dids::<T>::get(did).expect("live").recovery.is_some());
	}

	#[benchmark]
	fn initiate_recovery() {
		let owner = funded::<T>("owner", 0);
		let (did, _) = approved_recovery::<T>(&owner);
		// Worst case: an unapproved recovery past its approval period is replaced.
		let guardian = PendingRecoveries::<T>::mutate(did, |pending| {
			let pending = pending.as_mut().expect("set up");
			pending.executable_at = None;
			*pending.approvals.iter().next().expect("has guardians")
		});
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(
			now.saturating_add(T::RecoveryApprovalPeriod::get()),
		);
		let new_key = generate(Scheme::Sr25519);
		let new_key_id = DidPublicKey::from(new_key.clone()).id();

		#[extrinsic_call]
		_(did_origin::<T>(guardian, &owner), did, new_key);

		let pending = PendingRecoveries::<T>::get(did).expect("replaced");
		assert_eq!(DidPublicKey::from(pending.new_key).id(), new_key_id);
	}

	#[benchmark]
	fn approve_recovery() {
		let owner = funded::<T>("owner", 0);
		let (did, new_key) = approved_recovery::<T>(&owner);
		let new_key_id = DidPublicKey::from(new_key).id();
		// Every guardian but one approved; the last approval schedules the recovery.
		let last = PendingRecoveries::<T>::mutate(did, |pending| {
			let pending = pending.as_mut().expect("set up");
			let last = *pending.approvals.iter().last().expect("has guardians");
			pending.approvals.remove(&last);
			pending.executable_at = None;
			last
		});

		#[extrinsic_call]
		_(did_origin::<T>(last, &owner), did, new_key_id);

		assert!(PendingRecoveries::<T>::get(did).expect("pending").executable_at.is_some());
	}

	#[benchmark]
	fn cancel_recovery() {
		let owner = funded::<T>("owner", 0);
		let (did, _) = approved_recovery::<T>(&owner);

		#[extrinsic_call]
		_(did_origin::<T>(did, &owner), did);

		assert!(!PendingRecoveries::<T>::contains_key(did));
	}

	#[benchmark]
	fn complete_recovery() {
		let owner = funded::<T>("owner", 0);
		let (did, new_key) = approved_recovery::<T>(&owner);
		// Worst case: the key records are full, so the recovery makes room by purging
		// revoked ones.
		fill::<T>(did);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), did);

		let new_id = DidPublicKey::from(new_key).id();
		assert_eq!(Dids::<T>::get(did).expect("live").document.authentication, new_id);
	}

	#[benchmark]
	fn transfer_deposit() {
		let owner = funded::<T>("owner", 0);
		let did = insert_did::<T>(generate(Scheme::Sr25519), &owner);
		let new_owner = funded::<T>("new_owner", 0);

		#[extrinsic_call]
		_(did_origin::<T>(did, &new_owner), did);

		assert_eq!(Dids::<T>::get(did).expect("live").deposit.owner, new_owner);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

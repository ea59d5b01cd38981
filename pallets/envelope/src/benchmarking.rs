//! Benchmarks of every envelope pallet call, each in its worst case, and of the steps
//! `on_idle` prices pruning with.

use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use missive_primitives::{
	did::{DidId, DidLookup, DidOrigin, DidPublicKey, DidSignature, DidVerificationKey},
	envelope::{
		batch_id, BatchCommitment, BatchId, Carrier, Commitment, Envelope, EnvelopeId, Locator,
		Receipt, ReceiptStatus, SealedCommitment, SignedEnvelope, MAX_BATCH_LEAVES,
		MAX_LOCATOR_LEN,
	},
	policy::Destination,
	Deposit,
};
use sp_core::{crypto::KeyTypeId, ecdsa, H256};
use sp_runtime::traits::Bounded;

use crate::*;

/// Where the benchmarks keep the keys they sign envelopes with.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"menv");

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

fn fund<T: Config>(who: &T::AccountId) {
	T::Currency::set_balance(who, BalanceOf::<T>::max_value() / 4u32.into());
}

fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
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

/// The longest locator.
fn largest_locator() -> Locator {
	vec![0xff; MAX_LOCATOR_LEN as usize].try_into().expect("sized to the bound")
}

/// The largest envelope from `sender` to `destination`.
fn largest_envelope(sender: DidId, destination: Destination) -> Envelope {
	Envelope {
		sender,
		destination,
		conversation: H256::repeat_byte(7),
		content_hash: H256::repeat_byte(1),
		size: 1,
		locator: largest_locator(),
	}
}

/// A DID origin, the DID and submitter behind it, and a signed envelope to commit.
type CommitSetup<T> = (
	<T as frame_system::Config>::RuntimeOrigin,
	DidOrigin<<T as frame_system::Config>::AccountId>,
	SignedEnvelope,
);

/// The origin of a live sender DID whose assertion key is of `scheme` and which its
/// submitter funds, and its largest envelope to another live DID, signed: an inbox
/// entry and an expiry entry are written.
fn commit_setup<T: Config>(scheme: Scheme) -> Result<CommitSetup<T>, BenchmarkError> {
	let (origin, caller) = did_origin::<T>()?;
	let key = generate(scheme);
	T::BenchmarkHelper::set_assertion_key(&caller.did, key.clone(), &caller.submitter);
	let recipient = T::Dids::benchmark_did(0);
	let envelope = largest_envelope(caller.did, Destination::Did(recipient));
	let signature =
		sign(&key, &envelope.signing_payload(&Carrier::Alone, &Pallet::<T>::genesis_hash()));
	Ok((origin, caller, SignedEnvelope { envelope, signature }))
}

/// Stores the largest commitment to `destination` (ecdsa signature, a receipt), due now,
/// its deposit held from `payer`.
fn insert_commitment<T: Config>(
	destination: Destination,
	receipt: Option<ReceiptStatus>,
	payer: &T::AccountId,
) -> EnvelopeId {
	let now = frame_system::Pallet::<T>::block_number();
	let envelope = largest_envelope(T::Dids::benchmark_did(1), destination);
	let id = envelope.id();
	let inbox_key = match destination {
		Destination::Did(_) => Some(Pallet::<T>::last_event_inbox_key(now)),
		Destination::Blinded(_) => None,
	};
	let deposit = Deposit::hold::<T::Currency>(
		&HoldReason::Commitment.into(),
		payer.clone(),
		T::CommitmentDeposit::get(),
	)
	.expect("funded");
	let signer = DidVerificationKey::Ecdsa(ecdsa::Public::from_raw([2; 33]));
	let commitment = Commitment {
		envelope,
		signature: DidSignature::Ecdsa(ecdsa::Signature::from_raw([0; 65])),
		signer: DidPublicKey::from(signer).id(),
		committed_at: now,
		expires_at: now,
		inbox_key,
		receipt: receipt.map(|status| Receipt { status, at: now }),
		deposit,
	};
	Pallet::<T>::store_commitment(id, commitment).expect("room in the bucket");
	id
}

/// Stores the largest batch under `root`, due now, its deposit held from `payer`;
/// returns its id.
fn insert_batch<T: Config>(root: H256, payer: &T::AccountId) -> BatchId {
	let now = frame_system::Pallet::<T>::block_number();
	let deposit = Deposit::hold::<T::Currency>(
		&HoldReason::Batch.into(),
		payer.clone(),
		T::BatchDeposit::get(),
	)
	.expect("funded");
	let committer = T::Dids::benchmark_did(1);
	let id = batch_id(&committer, &root);
	let batch = BatchCommitment {
		committer,
		root,
		leaves: MAX_BATCH_LEAVES,
		locator: largest_locator(),
		committed_at: now,
		expires_at: now,
		deposit,
	};
	Pallet::<T>::store_batch(id, batch).expect("room in the bucket");
	id
}

/// Stores a sealed commitment of the most leaves under `root`, due now, its deposit held
/// from `payer`.
fn insert_sealed<T: Config>(root: H256, payer: &T::AccountId) {
	let now = frame_system::Pallet::<T>::block_number();
	let deposit = Deposit::hold::<T::Currency>(
		&HoldReason::Sealed.into(),
		payer.clone(),
		T::SealedDeposit::get(),
	)
	.expect("funded");
	let sealed =
		SealedCommitment { leaves: MAX_BATCH_LEAVES, committed_at: now, expires_at: now, deposit };
	Pallet::<T>::store_sealed(root, sealed).expect("room in the bucket");
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// ed25519, sr25519 and ecdsa signatures verify at different costs: `commit` is
	/// weighed by the signature's scheme.
	#[benchmark]
	fn commit_ed25519() -> Result<(), BenchmarkError> {
		let (origin, _, signed) = commit_setup::<T>(Scheme::Ed25519)?;
		let id = signed.envelope.id();

		#[extrinsic_call]
		commit(origin as T::RuntimeOrigin, signed);

		assert!(Commitments::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn commit_sr25519() -> Result<(), BenchmarkError> {
		let (origin, _, signed) = commit_setup::<T>(Scheme::Sr25519)?;
		let id = signed.envelope.id();

		#[extrinsic_call]
		commit(origin as T::RuntimeOrigin, signed);

		assert!(Commitments::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn commit_ecdsa() -> Result<(), BenchmarkError> {
		let (origin, _, signed) = commit_setup::<T>(Scheme::Ecdsa)?;
		let id = signed.envelope.id();

		#[extrinsic_call]
		commit(origin as T::RuntimeOrigin, signed);

		assert!(Commitments::<T>::contains_key(id));
		Ok(())
	}

	/// `commit` without the DID call: the sender's funder submits it, and the envelope's
	/// signature (of each scheme) is the one checked.
	#[benchmark]
	fn commit_signed_ed25519() -> Result<(), BenchmarkError> {
		let (_, caller, signed) = commit_setup::<T>(Scheme::Ed25519)?;
		let id = signed.envelope.id();

		#[extrinsic_call]
		commit_signed(RawOrigin::Signed(caller.submitter), signed);

		assert!(Commitments::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn commit_signed_sr25519() -> Result<(), BenchmarkError> {
		let (_, caller, signed) = commit_setup::<T>(Scheme::Sr25519)?;
		let id = signed.envelope.id();

		#[extrinsic_call]
		commit_signed(RawOrigin::Signed(caller.submitter), signed);

		assert!(Commitments::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn commit_signed_ecdsa() -> Result<(), BenchmarkError> {
		let (_, caller, signed) = commit_setup::<T>(Scheme::Ecdsa)?;
		let id = signed.envelope.id();

		#[extrinsic_call]
		commit_signed(RawOrigin::Signed(caller.submitter), signed);

		assert!(Commitments::<T>::contains_key(id));
		Ok(())
	}

	/// The largest locator; the committer's DID is live for the policy.
	#[benchmark]
	fn commit_batch() -> Result<(), BenchmarkError> {
		let (origin, caller) = did_origin::<T>()?;
		T::BenchmarkHelper::set_assertion_key(
			&caller.did,
			generate(Scheme::Sr25519),
			&caller.submitter,
		);
		let root = H256::repeat_byte(0xba);
		let id = batch_id(&caller.did, &root);

		// The work does not grow with the leaves; one leaf is within any sender limit.
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, root, 1, largest_locator());

		let batch = Batches::<T>::get(id).expect("committed");
		assert_eq!((batch.committer, batch.root), (caller.did, root));
		Ok(())
	}

	/// A fresh root of the most leaves, from a plain signed account.
	#[benchmark]
	fn commit_sealed() {
		let caller = funded::<T>("submitter");
		let root = H256::repeat_byte(0x5e);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), root, MAX_BATCH_LEAVES);

		let sealed = Sealed::<T>::get(root).expect("committed");
		assert_eq!((sealed.leaves, sealed.deposit.owner), (MAX_BATCH_LEAVES, caller));
	}

	/// `Read` after `Delivered`, on the largest commitment.
	#[benchmark]
	fn acknowledge() -> Result<(), BenchmarkError> {
		let (origin, caller) = did_origin::<T>()?;
		let payer = funded::<T>("submitter");
		let id = insert_commitment::<T>(
			Destination::Did(caller.did),
			Some(ReceiptStatus::Delivered),
			&payer,
		);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, ReceiptStatus::Read);

		let receipt = Commitments::<T>::get(id).and_then(|commitment| commitment.receipt);
		assert_eq!(receipt.map(|receipt| receipt.status), Some(ReceiptStatus::Read));
		Ok(())
	}

	/// The largest commitment to a DID (its inbox entry goes too), not alone in its
	/// bucket; its deposit returns.
	#[benchmark]
	fn prune_envelope() {
		let payer = funded::<T>("submitter");
		let recipient = T::Dids::benchmark_did(0);
		insert_commitment::<T>(Destination::Blinded(H256::zero()), None, &payer);
		let id =
			insert_commitment::<T>(Destination::Did(recipient), Some(ReceiptStatus::Read), &payer);
		let bucket: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Pallet::<T>::prune_step(bucket);
		}

		assert!(!Commitments::<T>::contains_key(id));
		assert_eq!(Inbox::<T>::iter_prefix(recipient).count(), 0);
		assert_eq!(ExpiringCount::<T>::get(bucket), 1);
	}

	/// The largest batch, not alone in its bucket; its deposit returns.
	#[benchmark]
	fn prune_batch() {
		let payer = funded::<T>("submitter");
		insert_batch::<T>(H256::repeat_byte(1), &payer);
		let last = insert_batch::<T>(H256::repeat_byte(2), &payer);
		let bucket: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Pallet::<T>::prune_step(bucket);
		}

		assert!(!Batches::<T>::contains_key(last));
		assert_eq!(ExpiringCount::<T>::get(bucket), 1);
	}

	/// A sealed commitment, not alone in its bucket; its deposit returns.
	#[benchmark]
	fn prune_sealed() {
		let payer = funded::<T>("submitter");
		insert_sealed::<T>(H256::repeat_byte(1), &payer);
		let last = H256::repeat_byte(2);
		insert_sealed::<T>(last, &payer);
		let bucket: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Pallet::<T>::prune_step(bucket);
		}

		assert!(!Sealed::<T>::contains_key(last));
		assert_eq!(ExpiringCount::<T>::get(bucket), 1);
	}

	/// A bucket with nothing in it: the cursor moves on.
	#[benchmark]
	fn prune_empty_bucket() {
		let bucket: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();
		let step;

		#[block]
		{
			step = Pallet::<T>::prune_step(bucket);
		}

		assert_eq!(step, PruneStep::EmptyBucket);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

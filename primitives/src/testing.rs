//! Stand-ins for the DID and consent pallets, so that a pallet which only needs their
//! traits can be tested (and benchmarked in its mock) on its own. Never wire these
//! into a real runtime: `SignedAsDid` lets any account act as a DID.

use core::cell::RefCell;
use std::collections::BTreeMap;

use codec::{Decode, Encode};
use frame_support::{dispatch::RawOrigin, traits::EnsureOrigin};

use crate::{
	consent::{ConsentCheck, ConsentScope, ConsentState},
	did::{DidFunding, DidId, DidLookup, DidOrigin, DidVerificationKey, KeyId, KeyRelationship},
};

/// The DID an account acts as under [`SignedAsDid`].
pub fn did_of(account: &impl Encode) -> DidId {
	DidId(sp_crypto_hashing::blake2_256(&(b"missive/test-did", account).encode()))
}

/// Accepts a signed origin as the DID [`did_of`] its account, submitted by that account.
pub struct SignedAsDid<AccountId>(core::marker::PhantomData<AccountId>);

impl<O, AccountId> EnsureOrigin<O> for SignedAsDid<AccountId>
where
	O: Into<Result<RawOrigin<AccountId>, O>> + From<RawOrigin<AccountId>>,
	AccountId: Encode + Decode + Clone,
{
	type Success = DidOrigin<AccountId>;

	fn try_origin(origin: O) -> Result<Self::Success, O> {
		match origin.into() {
			Ok(RawOrigin::Signed(who)) => Ok(DidOrigin { did: did_of(&who), submitter: who }),
			Ok(other) => Err(O::from(other)),
			Err(origin) => Err(origin),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let who = AccountId::decode(&mut sp_runtime::traits::TrailingZeroInput::zeroes())
			.map_err(|_| ())?;
		Ok(O::from(RawOrigin::Signed(who)))
	}
}

std::thread_local! {
	static ACTIVE_DIDS: RefCell<BTreeMap<DidId, Option<DidVerificationKey>>> = const { RefCell::new(BTreeMap::new()) };
	static CONSENTS: RefCell<BTreeMap<(DidId, DidId), ConsentState>> = const { RefCell::new(BTreeMap::new()) };
}

/// A DID registry that knows which DIDs are live and, for each, its current assertion
/// key (if any); no key history.
pub struct MockDids;

impl MockDids {
	/// Makes `did` live (keeping its assertion key if it has one).
	pub fn activate(did: DidId) {
		ACTIVE_DIDS.with(|dids| {
			dids.borrow_mut().entry(did).or_insert(None);
		});
	}

	/// Makes `did` live with `key` as its assertion key (or none).
	pub fn register(did: DidId, key: Option<DidVerificationKey>) {
		ACTIVE_DIDS.with(|dids| dids.borrow_mut().insert(did, key));
	}

	/// Replaces `did`'s assertion key, as a rotation does.
	pub fn rotate(did: DidId, key: DidVerificationKey) {
		Self::register(did, Some(key));
	}

	pub fn deactivate(did: &DidId) {
		ACTIVE_DIDS.with(|dids| dids.borrow_mut().remove(did));
	}

	/// Forgets every DID (the registry is per thread; a test thread may run several
	/// externalities).
	pub fn reset() {
		ACTIVE_DIDS.with(|dids| dids.borrow_mut().clear());
	}
}

impl<BlockNumber> DidLookup<BlockNumber> for MockDids {
	fn is_active(did: &DidId) -> bool {
		ACTIVE_DIDS.with(|dids| dids.borrow().contains_key(did))
	}

	fn key_valid_at(_: &DidId, _: &KeyId, _: KeyRelationship, _: BlockNumber) -> bool {
		false
	}

	fn verification_key(did: &DidId, relationship: KeyRelationship) -> Option<DidVerificationKey> {
		match relationship {
			KeyRelationship::AssertionMethod => {
				ACTIVE_DIDS.with(|dids| dids.borrow().get(did).cloned().flatten())
			},
			_ => None,
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_did(seed: u32) -> DidId {
		let did = did_of(&(b"benchmark", seed));
		Self::activate(did);
		did
	}
}

/// As under [`SignedAsDid`], the account a live DID is [`did_of`] funds it.
impl<AccountId: Encode> DidFunding<AccountId> for MockDids {
	fn is_funded_by(did: &DidId, account: &AccountId) -> bool {
		did_of(account) == *did && <Self as DidLookup<()>>::is_active(did)
	}
}

/// A consent registry answering what the test set, per (grantor, grantee), for every
/// scope; [`ConsentState::Absent`] otherwise.
pub struct MockConsent;

impl MockConsent {
	pub fn set(grantor: DidId, grantee: DidId, consent: ConsentState) {
		CONSENTS.with(|consents| consents.borrow_mut().insert((grantor, grantee), consent));
	}
}

impl ConsentCheck for MockConsent {
	fn consent(grantor: &DidId, grantee: &DidId, _: &ConsentScope) -> ConsentState {
		CONSENTS.with(|consents| {
			consents.borrow().get(&(*grantor, *grantee)).copied().unwrap_or(ConsentState::Absent)
		})
	}
}

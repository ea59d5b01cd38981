//! `did:missive` identifiers, DID keys and signatures: parsed, formatted, hashed and
//! verified here once, for the runtime, the node and the client alike.

use alloc::string::String;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::{fmt, str::FromStr};
use scale_info::TypeInfo;
use sp_core::{ecdsa, ed25519, sr25519, H256};
use sp_runtime::traits::Verify;

/// The method-specific prefix of every Missive DID.
pub const DID_PREFIX: &str = "did:missive:";

/// Domain tag of the key a DID id is derived from.
const DID_ID_DOMAIN: &[u8] = b"missive/did/id";

/// The 32-byte subject of a `did:missive` DID. Its text form is
/// `did:missive:<base58btc of the 32 bytes>`.
///
/// A DID's id is derived from the authentication key it was created with
/// ([`DidId::from_authentication_key`]), so nobody can claim an id without that key,
/// and it stays the same across key rotations and recovery.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct DidId(pub [u8; 32]);

impl DidId {
	/// The id a DID created with `key` as its first authentication key has.
	pub fn from_authentication_key(key: &DidVerificationKey) -> Self {
		Self(sp_crypto_hashing::blake2_256(&(DID_ID_DOMAIN, key).encode()))
	}

	/// The raw 32 bytes.
	pub fn as_bytes(&self) -> &[u8; 32] {
		&self.0
	}
}

impl fmt::Display for DidId {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{DID_PREFIX}{}", bs58::encode(self.0).into_string())
	}
}

impl fmt::Debug for DidId {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		fmt::Display::fmt(self, f)
	}
}

/// Why a string is not a `did:missive` DID.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DidParseError {
	/// It does not start with `did:`.
	NotADid,
	/// It is a DID of another method than `missive`.
	UnsupportedMethod,
	/// Nothing follows `did:missive:`.
	EmptySubject,
	/// The subject is not base58btc.
	InvalidSubjectEncoding,
	/// The subject does not decode to 32 bytes.
	InvalidSubjectLength,
}

impl fmt::Display for DidParseError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::NotADid => "not a DID: expected the `did:` scheme",
			Self::UnsupportedMethod => "unsupported DID method: expected `did:missive:`",
			Self::EmptySubject => "empty method-specific id",
			Self::InvalidSubjectEncoding => "method-specific id is not base58btc",
			Self::InvalidSubjectLength => "method-specific id is not 32 bytes",
		})
	}
}

#[cfg(feature = "std")]
impl std::error::Error for DidParseError {}

impl FromStr for DidId {
	type Err = DidParseError;

	fn from_str(text: &str) -> Result<Self, Self::Err> {
		let rest = text.strip_prefix("did:").ok_or(DidParseError::NotADid)?;
		let subject = rest.strip_prefix("missive:").ok_or(DidParseError::UnsupportedMethod)?;
		if subject.is_empty() {
			return Err(DidParseError::EmptySubject);
		}
		let mut bytes = [0u8; 32];
		// A longer input decodes into the buffer only if it fits; report it as a length error.
		match bs58::decode(subject).onto(&mut bytes) {
			Ok(32) => Ok(DidId(bytes)),
			Ok(_) | Err(bs58::decode::Error::BufferTooSmall) => {
				Err(DidParseError::InvalidSubjectLength)
			},
			Err(_) => Err(DidParseError::InvalidSubjectEncoding),
		}
	}
}

impl DidId {
	/// The text form, `did:missive:…`.
	pub fn to_did_string(&self) -> String {
		alloc::format!("{self}")
	}
}

/// A key that signs on a DID's behalf.
#[derive(
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DidVerificationKey {
	Ed25519(ed25519::Public),
	Sr25519(sr25519::Public),
	Ecdsa(ecdsa::Public),
}

/// A key that others encrypt to: one per device of the DID's subject.
#[derive(
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DidEncryptionKey {
	X25519([u8; 32]),
}

/// Any key a DID document lists.
#[derive(
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DidPublicKey {
	Verification(DidVerificationKey),
	Encryption(DidEncryptionKey),
}

/// The id of a key within its DID: blake2-256 of the key's encoding.
pub type KeyId = H256;

impl DidPublicKey {
	/// This key's id.
	pub fn id(&self) -> KeyId {
		H256(sp_crypto_hashing::blake2_256(&self.encode()))
	}
}

impl From<DidVerificationKey> for DidPublicKey {
	fn from(key: DidVerificationKey) -> Self {
		Self::Verification(key)
	}
}

impl From<DidEncryptionKey> for DidPublicKey {
	fn from(key: DidEncryptionKey) -> Self {
		Self::Encryption(key)
	}
}

/// The verification relationships of W3C DID Core, plus key agreement.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum KeyRelationship {
	/// Authenticates as the DID: controls the DID document.
	Authentication,
	/// Makes statements as the DID: signs messages and envelope commitments.
	AssertionMethod,
	/// Delegates the DID's capabilities to others.
	CapabilityDelegation,
	/// Receives encrypted messages (x25519).
	KeyAgreement,
}

/// A signature by a DID key.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum DidSignature {
	Ed25519(ed25519::Signature),
	Sr25519(sr25519::Signature),
	Ecdsa(ecdsa::Signature),
}

/// Why a DID signature does not verify.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SignatureError {
	/// The signature's scheme is not the key's.
	SchemeMismatch,
	/// The signature is not valid for the key and payload.
	Invalid,
}

impl DidVerificationKey {
	/// Checks `signature` over `payload` with this key.
	pub fn verify(&self, payload: &[u8], signature: &DidSignature) -> Result<(), SignatureError> {
		let valid = match (self, signature) {
			(Self::Ed25519(key), DidSignature::Ed25519(sig)) => sig.verify(payload, key),
			(Self::Sr25519(key), DidSignature::Sr25519(sig)) => sig.verify(payload, key),
			(Self::Ecdsa(key), DidSignature::Ecdsa(sig)) => sig.verify(payload, key),
			_ => return Err(SignatureError::SchemeMismatch),
		};
		valid.then_some(()).ok_or(SignatureError::Invalid)
	}
}

/// Protocol bounds of a DID document, shared by the runtime and every client.
pub mod bounds {
	use sp_core::ConstU32;

	/// x25519 key-agreement keys: one per device.
	pub type MaxKeyAgreementKeys = ConstU32<8>;
	/// Key records a DID keeps, current and rotated out together.
	pub const MAX_KEYS_PER_DID: u32 = 32;
	/// Other DIDs allowed to update a DID.
	pub type MaxControllers = ConstU32<8>;
	/// Service endpoints of a DID.
	pub type MaxServices = ConstU32<8>;
	/// Bytes of a service id (the fragment after `#`).
	pub type MaxServiceIdLength = ConstU32<64>;
	/// Bytes of a service type.
	pub type MaxServiceTypeLength = ConstU32<64>;
	/// Types of one service.
	pub type MaxServiceTypes = ConstU32<4>;
	/// Bytes of a service endpoint URL.
	pub type MaxServiceUrlLength = ConstU32<256>;
	/// Endpoint URLs of one service.
	pub type MaxServiceUrls = ConstU32<2>;
	/// Guardians of a DID's recovery.
	pub type MaxRecoveryGuardians = ConstU32<8>;
}

use bounds::*;
use sp_runtime::{BoundedBTreeSet, BoundedVec};

/// A service endpoint of a DID document: W3C `service` entries.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ServiceEndpoint {
	/// Fragment id, unique within the document (`did:missive:…#<id>`).
	pub id: BoundedVec<u8, MaxServiceIdLength>,
	/// Service types, e.g. `MissiveInbox`, `LinkedDomains`.
	pub types: BoundedVec<BoundedVec<u8, MaxServiceTypeLength>, MaxServiceTypes>,
	/// Endpoint URLs.
	pub urls: BoundedVec<BoundedVec<u8, MaxServiceUrlLength>, MaxServiceUrls>,
}

/// A DID's current document, as stored on chain. Keys are referenced by id; their
/// material and validity ranges are in the key records.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DidDocument<BlockNumber> {
	/// The one key that authenticates as the DID and controls its document.
	pub authentication: KeyId,
	/// The key that makes statements as the DID (signs messages, commitments).
	pub assertion: Option<KeyId>,
	/// The key that delegates the DID's capabilities.
	pub delegation: Option<KeyId>,
	/// The devices' x25519 keys that messages are encrypted to.
	pub key_agreement: BoundedBTreeSet<KeyId, MaxKeyAgreementKeys>,
	/// Other DIDs that may update this one.
	pub controllers: BoundedBTreeSet<DidId, MaxControllers>,
	/// Service endpoints.
	pub services: BoundedVec<ServiceEndpoint, MaxServices>,
	/// Nonce of the last DID-authorized call; the next must carry `nonce + 1`.
	pub nonce: u64,
	/// Incremented by every change of the document (W3C `versionId`).
	pub version: u32,
	/// Block the DID was created in.
	pub created: BlockNumber,
	/// Block of the last change.
	pub updated: BlockNumber,
}

impl<BlockNumber> DidDocument<BlockNumber> {
	/// Ids of the keys the document currently uses, with their relationship.
	pub fn current_keys(&self) -> impl Iterator<Item = (KeyId, KeyRelationship)> + '_ {
		core::iter::once((self.authentication, KeyRelationship::Authentication))
			.chain(self.assertion.map(|k| (k, KeyRelationship::AssertionMethod)))
			.chain(self.delegation.map(|k| (k, KeyRelationship::CapabilityDelegation)))
			.chain(self.key_agreement.iter().map(|k| (*k, KeyRelationship::KeyAgreement)))
	}

	/// The id of the current key for a signing relationship.
	pub fn signing_key(&self, relationship: KeyRelationship) -> Option<KeyId> {
		match relationship {
			KeyRelationship::Authentication => Some(self.authentication),
			KeyRelationship::AssertionMethod => self.assertion,
			KeyRelationship::CapabilityDelegation => self.delegation,
			KeyRelationship::KeyAgreement => None,
		}
	}
}

/// A key a DID has had, with the blocks in which it was valid. Kept after rotation so
/// that signatures made while it was valid still verify.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct KeyRecord<BlockNumber> {
	pub key: DidPublicKey,
	pub relationship: KeyRelationship,
	/// First block in which the key is valid.
	pub added: BlockNumber,
	/// First block in which the key is no longer valid, once rotated out or revoked.
	pub revoked: Option<BlockNumber>,
}

impl<BlockNumber: PartialOrd + Copy> KeyRecord<BlockNumber> {
	/// Whether the key was valid for `relationship` at block `at`.
	pub fn valid_at(&self, relationship: KeyRelationship, at: BlockNumber) -> bool {
		self.relationship == relationship
			&& self.added <= at
			&& self.revoked.is_none_or(|revoked| at < revoked)
	}
}

/// Who may recover a DID, and how: when `threshold` of the guardian DIDs approve a new
/// authentication key, it replaces the current one `delay` blocks later, unless the
/// current key cancels first.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct RecoveryConfig<BlockNumber> {
	pub guardians: BoundedBTreeSet<DidId, MaxRecoveryGuardians>,
	pub threshold: u32,
	pub delay: BlockNumber,
}

/// Domain tags that separate what a DID key signs, so that no signature made for one
/// purpose is valid for another.
pub mod domain {
	/// Signed by the new DID's authentication key over a [`super::DidCreation`].
	pub const CREATE: &[u8] = b"missive/did/create";
	/// Signed by a DID key over a [`super::DidAuthorizedCall`].
	pub const CALL: &[u8] = b"missive/did/call";
}

/// What creating a DID sets up; signed by its authentication key over
/// `(domain::CREATE, creation, genesis_hash)`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct DidCreation<AccountId> {
	/// Must be [`DidId::from_authentication_key`] of `authentication`.
	pub did: DidId,
	/// The account that submits the creation and pays its deposit.
	pub submitter: AccountId,
	pub authentication: DidVerificationKey,
	pub assertion: Option<DidVerificationKey>,
	pub delegation: Option<DidVerificationKey>,
	pub key_agreement: BoundedVec<DidEncryptionKey, MaxKeyAgreementKeys>,
	pub controllers: BoundedVec<DidId, MaxControllers>,
	pub services: BoundedVec<ServiceEndpoint, MaxServices>,
}

impl<AccountId: Encode> DidCreation<AccountId> {
	/// The bytes the authentication key signs.
	pub fn signing_payload<Hash: Encode>(&self, genesis_hash: &Hash) -> alloc::vec::Vec<u8> {
		(domain::CREATE, self, genesis_hash).encode()
	}
}

/// A call a DID authorizes; signed by the DID's key of the role the call needs over
/// `(domain::CALL, operation, genesis_hash, transaction_version)`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct DidAuthorizedCall<Call, AccountId, BlockNumber> {
	pub did: DidId,
	/// The DID's last nonce plus one.
	pub nonce: u64,
	/// First block the call may be included in.
	pub valid_from: BlockNumber,
	/// Last block the call may be included in.
	pub valid_until: BlockNumber,
	/// The only account that may submit the call.
	pub submitter: AccountId,
	pub call: Call,
}

impl<Call: Encode, AccountId: Encode, BlockNumber: Encode>
	DidAuthorizedCall<Call, AccountId, BlockNumber>
{
	/// The bytes the DID key signs. They name the runtime's transaction version, which
	/// an upgrade raises when it changes what a call's bytes mean: a call signed before
	/// such an upgrade is refused after it instead of being read as another call.
	pub fn signing_payload<Hash: Encode>(
		&self,
		genesis_hash: &Hash,
		transaction_version: u32,
	) -> alloc::vec::Vec<u8> {
		(domain::CALL, self, genesis_hash, transaction_version).encode()
	}
}

/// The origin a DID-authorized call is dispatched with: the DID that authorized it
/// and the account that submitted (and pays for) it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DidOrigin<AccountId> {
	pub did: DidId,
	pub submitter: AccountId,
}

/// Accepts only the origin of a DID-authorized call, yielding the DID and the
/// submitter. Pallets name it (or a mock of it) in their `Config` to act as a DID.
pub struct EnsureDid<AccountId>(core::marker::PhantomData<AccountId>);

impl<O, AccountId> frame_support::traits::EnsureOrigin<O> for EnsureDid<AccountId>
where
	O: Into<Result<DidOrigin<AccountId>, O>> + From<DidOrigin<AccountId>>,
	AccountId: Decode,
{
	type Success = DidOrigin<AccountId>;

	fn try_origin(origin: O) -> Result<Self::Success, O> {
		origin.into()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let submitter = AccountId::decode(&mut sp_runtime::traits::TrailingZeroInput::zeroes())
			.map_err(|_| ())?;
		Ok(O::from(DidOrigin { did: DidId([0; 32]), submitter }))
	}
}

/// What other pallets do when a DID is deactivated, in the same call: state that
/// must not outlive the DID (the off-chain store allowance it funds, which lets its
/// account put statements in every node's store) is withdrawn at once rather than
/// waiting for someone to reap it.
pub trait OnDidDeactivated {
	/// Runs when `did` is deactivated. Bounded work only; an error reverts the
	/// deactivation.
	fn on_deactivated(did: &DidId) -> sp_runtime::DispatchResult;

	/// The most [`Self::on_deactivated`] may weigh.
	fn weight() -> sp_runtime::Weight;
}

impl OnDidDeactivated for () {
	fn on_deactivated(_: &DidId) -> sp_runtime::DispatchResult {
		Ok(())
	}

	fn weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

/// Which account funds a DID: the one holding its deposit, which may also submit the
/// DID's signed envelopes without a DID-authorized call.
pub trait DidFunding<AccountId> {
	/// Whether `account` holds the deposit of `did`, a live DID.
	fn is_funded_by(did: &DidId, account: &AccountId) -> bool;
}

/// What other pallets may ask about DIDs, without depending on the DID pallet.
pub trait DidLookup<BlockNumber> {
	/// Whether the DID exists and is not deactivated.
	fn is_active(did: &DidId) -> bool;

	/// Whether `key` was a key of `did` for `relationship` at block `at` (rotated-out
	/// keys, and a deactivated DID's, count for the blocks in which they were valid
	/// while their records are kept: until every message they signed is past
	/// retention).
	fn key_valid_at(
		did: &DidId,
		key: &KeyId,
		relationship: KeyRelationship,
		at: BlockNumber,
	) -> bool;

	/// The DID's current verification key for `relationship`, if it has one.
	fn verification_key(did: &DidId, relationship: KeyRelationship) -> Option<DidVerificationKey>;

	/// Creates a live DID for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_did(seed: u32) -> DidId;
}

#[cfg(test)]
mod tests {
	use super::*;

	fn sample() -> DidId {
		DidId::from_authentication_key(&DidVerificationKey::Sr25519(sr25519::Public::from_raw(
			[7; 32],
		)))
	}

	#[test]
	fn text_form_round_trips() {
		let did = sample();
		let text = did.to_string();
		assert!(text.starts_with("did:missive:"));
		assert_eq!(text.parse::<DidId>(), Ok(did));
		assert_eq!(format!("{did:?}"), text);
	}

	#[test]
	fn malformed_text_is_refused_with_its_reason() {
		let subject = bs58::encode([1u8; 32]).into_string();
		assert_eq!("missive:abc".parse::<DidId>(), Err(DidParseError::NotADid));
		assert_eq!(
			format!("did:kilt:{subject}").parse::<DidId>(),
			Err(DidParseError::UnsupportedMethod)
		);
		assert_eq!("did:missive:".parse::<DidId>(), Err(DidParseError::EmptySubject));
		// 0, O, I and l are not in the base58 alphabet.
		assert_eq!("did:missive:0OIl".parse::<DidId>(), Err(DidParseError::InvalidSubjectEncoding));
		let short = bs58::encode([1u8; 31]).into_string();
		assert_eq!(
			format!("did:missive:{short}").parse::<DidId>(),
			Err(DidParseError::InvalidSubjectLength)
		);
		let long = bs58::encode([1u8; 33]).into_string();
		assert_eq!(
			format!("did:missive:{long}").parse::<DidId>(),
			Err(DidParseError::InvalidSubjectLength)
		);
		assert_eq!(format!("did:missive:{subject}").parse::<DidId>(), Ok(DidId([1u8; 32])));
	}

	#[test]
	fn id_is_bound_to_the_creating_key() {
		let a = DidVerificationKey::Sr25519(sr25519::Public::from_raw([1; 32]));
		let b = DidVerificationKey::Ed25519(ed25519::Public::from_raw([1; 32]));
		assert_ne!(DidId::from_authentication_key(&a), DidId::from_authentication_key(&b));
		assert_eq!(DidId::from_authentication_key(&a), DidId::from_authentication_key(&a));
	}

	#[test]
	fn signatures_verify_only_with_their_key_and_payload() {
		use sp_core::Pair;
		let pair = sr25519::Pair::from_seed(&[3; 32]);
		let key = DidVerificationKey::Sr25519(pair.public());
		let signature = DidSignature::Sr25519(pair.sign(b"payload"));
		assert_eq!(key.verify(b"payload", &signature), Ok(()));
		assert_eq!(key.verify(b"other", &signature), Err(SignatureError::Invalid));

		let ed = ed25519::Pair::from_seed(&[3; 32]);
		let ed_key = DidVerificationKey::Ed25519(ed.public());
		assert_eq!(ed_key.verify(b"payload", &signature), Err(SignatureError::SchemeMismatch));
		assert_eq!(ed_key.verify(b"payload", &DidSignature::Ed25519(ed.sign(b"payload"))), Ok(()));

		let ec = ecdsa::Pair::from_seed(&[3; 32]);
		let ec_key = DidVerificationKey::Ecdsa(ec.public());
		assert_eq!(ec_key.verify(b"payload", &DidSignature::Ecdsa(ec.sign(b"payload"))), Ok(()));
		assert_eq!(
			ec_key.verify(b"other", &DidSignature::Ecdsa(ec.sign(b"payload"))),
			Err(SignatureError::Invalid)
		);
	}
}

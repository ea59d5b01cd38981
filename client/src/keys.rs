//! A user's keys, all derived from one BIP39 phrase with sp-core's hard derivation, so
//! the phrase alone restores them:
//!
//! | path | key | use |
//! | --- | --- | --- |
//! | `//missive//account` | sr25519 | the account that pays fees (DID calls included) and signs public statements |
//! | `//missive//posting` | sr25519 | private mode: signs sealed statements and commitments, and buys its own store allowance, so that no DID call names it |
//! | `//missive//did//authentication` | sr25519 | the DID's id and its management |
//! | `//missive//did//assertion` | sr25519 | envelopes, receipts and messages |
//! | `//missive//device//<n>` | X25519 (HPKE `DeriveKeyPair`) | decrypting on device `n` |
//!
//! A second device of the same person has its own phrase (or index); `add-device`
//! puts its key-agreement key in the DID, so senders encrypt to it too.

use hpke::{kem::X25519HkdfSha256, Deserializable, Kem as _, Serializable};
use missive_primitives::did::{DidEncryptionKey, DidId, DidVerificationKey, KeyRelationship};
use sp_core::{crypto::SecretStringError, sr25519, Pair};
use zeroize::Zeroizing;

/// The X25519 key pair of one device: messages are encrypted to its public half.
pub struct DeviceKey {
	secret: <X25519HkdfSha256 as hpke::Kem>::PrivateKey,
	public: <X25519HkdfSha256 as hpke::Kem>::PublicKey,
}

impl DeviceKey {
	/// Derives the key from key material (at least 32 bytes of it), with HPKE's
	/// `DeriveKeyPair`.
	pub fn derive(ikm: &[u8]) -> Self {
		let (secret, public) = X25519HkdfSha256::derive_keypair(ikm);
		Self { secret, public }
	}

	/// The public key as the DID document lists it.
	pub fn public(&self) -> [u8; 32] {
		self.public.to_bytes().into()
	}

	pub fn encryption_key(&self) -> DidEncryptionKey {
		DidEncryptionKey::X25519(self.public())
	}

	pub(crate) fn secret(&self) -> &<X25519HkdfSha256 as hpke::Kem>::PrivateKey {
		&self.secret
	}

	/// The secret scalar's bytes, for X25519 agreement outside HPKE (topics).
	pub(crate) fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
		Zeroizing::new(self.secret.to_bytes().into())
	}
}

/// A recipient device's public key, as read from a DID document.
pub(crate) fn device_public(
	key: &[u8; 32],
) -> Result<<X25519HkdfSha256 as hpke::Kem>::PublicKey, hpke::HpkeError> {
	<X25519HkdfSha256 as hpke::Kem>::PublicKey::from_bytes(key)
}

/// Why a phrase gives no keys.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidPhrase(pub SecretStringError);

impl std::fmt::Display for InvalidPhrase {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "not a valid BIP39 phrase: {:?}", self.0)
	}
}

impl std::error::Error for InvalidPhrase {}

/// Everything one user signs with, and the phrase it comes from.
pub struct Identity {
	phrase: Zeroizing<String>,
	pub account: sr25519::Pair,
	/// Private mode's account (see the module's table).
	pub posting: sr25519::Pair,
	pub authentication: sr25519::Pair,
	pub assertion: sr25519::Pair,
	did: DidId,
}

impl Identity {
	/// A new identity from a fresh 12-word phrase (from the OS's randomness).
	pub fn generate() -> Self {
		let (_, phrase, _) = sr25519::Pair::generate_with_phrase(None);
		Self::from_phrase(&phrase).expect("a phrase sp-core just generated is valid; qed")
	}

	/// The identity a BIP39 phrase gives (imported from another device, or restored).
	pub fn from_phrase(phrase: &str) -> Result<Self, InvalidPhrase> {
		sr25519::Pair::from_phrase(phrase, None).map_err(InvalidPhrase)?;
		let derive = |path: &str| {
			sr25519::Pair::from_string(&format!("{phrase}//missive//{path}"), None)
				.map_err(InvalidPhrase)
		};
		let authentication = derive("did//authentication")?;
		let did =
			DidId::from_authentication_key(&DidVerificationKey::Sr25519(authentication.public()));
		Ok(Self {
			account: derive("account")?,
			posting: derive("posting")?,
			authentication,
			assertion: derive("did//assertion")?,
			phrase: Zeroizing::new(phrase.to_owned()),
			did,
		})
	}

	/// The phrase, to store encrypted or to write down.
	pub fn phrase(&self) -> &str {
		&self.phrase
	}

	/// The DID this identity acts for: the one it creates (derived from its
	/// authentication key), or the one it adopted.
	pub fn did(&self) -> DidId {
		self.did
	}

	/// Acts for `did` from now on: a DID whose authentication key a recovery replaced
	/// with one of this phrase's (see `manage::adopt`).
	pub fn adopt(&mut self, did: DidId) {
		self.did = did;
	}

	pub fn authentication_key(&self) -> DidVerificationKey {
		DidVerificationKey::Sr25519(self.authentication.public())
	}

	pub fn assertion_key(&self) -> DidVerificationKey {
		DidVerificationKey::Sr25519(self.assertion.public())
	}

	/// The DID key of `role` (authentication or assertion) in its `generation`th
	/// rotation: generation 0 is the key the DID is created with, each rotation takes
	/// the next (`//missive//did//<role>//<generation>`), so the phrase alone restores
	/// every key a DID has had.
	pub fn did_key(&self, role: KeyRelationship, generation: u32) -> sr25519::Pair {
		let base = match role {
			KeyRelationship::Authentication => &self.authentication,
			KeyRelationship::AssertionMethod => &self.assertion,
			KeyRelationship::CapabilityDelegation | KeyRelationship::KeyAgreement => {
				panic!("only authentication and assertion keys are derived here")
			},
		};
		if generation == 0 {
			return base.clone();
		}
		let path = match role {
			KeyRelationship::Authentication => "authentication",
			_ => "assertion",
		};
		sr25519::Pair::from_string(
			&format!("{}//missive//did//{path}//{generation}", self.phrase.as_str()),
			None,
		)
		.expect("the phrase was validated when the identity was made; qed")
	}

	/// The key-agreement key of device `index`.
	pub fn device(&self, index: u32) -> DeviceKey {
		let pair = sr25519::Pair::from_string(
			&format!("{}//missive//device//{index}", self.phrase.as_str()),
			None,
		)
		.expect("the phrase was validated when the identity was made; qed");
		// The derived sr25519 secret is only key material here, never a signing key.
		let material = Zeroizing::new(pair.to_raw_vec());
		DeviceKey::derive(&material)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const PHRASE: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

	#[test]
	fn the_phrase_alone_restores_every_key() {
		let one = Identity::from_phrase(PHRASE).unwrap();
		let two = Identity::from_phrase(PHRASE).unwrap();
		assert_eq!(one.did(), two.did());
		assert_eq!(one.account.public(), two.account.public());
		assert_eq!(one.assertion.public(), two.assertion.public());
		assert_eq!(one.device(0).public(), two.device(0).public());
	}

	#[test]
	fn every_role_and_device_has_its_own_key() {
		let identity = Identity::from_phrase(PHRASE).unwrap();
		let keys = [identity.account.public(), identity.authentication.public()];
		assert_ne!(keys[0], keys[1]);
		assert_ne!(identity.posting.public(), identity.account.public());
		assert_ne!(identity.authentication.public(), identity.assertion.public());
		assert_ne!(identity.device(0).public(), identity.device(1).public());
		// The DID is not the bare phrase's (the well-known dev) key.
		let bare = sr25519::Pair::from_phrase(PHRASE, None).unwrap().0;
		assert_ne!(identity.authentication.public(), bare.public());
	}

	#[test]
	fn a_generated_identity_round_trips_through_its_phrase() {
		let identity = Identity::generate();
		assert_eq!(identity.phrase().split(' ').count(), 12);
		let restored = Identity::from_phrase(identity.phrase()).unwrap();
		assert_eq!(restored.did(), identity.did());
	}

	#[test]
	fn each_rotation_has_its_own_key_and_the_phrase_restores_it() {
		let identity = Identity::from_phrase(PHRASE).unwrap();
		let role = KeyRelationship::AssertionMethod;
		assert_eq!(identity.did_key(role, 0).public(), identity.assertion.public());
		let next = identity.did_key(role, 1).public();
		assert_ne!(next, identity.assertion.public());
		assert_ne!(next, identity.did_key(role, 2).public());
		assert_ne!(next, identity.did_key(KeyRelationship::Authentication, 1).public());
		assert_eq!(Identity::from_phrase(PHRASE).unwrap().did_key(role, 1).public(), next);
	}

	#[test]
	fn a_wrong_phrase_is_refused() {
		let wrong = PHRASE.replace("bottom", "button");
		assert!(matches!(Identity::from_phrase(&wrong), Err(InvalidPhrase(_))));
		assert!(Identity::from_phrase("").is_err());
	}
}

//! Statement-store topics only a message's two parties can compute.
//!
//! A statement's topics are public: anyone reading a node's store sees them. A topic
//! derived from the recipient's key alone would let any observer collect everything
//! sent to that recipient. Here a topic is derived from the X25519 shared secret of the
//! sender's device key and the recipient's device key (which only the two of them can
//! compute) and the day it was sent in, so an observer sees unrelated random tags, and
//! the tags of one pair change every day.
//!
//! `topic = blake2-256("missive/topic", shared secret, both public keys in order, day)`
//!
//! A recipient listens on the pairwise topics of the senders it knows of (its inbox and
//! its consent grants). A sender it cannot know of — one whose messages leave no entry
//! in its inbox (a batch) and who holds no grant of it — adds the recipient's
//! [`introduction`] topic, which anyone can compute from the recipient's DID document:
//! it says to an observer that the statement is for that recipient, nothing more.
//!
//! `introduction = blake2-256("missive/introduction", device public key, day)`

use codec::Encode;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::keys::DeviceKey;

/// Length of one topic epoch: a UTC day, in milliseconds.
pub const EPOCH_MS: u64 = 86_400_000;
/// Domain tag of the topic hash.
const TOPIC_DOMAIN: &[u8] = b"missive/topic";
/// Domain tag of the introduction topic hash.
const INTRODUCTION_DOMAIN: &[u8] = b"missive/introduction";

/// The epoch (day) of a Unix time in milliseconds.
pub fn epoch_of(unix_ms: u64) -> u64 {
	unix_ms / EPOCH_MS
}

/// The topic of what the holders of `own` and `peer` (an X25519 public key, read from
/// the other party's DID document) exchange in `epoch`. The same for either side.
/// `None` for a peer key that gives no shared secret (a low-order point).
pub fn topic(own: &DeviceKey, peer: &[u8; 32], epoch: u64) -> Option<[u8; 32]> {
	Some(Pairing::new(own, peer)?.topic(epoch))
}

/// Two devices' shared secret, agreed once: [`topic`] for any epoch without another
/// X25519 agreement (a sender's many messages to one device).
pub struct Pairing {
	shared: Zeroizing<[u8; 32]>,
	/// Both public keys, in order.
	low: [u8; 32],
	high: [u8; 32],
}

impl Pairing {
	/// `None` for a peer key that gives no shared secret (a low-order point).
	pub fn new(own: &DeviceKey, peer: &[u8; 32]) -> Option<Self> {
		let secret = StaticSecret::from(*own.secret_bytes());
		let shared = secret.diffie_hellman(&PublicKey::from(*peer));
		if !shared.was_contributory() {
			return None;
		}
		let mine = own.public();
		let (low, high) = if mine <= *peer { (mine, *peer) } else { (*peer, mine) };
		Some(Self { shared: Zeroizing::new(shared.to_bytes()), low, high })
	}

	/// The pair's topic in `epoch`.
	pub fn topic(&self, epoch: u64) -> [u8; 32] {
		let preimage =
			Zeroizing::new((TOPIC_DOMAIN, &*self.shared, self.low, self.high, epoch).encode());
		sp_crypto_hashing::blake2_256(&preimage)
	}
}

/// The topic on which the holder of device key `device` (an X25519 public key) hears
/// from senders it does not know of yet, in `epoch`. Public: anyone holding the DID
/// document computes it.
pub fn introduction(device: &[u8; 32], epoch: u64) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(&(INTRODUCTION_DOMAIN, device, epoch).encode())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::keys::Identity;

	#[test]
	fn both_parties_compute_the_same_topic() {
		let alice = Identity::generate().device(0);
		let bob = Identity::generate().device(0);
		let sent = topic(&alice, &bob.public(), 20_000).unwrap();
		assert_eq!(topic(&bob, &alice.public(), 20_000), Some(sent));
	}

	#[test]
	fn a_topic_links_neither_party_nor_day() {
		let alice = Identity::generate().device(0);
		let bob = Identity::generate().device(0);
		let carol = Identity::generate().device(0);
		let to_bob = topic(&alice, &bob.public(), 7).unwrap();
		// Another sender to the same recipient, the same pair another day, and another
		// device of the same recipient: all unrelated tags.
		assert_ne!(topic(&carol, &bob.public(), 7).unwrap(), to_bob);
		assert_ne!(topic(&alice, &bob.public(), 8).unwrap(), to_bob);
		let bob_phone = Identity::generate().device(1);
		assert_ne!(topic(&alice, &bob_phone.public(), 7).unwrap(), to_bob);
		// A third party holding only the public keys cannot compute it: its own secret
		// gives another value for either of them.
		assert_ne!(topic(&carol, &alice.public(), 7).unwrap(), to_bob);
	}

	#[test]
	fn a_low_order_key_gives_no_topic() {
		let alice = Identity::generate().device(0);
		assert_eq!(topic(&alice, &[0u8; 32], 1), None);
		let mut one = [0u8; 32];
		one[0] = 1;
		assert_eq!(topic(&alice, &one, 1), None);
	}

	#[test]
	fn epochs_are_utc_days() {
		assert_eq!(epoch_of(0), 0);
		assert_eq!(epoch_of(EPOCH_MS - 1), 0);
		assert_eq!(epoch_of(EPOCH_MS), 1);
	}

	#[test]
	fn an_introduction_is_per_device_and_day_and_no_pairwise_topic() {
		let alice = Identity::generate().device(0);
		let bob = Identity::generate().device(0);
		let hello = introduction(&bob.public(), 7);
		assert_eq!(hello, introduction(&bob.public(), 7), "anyone computes it");
		assert_ne!(hello, introduction(&bob.public(), 8));
		assert_ne!(hello, introduction(&alice.public(), 7));
		assert_ne!(Some(hello), topic(&alice, &bob.public(), 7));
	}
}

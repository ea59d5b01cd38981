//! Envelope commitments: what the chain keeps of a message (never its content), what
//! the sender signs, blinded recipients, receipts, and Merkle batches of envelopes.
//!
//! ## What is signed
//!
//! Two signatures, by the sender DID's assertion key, protect a message:
//!
//! 1. Inside the ciphertext (sign-then-encrypt), over the digest of the plaintext: only
//!    the recipient sees it, and it proves to the recipient who wrote the plaintext
//!    (non-repudiation), whoever relayed the ciphertext.
//! 2. Outside, over the [`Envelope`] and the [`Carrier`] the sender chose for it
//!    ([`Envelope::signing_payload`]): the chain verifies it before committing, so the
//!    commitment binds the sender to the ciphertext's hash, size, locator,
//!    conversation and destination, on this chain only. A batch leaf's signature also
//!    names the batch's committer, so nobody can carry the envelope in a commitment of
//!    their own: a replayed leaf does not verify under another committer's batch, and an
//!    envelope signed to be committed alone does not verify as a leaf.
//!
//! The recipient checks both: the ciphertext hashes to `content_hash`, and the inner
//! signature verifies with the sender's assertion key valid at the commitment's block.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use sp_runtime::{traits::BlakeTwo256, BoundedVec};

use crate::{
	did::{DidId, DidSignature, KeyId},
	policy::Destination,
	Deposit,
};

/// Domain tags of what envelope code hashes and signs.
pub mod domain {
	/// Signed by the sender's assertion key over an [`super::Envelope`] it commits
	/// alone.
	pub const ENVELOPE: &[u8] = b"missive/envelope";
	/// Signed by the sender's assertion key over an [`super::Envelope`] and the DID that
	/// commits it as a batch leaf.
	pub const ENVELOPE_LEAF: &[u8] = b"missive/envelope-leaf";
	/// Hashed with an envelope into its [`super::EnvelopeId`].
	pub const ENVELOPE_ID: &[u8] = b"missive/envelope-id";
	/// Hashed with a recipient and a conversation secret into a blinded tag.
	pub const BLINDED_TAG: &[u8] = b"missive/blinded-tag";
	/// Hashed with a batch's committer and root into its [`super::BatchId`].
	pub const BATCH_ID: &[u8] = b"missive/batch-id";
}

/// Id of a commitment: blake2-256 of `(domain::ENVELOPE_ID, envelope)`.
pub type EnvelopeId = H256;

/// Id of a conversation (or topic), chosen by its participants.
pub type ConversationId = H256;

/// Longest locator, in bytes: a statement hash (32 bytes), a CID or a URI.
pub const MAX_LOCATOR_LEN: u32 = 128;
/// Where the ciphertext can be fetched: the statement's hash in the off-chain store,
/// or a URI or CID.
pub type Locator = BoundedVec<u8, ConstU32<MAX_LOCATOR_LEN>>;

/// Most envelopes one batch commitment may cover (a Merkle tree of depth 16).
pub const MAX_BATCH_LEAVES: u32 = 65_536;

/// Most sibling hashes an [`InclusionProof`] may carry: the depth of the deepest
/// batch's tree. A tree of `n` leaves (an odd last node promoted) has `⌈log2 n⌉` levels
/// above its leaves, and a leaf's proof has at most one sibling per level: 16 for
/// [`MAX_BATCH_LEAVES`] = 2^16 leaves, so no proof of a committed batch is longer.
pub const MAX_PROOF_SIBLINGS: u32 = 16;

// A tree of 2^MAX_PROOF_SIBLINGS leaves is as deep as a proof may go: no batch is larger.
const _: () = assert!(MAX_BATCH_LEAVES <= 1 << MAX_PROOF_SIBLINGS);

/// Id of a batch commitment: blake2-256 of `(domain::BATCH_ID, committer, root)`. A
/// batch is its committer's: two DIDs committing the same root make two batches.
pub type BatchId = H256;

/// The id of the batch `committer` commits under `root`.
pub fn batch_id(committer: &DidId, root: &H256) -> BatchId {
	H256(sp_crypto_hashing::blake2_256(&(domain::BATCH_ID, committer, root).encode()))
}

/// Position of an entry in a recipient's inbox index: the block it was committed in
/// and the index of its `EnvelopeCommitted` event among that block's events, both
/// big-endian, so that the index (stored with the `Identity` hasher) iterates in
/// commitment order.
pub type InboxKey = [u8; 8];

/// The inbox key of the commitment whose event is the `index`-th of block `block`.
pub fn inbox_key(block: u32, index: u32) -> InboxKey {
	let mut key = [0u8; 8];
	key[..4].copy_from_slice(&block.to_be_bytes());
	key[4..].copy_from_slice(&index.to_be_bytes());
	key
}

/// The block an inbox key's commitment was made in.
pub fn inbox_key_block(key: &InboxKey) -> u32 {
	u32::from_be_bytes([key[0], key[1], key[2], key[3]])
}

/// What a sender commits to for one message.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Envelope {
	pub sender: DidId,
	/// The recipient DID, or a blinded tag ([`blinded_tag`]) in private mode.
	pub destination: Destination,
	pub conversation: ConversationId,
	/// blake2-256 of the ciphertext.
	pub content_hash: H256,
	/// Size of the ciphertext, in bytes.
	pub size: u32,
	pub locator: Locator,
}

impl Envelope {
	/// The commitment's id.
	pub fn id(&self) -> EnvelopeId {
		H256(sp_crypto_hashing::blake2_256(&(domain::ENVELOPE_ID, self).encode()))
	}

	/// The bytes the sender's assertion key signs for the envelope to be carried by
	/// `carrier` on the chain whose genesis hash is `genesis_hash`.
	pub fn signing_payload<Hash: Encode>(&self, carrier: &Carrier, genesis_hash: &Hash) -> Vec<u8> {
		match carrier {
			Carrier::Alone => (domain::ENVELOPE, self, genesis_hash).encode(),
			Carrier::Batch { committer } => {
				(domain::ENVELOPE_LEAF, self, committer, genesis_hash).encode()
			},
		}
	}
}

/// The commitment a sender signs an envelope for: its signature verifies in that one
/// only, so a leaf copied into another committer's batch is refused as a replay.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Carrier {
	/// A commitment of its own (`commit` by the sender DID, or `commit_signed` by the
	/// account funding it): the chain checks the signature.
	Alone,
	/// A leaf of a batch that `committer` commits (the sender itself, or a relay it
	/// chose): the recipient checks the signature against the batch's committer.
	Batch { committer: DidId },
}

/// An envelope with its sender's signature: what `commit` takes, and one leaf of a
/// batch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SignedEnvelope {
	pub envelope: Envelope,
	pub signature: DidSignature,
}

/// The blinded destination of messages to `recipient` in the conversation whose
/// secret is `conversation_secret`: only who knows both can link the tag to the DID.
pub fn blinded_tag(recipient: &DidId, conversation_secret: &[u8; 32]) -> H256 {
	H256(sp_crypto_hashing::blake2_256(
		&(domain::BLINDED_TAG, recipient, conversation_secret).encode(),
	))
}

/// What a recipient acknowledged.
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
pub enum ReceiptStatus {
	/// The recipient fetched and verified the message.
	Delivered,
	/// The recipient read it.
	Read,
}

/// A recipient's acknowledgement and the block it was made in.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Receipt<BlockNumber> {
	pub status: ReceiptStatus,
	pub at: BlockNumber,
}

/// What the chain keeps of one message until its retention ends.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Commitment<AccountId, Balance, BlockNumber> {
	pub envelope: Envelope,
	pub signature: DidSignature,
	/// The sender's assertion key that made `signature`.
	pub signer: KeyId,
	pub committed_at: BlockNumber,
	/// The first block in which the commitment may be pruned.
	pub expires_at: BlockNumber,
	/// Position in the recipient's inbox index (DID destinations only).
	pub inbox_key: Option<InboxKey>,
	pub receipt: Option<Receipt<BlockNumber>>,
	/// Held from the submitter until the commitment is pruned.
	pub deposit: Deposit<AccountId, Balance>,
}

/// A commitment to many envelopes at once: the root of a binary Merkle tree over
/// their [`SignedEnvelope`] encodings (see [`merkle`]), identified by its committer and
/// root ([`batch_id`]).
///
/// The chain checks nothing about the leaves: not their signatures, and not the
/// recipients' inbox policies, consent or deny lists (each leaf counts as a blinded
/// envelope of its committer). A recipient's client checks a leaf's signature (over the
/// envelope and this batch's committer, [`Carrier::Batch`]) and its own consent for
/// the leaf's sender itself.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BatchCommitment<AccountId, Balance, BlockNumber> {
	/// The DID that committed the batch (a relay, or a busy sender).
	pub committer: DidId,
	/// The root of the Merkle tree over the batch's leaves.
	pub root: H256,
	pub leaves: u32,
	/// Where the batch's envelopes can be fetched.
	pub locator: Locator,
	pub committed_at: BlockNumber,
	pub expires_at: BlockNumber,
	pub deposit: Deposit<AccountId, Balance>,
}

/// Why an envelope is not proven part of a batch.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum InclusionError {
	/// No batch with this id is committed (never, or pruned).
	UnknownBatch,
	/// The proof's leaf count differs from the batch's.
	LeafCountMismatch,
	/// The proof does not lead from the envelope to the batch's root.
	InvalidProof,
	/// The proof has more siblings than any batch's tree is deep ([`MAX_PROOF_SIBLINGS`]);
	/// the chain refuses it before it reads the batch.
	ProofTooLong,
}

impl<AccountId, Balance, BlockNumber> BatchCommitment<AccountId, Balance, BlockNumber> {
	/// Whether `proof` shows `leaf` to be one of this batch's leaves: for the proof's leaf
	/// count, this batch's, and under its root. Membership only ([`merkle::verify`]).
	pub fn verify_inclusion(
		&self,
		proof: &InclusionProof,
		leaf: &SignedEnvelope,
	) -> Result<(), InclusionError> {
		if proof.siblings.len() > MAX_PROOF_SIBLINGS as usize {
			return Err(InclusionError::ProofTooLong);
		}
		if proof.number_of_leaves != self.leaves {
			return Err(InclusionError::LeafCountMismatch);
		}
		if !merkle::verify(&self.root, proof, leaf) {
			return Err(InclusionError::InvalidProof);
		}
		Ok(())
	}
}

/// A sealed commitment (private mode): the Merkle root over the leaves of one or more
/// messages whose senders, recipients and conversations the chain never sees. Anyone
/// commits one from any account (`envelope.commit_sealed`); it names no DID. A leaf is
/// the hash of what a recipient decrypts (see the client's `sealed` module), so the chain
/// and every observer see only the root, the leaf count and the paying account.
///
/// A recipient proves its leaf under the root and checks everything else itself: the
/// sender's signature with the key valid at `committed_at`, and its own inbox policy.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SealedCommitment<AccountId, Balance, BlockNumber> {
	pub leaves: u32,
	pub committed_at: BlockNumber,
	/// The first block in which the commitment may be pruned.
	pub expires_at: BlockNumber,
	/// Held from the submitter until the commitment is pruned.
	pub deposit: Deposit<AccountId, Balance>,
}

/// Proof that an envelope is one of the leaves of a tree of `number_of_leaves`: the
/// sibling hashes from the leaf up to (not including) the root, at most
/// [`MAX_PROOF_SIBLINGS`].
///
/// What verifies is membership, not position: `leaf_index` tells the verifier on which
/// side of each sibling the path goes, but other indices can lead to the same root (in a
/// tree of 3 leaves, leaf 2's proof also verifies with index 1, since a promoted last
/// node and a right child hash the same way). Do not rely on `leaf_index` as the leaf's
/// proven position in the batch.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct InclusionProof {
	/// Where the leaf is in the tree: a hint for the verifier, not a proven position.
	pub leaf_index: u32,
	pub number_of_leaves: u32,
	pub siblings: Vec<H256>,
}

/// Binary Merkle trees over signed envelopes, built and checked with polkadot-sdk's
/// `binary-merkle-tree` (blake2-256; an odd last node is promoted, not duplicated).
///
/// Leaves are hashed from their SCALE encoding, which is always longer than the 64
/// bytes of an inner node, so no inner node can pass for a leaf.
pub mod merkle {
	use super::*;

	/// The hash of one leaf.
	pub fn leaf_hash(leaf: &SignedEnvelope) -> H256 {
		H256(sp_crypto_hashing::blake2_256(&leaf.encode()))
	}

	/// The root over `leaves`, in order; zero for no leaves.
	pub fn root(leaves: &[SignedEnvelope]) -> H256 {
		binary_merkle_tree::merkle_root_raw::<BlakeTwo256, _>(leaves.iter().map(leaf_hash))
	}

	/// Whether `proof` shows `leaf` under `root`: that `leaf` is one of the leaves of the
	/// tree of `proof.number_of_leaves` whose root is `root`. Proofs longer than
	/// [`MAX_PROOF_SIBLINGS`] fail.
	///
	/// This proves membership only. `proof.leaf_index` is a hint for the verifier, not a
	/// proven position: a leaf may verify under an index other than its own (see
	/// [`InclusionProof`]). Nor does it check the leaf's signature.
	pub fn verify(root: &H256, proof: &InclusionProof, leaf: &SignedEnvelope) -> bool {
		verify_hash(root, proof, leaf_hash(leaf))
	}

	/// [`verify`] for a leaf given by its hash (sealed leaves hash their own way).
	pub fn verify_hash(root: &H256, proof: &InclusionProof, leaf_hash: H256) -> bool {
		if proof.siblings.len() > MAX_PROOF_SIBLINGS as usize {
			return false;
		}
		binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
			root,
			proof.siblings.iter().copied(),
			proof.number_of_leaves,
			proof.leaf_index,
			binary_merkle_tree::Leaf::Hash(leaf_hash),
		)
	}

	/// The proof for leaf `index` of `leaves`, if there is such a leaf. Builds the tree:
	/// to prove many leaves of one tree, use [`Tree`].
	pub fn proof(leaves: &[SignedEnvelope], index: u32) -> Option<InclusionProof> {
		// `merkle_proof_raw` panics on an index past the leaves.
		if index as usize >= leaves.len() {
			return None;
		}
		let proof = binary_merkle_tree::merkle_proof_raw::<BlakeTwo256, _>(
			leaves.iter().map(leaf_hash),
			index,
		);
		Some(InclusionProof {
			leaf_index: proof.leaf_index,
			number_of_leaves: proof.number_of_leaves,
			siblings: proof.proof,
		})
	}

	/// Every layer of a tree, so that each leaf's proof is read off in O(log n) —
	/// a relay proving all of a batch's envelopes builds the tree once. Hashes the
	/// same way as `binary-merkle-tree`, whose `verify_proof` checks the proofs.
	pub struct Tree {
		layers: Vec<Vec<H256>>,
	}

	impl Tree {
		pub fn new(leaves: &[SignedEnvelope]) -> Self {
			Self::from_hashes(leaves.iter().map(leaf_hash).collect())
		}

		/// The tree over leaves given by their hashes, in order.
		pub fn from_hashes(leaf_hashes: Vec<H256>) -> Self {
			let mut layers = alloc::vec![leaf_hashes];
			while layers.last().map_or(0, Vec::len) > 1 {
				let below = layers.last().expect("at least one layer");
				let above = below
					.chunks(2)
					.map(|pair| match pair {
						[left, right] => {
							let mut combined = [0u8; 64];
							combined[..32].copy_from_slice(left.as_ref());
							combined[32..].copy_from_slice(right.as_ref());
							H256(sp_crypto_hashing::blake2_256(&combined))
						},
						[promoted] => *promoted,
						_ => unreachable!("chunks(2) yields one or two items"),
					})
					.collect();
				layers.push(above);
			}
			Self { layers }
		}

		/// The root; zero for no leaves.
		pub fn root(&self) -> H256 {
			self.layers.last().and_then(|top| top.first().copied()).unwrap_or_default()
		}

		pub fn leaves(&self) -> u32 {
			self.layers[0].len() as u32
		}

		/// The proof for leaf `index`, if there is such a leaf.
		pub fn proof(&self, index: u32) -> Option<InclusionProof> {
			if index >= self.leaves() {
				return None;
			}
			let mut position = index as usize;
			let mut siblings = Vec::new();
			for layer in &self.layers[..self.layers.len() - 1] {
				// A promoted last node has no sibling on this layer.
				if let Some(sibling) = layer.get(position ^ 1) {
					siblings.push(*sibling);
				}
				position /= 2;
			}
			Some(InclusionProof { leaf_index: index, number_of_leaves: self.leaves(), siblings })
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::did::DidSignature;
	use sp_core::sr25519;

	fn leaf(n: u32) -> SignedEnvelope {
		SignedEnvelope {
			envelope: Envelope {
				sender: DidId([1; 32]),
				destination: Destination::Did(DidId([2; 32])),
				conversation: H256::repeat_byte(3),
				content_hash: H256(sp_crypto_hashing::blake2_256(&n.encode())),
				size: n,
				locator: Default::default(),
			},
			signature: DidSignature::Sr25519(sr25519::Signature::from_raw([0; 64])),
		}
	}

	fn leaves(n: u32) -> Vec<SignedEnvelope> {
		(0..n).map(leaf).collect()
	}

	/// Every leaf's proof verifies under the root, and matches what
	/// `binary-merkle-tree` itself produces (checked for every leaf of small trees).
	fn check_tree(n: u32, compare_with_crate: bool) {
		let leaves = leaves(n);
		let tree = merkle::Tree::new(&leaves);
		let root = merkle::root(&leaves);
		assert_eq!(tree.root(), root, "{n} leaves: same root as binary-merkle-tree");
		for (index, leaf) in leaves.iter().enumerate() {
			let proof = tree.proof(index as u32).expect("a leaf");
			assert!(merkle::verify(&root, &proof, leaf), "{n} leaves: leaf {index} verifies");
			if compare_with_crate {
				assert_eq!(Some(proof), merkle::proof(&leaves, index as u32));
			}
		}
		assert_eq!(tree.proof(n), None);
		if compare_with_crate {
			assert_eq!(merkle::proof(&leaves, n), None);
		}
	}

	#[test]
	fn proofs_of_every_leaf_verify_in_small_trees() {
		for n in [1, 2, 3, 4, 5, 7, 8, 9, 1_000] {
			check_tree(n, n <= 9);
		}
	}

	#[test]
	fn proofs_of_every_leaf_verify_in_a_full_batch() {
		check_tree(MAX_BATCH_LEAVES, false);
		// The crate's own proofs agree on a spread of leaves.
		let all = leaves(MAX_BATCH_LEAVES);
		let tree = merkle::Tree::new(&all);
		for index in [0, 1, 2, 32_767, 32_768, 65_534, 65_535] {
			assert_eq!(tree.proof(index), merkle::proof(&all, index));
		}
		// Every proof of the largest batch has exactly `MAX_PROOF_SIBLINGS` siblings.
		for index in 0..MAX_BATCH_LEAVES {
			let proof = tree.proof(index).expect("a leaf");
			assert_eq!(proof.siblings.len(), MAX_PROOF_SIBLINGS as usize);
		}
	}

	#[test]
	fn no_proof_of_a_batch_is_longer_than_max_proof_siblings() {
		// The longest proofs of trees up to the largest batch: ⌈log2 n⌉ siblings.
		for n in [1u32, 2, 3, 4, 5, 1_000, 32_768, 32_769, MAX_BATCH_LEAVES - 1] {
			let tree = merkle::Tree::new(&leaves(n));
			let longest = (0..n).map(|i| tree.proof(i).unwrap().siblings.len()).max().unwrap();
			assert_eq!(longest as u32, n.next_power_of_two().trailing_zeros(), "{n} leaves");
			assert!(longest as u32 <= MAX_PROOF_SIBLINGS);
		}
	}

	#[test]
	fn a_proof_past_the_last_leaf_is_none_not_a_panic() {
		for n in [0u32, 1, 3, 8] {
			let leaves = leaves(n);
			assert_eq!(merkle::proof(&leaves, n), None);
			assert_eq!(merkle::proof(&leaves, u32::MAX), None);
			assert_eq!(merkle::Tree::new(&leaves).proof(n), None);
		}
	}

	#[test]
	fn a_proof_longer_than_max_proof_siblings_fails() {
		let leaves = leaves(4);
		let tree = merkle::Tree::new(&leaves);
		let mut proof = tree.proof(0).unwrap();
		proof.siblings.resize(MAX_PROOF_SIBLINGS as usize + 1, H256::zero());
		assert!(!merkle::verify(&tree.root(), &proof, &leaves[0]));
	}

	/// The documented limit of a proof: it shows membership, not position. With 3 leaves,
	/// leaf 2 is promoted past the first level, so it is hashed on the right at both
	/// index 1 and index 2, and its proof verifies with either.
	#[test]
	fn the_leaf_index_is_a_hint_not_a_proven_position() {
		let leaves = leaves(3);
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		let proof = tree.proof(2).unwrap();
		assert!(merkle::verify(&root, &proof, &leaves[2]));
		let elsewhere = InclusionProof { leaf_index: 1, ..proof.clone() };
		assert!(merkle::verify(&root, &elsewhere, &leaves[2]));
		// Membership still is proven: another leaf, or an index on the other side, fails.
		assert!(!merkle::verify(&root, &elsewhere, &leaves[1]));
		let left = InclusionProof { leaf_index: 0, ..proof };
		assert!(!merkle::verify(&root, &left, &leaves[2]));
	}

	#[test]
	fn tampered_leaves_and_proofs_fail() {
		let leaves = leaves(1_000);
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		let proof = tree.proof(417).unwrap();
		assert!(merkle::verify(&root, &proof, &leaves[417]));
		// Another leaf, or a leaf with one field changed.
		assert!(!merkle::verify(&root, &proof, &leaves[418]));
		let mut tampered = leaves[417].clone();
		tampered.envelope.size += 1;
		assert!(!merkle::verify(&root, &proof, &tampered));
		// A changed sibling, index, leaf count (below the index), missing or extra sibling.
		let mut bad = proof.clone();
		bad.siblings[3] = H256::repeat_byte(9);
		assert!(!merkle::verify(&root, &bad, &leaves[417]));
		let mut bad = proof.clone();
		bad.leaf_index = 416;
		assert!(!merkle::verify(&root, &bad, &leaves[417]));
		let mut bad = proof.clone();
		bad.number_of_leaves = 417;
		assert!(!merkle::verify(&root, &bad, &leaves[417]));
		let mut bad = proof.clone();
		bad.siblings.pop();
		assert!(!merkle::verify(&root, &bad, &leaves[417]));
		let mut bad = proof;
		bad.siblings.push(H256::zero());
		assert!(!merkle::verify(&root, &bad, &leaves[417]));
		// Another root.
		assert!(!merkle::verify(&H256::zero(), &tree.proof(0).unwrap(), &leaves[0]));
	}

	#[test]
	fn inbox_keys_sort_in_commitment_order() {
		let keys = [inbox_key(1, 7), inbox_key(2, 0), inbox_key(2, 1), inbox_key(256, 0)];
		assert!(keys.windows(2).all(|pair| pair[0] < pair[1]));
		assert_eq!(inbox_key_block(&inbox_key(70_000, 3)), 70_000);
	}

	#[test]
	fn batch_ids_bind_their_committer_and_root() {
		let (alice, bob) = (DidId([1; 32]), DidId([2; 32]));
		let root = H256::repeat_byte(7);
		assert_ne!(batch_id(&alice, &root), batch_id(&bob, &root));
		assert_ne!(batch_id(&alice, &root), batch_id(&alice, &H256::repeat_byte(8)));
		assert_eq!(
			batch_id(&alice, &root),
			H256(sp_crypto_hashing::blake2_256(&(&b"missive/batch-id"[..], alice, root).encode()))
		);
	}

	#[test]
	fn envelope_ids_and_tags_bind_their_inputs() {
		let a = leaf(1).envelope;
		let mut b = a.clone();
		b.conversation = H256::repeat_byte(4);
		assert_ne!(a.id(), b.id());
		assert_eq!(a.id(), leaf(1).envelope.id());
		let recipient = DidId([2; 32]);
		assert_ne!(blinded_tag(&recipient, &[1; 32]), blinded_tag(&recipient, &[2; 32]));
		assert_ne!(blinded_tag(&recipient, &[1; 32]), blinded_tag(&DidId([3; 32]), &[1; 32]));
		// The signed payload names the chain.
		let alone = Carrier::Alone;
		assert_ne!(
			a.signing_payload(&alone, &H256::zero()),
			a.signing_payload(&alone, &H256::repeat_byte(1))
		);
	}

	#[test]
	fn the_signed_payload_names_the_carrier() {
		let envelope = leaf(1).envelope;
		let genesis = H256::zero();
		let alone = envelope.signing_payload(&Carrier::Alone, &genesis);
		let by = |committer| envelope.signing_payload(&Carrier::Batch { committer }, &genesis);
		let (own, relay) = (by(envelope.sender), by(DidId([9; 32])));
		assert_ne!(alone, own, "committed alone is not a leaf");
		assert_ne!(own, relay, "a leaf names its committer");
		// Committed alone, the payload is the one the chain has always checked.
		assert_eq!(alone, (&b"missive/envelope"[..], &envelope, genesis).encode());
	}
}

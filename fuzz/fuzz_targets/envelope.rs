//! Envelopes, inclusion proofs and Merkle trees, as a client or the node's RPC meets
//! them from the network: decoding and proof checking never panic, whatever the bytes;
//! a batch's tree agrees with `binary-merkle-tree` and proves each of its leaves.

#![no_main]

use codec::{Decode, DecodeLimit, Encode};
use libfuzzer_sys::fuzz_target;
use missive_primitives::envelope::{merkle, InclusionProof, SignedEnvelope};
use sp_core::H256;

/// Leaves per tree: enough for several layers and odd promotions, small enough to run
/// fast.
const MAX_LEAVES: usize = 70;

fuzz_target!(|data: &[u8]| {
	let mut input = data;
	// Whatever a peer sends as (root, proof, leaf).
	let Ok((root, proof, leaf)) =
		<(H256, InclusionProof, SignedEnvelope)>::decode_with_depth_limit(4, &mut input)
	else {
		return;
	};
	if merkle::verify(&root, &proof, &leaf) {
		assert!(proof.number_of_leaves > 0 && proof.leaf_index < proof.number_of_leaves);
	}
	// The decoded leaf re-encodes to what decodes back to it.
	assert_eq!(SignedEnvelope::decode(&mut &leaf.encode()[..]).as_ref(), Ok(&leaf));

	// A batch: the decoded leaf, varied by the remaining input's 32-byte chunks as
	// content hashes.
	let leaves: Vec<SignedEnvelope> = core::iter::once(leaf.clone())
		.chain(input.chunks_exact(32).map(|chunk| {
			let mut varied = leaf.clone();
			varied.envelope.content_hash = H256::from_slice(chunk);
			varied
		}))
		.take(MAX_LEAVES)
		.collect();
	let tree = merkle::Tree::new(&leaves);
	assert_eq!(tree.root(), merkle::root(&leaves), "the tree agrees with binary-merkle-tree");
	for (index, leaf) in leaves.iter().enumerate() {
		let proof = tree.proof(index as u32).expect("a leaf has a proof");
		assert_eq!(Some(&proof), merkle::proof(&leaves, index as u32).as_ref());
		assert!(merkle::verify(&tree.root(), &proof, leaf), "leaf {index} is proven");
	}
	assert!(tree.proof(leaves.len() as u32).is_none());
});

//! Batches: one commitment to the Merkle root of many signed envelopes, each its
//! committer's, and proofs that an envelope is one of them.

use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
use missive_primitives::{
	envelope::{
		batch_id, merkle, BatchCommitment, BatchId, Locator, SignedEnvelope, MAX_BATCH_LEAVES,
		MAX_PROOF_SIBLINGS,
	},
	policy::Violation,
	runtime_api::InclusionError,
	Deposit,
};

use super::*;
use crate::{mock::PolicyQuery, Error, Event, HoldReason};

/// `n` envelopes from various senders to various blinded tags, each signed.
fn leaves(n: u8) -> Vec<SignedEnvelope> {
	(0..n).map(|i| signed([ALICE, BOB, CHARLIE][i as usize % 3], blinded(i), i)).collect()
}

fn locator() -> Locator {
	Locator::truncate_from(b"ipfs://batch".to_vec())
}

fn commit_batch(account: AccountId, root: H256, count: u32) -> DispatchResult {
	Envelopes::commit_batch(origin(account), root, count, locator())
}

/// The id of `account`'s batch under `root`.
fn id(account: AccountId, root: H256) -> BatchId {
	batch_id(&did(account), &root)
}

#[test]
fn a_batch_is_committed_with_each_leaf_a_blinded_envelope_of_the_committer() {
	run(|| {
		run_to_block(2);
		let tree = merkle::Tree::new(&leaves(5));
		let root = tree.root();
		assert_ok!(commit_batch(CHARLIE, root, 5));

		let expires_at = 2 + RETENTION;
		let id = id(CHARLIE, root);
		assert_eq!(
			Envelopes::batch(id),
			Some(BatchCommitment {
				committer: did(CHARLIE),
				root,
				leaves: 5,
				locator: locator(),
				committed_at: 2,
				expires_at,
				deposit: Deposit { owner: CHARLIE, amount: BATCH_DEPOSIT },
			})
		);
		assert_eq!(held(HoldReason::Batch, CHARLIE), BATCH_DEPOSIT);
		assert_eq!(
			TestPolicy::checks(),
			vec![PolicyQuery {
				sender: did(CHARLIE),
				to: Destination::Blinded(root),
				conversation: None,
				size: 0,
				messages: 5,
				now: 2,
			}]
		);
		// Every leaf counts against the committer's limits.
		assert_eq!(TestPolicy::sent(), vec![(did(CHARLIE), Destination::Blinded(root), 5, 2)]);
		assert_eq!(
			envelope_events().last(),
			Some(&Event::BatchCommitted {
				id,
				root,
				committer: did(CHARLIE),
				leaves: 5,
				expires_at
			})
		);
	});
}

#[test]
fn a_batch_keeps_the_retention_of_its_blinded_destination() {
	run(|| {
		let root = H256::repeat_byte(0xba);
		TestPolicy::set_retention(Destination::Blinded(root), 77);
		assert_ok!(commit_batch(ALICE, root, 1));
		assert_eq!(Envelopes::batch(id(ALICE, root)).unwrap().expires_at, 1 + 77);
	});
}

#[test]
fn a_batch_covers_one_to_max_batch_leaves_envelopes() {
	run(|| {
		assert_noop!(commit_batch(ALICE, H256::repeat_byte(1), 0), Error::<Test>::InvalidBatchSize);
		assert_noop!(
			commit_batch(ALICE, H256::repeat_byte(1), MAX_BATCH_LEAVES + 1),
			Error::<Test>::InvalidBatchSize
		);
		assert_ok!(commit_batch(ALICE, H256::repeat_byte(1), 1));
		assert_ok!(commit_batch(ALICE, H256::repeat_byte(2), MAX_BATCH_LEAVES));
	});
}

#[test]
fn a_committer_commits_a_root_once() {
	run(|| {
		let root = H256::repeat_byte(1);
		assert_ok!(commit_batch(ALICE, root, 3));
		assert_noop!(commit_batch(ALICE, root, 3), Error::<Test>::DuplicateBatch);
		// With another count, neither.
		assert_noop!(commit_batch(ALICE, root, 4), Error::<Test>::DuplicateBatch);
		// Nor in a later block.
		run_to_block(2);
		assert_noop!(commit_batch(ALICE, root, 3), Error::<Test>::DuplicateBatch);
	});
}

#[test]
fn another_did_committing_the_same_root_gets_its_own_batch_and_does_not_disturb_the_first() {
	run(|| {
		let leaves = leaves(3);
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		// Bob saw the relay's root and commits it first, with a wrong count.
		assert_ok!(commit_batch(BOB, root, 1));
		// Alice, the relay, still commits it, with its real count; so does Charlie, who
		// relays the same batch.
		assert_ok!(commit_batch(ALICE, root, 3));
		assert_ok!(commit_batch(CHARLIE, root, 3));

		let (alice, bob, charlie) = (id(ALICE, root), id(BOB, root), id(CHARLIE, root));
		for (batch, committer, leaves) in [(alice, ALICE, 3), (bob, BOB, 1), (charlie, CHARLIE, 3)]
		{
			let stored = Envelopes::batch(batch).expect("each committer has its batch");
			assert_eq!(
				(stored.committer, stored.root, stored.leaves),
				(did(committer), root, leaves)
			);
			assert_eq!(held(HoldReason::Batch, committer), BATCH_DEPOSIT);
		}
		// Each batch verifies against its own leaf count: Alice's and Charlie's prove every
		// leaf; Bob's, of one leaf, proves none of them.
		for (index, leaf) in leaves.iter().enumerate() {
			let proof = tree.proof(index as u32).expect("a leaf");
			assert_eq!(Envelopes::verify_inclusion(alice, proof.clone(), leaf.clone()), Ok(()));
			assert_eq!(Envelopes::verify_inclusion(charlie, proof.clone(), leaf.clone()), Ok(()));
			assert_eq!(
				Envelopes::verify_inclusion(bob, proof, leaf.clone()),
				Err(InclusionError::LeafCountMismatch)
			);
		}
		let events = envelope_events();
		assert!(events.contains(&Event::BatchCommitted {
			id: alice,
			root,
			committer: did(ALICE),
			leaves: 3,
			expires_at: 1 + RETENTION,
		}));
	});
}

#[test]
fn a_batch_counts_against_the_committers_limits() {
	run(|| {
		TestPolicy::refuse(Some(Violation::SenderRateLimited));
		assert_noop!(
			commit_batch(ALICE, H256::repeat_byte(1), 3),
			Error::<Test>::SenderRateLimited
		);
		TestPolicy::refuse(Some(Violation::SenderNotActive));
		assert_noop!(commit_batch(EVE, H256::repeat_byte(1), 3), Error::<Test>::SenderNotActive);
		assert!(TestPolicy::sent().is_empty());
	});
}

#[test]
fn a_committer_that_cannot_pay_commits_no_batch() {
	run(|| {
		assert_noop!(commit_batch(POOR, H256::repeat_byte(1), 3), Error::<Test>::InsufficientFunds);
		assert!(TestPolicy::sent().is_empty());
		// Enough for the deposit and 4 leaves' fees, not for 5.
		Balances::set_balance(&CHARLIE, BATCH_DEPOSIT + 4 * FEE_PER_LEAF + 1);
		assert_noop!(
			commit_batch(CHARLIE, H256::repeat_byte(1), 5),
			Error::<Test>::InsufficientFunds
		);
		assert!(TestPolicy::sent().is_empty());
	});
}

#[test]
fn each_leaf_of_a_batch_costs_a_fee_that_is_burned() {
	run(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(commit_batch(CHARLIE, H256::repeat_byte(1), 9));
		assert_eq!(free(CHARLIE), ENDOWMENT - BATCH_DEPOSIT - 9 * FEE_PER_LEAF);
		assert_eq!(Balances::total_issuance(), issuance - 9 * FEE_PER_LEAF);
	});
}

#[test]
fn every_leaf_of_a_committed_batch_proves_its_inclusion() {
	run(|| {
		let leaves = leaves(7);
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		assert_ok!(commit_batch(BOB, root, 7));
		for (index, leaf) in leaves.iter().enumerate() {
			let proof = tree.proof(index as u32).expect("a leaf");
			assert_eq!(Envelopes::verify_inclusion(id(BOB, root), proof, leaf.clone()), Ok(()));
		}
	});
}

#[test]
fn a_tampered_leaf_a_wrong_count_or_an_unknown_batch_proves_nothing() {
	run(|| {
		let leaves = leaves(7);
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		assert_ok!(commit_batch(BOB, root, 7));
		let batch = id(BOB, root);
		let proof = tree.proof(3).unwrap();

		let mut tampered = leaves[3].clone();
		tampered.envelope.size += 1;
		assert_eq!(
			Envelopes::verify_inclusion(batch, proof.clone(), tampered),
			Err(InclusionError::InvalidProof)
		);
		// Another leaf with this leaf's proof.
		assert_eq!(
			Envelopes::verify_inclusion(batch, proof.clone(), leaves[4].clone()),
			Err(InclusionError::InvalidProof)
		);
		let mut recounted = proof.clone();
		recounted.number_of_leaves = 8;
		assert_eq!(
			Envelopes::verify_inclusion(batch, recounted, leaves[3].clone()),
			Err(InclusionError::LeafCountMismatch)
		);
		// A batch is found by its id, not by its root, nor under another committer.
		for unknown in [H256::repeat_byte(9), root, id(ALICE, root)] {
			assert_eq!(
				Envelopes::verify_inclusion(unknown, proof.clone(), leaves[3].clone()),
				Err(InclusionError::UnknownBatch)
			);
		}
	});
}

#[test]
fn a_proof_longer_than_any_batch_is_refused_before_the_batch_is_read() {
	run(|| {
		let leaves = leaves(7);
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		assert_ok!(commit_batch(BOB, root, 7));
		let mut long = tree.proof(3).unwrap();
		long.siblings.resize(MAX_PROOF_SIBLINGS as usize + 1, H256::zero());
		assert_eq!(
			Envelopes::verify_inclusion(id(BOB, root), long.clone(), leaves[3].clone()),
			Err(InclusionError::ProofTooLong)
		);
		// Even for a batch that does not exist: nothing is read.
		assert_eq!(
			Envelopes::verify_inclusion(H256::repeat_byte(9), long, leaves[3].clone()),
			Err(InclusionError::ProofTooLong)
		);
		// At the bound, the proof is checked (and this one is wrong).
		let mut longest = tree.proof(3).unwrap();
		longest.siblings.resize(MAX_PROOF_SIBLINGS as usize, H256::zero());
		assert_eq!(
			Envelopes::verify_inclusion(id(BOB, root), longest, leaves[3].clone()),
			Err(InclusionError::InvalidProof)
		);
	});
}

/// As documented on `InclusionProof`: what verifies is membership, not position.
#[test]
fn inclusion_proves_membership_not_the_leafs_position() {
	run(|| {
		let leaves = leaves(3);
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		assert_ok!(commit_batch(BOB, root, 3));
		let mut proof = tree.proof(2).unwrap();
		assert_eq!(
			Envelopes::verify_inclusion(id(BOB, root), proof.clone(), leaves[2].clone()),
			Ok(())
		);
		// Leaf 2's proof, claiming index 1, verifies too.
		proof.leaf_index = 1;
		assert_eq!(Envelopes::verify_inclusion(id(BOB, root), proof, leaves[2].clone()), Ok(()));
	});
}

#[test]
fn a_batch_committed_with_another_count_than_its_tree_proves_nothing() {
	run(|| {
		let leaves = leaves(4);
		let tree = merkle::Tree::new(&leaves);
		assert_ok!(commit_batch(BOB, tree.root(), 5));
		assert_eq!(
			Envelopes::verify_inclusion(
				id(BOB, tree.root()),
				tree.proof(0).unwrap(),
				leaves[0].clone()
			),
			Err(InclusionError::LeafCountMismatch)
		);
	});
}

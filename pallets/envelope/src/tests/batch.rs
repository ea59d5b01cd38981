//! Batches: one commitment to the Merkle root of many signed envelopes, and proofs that
//! an envelope is one of them.

use frame_support::{assert_noop, assert_ok};
use missive_primitives::{
	envelope::{merkle, BatchCommitment, Locator, SignedEnvelope, MAX_BATCH_LEAVES},
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

#[test]
fn a_batch_is_committed_as_one_blinded_envelope_of_the_committer() {
	run(|| {
		run_to_block(2);
		let tree = merkle::Tree::new(&leaves(5));
		let root = tree.root();
		assert_ok!(commit_batch(CHARLIE, root, 5));

		let expires_at = 2 + RETENTION;
		assert_eq!(
			Envelopes::batch(root),
			Some(BatchCommitment {
				committer: did(CHARLIE),
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
				now: 2,
			}]
		);
		assert_eq!(TestPolicy::sent(), vec![(did(CHARLIE), Destination::Blinded(root), 2)]);
		assert_eq!(
			envelope_events().last(),
			Some(&Event::BatchCommitted { root, committer: did(CHARLIE), leaves: 5, expires_at })
		);
	});
}

#[test]
fn a_batch_keeps_the_retention_of_its_blinded_destination() {
	run(|| {
		let root = H256::repeat_byte(0xba);
		TestPolicy::set_retention(Destination::Blinded(root), 77);
		assert_ok!(commit_batch(ALICE, root, 1));
		assert_eq!(Envelopes::batch(root).unwrap().expires_at, 1 + 77);
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
fn a_root_is_committed_once() {
	run(|| {
		let root = H256::repeat_byte(1);
		assert_ok!(commit_batch(ALICE, root, 3));
		assert_noop!(commit_batch(ALICE, root, 3), Error::<Test>::DuplicateBatch);
		// By another committer, or with another count, neither.
		assert_noop!(commit_batch(BOB, root, 4), Error::<Test>::DuplicateBatch);
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
			assert_eq!(Envelopes::verify_inclusion(root, proof, leaf.clone()), Ok(()));
		}
	});
}

#[test]
fn a_tampered_leaf_a_wrong_count_or_an_unknown_root_proves_nothing() {
	run(|| {
		let leaves = leaves(7);
		let tree = merkle::Tree::new(&leaves);
		let root = tree.root();
		assert_ok!(commit_batch(BOB, root, 7));
		let proof = tree.proof(3).unwrap();

		let mut tampered = leaves[3].clone();
		tampered.envelope.size += 1;
		assert_eq!(
			Envelopes::verify_inclusion(root, proof.clone(), tampered),
			Err(InclusionError::InvalidProof)
		);
		// Another leaf with this leaf's proof.
		assert_eq!(
			Envelopes::verify_inclusion(root, proof.clone(), leaves[4].clone()),
			Err(InclusionError::InvalidProof)
		);
		let mut recounted = proof.clone();
		recounted.number_of_leaves = 8;
		assert_eq!(
			Envelopes::verify_inclusion(root, recounted, leaves[3].clone()),
			Err(InclusionError::LeafCountMismatch)
		);
		assert_eq!(
			Envelopes::verify_inclusion(H256::repeat_byte(9), proof, leaves[3].clone()),
			Err(InclusionError::UnknownBatch)
		);
	});
}

#[test]
fn a_batch_committed_with_another_count_than_its_tree_proves_nothing() {
	run(|| {
		let leaves = leaves(4);
		let tree = merkle::Tree::new(&leaves);
		assert_ok!(commit_batch(BOB, tree.root(), 5));
		assert_eq!(
			Envelopes::verify_inclusion(tree.root(), tree.proof(0).unwrap(), leaves[0].clone()),
			Err(InclusionError::LeafCountMismatch)
		);
	});
}

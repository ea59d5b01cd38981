//! Sealed commitments (private mode): a root committed by any account, naming no DID,
//! kept for the blinded retention and pruned like the rest.

use frame_support::{assert_noop, assert_ok};
use missive_primitives::{
	envelope::{merkle, SealedCommitment, MAX_BATCH_LEAVES},
	Deposit,
};
use sp_runtime::DispatchError;

use super::*;
use crate::{Error, Event, HoldReason, Sealed};

/// An account with no funds and no DID.
const NOBODY: AccountId = 42;

fn commit_sealed(account: AccountId, root: H256, leaves: u32) -> DispatchResult {
	Envelopes::commit_sealed(origin(account), root, leaves)
}

/// The tree over `n` sealed leaves (hashes only: the chain never sees what they are).
fn tree(n: u8) -> merkle::Tree {
	merkle::Tree::from_hashes((0..n).map(H256::repeat_byte).collect())
}

#[test]
fn an_account_without_a_did_commits_a_sealed_root() {
	run(|| {
		run_to_block(2);
		let tree = tree(5);
		let root = tree.root();
		// The blinded retention applies, not the default nor any recipient's.
		TestPolicy::set_default_retention(30);
		TestPolicy::set_retention(Destination::Blinded(root), 77);
		TestPolicy::set_retention(to(BOB), 5);
		assert_ok!(commit_sealed(EVE, root, 5));

		let expires_at = 2 + 77;
		assert_eq!(
			Envelopes::sealed(root),
			Some(SealedCommitment {
				leaves: 5,
				committed_at: 2,
				expires_at,
				deposit: Deposit { owner: EVE, amount: SEALED_DEPOSIT },
			})
		);
		assert_eq!(held(HoldReason::Sealed, EVE), SEALED_DEPOSIT);
		assert_eq!(free(EVE), ENDOWMENT - SEALED_DEPOSIT);
		// No policy asked, nothing counted against anyone.
		assert!(TestPolicy::checks().is_empty());
		assert!(TestPolicy::sent().is_empty());
		// A recipient proves its leaf under the committed root.
		let proof = tree.proof(3).expect("a leaf");
		assert!(merkle::verify_hash(&root, &proof, H256::repeat_byte(3)));
	});
}

#[test]
fn the_event_names_no_account_and_no_did() {
	run(|| {
		let root = H256::repeat_byte(0x5e);
		assert_ok!(commit_sealed(ALICE, root, 3));
		assert_eq!(
			envelope_events(),
			vec![Event::SealedCommitted { root, leaves: 3, expires_at: 1 + RETENTION }]
		);
	});
}

#[test]
fn a_root_is_committed_once_by_whoever_commits_it_first() {
	run(|| {
		let root = H256::repeat_byte(1);
		assert_ok!(commit_sealed(EVE, root, 3));
		assert_noop!(commit_sealed(EVE, root, 3), Error::<Test>::DuplicateSeal);
		// Another account, another count: the same root all the same.
		assert_noop!(commit_sealed(BOB, root, 4), Error::<Test>::DuplicateSeal);
		// Nor in a later block.
		run_to_block(2);
		assert_noop!(commit_sealed(BOB, root, 3), Error::<Test>::DuplicateSeal);
		let sealed = Envelopes::sealed(root).expect("the first commitment stays");
		assert_eq!((sealed.leaves, sealed.deposit.owner), (3, EVE));
		assert_eq!(held(HoldReason::Sealed, BOB), 0);
	});
}

#[test]
fn a_sealed_root_covers_one_to_max_batch_leaves() {
	run(|| {
		let root = H256::repeat_byte(1);
		assert_noop!(commit_sealed(EVE, root, 0), Error::<Test>::InvalidBatchSize);
		assert_noop!(
			commit_sealed(EVE, root, MAX_BATCH_LEAVES + 1),
			Error::<Test>::InvalidBatchSize
		);
		assert_ok!(commit_sealed(EVE, root, 1));
		assert_ok!(commit_sealed(EVE, H256::repeat_byte(2), MAX_BATCH_LEAVES));
	});
}

#[test]
fn an_account_that_cannot_pay_commits_nothing() {
	run(|| {
		let root = H256::repeat_byte(1);
		assert_noop!(commit_sealed(POOR, root, 3), Error::<Test>::InsufficientFunds);
		assert_noop!(commit_sealed(NOBODY, root, 3), Error::<Test>::InsufficientFunds);
	});
}

#[test]
fn a_sealed_commitment_costs_no_leaf_fee() {
	run(|| {
		// Its leaf count binds no reader, so a fee on it could be avoided anyway.
		let issuance = Balances::total_issuance();
		assert_ok!(commit_sealed(EVE, H256::repeat_byte(1), MAX_BATCH_LEAVES));
		assert_eq!(free(EVE), ENDOWMENT - SEALED_DEPOSIT);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn only_a_signed_origin_commits() {
	run(|| {
		let root = H256::repeat_byte(1);
		assert_noop!(
			Envelopes::commit_sealed(RuntimeOrigin::none(), root, 3),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Envelopes::commit_sealed(RuntimeOrigin::root(), root, 3),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_sealed_commitment_is_pruned_after_its_expiry_and_its_deposit_returned() {
	run(|| {
		let root = H256::repeat_byte(0x5e);
		assert_ok!(commit_sealed(EVE, root, 3));
		// In the same bucket as a commitment and a batch.
		let id = send(ALICE, blinded(1), 1);
		assert_ok!(Envelopes::commit_batch(origin(BOB), root, 3, Default::default()));
		crate::try_state::check::<Test>().expect("storage invariants hold");
		let expires_at = 1 + RETENTION;

		run_to_block(expires_at);
		assert!(Envelopes::sealed(root).is_some());
		assert_eq!(held(HoldReason::Sealed, EVE), SEALED_DEPOSIT);

		run_to_block(expires_at + 1);
		assert_eq!(Envelopes::sealed(root), None);
		assert_eq!(Sealed::<Test>::iter().count(), 0);
		// The deposits come back; the batch's leaf fees were burned.
		assert_eq!((held(HoldReason::Sealed, EVE), free(EVE)), (0, ENDOWMENT));
		assert_eq!(Envelopes::envelope(id), None);
		assert_eq!((held(HoldReason::Batch, BOB), free(BOB)), (0, ENDOWMENT - 3 * FEE_PER_LEAF));
		assert_eq!(envelope_events().last(), Some(&Event::Pruned { count: 3 }));
		crate::try_state::check::<Test>().expect("storage invariants hold");

		// Once pruned, the root may be committed again.
		assert_ok!(commit_sealed(BOB, root, 3));
	});
}

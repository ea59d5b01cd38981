//! Retention: `on_idle` removes what expired, bucket by bucket, within its budget.

use frame_support::{assert_ok, weights::Weight};
use missive_primitives::envelope::batch_id;

use crate::{
	mock::MaxPrunedPerBlock, Batches, Commitments, Event, ExpiringCount, HoldReason, Inbox,
	PruneCursor, WeightInfo,
};

use super::*;

/// Weight of one step of any kind: what `on_idle` must have left to take a step.
fn step() -> Weight {
	<() as WeightInfo>::prune_envelope()
		.max(<() as WeightInfo>::prune_batch())
		.max(<() as WeightInfo>::prune_sealed())
		.max(<() as WeightInfo>::prune_empty_bucket())
}

fn pruned_events() -> Vec<u32> {
	envelope_events()
		.into_iter()
		.filter_map(|event| match event {
			Event::Pruned { count } => Some(count),
			_ => None,
		})
		.collect()
}

#[test]
fn a_commitment_is_pruned_at_the_end_of_its_expiry_block_not_before() {
	run(|| {
		let (key, id) = send_keyed(ALICE, to(BOB), 1);
		let expires_at = 1 + RETENTION;
		assert_eq!(Envelopes::envelope(id).unwrap().expires_at, expires_at);

		// Every block before `expires_at` ended with all the weight it wanted.
		run_to_block(expires_at);
		assert!(Envelopes::envelope(id).is_some());
		assert_eq!(Inbox::<Test>::get(did(BOB), key), Some(id));
		assert_eq!(held(HoldReason::Commitment, ALICE), COMMITMENT_DEPOSIT);
		assert!(pruned_events().is_empty());

		run_to_block(expires_at + 1);
		assert_eq!(Envelopes::envelope(id), None);
		assert_eq!(Inbox::<Test>::get(did(BOB), key), None);
		assert_eq!(held(HoldReason::Commitment, ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT);
		assert_eq!(pruned_events(), vec![1]);
		assert_eq!(PruneCursor::<Test>::get(), expires_at + 1);
	});
}

#[test]
fn batches_are_pruned_and_their_deposits_returned() {
	run(|| {
		let root = H256::repeat_byte(0xba);
		assert_ok!(Envelopes::commit_batch(origin(CHARLIE), root, 3, Default::default()));
		// In the same bucket as a commitment, and as Bob's batch under the same root.
		let id = send(ALICE, blinded(1), 1);
		assert_ok!(Envelopes::commit_batch(origin(BOB), root, 2, Default::default()));
		let batches = [batch_id(&did(CHARLIE), &root), batch_id(&did(BOB), &root)];
		run_to_block(1 + RETENTION);
		assert!(batches.iter().all(|batch| Envelopes::batch(*batch).is_some()));
		run_to_block(2 + RETENTION);
		assert!(batches.iter().all(|batch| Envelopes::batch(*batch).is_none()));
		assert_eq!(Envelopes::envelope(id), None);
		// The deposits come back; the leaves' fees were burned.
		let (charlie, bob) = (ENDOWMENT - 3 * FEE_PER_LEAF, ENDOWMENT - 2 * FEE_PER_LEAF);
		assert_eq!((held(HoldReason::Batch, CHARLIE), free(CHARLIE)), (0, charlie));
		assert_eq!((held(HoldReason::Batch, BOB), free(BOB)), (0, bob));
		assert_eq!((held(HoldReason::Commitment, ALICE), free(ALICE)), (0, ENDOWMENT));
		assert_eq!(pruned_events(), vec![3]);
	});
}

#[test]
fn each_commitment_goes_at_its_own_expiry() {
	run(|| {
		TestPolicy::set_retention(to(BOB), 3);
		TestPolicy::set_retention(to(CHARLIE), 6);
		let short = send(ALICE, to(BOB), 1);
		let long = send(ALICE, to(CHARLIE), 2);
		run_to_block(2);
		// Committed later, expiring with the short one.
		let later = send(CHARLIE, to(BOB), 3);
		TestPolicy::set_retention(to(BOB), 2);
		let same_bucket = send(CHARLIE, to(BOB), 4);
		assert_eq!(Envelopes::envelope(same_bucket).unwrap().expires_at, 4);

		run_to_block(5);
		assert_eq!(Envelopes::envelope(short), None);
		assert_eq!(Envelopes::envelope(same_bucket), None);
		assert!(Envelopes::envelope(later).is_some());
		assert!(Envelopes::envelope(long).is_some());
		run_to_block(6);
		assert_eq!(Envelopes::envelope(later), None);
		assert!(Envelopes::envelope(long).is_some());
		run_to_block(8);
		assert_eq!(Envelopes::envelope(long), None);
		assert_eq!(Commitments::<Test>::iter().count(), 0);
		assert_eq!(Inbox::<Test>::iter().count(), 0);
		assert_eq!(ExpiringCount::<Test>::iter().count(), 0);
		assert_eq!(pruned_events(), vec![2, 1, 1]);
	});
}

#[test]
fn at_most_max_pruned_per_block_go_in_one_block() {
	run(|| {
		MaxPrunedPerBlock::set(2);
		let ids =
			[send(ALICE, to(BOB), 1), send(BOB, to(CHARLIE), 2), send(CHARLIE, blinded(1), 3)];
		run_to_block(2 + RETENTION);
		assert_eq!(ids.iter().filter(|id| Envelopes::envelope(**id).is_some()).count(), 1);
		assert_eq!(pruned_events(), vec![2]);
		// The bucket is not emptied yet: the cursor stays on it.
		assert_eq!(PruneCursor::<Test>::get(), 1 + RETENTION);
		run_to_block(3 + RETENTION);
		assert!(ids.iter().all(|id| Envelopes::envelope(*id).is_none()));
		assert_eq!(pruned_events(), vec![2, 1]);
		assert_eq!(PruneCursor::<Test>::get(), 3 + RETENTION);
		for account in [ALICE, BOB, CHARLIE] {
			assert_eq!(held(HoldReason::Commitment, account), 0);
		}
	});
}

#[test]
fn pruning_takes_no_step_it_cannot_pay_for() {
	run(|| {
		let ids = [send(ALICE, to(BOB), 1), send(BOB, to(CHARLIE), 2), send(CHARLIE, to(ALICE), 3)];
		run_to_block(1 + RETENTION);
		let overhead = Envelopes::prune_overhead();

		// Not even the overhead: nothing is read.
		assert_eq!(idle(overhead - Weight::from_parts(1, 0)), Weight::zero());
		// The overhead and one step: one commitment.
		let limit = overhead + step();
		let used = idle(limit);
		assert_eq!(used, overhead + <() as WeightInfo>::prune_envelope());
		assert!(used.all_lte(limit));
		assert_eq!(ids.iter().filter(|id| Envelopes::envelope(**id).is_some()).count(), 2);
		assert_eq!(pruned_events(), vec![1]);

		System::set_block_number(2 + RETENTION);
		let used = idle(Weight::MAX);
		assert_eq!(
			used,
			overhead
				+ <() as WeightInfo>::prune_envelope().saturating_mul(2)
				+ <() as WeightInfo>::prune_empty_bucket().saturating_mul(2)
		);
		assert!(ids.iter().all(|id| Envelopes::envelope(*id).is_none()));
		assert_eq!(PruneCursor::<Test>::get(), 3 + RETENTION);
	});
}

#[test]
fn empty_buckets_are_walked_within_the_budget() {
	run(|| {
		let id = send(ALICE, to(BOB), 1);
		// Thirty-one blocks without `on_idle`: the cursor is at genesis, thirty-one
		// buckets behind.
		System::set_block_number(31);
		let overhead = Envelopes::prune_overhead();
		let used = idle(overhead + step());
		assert_eq!(used, overhead + <() as WeightInfo>::prune_empty_bucket());
		assert_eq!(PruneCursor::<Test>::get(), 1);
		assert!(Envelopes::envelope(id).is_some());

		idle(Weight::MAX);
		assert_eq!(Envelopes::envelope(id), None);
		// Never past the next block.
		assert_eq!(PruneCursor::<Test>::get(), 32);
	});
}

#[test]
fn before_any_commitment_the_cursor_keeps_up_with_the_chain() {
	run(|| {
		// From genesis, every empty bucket up to this block is walked.
		assert_eq!(PruneCursor::<Test>::get(), 0);
		assert_eq!(
			idle(Weight::MAX),
			Envelopes::prune_overhead() + <() as WeightInfo>::prune_empty_bucket() * 2
		);
		assert_eq!(PruneCursor::<Test>::get(), 2);
		run_to_block(5);
		assert_eq!(PruneCursor::<Test>::get(), 5);
		send(ALICE, to(BOB), 1);
		assert!(pruned_events().is_empty());
	});
}

#[test]
fn acknowledged_commitments_are_pruned_like_any_other() {
	run(|| {
		let id = send(ALICE, to(BOB), 1);
		assert_ok!(Envelopes::acknowledge(
			origin(BOB),
			id,
			missive_primitives::envelope::ReceiptStatus::Read
		));
		run_to_block(2 + RETENTION);
		assert_eq!(Envelopes::envelope(id), None);
		assert_eq!(Batches::<Test>::iter().count(), 0);
	});
}

#[test]
fn the_migration_to_v1_removes_the_block_counter_and_starts_the_cursor() {
	use crate::migrations::v1;
	use frame_support::{
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};
	run(|| {
		// As a chain before version 1 has it: the counter of the block's inbox entries.
		let key = v1::block_index_key::<Test>();
		unhashed::put(&key, &(7u64, 3u32));
		StorageVersion::new(0).put::<Envelopes>();

		run_to_block(9);
		crate::PruneCursor::<Test>::kill();

		v1::MigrateToV1::<Test>::on_runtime_upgrade();

		assert_eq!(unhashed::get_raw(&key), None);
		assert_eq!(Envelopes::on_chain_storage_version(), StorageVersion::new(1));
		// Nothing was committed: the cursor starts here, not at genesis.
		assert_eq!(crate::PruneCursor::<Test>::get(), 9);
	});
}

//! Invariants of the envelope pallet's storage, checked after every block under
//! try-runtime and after every unit test.

use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::{ensure, traits::fungible::InspectHold};
use missive_primitives::{
	envelope::{batch_id, inbox_key_block, InboxKey, MAX_BATCH_LEAVES},
	policy::Destination,
};
use sp_runtime::{
	traits::{SaturatedConversion, Saturating},
	TryRuntimeError,
};

use crate::{
	BalanceOf, Batches, Commitments, Config, Expiring, ExpiringCount, ExpiringItem, HoldReason,
	Inbox, PruneCursor, Sealed,
};

pub(crate) fn check<T: Config>() -> Result<(), TryRuntimeError> {
	let now = frame_system::Pallet::<T>::block_number();
	let cursor = PruneCursor::<T>::get();

	// Every expiry entry, once, in a bucket that counts it.
	let mut expiring = BTreeMap::<ExpiringItem, _>::new();
	for (bucket, index, item) in Expiring::<T>::iter() {
		ensure!(
			index < ExpiringCount::<T>::get(bucket),
			"an expiry entry beyond its bucket's count"
		);
		ensure!(expiring.insert(item, bucket).is_none(), "an item is in two expiry entries");
	}
	let mut counted = 0u64;
	for (bucket, count) in ExpiringCount::<T>::iter() {
		ensure!(count > 0, "an empty expiry bucket keeps a count");
		ensure!(bucket >= cursor, "an expiry bucket before the prune cursor");
		counted += u64::from(count);
	}
	ensure!(counted == expiring.len() as u64, "expiry bucket counts differ from their entries");

	let mut commitment_deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
	let mut items = 0u64;
	let mut inbox_keys = BTreeSet::<InboxKey>::new();
	for (id, commitment) in Commitments::<T>::iter() {
		items += 1;
		ensure!(commitment.envelope.id() == id, "a commitment is stored under another id");
		ensure!(
			expiring.get(&ExpiringItem::Envelope(id)) == Some(&commitment.expires_at),
			"a commitment is not in the expiry bucket of its expiry"
		);
		ensure!(
			commitment.expires_at >= commitment.committed_at,
			"a commitment expires before it was made"
		);
		ensure!(commitment.committed_at <= now, "a commitment made in the future");
		match (commitment.envelope.destination, commitment.inbox_key) {
			(Destination::Did(recipient), Some(key)) => {
				ensure!(
					Inbox::<T>::get(recipient, key) == Some(id),
					"a commitment to a DID lacks its inbox entry"
				);
				ensure!(
					inbox_key_block(&key) == commitment.committed_at.saturated_into::<u32>(),
					"an inbox key names another block than the commitment's"
				);
				ensure!(inbox_keys.insert(key), "two commitments share an inbox key");
			},
			(Destination::Blinded(_), None) => {
				ensure!(commitment.receipt.is_none(), "a blinded commitment has a receipt");
			},
			_ => return Err("an inbox key on a blinded commitment, or none on a DID's".into()),
		}
		commitment_deposits
			.entry(commitment.deposit.owner)
			.or_default()
			.saturating_accrue(commitment.deposit.amount);
	}
	// Inbox keys of the block being built name events already deposited.
	for key in &inbox_keys {
		if inbox_key_block(key) == now.saturated_into::<u32>() {
			let index = u32::from_be_bytes([key[4], key[5], key[6], key[7]]);
			ensure!(
				index < frame_system::Pallet::<T>::event_count(),
				"an inbox key names an event not deposited yet"
			);
		}
	}
	for (recipient, key, id) in Inbox::<T>::iter() {
		let commitment = Commitments::<T>::get(id).ok_or("an inbox entry without commitment")?;
		ensure!(commitment.inbox_key == Some(key), "an inbox entry under another key");
		ensure!(
			commitment.envelope.destination == Destination::Did(recipient),
			"an inbox entry in another DID's inbox"
		);
	}

	let mut batch_deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
	for (id, batch) in Batches::<T>::iter() {
		items += 1;
		ensure!(
			batch_id(&batch.committer, &batch.root) == id,
			"a batch is stored under another id than its committer's and root's"
		);
		ensure!(
			expiring.get(&ExpiringItem::Batch(id)) == Some(&batch.expires_at),
			"a batch is not in the expiry bucket of its expiry"
		);
		ensure!(batch.expires_at >= batch.committed_at, "a batch expires before it was made");
		ensure!(
			(1..=MAX_BATCH_LEAVES).contains(&batch.leaves),
			"a batch of no leaves, or of more than a batch may have"
		);
		ensure!(batch.committed_at <= now, "a batch made in the future");
		batch_deposits
			.entry(batch.deposit.owner)
			.or_default()
			.saturating_accrue(batch.deposit.amount);
	}

	let mut sealed_deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
	for (root, sealed) in Sealed::<T>::iter() {
		items += 1;
		ensure!(
			expiring.get(&ExpiringItem::Sealed(root)) == Some(&sealed.expires_at),
			"a sealed commitment is not in the expiry bucket of its expiry"
		);
		ensure!(
			sealed.expires_at >= sealed.committed_at,
			"a sealed commitment expires before it was made"
		);
		ensure!(
			(1..=MAX_BATCH_LEAVES).contains(&sealed.leaves),
			"a sealed commitment of no leaves, or of more than a batch may have"
		);
		ensure!(sealed.committed_at <= now, "a sealed commitment made in the future");
		sealed_deposits
			.entry(sealed.deposit.owner)
			.or_default()
			.saturating_accrue(sealed.deposit.amount);
	}
	ensure!(items == expiring.len() as u64, "an expiry entry names a missing item");

	// Nothing expired before the cursor remains: every bucket before it is empty, and
	// every item is in the bucket of its expiry (checked above).
	ensure!(cursor <= now.saturating_add(1u32.into()), "the prune cursor is ahead");

	for (reason, recorded) in [
		(HoldReason::Commitment, &commitment_deposits),
		(HoldReason::Batch, &batch_deposits),
		(HoldReason::Sealed, &sealed_deposits),
	] {
		for (owner, amount) in recorded {
			ensure!(
				T::Currency::balance_on_hold(&reason.into(), owner) == *amount,
				"balance on hold differs from the deposits recorded for the account"
			);
		}
	}
	// Accounts still holding for a reason with no deposit recorded cannot be listed
	// through `fungible`: the tests check returned deposits account by account.
	Ok(())
}

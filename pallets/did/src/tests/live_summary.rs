//! The summary message commitments read about a DID (`LiveDids`): it follows the
//! record's assertion key and deposit owner, and disappears with the DID.

use frame_support::{
	assert_ok,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};
use missive_primitives::did::{DidFunding, DidLookup, KeyRelationship};

use crate::{mock::*, Call, LiveDid, LiveDids, Pallet};

#[test]
fn the_summary_follows_the_assertion_key_and_the_deposit_owner() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		assert_eq!(
			LiveDids::<Test>::get(did),
			Some(LiveDid { assertion_key: None, funder: ALICE })
		);
		assert!(Did::is_funded_by(&did, &ALICE));
		assert!(!Did::is_funded_by(&did, &BOB));

		let assertion = verification_key(&pair(2));
		assert_ok!(as_did(
			did,
			&pair(1),
			ALICE,
			Call::set_verification_key {
				did,
				relationship: KeyRelationship::AssertionMethod,
				key: assertion.clone(),
			}
		));
		assert_eq!(
			Did::verification_key(&did, KeyRelationship::AssertionMethod),
			Some(assertion.clone())
		);

		assert_ok!(as_did(did, &pair(1), BOB, Call::transfer_deposit { did }));
		assert!(Did::is_funded_by(&did, &BOB));
		assert!(!Did::is_funded_by(&did, &ALICE));

		let key_id = missive_primitives::did::DidPublicKey::from(assertion).id();
		assert_ok!(as_did(did, &pair(1), BOB, Call::revoke_key { did, key_id }));
		assert_eq!(Did::verification_key(&did, KeyRelationship::AssertionMethod), None);
		assert_eq!(LiveDids::<Test>::get(did), Some(LiveDid { assertion_key: None, funder: BOB }));

		assert_ok!(as_did(did, &pair(1), BOB, Call::deactivate { did }));
		assert_eq!(LiveDids::<Test>::get(did), None);
		assert!(!Did::is_active(&did));
		assert!(!Did::is_funded_by(&did, &BOB));
	});
}

#[test]
fn the_migration_to_v1_writes_every_live_dids_summary() {
	run(|| {
		let first = create_did(&pair(1), ALICE);
		let second = create_did(&pair(2), BOB);
		assert_ok!(as_did(
			second,
			&pair(2),
			BOB,
			Call::set_verification_key {
				did: second,
				relationship: KeyRelationship::AssertionMethod,
				key: verification_key(&pair(3)),
			}
		));
		let summaries = [LiveDids::<Test>::get(first), LiveDids::<Test>::get(second)];
		// As a chain before version 1 has it: records, no summaries.
		let _ = LiveDids::<Test>::clear(u32::MAX, None);
		StorageVersion::new(0).put::<Pallet<Test>>();
		assert!(!Did::is_active(&first));

		crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();

		assert_eq!([LiveDids::<Test>::get(first), LiveDids::<Test>::get(second)], summaries);
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		// Run again, it does nothing.
		let _ = LiveDids::<Test>::clear(u32::MAX, None);
		crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();
		assert_eq!(LiveDids::<Test>::get(first), None);
		LiveDids::<Test>::insert(first, summaries[0].clone().unwrap());
		LiveDids::<Test>::insert(second, summaries[1].clone().unwrap());
	});
}

use frame_support::{assert_noop, assert_ok};
use missive_primitives::did::{
	bounds::MAX_KEYS_PER_DID, DidId, DidPublicKey, KeyRelationship, RecoveryConfig,
};

use crate::assert_refused;
use crate::{mock::*, Call, DidKeys, Dids, Error, Event, PendingRecoveries};

/// Alice's DID (key 1) with guardians G1 (key 11) and G2 (key 12), G3 (key 13);
/// two of three must approve.
fn setup() -> (DidId, [DidId; 3]) {
	let did = create_did(&pair(1), ALICE);
	let guardians =
		[create_did(&pair(11), BOB), create_did(&pair(12), BOB), create_did(&pair(13), CHARLIE)];
	let config = RecoveryConfig {
		guardians: guardians
			.iter()
			.copied()
			.collect::<std::collections::BTreeSet<_>>()
			.try_into()
			.unwrap(),
		threshold: 2,
		delay: MIN_RECOVERY_DELAY,
	};
	assert_ok!(as_did(did, &pair(1), ALICE, Call::set_recovery { did, config: Some(config) }));
	(did, guardians)
}

/// Guardian G1 proposes key 50 for `did` and G2 approves it: the threshold is met.
fn propose_and_approve(did: DidId, g1: DidId, g2: DidId) {
	let initiate = Call::initiate_recovery { did, new_key: verification_key(&pair(50)) };
	assert_ok!(as_did(g1, &pair(11), BOB, initiate));
	let approve = Call::approve_recovery { did, new_key_id: new_key_id() };
	assert_ok!(as_did(g2, &pair(12), BOB, approve));
}

fn new_key_id() -> missive_primitives::did::KeyId {
	DidPublicKey::from(verification_key(&pair(50))).id()
}

#[test]
fn guardians_replace_the_authentication_key_after_the_delay() {
	run(|| {
		let (did, [g1, g2, _]) = setup();
		let initiate = Call::initiate_recovery { did, new_key: verification_key(&pair(50)) };
		assert_ok!(as_did(g1, &pair(11), BOB, initiate));
		assert_eq!(held(BOB), 2 * (BASE_DEPOSIT + KEY_DEPOSIT) + RECOVERY_DEPOSIT);
		assert_noop!(
			Did::complete_recovery(RuntimeOrigin::signed(CHARLIE), did),
			Error::<Test>::RecoveryNotReady
		);

		assert_ok!(as_did(
			g2,
			&pair(12),
			BOB,
			Call::approve_recovery { did, new_key_id: new_key_id() }
		));
		let executable_at = 1 + MIN_RECOVERY_DELAY;
		assert!(did_events().contains(&Event::RecoveryScheduled { did, executable_at }));
		run_to_block(executable_at - 1);
		assert_noop!(
			Did::complete_recovery(RuntimeOrigin::signed(CHARLIE), did),
			Error::<Test>::RecoveryNotReady
		);

		run_to_block(executable_at);
		assert_ok!(Did::complete_recovery(RuntimeOrigin::signed(CHARLIE), did));
		let record = Dids::<Test>::get(did).unwrap();
		assert_eq!(record.document.authentication, new_key_id());
		let old = DidPublicKey::from(verification_key(&pair(1))).id();
		assert_eq!(DidKeys::<Test>::get(did, old).unwrap().revoked, Some(executable_at));
		assert!(PendingRecoveries::<Test>::get(did).is_none());
		assert_eq!(held(BOB), 2 * (BASE_DEPOSIT + KEY_DEPOSIT), "guardian deposit returned");
		assert!(did_events().contains(&Event::RecoveryCompleted { did, new_key_id: new_key_id() }));

		// The recovered key now acts for the DID, the lost one does not.
		let call = Call::set_verification_key {
			did,
			relationship: KeyRelationship::AssertionMethod,
			key: verification_key(&pair(51)),
		};
		assert_noop!(as_did(did, &pair(1), ALICE, call.clone()), Error::<Test>::InvalidSignature);
		assert_ok!(as_did(did, &pair(50), ALICE, call));
	});
}

#[test]
fn guardians_that_deactivated_leave_the_threshold_to_the_live_ones() {
	run(|| {
		let (did, [g1, g2, g3]) = setup();
		// One of three gone: two live guardians still meet the threshold of two, one alone
		// does not.
		assert_ok!(as_did(g3, &pair(13), CHARLIE, Call::deactivate { did: g3 }));
		let initiate = Call::initiate_recovery { did, new_key: verification_key(&pair(50)) };
		assert_ok!(as_did(g1, &pair(11), BOB, initiate.clone()));
		assert_eq!(PendingRecoveries::<Test>::get(did).unwrap().executable_at, None);
		assert_ok!(as_did(did, &pair(1), ALICE, Call::cancel_recovery { did }));
		assert!(PendingRecoveries::<Test>::get(did).is_none());
		// Two of three gone: the last live guardian recovers alone, after the delay.
		assert_ok!(as_did(g2, &pair(12), BOB, Call::deactivate { did: g2 }));
		assert_ok!(as_did(g1, &pair(11), BOB, initiate));
		let executable_at = 1 + MIN_RECOVERY_DELAY;
		assert_eq!(PendingRecoveries::<Test>::get(did).unwrap().executable_at, Some(executable_at));
		assert!(did_events().contains(&Event::RecoveryScheduled { did, executable_at }));
		run_to_block(executable_at);
		assert_ok!(Did::complete_recovery(RuntimeOrigin::signed(CHARLIE), did));
		assert_eq!(Dids::<Test>::get(did).unwrap().document.authentication, new_key_id());
	});
}

#[test]
fn a_guardian_that_approves_then_deactivates_takes_its_approval_with_it() {
	run(|| {
		// Three of three must approve: G1 proposes, then deactivates; G2's approval is one
		// live approval of the two live guardians needed, not two.
		let (did, [g1, g2, g3]) = setup();
		let all =
			RecoveryConfig { threshold: 3, ..Dids::<Test>::get(did).unwrap().recovery.unwrap() };
		assert_ok!(as_did(did, &pair(1), ALICE, Call::set_recovery { did, config: Some(all) }));
		let initiate = Call::initiate_recovery { did, new_key: verification_key(&pair(50)) };
		assert_ok!(as_did(g1, &pair(11), BOB, initiate));
		assert_ok!(as_did(g1, &pair(11), BOB, Call::deactivate { did: g1 }));
		let approve = Call::approve_recovery { did, new_key_id: new_key_id() };
		assert_ok!(as_did(g2, &pair(12), BOB, approve.clone()));
		assert_eq!(PendingRecoveries::<Test>::get(did).unwrap().executable_at, None);
		assert_ok!(as_did(g3, &pair(13), CHARLIE, approve));
		let executable_at = 1 + MIN_RECOVERY_DELAY;
		assert_eq!(PendingRecoveries::<Test>::get(did).unwrap().executable_at, Some(executable_at));
	});
}

#[test]
fn the_current_key_cancels_a_pending_recovery() {
	run(|| {
		let (did, [g1, g2, _]) = setup();
		propose_and_approve(did, g1, g2);
		assert_ok!(as_did(did, &pair(1), ALICE, Call::cancel_recovery { did }));
		assert!(PendingRecoveries::<Test>::get(did).is_none());
		assert_eq!(held(BOB), 2 * (BASE_DEPOSIT + KEY_DEPOSIT));
		run_to_block(100);
		assert_noop!(
			Did::complete_recovery(RuntimeOrigin::signed(CHARLIE), did),
			Error::<Test>::NoPendingRecovery
		);
		assert_eq!(
			Dids::<Test>::get(did).unwrap().document.authentication,
			DidPublicKey::from(verification_key(&pair(1))).id()
		);
	});
}

#[test]
fn only_guardians_take_part_once_each() {
	run(|| {
		let (did, [g1, _, _]) = setup();
		let stranger = create_did(&pair(30), CHARLIE);
		let initiate = |pair_seed| Call::initiate_recovery {
			did,
			new_key: verification_key(&pair(pair_seed)),
		};
		assert_refused!(
			stranger,
			as_did(stranger, &pair(30), CHARLIE, initiate(50)),
			Error::<Test>::NotGuardian
		);
		assert_refused!(
			g1,
			as_did(g1, &pair(11), BOB, Call::approve_recovery { did, new_key_id: new_key_id() }),
			Error::<Test>::NoPendingRecovery
		);
		assert_ok!(as_did(g1, &pair(11), BOB, initiate(50)));
		assert_refused!(
			g1,
			as_did(g1, &pair(11), BOB, initiate(52)),
			Error::<Test>::RecoveryAlreadyPending
		);
		assert_refused!(
			g1,
			as_did(g1, &pair(11), BOB, Call::approve_recovery { did, new_key_id: new_key_id() }),
			Error::<Test>::AlreadyApproved
		);
		assert_refused!(
			stranger,
			as_did(
				stranger,
				&pair(30),
				CHARLIE,
				Call::approve_recovery { did, new_key_id: new_key_id() }
			),
			Error::<Test>::NotGuardian
		);
	});
}

#[test]
fn recovery_needs_a_valid_config() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		let guardian = create_did(&pair(11), BOB);
		let config = |guardians: Vec<DidId>, threshold, delay| RecoveryConfig {
			guardians: guardians
				.into_iter()
				.collect::<std::collections::BTreeSet<_>>()
				.try_into()
				.unwrap(),
			threshold,
			delay,
		};
		for bad in [
			config(vec![guardian], 0, MIN_RECOVERY_DELAY),
			config(vec![guardian], 2, MIN_RECOVERY_DELAY),
			config(vec![guardian], 1, MIN_RECOVERY_DELAY - 1),
			config(vec![guardian, did], 1, MIN_RECOVERY_DELAY),
		] {
			assert_refused!(
				did,
				as_did(did, &pair(1), ALICE, Call::set_recovery { did, config: Some(bad) }),
				Error::<Test>::InvalidRecoveryConfig
			);
		}
		let unknown = config(vec![guardian, DidId([7; 32])], 1, MIN_RECOVERY_DELAY);
		assert_refused!(
			did,
			as_did(did, &pair(1), ALICE, Call::set_recovery { did, config: Some(unknown) }),
			Error::<Test>::UnknownGuardian
		);
		assert_refused!(
			guardian,
			as_did(
				guardian,
				&pair(11),
				BOB,
				Call::initiate_recovery { did, new_key: verification_key(&pair(50)) }
			),
			Error::<Test>::NoRecoveryConfig
		);
	});
}

#[test]
fn recovery_cannot_install_a_key_the_did_already_had() {
	run(|| {
		let (did, [g1, _, _]) = setup();
		let call = Call::initiate_recovery { did, new_key: verification_key(&pair(1)) };
		assert_refused!(g1, as_did(g1, &pair(11), BOB, call), Error::<Test>::KeyAlreadyExists);
	});
}

#[test]
fn an_approval_counts_only_for_the_key_it_names() {
	run(|| {
		let (did, [g1, g2, _]) = setup();
		// G1 proposes a key of its own; G2 meant to approve the agreed one.
		let evil = Call::initiate_recovery { did, new_key: verification_key(&pair(66)) };
		assert_ok!(as_did(g1, &pair(11), BOB, evil));
		assert_refused!(
			g2,
			as_did(g2, &pair(12), BOB, Call::approve_recovery { did, new_key_id: new_key_id() }),
			Error::<Test>::RecoveryKeyMismatch
		);
		assert!(PendingRecoveries::<Test>::get(did).unwrap().executable_at.is_none());
	});
}

#[test]
fn an_unapproved_recovery_can_be_replaced_after_its_approval_period() {
	run(|| {
		let (did, [g1, g2, _]) = setup();
		let blocking = Call::initiate_recovery { did, new_key: verification_key(&pair(66)) };
		assert_ok!(as_did(g1, &pair(11), BOB, blocking));
		let replacement = Call::initiate_recovery { did, new_key: verification_key(&pair(50)) };
		// Within the approval period the pending one stands.
		run_to_block(RECOVERY_APPROVAL_PERIOD);
		assert_refused!(
			g2,
			as_did(g2, &pair(12), BOB, replacement.clone()),
			Error::<Test>::RecoveryAlreadyPending
		);
		// After it, another guardian's proposal replaces it, and the deposit comes back.
		run_to_block(1 + RECOVERY_APPROVAL_PERIOD);
		assert_ok!(as_did(g2, &pair(12), BOB, replacement));
		assert!(did_events().contains(&Event::RecoveryExpired { did }));
		let pending = PendingRecoveries::<Test>::get(did).unwrap();
		assert_eq!(DidPublicKey::from(pending.new_key).id(), new_key_id());
		assert_eq!(held(BOB), 2 * (BASE_DEPOSIT + KEY_DEPOSIT) + RECOVERY_DEPOSIT);
	});
}

#[test]
fn an_approved_recovery_cannot_be_replaced() {
	run(|| {
		let (did, [g1, g2, g3]) = setup();
		propose_and_approve(did, g1, g2);
		run_to_block(100);
		let other = Call::initiate_recovery { did, new_key: verification_key(&pair(66)) };
		assert_refused!(
			g3,
			as_did(g3, &pair(13), CHARLIE, other),
			Error::<Test>::RecoveryAlreadyPending
		);
	});
}

/// Rotates `did`'s assertion key `times` times, once a block, from seed 60 on: each
/// rotation leaves the last key revoked.
fn rotate_assertion_keys(did: DidId, times: u8) {
	for seed in 60..60 + times {
		run_to_block(System::block_number() + 1);
		let call = Call::set_verification_key {
			did,
			relationship: KeyRelationship::AssertionMethod,
			key: verification_key(&pair(seed)),
		};
		assert_ok!(as_did(did, &pair(1), ALICE, call));
	}
}

/// Completes the recovery `propose_and_approve` started, once its delay has passed.
fn complete_after_delay(did: DidId) {
	run_to_block(System::block_number() + MIN_RECOVERY_DELAY);
	assert_ok!(Did::complete_recovery(RuntimeOrigin::signed(CHARLIE), did));
}

fn assertion_id(seed: u8) -> missive_primitives::did::KeyId {
	DidPublicKey::from(verification_key(&pair(seed))).id()
}

/// After a recovery the new key can give the DID an assertion key and a device again.
fn the_recovered_did_takes_new_keys(did: DidId) {
	let assertion = Call::set_verification_key {
		did,
		relationship: KeyRelationship::AssertionMethod,
		key: verification_key(&pair(52)),
	};
	assert_ok!(as_did(did, &pair(50), ALICE, assertion));
	let device = missive_primitives::did::DidEncryptionKey::X25519([52; 32]);
	assert_ok!(as_did(did, &pair(50), ALICE, Call::add_key_agreement_key { did, key: device }));
}

#[test]
fn a_recovery_with_room_to_spare_drops_no_key() {
	run(|| {
		let (did, [g1, g2, _]) = setup();
		rotate_assertion_keys(did, MAX_KEYS_PER_DID as u8 - 4);
		let before: Vec<_> = DidKeys::<Test>::iter_key_prefix(did).collect();
		propose_and_approve(did, g1, g2);
		complete_after_delay(did);
		assert_eq!(Dids::<Test>::get(did).unwrap().document.authentication, new_key_id());
		assert!(before.iter().all(|key_id| DidKeys::<Test>::contains_key(did, key_id)));
		assert!(!did_events().iter().any(|event| matches!(event, Event::KeyPurged { .. })));
		the_recovered_did_takes_new_keys(did);
	});
}

#[test]
fn a_full_did_recovers_dropping_keys_past_retention_first() {
	run(|| {
		let (did, [g1, g2, _]) = setup();
		// A device key added first and revoked last: the oldest, but still retained.
		let device = missive_primitives::did::DidEncryptionKey::X25519([9; 32]);
		assert_ok!(as_did(
			did,
			&pair(1),
			ALICE,
			Call::add_key_agreement_key { did, key: device.clone() }
		));
		rotate_assertion_keys(did, MAX_KEYS_PER_DID as u8 - 2);
		let device_id = DidPublicKey::from(device).id();
		assert_ok!(as_did(did, &pair(1), ALICE, Call::revoke_key { did, key_id: device_id }));
		assert_eq!(Dids::<Test>::get(did).unwrap().key_count, MAX_KEYS_PER_DID);
		// Seed 60 was revoked when seed 61 came; once it and seed 61 are past retention,
		// a recovery needs three slots: they go, and so does the one revoked next (seed
		// 62), still retained; the device key, added first but revoked last, stays.
		let revoked = DidKeys::<Test>::get(did, assertion_id(61)).unwrap().revoked.unwrap();
		run_to_block(revoked + KEY_RETENTION - MIN_RECOVERY_DELAY);
		propose_and_approve(did, g1, g2);
		complete_after_delay(did);
		let purged: Vec<_> = did_events()
			.into_iter()
			.filter_map(|event| match event {
				Event::KeyPurged { key_id, .. } => Some(key_id),
				_ => None,
			})
			.collect();
		assert_eq!(purged.len(), 3, "room for the new key, an assertion key and a device");
		assert!(purged.contains(&assertion_id(60)) && purged.contains(&assertion_id(61)));
		assert!(purged.contains(&assertion_id(62)), "then the one revoked longest ago");
		assert!(!purged.contains(&device_id));
		assert_eq!(Dids::<Test>::get(did).unwrap().document.authentication, new_key_id());
		the_recovered_did_takes_new_keys(did);
	});
}

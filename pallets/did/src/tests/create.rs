use frame_support::{assert_noop, assert_ok};
use missive_primitives::did::{
	DidEncryptionKey, DidId, DidPublicKey, DidSignature, KeyRelationship, ServiceEndpoint,
};
use sp_core::{ed25519, Pair};

use crate::{mock::*, DidKeys, Dids, Error, Event};

#[test]
fn create_stores_the_document_keys_and_deposit() {
	run(|| {
		let key = pair(1);
		let mut details = creation(&key, ALICE);
		details.assertion = Some(verification_key(&pair(2)));
		details.key_agreement = vec![DidEncryptionKey::X25519([5; 32])].try_into().unwrap();
		let did = create_with(&key, details.clone());

		let record = Dids::<Test>::get(did).expect("created");
		let auth_id = DidPublicKey::from(details.authentication.clone()).id();
		assert_eq!(record.document.authentication, auth_id);
		assert_eq!(
			record.document.assertion,
			Some(DidPublicKey::from(verification_key(&pair(2))).id())
		);
		assert_eq!(record.document.key_agreement.len(), 1);
		assert_eq!((record.document.version, record.document.nonce), (0, 0));
		assert_eq!((record.document.created, record.document.updated), (1, 1));
		assert_eq!(record.key_count, 3);
		assert_eq!(record.deposit.owner, ALICE);
		assert_eq!(record.deposit.amount, BASE_DEPOSIT + 3 * KEY_DEPOSIT);
		assert_eq!(held(ALICE), BASE_DEPOSIT + 3 * KEY_DEPOSIT);

		let auth = DidKeys::<Test>::get(did, auth_id).unwrap();
		assert_eq!(auth.relationship, KeyRelationship::Authentication);
		assert_eq!((auth.added, auth.revoked), (1, None));
		assert!(did_events().contains(&Event::DidCreated { did, owner: ALICE }));
		assert_eq!(crate::DidCount::<Test>::get(), 1);
	});
}

#[test]
fn create_accepts_ed25519_authentication_keys() {
	run(|| {
		let key = ed25519::Pair::from_seed(&[4; 32]);
		let mut details = creation(&pair(4), ALICE);
		details.authentication = missive_primitives::did::DidVerificationKey::Ed25519(key.public());
		details.did = DidId::from_authentication_key(&details.authentication);
		let signature =
			DidSignature::Ed25519(key.sign(&details.signing_payload(&Did::genesis_hash())));
		assert_ok!(Did::create(RuntimeOrigin::signed(ALICE), Box::new(details.clone()), signature));
		assert!(Dids::<Test>::contains_key(details.did));
	});
}

#[test]
fn create_refuses_a_signature_by_another_key() {
	run(|| {
		let details = creation(&pair(1), ALICE);
		let forged = sign_creation(&pair(2), &details);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(ALICE), Box::new(details), forged),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn create_refuses_a_signature_of_another_scheme() {
	run(|| {
		let details = creation(&pair(1), ALICE);
		let ed = ed25519::Pair::from_seed(&[1; 32]);
		let signature =
			DidSignature::Ed25519(ed.sign(&details.signing_payload(&Did::genesis_hash())));
		assert_noop!(
			Did::create(RuntimeOrigin::signed(ALICE), Box::new(details), signature),
			Error::<Test>::SignatureSchemeMismatch
		);
	});
}

#[test]
fn create_refuses_a_signature_for_another_chain() {
	run(|| {
		let key = pair(1);
		let details = creation(&key, ALICE);
		let other_genesis = sp_core::H256::repeat_byte(9);
		let signature = DidSignature::Sr25519(key.sign(&details.signing_payload(&other_genesis)));
		assert_noop!(
			Did::create(RuntimeOrigin::signed(ALICE), Box::new(details), signature),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn create_refuses_a_submitter_other_than_the_signed_one() {
	run(|| {
		let key = pair(1);
		let details = creation(&key, ALICE);
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(BOB), Box::new(details), signature),
			Error::<Test>::WrongSubmitter
		);
	});
}

#[test]
fn create_refuses_an_id_not_derived_from_the_key() {
	run(|| {
		let key = pair(1);
		let mut details = creation(&key, ALICE);
		details.did = DidId([3; 32]);
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(ALICE), Box::new(details), signature),
			Error::<Test>::IdNotDerivedFromKey
		);
	});
}

#[test]
fn create_refuses_an_existing_did() {
	run(|| {
		let key = pair(1);
		create_did(&key, ALICE);
		let details = creation(&key, BOB);
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(BOB), Box::new(details), signature),
			Error::<Test>::DidAlreadyExists
		);
	});
}

#[test]
fn create_refuses_one_key_in_two_roles() {
	run(|| {
		let key = pair(1);
		let mut details = creation(&key, ALICE);
		details.assertion = Some(verification_key(&key));
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(ALICE), Box::new(details), signature),
			Error::<Test>::KeyAlreadyExists
		);
	});
}

#[test]
fn create_refuses_malformed_or_duplicate_services() {
	run(|| {
		let key = pair(1);
		let service = |id: &[u8], url: &[u8]| ServiceEndpoint {
			id: id.to_vec().try_into().unwrap(),
			types: vec![b"MissiveInbox".to_vec().try_into().unwrap()].try_into().unwrap(),
			urls: vec![url.to_vec().try_into().unwrap()].try_into().unwrap(),
		};
		for (services, error) in [
			(vec![service(b"", b"https://a")], Error::<Test>::InvalidServiceId),
			(vec![service(b"in box", b"https://a")], Error::<Test>::InvalidServiceId),
			(vec![service(b"inbox", b"https://a b")], Error::<Test>::InvalidServiceUrl),
			(
				vec![service(b"inbox", b"https://a"), service(b"inbox", b"https://b")],
				Error::<Test>::DuplicateServiceId,
			),
		] {
			let mut details = creation(&key, ALICE);
			details.services = services.try_into().unwrap();
			let signature = sign_creation(&key, &details);
			assert_noop!(
				Did::create(RuntimeOrigin::signed(ALICE), Box::new(details), signature),
				error
			);
		}
	});
}

#[test]
fn create_refuses_unknown_or_self_controllers() {
	run(|| {
		let key = pair(1);
		let mut details = creation(&key, ALICE);
		details.controllers = vec![DidId([8; 32])].try_into().unwrap();
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(ALICE), Box::new(details.clone()), signature),
			Error::<Test>::UnknownController
		);
		details.controllers = vec![details.did].try_into().unwrap();
		let signature = sign_creation(&key, &details);
		assert_noop!(
			Did::create(RuntimeOrigin::signed(ALICE), Box::new(details), signature),
			Error::<Test>::SelfReference
		);
	});
}

#[test]
fn create_refuses_a_submitter_who_cannot_pay_the_deposit() {
	run(|| {
		let key = pair(1);
		let details = creation(&key, POOR);
		let signature = sign_creation(&key, &details);
		// POOR has 105: less than the base deposit plus one key, above the existential deposit.
		assert_noop!(
			Did::create(RuntimeOrigin::signed(POOR), Box::new(details), signature),
			Error::<Test>::InsufficientFunds
		);
	});
}

use frame_support::assert_ok;
use missive_primitives::did::{DidEncryptionKey, ServiceEndpoint};

use crate::assert_refused;
use crate::{mock::*, Call, Dids, Error, Event};

fn service(id: &str) -> ServiceEndpoint {
	ServiceEndpoint {
		id: id.as_bytes().to_vec().try_into().unwrap(),
		types: vec![b"MissiveInbox".to_vec().try_into().unwrap()].try_into().unwrap(),
		urls: vec![b"https://inbox.example".to_vec().try_into().unwrap()].try_into().unwrap(),
	}
}

#[test]
fn the_deposit_follows_keys_and_services() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		assert_eq!(held(ALICE), BASE_DEPOSIT + KEY_DEPOSIT);
		let key = DidEncryptionKey::X25519([1; 32]);
		assert_ok!(as_did(did, &pair(1), BOB, Call::add_key_agreement_key { did, key }));
		assert_ok!(as_did(did, &pair(1), BOB, Call::set_service { did, service: service("a") }));
		// The deposit owner pays, whoever submits.
		assert_eq!(held(ALICE), BASE_DEPOSIT + 2 * KEY_DEPOSIT + SERVICE_DEPOSIT);
		assert_eq!(held(BOB), 0);
		let id = b"a".to_vec().try_into().unwrap();
		assert_ok!(as_did(did, &pair(1), BOB, Call::remove_service { did, service_id: id }));
		assert_eq!(held(ALICE), BASE_DEPOSIT + 2 * KEY_DEPOSIT);
		assert_eq!(Dids::<Test>::get(did).unwrap().deposit.amount, held(ALICE));
	});
}

#[test]
fn the_deposit_moves_to_the_submitter_on_transfer() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		let amount = held(ALICE);
		assert_ok!(as_did(did, &pair(1), BOB, Call::transfer_deposit { did }));
		assert_eq!(held(ALICE), 0);
		assert_eq!(held(BOB), amount);
		assert_eq!(Dids::<Test>::get(did).unwrap().deposit.owner, BOB);
		assert!(did_events().contains(&Event::DepositTransferred { did, owner: BOB }));
	});
}

#[test]
fn a_change_the_deposit_owner_cannot_pay_for_is_refused() {
	run(|| {
		let key = pair(1);
		let did = create_did(&key, ALICE);
		// POOR holds 105, less than the 110 the DID's deposit takes.
		assert_refused!(
			did,
			as_did(did, &key, POOR, Call::transfer_deposit { did }),
			Error::<Test>::InsufficientFunds
		);
		assert_eq!(Dids::<Test>::get(did).unwrap().deposit.owner, ALICE);
		let service = |n: u8| Call::set_service { did, service: service(&format!("s{n}")) };
		// Drain Alice so that she cannot pay for one more service.
		let free = pallet_balances::Pallet::<Test>::free_balance(ALICE);
		assert_ok!(pallet_balances::Pallet::<Test>::transfer_allow_death(
			RuntimeOrigin::signed(ALICE),
			BOB,
			free - SERVICE_DEPOSIT + 1
		));
		assert_refused!(
			did,
			as_did(did, &key, ALICE, service(0)),
			Error::<Test>::InsufficientFunds
		);
	});
}

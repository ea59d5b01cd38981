use frame_support::assert_ok;
use missive_primitives::did::{DidId, ServiceEndpoint};

use crate::assert_refused;
use crate::{mock::*, Call, Dids, Error, Event};

fn service(id: &str, url: &str) -> ServiceEndpoint {
	ServiceEndpoint {
		id: id.as_bytes().to_vec().try_into().unwrap(),
		types: vec![b"MissiveInbox".to_vec().try_into().unwrap()].try_into().unwrap(),
		urls: vec![url.as_bytes().to_vec().try_into().unwrap()].try_into().unwrap(),
	}
}

#[test]
fn services_are_added_replaced_and_removed() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		let set = |s| Call::set_service { did, service: s };
		assert_ok!(as_did(did, &pair(1), ALICE, set(service("inbox", "https://a.example"))));
		assert_ok!(as_did(did, &pair(1), ALICE, set(service("inbox", "https://b.example"))));
		let document = Dids::<Test>::get(did).unwrap().document;
		assert_eq!(document.services.to_vec(), vec![service("inbox", "https://b.example")]);
		assert_eq!(document.version, 2);
		assert!(did_events().contains(&Event::ServiceSet { did, service_id: b"inbox".to_vec() }));

		let id = b"inbox".to_vec().try_into().unwrap();
		assert_ok!(as_did(did, &pair(1), ALICE, Call::remove_service { did, service_id: id }));
		assert!(Dids::<Test>::get(did).unwrap().document.services.is_empty());
		let id = b"inbox".to_vec().try_into().unwrap();
		assert_refused!(
			did,
			as_did(did, &pair(1), ALICE, Call::remove_service { did, service_id: id }),
			Error::<Test>::ServiceNotFound
		);
	});
}

#[test]
fn services_are_bounded_and_validated() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		for n in 0..8 {
			let call = Call::set_service { did, service: service(&format!("s{n}"), "https://x") };
			assert_ok!(as_did(did, &pair(1), ALICE, call));
		}
		let call = Call::set_service { did, service: service("s8", "https://x") };
		assert_refused!(did, as_did(did, &pair(1), ALICE, call), Error::<Test>::TooManyServices);

		let mut typeless = service("t", "https://x");
		typeless.types = Default::default();
		let call = Call::set_service { did, service: typeless };
		assert_refused!(did, as_did(did, &pair(1), ALICE, call), Error::<Test>::InvalidServiceType);
	});
}

#[test]
fn a_controller_may_update_the_did_it_controls() {
	run(|| {
		let owner = create_did(&pair(1), ALICE);
		let controller = create_did(&pair(2), BOB);
		assert_ok!(as_did(owner, &pair(1), ALICE, Call::add_controller { did: owner, controller }));
		assert!(Dids::<Test>::get(owner).unwrap().document.controllers.contains(&controller));

		// The controller, with its own key and nonce, updates the owner's document.
		let call = Call::set_service { did: owner, service: service("inbox", "https://c") };
		assert_ok!(as_did(controller, &pair(2), BOB, call));
		assert_eq!(Dids::<Test>::get(owner).unwrap().document.services.len(), 1);
		assert_eq!(Dids::<Test>::get(controller).unwrap().document.nonce, 1);
		assert_eq!(Dids::<Test>::get(owner).unwrap().document.nonce, 1);

		assert_ok!(as_did(
			owner,
			&pair(1),
			ALICE,
			Call::remove_controller { did: owner, controller }
		));
		let call = Call::set_service { did: owner, service: service("inbox", "https://d") };
		assert_refused!(
			controller,
			as_did(controller, &pair(2), BOB, call),
			Error::<Test>::NotController
		);
	});
}

#[test]
fn another_did_cannot_update_a_did_it_does_not_control() {
	run(|| {
		let owner = create_did(&pair(1), ALICE);
		let stranger = create_did(&pair(2), BOB);
		let call = Call::set_service { did: owner, service: service("inbox", "https://evil") };
		assert_refused!(
			stranger,
			as_did(stranger, &pair(2), BOB, call),
			Error::<Test>::NotController
		);
		assert_refused!(
			stranger,
			as_did(stranger, &pair(2), BOB, Call::deactivate { did: owner }),
			Error::<Test>::NotController
		);
	});
}

#[test]
fn controllers_are_checked() {
	run(|| {
		let owner = create_did(&pair(1), ALICE);
		let add = |controller| Call::add_controller { did: owner, controller };
		assert_refused!(
			owner,
			as_did(owner, &pair(1), ALICE, add(owner)),
			Error::<Test>::SelfReference
		);
		assert_refused!(
			owner,
			as_did(owner, &pair(1), ALICE, add(DidId([7; 32]))),
			Error::<Test>::UnknownController
		);
		let other = create_did(&pair(2), BOB);
		assert_ok!(as_did(owner, &pair(1), ALICE, add(other)));
		assert_refused!(
			owner,
			as_did(owner, &pair(1), ALICE, add(other)),
			Error::<Test>::ControllerAlreadyAdded
		);
		for seed in 10..17u8 {
			let controller = create_did(&pair(seed), BOB);
			assert_ok!(as_did(owner, &pair(1), ALICE, add(controller)));
		}
		let ninth = create_did(&pair(20), BOB);
		assert_refused!(
			owner,
			as_did(owner, &pair(1), ALICE, add(ninth)),
			Error::<Test>::TooManyControllers
		);
	});
}

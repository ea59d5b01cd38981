//! Allow and deny lists.

use frame_support::{assert_noop, assert_ok};
use missive_primitives::consent::ContactStatus;

use super::*;
use crate::{Contacts, Error, Event};

#[test]
fn denying_holds_a_deposit_and_is_logged() {
	run(|| {
		assert_ok!(Consent::deny(origin(ALICE), did(BOB)));
		let entry = Contacts::<Test>::get(did(ALICE), did(BOB)).unwrap();
		assert_eq!(entry.status, ContactStatus::Denied);
		assert_eq!(held(ALICE), CONTACT_DEPOSIT);
		assert_eq!(
			consent_events(),
			[Event::ContactDenied { owner: did(ALICE), contact: did(BOB) }]
		);
	})
}

#[test]
fn switching_lists_keeps_one_entry_and_one_deposit() {
	run(|| {
		assert_ok!(Consent::allow(origin(ALICE), did(BOB)));
		assert_ok!(Consent::deny(origin(ALICE), did(BOB)));
		assert_eq!(
			Contacts::<Test>::get(did(ALICE), did(BOB)).unwrap().status,
			ContactStatus::Denied
		);
		assert_eq!(held(ALICE), CONTACT_DEPOSIT);
		assert_eq!(
			consent_events(),
			[
				Event::ContactAllowed { owner: did(ALICE), contact: did(BOB) },
				Event::ContactDenied { owner: did(ALICE), contact: did(BOB) },
			]
		);
	})
}

#[test]
fn clearing_returns_the_deposit() {
	run(|| {
		assert_ok!(Consent::allow(origin(ALICE), did(BOB)));
		assert_ok!(Consent::clear_contact(origin(ALICE), did(BOB)));
		assert!(!Contacts::<Test>::contains_key(did(ALICE), did(BOB)));
		assert_eq!((held(ALICE), free(ALICE)), (0, ENDOWMENT));
	})
}

#[test]
fn bad_list_changes_are_refused_and_change_nothing() {
	run(|| {
		assert_noop!(Consent::deny(origin(ALICE), did(ALICE)), Error::<Test>::SelfReference);
		assert_noop!(Consent::allow(origin(ALICE), did(DAVE)), Error::<Test>::UnknownDid);
		assert_noop!(Consent::deny(origin(POOR), did(ALICE)), Error::<Test>::InsufficientFunds);
		assert_noop!(
			Consent::clear_contact(origin(ALICE), did(BOB)),
			Error::<Test>::ContactNotFound
		);
		assert_ok!(Consent::deny(origin(ALICE), did(BOB)));
		assert_noop!(Consent::deny(origin(ALICE), did(BOB)), Error::<Test>::ContactUnchanged);
	})
}

use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use missive_primitives::did::{DidId, DidSignature, KeyRelationship};
use sp_core::Pair;
use sp_runtime::DispatchError;

use crate::{mock::*, DidCallRole, Dids, Error, Event};

fn remark() -> RuntimeCall {
	frame_system::Call::remark { remark: b"hello".to_vec() }.into()
}

/// A DID whose authentication key is `pair(1)` and assertion key `pair(2)`.
fn did_with_assertion_key() -> DidId {
	let mut details = creation(&pair(1), ALICE);
	details.assertion = Some(verification_key(&pair(2)));
	create_with(&pair(1), details)
}

fn submit(
	call: AuthorizedCall,
	signature: DidSignature,
	from: AccountId,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Did::submit_did_call(RuntimeOrigin::signed(from), Box::new(call), signature)
}

#[test]
fn an_authorized_call_dispatches_as_the_did_and_bumps_the_nonce() {
	run(|| {
		let did = did_with_assertion_key();
		assert_ok!(as_did(did, &pair(2), BOB, remark()));
		assert_eq!(Dids::<Test>::get(did).unwrap().document.nonce, 1);
		assert!(did_events().contains(&Event::DidCallDispatched { did, nonce: 1, result: Ok(()) }));
		// The nonce is not a document change.
		assert_eq!(Dids::<Test>::get(did).unwrap().document.version, 0);

		assert_ok!(as_did(did, &pair(2), BOB, remark()));
		assert_eq!(Dids::<Test>::get(did).unwrap().document.nonce, 2);
	});
}

#[test]
fn a_replayed_call_is_refused() {
	run(|| {
		let did = did_with_assertion_key();
		let call = authorized(did, BOB, remark());
		let signature = sign_call(&pair(2), &call);
		assert_ok!(submit(call.clone(), signature.clone(), BOB));
		assert_noop!(submit(call, signature, BOB), Error::<Test>::InvalidNonce);
	});
}

#[test]
fn a_nonce_ahead_of_the_next_is_refused() {
	run(|| {
		let did = did_with_assertion_key();
		let mut call = authorized(did, BOB, remark());
		call.nonce += 1;
		let signature = sign_call(&pair(2), &call);
		assert_noop!(submit(call, signature, BOB), Error::<Test>::InvalidNonce);
	});
}

#[test]
fn a_call_outside_its_window_is_refused() {
	run(|| {
		let did = did_with_assertion_key();
		run_to_block(20);
		let mut expired = authorized(did, BOB, remark());
		expired.valid_from = 5;
		expired.valid_until = 19;
		let signature = sign_call(&pair(2), &expired);
		assert_noop!(submit(expired, signature, BOB), Error::<Test>::OutsideValidityWindow);

		let mut early = authorized(did, BOB, remark());
		early.valid_from = 21;
		early.valid_until = 30;
		let signature = sign_call(&pair(2), &early);
		assert_noop!(submit(early, signature, BOB), Error::<Test>::OutsideValidityWindow);

		// The window's last block still counts.
		let mut last = authorized(did, BOB, remark());
		last.valid_from = 10;
		last.valid_until = 20;
		let signature = sign_call(&pair(2), &last);
		assert_ok!(submit(last, signature, BOB));
	});
}

#[test]
fn a_window_longer_than_allowed_is_refused() {
	run(|| {
		let did = did_with_assertion_key();
		let mut call = authorized(did, BOB, remark());
		call.valid_until = call.valid_from + MAX_CALL_VALIDITY + 1;
		let signature = sign_call(&pair(2), &call);
		assert_noop!(submit(call, signature, BOB), Error::<Test>::ValidityWindowTooLong);
	});
}

#[test]
fn only_the_named_submitter_may_submit() {
	run(|| {
		let did = did_with_assertion_key();
		let call = authorized(did, BOB, remark());
		let signature = sign_call(&pair(2), &call);
		assert_noop!(submit(call, signature, CHARLIE), Error::<Test>::WrongSubmitter);
	});
}

#[test]
fn a_key_of_the_wrong_role_cannot_authorize() {
	run(|| {
		let did = did_with_assertion_key();
		// A remark needs the assertion key; the authentication key signs instead.
		let call = authorized(did, BOB, remark());
		let signature = sign_call(&pair(1), &call);
		assert_noop!(submit(call, signature, BOB), Error::<Test>::InvalidSignature);
	});
}

#[test]
fn a_bad_signature_is_refused() {
	run(|| {
		let did = did_with_assertion_key();
		let call = authorized(did, BOB, remark());
		let signature = sign_call(&pair(7), &call);
		assert_noop!(submit(call, signature, BOB), Error::<Test>::InvalidSignature);

		let call = authorized(did, BOB, remark());
		let mut tampered = call.clone();
		tampered.call = frame_system::Call::remark { remark: b"changed".to_vec() }.into();
		let signature = sign_call(&pair(2), &call);
		assert_noop!(submit(tampered, signature, BOB), Error::<Test>::InvalidSignature);
	});
}

#[test]
fn a_call_signed_for_another_transaction_version_is_refused() {
	run(|| {
		let did = did_with_assertion_key();
		let call = authorized(did, BOB, remark());
		// Signed before an upgrade that changed what call bytes mean.
		let before_upgrade = Did::transaction_version().wrapping_add(1);
		let payload = call.signing_payload(&Did::genesis_hash(), before_upgrade);
		let signature = DidSignature::Sr25519(pair(2).sign(&payload));
		assert_noop!(submit(call, signature, BOB), Error::<Test>::InvalidSignature);
	});
}

#[test]
fn a_did_without_a_key_for_the_role_cannot_authorize() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		assert_noop!(as_did(did, &pair(1), BOB, remark()), Error::<Test>::MissingKeyForRole);
	});
}

#[test]
fn calls_a_did_may_not_authorize_are_refused() {
	run(|| {
		let did = did_with_assertion_key();
		let transfer = pallet_balances::Call::transfer_allow_death { dest: BOB, value: 1 };
		assert_noop!(as_did(did, &pair(1), BOB, transfer), Error::<Test>::NotDidCallable);
	});
}

#[test]
fn an_unknown_did_cannot_authorize() {
	run(|| {
		let did = DidId::from_authentication_key(&verification_key(&pair(1)));
		let call = missive_primitives::did::DidAuthorizedCall {
			did,
			nonce: 1,
			valid_from: 1,
			valid_until: 5,
			submitter: BOB,
			call: remark(),
		};
		let signature = sign_call(&pair(1), &call);
		assert_noop!(submit(call, signature, BOB), Error::<Test>::DidNotFound);
	});
}

#[test]
fn a_failing_inner_call_is_undone_but_uses_its_nonce_and_reports_its_error() {
	run(|| {
		let did = did_with_assertion_key();
		let before = Dids::<Test>::get(did).unwrap();
		let failing = crate::Call::<Test>::remove_controller { did, controller: DidId([4; 32]) };
		let call = authorized(did, BOB, failing.into());
		let signature = sign_call(&pair(1), &call);
		// The extrinsic succeeds: the DID authorized it. Only the nonce moved.
		assert_ok!(submit(call, signature, BOB));
		let mut after = Dids::<Test>::get(did).unwrap();
		assert_eq!(after.document.nonce, 1);
		after.document.nonce = 0;
		assert_eq!(after, before);
		assert!(did_events().contains(&Event::DidCallDispatched {
			did,
			nonce: 1,
			result: Err(Error::<Test>::ControllerNotFound.into()),
		}));
		// The next nonce is the one after: a call signed with it, in flight beside the
		// failed one, lands.
		assert_ok!(as_did(did, &pair(2), BOB, remark()));
		assert_eq!(Dids::<Test>::get(did).unwrap().document.nonce, 2);
	});
}

#[test]
fn a_nonce_used_by_a_failed_call_cannot_be_used_again() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		let failing = crate::Call::<Test>::remove_controller { did, controller: DidId([4; 32]) };
		let first = authorized(did, BOB, failing.into());
		let second = authorized(did, BOB, remark());
		assert_eq!(first.nonce, second.nonce);
		let (first_signature, second_signature) =
			(sign_call(&pair(1), &first), sign_call(&pair(1), &second));
		assert_ok!(submit(first, first_signature, BOB));
		assert_noop!(submit(second, second_signature, BOB), Error::<Test>::InvalidNonce);
	});
}

#[test]
fn management_calls_need_the_did_origin() {
	run(|| {
		let did = create_did(&pair(1), ALICE);
		assert_noop!(
			Did::add_controller(RuntimeOrigin::signed(ALICE), did, DidId([4; 32])),
			DispatchError::BadOrigin
		);
		assert_noop!(Did::deactivate(RuntimeOrigin::root(), did), DispatchError::BadOrigin);
	});
}

#[test]
fn the_weight_covers_the_inner_call_and_signature_check() {
	run(|| {
		let did = did_with_assertion_key();
		let call = authorized(did, BOB, remark());
		let signature = sign_call(&pair(2), &call);
		let inner = call.call.get_dispatch_info().call_weight;
		let operation_len = call.encoded_size();
		let outer = crate::Call::<Test>::submit_did_call {
			call: Box::new(call),
			signature: signature.clone(),
		}
		.get_dispatch_info()
		.call_weight;
		assert_eq!(outer, inner + Did::did_call_overhead(&signature, operation_len));
		assert_eq!(remark().did_call_role(), Some(KeyRelationship::AssertionMethod));
	});
}

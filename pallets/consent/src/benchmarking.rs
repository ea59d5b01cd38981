//! Benchmarks of every consent pallet call, each in its worst case.

use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use missive_primitives::{
	consent::{ConsentRequest, ConsentScope, ContactEntry, ContactStatus, Expiry, Grant},
	did::{DidId, DidLookup},
	Deposit,
};
use sp_core::H256;
use sp_runtime::traits::{Bounded, One, Saturating};

use crate::*;

/// A conversation scope: checks read two grants for it (its own and messaging).
fn conversation() -> ConsentScope {
	ConsentScope::Conversation(H256::repeat_byte(7))
}

fn fund<T: Config>(who: &T::AccountId) {
	T::Currency::set_balance(who, BalanceOf::<T>::max_value() / 4u32.into());
}

/// The origin of a DID-authorized call, the DID it acts as and its funded submitter.
fn did_origin<T: Config>() -> (T::RuntimeOrigin, DidId, T::AccountId) {
	let origin = T::EnsureDidOrigin::try_successful_origin().expect("a DID origin exists");
	let acting = T::EnsureDidOrigin::try_origin(origin.clone()).ok().expect("it is accepted");
	fund::<T>(&acting.submitter);
	(origin, acting.did, acting.submitter)
}

fn held_deposit<T: Config>(
	reason: HoldReason,
	owner: &T::AccountId,
	amount: BalanceOf<T>,
) -> DepositOf<T> {
	fund::<T>(owner);
	Deposit::hold::<T::Currency>(&reason.into(), owner.clone(), amount).expect("funded")
}

fn insert_grant<T: Config>(
	grantor: DidId,
	grantee: DidId,
	scope: ConsentScope,
	expiry: Option<ExpiryOf<T>>,
	payer: &T::AccountId,
) {
	let deposit = held_deposit::<T>(HoldReason::Grant, payer, T::GrantDeposit::get());
	let granted_at = frame_system::Pallet::<T>::block_number();
	Grants::<T>::insert(
		(grantor, grantee, scope),
		Grant { granted_at, expiry, receipt_hash: H256::zero(), deposit },
	);
}

fn insert_request<T: Config>(recipient: DidId, requester: DidId, payer: &T::AccountId) {
	let deposit = held_deposit::<T>(HoldReason::Request, payer, T::RequestDeposit::get());
	let now = frame_system::Pallet::<T>::block_number();
	Requests::<T>::insert(
		recipient,
		requester,
		ConsentRequest {
			scope: conversation(),
			note_hash: H256::zero(),
			filed_at: now,
			expires_at: now.saturating_add(T::RequestLifetime::get()),
			deposit,
		},
	);
}

fn insert_contact<T: Config>(
	owner: DidId,
	contact: DidId,
	status: ContactStatus,
	payer: &T::AccountId,
) {
	let deposit = held_deposit::<T>(HoldReason::Contact, payer, T::ContactDeposit::get());
	Contacts::<T>::insert(owner, contact, ContactEntry { status, deposit });
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A new grant (a deposit is held) to a DID on the grantor's allow list.
	#[benchmark]
	fn grant() {
		let (origin, grantor, submitter) = did_origin::<T>();
		let grantee = T::Dids::benchmark_did(0);
		insert_contact::<T>(grantor, grantee, ContactStatus::Allowed, &submitter);
		let expiry = Some(Expiry::AtBlock(BlockNumberFor::<T>::max_value()));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, grantee, conversation(), expiry, H256::repeat_byte(1));

		assert!(Grants::<T>::contains_key((grantor, grantee, conversation())));
	}

	#[benchmark]
	fn revoke() {
		let (origin, grantor, submitter) = did_origin::<T>();
		let grantee = T::Dids::benchmark_did(0);
		insert_grant::<T>(grantor, grantee, conversation(), None, &submitter);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, grantee, conversation());

		assert!(!Grants::<T>::contains_key((grantor, grantee, conversation())));
	}

	/// Replaces an expired request; the recipient has both grants a conversation
	/// check reads (expired) and an allow-list entry for the requester.
	#[benchmark]
	fn request() {
		let (origin, requester, submitter) = did_origin::<T>();
		let recipient = T::Dids::benchmark_did(0);
		let payer = account("payer", 0, 0);
		insert_request::<T>(recipient, requester, &submitter);
		let lapsed = Some(Expiry::AtBlock(One::one()));
		insert_grant::<T>(recipient, requester, conversation(), lapsed, &payer);
		insert_grant::<T>(recipient, requester, ConsentScope::Messaging, lapsed, &payer);
		insert_contact::<T>(recipient, requester, ContactStatus::Allowed, &payer);
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::RequestLifetime::get())
			.saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, recipient, conversation(), H256::repeat_byte(2));

		let filed = Requests::<T>::get(recipient, requester).expect("filed");
		assert_eq!(filed.filed_at, later);
	}

	/// Accepts into a new grant (a deposit is held, one released).
	#[benchmark]
	fn accept() {
		let (origin, recipient, submitter) = did_origin::<T>();
		let requester = T::Dids::benchmark_did(0);
		let payer = account("payer", 0, 0);
		insert_request::<T>(recipient, requester, &payer);
		insert_contact::<T>(recipient, requester, ContactStatus::Allowed, &submitter);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, requester, None, H256::repeat_byte(3));

		assert!(Grants::<T>::contains_key((recipient, requester, conversation())));
		assert!(!Requests::<T>::contains_key(recipient, requester));
	}

	/// Rejects as spam: the deposit is burned.
	#[benchmark]
	fn reject() {
		let (origin, recipient, _) = did_origin::<T>();
		let requester = T::Dids::benchmark_did(0);
		let payer = account("payer", 0, 0);
		insert_request::<T>(recipient, requester, &payer);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, requester, true);

		assert!(!Requests::<T>::contains_key(recipient, requester));
	}

	#[benchmark]
	fn cancel_request() {
		let (origin, requester, submitter) = did_origin::<T>();
		let recipient = T::Dids::benchmark_did(0);
		insert_request::<T>(recipient, requester, &submitter);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, recipient);

		assert!(!Requests::<T>::contains_key(recipient, requester));
	}

	/// A new deny-list entry (a deposit is held); `allow` costs the same.
	#[benchmark]
	fn set_contact() {
		let (origin, owner, _) = did_origin::<T>();
		let contact = T::Dids::benchmark_did(0);

		#[extrinsic_call]
		deny(origin as T::RuntimeOrigin, contact);

		let entry = Contacts::<T>::get(owner, contact).expect("listed");
		assert_eq!(entry.status, ContactStatus::Denied);
	}

	#[benchmark]
	fn clear_contact() {
		let (origin, owner, submitter) = did_origin::<T>();
		let contact = T::Dids::benchmark_did(0);
		insert_contact::<T>(owner, contact, ContactStatus::Denied, &submitter);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, contact);

		assert!(!Contacts::<T>::contains_key(owner, contact));
	}

	/// A grant in force, from a live grantor to a DID no longer live: every condition
	/// is read (the expiry, then both DIDs).
	#[benchmark]
	fn reap_grant() {
		let grantor = T::Dids::benchmark_did(0);
		let grantee = DidId([0xde; 32]);
		let payer = account("payer", 0, 0);
		insert_grant::<T>(grantor, grantee, conversation(), None, &payer);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), grantor, grantee, conversation());

		assert!(!Grants::<T>::contains_key((grantor, grantee, conversation())));
	}

	#[benchmark]
	fn reap_request() {
		let recipient = T::Dids::benchmark_did(0);
		let requester = T::Dids::benchmark_did(1);
		let payer = account("payer", 0, 0);
		insert_request::<T>(recipient, requester, &payer);
		let later =
			frame_system::Pallet::<T>::block_number().saturating_add(T::RequestLifetime::get());
		frame_system::Pallet::<T>::set_block_number(later);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), recipient, requester);

		assert!(!Requests::<T>::contains_key(recipient, requester));
	}

	/// An entry of a live owner about a DID no longer live: both DIDs are read.
	#[benchmark]
	fn reap_contact() {
		let owner = T::Dids::benchmark_did(0);
		let contact = DidId([0xde; 32]);
		let payer = account("payer", 0, 0);
		insert_contact::<T>(owner, contact, ContactStatus::Denied, &payer);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), owner, contact);

		assert!(!Contacts::<T>::contains_key(owner, contact));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

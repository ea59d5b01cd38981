//! A DID's life on chain, its consent and its inbox: each operation is one transaction,
//! signed by the identity's keys and paid by its account.

use codec::Encode;
use missive_primitives::{
	consent::{ConsentScope, Expiry},
	did::{DidCreation, DidId, DidSignature, DidVerificationKey, KeyRelationship},
	policy::InboxPolicy,
	BlockNumber,
};
use sp_core::{sr25519, Pair, H256};
use subxt::utils::{MultiAddress, Static};

use crate::{
	chain::{account_of, runtime, Chain, ChainError, Included, RuntimeCall, Wait},
	keys::Identity,
};

/// Creates `identity`'s DID with its generation-0 authentication and assertion keys and
/// the key-agreement keys of devices `0..devices`; its account submits and pays the
/// deposit.
pub async fn create_did(
	chain: &Chain,
	identity: &Identity,
	devices: u32,
	wait: Wait,
) -> Result<Included, ChainError> {
	let key_agreement = (0..devices)
		.map(|index| identity.device(index).encryption_key())
		.collect::<Vec<_>>()
		.try_into()
		.map_err(|_| {
			ChainError::Unexpected(format!("a DID lists at most 8 devices, not {devices}"))
		})?;
	let details = DidCreation {
		did: identity.did(),
		submitter: account_of(&identity.account),
		authentication: identity.authentication_key(),
		assertion: Some(identity.assertion_key()),
		delegation: None,
		key_agreement,
		controllers: Default::default(),
		services: Default::default(),
	};
	let signature = DidSignature::Sr25519(
		identity.authentication.sign(&details.signing_payload(&chain.genesis_hash)),
	);
	let call = runtime::tx().did().create(Static(details), Static(signature));
	chain.submit(&call, &identity.account, wait).await
}

/// Adds device `index`'s key-agreement key to the DID: senders encrypt to it from then on.
pub async fn add_device(
	chain: &Chain,
	identity: &Identity,
	index: u32,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call = RuntimeCall::Did(runtime::did::Call::add_key_agreement_key {
		did: Static(identity.did()),
		key: Static(identity.device(index).encryption_key()),
	});
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// Rotates the DID's `role` key (authentication or assertion) to its next generation;
/// the old key's record stays, so what it signed while valid still verifies. Returns
/// the new generation.
pub async fn rotate(
	chain: &Chain,
	identity: &Identity,
	role: KeyRelationship,
	wait: Wait,
) -> Result<(u32, Included), ChainError> {
	let next = chain.current_generation(identity, role).await? + 1;
	let key = DidVerificationKey::Sr25519(identity.did_key(role, next).public());
	let call = RuntimeCall::Did(runtime::did::Call::set_verification_key {
		did: Static(identity.did()),
		relationship: Static(role),
		key: Static(key),
	});
	let included =
		chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await?;
	Ok((next, included))
}

/// Deactivates the DID: its document and keys are removed, its deposits returned.
pub async fn deactivate(
	chain: &Chain,
	identity: &Identity,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call = RuntimeCall::Did(runtime::did::Call::deactivate { did: Static(identity.did()) });
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// Lets the statement store keep up to `max_count` statements and `max_size` bytes
/// signed by the identity's account, on the DID's behalf (and deposit).
pub async fn set_store_allowance(
	chain: &Chain,
	identity: &Identity,
	max_count: u32,
	max_size: u32,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call = RuntimeCall::Policy(runtime::policy::Call::set_store_allowance {
		account: account_of(&identity.account),
		max_count,
		max_size,
	});
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// Lets the statement store keep up to `max_count` statements and `max_size` bytes
/// signed by `account`, bought by that account itself (and its deposit): no DID call
/// names it, which is what private mode's posting account needs.
pub async fn set_own_store_allowance(
	chain: &Chain,
	account: &sr25519::Pair,
	max_count: u32,
	max_size: u32,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call = runtime::tx().policy().set_own_store_allowance(max_count, max_size);
	chain.submit(&call, account, wait).await
}

/// Sets the DID's inbox policy.
pub async fn set_inbox_policy(
	chain: &Chain,
	identity: &Identity,
	policy: InboxPolicy<BlockNumber>,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call =
		RuntimeCall::Policy(runtime::policy::Call::set_inbox_policy { policy: Static(policy) });
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// The hash a consent operation commits to: what the user agreed to, in words, bound
/// to the parties and the scope, so a receipt shown later can be checked against it.
pub fn receipt_hash(grantor: &DidId, grantee: &DidId, scope: &ConsentScope, text: &str) -> H256 {
	H256(sp_crypto_hashing::blake2_256(
		&(b"missive/consent-receipt", grantor, grantee, scope, text.as_bytes()).encode(),
	))
}

/// Grants `grantee` consent for `scope`, until `expiry` if given.
pub async fn grant(
	chain: &Chain,
	identity: &Identity,
	grantee: DidId,
	scope: ConsentScope,
	expiry: Option<Expiry<BlockNumber>>,
	receipt: &str,
	wait: Wait,
) -> Result<Included, ChainError> {
	let receipt_hash = receipt_hash(&identity.did(), &grantee, &scope, receipt);
	let call = RuntimeCall::Consent(runtime::consent::Call::grant {
		grantee: Static(grantee),
		scope: Static(scope),
		expiry: expiry.map(Static),
		receipt_hash,
	});
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// Revokes `grantee`'s consent for `scope`; effective from the block it lands in.
pub async fn revoke(
	chain: &Chain,
	identity: &Identity,
	grantee: DidId,
	scope: ConsentScope,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call = RuntimeCall::Consent(runtime::consent::Call::revoke {
		grantee: Static(grantee),
		scope: Static(scope),
	});
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// Asks `recipient` for consent for `scope`, with a note (its hash goes on chain).
pub async fn request(
	chain: &Chain,
	identity: &Identity,
	recipient: DidId,
	scope: ConsentScope,
	note: &str,
	wait: Wait,
) -> Result<Included, ChainError> {
	let note_hash = H256(sp_crypto_hashing::blake2_256(note.as_bytes()));
	let call = RuntimeCall::Consent(runtime::consent::Call::request {
		recipient: Static(recipient),
		scope: Static(scope),
		note_hash,
	});
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// Accepts `requester`'s pending request (a grant for the requested scope).
pub async fn accept(
	chain: &Chain,
	identity: &Identity,
	requester: DidId,
	scope: ConsentScope,
	expiry: Option<Expiry<BlockNumber>>,
	receipt: &str,
	wait: Wait,
) -> Result<Included, ChainError> {
	let receipt_hash = receipt_hash(&identity.did(), &requester, &scope, receipt);
	let call = RuntimeCall::Consent(runtime::consent::Call::accept {
		requester: Static(requester),
		expiry: expiry.map(Static),
		receipt_hash,
	});
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// Transfers `amount` from `from` to each of `accounts` (keeping `from` alive), all in
/// flight at once: funds new accounts. One result per account, in order.
pub async fn fund(
	chain: &Chain,
	from: &sr25519::Pair,
	accounts: &[sp_core::sr25519::Public],
	amount: u128,
	wait: Wait,
) -> Vec<Result<Included, ChainError>> {
	let calls = accounts
		.iter()
		.map(|to| {
			runtime::tx()
				.balances()
				.transfer_keep_alive(MultiAddress::Id(subxt::utils::AccountId32(to.0)), amount)
		})
		.collect();
	chain.submit_all(calls, from, wait).await
}

/// Transfers `amount` from `from` to `to` (keeping `from` alive): funds a new account.
pub async fn transfer(
	chain: &Chain,
	from: &sr25519::Pair,
	to: &sp_core::sr25519::Public,
	amount: u128,
	wait: Wait,
) -> Result<Included, ChainError> {
	let mut results = fund(chain, from, std::slice::from_ref(to), amount, wait).await;
	results.pop().expect("one result per account")
}

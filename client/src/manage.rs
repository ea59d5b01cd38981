//! A DID's life on chain, its consent and its inbox: each operation is one transaction,
//! signed by the identity's keys and paid by its account.

use std::collections::BTreeSet;

use codec::Encode;
use missive_primitives::{
	consent::{ConsentScope, Expiry},
	did::{
		bounds::MaxKeyAgreementKeys, DidCreation, DidId, DidPublicKey, DidSignature,
		DidVerificationKey, KeyRelationship, RecoveryConfig,
	},
	policy::InboxPolicy,
	runtime_api::DidResolution,
	BlockNumber,
};
use sp_core::{sr25519, Get, Pair, H256};
use subxt::utils::{MultiAddress, Static};

use crate::{
	chain::{
		account_of, runtime, Chain, ChainError, Included, RuntimeCall, Wait, MAX_KEY_GENERATIONS,
	},
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
	if identity.did() != DidId::from_authentication_key(&identity.authentication_key()) {
		return Err(ChainError::Unexpected(format!(
			"this keystore acts for {}, which it adopted: it creates no DID",
			identity.did()
		)));
	}
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

/// Deactivates the DID: its document goes, its keys stay (revoked) while what they
/// signed may be retained, its deposits are returned but for the tombstone's and the
/// kept keys'.
pub async fn deactivate(
	chain: &Chain,
	identity: &Identity,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call = RuntimeCall::Did(runtime::did::Call::deactivate { did: Static(identity.did()) });
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// Names the DIDs that may jointly recover this one: `threshold` of `guardians`
/// approve a new authentication key, which replaces the current one `delay` blocks
/// later unless the current key cancels. `None` clears them.
pub async fn set_recovery(
	chain: &Chain,
	identity: &Identity,
	guardians: Option<(Vec<DidId>, u32, BlockNumber)>,
	wait: Wait,
) -> Result<Included, ChainError> {
	let config = guardians
		.map(|(guardians, threshold, delay)| {
			let count = guardians.len();
			let guardians =
				guardians.into_iter().collect::<BTreeSet<_>>().try_into().map_err(|_| {
					ChainError::Unexpected(format!("a DID has at most 8 guardians, not {count}"))
				})?;
			Ok::<_, ChainError>(RecoveryConfig { guardians, threshold, delay })
		})
		.transpose()?;
	let call = RuntimeCall::Did(runtime::did::Call::set_recovery {
		did: Static(identity.did()),
		config: config.map(Static),
	});
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// As a guardian of `did`, proposes `new_key` as its authentication key (and approves
/// it); the guardian's account holds the recovery deposit until the recovery ends.
pub async fn initiate_recovery(
	chain: &Chain,
	guardian: &Identity,
	did: DidId,
	new_key: DidVerificationKey,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call = RuntimeCall::Did(runtime::did::Call::initiate_recovery {
		did: Static(did),
		new_key: Static(new_key),
	});
	chain.submit_as_did(guardian, KeyRelationship::Authentication, call, wait).await
}

/// As a guardian of `did`, approves the pending recovery to `new_key`.
pub async fn approve_recovery(
	chain: &Chain,
	guardian: &Identity,
	did: DidId,
	new_key: DidVerificationKey,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call = RuntimeCall::Did(runtime::did::Call::approve_recovery {
		did: Static(did),
		new_key_id: DidPublicKey::from(new_key).id(),
	});
	chain.submit_as_did(guardian, KeyRelationship::Authentication, call, wait).await
}

/// Cancels a recovery of this identity's DID that it did not ask for.
pub async fn cancel_recovery(
	chain: &Chain,
	identity: &Identity,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call =
		RuntimeCall::Did(runtime::did::Call::cancel_recovery { did: Static(identity.did()) });
	chain.submit_as_did(identity, KeyRelationship::Authentication, call, wait).await
}

/// Completes `did`'s approved recovery once its delay has passed; `payer` pays the fee.
pub async fn complete_recovery(
	chain: &Chain,
	payer: &sr25519::Pair,
	did: DidId,
	wait: Wait,
) -> Result<Included, ChainError> {
	let call = runtime::tx().did().complete_recovery(Static(did));
	chain.submit(&call, payer, wait).await
}

/// What [`adopt`] changed in the adopted DID.
#[derive(Debug)]
pub struct Adoption {
	/// The generation of this phrase's assertion key the DID asserts with now.
	pub assertion_generation: u32,
	/// Device 0's key-agreement key was added.
	pub added_device: bool,
	/// Key-agreement keys of devices this phrase does not derive, revoked.
	pub revoked_devices: usize,
	/// A capability-delegation key (no phrase of this client derives one) was revoked.
	pub revoked_delegation: bool,
	/// The DID's controllers, left in place: each can do anything the DID can, so the
	/// new owner should check them (and `remove_controller` those it does not know).
	pub controllers: Vec<DidId>,
}

/// Takes over `did`, whose authentication key a recovery replaced with one of this
/// phrase's: `identity` acts for it from then on (the caller keeps that, e.g.
/// `keystore::save_adopted`). The DID's assertion key becomes one of this phrase's and
/// device 0's key is added, so that it sends and receives again; a capability
/// delegation key is revoked, and unless `keep_devices`, so are the key-agreement keys
/// this phrase does not derive: they are the lost phrase's, and senders would go on
/// encrypting to its devices. Running it again changes only what is still to change.
pub async fn adopt(
	chain: &Chain,
	identity: &mut Identity,
	did: DidId,
	keep_devices: bool,
	wait: Wait,
) -> Result<Adoption, ChainError> {
	let (_, best) = chain.best().await?;
	let DidResolution::Active { document, keys } = chain.resolve_at(&did, best).await? else {
		return Err(ChainError::DidNotActive(did));
	};
	let previous = identity.did();
	identity.adopt(did);
	if let Err(e) = chain.current_generation(identity, KeyRelationship::Authentication).await {
		identity.adopt(previous);
		return Err(e);
	}
	let key_id = |key: DidVerificationKey| DidPublicKey::from(key).id();
	let assertion_generation = match chain
		.current_generation(identity, KeyRelationship::AssertionMethod)
		.await
	{
		Ok(generation) => generation,
		Err(_) => {
			let had = |generation: &u32| {
				let public = identity.did_key(KeyRelationship::AssertionMethod, *generation);
				let id = key_id(DidVerificationKey::Sr25519(public.public()));
				keys.iter().any(|(known, _)| *known == id)
			};
			(0..MAX_KEY_GENERATIONS).find(|generation| !had(generation)).ok_or_else(|| {
				ChainError::Unexpected("every assertion key this phrase derives was used".into())
			})?
		},
	};
	let mut calls = Vec::new();
	if let Some(delegation) = document.delegation {
		calls.push(RuntimeCall::Did(runtime::did::Call::revoke_key {
			did: Static(did),
			key_id: delegation,
		}));
	}
	if document.assertion != Some(key_id(assertion_key_at(identity, assertion_generation))) {
		calls.push(RuntimeCall::Did(runtime::did::Call::set_verification_key {
			did: Static(did),
			relationship: Static(KeyRelationship::AssertionMethod),
			key: Static(assertion_key_at(identity, assertion_generation)),
		}));
	}
	let own_devices: Vec<_> = (0..MaxKeyAgreementKeys::get())
		.map(|index| DidPublicKey::from(identity.device(index).encryption_key()).id())
		.collect();
	let foreign: Vec<_> = document
		.key_agreement
		.iter()
		.filter(|key_id| !keep_devices && !own_devices.contains(key_id))
		.copied()
		.collect();
	for key_id in &foreign {
		calls.push(RuntimeCall::Did(runtime::did::Call::revoke_key {
			did: Static(did),
			key_id: *key_id,
		}));
	}
	let added_device = !document.key_agreement.contains(&own_devices[0]);
	if added_device {
		calls.push(RuntimeCall::Did(runtime::did::Call::add_key_agreement_key {
			did: Static(did),
			key: Static(identity.device(0).encryption_key()),
		}));
	}
	for result in
		chain.submit_all_as_did(identity, KeyRelationship::Authentication, calls, wait).await
	{
		result?;
	}
	Ok(Adoption {
		assertion_generation,
		added_device,
		revoked_devices: foreign.len(),
		revoked_delegation: document.delegation.is_some(),
		controllers: document.controllers.iter().copied().collect(),
	})
}

/// `identity`'s assertion key of `generation`, as the chain takes keys.
fn assertion_key_at(identity: &Identity, generation: u32) -> DidVerificationKey {
	DidVerificationKey::Sr25519(
		identity.did_key(KeyRelationship::AssertionMethod, generation).public(),
	)
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

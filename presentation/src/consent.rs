//! The JSON form of consent state, shared by the node's `consent_*` RPC and the client,
//! so both show the same thing for the same state.

use serde_json::{json, Value};
use sp_core::crypto::Ss58Codec;

use missive_primitives::{
	consent::{ConsentScope, ConsentState, Expiry},
	runtime_api::{ConsentStatus, GrantEntry, GrantOf},
	BlockNumber, SS58_PREFIX,
};

/// `granted`, `allowed`, `denied`, `expired` or `absent`.
pub fn state_name(state: ConsentState) -> &'static str {
	match state {
		ConsentState::Granted => "granted",
		ConsentState::Allowed => "allowed",
		ConsentState::Denied => "denied",
		ConsentState::Expired => "expired",
		ConsentState::Absent => "absent",
	}
}

/// `{"atBlock": n}` or `{"atTime": unix_ms}`; `null` for none.
pub fn expiry(expiry: &Option<Expiry<BlockNumber>>) -> Value {
	match expiry {
		Some(Expiry::AtBlock(block)) => json!({ "atBlock": block }),
		Some(Expiry::AtTime(ms)) => json!({ "atTime": ms }),
		None => Value::Null,
	}
}

/// A grant, naming its scope.
pub fn grant(scope: &ConsentScope, grant: &GrantOf) -> Value {
	json!({
		"scope": scope.to_scope_string(),
		"grantedAt": grant.granted_at,
		"expiry": expiry(&grant.expiry),
		"receiptHash": grant.receipt_hash,
		"depositOwner": grant.deposit.owner.to_ss58check_with_version(SS58_PREFIX.into()),
		"deposit": grant.deposit.amount.to_string(),
	})
}

/// A consent check's answer, with the grant that decided it.
pub fn status(status: &ConsentStatus) -> Value {
	json!({
		"consent": state_name(status.consent),
		"permitted": status.consent.is_permitted(),
		"grant": status.grant.as_ref().map(|(scope, g)| grant(scope, g)),
	})
}

/// One entry of a DID's grant list.
pub fn grant_entry(entry: &GrantEntry) -> Value {
	let mut value = grant(&entry.scope, &entry.grant);
	value["grantee"] = json!(entry.grantee.to_did_string());
	value
}

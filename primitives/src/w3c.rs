//! The W3C DID Core / DID Resolution representation of a `did:missive` DID, built from
//! what the runtime's `DidApi` returns. One implementation for the node's RPC and the
//! client, so both give the same JSON for the same state.

use alloc::{format, string::String, vec::Vec};
use serde_json::{json, Map, Value};

use crate::{
	did::{DidEncryptionKey, DidId, DidPublicKey, DidVerificationKey, KeyId, KeyRelationship},
	runtime_api::DidResolution,
};

/// Media type of a resolved document.
pub const CONTENT_TYPE: &str = "application/did+ld+json";

/// JSON-LD contexts of the documents.
pub const CONTEXTS: [&str; 3] = [
	"https://www.w3.org/ns/did/v1",
	"https://w3id.org/security/multikey/v1",
	"https://w3id.org/security/suites/x25519-2020/v1",
];

/// `publicKeyMultibase` of a key: base58btc (`z`) of the multicodec-prefixed key.
pub fn public_key_multibase(key: &DidPublicKey) -> String {
	let (codec, bytes): ([u8; 2], &[u8]) = match key {
		DidPublicKey::Verification(DidVerificationKey::Ed25519(k)) => ([0xed, 0x01], k.as_ref()),
		DidPublicKey::Verification(DidVerificationKey::Sr25519(k)) => ([0xef, 0x01], k.as_ref()),
		DidPublicKey::Verification(DidVerificationKey::Ecdsa(k)) => ([0xe7, 0x01], k.as_ref()),
		DidPublicKey::Encryption(DidEncryptionKey::X25519(k)) => ([0xec, 0x01], &k[..]),
	};
	let mut prefixed = Vec::with_capacity(2 + bytes.len());
	prefixed.extend_from_slice(&codec);
	prefixed.extend_from_slice(bytes);
	format!("z{}", bs58::encode(prefixed).into_string())
}

/// Verification method type of a key.
pub fn verification_method_type(key: &DidPublicKey) -> &'static str {
	match key {
		DidPublicKey::Verification(DidVerificationKey::Ed25519(_)) => "Ed25519VerificationKey2020",
		DidPublicKey::Verification(DidVerificationKey::Sr25519(_)) => "Sr25519VerificationKey2020",
		DidPublicKey::Verification(DidVerificationKey::Ecdsa(_)) => {
			"EcdsaSecp256k1VerificationKey2019"
		},
		DidPublicKey::Encryption(DidEncryptionKey::X25519(_)) => "X25519KeyAgreementKey2020",
	}
}

/// The DID URL of a key: `did:missive:…#<hex key id>`.
pub fn key_url(did: &DidId, key_id: &KeyId) -> String {
	format!("{did}#{}", hex_string(key_id.as_bytes()))
}

pub(crate) fn hex_string(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn relationship_property(relationship: KeyRelationship) -> &'static str {
	match relationship {
		KeyRelationship::Authentication => "authentication",
		KeyRelationship::AssertionMethod => "assertionMethod",
		KeyRelationship::CapabilityDelegation => "capabilityDelegation",
		KeyRelationship::KeyAgreement => "keyAgreement",
	}
}

/// The W3C DID Resolution result `{didResolutionMetadata, didDocument,
/// didDocumentMetadata}` of what the runtime resolved. Block numbers stand for times:
/// `created` and `updated` are the blocks of creation and of the last change.
pub fn resolution_result<BlockNumber: Copy + Into<u64>>(
	did: &DidId,
	resolution: &DidResolution<BlockNumber>,
) -> Value {
	match resolution {
		DidResolution::NotFound => error_result("notFound"),
		DidResolution::Deactivated { created, deactivated, version } => json!({
			"didResolutionMetadata": { "contentType": CONTENT_TYPE },
			"didDocument": { "@context": CONTEXTS, "id": did.to_string() },
			"didDocumentMetadata": {
				"created": (*created).into(),
				"updated": (*deactivated).into(),
				"versionId": version.to_string(),
				"deactivated": true,
			},
		}),
		DidResolution::Active { document, keys } => {
			let mut methods = Vec::new();
			let mut relationships: Map<String, Value> = Map::new();
			for (key_id, relationship) in document.current_keys() {
				let Some((_, record)) = keys.iter().find(|(id, _)| *id == key_id) else {
					continue;
				};
				let url = key_url(did, &key_id);
				methods.push(json!({
					"id": url,
					"type": verification_method_type(&record.key),
					"controller": did.to_string(),
					"publicKeyMultibase": public_key_multibase(&record.key),
				}));
				relationships
					.entry(relationship_property(relationship))
					.or_insert_with(|| Value::Array(Vec::new()))
					.as_array_mut()
					.expect("inserted as an array")
					.push(Value::String(url));
			}
			let services: Vec<Value> = document
				.services
				.iter()
				.map(|service| {
					let types: Vec<String> = service.types.iter().map(|t| text(t)).collect();
					let urls: Vec<String> = service.urls.iter().map(|u| text(u)).collect();
					json!({
						"id": format!("{did}#{}", text(&service.id)),
						"type": if types.len() == 1 { json!(types[0]) } else { json!(types) },
						"serviceEndpoint": if urls.len() == 1 { json!(urls[0]) } else { json!(urls) },
					})
				})
				.collect();
			let mut controllers = alloc::vec![did.to_string()];
			controllers.extend(document.controllers.iter().map(|c| c.to_string()));

			let mut doc = Map::new();
			doc.insert("@context".into(), json!(CONTEXTS));
			doc.insert("id".into(), json!(did.to_string()));
			doc.insert("controller".into(), json!(controllers));
			doc.insert("verificationMethod".into(), Value::Array(methods));
			doc.extend(relationships);
			if !services.is_empty() {
				doc.insert("service".into(), Value::Array(services));
			}
			json!({
				"didResolutionMetadata": { "contentType": CONTENT_TYPE },
				"didDocument": doc,
				"didDocumentMetadata": {
					"created": document.created.into(),
					"updated": document.updated.into(),
					"versionId": document.version.to_string(),
					"deactivated": false,
				},
			})
		},
	}
}

/// [`resolution_result`] at a block: the block's hash and number are added to the
/// resolution metadata, so a reader knows which state the document describes. The
/// node's `did_resolve` and the client's resolution through `state_call`
/// (`DidApi_resolve`) both answer with this.
pub fn resolution_result_at<BlockNumber: Copy + Into<u64>>(
	did: &DidId,
	resolution: &DidResolution<BlockNumber>,
	block_hash: crate::Hash,
	block_number: BlockNumber,
) -> Value {
	with_block(resolution_result(did, resolution), block_hash, block_number.into())
}

/// Adds the block a result describes to its resolution metadata.
pub fn with_block(mut result: Value, block_hash: crate::Hash, block_number: u64) -> Value {
	if let Some(metadata) = result["didResolutionMetadata"].as_object_mut() {
		metadata.insert("blockHash".into(), json!(block_hash));
		metadata.insert("blockNumber".into(), json!(block_number));
	}
	result
}

/// A resolution that failed with a W3C error code (`invalidDid`, `notFound`, …).
pub fn error_result(error: &str) -> Value {
	json!({
		"didResolutionMetadata": { "error": error },
		"didDocument": Value::Null,
		"didDocumentMetadata": {},
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::did::{DidDocument, KeyRecord};
	use alloc::boxed::Box;
	use sp_core::{ed25519, sr25519};

	#[test]
	fn multibase_has_the_multicodec_prefix() {
		let key = DidPublicKey::Verification(DidVerificationKey::Ed25519(
			ed25519::Public::from_raw([0; 32]),
		));
		let encoded = public_key_multibase(&key);
		assert!(encoded.starts_with("z6Mk"), "ed25519 multikeys start with z6Mk: {encoded}");
		let x = DidPublicKey::Encryption(DidEncryptionKey::X25519([0; 32]));
		assert!(public_key_multibase(&x).starts_with("z6LS"), "x25519 multikeys start with z6LS");
	}

	#[test]
	fn an_active_document_lists_keys_by_relationship() {
		let auth = DidPublicKey::Verification(DidVerificationKey::Sr25519(
			sr25519::Public::from_raw([1; 32]),
		));
		let agreement = DidPublicKey::Encryption(DidEncryptionKey::X25519([2; 32]));
		let rotated = DidPublicKey::Verification(DidVerificationKey::Sr25519(
			sr25519::Public::from_raw([3; 32]),
		));
		let did = DidId([9; 32]);
		let record = |key: &DidPublicKey, relationship, revoked| KeyRecord {
			key: key.clone(),
			relationship,
			added: 1u32,
			revoked,
		};
		let document = DidDocument {
			authentication: auth.id(),
			assertion: None,
			delegation: None,
			key_agreement: [agreement.id()]
				.into_iter()
				.collect::<alloc::collections::BTreeSet<_>>()
				.try_into()
				.unwrap(),
			controllers: Default::default(),
			services: Default::default(),
			nonce: 4,
			version: 3,
			created: 1,
			updated: 5,
		};
		let keys = alloc::vec![
			(auth.id(), record(&auth, KeyRelationship::Authentication, None)),
			(agreement.id(), record(&agreement, KeyRelationship::KeyAgreement, None)),
			(rotated.id(), record(&rotated, KeyRelationship::Authentication, Some(5))),
		];
		let result =
			resolution_result(&did, &DidResolution::Active { document: Box::new(document), keys });
		let doc = &result["didDocument"];
		assert_eq!(doc["id"], did.to_string());
		assert_eq!(
			doc["verificationMethod"].as_array().unwrap().len(),
			2,
			"rotated-out keys are not listed"
		);
		assert_eq!(doc["authentication"][0], key_url(&did, &auth.id()));
		assert_eq!(doc["keyAgreement"][0], key_url(&did, &agreement.id()));
		assert!(doc.get("assertionMethod").is_none());
		assert_eq!(result["didDocumentMetadata"]["versionId"], "3");
		assert_eq!(result["didDocumentMetadata"]["updated"], 5);
		assert_eq!(result["didDocumentMetadata"]["deactivated"], false);
		assert_eq!(result["didResolutionMetadata"]["contentType"], CONTENT_TYPE);
	}

	#[test]
	fn deactivated_and_missing_dids() {
		let did = DidId([9; 32]);
		let gone = resolution_result(
			&did,
			&DidResolution::Deactivated { created: 1u32, deactivated: 7, version: 2 },
		);
		assert_eq!(gone["didDocumentMetadata"]["deactivated"], true);
		assert_eq!(gone["didDocument"]["id"], did.to_string());
		let missing = resolution_result::<u32>(&did, &DidResolution::NotFound);
		assert_eq!(missing["didResolutionMetadata"]["error"], "notFound");
		assert!(missing["didDocument"].is_null());
	}
}

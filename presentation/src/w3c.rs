//! The W3C DID Core / DID Resolution representation of a `did:missive` DID, built from
//! what the runtime's `DidApi` returns. One implementation for the node's RPC and the
//! client, so both give the same JSON for the same state.

use serde_json::{json, Map, Value};

use missive_primitives::{
	did::{DidEncryptionKey, DidId, DidPublicKey, DidVerificationKey, KeyId, KeyRelationship},
	runtime_api::DidResolution,
};

/// Media type of a document's JSON-LD representation (`accept`).
pub const CONTENT_TYPE_LD_JSON: &str = "application/did+ld+json";
/// Media type of a document's plain JSON representation (`accept`): no `@context`.
pub const CONTENT_TYPE_JSON: &str = "application/did+json";

/// JSON-LD contexts of the documents: DID Core, then the verification method types'.
pub const CONTEXTS: [&str; 4] = [
	"https://www.w3.org/ns/did/v1",
	"https://w3id.org/security/multikey/v1",
	"https://w3id.org/security/suites/ed25519-2020/v1",
	"https://w3id.org/security/suites/x25519-2020/v1",
];

/// When the blocks a document's metadata names were made, in milliseconds since the
/// Unix epoch (their timestamp inherent): `created` and `updated` are these times, and
/// are left out where the time is not known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DocumentTimes {
	pub created: Option<u64>,
	pub updated: Option<u64>,
}

/// The blocks of a resolution's creation and last change (its deactivation, for a
/// deactivated DID), whose times [`DocumentTimes`] holds.
pub fn document_blocks<BlockNumber: Copy>(
	resolution: &DidResolution<BlockNumber>,
) -> Option<(BlockNumber, BlockNumber)> {
	match resolution {
		DidResolution::NotFound => None,
		DidResolution::Deactivated { created, deactivated, .. } => Some((*created, *deactivated)),
		DidResolution::Active { document, .. } => Some((document.created, document.updated)),
	}
}

/// An XML Schema `dateTime` in UTC without fractional seconds, as DID Core asks of
/// `created` and `updated`: `2026-12-02T07:00:00Z`.
pub fn xml_datetime(unix_ms: u64) -> String {
	let seconds = unix_ms / 1000;
	let (days, of_day) = (seconds / 86_400, seconds % 86_400);
	// The proleptic Gregorian date of a day count (H. Hinnant's `civil_from_days`).
	let z = days as i64 + 719_468;
	let era = z.div_euclid(146_097);
	let day_of_era = z.rem_euclid(146_097);
	let year_of_era =
		(day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
	let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	let shifted_month = (5 * day_of_year + 2) / 153;
	let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
	let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
	let year = year_of_era + era * 400 + i64::from(month <= 2);
	format!(
		"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
		of_day / 3_600,
		of_day % 3_600 / 60,
		of_day % 60
	)
}

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

/// Verification method type of a key: the type registered in the DID Specification
/// Registries for its curve with a `publicKeyMultibase`, else `Multikey` (sr25519, and
/// secp256k1, whose registered type expresses keys as JWK).
pub fn verification_method_type(key: &DidPublicKey) -> &'static str {
	match key {
		DidPublicKey::Verification(DidVerificationKey::Ed25519(_)) => "Ed25519VerificationKey2020",
		DidPublicKey::Verification(
			DidVerificationKey::Sr25519(_) | DidVerificationKey::Ecdsa(_),
		) => "Multikey",
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

/// The document metadata of a DID created in block `created` and last changed in
/// block `updated`: every value a string or a boolean, as DID Resolution requires.
/// `created` and `updated` are XML datetimes (where `times` knows them), the blocks
/// themselves `createdBlock` and `updatedBlock`.
fn document_metadata(
	created: u64,
	updated: u64,
	version: u32,
	deactivated: bool,
	times: DocumentTimes,
) -> Value {
	let mut metadata = Map::new();
	if let Some(ms) = times.created {
		metadata.insert("created".into(), json!(xml_datetime(ms)));
	}
	if let Some(ms) = times.updated {
		metadata.insert("updated".into(), json!(xml_datetime(ms)));
	}
	metadata.insert("createdBlock".into(), json!(created.to_string()));
	metadata.insert("updatedBlock".into(), json!(updated.to_string()));
	metadata.insert("versionId".into(), json!(version.to_string()));
	metadata.insert("deactivated".into(), json!(deactivated));
	Value::Object(metadata)
}

/// The W3C DID Resolution result `{didResolutionMetadata, didDocument,
/// didDocumentMetadata}` of what the runtime resolved, the document's times taken from
/// `times` (see [`document_blocks`]). A plain resolution has no `contentType`: that
/// belongs to a representation ([`representation_result`]).
pub fn resolution_result<BlockNumber: Copy + Into<u64>>(
	did: &DidId,
	resolution: &DidResolution<BlockNumber>,
	times: DocumentTimes,
) -> Value {
	match resolution {
		DidResolution::NotFound => error_result("notFound"),
		DidResolution::Deactivated { created, deactivated, version } => json!({
			"didResolutionMetadata": {},
			"didDocument": { "@context": CONTEXTS, "id": did.to_string() },
			"didDocumentMetadata": document_metadata(
				(*created).into(),
				(*deactivated).into(),
				*version,
				true,
				times,
			),
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
			let mut controllers = vec![did.to_string()];
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
				"didResolutionMetadata": {},
				"didDocument": doc,
				"didDocumentMetadata": document_metadata(
					document.created.into(),
					document.updated.into(),
					document.version,
					false,
					times,
				),
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
	times: DocumentTimes,
	block_hash: missive_primitives::Hash,
	block_number: BlockNumber,
) -> Value {
	with_block(resolution_result(did, resolution, times), block_hash, block_number.into())
}

/// Adds the block a result describes to its resolution metadata (the number as a
/// string: metadata holds no bare numbers).
pub fn with_block(
	mut result: Value,
	block_hash: missive_primitives::Hash,
	block_number: u64,
) -> Value {
	if let Some(metadata) = result["didResolutionMetadata"].as_object_mut() {
		metadata.insert("blockHash".into(), json!(block_hash));
		metadata.insert("blockNumber".into(), json!(block_number.to_string()));
	}
	result
}

/// A resolution result as DID Resolution's `resolveRepresentation` gives it: the
/// document serialized in `didDocumentStream` as `accept` asks, with that
/// `contentType` — `application/did+ld+json` as is, `application/did+json` without its
/// `@context` — or the `representationNotSupported` error for any other media type.
/// A result that failed stays as it is.
pub fn representation_result(mut result: Value, accept: &str) -> Value {
	let accept = accept.trim();
	let mut document = match result.get_mut("didDocument").map(Value::take) {
		Some(document @ Value::Object(_)) => document,
		_ => return result,
	};
	match accept {
		CONTENT_TYPE_LD_JSON => {},
		CONTENT_TYPE_JSON => {
			document.as_object_mut().expect("matched an object").remove("@context");
		},
		_ => return error_result("representationNotSupported"),
	}
	let mut metadata = result["didResolutionMetadata"].take();
	if let Some(metadata) = metadata.as_object_mut() {
		metadata.insert("contentType".into(), json!(accept));
	}
	json!({
		"didResolutionMetadata": metadata,
		"didDocumentStream": document.to_string(),
		"didDocumentMetadata": result["didDocumentMetadata"].take(),
	})
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
	use missive_primitives::did::{DidDocument, KeyRecord};
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
				.collect::<std::collections::BTreeSet<_>>()
				.try_into()
				.unwrap(),
			controllers: Default::default(),
			services: Default::default(),
			nonce: 4,
			version: 3,
			created: 1,
			updated: 5,
		};
		let keys = vec![
			(auth.id(), record(&auth, KeyRelationship::Authentication, None)),
			(agreement.id(), record(&agreement, KeyRelationship::KeyAgreement, None)),
			(rotated.id(), record(&rotated, KeyRelationship::Authentication, Some(5))),
		];
		let times = DocumentTimes { created: Some(1_700_000_000_000), updated: None };
		let result = resolution_result(
			&did,
			&DidResolution::Active { document: Box::new(document), keys },
			times,
		);
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
		let metadata = &result["didDocumentMetadata"];
		assert_eq!(metadata["versionId"], "3");
		assert_eq!(metadata["created"], "2023-11-14T22:13:20Z");
		assert!(metadata.get("updated").is_none(), "an unknown time is left out");
		assert_eq!(
			(&metadata["createdBlock"], &metadata["updatedBlock"]),
			(&json!("1"), &json!("5"))
		);
		assert_eq!(metadata["deactivated"], false);
		assert_eq!(metadata.as_object().unwrap().len(), 5);
		assert!(
			metadata.as_object().unwrap().values().all(|v| v.is_string() || v.is_boolean()),
			"metadata values are strings or booleans: {metadata}"
		);
		assert!(result["didResolutionMetadata"].get("contentType").is_none());
		assert_eq!(
			doc["verificationMethod"][0]["type"], "Multikey",
			"sr25519 has no registered type of its own"
		);
	}

	#[test]
	fn datetimes_are_xml_schema_utc_without_fractions() {
		assert_eq!(xml_datetime(0), "1970-01-01T00:00:00Z");
		assert_eq!(xml_datetime(951_782_400_999), "2000-02-29T00:00:00Z");
		assert_eq!(xml_datetime(1_700_000_000_000), "2023-11-14T22:13:20Z");
		assert_eq!(xml_datetime(4_107_542_399_000), "2100-02-28T23:59:59Z");
		assert_eq!(xml_datetime(1_798_761_599_000), "2026-12-31T23:59:59Z");
	}

	#[test]
	fn representations_carry_the_document_as_a_stream() {
		let did = DidId([9; 32]);
		let resolved = resolution_result(
			&did,
			&DidResolution::Deactivated { created: 1u32, deactivated: 7, version: 2 },
			DocumentTimes::default(),
		);
		let ld = representation_result(resolved.clone(), CONTENT_TYPE_LD_JSON);
		assert_eq!(ld["didResolutionMetadata"]["contentType"], CONTENT_TYPE_LD_JSON);
		assert!(ld.get("didDocument").is_none());
		let stream: Value =
			serde_json::from_str(ld["didDocumentStream"].as_str().unwrap()).unwrap();
		assert_eq!(stream, resolved["didDocument"]);
		assert_eq!(ld["didDocumentMetadata"], resolved["didDocumentMetadata"]);

		let plain = representation_result(resolved.clone(), CONTENT_TYPE_JSON);
		assert_eq!(plain["didResolutionMetadata"]["contentType"], CONTENT_TYPE_JSON);
		let stream: Value =
			serde_json::from_str(plain["didDocumentStream"].as_str().unwrap()).unwrap();
		assert!(stream.get("@context").is_none());
		assert_eq!(stream["id"], did.to_string());

		let other = representation_result(resolved, "application/did+cbor");
		assert_eq!(other["didResolutionMetadata"]["error"], "representationNotSupported");
		assert!(other["didDocument"].is_null());
		// A failed resolution stays the failure it is.
		let missing = resolution_result::<u32>(&did, &DidResolution::NotFound, Default::default());
		assert_eq!(
			representation_result(missing, CONTENT_TYPE_JSON)["didResolutionMetadata"]["error"],
			"notFound"
		);
	}

	#[test]
	fn deactivated_and_missing_dids() {
		let did = DidId([9; 32]);
		let gone = resolution_result(
			&did,
			&DidResolution::Deactivated { created: 1u32, deactivated: 7, version: 2 },
			DocumentTimes::default(),
		);
		assert_eq!(gone["didDocumentMetadata"]["deactivated"], true);
		assert_eq!(gone["didDocument"]["id"], did.to_string());
		let missing = resolution_result::<u32>(&did, &DidResolution::NotFound, Default::default());
		assert_eq!(missing["didResolutionMetadata"]["error"], "notFound");
		assert!(missing["didDocument"].is_null());
	}
}

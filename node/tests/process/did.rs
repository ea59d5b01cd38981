//! The DID registry on a real dev node: create, rotate, resolve over RPC (W3C shape,
//! past versions), verify a resolution's storage proof without trusting the node,
//! and resolve a deactivated DID.

use codec::{Decode, Encode};
use jsonrpsee::rpc_params;
use missive_presentation::w3c;
use missive_primitives::{
	did::{
		DidCreation, DidEncryptionKey, DidId, DidPublicKey, DidSignature, DidVerificationKey,
		KeyId, KeyRecord, KeyRelationship, ServiceEndpoint,
	},
	runtime_api::DidResolution,
	storage_keys,
};
use missive_runtime::{AccountId, Balance, BlockNumber};
use serde_json::Value;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::BlakeTwo256;

use crate::common::{self, Node, Rpc};

async fn resolve(rpc: &Rpc, did: &str, options: Value) -> Value {
	rpc.call("did_resolve", rpc_params![did, options]).await
}

/// The time of the block a result's metadata names for `name` (in `<name>Block`), if
/// the result gives that time: the start of the Aura slot its `Timestamp::Now` is in.
async fn block_time(rpc: &Rpc, metadata: &Value, name: &str) -> Option<u64> {
	metadata.get(name)?;
	let number: BlockNumber = metadata[format!("{name}Block")].as_str()?.parse().ok()?;
	let hash = rpc.block_hash(number).await?;
	let key = frame_support::storage::storage_prefix(b"Timestamp", b"Now");
	let now = rpc.storage::<u64>(&key, hash).await.expect("every block after genesis has a time");
	Some(now / missive_runtime::SLOT_DURATION * missive_runtime::SLOT_DURATION)
}

/// Checks a `did_resolveWithProof` result using only the proof and the block header:
/// the header must hash to the block hash, the proof must match the header's state
/// root, and the document rebuilt from the proven values must be the one returned.
async fn verify_proof(rpc: &Rpc, did: &DidId, result: &Value) {
	let proof = &result["proof"];
	let nodes = common::proof_nodes(proof);
	let record_key = storage_keys::did_record(did);
	let tombstone_key = storage_keys::did_tombstone(did);
	let (header, proven) =
		common::check_state_proof(rpc, proof, &[record_key.clone(), tombstone_key.clone()]).await;

	let resolution = match (&proven[0], &proven[1]) {
		(Some(record), None) => {
			type Record = pallet_did::DidRecord<AccountId, Balance, BlockNumber>;
			let record = Record::decode(&mut &record[..]).unwrap();
			let key_ids: Vec<_> = record.document.current_keys().map(|(id, _)| id).collect();
			let key_storage: Vec<_> =
				key_ids.iter().map(|id| storage_keys::did_key(did, id)).collect();
			let proven_keys = sp_state_machine::read_proof_check::<BlakeTwo256, _>(
				header.state_root,
				sp_trie::StorageProof::new(nodes.clone()),
				&key_storage,
			)
			.expect("key records are in the proof");
			let keys = key_ids
				.iter()
				.zip(&key_storage)
				.map(|(id, storage_key)| {
					let bytes =
						proven_keys[storage_key].clone().expect("current keys have records");
					(*id, KeyRecord::<BlockNumber>::decode(&mut &bytes[..]).unwrap())
				})
				.collect();
			DidResolution::Active { document: Box::new(record.document), keys }
		},
		(None, Some(tombstone)) => {
			let tombstone =
				pallet_did::Tombstone::<BlockNumber>::decode(&mut &tombstone[..]).unwrap();
			DidResolution::Deactivated {
				created: tombstone.created,
				deactivated: tombstone.deactivated,
				version: tombstone.version,
			}
		},
		(None, None) => DidResolution::NotFound,
		(Some(_), Some(_)) => panic!("a DID is both live and deactivated"),
	};
	// The times are not in the proof (they come from the blocks it names): read here.
	let metadata = &result["didDocumentMetadata"];
	let times = w3c::DocumentTimes {
		created: block_time(rpc, metadata, "created").await,
		updated: block_time(rpc, metadata, "updated").await,
	};
	let rebuilt = w3c::resolution_result(did, &resolution, times);
	assert_eq!(rebuilt["didDocument"], result["didDocument"]);
	assert_eq!(rebuilt["didDocumentMetadata"], result["didDocumentMetadata"]);

	// A proof for another state root proves nothing.
	let wrong_root = sp_core::H256::repeat_byte(1);
	assert!(sp_state_machine::read_proof_check::<BlakeTwo256, _>(
		wrong_root,
		sp_trie::StorageProof::new(nodes),
		[&record_key],
	)
	.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn dids_are_created_rotated_resolved_proven_and_deactivated() {
	let logs = tempfile::tempdir().unwrap();
	let node = Node::start("did", logs.path(), &["--dev", "--tmp"]);
	let rpc = node.client().await;
	rpc.wait_finalized(1).await;

	let alice = Sr25519Keyring::Alice.pair();
	let first_key = sr25519::Pair::from_seed(&[21; 32]);
	let second_key = sr25519::Pair::from_seed(&[22; 32]);
	let authentication = DidVerificationKey::Sr25519(first_key.public());
	let device = DidEncryptionKey::X25519([5; 32]);
	let service = ServiceEndpoint {
		id: b"inbox".to_vec().try_into().unwrap(),
		types: vec![b"MissiveInbox".to_vec().try_into().unwrap()].try_into().unwrap(),
		urls: vec![b"https://inbox.example/alice".to_vec().try_into().unwrap()].try_into().unwrap(),
	};
	let details = DidCreation {
		did: DidId::from_authentication_key(&authentication),
		submitter: Sr25519Keyring::Alice.to_account_id(),
		authentication: authentication.clone(),
		assertion: None,
		delegation: None,
		key_agreement: vec![device.clone()].try_into().unwrap(),
		controllers: Default::default(),
		services: vec![service].try_into().unwrap(),
	};
	let did = details.did;
	let signature =
		DidSignature::Sr25519(first_key.sign(&details.signing_payload(&rpc.genesis_hash().await)));
	rpc.submit_and_finalize(
		pallet_did::Call::create { details: Box::new(details), signature }.into(),
		&alice,
	)
	.await;

	// Every W3C field of the created document.
	let did_text = did.to_string();
	let created = resolve(&rpc, &did_text, Value::Null).await;
	let doc = &created["didDocument"];
	// A plain resolution: no representation, so no `contentType`.
	assert!(created["didResolutionMetadata"].get("contentType").is_none());
	assert_eq!(doc["@context"][0], "https://www.w3.org/ns/did/v1");
	assert_eq!(doc["id"], did_text);
	assert_eq!(doc["controller"], serde_json::json!([did_text]));
	let auth_id = DidPublicKey::from(authentication.clone()).id();
	let device_id = DidPublicKey::from(device.clone()).id();
	let methods = doc["verificationMethod"].as_array().unwrap();
	assert_eq!(methods.len(), 2);
	let auth_method = methods.iter().find(|m| m["id"] == w3c::key_url(&did, &auth_id)).unwrap();
	assert_eq!(auth_method["type"], "Multikey");
	assert_eq!(auth_method["controller"], did_text);
	assert_eq!(
		auth_method["publicKeyMultibase"],
		w3c::public_key_multibase(&DidPublicKey::from(authentication.clone()))
	);
	let device_method = methods.iter().find(|m| m["id"] == w3c::key_url(&did, &device_id)).unwrap();
	assert_eq!(device_method["type"], "X25519KeyAgreementKey2020");
	assert_eq!(doc["authentication"], serde_json::json!([w3c::key_url(&did, &auth_id)]));
	assert_eq!(doc["keyAgreement"], serde_json::json!([w3c::key_url(&did, &device_id)]));
	assert!(doc.get("assertionMethod").is_none() && doc.get("capabilityDelegation").is_none());
	assert_eq!(doc["service"][0]["id"], format!("{did_text}#inbox"));
	assert_eq!(doc["service"][0]["type"], "MissiveInbox");
	assert_eq!(doc["service"][0]["serviceEndpoint"], "https://inbox.example/alice");
	let metadata = &created["didDocumentMetadata"];
	assert_eq!(metadata["versionId"], "0");
	assert_eq!(metadata["deactivated"], false);
	assert_eq!(metadata["created"], metadata["updated"]);
	assert_eq!(metadata["createdBlock"], metadata["updatedBlock"]);
	let created_at: BlockNumber = metadata["createdBlock"].as_str().unwrap().parse().unwrap();
	assert!(created_at >= 1);
	let created_time = block_time(&rpc, metadata, "created").await.unwrap();
	assert_eq!(metadata["created"], w3c::xml_datetime(created_time));
	assert!(
		metadata.as_object().unwrap().values().all(|v| v.is_string() || v.is_boolean()),
		"metadata values are strings or booleans: {metadata}"
	);

	// Representations: the document as a stream, with its media type.
	let as_json =
		resolve(&rpc, &did_text, serde_json::json!({ "accept": "application/did+json" })).await;
	assert_eq!(as_json["didResolutionMetadata"]["contentType"], "application/did+json");
	let stream: Value =
		serde_json::from_str(as_json["didDocumentStream"].as_str().unwrap()).unwrap();
	assert!(stream.get("@context").is_none());
	assert_eq!(stream["verificationMethod"], doc["verificationMethod"]);
	let as_ld =
		resolve(&rpc, &did_text, serde_json::json!({ "accept": "application/did+ld+json" })).await;
	let stream: Value = serde_json::from_str(as_ld["didDocumentStream"].as_str().unwrap()).unwrap();
	assert_eq!(&stream, doc);
	let as_cbor =
		resolve(&rpc, &did_text, serde_json::json!({ "accept": "application/did+cbor" })).await;
	assert_eq!(as_cbor["didResolutionMetadata"]["error"], "representationNotSupported");

	// Rotate the authentication key, authorized by the current one.
	let rotate = pallet_did::Call::set_verification_key {
		did,
		relationship: KeyRelationship::Authentication,
		key: DidVerificationKey::Sr25519(second_key.public()),
	};
	rpc.submit_and_finalize(
		common::did_call(&rpc, did, &first_key, 1, rotate.into()).await,
		&alice,
	)
	.await;
	let rotated = resolve(&rpc, &did_text, Value::Null).await;
	let second_id = DidPublicKey::from(DidVerificationKey::Sr25519(second_key.public())).id();
	assert_eq!(rotated["didDocument"]["authentication"][0], w3c::key_url(&did, &second_id));
	assert_eq!(rotated["didDocumentMetadata"]["versionId"], "1");
	let updated_at: BlockNumber =
		rotated["didDocumentMetadata"]["updatedBlock"].as_str().unwrap().parse().unwrap();
	assert!(updated_at > created_at);

	// The past version still resolves, with the key it had then.
	let past = resolve(&rpc, &did_text, serde_json::json!({ "versionId": "0" })).await;
	assert_eq!(past["didDocument"]["authentication"][0], w3c::key_url(&did, &auth_id));
	assert_eq!(past["didDocumentMetadata"]["versionId"], "0");
	let future = resolve(&rpc, &did_text, serde_json::json!({ "versionId": "7" })).await;
	assert_eq!(future["didResolutionMetadata"]["error"], "notFound");

	// The rotated-out key was valid when the DID was created, and is not any more.
	let best_hash = rpc.block_hash(rpc.best_number().await).await.unwrap();
	let was_valid: bool = common::runtime_call(
		&rpc,
		"DidApi_key_valid_at",
		(did, auth_id, KeyRelationship::Authentication, created_at as BlockNumber).encode(),
		best_hash,
	)
	.await;
	assert!(was_valid);
	let best_number = rpc.best_number().await;
	let still_valid: bool = common::runtime_call(
		&rpc,
		"DidApi_key_valid_at",
		(did, auth_id, KeyRelationship::Authentication, best_number).encode(),
		best_hash,
	)
	.await;
	assert!(!still_valid);

	// A proof a client checks without trusting the node.
	let proven = rpc.call("did_resolveWithProof", rpc_params![did_text.clone()]).await;
	assert_eq!(proven["didDocumentMetadata"]["versionId"], "1");
	verify_proof(&rpc, &did, &proven).await;

	// Deactivate, authorized by the new key.
	let deactivate = pallet_did::Call::deactivate { did };
	rpc.submit_and_finalize(
		common::did_call(&rpc, did, &second_key, 2, deactivate.into()).await,
		&alice,
	)
	.await;
	let gone = resolve(&rpc, &did_text, Value::Null).await;
	assert_eq!(gone["didDocumentMetadata"]["deactivated"], true);
	assert_eq!(gone["didDocumentMetadata"]["versionId"], "2");
	assert_eq!(gone["didDocument"]["id"], did_text);
	assert!(gone["didDocument"].get("verificationMethod").is_none());
	let proven_gone = rpc.call("did_resolveWithProof", rpc_params![did_text.clone()]).await;
	verify_proof(&rpc, &did, &proven_gone).await;

	// Its keys stay, revoked at the deactivation, while what they signed may be retained:
	// the rotated-in key verifies what it signed before, and nothing after.
	let gone_at = rpc.best_number().await;
	let gone_hash = rpc.block_hash(gone_at).await.unwrap();
	let history: Vec<(KeyId, KeyRecord<BlockNumber>)> =
		common::runtime_call(&rpc, "DidApi_key_history", did.encode(), gone_hash).await;
	assert!(history.iter().any(|(id, _)| *id == second_id), "{history:?}");
	assert!(history.iter().all(|(_, record)| record.revoked.is_some()), "{history:?}");
	for (at, valid) in [(updated_at, true), (gone_at, false)] {
		let answer: bool = common::runtime_call(
			&rpc,
			"DidApi_key_valid_at",
			(did, second_id, KeyRelationship::Authentication, at).encode(),
			gone_hash,
		)
		.await;
		assert_eq!(answer, valid, "the rotated-in key at block {at}");
	}

	// Bad and unknown DIDs are W3C errors, not RPC failures.
	let invalid = resolve(&rpc, "did:web:example.com", Value::Null).await;
	assert_eq!(invalid["didResolutionMetadata"]["error"], "invalidDid");
	let unknown = resolve(&rpc, &DidId([3; 32]).to_string(), Value::Null).await;
	assert_eq!(unknown["didResolutionMetadata"]["error"], "notFound");
	let proven_unknown =
		rpc.call("did_resolveWithProof", rpc_params![DidId([3; 32]).to_string()]).await;
	verify_proof(&rpc, &DidId([3; 32]), &proven_unknown).await;
}

//! Checks of the runtime's static configuration and genesis presets.

use frame_support::{
	dispatch::DispatchClass,
	traits::{Get, StorageInfoTrait},
	weights::Weight,
};
use pallet_balances::WeightInfo as _;
use sp_keyring::Sr25519Keyring;
use std::path::{Path, PathBuf};

use crate::{
	configs::{RuntimeBlockLength, RuntimeBlockWeights, NORMAL_DISPATCH_RATIO},
	genesis_config_presets::{self, ENDOWMENT},
	weights::{BlockExecutionWeight, ExtrinsicBaseWeight},
	AllPalletsWithSystem, Runtime, RuntimeGenesisConfig, VERSION,
};

/// Builds the storage a named preset describes, exactly as the node does: the
/// preset's JSON patch merged over the default genesis config, then built.
fn storage_of_preset(name: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&name.into())
		.unwrap_or_else(|| panic!("preset {name} exists"));
	let patch: serde_json::Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	sc_chain_spec::json_patch::merge(&mut config, patch);

	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(
			serde_json::to_vec(&config).expect("serializes"),
		)
		.unwrap_or_else(|e| panic!("preset {name} builds: {e}"))
	});
	ext
}

#[test]
fn every_preset_builds_into_valid_storage() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(
		names,
		vec!["development".to_string(), "local_testnet".to_string(), "local_testnet_4".to_string()]
	);

	for (name, validators) in
		[("development", 1usize), ("local_testnet", 2), ("local_testnet_4", 4)]
	{
		storage_of_preset(name).execute_with(|| {
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), validators, "{name}");
			assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), validators);
			assert_eq!(
				pallet_sudo::Key::<Runtime>::get(),
				Some(Sr25519Keyring::Alice.to_account_id())
			);
			let endowed = Sr25519Keyring::well_known().count() as u128;
			assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), endowed * ENDOWMENT);
			assert_eq!(
				pallet_balances::Pallet::<Runtime>::free_balance(
					Sr25519Keyring::Bob.to_account_id()
				),
				ENDOWMENT
			);
		});
	}
}

#[test]
fn unknown_preset_is_refused() {
	assert!(genesis_config_presets::get_preset(&"mainnet".into()).is_none());
}

#[test]
fn block_weights_are_sane() {
	let weights = RuntimeBlockWeights::get();
	weights.clone().validate().expect("block weights are self-consistent");
	// A third of the two-second slot is compute; the rest is propagation and import.
	assert_eq!(weights.max_block.ref_time(), 2_000 * 1_000_000_000 / 3);

	let normal = weights.get(DispatchClass::Normal);
	let normal_total = normal.max_total.expect("normal class is capped");
	assert_eq!(normal_total.ref_time(), NORMAL_DISPATCH_RATIO * weights.max_block.ref_time());
	// The base costs of a block and of an extrinsic are this chain's measured ones.
	assert_eq!(weights.base_block, BlockExecutionWeight::get());
	for class in [DispatchClass::Normal, DispatchClass::Operational, DispatchClass::Mandatory] {
		assert_eq!(weights.get(class).base_extrinsic, ExtrinsicBaseWeight::get());
	}

	// A transfer fits in a block hundreds of times over.
	let transfer =
		missive_runtime_common::weights::pallet_balances::WeightInfo::<Runtime>::transfer_keep_alive()
			.saturating_add(normal.base_extrinsic);
	let max_extrinsic = normal.max_extrinsic.expect("normal extrinsics are capped");
	assert!(transfer.all_lt(max_extrinsic));
	assert!(transfer.ref_time().saturating_mul(500) < normal_total.ref_time());

	// Operational extrinsics keep room when normal ones fill their share.
	let operational = weights.get(DispatchClass::Operational);
	assert!(operational.max_total.expect("capped").all_gt(normal_total));
	assert!(operational.reserved.unwrap_or(Weight::zero()).all_gt(Weight::zero()));
}

#[test]
fn block_length_is_sane() {
	let length = RuntimeBlockLength::get();
	let normal = *length.max.get(DispatchClass::Normal);
	let operational = *length.max.get(DispatchClass::Operational);
	assert_eq!(operational, 5 * 1024 * 1024);
	assert_eq!(normal, NORMAL_DISPATCH_RATIO * (5 * 1024 * 1024));
}

#[test]
fn every_storage_item_is_bounded() {
	// frame-system's per-block scratch items (cleared every block) and its record of
	// the last upgrade are unbounded upstream; everything else, ours included, must
	// have a max size.
	const UNBOUNDED_SYSTEM_ITEMS: [&str; 5] =
		["ExtrinsicData", "Digest", "Events", "EventTopics", "LastRuntimeUpgrade"];
	let mut checked = 0;
	for info in AllPalletsWithSystem::storage_info() {
		let pallet = String::from_utf8_lossy(&info.pallet_name).into_owned();
		let item = String::from_utf8_lossy(&info.storage_name).into_owned();
		if pallet == "System" && UNBOUNDED_SYSTEM_ITEMS.contains(&item.as_str()) {
			continue;
		}
		assert!(info.max_size.is_some(), "{pallet}::{item} is unbounded");
		checked += 1;
	}
	assert!(checked > 10, "storage info lists the runtime's items");
}

#[test]
fn version_and_chain_constants() {
	assert_eq!(VERSION.spec_name, "missive");
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), crate::SS58_PREFIX);
	assert_eq!(<Runtime as pallet_aura::Config>::SlotDuration::get(), crate::SLOT_DURATION);
	assert_eq!(crate::SLOT_DURATION, 2_000);
	// Lifetimes are wall-clock spans, whatever the block time.
	let hour = crate::BLOCK_TIME.hours(1);
	assert_eq!(hour, 1_800);
	assert_eq!(crate::configs::MaxCallValidity::get(), hour);
	assert_eq!(crate::configs::DefaultPolicyParameters::get().window, hour);
	assert_eq!(crate::configs::DefaultPolicyParameters::get().default_retention, 14 * 24 * hour);
	// All store allowances together fit in every node's statement store, with room to
	// spare for what it has not swept yet.
	use missive_primitives::policy::{STORE_CAPACITY, STORE_GRANTABLE};
	assert_eq!(<Runtime as pallet_policy::Config>::MaxStoreGranted::get(), STORE_GRANTABLE);
	const {
		assert!(STORE_GRANTABLE.statements * 10 <= STORE_CAPACITY.statements * 9);
		assert!(STORE_GRANTABLE.bytes * 10 <= STORE_CAPACITY.bytes * 9);
	}
}

#[test]
fn client_storage_keys_match_the_runtime() {
	use missive_primitives::{
		consent::ConsentScope,
		did::{DidId, KeyId},
		storage_keys,
	};
	let (a, b) = (DidId([1; 32]), DidId([2; 32]));
	let scope = ConsentScope::Conversation(sp_core::H256::repeat_byte(3));
	let key_id: KeyId = sp_core::H256::repeat_byte(4);
	assert_eq!(storage_keys::did_record(&a), pallet_did::Dids::<Runtime>::hashed_key_for(a));
	assert_eq!(
		storage_keys::did_key(&a, &key_id),
		pallet_did::DidKeys::<Runtime>::hashed_key_for(a, key_id)
	);
	assert_eq!(
		storage_keys::did_tombstone(&a),
		pallet_did::Tombstones::<Runtime>::hashed_key_for(a)
	);
	assert_eq!(
		storage_keys::consent_grant(&a, &b, &scope),
		pallet_consent::Grants::<Runtime>::hashed_key_for((a, b, scope))
	);
	assert_eq!(
		storage_keys::consent_contact(&a, &b),
		pallet_consent::Contacts::<Runtime>::hashed_key_for(a, b)
	);
	assert_eq!(
		storage_keys::timestamp_now(),
		pallet_timestamp::Now::<Runtime>::hashed_key().to_vec()
	);
	let envelope_id = sp_core::H256::repeat_byte(5);
	let batch = missive_primitives::envelope::batch_id(&a, &sp_core::H256::repeat_byte(6));
	assert_eq!(
		storage_keys::envelope_commitment(&envelope_id),
		pallet_envelope::Commitments::<Runtime>::hashed_key_for(envelope_id)
	);
	assert_eq!(
		storage_keys::envelope_batch(&batch),
		pallet_envelope::Batches::<Runtime>::hashed_key_for(batch)
	);
}

/// A sealed commitment names no DID: a DID cannot authorize one (its `DidCallDispatched`
/// event would tie the DID to the root), while every other envelope call needs the
/// DID's assertion key.
#[test]
fn sealed_commitments_are_not_did_callable() {
	use missive_primitives::did::KeyRelationship;
	use pallet_did::DidCallRole;
	let root = sp_core::H256::repeat_byte(1);
	let sealed =
		crate::RuntimeCall::Envelope(pallet_envelope::Call::commit_sealed { root, leaves: 1 });
	assert_eq!(sealed.did_call_role(), None);
	let batch = crate::RuntimeCall::Envelope(pallet_envelope::Call::commit_batch {
		root,
		leaves: 1,
		locator: Default::default(),
	});
	assert_eq!(batch.did_call_role(), Some(KeyRelationship::AssertionMethod));
}

#[test]
fn default_policy_parameters_validate() {
	use crate::configs::DefaultPolicyParameters;
	assert_eq!(DefaultPolicyParameters::get().validate(), Ok(()));
}

/// The client's typed API is generated from `client/metadata/missive.scale`: it must be
/// this runtime's metadata (V16, the newest this runtime serves), or the client would
/// encode calls the chain refuses. `MISSIVE_WRITE_METADATA=1` rewrites the file.
#[test]
fn client_metadata_is_this_runtimes() {
	let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
		.join("../../client/metadata/missive.scale");
	// Building metadata reads the constants, some from storage.
	let metadata = sp_io::TestExternalities::default().execute_with(|| {
		Runtime::metadata_at_version(16).expect("the runtime serves metadata V16")
	});
	if std::env::var_os("MISSIVE_WRITE_METADATA").is_some() {
		std::fs::write(&path, &*metadata).expect("write the client's metadata file");
	}
	let committed = std::fs::read(&path).unwrap_or_default();
	assert!(
		committed == *metadata,
		"{} is not this runtime's metadata; regenerate it with \
		 `MISSIVE_WRITE_METADATA=1 cargo test --workspace client_metadata_is_this_runtimes`",
		path.display()
	);
}

/// Every weight the runtimes charge was measured by an optimized node
/// (`scripts/benchmark.sh`): a debug build runs host functions several times slower,
/// so its figures would overprice those calls next to every other.
#[test]
fn every_weights_file_comes_from_an_optimized_build() {
	let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
	let rust_files_in = |dir: PathBuf| -> Vec<PathBuf> {
		std::fs::read_dir(&dir)
			.unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
			.map(|entry| entry.expect("a directory entry").path())
			.filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
			.filter(|path| !path.ends_with("mod.rs"))
			.collect()
	};
	let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("pallets"))
		.expect("the pallets")
		.map(|entry| entry.expect("a pallet").path().join("src/weights.rs"))
		.collect();
	files.extend(rust_files_in(root.join("runtimes/common/src/weights")));
	files.extend(rust_files_in(root.join("runtimes/solochain/src/weights")));
	// Missive's four pallets, seven upstream ones, and the block and extrinsic overhead.
	assert!(files.len() >= 13, "weights files found: {files:?}");

	for file in files {
		let text =
			std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
		let binary = text
			.lines()
			.filter_map(|line| line.split_whitespace().next_back())
			.find(|word| word.ends_with("/missive-node"))
			.unwrap_or_else(|| panic!("{} names no missive-node command", file.display()));
		let profile = Path::new(binary).parent().and_then(Path::file_name);
		assert!(
			profile.is_some_and(|p| p == "release" || p == "production"),
			"{} was generated by {binary}, not an optimized build",
			file.display()
		);
	}
}

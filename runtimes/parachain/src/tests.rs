//! Checks of the parachain runtime: its presets built by its own wasm (as
//! polkadot-omni-node builds them), its pallets against the solochain's, and its XCM
//! configuration against messages it must refuse and the one kind it accepts.

use codec::{Decode, Encode};
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use frame_support::{assert_noop, traits::fungible::Mutate, weights::Weight};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;
use xcm::{latest::prelude::*, VersionedAssets, VersionedLocation, VersionedXcm};
use xcm_executor::{traits::ConvertLocation, XcmExecutor};

use crate::{
	configs::{
		collation::CANDIDACY_BOND,
		xcm::{LocationToAccountId, XcmConfig},
	},
	genesis_config_presets::{self, DEFAULT_PARA_ID},
	Balances, ParachainInfo, PolkadotXcm, Runtime, RuntimeCall, RuntimeOrigin, UNIT, WASM_BINARY,
};
use missive_runtime_common::parameters::DEV_ENDOWMENT;

/// The `development` preset's genesis, built once for the tests that start from it.
fn development() -> sp_io::TestExternalities {
	static GENESIS: std::sync::OnceLock<sp_runtime::Storage> = std::sync::OnceLock::new();
	let storage = GENESIS.get_or_init(|| genesis_of_preset("development"));
	sp_io::TestExternalities::new(storage.clone())
}

fn storage_of_preset(name: &str) -> sp_io::TestExternalities {
	sp_io::TestExternalities::new(genesis_of_preset(name))
}

/// The genesis storage of a named preset, built by the wasm runtime's
/// `GenesisBuilder` exactly as a node builds a chain spec's.
fn genesis_of_preset(name: &str) -> sp_runtime::Storage {
	let wasm = WASM_BINARY.expect("the wasm runtime is built (unset SKIP_WASM_BUILD)");
	let spec = sc_chain_spec::GenericChainSpec::<sc_chain_spec::NoExtension>::builder(wasm, None)
		.with_name("Missive parachain test")
		.with_id("missive_parachain_test")
		.with_genesis_config_preset_name(name)
		.build();
	spec.build_storage().unwrap_or_else(|e| panic!("preset {name} builds: {e}"))
}

#[test]
fn presets_build_with_their_collators_and_para_id() {
	assert_eq!(
		genesis_config_presets::preset_names(),
		vec!["development".to_string(), "local_testnet".to_string()]
	);

	for (name, collators, para_id) in [
		("development", 1usize, DEFAULT_PARA_ID),
		("local_testnet", 2, DEFAULT_PARA_ID),
		("development-2042", 1, 2042),
		("local_testnet-3344", 2, 3344),
	] {
		storage_of_preset(name).execute_with(|| {
			assert_eq!(u32::from(ParachainInfo::parachain_id()), para_id, "{name}");
			let invulnerables = pallet_collator_selection::Invulnerables::<Runtime>::get();
			assert_eq!(invulnerables.len(), collators, "{name}");
			assert!(invulnerables.contains(&Sr25519Keyring::Alice.to_account_id()));
			assert_eq!(pallet_collator_selection::CandidacyBond::<Runtime>::get(), CANDIDACY_BOND);
			// Aura's authorities are the collators' session keys.
			let authorities = pallet_aura::Authorities::<Runtime>::get();
			assert_eq!(authorities.len(), collators, "{name}");
			assert!(authorities.contains(&Sr25519Keyring::Alice.public().into()));
			assert_eq!(pallet_session::Validators::<Runtime>::get().len(), collators);
			assert_eq!(
				pallet_sudo::Key::<Runtime>::get(),
				Some(Sr25519Keyring::Alice.to_account_id())
			);
			assert_eq!(
				pallet_balances::Pallet::<Runtime>::free_balance(
					Sr25519Keyring::Bob.to_account_id()
				),
				DEV_ENDOWMENT
			);
			let safe_xcm_version = frame_support::storage::unhashed::get::<u32>(
				&frame_support::storage::storage_prefix(b"PolkadotXcm", b"SafeXcmVersion"),
			);
			assert_eq!(safe_xcm_version, Some(xcm::prelude::XCM_VERSION));
		});
	}
}

#[test]
fn unknown_and_malformed_presets_are_refused() {
	for name in ["mainnet", "mainnet-2000", "development-", "development-x", "local_testnet-1-2"] {
		assert!(genesis_config_presets::get_preset(&name.into()).is_none(), "{name}");
	}
}

/// Constants that count blocks (and `DefaultParameters`' window and retentions): the
/// runtimes' block times differ, so these are compared as the wall-clock spans they
/// stand for.
const BLOCK_SPANS: [&str; 4] =
	["MaxCallValidity", "MinRecoveryDelay", "RecoveryApprovalPeriod", "RequestLifetime"];

/// Name, index, calls, storage items, events, errors and constants (with their
/// values; block counts as milliseconds at `block_time`) of each pallet, from a
/// runtime's metadata.
fn pallets_of(
	metadata: sp_core::OpaqueMetadata,
	block_time: missive_primitives::time::BlockTime,
) -> Vec<(String, u8, Vec<String>)> {
	let prefixed = RuntimeMetadataPrefixed::decode(&mut &metadata[..]).expect("metadata decodes");
	let RuntimeMetadata::V15(metadata) = prefixed.1 else { panic!("V15 metadata") };
	let variants = |ty: Option<u32>| -> Vec<String> {
		let Some(ty) = ty else { return vec![] };
		match &metadata.types.resolve(ty).expect("type in the registry").type_def {
			scale_info::TypeDef::Variant(v) => v.variants.iter().map(|v| v.name.clone()).collect(),
			_ => vec![],
		}
	};
	metadata
		.pallets
		.iter()
		.map(|pallet| {
			let mut items = Vec::new();
			items.extend(
				variants(pallet.calls.as_ref().map(|c| c.ty.id))
					.into_iter()
					.map(|c| format!("call {c}")),
			);
			items.extend(
				variants(pallet.event.as_ref().map(|e| e.ty.id))
					.into_iter()
					.map(|e| format!("event {e}")),
			);
			items.extend(
				variants(pallet.error.as_ref().map(|e| e.ty.id))
					.into_iter()
					.map(|e| format!("error {e}")),
			);
			if let Some(storage) = &pallet.storage {
				items.extend(storage.entries.iter().map(|s| format!("storage {}", s.name)));
			}
			items.extend(pallet.constants.iter().map(|c| {
				if BLOCK_SPANS.contains(&c.name.as_str()) {
					let blocks = u32::decode(&mut &c.value[..]).expect("a block count");
					format!("constant {} = {} ms", c.name, block_time.millis_of(blocks))
				} else if c.name == "DefaultParameters" {
					let parameters = missive_primitives::policy::PolicyParameters::<u32>::decode(
						&mut &c.value[..],
					)
					.expect("policy parameters");
					let spans = missive_primitives::policy::PolicyParameters::<u64> {
						window: block_time.millis_of(parameters.window),
						default_retention: block_time.millis_of(parameters.default_retention),
						max_retention: block_time.millis_of(parameters.max_retention),
						default_mode: parameters.default_mode,
						max_per_sender: parameters.max_per_sender,
						max_per_pair: parameters.max_per_pair,
						max_recipients: parameters.max_recipients,
						max_payload_size: parameters.max_payload_size,
						max_store_count: parameters.max_store_count,
						max_store_size: parameters.max_store_size,
					};
					format!("constant {} = {spans:?} (spans in ms)", c.name)
				} else {
					format!("constant {} = {:?}", c.name, c.value)
				}
			}));
			(pallet.name.clone(), pallet.index, items)
		})
		.collect()
}

#[test]
fn shared_pallets_are_the_solochains() {
	// Building metadata reads the runtimes' constants, some from storage.
	let (solochain, parachain) = sp_io::TestExternalities::default().execute_with(|| {
		(
			pallets_of(
				missive_runtime::Runtime::metadata_at_version(15)
					.expect("the solochain serves V15"),
				missive_runtime::BLOCK_TIME,
			),
			pallets_of(
				Runtime::metadata_at_version(15).expect("the parachain serves V15"),
				crate::BLOCK_TIME,
			),
		)
	});

	let shared = [
		"System",
		"Timestamp",
		"Aura",
		"Balances",
		"TransactionPayment",
		"Sudo",
		"Utility",
		"Did",
		"Consent",
		"Policy",
		"Envelope",
	];
	for name in shared {
		let solo = solochain.iter().find(|p| p.0 == name).expect("in the solochain");
		let para = parachain.iter().find(|p| p.0 == name).expect("in the parachain");
		assert_eq!(solo.1, para.1, "{name}'s index");
		if [
			"Did",
			"Consent",
			"Policy",
			"Envelope",
			"Balances",
			"TransactionPayment",
			"Sudo",
			"Utility",
		]
		.contains(&name)
		{
			assert_eq!(solo.2, para.2, "{name}'s calls, events, errors, storage and constants");
		}
	}
	// The solochain's only other pallet is its finality gadget.
	let solo_only: Vec<_> =
		solochain.iter().map(|p| p.0.as_str()).filter(|n| !shared.contains(n)).collect();
	assert_eq!(solo_only, ["Grandpa"]);
	// No two pallets share an index.
	let mut indices: Vec<_> = parachain.iter().map(|p| p.1).collect();
	indices.sort();
	indices.dedup();
	assert_eq!(indices.len(), parachain.len());
	// The spans are counted in each runtime's own blocks: an hour of call validity is
	// 1,800 two-second blocks and 600 six-second ones.
	assert_ne!(missive_runtime::BLOCK_TIME, crate::BLOCK_TIME);
	let did = parachain.iter().find(|p| p.0 == "Did").expect("Did");
	assert!(did.2.contains(&"constant MaxCallValidity = 3600000 ms".to_owned()), "{:?}", did.2);
}

const SIBLING: u32 = 3000;

fn alice() -> sp_runtime::AccountId32 {
	Sr25519Keyring::Alice.to_account_id()
}

fn deposit_to_alice() -> Instruction<RuntimeCall> {
	DepositAsset {
		assets: AllCounted(1).into(),
		beneficiary: AccountId32 { network: None, id: alice().into() }.into(),
	}
}

/// Runs `message` from `origin` with a generous weight limit, as the message queue
/// would.
fn execute(origin: Location, message: Vec<Instruction<RuntimeCall>>) -> Outcome {
	let message = Xcm(message);
	let mut id = message.using_encoded(sp_io::hashing::blake2_256);
	XcmExecutor::<XcmConfig>::prepare_and_execute(
		origin,
		message,
		&mut id,
		Weight::from_parts(100_000_000_000, 1024 * 1024),
		Weight::zero(),
	)
}

fn failed_with(outcome: Outcome) -> XcmError {
	match outcome {
		Outcome::Complete { .. } => panic!("the message was executed"),
		Outcome::Incomplete { error, .. } | Outcome::Error(error) => error.error,
	}
}

#[test]
fn xcm_refuses_teleports_foreign_reserves_and_strangers() {
	development().execute_with(|| {
		let before = Balances::free_balance(alice());
		let msv = |amount| -> Asset { (Here, amount).into() };

		// No location may teleport MSV in, not even the relay chain.
		for origin in [Location::parent(), Location::new(1, [Parachain(SIBLING)])] {
			let outcome = execute(
				origin,
				vec![
					ReceiveTeleportedAsset(msv(100 * UNIT).into()),
					BuyExecution { fees: msv(UNIT), weight_limit: Unlimited },
					deposit_to_alice(),
				],
			);
			assert_eq!(failed_with(outcome), XcmError::UntrustedTeleportLocation);
		}

		// No chain is trusted as a reserve of anything: the relay chain's token is not
		// minted here.
		let outcome = execute(
			Location::parent(),
			vec![
				ReserveAssetDeposited((Parent, 100 * UNIT).into()),
				BuyExecution { fees: (Parent, UNIT).into(), weight_limit: Unlimited },
				deposit_to_alice(),
			],
		);
		assert_eq!(failed_with(outcome), XcmError::UntrustedReserveLocation);

		// Only the relay chain and siblings are heard at all.
		for stranger in [
			Location::new(2, [GlobalConsensus(NetworkId::Kusama)]),
			Location::new(0, [AccountId32 { network: None, id: [7; 32] }]),
		] {
			let outcome = execute(
				stranger,
				vec![
					WithdrawAsset(msv(UNIT).into()),
					BuyExecution { fees: msv(UNIT), weight_limit: Unlimited },
					deposit_to_alice(),
				],
			);
			assert_eq!(failed_with(outcome), XcmError::Barrier);
		}

		// Unpaid execution is the relay chain's alone.
		let outcome = execute(
			Location::new(1, [Parachain(SIBLING)]),
			vec![UnpaidExecution { weight_limit: Unlimited, check_origin: None }, ClearOrigin],
		);
		assert_eq!(failed_with(outcome), XcmError::Barrier);

		assert_eq!(Balances::free_balance(alice()), before, "nothing was minted or moved");
	});
}

#[test]
fn a_sibling_pays_from_its_sovereign_account() {
	development().execute_with(|| {
		let sibling = Location::new(1, [Parachain(SIBLING)]);
		let sovereign =
			LocationToAccountId::convert_location(&sibling).expect("siblings have an account");
		Balances::mint_into(&sovereign, 10 * UNIT).expect("funds the sovereign account");
		let before = Balances::free_balance(alice());

		let outcome = execute(
			sibling,
			vec![
				WithdrawAsset((Here, 5 * UNIT).into()),
				BuyExecution { fees: (Here, UNIT).into(), weight_limit: Unlimited },
				deposit_to_alice(),
			],
		);
		assert!(matches!(outcome, Outcome::Complete { .. }), "{outcome:?}");

		assert_eq!(Balances::free_balance(sovereign), 5 * UNIT);
		let received = Balances::free_balance(alice()) - before;
		// All of it, less the execution fee.
		assert!(received > 4 * UNIT && received < 5 * UNIT, "{received}");
	});
}

#[test]
fn pallet_xcm_moves_no_assets_and_sends_for_root_only() {
	// Not even root may teleport or reserve-transfer.
	development().execute_with(|| {
		let to_relay: Box<VersionedLocation> = Box::new(Location::parent().into());
		let assets: Box<VersionedAssets> = Box::new(Assets::from(Asset::from((Here, UNIT))).into());
		let beneficiary: Box<VersionedLocation> =
			Box::new(Location::new(0, [AccountId32 { network: None, id: [1; 32] }]).into());

		assert_noop!(
			PolkadotXcm::limited_teleport_assets(
				RuntimeOrigin::root(),
				to_relay.clone(),
				beneficiary.clone(),
				assets.clone(),
				0,
				Unlimited,
			),
			pallet_xcm::Error::<Runtime>::Filtered
		);
		assert_noop!(
			PolkadotXcm::limited_reserve_transfer_assets(
				RuntimeOrigin::root(),
				to_relay.clone(),
				beneficiary,
				assets,
				0,
				Unlimited,
			),
			pallet_xcm::Error::<Runtime>::Filtered
		);
		let message = Box::new(VersionedXcm::<()>::from(Xcm::<()>(vec![ClearOrigin])));
		assert_noop!(
			PolkadotXcm::send(RuntimeOrigin::signed(alice()), to_relay, message),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

//! Genesis presets: the starting states the node can build a chain spec from.
//!
//! - `development`: Alice alone authors and finalizes; for `--dev`.
//! - `local_testnet`: Alice and Bob as validators; for a two-node network on one machine.
//! - `local_testnet_4`: Alice, Bob, Charlie and Dave as validators: GRANDPA (> 2/3 of the
//!   votes) keeps finalizing with one of them down, and stops with two down.
//!
//! In all, the well-known dev accounts are endowed and Alice is sudo.

use alloc::{vec, vec::Vec};
use core::str::FromStr;
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, AuraConfig, BalancesConfig, GrandpaConfig, RuntimeGenesisConfig, SudoConfig,
};

/// What each endowed dev account starts with.
pub use missive_runtime_common::parameters::DEV_ENDOWMENT as ENDOWMENT;

/// A validator's consensus keys.
pub struct Authority {
	pub aura: AuraId,
	pub grandpa: GrandpaId,
}

impl Authority {
	/// The dev keys of a well-known keyring account (`//Alice`, `//Bob`, …): sr25519
	/// for Aura, ed25519 for GRANDPA, both derived from the same dev seed.
	pub fn from_keyring(who: Sr25519Keyring) -> Self {
		let name: &'static str = who.into();
		let finality_key = Ed25519Keyring::from_str(name)
			.expect("every sr25519 dev account has an ed25519 twin of the same name; qed");
		Self { aura: who.public().into(), grandpa: finality_key.public().into() }
	}
}

/// The genesis state for the given validators, endowed accounts and root key.
pub fn testnet_genesis(
	authorities: Vec<Authority>,
	endowed_accounts: Vec<AccountId>,
	root: AccountId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.into_iter().map(|who| (who, ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: AuraConfig {
			authorities: authorities.iter().map(|a| a.aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: GrandpaConfig {
			authorities: authorities.iter().map(|a| (a.grandpa.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
	})
}

fn development() -> Value {
	testnet_genesis(
		vec![Authority::from_keyring(Sr25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

fn local_testnet() -> Value {
	testnet_genesis(
		vec![
			Authority::from_keyring(Sr25519Keyring::Alice),
			Authority::from_keyring(Sr25519Keyring::Bob),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// Name of the four-validator preset.
pub const LOCAL_TESTNET_4_PRESET: &str = "local_testnet_4";

fn local_testnet_4() -> Value {
	testnet_genesis(
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
			.into_iter()
			.map(Authority::from_keyring)
			.collect(),
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The JSON patch of the named preset, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		LOCAL_TESTNET_4_PRESET => local_testnet_4(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to a string cannot fail; qed")
			.into_bytes(),
	)
}

/// Names of every preset.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_4_PRESET),
	]
}

//! Genesis presets: the starting states a chain spec is built from
//! (`chain-spec-builder create … named-preset <name>`).
//!
//! - `development`: Alice alone collates; for `polkadot-omni-node --dev`.
//! - `local_testnet`: Alice and Bob collate; for a local relay chain (zombienet).
//!
//! Both run as para [`DEFAULT_PARA_ID`]. Another para id is asked for by suffixing it
//! to the name: `development-2042`, `local_testnet-3344` (the para id a relay chain
//! registered for this chain). In all presets the well-known dev accounts are endowed
//! and Alice is sudo.

use alloc::{vec, vec::Vec};
use cumulus_primitives_core::ParaId;
use frame_support::build_struct_json_patch;
use missive_runtime_common::parameters::DEV_ENDOWMENT;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

use crate::{
	configs::collation::CANDIDACY_BOND, AccountId, BalancesConfig, CollatorSelectionConfig,
	ParachainInfoConfig, PolkadotXcmConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys,
	SudoConfig,
};

/// The para id of the presets named without one: the first id a relay chain hands
/// out to a parachain that is not a system chain.
pub const DEFAULT_PARA_ID: u32 = 2000;

/// The genesis state for the given collators (account and Aura key), endowed
/// accounts, root key and para id.
pub fn testnet_genesis(
	collators: Vec<(AccountId, AuraId)>,
	endowed_accounts: Vec<AccountId>,
	root: AccountId,
	para_id: ParaId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts
				.into_iter()
				.map(|who| (who, DEV_ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		parachain_info: ParachainInfoConfig { parachain_id: para_id },
		collator_selection: CollatorSelectionConfig {
			invulnerables: collators.iter().map(|(account, _)| account.clone()).collect::<Vec<_>>(),
			candidacy_bond: CANDIDACY_BOND,
		},
		// Aura's authorities come from the session's keys.
		session: SessionConfig {
			keys: collators
				.into_iter()
				.map(|(account, aura)| (account.clone(), account, SessionKeys { aura }))
				.collect::<Vec<_>>(),
		},
		polkadot_xcm: PolkadotXcmConfig { safe_xcm_version: Some(xcm::prelude::XCM_VERSION) },
		sudo: SudoConfig { key: Some(root) },
	})
}

/// A well-known dev account as a collator.
fn collator(who: Sr25519Keyring) -> (AccountId, AuraId) {
	(who.to_account_id(), who.public().into())
}

fn development(para_id: ParaId) -> Value {
	testnet_genesis(
		vec![collator(Sr25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		para_id,
	)
}

fn local_testnet(para_id: ParaId) -> Value {
	testnet_genesis(
		vec![collator(Sr25519Keyring::Alice), collator(Sr25519Keyring::Bob)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		para_id,
	)
}

/// Splits `development-2042` into the preset and its para id; a name without a
/// suffix is the preset at [`DEFAULT_PARA_ID`].
fn preset_and_para_id(id: &str) -> Option<(&str, ParaId)> {
	match id.rsplit_once('-') {
		Some((preset, para_id)) => Some((preset, ParaId::from(para_id.parse::<u32>().ok()?))),
		None => Some((id, ParaId::from(DEFAULT_PARA_ID))),
	}
}

/// The JSON patch of the named preset, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let (preset, para_id) = preset_and_para_id(id.as_ref())?;
	let patch = match preset {
		DEV_RUNTIME_PRESET => development(para_id),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(para_id),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to a string cannot fail; qed")
			.into_bytes(),
	)
}

/// Names of every preset (each also takes a `-<para id>` suffix).
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}

//! Chain specifications built from the runtime's genesis presets.

use missive_primitives::{currency, SS58_PREFIX};
use missive_runtime::WASM_BINARY;
use sc_service::{ChainType, Properties};

/// Chain spec of a Missive chain; no client extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and SS58 prefix, so wallets render balances and addresses.
pub fn chain_properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), currency::TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), currency::TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm binary is missing: build without SKIP_WASM_BUILD.".to_string()
	})?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("missive")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(chain_properties())
		.build())
}

/// `--dev`: Alice alone authors and finalizes.
pub fn development_config() -> Result<ChainSpec, String> {
	from_preset(
		"Missive Development",
		"missive_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: Alice and Bob as validators.
pub fn local_testnet_config() -> Result<ChainSpec, String> {
	from_preset(
		"Missive Local Testnet",
		"missive_local_testnet",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `--chain local4`: Alice, Bob, Charlie and Dave as validators.
pub fn local_testnet_4_config() -> Result<ChainSpec, String> {
	from_preset(
		"Missive Local Testnet (4 validators)",
		"missive_local_testnet_4",
		ChainType::Local,
		missive_runtime::genesis_config_presets::LOCAL_TESTNET_4_PRESET,
	)
}

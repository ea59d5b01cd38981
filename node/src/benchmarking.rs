//! `missive-node benchmark …`: pallet weights, storage, block and extrinsic
//! overhead, and the machine. Built only with the `runtime-benchmarks` feature.

use std::sync::Arc;

use frame_benchmarking_cli::{BenchmarkCmd, ExtrinsicBuilder, ExtrinsicFactory};
use missive_runtime::{opaque::Block, AccountId, Balance, RuntimeCall, EXISTENTIAL_DEPOSIT};
use sc_cli::SubstrateCli;
use sc_client_api::UsageProvider;
use sc_service::PartialComponents;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::HashingFor, OpaqueExtrinsic};

use crate::{
	cli::Cli,
	extrinsic::{sign, SigningContext},
	service::{self, FullClient},
};

/// Runs one benchmark subcommand.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => {
			cmd.run_with_spec::<HashingFor<Block>, ()>(Some(config.chain_spec))
		},
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		},
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_trie_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_trie_cache)
		},
		BenchmarkCmd::Overhead(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let remark = RemarkBuilder { client: client.clone() };
			cmd.run(
				config.chain_spec.name().into(),
				client,
				inherent_benchmark_data()?,
				Vec::new(),
				&remark,
				false,
			)
		},
		BenchmarkCmd::Extrinsic(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let factory = ExtrinsicFactory(vec![
				Box::new(RemarkBuilder { client: client.clone() }),
				Box::new(TransferKeepAliveBuilder {
					client: client.clone(),
					dest: Sr25519Keyring::Bob.to_account_id(),
					value: EXISTENTIAL_DEPOSIT,
				}),
			]);
			cmd.run(client, inherent_benchmark_data()?, Vec::new(), &factory)
		},
		BenchmarkCmd::Machine(cmd) => {
			cmd.run(&config, frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE.clone())
		},
	})
}

/// Signs a call from Alice against the client's genesis and best block.
fn signed_by_alice(client: &FullClient, call: RuntimeCall, nonce: u32) -> OpaqueExtrinsic {
	let info = client.usage_info().chain;
	let version = client
		.runtime_version_at(info.best_hash, sp_core::traits::CallContext::Offchain)
		.expect("the best block's runtime");
	let context = SigningContext {
		genesis_hash: info.genesis_hash,
		checkpoint: (info.best_number, info.best_hash),
		spec_version: version.spec_version,
		transaction_version: version.transaction_version,
	};
	let extrinsic = sign(call, &Sr25519Keyring::Alice.pair(), nonce, context);
	// The encoding carries its length prefix, which `from_blob` would add a second time.
	OpaqueExtrinsic::try_from_encoded_extrinsic(&codec::Encode::encode(&extrinsic))
		.expect("an encoded extrinsic decodes as an opaque one")
}

/// `system.remark` with an empty remark: the cheapest signed extrinsic.
struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let call = frame_system::Call::remark { remark: vec![] }.into();
		Ok(signed_by_alice(&self.client, call, nonce))
	}
}

/// `balances.transfer_keep_alive` from Alice.
struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
}

impl ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let call = pallet_balances::Call::transfer_keep_alive {
			dest: self.dest.clone().into(),
			value: self.value,
		}
		.into();
		Ok(signed_by_alice(&self.client, call, nonce))
	}
}

/// Inherent data a benchmarked block needs: a timestamp.
fn inherent_benchmark_data() -> sc_cli::Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(sp_timestamp::Timestamp::new(0));
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating inherent data: {e:?}"))?;
	Ok(inherent_data)
}

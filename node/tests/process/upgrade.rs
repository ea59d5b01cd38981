//! A runtime upgrade on a live network of four validators: `sudo(system.set_code)`
//! with the runtime built one `spec_version` later (`scripts/upgrade-wasm.sh`, feature
//! `upgrade-test`, with `try-runtime`). The chain goes on under the new version, every
//! validator agrees on every block, state from before is there, transactions signed
//! for the new version land, and the new runtime's migrations and every pallet's
//! `try_state` hold on the live state.

use std::time::Instant;

use codec::{Compact, Decode, Encode};
use jsonrpsee::rpc_params;
use missive_runtime::{Hash, Header, Runtime, RuntimeCall, RuntimeEvent, UNIT, VERSION};
use serde_json::Value;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{BlakeTwo256, Hash as _},
	DigestItem, Weight,
};

use crate::{
	common::{create_did, encode_hex, Rpc},
	network::{blocks_go_on, Network, Validator},
};

/// `frame_try_runtime::UpgradeCheckSelect::All` and `TryStateSelect::All`, encoded:
/// pre- and post-upgrade checks, a decode of the entire state, and every pallet's
/// `try_state`. (Their crate's types exist only with `try-runtime`, which the node's
/// native runtime is not built with.)
const UPGRADE_CHECKS_ALL: u8 = 1;
const TRY_STATE_ALL: u8 = 1;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the upgraded runtime's wasm in MISSIVE_UPGRADE_WASM \
            (scripts/upgrade-wasm.sh); scripts/test.sh runs it"]
async fn runtime_upgrade_on_a_live_network() {
	let wasm = std::env::var("MISSIVE_UPGRADE_WASM")
		.expect("MISSIVE_UPGRADE_WASM names the wasm scripts/upgrade-wasm.sh built");
	let code = std::fs::read(&wasm).unwrap_or_else(|e| panic!("read {wasm}: {e}"));
	let logs = tempfile::tempdir().unwrap();
	let network = Network::start(logs.path(), "local4").await;
	let alice_validator = &network.validators[0];
	let alice = alice_validator.rpc();
	let sudo_key = Sr25519Keyring::Alice.pair();

	// State from before the upgrade, to be found after it.
	let did_key = sr25519::Pair::from_seed(&[41; 32]);
	let did = create_did(alice, &did_key, None).await;
	let best = alice.block_hash(alice.best_number().await).await.unwrap();
	assert_eq!(alice.runtime_version(best).await.spec_version, VERSION.spec_version);

	let code_hash = BlakeTwo256::hash(&code);
	let set_code = RuntimeCall::Sudo(pallet_sudo::Call::sudo {
		call: Box::new(RuntimeCall::System(frame_system::Call::set_code { code })),
	});
	let submitted = Instant::now();
	let upgraded_at = alice.submit_and_finalize(set_code, &sudo_key).await;
	let upgraded = alice.block_hash(upgraded_at).await.unwrap();
	let before = alice.block_hash(upgraded_at - 1).await.unwrap();

	// The block with `set_code` ran the old runtime and stored the new one.
	assert_eq!(alice.runtime_version(before).await.spec_version, VERSION.spec_version);
	assert_eq!(alice.runtime_version(upgraded).await.spec_version, VERSION.spec_version + 1);
	let events = alice
		.storage::<Vec<frame_system::EventRecord<RuntimeEvent, Hash>>>(
			&[sp_crypto_hashing::twox_128(b"System"), sp_crypto_hashing::twox_128(b"Events")]
				.concat(),
			upgraded,
		)
		.await
		.expect("the upgrade block has events");
	let events: Vec<_> = events.into_iter().map(|record| record.event).collect();
	assert!(
		events.contains(&RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Ok(()) })),
		"sudo dispatched set_code: {events:?}"
	);
	assert!(
		events
			.contains(&RuntimeEvent::System(frame_system::Event::CodeUpdated { hash: code_hash })),
		"the code was updated to the wasm submitted: {events:?}"
	);

	// Every validator goes on under the new version: new blocks, finalized.
	let target = upgraded_at + 3;
	for validator in &network.validators {
		let rpc = validator.rpc();
		let finalized = rpc.wait_finalized(target).await;
		let head = rpc.block_hash(finalized).await.unwrap();
		assert_eq!(
			rpc.runtime_version(head).await.spec_version,
			VERSION.spec_version + 1,
			"{} runs the new runtime",
			validator.name
		);
	}
	eprintln!(
		"upgrade: set_code included at #{upgraded_at}; all four validators finalized #{target} \
		 under spec_version {} {:.1} s after submission",
		VERSION.spec_version + 1,
		submitted.elapsed().as_secs_f64()
	);

	// The new runtime's first block ran the upgrade hooks.
	let last_upgrade = alice
		.storage::<frame_system::LastRuntimeUpgradeInfo>(
			&frame_system::LastRuntimeUpgrade::<Runtime>::hashed_key(),
			alice.block_hash(target).await.unwrap(),
		)
		.await
		.expect("the last upgrade is recorded");
	assert_eq!(last_upgrade.spec_version, Compact(VERSION.spec_version + 1));

	// No block is lost: one unbroken chain from genesis, the same on every validator.
	let mut parent = alice.genesis_hash().await;
	for number in 1..=target {
		let hash = alice.block_hash(number).await.unwrap();
		let header = alice.header(hash).await;
		assert_eq!(header.parent_hash, parent, "block #{number} follows #{}", number - 1);
		for validator in &network.validators[1..] {
			assert_eq!(
				validator.rpc().block_hash(number).await,
				Some(hash),
				"{} has the same block #{number}",
				validator.name
			);
		}
		parent = hash;
	}

	// State from before is still there, and a transaction signed for the new version lands.
	let resolved = alice.call("did_resolve", rpc_params![did.to_string()]).await;
	assert_eq!(resolved["didDocument"]["id"], Value::from(did.to_string()));
	let bob = Sr25519Keyring::Bob.to_account_id();
	let bob_before = alice.free_balance(&bob).await;
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: bob.clone().into(),
		value: UNIT,
	});
	alice.submit_and_finalize(transfer, &sudo_key).await;
	assert_eq!(alice.free_balance(&bob).await, bob_before + UNIT);

	// The new runtime's migrations with their pre/post checks, a decode of the whole
	// state and every pallet's try_state, run on the state the upgrade started from.
	let (_weight, _limit): (Weight, Weight) = try_runtime(
		alice_validator,
		"TryRuntime_on_runtime_upgrade",
		vec![UPGRADE_CHECKS_ALL],
		upgraded,
	)
	.await;
	// A block the new runtime authored, re-executed on its parent's state with state
	// root and signature checks, then every pallet's try_state.
	let last = blocks_go_on(alice, 1).await;
	let last_hash = alice.block_hash(last).await.unwrap();
	// The block's own encoding (not a byte vector), then state root and signature
	// checks on, then which try_state hooks.
	let mut args = encoded_block(alice, last_hash).await;
	(true, true, TRY_STATE_ALL).encode_to(&mut args);
	let parent = alice.header(last_hash).await.parent_hash;
	let _: Weight = try_runtime(alice_validator, "TryRuntime_execute_block", args, parent).await;
}

/// Calls a try-runtime API on `validator`; its failures are panics in the runtime, whose
/// messages are in the node's log.
async fn try_runtime<R: Decode>(validator: &Validator, method: &str, args: Vec<u8>, at: Hash) -> R {
	let result = validator
		.rpc()
		.raw_call("state_call", rpc_params![method, encode_hex(args), encode_hex(at)])
		.await
		.unwrap_or_else(|e| {
			panic!("{method} at {at:?} failed: {e}\nlog:\n{}", validator.log_tail())
		});
	let bytes = hex::decode(result.as_str().unwrap().trim_start_matches("0x")).unwrap();
	R::decode(&mut &bytes[..]).unwrap()
}

/// Block `hash` as its author executed it, SCALE-encoded: the header without the
/// author's seal (added after execution, so execution must not see it), then the
/// extrinsics as a vector (each, as the node returns it, already length-prefixed).
async fn encoded_block(rpc: &Rpc, hash: Hash) -> Vec<u8> {
	let block = rpc.call("chain_getBlock", rpc_params![encode_hex(hash)]).await;
	let mut header: Header = serde_json::from_value(block["block"]["header"].clone()).unwrap();
	let seal = header.digest.pop();
	assert!(matches!(seal, Some(DigestItem::Seal(..))), "an Aura block ends with its seal");
	let extrinsics = block["block"]["extrinsics"].as_array().expect("extrinsics");
	let mut encoded = header.encode();
	Compact(extrinsics.len() as u32).encode_to(&mut encoded);
	for extrinsic in extrinsics {
		encoded.extend(hex::decode(extrinsic.as_str().unwrap().trim_start_matches("0x")).unwrap());
	}
	encoded
}

//! The whole runtime, fed arbitrary calls.
//!
//! The input is a sequence of `(lapse: u8, who: u8, call: RuntimeCall)`, SCALE-encoded.
//! Starting from the `development` genesis with four DIDs (Bob, Charlie, Dave and
//! Eve, each with an ed25519 authentication and assertion key), every call is
//! dispatched from a signed origin: the member's account, or — when `who`'s top bit is
//! set — the member's DID, through `did.submit_did_call` signed with the key the call
//! needs (and an envelope the member sends re-signed with its assertion key), so the
//! fuzzer reaches past the signature checks it could never forge. `lapse` > 0 ends
//! the block and moves `lapse³` blocks ahead (up to years: grants expire, envelopes
//! are pruned). Every new pallet's calls are fuzzed without new code here.
//!
//! Checked: no panic; every call's actual weight within its declared weight; after
//! every block, every pallet's `try_state`.
//!
//! In the input, `0xD1 0xD1 k` stands for the 32 bytes of member `k % 4`'s DID, so
//! calls can name live DIDs (recipients, grantees) without guessing hashes.

#![no_main]

use std::sync::OnceLock;

use codec::{DecodeLimit, Encode};
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{TryState, TryStateSelect},
};
use libfuzzer_sys::fuzz_target;
use missive_primitives::{
	did::{
		DidAuthorizedCall, DidCreation, DidId, DidSignature, DidVerificationKey, KeyRelationship,
	},
	envelope::Carrier,
};
use missive_runtime::{
	genesis_config_presets, AllPalletsWithSystem, BlockNumber, Executive, Hash, Header, Runtime,
	RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, SLOT_DURATION,
};
use pallet_did::DidCallRole;
use serde_json::Value;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{ed25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{Dispatchable, Header as _},
	BuildStorage, Digest, DigestItem, Perbill,
};

/// How deep calls may nest (utility batches of batches …) when decoded.
const MAX_CALL_DEPTH: u32 = 8;
/// Work per input, so each run stays short.
const MAX_CALLS: usize = 64;
const MAX_BLOCKS: usize = 16;
/// `0xD1 0xD1 k` in the input is replaced by member `k`'s DID.
const DID_ALIAS: [u8; 2] = [0xD1, 0xD1];

/// An endowed account with a DID.
struct Member {
	account: Sr25519Keyring,
	authentication: ed25519::Pair,
	assertion: ed25519::Pair,
	did: DidId,
}

fn members() -> &'static [Member] {
	static MEMBERS: OnceLock<Vec<Member>> = OnceLock::new();
	MEMBERS.get_or_init(|| {
		[Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave, Sr25519Keyring::Eve]
			.into_iter()
			.enumerate()
			.map(|(i, account)| {
				let authentication = ed25519::Pair::from_seed(&[i as u8 + 1; 32]);
				let did = DidId::from_authentication_key(&DidVerificationKey::Ed25519(
					authentication.public(),
				));
				let assertion = ed25519::Pair::from_seed(&[i as u8 + 101; 32]);
				Member { account, authentication, assertion, did }
			})
			.collect()
	})
}

/// A trie's nodes with their reference counts, and its root: restored without
/// recomputing the trie.
type Snapshot = (Vec<(Vec<u8>, (Vec<u8>, i32))>, Hash);

/// The state every input starts from: the development genesis, then block 1 in which
/// each member creates its DID; and block 1's header.
fn genesis() -> &'static (Snapshot, Header) {
	static GENESIS: OnceLock<(Snapshot, Header)> = OnceLock::new();
	GENESIS.get_or_init(|| {
		let preset = genesis_config_presets::get_preset(&"development".into())
			.expect("the development preset exists");
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
		merge(&mut config, serde_json::from_slice(&preset).unwrap());
		let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
		let mut ext = sp_io::TestExternalities::new(config.build_storage().unwrap());
		let header = ext.execute_with(|| {
			let mut chain = Chain { parent_hash: genesis_hash(), blocks: 0 };
			chain.open(1, SLOT_DURATION);
			for member in members() {
				let details = DidCreation {
					did: member.did,
					submitter: member.account.to_account_id(),
					authentication: DidVerificationKey::Ed25519(member.authentication.public()),
					assertion: Some(DidVerificationKey::Ed25519(member.assertion.public())),
					delegation: None,
					key_agreement: Default::default(),
					controllers: Default::default(),
					services: Default::default(),
				};
				let signature = DidSignature::Ed25519(
					member.authentication.sign(&details.signing_payload(&genesis_hash())),
				);
				let create = RuntimeCall::Did(pallet_did::Call::create {
					details: Box::new(details),
					signature,
				});
				create
					.dispatch(RuntimeOrigin::signed(member.account.to_account_id()))
					.expect("a member's DID is created");
			}
			chain.end_block()
		});
		ext.commit_all().unwrap();
		(ext.into_raw_snapshot(), header)
	})
}

/// Merges a genesis preset's JSON patch over the full default config, as the node
/// does when it builds a chain spec from a preset.
fn merge(config: &mut Value, patch: Value) {
	match (config, patch) {
		(Value::Object(config), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(config.entry(key).or_insert(Value::Null), value);
			}
		},
		(config, patch) => *config = patch,
	}
}

fn genesis_hash() -> Hash {
	frame_system::Pallet::<Runtime>::block_hash(0)
}

/// The block being built and where the chain is.
struct Chain {
	parent_hash: Hash,
	blocks: usize,
}

impl Chain {
	/// Opens block `number` at time `now`: the Aura slot of that time in the digest,
	/// the timestamp inherent, as a block author does.
	fn open(&mut self, number: BlockNumber, now: u64) {
		let slot = Slot::from(now / SLOT_DURATION);
		let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
		let header =
			Header::new(number, Default::default(), Default::default(), self.parent_hash, digest);
		Executive::initialize_block(&header);
		RuntimeCall::Timestamp(pallet_timestamp::Call::set { now })
			.dispatch(RuntimeOrigin::none())
			.expect("the timestamp inherent applies");
		Executive::inherents_applied();
		self.blocks += 1;
	}

	/// Finalizes the open block (hooks included) and checks every pallet's `try_state`.
	fn end_block(&mut self) -> Header {
		let header = Executive::finalize_block();
		AllPalletsWithSystem::try_state(*header.number(), TryStateSelect::All)
			.unwrap_or_else(|e| panic!("try_state after block {}: {e:?}", header.number()));
		self.parent_hash = header.hash();
		header
	}

	/// Ends the open block and opens the one `lapse³` blocks later. The blocks in
	/// between are skipped, hooks and all, as if empty: what they would have done bit
	/// by bit (pruning) falls due at once, which bounded hooks must handle anyway.
	fn lapse(&mut self, lapse: u8) {
		let header = self.end_block();
		let next = header.number() + u32::from(lapse).pow(3);
		let now = pallet_timestamp::Now::<Runtime>::get()
			+ u64::from(next - header.number()) * SLOT_DURATION;
		// System asserts each block follows the one before.
		frame_system::Pallet::<Runtime>::set_block_number(next - 1);
		self.open(next, now);
	}
}

/// The input with every `0xD1 0xD1 k` replaced by member `k`'s DID.
fn expand_did_aliases(data: &[u8]) -> Vec<u8> {
	let mut expanded = Vec::with_capacity(data.len());
	let mut rest = data;
	while !rest.is_empty() {
		if rest.len() >= 3 && rest[..2] == DID_ALIAS {
			let member = &members()[rest[2] as usize % members().len()];
			expanded.extend_from_slice(&member.did.0);
			rest = &rest[3..];
		} else {
			expanded.push(rest[0]);
			rest = &rest[1..];
		}
	}
	expanded
}

/// `call` with the envelope it commits signed by `member`'s assertion key, when
/// `member` is its sender (through a DID call, or directly as its funder).
fn sign_envelope(member: &Member, mut call: RuntimeCall) -> RuntimeCall {
	if let RuntimeCall::Envelope(
		pallet_envelope::Call::commit { signed } | pallet_envelope::Call::commit_signed { signed },
	) = &mut call
	{
		if signed.envelope.sender == member.did {
			let payload = signed.envelope.signing_payload(&Carrier::Alone, &genesis_hash());
			signed.signature = DidSignature::Ed25519(member.assertion.sign(&payload));
		}
	}
	call
}

/// `call` as `member`'s DID authorizes it, submitted by the member's account.
fn as_did(member: &Member, call: RuntimeCall) -> RuntimeCall {
	let key = match call.did_call_role() {
		Some(KeyRelationship::AssertionMethod) => &member.assertion,
		_ => &member.authentication,
	};
	let nonce = pallet_did::Dids::<Runtime>::get(member.did).map_or(0, |r| r.document.nonce);
	let now = frame_system::Pallet::<Runtime>::block_number();
	let operation = DidAuthorizedCall {
		did: member.did,
		nonce: nonce.wrapping_add(1),
		valid_from: now,
		valid_until: now + 10,
		submitter: member.account.to_account_id(),
		call,
	};
	let payload = operation
		.signing_payload(&genesis_hash(), pallet_did::Pallet::<Runtime>::transaction_version());
	let signature = DidSignature::Ed25519(key.sign(&payload));
	RuntimeCall::Did(pallet_did::Call::submit_did_call { call: Box::new(operation), signature })
}

fn dispatch(who: u8, call: RuntimeCall) {
	let member = &members()[(who & 0x7f) as usize % members().len()];
	let call = sign_envelope(member, call);
	let call = if who & 0x80 != 0 { as_did(member, call) } else { call };
	let info = call.get_dispatch_info();
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	let max_extrinsic = limits.get(info.class).max_extrinsic.unwrap_or(limits.max_block);
	if info.total_weight().any_gt(max_extrinsic) {
		// The transaction pool refuses it; no block could carry it.
		return;
	}
	let post = match call.clone().dispatch(RuntimeOrigin::signed(member.account.to_account_id())) {
		Ok(post) => post,
		Err(error) => error.post_info,
	};
	let actual = post.actual_weight.unwrap_or(info.call_weight);
	assert!(
		actual.all_lte(info.call_weight),
		"{call:?} used {actual:?}, more than the {:?} it declared",
		info.call_weight
	);
	frame_system::Pallet::<Runtime>::register_extra_weight_unchecked(
		actual.saturating_add(info.extension_weight),
		info.class,
	);
}

fn run(data: &[u8], after: &Header) {
	let data = expand_did_aliases(data);
	let mut input = &data[..];
	let mut chain = Chain { parent_hash: after.hash(), blocks: 0 };
	chain.open(after.number() + 1, pallet_timestamp::Now::<Runtime>::get() + SLOT_DURATION);
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	for _ in 0..MAX_CALLS {
		let Ok((lapse, who)) = <(u8, u8)>::decode_with_depth_limit(0, &mut input) else { break };
		let Ok(call) = RuntimeCall::decode_with_depth_limit(MAX_CALL_DEPTH, &mut input) else {
			break;
		};
		// A block author would start a new block rather than exceed the normal class.
		let full = frame_system::Pallet::<Runtime>::block_weight()
			.total()
			.any_gt(Perbill::from_percent(75) * limits.max_block);
		if lapse > 0 || full {
			if chain.blocks == MAX_BLOCKS {
				break;
			}
			chain.lapse(lapse.max(1));
		}
		dispatch(who, call);
	}
	chain.end_block();
}

fuzz_target!(|data: &[u8]| {
	let ((nodes, root), header) = genesis();
	let mut ext = sp_io::TestExternalities::from_raw_snapshot(
		nodes.clone(),
		*root,
		sp_runtime::StateVersion::V1,
	);
	ext.execute_with(|| run(data, header));
});

//! The Missive runtime as a Cumulus parachain.
//!
//! The Missive pallets — DIDs, consent, policies, envelopes — and balances, fees, sudo
//! and batching come configured from `missive-runtime-common`, under the same names
//! and indices as in the solochain runtime, so clients, storage keys and signed
//! payloads do not care which of the two chains they talk to. What differs is
//! consensus and collation (parachain-system, parachain-info, Aura with aura-ext,
//! collator-selection and session, storage-weight reclaim) and messaging between
//! chains (message queue, XCMP, a minimal XCM configuration: [`configs::xcm`]).
//!
//! The node is polkadot-omni-node: this runtime serves every runtime API the solochain
//! runtime does, and the ones omni-node asks for.
#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` expands to large types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

mod apis;
pub use apis::RuntimeApi;
pub mod configs;
pub mod genesis_config_presets;

use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256};
use sp_version::{runtime_version, RuntimeVersion};

pub use missive_primitives::{
	currency::{self, EXISTENTIAL_DEPOSIT, UNIT},
	time::BlockTime,
	AccountId, Balance, BlockNumber, Hash, Nonce, Signature, SS58_PREFIX,
};

#[cfg(feature = "std")]
pub use sp_runtime::BuildStorage;

/// A block per relay-chain slot: 6 s with asynchronous backing on one core. Every
/// lifetime and window in blocks is derived from it.
pub const BLOCK_TIME: BlockTime = BlockTime::from_millis(
	configs::system::RELAY_CHAIN_SLOT_DURATION_MILLIS as u64
		/ configs::system::BLOCK_PROCESSING_VELOCITY as u64,
);
/// Aura's slot.
pub const SLOT_DURATION: u64 = BLOCK_TIME.milli_secs();

impl_opaque_keys! {
	/// The key a collator registers: Aura, for authoring. Finality comes from the
	/// relay chain.
	pub struct SessionKeys {
		pub aura: Aura,
	}
}

/// The runtime's version. Bump `spec_version` on every change of logic, and
/// `transaction_version` whenever the encoding of calls or extensions changes.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("missive-parachain"),
	impl_name: alloc::borrow::Cow::Borrowed("missive-parachain"),
	authoring_version: 1,
	spec_version: 102,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The address format of extrinsics' senders.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions every signed extrinsic carries: the solochain's, with
/// weight reclaim measuring the proof size a parachain block really used (it wraps
/// the others, and replaces frame-system's ref-time-only reclaim).
pub type TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim<
	Runtime,
	(
		frame_system::CheckNonZeroSender<Runtime>,
		frame_system::CheckSpecVersion<Runtime>,
		frame_system::CheckTxVersion<Runtime>,
		frame_system::CheckGenesis<Runtime>,
		frame_system::CheckEra<Runtime>,
		frame_system::CheckNonce<Runtime>,
		frame_system::CheckWeight<Runtime>,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
		frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	),
>;

/// Extrinsic as it is submitted and stored.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// Storage migrations run on the next runtime upgrade.
type Migrations = missive_runtime_common::MissiveMigrations<Runtime>;

/// Dispatches extrinsics to the pallets and runs their hooks.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// Hooks run in declaration order: parachain-system first (it checks the relay chain
/// data every other pallet may rely on), and authorship, collator selection and
/// session before Aura, which reads the collator set they produce. The indices of
/// the pallets the solochain runtime also has are the solochain's.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(4)]
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(5)]
	pub type ParachainInfo = parachain_info;
	#[runtime::pallet_index(6)]
	pub type WeightReclaim = cumulus_pallet_weight_reclaim;

	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(20)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(21)]
	pub type Utility = pallet_utility;

	// Collation.
	#[runtime::pallet_index(24)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(25)]
	pub type CollatorSelection = pallet_collator_selection;
	#[runtime::pallet_index(26)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(27)]
	pub type AuraExt = cumulus_pallet_aura_ext;

	// Messages between chains.
	#[runtime::pallet_index(40)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	#[runtime::pallet_index(41)]
	pub type PolkadotXcm = pallet_xcm;
	#[runtime::pallet_index(42)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	#[runtime::pallet_index(43)]
	pub type MessageQueue = pallet_message_queue;

	// Missive.
	#[runtime::pallet_index(30)]
	pub type Did = pallet_did;
	#[runtime::pallet_index(31)]
	pub type Consent = pallet_consent;
	#[runtime::pallet_index(32)]
	pub type Policy = pallet_policy;
	#[runtime::pallet_index(33)]
	pub type Envelope = pallet_envelope;
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}

#[cfg(test)]
mod tests;

//! The Missive runtime: the state transition function of the Missive chain.
//!
//! Pallet configuration lives in [`configs`], one module per concern; the runtime APIs
//! the node and clients call live in [`apis`]; genesis presets in
//! [`genesis_config_presets`].
#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` expands to large types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
pub use apis::RuntimeApi;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256};
use sp_version::{runtime_version, RuntimeVersion};

pub use missive_primitives::{
	currency::{self, EXISTENTIAL_DEPOSIT, UNIT},
	time::BlockTime,
	AccountId, Balance, BlockNumber, Hash, Nonce, Signature, SS58_PREFIX,
};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
#[cfg(feature = "std")]
pub use sp_runtime::BuildStorage;

/// A block every 2 seconds: a message's commitment is in a block about a second after it
/// is sent, and final a few seconds later. Every lifetime and window in blocks is
/// derived from it.
pub const BLOCK_TIME: BlockTime = BlockTime::from_millis(2_000);
/// Aura's slot: one block per slot.
pub const SLOT_DURATION: u64 = BLOCK_TIME.milli_secs();

/// Types the node needs without knowing the runtime's extrinsic format, so that it
/// keeps syncing across runtime upgrades that change it.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a validator registers: one for block authoring, one for finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. Bump `spec_version` on every change of logic, and
/// `transaction_version` whenever the encoding of calls or extensions changes.
#[cfg(not(feature = "upgrade-test"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("missive"),
	impl_name: alloc::borrow::Cow::Borrowed("missive"),
	authoring_version: 1,
	spec_version: 102,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The same runtime one `spec_version` later, for the upgrade test: a live network
/// is upgraded to it with `sudo(system.set_code)`. `#[runtime_version]` reads
/// literals only, hence a second definition rather than an expression.
#[cfg(feature = "upgrade-test")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("missive"),
	impl_name: alloc::borrow::Cow::Borrowed("missive"),
	authoring_version: 1,
	spec_version: 103,
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
/// Signed block, with its justifications.
pub type SignedBlock = generic::SignedBlock<Block>;

/// The transaction extensions every signed extrinsic carries, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Extrinsic as it is submitted and stored.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

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
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(20)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(21)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(30)]
	pub type Did = pallet_did;
	#[runtime::pallet_index(31)]
	pub type Consent = pallet_consent;
	#[runtime::pallet_index(32)]
	pub type Policy = pallet_policy;
	#[runtime::pallet_index(33)]
	pub type Envelope = pallet_envelope;
}

#[cfg(test)]
mod tests;

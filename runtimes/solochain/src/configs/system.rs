//! frame-system: block limits, account model, SS58 prefix.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::ConstU32,
	weights::{constants::ParityDbWeight, Weight},
};
use frame_system::limits::BlockWeights;
use missive_runtime_common::{
	parameters::{RuntimeBlockLength, NORMAL_DISPATCH_RATIO},
	weights as common_weights,
};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

use crate::{
	weights::{BlockExecutionWeight, ExtrinsicBaseWeight},
	AccountId, Balance, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, RuntimeTask, BLOCK_TIME, SLOT_DURATION, SS58_PREFIX, VERSION,
};

/// Compute time a block may take: a third of the slot, leaving the rest for
/// propagation and import.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	frame_support::weights::constants::WEIGHT_REF_TIME_PER_MILLIS * SLOT_DURATION / 3,
	// Proof size matters only under a relay chain; a parachain block's PoV is 5 MiB.
	5 * 1024 * 1024,
);

parameter_types! {
	/// Block hashes kept for mortal transactions: four hours' worth.
	pub const BlockHashCount: BlockNumber = BLOCK_TIME.hours(4);
	pub const Version: RuntimeVersion = VERSION;
	/// `BlockWeights::with_sensible_defaults`, with the base weights of a block and of an
	/// extrinsic measured on this chain instead of upstream's reference figures.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			weights.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// The node stores state in ParityDB only.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type SystemWeightInfo = common_weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = common_weights::frame_system_extensions::WeightInfo<Runtime>;
}

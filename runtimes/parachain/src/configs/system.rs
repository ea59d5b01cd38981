//! frame-system, time, and the link to the relay chain (parachain-system).

use cumulus_primitives_core::{relay_chain::MAX_POV_SIZE, AggregateMessageOrigin};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, EnqueueWithOrigin},
	weights::{constants::RocksDbWeight, Weight},
};
use frame_system::limits::BlockWeights;
use missive_runtime_common::parameters::{RuntimeBlockLength, NORMAL_DISPATCH_RATIO};
use sp_version::RuntimeVersion;

use crate::{
	AccountId, Balance, Block, BlockNumber, Hash, MessageQueue, Nonce, PalletInfo, ParachainInfo,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, RuntimeTask, XcmpQueue, SS58_PREFIX,
	VERSION,
};

/// Compute time a block may take (2 s, as on the solochain), and the proof size a
/// relay chain validator accepts for it.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2),
	MAX_POV_SIZE as u64,
);

/// Relay chain slot length the collators build against.
pub const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6_000;
/// Parachain blocks per relay chain slot.
pub const BLOCK_PROCESSING_VELOCITY: u32 = 1;
/// Blocks that may be built on before the relay chain includes their parent
/// (asynchronous backing).
pub const UNINCLUDED_SEGMENT_CAPACITY: u32 = 3;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	pub RuntimeBlockWeights: BlockWeights =
		BlockWeights::with_sensible_defaults(MAXIMUM_BLOCK_WEIGHT, NORMAL_DISPATCH_RATIO);
	pub const SS58Prefix: u16 = SS58_PREFIX;
	/// A quarter of a block for messages from the relay chain, and a quarter for
	/// messages from siblings.
	pub const ReservedDmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const ReservedXcmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const RelayOrigin: AggregateMessageOrigin = AggregateMessageOrigin::Parent;
}

#[derive_impl(frame_system::config_preludes::ParaChainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// omni-node's default database.
	type DbWeight = RocksDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	// A runtime upgrade waits for the relay chain's go-ahead.
	type OnSetCode = cumulus_pallet_parachain_system::ParachainSetCode<Self>;
	type SystemWeightInfo = missive_runtime_common::weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo =
		missive_runtime_common::weights::frame_system_extensions::WeightInfo<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the unix epoch, from the relay chain's slot.
	type Moment = u64;
	type OnTimestampSet = crate::Aura;
	// Several blocks may share a relay chain slot's time.
	type MinimumPeriod = ConstU64<0>;
	type WeightInfo = missive_runtime_common::weights::pallet_timestamp::WeightInfo<Runtime>;
}

/// Checks the relay chain data of each block: at most [`BLOCK_PROCESSING_VELOCITY`]
/// blocks per relay slot, at most [`UNINCLUDED_SEGMENT_CAPACITY`] not yet included.
pub type ConsensusHook = cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	BLOCK_PROCESSING_VELOCITY,
	UNINCLUDED_SEGMENT_CAPACITY,
>;

impl cumulus_pallet_parachain_system::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnSystemEvent = ();
	type SelfParaId = ParachainInfo;
	type OutboundXcmpMessageSource = XcmpQueue;
	type DmpQueue = EnqueueWithOrigin<MessageQueue, RelayOrigin>;
	type ReservedDmpWeight = ReservedDmpWeight;
	type XcmpMessageHandler = XcmpQueue;
	type ReservedXcmpWeight = ReservedXcmpWeight;
	type CheckAssociatedRelayNumber =
		cumulus_pallet_parachain_system::RelayNumberMonotonicallyIncreases;
	type WeightInfo = cumulus_pallet_parachain_system::weights::SubstrateWeight<Runtime>;
	type ConsensusHook = ConsensusHook;
	// Builds on the newest relay parent: no offset, no V3 scheduling.
	type RelayParentOffset = ConstU32<0>;
	type SchedulingSignatureVerifier = ();
}

impl parachain_info::Config for Runtime {}

impl cumulus_pallet_weight_reclaim::Config for Runtime {
	// Upstream's measured weight of the extension (its `SubstrateWeight` is private).
	type WeightInfo = ();
}

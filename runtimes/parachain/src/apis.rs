//! The runtime APIs: those every Missive runtime serves (`missive-runtime-common`),
//! and the ones a Cumulus collator (polkadot-omni-node) calls.

use frame_support::traits::Get;

use crate::{configs::system::ConsensusHook, Block, ParachainInfo, ParachainSystem, Runtime};

missive_runtime_common::impl_missive_runtime_apis! {
	impl cumulus_primitives_aura::AuraUnincludedSegmentApi<Block> for Runtime {
		fn can_build_upon(
			included_hash: <Block as sp_runtime::traits::Block>::Hash,
			slot: cumulus_primitives_aura::Slot,
		) -> bool {
			ConsensusHook::can_build_upon(included_hash, slot)
		}
	}

	impl cumulus_primitives_core::CollectCollationInfo<Block> for Runtime {
		fn collect_collation_info(
			header: &<Block as sp_runtime::traits::Block>::Header,
		) -> cumulus_primitives_core::CollationInfo {
			ParachainSystem::collect_collation_info(header)
		}
	}

	impl cumulus_primitives_core::GetParachainInfo<Block> for Runtime {
		fn parachain_id() -> cumulus_primitives_core::ParaId {
			ParachainInfo::parachain_id()
		}
	}

	impl cumulus_primitives_core::RelayParentOffsetApi<Block> for Runtime {
		fn relay_parent_offset() -> u32 {
			<Runtime as cumulus_pallet_parachain_system::Config>::RelayParentOffset::get()
		}

		fn max_claim_queue_offset() -> u8 {
			ParachainSystem::max_claim_queue_offset()
		}
	}

	impl cumulus_primitives_core::SchedulingV3EnabledApi<Block> for Runtime {
		fn scheduling_v3_enabled() -> bool {
			<<Runtime as cumulus_pallet_parachain_system::Config>::SchedulingSignatureVerifier
				as cumulus_primitives_core::VerifySchedulingSignature>::V3_SCHEDULING_ENABLED
		}
	}

	impl cumulus_primitives_core::TargetBlockRate<Block> for Runtime {
		fn target_block_rate() -> u32 {
			crate::configs::system::BLOCK_PROCESSING_VELOCITY
		}
	}

	impl cumulus_primitives_core::KeyToIncludeInRelayProof<Block> for Runtime {
		fn keys_to_prove() -> cumulus_primitives_core::RelayProofRequest {
			// Nothing beyond what parachain-system always proves.
			Default::default()
		}
	}
}

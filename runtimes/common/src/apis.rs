//! The runtime APIs every Missive runtime serves.

/// `sp_api::impl_runtime_apis!` with the runtime APIs both Missive runtimes serve, and
/// the calling runtime's own impls (consensus, collation, benchmarks) appended.
///
/// Shared: `Core`, `Metadata`, `BlockBuilder`, `TaggedTransactionQueue`,
/// `OffchainWorkerApi`, `AuraApi`, `SessionKeys`, `AccountNonceApi`,
/// `TransactionPaymentApi`, `TransactionPaymentCallApi`, `GenesisBuilder`, and
/// Missive's `DidApi`, `ConsentApi`, `PolicyApi` and `EnvelopeApi` — which is all a dApp
/// or the `missive` client needs through `state_call`, whichever node serves it — and,
/// with the `try-runtime` feature, `TryRuntime`.
///
/// `Block` and `Runtime` are the names in scope where it is expanded (all of a
/// runtime's API impls must name its runtime the same way); the calling crate also
/// provides `Executive`, `VERSION`,
/// `SessionKeys`, `RuntimeGenesisConfig`, `genesis_config_presets::{get_preset,
/// preset_names}` and the pallets under their shared names, and depends on the API
/// crates named below (`impl_runtime_apis!` resolves them in the caller).
// `crate::` names the expanding runtime's items, on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! impl_missive_runtime_apis {
	($($runtime_specific:tt)*) => {
		sp_api::impl_runtime_apis! {
			impl sp_api::Core<Block> for Runtime {
				fn version() -> sp_version::RuntimeVersion {
					crate::VERSION
				}

				fn execute_block(block: <Block as sp_runtime::traits::Block>::LazyBlock) {
					crate::Executive::execute_block(block);
				}

				fn initialize_block(
					header: &<Block as sp_runtime::traits::Block>::Header,
				) -> sp_runtime::ExtrinsicInclusionMode {
					crate::Executive::initialize_block(header)
				}
			}

			impl sp_api::Metadata<Block> for Runtime {
				fn metadata() -> sp_core::OpaqueMetadata {
					sp_core::OpaqueMetadata::new(Runtime::metadata().into())
				}

				fn metadata_at_version(version: u32) -> Option<sp_core::OpaqueMetadata> {
					Runtime::metadata_at_version(version)
				}

				fn metadata_versions() -> alloc::vec::Vec<u32> {
					Runtime::metadata_versions()
				}
			}

			impl sp_block_builder::BlockBuilder<Block> for Runtime {
				fn apply_extrinsic(
					extrinsic: <Block as sp_runtime::traits::Block>::Extrinsic,
				) -> sp_runtime::ApplyExtrinsicResult {
					crate::Executive::apply_extrinsic(extrinsic)
				}

				fn finalize_block() -> <Block as sp_runtime::traits::Block>::Header {
					crate::Executive::finalize_block()
				}

				fn inherent_extrinsics(
					data: sp_inherents::InherentData,
				) -> alloc::vec::Vec<<Block as sp_runtime::traits::Block>::Extrinsic> {
					use crate::InherentDataExt;
					data.create_extrinsics()
				}

				fn check_inherents(
					block: <Block as sp_runtime::traits::Block>::LazyBlock,
					data: sp_inherents::InherentData,
				) -> sp_inherents::CheckInherentsResult {
					use crate::InherentDataExt;
					data.check_extrinsics(&block)
				}
			}

			impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
				fn validate_transaction(
					source: sp_runtime::transaction_validity::TransactionSource,
					tx: <Block as sp_runtime::traits::Block>::Extrinsic,
					block_hash: <Block as sp_runtime::traits::Block>::Hash,
				) -> sp_runtime::transaction_validity::TransactionValidity {
					crate::Executive::validate_transaction(source, tx, block_hash)
				}
			}

			impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
				fn offchain_worker(header: &<Block as sp_runtime::traits::Block>::Header) {
					crate::Executive::offchain_worker(header)
				}
			}

			impl sp_consensus_aura::AuraApi<Block, sp_consensus_aura::sr25519::AuthorityId>
				for Runtime
			{
				fn slot_duration() -> sp_consensus_aura::SlotDuration {
					sp_consensus_aura::SlotDuration::from_millis(crate::Aura::slot_duration())
				}

				fn authorities() -> alloc::vec::Vec<sp_consensus_aura::sr25519::AuthorityId> {
					pallet_aura::Authorities::<Runtime>::get().into_inner()
				}
			}

			impl sp_session::SessionKeys<Block> for Runtime {
				fn generate_session_keys(
					owner: alloc::vec::Vec<u8>,
					seed: Option<alloc::vec::Vec<u8>>,
				) -> sp_session::OpaqueGeneratedSessionKeys {
					crate::SessionKeys::generate(&owner, seed).into()
				}

				fn decode_session_keys(
					encoded: alloc::vec::Vec<u8>,
				) -> Option<alloc::vec::Vec<(alloc::vec::Vec<u8>, sp_core::crypto::KeyTypeId)>> {
					crate::SessionKeys::decode_into_raw_public_keys(&encoded)
				}
			}

			impl frame_system_rpc_runtime_api::AccountNonceApi<
				Block,
				missive_primitives::AccountId,
				missive_primitives::Nonce,
			> for Runtime {
				fn account_nonce(account: missive_primitives::AccountId) -> missive_primitives::Nonce {
					crate::System::account_nonce(account)
				}
			}

			impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<
				Block,
				missive_primitives::Balance,
			> for Runtime {
				fn query_info(
					uxt: <Block as sp_runtime::traits::Block>::Extrinsic,
					len: u32,
				) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<
					missive_primitives::Balance,
				> {
					crate::TransactionPayment::query_info(uxt, len)
				}
				fn query_fee_details(
					uxt: <Block as sp_runtime::traits::Block>::Extrinsic,
					len: u32,
				) -> pallet_transaction_payment::FeeDetails<missive_primitives::Balance> {
					crate::TransactionPayment::query_fee_details(uxt, len)
				}
				fn query_weight_to_fee(
					weight: frame_support::weights::Weight,
				) -> missive_primitives::Balance {
					crate::TransactionPayment::weight_to_fee(weight)
				}
				fn query_length_to_fee(length: u32) -> missive_primitives::Balance {
					crate::TransactionPayment::length_to_fee(length)
				}
			}

			impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<
				Block,
				missive_primitives::Balance,
				crate::RuntimeCall,
			> for Runtime {
				fn query_call_info(
					call: crate::RuntimeCall,
					len: u32,
				) -> pallet_transaction_payment::RuntimeDispatchInfo<missive_primitives::Balance> {
					crate::TransactionPayment::query_call_info(call, len)
				}
				fn query_call_fee_details(
					call: crate::RuntimeCall,
					len: u32,
				) -> pallet_transaction_payment::FeeDetails<missive_primitives::Balance> {
					crate::TransactionPayment::query_call_fee_details(call, len)
				}
				fn query_weight_to_fee(
					weight: frame_support::weights::Weight,
				) -> missive_primitives::Balance {
					crate::TransactionPayment::weight_to_fee(weight)
				}
				fn query_length_to_fee(length: u32) -> missive_primitives::Balance {
					crate::TransactionPayment::length_to_fee(length)
				}
			}

			#[api_version(2)]
			impl missive_primitives::runtime_api::DidApi<Block, missive_primitives::BlockNumber>
				for Runtime
			{
				fn resolve(
					did: missive_primitives::did::DidId,
				) -> missive_primitives::runtime_api::DidResolution<missive_primitives::BlockNumber> {
					crate::Did::resolve(&did)
				}

				fn key_valid_at(
					did: missive_primitives::did::DidId,
					key: missive_primitives::did::KeyId,
					relationship: missive_primitives::did::KeyRelationship,
					at: missive_primitives::BlockNumber,
				) -> bool {
					<crate::Did as missive_primitives::did::DidLookup<missive_primitives::BlockNumber>>::key_valid_at(
						&did,
						&key,
						relationship,
						at,
					)
				}

				fn key_history(
					did: missive_primitives::did::DidId,
				) -> alloc::vec::Vec<(
					missive_primitives::did::KeyId,
					missive_primitives::did::KeyRecord<missive_primitives::BlockNumber>,
				)> {
					crate::Did::key_records(&did)
				}
			}

			impl missive_primitives::runtime_api::ConsentApi<Block> for Runtime {
				fn check(
					grantor: missive_primitives::did::DidId,
					grantee: missive_primitives::did::DidId,
					scope: missive_primitives::consent::ConsentScope,
				) -> missive_primitives::runtime_api::ConsentStatus {
					let (consent, grant) = crate::Consent::consent_of(&grantor, &grantee, &scope);
					missive_primitives::runtime_api::ConsentStatus { consent, grant }
				}

				fn grants(
					grantor: missive_primitives::did::DidId,
					start_after: Option<(
						missive_primitives::did::DidId,
						missive_primitives::consent::ConsentScope,
					)>,
					limit: u32,
				) -> alloc::vec::Vec<missive_primitives::runtime_api::GrantEntry> {
					crate::Consent::grants_of(
						grantor,
						start_after,
						limit.min(missive_primitives::runtime_api::MAX_GRANTS_PAGE),
					)
					.into_iter()
					.map(|(grantee, scope, grant)| missive_primitives::runtime_api::GrantEntry {
						grantee,
						scope,
						grant,
					})
					.collect()
				}
			}

			impl missive_primitives::runtime_api::PolicyApi<Block> for Runtime {
				fn can_send(
					sender: missive_primitives::did::DidId,
					to: missive_primitives::policy::Destination,
					conversation: Option<sp_core::H256>,
					size: u32,
				) -> Result<(), missive_primitives::policy::Violation> {
					use missive_primitives::policy::PolicyCheck;
					crate::Policy::can_send(
						&sender,
						&to,
						conversation.as_ref(),
						size,
						1,
						crate::System::block_number(),
					)
				}

				fn inbox_policy(
					did: missive_primitives::did::DidId,
				) -> missive_primitives::policy::EffectiveInboxPolicy<missive_primitives::BlockNumber> {
					crate::Policy::effective_policy(&did)
				}

				fn parameters(
				) -> missive_primitives::policy::PolicyParameters<missive_primitives::BlockNumber> {
					crate::Policy::parameters()
				}
			}

			impl missive_primitives::runtime_api::EnvelopeApi<Block> for Runtime {
				fn envelope(
					id: missive_primitives::envelope::EnvelopeId,
				) -> Option<missive_primitives::runtime_api::CommitmentOf> {
					crate::Envelope::envelope(id)
				}

				fn inbox(
					did: missive_primitives::did::DidId,
					since: missive_primitives::BlockNumber,
					start_after: Option<missive_primitives::envelope::InboxKey>,
					limit: u32,
				) -> alloc::vec::Vec<missive_primitives::runtime_api::InboxEntry> {
					crate::Envelope::inbox(did, since, start_after, limit)
						.into_iter()
						.map(|(key, id, commitment)| missive_primitives::runtime_api::InboxEntry {
							key,
							id,
							commitment,
						})
						.collect()
				}

				fn batch(
					id: missive_primitives::envelope::BatchId,
				) -> Option<missive_primitives::runtime_api::BatchCommitmentOf> {
					crate::Envelope::batch(id)
				}

				fn verify_inclusion(
					batch: missive_primitives::envelope::BatchId,
					proof: missive_primitives::envelope::InclusionProof,
					leaf: missive_primitives::envelope::SignedEnvelope,
				) -> Result<(), missive_primitives::runtime_api::InclusionError> {
					crate::Envelope::verify_inclusion(batch, proof, leaf)
				}

				fn sealed(
					root: sp_core::H256,
				) -> Option<missive_primitives::runtime_api::SealedCommitmentOf> {
					crate::Envelope::sealed(root)
				}
			}

			impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
				fn build_state(config: alloc::vec::Vec<u8>) -> sp_genesis_builder::Result {
					frame_support::genesis_builder_helper::build_state::<crate::RuntimeGenesisConfig>(
						config,
					)
				}

				fn get_preset(
					id: &Option<sp_genesis_builder::PresetId>,
				) -> Option<alloc::vec::Vec<u8>> {
					frame_support::genesis_builder_helper::get_preset::<crate::RuntimeGenesisConfig>(
						id,
						crate::genesis_config_presets::get_preset,
					)
				}

				fn preset_names() -> alloc::vec::Vec<sp_genesis_builder::PresetId> {
					crate::genesis_config_presets::preset_names()
				}
			}

			#[cfg(feature = "try-runtime")]
			impl frame_try_runtime::TryRuntime<Block> for Runtime {
				fn on_runtime_upgrade(
					checks: frame_try_runtime::UpgradeCheckSelect,
				) -> (frame_support::weights::Weight, frame_support::weights::Weight) {
					// A failed pre/post check must stop try-runtime right here, with a
					// backtrace.
					let weight = crate::Executive::try_runtime_upgrade(checks).unwrap();
					(weight, crate::configs::RuntimeBlockWeights::get().max_block)
				}

				fn execute_block(
					block: <Block as sp_runtime::traits::Block>::LazyBlock,
					state_root_check: bool,
					signature_check: bool,
					select: frame_try_runtime::TryStateSelect,
				) -> frame_support::weights::Weight {
					crate::Executive::try_execute_block(
						block,
						state_root_check,
						signature_check,
						select,
					)
					.expect("execute-block failed")
				}
			}

			$($runtime_specific)*
		}
	};
}

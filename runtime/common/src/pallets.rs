//! The shared pallets' configuration, expanded inside each runtime.

/// Implements `Config` for the pallets every Missive runtime has — Balances,
/// TransactionPayment, Sudo, Utility, Did, Consent, Policy, Envelope — and the DID call
/// roles, for the calling crate's `Runtime`.
///
/// The calling crate declares those pallets under these names, with `Timestamp` (the
/// consent pallet's clock), its `BLOCK_TIME`, and the `runtime-benchmarks` feature.
// `crate::` names the expanding runtime's items, on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! impl_missive_pallets {
	() => {
		// The shared lifetimes and windows, counted in this runtime's blocks.
		$crate::reexport::frame_support::parameter_types! {
			pub const MaxCallValidity: $crate::reexport::missive_primitives::BlockNumber =
				$crate::parameters::max_call_validity(crate::BLOCK_TIME);
			pub const MinRecoveryDelay: $crate::reexport::missive_primitives::BlockNumber =
				$crate::parameters::min_recovery_delay(crate::BLOCK_TIME);
			pub const RecoveryApprovalPeriod: $crate::reexport::missive_primitives::BlockNumber =
				$crate::parameters::recovery_approval_period(crate::BLOCK_TIME);
			pub const RequestLifetime: $crate::reexport::missive_primitives::BlockNumber =
				$crate::parameters::request_lifetime(crate::BLOCK_TIME);
			pub const DefaultPolicyParameters: $crate::reexport::missive_primitives::policy::PolicyParameters<
				$crate::reexport::missive_primitives::BlockNumber,
			> = $crate::parameters::default_policy_parameters(crate::BLOCK_TIME);
		}

		impl $crate::reexport::pallet_balances::Config for crate::Runtime {
			type RuntimeEvent = crate::RuntimeEvent;
			type RuntimeHoldReason = crate::RuntimeHoldReason;
			type RuntimeFreezeReason = crate::RuntimeFreezeReason;
			type WeightInfo = $crate::weights::pallet_balances::WeightInfo<crate::Runtime>;
			type Balance = $crate::reexport::missive_primitives::Balance;
			type DustRemoval = ();
			type ExistentialDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::reexport::missive_primitives::currency::EXISTENTIAL_DEPOSIT },
			>;
			type AccountStore = crate::System;
			type ReserveIdentifier = [u8; 8];
			type FreezeIdentifier = crate::RuntimeFreezeReason;
			type MaxLocks = $crate::reexport::frame_support::traits::ConstU32<50>;
			type MaxReserves = $crate::reexport::frame_support::traits::ConstU32<50>;
			type MaxFreezes =
				$crate::reexport::frame_support::traits::VariantCountOf<crate::RuntimeFreezeReason>;
			type DoneSlashHandler = ();
		}

		impl $crate::reexport::pallet_transaction_payment::Config for crate::Runtime {
			type RuntimeEvent = crate::RuntimeEvent;
			type OnChargeTransaction =
				$crate::reexport::pallet_transaction_payment::FungibleAdapter<crate::Balances, ()>;
			type OperationalFeeMultiplier = $crate::reexport::frame_support::traits::ConstU8<5>;
			// One planck per unit of ref time and per byte: a transfer costs well under a
			// milli-token, cheap enough for messaging while still pricing spam.
			type WeightToFee = $crate::reexport::frame_support::weights::IdentityFee<
				$crate::reexport::missive_primitives::Balance,
			>;
			type LengthToFee = $crate::reexport::frame_support::weights::IdentityFee<
				$crate::reexport::missive_primitives::Balance,
			>;
			type FeeMultiplierUpdate =
				$crate::reexport::pallet_transaction_payment::ConstFeeMultiplier<
					$crate::parameters::FeeMultiplier,
				>;
			type WeightInfo = $crate::weights::pallet_transaction_payment::WeightInfo<crate::Runtime>;
		}

		impl $crate::reexport::pallet_sudo::Config for crate::Runtime {
			type RuntimeEvent = crate::RuntimeEvent;
			type RuntimeCall = crate::RuntimeCall;
			type WeightInfo = $crate::weights::pallet_sudo::WeightInfo<crate::Runtime>;
		}

		impl $crate::reexport::pallet_utility::Config for crate::Runtime {
			type RuntimeEvent = crate::RuntimeEvent;
			type RuntimeCall = crate::RuntimeCall;
			type PalletsOrigin = crate::OriginCaller;
			type WeightInfo = $crate::weights::pallet_utility::WeightInfo<crate::Runtime>;
		}

		impl $crate::reexport::pallet_did::Config for crate::Runtime {
			type RuntimeCall = crate::RuntimeCall;
			type DidCallOrigin = crate::RuntimeOrigin;
			type EnsureDidOrigin = $crate::reexport::missive_primitives::did::EnsureDid<
				$crate::reexport::missive_primitives::AccountId,
			>;
			type RuntimeHoldReason = crate::RuntimeHoldReason;
			type Currency = crate::Balances;
			type BaseDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::DID_BASE_DEPOSIT },
			>;
			type KeyDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::DID_KEY_DEPOSIT },
			>;
			type ServiceDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::DID_SERVICE_DEPOSIT },
			>;
			type RecoveryDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::DID_RECOVERY_DEPOSIT },
			>;
			type TombstoneDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::DID_TOMBSTONE_DEPOSIT },
			>;
			type MaxCallValidity = MaxCallValidity;
			type MinRecoveryDelay = MinRecoveryDelay;
			type RecoveryApprovalPeriod = RecoveryApprovalPeriod;
			type WeightInfo =
				$crate::reexport::pallet_did::weights::SubstrateWeight<crate::Runtime>;
			// A deactivated DID's off-chain store allowance is withdrawn in the same call.
			type OnDeactivated = crate::Policy;
		}

		/// The key a DID must sign a call with: its authentication key to manage itself
		/// and decide who may contact it (consent, inbox policy), its assertion key to make
		/// statements (remarks, envelopes, receipts). Calls not listed (signed or root
		/// calls) cannot be DID-authorized.
		impl $crate::reexport::pallet_did::DidCallRole for crate::RuntimeCall {
			fn did_call_role(
				&self,
			) -> Option<$crate::reexport::missive_primitives::did::KeyRelationship> {
				use crate::RuntimeCall;
				use $crate::reexport::{
					frame_system, missive_primitives::did::KeyRelationship, pallet_consent,
					pallet_did, pallet_envelope, pallet_policy,
				};
				match self {
					RuntimeCall::Did(
						pallet_did::Call::create { .. }
						| pallet_did::Call::submit_did_call { .. }
						| pallet_did::Call::complete_recovery { .. },
					) => None,
					RuntimeCall::Did(_) => Some(KeyRelationship::Authentication),
					RuntimeCall::Consent(
						pallet_consent::Call::reap_grant { .. }
						| pallet_consent::Call::reap_request { .. }
						| pallet_consent::Call::reap_contact { .. },
					) => None,
					RuntimeCall::Consent(_) => Some(KeyRelationship::Authentication),
					// An account's own store allowance names no DID: a plain signed call,
					// never authorized by one (which would tie the DID to the account).
					RuntimeCall::Policy(
						pallet_policy::Call::set_parameters { .. }
						| pallet_policy::Call::reap { .. }
						| pallet_policy::Call::set_own_store_allowance { .. }
						| pallet_policy::Call::remove_own_store_allowance { .. },
					) => None,
					RuntimeCall::Policy(_) => Some(KeyRelationship::Authentication),
					// A sealed commitment names no DID: a plain signed call, never authorized
					// by one (which would tie the DID to the root on chain).
					RuntimeCall::Envelope(pallet_envelope::Call::commit_sealed { .. }) => None,
					// A signed envelope authorizes itself, submitted by the DID's funder:
					// a plain signed call, the DID call it does without.
					RuntimeCall::Envelope(pallet_envelope::Call::commit_signed { .. }) => None,
					// Messages and receipts are statements of the DID: its assertion key,
					// the same that signs each envelope.
					RuntimeCall::Envelope(_) => Some(KeyRelationship::AssertionMethod),
					RuntimeCall::System(
						frame_system::Call::remark { .. }
						| frame_system::Call::remark_with_event { .. },
					) => Some(KeyRelationship::AssertionMethod),
					_ => None,
				}
			}
		}

		impl $crate::reexport::pallet_consent::Config for crate::Runtime {
			type EnsureDidOrigin = $crate::reexport::missive_primitives::did::EnsureDid<
				$crate::reexport::missive_primitives::AccountId,
			>;
			type Dids = crate::Did;
			// Wall-clock time, for expiries users state as dates: on the solochain the
			// block author's clock, on the parachain the relay chain's.
			type Time = crate::Timestamp;
			type RuntimeHoldReason = crate::RuntimeHoldReason;
			type Currency = crate::Balances;
			type GrantDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::CONSENT_GRANT_DEPOSIT },
			>;
			type RequestDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::CONSENT_REQUEST_DEPOSIT },
			>;
			type ContactDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::CONSENT_CONTACT_DEPOSIT },
			>;
			type RequestLifetime = RequestLifetime;
			type WeightInfo =
				$crate::reexport::pallet_consent::weights::SubstrateWeight<crate::Runtime>;
		}

		impl $crate::reexport::pallet_policy::Config for crate::Runtime {
			type EnsureDidOrigin = $crate::reexport::missive_primitives::did::EnsureDid<
				$crate::reexport::missive_primitives::AccountId,
			>;
			type AdminOrigin = $crate::reexport::frame_system::EnsureRoot<
				$crate::reexport::missive_primitives::AccountId,
			>;
			type Dids = crate::Did;
			type Consent = crate::Consent;
			type RuntimeHoldReason = crate::RuntimeHoldReason;
			type Currency = crate::Balances;
			type InboxPolicyDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::POLICY_INBOX_DEPOSIT },
			>;
			type AllowanceDepositPerStatement = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::POLICY_DEPOSIT_PER_STATEMENT },
			>;
			type AllowanceDepositPerByte = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::POLICY_DEPOSIT_PER_BYTE },
			>;
			type DefaultParameters = DefaultPolicyParameters;
			type MaxStoreGranted = $crate::parameters::MaxStoreGranted;
			type WeightInfo =
				$crate::reexport::pallet_policy::weights::SubstrateWeight<crate::Runtime>;
		}

		impl $crate::reexport::pallet_envelope::Config for crate::Runtime {
			type EnsureDidOrigin = $crate::reexport::missive_primitives::did::EnsureDid<
				$crate::reexport::missive_primitives::AccountId,
			>;
			type Dids = crate::Did;
			type Policy = crate::Policy;
			type RuntimeHoldReason = crate::RuntimeHoldReason;
			type Currency = crate::Balances;
			type CommitmentDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::ENVELOPE_COMMITMENT_DEPOSIT },
			>;
			type BatchDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::ENVELOPE_BATCH_DEPOSIT },
			>;
			type SealedDeposit = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::ENVELOPE_SEALED_DEPOSIT },
			>;
			type FeePerLeaf = $crate::reexport::frame_support::traits::ConstU128<
				{ $crate::parameters::ENVELOPE_FEE_PER_LEAF },
			>;
			type MaxPrunedPerBlock = $crate::reexport::frame_support::traits::ConstU32<
				{ $crate::parameters::ENVELOPE_MAX_PRUNED_PER_BLOCK },
			>;
			type WeightInfo =
				$crate::reexport::pallet_envelope::weights::SubstrateWeight<crate::Runtime>;
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkHelper = EnvelopeBenchmarkHelper;
		}

		/// Gives the envelope benchmarks a sender DID with an assertion key they can sign
		/// with, funded by their submitter.
		#[cfg(feature = "runtime-benchmarks")]
		pub struct EnvelopeBenchmarkHelper;

		#[cfg(feature = "runtime-benchmarks")]
		impl
			$crate::reexport::pallet_envelope::BenchmarkHelper<
				$crate::reexport::missive_primitives::AccountId,
			> for EnvelopeBenchmarkHelper
		{
			fn set_assertion_key(
				did: &$crate::reexport::missive_primitives::did::DidId,
				key: $crate::reexport::missive_primitives::did::DidVerificationKey,
				funder: &$crate::reexport::missive_primitives::AccountId,
			) {
				$crate::reexport::pallet_did::Pallet::<crate::Runtime>::benchmark_set_assertion_key(
					*did, key, funder,
				)
			}
		}
	};
}

//! The shared pallets' configuration, expanded inside each runtime.

/// Implements `Config` for the pallets every Missive runtime has — Balances,
/// TransactionPayment, Sudo, Utility, Did, Consent, Policy, Envelope — and the DID call
/// roles, for the calling crate's `Runtime`, in a module of their own
/// (`missive_pallets`) that names what it uses once; the lifetimes the runtime's tests
/// read are re-exported beside the macro call.
///
/// The calling crate declares those pallets under these names, with `Timestamp` (the
/// consent pallet's clock), its `BLOCK_TIME`, and the `runtime-benchmarks` feature.
// `crate::` names the expanding runtime's items, on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! impl_missive_pallets {
	() => {
		pub use missive_pallets::{
			DefaultPolicyParameters, MaxCallValidity, MinRecoveryDelay, RecoveryApprovalPeriod,
			RequestLifetime,
		};

		/// The shared pallets' configuration, from `missive_runtime_common`.
		mod missive_pallets {
			use crate::{
				Balances, Consent, Did, OriginCaller, Policy, Runtime, RuntimeCall, RuntimeEvent,
				RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, System, Timestamp,
				BLOCK_TIME,
			};
			use $crate::reexport::{
				frame_support::{
					parameter_types,
					traits::{ConstU128, ConstU32, ConstU8, Get, VariantCountOf},
					weights::IdentityFee,
				},
				frame_system::EnsureRoot,
				missive_primitives::{
					currency::EXISTENTIAL_DEPOSIT,
					did::{EnsureDid, KeyRelationship},
					policy::PolicyParameters,
					AccountId, Balance, BlockNumber,
				},
				pallet_balances, pallet_consent, pallet_did, pallet_envelope, pallet_policy,
				pallet_sudo, pallet_transaction_payment, pallet_utility,
			};
			use $crate::{parameters::*, weights};

			// The shared lifetimes and windows, counted in this runtime's blocks.
			parameter_types! {
				pub const MaxCallValidity: BlockNumber = max_call_validity(BLOCK_TIME);
				// Root may change it (`system.set_storage` of `twox_128(":MinRecoveryDelay:")`):
				// governance, or a development chain's tests, which cannot wait a day.
				pub storage MinRecoveryDelay: BlockNumber = min_recovery_delay(BLOCK_TIME);
				pub const RecoveryApprovalPeriod: BlockNumber =
					recovery_approval_period(BLOCK_TIME);
				pub const RequestLifetime: BlockNumber = request_lifetime(BLOCK_TIME);
				pub const DefaultPolicyParameters: PolicyParameters<BlockNumber> =
					default_policy_parameters(BLOCK_TIME);
			}

			/// The longest a message may be retained (the policy parameters' maximum): a
			/// revoked key's record is kept this long, so every retained message verifies.
			pub struct LongestRetention;
			impl Get<BlockNumber> for LongestRetention {
				fn get() -> BlockNumber {
					pallet_policy::Parameters::<Runtime>::get().max_retention
				}
			}

			impl pallet_balances::Config for Runtime {
				type RuntimeEvent = RuntimeEvent;
				type RuntimeHoldReason = RuntimeHoldReason;
				type RuntimeFreezeReason = RuntimeFreezeReason;
				type WeightInfo = weights::pallet_balances::WeightInfo<Runtime>;
				type Balance = Balance;
				type DustRemoval = ();
				type ExistentialDeposit = ConstU128<{ EXISTENTIAL_DEPOSIT }>;
				type AccountStore = System;
				type ReserveIdentifier = [u8; 8];
				type FreezeIdentifier = RuntimeFreezeReason;
				type MaxLocks = ConstU32<50>;
				type MaxReserves = ConstU32<50>;
				type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
				type DoneSlashHandler = ();
			}

			impl pallet_transaction_payment::Config for Runtime {
				type RuntimeEvent = RuntimeEvent;
				type OnChargeTransaction =
					pallet_transaction_payment::FungibleAdapter<Balances, ()>;
				type OperationalFeeMultiplier = ConstU8<5>;
				// One planck per unit of ref time and per byte: a transfer costs well under a
				// milli-token, cheap enough for messaging while still pricing spam.
				type WeightToFee = IdentityFee<Balance>;
				type LengthToFee = IdentityFee<Balance>;
				type FeeMultiplierUpdate =
					pallet_transaction_payment::ConstFeeMultiplier<FeeMultiplier>;
				type WeightInfo = weights::pallet_transaction_payment::WeightInfo<Runtime>;
			}

			impl pallet_sudo::Config for Runtime {
				type RuntimeEvent = RuntimeEvent;
				type RuntimeCall = RuntimeCall;
				type WeightInfo = weights::pallet_sudo::WeightInfo<Runtime>;
			}

			impl pallet_utility::Config for Runtime {
				type RuntimeEvent = RuntimeEvent;
				type RuntimeCall = RuntimeCall;
				type PalletsOrigin = OriginCaller;
				type WeightInfo = weights::pallet_utility::WeightInfo<Runtime>;
			}

			impl pallet_did::Config for Runtime {
				type RuntimeCall = RuntimeCall;
				type DidCallOrigin = RuntimeOrigin;
				type EnsureDidOrigin = EnsureDid<AccountId>;
				type RuntimeHoldReason = RuntimeHoldReason;
				type Currency = Balances;
				type BaseDeposit = ConstU128<{ DID_BASE_DEPOSIT }>;
				type KeyDeposit = ConstU128<{ DID_KEY_DEPOSIT }>;
				type ServiceDeposit = ConstU128<{ DID_SERVICE_DEPOSIT }>;
				type RecoveryDeposit = ConstU128<{ DID_RECOVERY_DEPOSIT }>;
				type TombstoneDeposit = ConstU128<{ DID_TOMBSTONE_DEPOSIT }>;
				type MaxCallValidity = MaxCallValidity;
				type MinRecoveryDelay = MinRecoveryDelay;
				type RecoveryApprovalPeriod = RecoveryApprovalPeriod;
				type KeyRetention = LongestRetention;
				type WeightInfo = pallet_did::weights::SubstrateWeight<Runtime>;
				// A deactivated DID's off-chain store allowance is withdrawn in the same call.
				type OnDeactivated = Policy;
			}

			/// The key a DID must sign a call with: its authentication key to manage itself
			/// and decide who may contact it (consent, inbox policy), its assertion key to make
			/// statements (remarks, envelopes, receipts). Calls not listed (signed or root
			/// calls) cannot be DID-authorized.
			impl pallet_did::DidCallRole for RuntimeCall {
				fn did_call_role(&self) -> Option<KeyRelationship> {
					use $crate::reexport::frame_system;
					match self {
						RuntimeCall::Did(
							pallet_did::Call::create { .. }
							| pallet_did::Call::submit_did_call { .. }
							| pallet_did::Call::complete_recovery { .. }
							| pallet_did::Call::reap_retained_keys { .. },
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

			impl pallet_consent::Config for Runtime {
				type EnsureDidOrigin = EnsureDid<AccountId>;
				type Dids = Did;
				// Wall-clock time, for expiries users state as dates: on the solochain the
				// block author's clock, on the parachain the relay chain's.
				type Time = Timestamp;
				type RuntimeHoldReason = RuntimeHoldReason;
				type Currency = Balances;
				type GrantDeposit = ConstU128<{ CONSENT_GRANT_DEPOSIT }>;
				type RequestDeposit = ConstU128<{ CONSENT_REQUEST_DEPOSIT }>;
				type ContactDeposit = ConstU128<{ CONSENT_CONTACT_DEPOSIT }>;
				type RequestLifetime = RequestLifetime;
				type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
			}

			impl pallet_policy::Config for Runtime {
				type EnsureDidOrigin = EnsureDid<AccountId>;
				type AdminOrigin = EnsureRoot<AccountId>;
				type Dids = Did;
				type Consent = Consent;
				type RuntimeHoldReason = RuntimeHoldReason;
				type Currency = Balances;
				type InboxPolicyDeposit = ConstU128<{ POLICY_INBOX_DEPOSIT }>;
				type AllowanceDepositPerStatement = ConstU128<{ POLICY_DEPOSIT_PER_STATEMENT }>;
				type AllowanceDepositPerByte = ConstU128<{ POLICY_DEPOSIT_PER_BYTE }>;
				type DefaultParameters = DefaultPolicyParameters;
				type MaxStoreGranted = MaxStoreGranted;
				type WeightInfo = pallet_policy::weights::SubstrateWeight<Runtime>;
			}

			impl pallet_envelope::Config for Runtime {
				type EnsureDidOrigin = EnsureDid<AccountId>;
				type Dids = Did;
				type Policy = Policy;
				type RuntimeHoldReason = RuntimeHoldReason;
				type Currency = Balances;
				type CommitmentDeposit = ConstU128<{ ENVELOPE_COMMITMENT_DEPOSIT }>;
				type BatchDeposit = ConstU128<{ ENVELOPE_BATCH_DEPOSIT }>;
				type SealedDeposit = ConstU128<{ ENVELOPE_SEALED_DEPOSIT }>;
				type FeePerLeaf = ConstU128<{ ENVELOPE_FEE_PER_LEAF }>;
				type MaxPrunedPerBlock = ConstU32<{ ENVELOPE_MAX_PRUNED_PER_BLOCK }>;
				type WeightInfo = pallet_envelope::weights::SubstrateWeight<Runtime>;
				#[cfg(feature = "runtime-benchmarks")]
				type BenchmarkHelper = EnvelopeBenchmarkHelper;
			}

			/// Gives the envelope benchmarks a sender DID with an assertion key they can sign
			/// with, funded by their submitter.
			#[cfg(feature = "runtime-benchmarks")]
			pub struct EnvelopeBenchmarkHelper;

			#[cfg(feature = "runtime-benchmarks")]
			impl pallet_envelope::BenchmarkHelper<AccountId> for EnvelopeBenchmarkHelper {
				fn set_assertion_key(
					did: &$crate::reexport::missive_primitives::did::DidId,
					key: $crate::reexport::missive_primitives::did::DidVerificationKey,
					funder: &AccountId,
				) {
					pallet_did::Pallet::<Runtime>::benchmark_set_assertion_key(*did, key, funder)
				}
			}
		}
	};
}

//! The node's JSON-RPC methods beyond Substrate's standard set (`chain_*`,
//! `state_*`, `author_*`, `system_*` are added by the service itself).

mod consent;
mod did;
mod envelope;
mod proof;
mod statement;

use std::sync::Arc;

use jsonrpsee::RpcModule;
use missive_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use sc_client_api::{BlockBackend, ProofProvider};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client, for state and runtime API calls.
	pub client: Arc<C>,
	/// The transaction pool, for nonces that count pending transactions.
	pub pool: Arc<P>,
	/// The statement store, where message ciphertext rests off chain.
	pub statement_store: Arc<sc_statement_store::Store>,
	/// Runs subscriptions' tasks.
	pub subscription_executor: sc_rpc::SubscriptionTaskExecutor,
}

/// All of the node's RPC methods: `system_accountNextIndex`, `system_dryRun`,
/// `payment_queryInfo`, `payment_queryFeeDetails`, `did_resolve`,
/// `did_resolveWithProof`, `consent_check`, `consent_grants`, `consent_proveGrant`,
/// `envelope_get`, `envelope_inbox`, `envelope_verifyInclusion`, `envelope_prove`,
/// and the statement store's `statement_submit` and `statement_subscribeStatement` (which
/// refuses a subscription to every statement where unsafe methods are denied).
pub fn create_full<C, P>(
	FullDeps { client, pool, statement_store, subscription_executor }: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ BlockBackend<Block>
		+ ProofProvider<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BlockBuilder<Block>
		+ missive_primitives::runtime_api::DidApi<Block, BlockNumber>
		+ missive_primitives::runtime_api::ConsentApi<Block>
		+ missive_primitives::runtime_api::EnvelopeApi<Block>,
	P: TransactionPool + 'static,
{
	use consent::{ConsentRpc, ConsentRpcApiServer};
	use did::{DidRpc, DidRpcApiServer};
	use envelope::{EnvelopeRpc, EnvelopeRpcApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_rpc::statement::{StatementApiServer, StatementStore};
	use statement::GuardedStatementStore;
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(DidRpc::new(client.clone()).into_rpc())?;
	module.merge(ConsentRpc::new(client.clone()).into_rpc())?;
	module.merge(EnvelopeRpc::new(client).into_rpc())?;
	let store = StatementStore::new(statement_store, subscription_executor.clone());
	module.merge(GuardedStatementStore::new(store, subscription_executor).into_rpc())?;
	Ok(module)
}

//! The chain, as a client sees it: transactions and their events through subxt, typed
//! from the runtime's metadata (`client/metadata/missive.scale`, checked against the
//! runtime by its tests); runtime APIs through `state_call` with the shared
//! `missive-primitives` types; the statement store and Missive's own RPC through
//! jsonrpsee.
//!
//! The typed API takes Missive's own types wherever the runtime does (DIDs, keys,
//! signatures, scopes, policies, envelopes): the metadata names them and they are
//! substituted by the `missive-primitives` definitions, so there is one definition of
//! each, shared with the runtime and the node.

use std::{
	collections::{BTreeMap, HashMap},
	sync::Mutex,
};

use codec::{Decode, Encode};
use futures::StreamExt;
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use missive_primitives::{
	did::{DidAuthorizedCall, DidId, DidSignature, KeyRelationship},
	runtime_api::DidResolution,
	time, BlockNumber,
};
use serde_json::Value;
use sp_core::{crypto::Ss58Codec, sr25519, Pair, H256};
use sp_statement_store::{
	Statement, StatementAllowance, StatementEvent, SubmitResult, TopicFilter,
};
use subxt::{
	backend::BlockRef,
	config::{
		substrate::{DigestItem, SubstrateHeader},
		DefaultExtrinsicParamsBuilder,
	},
	tx::{Payload, TransactionStatus},
	utils::{AccountId32, MultiSignature, Static},
	OnlineClient, PolkadotConfig,
};

use crate::keys::Identity;

// The macro below reads this file without telling cargo: including it makes the client
// rebuild whenever the runtime's metadata is regenerated.
const _METADATA: &[u8] = include_bytes!("../metadata/missive.scale");

/// The typed API generated from Missive's metadata.
#[subxt::subxt(
	runtime_metadata_path = "metadata/missive.scale",
	derive_for_all_types = "::subxt::ext::codec::Encode, ::subxt::ext::codec::Decode",
	substitute_type(
		path = "missive_primitives::did::DidId",
		with = "::subxt::utils::Static<::missive_primitives::did::DidId>"
	),
	substitute_type(
		path = "missive_primitives::did::DidSignature",
		with = "::subxt::utils::Static<::missive_primitives::did::DidSignature>"
	),
	substitute_type(
		path = "missive_primitives::did::DidVerificationKey",
		with = "::subxt::utils::Static<::missive_primitives::did::DidVerificationKey>"
	),
	substitute_type(
		path = "missive_primitives::did::DidEncryptionKey",
		with = "::subxt::utils::Static<::missive_primitives::did::DidEncryptionKey>"
	),
	substitute_type(
		path = "missive_primitives::did::KeyRelationship",
		with = "::subxt::utils::Static<::missive_primitives::did::KeyRelationship>"
	),
	substitute_type(
		path = "missive_primitives::did::DidCreation",
		with = "::subxt::utils::Static<::missive_primitives::did::DidCreation<::subxt::utils::AccountId32>>"
	),
	substitute_type(
		path = "missive_primitives::did::DidAuthorizedCall",
		with = "::subxt::utils::Static<::missive_primitives::did::DidAuthorizedCall<crate::chain::runtime::runtime_types::missive_runtime::RuntimeCall, ::subxt::utils::AccountId32, u32>>"
	),
	substitute_type(
		path = "missive_primitives::consent::ConsentScope",
		with = "::subxt::utils::Static<::missive_primitives::consent::ConsentScope>"
	),
	substitute_type(
		path = "missive_primitives::consent::Expiry",
		with = "::subxt::utils::Static<::missive_primitives::consent::Expiry<u32>>"
	),
	substitute_type(
		path = "missive_primitives::policy::InboxPolicy",
		with = "::subxt::utils::Static<::missive_primitives::policy::InboxPolicy<u32>>"
	),
	substitute_type(
		path = "missive_primitives::envelope::SignedEnvelope",
		with = "::subxt::utils::Static<::missive_primitives::envelope::SignedEnvelope>"
	),
	substitute_type(
		path = "missive_primitives::did::RecoveryConfig",
		with = "::subxt::utils::Static<::missive_primitives::did::RecoveryConfig<u32>>"
	),
	substitute_type(
		path = "missive_primitives::did::KeyRecord",
		with = "::subxt::utils::Static<::missive_primitives::did::KeyRecord<u32>>"
	),
	substitute_type(
		path = "missive_primitives::runtime_api::DidResolution",
		with = "::subxt::utils::Static<::missive_primitives::runtime_api::DidResolution<u32>>"
	),
	substitute_type(
		path = "missive_primitives::runtime_api::ConsentStatus",
		with = "::subxt::utils::Static<::missive_primitives::runtime_api::ConsentStatus>"
	),
	substitute_type(
		path = "missive_primitives::runtime_api::GrantEntry",
		with = "::subxt::utils::Static<::missive_primitives::runtime_api::GrantEntry>"
	),
	substitute_type(
		path = "missive_primitives::runtime_api::InboxEntry",
		with = "::subxt::utils::Static<::missive_primitives::runtime_api::InboxEntry>"
	),
	substitute_type(
		path = "missive_primitives::policy::PolicyParameters",
		with = "::subxt::utils::Static<::missive_primitives::policy::PolicyParameters<u32>>"
	),
	substitute_type(
		path = "missive_primitives::policy::EffectiveInboxPolicy",
		with = "::subxt::utils::Static<::missive_primitives::policy::EffectiveInboxPolicy<u32>>"
	),
	substitute_type(
		path = "missive_primitives::policy::Violation",
		with = "::subxt::utils::Static<::missive_primitives::policy::Violation>"
	),
	substitute_type(
		path = "missive_primitives::policy::Destination",
		with = "::subxt::utils::Static<::missive_primitives::policy::Destination>"
	),
	substitute_type(
		path = "missive_primitives::envelope::Commitment",
		with = "::subxt::utils::Static<::missive_primitives::runtime_api::CommitmentOf>"
	),
	substitute_type(
		path = "missive_primitives::envelope::BatchCommitment",
		with = "::subxt::utils::Static<::missive_primitives::runtime_api::BatchCommitmentOf>"
	),
	substitute_type(
		path = "missive_primitives::envelope::SealedCommitment",
		with = "::subxt::utils::Static<::missive_primitives::runtime_api::SealedCommitmentOf>"
	),
	substitute_type(
		path = "missive_primitives::envelope::ReceiptStatus",
		with = "::subxt::utils::Static<::missive_primitives::envelope::ReceiptStatus>"
	)
)]
pub mod runtime {}

/// The runtime's call enum, as the typed API generates it.
pub use runtime::runtime_types::missive_runtime::RuntimeCall;

/// subxt's view of the chain: Missive's account, address, signature, header and
/// transaction extensions are Polkadot's.
pub type ChainConfig = PolkadotConfig;

/// Builds, signs and submits transactions at one block.
type Transactions =
	subxt::tx::TransactionsClient<ChainConfig, subxt::client::OnlineClientAtBlockImpl<ChainConfig>>;

/// Blocks a DID-authorized call stays valid for (the runtime allows up to an hour).
pub const DID_CALL_VALIDITY: BlockNumber = 100;
/// Blocks a transaction stays valid for after the block it names.
pub const MORTALITY: u64 = 64;

/// Why a chain operation did not happen.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ChainError {
	#[error("cannot reach the node at {url}: {reason}")]
	Connect { url: String, reason: String },
	#[error("{method}: {reason}")]
	Rpc { method: String, reason: String },
	/// The chain executed the transaction and refused it: `Pallet::Error`.
	#[error("refused by the chain: {0}")]
	Refused(String),
	/// The transaction never made it into a block (invalid, dropped, ...).
	#[error("not included: {0}")]
	NotIncluded(String),
	#[error("unexpected answer from the chain: {0}")]
	Unexpected(String),
	#[error("DID {0} is not active on this chain")]
	DidNotActive(DidId),
}

fn unexpected(error: impl std::fmt::Display) -> ChainError {
	ChainError::Unexpected(error.to_string())
}

/// How long [`Chain::submit`] waits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Wait {
	/// Until the transaction is in a best block and succeeded there.
	InBlock,
	/// Until the block with the transaction is finalized.
	Finalized,
}

/// Where a transaction landed.
#[derive(Clone, Copy, Debug)]
pub struct Included {
	pub block_hash: H256,
	pub block_number: BlockNumber,
	pub extrinsic_hash: H256,
}

/// Signs for subxt with an sp-core sr25519 key (the client's keys are sp-core's).
pub struct AccountSigner<'a>(pub &'a sr25519::Pair);

impl subxt::tx::Signer<ChainConfig> for AccountSigner<'_> {
	fn account_id(&self) -> AccountId32 {
		AccountId32(self.0.public().0)
	}

	fn sign(&self, payload: &[u8]) -> MultiSignature {
		MultiSignature::Sr25519(self.0.sign(payload).0)
	}
}

/// The account id of an sr25519 key, as the chain knows it.
pub fn account_of(pair: &sr25519::Pair) -> AccountId32 {
	AccountId32(pair.public().0)
}

/// A connection to one Missive node.
pub struct Chain {
	pub api: OnlineClient<ChainConfig>,
	pub rpc: WsClient,
	pub genesis_hash: H256,
	/// Aura's slot duration, in milliseconds: one block per slot at most. Spans the
	/// runtime counts in blocks (retention, windows) are this long per block.
	pub slot_duration_ms: u64,
	url: String,
	/// The next nonce of each DID this client authorized calls for, so that several
	/// calls can be in flight at once.
	did_nonces: Mutex<HashMap<DidId, u64>>,
	/// The nonces of each account this client signs transactions for (see
	/// [`AccountNonces`]).
	account_nonces: Mutex<BTreeMap<AccountId32, AccountNonces>>,
	/// Held while a DID's calls take their DID nonces and account nonces, so that two
	/// submissions cannot take them in opposite orders (the chain wants DID nonces in
	/// order).
	did_submission: tokio::sync::Mutex<()>,
}

/// What the client knows of an account's nonces beside the node's count
/// (`system_accountNextIndex`), which can lag behind a transaction just included in a
/// block while the pool still holds it: a nonce taken twice is refused ("Priority is too
/// low").
#[derive(Default)]
struct AccountNonces {
	/// One past the highest nonce known to be used: its transaction was in a block.
	used_below: u64,
	/// The next nonce to hand out while reservations are open.
	next: u64,
	/// Submissions that took nonces and have not ended. Once none is open, a nonce a
	/// failed submission left unused is handed out again by the node's count.
	open: usize,
}

impl AccountNonces {
	/// Opens a reservation of `count` nonces; returns the first. `from_node` is the
	/// node's next nonce for the account.
	fn reserve(&mut self, from_node: u64, count: u64) -> u64 {
		let mut first = from_node.max(self.used_below);
		if self.open > 0 {
			first = first.max(self.next);
		}
		self.next = first + count;
		self.open += 1;
		first
	}

	/// Closes a reservation that began at `first`, with one result per nonce: each
	/// transaction in a block (accepted, or refused by the chain) used its nonce.
	fn close(&mut self, first: u64, results: &[Result<Included, ChainError>]) {
		self.open = self.open.saturating_sub(1);
		for (nonce, result) in (first..).zip(results) {
			if matches!(result, Ok(_) | Err(ChainError::Refused(_))) {
				self.used_below = self.used_below.max(nonce + 1);
			}
		}
	}
}

impl Chain {
	/// Connects to the node's WebSocket RPC at `url`.
	pub async fn connect(url: &str) -> Result<Self, ChainError> {
		let connect_error = |reason: String| ChainError::Connect { url: url.to_owned(), reason };
		let rpc = WsClientBuilder::default()
			.request_timeout(std::time::Duration::from_secs(120))
			.max_buffer_capacity_per_subscription(4096)
			.build(url)
			.await
			.map_err(|e| connect_error(e.to_string()))?;
		// The legacy backend: the node tracks each transaction (`author_submitAndWatch`).
		// With subxt's chainHead backend (which maps transaction events onto its own
		// `chainHead_v1_follow` subscription) 37 of 70 concurrently watched transactions
		// got in and the other 33 were never submitted nor reported, on this node.
		let transport = subxt::rpcs::RpcClient::from_insecure_url(url)
			.await
			.map_err(|e| connect_error(e.to_string()))?;
		let backend = subxt::backend::LegacyBackend::<ChainConfig>::builder().build(transport);
		let api = OnlineClient::<ChainConfig>::from_backend(std::sync::Arc::new(backend))
			.await
			.map_err(|e| connect_error(e.to_string()))?;
		let genesis_hash = api.genesis_hash();
		let mut chain = Self {
			api,
			rpc,
			genesis_hash,
			slot_duration_ms: 0,
			url: url.to_owned(),
			did_nonces: Default::default(),
			account_nonces: Default::default(),
			did_submission: Default::default(),
		};
		let (_, best) = chain.best().await?;
		chain.slot_duration_ms =
			chain.call(runtime::runtime_apis().aura_api().slot_duration(), best).await?.0;
		Ok(chain)
	}

	/// The wall-clock length of `blocks` blocks at the chain's block time.
	pub fn duration_of(&self, blocks: BlockNumber) -> std::time::Duration {
		std::time::Duration::from_millis(u64::from(blocks).saturating_mul(self.slot_duration_ms))
	}

	pub fn url(&self) -> &str {
		&self.url
	}

	/// Calls one of the node's RPC methods.
	pub async fn rpc<R: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: jsonrpsee::core::params::ArrayParams,
	) -> Result<R, ChainError> {
		self.rpc
			.request(method, params)
			.await
			.map_err(|e| ChainError::Rpc { method: method.to_owned(), reason: e.to_string() })
	}

	/// The best block: number and hash.
	pub async fn best(&self) -> Result<(BlockNumber, H256), ChainError> {
		let hash: H256 = self.rpc("chain_getBlockHash", rpc_params![]).await?;
		Ok((self.block_number(hash).await?, hash))
	}

	/// The finalized head: number and hash.
	pub async fn finalized(&self) -> Result<(BlockNumber, H256), ChainError> {
		let hash: H256 = self.rpc("chain_getFinalizedHead", rpc_params![]).await?;
		Ok((self.block_number(hash).await?, hash))
	}

	/// The number of block `hash`.
	pub async fn block_number(&self, hash: H256) -> Result<BlockNumber, ChainError> {
		let header: Value = self.rpc("chain_getHeader", rpc_params![hash]).await?;
		let number = header["number"]
			.as_str()
			.ok_or_else(|| unexpected(format!("no header for block {hash:?}")))?;
		BlockNumber::from_str_radix(number.trim_start_matches("0x"), 16).map_err(unexpected)
	}

	/// The hash of block `number` on the best chain.
	pub async fn block_hash(&self, number: BlockNumber) -> Result<H256, ChainError> {
		let hash: Option<H256> = self.rpc("chain_getBlockHash", rpc_params![number]).await?;
		hash.ok_or_else(|| unexpected(format!("no block #{number}")))
	}

	/// When block `number` of the best chain was authored, in Unix milliseconds.
	pub async fn block_time(&self, number: BlockNumber) -> Result<u64, ChainError> {
		self.block_time_at(Some(self.block_hash(number).await?)).await
	}

	/// When block `at` (the best block if `None`) was authored, in Unix milliseconds: the
	/// start of its Aura slot, from its header. Every node keeps headers (state at old
	/// blocks is pruned), and the runtime's timestamp of a block lies within its slot.
	pub async fn block_time_at(&self, at: Option<H256>) -> Result<u64, ChainError> {
		let header: SubstrateHeader<H256> = self.rpc("chain_getHeader", rpc_params![at]).await?;
		header
			.digest
			.logs
			.iter()
			.find_map(|item| match item {
				DigestItem::PreRuntime(engine, data) => {
					time::aura_slot_start(engine, data, self.slot_duration_ms)
				},
				_ => None,
			})
			.ok_or_else(|| unexpected(format!("block #{} names no Aura slot", header.number)))
	}

	/// Calls the runtime API `api` at block `at`. `api` comes from `runtime::runtime_apis()`,
	/// which subxt generates from the metadata, so the compiler checks the method's
	/// name, its arguments and the type of its answer.
	pub async fn call<Api>(&self, api: Api, at: H256) -> Result<Api::ReturnType, ChainError>
	where
		Api: subxt::runtime_apis::Payload,
		Api::ArgsType: Encode,
		Api::ReturnType: Decode,
	{
		// One `state_call`: no block header or metadata fetched per call, as subxt's
		// client-at-a-block would.
		let method = format!("{}_{}", api.trait_name(), api.method_name());
		let encoded = format!("0x{}", hex::encode(api.args().encode()));
		let result: String = self.rpc("state_call", rpc_params![&method, encoded, at]).await?;
		let bytes = hex::decode(result.trim_start_matches("0x")).map_err(unexpected)?;
		Api::ReturnType::decode(&mut &bytes[..]).map_err(|e| unexpected(format!("{method}: {e}")))
	}

	/// `did` as the chain has it at block `at`.
	pub async fn resolve_at(
		&self,
		did: &DidId,
		at: H256,
	) -> Result<DidResolution<BlockNumber>, ChainError> {
		Ok(self.call(runtime::runtime_apis().did_api().resolve(Static(*did)), at).await?.0)
	}

	/// The W3C DID Resolution result of `did` at the best block. Built here from
	/// `DidApi_resolve` by the code the node's `did_resolve` uses, so it is the same
	/// document from any node serving the runtime: Missive's own, or
	/// polkadot-omni-node (which has no custom RPC).
	pub async fn resolve_document(&self, did: &DidId) -> Result<Value, ChainError> {
		use missive_presentation::w3c;
		let (number, hash) = self.best().await?;
		let resolution = self.resolve_at(did, hash).await?;
		let times = match w3c::document_blocks(&resolution) {
			Some((created, updated)) => w3c::DocumentTimes {
				created: self.block_time(created).await.ok(),
				updated: self.block_time(updated).await.ok(),
			},
			None => Default::default(),
		};
		Ok(w3c::resolution_result_at(did, &resolution, times, hash, number))
	}

	/// The next nonce of `account`, counting its transactions in the node's pool.
	pub async fn next_nonce(&self, account: &sr25519::Pair) -> Result<u64, ChainError> {
		let ss58 = account.public().to_ss58check();
		self.rpc("system_accountNextIndex", rpc_params![ss58]).await
	}

	/// Opens a reservation of `count` consecutive nonces for `signer`'s next
	/// transactions and returns the first: the node's next nonce, raised past the nonces
	/// this client saw used and past those of its open reservations. Every reservation
	/// is closed by [`Self::close_nonces`].
	async fn reserve_nonces(&self, signer: &sr25519::Pair, count: u64) -> Result<u64, ChainError> {
		let from_node = self.next_nonce(signer).await?;
		let mut accounts = self.account_nonces.lock().expect("not poisoned");
		Ok(accounts.entry(account_of(signer)).or_default().reserve(from_node, count))
	}

	/// Closes a reservation of `signer`'s that began at `first` (see
	/// [`AccountNonces::close`]).
	fn close_nonces(
		&self,
		signer: &sr25519::Pair,
		first: u64,
		results: &[Result<Included, ChainError>],
	) {
		let mut accounts = self.account_nonces.lock().expect("not poisoned");
		if let Some(nonces) = accounts.get_mut(&account_of(signer)) {
			nonces.close(first, results);
		}
	}

	/// The free balance of `account` at the best block.
	pub async fn free_balance(&self, account: &AccountId32) -> Result<u128, ChainError> {
		let (_, best) = self.best().await?;
		let at = self.api.at_block(BlockRef::from_hash(best)).await.map_err(unexpected)?;
		let info = at
			.storage()
			.try_fetch(runtime::storage().system().account(), (*account,))
			.await
			.map_err(unexpected)?;
		match info {
			Some(value) => Ok(value.decode().map_err(unexpected)?.data.free),
			None => Ok(0),
		}
	}

	/// Whether `account` funds `did` (holds its deposit) at the best block: the account
	/// that may commit the DID's envelopes without a DID call (`envelope.commit_signed`).
	pub async fn funds_did(&self, account: &AccountId32, did: &DidId) -> Result<bool, ChainError> {
		let (_, best) = self.best().await?;
		let at = self.api.at_block(BlockRef::from_hash(best)).await.map_err(unexpected)?;
		let live = at
			.storage()
			.try_fetch(runtime::storage().did().live_dids(), (Static(*did),))
			.await
			.map_err(unexpected)?;
		match live {
			Some(value) => Ok(value.decode().map_err(unexpected)?.funder == *account),
			None => Ok(false),
		}
	}

	/// Signs `call` by `signer` with its next nonce and submits it; waits as `wait`
	/// says. A call the chain executes and refuses is [`ChainError::Refused`] with the
	/// pallet's error name.
	pub async fn submit(
		&self,
		call: &impl Payload,
		signer: &sr25519::Pair,
		wait: Wait,
	) -> Result<Included, ChainError> {
		let nonce = self.reserve_nonces(signer, 1).await?;
		let mut results =
			self.submit_reserved(std::slice::from_ref(call), signer, nonce, wait).await;
		results.pop().expect("one result per call")
	}

	/// Submits `payloads` with the nonces reserved from `first_nonce` on, all in flight
	/// at once, and closes the reservation. One result per payload, in order.
	async fn submit_reserved<P: Payload>(
		&self,
		payloads: &[P],
		signer: &sr25519::Pair,
		first_nonce: u64,
		wait: Wait,
	) -> Vec<Result<Included, ChainError>> {
		let results = match self.transactions().await {
			Ok(transactions) => {
				let submissions = payloads.iter().zip(first_nonce..).map(|(payload, nonce)| {
					self.submit_with(transactions.clone(), payload, signer, nonce, wait)
				});
				futures::future::join_all(submissions).await
			},
			Err(e) => {
				let reason = e.to_string();
				payloads.iter().map(|_| Err(ChainError::Unexpected(reason.clone()))).collect()
			},
		};
		self.close_nonces(signer, first_nonce, &results);
		results
	}

	/// A transaction builder at the finalized head (its mortality's checkpoint), shared
	/// by the transactions of one submission: each would otherwise read the head, its
	/// header and the runtime version again.
	async fn transactions(&self) -> Result<Transactions, ChainError> {
		Ok(self.api.at_current_block().await.map_err(unexpected)?.transactions())
	}

	/// [`Self::submit`] with `transactions` and `nonce` given.
	async fn submit_with(
		&self,
		mut transactions: Transactions,
		call: &impl Payload,
		signer: &sr25519::Pair,
		nonce: u64,
		wait: Wait,
	) -> Result<Included, ChainError> {
		let params = DefaultExtrinsicParamsBuilder::<ChainConfig>::new()
			.nonce(nonce)
			.mortal(MORTALITY)
			.build();
		let mut progress = transactions
			.sign_and_submit_then_watch(call, &AccountSigner(signer), params)
			.await
			.map_err(|e| ChainError::NotIncluded(e.to_string()))?;
		let extrinsic_hash = progress.extrinsic_hash();
		while let Some(status) = progress.next().await {
			let in_block = match status.map_err(|e| ChainError::NotIncluded(e.to_string()))? {
				TransactionStatus::InBestBlock(block) if wait == Wait::InBlock => block,
				TransactionStatus::InFinalizedBlock(block) => block,
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => return Err(ChainError::NotIncluded(message)),
				_ => continue,
			};
			let events = in_block.wait_for_success().await.map_err(refusal)?;
			let block_hash = in_block.block_hash();
			self.did_call_result(&events, block_hash).await?;
			return Ok(Included {
				block_hash,
				block_number: self.block_number(block_hash).await?,
				extrinsic_hash,
			});
		}
		Err(ChainError::NotIncluded("the node closed the transaction's status stream".into()))
	}

	/// Submits every one of `payloads`, signed by `signer`, all in flight at once:
	/// consecutive account nonces, so the pool orders them and they can share a block.
	/// One result per payload, in order.
	pub async fn submit_all(
		&self,
		payloads: Vec<impl Payload>,
		signer: &sr25519::Pair,
		wait: Wait,
	) -> Vec<Result<Included, ChainError>> {
		match self.reserve_nonces(signer, payloads.len() as u64).await {
			Ok(first_nonce) => self.submit_reserved(&payloads, signer, first_nonce, wait).await,
			Err(e) => {
				let reason = e.to_string();
				payloads.iter().map(|_| Err(ChainError::Unexpected(reason.clone()))).collect()
			},
		}
	}

	/// The inner call's result of a DID-authorized call (`Did::DidCallDispatched`), if
	/// `events` are one's: the chain uses the DID's nonce whatever the inner call does,
	/// and reports a refusal in that event rather than failing the extrinsic.
	async fn did_call_result(
		&self,
		events: &subxt::extrinsics::ExtrinsicEvents<ChainConfig>,
		block_hash: H256,
	) -> Result<(), ChainError> {
		let Some(dispatched) = events.find_first::<runtime::did::events::DidCallDispatched>()
		else {
			return Ok(());
		};
		let Err(error) = dispatched.map_err(unexpected)?.result else { return Ok(()) };
		let at = self.api.at_block(BlockRef::from_hash(block_hash)).await.map_err(unexpected)?;
		let error = subxt::error::DispatchError::decode_from(error.encode(), at.metadata())
			.map_err(unexpected)?;
		Err(refused(error))
	}

	/// The DID-authorized form of `calls`: `did.submit_did_call` with each call signed by
	/// `identity`'s current key of the role the calls need, with consecutive DID nonces,
	/// to be submitted (and paid for) by the identity's account.
	pub async fn did_calls(
		&self,
		identity: &Identity,
		role: KeyRelationship,
		calls: Vec<RuntimeCall>,
	) -> Result<Vec<impl Payload>, ChainError> {
		let did = identity.did();
		let (best, best_hash) = self.best().await?;
		let transaction_version = self
			.api
			.at_block(BlockRef::from_hash(best_hash))
			.await
			.map_err(unexpected)?
			.transaction_version();
		let key = self.current_key(identity, role).await?;
		let mut payloads = Vec::with_capacity(calls.len());
		for call in calls {
			let operation = DidAuthorizedCall {
				did,
				nonce: self.take_did_nonce(&did).await?,
				valid_from: best,
				valid_until: best + DID_CALL_VALIDITY,
				submitter: account_of(&identity.account),
				call,
			};
			let payload = operation.signing_payload(&self.genesis_hash, transaction_version);
			let signature = DidSignature::Sr25519(key.sign(&payload));
			payloads
				.push(runtime::tx().did().submit_did_call(Static(operation), Static(signature)));
		}
		Ok(payloads)
	}

	/// Submits `call` as `identity`'s DID authorizes it (see [`Chain::did_calls`]).
	pub async fn submit_as_did(
		&self,
		identity: &Identity,
		role: KeyRelationship,
		call: RuntimeCall,
		wait: Wait,
	) -> Result<Included, ChainError> {
		let mut results = self.submit_all_as_did(identity, role, vec![call], wait).await;
		results.pop().expect("one result per call")
	}

	/// Submits every one of `calls` as `identity`'s DID authorizes it, all in flight at
	/// once: consecutive DID nonces and account nonces, so the pool orders them and they
	/// can share a block. One result per call, in order. A call the chain refuses still
	/// uses its DID nonce, so the calls after it land; one that never gets into a block
	/// does not, and the calls after it are refused (`Did::InvalidNonce`).
	pub async fn submit_all_as_did(
		&self,
		identity: &Identity,
		role: KeyRelationship,
		calls: Vec<RuntimeCall>,
		wait: Wait,
	) -> Vec<Result<Included, ChainError>> {
		let count = calls.len();
		let prepared = async {
			let _in_order = self.did_submission.lock().await;
			let payloads = self.did_calls(identity, role, calls).await?;
			let first_nonce = self.reserve_nonces(&identity.account, count as u64).await?;
			Ok::<_, ChainError>((payloads, first_nonce))
		};
		let (payloads, first_nonce) = match prepared.await {
			Ok(prepared) => prepared,
			Err(e) => {
				// DID nonces may have been counted for calls that are not sent.
				self.reset_did_nonces();
				let reason = e.to_string();
				return (0..count).map(|_| Err(ChainError::Unexpected(reason.clone()))).collect();
			},
		};
		let results = self.submit_reserved(&payloads, &identity.account, first_nonce, wait).await;
		if results.iter().any(Result::is_err) {
			// The chain has not reached the nonces counted after a failed call.
			self.reset_did_nonces();
		}
		results
	}

	/// The nonce the DID's next authorized call carries: the chain's at the best block
	/// plus one, then counted here for calls still in flight.
	async fn take_did_nonce(&self, did: &DidId) -> Result<u64, ChainError> {
		if let Some(next) = self.did_nonces.lock().expect("not poisoned").get_mut(did) {
			let nonce = *next;
			*next += 1;
			return Ok(nonce);
		}
		let (_, best) = self.best().await?;
		let DidResolution::Active { document, .. } = self.resolve_at(did, best).await? else {
			return Err(ChainError::DidNotActive(*did));
		};
		let nonce = document.nonce + 1;
		self.did_nonces.lock().expect("not poisoned").insert(*did, nonce + 1);
		Ok(nonce)
	}

	/// Forgets the DID nonces counted here (after a failure, the chain's are read again).
	pub fn reset_did_nonces(&self) {
		self.did_nonces.lock().expect("not poisoned").clear();
	}

	/// The key `identity` signs `role` with now: the generation (see
	/// [`Identity::did_key`]) whose public key is the DID's current key of that role.
	pub async fn current_key(
		&self,
		identity: &Identity,
		role: KeyRelationship,
	) -> Result<sr25519::Pair, ChainError> {
		let generation = self.current_generation(identity, role).await?;
		Ok(identity.did_key(role, generation))
	}

	/// Which generation of `identity`'s `role` key the DID uses now.
	pub async fn current_generation(
		&self,
		identity: &Identity,
		role: KeyRelationship,
	) -> Result<u32, ChainError> {
		let did = identity.did();
		let (_, best) = self.best().await?;
		let DidResolution::Active { document, .. } = self.resolve_at(&did, best).await? else {
			return Err(ChainError::DidNotActive(did));
		};
		let current = document
			.signing_key(role)
			.ok_or_else(|| unexpected(format!("DID {did} has no {role:?} key")))?;
		(0..MAX_KEY_GENERATIONS)
			.find(|generation| {
				let public = identity.did_key(role, *generation).public();
				missive_primitives::did::DidPublicKey::Verification(
					missive_primitives::did::DidVerificationKey::Sr25519(public),
				)
				.id() == current
			})
			.ok_or_else(|| {
				unexpected(format!(
					"the DID's current {role:?} key is not one this phrase derives \
					 (generations 0..{MAX_KEY_GENERATIONS})"
				))
			})
	}

	/// How much the statement store may hold for `account`, as the best block says (no
	/// allowance is a zero one).
	pub async fn statement_allowance(
		&self,
		account: &sr25519::Public,
	) -> Result<StatementAllowance, ChainError> {
		let key = sp_statement_store::statement_allowance_key(account.0);
		let key = format!("0x{}", hex::encode(key));
		let value: Option<String> = self.rpc("state_getStorage", rpc_params![key]).await?;
		let Some(value) = value else { return Ok(StatementAllowance::default()) };
		let bytes = hex::decode(value.trim_start_matches("0x")).map_err(unexpected)?;
		StatementAllowance::decode(&mut &bytes[..]).map_err(unexpected)
	}

	/// Submits a statement to the node's store.
	pub async fn submit_statement(
		&self,
		statement: &Statement,
	) -> Result<SubmitResult, ChainError> {
		let encoded = format!("0x{}", hex::encode(statement.encode()));
		self.rpc("statement_submit", rpc_params![encoded]).await
	}

	/// One item each time the node imports a new best block or finalizes one: what a
	/// client watching its messages' commitments reacts to.
	pub async fn subscribe_heads(
		&self,
	) -> Result<futures::stream::BoxStream<'static, ()>, ChainError> {
		let subscribe = |method: &'static str, unsubscribe: &'static str| async move {
			self.rpc
				.subscribe::<serde_json::Value, _>(method, rpc_params![], unsubscribe)
				.await
				.map_err(|e| ChainError::Rpc { method: method.into(), reason: e.to_string() })
		};
		let best = subscribe("chain_subscribeNewHeads", "chain_unsubscribeNewHeads").await?;
		let finalized =
			subscribe("chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads").await?;
		Ok(Box::pin(futures::stream::select(best.map(|_| ()), finalized.map(|_| ()))))
	}

	/// Subscribes to the node's statements matching `filter`: those stored first, then
	/// every new one.
	pub async fn subscribe_statements(
		&self,
		filter: TopicFilter,
	) -> Result<Subscription<StatementEvent>, ChainError> {
		self.rpc
			.subscribe(
				"statement_subscribeStatement",
				rpc_params![filter],
				"statement_unsubscribeStatement",
			)
			.await
			.map_err(|e| ChainError::Rpc {
				method: "statement_subscribeStatement".into(),
				reason: e.to_string(),
			})
	}
}

/// Rotations of one key a client looks through to find the DID's current key.
pub const MAX_KEY_GENERATIONS: u32 = 64;

fn refusal(error: subxt::error::TransactionEventsError) -> ChainError {
	match error {
		subxt::error::TransactionEventsError::ExtrinsicFailed(dispatch) => refused(dispatch),
		other => ChainError::Unexpected(other.to_string()),
	}
}

/// [`ChainError::Refused`] with the pallet's error name (`Pallet::Error`).
fn refused(error: subxt::error::DispatchError) -> ChainError {
	match error {
		subxt::error::DispatchError::Module(module) => ChainError::Refused(module.details_string()),
		other => ChainError::Refused(other.to_string()),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn included() -> Result<Included, ChainError> {
		Ok(Included { block_hash: H256::zero(), block_number: 1, extrinsic_hash: H256::zero() })
	}

	#[test]
	fn a_nonce_used_in_a_block_is_not_handed_out_again_while_the_node_lags() {
		let mut nonces = AccountNonces::default();
		let first = nonces.reserve(5, 3);
		assert_eq!(first, 5);
		nonces.close(
			first,
			&[included(), Err(ChainError::Refused("Envelope::Closed".into())), included()],
		);
		// The node still counts 6: its pool held the transactions already in a block.
		assert_eq!(nonces.reserve(6, 1), 8);
	}

	#[test]
	fn open_reservations_never_share_a_nonce() {
		let mut nonces = AccountNonces::default();
		let a = nonces.reserve(0, 4);
		// Read before the first reservation's transactions reached the pool.
		let b = nonces.reserve(0, 2);
		let c = nonces.reserve(3, 1);
		assert_eq!((a, b, c), (0, 4, 6));
	}

	#[test]
	fn a_nonce_left_unused_is_taken_from_the_node_once_no_reservation_is_open() {
		let mut nonces = AccountNonces::default();
		let a = nonces.reserve(0, 2);
		let b = nonces.reserve(0, 1);
		// Nonce 1 is dropped; nonce 2, behind it, waits in the pool's future queue.
		nonces.close(a, &[included(), Err(ChainError::NotIncluded("dropped".into()))]);
		// A reservation is still open: the next one goes above it.
		let c = nonces.reserve(1, 1);
		assert_eq!(c, 3);
		nonces.close(b, &[Err(ChainError::NotIncluded("expired behind the gap".into()))]);
		nonces.close(c, &[Err(ChainError::NotIncluded("expired behind the gap".into()))]);
		// None open: the node's count fills the gap the dropped transaction left.
		assert_eq!(nonces.reserve(1, 1), 1);
	}
}

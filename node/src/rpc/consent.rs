//! `consent_check`, `consent_grants` and `consent_proveGrant`: consent between DIDs over
//! JSON-RPC, the last with a storage proof at a finalized block (proof of consent).

use std::sync::Arc;

use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
};
use missive_presentation::consent;
use missive_primitives::{
	consent::ConsentScope,
	did::DidId,
	runtime_api::{ConsentApi, MAX_GRANTS_PAGE},
	storage_keys,
};
use missive_runtime::{opaque::Block, BlockNumber};
use sc_client_api::ProofProvider;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;

use super::proof::{block_number, internal, invalid_params, StateProof};

/// Where a page of grants starts: after this grantee and scope.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GrantCursor {
	pub grantee: String,
	pub scope: String,
}

/// Paging options of `consent_grants`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GrantsOptions {
	pub start_after: Option<GrantCursor>,
	/// At most `MAX_GRANTS_PAGE` (the default).
	pub limit: Option<u32>,
	pub at: Option<H256>,
}

#[rpc(server)]
pub trait ConsentRpcApi {
	/// Whether `grantee` may do `scope` (`messaging`, `conversation:0x…`,
	/// `data:<purpose>`) with `grantor`, at block `at` (default: best).
	#[method(name = "consent_check")]
	fn check(
		&self,
		grantor: String,
		grantee: String,
		scope: String,
		at: Option<H256>,
	) -> RpcResult<Value>;

	/// A page of the grants `grantor` made; `next` is the cursor of the following page.
	#[method(name = "consent_grants")]
	fn grants(&self, grantor: String, options: Option<GrantsOptions>) -> RpcResult<Value>;

	/// The consent check at the finalized block, with a storage proof of every value it
	/// read (the grantor's contact entry for the grantee and the grants that could
	/// permit the scope).
	#[method(name = "consent_proveGrant")]
	fn prove_grant(&self, grantor: String, grantee: String, scope: String) -> RpcResult<Value>;
}

pub struct ConsentRpc<C> {
	client: Arc<C>,
}

impl<C> ConsentRpc<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn parse_did(text: &str) -> RpcResult<DidId> {
	text.parse().map_err(|e| invalid_params(format!("{text}: {e}")))
}

fn parse_scope(text: &str) -> RpcResult<ConsentScope> {
	text.parse().map_err(|e| invalid_params(format!("{text}: {e}")))
}

impl<C> ConsentRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: ConsentApi<Block>,
{
	fn number_of(&self, hash: H256) -> RpcResult<BlockNumber> {
		block_number(&*self.client, hash)
	}

	/// The check at `at`, as JSON with the block it describes.
	fn check_at(
		&self,
		grantor: DidId,
		grantee: DidId,
		scope: ConsentScope,
		at: H256,
	) -> RpcResult<Value> {
		let status =
			self.client.runtime_api().check(at, grantor, grantee, scope).map_err(internal)?;
		let mut value = consent::status(&status);
		value["grantor"] = json!(grantor.to_did_string());
		value["grantee"] = json!(grantee.to_did_string());
		value["scope"] = json!(scope.to_scope_string());
		value["blockHash"] = json!(at);
		value["blockNumber"] = json!(self.number_of(at)?);
		Ok(value)
	}
}

#[async_trait]
impl<C> ConsentRpcApiServer for ConsentRpc<C>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ ProofProvider<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: ConsentApi<Block>,
{
	fn check(
		&self,
		grantor: String,
		grantee: String,
		scope: String,
		at: Option<H256>,
	) -> RpcResult<Value> {
		let at = at.unwrap_or(self.client.info().best_hash);
		self.check_at(parse_did(&grantor)?, parse_did(&grantee)?, parse_scope(&scope)?, at)
	}

	fn grants(&self, grantor: String, options: Option<GrantsOptions>) -> RpcResult<Value> {
		let grantor = parse_did(&grantor)?;
		let options = options.unwrap_or_default();
		let limit = options.limit.unwrap_or(MAX_GRANTS_PAGE).min(MAX_GRANTS_PAGE);
		let start_after = match &options.start_after {
			Some(cursor) => Some((parse_did(&cursor.grantee)?, parse_scope(&cursor.scope)?)),
			None => None,
		};
		let at = options.at.unwrap_or(self.client.info().best_hash);
		let page =
			self.client.runtime_api().grants(at, grantor, start_after, limit).map_err(internal)?;
		// A full page may have a successor; the cursor is its last entry.
		let next = (limit > 0 && page.len() == limit as usize).then(|| page.last()).flatten().map(
			|last| json!({ "grantee": last.grantee.to_did_string(), "scope": last.scope.to_scope_string() }),
		);
		Ok(json!({
			"grantor": grantor.to_did_string(),
			"grants": page.iter().map(consent::grant_entry).collect::<Vec<_>>(),
			"next": next,
			"blockHash": at,
			"blockNumber": self.number_of(at)?,
		}))
	}

	fn prove_grant(&self, grantor: String, grantee: String, scope: String) -> RpcResult<Value> {
		let (grantor, grantee, scope) =
			(parse_did(&grantor)?, parse_did(&grantee)?, parse_scope(&scope)?);
		let at = self.client.info().finalized_hash;
		let mut value = self.check_at(grantor, grantee, scope, at)?;
		let keys = storage_keys::consent_check_keys(&grantor, &grantee, &scope);
		let proof = StateProof::read(&*self.client, at, self.number_of(at)?, keys)?;
		value["proof"] = serde_json::to_value(proof).map_err(internal)?;
		Ok(value)
	}
}

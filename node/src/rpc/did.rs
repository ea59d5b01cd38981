//! `did_resolve` and `did_resolveWithProof`: W3C DID Resolution over JSON-RPC.

use std::sync::Arc;

use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
};
use missive_presentation::w3c;
use missive_primitives::{
	did::DidId,
	runtime_api::{DidApi, DidResolution},
	storage_keys, time,
};
use missive_runtime::{opaque::Block, BlockNumber};
use sc_client_api::{BlockBackend, ProofProvider};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::DigestItem;

use super::proof::{block_number, internal, StateProof};

/// Resolution options: a past `versionId` of the document, the block to resolve at
/// (default: the best block for `did_resolve`, the finalized one with proof), and the
/// representation to return (`accept`: `application/did+ld+json` or
/// `application/did+json`, the document then serialized in `didDocumentStream`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResolutionOptions {
	pub version_id: Option<String>,
	pub at: Option<H256>,
	pub accept: Option<String>,
}

#[rpc(server)]
pub trait DidRpcApi {
	/// Resolves a `did:missive` DID to its W3C DID Resolution result.
	#[method(name = "did_resolve")]
	fn resolve(&self, did: String, options: Option<ResolutionOptions>) -> RpcResult<Value>;

	/// The same at a finalized block, with a storage proof of every value it read, so
	/// that a client can check the document without trusting this node. (The
	/// `created` and `updated` times come from block headers, not from state: the proof
	/// covers the blocks they name, `createdBlock` and `updatedBlock`.)
	#[method(name = "did_resolveWithProof")]
	fn resolve_with_proof(
		&self,
		did: String,
		options: Option<ResolutionOptions>,
	) -> RpcResult<Value>;
}

pub struct DidRpc<C> {
	client: Arc<C>,
}

impl<C> DidRpc<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

/// How a resolution request failed before reaching chain state: reported in
/// `didResolutionMetadata.error`, as W3C DID Resolution asks.
enum Refusal {
	InvalidDid,
	NotFound,
}

impl<C> DidRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + BlockBackend<Block> + 'static,
	C::Api: DidApi<Block, BlockNumber>,
{
	fn resolve_at(&self, did: DidId, at: H256) -> RpcResult<DidResolution<BlockNumber>> {
		self.client.runtime_api().resolve(at, did).map_err(internal)
	}

	/// When block `number` was authored: the start of its Aura slot, from its header
	/// (which every node keeps); `None` for genesis, which has no slot.
	fn time_of(&self, number: BlockNumber) -> RpcResult<Option<u64>> {
		let hash = self.hash_of(number)?;
		let header = self.client.header(hash).map_err(internal)?;
		Ok(header.and_then(|header| {
			header.digest.logs.iter().find_map(|item| match item {
				DigestItem::PreRuntime(engine, data) => {
					time::aura_slot_start(engine, data, missive_runtime::SLOT_DURATION)
				},
				_ => None,
			})
		}))
	}

	/// The times of a resolution's creation and last change, for its metadata.
	fn times_of(&self, resolution: &DidResolution<BlockNumber>) -> RpcResult<w3c::DocumentTimes> {
		let Some((created, updated)) = w3c::document_blocks(resolution) else {
			return Ok(Default::default());
		};
		let created_time = self.time_of(created)?;
		// A document never changed was last changed in its creation block.
		let updated_time = if updated == created { created_time } else { self.time_of(updated)? };
		Ok(w3c::DocumentTimes { created: created_time, updated: updated_time })
	}

	/// The resolution result of `did` at block `at`, number `number`, as a
	/// representation if `accept` asks for one.
	fn result_at(
		&self,
		did: DidId,
		resolution: &DidResolution<BlockNumber>,
		(at, number): (H256, BlockNumber),
		accept: Option<&str>,
	) -> RpcResult<Value> {
		let times = self.times_of(resolution)?;
		let result = w3c::resolution_result_at(&did, resolution, times, at, number);
		Ok(match accept {
			Some(accept) => w3c::representation_result(result, accept),
			None => result,
		})
	}

	fn number_of(&self, hash: H256) -> RpcResult<BlockNumber> {
		block_number(&*self.client, hash)
	}

	fn hash_of(&self, number: BlockNumber) -> RpcResult<H256> {
		self.client
			.hash(number)
			.map_err(internal)?
			.ok_or_else(|| internal(format!("no block number {number}")))
	}

	/// The block, at or before `at`, whose state holds `version` of the document:
	/// versions only grow, so a binary search over block numbers finds it. Needs the
	/// state of the blocks it visits (an archive node for old versions).
	fn block_of_version(
		&self,
		did: DidId,
		version: u32,
		at: H256,
	) -> RpcResult<Result<H256, Refusal>> {
		let version_at = |hash: H256| -> RpcResult<Option<u32>> {
			Ok(match self.resolve_at(did, hash)? {
				DidResolution::Active { document, .. } => Some(document.version),
				DidResolution::Deactivated { version, .. } => Some(version),
				DidResolution::NotFound => None,
			})
		};
		match version_at(at)? {
			Some(latest) if latest >= version => {},
			_ => return Ok(Err(Refusal::NotFound)),
		}
		// Find the first block whose version is >= `version`.
		let (mut low, mut high) = (0, self.number_of(at)?);
		while low < high {
			let mid = low + (high - low) / 2;
			match version_at(self.hash_of(mid)?)? {
				Some(v) if v >= version => high = mid,
				_ => low = mid + 1,
			}
		}
		let hash = self.hash_of(low)?;
		Ok(if version_at(hash)? == Some(version) { Ok(hash) } else { Err(Refusal::NotFound) })
	}

	/// Parses the DID and picks the block to resolve at.
	fn target(
		&self,
		did: &str,
		options: &ResolutionOptions,
		default_at: H256,
	) -> RpcResult<Result<(DidId, H256), Refusal>> {
		let Ok(did) = did.parse::<DidId>() else { return Ok(Err(Refusal::InvalidDid)) };
		let at = options.at.unwrap_or(default_at);
		let Some(version) = &options.version_id else { return Ok(Ok((did, at))) };
		let Ok(version) = version.parse::<u32>() else { return Ok(Err(Refusal::NotFound)) };
		Ok(self.block_of_version(did, version, at)?.map(|hash| (did, hash)))
	}
}

fn refusal_result(refusal: Refusal) -> Value {
	w3c::error_result(match refusal {
		Refusal::InvalidDid => "invalidDid",
		Refusal::NotFound => "notFound",
	})
}

#[async_trait]
impl<C> DidRpcApiServer for DidRpc<C>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockBackend<Block>
		+ ProofProvider<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: DidApi<Block, BlockNumber>,
{
	fn resolve(&self, did: String, options: Option<ResolutionOptions>) -> RpcResult<Value> {
		let best = self.client.info().best_hash;
		let options = options.unwrap_or_default();
		let (did, at) = match self.target(&did, &options, best)? {
			Ok(target) => target,
			Err(refusal) => return Ok(refusal_result(refusal)),
		};
		let resolution = self.resolve_at(did, at)?;
		self.result_at(did, &resolution, (at, self.number_of(at)?), options.accept.as_deref())
	}

	fn resolve_with_proof(
		&self,
		did: String,
		options: Option<ResolutionOptions>,
	) -> RpcResult<Value> {
		let finalized = self.client.info().finalized_hash;
		let options = options.unwrap_or_default();
		let (did, at) = match self.target(&did, &options, finalized)? {
			Ok(target) => target,
			Err(refusal) => return Ok(refusal_result(refusal)),
		};
		let resolution = self.resolve_at(did, at)?;
		let keys = storage_keys::did_resolution_keys(&did, &resolution);
		let number = self.number_of(at)?;
		let proof = StateProof::read(&*self.client, at, number, keys)?;
		let mut result =
			self.result_at(did, &resolution, (at, number), options.accept.as_deref())?;
		result["proof"] = serde_json::to_value(proof).map_err(internal)?;
		Ok(result)
	}
}

//! `envelope_get`, `envelope_inbox`, `envelope_verifyInclusion` and `envelope_prove`:
//! envelope commitments over JSON-RPC, the last with a storage proof at a finalized
//! block.

use std::sync::Arc;

use codec::Decode;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
};
use missive_presentation::envelope;
use missive_primitives::{
	did::DidId,
	envelope::{InboxKey, InclusionProof, SignedEnvelope, MAX_PROOF_SIBLINGS},
	runtime_api::{EnvelopeApi, InclusionError, MAX_INBOX_PAGE},
	storage_keys,
};
use missive_runtime::{opaque::Block, BlockNumber};
use sc_client_api::ProofProvider;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};

use super::proof::{block_number, internal, invalid_params, StateProof};

/// Paging options of `envelope_inbox`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InboxOptions {
	/// The first block to list commitments of (default: 0).
	pub since: Option<BlockNumber>,
	/// The `inboxKey` of the last entry of the previous page.
	pub start_after: Option<Bytes>,
	/// At most `MAX_INBOX_PAGE` (the default).
	pub limit: Option<u32>,
	pub at: Option<H256>,
}

/// A batch inclusion proof, as `envelope_verifyInclusion` takes it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InclusionProofJson {
	/// Where the leaf is in the tree: a hint for the verifier, not a proven position.
	pub leaf_index: u32,
	pub number_of_leaves: u32,
	/// At most `MAX_PROOF_SIBLINGS`.
	pub siblings: Vec<H256>,
}

#[rpc(server)]
pub trait EnvelopeRpcApi {
	/// The commitment with this id at block `at` (default: best), or `null`.
	#[method(name = "envelope_get")]
	fn get(&self, id: H256, at: Option<H256>) -> RpcResult<Value>;

	/// A page of `did`'s inbox, oldest first; `next` is the cursor of the next page.
	#[method(name = "envelope_inbox")]
	fn inbox(&self, did: String, options: Option<InboxOptions>) -> RpcResult<Value>;

	/// Whether `proof` shows `leaf` (a SCALE-encoded `SignedEnvelope`) to be one of the
	/// leaves of batch `batch` (its id, `batch_id(committer, root)`). Membership only:
	/// not the leaf's position, nor its signature. A proof of more than
	/// `MAX_PROOF_SIBLINGS` siblings is invalid params.
	#[method(name = "envelope_verifyInclusion")]
	fn verify_inclusion(
		&self,
		batch: H256,
		proof: InclusionProofJson,
		leaf: Bytes,
		at: Option<H256>,
	) -> RpcResult<Value>;

	/// The commitment at the finalized block, with a storage proof of it (or of its
	/// absence).
	#[method(name = "envelope_prove")]
	fn prove(&self, id: H256) -> RpcResult<Value>;
}

pub struct EnvelopeRpc<C> {
	client: Arc<C>,
}

impl<C> EnvelopeRpc<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> EnvelopeRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: EnvelopeApi<Block>,
{
	fn number_of(&self, hash: H256) -> RpcResult<BlockNumber> {
		block_number(&*self.client, hash)
	}

	fn get_at(&self, id: H256, at: H256) -> RpcResult<Value> {
		let commitment = self.client.runtime_api().envelope(at, id).map_err(internal)?;
		Ok(json!({
			"commitment": commitment.as_ref().map(envelope::commitment),
			"blockHash": at,
			"blockNumber": self.number_of(at)?,
		}))
	}
}

fn inclusion_error(error: InclusionError) -> &'static str {
	match error {
		InclusionError::UnknownBatch => "unknownBatch",
		InclusionError::LeafCountMismatch => "leafCountMismatch",
		InclusionError::InvalidProof => "invalidProof",
		InclusionError::ProofTooLong => "proofTooLong",
	}
}

#[async_trait]
impl<C> EnvelopeRpcApiServer for EnvelopeRpc<C>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ ProofProvider<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: EnvelopeApi<Block>,
{
	fn get(&self, id: H256, at: Option<H256>) -> RpcResult<Value> {
		self.get_at(id, at.unwrap_or(self.client.info().best_hash))
	}

	fn inbox(&self, did: String, options: Option<InboxOptions>) -> RpcResult<Value> {
		let did: DidId = did.parse().map_err(|e| invalid_params(format!("{did}: {e}")))?;
		let options = options.unwrap_or_default();
		let limit = options.limit.unwrap_or(MAX_INBOX_PAGE).min(MAX_INBOX_PAGE);
		let start_after = match &options.start_after {
			Some(bytes) => Some(
				InboxKey::try_from(&bytes[..])
					.map_err(|_| invalid_params("startAfter must be an 8-byte inbox key"))?,
			),
			None => None,
		};
		let at = options.at.unwrap_or(self.client.info().best_hash);
		let page = self
			.client
			.runtime_api()
			.inbox(at, did, options.since.unwrap_or(0), start_after, limit)
			.map_err(internal)?;
		let next = (limit > 0 && page.len() == limit as usize)
			.then(|| page.last().map(|last| Bytes(last.key.to_vec())))
			.flatten();
		Ok(json!({
			"did": did.to_did_string(),
			"entries": page.iter().map(envelope::inbox_entry).collect::<Vec<_>>(),
			"next": next,
			"blockHash": at,
			"blockNumber": self.number_of(at)?,
		}))
	}

	fn verify_inclusion(
		&self,
		batch: H256,
		proof: InclusionProofJson,
		leaf: Bytes,
		at: Option<H256>,
	) -> RpcResult<Value> {
		if proof.siblings.len() > MAX_PROOF_SIBLINGS as usize {
			return Err(invalid_params(format!(
				"proof has {} siblings; no batch's proof has more than {MAX_PROOF_SIBLINGS}",
				proof.siblings.len()
			)));
		}
		let leaf = SignedEnvelope::decode(&mut &leaf[..])
			.map_err(|e| invalid_params(format!("leaf is not a SCALE SignedEnvelope: {e}")))?;
		let proof = InclusionProof {
			leaf_index: proof.leaf_index,
			number_of_leaves: proof.number_of_leaves,
			siblings: proof.siblings,
		};
		let at = at.unwrap_or(self.client.info().best_hash);
		let id = leaf.envelope.id();
		let result =
			self.client.runtime_api().verify_inclusion(at, batch, proof, leaf).map_err(internal)?;
		Ok(json!({
			"included": result.is_ok(),
			"error": result.err().map(inclusion_error),
			"envelopeId": id,
			"blockHash": at,
			"blockNumber": self.number_of(at)?,
		}))
	}

	fn prove(&self, id: H256) -> RpcResult<Value> {
		let at = self.client.info().finalized_hash;
		let mut value = self.get_at(id, at)?;
		let keys = vec![storage_keys::envelope_commitment(&id)];
		let proof = StateProof::read(&*self.client, at, self.number_of(at)?, keys)?;
		value["proof"] = serde_json::to_value(proof).map_err(internal)?;
		Ok(value)
	}
}

//! Storage read proofs, which let a client check what an RPC answer says against a
//! block's state root without trusting the node.

use jsonrpsee::{
	core::RpcResult,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use missive_runtime::{opaque::Block, BlockNumber};
use sc_client_api::ProofProvider;
use serde::{Deserialize, Serialize};
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};

/// An internal error (state or runtime unavailable), with its message.
pub fn internal(message: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(1, message.to_string(), None::<()>)
}

/// The number of block `hash`.
pub fn block_number<C: HeaderBackend<Block>>(client: &C, hash: H256) -> RpcResult<BlockNumber> {
	client
		.number(hash)
		.map_err(internal)?
		.ok_or_else(|| internal(format!("unknown block {hash:?}")))
}

/// An error in the request's parameters.
pub fn invalid_params(message: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(
		jsonrpsee::types::error::INVALID_PARAMS_CODE,
		message.to_string(),
		None::<()>,
	)
}

/// A storage read proof of the values (or absence) of some keys at a block.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateProof {
	/// The block whose state the proof is of.
	pub block_hash: H256,
	pub block_number: BlockNumber,
	/// The storage keys read, in the order the verifier should check them.
	pub keys: Vec<Bytes>,
	/// The trie nodes proving the values (or absence) of `keys`.
	pub nodes: Vec<Bytes>,
}

impl StateProof {
	/// Proves `keys` at block `at` (number `number`).
	pub fn read<C: ProofProvider<Block>>(
		client: &C,
		at: H256,
		number: BlockNumber,
		keys: Vec<Vec<u8>>,
	) -> RpcResult<Self> {
		let proof =
			client.read_proof(at, &mut keys.iter().map(|key| key.as_slice())).map_err(internal)?;
		Ok(Self {
			block_hash: at,
			block_number: number,
			keys: keys.into_iter().map(Bytes).collect(),
			nodes: proof.into_iter_nodes().map(Bytes).collect(),
		})
	}
}

//! Builds signed Missive extrinsics natively, with the runtime compiled into the node.
//! Used by `benchmark overhead|extrinsic` and by the node's own tests; dApps sign
//! through polkadot.js or the client SDK instead.

use codec::Encode;
use missive_runtime::{
	AccountId, BlockNumber, Hash, Nonce, RuntimeCall, Signature, SignedPayload, TxExtension,
	UncheckedExtrinsic,
};
use sp_core::{sr25519, Pair};
use sp_runtime::generic::Era;

/// Blocks a signed transaction stays valid for after the block it names.
pub const MORTALITY_PERIOD: u64 = 64;

/// The chain facts a signature commits to.
#[derive(Clone, Copy, Debug)]
pub struct SigningContext {
	/// Hash of block 0: signatures are valid on this chain only.
	pub genesis_hash: Hash,
	/// The block the mortality period counts from, and its hash.
	pub checkpoint: (BlockNumber, Hash),
	/// `spec_version` and `transaction_version` of the runtime the chain runs now:
	/// after an upgrade, no longer those of the runtime compiled into this node.
	pub spec_version: u32,
	pub transaction_version: u32,
}

/// Signs `call` from `signer` with the given nonce, mortal for [`MORTALITY_PERIOD`]
/// blocks from the checkpoint, with no tip.
pub fn sign(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	context: SigningContext,
) -> UncheckedExtrinsic {
	let (checkpoint_number, checkpoint_hash) = context.checkpoint;
	let era = Era::mortal(MORTALITY_PERIOD, checkpoint_number.into());
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(era),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	);
	// The implicit data each extension adds to the signed payload, in the same order.
	let implicit = (
		(),
		context.spec_version,
		context.transaction_version,
		context.genesis_hash,
		checkpoint_hash,
		(),
		(),
		(),
		None,
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let sender: AccountId = signer.public().into();
	UncheckedExtrinsic::new_signed(call, sender.into(), Signature::Sr25519(signature), extension)
}

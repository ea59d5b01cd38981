//! Runtime APIs of Missive, declared once for the runtime that implements them and
//! for the node RPC and clients that call them.

// `decl_runtime_apis!` repeats each API's generic bounds in what it generates.
#![allow(clippy::multiple_bound_locations)]

use alloc::{boxed::Box, vec::Vec};
use codec::{Codec, Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

use crate::did::{DidDocument, DidId, KeyId, KeyRecord, KeyRelationship};

/// What resolving a DID finds in chain state.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum DidResolution<BlockNumber> {
	/// No DID with this id was ever created.
	NotFound,
	/// The DID was deactivated; it has no document any more.
	Deactivated { created: BlockNumber, deactivated: BlockNumber, version: u32 },
	/// A live DID: its document and every key record it keeps (current and rotated out).
	Active { document: Box<DidDocument<BlockNumber>>, keys: Vec<(KeyId, KeyRecord<BlockNumber>)> },
}

sp_api::decl_runtime_apis! {
	/// DID resolution and key history.
	pub trait DidApi<BlockNumber: Codec> {
		/// The DID's state at the block this is called at.
		fn resolve(did: DidId) -> DidResolution<BlockNumber>;

		/// Whether `key` was valid for `did` in `relationship` at block `at`.
		fn key_valid_at(did: DidId, key: KeyId, relationship: KeyRelationship, at: BlockNumber) -> bool;
	}
}

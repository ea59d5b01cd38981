//! Types, traits and runtime APIs shared by every Missive crate: the pallets, the
//! runtime, the node and the client all take them from here, so there is one
//! definition of each.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod consent;
#[cfg(feature = "std")]
pub mod consent_json;
pub mod did;
pub mod envelope;
#[cfg(feature = "std")]
pub mod envelope_json;
pub mod policy;
pub mod runtime_api;
pub mod storage_keys;
#[cfg(feature = "std")]
pub mod testing;
#[cfg(feature = "std")]
pub mod w3c;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// Block number type; `u32` is ample for 6-second blocks (over 800 years).
pub type BlockNumber = u32;

/// Signature type of extrinsics: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// Account id: the public key behind a [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account, in plancks of [`currency::TOKEN_SYMBOL`].
pub type Balance = u128;

/// Index of a transaction in the chain.
pub type Nonce = u32;

/// Hash type of blocks and of the trie.
pub type Hash = sp_core::H256;

/// SS58 address prefix of Missive accounts: wallets render addresses with it, so a
/// Missive address is never mistaken for another chain's.
pub const SS58_PREFIX: u16 = 7_339;
const _: () = assert!(SS58_PREFIX < 16_384, "SS58 prefixes above 16383 cannot be encoded");

/// A deposit held for state someone created, and whose it is: returned to `owner`
/// when the state is removed.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Deposit<AccountId, Balance> {
	pub owner: AccountId,
	pub amount: Balance,
}

/// Token and unit constants.
pub mod currency {
	use super::Balance;

	/// Ticker shown by wallets.
	pub const TOKEN_SYMBOL: &str = "MSV";
	/// Decimal places of one token.
	pub const TOKEN_DECIMALS: u8 = 12;
	/// One whole token, in plancks.
	pub const UNIT: Balance = 10u128.pow(TOKEN_DECIMALS as u32);
	/// A thousandth of a token.
	pub const MILLI_UNIT: Balance = UNIT / 1_000;
	/// A millionth of a token.
	pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
	/// The smallest balance an account may hold.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

	/// Deposit for `items` storage items taking `bytes` bytes in total: state is
	/// paid for by whoever creates it, and returned when it is removed.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		items as Balance * 20 * MILLI_UNIT + bytes as Balance * 100 * MICRO_UNIT
	}
}

/// Block time constants.
pub mod time {
	use super::BlockNumber;

	/// Target time between blocks. Aura's slot duration is derived from it.
	pub const MILLI_SECS_PER_BLOCK: u64 = 6_000;
	/// Aura slot duration; one block per slot.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

	/// Blocks in a minute, an hour and a day at the target block time.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// Blocks in an hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks in a day.
	pub const DAYS: BlockNumber = HOURS * 24;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn block_time_constants_agree() {
		assert_eq!(time::MINUTES, 10);
		assert_eq!(time::DAYS, 14_400);
		assert_eq!(time::SLOT_DURATION, time::MILLI_SECS_PER_BLOCK);
	}

	#[test]
	fn deposit_grows_with_items_and_bytes() {
		assert_eq!(currency::deposit(0, 0), 0);
		assert!(currency::deposit(1, 0) < currency::deposit(2, 0));
		assert!(currency::deposit(1, 10) < currency::deposit(1, 11));
		assert_ne!(currency::EXISTENTIAL_DEPOSIT, 0);
	}
}

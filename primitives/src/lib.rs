//! Types, traits and runtime APIs shared by every Missive crate: the pallets, the
//! runtime, the node and the client all take them from here, so there is one
//! definition of each.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod consent;
pub mod deposit;
pub mod did;
pub mod envelope;
pub mod policy;
pub mod runtime_api;
pub mod storage_keys;
#[cfg(feature = "test-doubles")]
pub mod testing;

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
/// when the state is removed ([`deposit`] holds and returns it).
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

/// Block times and the block counts of wall-clock spans at them.
pub mod time {
	use super::BlockNumber;

	/// A chain's target time between blocks. Each runtime names its own (the solochain's
	/// Aura slot, the parachain's relay-chain rhythm), and every lifetime, window and
	/// retention in blocks is derived from it, so that an hour stays an hour whatever the
	/// block time.
	#[derive(Clone, Copy, Debug, PartialEq, Eq)]
	pub struct BlockTime {
		milli_secs: u64,
	}

	impl BlockTime {
		/// A block every `milli_secs` milliseconds: a whole number of blocks a minute, so
		/// that every span counts exactly.
		pub const fn from_millis(milli_secs: u64) -> Self {
			assert!(
				milli_secs > 0 && milli_secs <= 60_000 && 60_000 % milli_secs == 0,
				"a block time that divides a minute"
			);
			Self { milli_secs }
		}

		/// Milliseconds between blocks.
		pub const fn milli_secs(self) -> u64 {
			self.milli_secs
		}

		/// Blocks in `minutes` minutes.
		pub const fn minutes(self, minutes: BlockNumber) -> BlockNumber {
			minutes * (60_000 / self.milli_secs) as BlockNumber
		}

		/// Blocks in `hours` hours.
		pub const fn hours(self, hours: BlockNumber) -> BlockNumber {
			self.minutes(hours * 60)
		}

		/// Blocks in `days` days.
		pub const fn days(self, days: BlockNumber) -> BlockNumber {
			self.hours(days * 24)
		}

		/// The wall-clock length of `blocks` blocks, in milliseconds.
		pub const fn millis_of(self, blocks: BlockNumber) -> u64 {
			blocks as u64 * self.milli_secs
		}
	}

	/// The consensus engine id of Aura's pre-runtime digest, which carries a block's slot.
	pub const AURA_ENGINE_ID: [u8; 4] = *b"aura";

	/// When a block was authored, in Unix milliseconds, from one of its header's
	/// pre-runtime digest items (`engine`, `data`), if that is Aura's: the start of its
	/// slot, within which the runtime's timestamp of the block lies. Headers outlive
	/// pruned state, so every node can tell.
	pub fn aura_slot_start(engine: &[u8; 4], data: &[u8], slot_duration_ms: u64) -> Option<u64> {
		if *engine != AURA_ENGINE_ID {
			return None;
		}
		let slot = <u64 as codec::Decode>::decode(&mut &data[..]).ok()?;
		Some(slot.saturating_mul(slot_duration_ms))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn block_time_spans_count_blocks() {
		let two_seconds = time::BlockTime::from_millis(2_000);
		assert_eq!(two_seconds.minutes(1), 30);
		assert_eq!(two_seconds.hours(1), 1_800);
		assert_eq!(two_seconds.days(14), 604_800);
		assert_eq!(two_seconds.millis_of(two_seconds.days(1)), 86_400_000);
		let six_seconds = time::BlockTime::from_millis(6_000);
		assert_eq!(six_seconds.days(1), 14_400);
		assert_eq!(six_seconds.millis_of(10), 60_000);
	}

	#[test]
	fn deposit_grows_with_items_and_bytes() {
		assert_eq!(currency::deposit(0, 0), 0);
		assert!(currency::deposit(1, 0) < currency::deposit(2, 0));
		assert!(currency::deposit(1, 10) < currency::deposit(1, 11));
		assert_ne!(currency::EXISTENTIAL_DEPOSIT, 0);
	}
}

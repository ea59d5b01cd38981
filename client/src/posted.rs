//! The statements a client posted from its account that the store still holds, counted
//! against the account's allowance before anything is sent.
//!
//! When an account's allowance is full, the statement store admits a new statement by
//! evicting the account's earliest-expiring ones, and still answers `New`: a message
//! whose commitment is on chain would lose its content, and nobody would be told. So
//! the client refuses a send that does not fit beside what it still has in the store
//! ([`Usage::fits`]), before committing anything. The journal keeps each statement's
//! hash, data size and expiry, and forgets it once expired (the store drops it then).
//!
//! It counts what this client posted: another client posting from the same account
//! (the same phrase on two machines) is not seen, and the store may then evict.

use std::path::Path;

use sp_statement_store::StatementAllowance;

use crate::journal::{self, Journal, JournalError};

/// One statement in the store, posted by this client.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Posted {
	pub statement: [u8; 32],
	/// The statement's data size, which the store counts against the allowance.
	pub bytes: u32,
	/// When the store drops it, in Unix seconds.
	pub expires_secs: u64,
}

impl journal::Entry for Posted {
	type Key = [u8; 32];
	const WHAT: &'static str = "the log of posted statements";

	fn key(&self) -> [u8; 32] {
		self.statement
	}

	/// `now` is Unix seconds.
	fn expired(&self, now: u64) -> bool {
		self.expires_secs <= now
	}

	fn to_line(&self) -> String {
		format!("{} {} {}", journal::hash_field(&self.statement), self.bytes, self.expires_secs)
	}

	fn parse(line: &str) -> Option<Self> {
		let mut fields = line.split(' ');
		let statement = journal::parse_hash(fields.next()?)?;
		let bytes = fields.next()?.parse().ok()?;
		let expires_secs = fields.next()?.parse().ok()?;
		fields.next().is_none().then_some(Self { statement, bytes, expires_secs })
	}
}

/// Statements and their data bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Usage {
	pub count: u32,
	pub bytes: u64,
}

/// Why a send does not fit in the account's store allowance.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error(
	"the account's store allowance ({} statements, {} bytes) cannot hold {} more ({} bytes) \
	 beside the {} ({} bytes) it holds until they expire: nothing was sent (raise it with \
	 `policy allowance`)",
	allowance.max_count, allowance.max_size, adding.count, adding.bytes, live.count, live.bytes
)]
pub struct AllowanceFull {
	pub allowance: StatementAllowance,
	pub live: Usage,
	pub adding: Usage,
}

impl Usage {
	/// The usage of `statements` of these data sizes.
	pub fn of(sizes: impl IntoIterator<Item = usize>) -> Self {
		sizes.into_iter().fold(Self::default(), |usage, bytes| Self {
			count: usage.count.saturating_add(1),
			bytes: usage.bytes.saturating_add(bytes as u64),
		})
	}

	/// Whether `adding` fits in `allowance` beside this usage, without the store evicting
	/// anything.
	pub fn fits(self, adding: Usage, allowance: StatementAllowance) -> Result<(), AllowanceFull> {
		let count = u64::from(self.count) + u64::from(adding.count);
		let bytes = self.bytes.saturating_add(adding.bytes);
		if count <= u64::from(allowance.max_count) && bytes <= u64::from(allowance.max_size) {
			Ok(())
		} else {
			Err(AllowanceFull { allowance, live: self, adding })
		}
	}
}

/// The statements this client posted that the store still holds.
#[derive(Debug, Default)]
pub struct PostedLog(Journal<Posted>);

impl PostedLog {
	/// A log kept for this run only.
	pub fn in_memory() -> Self {
		Self::default()
	}

	/// The log at `path`, without what expired by `now` (Unix seconds).
	pub fn open(path: &Path, now: u64) -> Result<Self, JournalError> {
		Journal::open(path, now).map(Self)
	}

	/// What the statements still held at `now` (Unix seconds) take.
	pub fn usage(&self, now: u64) -> Usage {
		Usage::of(self.0.live(now).map(|posted| posted.bytes as usize))
	}

	/// Notes a statement the store accepted; on disk after the next [`Self::save`].
	pub fn record(&mut self, posted: Posted) {
		self.0.record(posted);
	}

	/// Appends what was recorded since the last save, on disk before it returns.
	pub fn save(&mut self) -> Result<(), JournalError> {
		self.0.save()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::journal::{tests::temporary_path, Entry};

	const ALLOWANCE: StatementAllowance = StatementAllowance { max_count: 3, max_size: 1_000 };

	#[test]
	fn a_send_fits_only_beside_what_is_still_held() {
		let path = temporary_path("posted");
		let mut log = PostedLog::open(&path, 100).unwrap();
		log.record(Posted { statement: [1; 32], bytes: 400, expires_secs: 200 });
		log.record(Posted { statement: [2; 32], bytes: 300, expires_secs: 300 });
		log.save().unwrap();
		drop(log);
		let live = PostedLog::open(&path, 150).unwrap().usage(150);
		assert_eq!(live, Usage { count: 2, bytes: 700 });
		assert_eq!(live.fits(Usage::of([300]), ALLOWANCE), Ok(()), "exactly full");
		let too_big = Usage::of([301]);
		assert_eq!(
			live.fits(too_big, ALLOWANCE),
			Err(AllowanceFull { allowance: ALLOWANCE, live, adding: too_big }),
			"one byte over"
		);
		assert!(live.fits(Usage::of([1, 1]), ALLOWANCE).is_err(), "one statement over");
		// Once the first expires, the store holds only the second.
		let later = PostedLog::open(&path, 200).unwrap().usage(200);
		assert_eq!(later, Usage { count: 1, bytes: 300 });
		assert_eq!(later.fits(Usage::of([350, 350]), ALLOWANCE), Ok(()));
	}

	#[test]
	fn the_refusal_says_what_is_held_and_what_to_do() {
		let full = Usage { count: 3, bytes: 900 }.fits(Usage::of([10]), ALLOWANCE).unwrap_err();
		let text = full.to_string();
		assert!(text.contains("3 statements, 1000 bytes") && text.contains("nothing was sent"));
		assert!(text.contains("policy allowance"), "{text}");
	}

	#[test]
	fn lines_round_trip() {
		let posted = Posted { statement: [7; 32], bytes: 12, expires_secs: 1_800_000_000 };
		assert_eq!(Posted::parse(&posted.to_line()), Some(posted));
		assert_eq!(Posted::parse("0x07 12"), None);
	}
}

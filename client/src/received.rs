//! What a recipient accepted, remembered across runs, so that a message is accepted in
//! one statement only: a copy of its delivery in any other statement is a replay
//! ([`Rejection::Replayed`]), also after the client restarts.
//!
//! The log keeps one line per accepted envelope — its id, the statement that carried
//! it, and the block from which the chain may prune its commitment — and forgets an
//! envelope once that block is finalized: a copy of it can then no longer prove a
//! commitment, so it is refused as not committed. The log is as long as the messages
//! the chain holds for this recipient.

use std::path::Path;

use missive_primitives::{did::DidId, envelope::EnvelopeId, BlockNumber};
use sp_core::H256;

use crate::{
	delivery::Rejection,
	journal::{self, Journal, JournalError},
};

/// One accepted envelope.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Received {
	pub envelope: EnvelopeId,
	/// The statement that carried it when it was accepted.
	pub statement: [u8; 32],
	/// The first block in which the chain may prune its commitment.
	pub expires_at: BlockNumber,
	/// For a sealed message: who sent it and the block that committed it, which this
	/// client counts each sender's rate by (the chain counts public messages itself).
	pub sealed: Option<(DidId, BlockNumber)>,
}

impl journal::Entry for Received {
	type Key = EnvelopeId;
	const WHAT: &'static str = "the log of received messages";

	fn key(&self) -> EnvelopeId {
		self.envelope
	}

	/// `finalized` is a block number.
	fn expired(&self, finalized: u64) -> bool {
		u64::from(self.expires_at) <= finalized
	}

	fn to_line(&self) -> String {
		let mut line = format!(
			"{} {} {}",
			journal::hash_field(&self.envelope.0),
			journal::hash_field(&self.statement),
			self.expires_at
		);
		if let Some((sender, committed_at)) = &self.sealed {
			line += &format!(" {} {committed_at}", journal::hash_field(&sender.0));
		}
		line
	}

	fn parse(line: &str) -> Option<Self> {
		let mut fields = line.split(' ');
		let envelope = H256(journal::parse_hash(fields.next()?)?);
		let statement = journal::parse_hash(fields.next()?)?;
		let expires_at = fields.next()?.parse().ok()?;
		let sealed = match fields.next() {
			None => None,
			Some(sender) => {
				Some((DidId(journal::parse_hash(sender)?), fields.next()?.parse().ok()?))
			},
		};
		fields.next().is_none().then_some(Self { envelope, statement, expires_at, sealed })
	}
}

/// The envelopes a recipient accepted, and the statements that carried them.
#[derive(Debug, Default)]
pub struct ReceivedLog(Journal<Received>);

impl ReceivedLog {
	/// A log kept for this run only.
	pub fn in_memory() -> Self {
		Self::default()
	}

	/// The log at `path`, without what may be pruned by block `finalized`.
	pub fn open(path: &Path, finalized: BlockNumber) -> Result<Self, JournalError> {
		Journal::open(path, finalized.into()).map(Self)
	}

	/// Whether `envelope`, carried by `statement`, may be accepted: it was not accepted
	/// in another statement before ([`Rejection::Replayed`]). The statement that first
	/// carried it may be listed again.
	pub fn check(&self, envelope: &EnvelopeId, statement: &[u8; 32]) -> Result<(), Rejection> {
		match self.0.get(envelope) {
			Some(received) if received.statement != *statement => Err(Rejection::Replayed),
			_ => Ok(()),
		}
	}

	/// Whether `envelope` was accepted (in any statement).
	pub fn contains(&self, envelope: &EnvelopeId) -> bool {
		self.0.get(envelope).is_some()
	}

	/// Notes `envelope` accepted in `statement` (and, for a sealed message, its sender
	/// and the block that committed it); on disk after the next [`Self::save`].
	pub fn record(
		&mut self,
		envelope: EnvelopeId,
		statement: [u8; 32],
		expires_at: BlockNumber,
		sealed: Option<(DidId, BlockNumber)>,
	) {
		self.0.record(Received { envelope, statement, expires_at, sealed });
	}

	/// How many sealed messages of `sender` committed in `blocks` were accepted.
	pub fn count_from(&self, sender: &DidId, blocks: std::ops::Range<BlockNumber>) -> usize {
		self.0
			.live(0)
			.filter(|r| r.sealed.is_some_and(|(from, at)| from == *sender && blocks.contains(&at)))
			.count()
	}

	/// Appends what was recorded since the last save, on disk before it returns.
	pub fn save(&mut self) -> Result<(), JournalError> {
		self.0.save()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::journal::tests::temporary_path;

	#[test]
	fn a_copy_in_another_statement_is_a_replay_also_after_a_restart() {
		let path = temporary_path("received");
		let envelope = H256::repeat_byte(1);
		let (original, copy) = ([2u8; 32], [3u8; 32]);
		let mut log = ReceivedLog::open(&path, 10).unwrap();
		assert_eq!(log.check(&envelope, &copy), Ok(()), "not received yet");
		log.record(envelope, original, 100, Some((DidId([4; 32]), 9)));
		assert_eq!(log.check(&envelope, &copy), Err(Rejection::Replayed));
		assert_eq!(log.check(&envelope, &original), Ok(()), "the original is listed again");
		log.save().unwrap();
		drop(log);
		let restarted = ReceivedLog::open(&path, 11).unwrap();
		assert_eq!(restarted.check(&envelope, &copy), Err(Rejection::Replayed));
		assert_eq!(restarted.check(&envelope, &original), Ok(()));
		drop(restarted);
		let pruned = ReceivedLog::open(&path, 100).unwrap();
		assert!(!pruned.contains(&envelope), "forgotten once the commitment may be pruned");
	}

	#[test]
	fn lines_round_trip() {
		use journal::Entry;
		let legacy = Received {
			envelope: H256::repeat_byte(1),
			statement: [2; 32],
			expires_at: 77,
			sealed: None,
		};
		assert_eq!(Received::parse(&legacy.to_line()), Some(legacy));
		let received = Received { sealed: Some((DidId([3; 32]), 70)), ..legacy };
		assert_eq!(Received::parse(&received.to_line()), Some(received));
		assert_eq!(Received::parse(&(received.to_line() + " extra")), None);
		assert_eq!(
			Received::parse(&(legacy.to_line() + " 0x03")),
			None,
			"a sender without a block"
		);
	}

	#[test]
	fn senders_are_counted_per_block_range() {
		let mut log = ReceivedLog::in_memory();
		let (alice, bob) = (DidId([1; 32]), DidId([2; 32]));
		for (i, (sender, at)) in
			[(alice, 10), (alice, 19), (alice, 20), (bob, 12)].into_iter().enumerate()
		{
			log.record(H256::repeat_byte(i as u8), [i as u8; 32], 100, Some((sender, at)));
		}
		assert_eq!(log.count_from(&alice, 10..20), 2);
		assert_eq!(log.count_from(&alice, 20..30), 1);
		assert_eq!(log.count_from(&bob, 10..20), 1);
	}
}

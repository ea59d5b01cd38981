//! A client's small durable records ([`crate::received`], [`crate::posted`]): one line
//! per entry in a text file, appended and synced before the caller goes on, and
//! rewritten without what expired when opened. Without a file, a journal lasts for
//! the run.
//!
//! One client at a time uses a journal: [`Journal::open`] takes an exclusive lock on
//! `<journal>.lock`, held until the journal is dropped, and is refused while another
//! client holds it. A last line cut short (a
//! crash while appending) is dropped when opening, and a failed append is cut off
//! again, so a journal stays readable.

use std::{
	collections::HashMap,
	fs::{File, OpenOptions},
	hash::Hash,
	io::{self, Write},
	path::{Path, PathBuf},
};

/// The lock file beside the journal at `path`.
fn lock_path(path: &Path) -> PathBuf {
	let mut lock = path.to_owned().into_os_string();
	lock.push(".lock");
	lock.into()
}

/// Why a journal could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("{} {}: {source}", what, path.display())]
pub struct JournalError {
	/// What the journal records.
	pub what: &'static str,
	pub path: PathBuf,
	#[source]
	pub source: io::Error,
}

/// One entry of a journal, written as one line.
pub trait Entry: Clone + PartialEq {
	type Key: Hash + Eq + Clone;
	/// What the journal records, for errors ("the log of received messages").
	const WHAT: &'static str;
	fn key(&self) -> Self::Key;
	/// Whether the entry is of no use from `horizon` on (a block or a time, as the
	/// entry's kind says).
	fn expired(&self, horizon: u64) -> bool;
	/// The entry as one line, without its line break.
	fn to_line(&self) -> String;
	fn parse(line: &str) -> Option<Self>;
}

/// The entries of one journal, by key.
#[derive(Debug)]
pub struct Journal<E: Entry> {
	path: Option<PathBuf>,
	entries: HashMap<E::Key, E>,
	/// Recorded since the last [`Self::save`].
	unsaved: Vec<E>,
	/// The exclusive lock on the journal, released when it is dropped.
	_lock: Option<File>,
}

impl<E: Entry> Default for Journal<E> {
	fn default() -> Self {
		Self { path: None, entries: HashMap::new(), unsaved: Vec::new(), _lock: None }
	}
}

impl<E: Entry> Journal<E> {
	/// A journal for this run only.
	pub fn in_memory() -> Self {
		Self::default()
	}

	/// The journal at `path` (none yet is an empty one), without what expired by
	/// `horizon`; the file is rewritten without those entries. Refused while another
	/// client holds the journal.
	pub fn open(path: &Path, horizon: u64) -> Result<Self, JournalError> {
		let error = |source| JournalError { what: E::WHAT, path: path.to_owned(), source };
		let lock = OpenOptions::new()
			.create(true)
			.truncate(false)
			.write(true)
			.open(lock_path(path))
			.map_err(error)?;
		lock.try_lock().map_err(|e| match e {
			std::fs::TryLockError::WouldBlock => error(io::Error::new(
				io::ErrorKind::WouldBlock,
				"in use by another client of this identity (its .lock is held)",
			)),
			std::fs::TryLockError::Error(e) => error(e),
		})?;
		let text = match std::fs::read_to_string(path) {
			Ok(text) => text,
			Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
			Err(e) => return Err(error(e)),
		};
		let mut lines: Vec<&str> = text.lines().collect();
		// A last line without its line break was cut short: it was never saved.
		let mut rewrite = !text.is_empty() && !text.ends_with('\n') && lines.pop().is_some();
		let mut entries = HashMap::new();
		for line in lines {
			let Some(entry) = E::parse(line) else {
				return Err(error(io::Error::new(
					io::ErrorKind::InvalidData,
					format!("not a journal line: {line:?}"),
				)));
			};
			if entry.expired(horizon) {
				rewrite = true;
			} else {
				entries.insert(entry.key(), entry);
			}
		}
		let journal =
			Self { path: Some(path.to_owned()), entries, unsaved: Vec::new(), _lock: Some(lock) };
		if rewrite {
			journal.rewrite().map_err(error)?;
		}
		Ok(journal)
	}

	pub fn get(&self, key: &E::Key) -> Option<&E> {
		self.entries.get(key)
	}

	/// The entries not expired by `horizon`.
	pub fn live(&self, horizon: u64) -> impl Iterator<Item = &E> {
		self.entries.values().filter(move |entry| !entry.expired(horizon))
	}

	/// Records `entry` (replacing one with its key); on disk after the next
	/// [`Self::save`].
	pub fn record(&mut self, entry: E) {
		if self.entries.insert(entry.key(), entry.clone()).as_ref() != Some(&entry) {
			self.unsaved.push(entry);
		}
	}

	/// Appends what was recorded since the last save, on disk before it returns.
	pub fn save(&mut self) -> Result<(), JournalError> {
		let Some(path) = &self.path else {
			self.unsaved.clear();
			return Ok(());
		};
		if self.unsaved.is_empty() {
			return Ok(());
		}
		let error = |source| JournalError { what: E::WHAT, path: path.clone(), source };
		let mut file = OpenOptions::new().create(true).append(true).open(path).map_err(error)?;
		let saved = file.metadata().map_err(error)?.len();
		let appended =
			file.write_all(lines(&self.unsaved).as_bytes()).and_then(|()| file.sync_data());
		if let Err(e) = appended {
			// Cut off what was half written, so the next save starts on a line of its own.
			let _ = file.set_len(saved);
			return Err(error(e));
		}
		self.unsaved.clear();
		Ok(())
	}

	/// Replaces the file with the entries kept, through a temporary file, so that a
	/// crash leaves either the old journal or the new one.
	fn rewrite(&self) -> io::Result<()> {
		let path = self.path.as_ref().expect("only a journal on disk is rewritten; qed");
		let mut temporary = path.clone().into_os_string();
		temporary.push(".new");
		let mut file = File::create(&temporary)?;
		file.write_all(lines(self.entries.values()).as_bytes())?;
		file.sync_data()?;
		std::fs::rename(&temporary, path)
	}
}

fn lines<'e, E: Entry + 'e>(entries: impl IntoIterator<Item = &'e E>) -> String {
	entries.into_iter().map(|entry| entry.to_line() + "\n").collect()
}

/// A 32-byte hash as a journal writes it (`0x` and hex).
pub fn hash_field(hash: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(hash))
}

/// A 32-byte hash written by [`hash_field`].
pub fn parse_hash(field: &str) -> Option<[u8; 32]> {
	hex::decode(field.strip_prefix("0x")?).ok()?.try_into().ok()
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;

	/// A fresh path for a test's journal.
	pub(crate) fn temporary_path(name: &str) -> PathBuf {
		let dir = std::env::temp_dir().join(format!("missive-journal-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let path = dir.join(name);
		let _ = std::fs::remove_file(&path);
		path
	}

	#[derive(Clone, PartialEq, Debug)]
	struct Until(u8, u64);

	impl Entry for Until {
		type Key = u8;
		const WHAT: &'static str = "the test journal";
		fn key(&self) -> u8 {
			self.0
		}
		fn expired(&self, horizon: u64) -> bool {
			self.1 <= horizon
		}
		fn to_line(&self) -> String {
			format!("{} {}", self.0, self.1)
		}
		fn parse(line: &str) -> Option<Self> {
			let (key, until) = line.split_once(' ')?;
			Some(Until(key.parse().ok()?, until.parse().ok()?))
		}
	}

	#[test]
	fn entries_survive_a_restart_and_expired_ones_leave_the_file() {
		let path = temporary_path("restart");
		let mut journal = Journal::<Until>::open(&path, 0).unwrap();
		journal.record(Until(1, 50));
		journal.record(Until(2, 60));
		journal.record(Until(2, 60));
		journal.save().unwrap();
		assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2, "once each");
		drop(journal);
		let reopened = Journal::<Until>::open(&path, 10).unwrap();
		assert_eq!(reopened.get(&1), Some(&Until(1, 50)));
		assert_eq!(reopened.live(55).count(), 1, "one live at 55");
		drop(reopened);
		let later = Journal::<Until>::open(&path, 50).unwrap();
		assert_eq!(later.get(&1), None, "expired: forgotten");
		assert_eq!(later.get(&2), Some(&Until(2, 60)));
		assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 1);
	}

	#[test]
	fn a_damaged_journal_is_an_error_not_an_empty_one() {
		let path = temporary_path("damaged");
		std::fs::write(&path, "1 50\nnot a line\n").unwrap();
		let error = Journal::<Until>::open(&path, 0).unwrap_err();
		assert_eq!(error.source.kind(), io::ErrorKind::InvalidData);
		assert!(error.to_string().starts_with("the test journal"), "{error}");
		assert!(error.to_string().contains("not a journal line"), "{error}");
	}

	#[test]
	fn a_line_cut_short_is_dropped_not_fatal() {
		let path = temporary_path("torn");
		std::fs::write(&path, "1 50\n2 6").unwrap();
		let journal = Journal::<Until>::open(&path, 0).unwrap();
		assert_eq!(journal.get(&1), Some(&Until(1, 50)));
		assert_eq!(journal.get(&2), None, "never saved");
		drop(journal);
		assert_eq!(std::fs::read_to_string(&path).unwrap(), "1 50\n", "rewritten whole");
	}

	#[test]
	fn one_client_at_a_time_holds_a_journal() {
		let path = temporary_path("locked");
		let journal = Journal::<Until>::open(&path, 0).unwrap();
		let busy = Journal::<Until>::open(&path, 0).unwrap_err();
		assert_eq!(busy.source.kind(), io::ErrorKind::WouldBlock, "held while open: {busy}");
		drop(journal);
		assert!(Journal::<Until>::open(&path, 0).is_ok(), "released when it is dropped");
	}

	#[test]
	fn an_in_memory_journal_lasts_for_its_run() {
		let mut journal = Journal::<Until>::in_memory();
		journal.record(Until(1, 5));
		journal.save().unwrap();
		assert_eq!(journal.get(&1), Some(&Until(1, 5)));
	}

	#[test]
	fn hashes_round_trip() {
		let hash = [0xab; 32];
		assert_eq!(parse_hash(&hash_field(&hash)), Some(hash));
		assert_eq!(parse_hash("ab"), None);
		assert_eq!(parse_hash("0x1234"), None);
	}
}

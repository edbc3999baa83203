//! `DIR/manifest.jsonl`: one JSON line per finished URL, appended as pages finish, and read
//! back on the next run to skip what is done. Each line goes out in one `write` with no
//! buffer in between, so a kill at any moment loses at most the line being written; a torn
//! last line is ignored and closed off before anything new is appended.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::sink::hash_hex;

/// The manifest's file name inside the output directory.
pub const MANIFEST_NAME: &str = "manifest.jsonl";

/// How a URL ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Text was written.
    Ok,
    /// The page was fetched but holds no article text; an empty file was written.
    Empty,
    /// Deliberately not processed: robots.txt disallows it, or it is not HTML.
    Skipped,
    /// It could not be processed.
    Failed,
}

impl Outcome {
    /// True for the outcomes a rerun never redoes.
    pub fn is_done(self) -> bool {
        self != Outcome::Failed
    }
}

/// One manifest line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Position among the list's entries (the `NNN` of the file name).
    pub index: u64,
    /// The URL as written in the list.
    pub url: String,
    /// The URL the page was finally read from, after redirects.
    pub final_url: Option<String>,
    /// The last HTTP status received.
    pub status: Option<u16>,
    /// The response's Content-Type.
    pub content_type: Option<String>,
    /// Body bytes read (after decompression).
    pub bytes: Option<u64>,
    /// Requests made for the URL, retries included (redirect hops not counted).
    pub attempts: u32,
    /// The text file written, relative to the output directory.
    pub file: Option<String>,
    /// Why the URL failed or was skipped.
    pub error: Option<String>,
    /// Milliseconds from taking the URL up to finishing it.
    pub elapsed_ms: u64,
    /// How it ended.
    pub outcome: Outcome,
    /// The line of the list it came from (1-based).
    pub line: u64,
}

/// The part of a line a rerun needs.
#[derive(Debug, Deserialize)]
struct Seen {
    index: u64,
    url: String,
    outcome: Outcome,
}

/// What earlier runs finished: per entry, its index and a 62-bit hash of its URL with how
/// it last ended in the low two bits — 16 bytes per entry, sorted by index.
#[derive(Debug, Default)]
pub struct Previous {
    entries: Vec<(u64, u64)>,
}

/// Bits of a packed entry that hold the outcome.
const OUTCOME_BITS: u64 = 0b11;

fn pack(url_text: &[u8], outcome: Outcome) -> u64 {
    let code = match outcome {
        Outcome::Ok => 0,
        Outcome::Empty => 1,
        Outcome::Skipped => 2,
        Outcome::Failed => 3,
    };
    (url_hash(url_text) & !OUTCOME_BITS) | code
}

fn unpack(packed: u64) -> Outcome {
    match packed & OUTCOME_BITS {
        0 => Outcome::Ok,
        1 => Outcome::Empty,
        2 => Outcome::Skipped,
        _ => Outcome::Failed,
    }
}

impl Previous {
    /// How the entry at `index` last ended, when it was for the same URL text.
    pub fn outcome(&self, index: u64, url_text: &[u8]) -> Option<Outcome> {
        let at = self
            .entries
            .binary_search_by_key(&index, |&(i, _)| i)
            .ok()?;
        let packed = self.entries[at].1;
        let same_url = (packed & !OUTCOME_BITS) == (url_hash(url_text) & !OUTCOME_BITS);
        same_url.then(|| unpack(packed))
    }

    /// Entries recorded.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was recorded.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn url_hash(text: &[u8]) -> u64 {
    u64::from_str_radix(&hash_hex(text), 16).unwrap_or(0)
}

/// The manifest, open for appending.
#[derive(Debug)]
pub struct Manifest {
    file: File,
    path: PathBuf,
}

impl Manifest {
    /// Opens (or creates) `dir/manifest.jsonl`, reads what earlier runs recorded, and makes
    /// sure the next line starts on a line of its own.
    pub fn open(dir: &Path) -> Result<(Manifest, Previous), Error> {
        let path = dir.join(MANIFEST_NAME);
        let write_err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(write_err)?;
        let previous = read_previous(&file, &path)?;
        let len = file.metadata().map_err(write_err)?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1)).map_err(write_err)?;
            std::io::Read::read_exact(&mut file, &mut last).map_err(write_err)?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(write_err)?;
            }
        }
        Ok((Manifest { file, path }, previous))
    }

    /// Appends one record as one line, in one write.
    pub fn append(&mut self, record: &Record) -> Result<(), Error> {
        let mut line = serde_json::to_vec(record).map_err(|e| Error::Write {
            path: self.path.clone(),
            source: std::io::Error::other(e),
        })?;
        line.push(b'\n');
        self.file.write_all(&line).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }
}

/// Reads every parsable line; the last line for an index wins. Lines that do not parse
/// (a torn last line after a kill) are ignored.
fn read_previous(file: &File, path: &Path) -> Result<Previous, Error> {
    let mut entries = Vec::new();
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
        if n == 0 {
            break;
        }
        if let Ok(seen) = serde_json::from_slice::<Seen>(&line) {
            entries.push((seen.index, pack(seen.url.as_bytes(), seen.outcome)));
        }
    }
    // Latest first, then a stable sort: among equal indices the first kept is the one
    // recorded last. In place, so a million-line manifest costs 16 MB, not twice that.
    entries.reverse();
    entries.sort_by_key(|&(i, _)| i);
    entries.dedup_by_key(|&mut (i, _)| i);
    entries.shrink_to_fit();
    Ok(Previous { entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(index: u64, url: &str, outcome: Outcome) -> Record {
        Record {
            index,
            url: url.to_string(),
            final_url: None,
            status: None,
            content_type: None,
            bytes: None,
            attempts: 1,
            file: None,
            error: None,
            elapsed_ms: 0,
            outcome,
            line: index + 1,
        }
    }

    #[test]
    fn reruns_see_the_last_outcome_of_each_entry() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (mut m, prev) = Manifest::open(dir.path()).unwrap();
            assert!(prev.is_empty());
            m.append(&record(0, "http://a/", Outcome::Failed)).unwrap();
            m.append(&record(1, "http://b/", Outcome::Ok)).unwrap();
            m.append(&record(0, "http://a/", Outcome::Ok)).unwrap();
            m.append(&record(2, "http://c/", Outcome::Failed)).unwrap();
        }
        let (_, prev) = Manifest::open(dir.path()).unwrap();
        assert_eq!(prev.len(), 3);
        assert_eq!(prev.outcome(0, b"http://a/"), Some(Outcome::Ok));
        assert_eq!(prev.outcome(1, b"http://b/"), Some(Outcome::Ok));
        assert_eq!(prev.outcome(2, b"http://c/"), Some(Outcome::Failed));
        // The list changed under this index: not the same URL, not done.
        assert_eq!(prev.outcome(1, b"http://other/"), None);
        assert_eq!(prev.outcome(9, b"http://a/"), None);
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_closed_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST_NAME);
        let good = serde_json::to_string(&record(0, "http://a/", Outcome::Ok)).unwrap();
        std::fs::write(&path, format!("{good}\n{{\"index\":1,\"url\":\"http://b")).unwrap();
        let (mut m, prev) = Manifest::open(dir.path()).unwrap();
        assert_eq!(prev.len(), 1);
        m.append(&record(1, "http://b/", Outcome::Ok)).unwrap();
        drop(m);
        let text = std::fs::read_to_string(&path).unwrap();
        let last = text.lines().last().unwrap();
        assert!(serde_json::from_str::<Record>(last).is_ok(), "{text}");
        let (_, prev) = Manifest::open(dir.path()).unwrap();
        assert_eq!(prev.outcome(1, b"http://b/"), Some(Outcome::Ok));
    }
}

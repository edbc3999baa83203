//! Where text goes: files named after their input (collisions get a numeric suffix, never
//! an overwrite), each written to a temporary name and renamed so no reader ever sees half
//! a file.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::document::Document;
use crate::error::Error;
use crate::record::{Provenance, Record};

/// Hex digits of the hash in an output name.
const HASH_HEX_DIGITS: usize = 16;

/// The output stem for the URL at `index` written as `text`: the index zero-padded to at
/// least three digits, `_`, then the first 16 hex digits of the SHA-256 of `text`.
///
/// ```
/// assert_eq!(
///     dehusk::sink::file_stem(7, b"https://example.org/"),
///     "007_8198d1bac40a1033"
/// );
/// ```
pub fn file_stem(index: u64, text: &[u8]) -> String {
    format!("{index:03}_{}", hash_hex(text))
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn hash_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(HASH_HEX_DIGITS);
    for b in digest.iter().take(HASH_HEX_DIGITS / 2) {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// How a page is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text, one block per line (`.txt`).
    #[default]
    Txt,
    /// Markdown (`.md`).
    Md,
    /// One JSON object per page file (`.json`).
    Json,
    /// One JSON object per line, all pages in one stream.
    Jsonl,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "txt" | "text" => Ok(Format::Txt),
            "md" | "markdown" => Ok(Format::Md),
            "json" => Ok(Format::Json),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            other => Err(format!("unknown format {other:?} (txt, md, json, jsonl)")),
        }
    }
}

impl Format {
    /// The file extension of one page in this format (`jsonl` pages go to a stream).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Json | Format::Jsonl => "json",
        }
    }

    /// The page as this format's bytes. Empty documents give an empty text or Markdown
    /// file, and a JSON record with empty text.
    pub fn render(self, doc: &Document, from: &Provenance, title: bool) -> String {
        match self {
            Format::Txt if doc.is_empty() => String::new(),
            Format::Md if doc.is_empty() => String::new(),
            Format::Txt => doc.to_text(title),
            Format::Md => doc.to_markdown(title),
            Format::Json | Format::Jsonl => {
                let mut line = Record::new(doc, from).to_json_line();
                line.push('\n');
                line
            }
        }
    }
}

/// Writes records to one stream in input order, whatever order they finish in: a record
/// waits in a small buffer until every earlier position has been written or skipped.
#[derive(Debug)]
pub struct OrderedWriter<W: Write> {
    out: W,
    next: usize,
    waiting: BTreeMap<usize, Option<String>>,
}

impl<W: Write> OrderedWriter<W> {
    /// A writer whose first position is `first`.
    pub fn new(out: W, first: usize) -> OrderedWriter<W> {
        OrderedWriter {
            out,
            next: first,
            waiting: BTreeMap::new(),
        }
    }

    /// Hands over position `index`: its text, or `None` when it produced nothing.
    pub fn put(&mut self, index: usize, text: Option<String>) -> std::io::Result<()> {
        self.waiting.insert(index, text);
        while let Some(entry) = self.waiting.remove(&self.next) {
            if let Some(text) = entry {
                self.out.write_all(text.as_bytes())?;
            }
            self.next += 1;
        }
        Ok(())
    }

    /// Writes whatever is still waiting (positions that never came are skipped) and
    /// flushes.
    pub fn finish(&mut self) -> std::io::Result<()> {
        for (_, text) in std::mem::take(&mut self.waiting) {
            if let Some(text) = text {
                self.out.write_all(text.as_bytes())?;
            }
        }
        self.out.flush()
    }
}

/// Permissions of written files on Unix (before the umask-free rename: rw-r--r--).
#[cfg(unix)]
const OUTPUT_MODE: u32 = 0o644;

/// Assigns output file names, unique within one run (case-insensitively, for file systems
/// that fold case).
#[derive(Debug, Default)]
pub struct Namer {
    used: HashSet<String>,
}

/// A name given out, and whether it had to be changed to stay unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    /// The stem to write under.
    pub stem: String,
    /// True when the wanted stem was already taken in this run.
    pub renamed: bool,
}

impl Namer {
    /// Gives `wanted`, or `wanted-2`, `wanted-3`… when it is taken.
    pub fn assign(&mut self, wanted: &str) -> Assigned {
        let mut n = 1;
        loop {
            let stem = if n == 1 {
                wanted.to_string()
            } else {
                format!("{wanted}-{n}")
            };
            if self.used.insert(stem.to_lowercase()) {
                return Assigned {
                    stem,
                    renamed: n > 1,
                };
            }
            n += 1;
        }
    }
}

/// Writes `contents` to `dir/name` atomically: a temporary file in the same directory,
/// then renamed over the target. A killed process leaves the old file or the new one,
/// never half of one. (No fsync: that guards against power loss only, and costs more than
/// extracting the page.)
pub fn write_atomic(dir: &Path, name: &str, contents: &[u8]) -> Result<PathBuf, Error> {
    let target = dir.join(name);
    let err = |source| Error::Write {
        path: target.clone(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".dehusk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(contents).map_err(err)?;
    // Temporary files are created private (0600); results are ordinary files, readable
    // like anything else the user writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(OUTPUT_MODE))
            .map_err(err)?;
    }
    tmp.persist(&target).map_err(|e| err(e.error))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_get_suffixes() {
        let mut n = Namer::default();
        assert_eq!(n.assign("a").stem, "a");
        let second = n.assign("a");
        assert_eq!(second.stem, "a-2");
        assert!(second.renamed);
        assert_eq!(n.assign("a").stem, "a-3");
        assert_eq!(n.assign("a-2").stem, "a-2-2");
    }

    #[test]
    fn ordered_writer_restores_input_order() {
        let mut w = OrderedWriter::new(Vec::new(), 0);
        w.put(2, Some("c\n".into())).unwrap();
        w.put(0, Some("a\n".into())).unwrap();
        assert_eq!(w.out, b"a\n");
        w.put(1, None).unwrap();
        assert_eq!(w.out, b"a\nc\n");
        w.put(4, Some("e\n".into())).unwrap();
        w.finish().unwrap();
        assert_eq!(w.out, b"a\nc\ne\n");
    }

    #[test]
    fn formats_parse_and_name_their_files() {
        assert_eq!("MD".parse::<Format>(), Ok(Format::Md));
        assert!("xml".parse::<Format>().is_err());
        assert_eq!(Format::Json.extension(), "json");
    }

    #[test]
    fn atomic_write_leaves_only_the_target() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "x.txt", b"hello\n").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.txt"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("x.txt"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }
}

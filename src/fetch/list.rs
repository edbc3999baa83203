//! The URL list, read as a stream: one URL per line (ended by LF, CRLF or CR), blank lines
//! and `#` comments skipped, every other line numbered and named `NNN_<hash>` whether or
//! not it is a valid URL, so fixing or breaking one line never renames the pages of the
//! others.

use crate::sink::file_stem;
use std::io::{self, BufRead};

use reqwest::Url;

use super::shown::redacted;
use crate::error::Error;

/// Longest line taken from a list; a longer one is reported as invalid (and skipped without
/// being held in memory), so a file with no newlines cannot exhaust memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// How much of a bad line is quoted back in the error message.
const QUOTE_CHARS: usize = 200;

/// One entry of the list: a URL line (valid or not) with its position.
#[derive(Debug)]
pub struct Entry {
    /// 0-based position among the list's entries (the `NNN` of the file name).
    pub index: u64,
    /// 1-based line number in the list, for messages.
    pub line: u64,
    /// The line as written, surrounding whitespace removed (lossy when not UTF-8).
    pub text: String,
    /// The parsed URL, or why the line is not an http(s) URL.
    pub url: Result<Url, Error>,
    /// The output file stem, `NNN_<hash>`.
    pub stem: String,
    /// Byte offset of the line's start in the list, so a scheduler can read it again.
    pub offset: u64,
}

/// Reads entries from a list one line at a time; memory does not grow with the list.
pub struct ListReader<R> {
    inner: R,
    line: u64,
    index: u64,
    buf: Vec<u8>,
    /// The last line ended with a CR: an LF right after it belongs to the same ending.
    after_cr: bool,
    /// Bytes consumed so far (from where reading started), and where the last line began.
    pos: u64,
    line_start: u64,
}

impl<R: BufRead> ListReader<R> {
    /// Wraps a buffered reader.
    pub fn new(inner: R) -> Self {
        Self::resume(inner, 0, 0, 0)
    }

    /// Wraps a reader placed at byte `pos` of a list, at the start of the line after line
    /// `line`, whose next entry has position `index`: reads part of a list again.
    pub fn resume(inner: R, line: u64, index: u64, pos: u64) -> Self {
        ListReader {
            inner,
            line,
            index,
            buf: Vec::new(),
            after_cr: false,
            pos,
            line_start: pos,
        }
    }

    /// Bytes of the list consumed so far (counted from offset 0 of the list).
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// Reads one line into `self.buf` (without its ending), keeping at most
    /// [`MAX_LINE_BYTES`]. A line ends at LF, CR or CRLF (counted once): a list saved with
    /// CR-only endings would otherwise be one line gluing every URL into a wrong one.
    /// Returns `None` at the end, else whether the line was cut.
    fn read_line(&mut self) -> io::Result<Option<bool>> {
        self.buf.clear();
        let mut cut = false;
        let mut any = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(any.then_some(cut));
            }
            // The LF of a CRLF whose CR ended the previous line (it may come in a later read).
            if std::mem::take(&mut self.after_cr) && available[0] == b'\n' {
                self.inner.consume(1);
                self.pos += 1;
                continue;
            }
            if !any {
                self.line_start = self.pos;
            }
            any = true;
            let end = available.iter().position(|&b| b == b'\n' || b == b'\r');
            let chunk = &available[..end.unwrap_or(available.len())];
            let room = MAX_LINE_BYTES.saturating_sub(self.buf.len());
            cut |= chunk.len() > room;
            self.buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
            self.after_cr = end.is_some_and(|n| available[n] == b'\r');
            let used = end.map_or(available.len(), |n| n + 1);
            self.inner.consume(used);
            self.pos += used as u64;
            if end.is_some() {
                return Ok(Some(cut));
            }
        }
    }
}

/// A list line that names a URL, before it is parsed: enough to decide what to do with it
/// (a scheduler reads most lines of a host-sorted list twice, so the first look is cheap).
#[derive(Debug)]
pub struct RawLine<'a> {
    /// 0-based position among the list's entries.
    pub index: u64,
    /// 1-based line number.
    pub line: u64,
    /// Byte offset of the line's start in the list.
    pub offset: u64,
    /// The line, surrounding whitespace removed.
    pub bytes: &'a [u8],
    cut: bool,
}

impl RawLine<'_> {
    /// The entry this line makes (parsed, named).
    pub fn entry(&self) -> Entry {
        let mut entry = make_entry(self.index, self.line, self.bytes, self.cut);
        entry.offset = self.offset;
        entry
    }

    /// The host as written, lowercased, without parsing the URL: a cheap key for sharing
    /// the run among hosts (exotic spellings may differ from the parsed host; that only
    /// affects the sharing).
    pub fn host(&self) -> Option<String> {
        let start = self.bytes.windows(3).position(|w| w == b"://")? + 3;
        let rest = &self.bytes[start..];
        let end = rest
            .iter()
            .position(|b| matches!(b, b'/' | b'?' | b'#'))
            .unwrap_or(rest.len());
        let authority = &rest[..end];
        let host_port = match authority.iter().rposition(|&b| b == b'@') {
            Some(at) => &authority[at + 1..],
            None => authority,
        };
        let host = if host_port.starts_with(b"[") {
            let close = host_port.iter().position(|&b| b == b']')?;
            &host_port[..=close]
        } else {
            let colon = host_port.iter().position(|&b| b == b':');
            &host_port[..colon.unwrap_or(host_port.len())]
        };
        (!host.is_empty()).then(|| String::from_utf8_lossy(host).to_ascii_lowercase())
    }
}

impl<R: BufRead> ListReader<R> {
    /// The next line naming a URL (blank lines and comments skipped), not yet parsed.
    pub fn next_raw(&mut self) -> Option<io::Result<RawLine<'_>>> {
        loop {
            let cut = match self.read_line() {
                Ok(Some(cut)) => cut,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            self.line += 1;
            // As a range, not a slice: a borrow kept across `continue` would not compile.
            let bom = self.line == 1 && self.buf.starts_with(b"\xef\xbb\xbf");
            let (start, end) = trimmed(&self.buf, if bom { 3 } else { 0 });
            let bytes = &self.buf[start..end];
            if bytes.is_empty() || bytes.starts_with(b"#") {
                continue;
            }
            let index = self.index;
            self.index += 1;
            return Some(Ok(RawLine {
                index,
                line: self.line,
                offset: self.line_start,
                bytes: &self.buf[start..end],
                cut,
            }));
        }
    }
}

/// The range of `buf[from..]` without surrounding ASCII whitespace.
fn trimmed(buf: &[u8], from: usize) -> (usize, usize) {
    let from = from.min(buf.len());
    let start = buf[from..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(buf.len(), |p| from + p);
    let end = buf[start..]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |p| start + p + 1);
    (start, end)
}

impl<R: BufRead> Iterator for ListReader<R> {
    type Item = io::Result<Entry>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_raw().map(|raw| raw.map(|r| r.entry()))
    }
}

fn make_entry(index: u64, line: u64, bytes: &[u8], cut: bool) -> Entry {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let bad = |reason: String| Error::BadUrl {
        line,
        text: quote(&redacted(&text)),
        reason,
    };
    let url = if cut {
        Err(bad(format!("line longer than {MAX_LINE_BYTES} bytes")))
    } else if std::str::from_utf8(bytes).is_err() {
        Err(bad("not valid UTF-8".to_string()))
    } else if let Some(reason) = inner_space(&text) {
        // The URL parser would drop a tab or encode a space and fetch a wrong URL: two URLs
        // glued by a tab, or a URL with a note after it.
        Err(bad(reason))
    } else {
        parse_url(&text).map_err(bad)
    };
    Entry {
        index,
        line,
        stem: file_stem(index, bytes),
        text,
        url,
        offset: 0,
    }
}

/// Why a (trimmed) line holding whitespace or a control character inside is no URL.
fn inner_space(text: &str) -> Option<String> {
    let (at, c) = text
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_whitespace() || c.is_control())?;
    let what = if c.is_whitespace() {
        "whitespace"
    } else {
        "a control character"
    };
    Some(format!(
        "{what} ({c:?}) inside the line at column {}",
        at + 1
    ))
}

/// Parses an absolute http(s) URL with a host.
pub fn parse_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| e.to_string())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("scheme {:?} is not http or https", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("no host".to_string());
    }
    Ok(url)
}

fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        return text.to_string();
    }
    let mut q: String = text.chars().take(QUOTE_CHARS).collect();
    q.push('…');
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::hash_hex;

    fn read(list: &[u8]) -> Vec<Entry> {
        ListReader::new(list).map(|e| e.unwrap()).collect()
    }

    #[test]
    fn names_follow_the_scheme() {
        let stem = file_stem(0, b"https://example.org/");
        assert_eq!(stem.len(), 3 + 1 + 16);
        assert!(stem.starts_with("000_"));
        assert!(file_stem(1234, b"x").starts_with("1234_"));
        assert_eq!(hash_hex(b"abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn blanks_and_comments_are_skipped_and_bad_lines_keep_their_place() {
        let list = b"\xef\xbb\xbf# list\n\nhttps://a.example/x\r\n  ftp://b.example/\nnot a url\nhttp://c.example/";
        let entries = read(list);
        let idx: Vec<(u64, u64)> = entries.iter().map(|e| (e.index, e.line)).collect();
        assert_eq!(idx, [(0, 3), (1, 4), (2, 5), (3, 6)]);
        assert_eq!(entries[0].text, "https://a.example/x");
        assert!(entries[0].url.is_ok());
        let err = entries[1].url.as_ref().unwrap_err().to_string();
        assert!(err.contains("line 4") && err.contains("ftp"), "{err}");
        assert!(entries[2].url.is_err());
        assert!(entries[3].url.is_ok());
        assert_eq!(entries[3].stem, file_stem(3, b"http://c.example/"));
    }

    #[test]
    fn overlong_and_non_utf8_lines_are_reported() {
        let mut list = vec![b'h'; MAX_LINE_BYTES * 3];
        list.extend_from_slice(b"\nhttp://a.example/\xff\nhttp://ok.example/\n");
        let entries = read(&list);
        assert_eq!(entries.len(), 3);
        assert!(
            entries[0]
                .url
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("longer")
        );
        assert!(entries[0].text.chars().count() <= MAX_LINE_BYTES);
        assert!(
            entries[1]
                .url
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("UTF-8")
        );
        assert!(entries[2].url.is_ok());
    }

    #[test]
    fn cr_crlf_and_lf_endings_split_lines_across_reads() {
        // CR alone (old Mac), CRLF (counted once) and LF; LF then CR is two endings. Read
        // through tiny buffers too, so a CRLF split between two reads is seen.
        let list =
            b"http://a.example/1\rhttp://a.example/2\r\nhttp://a.example/3\n\rhttp://a.example/4";
        for capacity in [1, 2, 3, 19, 64 * 1024] {
            let reader = std::io::BufReader::with_capacity(capacity, &list[..]);
            let entries: Vec<Entry> = ListReader::new(reader).map(|e| e.unwrap()).collect();
            let got: Vec<(&str, u64)> = entries.iter().map(|e| (e.text.as_str(), e.line)).collect();
            assert_eq!(
                got,
                [
                    ("http://a.example/1", 1),
                    ("http://a.example/2", 2),
                    ("http://a.example/3", 3),
                    ("http://a.example/4", 5),
                ],
                "buffer of {capacity}"
            );
            assert!(entries.iter().all(|e| e.url.is_ok()));
        }
    }

    #[test]
    fn offsets_let_a_list_be_read_again_from_any_entry() {
        let list = b"\xef\xbb\xbfhttp://a.example/0\r\n# c\r\n\r\nhttp://a.example/1\rhttp://a.example/2\n";
        let first = read(list);
        for e in &first {
            let rest = &list[e.offset as usize..];
            let again: Vec<Entry> = ListReader::resume(rest, e.line - 1, e.index, e.offset)
                .map(|x| x.unwrap())
                .collect();
            let (a, b) = (&again[0], e);
            assert_eq!(
                (a.index, a.line, &a.text, a.offset),
                (b.index, b.line, &b.text, b.offset)
            );
            assert_eq!(again.len(), first.len() - e.index as usize);
        }
        assert_eq!(first[0].offset, 0);
        let mut r = ListReader::new(&list[..]);
        while r.next().is_some() {}
        assert_eq!(r.position(), list.len() as u64);
    }

    #[test]
    fn whitespace_inside_a_line_is_an_invalid_line() {
        let list = "http://a.example/x\thttp://b.example/y\nhttp://a.example/a b\n\
                    http://a.example/\u{a0}z\nhttp://a.example/ok\n";
        let entries = read(list.as_bytes());
        assert_eq!(entries.len(), 4);
        for (entry, line) in entries.iter().zip(1..) {
            if line == 4 {
                assert!(entry.url.is_ok());
                continue;
            }
            let err = entry.url.as_ref().unwrap_err().to_string();
            assert!(
                err.contains(&format!("line {line}:")) && err.contains("whitespace"),
                "{err}"
            );
        }
    }

    #[test]
    fn the_raw_host_matches_the_parsed_one() {
        let list = b"HTTPS://User:pw@Example.ORG:8443/a?b#c\nhttp://[::1]:80/\nhttp://h.example\nnot a url\n";
        let mut r = ListReader::new(&list[..]);
        let mut hosts = Vec::new();
        while let Some(raw) = r.next_raw() {
            hosts.push(raw.unwrap().host());
        }
        let want = ["example.org", "[::1]", "h.example"].map(|h| Some(h.to_string()));
        assert_eq!(hosts[..3], want);
        assert_eq!(hosts[3], None);
    }

    #[test]
    fn hostless_urls_are_refused() {
        assert!(parse_url("http://").is_err());
        assert!(parse_url("mailto:a@b.c").is_err());
        assert!(parse_url("https://example.org").is_ok());
    }
}

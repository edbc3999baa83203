//! A streaming WARC reader (the archive format of crawlers and Common Crawl): one record at
//! a time in constant memory, gzip members or plain, with the HTTP response inside a
//! `response` record split into status, headers and body. A truncated file yields its
//! complete records, then one error that says where the damage starts.

use std::io::{BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;

mod encoding;

pub use encoding::{BodyError, decode_body};

/// Longest header line accepted (a record header or an HTTP header).
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Most header lines in one record or HTTP response.
const MAX_HEADER_LINES: usize = 512;

/// What went wrong reading an archive; `offset` is the byte position in the (decompressed)
/// stream where the bad record starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WarcError {
    /// The stream ended inside a record.
    #[error("truncated record at byte {offset}: {what}")]
    Truncated {
        /// Where the record starts.
        offset: u64,
        /// What was missing.
        what: String,
    },
    /// A record does not follow the format.
    #[error("malformed record at byte {offset}: {what}")]
    Malformed {
        /// Where the record starts.
        offset: u64,
        /// What is wrong.
        what: String,
    },
    /// Reading the underlying file failed.
    #[error("read error at byte {offset}: {what}")]
    Io {
        /// Where the reader was.
        offset: u64,
        /// The cause.
        what: String,
    },
}

/// One WARC record: its headers of interest and its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// 0-based position of the record in the stream.
    pub position: u64,
    /// `WARC-Type` (`response`, `request`, `warcinfo`, …), lowercased.
    pub warc_type: String,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Record-ID`.
    pub record_id: Option<String>,
    /// The record's `Content-Type`.
    pub content_type: Option<String>,
    /// The block; `None` when it was over the size limit and skipped.
    pub block: Option<Vec<u8>>,
    /// The block's declared length.
    pub length: u64,
}

/// An HTTP response stored in a `response` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `Content-Encoding` header; the body is still encoded (see [`decode_body`]).
    pub content_encoding: Option<String>,
    /// The `Content-Language` header.
    pub content_language: Option<String>,
    /// The body, de-chunked when it was sent chunked.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// Why the response is not extracted, if it is not: a status other than 200, or a
    /// content type that is not HTML (absent and `text/plain` are given a chance). Every
    /// front end that walks an archive (`dehusk warc`, the Python `iter_warc`) skips alike.
    pub fn skip_reason(&self) -> Option<String> {
        if self.status != 200 {
            return Some(format!("HTTP status {}", self.status));
        }
        let ct = self
            .content_type
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        let html = ct.is_empty() || ct.contains("html") || ct.starts_with("text/plain");
        (!html).then(|| format!("not HTML ({ct})"))
    }
}

/// Reads records from a stream (plain or gzip, detected by magic bytes).
pub struct WarcReader {
    inner: Box<dyn BufRead + Send>,
    offset: u64,
    position: u64,
    max_block: u64,
    done: bool,
}

impl std::fmt::Debug for WarcReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarcReader")
            .field("offset", &self.offset)
            .field("position", &self.position)
            .finish()
    }
}

impl WarcReader {
    /// A reader over `input`; blocks longer than `max_block` bytes are skipped (their
    /// record comes back with `block: None`).
    pub fn new<R: Read + Send + 'static>(input: R, max_block: u64) -> std::io::Result<WarcReader> {
        let mut buffered = BufReader::with_capacity(64 * 1024, input);
        let gz = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let inner: Box<dyn BufRead + Send> = if gz {
            Box::new(BufReader::with_capacity(
                64 * 1024,
                MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        Ok(WarcReader {
            inner,
            offset: 0,
            position: 0,
            max_block,
            done: false,
        })
    }

    fn io_err(&self, e: std::io::Error) -> WarcError {
        WarcError::Io {
            offset: self.offset,
            what: e.to_string(),
        }
    }

    /// Reads one line (up to `\n`), bounded; `Ok(None)` at a clean end of stream.
    fn line(&mut self) -> Result<Option<Vec<u8>>, WarcError> {
        let mut buf = Vec::new();
        let n = (&mut self.inner)
            .take(MAX_HEADER_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| self.io_err(e))?;
        self.offset += n as u64;
        if n == 0 {
            return Ok(None);
        }
        if n > MAX_HEADER_LINE {
            return Err(WarcError::Malformed {
                offset: self.offset,
                what: "header line too long".into(),
            });
        }
        Ok(Some(buf))
    }

    fn next_record(&mut self) -> Result<Option<WarcRecord>, WarcError> {
        // Skip the blank lines that separate records.
        let start;
        let version = loop {
            let at = self.offset;
            match self.line()? {
                None => return Ok(None),
                Some(l) if l.iter().all(u8::is_ascii_whitespace) => continue,
                Some(l) => {
                    start = at;
                    break l;
                }
            }
        };
        if !version.starts_with(b"WARC/") {
            return Err(WarcError::Malformed {
                offset: start,
                what: "expected a WARC/1.x version line".into(),
            });
        }
        let mut headers = Vec::new();
        loop {
            let Some(line) = self.line()? else {
                return Err(WarcError::Truncated {
                    offset: start,
                    what: "end of file inside the record headers".into(),
                });
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
            if headers.len() >= MAX_HEADER_LINES {
                return Err(WarcError::Malformed {
                    offset: start,
                    what: "too many header lines".into(),
                });
            }
            if let Some((k, v)) = split_header(&line) {
                headers.push((k, v));
            }
        }
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let length: u64 = get("Content-Length")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| WarcError::Malformed {
                offset: start,
                what: "missing or bad Content-Length".into(),
            })?;
        let block = if length > self.max_block {
            let skipped = std::io::copy(&mut (&mut self.inner).take(length), &mut std::io::sink())
                .map_err(|e| self.io_err(e))?;
            self.offset += skipped;
            if skipped < length {
                return Err(self.truncated(start, length, skipped));
            }
            None
        } else {
            let mut block = Vec::with_capacity(length as usize);
            let got = (&mut self.inner)
                .take(length)
                .read_to_end(&mut block)
                .map_err(|e| self.io_err(e))? as u64;
            self.offset += got;
            if got < length {
                return Err(self.truncated(start, length, got));
            }
            Some(block)
        };
        let record = WarcRecord {
            position: self.position,
            warc_type: get("WARC-Type").unwrap_or_default().to_ascii_lowercase(),
            target_uri: get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string()),
            record_id: get("WARC-Record-ID"),
            content_type: get("Content-Type"),
            block,
            length,
        };
        self.position += 1;
        Ok(Some(record))
    }

    fn truncated(&self, start: u64, length: u64, got: u64) -> WarcError {
        WarcError::Truncated {
            offset: start,
            what: format!("block of {length} bytes ends after {got}"),
        }
    }
}

impl Iterator for WarcReader {
    type Item = Result<WarcRecord, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // After damage the stream position is unknown: stop rather than guess.
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

fn split_header(line: &[u8]) -> Option<(String, String)> {
    let text = String::from_utf8_lossy(line);
    let (k, v) = text.split_once(':')?;
    Some((k.trim().to_string(), v.trim().to_string()))
}

impl WarcRecord {
    /// True for a `response` record holding an HTTP message.
    pub fn is_http_response(&self) -> bool {
        self.warc_type == "response"
            && self
                .content_type
                .as_deref()
                .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/http"))
    }

    /// The HTTP response inside a `response` record, or why it cannot be read.
    pub fn http_response(&self) -> Result<HttpResponse, String> {
        let block = self.block.as_deref().ok_or("block over the size limit")?;
        parse_http(block)
    }
}

/// Splits a raw HTTP response into status, content type and (de-chunked) body.
pub fn parse_http(raw: &[u8]) -> Result<HttpResponse, String> {
    let head_end = find(raw, b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| find(raw, b"\n\n").map(|p| (p, p + 2)))
        .ok_or("no end of HTTP headers")?;
    let head = String::from_utf8_lossy(&raw[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().ok_or("empty HTTP message")?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let mut content_type = None;
    let mut content_encoding = None;
    let mut content_language = None;
    let mut chunked = false;
    for line in lines.take(MAX_HEADER_LINES) {
        if let Some((k, v)) = line.split_once(':') {
            let (k, v) = (k.trim(), v.trim());
            if k.eq_ignore_ascii_case("content-type") {
                content_type = Some(v.to_string());
            } else if k.eq_ignore_ascii_case("content-encoding") {
                content_encoding = Some(v.to_string());
            } else if k.eq_ignore_ascii_case("content-language") {
                content_language = Some(v.to_string());
            } else if k.eq_ignore_ascii_case("transfer-encoding") {
                chunked = v.to_ascii_lowercase().contains("chunked");
            }
        }
    }
    let body = &raw[head_end.1..];
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_vec()
    };
    Ok(HttpResponse {
        status,
        content_type,
        content_encoding,
        content_language,
        body,
    })
}

/// Decodes a chunked body; a malformed tail is cut off rather than failing the page.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    while let Some(eol) = find(data, b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size_hex = size_text.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else {
            break;
        };
        data = &data[eol + 2..];
        if size == 0 {
            break;
        }
        let take = size.min(data.len());
        out.extend_from_slice(&data[..take]);
        data = &data[take..];
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len(),
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn archive() -> Vec<u8> {
        let mut a = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        a.extend(record(
            "response",
            "https://e.com/a",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hello</p>",
        ));
        a.extend(record(
            "response",
            "https://e.com/b",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<p>H\r\n4\r\ni</p\r\n1\r\n>\r\n0\r\n\r\n",
        ));
        a
    }

    #[test]
    fn reads_records_and_http_responses() {
        let records: Vec<WarcRecord> = WarcReader::new(std::io::Cursor::new(archive()), 1 << 20)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].warc_type, "warcinfo");
        assert!(records[1].is_http_response());
        assert_eq!(records[1].position, 1);
        let r = records[1].http_response().unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(r.body, b"<p>Hello</p>");
        assert_eq!(records[2].http_response().unwrap().body, b"<p>Hi</p>");
    }

    #[test]
    fn gzip_members_are_read() {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        // Two gzip members, as crawlers write one per record.
        let mut gz = Vec::new();
        let raw = archive();
        let (a, b) = raw.split_at(raw.len() / 3);
        for part in [a, b] {
            let mut e = GzEncoder::new(Vec::new(), Compression::fast());
            e.write_all(part).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let n = WarcReader::new(std::io::Cursor::new(gz), 1 << 20)
            .unwrap()
            .count();
        assert_eq!(n, 3);
    }

    #[test]
    fn truncation_gives_the_complete_records_then_an_error() {
        let mut a = archive();
        a.truncate(a.len() - 20);
        let items: Vec<_> = WarcReader::new(std::io::Cursor::new(a), 1 << 20)
            .unwrap()
            .collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].is_ok() && items[1].is_ok());
        assert!(
            matches!(items[2], Err(WarcError::Truncated { .. })),
            "{:?}",
            items[2]
        );
    }

    #[test]
    fn oversized_blocks_are_skipped_not_loaded() {
        let records: Vec<WarcRecord> = WarcReader::new(std::io::Cursor::new(archive()), 10)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(records.len(), 3);
        assert!(records[1].block.is_none());
        assert!(records[1].http_response().is_err());
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        let items: Vec<_> = WarcReader::new(std::io::Cursor::new(b"hello\nworld".to_vec()), 100)
            .unwrap()
            .collect();
        assert!(matches!(items[..], [Err(WarcError::Malformed { .. })]));
        assert!(parse_http(b"garbage").is_err());
    }
}

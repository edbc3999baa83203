//! Bytes to text: gzip unwrapped, binary rejected, then the charset chosen from the BOM,
//! the HTTP header, the page's `<meta>`, and detection, and the bytes decoded to UTF-8.

use std::io::Read;

use encoding_rs::{Encoding, UTF_8};

use crate::error::Error;

/// How far into the page to look for a `<meta charset>` declaration.
const META_PRESCAN_BYTES: usize = 4096;
/// How far into the input to look for signs of binary data.
const SNIFF_BYTES: usize = 1024;

/// A decoded page and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The page as UTF-8.
    pub html: String,
    /// The encoding the bytes were read as.
    pub encoding: &'static str,
}

/// Unwraps gzip (by magic bytes), limiting the inflated size to `max_bytes` so a gzip bomb
/// is stopped early.
pub fn gunzip_if_needed(input: &str, bytes: Vec<u8>, max_bytes: usize) -> Result<Vec<u8>, Error> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    let limit = max_bytes as u64 + 1;
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| Error::NotHtml {
            input: input.to_string(),
            reason: format!("broken gzip data: {e}"),
        })?;
    if out.len() > max_bytes {
        return Err(Error::TooLarge {
            input: input.to_string(),
            size: out.len(),
            limit: max_bytes,
        });
    }
    Ok(out)
}

/// What binary data looks like, if the bytes are clearly not a page.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"RIFF", "a RIFF media file"),
        (b"\x7fELF", "an executable"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(kind);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let utf16 = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x09) || (0x0e..0x1b).contains(&b))
        .count();
    (!utf16 && controls * 10 > head.len().max(1)).then_some("binary data")
}

/// True when the first bytes look like markup (used to pick pages out of directories).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<title",
    ]
    .iter()
    .any(|needle| lower.windows(needle.len()).any(|w| w == *needle))
}

/// Decodes page bytes to UTF-8 text. Never fails: undecodable bytes become U+FFFD.
///
/// Order: BOM; valid UTF-8 (a page that is valid UTF-8 but declares a legacy charset was
/// almost always mislabelled), or UTF-8 with a few stray bytes among many well-formed
/// sequences (read as a browser reads a UTF-8 page: each stray byte becomes U+FFFD); the
/// HTTP `charset`; `<meta>`; detection (chardetng).
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            html: text.into_owned(),
            encoding: enc.name(),
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            html: text.to_string(),
            encoding: UTF_8.name(),
        };
    }
    if mostly_utf8(bytes) {
        return Decoded {
            html: String::from_utf8_lossy(bytes).into_owned(),
            encoding: UTF_8.name(),
        };
    }
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| meta_charset(bytes))
        .map(ascii_compatible)
        .filter(|e| *e != UTF_8);
    let enc = declared.unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(None, chardetng::Utf8Detection::Allow)
    });
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        html: text.into_owned(),
        encoding: enc.name(),
    }
}

/// Well-formed multi-byte UTF-8 sequences must outnumber the malformed ones this many times
/// over. Legacy single-byte text almost never forms a valid sequence (a letter byte followed
/// by a continuation byte), while a UTF-8 page with a stray byte pasted in has hundreds.
const UTF8_MAJORITY: usize = 4;

/// True when bytes that are not valid UTF-8 still read as UTF-8 with a few stray bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut sequences = 0;
    let mut malformed = 0;
    for chunk in bytes.utf8_chunks() {
        // Lead bytes of multi-byte characters.
        sequences += chunk.valid().bytes().filter(|b| *b >= 0xc0).count();
        if !chunk.invalid().is_empty() {
            malformed += 1;
        }
    }
    sequences >= UTF8_MAJORITY * malformed.max(1)
}

/// HTML says a page labelled UTF-16 without a BOM is read as UTF-8 (and so on for the
/// other non-ASCII-compatible labels).
fn ascii_compatible(enc: &'static Encoding) -> &'static Encoding {
    if enc.is_ascii_compatible() {
        enc
    } else {
        UTF_8
    }
}

/// The `charset` parameter of a Content-Type header value.
pub fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| Encoding::for_label(v.trim().trim_matches(['"', '\'']).as_bytes()))
            .flatten()
    })
}

/// The charset a `<meta charset>` or `<meta http-equiv content="…charset=…">` names in the
/// first few kilobytes.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let mut k = from + pos + b"charset".len();
        from = k;
        while k < lower.len() && lower[k].is_ascii_whitespace() {
            k += 1;
        }
        if lower.get(k) != Some(&b'=') {
            continue;
        }
        k += 1;
        while k < lower.len() && matches!(lower[k], b' ' | b'"' | b'\'') {
            k += 1;
        }
        let start = k;
        while k < lower.len() && (lower[k].is_ascii_alphanumeric() || b"-_:.".contains(&lower[k])) {
            k += 1;
        }
        if let Some(enc) = Encoding::for_label(&lower[start..k]) {
            return Some(enc);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The media type of a Content-Type value, lowercased, parameters dropped.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// What a Content-Type says about a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page.
    Html,
    /// No useful label: decide by looking at the bytes.
    Unknown,
    /// Something else (PDF, image, JSON…): skipped without reading the body.
    Other,
}

/// Classifies a Content-Type header value (absent means unknown).
pub fn kind_of(content_type: Option<&str>) -> Kind {
    let Some(ct) = content_type else {
        return Kind::Unknown;
    };
    match media_type(ct).as_str() {
        "text/html" | "application/xhtml+xml" => Kind::Html,
        "" | "application/octet-stream" | "binary/octet-stream" => Kind::Unknown,
        _ => Kind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_are_classified() {
        assert_eq!(kind_of(Some("text/html; charset=Shift_JIS")), Kind::Html);
        assert_eq!(kind_of(Some("Application/XHTML+XML")), Kind::Html);
        assert_eq!(kind_of(None), Kind::Unknown);
        assert_eq!(kind_of(Some("application/octet-stream")), Kind::Unknown);
        assert_eq!(kind_of(Some("application/pdf")), Kind::Other);
        assert_eq!(kind_of(Some("image/png")), Kind::Other);
        assert_eq!(kind_of(Some("application/json")), Kind::Other);
    }

    #[test]
    fn meta_declared_windows_1252() {
        let bytes = b"<meta charset=\"windows-1252\"><p>caf\xe9</p>";
        let d = decode(bytes, None);
        assert!(d.html.contains("café"));
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn http_header_beats_meta() {
        let bytes = b"<meta charset=\"shift_jis\"><p>caf\xe9</p>";
        let d = decode(bytes, Some("text/html; charset=ISO-8859-1"));
        assert!(d.html.contains("café"));
    }

    #[test]
    fn shift_jis_from_meta() {
        let (sjis, _, _) =
            encoding_rs::SHIFT_JIS.encode("<meta charset=Shift_JIS><p>日本語の記事</p>");
        let d = decode(&sjis, None);
        assert!(d.html.contains("日本語の記事"));
    }

    #[test]
    fn valid_utf8_wins_over_a_wrong_declaration() {
        let d = decode("<meta charset=iso-8859-1><p>naïve</p>".as_bytes(), None);
        assert!(d.html.contains("naïve"));
    }

    #[test]
    fn stray_bytes_in_utf8_become_replacement_characters() {
        let mut page = "<p>Grüße aus Köln, schöne Grüße. ".repeat(3).into_bytes();
        page.extend_from_slice(b"caf\xe9</p>");
        let d = decode(&page, Some("text/html; charset=utf-8"));
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.html.contains("Grüße aus Köln") && d.html.contains("caf\u{fffd}"));
        // A legacy page with one pair of bytes that happens to be valid UTF-8 stays legacy.
        let d = decode(b"<p>Les \xe9l\xe8ves, \xc3\xa9t\xe9 et No\xebl.</p>", None);
        assert_ne!(d.encoding, "UTF-8");
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let d = decode(
            b"<p>Les \xe9l\xe8ves ont \xe9t\xe9 tr\xe8s contents de la f\xeate.</p>",
            None,
        );
        assert!(d.html.contains("élèves"));
    }

    #[test]
    fn binary_is_recognised() {
        assert_eq!(binary_kind(b"\x89PNG\r\n\x1a\n\0\0"), Some("a PNG image"));
        assert_eq!(binary_kind(&[0u8; 64]), Some("binary data"));
        assert_eq!(binary_kind(b"<html></html>"), None);
    }

    #[test]
    fn gzip_bomb_stops_at_the_limit() {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        enc.write_all(&vec![b'a'; 10_000_000]).unwrap();
        let gz = enc.finish().unwrap();
        let err = gunzip_if_needed("bomb.gz", gz, 1_000_000).unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }));
    }
}

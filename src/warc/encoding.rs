//! Undoes the HTTP `Content-Encoding` of a WARC response payload (gzip, deflate, br), the
//! way a browser would before reading the page. Decoding is bounded: a small payload that
//! inflates past the limit (a decompression bomb) stops there with an error instead of
//! filling memory.

use std::io::Read;

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

/// Buffer of the brotli decoder (its recommended size).
const BROTLI_BUFFER: usize = 4096;

/// Why a payload could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// A coding dehusk does not know (`zstd`, `compress`, a typo…).
    #[error("unsupported Content-Encoding {encoding:?}")]
    Unsupported {
        /// The coding as written.
        encoding: String,
    },
    /// The payload is not valid data in its coding.
    #[error("broken {encoding} data: {reason}")]
    Broken {
        /// The coding.
        encoding: String,
        /// What the decoder said.
        reason: String,
    },
    /// The decoded payload would pass the limit; decoding stopped there.
    #[error("{encoding} data decodes to more than the limit of {limit} bytes; stopped decoding")]
    TooLarge {
        /// The coding.
        encoding: String,
        /// The limit in force.
        limit: usize,
    },
}

/// The payload with its codings undone (last applied, first undone), at most `limit` bytes.
///
/// Some archivers store the payload already decoded but keep the original header; a payload
/// that fails to decode yet reads as markup is taken as it is rather than lost.
pub fn decode_body(
    body: &[u8],
    content_encoding: &str,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    let codings: Vec<String> = content_encoding
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    let mut data = body.to_vec();
    for (k, coding) in codings.iter().rev().enumerate() {
        match decode_one(&data, coding, limit) {
            Ok(decoded) => data = decoded,
            Err(BodyError::Broken { .. }) if k == 0 && looks_like_markup(&data) => return Ok(data),
            Err(e) => return Err(e),
        }
    }
    Ok(data)
}

/// Undoes one coding.
fn decode_one(data: &[u8], coding: &str, limit: usize) -> Result<Vec<u8>, BodyError> {
    let reader: Box<dyn Read + '_> = match coding {
        "gzip" | "x-gzip" => Box::new(MultiGzDecoder::new(data)),
        // RFC 9110 says zlib-wrapped; some servers send the raw stream.
        "deflate" if has_zlib_header(data) => Box::new(ZlibDecoder::new(data)),
        "deflate" => Box::new(DeflateDecoder::new(data)),
        "br" => Box::new(brotli_decompressor::Decompressor::new(data, BROTLI_BUFFER)),
        other => {
            return Err(BodyError::Unsupported {
                encoding: other.to_string(),
            });
        }
    };
    let mut out = Vec::new();
    let read = reader.take(limit as u64 + 1).read_to_end(&mut out);
    if out.len() > limit {
        return Err(BodyError::TooLarge {
            encoding: coding.to_string(),
            limit,
        });
    }
    match read {
        Ok(_) => Ok(out),
        // Crawlers cut long payloads (WARC-Truncated); the part that decoded is the page, as
        // a browser would show it.
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !out.is_empty() => Ok(out),
        Err(e) => Err(BodyError::Broken {
            encoding: coding.to_string(),
            reason: e.to_string(),
        }),
    }
}

/// The two-byte zlib header: deflate method and a check value divisible by 31.
fn has_zlib_header(data: &[u8]) -> bool {
    match data {
        [cmf, flg, ..] => cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

/// True when the bytes start like a page (`<` after any BOM and whitespace).
fn looks_like_markup(data: &[u8]) -> bool {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const PAGE: &[u8] = b"<html><body><p>Hello, encoded world.</p></body></html>";

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn each_coding_is_undone() {
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(PAGE).unwrap();
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        zlib.write_all(PAGE).unwrap();
        let cases = [
            ("gzip", gzip(PAGE)),
            ("x-gzip", gzip(PAGE)),
            ("deflate", zlib.finish().unwrap()),
            ("deflate", raw.finish().unwrap()),
            ("identity", PAGE.to_vec()),
            ("", PAGE.to_vec()),
        ];
        for (coding, body) in cases {
            assert_eq!(decode_body(&body, coding, 1000).unwrap(), PAGE, "{coding}");
        }
    }

    #[test]
    fn codings_are_undone_last_first() {
        let twice = gzip(&gzip(PAGE));
        assert_eq!(decode_body(&twice, "gzip, gzip", 1000).unwrap(), PAGE);
    }

    #[test]
    fn a_bomb_stops_at_the_limit() {
        let bomb = gzip(&vec![b'a'; 1_000_000]);
        let err = decode_body(&bomb, "gzip", 10_000).unwrap_err();
        assert!(
            matches!(err, BodyError::TooLarge { limit: 10_000, .. }),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_coding_and_broken_data_are_errors() {
        let err = decode_body(PAGE, "zstd", 1000).unwrap_err();
        assert_eq!(err.to_string(), "unsupported Content-Encoding \"zstd\"");
        let err = decode_body(b"\x1f\x8b\x08garbage", "gzip", 1000).unwrap_err();
        assert!(matches!(err, BodyError::Broken { .. }), "{err}");
    }

    #[test]
    fn a_payload_stored_decoded_is_kept_and_a_cut_one_keeps_its_start() {
        assert_eq!(decode_body(PAGE, "gzip", 1000).unwrap(), PAGE);
        let long: Vec<u8> = PAGE.repeat(100);
        let gz = gzip(&long);
        let cut = decode_body(&gz[..gz.len() - 10], "gzip", 100_000).unwrap();
        assert!(!cut.is_empty() && long.starts_with(&cut));
    }
}

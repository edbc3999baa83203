//! Content-Encoding, undone here rather than inside the HTTP client: a body that does not
//! decode is then reported as what it is ("bad gzip body"), not as a broken connection,
//! and is not retried, since the same bytes would fail the same way. Output is written into
//! a sink that refuses to grow past the body limit, so a gzip bomb stops there.

use std::io::{self, Write};

use flate2::write::{MultiGzDecoder, ZlibDecoder};

/// What dehusk asks servers for, in the `Accept-Encoding` header.
pub const ACCEPT_ENCODING: &str = "gzip, deflate, br";
/// The brotli decoder's input buffer.
const BROTLI_BUFFER: usize = 16 * 1024;

/// A content coding dehusk can undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// No coding (absent or `identity`).
    Identity,
    /// `gzip` (or `x-gzip`), members concatenated or not.
    Gzip,
    /// `deflate`: a zlib stream, as RFC 9110 defines it.
    Deflate,
    /// `br`.
    Brotli,
}

impl Coding {
    /// The coding a Content-Encoding value names; `Err` with the value when dehusk cannot
    /// undo it (a coding it did not ask for, or several stacked).
    pub fn parse(value: Option<&str>) -> Result<Coding, String> {
        let Some(value) = value else {
            return Ok(Coding::Identity);
        };
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "identity" => Ok(Coding::Identity),
            "gzip" | "x-gzip" => Ok(Coding::Gzip),
            "deflate" => Ok(Coding::Deflate),
            "br" => Ok(Coding::Brotli),
            _ => Err(value.trim().to_string()),
        }
    }

    /// The coding's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Coding::Identity => "identity",
            Coding::Gzip => "gzip",
            Coding::Deflate => "deflate",
            Coding::Brotli => "brotli",
        }
    }
}

/// Bytes kept up to a limit; a write past it keeps what fits, then fails.
#[derive(Debug)]
pub struct Capped {
    /// What was kept.
    pub bytes: Vec<u8>,
    limit: usize,
    /// True once a write went past the limit.
    pub over: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.limit.saturating_sub(self.bytes.len());
        if buf.len() > room {
            self.bytes.extend_from_slice(&buf[..room]);
            self.over = true;
            // An error, not a short write: the decoder must stop inflating, not retry.
            return Err(io::Error::other("body over the limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How a body failed to decode.
#[derive(Debug)]
pub enum DecodeError {
    /// The decoded body went past the limit (what fits is in the sink).
    OverLimit(Vec<u8>),
    /// The bytes are not valid for the coding; the decoder's message.
    Invalid(String),
}

/// A body being decoded, chunk by chunk as it comes off the wire.
pub enum Decoder {
    /// Copied as it is.
    Identity(Capped),
    /// gzip.
    Gzip(MultiGzDecoder<Capped>),
    /// zlib.
    Deflate(ZlibDecoder<Capped>),
    /// brotli (boxed: its state is large).
    Brotli(Box<brotli::DecompressorWriter<Capped>>),
}

impl Decoder {
    /// A decoder for `coding` keeping at most `limit` decoded bytes.
    pub fn new(coding: Coding, limit: usize) -> Decoder {
        let sink = Capped {
            bytes: Vec::new(),
            limit,
            over: false,
        };
        match coding {
            Coding::Identity => Decoder::Identity(sink),
            Coding::Gzip => Decoder::Gzip(MultiGzDecoder::new(sink)),
            Coding::Deflate => Decoder::Deflate(ZlibDecoder::new(sink)),
            Coding::Brotli => Decoder::Brotli(Box::new(brotli::DecompressorWriter::new(
                sink,
                BROTLI_BUFFER,
            ))),
        }
    }

    /// Decodes one chunk of the body.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), DecodeError> {
        let result = match self {
            Decoder::Identity(sink) => sink.write_all(chunk),
            Decoder::Gzip(d) => d.write_all(chunk),
            Decoder::Deflate(d) => d.write_all(chunk),
            Decoder::Brotli(d) => d.write_all(chunk),
        };
        result.map_err(|e| self.failure(&e))
    }

    /// Ends the body: what was decoded, or why the stream is bad (cut short included).
    pub fn finish(mut self) -> Result<Vec<u8>, DecodeError> {
        let result = match &mut self {
            Decoder::Identity(_) => Ok(()),
            Decoder::Gzip(d) => d.try_finish(),
            Decoder::Deflate(d) => d.try_finish(),
            Decoder::Brotli(d) => d.close(),
        };
        if let Err(e) = result {
            return Err(self.failure(&e));
        }
        Ok(std::mem::take(&mut self.sink_mut().bytes))
    }

    /// A write error as the limit (when the sink refused) or as bad data.
    fn failure(&mut self, e: &io::Error) -> DecodeError {
        let sink = self.sink_mut();
        if sink.over {
            DecodeError::OverLimit(std::mem::take(&mut sink.bytes))
        } else {
            DecodeError::Invalid(e.to_string())
        }
    }

    fn sink_mut(&mut self) -> &mut Capped {
        match self {
            Decoder::Identity(sink) => sink,
            Decoder::Gzip(d) => d.get_mut(),
            Decoder::Deflate(d) => d.get_mut(),
            Decoder::Brotli(d) => d.get_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::{GzEncoder, ZlibEncoder};

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn decode(
        coding: Coding,
        body: &[u8],
        limit: usize,
        piece: usize,
    ) -> Result<Vec<u8>, DecodeError> {
        let mut d = Decoder::new(coding, limit);
        for chunk in body.chunks(piece.max(1)) {
            d.push(chunk)?;
        }
        d.finish()
    }

    #[test]
    fn codings_decode_in_pieces_and_concatenated_gzip_members_too() {
        let text = b"<p>hello, world</p>".repeat(200);
        let mut two = gzip(&text);
        two.extend(gzip(b"<p>tail</p>"));
        let got = decode(Coding::Gzip, &two, 1 << 20, 7).unwrap();
        assert_eq!(got.len(), text.len() + 11);
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(&text).unwrap();
        let z = z.finish().unwrap();
        assert_eq!(decode(Coding::Deflate, &z, 1 << 20, 5).unwrap(), text);
        let mut br = brotli::CompressorWriter::new(Vec::new(), 4096, 5, 22);
        br.write_all(&text).unwrap();
        let br = br.into_inner();
        assert_eq!(decode(Coding::Brotli, &br, 1 << 20, 3).unwrap(), text);
        assert_eq!(decode(Coding::Identity, &text, 1 << 20, 9).unwrap(), text);
    }

    #[test]
    fn bad_and_cut_streams_are_invalid_and_the_limit_holds() {
        let bad = decode(Coding::Gzip, b"<html>not gzip</html>", 1 << 20, 64);
        assert!(matches!(bad, Err(DecodeError::Invalid(_))), "{bad:?}");
        let bad = decode(Coding::Brotli, b"<html>not brotli</html>", 1 << 20, 64);
        assert!(matches!(bad, Err(DecodeError::Invalid(_))), "{bad:?}");
        let good = gzip(b"<p>cut short</p>");
        let cut = decode(Coding::Gzip, &good[..good.len() - 3], 1 << 20, 64);
        assert!(matches!(cut, Err(DecodeError::Invalid(_))), "{cut:?}");
        let zeros = gzip(&vec![0u8; 4 << 20]);
        match decode(Coding::Gzip, &zeros, 1000, 4096) {
            Err(DecodeError::OverLimit(kept)) => assert_eq!(kept.len(), 1000),
            other => panic!("{:?}", other.map(|b| b.len())),
        }
        assert!(matches!(
            decode(Coding::Identity, &[1u8; 10], 9, 3),
            Err(DecodeError::OverLimit(_))
        ));
    }

    #[test]
    fn content_encoding_values_are_parsed() {
        assert_eq!(Coding::parse(None), Ok(Coding::Identity));
        assert_eq!(Coding::parse(Some(" GZIP ")), Ok(Coding::Gzip));
        assert_eq!(Coding::parse(Some("x-gzip")), Ok(Coding::Gzip));
        assert_eq!(Coding::parse(Some("br")), Ok(Coding::Brotli));
        assert_eq!(Coding::parse(Some("zstd")), Err("zstd".to_string()));
        assert!(Coding::parse(Some("gzip, br")).is_err());
    }
}

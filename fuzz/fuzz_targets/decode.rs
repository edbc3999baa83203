//! Arbitrary bytes through the byte-level front door: gunzip (bounded), the binary check,
//! and charset decoding with and without a Content-Type charset. Decoding never fails and
//! always yields valid UTF-8 (a `String`); gunzip never inflates past its limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// A small limit, so inflating stays cheap and the limit itself is exercised.
const GUNZIP_LIMIT: usize = 1 << 20;

/// Content-Type values chosen by the first byte: none, legacy, multi-byte, UTF-16, junk.
const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("text/html; charset=windows-1252"),
    Some("text/html; charset=\"Shift_JIS\""),
    Some("text/html; charset=utf-16le"),
    Some("text/html; charset=iso-2022-jp"),
    Some("text/html; charset=gb18030"),
    Some("text/html; charset=nonsense; charset="),
    Some("text/html;;=;charset"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[pick as usize % CONTENT_TYPES.len()];
    let _ = dehusk::decode::binary_kind(bytes);
    let _ = dehusk::decode::looks_like_html(bytes);
    let plain = dehusk::decode::decode(bytes, None);
    assert!(!plain.encoding.is_empty());
    let labelled = dehusk::decode::decode(bytes, content_type);
    assert!(!labelled.encoding.is_empty());
    match dehusk::decode::gunzip_if_needed("fuzz", bytes.to_vec(), GUNZIP_LIMIT) {
        Ok(out) => {
            assert!(out.len() <= GUNZIP_LIMIT.max(bytes.len()));
            let _ = dehusk::decode::decode(&out, content_type);
        }
        Err(dehusk::Error::TooLarge { limit, .. }) => assert_eq!(limit, GUNZIP_LIMIT),
        Err(dehusk::Error::NotHtml { .. }) => {}
        Err(other) => panic!("unexpected gunzip error: {other}"),
    }
});

//! Arbitrary bytes, read as lossy UTF-8, through the whole extraction core and both text
//! renderings. The time budget stays off, so a hang shows up as a libFuzzer timeout
//! instead of being cut short by the budget. The first byte picks the options, so every
//! switch (comments, tables, links, images, focus, dedupe) is exercised.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let html = String::from_utf8_lossy(rest);
    let options = dehusk::Options {
        include_comments: flags & 1 != 0,
        include_tables: flags & 2 == 0,
        links: flags & 4 != 0,
        images: flags & 8 != 0,
        dedupe: flags & 16 != 0,
        focus: match flags >> 6 {
            1 => dehusk::Focus::Precision,
            2 => dehusk::Focus::Recall,
            _ => dehusk::Focus::Balanced,
        },
        ..dehusk::Options::default()
    };
    // No budget and a page far under the size cap: extraction must succeed.
    let Ok(doc) = dehusk::extract_with_url(&html, Some("https://example.org/a/b"), &options) else {
        panic!("extract failed on a page under the size cap with no time budget");
    };
    let text = doc.to_text(true);
    let markdown = doc.to_markdown(true);
    // Every block is one line of text: no line breaks inside a block.
    assert!(doc.blocks.iter().all(|b| !b.text.contains('\n')));
    assert!(doc.blocks.iter().all(|b| !b.text.trim().is_empty()));
    std::hint::black_box((text, markdown));
});

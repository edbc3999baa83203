//! Every output format on every sample: Markdown and JSON compared byte for byte with
//! `samples/<case>/expected.md` and `expected.json` (the text format is `tests/golden.rs`),
//! and a JSONL stream over all samples checked line by line with serde.
//!
//! `DEHUSK_BLESS=1 cargo test --test formats` rewrites the expected files from dehusk's
//! output; do it on purpose only, and read the diff of `samples/` before committing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sample_cases;

use std::process::Command;

use sample_cases::{cases, samples};

const BIN: &str = env!("CARGO_BIN_EXE_dehusk");

/// Runs `dehusk` in an empty directory (so no config.toml applies) and returns stdout.
fn dehusk(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(tmp.path())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dehusk {args:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn page(case: &str) -> String {
    samples()
        .join(case)
        .join(format!("{case}.html"))
        .display()
        .to_string()
}

/// The page in `format`, written by `dehusk clean` to a file and read back. The page is
/// copied to `in/` of a temporary directory, so the recorded path is the same everywhere.
fn cleaned(case: &str, format: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    std::fs::copy(
        page(case),
        tmp.path().join("in").join(format!("{case}.html")),
    )
    .unwrap();
    let out = Command::new(BIN)
        .current_dir(tmp.path())
        .args([
            "clean",
            &format!("in/{case}.html"),
            "--out",
            "out",
            "--format",
            format,
            "-q",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{case} {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(tmp.path().join("out").join(format!("{case}.{format}"))).unwrap()
}

fn check(case: &str, format: &str) {
    let got = cleaned(case, format);
    let expected = samples().join(case).join(format!("expected.{format}"));
    if std::env::var_os("DEHUSK_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&expected, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&expected)
        .unwrap_or_else(|e| panic!("{}: {e} (bless to create it)", expected.display()));
    assert!(
        got == want,
        "{case}: {format} differs from {}\n--- expected\n{want}\n--- got\n{got}",
        expected.display()
    );
}

#[test]
fn markdown_matches_expected() {
    for case in cases() {
        check(&case, "md");
    }
}

#[test]
fn json_matches_expected() {
    for case in cases() {
        check(&case, "json");
    }
}

#[test]
fn markdown_keeps_structure() {
    let md = cleaned("magazine-check-also", "md");
    assert!(md.starts_with("# "), "headline as a level-1 heading");
    assert!(md.contains("\n## "), "sub-headings");
    assert!(md.contains("\n- "), "bullets");
    assert!(md.contains("\n> "), "block quote");
    assert!(md.contains("| --- |"), "pipe table");
    assert!(!md.contains("](http"), "no links without --links");
}

#[test]
fn markdown_links_and_images_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out").display().to_string();
    let p = page("magazine-check-also");
    dehusk(&[
        "clean", &p, "--out", &out, "--format", "md", "--links", "--images", "-q",
    ]);
    let md = std::fs::read_to_string(tmp.path().join("out/magazine-check-also.md")).unwrap();
    assert!(
        md.contains("](https://"),
        "links resolved to absolute URLs:\n{md}"
    );
}

#[test]
fn jsonl_stream_has_one_valid_record_per_page_in_input_order() {
    let dir = samples().display().to_string();
    let stream = dehusk(&["clean", &dir, "--format", "jsonl", "-q"]);
    let records: Vec<serde_json::Value> = stream
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let cases = cases();
    assert_eq!(records.len(), cases.len());
    let fields = [
        "id",
        "url",
        "final_url",
        "title",
        "author",
        "date",
        "site_name",
        "lang",
        "description",
        "text",
        "word_count",
        "path",
    ];
    for (record, case) in records.iter().zip(&cases) {
        for f in fields {
            assert!(record.get(f).is_some(), "{case}: field {f} missing");
        }
        assert_eq!(record["id"], case.as_str());
        let expected = std::fs::read_to_string(samples().join(case).join("expected.txt")).unwrap();
        let body: String = expected.lines().skip(1).map(|l| format!("{l}\n")).collect();
        assert_eq!(
            record["text"],
            body.as_str(),
            "{case}: text is the body without headline"
        );
        assert_eq!(record["title"], expected.lines().next().unwrap_or(""));
        // Words by Unicode word boundaries (UAX #29, ICU4X), as the record counts them.
        let segmenter = icu_segmenter::WordSegmenter::new_auto(Default::default());
        let words = body
            .lines()
            .map(|l| {
                segmenter
                    .segment_str(l)
                    .iter_with_word_type()
                    .filter(|(_, kind)| kind.is_word_like())
                    .count() as u64
            })
            .sum::<u64>();
        assert_eq!(record["word_count"], words);
    }
}

#[test]
fn jsonl_to_a_file_with_out() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("pages.jsonl").display().to_string();
    let dir = samples().display().to_string();
    dehusk(&["clean", &dir, "--format", "jsonl", "--out", &file, "-q"]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), cases().len());
}

#[test]
fn extract_writes_every_format_to_stdout() {
    let p = page("clean-page");
    for format in ["txt", "md", "json", "jsonl"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = Command::new(BIN)
            .current_dir(tmp.path())
            .args(["extract", "--format", format])
            .stdin(std::fs::File::open(&p).unwrap())
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("grandfather"), "{format}: {text}");
        if format.starts_with("json") {
            let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
            assert_eq!(v["date"], "2025-03-09");
        }
    }
}

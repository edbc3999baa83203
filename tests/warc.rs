//! WARC input: the sample archive built from the sample pages (scripts/make-sample-warc.py)
//! read gzip'd, plain and truncated, through the library and the `dehusk warc` command, and
//! archives built here for the faults of single records (a panic, encoded payloads).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sample_cases;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dehusk::config::Config;
use dehusk::pipeline::{Output, TEST_PANIC_MARKER, WarcEvent, WarcSummary, warc_files};
use dehusk::sink::Format;
use dehusk::sink::file_stem;

use sample_cases::{cases, samples};

fn archive() -> PathBuf {
    samples().join("warc/samples.warc.gz")
}

fn url_of(case: &str) -> String {
    format!("https://samples.dehusk.example/{case}/")
}

/// Record position of a case's response: warcinfo first, then request + response pairs.
fn position_of(k: usize) -> u64 {
    2 + 2 * k as u64
}

fn run(paths: &[PathBuf], format: Format, out: &Path) -> (WarcSummary, Vec<String>) {
    run_with(paths, format, out, &Config::default())
}

fn run_with(
    paths: &[PathBuf],
    format: Format,
    out: &Path,
    config: &Config,
) -> (WarcSummary, Vec<String>) {
    let output = Output {
        format,
        title: true,
        dir: out.to_path_buf(),
        jsonl: (format == Format::Jsonl).then(|| out.join("all.jsonl")),
    };
    let events = Mutex::new(Vec::new());
    let summary = warc_files(paths, config, &output, &|e| {
        let line = match e {
            WarcEvent::Skipped { url, reason } => format!("skipped {url}: {reason}"),
            WarcEvent::Damaged { path, error } => format!("damaged {}: {error}", path.display()),
            WarcEvent::Failed { url, error } => format!("failed {url}: {error}"),
            _ => return,
        };
        events.lock().unwrap().push(line);
    })
    .unwrap();
    (summary, events.into_inner().unwrap())
}

fn decompressed() -> Vec<u8> {
    let mut raw = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(archive()).unwrap())
        .read_to_end(&mut raw)
        .unwrap();
    raw
}

#[test]
fn gzipped_archive_gives_each_sample_its_expected_text() {
    let out = tempfile::tempdir().unwrap();
    let (summary, events) = run(&[archive()], Format::Txt, out.path());
    let cases = cases();
    assert_eq!(summary.records, 1 + 2 * cases.len() + 3, "{events:?}");
    assert_eq!(summary.pages, cases.len());
    assert_eq!(summary.written, cases.len());
    assert_eq!(summary.skipped, 3, "404, PNG and redirect: {events:?}");
    assert_eq!(summary.damaged, 0);
    for (k, case) in cases.iter().enumerate() {
        let stem = file_stem(position_of(k), url_of(case).as_bytes());
        let got = std::fs::read_to_string(out.path().join(format!("{stem}.txt")))
            .unwrap_or_else(|e| panic!("{case}: {stem}.txt: {e}"));
        let want = std::fs::read_to_string(samples().join(case).join("expected.txt")).unwrap();
        assert_eq!(got, want, "{case}");
    }
    assert!(events.iter().any(|e| e.contains("HTTP status 404")));
    assert!(events.iter().any(|e| e.contains("not HTML (image/png)")));
}

#[test]
fn plain_archive_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("samples.warc");
    std::fs::write(&plain, decompressed()).unwrap();
    let out = dir.path().join("out");
    let (summary, _) = run(&[plain], Format::Txt, &out);
    assert_eq!(summary.written, cases().len());
}

#[test]
fn truncated_archive_keeps_complete_records_and_reports_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let raw = decompressed();
    // Cut inside the fourth response's block.
    let text = String::from_utf8_lossy(&raw).into_owned();
    let fourth = text.match_indices("WARC-Type: response").nth(3).unwrap().0;
    let cut = dir.path().join("cut.warc");
    std::fs::write(&cut, &raw[..fourth + 2000]).unwrap();
    let out = dir.path().join("out");
    let (summary, events) = run(&[cut], Format::Txt, &out);
    assert_eq!(summary.written, 3, "{events:?}");
    assert_eq!(summary.damaged, 1);
    assert!(
        events.iter().any(|e| e.contains("truncated record")),
        "{events:?}"
    );
}

#[test]
fn jsonl_records_parse_line_by_line() {
    let out = tempfile::tempdir().unwrap();
    let (summary, _) = run(&[archive()], Format::Jsonl, out.path());
    let text = std::fs::read_to_string(out.path().join("all.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), summary.written);
    for (k, (rec, case)) in lines.iter().zip(cases()).enumerate() {
        assert_eq!(rec["url"], url_of(&case).as_str());
        assert_eq!(
            rec["id"],
            file_stem(position_of(k), url_of(&case).as_bytes()).as_str()
        );
        assert!(
            rec["warc_record_id"]
                .as_str()
                .unwrap()
                .starts_with("<urn:uuid:")
        );
        assert!(rec["word_count"].as_u64().unwrap() > 50);
        assert!(rec["title"].is_string());
        for key in [
            "author",
            "date",
            "site_name",
            "lang",
            "description",
            "final_url",
        ] {
            assert!(rec.get(key).is_some(), "{key} missing");
        }
    }
}

#[test]
fn a_missing_archive_is_reported_not_fatal() {
    let out = tempfile::tempdir().unwrap();
    let (summary, events) = run(
        &[PathBuf::from("/nonexistent/x.warc.gz"), archive()],
        Format::Txt,
        out.path(),
    );
    assert_eq!(summary.damaged, 1);
    assert_eq!(summary.written, cases().len());
    assert!(events[0].contains("/nonexistent/x.warc.gz"));
}

/// One WARC record as crawlers write it.
fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Record-ID: <urn:uuid:{kind}-{uri}>\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A `response` record holding an HTTP 200 with `headers` (each ending in CRLF) and `body`.
fn response(uri: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n")
            .into_bytes();
    http.extend_from_slice(body);
    warc_record("response", uri, "application/http; msgtype=response", &http)
}

/// A page with enough prose to be an article; `extra` goes inside its body.
fn article(name: &str, extra: &str) -> String {
    let para =
        format!("This is the story of {name}, told in sentences long enough to count as prose. ");
    format!(
        "<html><head><title>{name}</title></head><body>{extra}<article><h1>{name}</h1>\
         <p>{}</p><p>{}</p></article></body></html>",
        para.repeat(4),
        para.repeat(3)
    )
}

/// A panic needs the debug builds' test hook (see `TEST_PANIC_MARKER`).
fn panic_hook_present() -> bool {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the panic test hook exists only in debug builds");
    }
    cfg!(debug_assertions)
}

/// Three pages; the second panics in the extraction worker.
fn archive_with_a_panicking_page(dir: &Path) -> PathBuf {
    let mut warc = Vec::new();
    for (k, extra) in ["", TEST_PANIC_MARKER, ""].iter().enumerate() {
        let url = format!("https://e.example/{k}");
        warc.extend(response(
            &url,
            "",
            article(&format!("page {k}"), extra).as_bytes(),
        ));
    }
    let path = dir.join("panic.warc");
    std::fs::write(&path, warc).unwrap();
    path
}

#[test]
fn a_panic_on_one_page_fails_that_page_and_the_batch_goes_on() {
    if !panic_hook_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let warc = archive_with_a_panicking_page(dir.path());
    for format in [Format::Txt, Format::Jsonl] {
        let out = dir.path().join(format!("out-{format:?}"));
        let (summary, events) = run(std::slice::from_ref(&warc), format, &out);
        assert_eq!((summary.written, summary.failed), (2, 1), "{events:?}");
        assert_eq!(events.len(), 1, "{events:?}");
        let want = format!(
            "failed https://e.example/1: {}: record <urn:uuid:response-https://e.example/1> \
             (https://e.example/1): internal error (panic): ",
            warc.display()
        );
        assert!(events[0].starts_with(&want), "{events:?}");
        if format == Format::Jsonl {
            // The failed position must not hold back the pages after it.
            let text = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
            assert_eq!(text.lines().count(), 2, "{text}");
        }
    }
}

#[test]
fn a_panic_fails_one_page_of_dehusk_warc_and_dehusk_clean_and_they_exit_1() {
    if !panic_hook_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let warc = archive_with_a_panicking_page(dir.path());
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    for (k, extra) in ["", TEST_PANIC_MARKER, ""].iter().enumerate() {
        std::fs::write(
            pages.join(format!("p{k}.html")),
            article(&format!("page {k}"), extra),
        )
        .unwrap();
    }
    let runs = [
        (
            "warc",
            warc.clone(),
            "record <urn:uuid:response-https://e.example/1>",
        ),
        ("clean", pages.clone(), "p1.html: internal error (panic)"),
    ];
    for (command, input, named) in runs {
        let out = dir.path().join(format!("out-{command}"));
        let got = std::process::Command::new(env!("CARGO_BIN_EXE_dehusk"))
            .arg(command)
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&got.stderr);
        assert_eq!(got.status.code(), Some(1), "{command}: {err}");
        assert!(err.contains(named), "{command}: {err}");
        assert!(
            err.contains("internal error (panic): test hook"),
            "{command}: {err}"
        );
        assert_eq!(
            std::fs::read_dir(&out).unwrap().count(),
            2,
            "{command}: {err}"
        );
    }
}

fn compressed(coding: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let fast = flate2::Compression::fast();
    match coding {
        "gzip" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), fast);
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "deflate" => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), fast);
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            let mut e = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
            e.write_all(data).unwrap();
            drop(e);
            out
        }
        _ => data.to_vec(),
    }
}

/// The text written for the record of `url` at `position`.
fn text_of(out: &Path, position: u64, url: &str) -> String {
    let stem = file_stem(position, url.as_bytes());
    std::fs::read_to_string(out.join(format!("{stem}.txt"))).unwrap_or_default()
}

#[test]
fn encoded_payloads_are_decoded_and_an_unknown_coding_fails_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let codings = ["gzip", "deflate", "br", "x-unknown"];
    let mut warc = Vec::new();
    for coding in codings {
        let url = format!("https://e.example/{coding}");
        let body = compressed(coding, article(&format!("{coding} page"), "").as_bytes());
        let header = format!("Content-Encoding: {coding}\r\n");
        warc.extend(response(&url, &header, &body));
    }
    let path = dir.path().join("encoded.warc");
    std::fs::write(&path, warc).unwrap();
    let out = dir.path().join("out");
    let (summary, events) = run(&[path], Format::Txt, &out);
    assert_eq!((summary.written, summary.failed), (3, 1), "{events:?}");
    for (k, coding) in codings[..3].iter().enumerate() {
        let text = text_of(&out, k as u64, &format!("https://e.example/{coding}"));
        assert!(
            text.starts_with(&format!("{coding} page\n")),
            "{coding}: {text:?}"
        );
        assert!(
            text.contains("long enough to count as prose"),
            "{coding}: {text:?}"
        );
    }
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].ends_with(
            "record <urn:uuid:response-https://e.example/x-unknown> \
             (https://e.example/x-unknown): unsupported Content-Encoding \"x-unknown\""
        ),
        "{events:?}"
    );
}

#[test]
fn a_decompression_bomb_in_a_warc_stops_at_the_limit_and_fails_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.extract.max_bytes = 1 << 20;
    // 16 MB of markup in a payload of a few kilobytes.
    let bomb = compressed("gzip", &b"<p>".repeat((16 << 20) / 3));
    let mut warc = response(
        "https://e.example/bomb",
        "Content-Encoding: gzip\r\n",
        &bomb,
    );
    let after = compressed("gzip", article("after", "").as_bytes());
    warc.extend(response(
        "https://e.example/after",
        "Content-Encoding: gzip\r\n",
        &after,
    ));
    let path = dir.path().join("bomb.warc");
    std::fs::write(&path, warc).unwrap();
    let out = dir.path().join("out");
    let (summary, events) = run_with(&[path], Format::Txt, &out, &config);
    assert_eq!((summary.written, summary.failed), (1, 1), "{events:?}");
    assert!(
        events[0].ends_with(
            "(https://e.example/bomb): gzip data decodes to more than the limit of 1048576 \
             bytes; stopped decoding"
        ),
        "{events:?}"
    );
    assert!(text_of(&out, 1, "https://e.example/after").starts_with("after\n"));
}

/// Issue 11: a response's Content-Language header reaches the record's metadata (it was
/// always `None`); a page that declares its own language keeps it.
#[test]
fn content_language_from_a_warc_response_reaches_the_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = response(
        "https://e.example/pt",
        "Content-Language: pt-BR\r\n",
        article("Portuguese page", "").as_bytes(),
    );
    let own = article("Own language", "").replace("<html>", "<html lang=\"de\">");
    warc.extend(response(
        "https://e.example/de",
        "Content-Language: pt-BR\r\n",
        own.as_bytes(),
    ));
    let path = dir.path().join("lang.warc");
    std::fs::write(&path, warc).unwrap();
    let out = dir.path().join("out");
    let (summary, events) = run(&[path], Format::Json, &out);
    assert_eq!(summary.written, 2, "{events:?}");
    let lang = |position: u64, url: &str| {
        let stem = file_stem(position, url.as_bytes());
        let text = std::fs::read_to_string(out.join(format!("{stem}.json"))).unwrap();
        let record: serde_json::Value = serde_json::from_str(&text).unwrap();
        record["lang"].as_str().map(str::to_string)
    };
    assert_eq!(lang(0, "https://e.example/pt").as_deref(), Some("pt"));
    assert_eq!(lang(1, "https://e.example/de").as_deref(), Some("de"));
}

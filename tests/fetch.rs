//! End-to-end tests of `dehusk fetch`: each test starts its own scripted HTTP server on
//! 127.0.0.1 (tests/support), runs the real binary on a URL list, and checks the files,
//! `manifest.jsonl`, the messages and the exit code. Nothing here leaves the machine.

// A failed fixture step should fail the test loudly; that is what unwrap/expect are for here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dehusk::fetch::{MANIFEST_NAME, Outcome, Record, file_stem};
use support::{Reply, Request, Server};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_dehusk");
/// The output directory's lock file (left in place after a run).
const LOCK_FILE: &str = ".dehusk.lock";

/// Flags that keep every test fast: short timeouts and backoff.
const FAST: &[&str] = &[
    "--timeout-ms",
    "2000",
    "--connect-timeout-ms",
    "1000",
    "--backoff-ms",
    "20",
    "--retries",
    "2",
];

const PROSE: [&str; 3] = [
    "When the last ferry of the season pulled away from the harbour, the island went quiet \
     in a way the summer visitors never see: the cafés stacked their chairs, the bakery cut \
     its hours, and the fishermen began mending nets on the quay in the low October light.",
    "The council had spent most of the year arguing about the old lighthouse, which has not \
     guided a ship since 1987 but still draws photographers from the mainland every weekend, \
     and whose roof now lets in more rain than the keeper's cottage can bear.",
    "Restoration will be slow and will depend on volunteers. The first work party meets on \
     Saturday mornings to clear the gorse from the path, and the carpenter from the boatyard \
     has offered to rebuild the wooden stair that winds up inside the tower.",
];

/// An article page whose first paragraph starts with `marker`.
fn article(marker: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{marker} - Gazette</title>\
         </head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
         <article><h1>{marker}</h1><p>{marker} {}</p><p>{}</p><p>{}</p></article>\
         <footer>© Gazette</footer></body></html>",
        PROSE[0], PROSE[1], PROSE[2]
    )
}

/// A directory with a URL list and an output directory.
struct Run {
    tmp: TempDir,
}

impl Run {
    fn new(lines: &[String]) -> Run {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("urls.txt"), lines.join("\n") + "\n").unwrap();
        Run { tmp }
    }
    fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }
    fn command(&self, extra: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(self.tmp.path())
            .args(["fetch", "urls.txt", "--out", "out"])
            .args(FAST)
            .args(extra)
            .stdin(Stdio::null());
        cmd
    }
    fn fetch(&self, extra: &[&str]) -> Output {
        self.command(extra).output().unwrap()
    }
    fn records(&self) -> Vec<Record> {
        read_manifest(&self.out())
    }
    /// The last record per index.
    fn by_index(&self) -> HashMap<u64, Record> {
        self.records().into_iter().map(|r| (r.index, r)).collect()
    }
    fn text(&self, file: &str) -> String {
        fs::read_to_string(self.out().join(file)).unwrap()
    }
}

fn read_manifest(dir: &Path) -> Vec<Record> {
    let text = fs::read_to_string(dir.join(MANIFEST_NAME)).unwrap_or_default();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}")))
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// The only record (tests with one URL).
fn only(run: &Run) -> Record {
    let records = run.records();
    assert_eq!(records.len(), 1, "{records:#?}");
    records.into_iter().next().unwrap()
}

/// Files in the output directory other than the manifest.
fn output_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != MANIFEST_NAME && n != LOCK_FILE)
        .collect();
    names.sort();
    names
}

fn page_server() -> Server {
    Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        p => Reply::html(article(&format!("Story{}", p.replace('/', "-")))),
    })
}

// ---------------------------------------------------------------------------------------

#[test]
fn pages_are_fetched_named_and_recorded() {
    let server = page_server();
    let urls: Vec<String> = (0..5).map(|i| server.url(&format!("/story/{i}"))).collect();
    let run = Run::new(&urls);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("5 written"), "{}", stderr(&out));
    let records = run.by_index();
    assert_eq!(records.len(), 5);
    for (i, url) in urls.iter().enumerate() {
        let r = &records[&(i as u64)];
        let stem = file_stem(i as u64, url.as_bytes());
        assert_eq!(r.url, *url);
        assert_eq!(r.outcome, Outcome::Ok);
        assert_eq!(r.status, Some(200));
        assert_eq!(r.attempts, 1);
        assert_eq!(r.final_url.as_deref(), Some(url.as_str()));
        assert_eq!(r.file.as_deref(), Some(format!("{stem}.txt").as_str()));
        assert!(r.content_type.as_deref().unwrap().starts_with("text/html"));
        assert!(r.bytes.unwrap() > 500);
        assert!(r.error.is_none());
        let text = run.text(&format!("{stem}.txt"));
        assert!(
            text.contains(&format!("Story-story-{i} When the last ferry")),
            "{text}"
        );
        assert!(!text.contains("Home"), "{text}");
    }
    assert!(stderr(&out).contains("0 failed"), "{}", stderr(&out));
    // robots.txt was asked for once for the whole host.
    assert_eq!(server.hits("/robots.txt"), 1);
}

#[test]
fn not_found_fails_without_a_retry() {
    let server = Server::start(|_: &Request| Reply::status(404));
    let run = Run::new(&[server.url("/gone")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains(&server.url("/gone")) && err.contains("HTTP 404"),
        "{err}"
    );
    assert!(err.contains("1 failed"), "{err}");
    assert_eq!(server.hits("/gone"), 1);
    let r = only(&run);
    assert_eq!(
        (r.outcome, r.status, r.attempts),
        (Outcome::Failed, Some(404), 1)
    );
    assert!(r.file.is_none());
    assert!(output_files(&run.out()).is_empty());
}

#[test]
fn server_error_then_success_is_retried() {
    let server = Server::start(|req: &Request| match (req.path.as_str(), req.hit) {
        ("/robots.txt", _) => Reply::status(404),
        (_, 1) => Reply::status(500),
        _ => Reply::html(article("Recovered")),
    });
    let run = Run::new(&[server.url("/flaky")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(server.hits("/flaky"), 2);
    let r = only(&run);
    assert_eq!(
        (r.outcome, r.status, r.attempts),
        (Outcome::Ok, Some(200), 2)
    );
    assert!(run.text(r.file.as_deref().unwrap()).contains("Recovered"));
}

#[test]
fn too_many_requests_waits_for_retry_after() {
    let server = Server::start(|req: &Request| match (req.path.as_str(), req.hit) {
        ("/robots.txt", _) => Reply::status(404),
        (_, 1) => Reply::status(429).header("Retry-After", "1"),
        _ => Reply::html(article("Patience")),
    });
    let run = Run::new(&[server.url("/busy")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let times = server.hit_times("/busy");
    assert_eq!(times.len(), 2);
    let waited = times[1] - times[0];
    assert!(
        waited >= Duration::from_millis(950),
        "retried after {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "retried after {waited:?}");
    assert_eq!(only(&run).attempts, 2);
}

#[test]
fn retry_after_longer_than_allowed_fails_at_once() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::status(503).header("Retry-After", "86400"),
    });
    let run = Run::new(&[server.url("/later")]);
    let started = Instant::now();
    let out = run.fetch(&[]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("retry after 86400 s"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.hits("/later"), 1);
}

#[test]
fn redirect_chain_is_followed_and_final_url_recorded() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/a" => Reply::redirect(301, "/b"),
        "/b" => Reply::redirect(302, "c?x=1"),
        "/c?x=1" => Reply::redirect(307, "/final"),
        "/final" => Reply::html(article("Arrived")),
        _ => Reply::status(404),
    });
    let run = Run::new(&[server.url("/a")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let r = only(&run);
    assert_eq!(r.url, server.url("/a"));
    assert_eq!(r.final_url, Some(server.url("/final")));
    assert_eq!(
        (r.outcome, r.status, r.attempts),
        (Outcome::Ok, Some(200), 1)
    );
    assert_eq!(
        r.file,
        Some(format!("{}.txt", file_stem(0, server.url("/a").as_bytes())))
    );
    assert!(run.text(r.file.as_deref().unwrap()).contains("Arrived"));
}

#[test]
fn redirect_loop_fails_with_a_reason() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/x" => Reply::redirect(302, "/y"),
        _ => Reply::redirect(302, "/x"),
    });
    let run = Run::new(&[server.url("/x")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1);
    let r = only(&run);
    assert_eq!(r.outcome, Outcome::Failed);
    let error = r.error.unwrap();
    assert!(error.contains("redirect loop"), "{error}");
    assert_eq!(server.hits("/x"), 1);
    // Too many (distinct) redirects fail too.
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        p => Reply::redirect(302, &format!("{p}x")),
    });
    let run = Run::new(&[server.url("/r")]);
    let out = run.fetch(&["--max-redirects", "3"]);
    assert_eq!(code(&out), 1);
    assert!(only(&run).error.unwrap().contains("more than 3 redirects"));
    assert_eq!(server.total_hits(), 1 + 4);
}

#[test]
fn redirect_to_another_scheme_is_refused() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::redirect(301, "ftp://files.example/x"),
    });
    let run = Run::new(&[server.url("/ftp")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1);
    assert!(only(&run).error.unwrap().contains("non-http(s)"));
}

#[test]
fn a_body_slower_than_the_timeout_fails_after_retries() {
    let body = article("Slow").into_bytes();
    let server = Server::start(move |req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::new(200, body.clone())
            .header("Content-Type", "text/html")
            .trickle(64, Duration::from_millis(100)),
    });
    let run = Run::new(&[server.url("/slow")]);
    let started = Instant::now();
    let out = run.fetch(&["--timeout-ms", "400", "--retries", "1"]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(code(&out), 1);
    let r = only(&run);
    assert_eq!((r.outcome, r.attempts), (Outcome::Failed, 2));
    let error = r.error.unwrap();
    assert!(
        error.contains("timed out") && error.contains("400 ms"),
        "{error}"
    );
    assert_eq!(server.hits("/slow"), 2);
    assert!(output_files(&run.out()).is_empty());
}

#[test]
fn a_connection_reset_mid_body_is_retried_then_reported() {
    let body = article("Cut").into_bytes();
    let server = Server::start(move |req: &Request| match (req.path.as_str(), req.hit) {
        ("/robots.txt", _) => Reply::status(404),
        ("/once", 2) => Reply::html(body.clone()),
        _ => Reply::html(body.clone()).cut_after(100),
    });
    let run = Run::new(&[server.url("/always"), server.url("/once")]);
    let out = run.fetch(&["--retries", "1"]);
    assert_eq!(code(&out), 1);
    let records = run.by_index();
    let always = &records[&0];
    assert_eq!((always.outcome, always.attempts), (Outcome::Failed, 2));
    let error = always.error.as_deref().unwrap();
    assert!(
        error.contains("connection broken") || error.contains("reset"),
        "{error}"
    );
    assert!(error.contains("/always"), "{error}");
    let once = &records[&1];
    assert_eq!((once.outcome, once.attempts), (Outcome::Ok, 2));
}

#[test]
fn a_body_over_the_size_limit_is_refused() {
    let big = format!(
        "<html><body><p>{}</p></body></html>",
        "word ".repeat(100_000)
    );
    let server = Server::start(move |req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/declared" => Reply::html(big.clone()),
        _ => Reply::html(big.clone()).close_delimited(),
    });
    let run = Run::new(&[server.url("/declared"), server.url("/streamed")]);
    let out = run.fetch(&["--max-body", "100000"]);
    assert_eq!(code(&out), 1);
    for r in run.records() {
        assert_eq!(r.outcome, Outcome::Failed);
        assert_eq!(r.attempts, 1, "size limits are not retried");
        let error = r.error.unwrap();
        assert!(error.contains("over the limit of 100000 bytes"), "{error}");
    }
    assert!(output_files(&run.out()).is_empty());
}

#[test]
fn pdf_and_images_are_skipped_with_a_reason() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/doc.pdf" => {
            Reply::new(200, b"%PDF-1.7 ...".to_vec()).header("Content-Type", "application/pdf")
        }
        "/pic.png" => {
            Reply::new(200, b"\x89PNG\r\n\x1a\n".to_vec()).header("Content-Type", "image/png")
        }
        // Mislabelled: says nothing useful, is an image.
        _ => Reply::new(200, b"\x89PNG\r\n\x1a\n\0\0\0".to_vec()),
    });
    let run = Run::new(&[
        server.url("/doc.pdf"),
        server.url("/pic.png"),
        server.url("/blob"),
    ]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "skips are not failures: {}", stderr(&out));
    let records = run.by_index();
    assert!(
        records
            .values()
            .all(|r| r.outcome == Outcome::Skipped && r.file.is_none())
    );
    assert!(
        records[&0]
            .error
            .as_deref()
            .unwrap()
            .contains("application/pdf")
    );
    assert!(records[&1].error.as_deref().unwrap().contains("image/png"));
    assert!(records[&2].error.as_deref().unwrap().contains("PNG"));
    assert!(
        stderr(&out).contains("not an HTML page"),
        "{}",
        stderr(&out)
    );
    assert!(output_files(&run.out()).is_empty());
}

#[test]
fn legacy_charsets_come_out_as_utf8() {
    let latin = article("Café à la crème, naïve façade").replace("charset=\"utf-8\"", "");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
    let japanese = article("日本語の記事です。東京の天気は晴れ").replace("charset=\"utf-8\"", "");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&japanese);
    let (latin1, sjis) = (latin1.into_owned(), sjis.into_owned());
    let server = Server::start(move |req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/latin1" => {
            Reply::new(200, latin1.clone()).header("Content-Type", "text/html; charset=ISO-8859-1")
        }
        _ => Reply::new(200, sjis.clone()).header("Content-Type", "text/html; charset=Shift_JIS"),
    });
    let run = Run::new(&[server.url("/latin1"), server.url("/sjis")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let records = run.by_index();
    let latin = run.text(records[&0].file.as_deref().unwrap());
    assert!(latin.contains("Café à la crème, naïve façade"), "{latin}");
    let japanese = run.text(records[&1].file.as_deref().unwrap());
    assert!(
        japanese.contains("日本語の記事です。東京の天気は晴れ"),
        "{japanese}"
    );
}

/// Issue 11: the response's Content-Language header reaches the record's metadata (it was
/// always `None`).
#[test]
fn content_language_header_reaches_the_metadata() {
    let page = article("Notícias da vila");
    let server = Server::start(move |req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::html(page.clone()).header("Content-Language", "pt-BR"),
    });
    let run = Run::new(&[server.url("/pt")]);
    let out = run.fetch(&["--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let record = only(&run);
    let json: serde_json::Value =
        serde_json::from_str(&run.text(record.file.as_deref().unwrap())).unwrap();
    assert_eq!(json["lang"].as_str(), Some("pt"), "{json}");
}

#[test]
fn gzip_deflate_and_brotli_bodies_are_decoded() {
    use flate2::{Compression, write::GzEncoder, write::ZlibEncoder};
    let page = article("Compressed");
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(page.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let mut zl = ZlibEncoder::new(Vec::new(), Compression::default());
    zl.write_all(page.as_bytes()).unwrap();
    let zl = zl.finish().unwrap();
    let mut br = brotli::CompressorWriter::new(Vec::new(), 4096, 5, 22);
    br.write_all(page.as_bytes()).unwrap();
    let br = br.into_inner();
    let server = Server::start(move |req: &Request| {
        let accepts = req.header("accept-encoding").unwrap_or("");
        assert!(
            accepts.contains("gzip") && accepts.contains("br"),
            "{accepts}"
        );
        match req.path.as_str() {
            "/robots.txt" => Reply::status(404),
            "/gz" => Reply::html(gz.clone()).header("Content-Encoding", "gzip"),
            "/br" => Reply::html(br.clone()).header("Content-Encoding", "br"),
            _ => Reply::html(zl.clone()).header("Content-Encoding", "deflate"),
        }
    });
    let run = Run::new(&[server.url("/gz"), server.url("/deflate"), server.url("/br")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let records = run.records();
    assert_eq!(records.len(), 3);
    for r in records {
        let text = run.text(r.file.as_deref().unwrap());
        assert!(text.contains("Compressed When"), "{text}");
    }
}

/// A gzip stream that inflates to `megabytes` MiB of zeros, built from one compressed
/// block repeated (each block is flushed in full, so blocks are independent).
fn gzip_bomb(megabytes: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let zeros = vec![0u8; 1 << 20];
    // Best compression: the bomb stays small whichever deflate backend builds it.
    let mut c = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(64 * 1024);
    c.compress_vec(&zeros, &mut block, FlushCompress::Full)
        .unwrap();
    let mut again = Vec::with_capacity(64 * 1024);
    c.compress_vec(&zeros, &mut again, FlushCompress::Full)
        .unwrap();
    let mut bomb = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    bomb.extend_from_slice(&block);
    for _ in 1..megabytes {
        bomb.extend_from_slice(&again);
    }
    bomb
}

/// The peak resident memory of a running child, in kB, sampled until it exits.
fn watch_peak_rss(child: &mut Child) -> u64 {
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = fs::read_to_string(&status) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if child.try_wait().unwrap().is_some() {
            return peak;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_gzip_bomb_stops_at_the_size_limit_in_little_memory() {
    let bomb = Arc::new(gzip_bomb(512));
    assert!(
        bomb.len() < 4 << 20,
        "bomb is {} bytes on the wire",
        bomb.len()
    );
    let server = Server::start(move |req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/bomb" => Reply::html(bomb.as_ref().clone()).header("Content-Encoding", "gzip"),
        // Answered late, so the process is still alive to be measured after the bomb.
        _ => Reply::html(article("After")).delay(Duration::from_millis(700)),
    });
    let run = Run::new(&[server.url("/bomb"), server.url("/after")]);
    let mut child = run
        .command(&["--max-body", "1000000", "--per-host", "1"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let peak_kb = watch_peak_rss(&mut child);
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 1);
    let records = run.by_index();
    let error = records[&0].error.as_deref().unwrap();
    assert!(error.contains("over the limit of 1000000 bytes"), "{error}");
    assert_eq!(records[&1].outcome, Outcome::Ok);
    // 512 MiB inflated would show; the limit keeps the whole process small.
    assert!(peak_kb > 0 && peak_kb < 100 * 1024, "peak RSS {peak_kb} kB");
}

#[test]
fn robots_txt_disallow_skips_without_requesting() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::new(
            200,
            "User-agent: *\nDisallow: /private\n\nUser-agent: otherbot\nDisallow: /\n",
        )
        .header("Content-Type", "text/plain"),
        p => Reply::html(article(&format!("Page{}", p.replace('/', "-")))),
    });
    let urls = [
        server.url("/private/1"),
        server.url("/public/1"),
        server.url("/private/2"),
        server.url("/public/2"),
    ];
    let run = Run::new(&urls);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let records = run.by_index();
    for i in [0, 2] {
        assert_eq!(records[&i].outcome, Outcome::Skipped);
        assert!(
            records[&i]
                .error
                .as_deref()
                .unwrap()
                .contains("disallowed by robots.txt")
        );
        assert_eq!(records[&i].attempts, 0);
    }
    assert_eq!(records[&1].outcome, Outcome::Ok);
    assert_eq!(server.hits("/private/1") + server.hits("/private/2"), 0);
    assert_eq!(
        server.hits("/robots.txt"),
        1,
        "robots.txt is cached per host"
    );
    assert!(stderr(&out).contains("2 skipped"), "{}", stderr(&out));
    // --ignore-robots fetches them.
    let run = Run::new(&urls[..1]);
    let out = run.fetch(&["--ignore-robots"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(only(&run).outcome, Outcome::Ok);
    assert_eq!(server.hits("/robots.txt"), 1);
}

#[test]
fn robots_txt_rules_for_dehusk_and_the_user_agent_header() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::new(200, "User-agent: dehusk\nDisallow: /no-dehusk\n")
            .header("Content-Type", "text/plain"),
        _ => {
            let ua = req.header("user-agent").unwrap_or("");
            assert!(ua.contains("dehusk"), "{ua}");
            Reply::html(article("Agent"))
        }
    });
    let run = Run::new(&[server.url("/no-dehusk/1"), server.url("/yes")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let records = run.by_index();
    assert_eq!(records[&0].outcome, Outcome::Skipped);
    assert_eq!(records[&1].outcome, Outcome::Ok);
}

#[test]
fn the_per_host_limit_is_never_exceeded() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::html(article("Busy")).delay(Duration::from_millis(40)),
    });
    let urls: Vec<String> = (0..24).map(|i| server.url(&format!("/p/{i}"))).collect();
    let run = Run::new(&urls);
    let out = run.fetch(&["--per-host", "2", "--concurrency", "16"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(run.records().len(), 24);
    assert_eq!(server.max_in_progress(), 2, "requests in progress at once");
    // hyper hands a finished connection back to its pool a moment after the body is read,
    // so a new one may open beside it; the pool keeps at most per_host idle ones.
    assert!(
        server.max_connections() <= 4,
        "{} connections",
        server.max_connections()
    );
}

#[test]
fn the_host_delay_spaces_requests() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::html(article("Spaced")),
    });
    let urls: Vec<String> = (0..4).map(|i| server.url(&format!("/s/{i}"))).collect();
    let run = Run::new(&urls);
    let out = run.fetch(&["--delay-ms", "150", "--per-host", "4"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut times: Vec<Instant> = (0..4)
        .flat_map(|i| server.hit_times(&format!("/s/{i}")))
        .collect();
    times.extend(server.hit_times("/robots.txt"));
    times.sort();
    for pair in times.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(140), "requests {gap:?} apart");
    }
}

#[test]
fn invalid_and_non_http_lines_are_reported_not_fatal() {
    let server = page_server();
    let lines = vec![
        "# a comment".to_string(),
        server.url("/first"),
        String::new(),
        "ftp://files.example/x".to_string(),
        "not a url at all".to_string(),
        "   ".to_string(),
        server.url("/second"),
        "mailto:someone@example.org".to_string(),
    ];
    let run = Run::new(&lines);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("line 4") && err.contains("ftp"), "{err}");
    assert!(
        err.contains("line 5") && err.contains("not a url at all"),
        "{err}"
    );
    assert!(err.contains("line 8") && err.contains("mailto"), "{err}");
    assert!(
        err.contains("2 written") && err.contains("3 failed"),
        "{err}"
    );
    let records = run.by_index();
    // Every non-blank, non-comment line takes a position; bad ones keep theirs.
    assert_eq!(records.len(), 5);
    assert_eq!(records[&0].outcome, Outcome::Ok);
    assert_eq!(
        (records[&1].outcome, records[&1].line),
        (Outcome::Failed, 4)
    );
    assert_eq!(
        (records[&2].outcome, records[&2].line),
        (Outcome::Failed, 5)
    );
    assert_eq!(records[&3].outcome, Outcome::Ok);
    assert_eq!(
        records[&3].file,
        Some(format!(
            "{}.txt",
            file_stem(3, server.url("/second").as_bytes())
        ))
    );
    assert_eq!(records[&4].outcome, Outcome::Failed);
}

#[test]
fn the_list_can_come_from_stdin_and_html_be_kept() {
    let server = page_server();
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .current_dir(tmp.path())
        .args(["fetch", "-", "--out", "out", "--save-html"])
        .args(FAST)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let url = server.url("/piped");
    writeln!(child.stdin.take().unwrap(), "{url}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let stem = file_stem(0, url.as_bytes());
    let html = fs::read_to_string(tmp.path().join(format!("out/{stem}.html"))).unwrap();
    assert!(html.contains("<article>"));
    let text = fs::read_to_string(tmp.path().join(format!("out/{stem}.txt"))).unwrap();
    assert!(text.contains("Story-piped When"));
}

#[test]
fn a_rerun_skips_what_is_done_and_retries_what_failed() {
    let server = Server::start(|req: &Request| match (req.path.as_str(), req.hit) {
        ("/robots.txt", _) => Reply::status(404),
        ("/flaky", 1) => Reply::status(500),
        _ => Reply::html(article("Again")),
    });
    let run = Run::new(&[server.url("/steady"), server.url("/flaky")]);
    let out = run.fetch(&["--retries", "0"]);
    assert_eq!(code(&out), 1);
    // --no-retry-failed leaves it alone, and the run still says the set is incomplete.
    let out = run.fetch(&["--no-retry-failed"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("not retried"), "{}", stderr(&out));
    assert_eq!((server.hits("/steady"), server.hits("/flaky")), (1, 1));
    // By default a rerun retries the failure and skips the rest.
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("1 done before"), "{}", stderr(&out));
    assert_eq!((server.hits("/steady"), server.hits("/flaky")), (1, 2));
    assert_eq!(run.by_index()[&1].outcome, Outcome::Ok);
    assert_eq!(output_files(&run.out()).len(), 2);
}

/// Every index of `0..n` is done exactly once in the manifest, its file is there, and
/// nothing else (no temporary or partial file) is in the directory.
fn assert_complete(dir: &Path, urls: &[String]) {
    let records = read_manifest(dir);
    let mut done: HashMap<u64, usize> = HashMap::new();
    for r in &records {
        assert_eq!(r.url, urls[r.index as usize]);
        if r.outcome.is_done() {
            *done.entry(r.index).or_default() += 1;
        }
    }
    for i in 0..urls.len() as u64 {
        assert_eq!(
            done.get(&i),
            Some(&1),
            "index {i} done {:?} times",
            done.get(&i)
        );
    }
    let mut expected: Vec<String> = urls
        .iter()
        .enumerate()
        .map(|(i, u)| format!("{}.txt", file_stem(i as u64, u.as_bytes())))
        .collect();
    expected.sort();
    assert_eq!(output_files(dir), expected);
}

#[test]
fn a_run_killed_midway_resumes_and_completes_the_set() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        p => Reply::html(article(&format!("Item{}", p.replace('/', "-"))))
            .delay(Duration::from_millis(15)),
    });
    let urls: Vec<String> = (0..300)
        .map(|i| server.url(&format!("/item/{i}")))
        .collect();
    let run = Run::new(&urls);
    let mut child = run
        .command(&["--per-host", "8", "--concurrency", "8"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some, but not all, pages are recorded.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let n = read_manifest_lenient(&run.out());
        if n >= 40 || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let first = read_manifest_lenient(&run.out());
    assert!(
        first > 0 && first < urls.len(),
        "{first} recorded before the kill"
    );
    let out = run.fetch(&["--per-host", "8", "--concurrency", "8"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_complete(&run.out(), &urls);
    // Each URL was fetched once, give or take those in flight at the kill.
    let refetched = server.total_hits() - 2 - urls.len();
    assert!(refetched <= 16, "{refetched} pages fetched twice");
}

/// Complete lines in the manifest (a kill may leave a torn last line).
fn read_manifest_lenient(dir: &Path) -> usize {
    fs::read_to_string(dir.join(MANIFEST_NAME))
        .unwrap_or_default()
        .lines()
        .filter(|l| serde_json::from_str::<Record>(l).is_ok())
        .count()
}

#[test]
fn ctrl_c_stops_taking_urls_flushes_and_exits_130() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::html(article("Interrupted")).delay(Duration::from_millis(100)),
    });
    let urls: Vec<String> = (0..200).map(|i| server.url(&format!("/c/{i}"))).collect();
    let run = Run::new(&urls);
    let child = run
        .command(&["--per-host", "2"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(600));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?} to stop",
        started.elapsed()
    );
    assert_eq!(code(&out), 130, "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    let records = run.records();
    assert!(!records.is_empty() && records.len() < urls.len());
    // What was recorded is on disk; the rest is done by a rerun.
    for r in &records {
        assert!(run.out().join(r.file.as_deref().unwrap()).is_file());
    }
    let out = run.fetch(&["--per-host", "8", "--concurrency", "8"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_complete(&run.out(), &urls);
}

#[test]
fn a_missing_list_or_bad_setting_is_fatal_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(tmp.path())
        .args(["fetch", "no-such-list.txt", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no-such-list.txt"),
        "{}",
        stderr(&out)
    );
    let run = Run::new(&["http://127.0.0.1:9/".to_string()]);
    let out = run.fetch(&["--per-host", "0"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("fetch.per_host"), "{}", stderr(&out));
}

#[test]
fn a_refused_connection_is_retried_then_reported() {
    // Bind a port, then free it: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/page");
    let run = Run::new(std::slice::from_ref(&url));
    let out = run.fetch(&["--retries", "1", "--ignore-robots"]);
    assert_eq!(code(&out), 1);
    let r = only(&run);
    assert_eq!(
        (r.outcome, r.attempts, r.status),
        (Outcome::Failed, 2, None)
    );
    let error = r.error.unwrap();
    assert!(
        error.contains(&url) && error.contains("cannot connect"),
        "{error}"
    );
}

/// Starts a run that takes a while (one slow request at a time) and waits until it holds
/// the output directory's lock and has written its pid there.
fn start_locked_run(run: &Run) -> Child {
    let child = run
        .command(&["--per-host", "1", "--concurrency", "1"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = run.out().join(LOCK_FILE);
    let deadline = Instant::now() + Duration::from_secs(20);
    while fs::read_to_string(&lock).unwrap_or_default().trim() != child.id().to_string() {
        assert!(
            Instant::now() < deadline,
            "the first run never took the lock"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

fn slow_page_server() -> Server {
    Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        p => Reply::html(article(&format!("Slow{}", p.replace('/', "-"))))
            .delay(Duration::from_millis(100)),
    })
}

#[test]
fn second_run_into_locked_out_dir_exits_2() {
    let server = slow_page_server();
    let urls: Vec<String> = (0..60).map(|i| server.url(&format!("/l/{i}"))).collect();
    let run = Run::new(&urls);
    let mut first = start_locked_run(&run);
    let started = Instant::now();
    let second = run.fetch(&[]);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the second run waited"
    );
    assert_eq!(code(&second), 2, "{}", stderr(&second));
    let err = stderr(&second);
    assert!(
        err.contains("out: another dehusk fetch") && err.contains(&format!("pid {}", first.id())),
        "{err}"
    );
    first.kill().unwrap();
    first.wait().unwrap();
    // Only the first run wrote: no index is recorded twice.
    let records = read_manifest_lenient_records(&run.out());
    let mut seen = std::collections::HashSet::new();
    assert!(records.iter().all(|r| seen.insert(r.index)), "{records:#?}");
}

#[test]
fn lock_of_a_killed_run_dies_with_it() {
    let server = slow_page_server();
    let urls: Vec<String> = (0..30).map(|i| server.url(&format!("/k/{i}"))).collect();
    let run = Run::new(&urls);
    let mut first = start_locked_run(&run);
    // SIGKILL: no chance to clean up, the kernel lets the lock go.
    first.kill().unwrap();
    first.wait().unwrap();
    let out = run.fetch(&["--per-host", "8", "--concurrency", "8"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_complete(&run.out(), &urls);
}

/// The complete manifest lines (a kill may leave a torn last line).
fn read_manifest_lenient_records(dir: &Path) -> Vec<Record> {
    fs::read_to_string(dir.join(MANIFEST_NAME))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Record>(l).ok())
        .collect()
}

#[test]
fn cr_only_line_endings_split_urls() {
    let server = page_server();
    let urls: Vec<String> = (0..3).map(|i| server.url(&format!("/cr/{i}"))).collect();
    let run = Run::new(&[]);
    fs::write(run.tmp.path().join("urls.txt"), urls.join("\r")).unwrap();
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let records = run.by_index();
    assert_eq!(records.len(), 3, "{records:#?}");
    for (i, url) in urls.iter().enumerate() {
        let r = &records[&(i as u64)];
        assert_eq!(
            (&r.url, r.outcome, r.line),
            (url, Outcome::Ok, i as u64 + 1)
        );
    }
    assert_eq!(server.hits("/cr/0"), 1);
}

#[test]
fn a_tab_inside_a_line_is_an_invalid_line_not_fetched() {
    let server = page_server();
    let glued = format!("{}\t{}", server.url("/t/a"), server.url("/t/b"));
    let run = Run::new(&[server.url("/t/ok"), glued]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("line 2:") && err.contains("whitespace"),
        "{err}"
    );
    let records = run.by_index();
    assert_eq!(records[&0].outcome, Outcome::Ok);
    assert_eq!(
        (records[&1].outcome, records[&1].attempts),
        (Outcome::Failed, 0)
    );
    assert_eq!(
        server.total_hits(),
        2,
        "only robots.txt and /t/ok are requested"
    );
}

#[test]
fn sigterm_stops_like_ctrl_c_and_exits_143() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::html(article("Terminated")).delay(Duration::from_millis(100)),
    });
    let urls: Vec<String> = (0..200).map(|i| server.url(&format!("/t/{i}"))).collect();
    let run = Run::new(&urls);
    let child = run
        .command(&["--per-host", "2"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(600));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 143, "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    // What was on the wire finished and was recorded; the rest is left for a rerun.
    let records = run.records();
    assert!(!records.is_empty() && records.len() < urls.len());
    for r in &records {
        assert_eq!(r.outcome, Outcome::Ok);
        assert!(run.out().join(r.file.as_deref().unwrap()).is_file());
    }
    let out = run.fetch(&["--per-host", "8", "--concurrency", "8"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_complete(&run.out(), &urls);
}

#[test]
fn bad_gzip_body_is_reported_as_such_and_not_retried() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::html(article("Not gzip")).header("Content-Encoding", "gzip"),
    });
    let run = Run::new(&[server.url("/badgz")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = only(&run);
    let error = r.error.unwrap();
    assert!(error.contains("bad gzip body"), "{error}");
    assert!(!error.contains("connection broken"), "{error}");
    assert_eq!((r.outcome, r.attempts), (Outcome::Failed, 1));
    assert_eq!(server.hits("/badgz"), 1);
}

#[test]
fn header_block_too_large_is_not_retried() {
    let big = "x".repeat(600 * 1024);
    let server = Server::start(move |req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::html(article("Big head")).header("X-Padding", &big),
    });
    let run = Run::new(&[server.url("/bighead")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = only(&run);
    assert_eq!((r.outcome, r.attempts), (Outcome::Failed, 1), "{r:?}");
    assert!(
        r.error.as_deref().unwrap().contains("invalid response"),
        "{r:?}"
    );
    assert_eq!(server.hits("/bighead"), 1);
}

#[test]
fn conflicting_content_length_is_not_retried() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        // The server adds the true Content-Length after this one.
        _ => Reply::html(article("Two lengths")).header("Content-Length", "7"),
    });
    let run = Run::new(&[server.url("/twolengths")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = only(&run);
    assert_eq!((r.outcome, r.attempts), (Outcome::Failed, 1), "{r:?}");
    assert!(
        r.error.as_deref().unwrap().contains("invalid response"),
        "{r:?}"
    );
    assert_eq!(server.hits("/twolengths"), 1);
}

#[test]
fn invalid_redirect_target_is_not_retried() {
    let target = format!("/{}", "a".repeat(100 * 1024));
    let server = Server::start(move |req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/jump" => Reply::redirect(302, &target),
        _ => Reply::html(article("Landed")),
    });
    let run = Run::new(&[server.url("/jump")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = only(&run);
    assert_eq!((r.outcome, r.attempts), (Outcome::Failed, 1), "{r:?}");
    assert_eq!(server.hits("/jump"), 1);
    assert_eq!(
        server.total_hits(),
        2,
        "only robots.txt and /jump are requested"
    );
}

#[test]
fn retry_after_beyond_the_maximum_holds_back_the_host() {
    let server = Server::start_hosts(&["127.0.0.1", "127.0.0.2"], 2, |req: &Request| {
        match req.path.as_str() {
            "/robots.txt" => Reply::status(404),
            p if p.starts_with("/busy/") => Reply::status(503).header("Retry-After", "999999"),
            p => Reply::html(article(&format!("Free{}", p.replace('/', "-")))),
        }
    });
    let mut urls: Vec<String> = (0..6)
        .map(|i| server.url_on(0, &format!("/busy/{i}")))
        .collect();
    urls.push(server.url_on(1, "/free/0"));
    let run = Run::new(&urls);
    let started = Instant::now();
    let out = run.fetch(&["--per-host", "1"]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let busy_hits: usize = (0..6).map(|i| server.hits(&format!("/busy/{i}"))).sum();
    assert_eq!(
        busy_hits, 1,
        "the host was asked again after it said 999999 s"
    );
    let records = run.by_index();
    for i in 0..6 {
        let r = &records[&i];
        let error = r.error.as_deref().unwrap();
        assert_eq!(r.outcome, Outcome::Failed, "{r:?}");
        assert!(error.contains("retry after 999999 s"), "{error}");
    }
    assert_eq!(records[&6].outcome, Outcome::Ok);
    // The held-back URLs failed, so a later run tries them again.
    let rerun = run.fetch(&["--per-host", "1"]);
    assert_eq!(code(&rerun), 1);
    assert!(
        stderr(&rerun).contains("1 done before"),
        "{}",
        stderr(&rerun)
    );
}

#[test]
fn unparsable_retry_after_counts_as_the_maximum() {
    let server = Server::start(|req: &Request| match (req.path.as_str(), req.hit) {
        ("/robots.txt", _) => Reply::status(404),
        (_, 1) => Reply::status(503).header("Retry-After", "soon, maybe"),
        _ => Reply::html(article("Eventually")),
    });
    let run = Run::new(&[server.url("/soon")]);
    fs::write(
        run.tmp.path().join("config.toml"),
        "[fetch]\nmax_retry_after_ms = 1500\n",
    )
    .unwrap();
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let times = server.hit_times("/soon");
    assert_eq!(times.len(), 2);
    let waited = times[1] - times[0];
    assert!(
        waited >= Duration::from_millis(1400),
        "retried after {waited:?}"
    );
}

#[test]
fn credentials_in_the_url_are_redacted_in_final_url_and_messages() {
    let server = Server::start(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/gone" => Reply::status(404),
        "/moved" => Reply::redirect(301, "/page"),
        _ => Reply::html(article("Private")),
    });
    let with_creds = |path: &str| {
        server
            .url(path)
            .replacen("http://", "http://alice:s3cret@", 1)
    };
    let run = Run::new(&[with_creds("/moved"), with_creds("/gone")]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("s3cret") && !err.contains("alice"), "{err}");
    assert!(err.contains("http://***@127.0.0.1"), "{err}");
    let records = run.by_index();
    let moved = &records[&0];
    assert_eq!(moved.outcome, Outcome::Ok);
    let final_url = moved.final_url.as_deref().unwrap();
    assert_eq!(
        final_url,
        server.url("/page").replacen("http://", "http://***@", 1)
    );
    let gone = records[&1].error.as_deref().unwrap();
    assert!(!gone.contains("s3cret") && gone.contains("***@"), "{gone}");
    // The list's own line stays as written: resuming matches on it.
    assert_eq!(moved.url, with_creds("/moved"));
}

#[test]
fn os_error_is_said_once_in_a_fatal_message() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(tmp.path())
        .args(["fetch", "no-such-list.txt", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert_eq!(err.matches("os error").count(), 1, "{err}");
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
}

#[test]
fn long_values_are_cut_with_an_ellipsis() {
    let target = format!("ftp://files.example/{}", "a".repeat(60 * 1024));
    let long_path = format!("/{}", "b".repeat(20 * 1024));
    let server = Server::start(move |req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/jump" => Reply::redirect(302, &target),
        _ => Reply::status(404),
    });
    let run = Run::new(&[server.url("/jump"), server.url(&long_path)]);
    let out = run.fetch(&[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.len() < 4000, "{} bytes of messages", err.len());
    assert_eq!(err.matches('…').count(), 2, "{err}");
    for r in run.records() {
        let error = r.error.unwrap();
        assert!(error.len() < 2000 && error.contains('…'), "{error}");
    }
}

/// Runs `dehusk fetch` into an output directory on a tmpfs of `inodes` inodes, mounted in a
/// private mount namespace of the child's own (so nothing outlives it). `None` where that
/// cannot be done (not root, no `unshare`).
fn fetch_into_tiny_tmpfs(run: &Run, inodes: usize) -> Option<Output> {
    let probe = Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c"])
        .arg("mount -t tmpfs -o size=1m tmpfs /mnt")
        .output()
        .ok()?;
    if !probe.status.success() {
        return None;
    }
    let script = format!(
        "mkdir -p out && mount -t tmpfs -o size=8m,nr_inodes={inodes} tmpfs out && exec \"$@\""
    );
    let mut cmd = Command::new("unshare");
    cmd.current_dir(run.tmp.path())
        .args([
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            &script,
            "sh",
            BIN,
        ])
        .args(["fetch", "urls.txt", "--out", "out"])
        .args(FAST)
        .stdin(Stdio::null());
    Some(cmd.output().unwrap())
}

#[test]
fn output_files_that_cannot_be_created_stop_the_run_with_exit_2() {
    let server = page_server();
    let urls: Vec<String> = (0..300)
        .map(|i| server.url(&format!("/inode/{i}")))
        .collect();
    let run = Run::new(&urls);
    // The directory, the lock, the manifest and a few pages fit; then no inode is left.
    let Some(out) = fetch_into_tiny_tmpfs(&run, 10) else {
        eprintln!("skipped: cannot mount a tmpfs in a private namespace (needs root)");
        return;
    };
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        err.lines().count() < 20,
        "{} lines of messages",
        err.lines().count()
    );
    assert!(
        server.total_hits() < 200,
        "{} requests",
        server.total_hits()
    );
}

#[test]
fn host_grouped_list_keeps_every_host_busy() {
    const HOSTS: usize = 8;
    let ips: Vec<String> = (1..=HOSTS).map(|i| format!("127.0.0.{i}")).collect();
    let ip_refs: Vec<&str> = ips.iter().map(String::as_str).collect();
    let server = Server::start_hosts(&ip_refs, 2, |req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::status(404).delay(Duration::from_millis(20)),
    });
    // Sorted by host, each host's block longer than the task window (256).
    let per_host = 300;
    let urls: Vec<String> = (0..HOSTS * per_host)
        .map(|i| server.url_on(i / per_host, &format!("/g/{i}")))
        .collect();
    let run = Run::new(&urls);
    let out = run.fetch(&["--concurrency", "16", "--per-host", "2", "--retries", "0"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // Every host got its two slots at once: 16 requests in flight, not the 2 of one host.
    let peak = server.max_in_progress();
    // (Not an upper bound: the server may still count a reply the client already has;
    // the_per_host_limit_is_never_exceeded checks the limits.)
    assert!(peak >= 12, "at most {peak} requests were in flight");
    // Each URL exactly once, at its own position.
    let records = run.by_index();
    assert_eq!(records.len(), urls.len());
    for (i, url) in urls.iter().enumerate() {
        let r = &records[&(i as u64)];
        assert_eq!((&r.url, r.line, r.status), (url, i as u64 + 1, Some(404)));
    }
    assert_eq!(server.total_hits(), urls.len() + HOSTS);
}

//! `dehusk serve` over real HTTP on 127.0.0.1: each route and format, each error status,
//! the limits (a slowloris client, a slow body, a 100 MB body, more clients than slots),
//! and a graceful shutdown with a request in flight. Every request goes to loopback.

// A failed fixture step should fail the test loudly; that is what unwrap/expect are for here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dehusk::config::Config;
use dehusk::serve::Server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

const PAGE: &str = "<html><head><title>Ferry timetable</title></head><body>\
    <nav><a href=/>Home</a> <a href=/news>News</a></nav>\
    <article><h1>Ferry timetable</h1><p>The harbour board approved the new ferry timetable \
    on Monday, after a year of talks with the island councils, and the first boats sail in \
    May.</p><p>Fares stay as they are until the autumn, the board said, when a review of \
    the whole network is due.</p></article><footer>© Harbour News</footer></body></html>";

/// A server on 127.0.0.1 (a free port), stopped when the sender is dropped or fired.
struct Running {
    base: String,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<()>,
}

impl Running {
    async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.done).await;
    }
}

async fn start(tweak: impl FnOnce(&mut Config)) -> Running {
    let mut config = Config::default();
    config.serve.listen = "127.0.0.1:0".to_string();
    tweak(&mut config);
    let server = Server::bind(config).await.unwrap();
    let addr = server.local_addr().unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let done = tokio::spawn(server.run(async move {
        let _ = rx.await;
    }));
    Running {
        base: format!("http://{addr}"),
        stop: Some(tx),
        done,
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

async fn post(base: &str, query: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
    client()
        .post(format!("{base}/extract{query}"))
        .header("content-type", "text/html; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn json_of(r: reqwest::Response) -> serde_json::Value {
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

/// Sends raw bytes and reads the answer until the server closes or `wait` passes.
async fn raw_exchange(addr: &str, bytes: &[u8], wait: Duration) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(bytes).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(wait, s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_extract_answers_the_json_record_by_default() {
    let srv = start(|_| {}).await;
    let r = post(&srv.base, "?url=https://news.example/ferry", PAGE).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    let v = json_of(r).await;
    assert_eq!(v["title"], "Ferry timetable");
    assert_eq!(v["url"], "https://news.example/ferry");
    assert!(v["text"].as_str().unwrap().contains("ferry timetable"));
    assert!(!v["text"].as_str().unwrap().contains("Home"));
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formats_follow_accept_and_the_format_parameter() {
    let srv = start(|_| {}).await;
    let r = client()
        .post(format!("{}/extract", srv.base))
        .header("accept", "text/plain")
        .header("x-page-url", "https://news.example/a")
        .body(PAGE)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = r.text().await.unwrap();
    assert!(text.starts_with("Ferry timetable\n"), "{text}");
    let r = post(&srv.base, "?format=md", PAGE).await;
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/markdown")
    );
    assert!(r.text().await.unwrap().starts_with("# Ferry timetable\n"));
    let r = post(&srv.base, "?format=txt&no_title", PAGE).await;
    assert!(r.text().await.unwrap().starts_with("The harbour board"));
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_charset_of_content_type_is_honoured() {
    let srv = start(|_| {}).await;
    let page = PAGE.replace("Monday", "Monday at the caf\u{e9}");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let r = client()
        .post(format!("{}/extract?format=txt", srv.base))
        .header("content-type", "text/html; charset=windows-1252")
        .body(bytes.into_owned())
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("caf\u{e9}"));
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_and_unknown_routes() {
    let srv = start(|_| {}).await;
    let r = client()
        .get(format!("{}/healthz", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(json_of(r).await["status"], "ok");
    let r = client()
        .get(format!("{}/nope", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(json_of(r).await["error"], "not_found");
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_options_are_400_with_a_json_error() {
    let srv = start(|_| {}).await;
    for (query, kind) in [
        ("?no_tabels=1", "unknown_option"),
        ("?links=maybe", "bad_option"),
        ("?format=pdf", "bad_option"),
        ("?min_chars=lots", "bad_option"),
        ("?lang=english", "bad_option"),
    ] {
        let r = post(&srv.base, query, PAGE).await;
        assert_eq!(r.status(), 400, "{query}");
        let v = json_of(r).await;
        assert_eq!(v["error"], kind, "{query}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_html_is_415_and_no_text_is_422_when_asked() {
    let srv = start(|_| {}).await;
    let r = client()
        .post(format!("{}/extract", srv.base))
        .header("content-type", "application/pdf")
        .body("%PDF-1.4 binary stuff")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    assert_eq!(json_of(r).await["error"], "not_html");
    let empty = "<html><body><nav><a href=/>Home</a></nav></body></html>";
    let r = post(&srv.base, "?fail_on_empty", empty).await;
    assert_eq!(r.status(), 422);
    assert_eq!(json_of(r).await["error"], "no_content");
    // Without the flag an empty page is an empty record, not an error.
    let r = post(&srv.base, "", empty).await;
    assert_eq!(r.status(), 200);
    assert_eq!(json_of(r).await["text"], "");
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mb_body_is_413_before_it_is_read() {
    let srv = start(|_| {}).await;
    let addr = srv.base.trim_start_matches("http://").to_string();
    let head = format!(
        "POST /extract HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
        100 * 1024 * 1024
    );
    let started = Instant::now();
    let answer = raw_exchange(&addr, head.as_bytes(), Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"error\":\"too_large\""), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_body_past_the_limit_is_413() {
    let srv = start(|c| c.serve.max_body_bytes = 10_000).await;
    // Sent with a length, and again as chunks the server has to count.
    let r = post(&srv.base, "", vec![b'a'; 20_000]).await;
    assert_eq!(r.status(), 413);
    let addr = srv.base.trim_start_matches("http://").to_string();
    let mut req =
        format!("POST /extract HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\n\r\n")
            .into_bytes();
    for _ in 0..4 {
        req.extend_from_slice(format!("{:x}\r\n", 4000).as_bytes());
        req.extend_from_slice(&[b'a'; 4000]);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let answer = raw_exchange(&addr, &req, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slowloris_client_is_cut_off_and_others_are_served() {
    let srv = start(|c| c.serve.header_timeout_ms = 400).await;
    let addr = srv.base.trim_start_matches("http://").to_string();
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
    let started = Instant::now();
    let mut closed = false;
    // A header line every 100 ms: never a whole head.
    for i in 0..40 {
        if slow
            .write_all(format!("X-Slow-{i}: a\r\n").as_bytes())
            .await
            .is_err()
        {
            closed = true;
            break;
        }
        let mut buf = [0u8; 512];
        // Any answer (EOF, a reset, bytes) within the pause means the server let go.
        if tokio::time::timeout(Duration::from_millis(100), slow.read(&mut buf))
            .await
            .is_ok()
        {
            closed = true;
            break;
        }
        if i == 1 {
            let r = client()
                .get(format!("{}/healthz", srv.base))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
        }
    }
    assert!(closed, "the slow client kept its connection");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_body_is_408_and_holds_no_slot() {
    let srv = start(|c| {
        c.serve.body_timeout_ms = 400;
        c.serve.slots = 1;
        c.serve.queue = 0;
    })
    .await;
    let addr = srv.base.trim_start_matches("http://").to_string();
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /extract HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>"
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    // The one slot is free for others while the slow body dribbles in.
    let r = post(&srv.base, "", PAGE).await;
    assert_eq!(r.status(), 200);
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(3), slow.read_to_end(&mut out)).await;
    let answer = String::from_utf8_lossy(&out);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body_timeout"), "{answer}");
    srv.stop().await;
}

/// A page that takes a while to extract: many paragraphs.
fn heavy_page() -> String {
    let mut page = String::from("<html><body><article>");
    for i in 0..8000 {
        page.push_str(&format!(
            "<p>Paragraph {i} of the report, with enough words to count as text, and a comma.</p>"
        ));
    }
    page.push_str("</article></body></html>");
    page
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_beyond_the_slots_and_queue_get_429() {
    let srv = start(|c| {
        c.serve.slots = 1;
        c.serve.queue = 1;
    })
    .await;
    let page = heavy_page();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (base, page) = (srv.base.clone(), page.clone());
            tokio::spawn(async move {
                let r = post(&base, "?format=txt", page).await;
                let status = r.status().as_u16();
                let retry = r.headers().get("retry-after").is_some();
                (status, retry, r.text().await.unwrap_or_default())
            })
        })
        .collect();
    let mut ok = 0;
    let mut busy = 0;
    for t in tasks {
        let (status, retry, body) = t.await.unwrap();
        match status {
            200 => ok += 1,
            429 => {
                assert!(retry, "429 without Retry-After");
                assert!(body.contains("\"error\":\"busy\""), "{body}");
                busy += 1;
            }
            other => panic!("unexpected status {other}: {body}"),
        }
    }
    assert!(ok >= 2, "{ok} served");
    assert!(busy >= 1, "none refused: {ok} served");
    srv.stop().await;
}

/// The binary, serving on a free loopback port; returns the child and its address.
fn spawn_binary(args: &[&str]) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dehusk"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().unwrap().unwrap();
        if let Some(rest) = line.strip_prefix("dehusk: listening on http://") {
            break rest.to_string();
        }
    };
    // Keep draining stderr so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    let (mut child, addr) = spawn_binary(&[]);
    let body = PAGE.as_bytes();
    let (first, rest) = body.split_at(body.len() / 2);
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /extract?format=txt HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(first).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.write_all(rest).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out)).await;
    let answer = String::from_utf8_lossy(&out);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("ferry timetable"), "{answer}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    // Nothing listens any more.
    assert!(TcpStream::connect(&addr).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_answers_jsonl_in_input_order() {
    let srv = start(|c| c.serve.slots = 2).await;
    let mut input = String::new();
    // Big and small pages mixed, so they finish out of order.
    let heavy = heavy_page();
    for i in 0..6 {
        let html = if i % 2 == 0 {
            heavy.clone()
        } else {
            PAGE.to_string()
        };
        let line = serde_json::json!({"html": html, "url": format!("https://news.example/{i}")});
        input.push_str(&line.to_string());
        input.push('\n');
    }
    input.push_str("not json\n");
    input.push_str("{\"url\": \"https://news.example/no-html\", \"extra\": 1}\n");
    let r = client()
        .post(format!("{}/extract/batch", srv.base))
        .body(input)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/jsonl");
    let text = r.text().await.unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8, "{text}");
    for (i, v) in lines.iter().take(6).enumerate() {
        assert_eq!(v["url"], format!("https://news.example/{i}"));
        assert_eq!(v["line"], i + 1);
        assert!(v["word_count"].as_u64().unwrap() > 10);
    }
    assert_eq!(lines[6]["error"], "bad_line");
    assert_eq!(lines[6]["line"], 7);
    assert_eq!(lines[7]["error"], "bad_line");
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_and_extractions() {
    let srv = start(|_| {}).await;
    assert_eq!(post(&srv.base, "", PAGE).await.status(), 200);
    assert_eq!(post(&srv.base, "?bogus", PAGE).await.status(), 400);
    let r = client()
        .get(format!("{}/metrics", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = r.text().await.unwrap();
    for want in [
        "dehusk_requests_total{route=\"/extract\",status=\"200\"} 1",
        "dehusk_requests_total{route=\"/extract\",status=\"400\"} 1",
        "dehusk_extraction_seconds_count 1",
        "dehusk_extraction_seconds_bucket{le=\"+Inf\"} 1",
        "dehusk_pages_in_flight 0",
        "# TYPE dehusk_fetches_total counter",
    ] {
        assert!(text.contains(want), "{want} missing from\n{text}");
    }
    srv.stop().await;
}

/// A loopback origin: `/page` is the article, `/robots.txt` is absent, `/pdf` is not
/// HTML, `/broken` fails, `/slow` answers late, `/to-ftp` redirects off http.
fn origin() -> support::Server {
    use support::Reply;
    // Started on a thread of its own: it blocks on its runtime while binding.
    let start = || {
        support::Server::start(|req| match req.path.as_str() {
            "/page" => Reply::html(PAGE),
            "/hop" => Reply::redirect(302, "/page"),
            "/to-ftp" => Reply::redirect(302, "ftp://127.0.0.1/x"),
            "/pdf" => Reply::new(200, "%PDF-1.4").header("content-type", "application/pdf"),
            "/broken" => Reply::status(500),
            "/slow" => Reply::html(PAGE).delay(Duration::from_secs(3)),
            _ => Reply::status(404),
        })
    };
    std::thread::spawn(start).join().unwrap()
}

async fn get_extract(base: &str, target: &str) -> reqwest::Response {
    client()
        .get(format!("{base}/extract"))
        .query(&[("url", target)])
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_extract_refuses_loopback_targets_by_default() {
    let web = origin();
    let srv = start(|_| {}).await;
    let port = web
        .url("/")
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    for target in [
        web.url("/page"),
        format!("http://localhost:{port}/page"),
        format!("http://2130706433:{port}/page"),
        format!("http://0x7f.0.0.1:{port}/page"),
        format!("http://127.0.0.1.:{port}/page"),
        format!("http://[::ffff:127.0.0.1]:{port}/page"),
        "file:///etc/passwd".to_string(),
    ] {
        let r = get_extract(&srv.base, &target).await;
        assert_eq!(r.status(), 403, "{target}");
        assert_eq!(json_of(r).await["error"], "refused_target", "{target}");
    }
    assert_eq!(web.total_hits(), 0, "a refused target was requested");
    let m = client()
        .get(format!("{}/metrics", srv.base))
        .send()
        .await
        .unwrap();
    assert!(
        m.text()
            .await
            .unwrap()
            .contains("dehusk_fetches_total{outcome=\"refused\"} 7")
    );
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_extract_fetches_a_loopback_page_with_allow_private() {
    let web = origin();
    let srv = start(|c| c.serve.allow_private = true).await;
    let r = get_extract(&srv.base, &web.url("/hop")).await;
    assert_eq!(r.status(), 200);
    let v = json_of(r).await;
    assert_eq!(v["title"], "Ferry timetable");
    assert_eq!(v["url"], web.url("/hop"));
    assert_eq!(v["final_url"], web.url("/page"));
    assert_eq!(v["status"], 200);
    assert_eq!(web.hits("/robots.txt"), 1);
    let r = client()
        .get(format!("{}/extract", srv.base))
        .query(&[("url", web.url("/page").as_str()), ("format", "txt")])
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().starts_with("Ferry timetable\n"));
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_extract_maps_origin_failures() {
    let web = origin();
    let srv = start(|c| {
        c.serve.allow_private = true;
        c.serve.fetch_deadline_ms = 500;
        c.fetch.retries = 0;
    })
    .await;
    for (path, status, kind) in [
        ("/broken", 502, "origin_failed"),
        ("/slow", 504, "origin_timeout"),
        ("/pdf", 415, "not_html"),
        ("/to-ftp", 403, "refused_target"),
    ] {
        let r = get_extract(&srv.base, &web.url(path)).await;
        assert_eq!(r.status(), status, "{path}");
        assert_eq!(json_of(r).await["error"], kind, "{path}");
    }
    let r = client()
        .get(format!("{}/extract", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(get_extract(&srv.base, "not a url").await.status(), 400);
    srv.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_url_lines_are_fetched_behind_the_guard() {
    let web = origin();
    for (allow, want) in [(false, "refused_target"), (true, "")] {
        let srv = start(|c| c.serve.allow_private = allow).await;
        let input = format!("{{\"url\": \"{}\"}}\n", web.url("/page"));
        let r = client()
            .post(format!("{}/extract/batch", srv.base))
            .body(input)
            .send()
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(r.text().await.unwrap().trim()).unwrap();
        if allow {
            assert_eq!(v["title"], "Ferry timetable");
            assert_eq!(v["status"], 200);
        } else {
            assert_eq!(v["error"], want);
        }
        srv.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_file_makes_every_route_but_healthz_ask_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "correct horse\n").unwrap();
    let srv = start(|c| c.serve.token_file = Some(file.clone())).await;
    let r = post(&srv.base, "", PAGE).await;
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert_eq!(json_of(r).await["error"], "unauthorized");
    let send = |token: &str| {
        client()
            .post(format!("{}/extract", srv.base))
            .header("authorization", format!("Bearer {token}"))
            .body(PAGE)
            .send()
    };
    assert_eq!(send("correct horse").await.unwrap().status(), 200);
    assert_eq!(send("correct hors").await.unwrap().status(), 401);
    let r = client()
        .get(format!("{}/metrics", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = client()
        .get(format!("{}/healthz", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    srv.stop().await;
}

#[test]
fn a_public_address_without_a_token_prints_a_warning() {
    // 0.0.0.0 binds every interface; nothing is sent to it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dehusk"))
        .args(["serve", "--listen", "0.0.0.0:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line.starts_with("dehusk: listening on");
        seen.push(line);
        if done {
            break;
        }
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    assert!(
        seen.iter()
            .any(|l| l.contains("warning") && l.contains("without a token")),
        "{seen:?}"
    );
}

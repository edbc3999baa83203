//! Fetch benchmark: the release binary against a loopback server that serves the sample
//! pages (`samples/*/*.html`) under many URLs on many hosts (127.0.0.1–127.0.0.N, all
//! loopback). Reports pages/s and the binary's peak RSS, read from /proc while it runs.
//!
//! ```sh
//! cargo bench --bench fetch                      # 10 000 pages, then 1 000 000 lines
//! cargo bench --bench fetch -- pages 10000       # only the page run
//! cargo bench --bench fetch -- lines 1000000     # only the long-list run
//! cargo bench --bench fetch -- errors 100000     # only the 404 run
//! cargo bench --bench fetch -- grouped 100000    # the 404 run, list sorted by host
//! cargo bench --bench fetch -- grouped-lines     # the long-list run, sorted by host
//! DEHUSK_BENCH_DIR=/dev/shm DEHUSK_BENCH_ARGS="-j 4" cargo bench --bench fetch -- pages
//! ```
//!
//! The page run fetches, extracts and writes every page with the default settings (64 in
//! flight, 2 per host). The long-list run streams a list through the whole pipeline
//! (reader, queue, task window, robots.txt, manifest) with robots.txt disallowing every
//! page, so no page body is fetched or file written, and reruns it (every line then
//! skipped as done) to show what resuming a long list costs. The 404 run makes one real
//! request per line, each recorded as failed. The grouped runs take the same lists sorted
//! by host (each host's URLs in one block, as crawls and sitemaps give them), which the
//! fetcher must spread over the hosts itself.

// A benchmark that cannot set itself up should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{Reply, Request, Server};

const BIN: &str = env!("CARGO_BIN_EXE_dehusk");
/// Loopback hosts the URLs are spread over.
const HOSTS: usize = 64;
/// Server worker threads (the machine has 2 cores; the server shares them with dehusk).
const SERVER_THREADS: usize = 1;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let what = args.first().map(String::as_str).unwrap_or("all");
    let n = |default: usize| args.get(1).and_then(|v| v.parse().ok()).unwrap_or(default);
    println!("| run | URLs | seconds | URLs/s | peak RSS |");
    println!("|---|---|---|---|---|");
    if matches!(what, "all" | "pages") {
        pages(n(10_000));
    }
    if matches!(what, "all" | "lines") {
        lines(n(1_000_000), false);
    }
    if matches!(what, "all" | "grouped-lines") {
        lines(n(1_000_000), true);
    }
    if matches!(what, "all" | "errors") {
        errors(n(100_000), false);
    }
    if matches!(what, "all" | "grouped") {
        errors(n(100_000), true);
    }
}

fn samples() -> Vec<Arc<Vec<u8>>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut pages = Vec::new();
    for dir in fs::read_dir(root).unwrap().flatten() {
        for file in fs::read_dir(dir.path()).into_iter().flatten().flatten() {
            if file.path().extension().is_some_and(|e| e == "html") {
                pages.push(Arc::new(fs::read(file.path()).unwrap()));
            }
        }
    }
    assert!(!pages.is_empty(), "no sample pages");
    pages
}

fn hosts() -> Vec<String> {
    (1..=HOSTS).map(|i| format!("127.0.0.{i}")).collect()
}

/// Fetches `count` sample pages spread over the hosts.
fn pages(count: usize) {
    let pages = samples();
    let ips = hosts();
    let ip_refs: Vec<&str> = ips.iter().map(String::as_str).collect();
    let server = Server::start_hosts(&ip_refs, SERVER_THREADS, move |req: &Request| {
        if req.path == "/robots.txt" {
            return Reply::status(404);
        }
        let i: usize = req.path.trim_start_matches("/p/").parse().unwrap_or(0);
        let body = pages[i % pages.len()].as_ref().clone();
        Reply::new(200, body).header("Content-Type", "text/html")
    });
    let tmp = scratch();
    let list = write_list(tmp.path(), count, |i| server.url_on(i, &format!("/p/{i}")));
    let (secs, rss) = run(&list, &tmp.path().join("out"), &[]);
    let written = fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "txt"))
        })
        .count();
    assert_eq!(written, count, "not every page was written");
    report("pages: fetch, extract, write", count, secs, rss);
}

/// The host of the `i`-th of `count` URLs: round robin, or in blocks (sorted by host).
fn host_of(i: usize, count: usize, grouped: bool) -> usize {
    if grouped {
        i * HOSTS / count.max(1)
    } else {
        i % HOSTS
    }
}

/// The label of a run, marked when its list is sorted by host.
fn label(what: &str, grouped: bool) -> String {
    if grouped {
        format!("{what}, sorted by host")
    } else {
        what.to_string()
    }
}

/// Streams `count` lines through the pipeline, robots.txt disallowing every page.
fn lines(count: usize, grouped: bool) {
    let ips = hosts();
    let ip_refs: Vec<&str> = ips.iter().map(String::as_str).collect();
    let server = Server::start_hosts(&ip_refs, SERVER_THREADS, |req: &Request| {
        if req.path == "/robots.txt" {
            Reply::new(200, "User-agent: *\nDisallow: /\n").header("Content-Type", "text/plain")
        } else {
            Reply::status(500)
        }
    });
    let tmp = scratch();
    let list = write_list(tmp.path(), count, |i| {
        server.url_on(
            host_of(i, count, grouped),
            &format!("/article/{i}?ref=list"),
        )
    });
    let out = tmp.path().join("out");
    let (secs, rss) = run(&list, &out, &[]);
    assert_eq!(
        server.total_hits(),
        HOSTS,
        "only robots.txt was to be requested"
    );
    report(
        &label("list: every line disallowed by robots.txt", grouped),
        count,
        secs,
        rss,
    );
    let (secs, rss) = run(&list, &out, &[]);
    report(
        "rerun of that list: every line done before",
        count,
        secs,
        rss,
    );
}

/// Extra flags for dehusk from `$DEHUSK_BENCH_ARGS` (split on spaces), for experiments.
fn extra_args() -> Vec<String> {
    std::env::var("DEHUSK_BENCH_ARGS")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// A scratch directory in `$DEHUSK_BENCH_DIR` (default: the system temp directory).
fn scratch() -> tempfile::TempDir {
    match std::env::var_os("DEHUSK_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir).unwrap(),
        None => tempfile::tempdir().unwrap(),
    }
}

/// Requests `count` URLs that all answer 404 at once: every line a real request and a
/// failed manifest record, no page to extract.
fn errors(count: usize, grouped: bool) {
    let ips = hosts();
    let ip_refs: Vec<&str> = ips.iter().map(String::as_str).collect();
    let server = Server::start_hosts(&ip_refs, SERVER_THREADS, |_: &Request| Reply::status(404));
    let tmp = scratch();
    let list = write_list(tmp.path(), count, |i| {
        server.url_on(host_of(i, count, grouped), &format!("/missing/{i}"))
    });
    let (secs, rss) = run(&list, &tmp.path().join("out"), &[]);
    assert_eq!(
        server.total_hits(),
        count + HOSTS,
        "one request per line plus robots.txt"
    );
    report(
        &label("list: every page 404 (one request each)", grouped),
        count,
        secs,
        rss,
    );
}

fn write_list(dir: &Path, count: usize, url: impl Fn(usize) -> String) -> PathBuf {
    let path = dir.join("urls.txt");
    let mut w = BufWriter::new(fs::File::create(&path).unwrap());
    for i in 0..count {
        writeln!(w, "{}", url(i)).unwrap();
    }
    w.flush().unwrap();
    path
}

/// Runs the binary; returns wall seconds and peak RSS in kB.
fn run(list: &Path, out: &Path, extra: &[&str]) -> (f64, u64) {
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .arg("fetch")
        .arg(list)
        .arg("--out")
        .arg(out)
        .args(["--quiet"])
        .args(extra)
        .args(extra_args())
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let stat_file = format!("/proc/{}/stat", child.id());
    let mut peak = 0;
    let mut cpu_ticks = 0;
    let status = loop {
        if let Some(ticks) = fs::read_to_string(&stat_file).ok().and_then(|t| cpu_of(&t)) {
            cpu_ticks = ticks;
        }
        if let Ok(text) = fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let secs = started.elapsed().as_secs_f64();
    assert!(status.code().is_some(), "dehusk was killed: {status}");
    // Clock ticks are 1/100 s on Linux.
    eprintln!(
        "dehusk used {:.1} s of CPU in {secs:.1} s",
        cpu_ticks as f64 / 100.0
    );
    (secs, peak)
}

/// utime + stime from /proc/PID/stat (fields 14 and 15, after the command in parentheses).
fn cpu_of(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

fn report(what: &str, count: usize, secs: f64, rss_kb: u64) {
    println!(
        "| {what} | {count} | {secs:.1} | {:.0} | {:.0} MB |",
        count as f64 / secs,
        rss_kb as f64 / 1024.0
    );
}

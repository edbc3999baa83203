//! Reads WARC archives with dehusk's reader and with fastwarc and prints, per reader, the
//! records and bytes per second and what it reported at the end (clean, or the error), so
//! the two can be compared on speed and on damaged archives (issue 11).
//!
//! `cargo run --release -- FILE.warc.gz...` (from benches/warc-readers); each file is read
//! `RUNS` times by each reader, best run kept.

use std::io::Read;
use std::path::Path;
use std::time::Instant;

use fastwarc::warc::iter::ArchiveIterator;

// dehusk's reader, compiled from the source tree so this crate need not build all of dehusk.
#[path = "../../../src"]
#[allow(dead_code, unused_imports)]
mod dehusk_src {
    pub mod warc;
}
use dehusk_src::warc::WarcReader;

/// Reads of each file per reader; the best is reported (the first warms the page cache).
const RUNS: usize = 3;
/// Blocks larger than this are skipped by dehusk's reader (its default extract.max_bytes).
const MAX_BLOCK: u64 = 64 * 1024 * 1024;

/// What one pass over an archive saw.
struct Pass {
    records: u64,
    payload_bytes: u64,
    seconds: f64,
    end: String,
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: warc-readers FILE.warc[.gz]...");
        std::process::exit(2);
    }
    println!("| archive | reader | records | records/s | payload MB/s | end of archive |");
    println!("|---|---|---:|---:|---:|---|");
    for path in &paths {
        let path = Path::new(path);
        for (name, read) in [
            ("dehusk", dehusk_pass as fn(&Path) -> Pass),
            ("fastwarc", fastwarc_pass),
        ] {
            let best = (0..RUNS)
                .map(|_| read(path))
                .min_by(|a, b| a.seconds.total_cmp(&b.seconds));
            let Some(p) = best else { continue };
            println!(
                "| {} | {name} | {} | {:.0} | {:.1} | {} |",
                path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                ),
                p.records,
                p.records as f64 / p.seconds,
                p.payload_bytes as f64 / 1e6 / p.seconds,
                p.end
            );
        }
    }
}

/// dehusk: every record's block read, HTTP responses split into status, headers and body.
fn dehusk_pass(path: &Path) -> Pass {
    let started = Instant::now();
    let (mut records, mut bytes) = (0u64, 0u64);
    let end = match std::fs::File::open(path).and_then(|f| WarcReader::new(f, MAX_BLOCK)) {
        Err(e) => format!("cannot open: {e}"),
        Ok(reader) => {
            let mut end = "clean".to_string();
            for item in reader {
                match item {
                    Ok(record) => {
                        records += 1;
                        if record.is_http_response() {
                            match record.http_response() {
                                Ok(r) => bytes += r.body.len() as u64,
                                Err(_) => bytes += record.length,
                            }
                        } else {
                            bytes += record.length;
                        }
                    }
                    Err(e) => {
                        end = format!("error: {e}");
                        break;
                    }
                }
            }
            end
        }
    };
    Pass {
        records,
        payload_bytes: bytes,
        seconds: started.elapsed().as_secs_f64(),
        end,
    }
}

/// fastwarc: every record's payload read to the end (HTTP headers parsed, as dehusk does).
fn fastwarc_pass(path: &Path) -> Pass {
    let started = Instant::now();
    let (mut records, mut bytes) = (0u64, 0u64);
    let mut buf = Vec::new();
    let end = match ArchiveIterator::from_path(path) {
        Err(e) => format!("cannot open: {e}"),
        Ok(iter) => {
            let mut end = "clean".to_string();
            for item in iter {
                match item {
                    Ok(record) => {
                        let mut record = record.borrow_mut();
                        buf.clear();
                        let read = match record.reader_mut() {
                            Some(r) => r.read_to_end(&mut buf),
                            None => Ok(0),
                        };
                        if let Err(e) = read {
                            end = format!("error reading a payload: {e}");
                            break;
                        }
                        records += 1;
                        bytes += buf.len() as u64;
                    }
                    Err(e) => {
                        end = format!("error: {e}");
                        break;
                    }
                }
            }
            end
        }
    };
    Pass {
        records,
        payload_bytes: bytes,
        seconds: started.elapsed().as_secs_f64(),
        end,
    }
}

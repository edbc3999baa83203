//! Runs the full extract over a directory of pages held in memory, `ROUNDS` times, for a
//! profiler to watch (`perf record`, `valgrind --tool=callgrind`).
//! `cargo run --release --example profile -- ../shared/bench/scrapinghub/html 5`
use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "../shared/bench/scrapinghub/html".into());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("cannot read {dir}");
        std::process::exit(1);
    };
    let mut pages = Vec::new();
    for e in entries.flatten() {
        let Ok(bytes) = std::fs::read(e.path()) else {
            continue;
        };
        let mut html = String::new();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let _ = flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_string(&mut html);
        } else {
            html = String::from_utf8_lossy(&bytes).into_owned();
        }
        pages.push(html);
    }
    let options = dehusk::Options::default();
    for _ in 0..rounds {
        for p in &pages {
            let _ = std::hint::black_box(dehusk::extract(p, &options));
        }
    }
}

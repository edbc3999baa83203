//! Single-thread speed on a directory of pages held in memory: parse only vs full extract.
//! `cargo run --release --example speed -- ../shared/bench/scrapinghub/html`
//!
//! With `full N` after the directory it only runs the full extract N times over the pages,
//! printing nothing: the run for a profiler (`perf record`, `valgrind --tool=callgrind`).
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "../shared/bench/scrapinghub/html".into());
    let profile_rounds = match (args.next().as_deref(), args.next()) {
        (Some("full"), rounds) => Some(rounds.and_then(|r| r.parse().ok()).unwrap_or(1)),
        _ => None,
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("cannot read {dir}");
        std::process::exit(1);
    };
    // Read, gunzipped and decoded as `dehusk clean` reads them, before any timing.
    let mut pages = Vec::new();
    for e in entries.flatten() {
        match dehusk::source::read_page(&e.path(), dehusk::DEFAULT_MAX_BYTES) {
            Ok(page) => pages.push(page.html),
            Err(err) => eprintln!("skipped: {err}"),
        }
    }
    if let Some(rounds) = profile_rounds {
        let options = dehusk::Options::default();
        for _ in 0..rounds {
            for p in &pages {
                let _ = std::hint::black_box(dehusk::extract(p, &options));
            }
        }
        return;
    }
    let mb: f64 = pages.iter().map(|p| p.len() as f64).sum::<f64>() / 1e6;
    let rounds = 3;
    let t = Instant::now();
    for _ in 0..rounds {
        for p in &pages {
            std::hint::black_box(scraper::Html::parse_document(p));
        }
    }
    let parse = t.elapsed().as_secs_f64() / rounds as f64;
    let t = Instant::now();
    for _ in 0..rounds {
        for p in &pages {
            let _ = std::hint::black_box(dehusk::extract(p, &dehusk::Options::default()));
        }
    }
    let full = t.elapsed().as_secs_f64() / rounds as f64;
    let n = pages.len() as f64;
    println!("| stage | pages/s | MB/s |");
    println!("|---|---|---|");
    println!(
        "| parse only (scraper) | {:.0} | {:.0} |",
        n / parse,
        mb / parse
    );
    println!("| full extract | {:.0} | {:.0} |", n / full, mb / full);
    println!("full/parse = {:.2}", full / parse);
}

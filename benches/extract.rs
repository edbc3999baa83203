//! Extraction speed, single thread, pages held in memory: the html5ever parse alone (the
//! floor: scraper's `Html::parse_document`, which builds the DOM dehusk starts from) and the
//! full `dehusk::extract`. One iteration processes every page once, so criterion's time per
//! iteration is the time for the whole set.
//!
//! ```sh
//! cargo bench --bench extract                    # both, over ../shared/bench/scrapinghub/html
//! cargo bench --bench extract -- full            # only the full extract
//! DEHUSK_BENCH_PAGES=DIR cargo bench --bench extract
//! scripts/bench-extract.sh                       # the README table (best of 3 runs)
//! ```
//!
//! Pages are read and gunzipped before timing starts, and decoded to UTF-8 the way the
//! command line does it (`dehusk::source::read_page`), so neither disk nor gzip is timed.
//! Without `../shared` (or `DEHUSK_BENCH_PAGES`) the benchmark falls back to the sample
//! pages in `samples/*/*.html` and says so.

// A benchmark that cannot set itself up should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

/// The benchmark set, relative to the repository.
const SHARED_PAGES: &str = "../shared/bench/scrapinghub/html";

/// Every page of the set, decoded to UTF-8, in file-name order.
fn load_pages() -> (Vec<String>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("DEHUSK_BENCH_PAGES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(SHARED_PAGES));
    let files = if dir.is_dir() {
        page_files(&dir)
    } else {
        eprintln!(
            "note: {} is absent; benchmarking the sample pages in samples/*/*.html instead",
            dir.display()
        );
        let mut files = Vec::new();
        for case in page_dirs(&root.join("samples")) {
            files.extend(page_files(&case));
        }
        files
    };
    assert!(!files.is_empty(), "no pages to benchmark");
    let pages = files.iter().map(|f| read_page(f)).collect();
    (pages, dir.display().to_string())
}

fn page_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn page_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            name.ends_with(".html") || name.ends_with(".html.gz")
        })
        .collect();
    files.sort();
    files
}

fn read_page(path: &Path) -> String {
    dehusk::source::read_page(path, dehusk::DEFAULT_MAX_BYTES)
        .unwrap()
        .html
}

fn extract(c: &mut Criterion) {
    let (pages, from) = load_pages();
    let bytes: usize = pages.iter().map(String::len).sum();
    // scripts/bench-extract.sh reads this line.
    eprintln!("pages: {} bytes: {bytes} from: {from}", pages.len());
    let options = dehusk::Options::default();
    let mut group = c.benchmark_group("extract");
    // One iteration is the whole set (a third of a second or so): few, flat samples.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            for page in &pages {
                black_box(scraper::Html::parse_document(black_box(page)));
            }
        })
    });
    group.bench_function("full", |b| {
        b.iter(|| {
            for page in &pages {
                let doc = dehusk::extract(black_box(page), &options).unwrap();
                black_box(doc);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let src = "<div>".repeat(n) + "x";
    let t = std::time::Instant::now();
    let html = scraper::Html::parse_document(&src);
    eprintln!(
        "parse {n}: {:?} nodes {}",
        t.elapsed(),
        html.tree.nodes().count()
    );
    let t = std::time::Instant::now();
    let d = dehusk::extract(&src, &dehusk::Options::default());
    eprintln!("extract: {:?} {:?}", t.elapsed(), d.map(|d| d.blocks.len()));
}

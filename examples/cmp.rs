fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut d = flate2::read::GzDecoder::new(&bytes[..]);
    let mut s = String::new();
    std::io::Read::read_to_string(&mut d, &mut s).unwrap();
    let a = scraper::Html::parse_document(&s);
    println!("scraper nodes {}", a.tree.nodes().count());
    let doc = dehusk::extract(&s, &dehusk::Options::default()).unwrap();
    println!("{:?} blocks {}", doc.title, doc.blocks.len());
}

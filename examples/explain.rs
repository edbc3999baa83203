//! Prints how dehusk scores a saved page: `cargo run --release --example explain -- PAGE [PHRASE]`.
use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: explain PAGE[.gz] [PHRASE]");
        std::process::exit(2);
    };
    let needle = args.next();
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("cannot read {path}");
        std::process::exit(1);
    };
    let mut html = String::new();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let _ = flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_string(&mut html);
    } else {
        html = String::from_utf8_lossy(&bytes).into_owned();
    }
    print!(
        "{}",
        dehusk::explain(&html, needle.as_deref(), &dehusk::Options::default())
    );
}

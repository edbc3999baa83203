//! The extraction core: one HTML page in, its article out. Synchronous and pure; the DOM
//! lives and dies inside one call.
//!
//! Stages: parse → prune → score → select → render → clean, each in its own module.

mod clean;
mod date;
mod dom;
mod explain;
mod fallback;
mod inline;
mod jsonld;
mod lang;
mod measure;
mod metadata;
mod options;
mod parse;
mod prune;
mod render;
mod score;
mod script;
mod select;
mod signals;
mod tag;
mod tree;

pub use options::{DEFAULT_MAX_BYTES, Focus, Options};

#[doc(hidden)]
pub use explain::explain;

use crate::document::{Block, Document, Metadata};
use crate::error::Error;

/// When extraction of one page must stop, if ever.
struct Deadline(Option<std::time::Instant>);

impl Deadline {
    fn new(budget_ms: Option<u64>) -> Deadline {
        Deadline(
            budget_ms.map(|ms| std::time::Instant::now() + std::time::Duration::from_millis(ms)),
        )
    }

    fn expired(&self) -> bool {
        self.0.is_some_and(|d| std::time::Instant::now() >= d)
    }
}

/// Bytes of article text read to detect its language when the page does not declare it:
/// plenty for a reliable guess, and detection (counting and sorting trigrams) costs as much
/// as the rest of the extraction on a short page when fed the whole text.
const LANG_SAMPLE_BYTES: usize = 1024;

/// Extracts the article from an HTML page.
///
/// Never fails on malformed markup; the only errors are a page over
/// [`Options::max_bytes`] and, when [`Options::time_budget_ms`] is set, a page that takes
/// longer. A page with no article text gives an empty [`Document`].
///
/// ```
/// let html = "<html><body><nav>Home</nav><article><h1>Title</h1>\
///             <p>The kernel of the page, in a sentence that is long enough.</p></article></body></html>";
/// let doc = dehusk::extract(html, &dehusk::Options::default()).unwrap();
/// assert_eq!(doc.title.as_deref(), Some("Title"));
/// assert_eq!(doc.to_text(false), "The kernel of the page, in a sentence that is long enough.\n");
/// ```
pub fn extract(html: &str, options: &Options) -> Result<Document, Error> {
    extract_with_url(html, None, options)
}

/// Extracts the article from page bytes in any charset: the `Content-Type` header's
/// charset, a BOM, `<meta charset>` or detection decide how they are read. Bytes that are
/// clearly not a page (an image, a PDF, binary data) give [`Error::NotHtml`].
///
/// ```
/// let bytes = b"<meta charset=windows-1252><title>Caf\xe9</title>\
///               <p>Le caf\xe9 du coin, ouvert depuis quarante ans, ferme ses portes.</p>";
/// let doc = dehusk::extract_bytes(bytes, None, &dehusk::Options::default())?;
/// assert_eq!(doc.title.as_deref(), Some("Café"));
/// assert!(doc.to_text(false).starts_with("Le café du coin"));
/// assert!(dehusk::extract_bytes(b"\x89PNG\r\n\x1a\n", None, &Default::default()).is_err());
/// # Ok::<(), dehusk::Error>(())
/// ```
pub fn extract_bytes(
    bytes: &[u8],
    content_type: Option<&str>,
    options: &Options,
) -> Result<Document, Error> {
    crate::raw::RawPage::new(bytes, "<page>")
        .content_type(content_type)
        .read(options)
}

/// Like [`extract`], recording the page's URL when the caller knows it (else the page's
/// canonical link or `og:url` is used).
pub fn extract_with_url(
    html: &str,
    url: Option<&str>,
    options: &Options,
) -> Result<Document, Error> {
    extract_page(html, url.unwrap_or("<page>"), url, None, options)
}

/// The extraction of decoded HTML, every error naming the page as `source`;
/// `content_language` is the transport's Content-Language header. Reached through
/// [`RawPage::read`](crate::raw::RawPage::read) and the functions above.
pub(crate) fn extract_page(
    html: &str,
    source: &str,
    url: Option<&str>,
    content_language: Option<&str>,
    options: &Options,
) -> Result<Document, Error> {
    if html.len() > options.max_bytes {
        return Err(Error::TooLarge {
            input: source.to_string(),
            size: html.len(),
            limit: options.max_bytes,
        });
    }
    let deadline = Deadline::new(options.time_budget_ms);
    let timed_out = || Error::TimedOut {
        input: source.to_string(),
        limit_ms: options.time_budget_ms.unwrap_or(0),
    };
    let parsed = parse::parse_until(html, &mut || deadline.expired()).map_err(|_| timed_out())?;
    // Each stage after the parse is linear in the page's nodes; checking the budget between
    // them keeps a page of millions of nodes from overrunning it by a whole stage.
    let dom = dom::Dom::build(&parsed);
    if deadline.expired() {
        return Err(timed_out());
    }
    let pruned = prune::prune(&dom, options);
    if deadline.expired() {
        return Err(timed_out());
    }
    let meta = metadata::read(&dom, &pruned.removed, url, content_language);
    let scores = score::score(&dom, &pruned);
    if deadline.expired() {
        return Err(timed_out());
    }
    let headline = metadata::headline_node(&dom, &pruned.removed, meta.title.as_deref());
    let base = url
        .or(meta.url.as_deref())
        .and_then(|u| url::Url::parse(u).ok());
    let page = fallback::Page {
        dom: &dom,
        pruned: &pruned,
        scores: &scores,
        title: meta.title.as_deref(),
        headline,
        ld_body: meta.body.as_deref(),
        render: render::RenderOptions {
            tables: options.include_tables,
            links: options.links,
            images: options.images,
            base: base.as_ref(),
        },
        options,
        expired: &|| deadline.expired(),
    };
    let (lines, extraction) = fallback::article(&page);
    if deadline.expired() {
        return Err(timed_out());
    }
    let blocks: Vec<Block> = lines
        .into_iter()
        .map(|l| Block {
            kind: l.kind,
            text: l.text,
            markdown: l.markdown,
        })
        .collect();
    let mut blocks: Vec<Block> = blocks;
    let lang = meta.lang.or_else(|| {
        let mut sample = String::with_capacity(LANG_SAMPLE_BYTES + 64);
        for block in &blocks {
            if sample.len() >= LANG_SAMPLE_BYTES {
                break;
            }
            let room = LANG_SAMPLE_BYTES - sample.len();
            let mut cut = block.text.len().min(room);
            while !block.text.is_char_boundary(cut) {
                cut -= 1;
            }
            sample.push_str(&block.text[..cut]);
            sample.push(' ');
        }
        lang::detect(&sample)
    });
    let chars: usize = blocks.iter().map(|b| b.text.chars().count()).sum();
    let wrong_lang = options
        .lang
        .as_deref()
        .is_some_and(|want| lang.as_deref() != Some(want.trim()));
    if chars < options.min_chars || wrong_lang {
        blocks.clear();
    }
    Ok(Document {
        title: meta.title,
        url: url.map(str::to_string).or_else(|| meta.url.clone()),
        metadata: Metadata {
            author: meta.author,
            date: meta.date,
            site_name: meta.site_name,
            lang,
            description: meta.description,
            canonical_url: meta.url,
        },
        blocks,
        extraction,
    })
}

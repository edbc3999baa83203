//! The extraction core: one HTML page in, its article out. Synchronous and pure; the DOM
//! lives and dies inside one call.
//!
//! Stages: parse → prune → score → select → render → clean, each in its own module.

mod clean;
mod date;
mod dom;
mod explain;
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
mod select;
mod signals;
mod tag;

pub use options::{DEFAULT_MAX_BYTES, Focus, Options};

#[doc(hidden)]
pub use explain::explain;

use crate::document::{Block, Document, Metadata};
use crate::error::Error;

/// Blocks of article text read to detect its language when the page does not declare it.
const LANG_SAMPLE_BLOCKS: usize = 20;

/// Extracts the article from an HTML page.
///
/// Never fails on malformed markup; the only error is a page over
/// [`Options::max_bytes`]. A page with no article text gives an empty [`Document`].
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

/// Like [`extract`], recording the page's URL when the caller knows it (else the page's
/// canonical link or `og:url` is used).
pub fn extract_with_url(
    html: &str,
    url: Option<&str>,
    options: &Options,
) -> Result<Document, Error> {
    if html.len() > options.max_bytes {
        return Err(Error::TooLarge {
            input: url.unwrap_or("<page>").to_string(),
            size: html.len(),
            limit: options.max_bytes,
        });
    }
    let parsed = parse::parse(html);
    let dom = dom::Dom::build(&parsed);
    let pruned = prune::prune(&dom, options);
    let meta = metadata::read(&dom, &pruned.removed, url, None);
    let scores = score::score(&dom, &pruned);
    let blocks = match select::select(&dom, &pruned, &scores, options.focus) {
        Some(selection) => {
            let base = url
                .or(meta.url.as_deref())
                .and_then(|u| url::Url::parse(u).ok());
            let render_options = render::RenderOptions {
                tables: options.include_tables,
                links: options.links,
                images: options.images,
                base: base.as_ref(),
            };
            let lines = render::render(&dom, &pruned.removed, &selection.roots, render_options);
            clean::clean(lines, meta.title.as_deref(), options.focus, options.dedupe)
                .into_iter()
                .map(|l| Block {
                    kind: l.kind,
                    text: l.text,
                    markdown: l.markdown,
                })
                .collect()
        }
        None => Vec::new(),
    };
    let mut blocks: Vec<Block> = blocks;
    let lang = meta.lang.or_else(|| {
        let sample: String = blocks
            .iter()
            .take(LANG_SAMPLE_BLOCKS)
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
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
    })
}

//! HTML to a DOM with html5ever, through a token filter that caps element nesting.
//!
//! html5ever's tree builder scans the stack of open elements for many start tags, so a page
//! of 100 000 nested `<div>`s costs time quadratic in its depth. Tags opened beyond
//! [`MAX_DEPTH`] (and their end tags) are dropped before they reach the tree builder: the
//! text inside still arrives, flattened into the deepest kept element.

use std::cell::Cell;

use html5ever::interface::Tracer;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{LocalName, TokenizerResult, local_name};

use super::dom::Tree;
use super::tree::Sink;

/// Deepest element nesting passed to the tree builder (real pages stay far below 100).
pub const MAX_DEPTH: usize = 1024;
/// The token count of open elements drifts from the truth (elements closed implicitly,
/// stray end tags): every this many counted start tags, and whenever the count reaches
/// the cap, it is reset from the tree builder's own stack. Each reset costs one walk of a
/// stack no deeper than the cap, so the check stays linear overall.
const RESYNC_EVERY: usize = 256;

type Builder = TreeBuilder<u32, Sink>;

/// Input is fed to the tokenizer in slices of this many bytes, so a deadline can be
/// checked while a huge page is parsed.
const FEED_BYTES: usize = 256 * 1024;

/// Parses a whole document.
pub fn parse(html: &str) -> Tree {
    // Without a deadline the check never fails.
    parse_until(html, &mut || false).unwrap_or_else(|partial| partial)
}

/// Parses a document, asking `expired` between slices of input; when it says yes the
/// parse stops and what was built so far comes back as the error value.
pub fn parse_until(html: &str, expired: &mut dyn FnMut() -> bool) -> Result<Tree, Tree> {
    let builder = TreeBuilder::new(Sink::default(), TreeBuilderOpts::default());
    let filter = DepthLimit {
        inner: builder,
        depth: Cell::new(0),
        dropped: Cell::new(0),
        since_resync: Cell::new(0),
    };
    let tokenizer = Tokenizer::new(filter, TokenizerOpts::default());
    let input = BufferQueue::default();
    let mut rest = html;
    let mut stopped = false;
    while !rest.is_empty() {
        let mut cut = rest.len().min(FEED_BYTES);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (slice, tail) = rest.split_at(cut);
        rest = tail;
        input.push_back(StrTendril::from_slice(slice));
        // Scripts and encoding indicators pause the tokenizer; neither applies here (no
        // script runs, the text is already decoded), so feed on until the slice is used up.
        while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
        if !rest.is_empty() && expired() {
            stopped = true;
            break;
        }
    }
    tokenizer.end();
    let tree = tokenizer.sink.inner.sink.into_tree();
    if stopped { Err(tree) } else { Ok(tree) }
}

/// Forwards tokens to the tree builder, dropping start/end tag pairs nested too deep.
struct DepthLimit {
    inner: Builder,
    /// Open elements as counted from tokens (resynced from the tree builder).
    depth: Cell<usize>,
    /// Start tags dropped whose end tags are still to come.
    dropped: Cell<usize>,
    since_resync: Cell<usize>,
}

/// Counts the handles the tree builder reports: its open elements plus a few others
/// (document, head, form, active formatting entries), an upper bound of the real depth.
struct HandleCount(Cell<usize>);

impl Tracer for HandleCount {
    type Handle = u32;
    fn trace_handle(&self, _node: &u32) {
        self.0.set(self.0.get() + 1);
    }
}

impl DepthLimit {
    fn real_depth(&self) -> usize {
        let count = HandleCount(Cell::new(0));
        self.inner.trace_handles(&count);
        count.0.get()
    }

    fn resync(&self) {
        self.depth.set(self.real_depth());
        self.since_resync.set(0);
    }
}

impl TokenSink for DepthLimit {
    type Handle = u32;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<u32> {
        // A self-closing tag (`<path/>` in SVG) opens nothing that a later end tag closes.
        if let Token::TagToken(tag) = &token
            && !tag.self_closing
            && counts_for_depth(&tag.name)
        {
            match tag.kind {
                TagKind::StartTag => {
                    self.since_resync.set(self.since_resync.get() + 1);
                    if self.dropped.get() == 0
                        && (self.depth.get() >= MAX_DEPTH
                            || self.since_resync.get() >= RESYNC_EVERY)
                    {
                        self.resync();
                    }
                    let depth = self.depth.get();
                    self.depth.set(depth + 1);
                    if depth >= MAX_DEPTH {
                        self.dropped.set(self.dropped.get() + 1);
                        return TokenSinkResult::Continue;
                    }
                }
                TagKind::EndTag => {
                    self.depth.set(self.depth.get().saturating_sub(1));
                    if self.dropped.get() > 0 {
                        self.dropped.set(self.dropped.get() - 1);
                        return TokenSinkResult::Continue;
                    }
                }
            }
        }
        self.inner.process_token(token, line_number)
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Elements that nest until explicitly closed. Void elements, elements whose end tag is
/// optional (`p`, `li`, `td`…), links (the parser closes an open `<a>` at the next one)
/// and raw-text elements (the tokenizer must see those to switch state) are not counted
/// and never dropped.
fn counts_for_depth(name: &LocalName) -> bool {
    !matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("param")
            | local_name!("keygen")
            | local_name!("p")
            | local_name!("li")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("tbody")
            | local_name!("thead")
            | local_name!("tfoot")
            | local_name!("colgroup")
            | local_name!("caption")
            | local_name!("option")
            | local_name!("optgroup")
            | local_name!("rp")
            | local_name!("rt")
            | local_name!("html")
            | local_name!("head")
            | local_name!("body")
            | local_name!("a")
            | local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
            | local_name!("template")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dom::{Dom, NodeKind};
    use scraper::Html;

    /// One line per node in pre-order: depth, then the element (attributes sorted, each
    /// with what a look-up by its local name finds), the text, or `#` for anything else.
    fn line(
        depth: usize,
        name: Option<&str>,
        attrs: Vec<(&str, &str, Option<&str>)>,
        text: Option<&str>,
    ) -> String {
        let mut attrs: Vec<String> = attrs.iter().map(|a| format!("{a:?}")).collect();
        attrs.sort();
        match (name, text) {
            (Some(n), _) => format!("{depth} <{n} {}>", attrs.join(" ")),
            (None, Some(t)) => format!("{depth} {t:?}"),
            (None, None) => format!("{depth} #"),
        }
    }

    /// How many ancestors node `i` has.
    fn depth_of(dom: &Dom<'_>, i: usize) -> usize {
        let mut depth = 0;
        let mut at = i;
        while let Some(p) = dom.parent(at) {
            depth += 1;
            at = p;
        }
        depth
    }

    fn describe_ours(src: &str) -> Vec<String> {
        let tree = parse(src);
        let dom = Dom::build(&tree);
        (0..dom.len())
            .map(|i| {
                let depth = depth_of(&dom, i);
                match dom.nodes[i].kind {
                    NodeKind::Element { el, .. } => {
                        let attrs = el.attrs().map(|(k, v)| (k, v, el.attr(k))).collect();
                        line(depth, Some(el.name()), attrs, None)
                    }
                    NodeKind::Text(t) => line(depth, None, Vec::new(), Some(t)),
                    NodeKind::Other => line(depth, None, Vec::new(), None),
                }
            })
            .collect()
    }

    fn describe_scraper(src: &str) -> Vec<String> {
        let html = Html::parse_document(src);
        html.tree
            .root()
            .descendants()
            .map(|n| {
                let depth = n.ancestors().count();
                match n.value() {
                    scraper::Node::Element(el) => {
                        let attrs = el.attrs().map(|(k, v)| (k, v, el.attr(k))).collect();
                        line(depth, Some(el.name()), attrs, None)
                    }
                    scraper::Node::Text(t) => line(depth, None, Vec::new(), Some(&t.text)),
                    _ => line(depth, None, Vec::new(), None),
                }
            })
            .collect()
    }

    #[test]
    fn builds_the_tree_scraper_builds() {
        let pages = [
            "<!DOCTYPE html><title>T</title><div><p>a<p>b</div><script>if (a<b) x()</script>",
            // Foster parenting: text and elements misplaced in a table move before it.
            "<table>x<tr>y<td>cell</td>z</tr><div>moved</div></table>after",
            // The adoption agency reparents children of misnested formatting elements.
            "<p><b>one<i>two</b>three</i>four</p><a href=1>x<div>y<a href=2>z</a></div></a>",
            // Attributes of repeated <html>/<body> tags merge into the first.
            "<html lang=en><body class=a><p>t</p><body class=b id=c><html lang=fr data-x=1>",
            // Foreign content: namespaced attributes are not found by their local name.
            r#"<svg><a xlink:href="h" href="g" xml:lang="x">s</a></svg><math><mi>x</mi></math>"#,
            "<template><p>inside</p></template><p>out</p><!-- c --><?pi x?>",
            "<select><option>a<option>b</select><frameset><frame></frameset>",
            "a<!--x-->b<br>c\0d",
        ];
        for src in pages {
            assert_eq!(describe_ours(src), describe_scraper(src), "{src}");
        }
    }

    /// Random tag soup (misnested formatting, tables, templates, foreign content, frames,
    /// repeated `<html>`/`<body>`) drives the tree builder through foster parenting, the
    /// adoption agency and reparenting; the tree must still match scraper's.
    #[test]
    fn builds_the_tree_scraper_builds_from_tag_soup() {
        const PIECES: &[&str] = &[
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<a href=x>",
            "</a>",
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<table>",
            "</table>",
            "<tr>",
            "<td>",
            "</td>",
            "<th>",
            "<tbody>",
            "<caption>",
            "<template>",
            "</template>",
            "<svg>",
            "</svg>",
            "<math>",
            "<mi>",
            "<foreignObject>",
            "<select>",
            "<option>",
            "</select>",
            "<frameset>",
            "<frame>",
            "<html lang=x>",
            "<body class=y>",
            "<head>",
            "<title>",
            "</title>",
            "<li>",
            "<ul>",
            "<nobr>",
            "<font>",
            "<form>",
            "</form>",
            "<br>",
            "<!-- c -->",
            "text",
            " ",
            "\n",
            "a&amp;b",
            "\0",
            "<script>",
            "</script>",
            "<textarea>",
            "</textarea>",
            "<h1>",
            "<xlink:href=1>",
            "<svg xlink:href=2 xml:lang=3>",
            "</p></p>",
            "<plaintext>",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..400 {
            let n = rng.usize(1..80);
            let src: String = (0..n).map(|_| PIECES[rng.usize(..PIECES.len())]).collect();
            assert_eq!(describe_ours(&src), describe_scraper(&src), "{src:?}");
        }
    }

    /// Node for node against scraper on every page of the benchmark set (when it is there:
    /// `cargo test -- --ignored benchmark_pages`); the pages nest far below the depth cap.
    #[test]
    #[ignore]
    fn builds_the_tree_scraper_builds_on_benchmark_pages() {
        use std::io::Read;
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/bench/scrapinghub/html"
        );
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let mut html = String::new();
            if bytes.starts_with(&[0x1f, 0x8b]) {
                let _ = flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_string(&mut html);
            } else {
                html = String::from_utf8_lossy(&bytes).into_owned();
            }
            let (ours, theirs) = (describe_ours(&html), describe_scraper(&html));
            assert_eq!(ours.len(), theirs.len(), "{:?}", entry.path());
            for (a, b) in ours.iter().zip(&theirs) {
                assert_eq!(a, b, "{:?}", entry.path());
            }
        }
    }

    #[test]
    fn slices_parse_like_one_piece() {
        let src = "<p>caf\u{e9} ".repeat(100_000) + "<div class=x>end</div>";
        assert_eq!(describe_ours(&src), describe_scraper(&src));
    }

    #[test]
    fn an_expired_deadline_stops_the_parse() {
        let src = "<p>word</p>".repeat(200_000);
        let mut calls = 0;
        let result = parse_until(&src, &mut || {
            calls += 1;
            true
        });
        assert!(result.is_err());
        assert_eq!(calls, 1);
    }

    fn text_of(src: &str) -> String {
        let tree = parse(src);
        let dom = Dom::build(&tree);
        dom.nodes
            .iter()
            .filter_map(|n| match n.kind {
                NodeKind::Text(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn regression_meta_charset_does_not_stop_parsing() {
        // The tokenizer pauses at an encoding indicator; parsing must go on after it.
        assert_eq!(
            text_of("<html><head><meta charset=utf-8></head><body><p>after meta</p>"),
            "after meta"
        );
    }

    #[test]
    fn nesting_is_capped_and_text_kept() {
        let src = "<div>".repeat(5000) + "deep text" + &"</div>".repeat(5000) + "<p>after</p>";
        let text = text_of(&src);
        assert!(text.contains("deep text"));
        assert!(text.contains("after"));
        let tree = parse(&src);
        let dom = Dom::build(&tree);
        let max_depth = (0..dom.len()).map(|i| depth_of(&dom, i)).max().unwrap_or(0);
        assert!(max_depth <= MAX_DEPTH + 8, "depth {max_depth}");
    }
}

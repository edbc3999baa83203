//! Turns the selected subtrees into lines of text: one line per block element, inline
//! text joined with collapsed whitespace, links measured so the clean-up stage can judge.

use std::borrow::Cow;

use icu_normalizer::ComposingNormalizerBorrowed;
use url::Url;

use super::dom::{Dom, Element, NodeKind};
use super::inline::InlineMarkdown;
use super::measure::measure_text;
use super::tag::Tag;
use crate::document::BlockKind;

/// Separator between table cells on one row line.
const CELL_SEPARATOR: &str = " | ";

/// One rendered block with the measures the clean-up stage needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The block's role.
    pub kind: BlockKind,
    /// Its text.
    pub text: String,
    /// The same line as Markdown, block prefix (`## `, `- `, `> `, `| `) included.
    pub markdown: String,
    /// Length of the text, in [`script::width`](super::script::width) units.
    pub width: u32,
    /// Of that, the length inside links.
    pub link_width: u32,
    /// Of that, the length in scripts written without sentence punctuation.
    pub stopless: u32,
    /// Of the link length, the part inside links to the same site (relative targets, or
    /// the host of the page's URL): teasers link inward, sources and credits outward.
    pub internal_link_width: u32,
    /// The list (`ul`/`ol`) the line sits in, if any.
    pub list: Option<usize>,
    /// The block the line was broken out of: its innermost list or table, else the block
    /// element around it (the `<p>` whose `<br>`s split it into lines). Lines of one group
    /// are judged together (a data table, a run of `Key: value` lines).
    pub group: Option<usize>,
}

impl Line {
    /// Share of the line's text inside links.
    pub fn link_density(&self) -> f32 {
        if self.width == 0 {
            0.0
        } else {
            self.link_width as f32 / self.width as f32
        }
    }

    /// Mostly in a script written without sentence punctuation (Thai, Lao, Khmer, Myanmar).
    pub fn is_stopless(&self) -> bool {
        self.stopless * 2 > self.width
    }
}

/// What the renderer should produce beside plain text.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions<'u> {
    /// Render tables (else they are skipped).
    pub tables: bool,
    /// Keep links in the Markdown.
    pub links: bool,
    /// Keep images in the Markdown.
    pub images: bool,
    /// Base for resolving relative links and image sources.
    pub base: Option<&'u Url>,
}

/// An element the walk has entered and must leave at `end`.
#[derive(Debug, Clone, Copy)]
struct Open {
    tag: Tag,
    node: usize,
    end: usize,
    /// It opened an inline Markdown marker that its end must close.
    marker: bool,
    /// Its end ends the line: a block element not styled inline, outside inline boxes.
    breaks: bool,
    /// It is styled inline: the blocks inside it break no line of the text around it.
    inline_box: bool,
}

/// A list being rendered: its node, whether numbered, and the items seen so far.
#[derive(Debug, Clone, Copy)]
struct ListContext {
    node: usize,
    ordered: bool,
    items: u32,
}

/// Renders the subtrees rooted at `roots` (document order), skipping removed nodes.
pub fn render(
    dom: &Dom<'_>,
    removed: &[bool],
    roots: &[usize],
    options: RenderOptions<'_>,
) -> Vec<Line> {
    let mut r = Renderer {
        options,
        ..Renderer::default()
    };
    for &root in roots {
        r.walk(dom, removed, root);
    }
    r.flush();
    r.lines
}

#[derive(Default)]
struct Renderer<'u> {
    options: RenderOptions<'u>,
    lines: Vec<Line>,
    buf: String,
    md: InlineMarkdown,
    pending_space: bool,
    width: u32,
    link_width: u32,
    internal_link_width: u32,
    stopless: u32,
    open: Vec<Open>,
    // Whether each open link points into the site (innermost last).
    link_internal: Vec<bool>,
    // Open lists and tables, innermost last: the group of the lines inside them.
    groups: Vec<usize>,
    // Open elements styled inline (`display: inline-block`): blocks inside them do not
    // break the line.
    inline_boxes: u32,
    // The block being left while its last line is flushed (already off `open`).
    closing: Option<usize>,
    cells_in_row: u32,
    // Context counters, so deep pages cost O(1) per text node instead of a stack scan.
    links: u32,
    pre: u32,
    items: u32,
    quotes: u32,
    rows: u32,
    headings: Vec<u8>,
    lists: Vec<ListContext>,
}

impl Renderer<'_> {
    fn walk(&mut self, dom: &Dom<'_>, removed: &[bool], root: usize) {
        let end = dom.end(root);
        let mut i = root;
        while i < end {
            self.close_until(i);
            if removed[i] {
                i = dom.end(i);
                continue;
            }
            match dom.nodes[i].kind {
                NodeKind::Text(t) => self.text(t),
                NodeKind::Element { tag, el } => {
                    if !self.options.tables && tag == Tag::Table {
                        i = dom.end(i);
                        continue;
                    }
                    self.enter(tag, el, i, dom.end(i));
                }
                NodeKind::Other => {}
            }
            i += 1;
        }
        self.close_until(usize::MAX);
        self.flush();
    }

    fn enter(&mut self, tag: Tag, el: &Element, node: usize, end: usize) {
        match tag {
            Tag::Br | Tag::Hr => self.flush(),
            Tag::Td => {
                if self.cells_in_row > 0 && !self.buf.is_empty() {
                    self.buf.push_str(CELL_SEPARATOR);
                    self.md.cell_separator();
                    self.pending_space = false;
                }
                self.cells_in_row += 1;
            }
            Tag::Tr => {
                self.flush();
                self.cells_in_row = 0;
            }
            Tag::Img if self.options.images => self.image(el),
            // Each symbol of a formula is read apart ("a x 2 + b"), so it is never glued to
            // its neighbours or to the words around the formula.
            Tag::MathToken | Tag::Math => self.pending_space = true,
            t if t.is_block() && self.inline_boxes == 0 && !styled_inline(el) => self.flush(),
            _ => {}
        }
        if end > node + 1 {
            let marker = self.open_marker(tag, el);
            let inline_box = styled_inline(el);
            self.open.push(Open {
                tag,
                node,
                end,
                marker,
                breaks: tag.is_block() && self.inline_boxes == 0 && !inline_box,
                inline_box,
            });
            self.inline_boxes += u32::from(inline_box);
            self.count(tag, node, true);
            if tag == Tag::A {
                self.link_internal.push(self.is_internal(el.attr("href")));
            }
            if matches!(tag, Tag::Ul | Tag::Ol | Tag::Dl | Tag::Menu | Tag::Table) {
                self.groups.push(node);
            }
            if tag == Tag::Ol || tag == Tag::Ul || tag == Tag::Dl || tag == Tag::Menu {
                if let Some(top) = self.lists.last_mut() {
                    top.ordered = tag == Tag::Ol;
                }
            } else if tag == Tag::Li
                && let Some(top) = self.lists.last_mut()
            {
                top.items += 1;
            }
        }
    }

    /// Opens the inline Markdown marker of an element, if it has one.
    fn open_marker(&mut self, tag: Tag, el: &Element) -> bool {
        if self.in_pre() {
            return false;
        }
        match tag {
            Tag::Strong => self.md.open("**", "**".into()),
            Tag::Em => self.md.open("*", "*".into()),
            Tag::Code => self.md.open("`", "`".into()),
            Tag::A if self.options.links => match el.attr("href").and_then(|h| self.resolve(h)) {
                Some(href) => self.md.open("[", format!("]({href})")),
                None => return false,
            },
            _ => return false,
        }
        true
    }

    fn image(&mut self, el: &Element) {
        let Some(src) = el.attr("src").and_then(|s| self.resolve(s)) else {
            return;
        };
        let alt: String = el
            .attr("alt")
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(['[', ']'], "");
        let space = self.pending_space || !self.buf.is_empty();
        self.md.raw_word(&format!("![{alt}]({src})"), space);
        // The image holds the line open so that an image-only paragraph still renders.
        if self.buf.is_empty() {
            self.buf.push(' ');
        }
    }

    /// An absolute http(s) URL for a link target, or `None` for scripts, fragments and
    /// relative targets without a base.
    fn resolve(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') {
            return None;
        }
        let url = match self.options.base {
            Some(base) => base.join(href).ok()?,
            None => Url::parse(href).ok()?,
        };
        matches!(url.scheme(), "http" | "https" | "mailto")
            .then(|| url.to_string().replace(' ', "%20").replace(')', "%29"))
    }

    /// Keeps the context counters in step with entering (`on`) or leaving an element.
    fn count(&mut self, tag: Tag, node: usize, on: bool) {
        let step = |n: &mut u32| {
            if on {
                *n += 1
            } else {
                *n = n.saturating_sub(1)
            }
        };
        match tag {
            Tag::A => step(&mut self.links),
            Tag::Pre => step(&mut self.pre),
            Tag::Li | Tag::Dd | Tag::Dt => step(&mut self.items),
            Tag::Blockquote => step(&mut self.quotes),
            Tag::Tr => step(&mut self.rows),
            Tag::H(level) => {
                if on {
                    self.headings.push(level);
                } else {
                    self.headings.pop();
                }
            }
            Tag::Ul | Tag::Ol | Tag::Dl | Tag::Menu => {
                if on {
                    self.lists.push(ListContext {
                        node,
                        ordered: false,
                        items: 0,
                    });
                } else {
                    self.lists.pop();
                }
            }
            _ => {}
        }
    }

    /// Leaves every open element whose subtree ends at or before `i`.
    fn close_until(&mut self, i: usize) {
        while let Some(top) = self.open.last().copied() {
            if top.end > i {
                break;
            }
            self.open.pop();
            // Flush before leaving, so the line still knows it was a heading, item, row…
            self.inline_boxes = self.inline_boxes.saturating_sub(u32::from(top.inline_box));
            if top.breaks {
                self.closing = Some(top.node);
                self.flush();
                self.closing = None;
            }
            if matches!(top.tag, Tag::MathToken | Tag::Math) {
                self.pending_space = true;
            }
            if top.marker {
                self.md.close();
            }
            if top.tag == Tag::A {
                self.link_internal.pop();
            }
            if matches!(
                top.tag,
                Tag::Ul | Tag::Ol | Tag::Dl | Tag::Menu | Tag::Table
            ) {
                self.groups.pop();
            }
            self.count(top.tag, top.node, false);
        }
    }

    fn in_pre(&self) -> bool {
        self.pre > 0
    }

    fn in_link(&self) -> bool {
        self.links > 0
    }

    fn text(&mut self, t: &str) {
        let visible = without_invisible(t);
        let t: &str = &visible;
        let stats = measure_text(t);
        if self.in_link() {
            // A link that shows its own address ("Tickets: https://…") is a reference in
            // the text, not navigation: its URL words do not count as link text.
            let linked = t
                .split_whitespace()
                .filter(|w| !looks_like_url(w))
                .map(|w| measure_text(w).width)
                .sum::<u32>();
            self.link_width += linked;
            if self.link_internal.last() == Some(&true) {
                self.internal_link_width += linked;
            }
        }
        self.width += stats.width;
        self.stopless += stats.stopless;
        if self.in_pre() {
            // Whitespace inside preformatted text is part of it (the spaces between a
            // highlighter's spans are the code's); only line ends are trimmed.
            let mut parts = t.split('\n').peekable();
            while let Some(part) = parts.next() {
                let part = if parts.peek().is_some() {
                    part.trim_end()
                } else {
                    part
                };
                self.buf.push_str(part);
                self.md.raw(part);
                if parts.peek().is_some() {
                    self.flush_raw();
                }
            }
            return;
        }
        for (k, word) in t.split(char::is_whitespace).enumerate() {
            if k > 0 {
                self.pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            let space = self.pending_space && !self.buf.trim().is_empty();
            if space {
                self.buf.push(' ');
            }
            self.md
                .word(word, space || (self.pending_space && !self.md.is_empty()));
            self.pending_space = false;
            self.buf.push_str(word);
        }
    }

    fn kind(&self) -> BlockKind {
        if let Some(&n) = self.headings.last() {
            BlockKind::Heading(n)
        } else if self.pre > 0 {
            BlockKind::Preformatted
        } else if self.items > 0 {
            BlockKind::ListItem
        } else if self.quotes > 0 {
            BlockKind::Quote
        } else if self.rows > 0 {
            BlockKind::TableRow
        } else {
            BlockKind::Paragraph
        }
    }

    fn list(&self) -> Option<usize> {
        self.lists.last().map(|l| l.node)
    }

    /// The Markdown block prefix of the line being flushed.
    fn prefix(&self, kind: BlockKind) -> String {
        match kind {
            BlockKind::Heading(n) => format!("{} ", "#".repeat(usize::from(n.clamp(1, 6)))),
            BlockKind::ListItem => {
                let indent = "  ".repeat(self.lists.len().saturating_sub(1));
                match self.lists.last() {
                    Some(l) if l.ordered => format!("{indent}{}. ", l.items.max(1)),
                    _ => format!("{indent}- "),
                }
            }
            BlockKind::Quote => "> ".to_string(),
            BlockKind::TableRow => "| ".to_string(),
            BlockKind::Paragraph | BlockKind::Preformatted => String::new(),
        }
    }

    fn flush_raw(&mut self) {
        let text = std::mem::take(&mut self.buf);
        let inline = self.md.take();
        let text = if self.in_pre() {
            text.trim_end().to_string()
        } else {
            text.trim().to_string()
        };
        // Readers and searches see composed characters: a page storing "e" + U+0301
        // must come out as "é".
        let (text, composed) = nfc(text);
        // The Markdown holds the same characters and ASCII markup: it needs composing
        // only when the text did.
        let inline = if composed { nfc(inline).0 } else { inline };
        let has_image = !inline.is_empty() && inline.contains("![");
        if !text.is_empty() || has_image {
            let kind = self.kind();
            let mut markdown = self.prefix(kind);
            markdown.push_str(inline.trim());
            if kind == BlockKind::TableRow {
                markdown.push_str(" |");
            }
            self.lines.push(Line {
                kind,
                text,
                markdown,
                width: self.width,
                link_width: self.link_width,
                internal_link_width: self.internal_link_width,
                stopless: self.stopless,
                list: self.list(),
                group: self.group(),
            });
        }
        self.width = 0;
        self.link_width = 0;
        self.internal_link_width = 0;
        self.stopless = 0;
        self.pending_space = false;
    }

    /// The group of the line being flushed: see [`Line::group`].
    fn group(&self) -> Option<usize> {
        self.groups.last().copied().or(self.closing).or_else(|| {
            self.open
                .iter()
                .rev()
                .find(|o| o.tag.is_block())
                .map(|o| o.node)
        })
    }

    /// A link into the page's own site: a relative target, or an absolute one
    /// on the host of the page's URL (`www.` aside). Without a page URL an absolute target
    /// counts as outward.
    fn is_internal(&self, href: Option<&str>) -> bool {
        // A fragment stays on the page (a table of contents), it leads nowhere else.
        let Some(href) = href
            .map(str::trim)
            .filter(|h| !h.is_empty() && !h.starts_with('#'))
        else {
            return false;
        };
        let absolute = href.starts_with("//") || Url::parse(href).is_ok();
        if !absolute {
            return true;
        }
        let Some(base) = self.options.base else {
            return false;
        };
        let strip = |h: &str| h.trim_start_matches("www.").to_ascii_lowercase();
        match (base.join(href).ok(), base.host_str()) {
            (Some(target), Some(own)) => target.host_str().map(strip) == Some(strip(own)),
            _ => false,
        }
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() || !self.md.is_empty() {
            self.flush_raw();
        } else {
            self.width = 0;
            self.link_width = 0;
            self.internal_link_width = 0;
            self.stopless = 0;
            self.pending_space = false;
        }
    }
}

/// A block element that its inline style shows inline (`display: inline-block`,
/// `-webkit-inline-box`): it does not break the line it stands in (widgets injected into a
/// sentence, a citation's parts).
fn styled_inline(el: &Element) -> bool {
    let Some(style) = el.attr("style") else {
        return false;
    };
    let lower = style.to_ascii_lowercase();
    lower.split(';').any(|decl| {
        decl.split_once(':').is_some_and(|(name, value)| {
            name.trim() == "display" && value.trim().contains("inline")
        })
    })
}

/// Characters a browser does not show: soft hyphens (hyphenation plugins sprinkle them
/// through words), zero-width spaces, word joiners and stray byte-order marks.
/// Zero-width (non-)joiners stay: they shape Persian and Indic words.
fn without_invisible(t: &str) -> Cow<'_, str> {
    const INVISIBLE: [char; 4] = ['\u{AD}', '\u{200B}', '\u{2060}', '\u{FEFF}'];
    if t.is_ascii() || !t.contains(INVISIBLE) {
        return Cow::Borrowed(t);
    }
    Cow::Owned(t.chars().filter(|c| !INVISIBLE.contains(c)).collect())
}

/// The text in Unicode Normalization Form C, and whether that changed it. Text without a
/// character from U+0300 on (where combining marks, Hangul jamo and every other
/// character that composes or decomposes begin) is NFC already.
fn nfc(text: String) -> (String, bool) {
    if !text.chars().any(|c| c >= '\u{300}') {
        return (text, false);
    }
    match ComposingNormalizerBorrowed::new_nfc().normalize(&text) {
        Cow::Borrowed(_) => (text, false),
        Cow::Owned(composed) => (composed, true),
    }
}

/// A word that is a web or mail address: `http(s)://…`, `www.…`, `host.tld/path`, or
/// `name@host.tld`.
pub(super) fn looks_like_url(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    // An e-mail address shown as its own link text is a reference too.
    if let Some((user, host)) = lower.split_once('@')
        && !user.is_empty()
        && host.contains('.')
        && !host.ends_with('.')
    {
        return true;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return true;
    }
    match lower.split_once('/') {
        Some((host, _)) => host.len() > 3 && host.contains('.') && !host.ends_with('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::parse::parse as parse_html;

    fn lines(src: &str) -> Vec<Line> {
        let html = parse_html(src);
        let dom = Dom::build(&html);
        let removed = vec![false; dom.len()];
        let body = dom.find_tag(Tag::Body).unwrap();
        let options = RenderOptions {
            tables: true,
            ..RenderOptions::default()
        };
        render(&dom, &removed, &[body], options)
    }

    fn markdown(src: &str, base: &str) -> Vec<String> {
        let html = parse_html(src);
        let dom = Dom::build(&html);
        let removed = vec![false; dom.len()];
        let body = dom.find_tag(Tag::Body).unwrap();
        let base = Url::parse(base).unwrap();
        let options = RenderOptions {
            tables: true,
            links: true,
            images: true,
            base: Some(&base),
        };
        render(&dom, &removed, &[body], options)
            .into_iter()
            .map(|l| l.markdown)
            .collect()
    }

    #[test]
    fn markdown_blocks_and_inline_markup() {
        let md = markdown(
            "<h2>Sub <em>title</em></h2><p>Some <b>bold</b> and <a href=/x>a link</a>.</p>\
             <ol><li>one</li><li>two</li></ol><ul><li>dot</li></ul><blockquote>q</blockquote>\
             <table><tr><th>a</th><td>b|c</td></tr></table><p><img src=i.png alt=Pic></p>",
            "https://e.com/dir/page",
        );
        assert_eq!(
            md,
            [
                "## Sub *title*",
                "Some **bold** and [a link](https://e.com/x).",
                "1. one",
                "2. two",
                "- dot",
                "> q",
                "| a | b\\|c |",
                "![Pic](https://e.com/dir/i.png)",
            ]
        );
    }

    #[test]
    fn block_boundaries_never_glue_words() {
        let l = lines("<div>the difference.</div><div>The next</div>");
        assert_eq!(l[0].text, "the difference.");
        assert_eq!(l[1].text, "The next");
    }

    #[test]
    fn inline_whitespace_collapses_and_entities_decode() {
        let l = lines("<p>  a &amp;\n  <b>b</b>c   d </p>");
        assert_eq!(l[0].text, "a & bc d");
    }

    #[test]
    fn kinds_and_table_rows() {
        let l =
            lines("<h2>Sub</h2><ul><li>x</li></ul><table><tr><td>a</td><td>b</td></tr></table>");
        assert_eq!(l[0].kind, BlockKind::Heading(2));
        assert_eq!(l[1].kind, BlockKind::ListItem);
        assert_eq!(l[2].text, "a | b");
        assert_eq!(l[2].kind, BlockKind::TableRow);
    }

    #[test]
    fn a_link_showing_its_address_is_not_link_text() {
        let l = lines("<p>Tickets: <a href=x>https://tickets.example.org/show</a></p>");
        assert_eq!(l[0].link_width, 0);
        assert!(looks_like_url("example.com/a"));
        assert!(!looks_like_url("and/or"));
    }

    #[test]
    fn links_are_measured() {
        let l = lines("<p>see <a href=x>this</a></p>");
        assert_eq!(l[0].link_width, 4);
        assert_eq!(l[0].width, 7);
    }

    #[test]
    fn ruby_readings_soft_hyphens_and_decomposed_letters() {
        // Ruby readings are pruned as never-content; here the renderer sees them removed.
        let l = lines("<p>Al\u{AD}ready caf\u{65}\u{301} cr\u{65}\u{300}me\u{200B}s</p>");
        assert_eq!(l[0].text, "Already café crèmes");
    }

    #[test]
    fn spaces_between_highlighted_spans_in_pre_stay() {
        let l = lines(
            "<pre><span>set</span> <span>wrap</span> <span>=</span> <span>true</span>   \n\
             <span>x</span>  <span>y</span></pre>",
        );
        assert_eq!(l[0].text, "set wrap = true");
        assert_eq!(l[1].text, "x  y");
    }

    #[test]
    fn formulas_are_read_symbol_by_symbol() {
        let l = lines(
            "<p>When <math><mi>a</mi><mo>≠</mo><mn>0</mn></math>, there are two\
             <math><msup><mi>x</mi><mn>2</mn></msup></math>roots.</p>",
        );
        assert_eq!(l[0].text, "When a ≠ 0 , there are two x 2 roots.");
    }

    /// A block styled inline, and the empty blocks inside it (a widget injected into a
    /// citation), do not break the line; a plain block does.
    #[test]
    fn blocks_styled_inline_do_not_break_the_line() {
        let l = lines(
            "<li><cite><a href=/x>A title</a><div style='display:-webkit-inline-box'>\
             <div></div><div></div></div>. Slashfilm. Retrieved 2014.</cite></li>\
             <p>one<div>two</div></p>",
        );
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["A title. Slashfilm. Retrieved 2014.", "one", "two"]);
    }

    /// Each line knows its group (list, table, or the block it was broken out of), and how
    /// much of its link text leads into the site.
    #[test]
    fn lines_carry_their_group_and_inward_links() {
        let html = "<p>one<br>two</p><ul><li><a href=/in>Inward</a></li>\
                    <li><a href='https://other.example/x'>Outward</a></li></ul>";
        let l = lines(html);
        assert_eq!(l[0].group, l[1].group);
        assert_ne!(l[1].group, l[2].group);
        assert_eq!(l[2].group, l[3].group);
        assert_eq!(l[2].internal_link_width, l[2].link_width);
        assert_eq!(l[3].internal_link_width, 0);
        assert!(l[3].link_width > 0);
    }
}

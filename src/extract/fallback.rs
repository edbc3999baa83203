//! The fallback ladder: what dehusk returns when selection finds nothing, or much less text
//! than the page plainly holds. Each step is tried only when the best text so far fails a
//! sufficiency test, and its text is taken only when it is clearly longer:
//!
//! 1. relaxed: the same container cleaned leaning to recall, or, when no block reached the
//!    paragraph length, scoring every block;
//! 2. the page's article element (`<article>`, `<main>`, `itemprop=articleBody`,
//!    `role=main`) when the selection lies outside it;
//! 3. the JSON-LD `articleBody`, paragraph breaks kept;
//! 4. the markup held in `<noscript>` and template scripts, when the body is otherwise empty;
//! 5. a hidden element holding most of the page's prose (a paywall or "read more" collapse
//!    serving the whole body in a `display:none` block).
//!
//! A page whose selected text passes the test costs nothing more than the test.

use super::clean;
use super::dom::{Dom, NodeKind};
use super::measure::{PROSE_WIDTH, measure_text};
use super::options::{Focus, Options};
use super::prune::{self, Pruned};
use super::render::{self, Line, RenderOptions};
use super::score::{self, Scores};
use super::select;
use super::signals::AttrSignals;
use super::tag::Tag;
use super::{dom, parse};
use crate::document::{BlockKind, Extraction};

/// Text this long (width units: some 40 English words, 125 Chinese characters) is an
/// article; shorter text sends the ladder to its next step.
const SUFFICIENT_WIDTH: u32 = 250;
/// A later step's text replaces the best so far only when it is this many times longer...
const ADOPT_RATIO: f32 = 1.5;
/// ...and longer by at least this much (width units).
const ADOPT_MARGIN: u32 = 40;
/// The JSON-LD body is tried even after a sufficient selection when the selection holds
/// less than this share of it: the page served a teaser and the data the whole story.
const JSONLD_SHARE: f32 = 0.5;

/// One extraction's page, as the ladder's steps need it.
pub struct Page<'p, 'd> {
    /// The parsed page.
    pub dom: &'p Dom<'d>,
    /// What pruning removed.
    pub pruned: &'p Pruned,
    /// The scores of its containers.
    pub scores: &'p Scores,
    /// The page's headline, when it names one.
    pub title: Option<&'p str>,
    /// The node holding the headline.
    pub headline: Option<usize>,
    /// The JSON-LD `articleBody`, when the page has one.
    pub ld_body: Option<&'p str>,
    /// How to render.
    pub render: RenderOptions<'p>,
    /// How to extract.
    pub options: &'p Options,
    /// Whether the page's time budget is spent: asked between the stages of each step
    /// (render, clean) and between the steps.
    pub expired: &'p dyn Fn() -> bool,
}

/// The lines of the article and the step that found them.
pub fn article(page: &Page<'_, '_>) -> (Vec<Line>, Extraction) {
    let expired = page.expired;
    let selection = select::select(
        page.dom,
        page.pruned,
        page.scores,
        page.options.focus,
        page.headline,
    );
    let roots = selection.map(|s| s.roots).unwrap_or_default();
    let mut best = Best {
        lines: lines_of(page, &page.pruned.removed, &roots, page.options.focus),
        by: Extraction::Selected,
    };
    let ld_width = page.ld_body.map_or(0, |b| measure_text(b).width);
    let ld_much_longer = best.width() < (ld_width as f32 * JSONLD_SHARE) as u32;
    if best.width() >= SUFFICIENT_WIDTH && !ld_much_longer {
        return (best.lines, best.by);
    }
    // Each step below is linear in the page; the budget is asked between them.
    let steps: [(Extraction, &Step); 5] = [
        (Extraction::Relaxed, &relaxed),
        (Extraction::ArticleElement, &article_element),
        (Extraction::JsonLd, &|p, _| json_ld(p)),
        (Extraction::Noscript, &|p, _| noscript(p)),
        (Extraction::HiddenElement, &hidden_element),
    ];
    for (by, step) in steps {
        if expired() {
            break;
        }
        let sufficient = best.width() >= SUFFICIENT_WIDTH;
        if sufficient && !(by == Extraction::JsonLd && ld_much_longer) {
            continue;
        }
        if let Some(lines) = step(page, &roots) {
            best.consider(lines, by);
        }
    }
    (best.lines, best.by)
}

/// One step of the ladder: the page and the selection's roots in, its text out (`None`
/// when the step does not apply).
type Step = dyn Fn(&Page<'_, '_>, &[usize]) -> Option<Vec<Line>>;

/// The best text found so far.
struct Best {
    lines: Vec<Line>,
    by: Extraction,
}

impl Best {
    fn width(&self) -> u32 {
        width(&self.lines)
    }

    fn consider(&mut self, lines: Vec<Line>, by: Extraction) {
        let (old, new) = (self.width(), width(&lines));
        if new as f32 >= old as f32 * ADOPT_RATIO && new >= old + ADOPT_MARGIN {
            self.lines = lines;
            self.by = by;
        }
    }
}

fn width(lines: &[Line]) -> u32 {
    lines.iter().map(|l| l.width).sum()
}

/// Renders and cleans the subtrees at `roots`.
fn lines_of(page: &Page<'_, '_>, removed: &[bool], roots: &[usize], focus: Focus) -> Vec<Line> {
    if roots.is_empty() {
        return Vec::new();
    }
    let lines = render::render(page.dom, removed, roots, page.render);
    // Out of time: no text, and the caller reports the page as timed out.
    if (page.expired)() {
        return Vec::new();
    }
    clean::clean(lines, page.title, focus, page.options.dedupe)
}

/// Step 1: the selection cleaned leaning to recall; with no selection, every block scored
/// whatever its length.
fn relaxed(page: &Page<'_, '_>, roots: &[usize]) -> Option<Vec<Line>> {
    if !roots.is_empty() {
        return Some(lines_of(page, &page.pruned.removed, roots, Focus::Recall));
    }
    let scores = score::score_with(page.dom, page.pruned, 1);
    let selection = select::select(page.dom, page.pruned, &scores, Focus::Recall, page.headline)?;
    Some(lines_of(
        page,
        &page.pruned.removed,
        &selection.roots,
        Focus::Recall,
    ))
}

/// Step 2: the largest element marked as the article, when the selection is not inside it.
fn article_element(page: &Page<'_, '_>, roots: &[usize]) -> Option<Vec<Line>> {
    let (dom, pruned) = (page.dom, page.pruned);
    let markers: Vec<usize> = (0..dom.len())
        .filter(|&i| !pruned.removed[i] && is_article_marker(dom, &pruned.signals[i], i))
        .collect();
    // A selection inside (or around) an article element is that article's text already
    // (a short story beside a longer one on a feed): another article does not replace it.
    if roots.iter().any(|&r| {
        markers
            .iter()
            .any(|&m| dom.contains(m, r) || dom.contains(r, m))
    }) {
        return None;
    }
    let marker = markers.into_iter().max_by_key(|&i| pruned.stats[i].width)?;
    Some(lines_of(page, &pruned.removed, &[marker], Focus::Recall))
}

fn is_article_marker(dom: &Dom<'_>, signals: &AttrSignals, i: usize) -> bool {
    signals.body_marker || matches!(dom.tag(i), Some(Tag::Article | Tag::Main))
}

/// Step 3: the JSON-LD `articleBody`, one paragraph per line. A body written as HTML is
/// extracted like a page.
fn json_ld(page: &Page<'_, '_>) -> Option<Vec<Line>> {
    let body = page.ld_body?;
    if body.contains("</p>") || body.contains("<br") {
        return nested(page, &format!("<html><body>{body}</body></html>"));
    }
    let lines = body
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .map(|text| {
            let s = measure_text(&text);
            Line {
                kind: BlockKind::Paragraph,
                markdown: text.clone(),
                text,
                width: s.width,
                link_width: 0,
                internal_link_width: 0,
                stopless: s.stopless,
                list: None,
                group: None,
            }
        })
        .collect();
    Some(lines)
}

/// Step 4: markup the page holds as text for browsers without scripts (`<noscript>`) or
/// for its scripts to insert (`<script type="text/template">`), extracted like a page.
fn noscript(page: &Page<'_, '_>) -> Option<Vec<Line>> {
    let dom = page.dom;
    let body = dom.find_tag(Tag::Body)?;
    let mut held = String::new();
    for i in body..dom.end(body) {
        let holder = match dom.tag(i) {
            Some(Tag::Noscript) => true,
            Some(Tag::Script) => dom.attr(i, "type").is_some_and(is_markup_type),
            _ => false,
        };
        if !holder {
            continue;
        }
        for j in i + 1..dom.end(i) {
            if let NodeKind::Text(t) = dom.nodes[j].kind
                && t.contains('<')
            {
                held.push_str(t);
                held.push('\n');
            }
        }
    }
    if held.is_empty() {
        return None;
    }
    nested(page, &format!("<html><body>{held}</body></html>"))
}

/// Script types that hold markup rather than code.
fn is_markup_type(t: &str) -> bool {
    let t = t.trim();
    ["text/template", "text/html", "text/x-template"]
        .iter()
        .any(|m| t.eq_ignore_ascii_case(m))
}

/// Runs the extraction (without the ladder) on markup found inside the page. It is never
/// larger than the page, so the page's own size bound holds.
fn nested(page: &Page<'_, '_>, html: &str) -> Option<Vec<Line>> {
    let tree = parse::parse(html);
    let dom = dom::Dom::build(&tree);
    let pruned = prune::prune(&dom, page.options);
    let scores = score::score(&dom, &pruned);
    let selection = select::select(&dom, &pruned, &scores, page.options.focus, None)?;
    let lines = render::render(&dom, &pruned.removed, &selection.roots, page.render);
    Some(clean::clean(
        lines,
        page.title,
        Focus::Recall,
        page.options.dedupe,
    ))
}

/// Step 5: the outermost hidden element holding the most prose, when it holds more than
/// the visible page: its subtree rendered as if shown (what never is text stays out).
fn hidden_element(page: &Page<'_, '_>, _roots: &[usize]) -> Option<Vec<Line>> {
    let (dom, pruned) = (page.dom, page.pruned);
    let body = dom.find_tag(Tag::Body)?;
    let visible = pruned.stats[body]
        .width
        .saturating_sub(pruned.stats[body].link_width);
    let mut best: Option<(usize, u32)> = None;
    let mut i = body;
    while i < dom.end(body) {
        if pruned.signals[i].hidden && dom.parent(i).is_some_and(|p| !pruned.removed[p]) {
            let prose = hidden_prose(dom, i);
            if prose > best.map_or(0, |b| b.1) {
                best = Some((i, prose));
            }
            i = dom.end(i);
            continue;
        }
        i += 1;
    }
    let (hidden, prose) = best?;
    if prose < PROSE_WIDTH || prose < visible {
        return None;
    }
    let mut shown = pruned.removed.clone();
    for j in hidden..dom.end(hidden) {
        let inside_removed = j > hidden && dom.parent(j).is_some_and(|p| shown[p]);
        let never = dom.tag(j).is_some_and(|t| t.is_never_content());
        let hidden_again = j > hidden && pruned.signals[j].hidden;
        shown[j] = inside_removed || never || hidden_again;
    }
    Some(lines_of(page, &shown, &[hidden], Focus::Recall))
}

/// Width of the prose-like text in a hidden subtree (its own never-content left out).
fn hidden_prose(dom: &Dom<'_>, root: usize) -> u32 {
    let mut width = 0;
    let mut j = root;
    while j < dom.end(root) {
        if dom.tag(j).is_some_and(|t| t.is_never_content()) {
            j = dom.end(j);
            continue;
        }
        if let NodeKind::Text(t) = dom.nodes[j].kind {
            let s = measure_text(t);
            if s.stops + s.commas > 0 || s.is_stopless() {
                width += s.width;
            }
        }
        j += 1;
    }
    width
}

#[cfg(test)]
mod tests {
    use crate::document::Extraction;
    use crate::extract::{Options, extract};

    fn run(html: &str) -> (String, Extraction) {
        let doc = extract(html, &Options::default()).unwrap();
        (doc.to_text(false), doc.extraction)
    }

    const P1: &str = "The harbour board approved the new ferry timetable on Monday, after a year of talks with the island councils.";
    const P2: &str = "From May, boats will leave every forty minutes in summer and every hour in winter, with a late sailing on Fridays.";
    const P3: &str = "The board says the extra crossings are paid for by the fares of the new car deck, not by the councils' budgets.";

    #[test]
    fn a_sufficient_selection_is_taken_as_it_is() {
        let html = format!("<nav>Home</nav><article><p>{P1}</p><p>{P2}</p><p>{P3}</p></article>");
        let (text, by) = run(&html);
        assert_eq!(by, Extraction::Selected);
        assert!(text.contains("forty minutes"));
    }

    /// Step 1: short Japanese paragraphs below the paragraph length still make an article.
    #[test]
    fn relaxed_step_scores_blocks_of_any_length() {
        // Every paragraph is under the paragraph length (12 wide characters: 24 units).
        let html = "<nav><a href=/>トップ</a></nav><div><p>市は予算案を承認した。</p>\
                    <p>総額は五％増えた。</p><p>次の会合は来月だ。</p></div>";
        let (text, by) = run(html);
        assert!(text.contains("市は予算案を承認した。"), "{text}");
        assert!(text.contains("次の会合は来月だ。"), "{text}");
        assert_eq!(by, Extraction::Relaxed);
    }

    /// Step 2: the page's article element when the selection lies outside it.
    #[test]
    fn article_element_step() {
        // The only scored block is a sidebar note; the article's lines are short.
        let lines: String = (1..=12)
            .map(|k| format!("<div>Stage {k}: Pier {k}</div>"))
            .collect();
        let html = format!(
            "<div class=rail><div>A note from the editors, who wish you a pleasant read, as ever.</div></div>\
             <main>{lines}</main>"
        );
        let (text, by) = run(&html);
        assert_eq!(by, Extraction::ArticleElement, "{text}");
        assert!(text.contains("Stage 12: Pier 12"));
        assert!(!text.contains("editors"));
    }

    /// Step 3: a teaser page whose JSON-LD holds the story, its paragraphs kept.
    #[test]
    fn json_ld_step_keeps_paragraphs() {
        let body = format!("{P1}\\n\\n{P2}\\n{P3}");
        let html = format!(
            r#"<head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"Ferries","articleBody":"{body}"}}</script></head>
               <body><h1>Ferries</h1><p>Loading the full article…</p></body>"#
        );
        let (text, by) = run(&html);
        assert_eq!(by, Extraction::JsonLd);
        assert_eq!(text, format!("{P1}\n{P2}\n{P3}\n"));
    }

    /// Step 4: the body only in <noscript> and a template script.
    #[test]
    fn noscript_step() {
        let html = format!(
            r#"<body><div itemprop="articleBody"><script type="text/template"><p>{P1}</p></script>
               <noscript><p>{P1}</p><p>{P2}</p></noscript></div><div class=footer>Posted by the team.</div></body>"#
        );
        let (text, by) = run(&html);
        assert_eq!(by, Extraction::Noscript);
        assert_eq!(text, format!("{P1}\n{P2}\n"));
    }

    /// Step 5: a paywall collapse serving the whole body in a display:none block.
    #[test]
    fn hidden_element_step() {
        let html = format!(
            r#"<main><h1>Ferries</h1><div class="box">Members sign in here</div>
               <div style="display:none"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>
               <div class="note">Our letter arrives every Thursday, with tips for the week!</div></main>"#
        );
        let (text, by) = run(&html);
        assert_eq!(by, Extraction::HiddenElement);
        assert_eq!(text, format!("{P1}\n{P2}\n{P3}\n"));
    }

    /// Hidden text that is not most of the page never replaces the visible article.
    #[test]
    fn a_hidden_block_beside_a_visible_article_stays_hidden() {
        let html =
            format!(r#"<article><p>{P1}</p><p>{P2}</p></article><div hidden><p>{P3}</p></div>"#);
        let (text, by) = run(&html);
        assert_eq!(by, Extraction::Selected);
        assert!(!text.contains("car deck"));
    }

    /// A short story selected inside its own <article> is that story: a longer article
    /// beside it on a feed does not replace it.
    #[test]
    fn a_short_article_is_not_replaced_by_a_longer_one() {
        let long: String = [P2, P3, P2, P3]
            .iter()
            .map(|p| format!("<p>{p}</p>"))
            .collect();
        let html = format!(
            r#"<title>Ferries</title><section><div class="s"><article><h1>Ferries</h1><p>{P1}</p></article></div>
               <div class="s"><article><h1>Trams</h1>{long}</article></div></section>"#
        );
        let (text, by) = run(&html);
        assert_ne!(by, Extraction::ArticleElement, "{text}");
        assert!(text.contains("harbour board"), "{text}");
    }
}

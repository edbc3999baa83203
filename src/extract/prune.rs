//! Marks what can never be article text before any scoring: code and media, hidden
//! elements, navigation and other regions whose tag or class says boilerplate.
//!
//! Class-based removal is guarded by size: a region that holds a large share of the page's
//! text (say `contentWithSidebar` wrapping the whole article) is never removed for its name.

use super::dom::Dom;
use super::measure::{
    TextStats, measure_texts, own_block_stats, spread_removed, subtree_prose, subtree_stats,
};
use super::options::Options;
use super::signals::{self, AttrSignals};
use super::tag::Tag;

/// A region named as boilerplate is kept when it holds at least this share of the page's prose.
const KEEP_SHARE: f32 = 0.4;

/// A container with a script or frame and no more text than this (width units) is an ad slot.
const AD_LABEL_WIDTH: u32 = 20;

/// An article marker protects its ancestors only when it holds this share of the text
/// (teaser cards in a sidebar are often `<article>`s too).
const MARKER_SHARE: f32 = 0.25;

/// The outcome of pruning: which nodes are gone, and the signals read on the way.
#[derive(Debug)]
pub struct Pruned {
    /// `removed[i]` is true when node `i` or one of its ancestors was pruned.
    pub removed: Vec<bool>,
    /// Attribute signals of every element (default for non-elements).
    pub signals: Vec<AttrSignals>,
    /// Text stats of every subtree after pruning.
    pub stats: Vec<TextStats>,
    /// The measure of each text node's own text (zero for other nodes).
    pub texts: Vec<TextStats>,
}

/// Decides what to remove and measures what is left.
pub fn prune(dom: &Dom<'_>, options: &Options) -> Pruned {
    let n = dom.len();
    let mut removed = vec![false; n];
    let mut signals = vec![AttrSignals::default(); n];
    let mut reader = signals::SignalReader::default();
    for i in 0..n {
        let Some(tag) = dom.tag(i) else { continue };
        let Some(el) = dom.element(i) else { continue };
        signals[i] = reader.read(el);
        if tag.is_never_content() || signals[i].hidden {
            removed[i] = true;
        }
    }
    spread_removed(dom, &mut removed);
    // How much prose each region holds decides which named regions are too big to be
    // boilerplate: a sidebar is rarely made of paragraphs, an article always is.
    let texts = measure_texts(dom, &removed);
    let own = own_block_stats(dom, &texts, &removed);
    let prose = subtree_prose(dom, &own, &removed);
    let raw = subtree_stats(dom, &texts, &removed);
    let body = dom.find_tag(Tag::Body).unwrap_or(0);
    let total_prose = prose[body].max(1) as f32;
    let total = raw[body].width.max(1) as f32;
    let code = holds_code(dom);
    let body_markers = marker_counts(dom, &signals, &removed, |i| {
        raw[i].width as f32 / total >= MARKER_SHARE
    });
    for i in 0..n {
        if removed[i] {
            continue;
        }
        let Some(tag) = dom.tag(i) else { continue };
        // Table internals carry per-row classes ("player-…", "odd") that say nothing of
        // boilerplate; whole tables are judged by their own names.
        if matches!(
            tag,
            Tag::Html
                | Tag::Body
                | Tag::Main
                | Tag::Article
                | Tag::Tr
                | Tag::Td
                | Tag::TableSection
        ) {
            continue;
        }
        let holds_story = prose[i] as f32 / total_prose >= KEEP_SHARE;
        let holds_article = body_markers[i] > 0 && !signals[i].body_marker;
        let s = signals[i];
        // An ad slot: a script or frame with at most a label ("Advert") beside it, whatever
        // its (often scrambled) class names say.
        let ad_slot = code[i]
            && raw[i].width <= AD_LABEL_WIDTH
            && matches!(
                tag,
                Tag::Div | Tag::Center | Tag::Section | Tag::Aside | Tag::Figure
            );
        let drop = match tag {
            _ if ad_slot => true,
            Tag::Nav | Tag::Aside | Tag::Menu | Tag::Footer | Tag::Form => !holds_story,
            _ if s.body_marker => false,
            _ if s.comment && !options.include_comments => !holds_article,
            _ => s.boilerplate && !holds_story && !holds_article,
        };
        if drop {
            removed[i] = true;
        }
    }
    spread_removed(dom, &mut removed);
    let stats = subtree_stats(dom, &texts, &removed);
    Pruned {
        removed,
        signals,
        stats,
        texts,
    }
}

/// For each node, whether its subtree holds a script, frame or plugin object.
fn holds_code(dom: &Dom<'_>) -> Vec<bool> {
    let n = dom.len();
    let mut code = vec![false; n];
    for i in (1..n).rev() {
        let own = matches!(
            dom.tag(i),
            Some(Tag::Script | Tag::Iframe | Tag::Object | Tag::Embed)
        );
        if let Some(p) = dom.parent(i) {
            code[p] |= code[i] || own;
        }
    }
    code
}

/// For each node, how many large article-body markers (article tag, itemprop=articleBody,
/// main) its subtree holds; a region holding one is not boilerplate whatever its name.
fn marker_counts(
    dom: &Dom<'_>,
    signals: &[AttrSignals],
    removed: &[bool],
    large: impl Fn(usize) -> bool,
) -> Vec<u32> {
    let n = dom.len();
    let mut counts = vec![0u32; n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        let marker = signals[i].body_marker || matches!(dom.tag(i), Some(Tag::Article | Tag::Main));
        if marker && large(i) {
            counts[i] += 1;
        }
        if let Some(p) = dom.parent(i) {
            counts[p] += counts[i];
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::parse::parse as parse_html;

    fn kept_text(src: &str) -> String {
        let html = parse_html(src);
        let dom = Dom::build(&html);
        let pruned = prune(&dom, &Options::default());
        let mut out = String::new();
        for i in 0..dom.len() {
            if let super::super::dom::NodeKind::Text(t) = dom.nodes[i].kind
                && !pruned.removed[i]
            {
                out.push_str(t.trim());
                out.push(' ');
            }
        }
        out.trim().to_string()
    }

    #[test]
    fn removes_nav_scripts_and_hidden() {
        let t = kept_text(
            "<nav>Home</nav><script>x()</script><p hidden>secret</p><p>Body text here.</p>",
        );
        assert_eq!(t, "Body text here.");
    }

    #[test]
    fn class_rule_spares_a_container_holding_the_article() {
        let body = "Long article sentence that carries the story forward. ".repeat(20);
        let src = format!(
            r#"<div class="contentWithSidebar"><p>{body}</p><div class="sidebar">Ad stuff</div></div>"#
        );
        let t = kept_text(&src);
        assert!(t.contains("carries the story"));
        assert!(!t.contains("Ad stuff"));
    }

    #[test]
    fn ad_slot_with_a_label_goes() {
        let src = r#"<p>Story text.</p><div class="xQz81"><span>Advert</span><script>ad()</script></div><p>More.</p>"#;
        assert_eq!(kept_text(src), "Story text. More.");
    }

    #[test]
    fn comments_go_unless_asked_for() {
        let src = r#"<p>Story.</p><div id="comments"><p>First!</p></div>"#;
        assert_eq!(kept_text(src), "Story.");
    }

    #[test]
    fn ruby_readings_are_not_text() {
        let t = kept_text("<p><ruby>駅<rp>(</rp><rt>えき</rt><rp>)</rp></ruby>ができた</p>");
        assert_eq!(t.replace(' ', ""), "駅ができた");
    }
}

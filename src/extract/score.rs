//! Scores candidate containers: every paragraph-like block gives points (for its length
//! and clause count) to its nearest ancestors, and a container's total is then discounted
//! by its link density and nudged by what its tag and class say.

use super::dom::Dom;
use super::measure::{TextStats, is_prose, own_block_stats};
use super::prune::Pruned;
use super::tag::Tag;

/// A block needs this much text of its own (in [`script::width`](super::script::width)
/// units) to count as a paragraph.
pub const MIN_PARAGRAPH_WIDTH: u32 = 25;
/// Points stop growing with length at this many hundreds of characters.
const MAX_LENGTH_POINTS: f32 = 3.0;
/// A paragraph with more of its text in links than this gives no points.
const LINK_PARAGRAPH: f32 = 0.5;
/// How many ancestor levels receive a paragraph's points.
const ANCESTOR_LEVELS: usize = 5;
/// Class/id weight for a positive or negative token.
const CLASS_WEIGHT: f32 = 25.0;
/// Extra weight of an explicit article-body marker (itemprop=articleBody, role=main).
const MARKER_WEIGHT: f32 = 30.0;
/// Containers with less text (width units) get a proportionally smaller prior.
const FULL_PRIOR_WIDTH: f32 = 500.0;
/// Extra weight of an `<article>` element.
const ARTICLE_WEIGHT: f32 = 10.0;

/// Scores of every node (zero for nodes no paragraph touched).
#[derive(Debug)]
pub struct Scores {
    /// Final score per node, after link-density discount.
    pub score: Vec<f32>,
    /// Nodes that received points, in document order.
    pub candidates: Vec<usize>,
    /// Text that belongs to each block itself (not to nested blocks).
    pub own: Vec<TextStats>,
    /// The best final score of any candidate inside each node's subtree (itself included).
    pub best_inside: Vec<f32>,
    /// How many `<article>` elements with text each node holds below itself.
    pub articles: Vec<u32>,
    /// Prose (width units) of the blocks before each node in document order, so that the
    /// prose of a subtree (an index range) is one subtraction: [`Scores::prose_in`].
    prose_before: Vec<u32>,
    /// `<h1>` elements before each node in document order ([`Scores::holds_h1`]).
    h1_before: Vec<u32>,
}

impl Scores {
    /// Width of the prose blocks in the subtree of node `i`.
    pub fn prose_in(&self, dom: &Dom<'_>, i: usize) -> u32 {
        self.prose_before[dom.end(i)] - self.prose_before[i]
    }

    /// The subtree of node `i` holds an `<h1>` (not removed): a story of its own.
    pub fn holds_h1(&self, dom: &Dom<'_>, i: usize) -> bool {
        self.h1_before[dom.end(i)] > self.h1_before[i]
    }
}

/// Scores every container of the pruned DOM.
pub fn score(dom: &Dom<'_>, pruned: &Pruned) -> Scores {
    score_with(dom, pruned, MIN_PARAGRAPH_WIDTH)
}

/// Scores every container, counting as a paragraph every block with at least `min_width`
/// of its own text (the fallback ladder relaxes [`MIN_PARAGRAPH_WIDTH`]).
// One index addresses the DOM, the pruning and the scores alike.
#[allow(clippy::needless_range_loop)]
pub fn score_with(dom: &Dom<'_>, pruned: &Pruned, min_width: u32) -> Scores {
    let own = own_block_stats(dom, &pruned.texts, &pruned.removed);
    let n = dom.len();
    let mut raw = vec![0f32; n];
    let mut touched = vec![false; n];
    for i in 0..n {
        let Some(tag) = dom.tag(i) else { continue };
        if pruned.removed[i] || !is_scoring_unit(tag) || own[i].width < min_width {
            continue;
        }
        let s = own[i];
        let length_points = (s.width as f32 / 100.0).min(MAX_LENGTH_POINTS);
        let mut points = 1.0 + s.commas as f32 + length_points;
        if s.link_density() > LINK_PARAGRAPH {
            continue;
        }
        if tag == Tag::Li {
            points *= 0.5;
        }
        // A container with text of its own (a div used as a paragraph) takes its own points
        // first, as if its text were wrapped in a paragraph inside it.
        let mut level = 0;
        let mut cur = if is_container(tag) {
            Some(i)
        } else {
            dom.parent(i)
        };
        while let Some(a) = cur {
            if level >= ANCESTOR_LEVELS || dom.tag(a).is_none() {
                break;
            }
            if !touched[a] {
                touched[a] = true;
                // Class and tag hints count fully only for containers of some size, so a
                // short div named "content" cannot beat the real story.
                let size = (pruned.stats[a].width as f32 / FULL_PRIOR_WIDTH).min(1.0);
                raw[a] = initial_score(dom, pruned, a) * size;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            raw[a] += points / divider;
            level += 1;
            cur = dom.parent(a);
        }
    }
    let articles = nested_articles(dom, pruned);
    let mut candidates = Vec::new();
    let mut score = vec![0f32; n];
    for i in 0..n {
        if touched[i] {
            score[i] = raw[i] * (1.0 - pruned.stats[i].link_density());
            // A container of several <article>s is a listing (teasers, related posts),
            // not one story: its points are shared among the stories it holds.
            if articles[i] >= 2 {
                score[i] /= articles[i] as f32;
            }
            candidates.push(i);
        }
    }
    let mut best_inside = score.clone();
    for i in (1..n).rev() {
        if let Some(p) = dom.parent(i) {
            best_inside[p] = best_inside[p].max(best_inside[i]);
        }
    }
    let mut prose_before = Vec::with_capacity(n + 1);
    let mut h1_before = Vec::with_capacity(n + 1);
    prose_before.push(0u32);
    h1_before.push(0u32);
    for (i, o) in own.iter().enumerate() {
        let prose = if is_prose(o) { o.width } else { 0 };
        prose_before.push(prose_before[i] + prose);
        let h1 = dom.tag(i) == Some(Tag::H(1)) && !pruned.removed[i];
        h1_before.push(h1_before[i] + u32::from(h1));
    }
    Scores {
        score,
        candidates,
        own,
        best_inside,
        articles,
        prose_before,
        h1_before,
    }
}

/// Tags whose own text is scored as a paragraph.
fn is_scoring_unit(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::P
            | Tag::Pre
            | Tag::Td
            | Tag::Blockquote
            | Tag::Div
            | Tag::Section
            | Tag::Article
            | Tag::Li
            | Tag::Dd
            | Tag::Center
            | Tag::Main
    )
}

/// How many `<article>` elements with text each node holds below itself.
fn nested_articles(dom: &Dom<'_>, pruned: &Pruned) -> Vec<u32> {
    let n = dom.len();
    let mut below = vec![0u32; n];
    for i in (1..n).rev() {
        if pruned.removed[i] {
            continue;
        }
        let own = u32::from(dom.tag(i) == Some(Tag::Article) && pruned.stats[i].width > 0);
        if let Some(p) = dom.parent(i) {
            below[p] += below[i] + own;
        }
    }
    below
}

/// Tags that hold blocks as well as text.
fn is_container(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Center
    )
}

/// The prior of a container before any paragraph adds to it.
fn initial_score(dom: &Dom<'_>, pruned: &Pruned, i: usize) -> f32 {
    let tag_prior = match dom.tag(i) {
        Some(Tag::Div | Tag::Article | Tag::Section | Tag::Main) => 5.0,
        Some(Tag::Pre | Tag::Td | Tag::Blockquote) => 3.0,
        Some(
            Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form,
        ) => -3.0,
        Some(Tag::H(_)) => -5.0,
        _ => 0.0,
    };
    let s = pruned.signals[i];
    let mut weight = 0.0;
    if s.positive {
        weight += CLASS_WEIGHT;
    }
    if s.negative || s.boilerplate || s.comment {
        weight -= CLASS_WEIGHT;
    }
    if s.body_marker {
        weight += MARKER_WEIGHT;
    }
    if dom.tag(i) == Some(Tag::Article) {
        weight += ARTICLE_WEIGHT;
    }
    tag_prior + weight
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::options::Options;
    use crate::extract::parse::parse as parse_html;
    use crate::extract::prune::prune;

    #[test]
    fn paragraph_parent_outscores_link_list() {
        let para =
            "<p>A sentence, with clauses, that reads like an article paragraph.</p>".repeat(5);
        let links = "<li><a href=a>Another story headline here</a></li>".repeat(10);
        let src = format!(r#"<div id="story">{para}</div><div id="list"><ul>{links}</ul></div>"#);
        let html = parse_html(&src);
        let dom = Dom::build(&html);
        let pruned = prune(&dom, &Options::default());
        let scores = score(&dom, &pruned);
        let best = scores
            .candidates
            .iter()
            .copied()
            .max_by(|&a, &b| scores.score[a].total_cmp(&scores.score[b]))
            .unwrap();
        assert_eq!(dom.attr(best, "id"), Some("story"));
    }
}

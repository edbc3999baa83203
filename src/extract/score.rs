//! Scores candidate containers: every paragraph-like block gives points (for its length
//! and clause count) to its nearest ancestors, and a container's total is then discounted
//! by its link density and nudged by what its tag and class say.

use rustc_hash::{FxHashMap, FxHashSet};

use super::dom::Dom;
use super::measure::{TextStats, is_prose, own_block_stats};
use super::prune::Pruned;
use super::tag::Tag;

/// A block needs this much text of its own (in [`script::width`](super::script::width)
/// units) to count as a paragraph.
pub const MIN_PARAGRAPH_WIDTH: u32 = 25;
/// Prose has a clause separator every 40 to 100 width units; a block is credited with at
/// most one per this many (lists of names or citations have one every 10 or 15)...
const WIDTH_PER_COMMA: f32 = 40.0;
/// ... and with at most this many: a long paragraph rarely has more, a list of fifty
/// signatories in one cell has a hundred.
const MAX_COMMA_POINTS: f32 = 12.0;
/// A heading this long (width units) with a sentence stop reads as a sentence.
const SENTENCE_HEADING_WIDTH: u32 = 60;
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
    /// The part of each score its paragraphs earned, without the tag and class prior.
    pub earned: Vec<f32>,
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
    let mut prior = vec![0f32; n];
    let mut touched = vec![false; n];
    let text_headings = headings_as_text(dom, pruned, &own);
    for i in 0..n {
        let Some(tag) = dom.tag(i) else { continue };
        let unit = is_scoring_unit(tag) || text_headings.contains(&i);
        if pruned.removed[i] || !unit || own[i].width < min_width {
            continue;
        }
        let s = own[i];
        if s.link_density() > LINK_PARAGRAPH {
            continue;
        }
        let mut points = paragraph_points(&s);
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
                prior[a] = initial_score(dom, pruned, a) * size;
                raw[a] = prior[a];
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
    let mut earned = vec![0f32; n];
    for i in 0..n {
        if touched[i] {
            let discount = 1.0 - pruned.stats[i].link_density();
            score[i] = raw[i] * discount;
            earned[i] = (raw[i] - prior[i]) * discount;
            // A container of several <article>s is a listing (teasers, related posts),
            // not one story: its points are shared among the stories it holds.
            if articles[i] >= 2 {
                score[i] /= articles[i] as f32;
                earned[i] /= articles[i] as f32;
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
        earned,
        prose_before,
        h1_before,
    }
}

/// The points one block's own text gives: one per paragraph it holds, one per clause
/// separator, and its length. Text broken by `<br><br>` into several paragraphs (a div
/// used as a page) counts as those paragraphs, its length capped per paragraph; the
/// clause separators are capped by its length, so a list of names or citations (a
/// comma every few words) does not outscore the prose beside it.
fn paragraph_points(s: &TextStats) -> f32 {
    let paragraphs = (1 + s.breaks / 2)
        .min((s.width / MIN_PARAGRAPH_WIDTH).max(1))
        .max(1) as f32;
    let length_points = (s.width as f32 / 100.0).min(MAX_LENGTH_POINTS * paragraphs);
    let commas = (s.commas as f32)
        .min(s.width as f32 / WIDTH_PER_COMMA)
        .min(MAX_COMMA_POINTS);
    paragraphs + commas + length_points
}

/// Headings that are the text: sentence-long headings (60 width units and a stop), two or
/// more under one parent, as an editor that sets a whole announcement in <h2>…<h4>
/// writes them. A lone sentence-long heading is a subtitle or a standfirst and scores
/// nothing, as before.
fn headings_as_text(dom: &Dom<'_>, pruned: &Pruned, own: &[TextStats]) -> FxHashSet<usize> {
    let sentence = |i: usize| {
        matches!(dom.tag(i), Some(Tag::H(level)) if level >= 2)
            && !pruned.removed[i]
            && own[i].width >= SENTENCE_HEADING_WIDTH
            && own[i].stops > 0
    };
    let mut per_parent: FxHashMap<usize, u32> = FxHashMap::default();
    for i in (0..dom.len()).filter(|&i| sentence(i)) {
        if let Some(p) = dom.parent(i) {
            *per_parent.entry(p).or_default() += 1;
        }
    }
    (0..dom.len())
        .filter(|&i| sentence(i))
        .filter(|&i| {
            dom.parent(i)
                .is_some_and(|p| per_parent.get(&p).is_some_and(|&c| c >= 2))
        })
        .collect()
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

    fn best_id(src: &str) -> Option<String> {
        let html = parse_html(src);
        let dom = Dom::build(&html);
        let pruned = prune(&dom, &Options::default());
        let scores = score(&dom, &pruned);
        let best = scores
            .candidates
            .iter()
            .copied()
            .max_by(|&a, &b| scores.score[a].total_cmp(&scores.score[b]))?;
        // The nearest ancestor-or-self with an id names where the best candidate is.
        let mut cur = Some(best);
        while let Some(c) = cur {
            if let Some(id) = dom.attr(c, "id") {
                return Some(id.to_string());
            }
            cur = dom.parent(c);
        }
        Some(format!("{:?}", dom.tag(best)))
    }

    /// Four paragraphs written as one div's text, split by <br><br>, are four
    /// paragraphs: they outscore a modal's single long paragraph.
    #[test]
    fn text_broken_by_double_breaks_scores_as_paragraphs() {
        let para = "The hills rise on a wide plateau north of the river, about two hours by \
                    train from the capital, and cover an area of ninety by thirty kilometres.";
        let src = format!(
            r#"<div id="region">{para}<br><br>{para}<br><br>{para}<br><br>{para}</div>
               <div id="modal"><p>{}</p></div>"#,
            "Members pay a yearly fee, which covers the huts and the maps. ".repeat(7)
        );
        assert_eq!(best_id(&src).as_deref(), Some("region"));
    }

    /// A cell listing fifty names and jobs, a comma every few words, does not outscore
    /// the letter's paragraphs.
    #[test]
    fn commas_are_capped_by_length() {
        let para = "<p>The night train has run for ninety years, and the operator now plans to \
                    replace it, which we think is a mistake for the region.</p>";
        let names: String = (0..50)
            .map(|k| format!("Name{k} Surname, driver, "))
            .collect();
        let src = format!(
            r#"<div id="letter">{para}{para}{para}{para}</div><div id="signed"><table><tr><td>{names}</td></tr></table></div>"#
        );
        assert_eq!(best_id(&src).as_deref(), Some("letter"));
    }

    /// An announcement set in sentence-long headings is text; a lone sentence-long
    /// subtitle is not.
    #[test]
    fn sentence_headings_two_or_more_are_text() {
        let h = "Rehearsals start in November and take place every Tuesday evening in the hall.";
        let card = |k: u32| {
            format!(
                r#"<div class="card"><p>Card {k} tells of a summer camp by the lake, with songs.</p></div>"#
            )
        };
        let src = format!(
            r#"<div id="post"><blockquote><h3>{h}</h3><h4>{h}</h4></blockquote></div>
               <div id="cards">{}{}{}</div>"#,
            card(1),
            card(2),
            card(3)
        );
        assert_eq!(best_id(&src).as_deref(), Some("post"));
        let html = parse_html(&format!("<div><h1>T</h1><h2>{h}</h2><p>{h}</p></div>"));
        let dom = Dom::build(&html);
        let pruned = prune(&dom, &Options::default());
        let own = own_block_stats(&dom, &pruned.texts, &pruned.removed);
        assert!(headings_as_text(&dom, &pruned, &own).is_empty());
    }
}

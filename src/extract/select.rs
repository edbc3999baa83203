//! Picks the article: the best-scoring container, moved up when its parent clearly holds
//! more of the story, plus the siblings that look like the same article (split bodies,
//! lead paragraphs outside the main wrapper).

use super::dom::Dom;
use super::options::Focus;
use super::prune::Pruned;
use super::score::Scores;
use super::script;
use super::tag::Tag;

/// A sibling joins when its score reaches this share of the top candidate's.
const SIBLING_SHARE: f32 = 0.2;
/// The sibling share when leaning to precision.
const SIBLING_SHARE_PRECISION: f32 = 0.3;
/// The sibling share when leaning to recall.
const SIBLING_SHARE_RECALL: f32 = 0.1;
/// ... and at least this absolute score.
const SIBLING_MIN_SCORE: f32 = 10.0;
/// Candidates within this share of the best count as rivals sharing an ancestor.
const RIVAL_SHARE: f32 = 0.75;
/// How many rivals under one ancestor make that ancestor the article.
const RIVALS_NEEDED: usize = 3;
/// How many levels above the climb's stop an ancestor may be that holds the story.
const WRAPPER_LEVELS: usize = 5;
/// ... scoring at least this share of the best candidate...
const WRAPPER_SHARE: f32 = 0.7;
/// ... and holding this many times its prose.
const WRAPPER_MORE_PROSE: f32 = 1.15;
/// A sibling paragraph this long (width units) with little link text joins regardless of
/// score.
const SIBLING_PARAGRAPH_WIDTH: u32 = 80;

/// The containers that make up the article, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Roots of the subtrees to render.
    pub roots: Vec<usize>,
}

/// Chooses the article's containers, or `None` when no paragraph was scored.
pub fn select(
    dom: &Dom<'_>,
    pruned: &Pruned,
    scores: &Scores,
    focus: Focus,
    headline: Option<usize>,
) -> Option<Selection> {
    let mut ranked: Vec<usize> = scores.candidates.clone();
    ranked.sort_by(|&a, &b| scores.score[b].total_cmp(&scores.score[a]).then(a.cmp(&b)));
    let &best = ranked.first()?;
    let top = match story_among_rivals(dom, scores, &ranked, best, headline) {
        Some(story) => story,
        None => climb(dom, scores, &ranked, best),
    };
    Some(Selection {
        roots: with_siblings(dom, pruned, scores, top, focus),
    })
}

/// On a page that lists several stories as sibling `<article>`s (related posts printed in
/// full), the close rivals are the story and its neighbours: the one holding the page's
/// headline is the story.
fn story_among_rivals(
    dom: &Dom<'_>,
    scores: &Scores,
    ranked: &[usize],
    best: usize,
    headline: Option<usize>,
) -> Option<usize> {
    let h = headline?;
    let s = &scores.score;
    let is_article = |c: usize| dom.tag(c) == Some(Tag::Article);
    if !is_article(best) {
        return None;
    }
    if dom.contains(best, h) {
        // The best is the story already; its rivals are the listing, not more of it.
        return Some(best);
    }
    ranked
        .iter()
        .skip(1)
        .take(RIVALS_NEEDED + 1)
        .copied()
        .find(|&c| is_article(c) && s[c] >= s[best] * RIVAL_SHARE && dom.contains(c, h))
}

/// Moves from the best candidate to an ancestor when rivals share it, when the parent
/// scores higher, or while the candidate is an only child.
fn climb(dom: &Dom<'_>, scores: &Scores, ranked: &[usize], best: usize) -> usize {
    let s = &scores.score;
    let mut top = best;
    // The best's own ancestors and descendants score high with it; rivals are elsewhere.
    let rivals: Vec<usize> = ranked
        .iter()
        .skip(1)
        .copied()
        .filter(|&c| !dom.contains(c, best) && !dom.contains(best, c))
        .take(4)
        .filter(|&c| s[c] >= s[best] * RIVAL_SHARE)
        .collect();
    if rivals.len() >= RIVALS_NEEDED {
        let mut cur = dom.parent(best);
        while let Some(a) = cur {
            if is_root_level(dom, a) {
                break;
            }
            let held = rivals.iter().filter(|&&r| dom.contains(a, r)).count();
            if held >= RIVALS_NEEDED {
                top = a;
                break;
            }
            cur = dom.parent(a);
        }
    }
    let mut last = s[top];
    let threshold = last / 3.0;
    let mut cur = dom.parent(top);
    while let Some(p) = cur {
        if is_root_level(dom, p) {
            break;
        }
        if s[p] > 0.0 {
            if s[p] < threshold {
                break;
            }
            if s[p] > last {
                top = p;
                break;
            }
            last = s[p];
        }
        cur = dom.parent(p);
    }
    top = past_low_wrapper(dom, scores, s[top].max(s[best]), top);
    while let Some(p) = dom.parent(top) {
        if is_root_level(dom, p) || dom.children(p).filter(|&c| dom.tag(c).is_some()).count() != 1 {
            break;
        }
        top = p;
    }
    top
}

/// The climb stops at the first wrapper that scores low (a negative class word, the level
/// decay of its points, the score shared among several `<article>`s), though the story
/// goes on beside the candidate: steps in sibling modules, a lead above the body. Looking
/// past it, an ancestor a few levels up that scores near the best and holds clearly more
/// prose is the story. Prose, not text: a wrapper that adds only a link list or a box of
/// chrome to the candidate holds no more of the story.
fn past_low_wrapper(dom: &Dom<'_>, scores: &Scores, base: f32, top: usize) -> usize {
    let prose = scores.prose_in(dom, top) as f32;
    let mut cur = dom.parent(top);
    for _ in 0..WRAPPER_LEVELS {
        let Some(a) = cur else { break };
        if is_root_level(dom, a) {
            break;
        }
        if scores.score[a] >= base * WRAPPER_SHARE
            && scores.prose_in(dom, a) as f32 >= prose * WRAPPER_MORE_PROSE
        {
            return a;
        }
        cur = dom.parent(a);
    }
    top
}

fn is_root_level(dom: &Dom<'_>, i: usize) -> bool {
    !matches!(dom.tag(i), Some(t) if t != Tag::Body && t != Tag::Html)
}

/// The top candidate plus the siblings that belong with it.
fn with_siblings(
    dom: &Dom<'_>,
    pruned: &Pruned,
    scores: &Scores,
    top: usize,
    focus: Focus,
) -> Vec<usize> {
    let Some(parent) = dom.parent(top) else {
        return vec![top];
    };
    let top_score = scores.score[top];
    let share = match focus {
        Focus::Balanced => SIBLING_SHARE,
        Focus::Precision => SIBLING_SHARE_PRECISION,
        Focus::Recall => SIBLING_SHARE_RECALL,
    };
    let threshold = (top_score * share).max(SIBLING_MIN_SCORE);
    let top_class = dom.attr(top, "class").filter(|c| !c.trim().is_empty());
    let mut roots = Vec::new();
    for sib in dom.children(parent) {
        if sib == top {
            roots.push(sib);
            continue;
        }
        // A listing of other stories beside the story is not part of it.
        if pruned.removed[sib] || dom.tag(sib).is_none() || scores.articles[sib] >= 2 {
            continue;
        }
        let mut bonus = 0.0;
        if top_class.is_some() && dom.attr(sib, "class") == top_class {
            bonus = top_score * SIBLING_SHARE;
        }
        if scores.score[sib] > 0.0 && scores.score[sib] + bonus >= threshold {
            roots.push(sib);
            continue;
        }
        // A sibling wearing the top candidate's class is another part of the same body even
        // when its paragraphs sit too deep to score it directly.
        if bonus > 0.0 && scores.best_inside[sib] >= threshold {
            roots.push(sib);
            continue;
        }
        if dom.tag(sib) == Some(Tag::P) || scores.own[sib].width == pruned.stats[sib].width {
            let st = pruned.stats[sib];
            let ld = st.link_density();
            let long_paragraph = st.width > SIBLING_PARAGRAPH_WIDTH && ld < 0.25;
            let short_sentence = st.width > 0 && ld == 0.0 && ends_sentence(dom, pruned, sib);
            if long_paragraph || short_sentence {
                roots.push(sib);
            }
        }
    }
    roots
}

/// True when the visible text of `i` ends with sentence punctuation.
fn ends_sentence(dom: &Dom<'_>, pruned: &Pruned, i: usize) -> bool {
    let end = dom.end(i);
    for j in (i..end).rev() {
        if pruned.removed[j] {
            continue;
        }
        if let super::dom::NodeKind::Text(t) = dom.nodes[j].kind
            && !t.trim().is_empty()
        {
            return script::ends_sentence(t);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dom::NodeKind;
    use crate::extract::options::Options;
    use crate::extract::parse::parse;
    use crate::extract::{prune, score};

    /// The selected roots (as `tag.class` or `tag#id`) and their text.
    fn selected(html: &str) -> (Vec<String>, String) {
        let tree = parse(html);
        let dom = Dom::build(&tree);
        let pruned = prune::prune(&dom, &Options::default());
        let scores = score::score(&dom, &pruned);
        let sel = select(&dom, &pruned, &scores, Focus::Balanced, None).unwrap();
        let mut out = String::new();
        let names = sel
            .roots
            .iter()
            .map(|&r| match (dom.attr(r, "class"), dom.attr(r, "id")) {
                (Some(c), _) => format!("{}.{c}", dom.element(r).map_or("", |e| e.name())),
                (None, Some(id)) => format!("{}#{id}", dom.element(r).map_or("", |e| e.name())),
                _ => dom.element(r).map_or("", |e| e.name()).to_string(),
            })
            .collect();
        for r in sel.roots {
            for i in r..dom.end(r) {
                if let NodeKind::Text(t) = dom.nodes[i].kind
                    && !pruned.removed[i]
                {
                    out.push_str(t.trim());
                    out.push(' ');
                }
            }
        }
        (names, out)
    }

    fn para(topic: &str) -> String {
        format!(
            "<p>The {topic} needs care, and this paragraph says how, with clauses, commas and \
             a full stop at the end of a sentence that is long enough.</p>"
        )
    }

    /// The story's body holds an intro block and, in a wrapper named "read more" (a
    /// negative word), the rest: the climb from the rest stops at the low wrapper, and
    /// must look past it to the body that holds all of the story's prose.
    #[test]
    fn the_climb_looks_past_a_low_wrapper() {
        let more: String = (1..=8).map(|k| para(&format!("part {k}"))).collect();
        let html = format!(
            r#"<div id="story"><div class="story-body"><div class="story-intro">{}{}</div>
               <div id="read-more"><div id="read-more-content">{more}</div></div></div>
               <div class="group-other"><ul><li><a href=x>Other story</a></li></ul></div></div>"#,
            para("intro"),
            para("second intro")
        );
        let (roots, text) = selected(&html);
        assert_eq!(roots, ["div.story-body"], "{text}");
        assert!(text.contains("The intro needs care") && text.contains("The part 8 needs care"));
        assert!(!text.contains("Other story"));
    }

    /// A wrapper that adds only chrome to the best candidate is not climbed to: its
    /// siblings (a modal beside the page) would come along.
    #[test]
    fn the_climb_needs_more_prose_not_more_text() {
        let links: String = (1..=20)
            .map(|k| format!(r#"<li><a href="/g/{k}">Guide number {k} of the valley</a></li>"#))
            .collect();
        let html = format!(
            r#"<div class="container"><div class="row"><div class="col-main">
               <div class="page-header"><h1>Hills</h1></div>
               <div class="region">{}{}{}{}</div><h2>Guides</h2><ul>{links}</ul></div></div></div>
               <div id="membership"><h3>Passes</h3><p>{}</p></div>"#,
            para("a"),
            para("b"),
            para("c"),
            para("d"),
            "The membership fee covers the huts, the maps and the rescue insurance, and \
             children walk free. "
                .repeat(4)
        );
        let (_, text) = selected(&html);
        assert!(text.contains("The c needs care"), "{text}");
        assert!(!text.contains("membership"), "{text}");
    }
}

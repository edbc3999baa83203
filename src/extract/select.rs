//! Picks the article: the best-scoring container, moved up when its parent clearly holds
//! more of the story, plus the siblings that look like the same article (split bodies,
//! lead paragraphs outside the main wrapper).

use super::dom::Dom;
use super::measure::PROSE_WIDTH;
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
/// A lead is at most this long (width units: three sentences)...
const LEAD_MAX_WIDTH: u32 = 450;
/// ... has less than this share of links...
const LEAD_MAX_LINKS: f32 = 0.1;
/// ... and is one of at most this many blocks just before the body...
const LEAD_BLOCKS: usize = 2;
/// ... inside an article or main element at most this many levels up.
const LEAD_ARTICLE_LEVELS: usize = 3;
/// A top holding this share of its text in list items is a list...
const LIST_SHARE: f32 = 0.8;
/// ... and an ancestor this many levels up at most...
const LIST_LEVELS: usize = 3;
/// ... holding this much prose outside it (two paragraphs) is the article.
const PROSE_BESIDE_LIST: u32 = 2 * PROSE_WIDTH;
/// How many levels a wrapper may descend to the column holding its prose.
const COLUMN_LEVELS: usize = 4;
/// The column holds this share of the wrapper's prose.
const COLUMN_PROSE_SHARE: f32 = 0.9;
/// How many levels above the candidate the block it repeats may sit.
const MIRROR_LEVELS: usize = 8;
/// A mirroring block has less than this share of its text in links.
const MIRROR_MAX_LINKS: f32 = 0.3;
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
    let &first = ranked.first()?;
    let best = column_of(dom, scores, first);
    // Having left a wrapper for the column that earns its prose, the climb by score
    // would only return to the wrapper.
    let climb_by_score = best == first;
    let top = match story_among_rivals(dom, scores, &ranked, best, headline) {
        Some(story) => story,
        None => climb(dom, pruned, scores, &ranked, best, climb_by_score),
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
    if dom.contains(best, h) {
        // The best is the story already; its rivals are the listing, not more of it.
        return is_article(best).then_some(best);
    }
    if is_article(best)
        && let Some(c) = ranked
            .iter()
            .skip(1)
            .take(RIVALS_NEEDED + 1)
            .copied()
            .find(|&c| is_article(c) && s[c] >= s[best] * RIVAL_SHARE && dom.contains(c, h))
    {
        return Some(c);
    }
    parallel_story(dom, scores, best, h)
}

/// On a feed of full stories, the block holding the page's headline when it is built
/// like the block holding the best candidate: the two are children of one ancestor with
/// the same tag and class (`div.story-block` beside `div.story-block`), each a story.
/// The headline's story wins over a longer one beside it.
fn parallel_story(dom: &Dom<'_>, scores: &Scores, best: usize, headline: usize) -> Option<usize> {
    let mut child_b = best;
    let mut a = dom.parent(best)?;
    while !dom.contains(a, headline) {
        child_b = a;
        a = dom.parent(a)?;
    }
    if is_root_level(dom, a) && dom.tag(a) != Some(Tag::Body) {
        return None;
    }
    let child_h = dom.children(a).find(|&c| dom.contains(c, headline))?;
    let class = |i: usize| {
        dom.attr(i, "class")
            .map(str::trim)
            .filter(|c| !c.is_empty())
    };
    let alike = dom.tag(child_b) == dom.tag(child_h)
        && class(child_b) == class(child_h)
        && (class(child_b).is_some() || dom.tag(child_b) == Some(Tag::Article));
    // Each is a story with its own headline and prose; a header block beside the body
    // block of one article is not.
    let stories = scores.holds_h1(dom, child_b) && scores.prose_in(dom, child_h) >= PROSE_WIDTH;
    (child_h != child_b && alike && stories).then_some(child_h)
}

/// A wrapper that wins by its name (`#content`, `.main`: a positive class prior) over the
/// column inside it that holds nearly all of its prose yields to that column: without its
/// prior it would not beat it. Compared with the best so far, not with a child only, so
/// a side column beside the article does not come along.
fn column_of(dom: &Dom<'_>, scores: &Scores, best: usize) -> usize {
    let mut top = best;
    for _ in 0..COLUMN_LEVELS {
        let prose = scores.prose_in(dom, top);
        let column = dom
            .children(top)
            .find(|&c| scores.prose_in(dom, c) as f32 >= prose as f32 * COLUMN_PROSE_SHARE);
        match column {
            Some(c) if prose > 0 && scores.score[c] > scores.earned[top] => top = c,
            _ => break,
        }
    }
    top
}

/// Moves from the best candidate to an ancestor when rivals share it, when the parent
/// scores higher, or while the candidate is an only child.
fn climb(
    dom: &Dom<'_>,
    pruned: &Pruned,
    scores: &Scores,
    ranked: &[usize],
    best: usize,
    by_score: bool,
) -> usize {
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
    let mut cur = dom.parent(top).filter(|_| by_score);
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
    top = past_a_list(dom, pruned, scores, top);
    top = past_low_wrapper(dom, scores, s[top].max(s[best]), top);
    if let Some(parent) = mirrored_parent(dom, pruned, scores, top) {
        top = parent;
    }
    while let Some(p) = dom.parent(top) {
        if is_root_level(dom, p) || dom.children(p).filter(|&c| dom.tag(c).is_some()).count() != 1 {
            break;
        }
        top = p;
    }
    top
}

/// The nearest ancestor (a few levels up) under which the block holding the candidate
/// has same-tag, same-class siblings that hold prose of their own: the story's other
/// components, modules or sections, built like the first one (a page builder's
/// `component`s, a long read's `section.chapter`s). Teaser cards and rails hold no prose
/// paragraph, or hold links, and do not mirror.
fn mirrored_parent(dom: &Dom<'_>, pruned: &Pruned, scores: &Scores, top: usize) -> Option<usize> {
    let mut child = top;
    let mut cur = dom.parent(top);
    for _ in 0..MIRROR_LEVELS {
        let a = cur?;
        if is_root_level(dom, a) {
            return None;
        }
        if let Some(class) = dom.attr(child, "class").filter(|c| !c.trim().is_empty()) {
            let tag = dom.tag(child);
            let story = scores.holds_h1(dom, child);
            let mirrors = dom.children(a).any(|c| {
                c != child
                    && !pruned.removed[c]
                    && !(story && scores.holds_h1(dom, c))
                    && dom.tag(c) == tag
                    && dom.attr(c, "class") == Some(class)
                    && scores.prose_in(dom, c) >= PROSE_WIDTH
                    && pruned.stats[c].link_density() < MIRROR_MAX_LINKS
                    && !dom.opens_with_link(c, &pruned.removed)
            });
            if mirrors {
                return Some(a);
            }
        }
        child = a;
        cur = dom.parent(a);
    }
    None
}

/// A list collects its points item by item: a bibliography, a list of signatories or a
/// glossary can outscore the few paragraphs of prose beside it (an abstract). When the top
/// holds its text mostly in list items, an ancestor a few levels up that holds two
/// paragraphs' worth of prose outside the list is the article.
fn past_a_list(dom: &Dom<'_>, pruned: &Pruned, scores: &Scores, top: usize) -> usize {
    let width = pruned.stats[top].width;
    if width == 0 || (width_in_items(dom, pruned, top) as f32) < width as f32 * LIST_SHARE {
        return top;
    }
    let prose = scores.prose_in(dom, top);
    let mut cur = dom.parent(top);
    for _ in 0..LIST_LEVELS {
        let Some(a) = cur else { break };
        if is_root_level(dom, a) {
            break;
        }
        if scores.prose_in(dom, a).saturating_sub(prose) >= PROSE_BESIDE_LIST {
            return a;
        }
        cur = dom.parent(a);
    }
    top
}

/// Text of the list items (and definition and table cells) in a subtree.
fn width_in_items(dom: &Dom<'_>, pruned: &Pruned, root: usize) -> u32 {
    let mut width = 0;
    let mut i = root;
    while i < dom.end(root) {
        if pruned.removed[i] {
            i = dom.end(i);
        } else if matches!(dom.tag(i), Some(Tag::Li | Tag::Dd | Tag::Td)) {
            width += pruned.stats[i].width;
            i = dom.end(i);
        } else {
            i += 1;
        }
    }
    width
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
    let top_story = scores.holds_h1(dom, top);
    let leads = leads_before(dom, pruned, top);
    let mut roots = Vec::new();
    for sib in dom.children(parent) {
        if sib == top {
            roots.push(sib);
            continue;
        }
        // A listing of other stories beside the story is not part of it, nor is another
        // story with a headline of its own.
        if pruned.removed[sib]
            || dom.tag(sib).is_none()
            || scores.articles[sib] >= 2
            || (top_story && scores.holds_h1(dom, sib))
        {
            continue;
        }
        // A sibling wearing the top's class is likely more of the same body, if it holds
        // prose of its own (not a licence note or a credit in the same wrapper class).
        let mut bonus = 0.0;
        if top_class.is_some()
            && dom.attr(sib, "class") == top_class
            && scores.prose_in(dom, sib) >= PROSE_WIDTH
        {
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
        if leads.contains(&sib) {
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

/// The lead of the article: one to three sentences between the headline and the body, in
/// a wrapper of their own (a standfirst, an intro), just before the top inside the same
/// article or main element. Up to two such blocks, nearest first; a block that is not a
/// lead ends the search. Subtitles set as headings in the article's header are left out:
/// taking them too cost scrapinghub precision 0.9797 → 0.9789 (its gold leaves every
/// standfirst out), under the gate's floor.
fn leads_before(dom: &Dom<'_>, pruned: &Pruned, top: usize) -> Vec<usize> {
    let Some(parent) = dom.parent(top) else {
        return Vec::new();
    };
    let in_article = std::iter::successors(Some(parent), |&a| dom.parent(a))
        .take(LEAD_ARTICLE_LEVELS)
        .any(|a| {
            matches!(dom.tag(a), Some(Tag::Article | Tag::Main)) || pruned.signals[a].body_marker
        });
    if !in_article {
        return Vec::new();
    }
    let before: Vec<usize> = dom
        .children(parent)
        .take_while(|&c| c != top)
        .filter(|&c| !pruned.removed[c] && pruned.stats[c].width > 0)
        .collect();
    let mut leads = Vec::new();
    for &sib in before.iter().rev().take(LEAD_BLOCKS) {
        let st = pruned.stats[sib];
        let short = st.width <= LEAD_MAX_WIDTH && st.link_density() < LEAD_MAX_LINKS;
        if !(short && ends_sentence(dom, pruned, sib)) {
            break;
        }
        leads.push(sib);
    }
    leads
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

    /// The selected roots and text, the page's `<h1>` as its headline.
    fn selected_with_headline(html: &str) -> String {
        let tree = parse(html);
        let dom = Dom::build(&tree);
        let pruned = prune::prune(&dom, &Options::default());
        let scores = score::score(&dom, &pruned);
        let h1 = (0..dom.len()).find(|&i| dom.tag(i) == Some(Tag::H(1)));
        let sel = select(&dom, &pruned, &scores, Focus::Balanced, h1).unwrap();
        let mut out = String::new();
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
        out
    }

    /// Parses a page for the direct tests of one selection step.
    fn page_parts(html: &str, f: impl FnOnce(&Dom<'_>, &Pruned, &Scores)) {
        let tree = parse(html);
        let dom = Dom::build(&tree);
        let pruned = prune::prune(&dom, &Options::default());
        let scores = score::score(&dom, &pruned);
        f(&dom, &pruned, &scores);
    }

    fn by_class(dom: &Dom<'_>, class: &str) -> Vec<usize> {
        (0..dom.len())
            .filter(|&i| dom.attr(i, "class") == Some(class))
            .collect()
    }

    /// Paragraphs five wrappers deep in three sibling `component`s: from the text block of
    /// the first, the body holding all three mirrored components is the story.
    #[test]
    fn mirrored_components_are_one_story() {
        let component = |topic: &str| {
            format!(
                r#"<div class="component"><div class="inner"><div class="par"><div class="text"><div>
                   {}</div></div></div></div></div>"#,
                para(topic)
            )
        };
        let html = format!(
            r#"<article><h1>Hall</h1><div class="body">{}{}{}</div></article>
               <div class="rail"><div class="card"><a href=a>Other story one</a></div>
               <div class="card"><a href=b>Other story two</a></div></div>"#,
            component("first part"),
            component("second part"),
            component("third part")
        );
        page_parts(&html, |dom, pruned, scores| {
            let text = by_class(dom, "text")[0];
            let body = by_class(dom, "body")[0];
            assert_eq!(mirrored_parent(dom, pruned, scores, text), Some(body));
            // Cards of links do not mirror.
            let card = by_class(dom, "card")[0];
            assert_eq!(mirrored_parent(dom, pruned, scores, card), None);
        });
        // Teaser cards (a linked title over a sentence-long summary) do not mirror either.
        let card = |title: &str| {
            format!(
                r#"<div class="card"><h4><a href="/{title}">{title}</a></h4><p>{}</p></div>"#,
                "The choir visited four towns in six days, singing in churches and halls."
            )
        };
        let html = format!(
            r#"<article><p>Intro.</p></article><div class="cards">{}{}{}</div>"#,
            card("Camp"),
            card("Robes"),
            card("Tour")
        );
        page_parts(&html, |dom, pruned, scores| {
            let p = (0..dom.len())
                .rfind(|&i| dom.tag(i) == Some(Tag::P))
                .unwrap();
            assert_eq!(mirrored_parent(dom, pruned, scores, p), None);
        });
    }

    /// A feed of two full stories built alike: the one holding the page's headline is the
    /// story, though the other is longer.
    #[test]
    fn the_story_holding_the_headline_wins_over_a_longer_one() {
        let story = |head: &str, n: usize| {
            let paras: String = (1..=n).map(|k| para(&format!("{head} {k}"))).collect();
            format!(
                r#"<div class="story-block"><article class="story"><header><h1>{head}</h1></header>
                   <div class="story-text">{paras}</div></article></div>"#
            )
        };
        let html = format!(
            r#"<section class="feed">{}{}</section>"#,
            story("Market", 2),
            story("Tram", 7)
        );
        let text = selected_with_headline(&html);
        assert!(text.contains("The Market 2 needs care"), "{text}");
        assert!(!text.contains("Tram"), "{text}");
    }

    /// A header block and a body block of one article share a builder's class: they are
    /// not two stories. Two story blocks, each with its headline and prose, are.
    #[test]
    fn parallel_stories_need_headlines_and_prose() {
        let paras: String = (1..=4).map(|k| para(&format!("body {k}"))).collect();
        let html = format!(
            r#"<article><div class="block"><header><h1>Title</h1><p>A subtitle line.</p></header></div>
               <div class="block"><div class="text">{paras}</div></div></article>"#
        );
        page_parts(&html, |dom, _, scores| {
            let h1 = (0..dom.len())
                .find(|&i| dom.tag(i) == Some(Tag::H(1)))
                .unwrap();
            let text = by_class(dom, "text")[0];
            assert_eq!(parallel_story(dom, scores, text, h1), None);
        });
        let html = format!(
            r#"<div class="block"><h1>One</h1>{}</div><div class="block"><h1>Two</h1>
               <div class="text">{paras}</div></div>"#,
            para("one")
        );
        page_parts(&html, |dom, _, scores| {
            let h1 = (0..dom.len())
                .find(|&i| dom.tag(i) == Some(Tag::H(1)))
                .unwrap();
            let text = by_class(dom, "text")[0];
            assert_eq!(
                parallel_story(dom, scores, text, h1),
                Some(by_class(dom, "block")[0])
            );
        });
    }

    /// A sibling wearing the top's class joins only with prose of its own: a second
    /// `article-body` holding a licence note does not.
    #[test]
    fn a_same_class_sibling_needs_prose_of_its_own() {
        let html = format!(
            r#"<div class="main"><div class="article-body">{}{}{}</div>
               <div class="article-body"><p>Republishing is welcome under our licence.</p></div></div>"#,
            para("a"),
            para("b"),
            para("c")
        );
        let (_, text) = selected(&html);
        assert!(text.contains("The c needs care"));
        assert!(!text.contains("Republishing"), "{text}");
    }

    /// A wrapper named `content` wins by its name over the column holding its prose; the
    /// column is the story, and the side column of boxes does not come along.
    #[test]
    fn a_positive_wrapper_yields_to_its_column() {
        let html = format!(
            r#"<div id="main"><div id="content"><div id="left"><h1>Volunteers</h1>{}{}</div>
               <div id="right"><h2>Ask our team:</h2><div><b>Owen</b></div><p>Phone 0102</p>
               <div class="linkbox"><p>SUPPORT US</p><p>Become a member and get free entry</p></div>
               </div></div></div>"#,
            para("museum"),
            para("training")
        );
        let (roots, text) = selected(&html);
        assert!(text.contains("The training needs care"), "{text}");
        assert!(
            !text.contains("SUPPORT US") && !text.contains("Ask our team"),
            "{roots:?} {text}"
        );
    }

    /// Twelve comma-dense references outscore a two-paragraph abstract item by item; the
    /// article is what holds both.
    #[test]
    fn a_list_does_not_shut_out_the_prose_beside_it() {
        let refs: String = (1..=24)
            .map(|k| {
                format!(
                    "<li>Author{k}, A., Other, B.: A title of a paper, Journal {k}, 12(3), \
                     45-61, 2011, and more notes.</li>"
                )
            })
            .collect();
        let html = format!(
            r#"<main><h1>Review</h1><section class="abstract"><h2>Abstract</h2>{}{}</section>
               <section class="references"><h2>References</h2><ol>{refs}</ol></section></main>"#,
            para("abstract"),
            para("summary")
        );
        let (_, text) = selected(&html);
        assert!(text.contains("The abstract needs care"), "{text}");
    }

    /// A one-sentence intro in a wrapper of its own, just before the body inside the
    /// article, is the article's lead; a teaser line of links there is not.
    #[test]
    fn a_lead_before_the_body_joins() {
        let body: String = (1..=4).map(|k| para(&format!("body {k}"))).collect();
        let html = format!(
            r#"<main><article><h1>Night trains</h1><div class="kicker"><a href=x>Travel</a> <a href=y>Rail</a></div>
               <div class="intro"><p>Demand from weekend travellers has doubled.</p></div>
               <div class="story-body">{body}</div></article></main><footer>Rail News</footer>"#
        );
        let (_, text) = selected(&html);
        assert!(
            text.contains("Demand from weekend travellers has doubled."),
            "{text}"
        );
        assert!(!text.contains("Travel"), "{text}");
    }
}

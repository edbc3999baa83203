//! Boxes inside or beside the body that are not the article, found by their structure:
//! small print after the story (a press release's "About the company", a moderation
//! notice), a grid of teaser cards whose linked titles go and whose blurbs would stay,
//! and the title a box keeps when its content went.

use super::super::dom::Dom;
use super::super::measure::{TextStats, is_prose};
use super::super::tag::Tag;
use super::guard::Measures;

/// Small print is at least this long (width units): a line, not a footnote mark.
const SMALL_PRINT_MIN_WIDTH: u32 = 40;
/// Small print stands in the second half of the page's prose...
const SMALL_PRINT_AFTER: f32 = 0.5;
/// ... and is at most this share of the page's prose (its text set small measured against
/// it): a page set in a small font throughout is not.
const SMALL_PRINT_MAX_SHARE: f32 = 0.3;

/// A teaser grid has at least this many same-class cards...
const GRID_CARDS: usize = 3;
/// ... each shorter than this (width units)...
const CARD_MAX_WIDTH: u32 = 400;
/// ... with at least this much text outside its links...
const CARD_MIN_PLAIN: u32 = 30;
/// ... and a link share between these.
const CARD_LINKS: (f32, f32) = (0.05, 0.7);

/// A box's title is at most this long (width units) ...
const ORPHAN_TITLE_WIDTH: u32 = 40;

/// The boxes (`div`, `section`, `aside`) that held one of the removed subtrees `roots`
/// and now hold only a short title without a sentence, shorter than what went: the
/// title of a teaser, download or related box whose content was pruned. `stats` are the
/// subtree stats after the removal, the roots' own stats still whole.
pub fn orphan_titles(dom: &Dom<'_>, stats: &[TextStats], roots: &[usize]) -> Vec<usize> {
    let mut orphans: Vec<usize> = roots
        .iter()
        .filter_map(|&r| {
            let p = dom.parent(r)?;
            let left = stats[p];
            let boxed = matches!(dom.tag(p), Some(Tag::Div | Tag::Section | Tag::Aside));
            let title = left.width > 0 && left.width <= ORPHAN_TITLE_WIDTH && left.stops == 0;
            (boxed && title && stats[r].width > left.width).then_some(p)
        })
        .collect();
    orphans.sort_unstable();
    orphans.dedup();
    // Outermost only, so that no text is taken off twice.
    let mut outer: Vec<usize> = Vec::with_capacity(orphans.len());
    for o in orphans {
        if outer.last().is_none_or(|&last| dom.end(last) <= o) {
            outer.push(o);
        }
    }
    outer
}

/// Blocks set in small print (an inline `font-size` that shrinks the text, or a block
/// whose text is all inside `<small>`) after the middle of the page's prose, when small
/// print is a small part of the page.
pub fn small_print(dom: &Dom<'_>, m: &Measures, removed: &[bool]) -> Vec<usize> {
    let n = dom.len();
    let mut prose_before = Vec::with_capacity(n + 1);
    prose_before.push(0u32);
    for i in 0..n {
        let prose = if !removed[i] && is_prose(&m.own[i]) {
            m.own[i].width
        } else {
            0
        };
        prose_before.push(prose_before[i] + prose);
    }
    let total = prose_before[n].max(1) as f32;
    let mut found = Vec::new();
    let mut i = 0;
    while i < n {
        if !removed[i] && m.raw[i].width >= SMALL_PRINT_MIN_WIDTH && is_small_print(dom, m, i) {
            found.push(i);
            i = dom.end(i);
        } else {
            i += 1;
        }
    }
    // Measured in text, not prose: small print is often set on inline spans.
    let small: u32 = found.iter().map(|&b| m.raw[b].width).sum();
    if small as f32 > total * SMALL_PRINT_MAX_SHARE {
        return Vec::new();
    }
    found.retain(|&b| prose_before[b] as f32 >= total * SMALL_PRINT_AFTER);
    found
}

fn is_small_print(dom: &Dom<'_>, m: &Measures, i: usize) -> bool {
    let Some(el) = dom.element(i) else {
        return false;
    };
    if el.attr("style").is_some_and(shrinks_font) {
        return true;
    }
    // A paragraph whose whole text is one <small>.
    dom.tag(i) == Some(Tag::P)
        && dom
            .children(i)
            .filter(|&c| dom.tag(c).is_some() || m.raw[c].width > 0)
            .collect::<Vec<_>>()
            .as_slice()
            .iter()
            .all(|&c| dom.element(c).is_some_and(|e| e.name() == "small"))
}

/// An inline style that sets a small font: 12 px or less, 9 pt or less, under 0.9 em or
/// 90 %, or a small keyword.
fn shrinks_font(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let Some(at) = compact.find("font-size:") else {
        return false;
    };
    let value = compact[at + "font-size:".len()..]
        .split([';', '!'])
        .next()
        .unwrap_or("");
    if matches!(value, "small" | "x-small" | "xx-small" | "smaller") {
        return true;
    }
    let digits = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let Ok(size) = value[..digits].parse::<f32>() else {
        return false;
    };
    match &value[digits..] {
        "px" => size <= 12.0,
        "pt" => size <= 9.0,
        "em" | "rem" => size < 0.9,
        "%" => size < 90.0,
        _ => false,
    }
}

/// Grids of teaser cards: three or more siblings with one tag and class, each opening
/// with a link (its title) over a short blurb. Clean-up takes the linked titles as link
/// lines; the blurbs would stay without their titles.
pub fn teaser_grids(dom: &Dom<'_>, m: &Measures, removed: &[bool]) -> Vec<usize> {
    let mut found = Vec::new();
    for parent in 0..dom.len() {
        if removed[parent] || dom.tag(parent).is_none() {
            continue;
        }
        let cards: Vec<usize> = dom
            .children(parent)
            .filter(|&c| !removed[c] && is_card(dom, m, removed, c))
            .collect();
        if cards.len() < GRID_CARDS {
            continue;
        }
        let class = |c: usize| dom.attr(c, "class");
        let alike = cards
            .iter()
            .all(|&c| class(c) == class(cards[0]) && dom.tag(c) == dom.tag(cards[0]));
        if alike && class(cards[0]).is_some_and(|c| !c.trim().is_empty()) {
            found.extend(cards);
        }
    }
    found
}

fn is_card(dom: &Dom<'_>, m: &Measures, removed: &[bool], c: usize) -> bool {
    let st = m.raw[c];
    let ld = st.link_density();
    dom.tag(c).is_some_and(|t| t.is_block())
        && st.width < CARD_MAX_WIDTH
        && m.plain(c) >= CARD_MIN_PLAIN
        && (CARD_LINKS.0..=CARD_LINKS.1).contains(&ld)
        && dom.opens_with_link(c, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_fonts() {
        for style in [
            "font-size: 12px",
            "color:grey;font-size:10px",
            "font-size:9pt",
            "FONT-SIZE: small",
            "font-size:.8em",
            "font-size:80%",
        ] {
            assert!(shrinks_font(style), "{style}");
        }
        for style in [
            "font-size:14px",
            "font-size:1em",
            "color:red",
            "font-size:large",
        ] {
            assert!(!shrinks_font(style), "{style}");
        }
    }
}

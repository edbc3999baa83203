//! Last pass over the rendered lines: drops what the container still carried that is not
//! the article: link clusters (related lists), stubs at the edges (bylines, dates, credits,
//! vote counts), the headline repeated, and lines repeated back to back.

mod edges;
mod links;

use std::collections::HashSet;

use edges::trim_edges;
use links::drop_link_clusters;

use super::options::Focus;
use super::render::{Line, looks_like_url};
use super::script;
use crate::document::BlockKind;

/// Leaning to precision, a line with this share of links is dropped.
const DOUBTFUL_LINKS: f32 = 0.3;
/// A line whose link share reaches this is all links.
const ALL_LINKS: f32 = 0.9;
/// A line whose link share reaches this is link-heavy.
const LINK_HEAVY: f32 = 0.5;
/// A line this long (in [`script::width`] units, as every length here) with sentence
/// punctuation and few links is certainly article text.
const GOOD_WIDTH: u32 = 60;
/// Below this length a line at the edge of the article without a full stop is a stub.
const STUB_WIDTH: u32 = 80;
/// In a script written without sentence punctuation (Thai…), a line this long reads as a
/// sentence: a clause of four or five words, longer than a byline or a date.
const STOPLESS_SENTENCE_WIDTH: u32 = 24;
/// Edge stubs holding more than this share of the text are content, not chrome.
const STUBS_AS_CONTENT: f32 = 0.3;
/// A list of at least this many items...
const PLAIN_LIST_ITEMS: usize = 3;
/// ...whose items have less than this share of links is content.
const PLAIN_LIST_LINKS: f32 = 0.1;
/// Lines of running text needed after a link list for it to count as part of the article.
const TEXT_AFTER_LIST: usize = 2;
/// A line of at least this many words can be prose (a salutation, a sign-off) without
/// being long.
const PROSE_WORDS: usize = 5;

/// Filters the lines of the selected container.
pub fn clean(lines: Vec<Line>, title: Option<&str>, focus: Focus, dedupe: bool) -> Vec<Line> {
    let mut keep = vec![true; lines.len()];
    drop_title_repeats(&lines, title, &mut keep);
    drop_link_clusters(&lines, focus, &mut keep);
    trim_edges(&lines, focus, &mut keep);
    if focus == Focus::Precision {
        drop_doubtful(&lines, &mut keep);
    }
    drop_repeats(&lines, dedupe, &mut keep);
    lines
        .into_iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(l))
        .collect()
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn drop_title_repeats(lines: &[Line], title: Option<&str>, keep: &mut [bool]) {
    let Some(title) = title.map(normalize).filter(|t| !t.is_empty()) else {
        return;
    };
    let first = lines.iter().position(is_good).unwrap_or(lines.len());
    for (i, l) in lines.iter().enumerate() {
        if !is_heading(l) {
            continue;
        }
        let heading = normalize(&l.text);
        // Before the text, the headline also shows as the title less the site's name
        // ("Layoffs begin today | The Daily").
        let headline = i < first
            && !heading.is_empty()
            && heading.len() * 2 >= title.len()
            && title.contains(&heading);
        if heading == title || headline {
            keep[i] = false;
        }
    }
}

/// Leaning to precision: lines with a fair share of links go wherever they stand.
fn drop_doubtful(lines: &[Line], keep: &mut [bool]) {
    for (k, l) in lines.iter().enumerate() {
        if l.link_density() >= DOUBTFUL_LINKS && !matches!(l.kind, BlockKind::Heading(_)) {
            keep[k] = false;
        }
    }
}

fn is_link_heavy(l: &Line) -> bool {
    l.link_density() >= LINK_HEAVY
}

/// Running text: long enough (addresses aside), few links, ends a sentence somewhere (or is written in a
/// script without sentence punctuation).
fn is_good(l: &Line) -> bool {
    !matches!(l.kind, BlockKind::Heading(_))
        && l.width >= GOOD_WIDTH
        && width_without_urls(l) >= GOOD_WIDTH
        && l.link_density() < LINK_HEAVY
        && (l.is_stopless() || l.text.chars().any(script::is_stop))
}

fn is_heading(l: &Line) -> bool {
    matches!(l.kind, BlockKind::Heading(_))
}

/// A short line without a sentence, or a link-heavy one. Web addresses in the line do not
/// count towards its length: "Link to this page: https://…" is a stub however long the
/// address.
fn is_stub(l: &Line) -> bool {
    is_link_heavy(l) || (width_without_urls(l) < STUB_WIDTH && !ends_sentence(l))
}

/// The line's width, less the words that are web or mail addresses.
fn width_without_urls(l: &Line) -> u32 {
    if !l.text.contains(['/', '@']) {
        return l.width;
    }
    let urls: u32 = l
        .text
        .split_whitespace()
        .filter(|w| looks_like_url(w))
        .map(script::text_width)
        .sum();
    l.width.saturating_sub(urls)
}

/// The line ends a sentence ([`script::ends_sentence`]: closing quotes, brackets, a
/// bracketed aside and emoji after the stop; or a word closed by an emoji), or is a
/// clause-long line in a script written without sentence punctuation.
fn ends_sentence(l: &Line) -> bool {
    script::ends_sentence(&l.text)
        || script::ends_in_pictograph(&l.text)
        || (l.is_stopless() && l.width >= STOPLESS_SENTENCE_WIDTH)
}

/// A line identical to the line kept just before it is a rendering echo (a caption
/// repeated, a heading shown twice for two screen sizes). Repeats far apart are kept: a
/// recipe or a schedule may well say the same thing twice.
fn drop_repeats(lines: &[Line], everywhere: bool, keep: &mut [bool]) {
    let mut previous: Option<&str> = None;
    let mut seen = HashSet::new();
    for (k, l) in lines.iter().enumerate() {
        if !keep[k] {
            continue;
        }
        let text = l.text.as_str();
        let repeated = if everywhere {
            !text.is_empty() && !seen.insert(text)
        } else {
            previous == Some(text)
        };
        if repeated {
            keep[k] = false;
        }
        previous = Some(text);
    }
}

#[cfg(test)]
mod tests;

//! Last pass over the rendered lines: drops what the container still carried that is not
//! the article: link clusters (related lists), stubs at the edges (bylines, dates, credits,
//! vote counts), the headline repeated, and lines repeated back to back.

use std::collections::HashSet;

use super::options::Focus;
use super::render::Line;
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
    for (i, l) in lines.iter().enumerate() {
        if matches!(l.kind, BlockKind::Heading(_)) && normalize(&l.text) == title {
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

/// Running text: long enough, few links, ends a sentence somewhere (or is written in a
/// script without sentence punctuation).
fn is_good(l: &Line) -> bool {
    !matches!(l.kind, BlockKind::Heading(_))
        && l.width >= GOOD_WIDTH
        && l.link_density() < LINK_HEAVY
        && (l.is_stopless() || l.text.chars().any(script::is_stop))
}

/// Link-heavy runs of two or more lines (or list items) are navigation-like: dropped unless
/// the article's running text continues after them.
fn drop_link_clusters(lines: &[Line], focus: Focus, keep: &mut [bool]) {
    let n = lines.len();
    // good[k]: running-text lines among the first k lines, so that "text before" and
    // "text after" a run cost O(1) (a page of 20 000 link runs stays linear).
    let mut good = Vec::with_capacity(n + 1);
    good.push(0usize);
    for l in lines {
        good.push(good[good.len() - 1] + usize::from(is_good(l)));
    }
    let mut i = 0;
    while i < n {
        if !is_link_heavy(&lines[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i = run_end(lines, start);
        let run = start..i;
        // A lone linked sentence or sub-heading between lines of text is part of the story;
        // a lone linked title ("Read more: …") is a teaser. Edges are left to edge trimming.
        let first = &lines[start];
        let lone = run.len() == 1 && first.list.is_none();
        let reads_as_text = matches!(first.kind, BlockKind::Heading(_)) || ends_sentence(first);
        if lone && start > 0 && i < n && reads_as_text && focus != Focus::Precision {
            continue;
        }
        let good_after = good[n] - good[i];
        let good_before = good[start];
        let inside_text = good_after >= TEXT_AFTER_LIST && good_before > 0;
        // Inside the text, a real list of links (sources, further reading) stays; a run of
        // link paragraphs is a teaser block spliced into the story ("Don't miss").
        let is_list = lines[run.clone()].iter().all(|l| l.list.is_some());
        // ... unless a heading introduces a list of nothing but linked titles ("Most read").
        let titles_only = lines[run.clone()]
            .iter()
            .all(|l| l.link_density() >= ALL_LINKS && !ends_sentence(l));
        let introduced = start > 0 && matches!(lines[start - 1].kind, BlockKind::Heading(_));
        let teaser_list = titles_only && introduced;
        let spared = inside_text && focus == Focus::Recall;
        if (!inside_text || !is_list || teaser_list) && !spared {
            for k in run.clone() {
                // Inside the text, a linked sentence is still a sentence of the story.
                keep[k] = inside_text && ends_sentence(&lines[k]) && lines[k].width >= GOOD_WIDTH;
            }
            // A heading right before a dropped list introduces it ("Related", "Most read").
            let mut h = start;
            while h > 0 && matches!(lines[h - 1].kind, BlockKind::Heading(_)) {
                h -= 1;
                keep[h] = false;
            }
        }
    }
}

/// Where the link run starting at the link-heavy line `start` ends: it takes the
/// link-heavy lines that follow, and the other items of the list it starts in while that
/// list is mostly link-heavy items (a list of linked titles with a line of text between
/// them). A list whose items are mostly not links is not a link list because its first
/// item is one: the run is then only the link-heavy lines at its start.
fn run_end(lines: &[Line], start: usize) -> usize {
    let n = lines.len();
    let heavy_end = (start..n).find(|&k| !is_link_heavy(&lines[k])).unwrap_or(n);
    if lines[start].list.is_none() {
        return heavy_end;
    }
    let mut end = start;
    let mut heavy = 0;
    while end < n && (is_link_heavy(&lines[end]) || same_list(&lines[end], &lines[start])) {
        heavy += usize::from(is_link_heavy(&lines[end]));
        end += 1;
    }
    if heavy * 2 >= end - start {
        end
    } else {
        heavy_end
    }
}

fn same_list(a: &Line, b: &Line) -> bool {
    a.list.is_some() && a.list == b.list
}

/// Stubs at the edges of the article: every stub before the first line of running text
/// (bylines, dates, breadcrumbs), and the unbroken run of stubs at the very end (credits,
/// vote counts, share prompts) — short lines between kept lines at the end are part of the
/// story (a venue box, a closing note). Stubs that are a large part of the text, or a plain
/// list, are the content itself (a schedule, results, steps) and stay.
fn trim_edges(lines: &[Line], focus: Focus, keep: &mut [bool]) {
    let Some(first) = lines.iter().position(is_good) else {
        return;
    };
    let last = lines.iter().rposition(is_good).unwrap_or(first);
    let total: u32 = lines.iter().map(|l| l.width).sum();
    let edge_stubs: u32 = lines
        .iter()
        .enumerate()
        .filter(|&(k, l)| (k < first || k > last) && is_stub(l) && !is_link_heavy(l))
        .map(|(_, l)| l.width)
        .sum();
    let stubs_are_content = edge_stubs as f32 > total as f32 * STUBS_AS_CONTENT;
    let protected = plain_lists(lines);
    let drop = |k: usize| {
        let l = &lines[k];
        if focus == Focus::Recall {
            return is_link_heavy(l);
        }
        is_stub(l) && !protected[k] && (is_link_heavy(l) || !stubs_are_content)
    };
    for (k, kept) in keep.iter_mut().enumerate().take(first) {
        if drop(k) {
            *kept = false;
        }
    }
    for k in (last + 1..lines.len()).rev() {
        if !keep[k] {
            continue;
        }
        if !drop(k) {
            // Leaning to precision, every stub after the last paragraph goes, not only
            // the unbroken run at the very end.
            if focus == Focus::Precision {
                continue;
            }
            break;
        }
        keep[k] = false;
    }
}

/// Lines of lists with at least [`PLAIN_LIST_ITEMS`] items and (almost) no links, and the
/// heading right before such a list: content, never stubs.
fn plain_lists(lines: &[Line]) -> Vec<bool> {
    let n = lines.len();
    let mut protected = vec![false; n];
    let mut k = 0;
    while k < n {
        let Some(list) = lines[k].list else {
            k += 1;
            continue;
        };
        let mut j = k;
        while j < n && lines[j].list == Some(list) {
            j += 1;
        }
        let plain = lines[k..j].iter().all(|l| {
            l.link_density() < PLAIN_LIST_LINKS && !matches!(l.kind, BlockKind::Heading(_))
        });
        if j - k >= PLAIN_LIST_ITEMS && plain {
            protected[k..j].iter_mut().for_each(|p| *p = true);
            if k > 0 && matches!(lines[k - 1].kind, BlockKind::Heading(_)) {
                protected[k - 1] = true;
            }
        }
        k = j;
    }
    protected
}

fn is_stub(l: &Line) -> bool {
    is_link_heavy(l) || (l.width < STUB_WIDTH && !ends_sentence(l))
}

/// The line ends a sentence ([`script::ends_sentence`]: closing quotes, brackets, a
/// bracketed aside and emoji after the stop), or is a clause-long line in a script written
/// without sentence punctuation.
fn ends_sentence(l: &Line) -> bool {
    script::ends_sentence(&l.text) || (l.is_stopless() && l.width >= STOPLESS_SENTENCE_WIDTH)
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
mod tests {
    use super::*;

    fn line(text: &str, links: bool, list: Option<usize>) -> Line {
        let width = script::text_width(text);
        Line {
            kind: if list.is_some() {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            },
            text: text.to_string(),
            markdown: text.to_string(),
            width,
            link_width: if links { width } else { 0 },
            stopless: text
                .chars()
                .filter(|&c| script::is_stopless(c))
                .map(script::width)
                .sum(),
            list,
        }
    }

    const P: &str =
        "This is a long paragraph of running article text, which carries on and ends properly.";

    #[test]
    fn trailing_link_list_and_its_heading_go() {
        let mut h = line("Related", false, None);
        h.kind = BlockKind::Heading(2);
        let lines = vec![
            line(P, false, None),
            h,
            line("Other story one", true, Some(9)),
            line("Other story two", true, Some(9)),
        ];
        let out = clean(lines, None, Focus::Balanced, false);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn headed_list_of_linked_titles_goes_even_mid_story() {
        let mut h = line("Most read", false, None);
        h.kind = BlockKind::Heading(3);
        let lines = vec![
            line(P, false, None),
            h,
            line("Lunar orbiter maps ice", true, Some(9)),
            line("Hot nights cost sleep", true, Some(9)),
            line(&P.replace("long", "third"), false, None),
            line(&P.replace("long", "second"), false, None),
        ];
        assert_eq!(clean(lines, None, Focus::Balanced, false).len(), 3);
    }

    #[test]
    fn lone_linked_title_mid_story_goes_but_linked_sentence_stays() {
        let lines = vec![
            line(P, false, None),
            line("Read more: Tram workers walk out over pay", true, None),
            line(&P.replace("long", "second"), false, None),
            line(
                "A whole sentence of the story that happens to be one long link.",
                true,
                None,
            ),
            line(&P.replace("long", "third"), false, None),
        ];
        let out: Vec<String> = clean(lines, None, Focus::Balanced, false)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(!out.iter().any(|l| l.starts_with("Read more")));
    }

    #[test]
    fn link_list_inside_the_story_stays() {
        let lines = vec![
            line(P, false, None),
            line("Source one", true, Some(9)),
            line("Source two", true, Some(9)),
            line(P, false, None),
            line(&P.replace("long", "second"), false, None),
        ];
        let out: Vec<String> = clean(lines, None, Focus::Balanced, false)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(out.len(), 5, "{out:?}");
    }

    #[test]
    fn stubs_at_edges_go_but_credit_sentence_stays() {
        let p2 = P.replace("long", "second");
        let p3 = P.replace("long", "third");
        let lines = vec![
            line("View", false, None),
            line("Date: 2025-04-28 11:45:07", false, None),
            line(P, false, None),
            line(&p2, false, None),
            line(&p3, false, None),
            line("Jane Doe reported from Lisbon.", false, None),
            line("veryGood! (243)", false, None),
        ];
        let out: Vec<String> = clean(lines, None, Focus::Balanced, false)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(out, [P, &p2, &p3, "Jane Doe reported from Lisbon."]);
    }

    #[test]
    fn short_lines_between_kept_lines_at_the_end_stay() {
        let lines = vec![
            line(P, false, None),
            line(&P.replace("long", "second"), false, None),
            line("Venue: Harbour Hall, Pier 4", false, None),
            line("Opening hours 9.30 to 19.00", false, None),
            line("See you there.", false, None),
            line("Share this", false, None),
        ];
        let out: Vec<String> = clean(lines, None, Focus::Balanced, false)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(out.len(), 5, "{out:?}");
    }

    #[test]
    fn a_plain_list_at_the_end_is_content() {
        let mut h = line("Qualified teams", false, None);
        h.kind = BlockKind::Heading(2);
        let mut lines = vec![
            line(P, false, None),
            line(&P.replace("long", "second"), false, None),
            h,
        ];
        for team in ["Belgium", "Italy", "Russia", "Poland"] {
            lines.push(line(team, false, Some(7)));
        }
        assert_eq!(clean(lines, None, Focus::Balanced, false).len(), 7);
    }

    #[test]
    fn dedupe_drops_repeats_anywhere_when_asked() {
        let lines = || {
            vec![
                line(P, false, None),
                line(&P.replace("long", "second"), false, None),
                line(P, false, None),
            ]
        };
        assert_eq!(clean(lines(), None, Focus::Balanced, false).len(), 3);
        assert_eq!(clean(lines(), None, Focus::Balanced, true).len(), 2);
    }

    #[test]
    fn focus_moves_the_edge_trimming() {
        let lines = || {
            vec![
                line("Updated 3 hours ago", false, None),
                line(P, false, None),
                line("Venue: Harbour Hall", false, None),
                line(&P.replace("long", "second"), false, None),
                line("Photo: Agency", false, None),
            ]
        };
        assert_eq!(clean(lines(), None, Focus::Recall, false).len(), 5);
        assert_eq!(clean(lines(), None, Focus::Balanced, false).len(), 3);
    }

    #[test]
    fn edge_lines_that_are_most_of_the_text_stay() {
        let mut lines: Vec<Line> = (1..=8)
            .map(|k| line(&format!("Stage {k}: 10 March, Interlagos"), false, None))
            .collect();
        lines.push(line(P, false, None));
        assert_eq!(clean(lines, None, Focus::Balanced, false).len(), 9);
    }

    /// One linked item at the head of a list of descriptions does not make the list a link
    /// list: the list is judged by the share of its items that are link-heavy.
    #[test]
    fn a_linked_first_item_does_not_take_the_whole_list() {
        let mut lines = vec![line(P, false, None)];
        lines.push(line("Learn more about the project", true, Some(4)));
        for k in 1..=4 {
            lines.push(line(
                &format!("Step {k} describes what to do, in a sentence of its own."),
                false,
                Some(4),
            ));
        }
        let out = clean(lines, None, Focus::Balanced, false);
        assert_eq!(
            out.len(),
            5,
            "{:?}",
            out.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        assert!(out.iter().all(|l| !l.text.starts_with("Learn more")));
        // A list of mostly linked titles still goes whole, its one plain item with it.
        let mut lines = vec![line(P, false, None)];
        for k in 1..=4 {
            lines.push(line(&format!("Another story number {k}"), true, Some(5)));
        }
        lines.push(line("Sponsored", false, Some(5)));
        assert_eq!(clean(lines, None, Focus::Balanced, false).len(), 1);
    }
}

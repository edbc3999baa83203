//! Edge trimming: the stubs before the article's first line of running text (bylines,
//! dates, breadcrumbs) and after its last (credits, vote counts, share prompts) go; what
//! only looks short there stays: a sub-title over the first paragraph, a salutation or a
//! sign-off written as prose, a plain list, a data table, a run of `Key: value` lines.

use super::{
    BlockKind, Focus, Line, PLAIN_LIST_ITEMS, PLAIN_LIST_LINKS, PROSE_WORDS, STUB_WIDTH,
    STUBS_AS_CONTENT, is_good, is_heading, is_link_heavy, is_stub, script, width_without_urls,
};

/// At the tail, a question shorter than this is a prompt ("Tell a friend?"), not the
/// story's last sentence.
const PROMPT_WIDTH: u32 = 40;

/// Stubs at the edges of the article: every stub before the first line of running text,
/// and the unbroken run of stubs at the very end — short lines between kept lines at the
/// end are part of the story (a venue box, a closing note). Stubs that are a large part of
/// the text, or a plain list, are the content itself (a schedule, results, steps) and stay.
pub(super) fn trim_edges(lines: &[Line], focus: Focus, keep: &mut [bool]) {
    let Some(first) = lines.iter().position(is_good) else {
        return;
    };
    let last = lines.iter().rposition(is_good).unwrap_or(first);
    let total: u32 = lines.iter().map(|l| l.width).sum();
    // Headings are left out of the share: a sub-title is not chrome, and a short notice
    // under its heading must not turn trimming off.
    let edge_stubs: u32 = lines
        .iter()
        .enumerate()
        .filter(|&(k, l)| {
            (k < first || k > last) && is_stub(l) && !is_link_heavy(l) && !is_heading(l)
        })
        .map(|(_, l)| l.width)
        .sum();
    let stubs_are_content = edge_stubs as f32 > total as f32 * STUBS_AS_CONTENT;
    let protected = protected_blocks(lines, last);
    let drop = |k: usize, stub: bool| {
        let l = &lines[k];
        if focus == Focus::Recall {
            // Leaning to recall (and on the relaxed step of a short page), only links and
            // datelines go.
            return is_link_heavy(l) || (stub && is_dateline(l));
        }
        stub && !protected[k] && !is_prose(l) && (is_link_heavy(l) || !stubs_are_content)
    };
    // From the first line of text back: a sub-heading stays when the line after it does
    // (an `<h1>` there is the page's headline, shown by the title or not at all).
    for k in (0..first).rev() {
        let sub = matches!(lines[k].kind, BlockKind::Heading(level) if level > 1);
        let subtitle = sub && keep[k + 1] && !is_link_heavy(&lines[k]);
        if keep[k] && drop(k, is_stub(&lines[k])) && !subtitle {
            keep[k] = false;
        }
    }
    for k in (last + 1..lines.len()).rev() {
        if !keep[k] {
            continue;
        }
        let l = &lines[k];
        let followed = keep.get(k + 1) == Some(&true);
        let introduces = is_heading(l) && followed && !is_link_heavy(l);
        if introduces || !drop(k, is_stub(l) || is_tail_stub(l)) {
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

/// What passes for a sentence but is chrome at the tail: a short question (a share
/// prompt) and a line whose stop follows a number or an address ("Last revised
/// 14.03.2022.").
fn is_tail_stub(l: &Line) -> bool {
    // A list item at the tail is a reference or a note, whose dates are its own.
    if is_heading(l) || l.list.is_some() || width_without_urls(l) >= STUB_WIDTH {
        return false;
    }
    let t = l.text.trim_end();
    let prompt = t.ends_with(['?', '？']) && l.width < PROMPT_WIDTH;
    let mut tail = t.chars().rev();
    let dated = tail.next().is_some_and(script::is_stop)
        && tail.next().is_some_and(|c| c.is_ascii_digit() || c == '/');
    prompt || dated
}

/// A short line that dates the page: a year or a time of day among a few words
/// ("2 June 2021, 07:15 | Board", "Posted 14:05").
fn is_dateline(l: &Line) -> bool {
    const MAX_WORDS: usize = 8;
    if is_heading(l) || l.text.split_whitespace().count() > MAX_WORDS {
        return false;
    }
    let year = |run: &str| run.len() == 4 && (run.starts_with("19") || run.starts_with("20"));
    let bytes = l.text.as_bytes();
    let time = bytes.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    time || l.text.split(|c: char| !c.is_ascii_digit()).any(year)
}

/// A short line written as prose: several words, most of them lower case, a comma
/// joining clauses, no figures, not a question or a label. A salutation ("Hello everyone,
/// and welcome back,") or a sign-off ("Happy riding, Sam"), where a byline or a date is
/// names and figures. Scripts without letter case never qualify: nothing tells their
/// names from their prose.
fn is_prose(l: &Line) -> bool {
    let t = l.text.trim_end();
    if is_heading(l) || l.link_width > 0 || t.ends_with(['?', ':']) {
        return false;
    }
    if t.chars().any(|c| c.is_ascii_digit()) || !t.chars().any(script::is_comma) {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let cased: Vec<bool> = words
        .iter()
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .filter(|c| c.is_lowercase() || c.is_uppercase())
        .map(char::is_lowercase)
        .collect();
    let lower = cased.iter().filter(|&&low| low).count();
    words.len() >= PROSE_WORDS && cased.len() * 2 >= words.len() && lower * 3 >= cased.len() * 2
}

/// Lines that are content, never stubs: lists and tables of at least [`PLAIN_LIST_ITEMS`]
/// lines with (almost) no links, the heading right before such a block, and after the
/// last line of running text also a paragraph broken into as many plain lines by `<br>`
/// (ratings, specifications). At the head such a paragraph is as often a byline, a date
/// and a place, so it is not protected there.
fn protected_blocks(lines: &[Line], last: usize) -> Vec<bool> {
    let n = lines.len();
    let mut protected = vec![false; n];
    let mut k = 0;
    while k < n {
        let Some(group) = lines[k].group else {
            k += 1;
            continue;
        };
        let j = (k..n).find(|&j| lines[j].group != Some(group)).unwrap_or(n);
        let block = &lines[k..j];
        // Lines that are mostly addresses are links shown as text, not content.
        let plain = block.iter().all(|l| {
            l.link_density() < PLAIN_LIST_LINKS
                && !is_heading(l)
                && width_without_urls(l) * 2 > l.width
        });
        let list_or_table = block
            .iter()
            .all(|l| l.list.is_some() || l.kind == BlockKind::TableRow);
        if j - k >= PLAIN_LIST_ITEMS && plain && (list_or_table || k > last) {
            protected[k..j].iter_mut().for_each(|p| *p = true);
            if k > 0 && is_heading(&lines[k - 1]) {
                protected[k - 1] = true;
            }
        }
        k = j;
    }
    protected
}

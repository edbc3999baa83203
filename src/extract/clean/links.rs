//! Link runs inside the selected container: related lists, teaser lines and navigation
//! that came along with the article go; link lists that are the story's own (its sources,
//! a reading list that is the whole post, a data table whose first column links) stay.

use super::{
    ALL_LINKS, GOOD_WIDTH, Line, TEXT_AFTER_LIST, ends_sentence, is_good, is_heading, is_link_heavy,
};
use crate::extract::options::Focus;

/// A linked name or credit is at most this long (and two words or more: one linked word
/// alone is a button, "Report").
const NAME_WIDTH: u32 = 30;

/// Link-heavy runs of two or more lines (or list items) are navigation-like: dropped unless
/// the article's running text continues after them.
pub(super) fn drop_link_clusters(lines: &[Line], focus: Focus, keep: &mut [bool]) {
    let n = lines.len();
    // good[k]: running-text lines among the first k lines, so that "text before" and
    // "text after" a run cost O(1) (a page of 20 000 link runs stays linear).
    let mut good = Vec::with_capacity(n + 1);
    good.push(0usize);
    for l in lines {
        good.push(good[good.len() - 1] + usize::from(is_good(l)));
    }
    let total: u64 = lines.iter().map(|l| u64::from(l.width)).sum();
    let mut i = 0;
    while i < n {
        if let Some(end) = data_table_end(lines, i) {
            i = end;
            continue;
        }
        if !is_link_heavy(&lines[i]) {
            let between_text = good[i] > 0 && good[n] > good[i + 1];
            if between_text && focus != Focus::Recall && is_label_teaser(&lines[i]) {
                keep[i] = false;
            }
            i += 1;
            continue;
        }
        let start = i;
        i = run_end(lines, start);
        let run = Run {
            lines: &lines[start..i],
            text_before: good[start] > 0,
            text_after: good[n] - good[i],
            introduced: start > 0 && is_heading(&lines[start - 1]),
            share: lines[start..i]
                .iter()
                .map(|l| u64::from(l.width))
                .sum::<u64>() as f32
                / total.max(1) as f32,
        };
        let lone_between_text = start > 0 && i < n && run.lines.len() == 1;
        if lone_between_text && focus != Focus::Precision && lone_line_stays(lines, start) {
            continue;
        }
        if run.stays(focus) {
            continue;
        }
        let inside_text = run.inside_text();
        for k in start..i {
            // Inside the text, a linked sentence is still a sentence of the story.
            keep[k] = inside_text && ends_sentence(&lines[k]) && lines[k].width >= GOOD_WIDTH;
        }
        // A heading right before a dropped list introduces it ("Related", "Most read"); a
        // heading goes only with a run that goes.
        let mut h = start;
        while h > 0 && is_heading(&lines[h - 1]) {
            h -= 1;
            keep[h] = false;
        }
        // So does a short label line ending in a colon ("More on this:").
        if h > 0 && is_label(&lines[h - 1]) {
            keep[h - 1] = false;
        }
    }
}

/// A run of link-heavy lines and what surrounds it.
struct Run<'a> {
    lines: &'a [Line],
    /// Running text comes before the run.
    text_before: bool,
    /// Lines of running text after the run.
    text_after: usize,
    /// A heading stands right before the run.
    introduced: bool,
    /// The run's share of the container's text.
    share: f32,
}

impl Run<'_> {
    fn inside_text(&self) -> bool {
        self.text_after >= TEXT_AFTER_LIST && self.text_before
    }

    /// Whether the run belongs to the article.
    fn stays(&self, focus: Focus) -> bool {
        let is_list = self.lines.iter().all(|l| l.list.is_some());
        if self.inside_text() && focus == Focus::Recall {
            return true;
        }
        // A list of nothing but linked titles is a teaser list when a heading introduces
        // it ("Most read") or when its titles link into the site itself ("Read next").
        let titles_only = self.lines.iter().all(is_title);
        let inward = self.lines.iter().all(links_inward);
        if titles_only && (self.introduced || inward) {
            return false;
        }
        // A list that is most of the container is the post itself (a reading list, a
        // link roll): there is no story beside it for it to be the chrome of.
        if is_list && self.share * 2.0 >= 1.0 {
            return true;
        }
        // Inside the text, a real list of links (sources, further reading) stays; a run
        // of link paragraphs is a teaser block spliced into the story ("Don't miss").
        self.inside_text() && is_list
    }
}

/// A line that is a linked title: (nearly) all link, and either no sentence or a short
/// one (a headline may end in "?" or "!" and still be a headline).
fn is_title(l: &Line) -> bool {
    l.link_density() >= ALL_LINKS && (!ends_sentence(l) || l.width < GOOD_WIDTH)
}

/// Most of the line's link text points into the site itself.
fn links_inward(l: &Line) -> bool {
    l.link_width > 0 && l.internal_link_width * 2 >= l.link_width
}

/// A link-heavy line on its own between lines of text. A sub-heading or a linked sentence
/// is part of the story, and so is a short line linking out of the site (a linked name, a
/// "(via …)" credit); a short line linking into the site is a teaser ("Read more: …")
/// unless it is a sentence without a label.
fn lone_line_stays(lines: &[Line], k: usize) -> bool {
    let l = &lines[k];
    if l.list.is_some() {
        return false;
    }
    if is_heading(l) {
        return true;
    }
    // A label before the link ("See also: …") makes a teaser of a linked question too.
    let short = l.width < GOOD_WIDTH;
    if short && links_inward(l) && (!ends_sentence(l) || l.text.contains(':')) {
        return false;
    }
    let name_like = l.width <= NAME_WIDTH && l.text.split_whitespace().nth(1).is_some();
    ends_sentence(l) || (name_like && is_good(&lines[k - 1]) && is_good(&lines[k + 1]))
}

/// A short line that only introduces what follows: it ends in a colon.
fn is_label(l: &Line) -> bool {
    l.list.is_none() && l.width <= NAME_WIDTH && l.text.trim_end().ends_with([':', '：'])
}

/// A short "Label: link" line that sends the reader elsewhere in the site ("Our guide:
/// bike locks"): not a sentence, all its links inward, a colon before them.
fn is_label_teaser(l: &Line) -> bool {
    l.list.is_none()
        && !is_heading(l)
        && l.internal_link_width > 0
        && l.internal_link_width == l.link_width
        && l.width < GOOD_WIDTH
        && !ends_sentence(l)
        && l.text.contains(':')
}

/// When `start` begins a table whose rows mostly hold text beside their links (a product
/// or results table whose first cell links), the end of that table: such a table is data,
/// judged as a whole and kept. A table of nothing but links is left to the link runs.
fn data_table_end(lines: &[Line], start: usize) -> Option<usize> {
    let l = &lines[start];
    let group = l
        .group
        .filter(|_| l.kind == crate::document::BlockKind::TableRow)?;
    // The table is judged from its first row (a caption line before it is in the group).
    let before = start.checked_sub(1).map(|b| &lines[b]);
    if before.is_some_and(|b| b.group == Some(group) && b.kind == l.kind) {
        return None;
    }
    let end = (start..lines.len())
        .find(|&k| lines[k].group != Some(group))
        .unwrap_or(lines.len());
    let rows = &lines[start..end];
    let linked = rows.iter().filter(|r| is_link_heavy(r)).count();
    let data = rows.iter().filter(|r| r.link_density() < ALL_LINKS).count();
    (linked > 0 && data * 2 >= rows.len()).then_some(end)
}

/// Where the link run starting at the link-heavy line `start` ends: it takes the
/// link-heavy lines that follow, and the other items of the list it starts in while that
/// list is mostly link-heavy items (a list of linked titles with a line of text between
/// them). A list whose items are mostly not links is not a link list because its first
/// item is one: the run is then only the link-heavy lines at its start. A long item that
/// does not link into the site ends the run.
fn run_end(lines: &[Line], start: usize) -> usize {
    let n = lines.len();
    let heavy_end = (start..n).find(|&k| !is_link_heavy(&lines[k])).unwrap_or(n);
    if lines[start].list.is_none() {
        return heavy_end;
    }
    let mut end = start;
    let mut heavy = 0;
    while end < n && (is_link_heavy(&lines[end]) || same_list(&lines[end], &lines[start])) {
        // A sentence whose links lead out of the site (a reference) ends the run; one
        // whose links lead into it is a teaser with a blurb.
        let line = &lines[end];
        if !is_link_heavy(line) && is_good(line) && !links_inward(line) {
            break;
        }
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

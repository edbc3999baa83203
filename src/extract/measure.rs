//! Text measures per node (characters, link characters, punctuation), summed bottom-up
//! over the flat DOM so every container knows its own size and link density.

use super::dom::{Dom, NodeKind};
use super::tag::Tag;

/// A block of at least this many characters can be prose.
pub const PROSE_CHARS: u32 = 80;
/// Prose has less than this share of its text in links.
const PROSE_MAX_LINK_DENSITY: f32 = 0.3;

/// Sizes of the visible text inside one subtree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStats {
    /// Non-whitespace characters of text.
    pub chars: u32,
    /// Of those, the characters inside `<a>` elements.
    pub link_chars: u32,
    /// Commas and similar clause separators (in several scripts).
    pub commas: u32,
    /// Sentence-ending punctuation marks.
    pub stops: u32,
}

impl TextStats {
    /// Share of the text that sits inside links, 0.0 for empty text.
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }

    fn add(&mut self, other: &TextStats) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.commas += other.commas;
        self.stops += other.stops;
    }
}

/// Measures a piece of text (not its links).
pub fn measure_text(text: &str) -> TextStats {
    let mut stats = TextStats::default();
    // Most page text is ASCII: its bytes are classified with a plain match, and only the
    // other characters go through the Unicode tables.
    for c in text.chars() {
        if c.is_ascii() {
            match c as u8 {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => continue,
                b',' | b';' => stats.commas += 1,
                b'.' | b'!' | b'?' => stats.stops += 1,
                _ => {}
            }
            stats.chars += 1;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        stats.chars += 1;
        if is_comma(c) {
            stats.commas += 1;
        } else if is_stop(c) {
            stats.stops += 1;
        }
    }
    stats
}

/// Clause separators across scripts (Latin, CJK, Arabic).
pub fn is_comma(c: char) -> bool {
    matches!(c, ',' | '，' | '、' | '،' | ';' | '；')
}

/// Sentence terminators across scripts.
pub fn is_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '؟' | '।' | '…')
}

/// The measure of every text node's own text (links marked), zero for other nodes and
/// for text inside `removed` subtrees (scripts and styles are never measured).
///
/// Measuring is the costliest walk over the text, so it is done once per page and summed
/// by the passes below as often as pruning needs.
pub fn measure_texts(dom: &Dom<'_>, removed: &[bool]) -> Vec<TextStats> {
    let n = dom.len();
    let mut in_link = vec![false; n];
    let mut texts = vec![TextStats::default(); n];
    for i in 0..n {
        let parent_link = dom.parent(i).is_some_and(|p| in_link[p]);
        in_link[i] = parent_link || dom.tag(i) == Some(Tag::A);
        if removed[i] {
            continue;
        }
        if let NodeKind::Text(t) = dom.nodes[i].kind {
            let mut s = measure_text(t);
            if in_link[i] {
                s.link_chars = s.chars;
            }
            texts[i] = s;
        }
    }
    texts
}

/// Subtree text stats for every node from the text measures, ignoring nodes marked in
/// `removed`: one backward pass sums children into parents.
pub fn subtree_stats(dom: &Dom<'_>, texts: &[TextStats], removed: &[bool]) -> Vec<TextStats> {
    let n = dom.len();
    let mut stats = texts.to_vec();
    for i in (1..n).rev() {
        if removed[i] {
            continue;
        }
        if let Some(p) = dom.parent(i) {
            let child = stats[i];
            stats[p].add(&child);
        }
    }
    stats
}

/// Marks every node that lies inside a removed subtree, so later walks can test one flag.
pub fn spread_removed(dom: &Dom<'_>, removed: &mut [bool]) {
    for i in 0..dom.len() {
        if let Some(p) = dom.parent(i)
            && removed[p]
        {
            removed[i] = true;
        }
    }
}

/// Stats of the text each block element holds directly: text whose nearest block-level
/// ancestor is that element.
pub fn own_block_stats(dom: &Dom<'_>, texts: &[TextStats], removed: &[bool]) -> Vec<TextStats> {
    let n = dom.len();
    let mut owner = vec![0u32; n];
    let mut own = vec![TextStats::default(); n];
    for i in 0..n {
        let parent = dom.parent(i);
        owner[i] = match dom.tag(i) {
            // A table cell owns its text: old layout tables hold whole articles in one.
            Some(t) if t.is_block() || t == Tag::Td => i as u32,
            _ => parent.map_or(0, |p| owner[p]),
        };
        if removed[i] || !matches!(dom.nodes[i].kind, NodeKind::Text(_)) {
            continue;
        }
        let s = texts[i];
        own[owner[i] as usize].add(&s);
    }
    own
}

/// A block reads as prose: long enough, few links, at least one sentence stop or clause.
pub fn is_prose(s: &TextStats) -> bool {
    s.chars >= PROSE_CHARS && s.link_density() < PROSE_MAX_LINK_DENSITY && s.stops + s.commas > 0
}

/// Characters of prose blocks in every subtree (removed nodes excluded).
pub fn subtree_prose(dom: &Dom<'_>, own: &[TextStats], removed: &[bool]) -> Vec<u32> {
    let n = dom.len();
    let mut prose = vec![0u32; n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        if is_prose(&own[i]) {
            prose[i] += own[i].chars;
        }
        if let Some(p) = dom.parent(i) {
            prose[p] += prose[i];
        }
    }
    prose
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::parse::parse as parse_html;

    #[test]
    fn counts_links_and_punctuation() {
        let html = parse_html("<p>One, two. <a href=x>three</a></p>");
        let dom = Dom::build(&html);
        let removed = vec![false; dom.len()];
        let stats = subtree_stats(&dom, &measure_texts(&dom, &removed), &removed);
        let p = dom.find_tag(Tag::P).unwrap();
        assert_eq!(stats[p].chars, "One,two.three".len() as u32);
        assert_eq!(stats[p].link_chars, 5);
        assert_eq!(stats[p].commas, 1);
        assert_eq!(stats[p].stops, 1);
    }

    #[test]
    fn removed_subtrees_do_not_count() {
        let html = parse_html("<div><p>keep</p><nav>drop</nav></div>");
        let dom = Dom::build(&html);
        let mut removed = vec![false; dom.len()];
        removed[dom.find_tag(Tag::Nav).unwrap()] = true;
        let stats = subtree_stats(&dom, &measure_texts(&dom, &removed), &removed);
        assert_eq!(stats[dom.find_tag(Tag::Div).unwrap()].chars, 4);
    }
}

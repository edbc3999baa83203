//! Text measures per node (length, link length, punctuation), summed bottom-up over the
//! flat DOM so every container knows its own size and link density. Lengths are in the
//! script-aware unit of [`script::width`]: a wide CJK character counts 2.

use super::dom::{Dom, NodeKind};
use super::script;
use super::tag::Tag;

/// A block at least this long (in [`script::width`] units: 80 Latin letters, 40 Han or
/// kana characters) can be prose.
pub const PROSE_WIDTH: u32 = 80;
/// A block broken into this many lines and more reads as verse (lyrics, a poem), prose
/// that needs no punctuation.
const VERSE_BREAKS: u32 = 3;
/// Prose has less than this share of its text in links.
const PROSE_MAX_LINK_DENSITY: f32 = 0.3;

/// Sizes of the visible text inside one subtree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStats {
    /// Length of the visible text, in [`script::width`] units.
    pub width: u32,
    /// Of that, the length inside `<a>` elements.
    pub link_width: u32,
    /// Commas and similar clause separators ([`script::is_comma`]).
    pub commas: u32,
    /// Sentence-ending punctuation marks ([`script::is_stop`]).
    pub stops: u32,
    /// Of the length, the part in scripts written without sentence punctuation (Thai,
    /// Lao, Khmer, Myanmar: [`script::is_stopless`]).
    pub stopless: u32,
    /// Line breaks (`<br>`): a block of several broken lines is verse, lyrics or an
    /// address, prose without punctuation.
    pub breaks: u32,
}

impl TextStats {
    /// Share of the text that sits inside links, 0.0 for empty text.
    pub fn link_density(&self) -> f32 {
        if self.width == 0 {
            0.0
        } else {
            self.link_width as f32 / self.width as f32
        }
    }

    /// Mostly in a script written without sentence punctuation, where prose is told by
    /// length alone.
    pub fn is_stopless(&self) -> bool {
        self.stopless * 2 > self.width
    }

    /// The stats without a part of them (a removed subtree's).
    pub fn remove(&mut self, part: &TextStats) {
        self.width -= part.width.min(self.width);
        self.link_width -= part.link_width.min(self.link_width);
        self.commas -= part.commas.min(self.commas);
        self.stops -= part.stops.min(self.stops);
        self.stopless -= part.stopless.min(self.stopless);
        self.breaks -= part.breaks.min(self.breaks);
    }

    fn add(&mut self, other: &TextStats) {
        self.width += other.width;
        self.link_width += other.link_width;
        self.commas += other.commas;
        self.stops += other.stops;
        self.stopless += other.stopless;
        self.breaks += other.breaks;
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
            stats.width += u32::from(c.is_ascii_graphic());
            continue;
        }
        let w = script::width(c);
        if w == 0 {
            // Whitespace, controls and combining marks; a Thai vowel sign still tells the
            // script of the word it sits in, but its base letter says so already.
            continue;
        }
        stats.width += w;
        match script::role(c) {
            script::Role::Stopless => stats.stopless += w,
            script::Role::Comma => stats.commas += 1,
            script::Role::Stop => stats.stops += 1,
            script::Role::Other => {}
        }
    }
    stats
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
        match dom.nodes[i].kind {
            NodeKind::Text(t) => {
                let mut s = measure_text(t);
                if in_link[i] {
                    s.link_width = s.width;
                }
                texts[i] = s;
            }
            NodeKind::Element { tag: Tag::Br, .. } => texts[i].breaks = 1,
            _ => {}
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
            // A line break belongs to the block it breaks.
            Some(Tag::Br | Tag::Hr) => parent.map_or(0, |p| owner[p]),
            // A table cell owns its text: old layout tables hold whole articles in one.
            Some(t) if t.is_block() || t == Tag::Td => i as u32,
            _ => parent.map_or(0, |p| owner[p]),
        };
        if removed[i]
            || !matches!(
                dom.nodes[i].kind,
                NodeKind::Text(_) | NodeKind::Element { tag: Tag::Br, .. }
            )
        {
            continue;
        }
        let s = texts[i];
        own[owner[i] as usize].add(&s);
    }
    own
}

/// A block reads as prose: long enough, few links, and at least one sentence stop or
/// clause separator, except in the scripts written without them and in verse.
pub fn is_prose(s: &TextStats) -> bool {
    s.width >= PROSE_WIDTH
        && s.link_density() < PROSE_MAX_LINK_DENSITY
        && (s.stops + s.commas > 0 || s.is_stopless() || s.breaks >= VERSE_BREAKS)
}

/// Length of prose blocks in every subtree (removed nodes excluded).
pub fn subtree_prose(dom: &Dom<'_>, own: &[TextStats], removed: &[bool]) -> Vec<u32> {
    let n = dom.len();
    let mut prose = vec![0u32; n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        if is_prose(&own[i]) {
            prose[i] += own[i].width;
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
        assert_eq!(stats[p].width, "One,two.three".len() as u32);
        assert_eq!(stats[p].link_width, 5);
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
        assert_eq!(stats[dom.find_tag(Tag::Div).unwrap()].width, 4);
    }

    /// One real-length paragraph per script: each must read as prose, in the same unit.
    #[test]
    fn paragraphs_in_several_scripts_read_as_prose() {
        let ja = measure_text("東京都は十五日、来年度の予算案を発表した。保育所の整備を進める。");
        assert_eq!(ja.width, 64, "32 wide characters count double");
        assert_eq!((ja.commas, ja.stops), (1, 2));
        // 32 Japanese characters are two full sentences, but shorter than the Latin bar.
        assert!(!is_prose(&ja));
        let ja_long = measure_text(
            "東京都は十五日、来年度の予算案を発表した。保育所の整備や教育費の無償化を進める考えを示した。",
        );
        assert!(is_prose(&ja_long), "{ja_long:?}");

        // Thai: no full stops or commas at all, clauses separated by spaces.
        let th = measure_text(
            "นายกเทศมนตรีกล่าวว่างบประมาณนี้จะช่วยให้เมืองพัฒนา ผู้แทนฝ่ายค้านแสดงความกังวลเรื่องภาษีที่อาจเพิ่มขึ้นในปีหน้า",
        );
        assert_eq!((th.commas, th.stops), (0, 0));
        assert!(th.is_stopless());
        assert!(is_prose(&th), "{th:?}");

        let de = measure_text(
            "Die Bürgermeisterin sagte, man werde die Sanierung der Brücke im Frühjahr beginnen: „Wir bleiben dran.“",
        );
        assert_eq!((de.commas, de.stops), (1, 1));
        assert!(is_prose(&de));

        // Urdu: the Arabic comma and the Urdu full stop.
        let ur = measure_text(
            "شہر کی کونسل نے منگل کو نیا بجٹ منظور کیا، جس میں سڑکوں اور اسکولوں کے لیے زیادہ رقم رکھی گئی ہے۔ میئر نے کہا کہ کام اگلے ماہ شروع ہوگا۔",
        );
        assert_eq!((ur.commas, ur.stops), (1, 2));
        assert!(!ur.is_stopless());
        assert!(is_prose(&ur), "{ur:?}");

        // A Latin label without a stop or a comma is not prose however long.
        let label = measure_text(&"Category Archive Tags Topics ".repeat(4));
        assert!(!is_prose(&label));
    }
}

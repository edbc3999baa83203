//! The guards of pruning: how much of the page's prose a region holds, alone or with the
//! same-class siblings it repeats, so that no region is removed for its name while it is
//! (part of) the article.

use rustc_hash::FxHashMap;

use super::super::dom::Dom;
use super::super::measure::{
    PROSE_WIDTH, TextStats, own_block_stats, subtree_prose, subtree_stats,
};
use super::super::signals::AttrSignals;
use super::super::tag::Tag;

/// A region named as boilerplate is kept when it holds at least this share of the page's prose.
pub const KEEP_SHARE: f32 = 0.4;

/// A page with less prose than this (in width units: two short paragraphs) is judged by
/// its plain (unlinked) text instead: short CJK paragraphs, a list of lines.
const LITTLE_PROSE: u32 = 2 * PROSE_WIDTH;

/// The measures the guards need, over what is left at one point of pruning.
pub struct Measures {
    /// Prose (width units) in every subtree.
    pub prose: Vec<u32>,
    /// Text stats of every subtree.
    pub raw: Vec<TextStats>,
    /// Text stats of the text each block holds directly.
    pub own: Vec<TextStats>,
    /// The body (or the root when the page has none).
    pub body: usize,
}

impl Measures {
    pub fn new(dom: &Dom<'_>, texts: &[TextStats], removed: &[bool]) -> Measures {
        let own = own_block_stats(dom, texts, removed);
        Measures {
            prose: subtree_prose(dom, &own, removed),
            own,
            raw: subtree_stats(dom, texts, removed),
            body: dom.find_tag(Tag::Body).unwrap_or(0),
        }
    }

    /// Takes the subtrees at `roots` (outermost removals, in document order) out of the
    /// measures by subtracting them from their ancestors, instead of measuring the page
    /// again. Exact when every root is a block (its text never belonged to an ancestor's
    /// own text); otherwise, or when the walk up would cost more than measuring again, the
    /// measures are rebuilt.
    pub fn remove(
        &mut self,
        dom: &Dom<'_>,
        texts: &[TextStats],
        removed: &[bool],
        roots: &[usize],
    ) {
        let owns_text = |r: usize| matches!(dom.tag(r), Some(t) if t.is_block() || t == Tag::Td);
        if roots.iter().any(|&r| !owns_text(r)) {
            *self = Measures::new(dom, texts, removed);
            return;
        }
        let mut steps = 0;
        for &r in roots {
            let (raw, prose) = (self.raw[r], self.prose[r]);
            let mut cur = dom.parent(r);
            while let Some(a) = cur {
                steps += 1;
                if steps > dom.len() {
                    *self = Measures::new(dom, texts, removed);
                    return;
                }
                self.raw[a].remove(&raw);
                self.prose[a] -= prose.min(self.prose[a]);
                cur = dom.parent(a);
            }
        }
    }

    /// The share of the page's article-like text that `amount` of node `i`-like text is.
    /// Prose decides; on a page with next to no prose (short CJK paragraphs, verse-less
    /// lists), unlinked text does.
    pub fn share(&self, prose: u32, plain: u32) -> f32 {
        let total_prose = self.prose[self.body];
        if total_prose >= LITTLE_PROSE {
            prose as f32 / total_prose as f32
        } else {
            plain as f32 / self.plain(self.body).max(1) as f32
        }
    }

    /// Text of node `i` outside links.
    pub fn plain(&self, i: usize) -> u32 {
        self.raw[i].width.saturating_sub(self.raw[i].link_width)
    }

    /// Node `i` holds a large share of the page's article-like text.
    pub fn holds_story(&self, i: usize) -> bool {
        self.share(self.prose[i], self.plain(i)) >= KEEP_SHARE
    }
}

/// The prose held by each group of same-tag, same-class siblings named as boilerplate:
/// five `gallery-item`s or three `review__section`s that share the article between them
/// are judged together, as the article they make. A group counts only when every member
/// holds prose of its own: sibling boxes of a page builder (a newsletter box, a copyright
/// line, a teaser list) that happen to share a class are not one article.
pub struct SiblingGroups<'a> {
    groups: FxHashMap<(usize, Tag, &'a str), Group>,
}

/// The members of one sibling group, and what they hold together.
#[derive(Debug, Clone, Copy, Default)]
struct Group {
    prose: u32,
    plain: u32,
    members: u32,
    without_prose: u32,
}

impl<'a> SiblingGroups<'a> {
    pub fn new(dom: &Dom<'a>, signals: &[AttrSignals], m: &Measures, removed: &[bool]) -> Self {
        let mut groups: FxHashMap<(usize, Tag, &'a str), Group> = FxHashMap::default();
        for i in 0..dom.len() {
            if removed[i] || !signals[i].boilerplate {
                continue;
            }
            if let Some(key) = group_key(dom, i) {
                let g = groups.entry(key).or_default();
                g.prose += m.prose[i];
                g.plain += m.plain(i);
                g.members += 1;
                g.without_prose += u32::from(m.prose[i] == 0);
            }
        }
        SiblingGroups { groups }
    }

    pub fn holds_story(&self, dom: &Dom<'a>, m: &Measures, i: usize) -> bool {
        if m.holds_story(i) {
            return true;
        }
        match group_key(dom, i).and_then(|k| self.groups.get(&k)) {
            Some(g) if g.members >= 2 && g.without_prose == 0 => {
                m.share(g.prose, g.plain) >= KEEP_SHARE
            }
            _ => false,
        }
    }
}

fn group_key<'a>(dom: &Dom<'a>, i: usize) -> Option<(usize, Tag, &'a str)> {
    let class = dom
        .attr(i, "class")
        .map(str::trim)
        .filter(|c| !c.is_empty())?;
    Some((dom.parent(i)?, dom.tag(i)?, class))
}

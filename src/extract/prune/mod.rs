//! Marks what can never be article text before any scoring: code and media, hidden
//! elements, navigation and other regions whose tag or class says boilerplate.
//!
//! Class-based removal is guarded by size: a region that holds a large share of the page's
//! text (say `contentWithSidebar` wrapping the whole article) is never removed for its name.

mod boxes;
mod guard;

use rustc_hash::FxHashSet;

use super::dom::{Dom, NodeKind};
use super::measure::{PROSE_WIDTH, TextStats, is_prose, measure_texts, spread_removed};
use super::options::Options;
use super::signals::{self, AttrSignals};
use super::tag::Tag;
use guard::{KEEP_SHARE, Measures, SiblingGroups};

/// A container with a script or frame and no more text than this (width units) is an ad slot.
const AD_LABEL_WIDTH: u32 = 20;

/// An article marker protects its ancestors only when it holds this share of the text
/// (teaser cards in a sidebar are often `<article>`s too).
const MARKER_SHARE: f32 = 0.25;

/// Comments are boilerplate beside an article: they go only when the rest of the page
/// holds at least this much prose. A forum thread or a Q&A page is all posts.
const ARTICLE_BESIDE_COMMENTS: u32 = PROSE_WIDTH;

/// A gallery goes, whatever its captions hold, when the rest of the page holds this much
/// prose: a story of a few paragraphs.
const GALLERY_BESIDE: u32 = 6 * PROSE_WIDTH;

/// A form holding this much prose is a page wrapped in a form (ASP.NET, a product page),
/// not a search box or a sign-up form.
const FORM_PROSE: u32 = 2 * PROSE_WIDTH;

/// The outcome of pruning: which nodes are gone, and the signals read on the way.
#[derive(Debug)]
pub struct Pruned {
    /// `removed[i]` is true when node `i` or one of its ancestors was pruned.
    pub removed: Vec<bool>,
    /// Attribute signals of every element (default for non-elements).
    pub signals: Vec<AttrSignals>,
    /// Text stats of every subtree after pruning.
    pub stats: Vec<TextStats>,
    /// The measure of each text node's own text (zero for other nodes).
    pub texts: Vec<TextStats>,
}

/// Decides what to remove and measures what is left.
///
/// Three passes, each judging what the one before left: what is never text (code, media,
/// hidden elements); then ad slots and, beside an article, comments; then the regions
/// whose tag or class says boilerplate, guarded by the share of the remaining prose they
/// (or their same-class siblings together) hold.
// One index addresses the DOM, the signals and the removals alike.
#[allow(clippy::needless_range_loop)]
pub fn prune(dom: &Dom<'_>, options: &Options) -> Pruned {
    let n = dom.len();
    let mut removed = vec![false; n];
    let mut signals = vec![AttrSignals::default(); n];
    let mut reader = signals::SignalReader::default();
    let mut script_hidden = false;
    for i in 0..n {
        let NodeKind::Element { tag, el } = dom.nodes[i].kind else {
            continue;
        };
        signals[i] = reader.read(el, tag);
        let named = signals[i].boilerplate || signals[i].layout || signals[i].comment;
        if named
            && el
                .attr("id")
                .is_some_and(|id| id_spells_heading(dom, i, id))
        {
            signals[i] = reader.read_without_id(el, tag);
        }
        script_hidden |= signals[i].hidden_by_style;
    }
    if script_hidden {
        show_hidden_pages(dom, &mut signals);
    }
    show_hidden_pages(dom, &mut signals);
    for i in 0..n {
        let Some(tag) = dom.tag(i) else { continue };
        if tag.is_never_content() || signals[i].hidden {
            removed[i] = true;
        }
    }
    spread_removed(dom, &mut removed);
    let texts = measure_texts(dom, &removed);
    let code = holds_code(dom);
    let mut m = Measures::new(dom, &texts, &removed);
    let mut roots = Vec::new();
    let mut i = 0;
    while i < n {
        if !removed[i] && is_ad_slot(dom, &m, &code, i) {
            roots.push(i);
            i = dom.end(i);
        } else {
            i += 1;
        }
    }
    if !options.include_comments {
        roots.extend(comment_regions(dom, &signals, &m, &removed));
    }
    roots.extend(gallery_regions(dom, &signals, &m, &removed));
    let roots = outermost(dom, roots);
    for &r in &roots {
        removed[r] = true;
    }
    spread_removed(dom, &mut removed);
    m.remove(dom, &texts, &removed, &roots);
    let mut drops = named_boilerplate(dom, &signals, &m, &removed);
    drops.extend(boxes::small_print(dom, &m, &removed));
    drops.extend(boxes::teaser_grids(dom, &m, &removed));
    let roots = outermost(dom, drops);
    for &r in &roots {
        removed[r] = true;
    }
    spread_removed(dom, &mut removed);
    // Only the subtree stats are needed from here on: subtracting is exact for them
    // whatever the roots are.
    let mut stats = std::mem::take(&mut m.raw);
    subtract(dom, &mut stats, &roots);
    // A box whose content went and whose title stayed ("Print version (PDF)" over a pruned
    // teaser) goes too: the title has nothing left to introduce.
    let orphans = boxes::orphan_titles(dom, &stats, &roots);
    for &o in &orphans {
        removed[o] = true;
    }
    spread_removed(dom, &mut removed);
    subtract(dom, &mut stats, &orphans);
    Pruned {
        removed,
        signals,
        stats,
        texts,
    }
}

/// Takes the text of the removed subtrees `roots` (outermost, disjoint) off their
/// ancestors' stats.
fn subtract(dom: &Dom<'_>, stats: &mut [TextStats], roots: &[usize]) {
    for &r in roots {
        let part = stats[r];
        let mut cur = dom.parent(r);
        while let Some(a) = cur {
            stats[a].remove(&part);
            cur = dom.parent(a);
        }
    }
}

/// A script or frame with at most a label ("Advert") beside it, whatever its (often
/// scrambled) class names say.
fn is_ad_slot(dom: &Dom<'_>, m: &Measures, code: &[bool], i: usize) -> bool {
    code[i]
        && m.raw[i].width <= AD_LABEL_WIDTH
        && matches!(
            dom.tag(i),
            Some(Tag::Div | Tag::Center | Tag::Section | Tag::Aside | Tag::Figure)
        )
}

/// The comment sections to remove, when an article stands beside them: the outermost
/// regions named as comments go when the rest of the page still holds prose. A thread of
/// forum posts or answers, with nothing else, is the content.
fn comment_regions(
    dom: &Dom<'_>,
    signals: &[AttrSignals],
    m: &Measures,
    removed: &[bool],
) -> Vec<usize> {
    let holds_marker = marker_counts(dom, signals, removed, |i| {
        m.raw[i].width as f32 / m.raw[m.body].width.max(1) as f32 >= MARKER_SHARE
    });
    let mut regions = Vec::new();
    let mut i = 0;
    while i < dom.len() {
        let s = signals[i];
        let protected = s.body_marker || holds_marker[i] > 0;
        if !removed[i] && s.comment && !protected && !is_frame(dom, i) {
            regions.push(i);
            // The outermost region only: what it holds goes with it.
            i = dom.end(i);
            continue;
        }
        i += 1;
    }
    let in_comments: u32 = regions.iter().map(|&r| m.prose[r]).sum();
    let rest = m.prose[m.body].saturating_sub(in_comments);
    if rest < ARTICLE_BESIDE_COMMENTS {
        return Vec::new();
    }
    regions
}

/// The photo galleries and slideshows to remove however much text their captions hold,
/// when a story stands beside them: the outermost regions named so that hold no `<h1>`
/// (the headline is the story's, not a caption's) and leave at least [`GALLERY_BESIDE`]
/// of prose outside them. A gallery page, all captions, keeps them.
fn gallery_regions(
    dom: &Dom<'_>,
    signals: &[AttrSignals],
    m: &Measures,
    removed: &[bool],
) -> Vec<usize> {
    let is_gallery = |i: usize| {
        let s = signals[i];
        !removed[i] && s.gallery && !s.body_marker && !is_frame(dom, i)
    };
    let mut regions = Vec::new();
    let mut i = 0;
    while i < dom.len() {
        if !is_gallery(i) {
            i += 1;
            continue;
        }
        // Judged with its gallery siblings: five `gallery-item`s that are a listicle's
        // items are the page, each one alone is not.
        let group: Vec<usize> = match dom.parent(i) {
            Some(p) => dom
                .children(p)
                .filter(|&c| c >= i && is_gallery(c))
                .collect(),
            None => vec![i],
        };
        let last = group.last().copied().unwrap_or(i);
        let end = dom.end(last);
        let prose: u32 = group.iter().map(|&g| m.prose[g]).sum();
        let headline = group
            .iter()
            .any(|&g| (g..dom.end(g)).any(|k| dom.tag(k) == Some(Tag::H(1))));
        if !headline && m.prose[m.body].saturating_sub(prose) >= GALLERY_BESIDE {
            regions.extend(group);
        }
        // Either way what the group holds is judged: its parts are not candidates again.
        i = end;
    }
    regions
}

/// Elements whose role in the page frame is fixed by their tag: never comments.
fn is_frame(dom: &Dom<'_>, i: usize) -> bool {
    matches!(
        dom.tag(i),
        None | Some(Tag::Html | Tag::Body | Tag::Main | Tag::Article)
    )
}

/// The regions whose tag or class names them boilerplate and that hold too little of the
/// page's prose to be the article.
fn named_boilerplate(
    dom: &Dom<'_>,
    signals: &[AttrSignals],
    m: &Measures,
    removed: &[bool],
) -> Vec<usize> {
    let n = dom.len();
    let total = m.raw[m.body].width.max(1) as f32;
    let body_markers = marker_counts(dom, signals, removed, |i| {
        m.raw[i].width as f32 / total >= MARKER_SHARE
    });
    let groups = SiblingGroups::new(dom, signals, m, removed);
    let captions = captions_are_the_body(dom, m, removed);
    let mut drops = Vec::new();
    for i in 0..n {
        if removed[i] {
            continue;
        }
        let Some(tag) = dom.tag(i) else { continue };
        // Table internals carry per-row classes ("player-…", "odd") that say nothing of
        // boilerplate; whole tables are judged by their own names.
        if matches!(
            tag,
            Tag::Html
                | Tag::Body
                | Tag::Main
                | Tag::Article
                | Tag::Tr
                | Tag::Td
                | Tag::TableSection
        ) {
            continue;
        }
        let holds_article = body_markers[i] > 0 && !signals[i].body_marker;
        let s = signals[i];
        let drop = match tag {
            // A caption that is a credit line ("Photo: …", a one-line label) goes; one that
            // is prose (a sentence of 80 units or more) is content, and every caption is
            // when the page tells its story in captions (a slideshow).
            Tag::Figcaption => !captions && m.prose[i] == 0,
            // A footer or aside beside the named body of the post is its meta and author
            // box, however much of a short post's prose it holds.
            Tag::Nav | Tag::Aside | Tag::Menu | Tag::Footer => {
                !m.holds_story(i) || beside_named_body(dom, signals, m, i)
            }
            // A form around the page's prose is the page (ASP.NET, a product page), not a
            // search box or a sign-up form.
            Tag::Form => m.prose[i] < FORM_PROSE && !m.holds_story(i),
            _ if s.body_marker => false,
            // An embed's consent placeholder: a switch or checkbox where the post or clip
            // will be, with nothing embedded yet.
            _ if s.embed && is_placeholder(dom, i) => true,
            // An inline element inside a running paragraph (a formula's container, a
            // linked term) is part of the sentence whatever its class says.
            _ if !tag.is_block() && in_running_text(dom, m, i) => false,
            _ if s.boilerplate => !holds_article && !groups.holds_story(dom, m, i),
            _ if s.layout => !holds_article && m.prose[i] == 0 && !m.holds_story(i),
            _ => false,
        };
        if drop {
            drops.push(i);
        }
    }
    drops
}

/// A sibling of the element is named or marked as the article body and holds prose.
fn beside_named_body(dom: &Dom<'_>, signals: &[AttrSignals], m: &Measures, i: usize) -> bool {
    dom.parent(i).is_some_and(|p| {
        dom.children(p).any(|c| {
            c != i
                && (signals[c].positive || signals[c].body_marker)
                && !signals[c].boilerplate
                && m.prose[c] >= PROSE_WIDTH
        })
    })
}

/// Nodes read of an embed to tell a placeholder from the embedded post.
const PLACEHOLDER_NODES: usize = 256;

/// An embed wrapper holding a form control (a consent switch, a checkbox) and no embedded
/// post (quotation, frame, video): the placeholder shown until the reader consents.
fn is_placeholder(dom: &Dom<'_>, i: usize) -> bool {
    let end = dom.end(i).min(i + PLACEHOLDER_NODES);
    let mut control = false;
    for j in i..end {
        match dom.tag(j) {
            Some(Tag::Blockquote | Tag::Iframe | Tag::Media | Tag::Object | Tag::Embed) => {
                return false;
            }
            Some(Tag::Input | Tag::Button | Tag::Select | Tag::Textarea) => control = true,
            _ => {}
        }
    }
    control
}

/// How far up an inline element's block is looked for.
const BLOCK_LEVELS: usize = 16;

/// The element sits inside a block whose own text is prose: a paragraph of the story.
fn in_running_text(dom: &Dom<'_>, m: &Measures, i: usize) -> bool {
    let mut cur = dom.parent(i);
    for _ in 0..BLOCK_LEVELS {
        let Some(p) = cur else { return false };
        match dom.tag(p) {
            Some(t) if t.is_block() || t == Tag::Td => return is_prose(&m.own[p]),
            _ => cur = dom.parent(p),
        }
    }
    false
}

/// The page's figure captions hold a large share of its prose: a slideshow or a gallery
/// article told in its captions, not photo credits beside a story.
fn captions_are_the_body(dom: &Dom<'_>, m: &Measures, removed: &[bool]) -> bool {
    let mut prose = 0;
    let mut i = 0;
    while i < dom.len() {
        if dom.tag(i) == Some(Tag::Figcaption) {
            if !removed[i] {
                prose += m.prose[i];
            }
            i = dom.end(i);
            continue;
        }
        i += 1;
    }
    prose > 0 && m.share(prose, 0) >= KEEP_SHARE
}

/// Script-driven pagination hides the later pages of a list (`display: none` on items 2–5
/// of five same-class items): a hidden element that wears the class of a visible sibling
/// is one of those pages, content like the shown one.
// One index addresses the DOM and the signals alike.
#[allow(clippy::needless_range_loop)]
fn show_hidden_pages(dom: &Dom<'_>, signals: &mut [AttrSignals]) {
    let parents: FxHashSet<usize> = (0..dom.len())
        .filter(|&i| signals[i].hidden_by_style)
        .filter_map(|i| dom.parent(i))
        .collect();
    for p in parents {
        let class_of = |c: usize| dom.attr(c, "class").filter(|c| !c.trim().is_empty());
        let visible: FxHashSet<&str> = dom
            .children(p)
            .filter(|&c| !signals[c].hidden)
            .filter_map(class_of)
            .collect();
        if visible.is_empty() {
            continue;
        }
        let shown: Vec<usize> = dom
            .children(p)
            .filter(|&c| signals[c].hidden_by_style)
            .filter(|&c| class_of(c).is_some_and(|class| visible.contains(class)))
            .collect();
        for c in shown {
            signals[c].hidden = false;
        }
    }
}

/// Nodes read to find the heading (or text) an id may spell: anchors sit on the heading
/// or on the section that opens with it.
const ID_TEXT_NODES: usize = 64;

/// The id spells the text of the element's first heading, or its own text: an anchor made
/// by a documentation or wiki generator (`#sharing-with-a-single-developer` over "Sharing
/// with a single developer", `#Eich_CEO_promotion_controversy`), whose words are the
/// section's topic, not its role.
fn id_spells_heading(dom: &Dom<'_>, i: usize, id: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let id = letters(id);
    if id.len() < ID_MIN_LETTERS {
        return false;
    }
    let end = dom.end(i).min(i + ID_TEXT_NODES);
    let heading = (i..end).find(|&j| matches!(dom.tag(j), Some(Tag::H(_))));
    let mut text = String::new();
    for j in heading.unwrap_or(i)..end.min(heading.map_or(end, |h| dom.end(h))) {
        if let super::dom::NodeKind::Text(t) = dom.nodes[j].kind {
            text.push_str(t);
        }
    }
    let text = letters(&text);
    text.len() >= ID_MIN_LETTERS && (text.starts_with(&id) || id.starts_with(&text))
}

/// An id spelling a heading has at least this many letters: "nav" or "menu" spell a
/// menu's one-word label by accident.
const ID_MIN_LETTERS: usize = 12;

/// The outermost of `nodes`, in document order (a node inside another one is left out).
fn outermost(dom: &Dom<'_>, mut nodes: Vec<usize>) -> Vec<usize> {
    nodes.sort_unstable();
    let mut roots: Vec<usize> = Vec::with_capacity(nodes.len());
    for i in nodes {
        if roots.last().is_none_or(|&r| i >= dom.end(r)) {
            roots.push(i);
        }
    }
    roots
}

/// For each node, whether its subtree holds a script, frame or plugin object.
fn holds_code(dom: &Dom<'_>) -> Vec<bool> {
    let n = dom.len();
    let mut code = vec![false; n];
    for i in (1..n).rev() {
        let own = matches!(
            dom.tag(i),
            Some(Tag::Script | Tag::Iframe | Tag::Object | Tag::Embed)
        );
        if let Some(p) = dom.parent(i) {
            code[p] |= code[i] || own;
        }
    }
    code
}

/// For each node, how many large article-body markers (article tag, itemprop=articleBody,
/// main) its subtree holds; a region holding one is not boilerplate whatever its name.
fn marker_counts(
    dom: &Dom<'_>,
    signals: &[AttrSignals],
    removed: &[bool],
    large: impl Fn(usize) -> bool,
) -> Vec<u32> {
    let n = dom.len();
    let mut counts = vec![0u32; n];
    for i in (0..n).rev() {
        if removed[i] {
            continue;
        }
        let marker = signals[i].body_marker || matches!(dom.tag(i), Some(Tag::Article | Tag::Main));
        if marker && large(i) {
            counts[i] += 1;
        }
        if let Some(p) = dom.parent(i) {
            counts[p] += counts[i];
        }
    }
    counts
}

#[cfg(test)]
mod tests;

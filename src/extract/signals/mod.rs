//! What an element's class, id, role and style say about it: boilerplate, comments,
//! hidden, or likely article body. Keywords are generic layout words, matched as whole
//! tokens (so `contentWithSidebar` is `content` + `with` + `sidebar`, and `address` is not `ad`).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use rustc_hash::{FxHashMap, FxHashSet};

use super::dom::Element;
use super::tag::Tag;

/// The verdict of an element's attributes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttrSignals {
    /// A class/id/role token names a boilerplate region by its purpose (navigation, share
    /// bar, related list, advertising…).
    pub boilerplate: bool,
    /// A token names a layout mechanism (drawer, modal, slider, print, sticky…): boilerplate
    /// only when the region holds no prose, since page builders give such names to boxes
    /// inside the article too.
    pub layout: bool,
    /// A token names a comment section.
    pub comment: bool,
    /// Hidden from readers (hidden attribute, aria-hidden, display:none, screen-reader-only).
    pub hidden: bool,
    /// Hidden by an inline style or the `hidden` attribute, the way scripts hide what they
    /// show later (the next page of a list, a tab).
    pub hidden_by_style: bool,
    /// A token suggests article content (article, body, content, post, story…).
    pub positive: bool,
    /// A token suggests non-content that is not always removable (meta, media, tools…).
    pub negative: bool,
    /// Marked up as the article body (itemprop=articleBody, role=main, …).
    pub body_marker: bool,
    /// A token says the element embeds a post or media in the story.
    pub embed: bool,
    /// A token says "social" (share bars, follow-us boxes; embedded posts when `embed`).
    pub social: bool,
    /// A token names a control (share, button, follow, icon).
    pub control: bool,
    /// A token names a post quoted from a social network (tweet, instagram, tiktok).
    pub quoted_post: bool,
    /// A token names a photo gallery or slideshow: its captions are not the story it
    /// stands in.
    pub gallery: bool,
}

mod words;

use words::{
    BOILERPLATE, COMMENT, GLUED_BOILERPLATE, HIDDEN_CLASSES, LAYOUT, NEGATIVE, POSITIVE,
    SLUG_PREFIXES,
};

#[rustfmt::skip]
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
    "dialog", "alertdialog", "tooltip", "toolbar", "tablist",
];

/// Reads element signals across a page, remembering the verdict of every distinct class
/// and id value: pages repeat a few hundred class strings over thousands of elements, and
/// splitting and matching their tokens is the costly part.
#[derive(Debug, Default)]
pub struct SignalReader<'a> {
    verdicts: FxHashMap<&'a str, AttrSignals>,
    buf: String,
}

impl<'a> SignalReader<'a> {
    /// Reads the signals of one element of the page, classified as `tag`.
    pub fn read(&mut self, el: &'a Element, tag: Tag) -> AttrSignals {
        self.read_with(el, tag, true)
    }

    /// Reads the signals of an element whose id is not a name for its role (an anchor
    /// made from its heading's text: `#sharing-with-a-single-developer`).
    pub fn read_without_id(&mut self, el: &'a Element, tag: Tag) -> AttrSignals {
        self.read_with(el, tag, false)
    }

    fn read_with(&mut self, el: &'a Element, tag: Tag, with_id: bool) -> AttrSignals {
        let mut s = AttrSignals::default();
        let mut role = None;
        let mut itemprop = None;
        let mut style = None;
        let heading = matches!(tag, Tag::H(_));
        // One pass over the attributes: looking each name up would intern it every time.
        for (name, value) in el.attrs() {
            match name {
                // A heading's id is an anchor for the page's table of contents
                // ("nav-step-2", "toc-3"), not a name for its role.
                "id" if heading || !with_id => {}
                "class" | "id" => s = or(s, self.value_verdict(value)),
                "role" => role = Some(value),
                "itemprop" => itemprop = Some(value),
                "style" => style = Some(value),
                "hidden" => {
                    s.hidden = true;
                    s.hidden_by_style = true;
                }
                "aria-hidden" if value.trim().eq_ignore_ascii_case("true") => s.hidden = true,
                _ => {}
            }
        }
        // A custom element's name is its author's name for the component
        // (`x-inline-teaser`, `newsletter-signup`).
        if tag == Tag::Other && el.name().contains('-') {
            s = or(s, self.value_verdict(el.name()));
        }
        // "social" marks share bars and follow-us boxes, unless the element embeds a post
        // in the story ("social-media-embed"), which is content.
        if s.social && !s.embed {
            s.boilerplate = true;
        }
        // "widget"/"social" around an embedded post is the embed's wrapper, not chrome; a
        // share button for it ("tweet-button") is still chrome.
        if s.quoted_post && !s.control {
            s.boilerplate = false;
        }
        if let Some(role) = role {
            let role = role.trim();
            if BOILERPLATE_ROLES
                .iter()
                .any(|r| role.eq_ignore_ascii_case(r))
            {
                s.boilerplate = true;
            } else if role.eq_ignore_ascii_case("main") || role.eq_ignore_ascii_case("article") {
                s.body_marker = true;
            }
        }
        if let Some(prop) = itemprop {
            for p in prop.split_ascii_whitespace() {
                if p.eq_ignore_ascii_case("articleBody") || p.eq_ignore_ascii_case("reviewBody") {
                    s.body_marker = true;
                } else if p.eq_ignore_ascii_case("author") {
                    // An author box (name, photo, biography) beside the story.
                    s.boilerplate = true;
                }
            }
        }
        if style.is_some_and(style_hides) {
            s.hidden = true;
            s.hidden_by_style = true;
        }
        s
    }

    /// What the tokens of one class or id value say, before the element-wide rules.
    fn value_verdict(&mut self, value: &'a str) -> AttrSignals {
        if let Some(v) = self.verdicts.get(value) {
            return *v;
        }
        let mut s = AttrSignals::default();
        if value.split_ascii_whitespace().any(is_hidden_class) {
            s.hidden = true;
        }
        for_each_token_in_context(value, &mut self.buf, |tok, ctx| {
            if !ctx.after_digit && !ctx.negated {
                classify_token(tok, &mut s);
            }
        });
        // Only a named value can be a content system's slugs; most are neither.
        if (s.boilerplate || s.layout || s.comment) && cms_generated(value) {
            let mut roles = AttrSignals {
                hidden: s.hidden,
                ..AttrSignals::default()
            };
            for class in value.split_ascii_whitespace().filter(|c| !is_slug_class(c)) {
                for_each_token_in_context(class, &mut self.buf, |tok, ctx| {
                    if !ctx.after_digit && !ctx.negated {
                        classify_token(tok, &mut roles);
                    }
                });
            }
            s = roles;
        }
        self.verdicts.insert(value, s);
        s
    }
}

/// The hidden classes, for one look-up per class.
static HIDDEN: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| HIDDEN_CLASSES.iter().copied().collect());

/// A class that hides its element (`sr-only`, `visually-hidden`…), in any letter case.
fn is_hidden_class(class: &str) -> bool {
    if class.len() > MAX_HIDDEN_CLASS_LEN {
        return false;
    }
    if class.bytes().any(|b| b.is_ascii_uppercase()) {
        HIDDEN.contains(class.to_ascii_lowercase().as_str())
    } else {
        HIDDEN.contains(class)
    }
}

/// The longest hidden class: longer classes skip the look-up.
const MAX_HIDDEN_CLASS_LEN: usize = 20;

/// A class of the form `<prefix>-<slug>` with a content system's taxonomy prefix.
fn is_slug_class(class: &str) -> bool {
    class.split_once(['-', '_']).is_some_and(|(prefix, slug)| {
        !slug.is_empty()
            && prefix.len() <= MAX_SLUG_PREFIX_LEN
            && SLUG_PREFIXES.iter().any(|p| prefix.eq_ignore_ascii_case(p))
    })
}

/// The longest slug prefix: longer first words skip the comparisons.
const MAX_SLUG_PREFIX_LEN: usize = 8;

/// The class list was written by a content system, not by hand: two or more taxonomy
/// classes, or the microformat `hentry` beside one. A lone `tag-cloud` is a hand-named
/// widget and keeps its words.
fn cms_generated(value: &str) -> bool {
    let slugs = value
        .split_ascii_whitespace()
        .filter(|c| is_slug_class(c))
        .count();
    slugs >= 2
        || (slugs == 1
            && value
                .split_ascii_whitespace()
                .any(|c| c.eq_ignore_ascii_case("hentry")))
}

/// Both verdicts together: every flag set by either.
fn or(a: AttrSignals, b: AttrSignals) -> AttrSignals {
    AttrSignals {
        boilerplate: a.boilerplate || b.boilerplate,
        layout: a.layout || b.layout,
        comment: a.comment || b.comment,
        hidden: a.hidden || b.hidden,
        hidden_by_style: a.hidden_by_style || b.hidden_by_style,
        positive: a.positive || b.positive,
        negative: a.negative || b.negative,
        body_marker: a.body_marker || b.body_marker,
        embed: a.embed || b.embed,
        social: a.social || b.social,
        control: a.control || b.control,
        quoted_post: a.quoted_post || b.quoted_post,
        gallery: a.gallery || b.gallery,
    }
}

// What a known word is, as bits: a word may sit in more than one list, and the order of
// the checks in `classify_token` decides which reading wins.
const W_BOILERPLATE: u8 = 1;
const W_COMMENT: u8 = 2;
const W_POSITIVE: u8 = 4;
const W_NEGATIVE: u8 = 8;
const W_EMBED: u8 = 16;
const W_CONTROL: u8 = 32;
const W_QUOTED_POST: u8 = 64;
const W_LAYOUT: u8 = 128;

/// Every listed word with its bits, built once: one hash look-up per token instead of a
/// scan of each list.
static WORDS: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut words = FxHashMap::default();
    let lists: [(&[&'static str], u8); 8] = [
        (BOILERPLATE, W_BOILERPLATE),
        (LAYOUT, W_LAYOUT),
        (COMMENT, W_COMMENT),
        (POSITIVE, W_POSITIVE),
        (NEGATIVE, W_NEGATIVE),
        (&["embed", "embedded"], W_EMBED),
        (
            &["share", "sharing", "button", "btn", "follow", "icon"],
            W_CONTROL,
        ),
        // An embedded post from a social network (tweet, instagram-media…) is quoted content.
        (&["tweet", "instagram", "tiktok"], W_QUOTED_POST),
    ];
    for (list, bit) in lists {
        for word in list {
            *words.entry(*word).or_insert(0) |= bit;
        }
    }
    words
});

/// The glued boilerplate words, searched inside a token all at once.
static GLUED: LazyLock<Option<AhoCorasick>> =
    LazyLock::new(|| AhoCorasick::new(GLUED_BOILERPLATE).ok());

/// The shortest glued word: shorter tokens cannot hold one.
const GLUED_MIN_LEN: usize = 5;

fn classify_token(tok: &str, s: &mut AttrSignals) {
    let bits = WORDS.get(tok).copied().unwrap_or(0);
    s.embed |= bits & W_EMBED != 0;
    s.control |= bits & W_CONTROL != 0;
    s.quoted_post |= bits & W_QUOTED_POST != 0;
    s.gallery |= tok.contains("gallery") || tok.contains("slideshow");
    // Tokens are short: comparing windows beats setting up a substring searcher.
    if tok.as_bytes().windows(6).any(|w| w == b"social") {
        s.social = true;
        return;
    }
    let glued =
        tok.len() >= GLUED_MIN_LEN && GLUED.as_ref().is_some_and(|glued| glued.is_match(tok));
    if bits & W_BOILERPLATE != 0 || glued {
        s.boilerplate = true;
    } else if bits & W_LAYOUT != 0 {
        s.layout = true;
    } else if bits & W_COMMENT != 0 {
        s.comment = true;
    } else if bits & W_POSITIVE != 0 {
        s.positive = true;
    } else if bits & W_NEGATIVE != 0 {
        s.negative = true;
    }
}

/// True for inline styles that hide the element (`display: none`, `visibility: hidden`).
fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// Splits a class or id value into lowercase word tokens at punctuation, digits and
/// camelCase boundaries, calling `f` for each.
pub fn for_each_token(value: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for_each_token_in_context(value, buf, |tok, _| f(tok));
}

/// Where a token stands in its class or id value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenContext {
    /// It follows a digit directly (`e1ad` → `ad`): the tail of a generated identifier,
    /// not a word someone chose.
    pub after_digit: bool,
    /// It follows a negation in the same class (`no_caption`, `no-promo`): it names what
    /// the element is not.
    pub negated: bool,
}

/// Words that negate the word after them in a class name.
const NEGATIONS: &[&str] = &[
    "no", "non", "not", "without", "ohne", "sans", "sin", "senza",
];

/// Like [`for_each_token`], telling `f` where each token stands.
pub fn for_each_token_in_context(
    value: &str,
    buf: &mut String,
    mut f: impl FnMut(&str, TokenContext),
) {
    buf.clear();
    let mut prev_lower = false;
    let mut ctx = TokenContext::default();
    let mut last_digit = false;
    let mut negation = false;
    let mut emit = |buf: &mut String, ctx: &mut TokenContext, negation: &mut bool| {
        ctx.negated = *negation;
        f(buf, *ctx);
        *negation = NEGATIONS.contains(&buf.as_str());
        buf.clear();
    };
    for c in value.chars() {
        if c.is_alphabetic() {
            let upper = if c.is_ascii() {
                c.is_ascii_uppercase()
            } else {
                c.is_uppercase()
            };
            if upper && prev_lower && !buf.is_empty() {
                emit(buf, &mut ctx, &mut negation);
                ctx.after_digit = false;
            }
            if buf.is_empty() {
                ctx.after_digit = last_digit;
            }
            if c.is_ascii() {
                prev_lower = c.is_ascii_lowercase();
                buf.push(c.to_ascii_lowercase());
            } else {
                prev_lower = c.is_lowercase();
                buf.extend(c.to_lowercase());
            }
            last_digit = false;
        } else {
            if !buf.is_empty() {
                emit(buf, &mut ctx, &mut negation);
            }
            if c.is_whitespace() {
                // A new class: a negation does not reach into it.
                negation = false;
            }
            prev_lower = false;
            last_digit = c.is_ascii_digit();
        }
    }
    if !buf.is_empty() {
        emit(buf, &mut ctx, &mut negation);
    }
}

#[cfg(test)]
mod tests;

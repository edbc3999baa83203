//! What an element's class, id, role and style say about it: boilerplate, comments,
//! hidden, or likely article body. Keywords are generic layout words, matched as whole
//! tokens (so `contentWithSidebar` is `content` + `with` + `sidebar`, and `address` is not `ad`).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;

use super::dom::Element;

/// The verdict of an element's attributes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttrSignals {
    /// A class/id/role token names a boilerplate region (navigation, share bar, related list…).
    pub boilerplate: bool,
    /// A token names a comment section.
    pub comment: bool,
    /// Hidden from readers (hidden attribute, aria-hidden, display:none, screen-reader-only).
    pub hidden: bool,
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
}

#[rustfmt::skip]
const BOILERPLATE: &[&str] = &[
    "ad", "ads", "adslot", "also", "adv", "advert", "adverts", "advertisement", "advertising",
    "author", "authors", "banner", "breadcrumb", "breadcrumbs", "byline", "bylines", "caption",
    "captions", "carousel", "consent", "cookie", "cookies", "copyright", "credit", "credits",
    "crumbs", "disclaimer", "donate", "donation", "donations", "drawer", "dropdown", "footer",
    "gdpr", "jump", "like", "likes", "login", "logo", "masthead", "menu", "menus", "meta",
    "modal", "mostread", "nav", "navbar", "navigation", "newsletter", "newsletters",
    "offcanvas", "outbrain", "overlay", "pager", "pagination", "paywall", "player", "poll",
    "popular", "popup", "print", "promo", "promos", "promotion", "rating", "ranking",
    "rankings", "recommend", "recommended", "recommendation", "recommendations", "related",
    "rss", "search", "share", "sharebar", "shares", "sharing", "sidebar", "sidebars", "signup",
    "skip", "slider", "slideshow", "sponsor", "sponsored", "sticky",
    "subnav", "subscribe", "subscription", "subscriptions", "survey", "taboola", "tag",
    "tagcloud", "tags", "teaser", "teasers", "toolbar", "tooltip", "topbar", "trending", "vote",
    "votes", "voting", "widget", "widgets",
];

/// Long, unambiguous boilerplate words also found glued inside a token
/// (`relatedpoststitle`, `sharingbuttons`).
#[rustfmt::skip]
const GLUED_BOILERPLATE: &[&str] = &[
    "related", "sidebar", "breadcrumb", "newsletter", "recommend", "subscribe", "sponsor",
    "advert", "navbar", "navigation", "widget", "cookie", "popup", "disqus",
    "outbrain", "taboola", "sharing", "sharebar", "gallery", "slideshow",
];

#[rustfmt::skip]
const COMMENT: &[&str] = &[
    "comment", "comments", "commentlist", "disqus", "replies", "reply", "respond", "discussion",
];

#[rustfmt::skip]
const POSITIVE: &[&str] = &[
    "article", "articles", "body", "content", "contents", "entry", "hentry", "main", "page",
    "post", "posts", "text", "blog", "story", "prose", "richtext", "markdown",
];

#[rustfmt::skip]
const NEGATIVE: &[&str] = &[
    "combx", "contact", "foot", "footnote", "media", "scroll", "shoutbox", "skyscraper",
    "shopping", "tool", "tools", "header", "aside", "extra", "date", "time", "info", "list",
    "links", "more", "next", "prev", "video", "gallery", "photo", "image", "img",
];

#[rustfmt::skip]
const HIDDEN_CLASSES: &[&str] = &[
    "hidden", "is-hidden", "visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text",
    "screenreader", "offscreen", "element-invisible", "u-hidden", "hide", "d-none", "invisible",
];

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
    /// Reads the signals of one element of the page.
    pub fn read(&mut self, el: &'a Element) -> AttrSignals {
        let mut s = AttrSignals::default();
        let mut role = None;
        let mut itemprop = None;
        let mut style = None;
        // One pass over the attributes: looking each name up would intern it every time.
        for (name, value) in el.attrs() {
            match name {
                "class" | "id" => s = or(s, self.value_verdict(value)),
                "role" => role = Some(value),
                "itemprop" => itemprop = Some(value),
                "style" => style = Some(value),
                "hidden" => s.hidden = true,
                "aria-hidden" if value.trim().eq_ignore_ascii_case("true") => s.hidden = true,
                _ => {}
            }
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
        if let Some(prop) = itemprop
            && prop.split_ascii_whitespace().any(|p| {
                p.eq_ignore_ascii_case("articleBody") || p.eq_ignore_ascii_case("reviewBody")
            })
        {
            s.body_marker = true;
        }
        if style.is_some_and(style_hides) {
            s.hidden = true;
        }
        s
    }

    /// What the tokens of one class or id value say, before the element-wide rules.
    fn value_verdict(&mut self, value: &'a str) -> AttrSignals {
        if let Some(v) = self.verdicts.get(value) {
            return *v;
        }
        let mut s = AttrSignals::default();
        if value
            .split_ascii_whitespace()
            .any(|class| HIDDEN_CLASSES.iter().any(|h| class.eq_ignore_ascii_case(h)))
        {
            s.hidden = true;
        }
        for_each_token(value, &mut self.buf, |tok| classify_token(tok, &mut s));
        self.verdicts.insert(value, s);
        s
    }
}

/// Both verdicts together: every flag set by either.
fn or(a: AttrSignals, b: AttrSignals) -> AttrSignals {
    AttrSignals {
        boilerplate: a.boilerplate || b.boilerplate,
        comment: a.comment || b.comment,
        hidden: a.hidden || b.hidden,
        positive: a.positive || b.positive,
        negative: a.negative || b.negative,
        body_marker: a.body_marker || b.body_marker,
        embed: a.embed || b.embed,
        social: a.social || b.social,
        control: a.control || b.control,
        quoted_post: a.quoted_post || b.quoted_post,
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

/// Every listed word with its bits, built once: one hash look-up per token instead of a
/// scan of each list.
static WORDS: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut words = FxHashMap::default();
    let lists: [(&[&'static str], u8); 7] = [
        (BOILERPLATE, W_BOILERPLATE),
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
    // Tokens are short: comparing windows beats setting up a substring searcher.
    if tok.as_bytes().windows(6).any(|w| w == b"social") {
        s.social = true;
        return;
    }
    let glued =
        tok.len() >= GLUED_MIN_LEN && GLUED.as_ref().is_some_and(|glued| glued.is_match(tok));
    if bits & W_BOILERPLATE != 0 || glued {
        s.boilerplate = true;
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
    buf.clear();
    let mut prev_lower = false;
    for c in value.chars() {
        if c.is_alphabetic() {
            let upper = if c.is_ascii() {
                c.is_ascii_uppercase()
            } else {
                c.is_uppercase()
            };
            if upper && prev_lower && !buf.is_empty() {
                f(buf);
                buf.clear();
            }
            if c.is_ascii() {
                prev_lower = c.is_ascii_lowercase();
                buf.push(c.to_ascii_lowercase());
            } else {
                prev_lower = c.is_lowercase();
                buf.extend(c.to_lowercase());
            }
        } else {
            if !buf.is_empty() {
                f(buf);
                buf.clear();
            }
            prev_lower = false;
        }
    }
    if !buf.is_empty() {
        f(buf);
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dom::Dom;
    use crate::extract::parse::parse;

    fn signals_of(html: &str) -> AttrSignals {
        let tree = parse(html);
        let dom = Dom::build(&tree);
        let el = (0..dom.len())
            .filter_map(|i| dom.element(i))
            .find(|e| !matches!(e.name(), "html" | "head" | "body"))
            .unwrap();
        SignalReader::default().read(el)
    }

    fn tokens(value: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_token(value, &mut String::new(), |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn camel_case_and_punctuation_split() {
        assert_eq!(tokens("contentWithSidebar"), ["content", "with", "sidebar"]);
        assert_eq!(
            tokens("article__related-links2"),
            ["article", "related", "links"]
        );
        assert_eq!(tokens("HTMLBody"), ["htmlbody"]);
    }

    #[test]
    fn boilerplate_tokens_are_whole_words() {
        assert!(signals_of(r#"<div class="share-bar">x</div>"#).boilerplate);
        assert!(signals_of(r#"<div id="breadcrumbs">x</div>"#).boilerplate);
        assert!(!signals_of(r#"<div class="address shared-x">x</div>"#).boilerplate);
        assert!(!signals_of(r#"<div class="download">x</div>"#).boilerplate);
        assert!(signals_of(r#"<h3 class="relatedpoststitle">x</h3>"#).boilerplate);
    }

    #[test]
    fn embedded_posts_are_content_but_their_buttons_are_not() {
        assert!(!signals_of(r#"<div class="article-widget article-tweet">x</div>"#).boilerplate);
        assert!(!signals_of(r#"<div class="social-media-embed">x</div>"#).boilerplate);
        assert!(signals_of(r#"<div class="social-links">x</div>"#).boilerplate);
        assert!(signals_of(r#"<a class="tweet-button share">x</a>"#).boilerplate);
        assert!(signals_of(r#"<div class="image-embed-credit">x</div>"#).boilerplate);
    }

    /// The verdict of a class value is cached per page; what the element's other
    /// attributes say must still apply to each element on its own.
    #[test]
    fn a_cached_class_verdict_still_meets_each_elements_own_attributes() {
        let tree = parse(
            r#"<div class="story-tools">a</div><div class="story-tools" role="main">b</div>
               <div class="story-tools" hidden>c</div><div class="story-tools">d</div>"#,
        );
        let dom = Dom::build(&tree);
        let mut reader = SignalReader::default();
        let read: Vec<AttrSignals> = (0..dom.len())
            .filter_map(|i| dom.element(i))
            .filter(|e| e.name() == "div")
            .map(|e| reader.read(e))
            .collect();
        assert_eq!(read.len(), 4);
        assert!(read.iter().all(|s| s.negative && s.positive));
        assert!(!read[0].body_marker && read[1].body_marker && !read[3].body_marker);
        assert!(!read[0].hidden && read[2].hidden && !read[3].hidden);
        assert_eq!(read[0], read[3]);
    }

    #[test]
    fn comments_hidden_and_markers() {
        assert!(signals_of(r#"<section id="comments">x</section>"#).comment);
        assert!(signals_of(r#"<div style="display: none">x</div>"#).hidden);
        assert!(signals_of(r#"<span class="sr-only">x</span>"#).hidden);
        assert!(!signals_of(r#"<div class="hidden-xs">x</div>"#).hidden);
        assert!(signals_of(r#"<div itemprop="articleBody">x</div>"#).body_marker);
        assert!(signals_of(r#"<div role="navigation">x</div>"#).boilerplate);
    }
}

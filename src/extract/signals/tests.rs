//! Sentinel tests of the attribute signals: each word list and each element-wide rule.
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
    SignalReader::default().read(el, Tag::from_name(el.name()))
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
        .map(|e| reader.read(e, Tag::Div))
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

#[test]
fn slugs_of_a_content_system_are_not_roles() {
    let wp = signals_of(
        r#"<article class="post-9 post type-post status-publish hentry tag-cookies tag-ads category-sharing">x</article>"#,
    );
    assert!(!wp.boilerplate && wp.positive);
    assert!(signals_of(r#"<div class="tag-cloud">x</div>"#).boilerplate);
    assert!(signals_of(r#"<div class="tags tag-list hentry">x</div>"#).boilerplate);
}

#[test]
fn custom_elements_author_boxes_and_heading_anchors() {
    assert!(signals_of("<x-inline-teaser>x</x-inline-teaser>").boilerplate);
    assert!(signals_of(r#"<div itemprop="author">x</div>"#).boilerplate);
    assert!(!signals_of(r#"<h3 id="nav-step-2">x</h3>"#).boilerplate);
    assert!(signals_of(r#"<div id="nav-main">x</div>"#).boilerplate);
    assert!(signals_of(r#"<span class="post-ratings">x</span>"#).boilerplate);
    assert!(signals_of(r#"<span class="hide-visually">x</span>"#).hidden);
}

#[test]
fn layout_words_are_told_from_purpose_words() {
    let drawer = signals_of(r#"<div class="tips-drawer">x</div>"#);
    assert!(drawer.layout && !drawer.boilerplate);
    assert!(signals_of(r#"<div class="print-header">x</div>"#).boilerplate);
}

#[test]
fn words_in_other_languages() {
    assert!(signals_of(r#"<div class="werbung">x</div>"#).boilerplate);
    assert!(signals_of(r#"<div class="bloc-publicité">x</div>"#).boilerplate);
    assert!(signals_of(r#"<div id="kommentare">x</div>"#).comment);
    assert!(signals_of(r#"<div class="comentarios">x</div>"#).comment);
    assert!(signals_of(r#"<div class="artikel-inhalt">x</div>"#).positive);
    assert!(signals_of(r#"<div class="正文">x</div>"#).positive);
    assert!(signals_of(r#"<div class="zhengwen">x</div>"#).positive);
}

#[test]
fn hidden_classes_fit_the_length_bound() {
    assert!(
        HIDDEN_CLASSES
            .iter()
            .all(|c| c.len() <= MAX_HIDDEN_CLASS_LEN)
    );
    assert!(is_hidden_class("SR-Only") && is_hidden_class("visually-hidden"));
    assert!(!is_hidden_class("hidden-xs"));
}

#[test]
fn slug_prefixes_fit_the_length_bound() {
    assert!(SLUG_PREFIXES.iter().all(|p| p.len() <= MAX_SLUG_PREFIX_LEN));
}

#[test]
fn negated_and_digit_tail_tokens_name_nothing() {
    assert!(!signals_of(r#"<div class="buzz_item no_caption">x</div>"#).boilerplate);
    assert!(!signals_of(r#"<div class="header--no-promo">x</div>"#).boilerplate);
    assert!(signals_of(r#"<div class="no-js caption">x</div>"#).boilerplate);
    assert!(!signals_of(r#"<p id="e1ad">x</p>"#).boilerplate);
    assert!(signals_of(r#"<div id="ad300">x</div>"#).boilerplate);
    let mut seen = Vec::new();
    for_each_token_in_context("no_caption e1ad", &mut String::new(), |t, c| {
        seen.push((t.to_string(), c.negated, c.after_digit))
    });
    assert_eq!(
        seen,
        [
            ("no".into(), false, false),
            ("caption".into(), true, false),
            ("e".into(), false, false),
            ("ad".into(), false, true)
        ]
    );
}

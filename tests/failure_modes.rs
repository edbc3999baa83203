//! Sentinel tests for the failure modes users of other extractors report again and again:
//! text marked as body must stay, text marked as boilerplate must go.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use dehusk::{BlockKind, Options, extract};

/// Three paragraphs of ordinary prose, numbered so each sentinel is unique.
fn prose(tag: &str) -> String {
    (1..=3)
        .map(|k| {
            format!(
                "<p>Paragraph {tag}{k} tells the story at length, with clauses, details and a \
                 closing thought that keeps the reader going until the very end.</p>"
            )
        })
        .collect()
}

fn text_of(html: &str) -> String {
    extract(html, &Options::default()).unwrap().to_text(false)
}

#[test]
fn words_are_not_glued_across_block_boundaries() {
    let html = format!(
        "<article>{}<div>Your support makes all the difference.</div><div>The talks began \
         on Saturday, officials said, and will continue next week in the capital.</div></article>",
        prose("a")
    );
    let text = text_of(&html);
    assert!(!text.contains("difference.The"), "{text}");
}

/// The list is the story's sources, linking out of the site: a list of titles linking
/// into it at the same place is a teaser list and goes (see
/// `inward_teasers_mid_story_go` in src/extract/clean/tests.rs).
#[test]
fn headings_lists_and_paragraphs_made_of_links_stay_inside_the_article() {
    let html = format!(
        "<nav><a href=/>Home</a> <a href=/news>News</a></nav><article>{}\
         <h2><a href=\"#method\">How the survey was done</a></h2>{}\
         <ul><li><a href=https://stats.example.org/r1>The 2019 census tables</a></li><li>\
         <a href=https://health.example.org/r2>The regional health report</a></li></ul>{}\
         <p><a href=/full>The full report, with every table and appendix, is published online \
         by the statistics office.</a></p>{}</article>",
        prose("a"),
        prose("b"),
        prose("c"),
        prose("d")
    );
    let doc = extract(&html, &Options::default()).unwrap();
    let text = doc.to_text(false);
    assert!(text.contains("How the survey was done"), "{text}");
    assert!(text.contains("The 2019 census tables"), "{text}");
    assert!(text.contains("The full report, with every table"), "{text}");
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Heading(2) && b.text == "How the survey was done")
    );
}

#[test]
fn an_article_split_over_sections_is_not_cut_short() {
    let html = format!(
        "<main><article><h1>Headline</h1><section>{}</section>\
         <div class=\"ad-slot\"><script>ad()</script>Advertisement</div>\
         <section>{}</section><section><h2>What comes next</h2>{}</section></article></main>\
         <aside class=\"sidebar\"><a href=/x>Other story</a></aside>",
        prose("a"),
        prose("b"),
        prose("c")
    );
    let text = text_of(&html);
    for s in [
        "Paragraph a1",
        "Paragraph b2",
        "What comes next",
        "Paragraph c3",
    ] {
        assert!(text.contains(s), "{s} missing: {text}");
    }
    assert!(!text.contains("Advertisement"));
    assert!(!text.contains("Other story"));
}

#[test]
fn nested_main_and_article_do_not_duplicate_text() {
    let html = format!(
        "<main class=\"content\"><article class=\"post\"><div class=\"entry-content\">{}</div>\
         </article></main>",
        prose("a")
    );
    let text = text_of(&html);
    assert_eq!(text.matches("Paragraph a1").count(), 1, "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn a_sidebar_class_word_does_not_delete_the_container_holding_the_article() {
    let html = format!(
        "<div class=\"contentWithSidebar\"><div class=\"main-col\">{}{}</div>\
         <div class=\"sidebar\"><h3>Popular</h3><ul><li><a href=/p1>Popular one</a></li>\
         <li><a href=/p2>Popular two</a></li></ul></div></div>",
        prose("a"),
        prose("b")
    );
    let text = text_of(&html);
    assert!(
        text.contains("Paragraph a1") && text.contains("Paragraph b3"),
        "{text}"
    );
    assert!(!text.contains("Popular one"), "{text}");
}

#[test]
fn cookie_consent_text_is_not_returned_instead_of_the_article() {
    let consent = "<p>We and our 847 partners use cookies and similar technologies to store and \
                   access information on your device, to measure audiences, to personalise \
                   advertising and content, and to develop and improve products. You can accept, \
                   refuse or customise your choices at any time in the privacy settings.</p>"
        .repeat(3);
    let html = format!(
        "<div id=\"cookie-consent\" class=\"consent-banner\">{consent}<button>Accept</button></div>\
         <article>{}</article>",
        prose("a")
    );
    let text = text_of(&html);
    assert!(text.contains("Paragraph a1"), "{text}");
    assert!(!text.contains("partners use cookies"), "{text}");
}

#[test]
fn related_ranking_and_recommendation_lists_go() {
    let list = |title: &str, class: &str| {
        format!(
            "<div class=\"{class}\"><h3>{title}</h3><ul><li><a href=/1>{title} item one</a></li>\
             <li><a href=/2>{title} item two</a></li><li><a href=/3>{title} item three</a></li>\
             </ul></div>"
        )
    };
    let html = format!(
        "<article>{}{}{}{}</article>{}",
        prose("a"),
        list("Related", "box-a"),
        list("Ranking", "box-b"),
        list("Recommendation", "box-c"),
        list("Most read", "box-d")
    );
    let text = text_of(&html);
    assert!(text.contains("Paragraph a3"), "{text}");
    for junk in [
        "Related",
        "Ranking",
        "Recommendation",
        "Most read",
        "item one",
    ] {
        assert!(!text.contains(junk), "{junk} kept: {text}");
    }
}

#[test]
fn stubs_around_the_article_go_and_the_credit_line_stays() {
    let html = format!(
        "<div class=\"box\"><p>Current: Home &gt; World &gt; Europe</p><p>View</p>\
         <p>Date: 2025-04-28 11:45:07</p>{}<p>Jane Roe reported from Porto.</p>\
         <p>veryGood! (243)</p></div>",
        prose("a")
    );
    let text = text_of(&html);
    assert!(text.starts_with("Paragraph a1"), "{text}");
    assert!(text.ends_with("Jane Roe reported from Porto.\n"), "{text}");
}

#[test]
fn comments_are_off_by_default_and_on_when_asked() {
    let html = format!(
        "<article>{}</article><section id=\"comments\"><p>Reader comment that goes on and on \
         about the story with opinions, asides and a question at the end?</p></section>",
        prose("a")
    );
    assert!(!text_of(&html).contains("Reader comment"));
    let with = Options {
        include_comments: true,
        ..Options::default()
    };
    let doc = extract(&html, &with).unwrap();
    // Comments are no longer pruned; whether they join the article is up to the scorer,
    // but they must never replace it.
    assert!(doc.to_text(false).contains("Paragraph a1"));
}

#[test]
fn a_page_that_is_all_navigation_is_empty_not_an_error() {
    let html = "<nav><ul><li><a href=/a>Home</a></li><li><a href=/b>World</a></li></ul></nav>\
                <footer>© Site</footer>";
    let doc = extract(html, &Options::default()).unwrap();
    assert!(doc.is_empty(), "{:?}", doc.blocks);
}

#[test]
fn related_posts_printed_in_full_do_not_replace_the_story() {
    // Some themes print related posts in full, each an <article>, after the story: the
    // listing must not win, and the story holding the page's headline must.
    let teaser = |k: u32| {
        format!(
            "<article class=\"post\"><h2><a href=/p{k}>Other post {k}</a></h2>{}</article>",
            prose(&format!("t{k}-"))
        )
    };
    let html = format!(
        "<title>The real story</title><div id=main><article class=\"post\"><h1>The real \
         story</h1>{}</article><section class=\"box\"><h3>You may also like</h3>{}{}{}{}</section></div>",
        prose("a"),
        teaser(1),
        teaser(2),
        teaser(3),
        teaser(4)
    );
    let text = text_of(&html);
    assert!(
        text.contains("Paragraph a1") && text.contains("Paragraph a3"),
        "{text}"
    );
    assert!(!text.contains("Paragraph t1-"), "{text}");
}

//! Sentinel tests of pruning: what each rule removes, and what its guard keeps.
use super::*;
use crate::extract::parse::parse as parse_html;

fn kept_text(src: &str) -> String {
    let html = parse_html(src);
    let dom = Dom::build(&html);
    let pruned = prune(&dom, &Options::default());
    let mut out = String::new();
    for i in 0..dom.len() {
        if let super::super::dom::NodeKind::Text(t) = dom.nodes[i].kind
            && !pruned.removed[i]
        {
            out.push_str(t.trim());
            out.push(' ');
        }
    }
    out.trim().to_string()
}

#[test]
fn removes_nav_scripts_and_hidden() {
    let t =
        kept_text("<nav>Home</nav><script>x()</script><p hidden>secret</p><p>Body text here.</p>");
    assert_eq!(t, "Body text here.");
}

#[test]
fn class_rule_spares_a_container_holding_the_article() {
    let body = "Long article sentence that carries the story forward. ".repeat(20);
    let src = format!(
        r#"<div class="contentWithSidebar"><p>{body}</p><div class="sidebar">Ad stuff</div></div>"#
    );
    let t = kept_text(&src);
    assert!(t.contains("carries the story"));
    assert!(!t.contains("Ad stuff"));
}

#[test]
fn ad_slot_with_a_label_goes() {
    let src = r#"<p>Story text.</p><div class="xQz81"><span>Advert</span><script>ad()</script></div><p>More.</p>"#;
    assert_eq!(kept_text(src), "Story text. More.");
}

const PROSE: &str = "A sentence of the story, long enough to read as prose, with clauses that carry it on. Another follows it.";

#[test]
fn comments_go_beside_an_article() {
    let src = format!(r#"<p>{PROSE}</p><div id="comments"><p>First! {PROSE}</p></div>"#);
    assert_eq!(kept_text(&src), PROSE);
}

/// A forum thread or a Q&A page is all posts: with no article beside them, posts
/// named as comments are the content.
#[test]
fn a_thread_of_comment_posts_is_the_content() {
    let post = |who: &str| {
        format!(
            r#"<div class="ForumComment"><div class="ForumCommentAuthor">{who}</div>
               <div class="ForumCommentText">{PROSE}</div></div>"#
        )
    };
    let src = format!(
        "<nav>Forum</nav><main>{}{}{}</main><footer>Log in to reply</footer>",
        post("ann"),
        post("bo"),
        post("cy")
    );
    let t = kept_text(&src);
    assert_eq!(t.matches("carry it on").count(), 3, "{t}");
    assert!(!t.contains("Forum") && !t.contains("Log in"));
}

#[test]
fn cms_slug_classes_do_not_prune_the_post() {
    // WordPress puts the post's tags and categories on the post itself; the comment
    // thread below holds more prose than the post.
    let comments = format!(r#"<div class="comment"><p>{PROSE}</p></div>"#).repeat(4);
    let src = format!(
        r#"<article class="post-7 post type-post status-publish hentry category-news tag-cookies">
           <p>{PROSE}</p><p>{PROSE}</p></article><div class="comments-area">{comments}</div>"#
    );
    assert_eq!(kept_text(&src).matches("carry it on").count(), 2);
    // A lone hand-named widget keeps its words.
    let src = format!(r#"<p>{PROSE}</p><div class="tag-cloud">cookies news</div>"#);
    assert_eq!(kept_text(&src), PROSE);
}

/// Same-class siblings that share the article between them are judged together: each
/// holds a fifth of the prose, all five hold all of it.
#[test]
fn same_class_items_are_judged_as_a_group() {
    let items = format!(r#"<div class="gallery-item"><h3>Item</h3><p>{PROSE}</p></div>"#).repeat(5);
    let src = format!(r#"<div class="gallery-list">{items}</div><div class="sidebar">x</div>"#);
    let t = kept_text(&src);
    assert_eq!(t.matches("carry it on").count(), 5, "{t}");
    assert!(!t.ends_with('x'));
    // Sibling boxes that share a builder's class but not the prose are not a group.
    let src = format!(
        r#"<div class="block"><p>{PROSE}</p><p>{PROSE}</p></div>
           <div class="block promo">Subscribe now</div><div class="block promo">(c) 2024</div>"#
    );
    assert!(!kept_text(&src).contains("Subscribe"));
}

#[test]
fn a_form_around_the_prose_is_the_page_but_a_signup_form_goes() {
    let src = format!(
        r#"<form action="/cart"><h1>Teapot</h1><p>{PROSE}</p><p>{PROSE}</p>
           <button>Add</button></form><div class="legal"><p>{PROSE}</p><p>{PROSE}</p>
           <p>{PROSE}</p></div>"#
    );
    assert!(kept_text(&src).starts_with("Teapot"));
    let src =
        format!(r#"<p>{PROSE}</p><form><label>Your e-mail for our weekly letter</label></form>"#);
    assert_eq!(kept_text(&src), PROSE);
}

/// Short Japanese paragraphs are not "prose" by length, so the form is judged by its
/// share of the page's unlinked text.
#[test]
fn a_form_around_short_cjk_paragraphs_is_kept() {
    let src = r#"<form id="form1"><ul><li><a href="/">ホーム</a></li></ul>
        <p>東京都は十五日、来年度の予算案を発表した。</p><p>保育所の整備を進める。</p></form>"#;
    assert!(kept_text(src).contains("予算案を発表した"));
}

#[test]
fn hidden_pages_of_a_list_are_shown() {
    let item = |style: &str| format!(r#"<div class="plant"{style}><p>{PROSE}</p></div>"#);
    let src = format!(
        r#"<div class="plants">{}{}{}</div><div class="note" style="display:none">tip</div>"#,
        item(""),
        item(r#" style="display: none""#),
        item(" hidden")
    );
    let t = kept_text(&src);
    assert_eq!(t.matches("carry it on").count(), 3, "{t}");
    assert!(!t.contains("tip"));
}

#[test]
fn captions_go_unless_they_tell_the_story() {
    let photo = format!(
        r#"<p>{PROSE}</p><figure><img src=a.jpg><figcaption>The mayor at the opening.</figcaption></figure><p>{PROSE}</p>"#
    );
    assert!(!kept_text(&photo).contains("mayor"));
    let slides = format!(
        r#"<figure class="slide"><img src=a.jpg><figcaption class="slide-caption">{PROSE}</figcaption></figure>"#
    )
    .repeat(4);
    let src = format!("<p>Intro.</p><div class=slides>{slides}</div>");
    assert_eq!(kept_text(&src).matches("carry it on").count(), 4);
}

/// Lyrics have no punctuation; broken into lines they still read as prose, so the blog's
/// post widget holding them is not a sidebar widget.
#[test]
fn verse_in_a_widget_is_prose() {
    let verse = "Grey boats come in with the morning<br>Nets are drying on the stone<br>\
                 Gulls are crying high above<br>Sing for the harbour and the tide<br>";
    let src = format!(
        r#"<div class="widget blog-posts"><div class="post">{verse}{verse}</div></div>
           <div class="widget text-widget"><p>Our choir sings. Visit us!</p></div>"#
    );
    let t = kept_text(&src);
    assert!(t.contains("Gulls are crying"), "{t}");
    assert!(!t.contains("Visit us"));
}

#[test]
fn layout_words_spare_boxes_of_prose() {
    let src = format!(
        r#"<p>{PROSE}</p><div class="tips-drawer"><p>{PROSE} Tip.</p></div>
           <div class="sticky-toolbar"><a href=a>A</a> <a href=b>B</a></div>"#
    );
    let t = kept_text(&src);
    assert!(t.contains("Tip."));
    assert!(!t.ends_with('B'));
}

/// Documentation and wiki generators make a section's id from its heading: its words are
/// the section's topic ("sharing", "promotion"), not its role.
#[test]
fn an_id_spelling_its_heading_is_not_a_role() {
    let src = format!(
        r#"<div class="section" id="sharing-with-a-single-developer"><h2>Sharing with a single developer</h2>
           <p>{PROSE}</p></div><div id="sharing-buttons"><a href=x>Share</a></div>"#
    );
    let t = kept_text(&src);
    assert!(t.starts_with("Sharing with a single developer"), "{t}");
    assert!(!t.ends_with("Share"));
}

#[test]
fn a_formula_keeps_its_symbols_not_its_source() {
    let t = kept_text(
        r#"<p>Roots of <math><semantics><msup><mi>x</mi><mn>2</mn></msup>
           <annotation encoding="application/x-tex">x^2</annotation></semantics></math></p>"#,
    );
    assert_eq!(t, "Roots of x 2");
}

/// A class word on an inline element inside a running paragraph does not cut the
/// sentence: a formula's container named "…Menu…", a link named "popup".
#[test]
fn inline_elements_in_running_text_stay_whatever_their_class() {
    let src = format!(
        r#"<p>{PROSE} The value <span class="MathJax CtxtMenu_Attached">x</span> grows, see
           <a class="popup" href=g>the glossary</a>.</p><div class="menu"><a href=h>Home</a></div>"#
    );
    let t = kept_text(&src);
    assert!(t.contains("The value x grows, see the glossary"), "{t}");
    assert!(!t.contains("Home"));
}

/// A footer beside the named body of a short post is its meta and author box, though it
/// holds more prose than the post.
#[test]
fn a_footer_beside_the_named_body_goes_however_long() {
    let src = format!(
        r#"<article class="post"><h1>Episode</h1><div class="entry-content"><p>{PROSE}</p></div>
           <footer class="entry-meta">Filed under Episodes.<div id="author-info"><h2>About Kim</h2>
           <div>{PROSE} {PROSE}</div></div></footer></article>"#
    );
    let t = kept_text(&src);
    assert_eq!(t.matches("carry it on").count(), 1, "{t}");
    assert!(!t.contains("About Kim"));
}

/// A consent placeholder where an embedded clip will be is not the embed: it holds a
/// switch and nothing embedded. An embedded post (a quotation) stays.
#[test]
fn an_embed_placeholder_goes_but_an_embedded_post_stays() {
    let src = format!(
        r#"<p>{PROSE}</p><div class="social-embed"><h3>Embedded post hidden</h3>
           <label><input type="checkbox"> Loading the clip sends data.</label></div>
           <div class="social-embed"><blockquote><p>Picked the first tomatoes today.</p></blockquote></div>"#
    );
    let t = kept_text(&src);
    assert!(!t.contains("Embedded post hidden"), "{t}");
    assert!(t.contains("Picked the first tomatoes today."), "{t}");
}

/// Small print after the story (a press release's company boilerplate) goes; a page set
/// in a small font throughout keeps its text.
#[test]
fn small_print_after_the_story_goes() {
    let story = format!("<p>{PROSE}</p>").repeat(4);
    let src = format!(
        r#"<div class="content">{story}<hr><p style="font-size:11px;color:grey">About the
           company: it makes communication systems for hospitals in twenty countries.</p></div>"#
    );
    let t = kept_text(&src);
    assert_eq!(t.matches("carry it on").count(), 4);
    assert!(!t.contains("twenty countries"), "{t}");
    let small = format!(r#"<p style="font-size: small">{PROSE}</p>"#).repeat(5);
    assert_eq!(kept_text(&small).matches("carry it on").count(), 5);
}

/// A grid of teaser cards (a linked title over a short blurb) goes whole: the titles
/// would go as link lines and leave the blurbs behind.
#[test]
fn a_grid_of_teaser_cards_goes() {
    let card = |k: u32| {
        format!(
            r#"<div class="tumb"><div class="title"><a href="/s/{k}">Story number {k}</a></div>
               <div class="body">A short blurb about story {k}, in a few words.</div></div>"#
        )
    };
    let src = format!(
        r#"<p>{PROSE}</p><div id="grid">{}{}{}</div>"#,
        card(1),
        card(2),
        card(3)
    );
    let t = kept_text(&src);
    assert!(!t.contains("blurb"), "{t}");
    // Two cards are not a grid.
    let src = format!(
        r#"<p>{PROSE}</p><div id="grid">{}{}</div>"#,
        card(1),
        card(2)
    );
    assert!(kept_text(&src).contains("blurb about story 2"));
}

/// A caption that is prose is content; a one-line photo caption is not.
#[test]
fn a_prose_caption_is_content() {
    let src = format!(
        r#"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>
           <figure><img src=a.jpg><figcaption>{PROSE}</figcaption></figure>
           <figure><img src=b.jpg><figcaption>The harbour at dawn.</figcaption></figure>"#
    );
    let t = kept_text(&src);
    assert_eq!(t.matches("carry it on").count(), 4, "{t}");
    assert!(!t.contains("harbour at dawn"));
}

/// A box whose content was pruned takes its title with it; a box whose sentence stays,
/// and a box with a title over content that stays, are left alone.
#[test]
fn a_box_title_goes_with_its_pruned_content() {
    let body = "Long article sentence that carries the story forward. ".repeat(20);
    let src = format!(
        "<article><p>{body}</p>\
         <div class=box><div class=boxhead>Print version (PDF)</div>\
         <div class=teaser><a href=/x.pdf>Opening programme (120 KB)</a></div></div>\
         <div class=box><div class=boxhead>Opening times</div><div>Doors open at nine.</div></div>\
         <div class=box><div>A note that stays.</div><div class=teaser><a href=/y>Elsewhere</a></div></div>\
         </article>"
    );
    let t = kept_text(&src);
    assert!(!t.contains("Print version"), "{t}");
    assert!(!t.contains("Opening programme"), "{t}");
    assert!(t.contains("Opening times Doors open at nine."), "{t}");
    assert!(t.contains("A note that stays."), "{t}");
}

/// A slideshow whose captions hold more text than the story beside it goes (the size
/// guard does not spare it); a listicle of `gallery-item`s, judged together, and a page
/// that is only a gallery keep their text.
#[test]
fn a_gallery_beside_a_story_goes_whatever_its_captions_hold() {
    let story = "A sentence of the story, which goes on for a while and then ends. ".repeat(10);
    let caption = "A caption of one slide, telling what the photo shows in detail. ";
    let slides: String = (1..=30)
        .map(|k| format!("<li><h2>{k}/30 Slide</h2><p>{caption}</p></li>"))
        .collect();
    let page = format!(
        "<article><h1>Headline</h1><p>{story}</p>\
         <div class=full-gallery><ul>{slides}</ul></div><p>{story}</p></article>"
    );
    let t = kept_text(&page);
    assert!(t.contains("goes on for a while"), "{t}");
    assert!(!t.contains("A caption of one slide"), "{t}");
    let items: String = (1..=5)
        .map(|k| format!("<div class=gallery-item><h2>{k}. Item</h2><p>{story}</p></div>"))
        .collect();
    let listicle = kept_text(&format!("<article><h1>Five ways</h1>{items}</article>"));
    assert!(listicle.contains("5. Item"), "{listicle}");
    let gallery_page = kept_text(&format!(
        "<h1>Photos</h1><div class=gallery><ul>{slides}</ul></div>"
    ));
    assert!(
        gallery_page.contains("A caption of one slide"),
        "{gallery_page}"
    );
}

//! Sentinel tests of the cleaning pass: one per mechanism, on lines written for it.

use super::*;

fn line(text: &str, links: bool, list: Option<usize>) -> Line {
    let width = script::text_width(text);
    Line {
        kind: if list.is_some() {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        },
        text: text.to_string(),
        markdown: text.to_string(),
        width,
        link_width: if links { width } else { 0 },
        internal_link_width: 0,
        stopless: text
            .chars()
            .filter(|&c| script::is_stopless(c))
            .map(script::width)
            .sum(),
        list,
        group: list,
    }
}

const P: &str =
    "This is a long paragraph of running article text, which carries on and ends properly.";

#[test]
fn trailing_link_list_and_its_heading_go() {
    let mut h = line("Related", false, None);
    h.kind = BlockKind::Heading(2);
    let lines = vec![
        line(P, false, None),
        h,
        line("Other story one", true, Some(9)),
        line("Other story two", true, Some(9)),
    ];
    let out = clean(lines, None, Focus::Balanced, false);
    assert_eq!(out.len(), 1);
}

#[test]
fn headed_list_of_linked_titles_goes_even_mid_story() {
    let mut h = line("Most read", false, None);
    h.kind = BlockKind::Heading(3);
    let lines = vec![
        line(P, false, None),
        h,
        line("Lunar orbiter maps ice", true, Some(9)),
        line("Hot nights cost sleep", true, Some(9)),
        line(&P.replace("long", "third"), false, None),
        line(&P.replace("long", "second"), false, None),
    ];
    assert_eq!(clean(lines, None, Focus::Balanced, false).len(), 3);
}

#[test]
fn lone_linked_title_mid_story_goes_but_linked_sentence_stays() {
    let lines = vec![
        line(P, false, None),
        line("Read more: Tram workers walk out over pay", true, None),
        line(&P.replace("long", "second"), false, None),
        line(
            "A whole sentence of the story that happens to be one long link.",
            true,
            None,
        ),
        line(&P.replace("long", "third"), false, None),
    ];
    let out: Vec<String> = clean(lines, None, Focus::Balanced, false)
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert_eq!(out.len(), 4, "{out:?}");
    assert!(!out.iter().any(|l| l.starts_with("Read more")));
}

#[test]
fn link_list_inside_the_story_stays() {
    let lines = vec![
        line(P, false, None),
        line("Source one", true, Some(9)),
        line("Source two", true, Some(9)),
        line(P, false, None),
        line(&P.replace("long", "second"), false, None),
    ];
    let out: Vec<String> = clean(lines, None, Focus::Balanced, false)
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert_eq!(out.len(), 5, "{out:?}");
}

#[test]
fn stubs_at_edges_go_but_credit_sentence_stays() {
    let p2 = P.replace("long", "second");
    let p3 = P.replace("long", "third");
    let lines = vec![
        line("View", false, None),
        line("Date: 2025-04-28 11:45:07", false, None),
        line(P, false, None),
        line(&p2, false, None),
        line(&p3, false, None),
        line("Jane Doe reported from Lisbon.", false, None),
        line("veryGood! (243)", false, None),
    ];
    let out: Vec<String> = clean(lines, None, Focus::Balanced, false)
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert_eq!(out, [P, &p2, &p3, "Jane Doe reported from Lisbon."]);
}

#[test]
fn short_lines_between_kept_lines_at_the_end_stay() {
    let lines = vec![
        line(P, false, None),
        line(&P.replace("long", "second"), false, None),
        line("Venue: Harbour Hall, Pier 4", false, None),
        line("Opening hours 9.30 to 19.00", false, None),
        line("See you there.", false, None),
        line("Share this", false, None),
    ];
    let out: Vec<String> = clean(lines, None, Focus::Balanced, false)
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert_eq!(out.len(), 5, "{out:?}");
}

#[test]
fn a_plain_list_at_the_end_is_content() {
    let mut h = line("Qualified teams", false, None);
    h.kind = BlockKind::Heading(2);
    let mut lines = vec![
        line(P, false, None),
        line(&P.replace("long", "second"), false, None),
        h,
    ];
    for team in ["Belgium", "Italy", "Russia", "Poland"] {
        lines.push(line(team, false, Some(7)));
    }
    assert_eq!(clean(lines, None, Focus::Balanced, false).len(), 7);
}

#[test]
fn dedupe_drops_repeats_anywhere_when_asked() {
    let lines = || {
        vec![
            line(P, false, None),
            line(&P.replace("long", "second"), false, None),
            line(P, false, None),
        ]
    };
    assert_eq!(clean(lines(), None, Focus::Balanced, false).len(), 3);
    assert_eq!(clean(lines(), None, Focus::Balanced, true).len(), 2);
}

#[test]
fn focus_moves_the_edge_trimming() {
    let lines = || {
        vec![
            line("Updated 3 hours ago", false, None),
            line(P, false, None),
            line("Venue: Harbour Hall", false, None),
            line(&P.replace("long", "second"), false, None),
            line("Photo: Agency", false, None),
        ]
    };
    assert_eq!(clean(lines(), None, Focus::Recall, false).len(), 5);
    assert_eq!(clean(lines(), None, Focus::Balanced, false).len(), 3);
}

#[test]
fn edge_lines_that_are_most_of_the_text_stay() {
    let mut lines: Vec<Line> = (1..=8)
        .map(|k| line(&format!("Stage {k}: 10 March, Interlagos"), false, None))
        .collect();
    lines.push(line(P, false, None));
    assert_eq!(clean(lines, None, Focus::Balanced, false).len(), 9);
}

/// One linked item at the head of a list of descriptions does not make the list a link
/// list: the list is judged by the share of its items that are link-heavy.
#[test]
fn a_linked_first_item_does_not_take_the_whole_list() {
    let mut lines = vec![line(P, false, None)];
    lines.push(line("Learn more about the project", true, Some(4)));
    for k in 1..=4 {
        lines.push(line(
            &format!("Step {k} describes what to do, in a sentence of its own."),
            false,
            Some(4),
        ));
    }
    let out = clean(lines, None, Focus::Balanced, false);
    assert_eq!(
        out.len(),
        5,
        "{:?}",
        out.iter().map(|l| &l.text).collect::<Vec<_>>()
    );
    assert!(out.iter().all(|l| !l.text.starts_with("Learn more")));
    // A list of mostly linked titles still goes whole, its one plain item with it.
    let mut lines = vec![line(P, false, None)];
    for k in 1..=4 {
        lines.push(line(&format!("Another story number {k}"), true, Some(5)));
    }
    lines.push(line("Sponsored", false, Some(5)));
    assert_eq!(clean(lines, None, Focus::Balanced, false).len(), 1);
}

fn heading(text: &str, level: u8) -> Line {
    let mut l = line(text, false, None);
    l.kind = BlockKind::Heading(level);
    l
}

/// The line's links lead into the site.
fn inward(mut l: Line) -> Line {
    l.internal_link_width = l.link_width;
    l
}

/// A line of the table `table` whose first `linked` characters are a link.
fn row(text: &str, linked: u32, table: usize) -> Line {
    let mut l = line(text, false, None);
    l.kind = BlockKind::TableRow;
    l.link_width = linked;
    l.group = Some(table);
    l
}

/// A line of the `<p>` `block`, broken off by a `<br>`.
fn br_line(text: &str, block: usize) -> Line {
    let mut l = line(text, false, None);
    l.group = Some(block);
    l
}

fn texts(lines: Vec<Line>, focus: Focus) -> Vec<String> {
    clean(lines, None, focus, false)
        .into_iter()
        .map(|l| l.text)
        .collect()
}

fn p(k: usize) -> String {
    P.replace("long", &format!("long (part {k})"))
}

/// A table whose rows link in their first cell and hold prices and grades in the others
/// is data, judged as a whole; the heading over it stays with it.
#[test]
fn table_rows_with_a_linked_first_cell_are_data() {
    let lines = vec![
        line(&p(1), false, None),
        heading("The three best kettles", 3),
        row("Steamer One Classic | 45 € | 1.8", 19, 7),
        row("QuickBoil Mini | 29 € | 2.2", 14, 7),
        row("Glass Pro | 79 € | 2.5", 9, 7),
        line(&p(2), false, None),
        line(&p(3), false, None),
    ];
    assert_eq!(texts(lines, Focus::Balanced).len(), 7);
    // A table of nothing but links is still a link cluster.
    let lines = vec![
        line(&p(1), false, None),
        row("Home | News | Sport", 19, 8),
        row("Weather | Travel | Jobs", 23, 8),
    ];
    assert_eq!(texts(lines, Focus::Balanced).len(), 1);
}

/// A run of link items ends at a long item that links out of the site (a reference with
/// its sentence); a teaser blurb linking inward does not end it.
#[test]
fn a_long_outward_item_ends_the_link_run() {
    let mut reference = line(&p(9), false, Some(3));
    reference.link_width = 20;
    let mut lines = vec![line(&p(1), false, None)];
    lines.push(line("Some linked source title", true, Some(3)));
    lines.push(reference.clone());
    lines.push(line(&p(2), false, None));
    let out = texts(lines, Focus::Balanced);
    assert!(out.contains(&p(9)), "{out:?}");
    let mut lines = vec![line(&p(1), false, None), line(&p(2), false, None)];
    lines.push(line(&p(3), false, None));
    lines.push(inward(line("Another story of ours", true, Some(3))));
    lines.push(inward(reference));
    assert_eq!(texts(lines, Focus::Balanced), [p(1), p(2), p(3)]);
}

/// A short line linking out between paragraphs (a linked name, a credit) stays; one linked
/// word (a button) and a short line linking into the site go.
#[test]
fn short_outward_name_between_paragraphs_stays() {
    let lines = vec![
        line(&p(1), false, None),
        line("(via Sky Weekly)", true, None),
        line(&p(2), false, None),
        line("Report", true, None),
        line(&p(3), false, None),
        inward(line("Our bike lock guide", true, None)),
        line(&p(4), false, None),
    ];
    let out = texts(lines, Focus::Balanced);
    assert!(out.iter().any(|l| l == "(via Sky Weekly)"), "{out:?}");
    assert_eq!(out.len(), 5, "{out:?}");
}

/// An e-mail address shown as its link text is a reference, not link text.
#[test]
fn a_mail_address_is_not_link_text() {
    assert!(crate::extract::render::looks_like_url("desk@example.org"));
    assert!(!crate::extract::render::looks_like_url("@handle"));
}

/// Mid-story teasers: an unheaded list of linked titles that lead into the site (even
/// titles ending in "?"), a "Label: link" line, and a labelled linked question all go; a
/// list of titles leading out (sources) stays.
#[test]
fn inward_teasers_mid_story_go() {
    let mut see_also = inward(line(
        "See also: Why do chains wear out so fast?",
        false,
        None,
    ));
    see_also.link_width = 31;
    see_also.internal_link_width = 31;
    let mut guide = line("Choosing a bike lock: our guide", false, None);
    guide.link_width = 9;
    guide.internal_link_width = 9;
    let lines = vec![
        line(&p(1), false, None),
        inward(line("Fuel prices reach a high", true, Some(1))),
        inward(line("Which e-bike suits a hilly town?", true, Some(1))),
        line(&p(2), false, None),
        see_also,
        line(&p(3), false, None),
        guide,
        line(&p(4), false, None),
        line("Source one", true, Some(2)),
        line("Source two", true, Some(2)),
        line(&p(5), false, None),
        line(&p(6), false, None),
    ];
    let out = texts(lines, Focus::Balanced);
    let expected: Vec<String> = vec![
        p(1),
        p(2),
        p(3),
        p(4),
        "Source one".into(),
        "Source two".into(),
        p(5),
        p(6),
    ];
    assert_eq!(out, expected);
}

/// A link list that is most of the container is the post itself (a reading list).
#[test]
fn a_link_list_that_is_the_body_stays() {
    let mut lines = Vec::new();
    for k in 1..=4 {
        lines.push(line(
            &format!("A linked title of the reading list, number {k}"),
            true,
            Some(5),
        ));
        lines.push(line("via a site", false, Some(5)));
    }
    lines.push(line(
        "Posted from my bookmarks. The rest of my links are here for you.",
        false,
        None,
    ));
    assert_eq!(texts(lines, Focus::Balanced).len(), 9);
}

/// Before the first paragraph a sub-heading and a salutation written as prose stay; a
/// byline and an `<h1>` (the headline) go. After the last, a sign-off in prose stays.
#[test]
fn subtitle_salutation_and_signoff_stay() {
    let lines = vec![
        heading("Fixing a puncture at the roadside", 1),
        line("By Sam Weller", false, None),
        heading("What I carry on every ride", 2),
        line("Hello everyone, and welcome back to my notes,", false, None),
        line(&p(1), false, None),
        line(&p(2), false, None),
        line("Next week: how to adjust the brakes 🔧", false, None),
        line("Happy riding and see you on the road, Sam", false, None),
    ];
    let out = texts(lines, Focus::Balanced);
    assert_eq!(out.len(), 6, "{out:?}");
    assert_eq!(out[0], "What I carry on every ride");
    assert!(out.iter().any(|l| l.ends_with('🔧')), "{out:?}");
    assert!(!out.iter().any(|l| l.starts_with("By ")), "{out:?}");
}

/// At the tail, a paragraph broken by `<br>` into plain `Key: value` lines and a plain
/// table stay, as lists do, with the heading over them; a block of addresses does not.
#[test]
fn tail_key_value_lines_and_plain_tables_stay() {
    let mut lines = vec![line(&p(1), false, None), line(&p(2), false, None)];
    lines.push(heading("Ratings:", 3));
    for rating in ["Build: 1", "Grind quality: 1", "Speed: 2"] {
        lines.push(br_line(rating, 40));
    }
    for spec in ["Price | 89 EUR", "Weight | 540 g", "Burr | 38 mm"] {
        lines.push(row(spec, 0, 41));
    }
    assert_eq!(texts(lines.clone(), Focus::Balanced).len(), 9);
    lines.truncate(2);
    lines.push(line(&p(3), false, None));
    for link in [
        "Listen: http://po.st/TP_615",
        "iTunes: http://po.st/TP_61",
        "Feed: http://po.st/TP",
    ] {
        lines.push(br_line(link, 42));
    }
    assert_eq!(texts(lines, Focus::Balanced).len(), 3);
}

/// At the tail a short question (a share prompt), a stop after a date and an address line
/// are stubs; the web address does not make the line long.
#[test]
fn tail_prompts_dates_and_address_lines_go() {
    let lines = vec![
        line(&p(1), false, None),
        line(&p(2), false, None),
        line("Last revised 14.03.2022.", false, None),
        line("Tell a friend about this story?", false, None),
        line(
            "Link to this page: https://news.example.org/2022/03/libraries-lend-more-books-north.html",
            false,
            None,
        ),
    ];
    assert_eq!(texts(lines, Focus::Balanced), [p(1), p(2)]);
}

/// Headings do not count as edge stubs: a short notice under its heading is still
/// trimmed of its dateline. Leaning to recall (the relaxed step) the dateline goes too.
#[test]
fn datelines_go_on_a_short_notice() {
    let lines = || {
        vec![
            heading("Pool closed for cleaning next week", 2),
            line("2 June 2021, 07:15 | Board", false, None),
            line(&p(1), false, None),
        ]
    };
    for focus in [Focus::Balanced, Focus::Recall] {
        let out = texts(lines(), focus);
        assert!(
            !out.iter().any(|l| l.starts_with("2 June")),
            "{focus:?}: {out:?}"
        );
        assert!(out.contains(&p(1)));
    }
}

/// Before the text the headline also shows as the page title less the site's name.
#[test]
fn headline_with_the_site_name_in_the_title_goes() {
    let lines = vec![
        heading("Layoffs begin today", 1),
        line(&p(1), false, None),
        heading("Layoffs begin today", 2),
        line(&p(2), false, None),
    ];
    let out: Vec<String> = clean(
        lines,
        Some("Layoffs begin today | The Daily"),
        Focus::Balanced,
        false,
    )
    .into_iter()
    .map(|l| l.text)
    .collect();
    assert_eq!(out.len(), 3, "{out:?}");
    assert_eq!(out[0], p(1));
}

/// A short label line ending in a colon goes with the link run it introduces, and only
/// then.
#[test]
fn a_label_goes_only_with_its_dropped_run() {
    let lines = |teaser: bool| {
        let item = |t: &str| {
            let l = line(t, true, Some(6));
            if teaser { inward(l) } else { l }
        };
        vec![
            line(&p(1), false, None),
            line("More on this:", false, None),
            item("Parking changes around the square"),
            item("Library cards become free"),
            line(&p(2), false, None),
            line(&p(3), false, None),
        ]
    };
    assert_eq!(texts(lines(true), Focus::Balanced), [p(1), p(2), p(3)]);
    assert_eq!(texts(lines(false), Focus::Balanced).len(), 6);
}

/// A data table is judged from its first row even when a caption line opens its group.
#[test]
fn a_captioned_data_table_is_still_data() {
    let mut caption = line("Films of the series", false, None);
    caption.group = Some(7);
    let lines = vec![
        line(&p(1), false, None),
        caption,
        row("Journey to the Center of Time | 1967 | Remake", 29, 7),
        row("The Dreadful Chapters | 2019 | Series", 21, 7),
        line(&p(2), false, None),
        line(&p(3), false, None),
    ];
    assert_eq!(texts(lines, Focus::Balanced).len(), 6);
}

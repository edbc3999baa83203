//! Page-level facts read from the head and the markup: headline, canonical URL, author,
//! publication date, site name, declared language and description. Each fact has an
//! ordered list of sources; a missing fact stays `None`, never guessed.

use super::date;
use super::dom::{Dom, NodeKind};
use super::jsonld::{self, LinkedData};
use super::lang;
use super::signals::for_each_token;
use super::tag::Tag;

/// Separators sites put between a headline and their name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » "];
/// A byline longer than this is not a name.
const MAX_BYLINE_CHARS: usize = 100;
/// Words that introduce an author's name in bylines, in several languages.
const BY_WORDS: &[&str] = &["by", "von", "par", "por", "di", "door", "av", "przez", "de"];

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// The headline.
    pub title: Option<String>,
    /// `<link rel=canonical>` or `og:url`.
    pub url: Option<String>,
    /// The author(s).
    pub author: Option<String>,
    /// Publication date, ISO 8601.
    pub date: Option<String>,
    /// The publication's name.
    pub site_name: Option<String>,
    /// Declared language (ISO 639-1).
    pub lang: Option<String>,
    /// The page's summary.
    pub description: Option<String>,
    /// The article's text as JSON-LD `articleBody` gives it, paragraph breaks kept.
    pub body: Option<String>,
}

/// Values gathered in one pass over the document, before choosing among sources.
#[derive(Default)]
struct Found {
    meta: Vec<(String, String)>,
    canonical: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    html_lang: Option<String>,
    rel_author: Option<String>,
    byline: Option<String>,
    time: Option<String>,
    ld: LinkedData,
}

impl Found {
    fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.meta
                .iter()
                .find(|(key, v)| key == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    }
}

/// Reads the metadata of a document. `url_hint` is the caller's URL for the page (used for
/// a date in the path); `content_language` a Content-Language header, when known.
pub fn read(
    dom: &Dom<'_>,
    removed: &[bool],
    url_hint: Option<&str>,
    content_language: Option<&str>,
) -> PageMeta {
    let f = gather(dom, removed);
    let site_name = f
        .meta(&["og:site_name", "application-name"])
        .or_else(|| f.ld.publisher.clone());
    let title = f
        .meta(&["og:title", "twitter:title"])
        .map(|t| strip_site_name(&t, site_name.as_deref()))
        .or_else(|| f.ld.headline.clone())
        .or_else(|| f.h1.clone())
        .or_else(|| f.title_tag.as_deref().map(strip_site_suffix))
        .filter(|t| !t.is_empty());
    let url = f
        .canonical
        .clone()
        .or_else(|| f.meta(&["og:url"]))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let author =
        f.ld.author
            .clone()
            .or_else(|| f.meta(&["author", "article:author", "dc.creator", "parsely-author"]))
            .filter(|a| !a.contains("://"))
            .or_else(|| f.rel_author.clone())
            .or_else(|| f.byline.clone());
    let date = [
        f.ld.date_published.clone(),
        f.meta(&[
            "article:published_time",
            "og:published_time",
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "dc.date.issued",
            "dc.date",
            "sailthru.date",
            "parsely-pub-date",
        ]),
        f.time.clone(),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| date::parse_iso(&d))
    .or_else(|| url.as_deref().or(url_hint).and_then(date::from_url_path));
    let lang = f
        .html_lang
        .as_deref()
        .or(content_language)
        .and_then(lang::normalize)
        .or_else(|| {
            f.meta(&["content-language", "og:locale"])
                .and_then(|l| lang::normalize(&l))
        })
        .or_else(|| f.ld.language.as_deref().and_then(lang::normalize));
    let description = f
        .meta(&["description", "og:description", "twitter:description"])
        .or_else(|| f.ld.description.clone());
    PageMeta {
        title,
        url,
        author,
        date,
        site_name,
        lang,
        description,
        body: f.ld.body,
    }
}

fn gather(dom: &Dom<'_>, removed: &[bool]) -> Found {
    let mut f = Found::default();
    let mut buf = String::new();
    for i in 0..dom.len() {
        let Some(tag) = dom.tag(i) else { continue };
        match tag {
            Tag::Html if f.html_lang.is_none() => {
                f.html_lang = dom
                    .attr(i, "lang")
                    .or_else(|| dom.attr(i, "xml:lang"))
                    .map(str::to_string)
            }
            Tag::Meta => {
                let key = dom
                    .attr(i, "property")
                    .or_else(|| dom.attr(i, "name"))
                    .or_else(|| dom.attr(i, "itemprop"))
                    .or_else(|| dom.attr(i, "http-equiv"));
                let value = dom.attr(i, "content").or_else(|| dom.attr(i, "datetime"));
                if let (Some(k), Some(v)) = (key, value) {
                    f.meta.push((k.trim().to_ascii_lowercase(), collapse(v)));
                }
            }
            Tag::Link => {
                let rel = dom.attr(i, "rel").unwrap_or("");
                if f.canonical.is_none()
                    && rel
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    f.canonical = dom.attr(i, "href").map(|h| h.trim().to_string());
                }
            }
            Tag::Title if f.title_tag.is_none() => f.title_tag = Some(text_of(dom, i, None)),
            Tag::Script
                if dom
                    .attr(i, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                jsonld::read_script(&text_of_raw(dom, i), &mut f.ld);
            }
            Tag::H(1) if f.h1.is_none() && !removed[i] => {
                f.h1 = Some(text_of(dom, i, Some(removed))).filter(|t| !t.is_empty())
            }
            Tag::A if f.rel_author.is_none() => {
                let rel = dom.attr(i, "rel").unwrap_or("");
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("author"))
                {
                    f.rel_author = Some(text_of(dom, i, None)).filter(|t| plausible_name(t));
                }
            }
            Tag::Time if f.time.is_none() => f.time = dom.attr(i, "datetime").map(str::to_string),
            _ => {}
        }
        if f.byline.is_none()
            && matches!(
                tag,
                Tag::Inline | Tag::P | Tag::Div | Tag::A | Tag::Address | Tag::Other
            )
        {
            let mut named = false;
            for value in [
                dom.attr(i, "class"),
                dom.attr(i, "itemprop"),
                dom.attr(i, "rel"),
            ]
            .into_iter()
            .flatten()
            {
                for_each_token(value, &mut buf, |t| named |= t == "byline" || t == "author");
            }
            if named {
                let text = strip_by(&text_of(dom, i, None));
                if plausible_name(&text) {
                    f.byline = Some(text);
                }
            }
        }
    }
    f
}

fn plausible_name(s: &str) -> bool {
    let n = s.chars().count();
    (3..=MAX_BYLINE_CHARS).contains(&n) && !s.contains("://")
}

/// "By Jane Roe" → "Jane Roe" (and the same in a few other languages).
fn strip_by(s: &str) -> String {
    let mut words = s.split_whitespace();
    let first = words.next().unwrap_or("");
    let first_bare = first.trim_end_matches(':').to_lowercase();
    if BY_WORDS.contains(&first_bare.as_str()) {
        words.collect::<Vec<_>>().join(" ")
    } else {
        s.to_string()
    }
}

/// The `<h1>` that carries the page's headline: the first whose text is the title, or the
/// only `<h1>` of the page.
pub fn headline_node(dom: &Dom<'_>, removed: &[bool], title: Option<&str>) -> Option<usize> {
    let h1s: Vec<usize> = (0..dom.len())
        .filter(|&i| dom.tag(i) == Some(Tag::H(1)) && !removed[i])
        .collect();
    let title = title.map(|t| collapse(t).to_lowercase());
    h1s.iter()
        .copied()
        .find(|&i| title.as_deref() == Some(text_of(dom, i, Some(removed)).to_lowercase().as_str()))
        .or_else(|| (h1s.len() == 1).then(|| h1s[0]))
}

/// Text of a subtree, whitespace collapsed, skipping removed nodes when given.
pub fn text_of(dom: &Dom<'_>, i: usize, removed: Option<&[bool]>) -> String {
    let mut out = String::new();
    let mut j = i;
    let end = dom.end(i);
    while j < end {
        if removed.is_some_and(|r| r[j]) {
            j = dom.end(j);
            continue;
        }
        if let NodeKind::Text(t) = dom.nodes[j].kind {
            out.push_str(t);
            out.push(' ');
        }
        j += 1;
    }
    collapse(&out)
}

/// Raw text of a subtree (for script contents).
fn text_of_raw(dom: &Dom<'_>, i: usize) -> String {
    (i..dom.end(i))
        .filter_map(|j| match dom.nodes[j].kind {
            NodeKind::Text(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes `| Site` from a title when the site's name is known.
fn strip_site_name(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    for sep in TITLE_SEPARATORS {
        if let Some(head) = title.strip_suffix(&format!("{sep}{site}")) {
            return head.trim().to_string();
        }
    }
    title.to_string()
}

/// `<title>` often reads "Headline | Site": keep the longest part.
fn strip_site_suffix(title: &str) -> String {
    for sep in TITLE_SEPARATORS {
        if title.contains(sep) {
            let best = title.split(sep).max_by_key(|p| p.chars().count());
            if let Some(best) = best
                && best.chars().count() >= 15
            {
                return best.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::parse::parse as parse_html;

    fn meta(src: &str) -> PageMeta {
        meta_with(src, None)
    }

    fn meta_with(src: &str, url: Option<&str>) -> PageMeta {
        let html = parse_html(src);
        let dom = Dom::build(&html);
        let removed = vec![false; dom.len()];
        read(&dom, &removed, url, None)
    }

    #[test]
    fn og_title_wins_and_loses_site_name() {
        let m = meta(
            r#"<meta property="og:title" content="Big news today | Daily"><meta property="og:site_name" content="Daily"><title>x</title><h1>Other</h1>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Big news today"));
        assert_eq!(m.site_name.as_deref(), Some("Daily"));
    }

    #[test]
    fn title_falls_back_to_json_ld_then_h1_then_title() {
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"From LD"}</script>"#;
        assert_eq!(
            meta(&format!("{ld}<h1>H</h1>")).title.as_deref(),
            Some("From LD")
        );
        assert_eq!(
            meta("<title>T</title><h1> The  head </h1>")
                .title
                .as_deref(),
            Some("The head")
        );
        assert_eq!(
            meta("<title>A long enough headline - Site</title>")
                .title
                .as_deref(),
            Some("A long enough headline")
        );
        assert_eq!(meta("<title>  </title>").title, None);
    }

    #[test]
    fn canonical_url_only_when_absolute_http() {
        let m = meta(r#"<link rel="canonical" href="https://e.com/a">"#);
        assert_eq!(m.url.as_deref(), Some("https://e.com/a"));
        assert_eq!(meta(r#"<link rel="canonical" href="/a">"#).url, None);
        let m = meta(r#"<meta property="og:url" content="https://e.com/og">"#);
        assert_eq!(m.url.as_deref(), Some("https://e.com/og"));
    }

    #[test]
    fn author_sources_in_order() {
        let ld = r#"<script type="application/ld+json">{"@type":"Article","author":{"name":"LD Name"}}</script>"#;
        assert_eq!(
            meta(&format!("{ld}<meta name=author content=Meta>"))
                .author
                .as_deref(),
            Some("LD Name")
        );
        assert_eq!(
            meta("<meta name=author content='Meta Name'>")
                .author
                .as_deref(),
            Some("Meta Name")
        );
        assert_eq!(
            meta("<meta property=article:author content='https://fb.com/x'><a rel=author href=/a>Rel Name</a>").author.as_deref(),
            Some("Rel Name")
        );
        assert_eq!(
            meta("<p class=byline>By Jane Roe</p>").author.as_deref(),
            Some("Jane Roe")
        );
        assert_eq!(meta("<p>No author here</p>").author, None);
    }

    #[test]
    fn date_sources_in_order_and_impossible_dates_rejected() {
        assert_eq!(
            meta("<meta property=article:published_time content=2024-02-29T08:00:00Z>")
                .date
                .as_deref(),
            Some("2024-02-29T08:00:00Z")
        );
        assert_eq!(
            meta("<meta property=article:published_time content=2023-02-29><time datetime=2023-03-01>x</time>").date.as_deref(),
            Some("2023-03-01")
        );
        assert_eq!(
            meta_with("<p>x</p>", Some("https://e.com/2019/11/19/story"))
                .date
                .as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(meta("<time datetime=soon>x</time>").date, None);
    }

    #[test]
    fn json_ld_that_is_not_json_gives_nothing() {
        let m = meta(
            r#"<script type="application/ld+json">{"@type": "Article", "headline": </script><title>T</title>"#,
        );
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.author, None);
    }

    #[test]
    fn language_and_description() {
        let m = meta(r#"<html lang="pt-BR"><meta name=description content="  A  summary ">"#);
        assert_eq!(m.lang.as_deref(), Some("pt"));
        assert_eq!(m.description.as_deref(), Some("A summary"));
        assert_eq!(meta("<p>x</p>").lang, None);
    }
}

//! Page-level facts read from the head and the markup: the headline and the page's own URL.

use super::dom::{Dom, NodeKind};
use super::tag::Tag;

/// Separators sites put between a headline and their name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » "];

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The headline.
    pub title: Option<String>,
    /// `<link rel=canonical>` or `og:url`.
    pub url: Option<String>,
}

/// Reads the metadata of a document.
pub fn read(dom: &Dom<'_>, removed: &[bool]) -> Metadata {
    let mut og_title = None;
    let mut og_url = None;
    let mut canonical = None;
    let mut title_tag = None;
    let mut site_name = None;
    let mut h1 = None;
    for i in 0..dom.len() {
        let Some(tag) = dom.tag(i) else { continue };
        match tag {
            Tag::Meta => {
                let key = dom.attr(i, "property").or_else(|| dom.attr(i, "name"));
                let value = dom.attr(i, "content").map(collapse);
                match key.map(str::to_ascii_lowercase).as_deref() {
                    Some("og:title") | Some("twitter:title") if og_title.is_none() => {
                        og_title = value.filter(|v| !v.is_empty())
                    }
                    Some("og:url") if og_url.is_none() => og_url = value,
                    Some("og:site_name") if site_name.is_none() => site_name = value,
                    _ => {}
                }
            }
            Tag::Link => {
                let rel = dom.attr(i, "rel").unwrap_or("");
                if canonical.is_none()
                    && rel
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    canonical = dom.attr(i, "href").map(|h| h.trim().to_string());
                }
            }
            Tag::Title if title_tag.is_none() => title_tag = Some(text_of(dom, i, None)),
            Tag::H(1) if h1.is_none() && !removed[i] => {
                h1 = Some(text_of(dom, i, Some(removed))).filter(|t| !t.is_empty())
            }
            _ => {}
        }
    }
    let title = og_title
        .map(|t| strip_site_name(&t, site_name.as_deref()))
        .or(h1)
        .or_else(|| title_tag.map(|t| strip_site_suffix(&t)))
        .filter(|t| !t.is_empty());
    let url = canonical
        .or(og_url)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    Metadata { title, url }
}

/// Text of a subtree, whitespace collapsed.
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
    use scraper::Html;

    fn meta(src: &str) -> Metadata {
        let html = Html::parse_document(src);
        let dom = Dom::build(&html);
        let removed = vec![false; dom.len()];
        read(&dom, &removed)
    }

    #[test]
    fn og_title_wins_and_loses_site_name() {
        let m = meta(
            r#"<meta property="og:title" content="Big news today | Daily"><meta property="og:site_name" content="Daily"><title>x</title><h1>Other</h1>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Big news today"));
    }

    #[test]
    fn falls_back_to_h1_then_title() {
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
    }

    #[test]
    fn canonical_url_only_when_absolute_http() {
        let m = meta(r#"<link rel="canonical" href="https://e.com/a">"#);
        assert_eq!(m.url.as_deref(), Some("https://e.com/a"));
        assert_eq!(meta(r#"<link rel="canonical" href="/a">"#).url, None);
    }
}

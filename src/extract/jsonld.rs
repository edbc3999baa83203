//! schema.org facts from `<script type="application/ld+json">`: headline, authors, dates,
//! publisher and body of the page's article. Invalid JSON is ignored, never an error; the
//! walk over nested objects is iterative, and serde_json caps nesting depth itself.

use serde_json::Value;

/// How many JSON values the walk visits at most in one script (bounds pathological pages).
const MAX_VISITS: usize = 10_000;

/// What the JSON-LD blocks of a page say about its article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkedData {
    /// `headline` (or `name`) of the article.
    pub headline: Option<String>,
    /// `author` names, joined with "; ".
    pub author: Option<String>,
    /// `datePublished` as written.
    pub date_published: Option<String>,
    /// `publisher.name`.
    pub publisher: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `inLanguage`.
    pub language: Option<String>,
    /// `articleBody`.
    pub body: Option<String>,
}

/// Types whose fields describe the page's main article.
fn is_article_type(t: &str) -> bool {
    let t = t.rsplit('/').next().unwrap_or(t);
    t.ends_with("Article")
        || matches!(
            t,
            "BlogPosting"
                | "Report"
                | "Review"
                | "Recipe"
                | "HowTo"
                | "WebPage"
                | "Posting"
                | "LiveBlogPosting"
                | "SocialMediaPosting"
                | "Story"
        )
}

/// Folds the facts of one JSON-LD script into `data` (earlier scripts win).
pub fn read_script(text: &str, data: &mut LinkedData) {
    let Ok(root) = serde_json::from_str::<Value>(text.trim()) else {
        return;
    };
    let mut stack = vec![&root];
    let mut visits = 0;
    while let Some(v) = stack.pop() {
        visits += 1;
        if visits > MAX_VISITS {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                let typed = map.get("@type").is_some_and(|t| match t {
                    Value::String(s) => is_article_type(s),
                    Value::Array(a) => a.iter().filter_map(Value::as_str).any(is_article_type),
                    _ => false,
                });
                if typed {
                    take_article(map, data);
                }
                if let Some(graph) = map.get("@graph") {
                    stack.push(graph);
                }
                if let Some(main) = map.get("mainEntity") {
                    stack.push(main);
                }
            }
            _ => {}
        }
    }
}

fn take_article(map: &serde_json::Map<String, Value>, data: &mut LinkedData) {
    let text = |key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .map(clean)
            .filter(|s| !s.is_empty())
    };
    // A WebPage wrapper names the page, not the story: let a real article override it.
    let page_only = map
        .get("@type")
        .and_then(Value::as_str)
        .is_some_and(|t| t == "WebPage");
    fill(
        &mut data.headline,
        text("headline").or_else(|| if page_only { None } else { text("name") }),
    );
    fill(
        &mut data.date_published,
        text("datePublished").or_else(|| text("dateCreated")),
    );
    fill(&mut data.description, text("description"));
    // The body keeps its line breaks: they are its paragraphs.
    fill(
        &mut data.body,
        map.get("articleBody")
            .and_then(Value::as_str)
            .map(clean_lines)
            .filter(|s| !s.is_empty()),
    );
    fill(&mut data.language, map.get("inLanguage").and_then(name_of));
    fill(&mut data.publisher, map.get("publisher").and_then(name_of));
    if let Some(author) = map.get("author") {
        let names: Vec<String> = match author {
            Value::Array(items) => items.iter().filter_map(name_of).collect(),
            other => name_of(other).into_iter().collect(),
        };
        if !names.is_empty() {
            fill(&mut data.author, Some(names.join("; ")));
        }
    }
}

/// A name from a string or from an object's `name`.
fn name_of(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.as_str(),
        Value::Object(o) => o.get("name").and_then(Value::as_str)?,
        _ => return None,
    };
    let s = clean(s);
    (!s.is_empty()).then_some(s)
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace collapsed within each line; blank lines dropped.
fn clean_lines(s: &str) -> String {
    s.lines()
        .map(clean)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> LinkedData {
        let mut d = LinkedData::default();
        read_script(text, &mut d);
        d
    }

    #[test]
    fn news_article_fields() {
        let d = read(
            r#"{"@context":"https://schema.org","@type":"NewsArticle","headline":"A  head",
               "author":[{"@type":"Person","name":"Ana Lima"},{"name":"Bo Chen"}],
               "datePublished":"2025-04-28T11:45:07Z","publisher":{"name":"Daily"},
               "articleBody":"Body text."}"#,
        );
        assert_eq!(d.headline.as_deref(), Some("A head"));
        assert_eq!(d.author.as_deref(), Some("Ana Lima; Bo Chen"));
        assert_eq!(d.date_published.as_deref(), Some("2025-04-28T11:45:07Z"));
        assert_eq!(d.publisher.as_deref(), Some("Daily"));
        assert_eq!(d.body.as_deref(), Some("Body text."));
    }

    #[test]
    fn article_body_keeps_its_paragraphs() {
        let d = read(
            r#"{"@type":"NewsArticle","articleBody":"First  one.\n\n  Second one.\r\nThird."}"#,
        );
        assert_eq!(d.body.as_deref(), Some("First one.\nSecond one.\nThird."));
    }

    #[test]
    fn graph_and_type_arrays() {
        let d = read(
            r#"{"@graph":[{"@type":"Organization","name":"Org"},
               {"@type":["BlogPosting"],"headline":"Post","author":"Kim"}]}"#,
        );
        assert_eq!(d.headline.as_deref(), Some("Post"));
        assert_eq!(d.author.as_deref(), Some("Kim"));
    }

    #[test]
    fn invalid_or_deep_json_is_ignored() {
        assert_eq!(read("{not json"), LinkedData::default());
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(read(&deep), LinkedData::default());
    }
}

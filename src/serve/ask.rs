//! A request's options: query parameters with the command line's flag names (`no_tables`,
//! `favor_precision`, `lang`…), folded over the server's `[extract]` settings, and the
//! answer's format from `?format=` or `Accept`. Unknown names and bad values are refused
//! (400) rather than ignored, so a misspelt option never silently does nothing.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT;

use super::reply::ApiError;
use crate::config::Config;
use crate::extract::{Focus, Options};

/// How the answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// The CLI's JSON record (`application/json`).
    Json,
    /// Plain text, one block per line (`text/plain`).
    Text,
    /// Markdown (`text/markdown`).
    Markdown,
}

impl Reply {
    /// The Content-Type of the answer.
    pub fn content_type(self) -> &'static str {
        match self {
            Reply::Json => "application/json",
            Reply::Text => "text/plain; charset=utf-8",
            Reply::Markdown => "text/markdown; charset=utf-8",
        }
    }

    fn parse(value: &str) -> Option<Reply> {
        match value.trim().to_ascii_lowercase().as_str() {
            "json" | "jsonl" | "application/json" => Some(Reply::Json),
            "txt" | "text" | "text/plain" => Some(Reply::Text),
            "md" | "markdown" | "text/markdown" => Some(Reply::Markdown),
            _ => None,
        }
    }

    /// The first media type of an `Accept` header dehusk can write (JSON when none is).
    fn from_accept(accept: &str) -> Reply {
        accept
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(Reply::parse)
            .unwrap_or(Reply::Json)
    }
}

/// What one request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// Extraction options: the server's, with the request's changes.
    pub options: Options,
    /// The answer's format.
    pub reply: Reply,
    /// Headline on the first line of text and Markdown answers.
    pub title: bool,
    /// The page's URL (`?url=`; the `X-Page-Url` header for POST).
    pub url: Option<String>,
    /// An empty page is a 422 error, not an empty answer.
    pub fail_on_empty: bool,
}

/// Reads the options of a request from its query string and headers.
pub fn parse(query: Option<&str>, headers: &HeaderMap, config: &Config) -> Result<Ask, ApiError> {
    let mut ask = Ask {
        options: config.extract.clone(),
        reply: headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .map_or(Reply::Json, Reply::from_accept),
        title: config.output.title,
        url: headers
            .get("x-page-url")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        fail_on_empty: false,
    };
    let pairs = url::form_urlencoded::parse(query.unwrap_or("").as_bytes());
    for (name, value) in pairs {
        apply(&mut ask, &name, &value, config)?;
    }
    Ok(ask)
}

/// Folds one parameter over `ask`.
fn apply(ask: &mut Ask, name: &str, value: &str, config: &Config) -> Result<(), ApiError> {
    let o = &mut ask.options;
    let bad = |why: &str| ApiError::bad_request("bad_option", format!("{name}={value:?}: {why}"));
    match name {
        "url" => ask.url = Some(value.to_string()),
        "format" => ask.reply = Reply::parse(value).ok_or_else(|| bad("txt, md or json"))?,
        "no_title" => ask.title = !flag(value).ok_or_else(|| bad("true or false"))?,
        "include_comments" => o.include_comments = flag(value).ok_or_else(|| bad("a boolean"))?,
        "include_tables" => o.include_tables = flag(value).ok_or_else(|| bad("a boolean"))?,
        "no_tables" => o.include_tables = !flag(value).ok_or_else(|| bad("a boolean"))?,
        "links" => o.links = flag(value).ok_or_else(|| bad("a boolean"))?,
        "images" => o.images = flag(value).ok_or_else(|| bad("a boolean"))?,
        "dedupe" => o.dedupe = flag(value).ok_or_else(|| bad("a boolean"))?,
        "fail_on_empty" => ask.fail_on_empty = flag(value).ok_or_else(|| bad("a boolean"))?,
        "favor_precision" | "favor_recall" => {
            if flag(value).ok_or_else(|| bad("a boolean"))? {
                o.focus = match name {
                    "favor_precision" => Focus::Precision,
                    _ => Focus::Recall,
                };
            }
        }
        "min_chars" => o.min_chars = value.parse().map_err(|_| bad("a whole number"))?,
        "lang" => o.lang = Some(language(value).ok_or_else(|| bad("an ISO 639-1 code"))?),
        // Limits may be tightened by a request, never loosened past the server's.
        "max_bytes" => {
            let n: usize = value.parse().map_err(|_| bad("a whole number"))?;
            o.max_bytes = n.min(config.extract.max_bytes);
        }
        "time_budget_ms" => {
            let ms: u64 = value.parse().map_err(|_| bad("a whole number"))?;
            let cap = config.extract.time_budget_ms.unwrap_or(u64::MAX);
            o.time_budget_ms = Some(if ms == 0 { cap } else { ms.min(cap) });
        }
        _ => {
            return Err(ApiError::bad_request(
                "unknown_option",
                format!("unknown option {name:?}"),
            ));
        }
    }
    Ok(())
}

/// A boolean parameter: present without a value (`?links`) means true.
fn flag(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Two ASCII letters, lower-cased.
fn language(value: &str) -> Option<String> {
    let code = value.trim().to_ascii_lowercase();
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(query: &str, accept: Option<&str>) -> Result<Ask, ApiError> {
        let mut headers = HeaderMap::new();
        if let Some(a) = accept {
            headers.insert(ACCEPT, a.parse().unwrap());
        }
        parse(Some(query), &headers, &Config::default())
    }

    #[test]
    fn options_use_the_cli_names() {
        let a = ask(
            "no_tables&favor_precision=true&lang=DE&min_chars=20&links=1",
            None,
        )
        .unwrap();
        assert!(!a.options.include_tables);
        assert_eq!(a.options.focus, Focus::Precision);
        assert_eq!(a.options.lang.as_deref(), Some("de"));
        assert_eq!(a.options.min_chars, 20);
        assert!(a.options.links);
        assert_eq!(a.reply, Reply::Json);
    }

    #[test]
    fn format_comes_from_the_query_then_accept() {
        assert_eq!(
            ask("", Some("text/markdown")).unwrap().reply,
            Reply::Markdown
        );
        assert_eq!(
            ask("", Some("image/png, text/plain;q=0.9")).unwrap().reply,
            Reply::Text
        );
        assert_eq!(
            ask("format=md", Some("text/plain")).unwrap().reply,
            Reply::Markdown
        );
        assert_eq!(ask("", Some("*/*")).unwrap().reply, Reply::Json);
    }

    #[test]
    fn bad_and_unknown_options_are_refused() {
        assert_eq!(ask("links=maybe", None).unwrap_err().kind, "bad_option");
        assert_eq!(ask("min_chars=-3", None).unwrap_err().kind, "bad_option");
        assert_eq!(ask("format=pdf", None).unwrap_err().kind, "bad_option");
        assert_eq!(ask("lang=english", None).unwrap_err().kind, "bad_option");
        assert_eq!(ask("no_tabels", None).unwrap_err().kind, "unknown_option");
    }

    #[test]
    fn limits_only_tighten() {
        let a = ask("max_bytes=999999999999&time_budget_ms=99999999", None).unwrap();
        let d = Config::default();
        assert_eq!(a.options.max_bytes, d.extract.max_bytes);
        assert_eq!(a.options.time_budget_ms, d.extract.time_budget_ms);
        assert_eq!(ask("max_bytes=10", None).unwrap().options.max_bytes, 10);
    }
}

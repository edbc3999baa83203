//! robots.txt: which token of the user agent the rules are matched against, where a host's
//! robots.txt lives, and what its answer means (RFC 9309): 2xx gives rules, 4xx means no
//! rules, 5xx or an unreachable host means the host is not crawled this run.

use std::time::Duration;

use reqwest::Url;
use texting_robots::Robot;

use super::shown::shown;
use crate::error::Error;

/// The most of a robots.txt read; RFC 9309 lets crawlers ignore what follows 500 KiB.
pub const ROBOTS_MAX_BYTES: usize = 500 * 1024;
/// Redirects followed when fetching robots.txt (RFC 9309 asks for at least five).
pub const ROBOTS_MAX_REDIRECTS: usize = 5;
/// Longest Crawl-delay honoured; a site asking for more gets this (dehusk never stalls a
/// host for minutes between pages on the site's word alone).
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(10);
/// The product name used when the user agent has none of its own.
const FALLBACK_AGENT: &str = "dehusk";

/// What a host's robots.txt says.
#[derive(Debug)]
pub enum Rules {
    /// No robots.txt (or an unreadable one): everything is allowed.
    AllowAll,
    /// The rules for dehusk's agent.
    Parsed(Box<Robot>),
    /// robots.txt could not be fetched; nothing on the host is requested.
    Unavailable {
        /// The robots.txt URL.
        url: String,
        /// Why.
        reason: String,
    },
}

impl Rules {
    /// The rules a robots.txt response gives. `status` is the final status; `body` the
    /// bytes read (at most [`ROBOTS_MAX_BYTES`]).
    pub fn from_response(robots_url: &Url, status: u16, body: &[u8], agent: &str) -> Rules {
        match status {
            200..=299 => match Robot::new(agent, body) {
                Ok(robot) => Rules::Parsed(Box::new(robot)),
                // The parser is lenient; a file it still cannot read says nothing usable.
                Err(_) => Rules::AllowAll,
            },
            400..=499 => Rules::AllowAll,
            _ => Rules::Unavailable {
                url: shown(robots_url),
                reason: format!("HTTP {status}"),
            },
        }
    }

    /// Whether `url` may be fetched; the error says why not.
    pub fn check(&self, url: &Url) -> Result<(), Error> {
        match self {
            Rules::AllowAll => Ok(()),
            Rules::Parsed(robot) if robot.allowed(url.as_str()) => Ok(()),
            Rules::Parsed(_) => Err(Error::Disallowed { url: shown(url) }),
            Rules::Unavailable { url, reason } => Err(Error::RobotsUnavailable {
                url: url.clone(),
                reason: reason.clone(),
            }),
        }
    }

    /// The Crawl-delay asked for, capped at [`MAX_CRAWL_DELAY`].
    pub fn crawl_delay(&self) -> Option<Duration> {
        let Rules::Parsed(robot) = self else {
            return None;
        };
        let seconds = robot.delay.filter(|d| d.is_finite() && *d > 0.0)?;
        Some(Duration::from_secs_f32(
            seconds.min(MAX_CRAWL_DELAY.as_secs_f32()),
        ))
    }
}

/// The robots.txt of `url`'s origin.
pub fn robots_url(url: &Url) -> Url {
    let mut robots = url.clone();
    robots.set_path("/robots.txt");
    robots.set_query(None);
    robots.set_fragment(None);
    // Credentials in a list URL are for the page, never sent to robots.txt.
    let _ = robots.set_username("");
    let _ = robots.set_password(None);
    robots
}

/// The origin `url` belongs to (scheme, host, port), the key robots.txt rules are cached by.
pub fn origin_key(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The product name robots.txt rules are matched against: the first `name/version` token
/// of the user agent other than `Mozilla`, lowercased (`dehusk` for the default agent).
pub fn agent_token(user_agent: &str) -> String {
    user_agent
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '(' | ')' | ','))
        .filter_map(|token| token.split_once('/').map(|(name, _)| name))
        .find(|name| !name.is_empty() && !name.eq_ignore_ascii_case("mozilla"))
        .unwrap_or(FALLBACK_AGENT)
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_agent_token_is_the_product_name() {
        assert_eq!(agent_token(crate::config::DEFAULT_USER_AGENT), "dehusk");
        assert_eq!(agent_token("MyBot/2.1 (+https://x.example)"), "mybot");
        assert_eq!(agent_token("no version here"), "dehusk");
    }

    #[test]
    fn robots_lives_at_the_origin_root() {
        let u = url("https://user:pw@a.example:8443/x/y?q=1#f");
        assert_eq!(robots_url(&u).as_str(), "https://a.example:8443/robots.txt");
        assert_eq!(origin_key(&u), "https://a.example:8443");
    }

    #[test]
    fn statuses_map_to_rules() {
        let r = url("http://a.example/robots.txt");
        let body = b"User-agent: dehusk\nDisallow: /private\nCrawl-delay: 60\n\nUser-agent: *\nDisallow: /";
        let rules = Rules::from_response(&r, 200, body, "dehusk");
        assert!(rules.check(&url("http://a.example/news/1")).is_ok());
        let err = rules.check(&url("http://a.example/private/1")).unwrap_err();
        assert!(matches!(err, Error::Disallowed { .. }));
        assert_eq!(rules.crawl_delay(), Some(MAX_CRAWL_DELAY));
        let none = Rules::from_response(&r, 404, b"", "dehusk");
        assert!(none.check(&url("http://a.example/private")).is_ok());
        let down = Rules::from_response(&r, 503, b"", "dehusk");
        let err = down.check(&url("http://a.example/x")).unwrap_err();
        assert!(err.to_string().contains("robots.txt unavailable"), "{err}");
    }
}

//! Publication dates: parsed from the many shapes pages use (ISO 8601 with or without time
//! and zone, `2019/11/19` in URL paths), checked against the calendar, and written back as
//! ISO 8601. An impossible date (month 13, 30 February) is no date at all.

/// Years outside this range are taken for typos or placeholders.
const YEARS: std::ops::RangeInclusive<u32> = 1990..=2100;

/// A calendar date with an optional time of day, as given by the page.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    year: u32,
    month: u32,
    day: u32,
    /// `HH:MM[:SS]` and zone suffix, already validated, when the page gave a time.
    time: Option<String>,
}

/// Parses an ISO-8601-like date (`2019-11-19`, `2019-11-19T10:48:00Z`,
/// `2019-11-19 10:48:00+01:00`) into normalized ISO 8601, or `None` when it is not a real
/// date.
pub fn parse_iso(value: &str) -> Option<String> {
    let v = value.trim();
    let date_part: String = v.chars().take(10).collect();
    let mut parts = date_part.split(['-', '/', '.']);
    let year = parts.next()?.parse::<u32>().ok()?;
    let month = parts.next()?.parse::<u32>().ok()?;
    let day = parts.next()?.get(..2).and_then(|d| d.parse::<u32>().ok())?;
    if date_part.len() < 10 {
        return None;
    }
    let rest = v
        .get(10..)
        .unwrap_or("")
        .trim_start_matches(['T', ' ', 't']);
    let time = parse_time(rest);
    render(Stamp {
        year,
        month,
        day,
        time,
    })
}

/// Finds a `/YYYY/MM/DD/` or `/YYYY-MM-DD` date in a URL path.
pub fn from_url_path(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    for w in segments.windows(3) {
        let shaped = w[0].len() == 4
            && w[1].len() == 2
            && (w[2].len() == 2 || !w[2].as_bytes().get(2).is_some_and(u8::is_ascii_digit));
        let numbers = (
            w[0].parse::<u32>(),
            w[1].parse::<u32>(),
            w[2].get(..2).and_then(|d| d.parse::<u32>().ok()),
        );
        if let (true, (Ok(year), Ok(month), Some(day))) = (shaped, numbers)
            && let Some(date) = render(Stamp {
                year,
                month,
                day,
                time: None,
            })
        {
            return Some(date);
        }
    }
    segments.iter().find_map(|s| {
        let head = s.get(..10)?;
        let b = head.as_bytes();
        (b[4] == b'-' && b[7] == b'-')
            .then(|| parse_iso(head))
            .flatten()
    })
}

/// `HH:MM[:SS[.fff]]` followed by an optional zone (`Z`, `+01:00`, `-0500`).
fn parse_time(rest: &str) -> Option<String> {
    let clock: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let mut fields = clock.split(':');
    let h = fields.next()?.parse::<u32>().ok()?;
    let m = fields.next()?.parse::<u32>().ok()?;
    let s = fields
        .next()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(0);
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let after = &rest[clock.len()..];
    let after = after.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let zone = if after.starts_with(['Z', 'z']) {
        "Z".to_string()
    } else if after.starts_with(['+', '-']) {
        let digits: String = after[1..]
            .chars()
            .filter(char::is_ascii_digit)
            .take(4)
            .collect();
        if digits.len() == 4 {
            format!("{}{}:{}", &after[..1], &digits[..2], &digits[2..])
        } else {
            String::new()
        }
    } else {
        String::new()
    };
    Some(format!("{h:02}:{m:02}:{s:02}{zone}"))
}

fn render(stamp: Stamp) -> Option<String> {
    if !YEARS.contains(&stamp.year) || !(1..=12).contains(&stamp.month) {
        return None;
    }
    if stamp.day == 0 || stamp.day > days_in_month(stamp.year, stamp.month) {
        return None;
    }
    let date = format!("{:04}-{:02}-{:02}", stamp.year, stamp.month, stamp.day);
    Some(match stamp.time {
        Some(t) => format!("{date}T{t}"),
        None => date,
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_with_and_without_time() {
        assert_eq!(parse_iso("2019-11-19").as_deref(), Some("2019-11-19"));
        assert_eq!(
            parse_iso("2019-11-19T10:48:00Z").as_deref(),
            Some("2019-11-19T10:48:00Z")
        );
        assert_eq!(
            parse_iso(" 2019-11-19 10:48:07.123+0100").as_deref(),
            Some("2019-11-19T10:48:07+01:00")
        );
        assert_eq!(
            parse_iso("2019-11-19T10:48").as_deref(),
            Some("2019-11-19T10:48:00")
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in [
            "2019-13-01",
            "2019-02-30",
            "2019-00-10",
            "1066-10-14",
            "yesterday",
            "",
            "2019-1",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert_eq!(parse_iso("2020-02-29").as_deref(), Some("2020-02-29"));
        assert_eq!(
            parse_iso("2019-11-19T25:00:00").as_deref(),
            Some("2019-11-19")
        );
    }

    #[test]
    fn dates_in_url_paths() {
        assert_eq!(
            from_url_path("https://e.com/2019/11/19/some-story/").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            from_url_path("https://e.com/news/2019-11-19-story.html").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(from_url_path("https://e.com/2019/13/45/x"), None);
        assert_eq!(from_url_path("https://e.com/a/b"), None);
    }
}

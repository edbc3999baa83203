//! The page's language as an ISO 639-1 code: from the markup (`<html lang>`, a
//! Content-Language header or meta) when the page says, else detected from the article
//! text with whatlang when the detection is reliable.

/// Primary subtag of a language tag (`en-US` → `en`), lowercased; `None` when it is not a
/// plausible language code.
pub fn normalize(tag: &str) -> Option<String> {
    let primary = tag.trim().split([',', ';']).next()?.trim();
    let primary = primary.split(['-', '_']).next()?.to_ascii_lowercase();
    let plausible =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    (plausible && primary != "xx" && primary != "und").then_some(primary)
}

/// Detects the language of a text; `None` when whatlang is not confident.
pub fn detect(text: &str) -> Option<String> {
    let info = whatlang::detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

/// ISO 639-3 codes whatlang reports, mapped to the two-letter codes pages declare.
fn iso639_1(code: &str) -> Option<&'static str> {
    const MAP: &[(&str, &str)] = &[
        ("afr", "af"),
        ("aka", "ak"),
        ("amh", "am"),
        ("ara", "ar"),
        ("aze", "az"),
        ("bel", "be"),
        ("ben", "bn"),
        ("bul", "bg"),
        ("cat", "ca"),
        ("ces", "cs"),
        ("cmn", "zh"),
        ("dan", "da"),
        ("deu", "de"),
        ("ell", "el"),
        ("eng", "en"),
        ("epo", "eo"),
        ("est", "et"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("guj", "gu"),
        ("heb", "he"),
        ("hin", "hi"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("hye", "hy"),
        ("ind", "id"),
        ("ita", "it"),
        ("jav", "jv"),
        ("jpn", "ja"),
        ("kan", "kn"),
        ("kat", "ka"),
        ("khm", "km"),
        ("kor", "ko"),
        ("lat", "la"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mal", "ml"),
        ("mar", "mr"),
        ("mkd", "mk"),
        ("mya", "my"),
        ("nep", "ne"),
        ("nld", "nl"),
        ("nob", "nb"),
        ("ori", "or"),
        ("pan", "pa"),
        ("pes", "fa"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rus", "ru"),
        ("sin", "si"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("sna", "sn"),
        ("spa", "es"),
        ("srp", "sr"),
        ("swe", "sv"),
        ("tam", "ta"),
        ("tel", "te"),
        ("tgl", "tl"),
        ("tha", "th"),
        ("tuk", "tk"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
        ("uzb", "uz"),
        ("vie", "vi"),
        ("yid", "yi"),
        ("zul", "zu"),
    ];
    MAP.iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| *two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalized() {
        assert_eq!(normalize("en-US").as_deref(), Some("en"));
        assert_eq!(normalize(" pt_BR ").as_deref(), Some("pt"));
        assert_eq!(normalize("de, en").as_deref(), Some("de"));
        assert_eq!(normalize(""), None);
        assert_eq!(normalize("english"), None);
        assert_eq!(normalize("und"), None);
    }

    #[test]
    fn detection_gives_two_letter_codes() {
        let fr = "Le gouvernement a présenté mardi un projet de loi qui prévoit de geler les \
                  nouvelles licences de location touristique dans le centre de la capitale.";
        assert_eq!(detect(fr).as_deref(), Some("fr"));
        assert_eq!(detect("ok"), None);
    }
}

//! What a character is worth in any script: its length unit, whether it ends a sentence or
//! separates clauses, whether it closes a quotation, and whether its script is written
//! without sentence punctuation. Every length threshold and every "is this prose" test of
//! the extractor measures text through this module, so that 25 Japanese characters (a full
//! sentence) weigh like a sentence and Thai prose without full stops still reads as prose.
//!
//! The punctuation classes come from the Unicode character properties (`Sentence_Terminal`,
//! `Terminal_Punctuation`, `Quotation_Mark`, the general categories of closing
//! punctuation), through ICU4X's compiled tables, not from hand lists.

use icu_properties::props::{
    ExtendedPictographic, GeneralCategory, QuotationMark, Script, SentenceTerminal,
    TerminalPunctuation,
};
use icu_properties::{CodePointMapData, CodePointSetData};
use unicode_width::UnicodeWidthChar;

/// The length unit of one visible character: its display width, so an East Asian wide
/// character (a Han ideograph, kana, a Hangul syllable) counts 2, a combining mark 0
/// (Thai vowel and tone marks, accents), whitespace and controls 0, everything else 1.
///
/// Two units per wide character is what terminals and editors give it; it brings a line of
/// Chinese or Japanese near a line of Latin text that says as much.
pub fn width(c: char) -> u32 {
    if c.is_ascii() {
        return u32::from(c.is_ascii_graphic());
    }
    if c.is_whitespace() {
        return 0;
    }
    c.width().map_or(0, |w| w as u32)
}

/// The length of a piece of text in [`width`] units.
pub fn text_width(text: &str) -> u32 {
    text.chars().map(width).sum()
}

/// What one character of text counts as, beside its [`width`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// It ends a sentence ([`is_stop`]).
    Stop,
    /// It separates clauses ([`is_comma`]).
    Comma,
    /// A letter of a script written without sentence punctuation ([`is_stopless`]).
    Stopless,
    /// Anything else.
    Other,
}

/// The role of a non-ASCII character, with as few table look-ups as possible: one
/// general-category look-up for letters and symbols, the punctuation sets only for
/// punctuation (every `Sentence_Terminal` and `Terminal_Punctuation` character is one).
pub fn role(c: char) -> Role {
    if c.is_ascii() {
        return match c {
            '.' | '!' | '?' => Role::Stop,
            ',' | ';' => Role::Comma,
            _ => Role::Other,
        };
    }
    if is_stopless(c) {
        return Role::Stopless;
    }
    let punctuation = matches!(
        CodePointMapData::<GeneralCategory>::new().get(c),
        GeneralCategory::OtherPunctuation
            | GeneralCategory::DashPunctuation
            | GeneralCategory::OpenPunctuation
            | GeneralCategory::ClosePunctuation
            | GeneralCategory::ConnectorPunctuation
            | GeneralCategory::InitialPunctuation
            | GeneralCategory::FinalPunctuation
    );
    if !punctuation {
        Role::Other
    } else if is_stop(c) {
        Role::Stop
    } else if is_comma(c) {
        Role::Comma
    } else {
        Role::Other
    }
}

/// Ends a sentence: Unicode `Sentence_Terminal` (. ! ? 。 ！ ？ ؟ ۔ । ። ။ ។ …), plus the
/// ellipsis, which ends a sentence in practice though Unicode does not list it.
pub fn is_stop(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '.' | '!' | '?');
    }
    c == '…' || CodePointSetData::new::<SentenceTerminal>().contains(c)
}

/// Separates clauses: Unicode `Terminal_Punctuation` that does not end a sentence (commas
/// and semicolons in every script: , ; ， 、 ، ؛ ፣ …). Colons are left out: they introduce
/// ("Date: …", "Tags: …") as often as they join clauses, and labels are not prose.
pub fn is_comma(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, ',' | ';');
    }
    !matches!(c, '：' | '︓' | '﹕')
        && CodePointSetData::new::<TerminalPunctuation>().contains(c)
        && !CodePointSetData::new::<SentenceTerminal>().contains(c)
}

/// May follow a sentence's stop without ending the sentence itself: closing brackets and
/// final quotes (general categories Pe and Pf) and every quotation mark (German closes with
/// “ and ‚, which are initial quotes elsewhere): ) ] ” ’ » › 」 』 ） 】 …
pub fn is_closing(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, ')' | ']' | '}' | '"' | '\'');
    }
    CodePointSetData::new::<QuotationMark>().contains(c)
        || matches!(
            CodePointMapData::<GeneralCategory>::new().get(c),
            GeneralCategory::ClosePunctuation | GeneralCategory::FinalPunctuation
        )
}

/// Written without sentence punctuation as a rule: Thai, Lao, Khmer and Myanmar prose
/// separates sentences and clauses with spaces, so "prose" cannot require a stop there.
pub fn is_stopless(c: char) -> bool {
    // Every such script sits in these two blocks of the BMP; other characters skip the
    // property look-up.
    let cp = c as u32;
    if !(0x0E00..=0x109F).contains(&cp) && !(0x1780..=0x19FF).contains(&cp) {
        return false;
    }
    matches!(
        CodePointMapData::<Script>::new().get(c),
        Script::Thai | Script::Lao | Script::Khmer | Script::Myanmar
    )
}

/// A pictograph or its modifiers (emoji, ZWJ, variation selectors, skin tones): a line may
/// end in one after its last sentence ("See you there! 🎉").
fn is_pictographic(c: char) -> bool {
    !c.is_ascii()
        && (matches!(
            c,
            '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}'
        ) || CodePointSetData::new::<ExtendedPictographic>().contains(c))
}

/// The text ends in a pictograph after a word: a line of a post closed with an emoji
/// instead of a stop ("Next week: the brakes 🔧").
pub fn ends_in_pictograph(text: &str) -> bool {
    let t = text.trim_end();
    let Some(last) = t.chars().last() else {
        return false;
    };
    is_pictographic(last)
        && t.trim_end_matches(|c: char| c.is_whitespace() || is_pictographic(c))
            .chars()
            .last()
            .is_some_and(char::is_alphanumeric)
}

/// The bracket that opens a closing bracket, for the brackets that hold asides.
fn opening_of(c: char) -> Option<char> {
    Some(match c {
        ')' => '(',
        ']' => '[',
        '）' => '（',
        '】' => '【',
        '〕' => '〔',
        '］' => '［',
        _ => return None,
    })
}

/// The text ends a sentence: its last stop may be followed by closing quotes and brackets,
/// emoji, and one bracketed aside (a reporter's byline "（记者 …）", a credit "(AP)") that
/// stands after the sentence's own stop.
pub fn ends_sentence(text: &str) -> bool {
    let mut t = text.trim_end();
    for _ in 0..2 {
        t = t.trim_end_matches(|c: char| c.is_whitespace() || is_pictographic(c));
        let Some(last) = t.chars().last() else {
            return false;
        };
        // A Japanese or Chinese quotation in corner brackets is a sentence of its own,
        // and its stop is usually dropped before the closing bracket.
        if is_stop(last) || matches!(last, '」' | '』' | '﹂' | '﹄') {
            return true;
        }
        // A bracketed aside after the stop: look before its opening bracket.
        // A count in brackets ("(243)") is a widget's, not an aside: it needs words.
        if let Some(open) = opening_of(last)
            && let Some(at) = t.rfind(open)
            && t[at..].chars().any(char::is_alphabetic)
            && t[..at].trim_end().chars().last().is_some_and(is_stop)
        {
            return true;
        }
        t = t.trim_end_matches(is_closing);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_double_and_marks_nothing() {
        assert_eq!(text_width("abc def"), 6);
        assert_eq!(text_width("東京都"), 6);
        assert_eq!(text_width("ひらがな"), 8);
        assert_eq!(text_width("한국어"), 6);
        // Thai: ก (1) + ่ (tone mark, 0) + า (1).
        assert_eq!(text_width("ก่า"), 2);
        assert_eq!(text_width("e\u{301}"), 1);
        assert_eq!(text_width("\u{3000}\u{a0}\t"), 0);
    }

    #[test]
    fn stops_and_commas_come_from_the_unicode_properties() {
        for c in [
            '.', '!', '?', '。', '！', '？', '؟', '۔', '।', '။', '។', '…',
        ] {
            assert!(is_stop(c), "{c} ends a sentence");
        }
        for c in [',', ';', '，', '、', '،', '؛', '፣'] {
            assert!(is_comma(c), "{c} separates clauses");
            assert!(!is_stop(c), "{c} does not end a sentence");
        }
        for c in [':', '：', 'a', '1', '」', '-'] {
            assert!(!is_comma(c) && !is_stop(c), "{c}");
        }
    }

    /// The fast classification agrees with the property tests on every assigned
    /// character of the Basic Multilingual Plane and the next.
    #[test]
    fn roles_agree_with_the_properties() {
        for c in (0u32..0x2_0000).filter_map(char::from_u32) {
            let expected = if is_stopless(c) {
                Role::Stopless
            } else if is_stop(c) {
                Role::Stop
            } else if is_comma(c) {
                Role::Comma
            } else {
                Role::Other
            };
            assert_eq!(role(c), expected, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn closing_quotes_and_brackets_in_several_scripts() {
        for c in [
            '"', ')', '”', '’', '»', '›', '“', '‚', '」', '』', '）', '】',
        ] {
            assert!(is_closing(c), "{c} closes");
        }
        for c in ['a', '.', '（', '(', '1'] {
            assert!(!is_closing(c), "{c}");
        }
    }

    #[test]
    fn scripts_written_without_stops() {
        assert!("สภาเมืองอนุมัติ".chars().all(is_stopless));
        assert!(is_stopless('ລ') && is_stopless('ក') && is_stopless('မ'));
        assert!(!is_stopless('a') && !is_stopless('東') && !is_stopless('ا'));
    }

    #[test]
    fn sentence_ends_in_several_scripts() {
        // German quotation closed with “, Japanese corner brackets, French guillemets.
        assert!(ends_sentence(
            "Die Bürgermeisterin sagte: „Wir bleiben dran.“"
        ));
        assert!(ends_sentence(
            "「都民の理解を得られるよう丁寧に説明したい。」"
        ));
        assert!(ends_sentence("「子育て支援を最優先にする」"));
        assert!(ends_sentence("Il a dit : « C'est fini. »"));
        // A bracketed byline after the last stop; an emoji after it.
        assert!(ends_sentence(
            "据悉，新馆计划于后年春季对外开放。（记者 王明）"
        ));
        assert!(ends_sentence("Reporting by Jane Doe. (Reuters)"));
        assert!(ends_sentence("See you all on Saturday! 🎉🎉"));
        // Urdu and Hindi full stops.
        assert!(ends_sentence("یہ ایک جملہ ہے۔"));
        assert!(ends_sentence("यह एक वाक्य है।"));
        assert!(!ends_sentence("Photo: Agency"));
        assert!(!ends_sentence("Share this (12)"));
        assert!(!ends_sentence("veryGood! (243)"));
        assert!(!ends_sentence("🎉"));
        assert!(!ends_sentence(""));
    }
}

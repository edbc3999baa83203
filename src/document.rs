//! The result of extraction: the article's title, URL and its blocks of text, each with
//! its kind, plus the plain-text rendering every output format starts from.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use serde::Serialize;

/// What role a block of text plays in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A sub-heading, with its level (1–6).
    Heading(u8),
    /// Ordinary running text.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// Text inside a block quote.
    Quote,
    /// One row of a table, cells separated by ` | `.
    TableRow,
    /// Preformatted text (code, poetry), whitespace kept.
    Preformatted,
}

/// One line of the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// The block's role.
    pub kind: BlockKind,
    /// Its text: whitespace collapsed (except preformatted), entities decoded, no markup.
    /// Empty for a block that is only an image (kept for Markdown).
    pub text: String,
    /// The block as one line of Markdown: its prefix (`## `, `- `, `1. `, `> `, `| `) and
    /// inline emphasis and code, with links and images when the options asked for them.
    #[serde(skip)]
    pub markdown: String,
}

/// Which step of the fallback ladder produced a document's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Extraction {
    /// The container that scored best, with the siblings that belong to it (the rule).
    #[default]
    Selected,
    /// The same, cleaned leaning to recall, or every block scored whatever its length.
    Relaxed,
    /// The page's `<article>`, `<main>`, `itemprop=articleBody` or `role=main` element.
    ArticleElement,
    /// The JSON-LD `articleBody`.
    JsonLd,
    /// Markup held in `<noscript>` or a template script.
    Noscript,
    /// A hidden element holding most of the page's prose (a paywall or a collapse).
    HiddenElement,
}

/// Facts about the page beside its text. A value the page does not give is `None`,
/// never guessed (the language alone may be detected from the text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// Author(s): JSON-LD, `<meta name=author>`, `rel=author`, a byline.
    pub author: Option<String>,
    /// Publication date, ISO 8601: JSON-LD `datePublished`, `article:published_time`,
    /// `<time datetime>`, a date in the URL path.
    pub date: Option<String>,
    /// The publication: `og:site_name`, JSON-LD publisher.
    pub site_name: Option<String>,
    /// ISO 639-1 language: `<html lang>`, Content-Language, else detected from the text.
    pub lang: Option<String>,
    /// The page's summary: `<meta name=description>`, `og:description`.
    pub description: Option<String>,
    /// The page's canonical URL: `<link rel=canonical>`, `og:url`.
    pub canonical_url: Option<String>,
}

/// An extracted article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The headline, when the page names one.
    pub title: Option<String>,
    /// The page's URL: given by the caller, else the page's canonical URL.
    pub url: Option<String>,
    /// Author, date, site, language, description.
    pub metadata: Metadata,
    /// The article body, in reading order.
    pub blocks: Vec<Block>,
    /// Which step of the fallback ladder found the body.
    pub extraction: Extraction,
}

impl Document {
    /// True when no article text was found.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Characters of article text (the title not counted).
    pub fn body_chars(&self) -> usize {
        self.blocks.iter().map(|b| b.text.chars().count()).sum()
    }

    /// Plain text: the headline on the first line (when `with_title`), then one block per
    /// line, ending with a newline. Empty documents give an empty string.
    pub fn to_text(&self, with_title: bool) -> String {
        let mut out = String::new();
        if with_title && let Some(t) = self.title.as_deref().filter(|t| !t.is_empty()) {
            out.push_str(t);
            out.push('\n');
        }
        for b in self.blocks.iter().filter(|b| !b.text.is_empty()) {
            out.push_str(&b.text);
            out.push('\n');
        }
        out
    }

    /// Words of article text (the title not counted), by Unicode word boundaries (UAX #29,
    /// ICU4X), with the dictionaries ICU uses for scripts written without spaces: a
    /// Japanese, Chinese or Thai article counts its words, not the one "word" that
    /// splitting at spaces would give.
    pub fn word_count(&self) -> usize {
        let segmenter = WordSegmenter::new_auto(WordBreakInvariantOptions::default());
        self.blocks
            .iter()
            .map(|b| {
                segmenter
                    .segment_str(&b.text)
                    .iter_with_word_type()
                    .filter(|(_, kind)| kind.is_word_like())
                    .count()
            })
            .sum()
    }

    /// Markdown: the headline as `# title` (when `with_title`), then the blocks; list items,
    /// table rows and quote lines that follow each other stay together, tables get their
    /// header separator, preformatted lines a code fence.
    pub fn to_markdown(&self, with_title: bool) -> String {
        let mut out = String::new();
        if with_title && let Some(t) = self.title.as_deref().filter(|t| !t.is_empty()) {
            out.push_str("# ");
            out.push_str(t);
            out.push_str("\n\n");
        }
        let mut previous: Option<BlockKind> = None;
        let mut rows_in_table = 0;
        for b in &self.blocks {
            let kind = b.kind;
            let same_group = previous.is_some_and(|p| grouped(p, kind));
            if previous == Some(BlockKind::Preformatted) && kind != BlockKind::Preformatted {
                out.push_str("```\n");
            }
            if previous.is_some() {
                out.push_str(if same_group { "" } else { "\n" });
            }
            if kind == BlockKind::Quote && same_group {
                out.push_str(">\n");
            }
            if kind == BlockKind::Preformatted && !same_group {
                out.push_str("```\n");
            }
            rows_in_table = if kind == BlockKind::TableRow {
                rows_in_table + 1
            } else {
                0
            };
            out.push_str(&b.markdown);
            out.push('\n');
            if rows_in_table == 1 {
                let cells = b.markdown.matches(" | ").count() + 1;
                out.push_str(&format!("|{}\n", " --- |".repeat(cells)));
            }
            previous = Some(kind);
        }
        if previous == Some(BlockKind::Preformatted) {
            out.push_str("```\n");
        }
        out
    }
}

/// Kinds whose consecutive blocks form one Markdown block (no blank line between).
fn grouped(previous: BlockKind, kind: BlockKind) -> bool {
    previous == kind
        && matches!(
            kind,
            BlockKind::ListItem | BlockKind::TableRow | BlockKind::Quote | BlockKind::Preformatted
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_puts_title_first_and_ends_with_newline() {
        let doc = Document {
            title: Some("Head".into()),
            blocks: vec![
                Block {
                    kind: BlockKind::Paragraph,
                    text: "One.".into(),
                    markdown: "One.".into(),
                },
                Block {
                    kind: BlockKind::ListItem,
                    text: "Two.".into(),
                    markdown: "- Two.".into(),
                },
            ],
            ..Document::default()
        };
        assert_eq!(doc.to_text(true), "Head\nOne.\nTwo.\n");
        assert_eq!(doc.to_text(false), "One.\nTwo.\n");
        assert_eq!(doc.to_markdown(true), "# Head\n\nOne.\n\n- Two.\n");
        assert_eq!(doc.word_count(), 2);
    }

    #[test]
    fn words_are_counted_by_unicode_boundaries() {
        let doc = |text: &str| Document {
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                text: text.into(),
                markdown: text.into(),
            }],
            ..Document::default()
        };
        assert_eq!(doc("It's 5.2 percent, isn't it?").word_count(), 5);
        // No spaces in Japanese or Thai: the dictionaries find the words.
        let ja = doc("市は十一日、駅前に新しい図書館を開いた。");
        assert_eq!(ja.word_count(), 11);
        let th = doc("ระเบียงเล็ก ๆ ก็ปลูกผักกินเองได้ไม่ยากอย่างที่คิด");
        assert!((10..=16).contains(&th.word_count()), "{}", th.word_count());
        assert_eq!(
            doc("Die Bürgermeisterin sagte: „Wir bleiben dran.“").word_count(),
            6
        );
    }

    #[test]
    fn markdown_tables_get_a_header_separator() {
        let row = |md: &str| Block {
            kind: BlockKind::TableRow,
            text: String::new(),
            markdown: md.into(),
        };
        let doc = Document {
            blocks: vec![row("| a | b |"), row("| 1 | 2 |")],
            ..Document::default()
        };
        assert_eq!(
            doc.to_markdown(false),
            "| a | b |\n| --- | --- |\n| 1 | 2 |\n"
        );
    }
}

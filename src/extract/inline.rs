//! Inline Markdown for one line of output, built beside the plain text: emphasis, code,
//! and (when asked) links and images. Markers open lazily at the first word inside them
//! and close right after the last, so `<em> word </em>` gives `*word*`, never `* word *`.

/// One open inline element.
#[derive(Debug, Clone)]
struct Frame {
    open: String,
    close: String,
    emitted: bool,
}

/// The Markdown of the line being rendered.
#[derive(Debug, Default)]
pub struct InlineMarkdown {
    buf: String,
    frames: Vec<Frame>,
}

impl InlineMarkdown {
    /// Enters an inline element rendered as `open … close`.
    pub fn open(&mut self, open: &str, close: String) {
        self.frames.push(Frame {
            open: open.to_string(),
            close,
            emitted: false,
        });
    }

    /// Leaves the innermost inline element.
    pub fn close(&mut self) {
        if let Some(f) = self.frames.pop()
            && f.emitted
        {
            self.buf.push_str(&f.close);
        }
    }

    /// Appends a word of text (escaped), after a space when `space` and the line has text.
    pub fn word(&mut self, word: &str, space: bool) {
        self.start_word(space);
        escape_into(word, &mut self.buf);
    }

    /// Appends ready-made Markdown (an image) as a word.
    pub fn raw_word(&mut self, markdown: &str, space: bool) {
        self.start_word(space);
        self.buf.push_str(markdown);
    }

    /// Appends preformatted text as it is.
    pub fn raw(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    /// Appends a table-cell separator.
    pub fn cell_separator(&mut self) {
        self.buf.push_str(" | ");
    }

    /// True when nothing was written on this line yet.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Ends the line: closes open markers (they reopen on the next line) and returns it.
    pub fn take(&mut self) -> String {
        for f in self.frames.iter_mut().rev() {
            if f.emitted {
                self.buf.push_str(&f.close);
                f.emitted = false;
            }
        }
        std::mem::take(&mut self.buf)
    }

    fn start_word(&mut self, space: bool) {
        if space && !self.buf.is_empty() {
            self.buf.push(' ');
        }
        for f in &mut self.frames {
            if !f.emitted {
                self.buf.push_str(&f.open);
                f.emitted = true;
            }
        }
    }
}

/// Escapes the characters Markdown would read as markup.
fn escape_into(word: &str, out: &mut String) {
    for c in word.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '|' | '<' | '>' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_hug_their_words() {
        let mut m = InlineMarkdown::default();
        m.word("a", false);
        m.open("*", "*".into());
        m.word("b", true);
        m.word("c", true);
        m.close();
        m.word("d", true);
        assert_eq!(m.take(), "a *b c* d");
    }

    #[test]
    fn empty_markers_vanish_and_text_is_escaped() {
        let mut m = InlineMarkdown::default();
        m.open("**", "**".into());
        m.close();
        m.word("2*3_[x]", false);
        assert_eq!(m.take(), "2\\*3\\_\\[x\\]");
    }

    #[test]
    fn markers_close_at_line_end_and_reopen() {
        let mut m = InlineMarkdown::default();
        m.open("[", "](https://e.com)".into());
        m.word("one", false);
        assert_eq!(m.take(), "[one](https://e.com)");
        m.word("two", false);
        m.close();
        assert_eq!(m.take(), "[two](https://e.com)");
    }
}

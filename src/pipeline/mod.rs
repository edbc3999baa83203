//! Wires the stages for a batch: inputs → read/decode → extract → write, on a rayon pool.
//! It reports through events and returns a summary; printing is the binary's business.

mod files;
mod guard;
mod warc;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use files::{clean_files, clean_files_to};
#[doc(hidden)]
pub use guard::TEST_PANIC_MARKER;
pub use warc::{WarcEvent, WarcSummary, warc_files};

use crate::config::Config;
use crate::document::Document;
use crate::error::Error;
use crate::record::Provenance;
use crate::sink::{Format, OrderedWriter, write_atomic};
use crate::source::Input;

/// Something that happened to one input.
#[derive(Debug)]
pub enum Event<'a> {
    /// The input's stem was taken by an earlier input; it is written under another name.
    Renamed {
        /// The input.
        input: &'a Input,
        /// The stem used instead.
        stem: &'a str,
    },
    /// The page was processed; text was written.
    Written {
        /// The input.
        input: &'a Input,
        /// The file written (`None` when the page went to a JSONL stream).
        path: Option<&'a Path>,
    },
    /// The page was processed but holds no article text (an empty file was written).
    Empty {
        /// The input.
        input: &'a Input,
    },
    /// The page could not be processed.
    Failed {
        /// The input.
        input: &'a Input,
        /// Why.
        error: &'a Error,
    },
}

/// Counts for a finished batch.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    /// Inputs attempted.
    pub pages: usize,
    /// Pages with article text.
    pub written: usize,
    /// Pages without article text.
    pub empty: usize,
    /// Inputs that failed.
    pub failed: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Where and how pages are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The format.
    pub format: Format,
    /// Headline first (text and Markdown).
    pub title: bool,
    /// Directory for one file per page (txt, md, json).
    pub dir: PathBuf,
    /// For `jsonl`: the file to write, or `None` for standard output.
    pub jsonl: Option<PathBuf>,
}

impl Output {
    /// Text files in `config.output.dir`, headline as configured.
    pub fn text_files(config: &Config) -> Output {
        Output {
            format: Format::Txt,
            title: config.output.title,
            dir: config.output.dir.clone(),
            jsonl: None,
        }
    }
}

/// Writes pages per the [`Output`]: files written atomically, or JSONL records in input
/// order on one stream.
pub(crate) struct PageWriter {
    output: Output,
    stream: Option<Mutex<OrderedWriter<Box<dyn Write + Send>>>>,
}

impl PageWriter {
    /// Makes the directory or opens the stream.
    pub(crate) fn open(output: &Output) -> Result<PageWriter, Error> {
        let stream = if output.format == Format::Jsonl {
            let out: Box<dyn Write + Send> = match &output.jsonl {
                Some(path) => {
                    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                            path: parent.to_path_buf(),
                            source,
                        })?;
                    }
                    let file = std::fs::File::create(path).map_err(|source| Error::Write {
                        path: path.clone(),
                        source,
                    })?;
                    Box::new(std::io::BufWriter::new(file))
                }
                None => Box::new(std::io::BufWriter::new(std::io::stdout())),
            };
            Some(Mutex::new(OrderedWriter::new(out, 0)))
        } else {
            std::fs::create_dir_all(&output.dir).map_err(|source| Error::Write {
                path: output.dir.clone(),
                source,
            })?;
            None
        };
        Ok(PageWriter {
            output: output.clone(),
            stream,
        })
    }

    /// Writes page `index` under `stem`; returns the file written, if any.
    pub(crate) fn write(
        &self,
        index: usize,
        stem: &str,
        doc: &Document,
        from: &Provenance,
    ) -> Result<Option<PathBuf>, Error> {
        let text = self.output.format.render(doc, from, self.output.title);
        match &self.stream {
            Some(stream) => {
                let line = (!doc.is_empty()).then_some(text);
                self.put(stream, index, line)?;
                Ok(None)
            }
            None => {
                let name = format!("{stem}.{}", self.output.format.extension());
                write_atomic(&self.output.dir, &name, text.as_bytes()).map(Some)
            }
        }
    }

    /// Position `index` produced nothing (failed or skipped).
    pub(crate) fn skip(&self, index: usize) -> Result<(), Error> {
        match &self.stream {
            Some(stream) => self.put(stream, index, None),
            None => Ok(()),
        }
    }

    fn put(
        &self,
        stream: &Mutex<OrderedWriter<Box<dyn Write + Send>>>,
        index: usize,
        line: Option<String>,
    ) -> Result<(), Error> {
        let mut w = stream.lock().unwrap_or_else(|p| p.into_inner());
        w.put(index, line)
            .map_err(|source| self.stream_error(source))
    }

    /// Flushes the stream.
    pub(crate) fn finish(&self) -> Result<(), Error> {
        if let Some(stream) = &self.stream {
            let mut w = stream.lock().unwrap_or_else(|p| p.into_inner());
            w.finish().map_err(|source| self.stream_error(source))?;
        }
        Ok(())
    }

    fn stream_error(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self
                .output
                .jsonl
                .clone()
                .unwrap_or_else(|| PathBuf::from("<stdout>")),
            source,
        }
    }
}

/// Runs `work` on a pool of `threads` threads (0: one per core).
pub(crate) fn on_pool<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Extracts one page given as bytes (stdin, a pipe): gunzip, charset, extraction.
pub fn clean_bytes(
    input: &str,
    bytes: Vec<u8>,
    url: Option<&str>,
    config: &Config,
) -> Result<Document, Error> {
    crate::raw::RawPage::new(&bytes, input)
        .url(url)
        .read(&config.extract)
}

//! Wires the stages for a batch: inputs → read/decode → extract → write, on a rayon pool.
//! It reports through events and returns a summary; printing is the binary's business.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::document::Document;
use crate::error::Error;
use crate::extract::extract_with_url;
use crate::sink::{Namer, write_atomic};
use crate::source::{self, Input};

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
        /// The file written.
        path: &'a Path,
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

enum Outcome {
    Written(PathBuf),
    Empty,
    Failed(Error),
}

/// Cleans every input into `config.output.dir`, calling `on_event` as pages finish
/// (from worker threads). Fails only when the output directory cannot be made.
pub fn clean_files(
    inputs: &[Input],
    url: Option<&str>,
    config: &Config,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<Summary, Error> {
    let started = Instant::now();
    let dir = &config.output.dir;
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    let mut namer = Namer::default();
    let stems: Vec<String> = inputs
        .iter()
        .map(|input| {
            let assigned = namer.assign(&input.stem);
            if assigned.renamed {
                on_event(Event::Renamed {
                    input,
                    stem: &assigned.stem,
                });
            }
            assigned.stem
        })
        .collect();
    let work = || {
        inputs
            .par_iter()
            .zip(stems.par_iter())
            .map(|(input, stem)| {
                let outcome = clean_one(input, stem, url, config);
                match &outcome {
                    Outcome::Written(path) => on_event(Event::Written { input, path }),
                    Outcome::Empty => on_event(Event::Empty { input }),
                    Outcome::Failed(error) => on_event(Event::Failed { input, error }),
                }
                outcome
            })
            .collect::<Vec<Outcome>>()
    };
    let outcomes = match rayon::ThreadPoolBuilder::new()
        .num_threads(config.run.threads)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    let mut summary = Summary {
        pages: inputs.len(),
        ..Summary::default()
    };
    for o in &outcomes {
        match o {
            Outcome::Written(_) => summary.written += 1,
            Outcome::Empty => summary.empty += 1,
            Outcome::Failed(_) => summary.failed += 1,
        }
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn clean_one(input: &Input, stem: &str, url: Option<&str>, config: &Config) -> Outcome {
    let result = source::read_page(&input.path, config.extract.max_bytes)
        .and_then(|page| extract_with_url(&page.html, url, &config.extract));
    let doc = match result {
        Ok(doc) => doc,
        Err(e) => return Outcome::Failed(e),
    };
    let text = if doc.is_empty() {
        String::new()
    } else {
        doc.to_text(config.output.title)
    };
    match write_atomic(&config.output.dir, &format!("{stem}.txt"), text.as_bytes()) {
        Ok(_) if doc.is_empty() => Outcome::Empty,
        Ok(path) => Outcome::Written(path),
        Err(e) => Outcome::Failed(e),
    }
}

/// Extracts one page given as bytes (stdin, a pipe): gunzip, charset, extraction.
pub fn clean_bytes(
    input: &str,
    bytes: Vec<u8>,
    url: Option<&str>,
    config: &Config,
) -> Result<Document, Error> {
    let max = config.extract.max_bytes;
    if bytes.len() > max {
        return Err(Error::TooLarge {
            input: input.to_string(),
            size: bytes.len(),
            limit: max,
        });
    }
    let bytes = crate::decode::gunzip_if_needed(input, bytes, max)?;
    let page = source::bytes_to_page(input, &bytes)?;
    extract_with_url(&page.html, url, &config.extract)
}

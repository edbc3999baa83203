//! Offline cleaning of saved pages: files in, one output per page (or a JSONL stream).

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use super::guard::{self, guarded};
use super::{Event, Output, PageWriter, Summary, on_pool};
use crate::config::Config;
use crate::error::Error;
use crate::raw::RawPage;
use crate::record::Provenance;
use crate::sink::Namer;
use crate::source::{self, Input};

enum Outcome {
    Written(Option<PathBuf>),
    Empty,
    Failed(Error),
}

/// Cleans every input into text files in `config.output.dir`; see [`clean_files_to`].
pub fn clean_files(
    inputs: &[Input],
    url: Option<&str>,
    config: &Config,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<Summary, Error> {
    clean_files_to(inputs, url, config, &Output::text_files(config), on_event)
}

/// Cleans every input into `output`, calling `on_event` as pages finish (from worker
/// threads). Fails only when the output cannot be opened or a JSONL stream breaks.
pub fn clean_files_to(
    inputs: &[Input],
    url: Option<&str>,
    config: &Config,
    output: &Output,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<Summary, Error> {
    let started = Instant::now();
    let writer = PageWriter::open(output)?;
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
                let outcome = clean_one(input, stem, url, config, &writer);
                match &outcome {
                    Outcome::Written(path) => on_event(Event::Written {
                        input,
                        path: path.as_deref(),
                    }),
                    Outcome::Empty => on_event(Event::Empty { input }),
                    Outcome::Failed(error) => on_event(Event::Failed { input, error }),
                }
                outcome
            })
            .collect::<Vec<Outcome>>()
    };
    let outcomes = on_pool(config.run.threads, work);
    writer.finish()?;
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

fn clean_one(
    input: &Input,
    stem: &str,
    url: Option<&str>,
    config: &Config,
    writer: &PageWriter,
) -> Outcome {
    let name = || input.path.display().to_string();
    let result = guarded(name, || {
        let bytes = source::read_bytes(&input.path, config.extract.max_bytes)?;
        guard::test_hook(&bytes);
        let source = name();
        let doc = RawPage::new(&bytes, &source)
            .url(url)
            .read(&config.extract)?;
        let from = Provenance {
            id: Some(stem.to_string()),
            url: url.map(str::to_string),
            path: Some(name()),
            ..Provenance::default()
        };
        let path = writer.write(input.index, stem, &doc, &from)?;
        Ok((doc.is_empty(), path))
    });
    match result {
        Ok((true, _)) => Outcome::Empty,
        Ok((false, path)) => Outcome::Written(path),
        Err(e) => {
            // The position must still be settled or a JSONL stream waits for it forever; a
            // broken stream surfaces at finish(), the page's own error is what to report.
            let _ = writer.skip(input.index);
            Outcome::Failed(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::pipeline::TEST_PANIC_MARKER;

    #[test]
    fn a_panic_on_one_file_fails_that_file_and_the_batch_goes_on() {
        if !cfg!(debug_assertions) {
            return; // The panic test hook exists only in debug builds.
        }
        let dir = tempfile::tempdir().unwrap();
        let prose = "<p>A paragraph long enough to be the story, with words and more words.</p>";
        let mut paths = Vec::new();
        for (k, extra) in ["", TEST_PANIC_MARKER, ""].iter().enumerate() {
            let path = dir.path().join(format!("p{k}.html"));
            std::fs::write(
                &path,
                format!("<article>{extra}{}</article>", prose.repeat(3)),
            )
            .unwrap();
            paths.push(path);
        }
        let (inputs, _) = source::collect(&paths);
        let mut config = Config::default();
        config.output.dir = dir.path().join("out");
        let failures = Mutex::new(Vec::new());
        let summary = clean_files(&inputs, None, &config, &|e| {
            if let Event::Failed { error, .. } = e {
                failures.lock().unwrap().push(error.to_string());
            }
        })
        .unwrap();
        assert_eq!((summary.written, summary.failed), (2, 1));
        let failures = failures.into_inner().unwrap();
        let want = format!("{}: internal error (panic): test hook", paths[1].display());
        assert!(failures[0].starts_with(&want), "{failures:?}");
    }
}

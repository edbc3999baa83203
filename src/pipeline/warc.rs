//! WARC input: records stream out of each archive in order on one thread, HTML responses
//! go through a bounded queue to extraction workers, outputs are named like the fetcher's
//! (`NNN_<hash of the URL>`, NNN the record's position in the input). Memory stays
//! constant: one record per worker and a short queue.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Instant;

use super::guard::{self, guarded};
use super::{Output, PageWriter};
use crate::config::Config;
use crate::error::Error;
use crate::raw::RawPage;
use crate::record::Provenance;
use crate::sink::file_stem;
use crate::warc::{HttpResponse, WarcError, WarcReader};

/// Jobs waiting for a worker, per worker.
const QUEUE_PER_WORKER: usize = 4;

/// Something that happened while reading archives.
#[derive(Debug)]
pub enum WarcEvent<'a> {
    /// A page was extracted and written.
    Written {
        /// The record's URL.
        url: &'a str,
    },
    /// A page had no article text.
    Empty {
        /// The record's URL.
        url: &'a str,
    },
    /// A response was not extracted (not 200, not HTML).
    Skipped {
        /// The record's URL.
        url: &'a str,
        /// Why.
        reason: &'a str,
    },
    /// A page failed.
    Failed {
        /// The record's URL.
        url: &'a str,
        /// Why.
        error: &'a Error,
    },
    /// An archive could not be opened or is damaged; its complete records were processed.
    Damaged {
        /// The archive.
        path: &'a Path,
        /// What is wrong and where.
        error: &'a str,
    },
}

/// Counts for a finished WARC run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WarcSummary {
    /// Records read, of every type.
    pub records: usize,
    /// HTML responses extracted.
    pub pages: usize,
    /// Pages with article text.
    pub written: usize,
    /// Pages without article text.
    pub empty: usize,
    /// Responses skipped (status not 200, not HTML, over the size limit).
    pub skipped: usize,
    /// Pages that failed.
    pub failed: usize,
    /// Archives unreadable or damaged.
    pub damaged: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// One HTML response on its way to a worker.
struct Job {
    seq: usize,
    position: u64,
    url: String,
    record_id: Option<String>,
    path: PathBuf,
    response: HttpResponse,
}

impl Job {
    /// The page as a user can find it again: archive, record id and URL.
    fn name(&self) -> String {
        format!(
            "{}: record {} ({})",
            self.path.display(),
            self.record_id
                .as_deref()
                .unwrap_or("without WARC-Record-ID"),
            self.url
        )
    }
}

/// Extracts every HTML `response` record of the archives into `output`.
pub fn warc_files(
    paths: &[PathBuf],
    config: &Config,
    output: &Output,
    on_event: &(dyn Fn(WarcEvent<'_>) + Sync),
) -> Result<WarcSummary, Error> {
    let started = Instant::now();
    let writer = PageWriter::open(output)?;
    let workers = match config.run.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let (send, receive) = mpsc::sync_channel::<Job>(workers * QUEUE_PER_WORKER);
    let receive = Mutex::new(receive);
    let written = AtomicUsize::new(0);
    let empty = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let mut summary = WarcSummary::default();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let job = {
                        let rx = receive.lock().unwrap_or_else(|p| p.into_inner());
                        rx.recv()
                    };
                    let Ok(job) = job else { break };
                    let counter = match extract_job(&job, config, &writer, on_event) {
                        JobOutcome::Written => &written,
                        JobOutcome::Empty => &empty,
                        JobOutcome::Failed => &failed,
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        read_archives(paths, config, &send, &writer, &mut summary, on_event);
        drop(send);
    });
    writer.finish()?;
    summary.written = written.into_inner();
    summary.empty = empty.into_inner();
    summary.failed = failed.into_inner();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The reader's side: every archive in turn, record by record.
fn read_archives(
    paths: &[PathBuf],
    config: &Config,
    send: &mpsc::SyncSender<Job>,
    writer: &PageWriter,
    summary: &mut WarcSummary,
    on_event: &(dyn Fn(WarcEvent<'_>) + Sync),
) {
    let mut position: u64 = 0;
    let mut seq = 0usize;
    for path in paths {
        let reader = std::fs::File::open(path)
            .and_then(|f| WarcReader::new(f, config.extract.max_bytes as u64));
        let reader = match reader {
            Ok(r) => r,
            Err(e) => {
                summary.damaged += 1;
                on_event(WarcEvent::Damaged {
                    path,
                    error: &format!("cannot read: {e}"),
                });
                continue;
            }
        };
        for item in reader {
            let record = match item {
                Ok(r) => r,
                Err(e) => {
                    summary.damaged += 1;
                    let error: &WarcError = &e;
                    on_event(WarcEvent::Damaged {
                        path,
                        error: &error.to_string(),
                    });
                    break;
                }
            };
            summary.records += 1;
            let record_position = position + record.position;
            if !record.is_http_response() {
                continue;
            }
            let url = record.target_uri.clone().unwrap_or_default();
            let response = match record.http_response() {
                Ok(r) => r,
                Err(reason) => {
                    summary.skipped += 1;
                    on_event(WarcEvent::Skipped {
                        url: &url,
                        reason: &reason,
                    });
                    continue;
                }
            };
            if let Some(reason) = response.skip_reason() {
                summary.skipped += 1;
                on_event(WarcEvent::Skipped {
                    url: &url,
                    reason: &reason,
                });
                continue;
            }
            summary.pages += 1;
            let job = Job {
                seq,
                position: record_position,
                url,
                record_id: record.record_id.clone(),
                path: path.clone(),
                response,
            };
            seq += 1;
            if let Err(mpsc::SendError(job)) = send.send(job) {
                // Workers are gone (cannot happen while the scope lives); keep order.
                let _ = writer.skip(job.seq);
            }
        }
        // Positions continue across archives so names stay unique in one run.
        position = summary.records as u64;
    }
}

enum JobOutcome {
    Written,
    Empty,
    Failed,
}

fn extract_job(
    job: &Job,
    config: &Config,
    writer: &PageWriter,
    on_event: &(dyn Fn(WarcEvent<'_>) + Sync),
) -> JobOutcome {
    match guarded(|| job.name(), || extract_and_write(job, config, writer)) {
        Ok(true) => {
            on_event(WarcEvent::Empty { url: &job.url });
            JobOutcome::Empty
        }
        Ok(false) => {
            on_event(WarcEvent::Written { url: &job.url });
            JobOutcome::Written
        }
        Err(error) => {
            // The position must still be settled or a JSONL stream waits for it forever.
            let _ = writer.skip(job.seq);
            on_event(WarcEvent::Failed {
                url: &job.url,
                error: &error,
            });
            JobOutcome::Failed
        }
    }
}

/// Decodes, extracts and writes one page; `Ok(true)` when it holds no article text.
fn extract_and_write(job: &Job, config: &Config, writer: &PageWriter) -> Result<bool, Error> {
    let stem = file_stem(job.position, job.url.as_bytes());
    guard::test_hook(&job.response.body);
    let url = (!job.url.is_empty()).then_some(job.url.as_str());
    let name = job.name();
    let r = &job.response;
    let doc = RawPage::new(&r.body, &name)
        .url(url)
        .content_type(r.content_type.as_deref())
        .content_encoding(r.content_encoding.as_deref())
        .content_language(r.content_language.as_deref())
        .read(&config.extract)?;
    let from = Provenance {
        id: Some(stem.clone()),
        url: url.map(str::to_string),
        path: Some(job.path.display().to_string()),
        warc_record_id: job.record_id.clone(),
        ..Provenance::default()
    };
    writer.write(job.seq, &stem, &doc, &from)?;
    Ok(doc.is_empty())
}

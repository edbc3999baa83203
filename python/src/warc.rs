//! `dehusk.iter_warc`: the HTTP responses of a WARC archive (plain or gzip'd, a path or a
//! binary file object), one record at a time in constant memory, each extracted without
//! the GIL. Damage ends the stream with one record whose error names the byte offset, after
//! every complete record before it.

use std::io::Read;
use std::sync::Mutex;

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use dehusk::record::Provenance;
use dehusk::warc::{HttpResponse, WarcReader, WarcRecord as RawRecord};
use dehusk::{Document, RawPage};

use crate::document::{PyDocument, py_repr, to_python};
use crate::errors;
use crate::page::{guarded, record_value};
use crate::settings::{Settings, type_name};

/// A binary Python file object as a `Read`: `read(n)` under the GIL, bytes kept when it
/// returns more than asked.
struct PyReader {
    file: Py<PyAny>,
    pending: Vec<u8>,
    at: usize,
}

impl Read for PyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.pending.len() {
            let chunk = Python::attach(|py| -> Result<Vec<u8>, String> {
                let data = self
                    .file
                    .bind(py)
                    .call_method1("read", (buf.len().max(1),))
                    .map_err(|e| e.to_string())?;
                match data.cast::<PyBytes>() {
                    Ok(b) => Ok(b.as_bytes().to_vec()),
                    Err(_) => Err(format!(
                        "file.read() returned {}, not bytes: open the file in binary mode ('rb')",
                        type_name(&data)
                    )),
                }
            })
            .map_err(std::io::Error::other)?;
            self.pending = chunk;
            self.at = 0;
        }
        let n = buf.len().min(self.pending.len() - self.at);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// One HTTP response of an archive.
#[pyclass(module = "dehusk", frozen)]
pub struct WarcRecord {
    /// `WARC-Target-URI`, or None.
    #[pyo3(get)]
    url: Option<String>,
    /// `WARC-Record-ID`, or None.
    #[pyo3(get)]
    warc_record_id: Option<String>,
    /// The HTTP status, or None when the response could not be read.
    #[pyo3(get)]
    status: Option<u16>,
    /// The HTTP `Content-Type`, or None.
    #[pyo3(get)]
    content_type: Option<String>,
    /// 0-based position of the record among all records of the archive.
    #[pyo3(get)]
    position: Option<u64>,
    /// The extracted article, or None (not extracted, skipped, failed).
    #[pyo3(get)]
    document: Option<Py<PyDocument>>,
    /// Why the page failed or the archive ended early: a `dehusk.Error` instance, or None.
    #[pyo3(get)]
    error: Option<Py<PyAny>>,
    /// Why the response was not extracted (`HTTP status 404`, `not HTML (image/png)`),
    /// or None.
    #[pyo3(get)]
    skipped: Option<String>,
    /// The HTTP body as stored (de-chunked, maybe still Content-Encoded), only with
    /// `extract=False`.
    #[pyo3(get)]
    body: Option<Py<PyBytes>>,
    /// The HTTP `Content-Encoding` of `body`, or None.
    #[pyo3(get)]
    content_encoding: Option<String>,
}

#[pymethods]
impl WarcRecord {
    /// The record as a flat dict: the JSON record's fields (url, warc_record_id, title,
    /// author, date, lang, text, word_count…; null when there is no document) plus
    /// `status`, `content_type`, `skipped` and `error` (the message, or None).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = match &self.document {
            Some(doc) => to_python(py, &doc.get().record())?.cast_into::<PyDict>()?,
            None => {
                let empty = Document::default();
                let from = Provenance {
                    url: self.url.clone(),
                    warc_record_id: self.warc_record_id.clone(),
                    ..Provenance::default()
                };
                let d = to_python(py, &record_value(&empty, &from))?.cast_into::<PyDict>()?;
                d.set_item("text", py.None())?;
                d.set_item("word_count", py.None())?;
                d.set_item("extraction", py.None())?;
                d
            }
        };
        d.set_item("status", self.status)?;
        d.set_item("content_type", self.content_type.as_deref())?;
        d.set_item("skipped", self.skipped.as_deref())?;
        let error = match &self.error {
            Some(e) => Some(e.bind(py).str()?.to_string()),
            None => None,
        };
        d.set_item("error", error)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let state = if self.error.is_some() {
            "error"
        } else if let Some(reason) = &self.skipped {
            reason.as_str()
        } else if self.document.is_some() {
            "document"
        } else {
            "not extracted"
        };
        let status = self.status.map_or("None".to_string(), |s| s.to_string());
        Ok(format!(
            "WarcRecord(url={}, status={status}, {state})",
            py_repr(py, self.url.as_deref())?
        ))
    }
}

/// What one step of the reader found, before it becomes Python objects.
enum Step {
    /// A response, with its outcome.
    Response(Box<Response>),
    /// The archive is damaged from here on.
    Damaged(String),
    /// The end.
    End,
}

struct Response {
    url: Option<String>,
    record_id: Option<String>,
    position: u64,
    status: Option<u16>,
    content_type: Option<String>,
    content_encoding: Option<String>,
    outcome: Outcome,
}

enum Outcome {
    Extracted(Box<Document>, Provenance),
    Failed(dehusk::Error),
    Skipped(String),
    Body(Vec<u8>),
}

struct State {
    reader: Option<WarcReader>,
}

/// The iterator `iter_warc` returns.
#[pyclass(module = "dehusk", frozen)]
pub struct WarcIter {
    state: Mutex<State>,
    settings: Settings,
    extract: bool,
    /// The archive's name in errors.
    name: String,
    /// The archive's path, for the records' `path` field (None for a file object).
    path: Option<String>,
}

#[pymethods]
impl WarcIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<WarcRecord>> {
        // try_lock: a second thread waiting here would hold the GIL that a file object's
        // read() in the first thread needs.
        let mut guard = self.state.try_lock().map_err(|_| {
            PyRuntimeError::new_err("iter_warc: the iterator is being read by another thread")
        })?;
        let state: &mut State = &mut guard;
        let step = py.detach(|| {
            guarded(&self.name, || Ok(self.step(state))).unwrap_or_else(|e| {
                // After a panic the stream position is unknown: end, as after damage.
                state.reader = None;
                Step::Damaged(e.to_string())
            })
        });
        Ok(match step {
            Step::End => None,
            Step::Damaged(message) => Some(WarcRecord {
                url: None,
                warc_record_id: None,
                status: None,
                content_type: None,
                position: None,
                document: None,
                error: Some(errors::Error::new_err(message).into_value(py).into_any()),
                skipped: None,
                body: None,
                content_encoding: None,
            }),
            Step::Response(r) => Some(self.to_record(py, *r)?),
        })
    }
}

impl WarcIter {
    /// Reads up to the next HTTP response and extracts it (no GIL held).
    fn step(&self, state: &mut State) -> Step {
        let Some(reader) = state.reader.as_mut() else {
            return Step::End;
        };
        loop {
            match reader.next() {
                None => {
                    state.reader = None;
                    return Step::End;
                }
                Some(Err(e)) => {
                    state.reader = None;
                    return Step::Damaged(format!("{}: {e}", self.name));
                }
                Some(Ok(record)) if record.is_http_response() => {
                    return Step::Response(Box::new(self.response(record)));
                }
                Some(Ok(_)) => continue,
            }
        }
    }

    fn response(&self, record: RawRecord) -> Response {
        let url = record.target_uri.clone().filter(|u| !u.is_empty());
        let page_name = format!(
            "{}: record {} ({})",
            self.name,
            record
                .record_id
                .as_deref()
                .unwrap_or("without WARC-Record-ID"),
            url.as_deref().unwrap_or("no URL")
        );
        let mut out = Response {
            url,
            record_id: record.record_id.clone(),
            position: record.position,
            status: None,
            content_type: None,
            content_encoding: None,
            outcome: Outcome::Skipped(String::new()),
        };
        if record.block.is_none() {
            out.outcome = Outcome::Failed(dehusk::Error::TooLarge {
                input: page_name,
                size: usize::try_from(record.length).unwrap_or(usize::MAX),
                limit: self.settings.options.max_bytes,
            });
            return out;
        }
        let http = match record.http_response() {
            Ok(h) => h,
            Err(reason) => {
                out.outcome = Outcome::Failed(dehusk::Error::NotHtml {
                    input: page_name,
                    reason: format!("unreadable HTTP response: {reason}"),
                });
                return out;
            }
        };
        out.status = Some(http.status);
        out.content_type = http.content_type.clone();
        out.content_encoding = http.content_encoding.clone();
        out.outcome = if !self.extract {
            Outcome::Body(http.body)
        } else if let Some(reason) = http.skip_reason() {
            Outcome::Skipped(reason)
        } else {
            self.extract_page(&http, &page_name, &out)
        };
        out
    }

    fn extract_page(&self, http: &HttpResponse, name: &str, r: &Response) -> Outcome {
        let page = RawPage::new(&http.body, name)
            .url(r.url.as_deref())
            .content_type(http.content_type.as_deref())
            .content_encoding(http.content_encoding.as_deref())
            .content_language(http.content_language.as_deref());
        let options = &self.settings.options;
        let result = guarded(name, || page.read(options));
        match result {
            Ok(doc) => Outcome::Extracted(
                Box::new(doc),
                Provenance {
                    url: r.url.clone(),
                    path: self.path.clone(),
                    warc_record_id: r.record_id.clone(),
                    ..Provenance::default()
                },
            ),
            Err(e) => Outcome::Failed(e),
        }
    }

    fn to_record(&self, py: Python<'_>, r: Response) -> PyResult<WarcRecord> {
        let mut rec = WarcRecord {
            url: r.url,
            warc_record_id: r.record_id,
            status: r.status,
            content_type: r.content_type,
            position: Some(r.position),
            document: None,
            error: None,
            skipped: None,
            body: None,
            content_encoding: r.content_encoding,
        };
        match r.outcome {
            Outcome::Extracted(doc, from) => {
                rec.document = Some(Py::new(py, PyDocument::new(*doc, from))?);
            }
            Outcome::Failed(e) => rec.error = Some(errors::to_value(py, &e)),
            Outcome::Skipped(reason) => rec.skipped = Some(reason),
            Outcome::Body(body) => rec.body = Some(PyBytes::new(py, &body).unbind()),
        }
        Ok(rec)
    }
}

/// Opens `source` (a path, `os.PathLike`, or a binary file object) for `iter_warc`.
pub fn open(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    settings: Settings,
    extract: bool,
) -> PyResult<WarcIter> {
    let is_path = source.is_instance_of::<PyString>() || source.hasattr("__fspath__")?;
    let max_block = settings.options.max_bytes as u64;
    let (reader, name, path) = if is_path {
        let path: String = py
            .import("os")?
            .call_method1("fspath", (source,))?
            .str()?
            .to_string();
        let opened = std::fs::File::open(&path).and_then(|f| WarcReader::new(f, max_block));
        let reader = opened.map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(format!("{path}: {e}")),
            _ => PyOSError::new_err(format!("{path}: cannot read: {e}")),
        })?;
        (reader, path.clone(), Some(path))
    } else if source.hasattr("read")? {
        let name = source
            .getattr("name")
            .ok()
            .and_then(|n| n.extract::<String>().ok())
            .unwrap_or_else(|| "<file>".to_string());
        let file = PyReader {
            file: source.clone().unbind(),
            pending: Vec::new(),
            at: 0,
        };
        // The first read (to spot gzip) calls back into Python, so the GIL stays held.
        let reader = WarcReader::new(file, max_block)
            .map_err(|e| PyOSError::new_err(format!("{name}: cannot read: {e}")))?;
        (reader, name, None)
    } else {
        return Err(PyTypeError::new_err(format!(
            "iter_warc(): path_or_file must be a path (str, os.PathLike) or a binary file, not {}",
            type_name(source)
        )));
    };
    Ok(WarcIter {
        state: Mutex::new(State {
            reader: Some(reader),
        }),
        settings,
        extract,
        name,
        path,
    })
}

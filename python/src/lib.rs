//! The native half of the `dehusk` Python package: pyo3 bindings, thin over the Rust
//! library, that release the GIL for every extraction. `python/dehusk/__init__.py`
//! re-exports what is here; the stubs beside it are what editors read.

mod arrow;
mod document;
mod errors;
mod extractor;
mod page;
mod run;
mod settings;
mod warc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::settings::{Output, Settings};

/// Extracts the article from one page.
///
/// `html` is a `str` (used as it is) or `bytes` (charset from `content_type`, a BOM,
/// `<meta charset>` or detection; gzip undone). `output` is "text" (the default, the
/// headline on the first line), "markdown", "json" (a dict equal to the CLI's JSON
/// record) or "document". Raises `dehusk.TooLarge`, `dehusk.TimedOut`, `dehusk.NotHtml`
/// (all `dehusk.Error`), `TypeError` for an argument of the wrong type.
#[pyfunction]
#[pyo3(signature = (html, *, url=None, content_type=None, **options))]
fn extract(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<&Bound<'_, PyAny>>,
    content_type: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let settings = Settings::from_kwargs("extract", options)?;
    run::one(py, html, url, content_type, &settings, settings.output)
}

/// Extracts the article from one page as a `dehusk.Document` (same arguments as
/// `extract`, `output` ignored).
#[pyfunction]
#[pyo3(signature = (html, *, url=None, content_type=None, **options))]
fn extract_document(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<&Bound<'_, PyAny>>,
    content_type: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let settings = Settings::from_kwargs("extract_document", options)?;
    run::one(py, html, url, content_type, &settings, Output::Document)
}

/// Extracts many pages at once on all cores (or `threads` of them), the GIL released.
///
/// `pages` is an iterable of `str`, `bytes` or `(html, url)` tuples. Returns a list in
/// input order of what `extract` would return for each page; a page that failed holds
/// its exception instance (a `dehusk.Error`, not raised) in its place.
#[pyfunction]
#[pyo3(signature = (pages, *, threads=None, **options))]
fn extract_many(
    py: Python<'_>,
    pages: &Bound<'_, PyAny>,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyList>> {
    let settings = Settings::from_kwargs("extract_many", options)?;
    run::batch(py, pages, threads, &settings)
}

/// Streams the HTTP responses of a WARC archive (plain or gzip'd) as `dehusk.WarcRecord`s,
/// one at a time in constant memory, each extracted with the GIL released.
///
/// `path_or_file` is a path or a binary file object. Only `response` records holding
/// HTTP are yielded; a record has `document` (extracted), `skipped` (not a 200 HTML
/// response, as the CLI skips it), or `error` (a `dehusk.Error` instance). With
/// `extract=False` nothing is extracted and `body` holds the HTTP body. A damaged or
/// truncated archive yields its complete records, then one record whose `error` names
/// the byte offset (in the decompressed stream) where the damage starts.
#[pyfunction]
#[pyo3(signature = (path_or_file, *, extract=true, **options))]
fn iter_warc(
    py: Python<'_>,
    path_or_file: &Bound<'_, PyAny>,
    extract: bool,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<warc::WarcIter> {
    let settings = Settings::from_kwargs("iter_warc", options)?;
    warc::open(py, path_or_file, settings, extract)
}

/// The module `dehusk._dehusk`.
#[pymodule]
fn _dehusk(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<document::PyDocument>()?;
    m.add_class::<extractor::Extractor>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_document, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(iter_warc, m)?)?;
    m.add_class::<warc::WarcRecord>()?;
    m.add_class::<warc::WarcIter>()?;
    Ok(())
}

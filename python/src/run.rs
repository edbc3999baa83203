//! The extraction calls behind every entry point: one page, or a batch on rayon's
//! threads. The GIL is released for the work, so other Python threads run meanwhile and
//! several threads calling `extract` scale over the cores.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use rayon::prelude::*;

use crate::document::{PyDocument, to_python};
use crate::errors;
use crate::page::{Html, Page, Rendered, optional_str, render};
use crate::settings::{Output, Settings};

/// A rendered page as the Python object the caller gets.
pub fn to_object(py: Python<'_>, rendered: Rendered) -> PyResult<Py<PyAny>> {
    Ok(match rendered {
        Rendered::Text(text) => PyString::new(py, &text).into_any().unbind(),
        Rendered::Json(value) => to_python(py, &value)?.unbind(),
        Rendered::Document(doc, from) => Py::new(py, PyDocument::new(*doc, from))?.into_any(),
    })
}

/// `extract(html, url=..., content_type=...)` under `settings`, as `output` asks.
pub fn one(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<&Bound<'_, PyAny>>,
    content_type: Option<&Bound<'_, PyAny>>,
    settings: &Settings,
    output: Output,
) -> PyResult<Py<PyAny>> {
    let html = Html::from_py(html, "html")?;
    let url = optional_str(url, "url")?;
    let content_type = optional_str(content_type, "content_type")?;
    let page = Page::new(html, url, content_type);
    let result = py.detach(|| page.read(settings, |doc| render(doc, page.provenance(), output)));
    match result {
        Ok(rendered) => to_object(py, rendered),
        Err(e) => Err(errors::to_py(py, &e)),
    }
}

/// Every page of `pages` (an iterable of `str`, `bytes` or `(html, url)`) on `threads`
/// threads (None: all cores). The list is in input order; a page that failed holds its
/// exception instance (a `dehusk.Error`) in its place, so one bad page never costs the
/// batch. Items of the wrong type raise `TypeError` before any work starts.
pub fn batch(
    py: Python<'_>,
    pages: &Bound<'_, PyAny>,
    threads: Option<usize>,
    settings: &Settings,
) -> PyResult<Py<PyList>> {
    let items: Vec<Bound<'_, PyAny>> = pages.try_iter()?.collect::<PyResult<_>>()?;
    let inputs: Vec<Page<'_>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| Page::from_item(item, i))
        .collect::<PyResult<_>>()?;
    let pool = match threads {
        None => None,
        Some(0) => {
            return Err(PyValueError::new_err(
                "threads must be at least 1 (or None for all cores)",
            ));
        }
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| errors::Error::new_err(format!("cannot start {n} threads: {e}")))?,
        ),
    };
    let output = settings.output;
    let results: Vec<Result<Rendered, dehusk::Error>> = py.detach(|| {
        let work = || {
            inputs
                .par_iter()
                .map(|page| page.read(settings, |doc| render(doc, page.provenance(), output)))
                .collect()
        };
        match &pool {
            Some(pool) => pool.install(work),
            None => work(),
        }
    });
    let list = PyList::empty(py);
    for result in results {
        let item = match result {
            Ok(rendered) => to_object(py, rendered)?,
            Err(e) => errors::to_value(py, &e),
        };
        list.append(item)?;
    }
    Ok(list.unbind())
}

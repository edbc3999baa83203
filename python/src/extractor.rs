//! `dehusk.Extractor`: options checked once and bound, for the many calls of a batch job.
//! It pickles as its options, so Spark, Ray and multiprocessing can ship it to workers.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::run;
use crate::settings::{Output, Settings};

/// Extraction options bound once: `Extractor(focus="precision", output="json")`.
///
/// Call it like `extract` (`ex(html, url=...)`), or use `extract_batch` for many pages
/// on all cores. Picklable; equal when the options are.
#[pyclass(module = "dehusk", frozen)]
pub struct Extractor {
    pub settings: Settings,
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (**options))]
    fn new(options: Option<&Bound<'_, PyDict>>) -> PyResult<Extractor> {
        Ok(Extractor {
            settings: Settings::from_kwargs("Extractor", options)?,
        })
    }

    /// Extracts one page, as `dehusk.extract` with these options.
    #[pyo3(signature = (html, *, url=None, content_type=None))]
    fn extract(
        &self,
        py: Python<'_>,
        html: &Bound<'_, PyAny>,
        url: Option<&Bound<'_, PyAny>>,
        content_type: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        run::one(
            py,
            html,
            url,
            content_type,
            &self.settings,
            self.settings.output,
        )
    }

    /// The same as `extract`.
    #[pyo3(signature = (html, *, url=None, content_type=None))]
    fn __call__(
        &self,
        py: Python<'_>,
        html: &Bound<'_, PyAny>,
        url: Option<&Bound<'_, PyAny>>,
        content_type: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        self.extract(py, html, url, content_type)
    }

    /// Extracts one page as a `dehusk.Document`.
    #[pyo3(signature = (html, *, url=None, content_type=None))]
    fn extract_document(
        &self,
        py: Python<'_>,
        html: &Bound<'_, PyAny>,
        url: Option<&Bound<'_, PyAny>>,
        content_type: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        run::one(
            py,
            html,
            url,
            content_type,
            &self.settings,
            Output::Document,
        )
    }

    /// Extracts many pages on all cores (or `threads`), as `dehusk.extract_many`.
    #[pyo3(signature = (pages, *, threads=None))]
    fn extract_batch(
        &self,
        py: Python<'_>,
        pages: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Py<PyList>> {
        run::batch(py, pages, threads, &self.settings)
    }

    /// Streams a WARC archive with these options, as `dehusk.iter_warc`.
    #[pyo3(signature = (path_or_file, *, extract=true))]
    fn iter_warc(
        &self,
        py: Python<'_>,
        path_or_file: &Bound<'_, PyAny>,
        extract: bool,
    ) -> PyResult<crate::warc::WarcIter> {
        crate::warc::open(py, path_or_file, self.settings.clone(), extract)
    }

    /// Extracts the pages of a `pyarrow.RecordBatch` (its `html_column`, string or
    /// binary; URLs from `url_column` when given) on all cores, the GIL released, and
    /// returns a `pyarrow.RecordBatch` with one row per input row: `url, title, author,
    /// date, site_name, lang, description, text, word_count, extraction, error` (`error`
    /// holds the message of a failed or null page, its other fields null). Needs pyarrow.
    #[pyo3(signature = (batch, html_column="html", url_column=None))]
    fn extract_arrow(
        &self,
        py: Python<'_>,
        batch: &Bound<'_, PyAny>,
        html_column: &str,
        url_column: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        crate::arrow::extract(py, &self.settings, batch, html_column, url_column)
    }

    /// The bound options, as keyword arguments (`Extractor(**ex.options)` is equal to ex).
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.settings.to_dict(py)
    }

    /// The options, for pickle.
    fn __getstate__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.settings.to_dict(py)
    }

    /// Pickles as `dehusk._rebuild_extractor(options)`: the class is frozen, so it is
    /// rebuilt from its options rather than filled in after creation.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let rebuild = py.import("dehusk")?.getattr("_rebuild_extractor")?;
        let args = PyTuple::new(py, [self.settings.to_dict(py)?])?;
        PyTuple::new(py, [rebuild, args.into_any()])
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Extractor>()
            .is_ok_and(|o| o.get().settings == self.settings)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let defaults = Settings::default().to_dict(py)?;
        let mut shown = Vec::new();
        for (k, v) in self.settings.to_dict(py)?.iter() {
            let default = defaults.get_item(&k)?;
            if !default.is_some_and(|d| d.eq(&v).unwrap_or(false)) {
                shown.push(format!("{}={}", k, v.repr()?));
            }
        }
        Ok(format!("Extractor({})", shown.join(", ")))
    }
}

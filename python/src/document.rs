//! `dehusk.Document`: an extracted article as a Python object. Text, Markdown and the word
//! count are rendered on first use and kept, so a caller who reads only the title pays for
//! nothing else.

use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use dehusk::record::Provenance;
use dehusk::{BlockKind, Document};

use crate::page::record_value;

/// An extracted article: its headline, metadata and body.
#[pyclass(name = "Document", module = "dehusk", frozen)]
pub struct PyDocument {
    doc: Document,
    from: Provenance,
    text: OnceLock<String>,
    markdown: OnceLock<String>,
    words: OnceLock<usize>,
}

impl PyDocument {
    /// Wraps a document read from `from`.
    pub fn new(doc: Document, from: Provenance) -> PyDocument {
        PyDocument {
            doc,
            from,
            text: OnceLock::new(),
            markdown: OnceLock::new(),
            words: OnceLock::new(),
        }
    }

    /// The CLI's JSON record of this document.
    pub fn record(&self) -> serde_json::Value {
        record_value(&self.doc, &self.from)
    }

    fn word_count_cached(&self) -> usize {
        *self.words.get_or_init(|| self.doc.word_count())
    }
}

#[pymethods]
impl PyDocument {
    /// The headline, or None.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.doc.title.as_deref()
    }

    /// The URL given by the caller, else the page's canonical URL, or None.
    #[getter]
    fn url(&self) -> Option<&str> {
        self.from.url.as_deref().or(self.doc.url.as_deref())
    }

    /// Author(s), or None.
    #[getter]
    fn author(&self) -> Option<&str> {
        self.doc.metadata.author.as_deref()
    }

    /// Publication date, ISO 8601, or None.
    #[getter]
    fn date(&self) -> Option<&str> {
        self.doc.metadata.date.as_deref()
    }

    /// The publication's name, or None.
    #[getter]
    fn site_name(&self) -> Option<&str> {
        self.doc.metadata.site_name.as_deref()
    }

    /// ISO 639-1 language (declared, else detected), or None.
    #[getter]
    fn lang(&self) -> Option<&str> {
        self.doc.metadata.lang.as_deref()
    }

    /// The page's summary, or None.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.doc.metadata.description.as_deref()
    }

    /// The page's canonical URL (`<link rel=canonical>`, `og:url`), or None.
    #[getter]
    fn canonical_url(&self) -> Option<&str> {
        self.doc.metadata.canonical_url.as_deref()
    }

    /// The article text, one block per line, without the headline ("" when none found).
    #[getter]
    fn text(&self) -> &str {
        self.text.get_or_init(|| self.doc.to_text(false))
    }

    /// The article as Markdown, without the headline.
    #[getter]
    fn markdown(&self) -> &str {
        self.markdown.get_or_init(|| self.doc.to_markdown(false))
    }

    /// Words of article text, by Unicode word boundaries (the title not counted).
    #[getter]
    fn word_count(&self, py: Python<'_>) -> usize {
        py.detach(|| self.word_count_cached())
    }

    /// Which step of the fallback ladder found the text ("selected" when none was needed).
    #[getter]
    fn extraction(&self) -> String {
        serde_json::to_value(self.doc.extraction)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The body's blocks, in reading order: dicts with `kind` ("heading", "paragraph",
    /// "list_item", "quote", "table_row", "preformatted"), `level` (1–6 for headings,
    /// else None), `text` and `markdown`.
    #[getter]
    fn blocks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for b in &self.doc.blocks {
            let d = PyDict::new(py);
            let (kind, level) = match b.kind {
                BlockKind::Heading(n) => ("heading", Some(n)),
                BlockKind::Paragraph => ("paragraph", None),
                BlockKind::ListItem => ("list_item", None),
                BlockKind::Quote => ("quote", None),
                BlockKind::TableRow => ("table_row", None),
                BlockKind::Preformatted => ("preformatted", None),
            };
            d.set_item("kind", kind)?;
            d.set_item("level", level)?;
            d.set_item("text", &b.text)?;
            d.set_item("markdown", &b.markdown)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// True when no article text was found.
    fn is_empty(&self) -> bool {
        self.doc.is_empty()
    }

    /// The CLI's JSON record of this page (`dehusk clean --format json`), as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = py.detach(|| self.record());
        to_python(py, &value)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Document(title={}, url={}, chars={})",
            py_repr(py, self.doc.title.as_deref())?,
            py_repr(py, self.url())?,
            self.doc.body_chars()
        ))
    }
}

/// Python's `repr` of an optional string (`'…'` or `None`), for `__repr__`s.
pub fn py_repr(py: Python<'_>, value: Option<&str>) -> PyResult<String> {
    Ok(value.into_pyobject(py)?.repr()?.to_string())
}

/// A JSON value as the Python object `json.loads` would give.
pub fn to_python<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.into_pyobject(py)?.into_any(),
            (None, Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, None, f) => f.unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let d = PyDict::new(py);
            for (k, v) in map {
                d.set_item(k, to_python(py, v)?)?;
            }
            d.into_any()
        }
    })
}

//! One page handed in from Python (`str`, `bytes`, or an `(html, url)` pair), read without
//! the GIL into a `Document`, and rendered in the form asked for. A `str` is already text
//! and goes straight to extraction; `bytes` go through `RawPage`, the CLI's one path from
//! bytes (size limit, gzip, binary sniff, charset detection).

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString, PyTuple};

use dehusk::record::{Provenance, Record};
use dehusk::{Document, RawPage};

use crate::settings::{Output, Settings, type_name};

/// The page's markup as Python gave it.
pub enum Html<'a> {
    /// A `str`: text already, never re-decoded.
    Text(Cow<'a, str>),
    /// `bytes`, borrowed (immutable, so safe to read without the GIL).
    Bytes(&'a [u8]),
    /// A `bytearray`, copied (it could change under a reader that does not hold the GIL).
    Owned(Vec<u8>),
}

/// A page ready for extraction.
pub struct Page<'a> {
    /// The markup.
    pub html: Html<'a>,
    /// Where the page was read from, when the caller says.
    pub url: Option<String>,
    /// The `Content-Type` header, for bytes.
    pub content_type: Option<String>,
    /// The name errors give the page.
    pub source: String,
}

impl<'a> Html<'a> {
    /// The markup of `value`; anything but `str`, `bytes` and `bytearray` is a `TypeError`
    /// naming `what` (the argument or item).
    pub fn from_py(value: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Html<'a>> {
        if let Ok(s) = value.cast::<PyString>() {
            // A str holding lone surrogates has no UTF-8 form; they become U+FFFD rather
            // than failing the page.
            let text = s
                .to_cow()
                .unwrap_or_else(|_| Cow::Owned(s.to_string_lossy().into_owned()));
            return Ok(Html::Text(text));
        }
        if let Ok(b) = value.cast::<PyBytes>() {
            return Ok(Html::Bytes(b.as_bytes()));
        }
        if let Ok(b) = value.cast::<PyByteArray>() {
            return Ok(Html::Owned(b.to_vec()));
        }
        Err(PyTypeError::new_err(format!(
            "{what} must be str or bytes, not {}",
            type_name(value)
        )))
    }
}

/// An optional string argument; anything else is a `TypeError` naming it.
pub fn optional_str(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => Ok(Some(s.to_string_lossy().into_owned())),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{what} must be str or None, not {}",
                type_name(v)
            ))),
        },
    }
}

impl<'a> Page<'a> {
    /// A page from `extract`'s arguments.
    pub fn new(html: Html<'a>, url: Option<String>, content_type: Option<String>) -> Page<'a> {
        let source = url.clone().unwrap_or_else(|| "<page>".to_string());
        Page {
            html,
            url,
            content_type,
            source,
        }
    }

    /// Item `index` of a batch: `html` or `(html, url)`.
    pub fn from_item(item: &'a Bound<'_, PyAny>, index: usize) -> PyResult<Page<'a>> {
        let what = format!("pages[{index}]");
        let (html, url) = match item.cast::<PyTuple>() {
            Ok(pair) if pair.len() == 2 => {
                // The tuple is borrowed from the batch list, so its items outlive the call.
                let html = pair.get_borrowed_item(0)?;
                let url = pair.get_borrowed_item(1)?;
                let url = optional_str(Some(&url), &format!("{what} url"))?;
                let html = Html::from_py_owned(&html, &format!("{what} html"))?;
                (html, url)
            }
            Ok(other) => {
                return Err(PyTypeError::new_err(format!(
                    "{what} must be str, bytes or an (html, url) tuple, not a tuple of {}",
                    other.len()
                )));
            }
            Err(_) => (Html::from_py(item, &what)?, None),
        };
        let source = match &url {
            Some(u) => format!("{what} ({u})"),
            None => what,
        };
        Ok(Page {
            html,
            url,
            content_type: None,
            source,
        })
    }

    /// Extracts the page and hands the document to `then` (rendering, a record). Runs
    /// without the GIL; a panic in either (a bug) becomes an error naming the page, never
    /// a crash of the interpreter.
    pub fn read<T>(
        &self,
        settings: &Settings,
        then: impl FnOnce(Document) -> T,
    ) -> Result<T, dehusk::Error> {
        guarded(&self.source, || self.extract(settings).map(then))
    }

    fn extract(&self, settings: &Settings) -> Result<Document, dehusk::Error> {
        match &self.html {
            Html::Text(text) => {
                dehusk::extract_with_url(text, self.url.as_deref(), &settings.options)
                    .map_err(|e| rename(e, &self.source))
            }
            Html::Bytes(bytes) => self.read_bytes(bytes, settings),
            Html::Owned(bytes) => self.read_bytes(bytes, settings),
        }
    }

    fn read_bytes(&self, bytes: &[u8], settings: &Settings) -> Result<Document, dehusk::Error> {
        RawPage::new(bytes, &self.source)
            .url(self.url.as_deref())
            .content_type(self.content_type.as_deref())
            .read(&settings.options)
    }

    /// Where the page came from, as the JSON record gives it.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            url: self.url.clone(),
            ..Provenance::default()
        }
    }
}

impl Html<'_> {
    /// Like [`from_py`](Html::from_py) for a value borrowed only for this call: its text
    /// or bytes are copied.
    fn from_py_owned(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Html<'static>> {
        Ok(match Html::from_py(value, what)? {
            Html::Text(t) => Html::Text(Cow::Owned(t.into_owned())),
            Html::Bytes(b) => Html::Owned(b.to_vec()),
            Html::Owned(b) => Html::Owned(b),
        })
    }
}

/// Runs the work on one page; a panic in it becomes `Error::Panicked` naming `source`.
pub fn guarded<T>(
    source: &str,
    work: impl FnOnce() -> Result<T, dehusk::Error>,
) -> Result<T, dehusk::Error> {
    // AssertUnwindSafe: the work reads the page and the options and builds its own result;
    // nothing shared is left half-changed by a panic.
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Err(dehusk::Error::Panicked {
            input: source.to_string(),
            message,
        })
    })
}

/// `extract_with_url` names a page by its URL or `<page>`; a batch item's name is better.
fn rename(error: dehusk::Error, source: &str) -> dehusk::Error {
    match error {
        dehusk::Error::TooLarge { size, limit, .. } => dehusk::Error::TooLarge {
            input: source.to_string(),
            size,
            limit,
        },
        dehusk::Error::TimedOut { limit_ms, .. } => dehusk::Error::TimedOut {
            input: source.to_string(),
            limit_ms,
        },
        other => other,
    }
}

/// A page's result in the form asked for, built without the GIL.
pub enum Rendered {
    /// Text or Markdown.
    Text(String),
    /// The JSON record.
    Json(serde_json::Value),
    /// The document itself (made a Python object later).
    Document(Box<Document>, Provenance),
}

/// Renders `doc` as `output`: text and Markdown as the CLI writes them (an empty document
/// gives an empty string), JSON as the CLI's record.
pub fn render(doc: Document, from: Provenance, output: Output) -> Rendered {
    match output {
        Output::Text if doc.is_empty() => Rendered::Text(String::new()),
        Output::Markdown if doc.is_empty() => Rendered::Text(String::new()),
        Output::Text => Rendered::Text(doc.to_text(true)),
        Output::Markdown => Rendered::Text(doc.to_markdown(true)),
        Output::Json => Rendered::Json(record_value(&doc, &from)),
        Output::Document => Rendered::Document(Box::new(doc), from),
    }
}

/// The CLI's JSON record of a document, as a JSON value.
pub fn record_value(doc: &Document, from: &Provenance) -> serde_json::Value {
    // Serializing strings and numbers cannot fail; an empty object is the fallback that
    // keeps a bug from becoming a panic.
    serde_json::to_value(Record::new(doc, from)).unwrap_or_default()
}

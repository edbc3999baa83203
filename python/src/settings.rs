//! The keyword options every entry point takes (`output`, `focus`, `include_tables`…),
//! checked once into the core's `Options` plus the output form. Checked strictly: a wrong
//! type is a `TypeError` and a wrong value a `ValueError` that names the option, so a typo
//! never silently falls back to a default.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};

use dehusk::{Focus, Options};

/// What `extract` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Plain text, the headline first (the CLI's `--format txt`).
    Text,
    /// Markdown, the headline as `# title` (`--format md`).
    Markdown,
    /// The CLI's JSON record, as a dict (`--format json`).
    Json,
    /// A `dehusk.Document` object.
    Document,
}

impl Output {
    fn parse(value: &str) -> Option<Output> {
        match value {
            "text" | "txt" => Some(Output::Text),
            "markdown" | "md" => Some(Output::Markdown),
            "json" => Some(Output::Json),
            "document" => Some(Output::Document),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Output::Text => "text",
            Output::Markdown => "markdown",
            Output::Json => "json",
            Output::Document => "document",
        }
    }
}

/// Options bound for one call or one `Extractor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The core's extraction options.
    pub options: Options,
    /// The form results take.
    pub output: Output,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            options: Options::default(),
            output: Output::Text,
        }
    }
}

/// The option names, in the order `Extractor.options` lists them.
const NAMES: [&str; 11] = [
    "output",
    "include_tables",
    "include_comments",
    "focus",
    "links",
    "images",
    "lang",
    "min_chars",
    "time_budget_ms",
    "max_bytes",
    "dedupe",
];

impl Settings {
    /// The defaults with `kwargs` applied; `caller` names the function in errors.
    pub fn from_kwargs(caller: &str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Settings> {
        let mut s = Settings::default();
        if let Some(kwargs) = kwargs {
            s.apply(caller, kwargs)?;
        }
        Ok(s)
    }

    /// These settings with `kwargs` applied over them.
    pub fn with(&self, caller: &str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Settings> {
        let mut s = self.clone();
        if let Some(kwargs) = kwargs {
            s.apply(caller, kwargs)?;
        }
        Ok(s)
    }

    fn apply(&mut self, caller: &str, kwargs: &Bound<'_, PyDict>) -> PyResult<()> {
        for (key, value) in kwargs.iter() {
            let key: String = key.extract()?;
            self.set(caller, &key, &value)?;
        }
        Ok(())
    }

    fn set(&mut self, caller: &str, key: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let o = &mut self.options;
        match key {
            "output" => {
                let v = string(caller, key, value)?;
                self.output = Output::parse(&v).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "{caller}(): output must be \"text\", \"markdown\", \"json\" or \"document\", not '{v}'"
                    ))
                })?;
            }
            "focus" => {
                let v = string(caller, key, value)?;
                o.focus = match v.as_str() {
                    "balanced" => Focus::Balanced,
                    "precision" => Focus::Precision,
                    "recall" => Focus::Recall,
                    _ => {
                        return Err(PyValueError::new_err(format!(
                            "{caller}(): focus must be \"balanced\", \"precision\" or \"recall\", not '{v}'"
                        )));
                    }
                };
            }
            "include_tables" => o.include_tables = boolean(caller, key, value)?,
            "include_comments" => o.include_comments = boolean(caller, key, value)?,
            "links" => o.links = boolean(caller, key, value)?,
            "images" => o.images = boolean(caller, key, value)?,
            "dedupe" => o.dedupe = boolean(caller, key, value)?,
            "lang" => {
                o.lang = if value.is_none() {
                    None
                } else {
                    Some(string(caller, key, value)?.to_ascii_lowercase())
                };
            }
            "min_chars" => o.min_chars = count(caller, key, value)?,
            "max_bytes" => o.max_bytes = count(caller, key, value)?,
            // 0 means no budget, as on the command line.
            "time_budget_ms" => {
                o.time_budget_ms = if value.is_none() {
                    None
                } else {
                    Some(count(caller, key, value)? as u64).filter(|&ms| ms > 0)
                };
            }
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "{caller}() got an unexpected keyword argument '{key}' (options: {})",
                    NAMES.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// The settings as keyword arguments (what `Extractor(**d)` takes back).
    pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let o = &self.options;
        let d = PyDict::new(py);
        d.set_item("output", self.output.name())?;
        d.set_item("include_tables", o.include_tables)?;
        d.set_item("include_comments", o.include_comments)?;
        let focus = match o.focus {
            Focus::Balanced => "balanced",
            Focus::Precision => "precision",
            Focus::Recall => "recall",
        };
        d.set_item("focus", focus)?;
        d.set_item("links", o.links)?;
        d.set_item("images", o.images)?;
        d.set_item("lang", o.lang.as_deref())?;
        d.set_item("min_chars", o.min_chars)?;
        d.set_item("time_budget_ms", o.time_budget_ms)?;
        d.set_item("max_bytes", o.max_bytes)?;
        d.set_item("dedupe", o.dedupe)?;
        Ok(d)
    }
}

/// The Python type's name, for messages.
pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string())
}

fn wrong_type(caller: &str, key: &str, wanted: &str, value: &Bound<'_, PyAny>) -> PyErr {
    PyTypeError::new_err(format!(
        "{caller}(): {key} must be {wanted}, not {}",
        type_name(value)
    ))
}

fn string(caller: &str, key: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    match value.cast::<PyString>() {
        Ok(s) => Ok(s.to_string_lossy().into_owned()),
        Err(_) => Err(wrong_type(caller, key, "a str", value)),
    }
}

fn boolean(caller: &str, key: &str, value: &Bound<'_, PyAny>) -> PyResult<bool> {
    match value.cast::<PyBool>() {
        Ok(b) => Ok(b.is_true()),
        Err(_) => Err(wrong_type(caller, key, "a bool", value)),
    }
}

/// A non-negative int (a bool is refused: `min_chars=True` is a mistake).
fn count(caller: &str, key: &str, value: &Bound<'_, PyAny>) -> PyResult<usize> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(wrong_type(caller, key, "an int", value));
    }
    let n: i128 = value.extract()?;
    usize::try_from(n).map_err(|_| {
        PyValueError::new_err(format!(
            "{caller}(): {key} must be a non-negative int, not {n}"
        ))
    })
}

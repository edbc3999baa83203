//! The exception hierarchy Python sees (`dehusk.Error` and its subclasses) and the one
//! mapping from the library's errors to it, so every function raises the same classes and
//! every message names the input, as the CLI's do.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    dehusk,
    Error,
    PyException,
    "Base class of dehusk's errors. `str(e)` names the input; `e.input` holds that name."
);
create_exception!(
    dehusk,
    TooLarge,
    Error,
    "The page is over the size limit (`max_bytes`, 64 MiB by default); it was not parsed."
);
create_exception!(
    dehusk,
    TimedOut,
    Error,
    "Extraction took longer than `time_budget_ms` and was abandoned."
);
create_exception!(
    dehusk,
    NotHtml,
    Error,
    "The input is not an HTML page (an image, a PDF, binary data, a non-HTML content type)."
);

/// The Python exception for a library error, with the input's name as `input`.
pub fn to_py(py: Python<'_>, error: &dehusk::Error) -> PyErr {
    let message = error.to_string();
    let (err, input) = match error {
        dehusk::Error::TooLarge { input, .. } => (TooLarge::new_err(message), Some(input)),
        dehusk::Error::TimedOut { input, .. } => (TimedOut::new_err(message), Some(input)),
        dehusk::Error::NotHtml { input, .. } => (NotHtml::new_err(message), Some(input)),
        dehusk::Error::ContentEncoding { input, .. } | dehusk::Error::Panicked { input, .. } => {
            (Error::new_err(message), Some(input))
        }
        _ => (Error::new_err(message), None),
    };
    if let Some(input) = input {
        // An attribute that cannot be set leaves the message, which names the input too.
        let _ = err.value(py).setattr("input", input);
    }
    err
}

/// The exception instance itself, for batch results that hold an error in a page's place.
pub fn to_value(py: Python<'_>, error: &dehusk::Error) -> Py<PyAny> {
    to_py(py, error).into_value(py).into_any()
}

/// Registers the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<Error>())?;
    m.add("TooLarge", py.get_type::<TooLarge>())?;
    m.add("TimedOut", py.get_type::<TimedOut>())?;
    m.add("NotHtml", py.get_type::<NotHtml>())?;
    Ok(())
}

//! `Extractor.extract_arrow`: a pyarrow `RecordBatch` of pages in, a `RecordBatch` of
//! record fields out, through Arrow's C data interface. The html column is read in place
//! and the pages extracted on all cores without the GIL; no Python object is made per
//! page, which is what Spark's `mapInArrow` and Ray's `map_batches` want.

use std::sync::Arc;

use arrow_array::builder::{Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use arrow_schema::{DataType, Field, Schema};
use pyo3::exceptions::{PyImportError, PyKeyError, PyTypeError};
use pyo3::prelude::*;
use rayon::prelude::*;

use dehusk::record::{Provenance, Record};

use crate::errors;
use crate::page::{Html, Page};
use crate::settings::Settings;

/// The output columns, in order; all nullable (a failed row has only `url` and `error`).
const STRING_COLUMNS: [&str; 8] = [
    "url",
    "title",
    "author",
    "date",
    "site_name",
    "lang",
    "description",
    "text",
];

/// One row's record, owned, built on a worker thread.
#[derive(Default)]
struct Row {
    strings: [Option<String>; 8],
    word_count: Option<i64>,
    extraction: Option<String>,
    error: Option<String>,
}

/// A column of pages or URLs, whatever string or binary layout Arrow gives it.
enum Column<'a> {
    Utf8(&'a arrow_array::StringArray),
    LargeUtf8(&'a arrow_array::LargeStringArray),
    Utf8View(&'a arrow_array::StringViewArray),
    Binary(&'a arrow_array::BinaryArray),
    LargeBinary(&'a arrow_array::LargeBinaryArray),
    BinaryView(&'a arrow_array::BinaryViewArray),
}

impl<'a> Column<'a> {
    fn of(array: &'a ArrayRef, name: &str, binary_ok: bool) -> PyResult<Column<'a>> {
        Ok(match array.data_type() {
            DataType::Utf8 => Column::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => Column::LargeUtf8(array.as_string::<i64>()),
            DataType::Utf8View => Column::Utf8View(array.as_string_view()),
            DataType::Binary if binary_ok => Column::Binary(array.as_binary::<i32>()),
            DataType::LargeBinary if binary_ok => Column::LargeBinary(array.as_binary::<i64>()),
            DataType::BinaryView if binary_ok => Column::BinaryView(array.as_binary_view()),
            other => {
                let wanted = if binary_ok {
                    "string or binary"
                } else {
                    "string"
                };
                return Err(PyTypeError::new_err(format!(
                    "extract_arrow(): column '{name}' must be {wanted}, not {other}"
                )));
            }
        })
    }

    /// Row `i`, or None when null.
    fn html(&self, i: usize) -> Option<Html<'a>> {
        let text = |s: &'a str| Html::Text(s.into());
        match self {
            Column::Utf8(a) => a.is_valid(i).then(|| text(a.value(i))),
            Column::LargeUtf8(a) => a.is_valid(i).then(|| text(a.value(i))),
            Column::Utf8View(a) => a.is_valid(i).then(|| text(a.value(i))),
            Column::Binary(a) => a.is_valid(i).then(|| Html::Bytes(a.value(i))),
            Column::LargeBinary(a) => a.is_valid(i).then(|| Html::Bytes(a.value(i))),
            Column::BinaryView(a) => a.is_valid(i).then(|| Html::Bytes(a.value(i))),
        }
    }

    fn text(&self, i: usize) -> Option<String> {
        match self.html(i)? {
            Html::Text(s) => Some(s.into_owned()),
            Html::Bytes(_) | Html::Owned(_) => None,
        }
    }
}

fn column<'b>(batch: &'b RecordBatch, name: &str) -> PyResult<&'b ArrayRef> {
    let schema = batch.schema();
    let index = schema.index_of(name).map_err(|_| {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        PyKeyError::new_err(format!(
            "extract_arrow(): no column '{name}' in the batch (columns: {})",
            names.join(", ")
        ))
    })?;
    Ok(batch.column(index))
}

/// Extracts every row of `batch` and returns the record fields as a new batch.
pub fn extract(
    py: Python<'_>,
    settings: &Settings,
    batch: &Bound<'_, PyAny>,
    html_column: &str,
    url_column: Option<&str>,
) -> PyResult<Py<PyAny>> {
    if py.import("pyarrow").is_err() {
        return Err(PyImportError::new_err(
            "extract_arrow() needs pyarrow: pip install pyarrow",
        ));
    }
    let batch = RecordBatch::from_pyarrow_bound(batch)?;
    let html = Column::of(column(&batch, html_column)?, html_column, true)?;
    let urls = match url_column {
        Some(name) => Some(Column::of(column(&batch, name)?, name, false)?),
        None => None,
    };
    let rows: Vec<Row> = py.detach(|| {
        (0..batch.num_rows())
            .into_par_iter()
            .map(|i| row(i, &html, urls.as_ref(), settings))
            .collect()
    });
    let out = to_batch(&rows).map_err(|e| errors::Error::new_err(e.to_string()))?;
    Ok(out.to_pyarrow(py)?.unbind())
}

fn row(i: usize, html: &Column<'_>, urls: Option<&Column<'_>>, settings: &Settings) -> Row {
    let url = urls.and_then(|u| u.text(i));
    let source = match &url {
        Some(u) => format!("row {i} ({u})"),
        None => format!("row {i}"),
    };
    let Some(markup) = html.html(i) else {
        return Row {
            strings: [url, None, None, None, None, None, None, None],
            error: Some(format!("{source}: html is null")),
            ..Row::default()
        };
    };
    let page = Page {
        html: markup,
        url,
        content_type: None,
        source,
    };
    let from = Provenance {
        url: page.url.clone(),
        ..Provenance::default()
    };
    match page.read(settings, |doc| record_row(&doc, &from)) {
        Ok(row) => row,
        Err(e) => Row {
            strings: [page.url, None, None, None, None, None, None, None],
            error: Some(e.to_string()),
            ..Row::default()
        },
    }
}

/// The row of an extracted page: its JSON record's fields.
fn record_row(doc: &dehusk::Document, from: &Provenance) -> Row {
    let r = Record::new(doc, from);
    let own = |s: Option<&str>| s.map(str::to_string);
    Row {
        strings: [
            own(r.url),
            own(r.title),
            own(r.author),
            own(r.date),
            own(r.site_name),
            own(r.lang),
            own(r.description),
            Some(r.text),
        ],
        word_count: i64::try_from(r.word_count).ok(),
        extraction: serde_json::to_value(r.extraction)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string)),
        error: None,
    }
}

fn to_batch(rows: &[Row]) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    let strings = |pick: &dyn Fn(&Row) -> Option<&str>| {
        let mut b = StringBuilder::new();
        for r in rows {
            b.append_option(pick(r));
        }
        Arc::new(b.finish()) as ArrayRef
    };
    for (k, name) in STRING_COLUMNS.iter().enumerate() {
        fields.push(Field::new(*name, DataType::Utf8, true));
        columns.push(strings(&|r: &Row| r.strings[k].as_deref()));
    }
    let mut words = Int64Builder::with_capacity(rows.len());
    for r in rows {
        words.append_option(r.word_count);
    }
    fields.push(Field::new("word_count", DataType::Int64, true));
    columns.push(Arc::new(words.finish()));
    fields.push(Field::new("extraction", DataType::Utf8, true));
    columns.push(strings(&|r: &Row| r.extraction.as_deref()));
    fields.push(Field::new("error", DataType::Utf8, true));
    columns.push(strings(&|r: &Row| r.error.as_deref()));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
}

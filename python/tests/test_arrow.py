"""Extractor.extract_arrow: a pyarrow RecordBatch in, record fields out."""

import pytest

import dehusk
from conftest import ARTICLE, CASES, SAMPLES

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed: extract_arrow untested")


def test_rows_equal_the_json_records():
    pages = [(SAMPLES / c / f"{c}.html").read_bytes() for c in CASES]
    urls = [f"https://samples.example/{c}" for c in CASES]
    batch = pa.RecordBatch.from_pydict({"html": pages, "u": urls, "other": list(range(len(pages)))})
    out = dehusk.Extractor().extract_arrow(batch, url_column="u")
    assert isinstance(out, pa.RecordBatch)
    assert out.num_rows == len(pages)
    assert out.schema.names == [
        "url", "title", "author", "date", "site_name", "lang", "description",
        "text", "word_count", "extraction", "error",
    ]
    assert out.schema.field("word_count").type == pa.int64()
    rows = out.to_pylist()
    for row, page, url in zip(rows, pages, urls):
        rec = dehusk.extract(page, url=url, output="json")
        assert row["error"] is None
        for key in ("url", "title", "author", "date", "lang", "text", "word_count", "extraction"):
            assert row[key] == rec[key], key


def test_string_columns_and_errors():
    batch = pa.RecordBatch.from_pydict(
        {"body": pa.array([ARTICLE, None, "x" * 5000], type=pa.large_string())}
    )
    out = dehusk.Extractor(max_bytes=1000).extract_arrow(batch, html_column="body")
    rows = out.to_pylist()
    assert rows[0]["title"] == "Ferry timetable approved" and rows[0]["error"] is None
    assert rows[0]["url"] is None
    assert rows[1]["error"] == "row 1: html is null" and rows[1]["text"] is None
    assert "over the limit" in rows[2]["error"] and rows[2]["word_count"] is None


def test_binary_pages_go_through_detection():
    html = (SAMPLES / "legacy-charset" / "legacy-charset.html").read_bytes()
    out = dehusk.Extractor().extract_arrow(pa.RecordBatch.from_pydict({"html": [html]}))
    assert "José Muñoz unlocks" in out.column("text")[0].as_py()


def test_an_empty_batch():
    batch = pa.RecordBatch.from_pydict({"html": pa.array([], type=pa.string())})
    assert dehusk.Extractor().extract_arrow(batch).num_rows == 0


def test_bad_columns():
    batch = pa.RecordBatch.from_pydict({"html": [1, 2]})
    with pytest.raises(TypeError, match="must be string or binary"):
        dehusk.Extractor().extract_arrow(batch)
    with pytest.raises(KeyError, match="no column 'page'"):
        dehusk.Extractor().extract_arrow(batch, html_column="page")

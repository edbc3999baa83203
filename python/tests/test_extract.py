"""dehusk.extract and extract_document: outputs equal to the CLI's, options, metadata."""

import json

import pytest

import dehusk
from conftest import ARTICLE, CASES, SAMPLES

BODY = (
    "The harbour board approved the new ferry timetable on Monday, after a year of "
    "talks with the island councils, and the first boats sail in May.\n"
)


def test_text_has_the_headline_then_the_body():
    assert dehusk.extract(ARTICLE) == "Ferry timetable approved\n" + BODY


def test_markdown_has_the_headline_as_a_heading():
    assert dehusk.extract(ARTICLE, output="markdown") == "# Ferry timetable approved\n\n" + BODY


def test_json_is_the_record_with_the_url():
    rec = dehusk.extract(ARTICLE, output="json", url="https://news.example/ferry")
    assert rec["url"] == "https://news.example/ferry"
    assert rec["title"] == "Ferry timetable approved"
    assert rec["text"] == BODY
    assert rec["word_count"] == 26
    assert rec["lang"] == "en"
    assert rec["author"] is None and rec["warc_record_id"] is None


@pytest.mark.parametrize("case", CASES)
def test_samples_equal_the_cli_outputs(case):
    # The golden files are what `dehusk clean` writes for each sample page.
    folder = SAMPLES / case
    html = (folder / f"{case}.html").read_bytes()
    assert dehusk.extract(html) == (folder / "expected.txt").read_text(encoding="utf-8")
    md = dehusk.extract(html, output="markdown")
    assert md == (folder / "expected.md").read_text(encoding="utf-8")
    record = dehusk.extract(html, output="json")
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    # id and path name the CLI's input file; a Python caller gives no file.
    for key in ("id", "path"):
        expected.pop(key)
        assert record.pop(key) is None
    assert record == expected


def test_document_attributes():
    doc = dehusk.extract_document(ARTICLE, url="https://news.example/ferry")
    assert doc.title == "Ferry timetable approved"
    assert doc.url == "https://news.example/ferry"
    assert doc.text == BODY
    assert doc.markdown == BODY
    assert doc.word_count == 26
    assert doc.lang == "en"
    assert doc.author is None and doc.date is None and doc.site_name is None
    assert doc.description is None
    assert doc.blocks == [
        {"kind": "paragraph", "level": None, "text": BODY.strip(), "markdown": BODY.strip()}
    ]
    assert doc.to_dict() == dehusk.extract(ARTICLE, output="json", url="https://news.example/ferry")
    assert not doc.is_empty()
    assert "Ferry timetable approved" in repr(doc)


def test_metadata_of_a_sample():
    doc = dehusk.extract_document((SAMPLES / "clean-page" / "clean-page.html").read_bytes())
    assert doc.date == "2025-03-09"
    assert doc.description.startswith("A 1958 valve radio")


def test_output_document_returns_a_document():
    assert isinstance(dehusk.extract(ARTICLE, output="document"), dehusk.Document)


def test_empty_page_gives_empty_text():
    assert dehusk.extract("<html><body></body></html>") == ""
    doc = dehusk.extract_document("<html><body><nav>Home</nav></body></html>")
    assert doc.is_empty() and doc.text == "" and doc.word_count == 0


def test_options_reach_the_extractor():
    page = ARTICLE.replace(
        "</article>",
        "<p>Read the <a href='https://news.example/ferries'>ferry guide</a> for the routes "
        "and the prices of every crossing this summer.</p></article>",
    )
    assert "](https://news.example/ferries)" in dehusk.extract(page, output="markdown", links=True)
    assert "](https" not in dehusk.extract(page, output="markdown")
    assert dehusk.extract(ARTICLE, min_chars=10_000) == ""
    assert dehusk.extract(ARTICLE, lang="de") == ""
    assert dehusk.extract(ARTICLE, lang="en") != ""
    for focus in ("balanced", "precision", "recall"):
        assert "ferry timetable" in dehusk.extract(ARTICLE, focus=focus)
    magazine = (SAMPLES / "magazine-check-also" / "magazine-check-also.html").read_bytes()
    assert " | " in dehusk.extract(magazine)
    assert " | " not in dehusk.extract(magazine, include_tables=False)


def test_bytes_with_a_content_type_charset():
    page = "<p>Le café du coin, ouvert depuis quarante ans, ferme ses portes à la fin du mois.</p>"
    latin = page.encode("latin-1")
    text = dehusk.extract(latin, content_type="text/html; charset=iso-8859-1")
    assert "Le café du coin" in text


def test_time_budget_zero_means_none():
    assert dehusk.extract(ARTICLE, time_budget_ms=0) == dehusk.extract(ARTICLE)
    assert dehusk.extract(ARTICLE, time_budget_ms=None) == dehusk.extract(ARTICLE)

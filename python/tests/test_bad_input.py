"""The issue's "Bad input": wrong types, huge pages, undecodable bytes; and the errors."""

import gzip

import pytest

import dehusk
from conftest import ARTICLE, SAMPLES


@pytest.mark.parametrize("value", [None, 42, 1.5, ["<p>x</p>"], {"html": "x"}, object()])
def test_non_str_non_bytes_raises_type_error(value):
    with pytest.raises(TypeError, match=r"html must be str or bytes, not "):
        dehusk.extract(value)
    with pytest.raises(TypeError, match=r"must be str or bytes"):
        dehusk.extract_document(value)


def test_type_error_names_the_type():
    with pytest.raises(TypeError, match="not int"):
        dehusk.extract(42)


def test_bad_url_and_options():
    with pytest.raises(TypeError, match="url must be str or None, not int"):
        dehusk.extract(ARTICLE, url=3)
    with pytest.raises(TypeError, match="unexpected keyword argument 'fokus'"):
        dehusk.extract(ARTICLE, fokus="recall")
    with pytest.raises(ValueError, match="focus must be"):
        dehusk.extract(ARTICLE, focus="everything")
    with pytest.raises(ValueError, match="output must be"):
        dehusk.extract(ARTICLE, output="xml")
    with pytest.raises(TypeError, match="links must be a bool, not str"):
        dehusk.extract(ARTICLE, links="yes")
    with pytest.raises(ValueError, match="non-negative"):
        dehusk.extract(ARTICLE, min_chars=-1)
    with pytest.raises(TypeError, match="min_chars must be an int"):
        dehusk.extract(ARTICLE, min_chars=True)


def test_exception_hierarchy():
    for cls in (dehusk.TooLarge, dehusk.TimedOut, dehusk.NotHtml):
        assert issubclass(cls, dehusk.Error)
    assert issubclass(dehusk.Error, Exception)
    assert dehusk.Error.__module__ == "dehusk"


def test_a_100_mb_page_raises_too_large():
    page = "<html><body><p>" + "x" * (100 * 1024 * 1024) + "</p></body></html>"
    with pytest.raises(dehusk.TooLarge, match="over the limit") as err:
        dehusk.extract(page, url="https://big.example/")
    assert "https://big.example/" in str(err.value)
    assert err.value.input == "https://big.example/"
    with pytest.raises(dehusk.TooLarge):
        dehusk.extract(page.encode())


def test_max_bytes_sets_the_limit():
    with pytest.raises(dehusk.TooLarge):
        dehusk.extract(ARTICLE, max_bytes=100)


def test_a_gzip_bomb_is_too_large():
    bomb = gzip.compress(b"<p>" + b"a" * (5 * 1024 * 1024))
    with pytest.raises(dehusk.TooLarge):
        dehusk.extract(bomb, max_bytes=1024 * 1024)


def test_binary_bytes_are_not_html():
    with pytest.raises(dehusk.NotHtml, match="PNG"):
        dehusk.extract(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(dehusk.NotHtml):
        dehusk.extract(b'{"a": 1}', content_type="application/json")


def test_invalid_utf8_bytes_go_through_detection():
    # Real windows-1252 bytes, declared by the page: decoded, not replaced.
    html = (SAMPLES / "legacy-charset" / "legacy-charset.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        html.decode("utf-8")
    text = dehusk.extract(html)
    assert "Señor Muñoz" in text and "\ufffd" not in text
    # Undeclared Latin-1 bytes: the detector finds the charset.
    page = (
        "<p>Der Bürgermeister eröffnete am Montag die neue Brücke über die Isar, nach "
        "zwei Jahren Bauzeit und großen Verzögerungen.</p>"
    ).encode("latin-1")
    assert "Bürgermeister" in dehusk.extract(page)
    # Bytes that are no charset at all still give text, never an exception.
    broken = ARTICLE.encode() + b"<p>\xff\xfe\xfa broken \xc3\x28 bytes</p>"
    assert "ferry timetable" in dehusk.extract(broken)


def test_str_with_lone_surrogates_is_extracted():
    # A Python str cannot hold invalid UTF-8, but it can hold lone surrogates.
    text = dehusk.extract(ARTICLE.replace("Monday", "Monday \ud800"))
    assert "ferry timetable" in text


def test_time_budget_raises_timed_out():
    rows = "".join(f"<div><p>Row {i} with a few words of text in it.</p></div>" for i in range(100_000))
    with pytest.raises(dehusk.TimedOut, match="took longer than 1 ms"):
        dehusk.extract("<html><body>" + rows + "</body></html>", time_budget_ms=1)

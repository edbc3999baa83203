"""iter_warc: plain and gzip'd archives, paths and file objects, skips, errors, damage."""

import io

import pytest

import dehusk
from conftest import ARTICLE, SAMPLES, build_warc, http_response


def sample_archive(gz):
    return build_warc(
        [
            ("https://news.example/ferry", http_response(ARTICLE)),
            ("https://news.example/gone", http_response("<p>Not found</p>", status="404 Not Found")),
            ("https://news.example/logo.png", http_response(b"\x89PNG\r\n\x1a\n", "image/png")),
            ("https://news.example/bin", http_response(b"\x89PNG\r\n\x1a\n" + bytes(64), "text/html")),
        ],
        gz=gz,
    )


@pytest.mark.parametrize("gz", [False, True])
def test_records_of_a_path(tmp_path, gz):
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    path.write_bytes(sample_archive(gz))
    records = list(dehusk.iter_warc(path))
    assert [r.url for r in records] == [
        "https://news.example/ferry",
        "https://news.example/gone",
        "https://news.example/logo.png",
        "https://news.example/bin",
    ]
    ferry, gone, logo, binary = records
    assert ferry.status == 200 and ferry.error is None and ferry.skipped is None
    assert ferry.warc_record_id == "<urn:uuid:rec-0>"
    assert ferry.content_type == "text/html; charset=utf-8"
    assert ferry.document.text == dehusk.extract_document(ARTICLE).text
    assert ferry.to_dict()["title"] == "Ferry timetable approved"
    assert ferry.to_dict()["warc_record_id"] == "<urn:uuid:rec-0>"
    assert gone.status == 404 and gone.skipped == "HTTP status 404" and gone.document is None
    assert logo.skipped == "not HTML (image/png)"
    assert isinstance(binary.error, dehusk.NotHtml)
    assert "rec-3" in str(binary.error) and binary.to_dict()["error"] == str(binary.error)


def test_a_binary_file_object_and_str_path(tmp_path):
    data = sample_archive(True)
    from_file = list(dehusk.iter_warc(io.BytesIO(data)))
    path = tmp_path / "a.warc.gz"
    path.write_bytes(data)
    from_path = list(dehusk.iter_warc(str(path)))
    assert [r.to_dict()["text"] for r in from_file] == [r.to_dict()["text"] for r in from_path]
    with open(path, "rb") as f:
        assert len(list(dehusk.iter_warc(f))) == 4


def test_a_text_file_object_is_an_error(tmp_path):
    path = tmp_path / "a.warc"
    path.write_bytes(sample_archive(False))
    with open(path, "r", encoding="latin-1") as f:
        with pytest.raises(OSError, match="binary mode"):
            list(dehusk.iter_warc(f))


def test_the_repository_sample_archive():
    records = list(dehusk.iter_warc(SAMPLES / "warc" / "samples.warc.gz"))
    docs = [r for r in records if r.document is not None]
    assert len(docs) == 8
    assert all(r.error is None for r in records)
    by_url = {r.url: r.document for r in docs}
    clean = by_url["https://samples.dehusk.example/clean-page/"]
    expected = (SAMPLES / "clean-page" / "expected.txt").read_text(encoding="utf-8")
    assert clean.title + "\n" + clean.text == expected


@pytest.mark.parametrize("gz", [False, True])
def test_a_truncated_archive_yields_complete_records_then_the_offset(tmp_path, gz):
    raw = sample_archive(False)
    cut = raw[: len(raw) - 30]
    path = tmp_path / "cut.warc"
    path.write_bytes(__import__("gzip").compress(cut) if gz else cut)
    records = list(dehusk.iter_warc(path))
    assert [r.url for r in records[:3]] == [
        "https://news.example/ferry",
        "https://news.example/gone",
        "https://news.example/logo.png",
    ]
    last = records[-1]
    assert len(records) == 4 and last.url is None
    assert isinstance(last.error, dehusk.Error)
    start = raw.rindex(b"WARC/1.0")
    assert f"truncated record at byte {start}" in str(last.error)
    assert str(path) in str(last.error)


def test_a_cut_gzip_stream_is_damage_not_a_crash(tmp_path):
    data = sample_archive(True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) // 2])
    records = list(dehusk.iter_warc(path))
    assert records and isinstance(records[-1].error, dehusk.Error)
    assert "at byte" in str(records[-1].error)


def test_garbage_is_one_error_record(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not an archive\n")
    (only,) = list(dehusk.iter_warc(path))
    assert "malformed record at byte 0" in str(only.error)


def test_extract_false_gives_the_body(tmp_path):
    records = list(dehusk.iter_warc(io.BytesIO(sample_archive(False)), extract=False))
    assert records[0].document is None and records[0].body == ARTICLE.encode()
    assert records[1].status == 404 and records[1].body == b"<p>Not found</p>"


def test_options_and_extractor(tmp_path):
    data = sample_archive(False)
    small = list(dehusk.iter_warc(io.BytesIO(data), min_chars=100_000))
    assert small[0].document.is_empty()
    ex = dehusk.Extractor(min_chars=100_000)
    assert ex.iter_warc(io.BytesIO(data)).__next__().document.is_empty()


def test_bad_arguments():
    with pytest.raises(TypeError, match="path_or_file must be a path"):
        dehusk.iter_warc(42)
    with pytest.raises(FileNotFoundError, match="no-such.warc"):
        dehusk.iter_warc("/nonexistent/no-such.warc")
    with pytest.raises(TypeError, match="unexpected keyword"):
        dehusk.iter_warc("x.warc", colour=1)


def test_streaming_holds_one_record_at_a_time():
    # 300 pages of ~40 kB: a lazy iterator is consumed one at a time.
    page = ARTICLE.replace("</article>", "<p>" + "more words here " * 2500 + "</p></article>")
    data = build_warc([(f"https://news.example/{i}", http_response(page)) for i in range(300)])
    it = dehusk.iter_warc(io.BytesIO(data))
    first = next(it)
    assert first.url == "https://news.example/0"
    assert sum(1 for _ in it) == 299


def test_documents_carry_the_archive_provenance(tmp_path):
    path = tmp_path / "a.warc"
    path.write_bytes(sample_archive(False))
    rec = next(iter(dehusk.iter_warc(path, output="json")))
    record = rec.document.to_dict()
    assert record["path"] == str(path)
    assert record["warc_record_id"] == "<urn:uuid:rec-0>"
    assert record["url"] == "https://news.example/ferry"

"""extract_many, Extractor (options bound, pickling, batches) and threads."""

import concurrent.futures
import copy
import pickle

import pytest

import dehusk
from conftest import ARTICLE, CASES, SAMPLES


def sample_pages():
    return [(SAMPLES / c / f"{c}.html").read_bytes() for c in CASES]


def test_extract_many_keeps_order_and_equals_extract():
    pages = sample_pages()
    assert dehusk.extract_many(pages) == [dehusk.extract(p) for p in pages]
    assert dehusk.extract_many(pages, threads=1) == dehusk.extract_many(pages, threads=3)


def test_extract_many_accepts_str_bytes_and_url_pairs():
    got = dehusk.extract_many(
        [ARTICLE, ARTICLE.encode(), (ARTICLE, "https://news.example/a"), (ARTICLE, None)],
        output="json",
    )
    assert [r["url"] for r in got] == [None, None, "https://news.example/a", None]
    assert len({r["text"] for r in got}) == 1


def test_extract_many_takes_any_iterable():
    assert dehusk.extract_many(p for p in [ARTICLE]) == [dehusk.extract(ARTICLE)]
    assert dehusk.extract_many([]) == []


def test_a_failed_page_holds_its_error_in_place():
    got = dehusk.extract_many([ARTICLE, b"\x89PNG\r\n\x1a\n", ARTICLE], max_bytes=10_000)
    assert got[0] == got[2] == dehusk.extract(ARTICLE)
    assert isinstance(got[1], dehusk.NotHtml)
    assert "pages[1]" in str(got[1])
    big = dehusk.extract_many([("x" * 20_000, "https://big.example/")], max_bytes=10_000)
    assert isinstance(big[0], dehusk.TooLarge) and "https://big.example/" in str(big[0])


def test_extract_many_bad_items_raise_type_error():
    with pytest.raises(TypeError, match=r"pages\[1\] must be str or bytes, not int"):
        dehusk.extract_many([ARTICLE, 7])
    with pytest.raises(TypeError, match=r"pages\[0\] must be str, bytes or an \(html, url\)"):
        dehusk.extract_many([(ARTICLE, None, "x")])
    with pytest.raises(TypeError, match=r"pages\[0\] url must be str or None"):
        dehusk.extract_many([(ARTICLE, 5)])
    with pytest.raises(TypeError):
        dehusk.extract_many(5)
    with pytest.raises(ValueError, match="threads"):
        dehusk.extract_many([ARTICLE], threads=0)


def test_extractor_binds_options():
    ex = dehusk.Extractor(output="json", focus="precision")
    assert ex(ARTICLE)["title"] == "Ferry timetable approved"
    assert ex.extract(ARTICLE, url="https://a.example/") == dehusk.extract(
        ARTICLE, url="https://a.example/", output="json", focus="precision"
    )
    assert ex.extract_document(ARTICLE).title == "Ferry timetable approved"
    assert ex.options["focus"] == "precision"
    assert dehusk.Extractor(**ex.options) == ex
    assert repr(ex) == "Extractor(output='json', focus='precision')"
    with pytest.raises(TypeError, match="unexpected keyword"):
        dehusk.Extractor(colour="blue")


def test_extractor_is_picklable():
    ex = dehusk.Extractor(output="markdown", links=True, lang="en", min_chars=5, time_budget_ms=500)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(ex, protocol=protocol))
        assert back == ex and back.options == ex.options
        assert back(ARTICLE) == ex(ARTICLE)
    assert copy.deepcopy(ex) == ex
    assert ex.__getstate__() == ex.options


def test_extract_batch_equals_one_by_one():
    ex = dehusk.Extractor(output="json")
    pages = sample_pages()
    assert ex.extract_batch(pages) == [ex(p) for p in pages]
    assert ex.extract_batch(pages, threads=2) == [ex(p) for p in pages]


def test_many_python_threads_give_the_same_results():
    pages = sample_pages() * 4
    expected = [dehusk.extract(p) for p in pages]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(dehusk.extract, pages)) == expected
    ex = dehusk.Extractor()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(ex, pages)) == expected


def test_the_gil_is_released_during_extraction():
    # While another thread extracts a big page, this thread keeps running Python code;
    # a held GIL would freeze it for the whole extraction.
    import threading
    import time

    rows = "".join(f"<p>Paragraph {i} of the long article, with words.</p>" for i in range(60_000))
    page = "<html><body><article>" + rows + "</article></body></html>"
    done = threading.Event()
    ticks = 0

    def work():
        dehusk.extract(page)
        done.set()

    started = time.perf_counter()
    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    elapsed = time.perf_counter() - started
    assert elapsed > 0.05, "the page is too small to tell"
    # A held GIL gives one or two ticks; a released one about one per millisecond.
    assert ticks > 10, (ticks, elapsed)


def test_extract_many_can_return_documents():
    (doc,) = dehusk.extract_many([(ARTICLE, "https://news.example/a")], output="document")
    assert isinstance(doc, dehusk.Document) and doc.url == "https://news.example/a"
    assert doc.to_dict() == dehusk.extract(ARTICLE, url="https://news.example/a", output="json")

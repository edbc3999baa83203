"""Shared helpers: the repository's golden samples and WARC archives built from strings."""

import gzip
import pathlib

import pytest

SAMPLES = pathlib.Path(__file__).resolve().parents[2] / "samples"
CASES = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir() and p.name != "warc")

ARTICLE = (
    "<html><head><title>Ferry - Harbour News</title></head><body>"
    "<nav><a href=/>Home</a> &gt; <a href=/news>News</a></nav>"
    "<article><h1>Ferry timetable approved</h1>"
    "<p>The harbour board approved the new ferry timetable on Monday, after a year of "
    "talks with the island councils, and the first boats sail in May.</p></article>"
    "<footer>Harbour News</footer></body></html>"
)


def warc_record(kind, uri, content_type, block, record_id):
    """One WARC/1.0 record, as bytes."""
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Record-ID: <urn:uuid:{record_id}>\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def http_response(body, content_type="text/html; charset=utf-8", status="200 OK"):
    """An HTTP/1.1 response, as a WARC response block holds it."""
    if isinstance(body, str):
        body = body.encode()
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def build_warc(pages, gz=False):
    """A WARC of a warcinfo record then one response per (url, http block)."""
    out = warc_record("warcinfo", "", "application/warc-fields", b"software: test\r\n", "info")
    for n, (url, block) in enumerate(pages):
        out += warc_record(
            "response", url, "application/http; msgtype=response", block, f"rec-{n}"
        )
    return gzip.compress(out) if gz else out


@pytest.fixture
def samples():
    return SAMPLES

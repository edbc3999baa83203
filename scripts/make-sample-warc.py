#!/usr/bin/env python3
"""Builds samples/warc/samples.warc.gz from the sample pages (standard library only).

Each sample page becomes a request + response pair (HTTP 200, its charset in the header);
a 404, a PNG and a redirect are added so the reader's skipping is exercised too. Each record
is its own gzip member, as crawlers write them. Re-run after changing a sample page:

    python3 scripts/make-sample-warc.py
"""
import gzip
import io
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
OUT = SAMPLES / "warc" / "samples.warc.gz"
DATE = "2025-05-01T12:00:00Z"


def record(kind, uri, content_type, block, seq):
    rid = uuid.UUID(int=seq)
    head = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Date: {DATE}",
        f"WARC-Record-ID: <urn:uuid:{rid}>",
    ]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head += [f"Content-Type: {content_type}", f"Content-Length: {len(block)}"]
    raw = ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(raw)
    return buf.getvalue()


def http(status, reason, headers, body):
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def main():
    parts = [record("warcinfo", None, "application/warc-fields",
                    b"software: dehusk sample builder\r\nformat: WARC File Format 1.0\r\n", 0)]
    seq = 1
    for case in sorted(p for p in SAMPLES.iterdir() if (p / f"{p.name}.html").is_file()):
        body = (case / f"{case.name}.html").read_bytes()
        uri = f"https://samples.dehusk.example/{case.name}/"
        charset = "windows-1252" if case.name == "legacy-charset" else "utf-8"
        req = f"GET /{case.name}/ HTTP/1.1\r\nHost: samples.dehusk.example\r\n\r\n".encode()
        parts.append(record("request", uri, "application/http; msgtype=request", req, seq))
        seq += 1
        resp = http(200, "OK", [("Content-Type", f"text/html; charset={charset}"),
                                ("Content-Length", str(len(body)))], body)
        parts.append(record("response", uri, "application/http; msgtype=response", resp, seq))
        seq += 1
    extras = [
        ("https://samples.dehusk.example/missing", http(404, "Not Found",
         [("Content-Type", "text/html")], b"<html><body><h1>Not found</h1></body></html>")),
        ("https://samples.dehusk.example/logo.png", http(200, "OK",
         [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n" + bytes(32))),
        ("https://samples.dehusk.example/old", http(301, "Moved Permanently",
         [("Location", "https://samples.dehusk.example/clean-page/")], b"")),
    ]
    for uri, resp in extras:
        parts.append(record("response", uri, "application/http; msgtype=response", resp, seq))
        seq += 1
    OUT.write_bytes(b"".join(parts))
    print(f"wrote {OUT.relative_to(ROOT)}: {seq} records")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds a Common-Crawl-shaped WARC archive from the benchmark pages (standard library only).

Common Crawl writes, per fetched page, a `request`, a `response` and a `metadata` record, each
its own gzip member, after one `warcinfo` record; the headers here follow theirs (digests,
WARC-Concurrent-To, WARC-Warcinfo-ID, X-Crawler-* HTTP headers). The pages are those of
../shared/bench/scrapinghub/html/*.html.gz, repeated under new URLs until the archive holds
about --mb megabytes of uncompressed records, so the WARC readers can be measured on it
(benches/warc-readers). --truncate and --garbage also write a cut copy and a file of noise.

    python3 scripts/make-cc-warc.py --out /tmp/cc.warc.gz --mb 100 --truncate --garbage
"""
import argparse
import base64
import gzip
import hashlib
import random
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "bench" / "scrapinghub" / "html"
DATE = "2025-05-01T12:00:00Z"


def sha1(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def record(kind, headers, block):
    """One record as its own gzip member."""
    head = ["WARC/1.0", f"WARC-Type: {kind}", f"WARC-Date: {DATE}"]
    head += [f"{k}: {v}" for k, v in headers]
    head += [f"WARC-Block-Digest: {sha1(block)}", f"Content-Length: {len(block)}"]
    raw = ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"
    return raw, gzip.compress(raw, compresslevel=6, mtime=0)


def page_records(uri, body, info_id, rng):
    """request, response and metadata records of one fetch."""
    host = uri.split("/")[2]
    req_id, resp_id = (f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}>" for _ in range(2))
    req = (f"GET /{uri.split('/', 3)[3]} HTTP/1.1\r\nHost: {host}\r\n"
           "User-Agent: CCBot/2.0 (https://commoncrawl.org/faq/)\r\n"
           "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8\r\n"
           "Accept-Encoding: br,gzip\r\nConnection: Keep-Alive\r\n\r\n").encode()
    http = ("HTTP/1.1 200 OK\r\nDate: Thu, 01 May 2025 12:00:00 GMT\r\n"
            "Content-Type: text/html; charset=utf-8\r\nX-Crawler-Content-Encoding: gzip\r\n"
            f"Content-Length: {len(body)}\r\nServer: nginx\r\n\r\n").encode() + body
    meta = (f"fetchTimeMs: {rng.randint(50, 900)}\r\ncharset-detected: UTF-8\r\n"
            "languages-cld2: {\"reliable\":true,\"languages\":[{\"code\":\"en\"}]}\r\n").encode()
    common = [("WARC-Target-URI", uri), ("WARC-Warcinfo-ID", info_id)]
    ip = [("WARC-IP-Address", f"10.0.{rng.randint(0, 255)}.{rng.randint(1, 254)}")]
    return [
        record("request", [("WARC-Record-ID", req_id)] + common + ip
               + [("Content-Type", "application/http; msgtype=request")], req),
        record("response", [("WARC-Record-ID", resp_id), ("WARC-Concurrent-To", req_id)]
               + common + ip + [("Content-Type", "application/http; msgtype=response"),
                                ("WARC-Payload-Digest", sha1(body)),
                                ("WARC-Identified-Payload-Type", "text/html")], http),
        record("metadata", [("WARC-Record-ID", f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}>"),
                            ("WARC-Concurrent-To", resp_id)] + common
               + [("Content-Type", "application/warc-fields")], meta),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=Path, default=PAGES, help="directory of *.html.gz pages")
    ap.add_argument("--out", type=Path, required=True, help="the archive to write (.warc.gz)")
    ap.add_argument("--mb", type=float, default=100, help="uncompressed size to reach (MB)")
    ap.add_argument("--truncate", action="store_true", help="also write OUT-truncated.warc.gz")
    ap.add_argument("--garbage", action="store_true", help="also write OUT-garbage.warc.gz")
    args = ap.parse_args()
    pages = sorted(args.pages.glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no *.html.gz pages in {args.pages}")
    bodies = [(p.name.split(".")[0], gzip.decompress(p.read_bytes())) for p in pages]
    rng = random.Random(11)
    info_id = f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}>"
    info = (b"software: dehusk make-cc-warc.py\r\nformat: WARC File Format 1.0\r\n"
            b"isPartOf: CC-MAIN-2025-18\r\n")
    raw_size, members = 0, []
    raw, gz = record("warcinfo", [("WARC-Record-ID", info_id),
                                  ("Content-Type", "application/warc-fields")], info)
    raw_size += len(raw)
    members.append(gz)
    rounds = 0
    while raw_size < args.mb * 1e6:
        for name, body in bodies:
            uri = f"https://{name}.bench.dehusk.example/page?round={rounds}"
            for raw, gz in page_records(uri, body, info_id, rng):
                raw_size += len(raw)
                members.append(gz)
        rounds += 1
    data = b"".join(members)
    args.out.write_bytes(data)
    print(f"wrote {args.out}: {len(members)} records, {raw_size / 1e6:.1f} MB of records, "
          f"{len(data) / 1e6:.1f} MB gzip'd ({rounds} rounds of {len(bodies)} pages)")
    stem = str(args.out).removesuffix(".warc.gz")
    if args.truncate:
        # Cut in the middle of a gzip member, as an interrupted download leaves it.
        cut = Path(stem + "-truncated.warc.gz")
        cut.write_bytes(data[: len(data) // 2 + 12345])
        print(f"wrote {cut}: the first {len(data) // 2 + 12345} bytes")
    if args.garbage:
        noise = Path(stem + "-garbage.warc.gz")
        noise.write_bytes(random.Random(7).randbytes(1 << 20))
        print(f"wrote {noise}: 1 MiB of random bytes")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Prints the Python speed table of the README (issue 12), in Markdown, from one run.

The same pages for every row: the 181 scrapinghub pages (../shared/bench/scrapinghub/html,
*.html.gz, gunzipped and decoded to str before any timing) and a WARC of them built by
scripts/make-cc-warc.py (one request + response + metadata record per page, each its own
gzip member, as Common Crawl writes them). Rows:

  * dehusk.extract(str) on one thread, dehusk.extract(bytes) (charset detection included),
    dehusk.extract from a pool of Python threads (the GIL is released), extract_many and
    Extractor.extract_arrow on all cores, iter_warc on one core;
  * the Rust speed for reference: `cargo run --release --example speed -- DIR` (one thread,
    pages already decoded in memory: the figure dehusk.extract(str) is held against; the
    best of --runs runs of it);
  * trafilatura.extract, resiliparse's extract_plain_text(main_content=True) (on an
    HTMLTree, and for the WARC row behind FastWARC's ArchiveIterator) and readability-lxml's
    Document(html).summary(), each given the same str (and, for the WARC, the same archive).

Each figure is the best of --runs passes over all pages (default 3), the rows measured
round-robin (pass 1 of each row, then pass 2, ...): the machine may be shared, a burst of
other work then falls on every row alike, and the fastest pass is the least disturbed one. A peer that is not installed gets
a row saying so.

    python3 scripts/bench-python.py [--pages DIR] [--runs N] [--skip-rust]
"""
import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "bench" / "scrapinghub" / "html"


def build_warc(pages_dir, out):
    """A Common-Crawl-shaped WARC of the pages, each page once."""
    script = ROOT / "scripts" / "make-cc-warc.py"
    # --mb 0.001: the first round of pages already passes it, so each page is in it once.
    subprocess.run([sys.executable, str(script), "--pages", str(pages_dir), "--out", str(out),
                    "--mb", "0.001"], check=True, stdout=subprocess.DEVNULL)


def rust_speed(pages_dir):
    """pages/s of the full extract from examples/speed.rs, or None."""
    try:
        run = subprocess.run(["cargo", "run", "-q", "--release", "--example", "speed", "--",
                              str(pages_dir)], cwd=ROOT, check=True, capture_output=True,
                             text=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"bench-python: the Rust speed run failed: {e}", file=sys.stderr)
        return None
    m = re.search(r"^\| full extract \| (\d+(?:\.\d+)?) \|", run.stdout, re.M)
    return float(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=Path, default=PAGES, help="directory of *.html.gz")
    ap.add_argument("--runs", type=int, default=3, help="passes per row; the best counts")
    ap.add_argument("--skip-rust", action="store_true", help="no cargo run of the Rust speed")
    args = ap.parse_args()

    files = sorted(args.pages.glob("*.html.gz"))
    if not files:
        raise SystemExit(f"bench-python: no *.html.gz pages in {args.pages}")
    raw = [gzip.decompress(f.read_bytes()) for f in files]
    # Decoded once, before any timing, so every tool gets the same str.
    html = [b.decode("utf-8", errors="replace") for b in raw]
    n = len(html)
    mb = sum(len(b) for b in raw) / 1e6
    cores = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="bench-python-"))
    warc = tmp / "pages.warc.gz"
    build_warc(args.pages, warc)
    runs = args.runs

    # Rows are registered first, then measured round-robin: pass 1 of every row, pass 2 of
    # every row, ... so that a burst of other work on the machine falls on all of them
    # alike rather than on whichever row was running; each row keeps its best pass.
    entries = []  # [tool, call, what, threads, fn, count, best pages/s or None, note]

    def row(tool, call, what, threads, fn, count=n):
        entries.append([tool, call, what, threads, fn, count, None, ""])

    def missing(tool, call, what, threads, why):
        entries.append([tool, call, what, threads, None, None, None, why])

    print(f"bench-python: {n} pages, {mb:.1f} MB, {cores} cores, best of {runs}",
          file=sys.stderr)
    # speed.rs gives the mean of 3 rounds over the pages; one run of it per pass, the best
    # run counts, as the best pass does for the Python rows.
    rust = [None]

    def rust_pass():
        speed = rust_speed(args.pages)
        if speed is not None:
            rust[0] = max(rust[0] or 0, speed)
        return speed

    # dehusk ---------------------------------------------------------------------------
    import dehusk
    if not args.skip_rust:
        row("dehusk (Rust)", "rust", "pages", "1", rust_pass, count="rate")
    row("dehusk", "`extract(str)`", "pages", "1",
        lambda: [dehusk.extract(h) for h in html])
    row("dehusk", "`extract(bytes)` (charset detection)", "pages", "1",
        lambda: [dehusk.extract(b) for b in raw])
    pool = ThreadPoolExecutor(cores)
    row("dehusk", f"`extract(str)` from {cores} Python threads", "pages", str(cores),
        lambda: list(pool.map(dehusk.extract, html)))
    row("dehusk", "`extract_many(pages)`", "pages", str(cores),
        lambda: dehusk.extract_many(html))
    extractor = dehusk.Extractor()
    if not hasattr(extractor, "extract_arrow"):
        missing("dehusk", "`Extractor().extract_arrow(batch)`", "pages", str(cores),
                "not in this build of the package")
    else:
        try:
            import pyarrow as pa
            batch = pa.RecordBatch.from_pydict({"html": html})
            row("dehusk", "`Extractor().extract_arrow(batch)`", "pages", str(cores),
                lambda: extractor.extract_arrow(batch))
        except ImportError:
            missing("dehusk", "`Extractor().extract_arrow(batch)`", "pages", str(cores),
                    "pyarrow not installed")

    def dehusk_warc():
        return sum(1 for r in dehusk.iter_warc(str(warc))
                   if getattr(r, "document", None) is not None)
    row("dehusk", "`iter_warc(path)`", "WARC", "1", dehusk_warc, count=lambda k: k)

    # peers ----------------------------------------------------------------------------
    try:
        import trafilatura
        row("trafilatura", "`trafilatura.extract(html)`", "pages", "1",
            lambda: [trafilatura.extract(h) for h in html])
    except ImportError as e:
        missing("trafilatura", "`trafilatura.extract(html)`", "pages", "1", str(e))

    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding
        from resiliparse.parse.html import HTMLTree
        row("resiliparse", "`extract_plain_text(HTMLTree.parse(html), main_content=True)`",
            "pages", "1",
            lambda: [extract_plain_text(HTMLTree.parse(h), main_content=True) for h in html])
        try:
            from fastwarc.warc import ArchiveIterator, WarcRecordType

            def fastwarc_resiliparse():
                done = 0
                with open(warc, "rb") as f:
                    for rec in ArchiveIterator(f, record_types=WarcRecordType.response,
                                               parse_http=True):
                        if rec.http_headers is None or rec.http_headers.status_code != 200:
                            continue
                        ctype = rec.http_headers.get("Content-Type", "")
                        if "html" not in ctype:
                            continue
                        body = rec.reader.read()
                        text = bytes_to_str(body, detect_encoding(body))
                        extract_plain_text(HTMLTree.parse(text), main_content=True)
                        done += 1
                return done
            row("resiliparse", "FastWARC `ArchiveIterator` + the same", "WARC", "1",
                fastwarc_resiliparse, count=lambda k: k)
        except ImportError as e:
            missing("resiliparse", "FastWARC `ArchiveIterator` + the same", "WARC", "1",
                    str(e))
    except ImportError as e:
        missing("resiliparse", "`extract_plain_text(..., main_content=True)`", "pages", "1",
                str(e))

    try:
        from readability import Document
        row("readability-lxml", "`Document(html).summary()`", "pages", "1",
            lambda: [Document(h).summary() for h in html])
    except ImportError as e:
        missing("readability-lxml", "`Document(html).summary()`", "pages", "1", str(e))

    # the measurement ---------------------------------------------------------------------
    for r in range(runs):
        for e in entries:
            tool, call, _, _, fn, count, _, _ = e
            if fn is None:
                continue
            t = time.perf_counter()
            out = fn()
            seconds = time.perf_counter() - t
            if count == "rate":
                speed = out
            else:
                speed = (count(out) if callable(count) else count) / seconds
            if speed is not None:
                e[6] = max(e[6] or 0, speed)
                print(f"  pass {r + 1}: {tool}: {call}: {speed:.0f} pages/s", file=sys.stderr)
    pool.shutdown()
    rust = rust[0]
    rows = [(tool, call, what, threads, speed, note)
            for tool, call, what, threads, _, _, speed, note in entries if call != "rust"]

    # the table ------------------------------------------------------------------------
    print(f"{n} pages ({mb:.1f} MB of HTML), and a WARC of them "
          f"({warc.stat().st_size / 1e6:.1f} MB gzip'd); {cores} cores; best of {runs} "
          f"passes; Python {sys.version.split()[0]}")
    print()
    print("| tool | call | input | threads | pages/s | vs Rust `extract` |")
    print("|---|---|---|---|---|---|")
    if rust is not None:
        print(f"| dehusk (Rust) | `dehusk::extract` (examples/speed.rs) | pages | 1 | "
              f"{rust:.0f} | 100 % |")
    for tool, call, what, threads, speed, note in rows:
        if speed is None:
            print(f"| {tool} | {call} | {what} | {threads} | – | {note} |")
            continue
        vs = f"{100 * speed / rust:.0f} %" if rust else "–"
        print(f"| {tool} | {call} | {what} | {threads} | {speed:.0f} | {vs} |")
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()


if __name__ == "__main__":
    main()

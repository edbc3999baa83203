#!/usr/bin/env python3
"""Load benchmark of `dehusk serve` (issue 13), printed as the README's Markdown table.

Starts the server on 127.0.0.1 (a free port), then N concurrent clients POST the
benchmark pages (gunzipped first, in memory) to /extract?format=txt for ROUNDS passes
over the set; prints requests/s, p50/p99 latency and the server's peak RSS (VmHWM), and
beside it `dehusk clean` on the same gunzipped pages (pages/s, peak RSS). Every request
goes to loopback; the loop is bounded by the page count and ROUNDS, and stops by itself.

    scripts/bench-serve.py [--bin target/release/dehusk] [--clients 4] [--rounds 3]
                           [--pages ../shared/bench/scrapinghub/html]
"""
import argparse
import gzip
import http.client
import os
import pathlib
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time


def load_pages(folder):
    pages = []
    for path in sorted(pathlib.Path(folder).glob("*.html.gz")):
        pages.append(gzip.decompress(path.read_bytes()))
    return pages


def start_server(binary, slots):
    proc = subprocess.Popen(
        [binary, "serve", "--listen", "127.0.0.1:0", "--slots", str(slots), "--queue", "1024"],
        stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        m = re.match(r"dehusk: listening on http://(\S+)", line)
        if m:
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            host, port = m.group(1).rsplit(":", 1)
            return proc, host, int(port)
    raise SystemExit("bench-serve: the server did not start")


def peak_rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def client(host, port, work, latencies, failures):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    while True:
        try:
            body = work.pop()
        except IndexError:
            break
        started = time.perf_counter()
        conn.request("POST", "/extract?format=txt", body=body,
                     headers={"Content-Type": "text/html"})
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            failures.append(response.status)
    conn.close()


def run_serve(binary, pages, clients, rounds, slots):
    proc, host, port = start_server(binary, slots)
    try:
        work = [p for _ in range(rounds) for p in pages]
        latencies, failures = [], []
        threads = [threading.Thread(target=client, args=(host, port, work, latencies, failures))
                   for _ in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        rss = peak_rss_kib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    return len(latencies) / wall, pick(0.50), pick(0.99), rss, len(failures)


def run_clean(binary, pages, rounds):
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp, "pages")
        src.mkdir()
        for r in range(rounds):
            for i, page in enumerate(pages):
                pathlib.Path(src, f"{r}_{i:03}.html").write_bytes(page)
        started = time.perf_counter()
        subprocess.run([binary, "clean", str(src), "--out", str(pathlib.Path(tmp, "out")),
                        "--no-title", "-q"], check=True)
        wall = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return len(pages) * rounds / wall, rss


def main():
    here = pathlib.Path(__file__).resolve().parent.parent
    target = os.environ.get("CARGO_TARGET_DIR", str(here / "target"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=f"{target}/release/dehusk")
    ap.add_argument("--pages", default=str(here.parent / "shared/bench/scrapinghub/html"))
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--slots", type=int, default=0)
    a = ap.parse_args()
    pages = load_pages(a.pages)
    if not pages:
        raise SystemExit(f"bench-serve: no *.html.gz in {a.pages}")
    rps, p50, p99, rss, failed = run_serve(a.bin, pages, a.clients, a.rounds, a.slots)
    clean_rate, clean_rss = run_clean(a.bin, pages, a.rounds)
    cores = os.cpu_count()
    print(f"{len(pages)} pages x {a.rounds} rounds, {a.clients} clients, {cores} cores\n")
    print("| run | pages/s | p50 ms | p99 ms | peak RSS MiB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| `dehusk serve`, POST /extract | {rps:.0f} | {p50:.1f} | {p99:.1f} | {rss / 1024:.0f} |")
    print(f"| `dehusk clean` (batch, all cores) | {clean_rate:.0f} | | | {clean_rss / 1024:.0f} |")
    print(f"\nserve / clean: {100 * rps / clean_rate:.0f} %" + (f"; {failed} non-200" if failed else ""))


if __name__ == "__main__":
    sys.exit(main())

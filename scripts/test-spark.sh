#!/usr/bin/env bash
# The Spark local-mode test of examples/spark/extract_warc.py (issue 12).
#
#   1. Java 17: used if `java` is on PATH (17 or newer), else installed with apt
#      (openjdk-17-jre-headless); if Java cannot be had the test says SKIPPED and exits 0;
#   2. a venv ($DEHUSK_SPARK_VENV, default ${TMPDIR:-/tmp}/dehusk-spark-venv, reused) with
#      pyspark and pyarrow from PyPI, and the dehusk wheel built from python/ of this
#      repository ($DEHUSK_PYTHON_DIR to build another checkout's; its cargo target
#      directory $DEHUSK_PYTHON_TARGET_DIR if set);
#   3. the CLI (`cargo build --release`);
#   4. the archives: samples/warc/samples.warc.gz, a Common-Crawl-shaped WARC built from the
#      sample pages by scripts/make-cc-warc.py, its truncated copy, and a path that does not
#      exist;
#   5. spark-submit --master local[2] of the job over the list of the four, then once more
#      on the sample archive with --favor-precision --no-tables, and once with workers whose
#      Python has no dehusk, given the wheel with --py-files (the way a cluster is sent it);
#      Then the Dask example over the four paths, if dask installs;
#   6. checks the Parquet rows against `dehusk warc --format jsonl` of each archive (same
#      flags): as many rows with text as CLI records, and every field equal (url,
#      warc_record_id, title, author, date, lang, text, word_count); a row with empty text
#      for each page the CLI reports empty (its JSONL leaves those out); one error row for
#      the missing archive and one naming the byte offset for the truncated one; no other.
# Every step prints its time. Exit code 0 when the checks pass (or the test is skipped).
#
#   scripts/test-spark.sh
#   DEHUSK_PYTHON_DIR=/path/to/checkout/python scripts/test-spark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step_start=0
step() { step_start=$(date +%s.%N); echo "== $*"; }
done_step() {
    awk -v a="$step_start" -v b="$(date +%s.%N)" 'BEGIN { printf "   %.1f s\n", b - a }'
}
t0=$(date +%s.%N)

# 1. Java -----------------------------------------------------------------------------
java_major() {
    java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -1
}
step "Java 17"
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ] 2>/dev/null; then
    if command -v apt-get >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo -n"
        echo "   installing openjdk-17-jre-headless with apt"
        { $sudo apt-get update -qq && \
          DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
              openjdk-17-jre-headless; } >/dev/null 2>&1 || true
        hash -r
    fi
fi
if ! command -v java >/dev/null 2>&1 || [ -z "$(java_major)" ] || [ "$(java_major)" -lt 17 ]; then
    echo "test-spark: SKIPPED: no Java 17 or newer (none on PATH and apt could not install" \
         "openjdk-17-jre-headless); Spark needs it" >&2
    exit 0
fi
echo "   $(java -version 2>&1 | head -1)"
done_step

# 2. venv, pyspark, dehusk --------------------------------------------------------------
venv=${DEHUSK_SPARK_VENV:-${TMPDIR:-/tmp}/dehusk-spark-venv}
pydir=${DEHUSK_PYTHON_DIR:-$root/python}
if [ ! -f "$pydir/pyproject.toml" ]; then
    echo "test-spark: no Python package at $pydir (set DEHUSK_PYTHON_DIR)" >&2
    exit 2
fi
step "pyspark and pyarrow into $venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
py="$venv/bin/python"
"$py" -m pip install -q --upgrade pip
"$py" -m pip install -q pyspark pyarrow
echo "   pyspark $("$py" -c 'import pyspark; print(pyspark.__version__)')"
done_step

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step "dehusk wheel from $pydir, installed"
# One build: the same wheel is installed here and sent to the workers in step 5.
# $DEHUSK_PYTHON_TARGET_DIR, when set, is the cargo target directory of this build.
(
    if [ -n "${DEHUSK_PYTHON_TARGET_DIR:-}" ]; then export CARGO_TARGET_DIR="$DEHUSK_PYTHON_TARGET_DIR"; fi
    "$py" -m pip wheel -q --no-deps "$pydir" -w "$work/wheel"
)
wheel=$(ls "$work"/wheel/dehusk-*.whl)
"$py" -m pip install -q --force-reinstall --no-deps "$wheel"
"$py" -c 'import dehusk, importlib.metadata as m; print("   dehusk", m.version("dehusk"), "from", dehusk.__file__)'
done_step

# 3. the CLI ---------------------------------------------------------------------------
step "cargo build --release (the CLI)"
cargo build --release -q
target=$(cargo metadata --format-version 1 --no-deps | "$py" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cli="$target/release/dehusk"
done_step

# 4. the archives ----------------------------------------------------------------------
step "archives"
mkdir -p "$work/pages"
for f in samples/*/*.html; do
    name=$(basename "$(dirname "$f")")
    [ "$(basename "$f" .html)" = "$name" ] || continue
    gzip -c "$f" > "$work/pages/$name.html.gz"
done
python3 scripts/make-cc-warc.py --pages "$work/pages" --out "$work/cc-samples.warc.gz" \
    --mb 0.3 --truncate | sed 's/^/   /'
archives=("$root/samples/warc/samples.warc.gz" "$work/cc-samples.warc.gz"
          "$work/cc-samples-truncated.warc.gz")
missing="$work/missing.warc.gz"
printf '%s\n' "${archives[@]}" "$missing" > "$work/paths.txt"
done_step

# 5. Spark -----------------------------------------------------------------------------
export PYSPARK_PYTHON="$py" PYSPARK_DRIVER_PYTHON="$py"
spark_opts=()
submit() {
    "$venv/bin/spark-submit" --master 'local[2]' --driver-memory 1g \
        --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=2 \
        ${spark_opts[@]+"${spark_opts[@]}"} \
        examples/spark/extract_warc.py "$@" 2> "$work/spark.log" || {
            echo "test-spark: spark-submit failed:" >&2
            tail -40 "$work/spark.log" >&2
            exit 1
        }
}
step "spark-submit, local[2]: 4 paths, 3 partitions"
submit "$work/paths.txt" --output "$work/out.parquet" --partitions 3
done_step

step "spark-submit, local[2]: the sample archive, --favor-precision --no-tables"
echo "$root/samples/warc/samples.warc.gz" > "$work/paths-1.txt"
submit "$work/paths-1.txt" --output "$work/out-precision.parquet" --favor-precision --no-tables
done_step

step "spark-submit, local[2]: shipping the wheel (--py-files) to workers without dehusk"
# The workers' Python is a bare venv (no dehusk, no pyspark: Spark puts its own pyspark.zip
# on their path), so the job's only way to dehusk is the wheel it is given.
python3 -m venv --without-pip "$work/bare"
if "$work/bare/bin/python" -c 'import dehusk' 2>/dev/null; then
    echo "test-spark: the bare venv imports dehusk; cannot test shipping" >&2
    exit 1
fi
spark_opts=(--py-files "$wheel")
PYSPARK_PYTHON="$work/bare/bin/python" \
    submit "$work/paths-1.txt" --output "$work/out-shipped.parquet"
spark_opts=()
done_step

step "the Dask example (examples/dask/extract_warc.py) over the 4 paths"
if "$py" -m pip install -q "dask[dataframe]" >/dev/null 2>&1; then
    "$py" examples/dask/extract_warc.py "$work/paths.txt" --output "$work/out-dask.parquet"
else
    echo "   dask did not install: the Dask example is not checked"
fi
done_step

# 6. the CLI's records, and the checks ----------------------------------------------------
step "dehusk warc --format jsonl of each archive"
# Not --quiet: stderr names the pages with no article text, which JSONL leaves out.
for i in "${!archives[@]}"; do
    # A truncated archive exits 1 after writing its complete records.
    "$cli" warc "${archives[$i]}" --format jsonl --out "$work/cli-$i.jsonl" \
        2> "$work/cli-$i.err" || true
done
"$cli" warc "${archives[0]}" --format jsonl --out "$work/cli-precision.jsonl" \
    --favor-precision --no-tables 2> "$work/cli-precision.err"
done_step

step "checks"
"$py" - "$work" "${#archives[@]}" "$missing" "${archives[2]}" <<'EOF'
import collections, json, re, sys
from pathlib import Path
import pyarrow.parquet as pq

work, n, missing, truncated = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
COLUMNS = ["url", "warc_record_id", "title", "author", "date", "lang", "text",
           "word_count", "error"]
FIELDS = COLUMNS[:-1]
failures = []


def check(ok, message):
    print(("   ok   " if ok else "   FAIL ") + message)
    if not ok:
        failures.append(message)


def cli_rows(paths):
    rows = []
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            rows.append(tuple(rec[f] for f in FIELDS))
    return rows


def cli_empty(jsonls):
    """URLs the CLI reported as holding no article text (JSONL leaves them out)."""
    urls = []
    for p in jsonls:
        for line in p.with_suffix(".err").read_text(encoding="utf-8").splitlines():
            m = re.match(r"dehusk: (\S+): no article text found", line)
            if m:
                urls.append(m.group(1))
    return collections.Counter(urls)


def compare(parquet, jsonls, errors_expected):
    table = pq.read_table(parquet)
    check(table.column_names == COLUMNS, f"{parquet.name}: columns {table.column_names}")
    rows = table.to_pylist()
    ok = [r for r in rows if r["error"] is None]
    pages = [tuple(r[f] for f in FIELDS) for r in ok if r["text"]]
    empty = collections.Counter(r["url"] for r in ok if not r["text"])
    errors = [r for r in rows if r["error"] is not None]
    expected = cli_rows(jsonls)
    check(len(pages) == len(expected),
          f"{parquet.name}: {len(pages)} page rows with text, the CLI wrote {len(expected)} "
          "records")
    check(empty == cli_empty(jsonls), f"{parquet.name}: {sum(empty.values())} rows with "
          "empty text, the pages the CLI reported empty")
    got, want = collections.Counter(pages), collections.Counter(expected)
    check(got == want, f"{parquet.name}: every page row equals a CLI record, field by field "
          f"({sum((got - want).values())} rows not in the CLI's, "
          f"{sum((want - got).values())} CLI records missing)")
    for row in list((got - want).keys())[:2]:
        near = [w for w in want if w[1] == row[1]]
        for f, a, b in zip(FIELDS, row, near[0] if near else [None] * len(FIELDS)):
            if a != b:
                print(f"        {row[1]} {f}: spark {a!r:.120} cli {b!r:.120}")
    check(all(r["text"] is None and r["word_count"] is None for r in errors),
          f"{parquet.name}: error rows carry no text")
    errors_expected(errors)
    return rows


def four(errors):
    for e in errors:
        print(f"        error row: url={e['url']} id={e['warc_record_id']} {e['error']!r:.160}")
    miss = [e for e in errors if missing in e["error"]]
    cut = [e for e in errors if truncated in e["error"]]
    check(len(miss) == 1, f"one error row names the missing archive ({len(miss)})")
    check(len(cut) == 1 and any(w in cut[0]["error"] for w in ("offset", "byte")),
          f"one error row for the truncated archive, naming the byte offset ({len(cut)})")
    check(len(errors) == len(miss) + len(cut), f"no other error rows ({len(errors)} in all)")


rows = compare(work / "out.parquet", [work / f"cli-{i}.jsonl" for i in range(n)], four)
print(f"        {len(rows)} rows in all")
check(any(r["title"] for r in rows) and any(r["lang"] for r in rows),
      "titles and languages are filled in")
compare(work / "out-precision.parquet", [work / "cli-precision.jsonl"],
        lambda errors: check(not errors, f"no error rows ({len(errors)})"))
compare(work / "out-shipped.parquet", [work / "cli-0.jsonl"],
        lambda errors: check(not errors, f"no error rows ({len(errors)})"))
if (work / "out-dask.parquet").exists():
    compare(work / "out-dask.parquet", [work / f"cli-{i}.jsonl" for i in range(n)], four)
if failures:
    print(f"test-spark: {len(failures)} checks failed", file=sys.stderr)
    sys.exit(1)
EOF
done_step
awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "test-spark: passed in %.1f s\n", b - a }'

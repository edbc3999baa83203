#!/usr/bin/env bash
# Prints the extraction speed table of the README's "Speed and hardness" section (issue 5),
# in Markdown:
#   - single thread, pages in memory (benches/extract.rs, criterion): pages/s and MB/s of
#     html5ever parsing alone (scraper's Html::parse_document, the floor) and of the full
#     dehusk::extract, and their ratio;
#   - the batch `dehusk clean DIR --out TMP --no-title -q` (read, gunzip, decode, extract,
#     write) with -j 1 and on all cores: wall time, pages/s, the scaling factor, peak RSS;
#   - the same two batches over the set repeated 5 times (a longer run for the scaling;
#     memory must not grow with the batch).
# Every figure is the best of RUNS runs (default 3; peak RSS: the highest): the machine may
# be shared with other work, and the fastest run is the least disturbed one.
#
#   scripts/bench-extract.sh [PAGES_DIR]      # default ../shared/bench/scrapinghub/html
#   RUNS=5 scripts/bench-extract.sh
set -euo pipefail
cd "$(dirname "$0")/.."

pages=$(realpath "${1:-../shared/bench/scrapinghub/html}")
runs=${RUNS:-3}
target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
bin="$target/release/dehusk"
crit="$target/criterion/extract"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -d "$pages" ]; then
    echo "bench-extract: $pages is not a directory" >&2
    exit 2
fi
if [ ! -x /usr/bin/time ]; then
    echo "bench-extract: /usr/bin/time is missing (apt-get install time)" >&2
    exit 2
fi

echo "building (release)..." >&2
cargo build --release --quiet
cargo bench --bench extract --no-run --quiet 2>/dev/null

# --- single thread, in memory (criterion) ---------------------------------------------
best_parse="" best_full="" count="" bytes=""
for r in $(seq "$runs"); do
    echo "criterion run $r/$runs..." >&2
    DEHUSK_BENCH_PAGES="$pages" cargo bench --bench extract --quiet -- extract/ \
        >"$work/crit.out" 2>"$work/crit.err"
    read -r count bytes < <(awk '/^pages: /{print $2, $4}' "$work/crit.err")
    for stage in parse full; do
        ns=$(jq '.median.point_estimate' "$crit/$stage/new/estimates.json")
        var="best_$stage"
        if [ -z "${!var}" ] || awk -v a="$ns" -v b="${!var}" 'BEGIN{exit !(a<b)}'; then
            printf -v "$var" '%s' "$ns"
        fi
    done
done

# --- batch runs (the release binary) ---------------------------------------------------
# Prints "seconds peak_kb" of the best (fastest) run and the highest peak RSS.
batch() {
    local dir=$1 jobs=$2 best="" peak=0 secs kb
    for r in $(seq "$runs"); do
        rm -rf "$work/out"
        /usr/bin/time -f "%e %M" -o "$work/time" \
            "$bin" clean "$dir" --out "$work/out" --no-title -q -j "$jobs" || true
        read -r secs kb < "$work/time"
        if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN{exit !(a<b)}'; then
            best=$secs
        fi
        [ "$kb" -gt "$peak" ] && peak=$kb
    done
    echo "$best $peak"
}

cores=$(nproc)
echo "batch -j 1..." >&2
read -r j1_secs j1_kb < <(batch "$pages" 1)
echo "batch -j $cores..." >&2
read -r jn_secs jn_kb < <(batch "$pages" "$cores")

# The same pages five times over (symlinks under new names): a longer batch, where start-up
# and the last slow page weigh less on the scaling, and where RSS must stay where it was.
mkdir -p "$work/x5"
files=0
for copy in 1 2 3 4 5; do
    for f in "$pages"/*; do
        ln -s "$f" "$work/x5/$copy-$(basename "$f")"
        files=$((files + 1))
    done
done
echo "batch x5 -j 1..." >&2
read -r x1_secs x1_kb < <(batch "$work/x5" 1)
echo "batch x5 -j $cores..." >&2
read -r x5_secs x5_kb < <(batch "$work/x5" "$cores")

largest=$(for f in "$pages"/*; do zcat -f "$f" | wc -c; done | sort -n | tail -1)

# --- the table --------------------------------------------------------------------------
awk -v count="$count" -v bytes="$bytes" -v parse="$best_parse" -v full="$best_full" \
    -v j1="$j1_secs" -v jn="$jn_secs" -v cores="$cores" -v j1kb="$j1_kb" -v jnkb="$jn_kb" \
    -v x1="$x1_secs" -v x1kb="$x1_kb" -v x5="$x5_secs" -v x5kb="$x5_kb" -v files="$files" \
    -v largest="$largest" -v runs="$runs" '
function row(name, pages, mbytes, secs, kb) {
    printf "| %s | %d | %.3f s | %.0f | %.0f | %s |\n", name, pages, secs, pages / secs, mbytes / secs, kb ? sprintf("%.0f MB", kb / 1024) : "–"
}
BEGIN {
    mb = bytes / 1e6; ps = parse / 1e9; fs = full / 1e9
    printf "%d pages, %.1f MB of HTML (largest page %.1f MB); best of %d runs\n\n", count, mb, largest / 1e6, runs
    print "| run | pages | time | pages/s | MB/s | peak RSS |"
    print "|---|---|---|---|---|---|"
    row("parse only (`scraper::Html::parse_document`), 1 thread, in memory", count, mb, ps, 0)
    row("full `dehusk::extract`, 1 thread, in memory", count, mb, fs, 0)
    row("batch `dehusk clean -j 1` (read, gunzip, decode, extract, write)", count, mb, j1, j1kb)
    row("batch `dehusk clean -j " cores "` (all cores)", count, mb, jn, jnkb)
    row("batch `-j 1`, the set 5 times over", files, 5 * mb, x1, x1kb)
    row("batch `-j " cores "`, the set 5 times over", files, 5 * mb, x5, x5kb)
    printf "\n- full / parse: **%.2f×**\n", fs / ps
    printf "- batch scaling, %d cores / 1: **%.2f×** (%d pages), **%.2f×** (%d pages)\n", cores, j1 / jn, count, x1 / x5, files
}'

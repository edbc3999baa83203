#!/usr/bin/env bash
# The quality table: builds the release binary once, extracts every bench set with it and
# prints F1 / precision / recall / empty pages per set, and the reproduction cases passed.
# Every change that can move extraction puts this table, before and after, in its commit
# message; .ci/quality-gate holds the same figures against .ci/quality-floor.
#
#   scripts/quality.sh                 # the table, in Markdown
#   scripts/quality.sh --json FILE     # also write the figures as JSON (the gate reads it)
#   scripts/quality.sh --keep DIR      # keep the extracted text in DIR/<set>/ to study
#   BIN=path/to/dehusk scripts/quality.sh   # score another build (no cargo build)
#   scripts/quality.sh -- --favor-recall     # extra flags for `dehusk clean` (bench sets
#                                             # only: the cases always run the defaults)
#
# Needs ../shared beside the repository (../shared/bench, ../shared/cases) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

shared=${SHARED:-../shared}
json_out=
keep=
flags=()
while [ $# -gt 0 ]; do
    case "$1" in
        --json) json_out=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        --) shift; flags=("$@"); break ;;
        *) echo "quality.sh: unknown argument $1 (use --json FILE, --keep DIR)" >&2; exit 2 ;;
    esac
done
for need in "$shared/bench/score.py" "$shared/bench/scrapinghub/html" \
            "$shared/bench/readability/html" "$shared/cases/check.py"; do
    if [ ! -e "$need" ]; then
        echo "quality.sh: $need not found (../shared lives beside the repository)" >&2
        exit 2
    fi
done

if [ -z "${BIN:-}" ]; then
    cargo build --release --locked --quiet
    BIN="${CARGO_TARGET_DIR:-target}/release/dehusk"
fi
BIN=$(realpath "$BIN")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${keep:-$work}
mkdir -p "$out"

# Each set: its pages and its gold. The gold holds the article body only, so the headline
# line is left off.
sets="scrapinghub readability"
for set in $sets; do
    rm -rf "${out:?}/$set"
    "$BIN" clean "$shared/bench/$set/html" --out "$out/$set" --no-title --quiet ${flags[@]+"${flags[@]}"} || {
        rc=$?
        # Exit 1 means some page failed; the scorer counts it as empty. Anything else is a
        # broken run.
        [ "$rc" -eq 1 ] || { echo "quality.sh: dehusk clean failed on $set (exit $rc)" >&2; exit 2; }
    }
done
python3 "$shared/cases/check.py" "$BIN" --json > "$work/cases.json"

python3 - "$shared" "$out" "$work/cases.json" "$json_out" $sets <<'PY'
import json, subprocess, sys
shared, out, cases_file, json_out, *sets = sys.argv[1:]
score = f"{shared}/bench/score.py"
figures = {}
rows = []
for name in sets:
    gold = f"{shared}/bench/{name}/ground-truth.json"
    got = json.loads(subprocess.run(
        [sys.executable, score, f"{out}/{name}", "--gold", gold, "--json"],
        check=True, capture_output=True, text=True).stdout)
    # An empty page only counts when the gold has text for it.
    gold_text = json.load(open(gold, encoding="utf-8"))
    empty = 0
    for pid, g in gold_text.items():
        if not (g.get("articleBody") or "").strip():
            continue
        try:
            text = open(f"{out}/{name}/{pid}.txt", encoding="utf-8", errors="replace").read()
        except OSError:
            text = ""
        empty += not text.strip()
    got["empty"] = empty
    figures[name] = got
    rows.append(f"| {name} ({got['pages']}) | {got['f1']:.4f} | {got['precision']:.4f} "
                f"| {got['recall']:.4f} | {empty} |")
cases = json.load(open(cases_file, encoding="utf-8"))
results = cases["cases"]
passed = sum(1 for r in results if r.get("pass"))
total = len(results)
failed_names = sorted(r["name"] for r in results if not r.get("pass"))
controls_failed = [n for n in failed_names if n.startswith("control-")]
figures["cases"] = {"passed": passed, "total": total, "failed": failed_names,
                    "controls_failed": controls_failed}
print("| set | F1 | precision | recall | empty |")
print("|---|---|---|---|---|")
print("\n".join(rows))
print(f"| cases | {passed}/{total} passed | | | controls failing: {len(controls_failed)} |")
if json_out:
    with open(json_out, "w", encoding="utf-8") as f:
        json.dump(figures, f, indent=1)
PY

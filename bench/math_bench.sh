#!/usr/bin/env bash
# What math costs a build: a synthetic site of N pages (default 1000) built with and without
# one display formula per page (bench/gen_site.py --math), cold (no .roadbook-cache) and warm,
# the two sites alternating run by run (this machine's speed drifts). Prints each run's CPU
# seconds (user + system), each side's medians and the ratios with / without.
#
# usage: bench/math_bench.sh [RUNS [N]]      (defaults: 7 runs, 1000 pages)
#   BIN   the roadbook binary (default target/release/roadbook)
#   DIR   where the sites go (default /tmp/roadbook-math-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7} n=${2:-1000}
bin=$(realpath "${BIN:-target/release/roadbook}")
dir=${DIR:-/tmp/roadbook-math-bench}
out=/dev/shm/roadbook-math-bench-out
[ -x /usr/bin/time ] || { echo "math_bench.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }
rm -rf "$dir"
python3 bench/gen_site.py "$n" "$dir/plain" 2>/dev/null
python3 bench/gen_site.py "$n" "$dir/math" --math 2>/dev/null

# One build of a site: prints its CPU seconds. `cold` deletes the caches first.
build() {
    local site=$1 mode=$2
    rm -rf "$out"
    [ "$mode" = cold ] && rm -rf "$site/.roadbook-cache"
    (cd "$site" && /usr/bin/time -f "%U %S" "$bin" build --output "$out" 2>&1 >/dev/null | tail -1) |
        awk '{ printf "%.2f\n", $1 + $2 }'
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { printf "%g", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'
}

for mode in cold warm; do
    # A first build of each (fills the caches for the warm runs; warms the page cache).
    build "$dir/plain/roadbook" cold >/dev/null
    build "$dir/math/roadbook" cold >/dev/null
    results=$(for i in $(seq "$runs"); do
        echo "plain $(build "$dir/plain/roadbook" "$mode")"
        echo "math $(build "$dir/math/roadbook" "$mode")"
    done)
    echo "$results" | awk -v m="$mode" '{ printf "%s run %d %s: %s s CPU\n", m, int((NR + 1) / 2), $1, $2 }'
    plain=$(echo "$results" | awk '$1 == "plain" { print $2 }' | median)
    math=$(echo "$results" | awk '$1 == "math" { print $2 }' | median)
    echo "$mode: without math $plain s, with math $math s CPU (medians of $runs); ratio $(awk -v a="$math" -v b="$plain" 'BEGIN { printf "%.3f", a / b }')"
done

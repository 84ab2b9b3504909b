#!/usr/bin/env bash
# Compares two roadbook binaries, or one binary under two environments, on warm builds of one
# site: the sides alternate run by run (this machine's speed drifts by tens of percent within
# minutes, so blocks of runs one side after the other are not comparable), each on its own
# copy of the site so that binaries with different cache keys do not throw away each other's
# caches. Prints every run's CPU seconds (user + system) and peak RSS, then each side's medians.
#
# usage: bench/ab.sh RUNS SITE BIN_A BIN_B [ENV_A [ENV_B]]
#   SITE   a roadbook site, e.g. /tmp/roadbook-bench/10000/roadbook (from gen_site.py)
#   ENV_*  space-separated VAR=value settings for that side, e.g. "RAYON_NUM_THREADS=1"
# Copies of SITE go to $AB_DIR (default /tmp/roadbook-ab), outputs to $AB_OUT (default
# /dev/shm/roadbook-ab-out, deleted before every run, as build_bench.sh does).
set -euo pipefail

if [ $# -lt 4 ]; then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
runs=$1 site=$2 bin_a=$(realpath "$3") bin_b=$(realpath "$4") env_a=${5:-} env_b=${6:-}
dir=${AB_DIR:-/tmp/roadbook-ab}
out=${AB_OUT:-/dev/shm/roadbook-ab-out}
[ -x /usr/bin/time ] || { echo "ab.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

rm -rf "$dir"
mkdir -p "$dir"
cp -r "$site" "$dir/a"
cp -r "$site" "$dir/b"

# One side's build: prints "CPU_SECONDS PEAK_RSS_KB".
build() {
    local bin=$1 copy=$2 env=$3
    rm -rf "$out"
    # shellcheck disable=SC2086 # $env is a list of settings
    (cd "$copy" && env $env /usr/bin/time -f "%U %S %M" "$bin" build --output "$out" 2>&1 >/dev/null | tail -1) |
        awk '{ printf "%.2f %d\n", $1 + $2, $3 }'
}

# Fill both copies' caches first (a binary whose sources differ from the one that wrote a
# copy's caches renders every body once).
for _ in 1 2; do
    build "$bin_a" "$dir/a" "$env_a" >/dev/null
    build "$bin_b" "$dir/b" "$env_b" >/dev/null
done

results=$(
    for i in $(seq "$runs"); do
        echo "A $(build "$bin_a" "$dir/a" "$env_a")"
        echo "B $(build "$bin_b" "$dir/b" "$env_b")"
    done
)
echo "$results" | awk '{ printf "run %d %s: %s s CPU, %d kB peak RSS\n", int((NR + 1) / 2), $1, $2, $3 }'
# The median of the numbers on stdin.
median() {
    sort -n | awk '{ v[NR] = $1 } END { printf "%g", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'
}
for side in A B; do
    cpu=$(echo "$results" | awk -v s="$side" '$1 == s { print $2 }' | median)
    rss=$(echo "$results" | awk -v s="$side" '$1 == s { print $3 }' | median)
    echo "$side median: $cpu s CPU, $rss kB peak RSS ($runs runs)"
done
rm -rf "$dir" "$out"

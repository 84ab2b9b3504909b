#!/bin/sh
# Roadmap layout figures (issue #22): crossings, arrows through boxes, arrows sharing a stretch,
# mean arrow length and size, for this repository's handbook and the synthetic 150-topic
# roadmap (tests/support/synthetic.rs), as roadbook draws them and as Graphviz `dot` draws the
# same graph (same node sizes, one cluster per stage); then the layout time for ~150 and ~2,000
# topics (median of 21 runs). Needs a release build and, for the comparison, Debian's graphviz.
#
#   cargo build --release --bin roadbook --example roadmap_metrics && bench/roadmap_bench.sh
#
# ROADBOOK=path/to/other/roadbook measures another binary's drawing (e.g. main's, for "before").
set -eu
cd "$(dirname "$0")/.."
bin=${ROADBOOK:-target/release/roadbook}
metrics=target/release/examples/roadmap_metrics
for f in "$bin" "$metrics"; do
    [ -x "$f" ] || { echo "missing $f: cargo build --release --bin roadbook --example roadmap_metrics" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$metrics" site "$work/synthetic"
"$bin" build --output "$work/handbook-out" >/dev/null
"$bin" build --root "$work/synthetic" --output "$work/synthetic-out" >/dev/null
for site in handbook synthetic; do
    printf '%-10s roadbook  %s\n' "$site" "$("$metrics" svg "$work/$site-out/index.html")"
    if command -v dot >/dev/null; then
        "$metrics" dot "$work/$site-out/index.html" > "$work/$site.dot"
        dot -Tplain "$work/$site.dot" > "$work/$site.plain"
        printf '%-10s dot       %s\n' "$site" "$("$metrics" plain "$work/$site.plain")"
    else
        echo "$site: no dot (apt-get install graphviz) — comparison skipped"
    fi
done
"$metrics" time 150
"$metrics" time 2000

#!/usr/bin/env bash
# The image benchmark (issue 19): a post bundle with COUNT photos of WIDTH×HEIGHT (default
# 20 of 4000×3000), built cold (no .roadbook-cache/images) and warm by BIN_NEW, and cold by
# BIN_OLD (a roadbook without resized copies, for the "before" output). Prints CPU, wall
# time, output bytes, and the bytes a 1600-px-wide reader loads for the photos, and checks
# that the warm build re-encoded nothing.
#
# usage: bench/images_bench.sh BIN_OLD BIN_NEW [COUNT WIDTH HEIGHT]
set -euo pipefail
old=$(realpath "$1") new=$(realpath "$2") count=${3:-20} width=${4:-4000} height=${5:-3000}
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${IMG_BENCH_DIR:-/tmp/roadbook-images-bench}
rm -rf "$dir"
mkdir -p "$dir/site/content/blog/photos"
(cd "$here" && cargo run --quiet --release --example gen_photos -- "$dir/site/content/blog/photos" "$count" "$width" "$height")
printf 'title = "Photos"\nbase_url = "https://example.org/"\n' > "$dir/site/config.toml"
printf '+++\ntitle = "Home"\n+++\n' > "$dir/site/content/_index.md"
{
    printf '+++\ntitle = "사진 모음"\ndate = 2026-12-01\n+++\n'
    for f in "$dir"/site/content/blog/photos/*.jpg; do
        n=$(basename "$f")
        printf '![사진 %s](%s)\n\n' "$n" "$n"
    done
} > "$dir/site/content/blog/photos/index.md"
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 1; }

run() { # label binary: prints "label: CPU s, wall s, output bytes"
    local label=$1 bin=$2 out=$dir/out-$1
    rm -rf "$out"
    local t
    t=$( { /usr/bin/time -f "%U %S %e" "$bin" build --root "$dir/site" --output "$out" >/dev/null 2>"$dir/$label.err"; } 2>&1 | tail -1)
    t=$(tail -1 "$dir/$label.err")
    local bytes
    bytes=$(du -sb "$out" | cut -f1)
    echo "$t" | awk -v l="$label" -v b="$bytes" '{ printf "%-22s %6.2f s CPU  %6.2f s wall  %11d output bytes\n", l, $1 + $2, $3, b }'
}

originals=$(du -cb "$dir"/site/content/blog/photos/*.jpg | tail -1 | cut -f1)
echo "$count photos of ${width}×${height}: $originals bytes"
run before-cold "$old"
rm -rf "$dir/site/.roadbook-cache"
run after-cold "$new"
stamp=$(find "$dir/site/.roadbook-cache/images" -type f ! -name hashes.json -printf '%T@ %p\n' | sort | sha256sum)
run after-warm "$new"
stamp2=$(find "$dir/site/.roadbook-cache/images" -type f ! -name hashes.json -printf '%T@ %p\n' | sort | sha256sum)
[ "$stamp" = "$stamp2" ] && echo "warm build re-encoded nothing" || echo "WARM BUILD RE-ENCODED COPIES"
webp=$(du -cb "$dir"/out-after-warm/blog/photos/*-1600w.webp | tail -1 | cut -f1)
echo "a 1600-px reader loads: $originals bytes before, $webp bytes after (the 1600 px WebP copies)"

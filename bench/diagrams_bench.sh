#!/usr/bin/env bash
# What build-time Mermaid diagrams cost: a synthetic site (gen_site.py) built as it is and
# with one diagram, unique to the page, appended to every page. Cold builds (no
# .roadbook-cache) and warm builds (cache filled) alternate between the two sites run by run
# (this machine's speed drifts within minutes); prints each run's CPU seconds (user + system)
# and each side's medians and their ratio.
#
# usage: bench/diagrams_bench.sh [PAGES [RUNS [BIN]]]    (defaults: 1000 5 target/release/roadbook)
#   KIND=flowchart (default: four nodes, two labelled edges) or KIND=sequence (three messages)
#   MATH=1: the diagram site also gets gen_site.py's one display formula per page (the issue's
#   "one formula and one diagram per page" against the plain site)
# Sites go to $BENCH_DIR (default /tmp/roadbook-diagrams), outputs to $OUT (default under
# /dev/shm, tmpfs; give a folder on ext4 for the disk a user has).
set -euo pipefail
pages=${1:-1000} runs=${2:-5} bin=$(realpath "${3:-target/release/roadbook}")
dir=${BENCH_DIR:-/tmp/roadbook-diagrams}
out=${OUT:-/dev/shm/roadbook-diagrams-out}
here=$(dirname "$0")
rm -rf "$dir"
kind=${KIND:-flowchart}
python3 "$here/gen_site.py" "$pages" "$dir/gen" >/dev/null
cp -r "$dir/gen/roadbook" "$dir/plain"
if [ "${MATH:-}" = 1 ]; then
    python3 "$here/gen_site.py" "$pages" "$dir/gen-math" --math >/dev/null
    cp -r "$dir/gen-math/roadbook" "$dir/mermaid"
else
    cp -r "$dir/gen/roadbook" "$dir/mermaid"
fi
# One flowchart per page, its labels unique to the page (so nothing is shared between pages).
python3 - "$dir/mermaid/content" "$kind" <<'PY'
import os, sys
kind = sys.argv[2]
n = 0
for root, _, files in sorted(os.walk(sys.argv[1])):
    for f in sorted(files):
        if not f.endswith(".md") or f == "_index.md":
            continue
        n += 1
        if kind == "sequence":
            body = (f"sequenceDiagram\n  participant C{n} as 클라이언트 {n}\n  participant S as 서버\n"
                    f"  C{n}->>S: 요청 {n}\n  S-->>C{n}: 응답 {n}\n  C{n}->>S: 확인\n")
        else:
            body = (f"flowchart LR\n  A{n}[요청 {n}] --> B{n}{{캐시 {n}?}}\n"
                    f"  B{n} -->|예| C{n}[응답 {n}]\n  B{n} -->|아니오| D{n}[(DB {n})] --> C{n}\n")
        with open(os.path.join(root, f), "a", encoding="utf-8") as out:
            out.write(f"\n\n```mermaid\n{body}```\n")
PY
build() { # SITE COLD → CPU seconds
    rm -rf "$out"
    [ "$2" = cold ] && rm -rf "$1/.roadbook-cache"
    # The build's own user + system CPU from wait4, to the microsecond (GNU time rounds to
    # 10 ms, a twentieth of a warm build).
    (cd "$1" && python3 -c 'import os, subprocess, sys
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
sys.exit(f"build failed: {status}") if status else print(f"{usage.ru_utime + usage.ru_stime:.3f}")' "$bin" build --output "$out")
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for mode in cold warm; do
    build "$dir/plain" "$mode" >/dev/null; build "$dir/mermaid" "$mode" >/dev/null
    : >"$dir/$mode.plain"; : >"$dir/$mode.mermaid"
    for _ in $(seq "$runs"); do
        build "$dir/plain" "$mode" >>"$dir/$mode.plain"
        build "$dir/mermaid" "$mode" >>"$dir/$mode.mermaid"
    done
    p=$(median <"$dir/$mode.plain") m=$(median <"$dir/$mode.mermaid")
    echo "$mode: plain $(tr '\n' ' ' <"$dir/$mode.plain")| mermaid $(tr '\n' ' ' <"$dir/$mode.mermaid")"
    awk -v p="$p" -v m="$m" -v mode="$mode" 'BEGIN { printf "%s median CPU: plain %.3f s, with diagrams %.3f s, ratio %.3f\n", mode, p, m, m / p }'
done

#!/usr/bin/env bash
# Search benchmark: index build time and size for synthetic sites, the index as a share of the
# site's HTML, and the bytes a query fetches (raw and gzip), plus the client's query time
# under Node when `node` is installed.
#
#   bench/search_bench.sh [N...]          default: 1000 10000
#
# Environment:
#   SEED        generator seed (default 42)
#   BENCH_CACHE where generated sites are kept (default /tmp/roadbook-search-bench)
#   SEARCH_SHARD_BUDGET  shard budget in bytes for the measured index (default: roadbook's)
#   KEEP        set to keep the built sites (RAW/site-N) for e.g. the browser latency test:
#               cargo run --release --example search_latency -- RAW/site-10000
#   CARGO_TARGET_DIR  as usual
#
# Results go to stdout and to bench/results/search-<date>.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
cd "$REPO"

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)
CACHE=${BENCH_CACHE:-/tmp/roadbook-search-bench}
SEED=${SEED:-42}
TARGET=${CARGO_TARGET_DIR:-$REPO/target}

# Bare stems and terms the generator's prose uses (with particles attached), one, two and
# three terms long, Korean, English and mixed.
QUERIES=("트랜잭션" "캐시" "레플리카" "인덱스" "커넥션" "타임아웃" "서버" "메시지 큐" "격리 수준"
         "가비지 컬렉션" "redis" "kafka" "postgre" "redis 캐시" "kubernetes 배포" "서킷 브레이커")

echo "building roadbook and the search_bench example (release) ..." >&2
cargo build --release --quiet --bin roadbook --example search_bench
ROADBOOK="$TARGET/release/roadbook"
EXAMPLE="$TARGET/release/examples/search_bench"

GEN_HASH=$(sha256sum "$BENCH_DIR/gen_site.py" | cut -c1-16)
RAW=$(mktemp -d /tmp/roadbook-search-bench.XXXXXX)
if [ -n "${KEEP:-}" ]; then
    echo "keeping the built sites and indexes in $RAW" >&2
else
    trap 'rm -rf "$RAW"' EXIT
fi

for n in "${SIZES[@]}"; do
    dir="$CACHE/$n"
    stamp="gen=$GEN_HASH seed=$SEED n=$n"
    if ! { [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ] && [ -d "$dir/roadbook/content" ]; }; then
        echo "generating $n-page site in $dir ..." >&2
        mkdir -p "$dir"
        rm -f "$dir/.stamp"
        python3 "$BENCH_DIR/gen_site.py" "$n" "$dir" --seed "$SEED" >&2
        echo "$stamp" > "$dir/.stamp"
    fi
    out="$RAW/site-$n"
    echo "N=$n: roadbook build ..." >&2
    "$ROADBOOK" build --root "$dir/roadbook" --output "$out" >&2
    echo "N=$n: index build timing and queries ..." >&2
    "$EXAMPLE" "$dir/roadbook" "$RAW/index-$n" "${QUERIES[@]}" > "$RAW/bench-$n.json"
done

mkdir -p "$BENCH_DIR/results"
REPORT="$BENCH_DIR/results/search-$(date +%F).md"
[ -e "$REPORT" ] && REPORT="$BENCH_DIR/results/search-$(date +%F-%H%M%S).md"
export RAW SEED
export SIZES_LIST="${SIZES[*]}"
export CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //' || echo unknown)
export CORES=$(nproc)
export SEARCH_JS="$REPO/themes/default/static/js/search.js"
python3 - <<'EOF' | tee "$REPORT"
import datetime, gzip, json, os, pathlib, shutil, statistics, subprocess

raw = pathlib.Path(os.environ["RAW"])
sizes = [int(n) for n in os.environ["SIZES_LIST"].split()]

def gz(path):
    return len(gzip.compress(path.read_bytes(), 6))

def kib(b):
    return f"{b / 1024:,.1f} KiB"

def mib(b):
    return f"{b / 1048576:,.1f} MiB"

print(f"# Search benchmark, {datetime.date.today().isoformat()}\n")
print(f"- machine: {os.environ['CPU_MODEL']}, {os.environ['CORES']} cores")
print(f"- sites: bench/gen_site.py, seed {os.environ['SEED']}; index build: median of 7 runs of")
print("  `search::build` on the assembled site (wall time, and CPU time, which other load on the")
print("  machine inflates less)")
print(f"- shard budget: {json.loads((raw / f'bench-{sizes[0]}.json').read_text())['shard_budget']} bytes")
print("- query bytes: what a fresh page fetches for one query shown in the dropdown (8 results):")
print("  meta.json + the shards its terms read + the chunks of the 8 results; gzip -6 per file\n")

summary = []
details = []
for n in sizes:
    b = json.loads((raw / f"bench-{n}.json").read_text())
    site = raw / f"site-{n}"
    html = [p for p in site.rglob("*.html")]
    html_bytes = sum(p.stat().st_size for p in html)
    search = raw / f"index-{n}" / "search"
    files = [p for p in search.rglob("*.json")]
    index_bytes = sum(p.stat().st_size for p in files)
    index_gz = sum(gz(p) for p in files)
    per_q = []
    for q in b["queries"]:
        fetched = [(f, s) for f, s in q["files"]]
        raw_b = sum(s for _, s in fetched)
        gz_b = sum(gz(search / f) for f, _ in fetched)
        shards = [f for f, _ in fetched if f.startswith("s/")]
        chunks = [f for f, _ in fetched if f.startswith("c/")]
        gz_chunks = sum(gz(search / f) for f in chunks)
        per_q.append((q["q"], len(shards), len(chunks), raw_b, gz_b, q["results"], q["top"], gz_chunks))
    summary.append((n, b, html_bytes, len(html), index_bytes, index_gz, per_q))
    details.append((n, per_q))

print("| N | docs | index build, 1 thread | all threads | files | index size | gzip | HTML size | index / HTML |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n, b, html_bytes, html_n, ib, igz, per_q in summary:
    nfiles = 1 + b["shards"] + b["chunks"]
    print(f"| {n} | {b['docs']} | {b['build_ms_1_thread']:.0f} ms ({b['build_cpu_ms_1_thread']:.0f} ms CPU) | {b['build_ms_all_threads']:.0f} ms on {b['threads']} ({b['build_cpu_ms_all_threads']:.0f} ms CPU) | {nfiles} | {mib(ib)} | {mib(igz)} | {mib(html_bytes)} ({html_n} pages) | {100 * ib / html_bytes:.1f}% |")

print("\n| N | tokens | postings | pruned | shards (max size) | chunks (docs each) | meta.json | shards total | chunks total |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n, b, *_ in summary:
    print(f"| {n} | {b['tokens']:,} | {b['postings']:,} | {b['pruned']:,} | {b['shards']} ({kib(b['max_shard_bytes'])}) | {b['chunks']} ({b['docs_per_chunk']}) | {kib(b['meta_bytes'])} | {mib(b['shard_bytes'])} | {mib(b['chunk_bytes'])} |")

print("\nBytes fetched per query (median over the query set):\n")
print("| N | shards read | raw | gzip | of which chunks (gzip) |")
print("|---:|---:|---:|---:|---:|")
for n, per_q in details:
    med = lambda i: statistics.median(x[i] for x in per_q)
    print(f"| {n} | {med(1):.0f} | {kib(med(3))} | {kib(med(4))} | {kib(med(7))} |")

for n, per_q in details:
    print(f"\n<details><summary>N={n}: every query</summary>\n")
    print("| query | shards | chunks | raw | gzip | matches | top result |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for q, s, c, r, g, m, top, _ in per_q:
        print(f"| {q} | {s} | {c} | {kib(r)} | {kib(g)} | {m} | {top} |")
    print("\n</details>")

# The client's own query time under Node (files read from disk and parsed once, then every query
# timed again with warm caches): the CPU part of a browser query, without network.
if shutil.which("node"):
    script = r"""
const S = require(process.env.SEARCH_JS); const fs = require("fs"); const path = require("path");
const dir = process.argv[1]; const queries = JSON.parse(process.argv[2]);
const load = (p) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p.split("?")[0]), "utf8")));
(async () => {
  const cold = [], warm = [];
  for (const q of queries) {
    const e = new S.Engine(load);
    let t = process.hrtime.bigint(); await e.search(q, {}, 8); cold.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint(); await e.search(q, {}, 8); warm.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
  console.log(JSON.stringify({ cold: med(cold), warm: med(warm) }));
})();
"""
    print("\nClient query time under Node (median over the query set; cold = reading and parsing the")
    print("fetched files from disk + ranking, warm = ranking again with the files cached):\n")
    print("| N | cold | warm |")
    print("|---:|---:|---:|")
    for n, b, *_ in summary:
        qs = json.dumps([q["q"] for q in b["queries"]])
        out = subprocess.run(["node", "-e", script, "--", str(raw / f"index-{n}" / "search"), qs],
                             capture_output=True, text=True, check=True)
        t = json.loads(out.stdout)
        print(f"| {n} | {t['cold']:.1f} ms | {t['warm']:.1f} ms |")
EOF
echo "written to ${REPORT#$REPO/}" >&2

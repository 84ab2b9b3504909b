#!/usr/bin/env bash
# Times `roadbook import` of a synthetic Jekyll blog (Chirpy-style: Korean titles, YAML front
# matter with a zone, categories and tags, `highlight` blocks, `post_url` links, prompts,
# kramdown attributes, images under assets/) and its peak memory, then builds the imported
# site once to check that it builds. Prints every run and the medians.
#
# usage: bench/import_bench.sh [POSTS [RUNS]]     (defaults: 1000 posts, 5 runs)
#   ROADBOOK  the binary (default target/release/roadbook; build it with cargo build --release)
#   BENCH_DIR where the blog and the imports go (default /tmp/roadbook-import-bench)
set -euo pipefail

posts=${1:-1000}
runs=${2:-5}
bin=$(realpath "${ROADBOOK:-target/release/roadbook}")
dir=${BENCH_DIR:-/tmp/roadbook-import-bench}
[ -x "$bin" ] || { echo "import_bench.sh: no $bin (cargo build --release)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "import_bench.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

rm -rf "$dir"
mkdir -p "$dir"
python3 - "$posts" "$dir/blog" <<'EOF'
import os, sys, zlib, struct, random
n, out = int(sys.argv[1]), sys.argv[2]
random.seed(42)
os.makedirs(f"{out}/_posts", exist_ok=True)
os.makedirs(f"{out}/assets/img/posts", exist_ok=True)
open(f"{out}/_config.yml", "w").write(
    "title: 벤치 블로그\nurl: https://bench.github.io\nbaseurl: \"\"\nlang: ko-KR\ntimezone: Asia/Seoul\n"
    "defaults:\n  - scope:\n      path: \"\"\n      type: posts\n    values:\n      permalink: /posts/:title/\n"
)
def png(w, h):
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * w for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
words = "캐시 데이터베이스 인덱스 트랜잭션 스프링 레디스 쿠버네티스 도커 네트워크 운영체제 자료구조 알고리즘".split()
cats = ["Backend", "DevOps", "CS", "Database"]
tags = ["redis", "jpa", "spring", "docker", "k8s", "network", "os", "algorithm", "java", "kotlin"]
names = []
for i in range(n):
    day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
    names.append(f"{day}-post-{i:04d}-{random.choice(words)}")
for i, name in enumerate(names):
    open(f"{out}/assets/img/posts/p{i:04d}.png", "wb").write(png(8, 6))
    title = " ".join(random.choice(words) for _ in range(4))
    link = names[(i + 1) % n]
    body = [
        f"## {random.choice(words)} 개요\n",
        " ".join(random.choice(words) for _ in range(120)) + "\n",
        f"> {random.choice(words)}에 주의하자.\n{{: .prompt-tip }}\n",
        f"![그림 {i}](/assets/img/posts/p{i:04d}.png){{: width=\"700\" }}\n",
        "{% highlight python %}\ndef f(x):\n    return x * 2\n{% endhighlight %}\n",
        f"## 정리\n\n다음 글: [다음]({{% post_url {link} %}})\n",
        "```java\nString s = \"{{ not_liquid }}\";\n```\n",
    ]
    front = (
        f"---\ntitle: \"{title}\"\ndate: {name[:10]} 10:00:00 +0900\n"
        f"categories: [{random.choice(cats)}]\ntags: [{', '.join(random.sample(tags, 3))}]\n"
        f"description: {title} 정리\npin: {str(i % 50 == 0).lower()}\n---\n\n"
    )
    open(f"{out}/_posts/{name}.md", "w").write(front + "\n".join(body))
EOF

# One import: prints "WALL_SECONDS CPU_SECONDS PEAK_RSS_KB".
import_once() {
    local dest=$1
    rm -rf "$dest"
    /usr/bin/time -v "$bin" import "$dir/blog" "$dest" 2>"$dir/time.txt" >/dev/null
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
        /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
        END { printf "%.3f %.3f %d\n", wall, user + sys, rss }' "$dir/time.txt"
}

import_once "$dir/warmup" >/dev/null
results=$(for i in $(seq "$runs"); do import_once "$dir/site-$i"; done)
echo "run  wall_s  cpu_s  peak_rss_kb"
echo "$results" | awk '{ printf "%3d  %6.3f  %5.3f  %d\n", NR, $1, $2, $3 }'
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "median of $runs imports of $posts posts: wall $(echo "$results" | cut -d' ' -f1 | median) s," \
    "cpu $(echo "$results" | cut -d' ' -f2 | median) s, peak RSS $(echo "$results" | cut -d' ' -f3 | median) KB"
# The imported site must build.
"$bin" build --root "$dir/site-1" --output "$dir/public" | tail -1

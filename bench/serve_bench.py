#!/usr/bin/env python3
"""Edit → served latency of the dev server: roadbook serve against hugo server.

    bench/serve_bench.py [N ...]        (default: 1000 10000)

For each N it copies the synthetic site (bench/gen_site.py output, cached in
/tmp/roadbook-bench/N) to a scratch folder, starts `roadbook serve` and `hugo server` on
127.0.0.1, waits for the first build, then EDITS times: appends a unique sentence to a topic's
Markdown, notes the time of the write, and polls the topic's URL over HTTP until the sentence is
in the page. The latency is from the write to the first response that contains it. Reports the
median and spread per tool, the serve process's peak memory, and the roadbook/Hugo ratio.

Environment: ROADBOOK (default target/release/roadbook), HUGO (default: hugo on PATH),
EDITS (default 7), BENCH_CACHE (default /tmp/roadbook-bench).
"""
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROADBOOK = os.environ.get("ROADBOOK", os.path.join(REPO, "target/release/roadbook"))
HUGO = os.environ.get("HUGO", shutil.which("hugo") or "hugo")
EDITS = int(os.environ.get("EDITS", "7"))
CACHE = os.environ.get("BENCH_CACHE", "/tmp/roadbook-bench")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def wait_for(url, needle, timeout):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if needle in fetch(url):
            return time.monotonic()
        time.sleep(0.002)
    raise TimeoutError(f"{needle!r} never appeared at {url}")


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def measure(name, cmd, cwd, topic_file, url, startup_timeout):
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        t0 = time.monotonic()
        # The first build is done when the topic page answers.
        while not fetch(url):
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}")
            if time.monotonic() - t0 > startup_timeout:
                raise TimeoutError(f"{name} did not serve {url}")
            time.sleep(0.05)
        startup = time.monotonic() - t0
        time.sleep(1.0)
        latencies = []
        for k in range(EDITS):
            marker = f"latency-marker-{name}-{k}-{int(time.time() * 1000)}"
            with open(topic_file, "a", encoding="utf-8") as f:
                f.write(f"\n\n{marker} 문장을 추가합니다.\n")
            t_write = time.monotonic()
            t_seen = wait_for(url, marker, 120)
            latencies.append((t_seen - t_write) * 1000)
            time.sleep(0.5)
        return startup, latencies, peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    rows = []
    for n in sizes:
        source = os.path.join(CACHE, str(n))
        if not os.path.isdir(source):
            subprocess.run([sys.executable, os.path.join(REPO, "bench/gen_site.py"), str(n), source], check=True)
        with tempfile.TemporaryDirectory(prefix=f"serve-bench-{n}-") as scratch:
            rb = os.path.join(scratch, "roadbook")
            hg = os.path.join(scratch, "hugo")
            shutil.copytree(os.path.join(source, "roadbook"), rb, ignore=shutil.ignore_patterns(".roadbook-cache"))
            shutil.copytree(os.path.join(source, "hugo"), hg)
            topic = "t00003"
            results = {}
            port = free_port()
            results["roadbook"] = measure(
                "roadbook",
                [ROADBOOK, "serve", "--root", rb, "--port", str(port)],
                rb,
                os.path.join(rb, "content/topics", f"{topic}.md"),
                f"http://127.0.0.1:{port}/topics/{topic}/",
                600,
            )
            port = free_port()
            results["hugo"] = measure(
                "hugo",
                [HUGO, "server", "--source", hg, "--port", str(port), "--bind", "127.0.0.1", "--disableLiveReload", "--quiet"],
                hg,
                os.path.join(hg, "content/topics", f"{topic}.md"),
                f"http://127.0.0.1:{port}/topics/{topic}/",
                900,
            )
        for tool, (startup, lat, rss) in results.items():
            rows.append((n, tool, startup, statistics.median(lat), min(lat), max(lat), rss))
    hugo_version = subprocess.run([HUGO, "version"], capture_output=True, text=True).stdout.strip()
    print(f"edits per tool: {EDITS}; hugo: {hugo_version}")
    print("| N | tool | first build (s) | edit→served median (ms) | min | max | peak RSS (MB) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, tool, startup, med, lo, hi, rss in rows:
        print(f"| {n} | {tool} | {startup:.1f} | {med:.0f} | {lo:.0f} | {hi:.0f} | {rss:.0f} |")
    for n in sizes:
        r = {tool: med for (m, tool, _, med, _, _, _) in rows if m == n}
        if "roadbook" in r and "hugo" in r and r["hugo"]:
            print(f"N={n}: roadbook/hugo median latency ratio {r['roadbook'] / r['hugo']:.2f}")


if __name__ == "__main__":
    main()

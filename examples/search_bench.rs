//! Search index figures for `bench/search_bench.sh`: index build time (one thread and all
//! threads), file sizes, and the files each query of a set fetches.
//!
//!     cargo run --release --example search_bench -- SITE_ROOT OUT_DIR [QUERY...]
//!
//! Writes the index files under OUT_DIR (`OUT_DIR/search/…`) and prints one JSON object on
//! stdout. `SEARCH_SHARD_BUDGET` (bytes) overrides the shard budget, `SEARCH_BENCH_RUNS` the
//! number of timed builds (default 7).

use std::time::{Duration, Instant};

use roadbook::assemble::{Site, SiteOptions};
use roadbook::build::highlighter_for;
use roadbook::diagnostics::Diagnostics;
use roadbook::search::index::{Budget, build_with};
use roadbook::search::query::{Filter, Memory, Searcher};
use serde_json::json;

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

/// CPU time of the calling thread (Linux `schedstat`), which, unlike wall time, does not
/// grow when other processes compete for the cores.
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns = stat.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0);
    Duration::from_nanos(ns)
}

/// CPU time of the whole process (user + system, clock-tick resolution).
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 (utime, stime) are the 12th and 13th after the command name.
    let field = |i: usize| f.get(i).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0);
    let ticks = field(11) + field(12);
    Duration::from_millis(ticks * 10)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: search_bench SITE_ROOT OUT_DIR [QUERY...]";
    let root = std::path::PathBuf::from(args.next().expect(usage));
    let out = std::path::PathBuf::from(args.next().expect(usage));
    let queries: Vec<String> = args.collect();

    let mut diags = Diagnostics::new();
    let started = Instant::now();
    let site = Site::assemble(&root, &SiteOptions::default(), &highlighter_for(&root), &mut diags)
        .expect("the site assembles");
    let assemble_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(!diags.has_errors(), "the site has errors");

    let mut budget = Budget::default();
    if let Some(bytes) = std::env::var("SEARCH_SHARD_BUDGET").ok().and_then(|b| b.parse().ok()) {
        budget.shard = bytes;
    }
    let build = |site: &Site| build_with(&site.search_corpus(), budget);
    let runs: usize = std::env::var("SEARCH_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let (single_wall, single_cpu): (Vec<Duration>, Vec<Duration>) = (0..runs)
        .map(|_| {
            one.install(|| {
                let (t, c) = (Instant::now(), thread_cpu());
                std::hint::black_box(build(&site));
                (t.elapsed(), thread_cpu() - c)
            })
        })
        .unzip();
    let (all_wall, all_cpu): (Vec<Duration>, Vec<Duration>) = (0..runs)
        .map(|_| {
            let (t, c) = (Instant::now(), process_cpu());
            std::hint::black_box(build(&site));
            (t.elapsed(), process_cpu() - c)
        })
        .unzip();
    let index = build(&site);
    let s = &index.stats;
    for (path, bytes) in &index.files {
        let file = out.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }

    let searcher = Searcher::open(Memory(&index.files)).unwrap();
    let per_query: Vec<_> = queries
        .iter()
        .map(|q| {
            // Each query as a fresh page load would run it: nothing cached.
            let searcher = Searcher::open(Memory(&index.files)).unwrap();
            let hits = searcher.search(q, &Filter::default(), 8);
            json!({
                "q": q,
                "results": searcher.rank(q, &Filter::default()).2.len(),
                "top": hits.first().map(|h| h.link.clone()),
                "files": searcher.fetched(),
            })
        })
        .collect();
    drop(searcher);

    println!(
        "{}",
        json!({
            "docs": s.docs,
            "assemble_ms": assemble_ms,
            "build_ms_1_thread": median(single_wall),
            "build_cpu_ms_1_thread": median(single_cpu),
            "build_ms_all_threads": median(all_wall),
            "build_cpu_ms_all_threads": median(all_cpu),
            "threads": rayon::current_num_threads(),
            "shard_budget": budget.shard,
            "tokens": s.tokens,
            "postings": s.postings,
            "pruned": s.pruned,
            "shards": s.shards,
            "max_shard_bytes": s.max_shard_bytes,
            "chunks": s.chunks,
            "docs_per_chunk": s.docs_per_chunk,
            "meta_bytes": s.meta_bytes,
            "shard_bytes": s.shard_bytes,
            "chunk_bytes": s.chunk_bytes,
            "queries": per_query,
        })
    );
}

//! Search query latency in headless Chromium, on a built site of your choice:
//!
//! ```sh
//! cargo run --release --example search_latency -- /tmp/out-10k
//! ```
//!
//! Serves the folder at `/`, and for each query opens a fresh `/search/` page and times
//! `roadbook.search(q)` (fetching meta.json, the shards and the 8 results' chunks from the local
//! server, then ranking) and the same query again (files cached). Prints medians. Used for the
//! figures in docs/performance.md; not a test.

#[path = "../tests/support/mod.rs"]
mod support; // allows its own dead code: each user takes only some of it

use std::time::Duration;

use serde_json::json;
use support::StaticServer;
use support::browser::Browser;

const WAIT: Duration = Duration::from_secs(30);

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: search_latency SITE_DIR (a built site served at /)");
        std::process::exit(2);
    };
    let Some(b) = Browser::launch() else {
        std::process::exit(2);
    };
    let server = StaticServer::start(&dir, "/");
    let queries = [
        "트랜잭션",
        "캐시",
        "레플리카",
        "인덱스",
        "커넥션",
        "타임아웃",
        "서버",
        "메시지 큐",
        "격리 수준",
        "가비지 컬렉션",
        "redis",
        "kafka",
        "postgre",
        "redis 캐시",
        "kubernetes 배포",
        "서킷 브레이커",
    ];
    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    for q in queries {
        b.goto(&server.url("search/"));
        b.wait_for("window.roadbook && window.roadbook.search", WAIT);
        for times in [&mut cold, &mut warm] {
            b.execute(
                "window.__took = null;
                 const t0 = performance.now();
                 window.roadbook.search(arguments[0]).then(() => {
                   window.__took = performance.now() - t0;
                 });",
                &[json!(q)],
            );
            b.wait_for("window.__took !== null", WAIT);
            times.push(b.execute("return window.__took;", &[]).as_f64().unwrap_or(f64::NAN));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "browser query latency over {} queries: first run {:.1} ms, again {:.1} ms (medians)",
        queries.len(),
        median(&mut cold),
        median(&mut warm)
    );
}

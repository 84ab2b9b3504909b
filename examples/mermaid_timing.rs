//! Times roadbook's own flowchart drawing against mermaid-rs-renderer's on a few charts.
//!
//! `cargo run --release --example mermaid_timing` — prints per chart the mean time of each
//! (parse included) and the SVG sizes.

use std::time::Instant;

const CHARTS: [(&str, &str); 4] = [
    (
        "bench: 4 nodes, 2 labels",
        "flowchart LR\n  A1[요청 1] --> B1{캐시 1?}\n  B1 -->|예| C1[응답 1]\n  B1 -->|아니오| D1[(DB 1)] --> C1\n",
    ),
    ("TD chain of 8", "flowchart TD\n  A-->B-->C-->D-->E-->F-->G-->H\n"),
    (
        "docs: 5 nodes, 2 labels",
        "flowchart LR\n  R[요청] --> H{캐시에 있나?}\n  H -->|예| C[캐시에서 응답]\n  H -->|아니오| D[(DB 조회)] --> W[캐시에 저장] --> C\n",
    ),
    ("30 nodes", ""),
];

/// A 30-node chart: a binary-ish tree with some cross links and labels.
fn thirty() -> String {
    let mut s = String::from("flowchart TD\n");
    for i in 1..30 {
        let parent = (i - 1) / 2;
        if i % 5 == 0 {
            s.push_str(&format!("  N{parent}[단계 {parent}] -->|조건 {i}| N{i}[단계 {i}]\n"));
        } else {
            s.push_str(&format!("  N{parent}[단계 {parent}] --> N{i}[단계 {i}]\n"));
        }
    }
    for i in (3..27).step_by(6) {
        s.push_str(&format!("  N{i} -.-> N{}\n", i + 3));
    }
    s
}

fn time(runs: u32, f: impl Fn() -> usize) -> (f64, usize) {
    let len = f();
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(f());
    }
    (t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs), len)
}

fn main() {
    let big = thirty();
    for (name, source) in CHARTS {
        let source = if source.is_empty() { big.as_str() } else { source };
        let (own, own_len) = time(500, || roadbook::draw_mermaid(source).map_or(0, |s| s.len()));
        let options = mermaid_rs_renderer::RenderOptions::modern();
        let (theirs, their_len) = time(20, || {
            mermaid_rs_renderer::render_strict(source, options.clone()).map_or(0, |s| s.len())
        });
        println!("{name:26} roadbook {own:7.3} ms {own_len:6} B   mermaid-rs-renderer {theirs:7.2} ms {their_len:6} B");
    }
}

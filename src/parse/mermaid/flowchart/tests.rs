//! The layout's promises, checked on the laid-out geometry.

use super::route::{Placed, Point, outline, sample};
use super::*;

fn chart(source: &str) -> Chart {
    let parsed = mermaid_rs_renderer::parse_mermaid_strict(source).unwrap();
    Chart::from_ir(&parsed.graph).expect("drawn by roadbook")
}

fn laid(source: &str) -> (Chart, Layout) {
    let c = chart(source);
    let l = layout(&c);
    (c, l)
}

type Box4 = (f64, f64, f64, f64);

fn node_box(n: &Placed) -> Box4 {
    (n.x - n.w / 2.0, n.y - n.h / 2.0, n.x + n.w / 2.0, n.y + n.h / 2.0)
}

fn overlap(a: Box4, b: Box4) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

fn label_boxes(c: &Chart, l: &Layout) -> Vec<Box4> {
    c.edges
        .iter()
        .zip(&l.labels)
        .filter_map(|(e, at)| {
            at.map(|(x, y)| {
                (
                    x - e.label_w / 2.0,
                    y - e.label_h / 2.0,
                    x + e.label_w / 2.0,
                    y + e.label_h / 2.0,
                )
            })
        })
        .collect()
}

const SAMPLES: [&str; 5] = [
    "flowchart LR\n  R[요청] --> H{캐시에 있나?}\n  H -->|예| C[캐시에서 응답]\n  H -->|아니오| D[(DB 조회)] --> W[캐시에 저장] --> C",
    "flowchart TD\n A --> B & C & D\n B -->|하나| E\n C -->|둘| E\n D -->|셋| E\n A -->|긴 간선| E\n E --> F((끝))",
    "graph BT\n A-->B-->C-->A\n C-->D{{육각}}\n D-.->|점선|A",
    "flowchart RL\n A[/평행/] ==> B[\\대체\\] --o C>비대칭] --x D([경기장])\n A <--> D",
    "flowchart TD\n S[시작] --> P{조건}\n P -->|참| X[[처리]]\n P -->|거짓| Y[(저장)]\n X --> Z\n Y --> Z\n Z --> S",
];

#[test]
fn no_two_nodes_overlap() {
    for src in SAMPLES {
        let (_, l) = laid(src);
        for (i, a) in l.nodes.iter().enumerate() {
            for b in &l.nodes[i + 1..] {
                assert!(!overlap(node_box(a), node_box(b)), "{src}: {a:?} overlaps {b:?}");
            }
        }
    }
}

#[test]
fn no_label_overlaps_a_node_or_another_label() {
    for src in SAMPLES {
        let (c, l) = laid(src);
        let labels = label_boxes(&c, &l);
        assert_eq!(labels.len(), c.edges.iter().filter(|e| !e.lines.is_empty()).count());
        for (i, a) in labels.iter().enumerate() {
            for n in &l.nodes {
                assert!(!overlap(*a, node_box(n)), "{src}: label {a:?} on node {n:?}");
            }
            for b in &labels[i + 1..] {
                assert!(!overlap(*a, *b), "{src}: labels {a:?} and {b:?}");
            }
        }
    }
}

/// Distance from `p` to the outline of `n` along the ray from its centre.
fn off_outline(n: &Placed, p: Point) -> f64 {
    let on = outline(n, p);
    (on.0 - p.0).hypot(on.1 - p.1)
}

#[test]
fn every_path_starts_and_ends_on_its_nodes_outlines() {
    for src in SAMPLES {
        let (c, l) = laid(src);
        for (e, path) in c.edges.iter().zip(&l.paths) {
            let (from, to) = (&l.nodes[e.from], &l.nodes[e.to]);
            assert!(
                off_outline(from, path[0]) < 1.0,
                "{src}: start {:?} off {from:?}",
                path[0]
            );
            assert!(off_outline(to, *path.last().unwrap()) < 1.0, "{src}: end off {to:?}");
        }
    }
}

#[test]
fn ranks_go_the_way_the_header_says() {
    let centre = |src: &str| {
        let (_, l) = laid(src);
        ((l.nodes[0].x, l.nodes[0].y), (l.nodes[1].x, l.nodes[1].y))
    };
    let ((ax, ay), (bx, by)) = centre("flowchart TD\n A --> B");
    assert!(by > ay && (ax - bx).abs() < 1e-6);
    let ((_, ay), (_, by)) = centre("flowchart BT\n A --> B");
    assert!(by < ay);
    let ((ax, ay), (bx, by)) = centre("flowchart LR\n A --> B");
    assert!(bx > ax && (ay - by).abs() < 1e-6);
    let ((ax, _), (bx, _)) = centre("flowchart RL\n A --> B");
    assert!(bx < ax);
}

#[test]
fn a_cycle_draws_with_its_arrow_the_right_way() {
    let (c, l) = laid("flowchart TD\n A --> B --> C --> A");
    assert_eq!(l.paths.len(), 3);
    // C → A goes up: it leaves C (the lowest) and arrives at A (the highest).
    let back = &l.paths[2];
    assert!(back[0].1 > back.last().unwrap().1, "{back:?}");
    assert!(off_outline(&l.nodes[c.edges[2].to], *back.last().unwrap()) < 1.0);
}

#[test]
fn a_long_edge_goes_around_the_nodes_between() {
    let src = "flowchart TD\n A --> B --> C --> D\n A --> D";
    let (_, l) = laid(src);
    for p in sample(&l.paths[3], 16) {
        for n in &l.nodes[1..3] {
            let (x0, y0, x1, y1) = node_box(n);
            assert!(!(p.0 > x0 && p.0 < x1 && p.1 > y0 && p.1 < y1), "{p:?} inside {n:?}");
        }
    }
}

#[test]
fn the_same_source_draws_the_same_svg() {
    for src in SAMPLES {
        let parsed = mermaid_rs_renderer::parse_mermaid_strict(src).unwrap();
        assert_eq!(svg(&parsed.graph), svg(&parsed.graph));
        let again = mermaid_rs_renderer::parse_mermaid_strict(src).unwrap();
        assert_eq!(svg(&parsed.graph), svg(&again.graph));
    }
}

#[test]
fn subgraphs_and_styles_fall_back() {
    for src in [
        "flowchart TD\n subgraph 묶음\n A --> B\n end",
        "flowchart TD\n A --> B\n classDef hot fill:#f00\n class A hot",
        "flowchart TD\n A --> B\n style A fill:#f00",
        "flowchart TD\n A --> A",
    ] {
        let parsed = mermaid_rs_renderer::parse_mermaid_strict(src).unwrap();
        assert!(svg(&parsed.graph).is_none(), "{src}");
    }
}

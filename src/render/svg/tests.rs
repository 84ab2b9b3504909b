//! The drawings are parsed back as XML and checked for structure and geometry: what a reader
//! would see (one link per topic, one arrow per `requires`), and what they must never see
//! (overlapping boxes, arrows through boxes, text overflowing its box).

use std::collections::{BTreeMap, BTreeSet};

use roxmltree::Document;

use super::draw::{LINE, MAX_LINES, NODE_PAD_X};
use super::text;
use super::*;

// ---------------------------------------------------------------------------------------------
// Fixtures

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// A band as written in a fixture: id, title, duration, parallel, topic ids.
type BandSpec = (
    &'static str,
    &'static str,
    Option<&'static str>,
    bool,
    Vec<&'static str>,
);

/// Builds a roadmap from ids; topic urls are `/topics/ID/`, stage urls `/stages/ID/`.
fn roadmap(
    bands: Vec<BandSpec>,
    topics: &[(&'static str, &'static str)],
    requires: &[(&'static str, &'static str)],
) -> Roadmap<'static> {
    let index: BTreeMap<&str, usize> = topics.iter().enumerate().map(|(i, t)| (t.0, i)).collect();
    Roadmap {
        stages: bands
            .into_iter()
            .map(|(id, title, duration, parallel, ids)| Band {
                id,
                title,
                duration,
                url: format!("/stages/{id}/"),
                parallel,
                topics: ids.iter().map(|t| index[t]).collect(),
            })
            .collect(),
        topics: topics
            .iter()
            .map(|&(id, title)| Node {
                id,
                title,
                url: format!("/topics/{id}/"),
            })
            .collect(),
        requires: requires.iter().map(|(t, p)| (index[t], index[p])).collect(),
        title: "학습 로드맵",
        description: "단계별 주제와 선수 관계",
        parallel_label: "병행",
    }
}

const SAMPLE_TOPICS: &[(&str, &str)] = &[
    ("lang", "프로그래밍 언어 마스터하기"),
    ("git", "Git과 협업 워크플로"),
    ("linux", "리눅스와 터미널 기초"),
    ("network", "네트워크 기초: HTTP와 TCP/IP"),
    ("ds", "자료구조와 알고리즘"),
    ("os", "운영체제 핵심 개념"),
    ("web-framework", "웹 프레임워크로 API 만들기"),
    ("rdb", "관계형 데이터베이스와 SQL"),
    ("orm", "ORM과 트랜잭션"),
    ("auth", "인증/인가와 웹 보안"),
    ("rest", "REST API 설계"),
    ("testing", "테스트 작성: 단위·통합 테스트"),
    ("caching", "캐싱 전략과 Redis"),
    ("nosql", "NoSQL: MongoDB와 Redis"),
    ("mq", "메시지 큐: Kafka와 RabbitMQ"),
    ("indexing", "인덱스와 쿼리 최적화"),
    ("concurrency", "동시성과 비동기 프로그래밍"),
    ("docker", "Docker와 컨테이너"),
    ("k8s", "Kubernetes 입문"),
    ("cicd", "CI/CD 파이프라인 구축"),
    ("arch", "아키텍처 패턴: DDD, Clean, Hexagonal"),
    ("msa", "마이크로서비스와 분산 시스템"),
    ("observability", "모니터링과 관측 가능성"),
    ("reading", "기술 서적 읽기와 정리"),
    ("english", "개발 영어 문서 읽기"),
    ("blog", "학습 블로그 운영하기"),
];

const SAMPLE_REQUIRES: &[(&str, &str)] = &[
    ("git", "linux"),
    ("web-framework", "lang"),
    ("web-framework", "network"),
    ("rdb", "ds"),
    ("orm", "rdb"),
    ("orm", "web-framework"),
    ("auth", "web-framework"),
    ("auth", "network"),
    ("rest", "web-framework"),
    ("rest", "english"),
    ("testing", "web-framework"),
    ("caching", "rdb"),
    ("nosql", "rdb"),
    ("mq", "concurrency"),
    ("indexing", "rdb"),
    ("concurrency", "os"),
    ("docker", "linux"),
    ("k8s", "docker"),
    ("cicd", "docker"),
    ("cicd", "testing"),
    ("arch", "rest"),
    ("arch", "orm"),
    ("arch", "reading"),
    ("msa", "arch"),
    ("msa", "mq"),
    ("msa", "k8s"),
    ("observability", "k8s"),
    ("blog", "reading"),
];

/// A realistic roadmap: five bands (the last parallel), 26 topics, arrows within bands, across
/// bands and up from the parallel band.
fn sample() -> Roadmap<'static> {
    roadmap(
        vec![
            (
                "basics",
                "1단계 · 기초 다지기",
                Some("3개월"),
                false,
                vec!["lang", "git", "linux", "network", "ds", "os"],
            ),
            (
                "backend",
                "2단계 · 웹 백엔드 핵심",
                Some("4개월"),
                false,
                vec!["web-framework", "rdb", "orm", "auth", "rest", "testing"],
            ),
            (
                "data",
                "3단계 · 데이터와 성능",
                Some("3개월"),
                false,
                vec!["caching", "nosql", "mq", "indexing", "concurrency"],
            ),
            (
                "ops",
                "4단계 · 아키텍처와 운영",
                Some("4개월"),
                false,
                vec!["docker", "k8s", "cicd", "arch", "msa", "observability"],
            ),
            (
                "parallel",
                "병행 트랙 · 꾸준히",
                Some("상시"),
                true,
                vec!["reading", "english", "blog"],
            ),
        ],
        SAMPLE_TOPICS,
        SAMPLE_REQUIRES,
    )
}

/// Deterministic pseudo-random numbers for generated fixtures.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// `n` topics in bands of `per_band`, with about `edges` arrows to earlier topics (and a few to
/// later bands, as the parallel track gets).
fn generated(n: usize, per_band: usize, edges: usize) -> Roadmap<'static> {
    let mut rng = Lcg(7);
    let titles = [
        "캐싱 전략과 Redis",
        "HTTP",
        "아키텍처 패턴: DDD, Clean, Hexagonal",
        "동시성",
    ];
    let topics: Vec<Node<'static>> = (0..n)
        .map(|i| Node {
            id: leak(format!("t{i}")),
            title: leak(format!("{} {i}", titles[i % titles.len()])),
            url: format!("/topics/t{i}/"),
        })
        .collect();
    let bands = n.div_ceil(per_band);
    let stages = (0..bands)
        .map(|b| Band {
            id: leak(format!("s{b}")),
            title: leak(format!("{}단계", b + 1)),
            duration: (b % 2 == 0).then_some("2개월"),
            url: format!("/stages/s{b}/"),
            parallel: b + 1 == bands,
            topics: (b * per_band..((b + 1) * per_band).min(n)).collect(),
        })
        .collect();
    let mut requires = Vec::new();
    for _ in 0..edges {
        let t = 1 + rng.below(n - 1);
        // Mostly nearby earlier topics, sometimes far, sometimes in the last band.
        let p = match rng.below(10) {
            0 => n - 1 - rng.below(per_band.min(n - 1 - t).max(1)),
            1..=2 => rng.below(t),
            _ => t - 1 - rng.below(t.min(12)),
        };
        if p != t {
            requires.push((t, p));
        }
    }
    Roadmap {
        stages,
        topics,
        requires,
        title: "로드맵",
        description: "",
        parallel_label: "병행",
    }
}

/// The prerequisite of a topic in stage 2 lives in the parallel band drawn below it.
fn later_band() -> Roadmap<'static> {
    roadmap(
        vec![
            ("one", "하나", None, false, vec!["a", "b"]),
            ("two", "둘", Some("1개월"), false, vec!["c", "d", "e"]),
            ("side", "병행", None, true, vec!["p", "q"]),
        ],
        &[
            ("a", "A"),
            ("b", "B"),
            ("c", "C"),
            ("d", "D"),
            ("e", "E"),
            ("p", "영어 문서 읽기"),
            ("q", "Q"),
        ],
        &[("c", "a"), ("d", "p"), ("e", "q"), ("b", "p"), ("q", "p")],
    )
}

/// Forty topics in one band, each requiring the one four before it and some further back.
fn forty() -> Roadmap<'static> {
    let ids: Vec<&'static str> = (0..40).map(|i| leak(format!("t{i}"))).collect();
    let topics: Vec<(&'static str, &'static str)> = ids
        .iter()
        .enumerate()
        .map(|(i, &id)| (id, leak(format!("주제 {i}: 꽤 긴 제목을 가진 학습 주제"))))
        .collect();
    let mut requires = Vec::new();
    for i in 1..40 {
        requires.push((ids[i], ids[i - 1]));
        if i >= 9 {
            requires.push((ids[i], ids[i - 9]));
        }
    }
    roadmap(
        vec![("all", "모든 주제", Some("1년"), false, ids.clone())],
        &topics,
        &requires,
    )
}

/// A band without topics between two that are linked across it.
fn with_empty_band() -> Roadmap<'static> {
    roadmap(
        vec![
            ("one", "하나", None, false, vec!["a", "b", "c"]),
            (
                "empty",
                "아직 주제가 정해지지 않아 비어 있는 단계입니다",
                Some("미정"),
                false,
                vec![],
            ),
            ("three", "셋", None, false, vec!["d", "e"]),
        ],
        &[("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"), ("e", "E")],
        &[("d", "a"), ("e", "c"), ("e", "b")],
    )
}

fn fixtures() -> Vec<(&'static str, Roadmap<'static>)> {
    vec![
        ("sample", sample()),
        ("later band", later_band()),
        ("forty", forty()),
        ("empty band", with_empty_band()),
        ("generated", generated(150, 11, 260)),
    ]
}

// ---------------------------------------------------------------------------------------------
// Reading a drawing back

#[derive(Debug, Clone, Copy, PartialEq)]
struct Box2 {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Box2 {
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
    fn overlaps(&self, o: &Box2) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    fn contains(&self, o: &Box2) -> bool {
        o.x >= self.x && o.right() <= self.right() && o.y >= self.y && o.bottom() <= self.bottom()
    }
    fn shrunk(&self, by: f64) -> Box2 {
        Box2 {
            x: self.x + by,
            y: self.y + by,
            w: self.w - 2.0 * by,
            h: self.h - 2.0 * by,
        }
    }
    /// Whether the axis-aligned segment `a`–`b` enters the box's interior.
    fn hit_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        x1 > self.x && x0 < self.right() && y1 > self.y && y0 < self.bottom()
    }
    /// Whether `p` lies on the box's outline (within 0.1 px).
    fn on_border(&self, p: (f64, f64)) -> bool {
        let near = |a: f64, b: f64| (a - b).abs() < 0.1;
        let within = |v: f64, lo: f64, hi: f64| v > lo - 0.1 && v < hi + 0.1;
        ((near(p.0, self.x) || near(p.0, self.right())) && within(p.1, self.y, self.bottom()))
            || ((near(p.1, self.y) || near(p.1, self.bottom())) && within(p.0, self.x, self.right()))
    }
}

#[derive(Debug)]
struct DrawnNode {
    id: String,
    href: String,
    class: String,
    requires: String,
    current: bool,
    title: String,
    rect: Box2,
    lines: Vec<String>,
    has_mark: bool,
}

#[derive(Debug)]
struct DrawnEdge {
    class: String,
    from: String,
    to: String,
    marker: Option<String>,
    points: Vec<(f64, f64)>,
}

#[derive(Debug)]
struct DrawnBand {
    id: String,
    class: String,
    rect: Box2,
    title: String,
    url: String,
    title_at: (f64, f64),
    badge: Option<(String, Box2)>,
    duration: Option<(String, f64)>,
}

#[derive(Debug)]
struct Drawing {
    view: (f64, f64),
    nodes: Vec<DrawnNode>,
    edges: Vec<DrawnEdge>,
    bands: Vec<DrawnBand>,
}

impl Drawing {
    fn node(&self, id: &str) -> &DrawnNode {
        self.nodes
            .iter()
            .find(|n| n.id == id)
            .unwrap_or_else(|| panic!("no node {id}"))
    }

    /// Everything an arrow must not pass through: node boxes, and band headers (title, badge,
    /// duration, as wide as estimated).
    fn obstacles(&self) -> Vec<Box2> {
        let mut boxes: Vec<Box2> = self.nodes.iter().map(|n| n.rect).collect();
        for band in &self.bands {
            let end = band.title_at.0 + text::bold_width(&band.title, 16.0);
            if let Some((_, r)) = &band.badge {
                boxes.push(*r);
            }
            boxes.push(Box2 {
                x: band.title_at.0,
                y: band.title_at.1 - 16.0,
                w: end - band.title_at.0,
                h: 20.0,
            });
            if let Some((d, x)) = &band.duration {
                // Right-aligned at `x`.
                let w = text::width(d, 13.0);
                boxes.push(Box2 {
                    x: x - w,
                    y: band.title_at.1 - 14.0,
                    w,
                    h: 18.0,
                });
            }
        }
        boxes
    }
}

fn num(node: roxmltree::Node<'_, '_>, attr: &str) -> f64 {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("{} without {attr}", node.tag_name().name()))
        .parse()
        .unwrap()
}

fn rect_of(node: roxmltree::Node<'_, '_>) -> Box2 {
    Box2 {
        x: num(node, "x"),
        y: num(node, "y"),
        w: num(node, "width"),
        h: num(node, "height"),
    }
}

fn has_class(node: roxmltree::Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, tag: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.tag_name().name() == tag)
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap_or(""))
        .collect()
}

/// The points of an orthogonal path written with `M`, `H` and `V` only.
fn points(d: &str) -> Vec<(f64, f64)> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in d.chars() {
        if c.is_ascii_alphabetic() || c == ' ' || c == ',' {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            if c.is_ascii_alphabetic() {
                tokens.push(c.to_string());
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut i = 0;
    let arg = |i: usize| -> f64 { tokens[i].parse().unwrap_or_else(|_| panic!("bad path {d}")) };
    while i < tokens.len() {
        let last = out.last().copied().unwrap_or((0.0, 0.0));
        match tokens[i].as_str() {
            "M" => {
                assert!(out.is_empty(), "path {d} moves twice");
                out.push((arg(i + 1), arg(i + 2)));
                i += 3;
            }
            "H" => {
                out.push((arg(i + 1), last.1));
                i += 2;
            }
            "V" => {
                out.push((last.0, arg(i + 1)));
                i += 2;
            }
            other => panic!("path {d} uses {other}: not orthogonal"),
        }
    }
    out
}

fn parse(svg: &str) -> Drawing {
    let doc = Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let view: Vec<f64> = root
        .attribute("viewBox")
        .expect("viewBox")
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(&view[..2], &[0.0, 0.0]);
    let nodes = root
        .descendants()
        .filter(|n| n.tag_name().name() == "a" && has_class(*n, "node"))
        .map(|a| {
            let label = a
                .children()
                .find(|c| c.tag_name().name() == "text" && !has_class(*c, "mark"))
                .expect("label");
            DrawnNode {
                id: a.attribute("data-topic").expect("data-topic").to_string(),
                href: a.attribute("href").expect("href").to_string(),
                class: a.attribute("class").unwrap().to_string(),
                requires: a.attribute("data-requires").expect("data-requires").to_string(),
                current: has_class(a, "is-current"),
                title: text_of(child(a, "title").expect("title")),
                rect: rect_of(child(a, "rect").expect("rect")),
                lines: label
                    .children()
                    .filter(|c| c.tag_name().name() == "tspan")
                    .map(text_of)
                    .collect(),
                has_mark: a
                    .children()
                    .any(|c| c.tag_name().name() == "text" && has_class(c, "mark") && text_of(c).is_empty()),
            }
        })
        .collect();
    let edges = root
        .descendants()
        .filter(|n| n.tag_name().name() == "path" && has_class(*n, "edge"))
        .map(|p| DrawnEdge {
            class: p.attribute("class").unwrap().to_string(),
            from: p.attribute("data-from").expect("data-from").to_string(),
            to: p.attribute("data-to").expect("data-to").to_string(),
            marker: p.attribute("marker-end").map(str::to_string),
            points: points(p.attribute("d").expect("d")),
        })
        .collect();
    let bands = root
        .descendants()
        .filter(|g| g.tag_name().name() == "g" && g.has_attribute("data-stage"))
        .map(|g| {
            let link = child(g, "a").expect("band link");
            let title = child(link, "text").expect("band title");
            assert!(has_class(title, "band-title"));
            let badge = g
                .children()
                .find(|c| has_class(*c, "band-badge"))
                .map(|b| (text_of(child(b, "text").unwrap()), rect_of(child(b, "rect").unwrap())));
            let duration = g
                .children()
                .find(|c| has_class(*c, "band-duration"))
                .map(|d| (text_of(d), num(d, "x")));
            let rect = child(g, "rect").expect("band rect");
            DrawnBand {
                id: g.attribute("data-stage").unwrap().to_string(),
                class: rect.attribute("class").unwrap().to_string(),
                rect: rect_of(rect),
                title: text_of(title),
                url: link.attribute("href").unwrap().to_string(),
                title_at: (num(title, "x"), num(title, "y")),
                badge,
                duration,
            }
        })
        .collect();
    Drawing {
        view: (view[2], view[3]),
        nodes,
        edges,
        bands,
    }
}

/// The `(topic, prerequisite)` id pairs a roadmap asks for, deduplicated.
fn wanted_edges(map: &Roadmap<'_>) -> BTreeSet<(String, String)> {
    map.requires
        .iter()
        .filter(|(t, p)| t != p)
        .map(|&(t, p)| (map.topics[p].id.to_string(), map.topics[t].id.to_string()))
        .collect()
}

/// Every segment of every arrow against every obstacle, 1 px inside its outline.
fn assert_no_crossings(name: &str, drawing: &Drawing) {
    let obstacles: Vec<Box2> = drawing.obstacles().iter().map(|b| b.shrunk(1.0)).collect();
    for edge in &drawing.edges {
        assert!(edge.points.len() >= 2, "{name}: {edge:?}");
        for pair in edge.points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            assert!(
                (a.0 - b.0).abs() < 0.05 || (a.1 - b.1).abs() < 0.05,
                "{name}: diagonal segment in {edge:?}"
            );
            if let Some(hit) = obstacles.iter().find(|o| o.hit_by(a, b)) {
                panic!("{name}: {}→{} segment {a:?}–{b:?} crosses {hit:?}", edge.from, edge.to);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Roadmap

#[test]
fn every_topic_is_one_link_to_its_page() {
    let map = sample();
    let drawing = parse(&roadmap_svg(&map));
    assert_eq!(drawing.nodes.len(), map.topics.len());
    for topic in &map.topics {
        let matching: Vec<&DrawnNode> = drawing.nodes.iter().filter(|n| n.id == topic.id).collect();
        assert_eq!(matching.len(), 1, "{}", topic.id);
        let node = matching[0];
        assert_eq!(node.href, topic.url);
        assert_eq!(node.class, "node");
        assert_eq!(node.title, topic.title);
        assert!(node.has_mark, "{} has no empty mark", topic.id);
    }
    let requires = |id: &str| -> BTreeSet<&str> { drawing.node(id).requires.split_whitespace().collect() };
    assert_eq!(requires("msa"), BTreeSet::from(["arch", "mq", "k8s"]));
    assert_eq!(requires("lang"), BTreeSet::new());
}

#[test]
fn every_requires_pair_is_one_arrow() {
    for (name, map) in fixtures() {
        let drawing = parse(&roadmap_svg(&map));
        let drawn: Vec<(String, String)> = drawing.edges.iter().map(|e| (e.from.clone(), e.to.clone())).collect();
        let unique: BTreeSet<(String, String)> = drawn.iter().cloned().collect();
        assert_eq!(unique.len(), drawn.len(), "{name}: an arrow is drawn twice");
        assert_eq!(unique, wanted_edges(&map), "{name}");
        for edge in &drawing.edges {
            assert_eq!(edge.class, "edge");
            assert_eq!(edge.marker.as_deref(), Some("url(#arrow)"));
        }
    }
}

#[test]
fn duplicate_and_invalid_pairs_are_ignored() {
    let mut map = later_band();
    let first = map.requires[0];
    map.requires.push(first);
    map.requires.push((0, 0));
    map.requires.push((0, 999));
    let drawing = parse(&roadmap_svg(&map));
    assert_eq!(drawing.edges.len(), later_band().requires.len());
}

#[test]
fn arrows_start_on_the_prerequisite_and_end_on_the_topic() {
    for (name, map) in fixtures() {
        let drawing = parse(&roadmap_svg(&map));
        for edge in &drawing.edges {
            let start = edge.points[0];
            let end = *edge.points.last().unwrap();
            assert!(drawing.node(&edge.from).rect.on_border(start), "{name}: {edge:?}");
            assert!(drawing.node(&edge.to).rect.on_border(end), "{name}: {edge:?}");
        }
    }
}

#[test]
fn arrows_are_orthogonal_and_cross_no_node_or_band_title() {
    for (name, map) in fixtures() {
        assert_no_crossings(name, &parse(&roadmap_svg(&map)));
    }
}

/// Two unrelated arrows whose vertical pieces sit on one line with only a short gap between
/// them (a port under a node, another port on the node below) read as one arrow between the two
/// nodes.
#[test]
fn unrelated_arrows_never_line_up() {
    for (name, map) in fixtures() {
        let drawing = parse(&roadmap_svg(&map));
        let verticals: Vec<(usize, f64, f64, f64)> = drawing
            .edges
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                e.points
                    .windows(2)
                    .filter(|p| (p[0].0 - p[1].0).abs() < 0.05)
                    .map(move |p| (i, p[0].0, p[0].1.min(p[1].1), p[0].1.max(p[1].1)))
            })
            .collect();
        for (k, a) in verticals.iter().enumerate() {
            for b in &verticals[k + 1..] {
                if a.0 == b.0 || (a.1 - b.1).abs() >= 0.5 {
                    continue;
                }
                let gap = (b.2 - a.3).max(a.2 - b.3);
                let (ea, eb) = (&drawing.edges[a.0], &drawing.edges[b.0]);
                assert!(
                    gap >= 24.0,
                    "{name}: {}→{} and {}→{} line up at x={} with a gap of {gap}",
                    ea.from,
                    ea.to,
                    eb.from,
                    eb.to,
                    a.1
                );
            }
        }
    }
}

#[test]
fn topic_in_no_band_is_left_out_with_its_arrows() {
    let mut map = later_band();
    map.topics.push(Node {
        id: "loose",
        title: "어디에도 없는 주제",
        url: "/topics/loose/".into(),
    });
    let loose = map.topics.len() - 1;
    map.requires.push((loose, 0));
    map.requires.push((1, loose));
    let drawing = parse(&roadmap_svg(&map));
    assert!(drawing.nodes.iter().all(|n| n.id != "loose"));
    assert!(drawing.edges.iter().all(|e| e.from != "loose" && e.to != "loose"));
    assert_eq!(drawing.edges.len(), later_band().requires.len());
}

#[test]
fn node_boxes_do_not_overlap() {
    for (name, map) in fixtures() {
        let drawing = parse(&roadmap_svg(&map));
        for (i, a) in drawing.nodes.iter().enumerate() {
            for b in &drawing.nodes[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{name}: {} overlaps {}", a.id, b.id);
            }
        }
    }
}

#[test]
fn nodes_lie_inside_their_band_below_its_title_and_inside_the_view() {
    for (name, map) in fixtures() {
        let drawing = parse(&roadmap_svg(&map));
        assert_eq!(drawing.bands.len(), map.stages.len(), "{name}");
        let view = Box2 {
            x: 0.0,
            y: 0.0,
            w: drawing.view.0,
            h: drawing.view.1,
        };
        for (band, drawn) in map.stages.iter().zip(&drawing.bands) {
            assert_eq!(drawn.id, band.id);
            assert_eq!(drawn.title, band.title);
            assert_eq!(drawn.url, band.url);
            assert_eq!(drawn.duration.as_ref().map(|d| d.0.as_str()), band.duration);
            assert!(view.contains(&drawn.rect), "{name}: band {} outside the view", band.id);
            for &t in &band.topics {
                let node = drawing.node(map.topics[t].id);
                assert!(
                    drawn.rect.contains(&node.rect),
                    "{name}: {} outside {}",
                    node.id,
                    band.id
                );
                assert!(
                    node.rect.y > drawn.title_at.1 + 4.0,
                    "{name}: {} under the title",
                    node.id
                );
            }
        }
        for pair in drawing.bands.windows(2) {
            assert!(pair[0].rect.bottom() < pair[1].rect.y, "{name}: bands overlap");
        }
    }
}

/// Topics with no arrows between them share rows, as many as the widest rank asks for but no
/// more than five; the rows keep learning order left to right.
#[test]
fn independent_topics_share_rows_up_to_five_wide() {
    let ids: Vec<&'static str> = (0..10).map(|i| leak(format!("t{i}"))).collect();
    let topics: Vec<(&'static str, &'static str)> = ids.iter().map(|&id| (id, id)).collect();
    let drawing = parse(&roadmap_svg(&roadmap(
        vec![("all", "모두", None, false, ids.clone())],
        &topics,
        &[],
    )));
    let mut rows: BTreeMap<i64, Vec<&DrawnNode>> = BTreeMap::new();
    for node in &drawing.nodes {
        rows.entry((node.rect.y * 10.0) as i64).or_default().push(node);
    }
    let sizes: Vec<usize> = rows.values().map(Vec::len).collect();
    assert_eq!(sizes, [5, 5]);
    let first: Vec<&str> = rows.values().next().unwrap().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(first, ["t0", "t1", "t2", "t3", "t4"]);
    // Two topics make a narrower drawing than ten.
    let two = parse(&roadmap_svg(&roadmap(
        vec![("all", "모두", None, false, vec!["t0", "t1"])],
        &topics[..2],
        &[],
    )));
    assert!(two.view.0 < drawing.view.0, "{} vs {}", two.view.0, drawing.view.0);
}

/// Inside a band a topic is drawn below what it requires, or beside it when it is a leaf of
/// that hub; a chain is one straight column.
#[test]
fn requires_reads_top_down_and_a_chain_is_straight() {
    for (name, map) in fixtures() {
        let drawing = parse(&roadmap_svg(&map));
        for band in &map.stages {
            let ids: BTreeSet<&str> = band.topics.iter().map(|&t| map.topics[t].id).collect();
            for edge in drawing
                .edges
                .iter()
                .filter(|e| ids.contains(e.from.as_str()) && ids.contains(e.to.as_str()))
            {
                let (p, t) = (drawing.node(&edge.from).rect, drawing.node(&edge.to).rect);
                let beside = t.y < p.bottom() && p.y < t.bottom();
                assert!(t.y >= p.bottom() || beside, "{name}: {} above {}", edge.to, edge.from);
            }
        }
    }
    let ids: Vec<&'static str> = (0..6).map(|i| leak(format!("c{i}"))).collect();
    let topics: Vec<(&'static str, &'static str)> = ids.iter().map(|&id| (id, id)).collect();
    let requires: Vec<(&'static str, &'static str)> = ids.windows(2).map(|w| (w[1], w[0])).collect();
    let drawing = parse(&roadmap_svg(&roadmap(
        vec![("all", "모두", None, false, ids.clone())],
        &topics,
        &requires,
    )));
    for edge in &drawing.edges {
        assert_eq!(edge.points.len(), 2, "a chain link is one straight segment: {edge:?}");
    }
}

#[test]
fn labels_wrap_inside_their_node() {
    let long = "아주 긴 한국어 제목을 가진 주제: 분산 시스템에서의 합의 알고리즘과 장애 허용 설계 원칙";
    let map = roadmap(
        vec![("s", "단계", None, false, vec!["long", "short", "word"])],
        &[
            ("long", long),
            ("short", "HTTP"),
            ("word", "한없이이어지는띄어쓰기없는아주긴낱말로된제목"),
        ],
        &[],
    );
    let drawing = parse(&roadmap_svg(&map));
    for node in &drawing.nodes {
        let room = node.rect.w - 2.0 * NODE_PAD_X;
        for line in &node.lines {
            assert!(text::width(line, 14.0) <= room + 1e-6, "{line:?} wider than {room}");
        }
        assert!(node.lines.len() <= MAX_LINES);
        assert!(node.rect.h >= node.lines.len() as f64 * LINE);
    }
    let long_node = drawing.node("long");
    assert_eq!(long_node.lines.len(), 3);
    assert!(long_node.lines[2].ends_with('…'));
    assert_eq!(long_node.title, long, "the full title stays in <title>");
    assert!(drawing.node("word").lines.len() >= 2);
    assert_eq!(drawing.node("short").lines, ["HTTP"]);
}

#[test]
fn taller_labels_make_taller_nodes() {
    let drawing = parse(&roadmap_svg(&sample()));
    let one_line = drawing.nodes.iter().map(|n| n.rect.h).fold(f64::MAX, f64::min);
    let tallest = drawing.nodes.iter().map(|n| n.rect.h).fold(0.0, f64::max);
    let most_lines = drawing.nodes.iter().map(|n| n.lines.len()).max().unwrap();
    assert!(most_lines >= 2);
    assert!(tallest >= one_line + (most_lines - 1) as f64 * LINE - 0.1);
}

#[test]
fn text_and_attributes_are_escaped() {
    let map = roadmap(
        vec![("s\"1", "<단계> & \"따옴표\"", Some("3<4"), true, vec!["a&b", "c"])],
        &[("a&b", "Option<T> & Result<T, E>"), ("c", "\"quoted\" 'single' </a>")],
        &[("c", "a&b")],
    );
    let map = Roadmap {
        title: "<로드맵> & \"제목\"",
        description: "a < b & c > d",
        parallel_label: "<병행>",
        ..map
    };
    let svg = roadmap_svg(&map);
    let doc = Document::parse(&svg).expect("well-formed");
    let drawing = parse(&svg);
    assert_eq!(drawing.node("a&b").title, "Option<T> & Result<T, E>");
    assert_eq!(drawing.node("c").title, "\"quoted\" 'single' </a>");
    assert_eq!(drawing.node("c").requires, "a&b");
    assert_eq!(drawing.edges[0].from, "a&b");
    assert_eq!(drawing.bands[0].id, "s\"1");
    assert_eq!(drawing.bands[0].title, "<단계> & \"따옴표\"");
    assert_eq!(drawing.bands[0].badge.as_ref().unwrap().0, "<병행>");
    assert_eq!(drawing.bands[0].duration.as_ref().unwrap().0, "3<4");
    let root = doc.root_element();
    assert_eq!(text_of(child(root, "title").unwrap()), "<로드맵> & \"제목\"");
    assert_eq!(text_of(child(root, "desc").unwrap()), "a < b & c > d");
}

#[test]
fn output_is_deterministic_and_independent_of_requires_order() {
    let a = roadmap_svg(&sample());
    assert_eq!(a, roadmap_svg(&sample()));
    let mut reversed = sample();
    reversed.requires.reverse();
    assert_eq!(a, roadmap_svg(&reversed));
    let big = generated(300, 17, 500);
    assert_eq!(roadmap_svg(&big), roadmap_svg(&big));
}

#[test]
fn parallel_band_carries_its_label() {
    let drawing = parse(&roadmap_svg(&sample()));
    let parallel: Vec<&DrawnBand> = drawing
        .bands
        .iter()
        .filter(|b| b.class.split(' ').any(|c| c == "band-parallel"))
        .collect();
    assert_eq!(parallel.len(), 1);
    assert_eq!(parallel[0].class, "band band-parallel");
    assert_eq!(parallel[0].id, "parallel");
    assert_eq!(parallel[0].badge.as_ref().map(|b| b.0.as_str()), Some("병행"));
    for band in drawing.bands.iter().filter(|b| b.id != "parallel") {
        assert_eq!(band.class, "band");
        assert!(band.badge.is_none());
    }
}

#[test]
fn band_without_topics_is_drawn_and_arrows_pass_it() {
    let map = with_empty_band();
    let drawing = parse(&roadmap_svg(&map));
    let empty = &drawing.bands[1];
    assert_eq!(empty.title, "아직 주제가 정해지지 않아 비어 있는 단계입니다");
    assert!(empty.rect.h > 0.0);
    assert_eq!(drawing.edges.len(), 3);
    // The arrows from band one to band three run past the empty band.
    for edge in &drawing.edges {
        let ys: Vec<f64> = edge.points.iter().map(|p| p.1).collect();
        assert!(ys.iter().any(|&y| y < empty.rect.y) && ys.iter().any(|&y| y > empty.rect.bottom()));
    }
    assert_no_crossings("empty band", &drawing);
}

#[test]
fn prerequisite_in_a_later_band_points_up_into_its_topic() {
    let drawing = parse(&roadmap_svg(&later_band()));
    let edge = drawing.edges.iter().find(|e| e.from == "p" && e.to == "d").unwrap();
    let d = drawing.node("d").rect;
    let p = drawing.node("p").rect;
    assert!(p.y > d.bottom(), "the parallel band is drawn below");
    assert_eq!(edge.points[0].1, p.y, "leaves the prerequisite from its top");
    assert_eq!(edge.points.last().unwrap().1, d.bottom(), "enters the topic from below");
    assert_no_crossings("later band", &drawing);
}

#[test]
fn forty_topics_in_one_band_route_cleanly() {
    let map = forty();
    let drawing = parse(&roadmap_svg(&map));
    assert_eq!(drawing.nodes.len(), 40);
    assert_eq!(drawing.edges.len(), wanted_edges(&map).len());
    assert_no_crossings("forty", &drawing);
}

#[test]
fn two_thousand_topics_render() {
    let map = generated(2000, 40, 3200);
    let drawing = parse(&roadmap_svg(&map));
    assert_eq!(drawing.nodes.len(), 2000);
    assert_eq!(drawing.edges.len(), wanted_edges(&map).len());
    assert_no_crossings("two thousand", &drawing);
}

#[test]
fn root_is_accessible_and_styled_only_by_classes() {
    let svg = roadmap_svg(&sample());
    let doc = Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("class"), Some("roadmap-svg"));
    assert_eq!(root.attribute("role"), Some("group"));
    // Its own size in CSS px, the width also as `--natural-width` for the minimum scale.
    let view_box: Vec<&str> = root.attribute("viewBox").unwrap().split(' ').collect();
    assert_eq!(
        (root.attribute("width"), root.attribute("height")),
        (Some(view_box[2]), Some(view_box[3]))
    );
    assert_eq!(
        root.attribute("style"),
        Some(format!("--natural-width: {}px", view_box[2]).as_str())
    );
    let labelled: Vec<&str> = root.attribute("aria-labelledby").unwrap().split(' ').collect();
    assert_eq!(labelled, ["roadmap-title", "roadmap-desc"]);
    let by_id = |id: &str| doc.descendants().find(|n| n.attribute("id") == Some(id)).unwrap();
    assert_eq!(by_id("roadmap-title").tag_name().name(), "title");
    assert_eq!(text_of(by_id("roadmap-title")), "학습 로드맵");
    assert_eq!(by_id("roadmap-desc").tag_name().name(), "desc");
    assert_eq!(by_id("arrow").tag_name().name(), "marker");
    let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    assert_eq!(ids.len(), ids.iter().collect::<BTreeSet<_>>().len(), "ids are unique");
    for node in doc.descendants().filter(|n| n.is_element()) {
        // The only inline style is the drawing's width, for the stylesheet's minimum scale.
        if let Some(style) = node.attribute("style") {
            assert!(
                style.starts_with("--natural-width: ") && !style.contains(';'),
                "<{}> has style {style:?}",
                node.tag_name().name()
            );
        }
        for attr in ["fill", "stroke", "color", "font-family", "font-size", "font-weight"] {
            assert!(
                node.attribute(attr).is_none(),
                "<{}> has {attr}",
                node.tag_name().name()
            );
        }
    }
    assert!(
        doc.descendants().any(|n| has_class(n, "arrowhead")),
        "the arrowhead is styled by class"
    );
}

#[test]
fn empty_roadmap_is_a_valid_drawing() {
    let map = roadmap(vec![], &[], &[]);
    let drawing = parse(&roadmap_svg(&map));
    assert!(drawing.nodes.is_empty() && drawing.edges.is_empty());
    assert!(drawing.view.1 > 0.0);
}

// ---------------------------------------------------------------------------------------------
// Local graph

fn node_of(id: &'static str, title: &'static str) -> Node<'static> {
    Node {
        id,
        title,
        url: format!("/topics/{id}/"),
    }
}

fn local_fixture() -> Local<'static> {
    Local {
        center: node_of("caching", "캐싱 전략과 Redis"),
        prerequisites: vec![
            node_of("rdb", "관계형 데이터베이스와 SQL"),
            node_of("network", "네트워크 기초: HTTP와 TCP/IP"),
            node_of("os", "운영체제"),
        ],
        unlocks: vec![node_of("msa", "마이크로서비스와 분산 시스템"), node_of("cdn", "CDN")],
        related: vec![
            node_of("nosql", "NoSQL: MongoDB와 Redis"),
            node_of("indexing", "인덱스와 쿼리 최적화"),
            node_of("rdb", "관계형 데이터베이스와 SQL"),
            node_of("http-cache", "HTTP 캐시 헤더"),
            node_of("consistency", "일관성 모델"),
        ],
        title: "캐싱 전략과 Redis 주변 주제",
        description: "선수 지식 3개, 다음 주제 2개, 관련 주제 4개",
    }
}

#[test]
fn local_graph_puts_prerequisites_left_unlocks_right_related_below() {
    let local = local_fixture();
    let drawing = parse(&local_svg(&local));
    let center = drawing.node("caching");
    assert!(center.current);
    assert_eq!(center.class, "node is-current");
    assert_eq!(center.href, "/topics/caching/");
    for id in ["rdb", "network", "os"] {
        assert!(drawing.node(id).rect.right() < center.rect.x, "{id} is left");
    }
    for id in ["msa", "cdn"] {
        assert!(drawing.node(id).rect.x > center.rect.right(), "{id} is right");
    }
    let lowest_column = drawing
        .nodes
        .iter()
        .filter(|n| !["nosql", "indexing", "http-cache", "consistency"].contains(&n.id.as_str()))
        .map(|n| n.rect.bottom())
        .fold(0.0, f64::max);
    for id in ["nosql", "indexing", "http-cache", "consistency"] {
        assert!(drawing.node(id).rect.y > lowest_column, "{id} is below");
    }
    // "rdb" is a prerequisite and related: drawn once.
    assert_eq!(drawing.nodes.iter().filter(|n| n.id == "rdb").count(), 1);
    assert_eq!(drawing.nodes.len(), 1 + 3 + 2 + 4);
    for (i, a) in drawing.nodes.iter().enumerate() {
        assert!(!a.current || a.id == "caching");
        for b in &drawing.nodes[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.id, b.id);
        }
    }
}

#[test]
fn local_graph_arrows_run_prerequisite_center_unlock_and_related_lines_are_dashed() {
    let drawing = parse(&local_svg(&local_fixture()));
    let arrows: BTreeSet<(&str, &str)> = drawing
        .edges
        .iter()
        .filter(|e| e.class == "edge")
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(
        arrows,
        BTreeSet::from([
            ("rdb", "caching"),
            ("network", "caching"),
            ("os", "caching"),
            ("caching", "msa"),
            ("caching", "cdn"),
        ])
    );
    let related: BTreeSet<&str> = drawing
        .edges
        .iter()
        .filter(|e| e.class == "edge edge-related")
        .map(|e| {
            assert_eq!(e.from, "caching");
            assert!(e.marker.is_none());
            e.to.as_str()
        })
        .collect();
    assert_eq!(
        related,
        BTreeSet::from(["nosql", "indexing", "http-cache", "consistency"])
    );
    for edge in drawing.edges.iter().filter(|e| e.class == "edge") {
        assert_eq!(edge.marker.as_deref(), Some("url(#local-arrow)"));
        assert!(drawing.node(&edge.from).rect.on_border(edge.points[0]));
        assert!(drawing.node(&edge.to).rect.on_border(*edge.points.last().unwrap()));
    }
    assert_no_crossings("local", &drawing);
}

#[test]
fn local_graph_with_many_neighbours_routes_cleanly() {
    let names: Vec<&'static str> = (0..30).map(|i| leak(format!("n{i}"))).collect();
    let nodes = |r: std::ops::Range<usize>| -> Vec<Node<'static>> {
        r.map(|i| node_of(names[i], leak(format!("이웃 주제 {i}번: 제목이 조금 깁니다"))))
            .collect()
    };
    let local = Local {
        center: node_of("c", "가운데"),
        prerequisites: nodes(0..7),
        unlocks: nodes(7..10),
        related: nodes(10..30),
        title: "주변",
        description: "",
    };
    let svg = local_svg(&local);
    let drawing = parse(&svg);
    assert_eq!(drawing.nodes.len(), 31);
    assert_eq!(drawing.edges.len(), 30);
    assert_no_crossings("many neighbours", &drawing);
    for (i, a) in drawing.nodes.iter().enumerate() {
        for b in &drawing.nodes[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.id, b.id);
        }
    }
    // Without a description, only the title names the drawing.
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().attribute("aria-labelledby"), Some("local-title"));
    assert_eq!(svg, local_svg(&local));
}

#[test]
fn local_graph_is_accessible() {
    let svg = local_svg(&local_fixture());
    let doc = Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("class"), Some("local-svg"));
    assert_eq!(root.attribute("role"), Some("group"));
    assert_eq!(root.attribute("aria-labelledby"), Some("local-title local-desc"));
    let width = root.attribute("viewBox").unwrap().split(' ').nth(2).unwrap();
    assert_eq!(root.attribute("width"), Some(width));
    assert_eq!(text_of(child(root, "title").unwrap()), "캐싱 전략과 Redis 주변 주제");
    assert_eq!(
        root.attribute("style"),
        Some(format!("--natural-width: {width}px").as_str())
    );
    assert!(
        doc.descendants()
            .filter(|n| *n != root)
            .all(|n| n.attribute("style").is_none() && n.attribute("fill").is_none())
    );
}

#[test]
fn local_graph_is_empty_without_neighbours() {
    let lonely = Local {
        center: node_of("c", "혼자"),
        prerequisites: vec![],
        unlocks: vec![],
        related: vec![node_of("c", "혼자")],
        title: "주변",
        description: "",
    };
    assert_eq!(local_svg(&lonely), "");
    let only_unlock = Local {
        unlocks: vec![node_of("u", "다음")],
        ..lonely
    };
    let drawing = parse(&local_svg(&only_unlock));
    assert_eq!(drawing.nodes.len(), 2);
    assert_eq!(drawing.edges.len(), 1);
}

//! ```` ```mermaid ```` blocks become inline SVG at build time (issue 18): each supported type
//! draws its labels, the SVG is an accessible image with ids unique on the page, bad syntax is
//! an error at its line, an unsupported type is a warning and stays a code block, and the
//! examples in `docs/content.md` build.

mod support;

use std::collections::HashSet;

use support::{Page, TestSite};

const FRONT: &str = "+++\ntitle = \"다이어그램\"\n+++\n\n";

/// The diagrams of the five supported types, each with labels it must draw.
const DIAGRAMS: [(&str, &[&str]); 5] = [
    (
        "flowchart LR\n  A[클라이언트] -->|요청| B{캐시에 있나?}\n  B -->|예| C[캐시 응답]\n  B -->|아니오| D[(데이터베이스)]",
        &["클라이언트", "캐시에 있나?", "캐시 응답", "데이터베이스", "요청"],
    ),
    (
        "sequenceDiagram\n  accTitle: OAuth 인가 코드 흐름\n  participant C as 클라이언트 앱\n  participant A as 인증 서버\n  C->>A: 인가 요청\n  A-->>C: authorization code",
        &["클라이언트 앱", "인증 서버", "인가 요청", "authorization code"],
    ),
    (
        "classDiagram\n  class Order {\n    +Long id\n    +cancel()\n  }\n  class Payment\n  Order --> Payment : 포함",
        &["Order", "Payment", "cancel()"],
    ),
    (
        "stateDiagram-v2\n  [*] --> 대기\n  대기 --> 처리중 : 주문 접수\n  처리중 --> 완료\n  완료 --> [*]",
        &["대기", "처리중", "완료", "주문 접수"],
    ),
    (
        "erDiagram\n  USER ||--o{ ORDER : places\n  USER {\n    bigint id PK\n    string email\n  }",
        &["USER", "ORDER", "places", "email"],
    ),
];

fn site_with(body: &str) -> TestSite {
    let site = TestSite::new();
    site.write("content/pages/diagrams.md", &format!("{FRONT}{body}"));
    site
}

fn fenced(source: &str) -> String {
    format!("```mermaid\n{source}\n```\n\n")
}

/// The text of an element's `<text>`s and `<tspan>`s, a label wrapped over lines joined again
/// with a space.
fn svg_text(svg: scraper::ElementRef<'_>) -> String {
    svg.text().flat_map(str::split_whitespace).collect::<Vec<_>>().join(" ")
}

#[test]
fn every_supported_type_draws_an_accessible_svg_with_its_labels() {
    let body: String = DIAGRAMS.iter().map(|(src, _)| fenced(src)).collect();
    let site = site_with(&body);
    site.build_clean();
    let page: Page = site.html("diagrams/index.html");
    let svgs = page.all("figure.mermaid > svg.mermaid-svg");
    assert_eq!(svgs.len(), DIAGRAMS.len(), "one SVG per block");
    assert!(page.all("pre.code").is_empty(), "no block is left as code");
    let mut ids = HashSet::new();
    for (svg, (source, labels)) in svgs.iter().zip(DIAGRAMS) {
        let text = svg_text(*svg);
        for label in labels {
            assert!(text.contains(label), "{source}\n draws {label:?}; it drew:\n{text}");
        }
        let el = svg.value();
        assert_eq!(el.attr("role"), Some("img"));
        let title_id = el.attr("aria-labelledby").expect("named by its title");
        let title = svg
            .select(&scraper::Selector::parse("title").unwrap())
            .find(|t| t.value().attr("id") == Some(title_id))
            .expect("the title the SVG is labelled by");
        assert!(!title.text().collect::<String>().trim().is_empty());
        assert!(
            el.attr("style").is_some_and(|s| s.starts_with("--natural-width: ")),
            "{:?}",
            el.attr("style")
        );
        for node in svg.descendants().filter_map(scraper::ElementRef::wrap) {
            if let Some(id) = node.value().attr("id") {
                assert!(ids.insert(id.to_string()), "id {id} appears twice on the page");
            }
        }
    }
    let titles: Vec<String> = page
        .all("svg.mermaid-svg > title")
        .iter()
        .map(|t| t.text().collect())
        .collect();
    assert!(
        titles.contains(&"OAuth 인가 코드 흐름".to_string()),
        "accTitle names the diagram: {titles:?}"
    );
}

#[test]
fn mermaid_inside_other_code_and_other_languages_stay_code() {
    let site = site_with("```text\nflowchart LR\n  A --> B\n```\n\nInline `flowchart LR` is code too.\n");
    site.build_clean();
    let page = site.html("diagrams/index.html");
    assert!(page.all("svg.mermaid-svg").is_empty());
    assert_eq!(page.all("pre.code").len(), 1);
}

#[test]
fn bad_syntax_is_an_error_at_the_line_of_the_block() {
    // Front matter (lines 1-3), a blank line, the fence on line 5, the diagram on lines 6-8.
    let site = site_with(&fenced("flowchart TD\n  A --> B\n  B -->"));
    let err = site.build_err();
    assert!(err.contains("invalid Mermaid diagram"), "{err}");
    assert!(err.contains("diagrams.md:"), "names the file: {err}");
    let line = err
        .split("diagrams.md:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("a line number");
    assert!(
        (6..=8).contains(&line),
        "points into the block (lines 6-8), not at {line}: {err}"
    );
}

#[test]
fn every_bad_diagram_of_a_build_is_reported() {
    let site = site_with(&format!(
        "{}{}",
        fenced("flowchart TD\n  A -->"),
        fenced("flowchart TD\n  subgraph 묶음\n  A --> B")
    ));
    let err = site.build_err();
    assert_eq!(err.matches("invalid Mermaid diagram").count(), 2, "{err}");
}

#[test]
fn an_unsupported_type_is_a_warning_and_stays_a_code_block() {
    let site = site_with(&fenced("pie title 비율\n  \"A\" : 40\n  \"B\" : 60"));
    let run = site.build_ok();
    assert!(
        run.stderr.contains("Mermaid diagram type `pie` is not drawn"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("diagrams.md:5:1"),
        "names the fence's line: {}",
        run.stderr
    );
    let page = site.html("diagrams/index.html");
    assert!(page.all("svg.mermaid-svg").is_empty());
    assert_eq!(page.attrs("pre.code", "data-lang"), ["mermaid"]);
}

#[test]
fn the_examples_in_the_docs_build() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/content.md")).unwrap();
    let blocks: Vec<&str> = docs
        .split("```mermaid\n")
        .skip(1)
        .map(|b| b.split("\n```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 3, "docs/content.md shows Mermaid examples");
    let site = site_with(&blocks.iter().map(|b| fenced(b)).collect::<String>());
    site.build_clean();
    assert_eq!(
        site.html("diagrams/index.html").all("svg.mermaid-svg").len(),
        blocks.len()
    );
}

/// The `<text>` elements of an SVG, each one line.
fn texts(svg: scraper::ElementRef<'_>) -> Vec<String> {
    let sel = scraper::Selector::parse("text").unwrap();
    svg.select(&sel).map(|t| t.text().collect::<String>()).collect()
}

#[test]
fn roadbook_draws_a_plain_flowchart_itself_with_every_label_as_text_and_one_path_per_edge() {
    let source = "flowchart TD\n  A[주문 접수] -->|결제| B{재고 있나?}\n  B -->|예| C([출고])\n  B -->|아니오| D[(입고 대기)]\n  D -.-> B\n  C ==> E((완료))";
    let site = site_with(&fenced(source));
    site.build_clean();
    let page = site.html("diagrams/index.html");
    let svgs = page.all("figure.mermaid > svg.mermaid-svg");
    assert_eq!(svgs.len(), 1);
    let texts = texts(svgs[0]);
    for label in [
        "주문 접수",
        "재고 있나?",
        "출고",
        "입고 대기",
        "완료",
        "결제",
        "예",
        "아니오",
    ] {
        assert!(texts.iter().any(|t| t == label), "{label:?} is a <text>: {texts:?}");
    }
    // roadbook's drawing: one path per edge in the edge group (the renderer draws more).
    let paths = svgs[0]
        .select(&scraper::Selector::parse("g[fill=none] > path").unwrap())
        .count();
    assert_eq!(paths, 5, "{}", svgs[0].html());
    assert!(svgs[0].html().contains("fc-arrow"), "its own arrowhead marker");
}

#[test]
fn a_flowchart_with_a_subgraph_or_class_def_falls_back_to_the_renderer_and_keeps_its_labels() {
    let sources = [
        "flowchart LR\n  subgraph 백엔드\n    A[API 서버] --> B[(저장소)]\n  end\n  C[브라우저] --> A",
        "flowchart LR\n  A[빠른 길] --> B[느린 길]\n  classDef hot fill:#f96\n  class A hot",
    ];
    let body: String = sources.iter().map(|s| fenced(s)).collect();
    let site = site_with(&body);
    site.build_clean();
    let page = site.html("diagrams/index.html");
    let svgs = page.all("figure.mermaid > svg.mermaid-svg");
    assert_eq!(svgs.len(), 2);
    for (svg, labels) in svgs
        .iter()
        .zip([&["API 서버", "저장소", "브라우저"][..], &["빠른 길", "느린 길"]])
    {
        let text = svg_text(*svg);
        for label in labels {
            assert!(text.contains(label), "{label:?} in {text}");
        }
        assert!(!svg.html().contains("fc-arrow"), "drawn by the renderer");
    }
}

//! The topic graph end to end: derived relations on the pages, the learning order, the roadmap
//! drawing, and the graph exports (`/graph.json`, `roadbook graph --format …`).
//!
//! The fixture: stages s1, s2 and a parallel track; a ← b ← c, a ← d, e ← c (e in the parallel
//! track), a ~ c related; two notes and a book on c; a project on c and d.

mod support;

use support::{Page, TestSite};

fn built() -> TestSite {
    let site = TestSite::fixture("graph");
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    site
}

/// The link texts of the list in the relation section titled `heading`.
fn relation(page: &Page, heading: &str) -> Vec<String> {
    for section in page.all("section") {
        let Some(h) = section.select(&scraper::Selector::parse("h2").unwrap()).next() else {
            continue;
        };
        if h.text().collect::<String>().trim() == heading {
            return section
                .select(&scraper::Selector::parse("li a").unwrap())
                .map(|a| a.text().collect::<String>())
                .collect();
        }
    }
    Vec::new()
}

#[test]
fn relations_are_derived_and_shown() {
    let site = built();
    let a = site.html("topics/a/index.html");
    let c = site.html("topics/c/index.html");
    // `related` is symmetric: a lists c, and c shows a although only a wrote it.
    assert_eq!(relation(&a, "Related topics"), ["Topic C"]);
    assert_eq!(relation(&c, "Related topics"), ["Topic A"]);
    // Reverse `requires`, in learning order.
    assert_eq!(relation(&a, "What this unlocks"), ["Topic B", "Topic D"]);
    // Prerequisites, the learning path (transitive, in learning order) and backlinks.
    assert_eq!(
        c.all(".prerequisites > ul a")
            .iter()
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>(),
        ["Topic B", "Topic E"]
    );
    assert_eq!(
        c.all(".learning-path a")
            .iter()
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>(),
        ["Topic A", "Topic B", "Topic E"]
    );
    let backlinks = relation(&c, "Mentioned in");
    for who in ["Topic A", "Topic E", "First note", "The Book", "The Project"] {
        assert!(backlinks.contains(&who.to_string()), "{who} missing from {backlinks:?}");
    }
    // Study notes newest first; books and projects.
    assert_eq!(
        c.all(".notes li a")
            .iter()
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>(),
        ["Second note", "First note"]
    );
    assert_eq!(relation(&c, "Books"), ["The Book"]);
    assert_eq!(relation(&c, "Practice projects"), ["The Project"]);
    // Books and projects list what they cover.
    let book = site.html("books/bk/index.html");
    assert_eq!(
        book.all(".covered a")
            .iter()
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>(),
        ["Topic C"]
    );
    let project = site.html("projects/pr/index.html");
    assert_eq!(
        project
            .all(".covered a")
            .iter()
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>(),
        ["Topic D", "Topic C"]
    );
}

#[test]
fn learning_order_is_topological_then_stage_order_then_topic_order() {
    let site = built();
    // a (s1/1), b (s1/2), d (s2/1), e (parallel), c (s2/2, after e which it requires).
    let topics = site.html("topics/index.html");
    let order: Vec<String> = topics
        .all(".topic-group li > a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        order,
        ["Topic A", "Topic B", "Topic D", "Topic C", "Topic E"],
        "grouped by stage, learning order inside"
    );
    // Prev/next walk the whole learning path, across stages.
    let d = site.html("topics/d/index.html");
    assert_eq!(d.attrs(".prev-next a[rel=prev]", "href"), ["/g/topics/b/"]);
    assert_eq!(d.attrs(".prev-next a[rel=next]", "href"), ["/g/topics/e/"]);
    let c = site.html("topics/c/index.html");
    assert_eq!(c.attrs(".prev-next a[rel=prev]", "href"), ["/g/topics/e/"]);
    assert!(c.attrs(".prev-next a[rel=next]", "href").is_empty());
    // The same input gives the same order, build after build.
    let again = TestSite::fixture("graph");
    again.build_ok();
    assert_eq!(again.read("topics/index.html"), site.read("topics/index.html"));
    assert_eq!(again.read("index.html"), site.read("index.html"));
}

#[test]
fn the_roadmap_draws_every_topic_and_requires_edge() {
    let site = built();
    let home = site.html("index.html");
    let nodes = home.attrs(".roadmap-svg a.node", "data-topic");
    let mut sorted = nodes.clone();
    sorted.sort();
    assert_eq!(sorted, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        home.attrs(".roadmap-svg a.node[data-topic=c]", "href"),
        ["/g/topics/c/"]
    );
    let mut edges: Vec<(String, String)> = home
        .all(".roadmap-svg path.edge")
        .iter()
        .map(|p| {
            (
                p.value().attr("data-from").unwrap().to_string(),
                p.value().attr("data-to").unwrap().to_string(),
            )
        })
        .collect();
    edges.sort();
    assert_eq!(
        edges,
        [("a", "b"), ("a", "d"), ("b", "c"), ("e", "c")].map(|(x, y)| (x.to_string(), y.to_string()))
    );
    assert_eq!(home.all(".roadmap-svg .band-parallel").len(), 1);
    // The local graph of c: its neighbours as links.
    let c = site.html("topics/c/index.html");
    let mut local = c.attrs(".local-graph a.node", "data-topic");
    local.sort();
    assert_eq!(local, ["a", "b", "c", "e"]);
}

#[test]
fn graph_json_and_the_graph_command_export_the_same_graph() {
    let site = built();
    let json: serde_json::Value = serde_json::from_str(&site.read("graph.json")).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let c = nodes.iter().find(|n| n["id"] == "topic:c").expect("topic:c");
    assert_eq!(c["kind"], "topic");
    assert_eq!(c["title"], "Topic C");
    assert_eq!(c["url"], "/g/topics/c/");
    assert_eq!(c["stage"], "s2");
    for n in nodes {
        for key in ["id", "kind", "title", "url"] {
            assert!(n[key].is_string(), "{key} of {n}");
        }
    }
    let edges = json["edges"].as_array().unwrap();
    let has = |s: &str, t: &str, k: &str| {
        edges
            .iter()
            .any(|e| e["source"] == s && e["target"] == t && e["kind"] == k)
    };
    assert!(has("topic:b", "topic:a", "requires"));
    assert!(has("topic:a", "topic:c", "related"));
    assert!(has("post:note1", "topic:c", "topics"));
    assert!(has("topic:a", "topic:c", "mentions"));
    assert!(has("topic:c", "stage:s2", "stage"));

    // `roadbook graph`: topics in their stages and the relations between them, one edge per
    // pair with every kind that joins them; `--all` adds every page and kind.
    let printed = site.run(&["graph"]);
    assert!(printed.success, "{}", printed.stderr);
    let printed: serde_json::Value = serde_json::from_str(&printed.stdout).unwrap();
    let ids: Vec<&str> = printed["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.iter()
            .all(|id| id.starts_with("topic:") || id.starts_with("stage:")),
        "{ids:?}"
    );
    assert!(ids.contains(&"topic:c"));
    let edge = |v: &serde_json::Value, s: &str, t: &str| -> Option<Vec<String>> {
        v["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["source"] == s && e["target"] == t)
            .map(|e| {
                e["kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| k.as_str().unwrap().to_string())
                    .collect()
            })
    };
    assert_eq!(
        edge(&printed, "topic:b", "topic:a"),
        Some(vec!["requires".into(), "mentions".into()])
    );
    assert_eq!(
        edge(&printed, "topic:a", "topic:c"),
        Some(vec!["related".into(), "mentions".into()])
    );
    assert_eq!(edge(&printed, "post:note1", "topic:c"), None, "posts only with --all");
    let pairs: Vec<(&str, &str)> = printed["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["source"].as_str().unwrap(), e["target"].as_str().unwrap()))
        .collect();
    let mut unique = pairs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(pairs.len(), unique.len(), "one edge per pair: {pairs:?}");
    let all: serde_json::Value = serde_json::from_str(&site.run(&["graph", "--all"]).stdout).unwrap();
    assert_eq!(
        edge(&all, "post:note1", "topic:c"),
        Some(vec!["topics".into(), "mentions".into()])
    );

    let dot = site.run(&["graph", "--format", "dot"]).stdout;
    assert!(dot.starts_with("digraph roadbook {"), "{dot}");
    assert!(dot.contains("subgraph \"cluster_s1\""), "{dot}");
    assert!(
        dot.contains("\"topic:b\" -> \"topic:a\" [label=\"requires, mentions\"]"),
        "{dot}"
    );
    let mermaid = site.run(&["graph", "--format", "mermaid"]).stdout;
    assert!(mermaid.starts_with("flowchart TD"), "{mermaid}");
    assert!(
        mermaid.contains("-->|requires, mentions|") && mermaid.contains("Topic C"),
        "{mermaid}"
    );
    assert!(!mermaid.contains("First note"), "{mermaid}");
}

#[test]
fn ambiguous_ids_list_the_candidates() {
    let site = TestSite::fixture("graph");
    site.write("content/books/a.md", "+++\ntitle = \"Book A\"\nauthor = \"X\"\n+++\n");
    site.write(
        "content/topics/b.md",
        "+++\ntitle = \"Topic B\"\nstage = \"s1\"\norder = 2\nrequires = [\"a\"]\n+++\nB needs [[a]].\n",
    );
    let err = site.build_err();
    assert!(err.contains("`[[a]]` is ambiguous"), "{err}");
    assert!(err.contains("[[topic:a]]") && err.contains("[[book:a]]"), "{err}");
    assert!(err.contains("content/topics/b.md:7:9"), "{err}");
}

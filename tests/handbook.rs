//! The handbook in this repository's `content/` is complete and wired: the real binary builds
//! the repository root with no warning, every stage, topic, project and book the roadmap
//! promises exists, and every topic page meets the structure `docs/handbook.md` describes
//! (a stage, resources, a checklist, prerequisites or related topics, a place on the roadmap).
//!
//! The site is built once per test binary into `CARGO_TARGET_TMPDIR`; each test reads the
//! built HTML (parsed with `scraper`) and `/graph.json` (parsed with `serde_json`).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

/// Stages in roadmap order.
const STAGES: [&str; 5] = ["foundations", "practical", "system-design", "expert", "parallel"];

/// The stage studied alongside all the others (`parallel = true`).
const PARALLEL_STAGE: &str = "parallel";

/// Every topic of the seed roadmap, with its stage.
const TOPICS: [(&str, &str); 26] = [
    ("language-mastery", "foundations"),
    ("database-basics", "foundations"),
    ("http-rest-api", "foundations"),
    ("testing", "practical"),
    ("git-collaboration", "practical"),
    ("auth-security", "practical"),
    ("database-deep-dive", "practical"),
    ("nosql", "practical"),
    ("realtime", "practical"),
    ("caching", "system-design"),
    ("message-queues", "system-design"),
    ("containers", "system-design"),
    ("monitoring-logging", "system-design"),
    ("microservices", "system-design"),
    ("performance", "expert"),
    ("distributed-systems", "expert"),
    ("event-sourcing-cqrs", "expert"),
    ("cloud-native", "expert"),
    ("architecture-patterns", "expert"),
    ("tech-leadership", "expert"),
    ("blockchain-bridge", "expert"),
    ("algorithms", "parallel"),
    ("networking", "parallel"),
    ("operating-systems", "parallel"),
    ("reading", "parallel"),
    ("tech-blog", "parallel"),
];

/// Topics that deliberately require nothing: entry points of the roadmap. Every other topic
/// must list prerequisites.
const ROOTS: [&str; 8] = [
    "language-mastery",
    "database-basics",
    "git-collaboration",
    "algorithms",
    "networking",
    "operating-systems",
    "reading",
    "tech-blog",
];

/// The practice project of each stage.
const PROJECTS: [(&str, &str); 5] = [
    ("blog-backend", "foundations"),
    ("realtime-chat", "practical"),
    ("ecommerce-microservices", "system-design"),
    ("high-traffic-system", "expert"),
    ("study-blog", "parallel"),
];

/// The reading list.
const BOOKS: [&str; 8] = [
    "ddia",
    "clean-code",
    "system-design-interview",
    "database-internals",
    "computer-networking",
    "ostep",
    "domain-driven-design",
    "building-microservices",
];

/// Fewest resources a topic may list.
const MIN_RESOURCES: usize = 3;
/// Fewest checklist items a topic may have.
const MIN_CHECKLIST_ITEMS: usize = 3;

/// The handbook, built once.
struct Handbook {
    output: PathBuf,
    success: bool,
    stdout: String,
    stderr: String,
}

fn handbook() -> &'static Handbook {
    static BUILT: OnceLock<Handbook> = OnceLock::new();
    BUILT.get_or_init(|| {
        let output = Path::new(env!("CARGO_TARGET_TMPDIR")).join("handbook-public");
        let run = support::build_handbook(&output, &[]);
        Handbook {
            output,
            success: run.status.success(),
            stdout: String::from_utf8_lossy(&run.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
        }
    })
}

/// The built handbook, which must have built.
fn built() -> &'static Handbook {
    let site = handbook();
    assert!(
        site.success,
        "building the handbook failed\n--- stdout\n{}\n--- stderr\n{}",
        site.stdout, site.stderr
    );
    site
}

impl Handbook {
    /// The page at `rel` (a folder under the output), parsed.
    fn page(&self, rel: &str) -> Html {
        let path = self.output.join(rel).join("index.html");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Html::parse_document(&text)
    }

    /// `/graph.json`, parsed.
    fn graph(&self) -> Graph {
        let text = std::fs::read_to_string(self.output.join("graph.json")).expect("graph.json");
        let json: Value = serde_json::from_str(&text).expect("graph.json is JSON");
        Graph::from_json(&json)
    }
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

fn all<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&sel(css)).collect()
}

fn within<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&sel(css)).collect()
}

fn href(element: ElementRef<'_>) -> &str {
    element.value().attr("href").unwrap_or("")
}

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The parts of `/graph.json` these tests read.
struct Graph {
    /// Node id (`topic:caching`) → kind.
    kinds: BTreeMap<String, String>,
    /// Topic id → its `stage` field.
    topic_stages: BTreeMap<String, String>,
    /// (source, target, kind).
    edges: Vec<(String, String, String)>,
}

impl Graph {
    fn from_json(json: &Value) -> Graph {
        let mut kinds = BTreeMap::new();
        let mut topic_stages = BTreeMap::new();
        for node in json["nodes"].as_array().expect("nodes") {
            let id = node["id"].as_str().expect("node id").to_string();
            let kind = node["kind"].as_str().expect("node kind").to_string();
            if kind == "topic" {
                let stage = node["stage"].as_str().unwrap_or("").to_string();
                topic_stages.insert(id.trim_start_matches("topic:").to_string(), stage);
            }
            kinds.insert(id, kind);
        }
        let edges = json["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| {
                let field = |k: &str| e[k].as_str().unwrap_or_else(|| panic!("edge {k}")).to_string();
                (field("source"), field("target"), field("kind"))
            })
            .collect();
        Graph {
            kinds,
            topic_stages,
            edges,
        }
    }

    /// Ids (without the `kind:` prefix) of every node of `kind`.
    fn ids_of(&self, kind: &str) -> BTreeSet<String> {
        self.kinds
            .iter()
            .filter(|(_, k)| k.as_str() == kind)
            .map(|(id, _)| id.split_once(':').map_or(id.as_str(), |(_, rest)| rest).to_string())
            .collect()
    }

    /// Targets of `kind` edges from `source` (full node ids).
    fn out(&self, source: &str, kind: &str) -> Vec<&str> {
        self.edges
            .iter()
            .filter(|(s, _, k)| s == source && k == kind)
            .map(|(_, t, _)| t.as_str())
            .collect()
    }

    /// Every edge touching `node`, except its own `stage` edge.
    fn links_of(&self, node: &str) -> usize {
        self.edges
            .iter()
            .filter(|(s, t, k)| (s == node || t == node) && !(s == node && k == "stage"))
            .count()
    }
}

#[test]
fn handbook_builds_with_zero_warnings() {
    let site = built();
    assert!(
        !site.stderr.to_lowercase().contains("warning"),
        "the handbook builds with warnings:\n{}",
        site.stderr
    );
    let summary = site.stdout.trim();
    assert!(
        summary.starts_with("built ") && summary.contains("26 topics, 5 stages, 8 books, 5 projects"),
        "unexpected summary line: {summary}"
    );
}

#[test]
fn stages_exist_in_roadmap_order_and_only_parallel_is_parallel() {
    let site = built();
    assert_eq!(site.graph().ids_of("stage"), ids(&STAGES));

    for stage in STAGES {
        let page = site.page(&format!("stages/{stage}"));
        let article = all(&page, &format!("article.page-stage[data-stage=\"{stage}\"]"));
        assert_eq!(article.len(), 1, "stages/{stage}/ is not a stage page");
        let badges = within(article[0], ".page-header .badge").len();
        if stage == PARALLEL_STAGE {
            assert_eq!(badges, 1, "the {stage} stage is not marked as the parallel track");
        } else {
            assert_eq!(badges, 0, "the {stage} stage is marked parallel");
        }
    }

    let home = site.page("");
    let bands: Vec<&str> = all(&home, "svg.roadmap-svg g[data-stage]")
        .into_iter()
        .filter_map(|g| g.value().attr("data-stage"))
        .collect();
    assert_eq!(bands, STAGES, "the roadmap does not draw the stages in order");
}

#[test]
fn every_expected_topic_exists_in_its_stage() {
    let site = built();
    let graph = site.graph();
    let expected: BTreeMap<String, String> = TOPICS.iter().map(|(t, s)| (t.to_string(), s.to_string())).collect();
    assert_eq!(
        graph.topic_stages, expected,
        "topics or their stages differ from the roadmap"
    );

    for (topic, stage) in TOPICS {
        let page = site.page(&format!("topics/{topic}"));
        assert_eq!(
            all(&page, &format!("article.page-topic[data-topic=\"{topic}\"]")).len(),
            1,
            "topics/{topic}/ is not a topic page"
        );
        let crumbs: Vec<String> = all(&page, ".breadcrumbs a")
            .into_iter()
            .map(|a| href(a).to_string())
            .collect();
        assert!(
            crumbs.iter().any(|h| h.ends_with(&format!("/stages/{stage}/"))),
            "{topic} does not show its stage {stage}: {crumbs:?}"
        );
    }
}

#[test]
fn every_project_and_book_has_a_page() {
    let site = built();
    let graph = site.graph();
    let projects: Vec<&str> = PROJECTS.iter().map(|(p, _)| *p).collect();
    assert_eq!(graph.ids_of("project"), ids(&projects));
    assert_eq!(graph.ids_of("book"), ids(&BOOKS));

    for (project, stage) in PROJECTS {
        let page = site.page(&format!("projects/{project}"));
        assert_eq!(all(&page, "article.page-project").len(), 1, "projects/{project}/");
        let node = format!("project:{project}");
        assert_eq!(
            graph.out(&node, "stage"),
            [format!("stage:{stage}")],
            "{project}'s stage"
        );
        assert!(!graph.out(&node, "topics").is_empty(), "{project} lists no topics");
    }
    for book in BOOKS {
        let page = site.page(&format!("books/{book}"));
        assert_eq!(all(&page, "article.page-book").len(), 1, "books/{book}/");
        assert!(
            !graph.out(&format!("book:{book}"), "topics").is_empty(),
            "{book} lists no topics"
        );
    }
}

#[test]
fn every_topic_page_has_resources_a_checklist_and_prerequisites_or_is_a_root() {
    let site = built();
    let graph = site.graph();
    for (topic, _) in TOPICS {
        let page = site.page(&format!("topics/{topic}"));

        let resources: Vec<&str> = all(&page, "section.resources a[href]")
            .into_iter()
            .map(href)
            .filter(|h| h.starts_with("https://") || h.starts_with("http://"))
            .collect();
        assert!(
            resources.len() >= MIN_RESOURCES,
            "{topic} has {} resources, fewer than {MIN_RESOURCES}",
            resources.len()
        );

        assert_eq!(
            all(&page, ".prose h2[id=\"체크리스트\"]").len(),
            1,
            "{topic} has no `## 체크리스트` section"
        );
        let items = all(&page, ".prose li input[type=\"checkbox\"]").len();
        assert!(
            items >= MIN_CHECKLIST_ITEMS,
            "{topic} has {items} checklist items, fewer than {MIN_CHECKLIST_ITEMS}"
        );

        let node = format!("topic:{topic}");
        let requires = graph.out(&node, "requires");
        let listed: BTreeSet<String> = all(&page, "section.prerequisites > ul > li[data-topic]")
            .into_iter()
            .filter_map(|li| li.value().attr("data-topic").map(|t| format!("topic:{t}")))
            .collect();
        if ROOTS.contains(&topic) {
            assert!(
                requires.is_empty(),
                "{topic} is a declared root but requires {requires:?}"
            );
        } else {
            assert!(
                !requires.is_empty(),
                "{topic} has no prerequisites and is not a declared root"
            );
            assert_eq!(
                listed,
                requires.iter().map(|r| r.to_string()).collect(),
                "{topic}'s page does not list its prerequisites"
            );
        }
        let related = graph
            .edges
            .iter()
            .filter(|(s, t, k)| k == "related" && (s == &node || t == &node))
            .count();
        assert!(related > 0, "{topic} has no related topics");
    }
}

#[test]
fn every_topic_links_its_prerequisites_in_the_body() {
    let site = built();
    let graph = site.graph();
    for (topic, _) in TOPICS {
        let page = site.page(&format!("topics/{topic}"));
        let links: Vec<&str> = all(&page, ".prose a[href]").into_iter().map(href).collect();
        for prerequisite in graph.out(&format!("topic:{topic}"), "requires") {
            let id = prerequisite.trim_start_matches("topic:");
            assert!(
                links.iter().any(|h| h.ends_with(&format!("/topics/{id}/"))),
                "{topic} builds on {id} but never links it in its text"
            );
        }
    }
}

#[test]
fn no_topic_is_an_orphan() {
    let site = built();
    let graph = site.graph();
    for (topic, _) in TOPICS {
        assert!(
            graph.links_of(&format!("topic:{topic}")) > 0,
            "{topic} has no edge in /graph.json besides its stage"
        );
    }
}

#[test]
fn each_stage_page_lists_its_topics_and_its_project() {
    let site = built();
    for stage in STAGES {
        let page = site.page(&format!("stages/{stage}"));
        let listed: BTreeSet<String> = all(&page, "section.stage-topics li[data-topic] > a[href]")
            .into_iter()
            .map(|a| {
                href(a)
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        let expected: BTreeSet<String> = TOPICS
            .iter()
            .filter(|(_, s)| *s == stage)
            .map(|(t, _)| t.to_string())
            .collect();
        assert_eq!(listed, expected, "stages/{stage}/ does not list exactly its topics");

        let (project, _) = PROJECTS.iter().find(|(_, s)| *s == stage).expect("a project per stage");
        assert!(
            all(&page, "a[href]")
                .into_iter()
                .any(|a| href(a).ends_with(&format!("/projects/{project}/"))),
            "stages/{stage}/ does not link its project {project}"
        );
    }
}

#[test]
fn home_roadmap_has_one_node_link_per_topic() {
    let site = built();
    let home = site.page("");
    let nodes = all(&home, "svg.roadmap-svg a.node[data-topic]");
    let mut seen = BTreeMap::<String, usize>::new();
    for node in &nodes {
        let topic = node.value().attr("data-topic").unwrap_or("");
        assert!(
            href(*node).ends_with(&format!("/topics/{topic}/")),
            "the roadmap node for {topic} links {}",
            href(*node)
        );
        *seen.entry(topic.to_string()).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = TOPICS.iter().map(|(t, _)| (t.to_string(), 1)).collect();
    assert_eq!(seen, expected, "the roadmap does not have exactly one node per topic");
}

#[test]
fn books_and_posts_are_linked_to_topics() {
    let site = built();
    let graph = site.graph();
    for book in BOOKS {
        let page = site.page(&format!("books/{book}"));
        let links: Vec<&str> = all(&page, ".prose a[href]").into_iter().map(href).collect();
        for topic in graph.out(&format!("book:{book}"), "topics") {
            let id = topic.trim_start_matches("topic:");
            assert!(
                links.iter().any(|h| h.ends_with(&format!("/topics/{id}/"))),
                "{book} serves {id} but its text never links it"
            );
        }
    }
    let posts = graph.ids_of("post");
    assert!(
        (4..=6).contains(&posts.len()),
        "expected 4–6 starter posts, found {posts:?}"
    );
    for post in posts {
        let node = format!("post:{post}");
        let topics = graph.out(&node, "topics");
        assert!(!topics.is_empty(), "post {post} lists no topics");
        let mentioned = graph.out(&node, "mentions");
        assert!(
            topics.iter().all(|t| mentioned.contains(t)),
            "post {post} does not link every topic it lists: {topics:?} vs {mentioned:?}"
        );
    }
}

#[test]
fn print_page_contents_group_topics_under_their_stage_and_link_to_sections() {
    let print = built().page("print");
    let groups = all(&print, ".print-toc-group");
    let stage_groups: Vec<ElementRef<'_>> = groups
        .iter()
        .copied()
        .filter(|g| g.value().classes().any(|c| c == "print-toc-stage"))
        .collect();
    let heads: Vec<String> = stage_groups
        .iter()
        .map(|g| href(within(*g, "h3 a")[0]).trim_start_matches("#stage-").to_string())
        .collect();
    assert_eq!(heads, STAGES, "one group per stage, in roadmap order");
    for (group, stage) in stage_groups.iter().zip(STAGES) {
        let listed: BTreeSet<String> = within(*group, "ol a")
            .iter()
            .map(|a| href(*a).trim_start_matches("#topic-").to_string())
            .collect();
        let expected: BTreeSet<String> = TOPICS
            .iter()
            .filter(|(_, s)| *s == stage)
            .map(|(t, _)| t.to_string())
            .collect();
        assert_eq!(listed, expected, "the topics under stage {stage}");
    }
    for kind in ["print-toc-project", "print-toc-book"] {
        assert!(
            groups.iter().any(|g| g.value().classes().any(|c| c == kind)),
            "a {kind} group"
        );
    }
    let ids: BTreeSet<&str> = all(&print, "[id]").iter().filter_map(|e| e.value().id()).collect();
    for a in all(&print, ".print-toc a") {
        let target = href(a).trim_start_matches('#');
        assert!(ids.contains(target), "contents link {target} has a section");
    }
    assert_eq!(
        href(all(&print, ".print-back")[0]),
        "/roadbook/",
        "a way back to the handbook"
    );
    assert!(
        all(&print, "button[data-print][hidden]").len() == 1,
        "the print button waits for JS"
    );
}

#[test]
fn section_pages_mark_their_section_and_list_it_in_the_sidebar() {
    let site = built();
    for (rel, section_url, side_url) in [
        (
            "projects/blog-backend",
            "/roadbook/projects/",
            "/roadbook/projects/blog-backend/",
        ),
        ("topics/caching", "/roadbook/", "/roadbook/topics/caching/"),
    ] {
        let page = site.page(rel);
        let current: Vec<&str> = all(&page, ".top-nav a[aria-current]")
            .iter()
            .map(|a| href(*a))
            .collect();
        assert_eq!(current, [section_url], "{rel}: the top navigation marks its section");
        let marked: Vec<&str> = all(&page, ".sidebar a[aria-current=page]")
            .iter()
            .map(|a| href(*a))
            .collect();
        assert!(
            marked.contains(&side_url),
            "{rel}: the sidebar marks the page itself: {marked:?}"
        );
    }
    let project = site.page("projects/blog-backend");
    assert!(
        all(&project, ".side-list .side-items a").len() >= 5,
        "a project page lists the projects in the sidebar"
    );
}

#[test]
fn roadmap_svg_tells_the_stylesheet_its_natural_width() {
    let home = built().page("");
    let svg = all(&home, "svg.roadmap-svg")[0].value();
    let view_box = svg.attr("viewBox").expect("viewBox");
    let width = view_box.split(' ').nth(2).expect("viewBox width");
    assert_eq!(svg.attr("width"), Some(width));
    assert_eq!(svg.attr("style"), Some(format!("--natural-width: {width}px").as_str()));
}

#[test]
fn stage_pages_draw_their_part_of_the_roadmap() {
    let site = built();
    let mut arrows = 0;
    for stage in ["foundations", "practical", "system-design", "expert", "parallel"] {
        let page = site.page(&format!("stages/{stage}"));
        let cards: Vec<&str> = all(&page, ".stage-topics [data-topic]")
            .iter()
            .filter_map(|li| li.value().attr("data-topic"))
            .collect();
        let svgs = all(&page, ".stage-roadmap svg.roadmap-svg");
        assert_eq!(svgs.len(), 1, "{stage}: one drawing");
        let mut drawn: Vec<&str> = all(&page, ".stage-roadmap .node")
            .iter()
            .filter_map(|n| n.value().attr("data-topic"))
            .collect();
        let mut listed = cards.clone();
        drawn.sort();
        listed.sort();
        assert_eq!(drawn, listed, "{stage}: the drawing shows exactly the stage's topics");
        assert_eq!(all(&page, ".stage-roadmap [data-stage]").len(), 1, "{stage}: one band");
        // Every arrow joins two topics of the stage.
        for edge in all(&page, ".stage-roadmap path.edge") {
            arrows += 1;
            for end in ["data-from", "data-to"] {
                let id = edge.value().attr(end).unwrap_or("");
                assert!(cards.contains(&id), "{stage}: an arrow {end} {id}, outside the stage");
            }
        }
    }
    assert!(arrows > 0, "some stage draws its requires arrows");
}

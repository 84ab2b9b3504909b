//! The graph as data: `/graph.json`, and `roadbook graph --format json|dot|mermaid`.

use std::fmt::Write;

use serde::Serialize;

use super::Graph;
use super::edges::EdgeKind;
use std::sync::Arc;

use crate::content::Document;
use crate::util::url::Urls;

/// A node of the exported graph.
#[derive(Debug, Serialize)]
pub struct NodeOut<'a> {
    /// `kind:id`, unique across kinds.
    pub id: String,
    /// topic, stage, project, book, post, page or home.
    pub kind: &'static str,
    /// The page's title.
    pub title: &'a str,
    /// The page's URL (with the base path).
    pub url: String,
    /// The stage id, for topics and projects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<&'a str>,
}

/// An edge of the exported graph.
#[derive(Debug, Serialize)]
pub struct EdgeOut {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// requires, related, books, topics, stage or mentions.
    pub kind: EdgeKind,
}

/// The exported graph.
#[derive(Debug, Serialize)]
pub struct GraphOut<'a> {
    /// Every page.
    pub nodes: Vec<NodeOut<'a>>,
    /// Every typed edge.
    pub edges: Vec<EdgeOut>,
}

fn node_id(doc: &Document) -> String {
    format!("{}:{}", doc.kind.name(), doc.id)
}

/// The graph in its exported shape.
pub fn graph_out<'a>(graph: &Graph, docs: &'a [Arc<Document>], urls: &Urls) -> GraphOut<'a> {
    let nodes = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| NodeOut {
            id: node_id(doc),
            kind: doc.kind.name(),
            title: &doc.title,
            url: urls.path(&doc.site_path()),
            stage: graph.relations[i].stage.map(|s| docs[s].id.as_str()),
        })
        .collect();
    let edges = graph
        .edges
        .iter()
        .map(|e| EdgeOut {
            source: node_id(&docs[e.from]),
            target: node_id(&docs[e.to]),
            kind: e.kind,
        })
        .collect();
    GraphOut { nodes, edges }
}

/// `/graph.json`.
pub fn to_json(graph: &Graph, docs: &[Arc<Document>], urls: &Urls) -> String {
    serde_json::to_string(&graph_out(graph, docs, urls)).unwrap_or_else(|_| "{}".into())
}

/// `/graph.json`, written to `w` as it is serialized (5.7 MB at 10,000 pages: the build
/// streams it rather than holding it).
pub fn write_json(
    graph: &Graph,
    docs: &[Arc<Document>],
    urls: &Urls,
    w: &mut impl std::io::Write,
) -> std::io::Result<()> {
    serde_json::to_writer(w, &graph_out(graph, docs, urls)).map_err(std::io::Error::other)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// What `roadbook graph` prints: by default the topics (in their stages) and the relations
/// between topics; with `all`, every page and every kind of edge. Either way one edge per pair
/// of pages, with all the kinds that join them.
pub struct View {
    /// The documents shown, in document order.
    pub nodes: Vec<usize>,
    /// `(from, to, kinds)`: kinds in [`EdgeKind`] order.
    pub edges: Vec<(usize, usize, Vec<EdgeKind>)>,
}

impl View {
    /// The view of `graph` over `docs` (`all`: every page, else topics and stages).
    pub fn new(graph: &Graph, docs: &[Arc<Document>], all: bool) -> View {
        use crate::content::Kind;
        let shown = |i: usize| all || matches!(docs[i].kind, Kind::Topic | Kind::Stage);
        let nodes: Vec<usize> = (0..docs.len()).filter(|&i| shown(i)).collect();
        let mut merged: std::collections::BTreeMap<(usize, usize), Vec<EdgeKind>> = std::collections::BTreeMap::new();
        for e in &graph.edges {
            // A stage is drawn as the cluster around its topics, not as an edge.
            let between_topics = docs[e.from].kind == Kind::Topic && docs[e.to].kind == Kind::Topic;
            if e.kind == EdgeKind::Stage || !shown(e.from) || !shown(e.to) || !(all || between_topics) {
                continue;
            }
            // `related` written from both sides is one relation.
            let key = if e.kind == EdgeKind::Related
                && merged
                    .get(&(e.to, e.from))
                    .is_some_and(|k| k.contains(&EdgeKind::Related))
            {
                continue;
            } else {
                (e.from, e.to)
            };
            let kinds = merged.entry(key).or_default();
            if !kinds.contains(&e.kind) {
                kinds.push(e.kind);
                kinds.sort();
            }
        }
        View {
            nodes,
            edges: merged.into_iter().map(|((a, b), k)| (a, b, k)).collect(),
        }
    }
}

/// The kinds of an edge as its label: `requires, mentions`.
fn kinds_label(kinds: &[EdgeKind]) -> String {
    kinds
        .iter()
        .map(|k| format!("{k:?}").to_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `roadbook graph --format json`: the view's nodes and edges (`kinds` a list).
pub fn view_json(view: &View, docs: &[Arc<Document>], graph: &Graph, urls: &Urls) -> String {
    let nodes: Vec<NodeOut<'_>> = view
        .nodes
        .iter()
        .map(|&i| NodeOut {
            id: node_id(&docs[i]),
            kind: docs[i].kind.name(),
            title: &docs[i].title,
            url: urls.path(&docs[i].site_path()),
            stage: graph.relations[i].stage.map(|s| docs[s].id.as_str()),
        })
        .collect();
    let edges: Vec<serde_json::Value> = view
        .edges
        .iter()
        .map(|(a, b, kinds)| {
            serde_json::json!({"source": node_id(&docs[*a]), "target": node_id(&docs[*b]), "kinds": kinds})
        })
        .collect();
    serde_json::to_string(&serde_json::json!({"nodes": nodes, "edges": edges})).unwrap_or_else(|_| "{}".into())
}

/// The topics of each stage shown, then the other pages shown (outside any stage).
fn clusters(view: &View, graph: &Graph) -> (Vec<(usize, Vec<usize>)>, Vec<usize>) {
    let in_view = |i: usize| view.nodes.binary_search(&i).is_ok();
    let clusters: Vec<(usize, Vec<usize>)> = graph
        .stages
        .iter()
        .filter(|&&s| in_view(s))
        .map(|&s| {
            let members = view
                .nodes
                .iter()
                .copied()
                .filter(|&i| graph.relations[i].stage == Some(s))
                .collect();
            (s, members)
        })
        .collect();
    let placed: std::collections::HashSet<usize> = clusters
        .iter()
        .flat_map(|(s, m)| std::iter::once(*s).chain(m.iter().copied()))
        .collect();
    let rest = view.nodes.iter().copied().filter(|i| !placed.contains(i)).collect();
    (clusters, rest)
}

/// `roadbook graph --format dot`: Graphviz, stages as clusters.
pub fn view_dot(view: &View, docs: &[Arc<Document>], graph: &Graph) -> String {
    let id = |i: usize| quote(&node_id(&docs[i]));
    let mut s = String::from("digraph roadbook {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    let (clusters, rest) = clusters(view, graph);
    for (stage, members) in &clusters {
        let _ = writeln!(
            s,
            "  subgraph {} {{\n    label={};",
            quote(&format!("cluster_{}", docs[*stage].id)),
            quote(&docs[*stage].title)
        );
        for &i in members {
            let _ = writeln!(s, "    {} [label={}];", id(i), quote(&docs[i].title));
        }
        s.push_str("  }\n");
    }
    for i in rest
        .into_iter()
        .filter(|&i| docs[i].kind != crate::content::Kind::Stage)
    {
        let _ = writeln!(s, "  {} [label={}];", id(i), quote(&docs[i].title));
    }
    for (a, b, kinds) in &view.edges {
        let style = match kinds.first() {
            Some(EdgeKind::Requires) => "",
            Some(EdgeKind::Related) => ", style=dashed, dir=none",
            _ => ", style=dotted",
        };
        let _ = writeln!(
            s,
            "  {} -> {} [label={}{style}];",
            id(*a),
            id(*b),
            quote(&kinds_label(kinds))
        );
    }
    s.push_str("}\n");
    s
}

/// `roadbook graph --format mermaid`: a Mermaid flowchart, stages as subgraphs.
pub fn view_mermaid(view: &View, docs: &[Arc<Document>], graph: &Graph) -> String {
    let ident = |i: usize| format!("n{i}");
    let label = |t: &str| t.replace('"', "#quot;");
    let mut s = String::from("flowchart TD\n");
    let (clusters, rest) = clusters(view, graph);
    for (stage, members) in &clusters {
        let _ = writeln!(s, "  subgraph {}[\"{}\"]", ident(*stage), label(&docs[*stage].title));
        for &i in members {
            let _ = writeln!(s, "    {}[\"{}\"]", ident(i), label(&docs[i].title));
        }
        s.push_str("  end\n");
    }
    for i in rest {
        let _ = writeln!(s, "  {}[\"{}\"]", ident(i), label(&docs[i].title));
    }
    for (a, b, kinds) in &view.edges {
        let arrow = match kinds.first() {
            Some(EdgeKind::Requires) => "-->",
            Some(EdgeKind::Related) => "-.-",
            _ => "-.->",
        };
        let _ = writeln!(s, "  {} {arrow}|{}| {}", ident(*a), kinds_label(kinds), ident(*b));
    }
    s
}

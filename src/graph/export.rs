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

/// Graphviz DOT: stages as clusters holding their topics and projects.
pub fn to_dot(graph: &Graph, docs: &[Arc<Document>], urls: &Urls) -> String {
    let out = graph_out(graph, docs, urls);
    let mut s = String::from("digraph roadbook {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for &stage in &graph.stages {
        let _ = writeln!(
            s,
            "  subgraph {} {{\n    label={};",
            quote(&format!("cluster_{}", docs[stage].id)),
            quote(&docs[stage].title)
        );
        let _ = writeln!(
            s,
            "    {} [label={}, shape=folder];",
            quote(&out.nodes[stage].id),
            quote(&docs[stage].title)
        );
        for (i, n) in out.nodes.iter().enumerate() {
            if n.stage == Some(docs[stage].id.as_str()) {
                let _ = writeln!(s, "    {} [label={}];", quote(&n.id), quote(&docs[i].title));
            }
        }
        s.push_str("  }\n");
    }
    for (i, n) in out.nodes.iter().enumerate() {
        if n.stage.is_none() && docs[i].kind != crate::content::Kind::Stage {
            let _ = writeln!(s, "  {} [label={}];", quote(&n.id), quote(&docs[i].title));
        }
    }
    for e in &out.edges {
        let style = match e.kind {
            EdgeKind::Requires => "",
            EdgeKind::Related => ", style=dashed, dir=none",
            _ => ", style=dotted",
        };
        let _ = writeln!(
            s,
            "  {} -> {} [label={}{style}];",
            quote(&e.source),
            quote(&e.target),
            quote(&format!("{:?}", e.kind).to_lowercase())
        );
    }
    s.push_str("}\n");
    s
}

/// A Mermaid flowchart: stages as subgraphs.
pub fn to_mermaid(graph: &Graph, docs: &[Arc<Document>], urls: &Urls) -> String {
    let out = graph_out(graph, docs, urls);
    let ident = |i: usize| format!("n{i}");
    let label = |t: &str| t.replace('"', "#quot;");
    let mut s = String::from("flowchart TD\n");
    let mut placed = vec![false; docs.len()];
    for &stage in &graph.stages {
        let _ = writeln!(s, "  subgraph {}[\"{}\"]", ident(stage), label(&docs[stage].title));
        placed[stage] = true;
        for (i, n) in out.nodes.iter().enumerate() {
            if n.stage == Some(docs[stage].id.as_str()) {
                let _ = writeln!(s, "    {}[\"{}\"]", ident(i), label(&docs[i].title));
                placed[i] = true;
            }
        }
        s.push_str("  end\n");
    }
    for (i, doc) in docs.iter().enumerate() {
        if !placed[i] {
            let _ = writeln!(s, "  {}[\"{}\"]", ident(i), label(&doc.title));
        }
    }
    for e in &graph.edges {
        let arrow = match e.kind {
            EdgeKind::Requires => "-->",
            EdgeKind::Related => "---",
            EdgeKind::Stage => continue,
            _ => "-.->",
        };
        let _ = writeln!(s, "  {} {arrow} {}", ident(e.from), ident(e.to));
    }
    s
}

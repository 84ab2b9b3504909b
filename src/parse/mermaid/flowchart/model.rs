//! What roadbook draws itself, read from the parser's IR: nodes and edges with their label
//! lines and sizes, or `None` for a flowchart that uses something only the renderer draws.

use mermaid_rs_renderer::ir::{Direction, EdgeDecoration, EdgeStyle, Graph, NodeShape};

use crate::util::text_width::width;

/// Label text size, px (the page sets the family).
pub const FONT_PX: f64 = 14.0;
/// Distance between the baselines of a label's lines, px.
pub const LINE_PX: f64 = 19.0;
/// Room around a node's label: left and right, top and bottom, px.
const PAD_X: f64 = 15.0;
const PAD_Y: f64 = 10.0;
/// Labels wider than this wrap at spaces, px.
const WRAP_PX: f64 = 200.0;

/// A flowchart as roadbook lays it out.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The direction ranks go.
    pub dir: Direction,
    /// Nodes in source order.
    pub nodes: Vec<Node>,
    /// Edges in source order.
    pub edges: Vec<Edge>,
}

/// A node: its label lines, shape and drawn size (px, unrotated).
#[derive(Debug, Clone)]
pub struct Node {
    pub lines: Vec<String>,
    pub shape: NodeShape,
    pub w: f64,
    pub h: f64,
}

/// How an edge's end is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    None,
    Arrow,
    Circle,
    Cross,
}

/// An edge between two nodes (indices into [`Chart::nodes`]).
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// Label lines (empty: no label) and the label box's size, px.
    pub lines: Vec<String>,
    pub label_w: f64,
    pub label_h: f64,
    pub style: EdgeStyle,
    pub start: End,
    pub end: End,
}

impl Chart {
    /// The chart of `graph`, or `None` when it uses what roadbook does not draw (see
    /// [`drawable`]).
    pub fn from_ir(graph: &Graph) -> Option<Chart> {
        if !drawable(graph) {
            return None;
        }
        // Source order, not the BTreeMap's id order: it is the layout's tie-break.
        let mut ids: Vec<&String> = graph.nodes.keys().collect();
        ids.sort_by_key(|id| (graph.node_order.get(*id).copied().unwrap_or(usize::MAX), *id));
        let index = |id: &str| ids.iter().position(|i| *i == id);
        let nodes = ids
            .iter()
            .map(|id| node(&graph.nodes[*id].label, graph.nodes[*id].shape))
            .collect();
        let mut edges = Vec::with_capacity(graph.edges.len());
        for e in &graph.edges {
            let lines = e.label.as_deref().map(lines).unwrap_or_default();
            let (label_w, label_h) = if lines.is_empty() {
                (0.0, 0.0)
            } else {
                text_size(&lines)
            };
            edges.push(Edge {
                from: index(&e.from)?,
                to: index(&e.to)?,
                label_w: label_w + 8.0,
                label_h: label_h + 4.0,
                lines,
                style: e.style,
                start: end(e.arrow_start, e.start_decoration),
                end: end(e.arrow_end, e.end_decoration),
            });
        }
        Some(Chart {
            dir: graph.direction,
            nodes,
            edges,
        })
    }
}

/// Whether roadbook draws `graph` itself. It does not (the renderer does) when the chart has
/// subgraphs, styles or classes (`classDef`, `class`, `style`, `linkStyle`), links (`click`),
/// icons, shapes other than the flowchart ones below, labels with markup (HTML other than
/// `<br>`, Markdown, `fa:` icons, math), edge end labels, class-diagram arrowheads, other end
/// decorations than `o`/`x`, or an edge from a node to itself.
pub fn drawable(g: &Graph) -> bool {
    use NodeShape as S;
    let plain = |label: &str| {
        let rest = label.replace("<br/>", "").replace("<br>", "").replace("<br />", "");
        !["<", "**", "`", "fa:", "$$"].iter().any(|m| rest.contains(m))
    };
    let styled = !g.subgraphs.is_empty()
        || !g.class_defs.is_empty()
        || !g.node_classes.is_empty()
        || !g.node_styles.is_empty()
        || !g.subgraph_styles.is_empty()
        || !g.subgraph_classes.is_empty()
        || !g.node_links.is_empty()
        || !g.edge_styles.is_empty()
        || g.edge_style_default.is_some();
    let nodes_ok = g.nodes.values().all(|n| {
        n.icon.is_none() && plain(&n.label) && !matches!(n.shape, S::ForkJoin | S::ActorBox | S::MindmapDefault)
    });
    let edge_ok = |e: &mermaid_rs_renderer::ir::Edge| {
        let deco = |d: Option<EdgeDecoration>| matches!(d, None | Some(EdgeDecoration::Circle | EdgeDecoration::Cross));
        e.from != e.to
            && e.start_label.is_none()
            && e.end_label.is_none()
            && e.arrow_start_kind.is_none()
            && e.arrow_end_kind.is_none()
            && deco(e.start_decoration)
            && deco(e.end_decoration)
            && e.label.as_deref().is_none_or(plain)
    };
    !styled && nodes_ok && g.edges.iter().all(edge_ok)
}

fn end(arrow: bool, decoration: Option<EdgeDecoration>) -> End {
    match decoration {
        Some(EdgeDecoration::Circle) => End::Circle,
        Some(EdgeDecoration::Cross) => End::Cross,
        _ if arrow => End::Arrow,
        _ => End::None,
    }
}

fn node(label: &str, shape: NodeShape) -> Node {
    let lines = lines(label);
    let (tw, th) = text_size(&lines);
    let (w, h) = shape_size(shape, tw, th);
    Node { lines, shape, w, h }
}

/// The size of a shape around a text block of `tw` × `th`.
fn shape_size(shape: NodeShape, tw: f64, th: f64) -> (f64, f64) {
    use NodeShape as S;
    let (w, h) = (tw + 2.0 * PAD_X, th + 2.0 * PAD_Y);
    match shape {
        S::Circle => (w.max(h), w.max(h)),
        S::DoubleCircle => (w.max(h) + 10.0, w.max(h) + 10.0),
        // Wide enough that the text's corners stay inside: tw/W + th/H ≤ 1.
        S::Diamond => {
            let dw = w + h;
            (dw, (th / (1.0 - tw / dw)).max(h * 1.6))
        }
        S::Hexagon | S::Parallelogram | S::ParallelogramAlt | S::Trapezoid | S::TrapezoidAlt => (w + h / 2.0, h),
        S::Stadium | S::Asymmetric => (w + h / 4.0, h),
        S::Subroutine => (w + 16.0, h),
        S::Cylinder => (w, h + 12.0),
        S::Text => (tw + 8.0, th + 8.0),
        _ => (w, h),
    }
}

/// A label's lines: split at `<br>`, `<br/>` and `\n`, each wrapped at spaces.
pub fn lines(label: &str) -> Vec<String> {
    let label = label
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n")
        .replace("\\n", "\n");
    label.split('\n').flat_map(|l| wrap(l.trim())).collect()
}

/// `line` in lines no wider than [`WRAP_PX`] where it has spaces to break at.
fn wrap(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in line.split_whitespace() {
        if !cur.is_empty() && width(&format!("{cur} {word}"), FONT_PX) > WRAP_PX {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}

/// The size of a block of lines, px.
fn text_size(lines: &[String]) -> (f64, f64) {
    let w = lines.iter().map(|l| width(l, FONT_PX)).fold(0.0, f64::max);
    (w, lines.len() as f64 * LINE_PX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_at_breaks_and_wrap_at_spaces() {
        assert_eq!(lines("a<br>b<br/>c\\nd"), ["a", "b", "c", "d"]);
        let long = lines("캐시에 없으면 데이터베이스에서 읽어 와서 캐시에 저장하고 응답한다");
        assert!(long.len() > 1, "{long:?}");
        assert!(long.iter().all(|l| width(l, FONT_PX) <= WRAP_PX), "{long:?}");
    }

    #[test]
    fn a_diamond_holds_its_text() {
        let (tw, th) = (80.0, 19.0);
        let (w, h) = shape_size(NodeShape::Diamond, tw, th);
        assert!(tw / w + th / h <= 1.0 + 1e-9, "{w}×{h}");
    }
}

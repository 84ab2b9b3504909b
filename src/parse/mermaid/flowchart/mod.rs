//! roadbook's own flowchart drawing: the parser's IR laid out in layers (Sugiyama-style, as
//! dagre and mermaid.js do) and written as a small SVG, in about a tenth of a millisecond for
//! a small chart — the renderer's own layout spends milliseconds placing edge labels.
//!
//! [`model`] reads the IR (or declines: the renderer then draws the chart), [`rank`] breaks
//! cycles and builds the layered graph, [`order`] reduces crossings, [`place`] gives
//! coordinates, [`route`] draws edges between shape outlines and [`draw`] writes the SVG.

mod draw;
mod model;
mod order;
mod place;
mod rank;
mod route;

use mermaid_rs_renderer::ir::{Direction, Graph};

use model::Chart;
use rank::Kind;
use route::{Layout, Placed, Point};

/// The drawing's version: part of every cached flowchart's key.
pub const VERSION: &str = "roadbook-flowchart 1";

/// Margin around the drawing, px.
const MARGIN: f64 = 8.0;

/// `graph` drawn as an `<svg>`, or `None` when it uses something roadbook does not draw
/// ([`model::drawable`]); the caller then has the renderer draw it.
pub fn svg(graph: &Graph) -> Option<String> {
    let chart = Chart::from_ir(graph)?;
    Some(draw::svg(&chart, &layout(&chart)))
}

/// Lays `chart` out top-down (sizes turned for left-right), then turns it to its direction.
pub fn layout(chart: &Chart) -> Layout {
    let across = matches!(chart.dir, Direction::LeftRight | Direction::RightLeft);
    let g = rank::layered(chart, across);
    let layers = order::order(&g);
    let (up, down) = order::neighbours(&g);
    let at = place::place(&g, &layers, &up, &down);
    let (w, h) = g
        .vertices
        .iter()
        .zip(&at)
        .fold((0.0f64, 0.0f64), |(w, h), (v, &(x, y))| {
            (w.max(x + v.w / 2.0), h.max(y + v.h / 2.0))
        });
    // Top-down space → the drawing: turn, mirror, and leave the margin.
    let turn = |(x, y): Point| -> Point {
        let (x, y) = match chart.dir {
            Direction::TopDown => (x, y),
            Direction::BottomTop => (x, h - y),
            Direction::LeftRight => (y, x),
            Direction::RightLeft => (h - y, x),
        };
        (x + MARGIN, y + MARGIN)
    };
    let mut nodes = Vec::with_capacity(chart.nodes.len());
    let mut labels = vec![None; chart.edges.len()];
    for (v, vertex) in g.vertices.iter().enumerate() {
        match vertex.kind {
            Kind::Node(i) => {
                let (x, y) = turn(at[v]);
                let node = &chart.nodes[i];
                nodes.push(Placed {
                    x,
                    y,
                    w: node.w,
                    h: node.h,
                    shape: node.shape,
                });
            }
            Kind::Label(e) => labels[e] = Some(turn(at[v])),
            Kind::Dummy => {}
        }
    }
    let paths = chart
        .edges
        .iter()
        .enumerate()
        .map(|(e, edge)| {
            let chain = &g.chains[e];
            let mut via: Vec<Point> = chain[1..chain.len() - 1].iter().map(|&v| turn(at[v])).collect();
            if g.reversed[e] {
                via.reverse();
            }
            route::route(&nodes[edge.from], &via, &nodes[edge.to])
        })
        .collect();
    let (width, height) = if across { (h, w) } else { (w, h) };
    Layout {
        width: width + 2.0 * MARGIN,
        height: height + 2.0 * MARGIN,
        nodes,
        labels,
        paths,
    }
}

#[cfg(test)]
mod tests;

//! The SVG: edges, then nodes, then edge labels on a background, then all text. Colours are
//! the wrapper's sentinels (`PALETTE`), set once per group, so the stylesheet recolours the
//! drawing for dark mode and print.

use std::fmt::Write;

use mermaid_rs_renderer::ir::{EdgeStyle, NodeShape};

use super::super::palette::PALETTE;
use super::model::{Chart, End, FONT_PX, LINE_PX};
use super::route::{Layout, Placed, num, path_data};
use crate::util::html::escape;

/// Sentinel colours by role (indices into `PALETTE`).
const NODE: usize = 0;
const TEXT: usize = 1;
const BORDER: usize = 2;
const LINE: usize = 3;
const LABEL_BG: usize = 5;

/// Where a line's baseline sits below its centre, px (about a third of an em).
const BASELINE: f64 = 5.0;

/// The whole drawing.
pub fn svg(chart: &Chart, layout: &Layout) -> String {
    let c = |role: usize| PALETTE[role].0;
    let (w, h) = (num(layout.width), num(layout.height));
    let mut s = String::with_capacity(512 + 300 * (chart.nodes.len() + chart.edges.len()));
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">"
    );
    markers(&mut s, c(LINE));
    let _ = write!(s, "<g fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\">", c(LINE));
    for (edge, points) in chart.edges.iter().zip(&layout.paths) {
        let _ = write!(s, "<path d=\"{}\"", path_data(points));
        match edge.style {
            EdgeStyle::Dotted => s.push_str(" stroke-dasharray=\"3 3\""),
            EdgeStyle::Thick => s.push_str(" stroke-width=\"3.5\""),
            EdgeStyle::Solid => {}
        }
        for (attribute, end) in [("marker-start", edge.start), ("marker-end", edge.end)] {
            if let Some(id) = marker(end) {
                let _ = write!(s, " {attribute}=\"url(#{id})\"");
            }
        }
        s.push_str("/>");
    }
    let _ = write!(s, "</g><g fill=\"{}\" stroke=\"{}\">", c(NODE), c(BORDER));
    for node in layout.nodes.iter().filter(|n| n.shape != NodeShape::Text) {
        shape(&mut s, node);
    }
    s.push_str("</g>");
    if layout.labels.iter().any(Option::is_some) {
        let _ = write!(s, "<g fill=\"{}\">", c(LABEL_BG));
    }
    for (edge, at) in chart.edges.iter().zip(&layout.labels) {
        if let Some((x, y)) = at {
            let (lw, lh) = (edge.label_w, edge.label_h);
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                num(x - lw / 2.0),
                num(y - lh / 2.0),
                num(lw),
                num(lh)
            );
        }
    }
    if layout.labels.iter().any(Option::is_some) {
        s.push_str("</g>");
    }
    let _ = write!(
        s,
        "<g fill=\"{}\" font-size=\"{FONT_PX}\" text-anchor=\"middle\">",
        c(TEXT)
    );
    for (node, placed) in chart.nodes.iter().zip(&layout.nodes) {
        text(&mut s, &node.lines, placed.x, placed.y);
    }
    for (edge, at) in chart.edges.iter().zip(&layout.labels) {
        if let Some((x, y)) = at {
            text(&mut s, &edge.lines, *x, *y);
        }
    }
    s.push_str("</g></svg>");
    s
}

fn marker(end: End) -> Option<&'static str> {
    match end {
        End::None => None,
        End::Arrow => Some("fc-arrow"),
        End::Circle => Some("fc-circle"),
        End::Cross => Some("fc-cross"),
    }
}

/// One marker per kind of end, turned to face outwards at either end of a path; the wrapper
/// drops those nothing uses.
fn markers(s: &mut String, colour: &str) {
    let common = "viewBox=\"0 0 10 10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"";
    let _ = write!(
        s,
        "<defs><marker id=\"fc-arrow\" {common} refX=\"9\"><path d=\"M0 0L10 5L0 10z\" fill=\"{colour}\"/></marker>\
         <marker id=\"fc-circle\" {common} refX=\"9\"><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"{colour}\"/></marker>\
         <marker id=\"fc-cross\" {common} refX=\"5\"><path d=\"M1 1L9 9M9 1L1 9\" stroke=\"{colour}\" stroke-width=\"1.5\"/></marker></defs>"
    );
}

/// A node's outline (fill and stroke come from the group).
fn shape(s: &mut String, n: &Placed) {
    use NodeShape as S;
    let (l, t, r, b) = (n.x - n.w / 2.0, n.y - n.h / 2.0, n.x + n.w / 2.0, n.y + n.h / 2.0);
    let poly = |s: &mut String, pts: &[(f64, f64)]| {
        let pts: Vec<String> = pts.iter().map(|p| format!("{},{}", num(p.0), num(p.1))).collect();
        let _ = write!(s, "<polygon points=\"{}\"/>", pts.join(" "));
    };
    let rect = |s: &mut String, rx: f64| {
        let round = if rx > 0.0 {
            format!(" rx=\"{}\"", num(rx))
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{round}/>",
            num(l),
            num(t),
            num(n.w),
            num(n.h)
        );
    };
    let k = n.h / 4.0;
    match n.shape {
        S::RoundRect => rect(s, 5.0),
        S::Stadium => rect(s, n.h / 2.0),
        S::Circle => circle(s, n.x, n.y, n.w / 2.0),
        S::DoubleCircle => {
            circle(s, n.x, n.y, n.w / 2.0);
            circle(s, n.x, n.y, n.w / 2.0 - 4.0);
        }
        S::Diamond => poly(s, &[(n.x, t), (r, n.y), (n.x, b), (l, n.y)]),
        S::Hexagon => poly(s, &[(l + k, t), (r - k, t), (r, n.y), (r - k, b), (l + k, b), (l, n.y)]),
        S::Parallelogram => poly(s, &[(l + 2.0 * k, t), (r, t), (r - 2.0 * k, b), (l, b)]),
        S::ParallelogramAlt => poly(s, &[(l, t), (r - 2.0 * k, t), (r, b), (l + 2.0 * k, b)]),
        S::Trapezoid => poly(s, &[(l + 2.0 * k, t), (r - 2.0 * k, t), (r, b), (l, b)]),
        S::TrapezoidAlt => poly(s, &[(l, t), (r, t), (r - 2.0 * k, b), (l + 2.0 * k, b)]),
        S::Asymmetric => poly(s, &[(l, t), (r, t), (r, b), (l, b), (l + k, n.y)]),
        S::Subroutine => {
            rect(s, 0.0);
            let _ = write!(
                s,
                "<path d=\"M{0} {2}V{3}M{1} {2}V{3}\"/>",
                num(l + 8.0),
                num(r - 8.0),
                num(t),
                num(b)
            );
        }
        S::Cylinder => {
            let (rx, ry) = (num(n.w / 2.0), num(6.0));
            let _ = write!(
                s,
                "<path d=\"M{l} {t1}A{rx} {ry} 0 0 1 {r} {t1}V{b1}A{rx} {ry} 0 0 1 {l} {b1}Z\"/><path d=\"M{l} {t1}A{rx} {ry} 0 0 0 {r} {t1}\"/>",
                l = num(l),
                r = num(r),
                t1 = num(t + 6.0),
                b1 = num(b - 6.0)
            );
        }
        _ => rect(s, 0.0),
    }
}

fn circle(s: &mut String, x: f64, y: f64, r: f64) {
    let _ = write!(s, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"/>", num(x), num(y), num(r));
}

/// Lines of text centred on `x`, `y`.
fn text(s: &mut String, lines: &[String], x: f64, y: f64) {
    let top = y - (lines.len() as f64 - 1.0) * LINE_PX / 2.0 + BASELINE;
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            num(x),
            num(top + i as f64 * LINE_PX),
            escape(line)
        );
    }
}

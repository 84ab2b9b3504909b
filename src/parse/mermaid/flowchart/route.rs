//! Edge paths: through the centres of an edge's bends and label, ends clipped to the outline
//! of the shapes they leave and enter, drawn as a smooth curve.

use mermaid_rs_renderer::ir::NodeShape;

/// A point, px.
pub type Point = (f64, f64);

/// A node's box in the drawing: centre and size.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub shape: NodeShape,
}

/// Where everything goes, in the drawing's coordinates.
#[derive(Debug, Clone)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Per node of the chart.
    pub nodes: Vec<Placed>,
    /// Per edge: the centre of its label, if it has one.
    pub labels: Vec<Option<Point>>,
    /// Per edge: its path from its source to its target.
    pub paths: Vec<Vec<Point>>,
}

/// The edge from `from` through `via` to `to`, its ends on the shapes' outlines.
pub fn route(from: &Placed, via: &[Point], to: &Placed) -> Vec<Point> {
    let first = via.first().copied().unwrap_or((to.x, to.y));
    let last = via.last().copied().unwrap_or((from.x, from.y));
    let mut points = Vec::with_capacity(via.len() + 2);
    points.push(outline(from, first));
    points.extend_from_slice(via);
    points.push(outline(to, last));
    straightened(points)
}

/// `points` without the bends that lie on a straight line between their neighbours (most
/// dummies): fewer curve segments, a shorter path.
fn straightened(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for (i, &p) in points.iter().enumerate() {
        if let (Some(&a), Some(&b)) = (out.last(), points.get(i + 1)) {
            let cross = (p.0 - a.0) * (b.1 - a.1) - (p.1 - a.1) * (b.0 - a.0);
            if cross.abs() / (b.0 - a.0).hypot(b.1 - a.1).max(1e-9) < 0.5 {
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// Where the ray from the centre of `node` towards `toward` leaves its outline. Diamonds and
/// circles are exact; other shapes are taken as their bounding box.
pub fn outline(node: &Placed, toward: Point) -> Point {
    let (dx, dy) = (toward.0 - node.x, toward.1 - node.y);
    let (hw, hh) = (node.w / 2.0, node.h / 2.0);
    if dx.abs() < 1e-9 && dy.abs() < 1e-9 {
        return (node.x, node.y + hh);
    }
    let t = match node.shape {
        NodeShape::Diamond => 1.0 / (dx.abs() / hw + dy.abs() / hh),
        NodeShape::Circle | NodeShape::DoubleCircle => hw / dx.hypot(dy),
        _ => {
            let tx = if dx.abs() < 1e-9 { f64::INFINITY } else { hw / dx.abs() };
            let ty = if dy.abs() < 1e-9 { f64::INFINITY } else { hh / dy.abs() };
            tx.min(ty)
        }
    };
    (node.x + t * dx, node.y + t * dy)
}

/// An SVG path through `points`: a straight line for two, else a Catmull-Rom spline as cubic
/// Béziers (it passes through every bend, so it keeps to the room the layout left).
pub fn path_data(points: &[Point]) -> String {
    let mut d = format!("M{} {}", num(points[0].0), num(points[0].1));
    if points.len() == 2 {
        d.push_str(&format!("L{} {}", num(points[1].0), num(points[1].1)));
        return d;
    }
    for i in 0..points.len() - 1 {
        let p0 = points[i.saturating_sub(1)];
        let (p1, p2) = (points[i], points[i + 1]);
        let p3 = points[(i + 2).min(points.len() - 1)];
        let c1 = (p1.0 + (p2.0 - p0.0) / 6.0, p1.1 + (p2.1 - p0.1) / 6.0);
        let c2 = (p2.0 - (p3.0 - p1.0) / 6.0, p2.1 - (p3.1 - p1.1) / 6.0);
        d.push_str(&format!(
            "C{} {} {} {} {} {}",
            num(c1.0),
            num(c1.1),
            num(c2.0),
            num(c2.1),
            num(p2.0),
            num(p2.1)
        ));
    }
    d
}

/// Points of the curve [`path_data`] draws, `per` samples per segment (for tests and checks).
#[cfg(test)]
pub fn sample(points: &[Point], per: usize) -> Vec<Point> {
    let mut out = vec![points[0]];
    for i in 0..points.len() - 1 {
        let p0 = points[i.saturating_sub(1)];
        let (p1, p2) = (points[i], points[i + 1]);
        let p3 = points[(i + 2).min(points.len() - 1)];
        let (c1, c2) = if points.len() == 2 {
            (p1, p2)
        } else {
            (
                (p1.0 + (p2.0 - p0.0) / 6.0, p1.1 + (p2.1 - p0.1) / 6.0),
                (p2.0 - (p3.0 - p1.0) / 6.0, p2.1 - (p3.1 - p1.1) / 6.0),
            )
        };
        for s in 1..=per {
            let t = s as f64 / per as f64;
            let u = 1.0 - t;
            let b = |a: f64, b: f64, c: f64, d: f64| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            out.push((b(p1.0, c1.0, c2.0, p2.0), b(p1.1, c1.1, c2.1, p2.1)));
        }
    }
    out
}

/// A coordinate with at most one decimal, without a trailing `.0`.
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(shape: NodeShape) -> Placed {
        Placed {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 40.0,
            shape,
        }
    }

    #[test]
    fn ends_lie_on_the_outline() {
        let p = outline(&node(NodeShape::Rectangle), (10.0, 100.0));
        assert!((p.1 - 20.0).abs() < 1e-9 && (p.0 - 2.0).abs() < 1e-9, "{p:?}");
        let p = outline(&node(NodeShape::Diamond), (100.0, 100.0));
        assert!((p.0.abs() / 50.0 + p.1.abs() / 20.0 - 1.0).abs() < 1e-9, "{p:?}");
        let c = Placed {
            w: 40.0,
            ..node(NodeShape::Circle)
        };
        let p = outline(&c, (30.0, 40.0));
        assert!((p.0.hypot(p.1) - 20.0).abs() < 1e-9, "{p:?}");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.04), "0");
    }
}

//! Layout metrics of a drawn graph, read back from the SVG roadbook writes (or from Graphviz's
//! `-Tplain` output, for the benchmark's comparison): edge crossings, arrows through boxes,
//! shared segments, mean arrow length, drawing size.
//!
//! Std and `roxmltree` only, so `examples/roadmap_metrics.rs` includes this file as it is.

use std::collections::BTreeMap;

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boxed {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Boxed {
    fn grown(&self, by: f64) -> Boxed {
        Boxed {
            x: self.x - by,
            y: self.y - by,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by,
        }
    }
    fn contains(&self, p: (f64, f64)) -> bool {
        p.0 >= self.x && p.0 <= self.x + self.w && p.1 >= self.y && p.1 <= self.y + self.h
    }
    /// Whether the segment `a`–`b` enters the box's interior (sampled finely; segments here
    /// are short pieces of paths, and boxes are at least a few px thick).
    fn entered_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let steps = ((a.0 - b.0).abs() + (a.1 - b.1).abs()).ceil().max(1.0) as usize;
        (0..=steps).any(|i| {
            let t = i as f64 / steps as f64;
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            p.0 > self.x && p.0 < self.x + self.w && p.1 > self.y && p.1 < self.y + self.h
        })
    }
}

/// One arrow: its ends' ids and its path as a polyline.
#[derive(Debug, Clone)]
pub struct Arrow {
    pub from: String,
    pub to: String,
    pub points: Vec<(f64, f64)>,
}

/// A drawn graph: node boxes by id, stage bands by id, arrows, and the drawing's size.
#[derive(Debug, Clone, Default)]
pub struct Drawing {
    pub width: f64,
    pub height: f64,
    pub nodes: BTreeMap<String, Boxed>,
    /// Stage bands in drawing order, with the ids of the nodes inside each.
    pub bands: Vec<(String, Vec<String>)>,
    pub arrows: Vec<Arrow>,
}

/// The figures a layout is judged by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Points where two arrows cross (outside node boxes).
    pub crossings: usize,
    /// Arrows with a piece inside a node box (1 px inside its outline).
    pub through_boxes: usize,
    /// Pairs of arrows running along one another on a common stretch.
    pub shared: usize,
    /// Mean arrow length, px.
    pub mean_length: f64,
    pub width: f64,
    pub height: f64,
}

impl std::fmt::Display for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "crossings {} through-boxes {} shared {} mean-edge {:.0} px size {:.0}x{:.0}",
            self.crossings, self.through_boxes, self.shared, self.mean_length, self.width, self.height
        )
    }
}

fn attr(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

fn has_class(node: roxmltree::Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// Reads roadbook's roadmap SVG (the `<svg class="roadmap-svg">` element, alone or inside a
/// page).
pub fn from_svg(text: &str) -> Drawing {
    let class = text.find("class=\"roadmap-svg\"").expect("a roadmap SVG");
    let start = text[..class].rfind("<svg").expect("an <svg> element");
    let end = text[start..].find("</svg>").expect("a closed <svg>") + start + 6;
    let doc = roxmltree::Document::parse(&text[start..end]).expect("well-formed SVG");
    let root = doc.root_element();
    let mut drawing = Drawing {
        width: attr(root, "width"),
        height: attr(root, "height"),
        ..Drawing::default()
    };
    for a in root
        .descendants()
        .filter(|n| n.tag_name().name() == "a" && has_class(*n, "node"))
    {
        let rect = a.children().find(|c| c.tag_name().name() == "rect").expect("node rect");
        let id = a.attribute("data-topic").unwrap_or_default().to_string();
        let b = Boxed {
            x: attr(rect, "x"),
            y: attr(rect, "y"),
            w: attr(rect, "width"),
            h: attr(rect, "height"),
        };
        drawing.nodes.insert(id, b);
    }
    for g in root.descendants().filter(|n| n.has_attribute("data-stage")) {
        let rect = g.children().find(|c| c.tag_name().name() == "rect").expect("band rect");
        let band = Boxed {
            x: attr(rect, "x"),
            y: attr(rect, "y"),
            w: attr(rect, "width"),
            h: attr(rect, "height"),
        };
        let inside = drawing
            .nodes
            .iter()
            .filter(|(_, b)| band.contains((b.x + b.w / 2.0, b.y + b.h / 2.0)))
            .map(|(id, _)| id.clone())
            .collect();
        drawing
            .bands
            .push((g.attribute("data-stage").unwrap_or_default().to_string(), inside));
    }
    for p in root
        .descendants()
        .filter(|n| n.tag_name().name() == "path" && has_class(*n, "edge"))
    {
        drawing.arrows.push(Arrow {
            from: p.attribute("data-from").unwrap_or_default().to_string(),
            to: p.attribute("data-to").unwrap_or_default().to_string(),
            points: orthogonal_points(p.attribute("d").unwrap_or_default()),
        });
    }
    drawing
}

/// The points of a path written with `M`, `H` and `V`.
fn orthogonal_points(d: &str) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut rest = d;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        let end = rest.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let args: Vec<f64> = rest[..end]
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        rest = &rest[end..];
        let last = out.last().copied().unwrap_or((0.0, 0.0));
        match (c, args.as_slice()) {
            ('M', [x, y]) => out.push((*x, *y)),
            ('H', [x]) => out.push((*x, last.1)),
            ('V', [y]) => out.push((last.0, *y)),
            _ => panic!("path {d:?}: unexpected {c}"),
        }
    }
    out
}

/// Reads Graphviz `-Tplain` output (inches, y up), converted to px with y down. Splines are
/// sampled into polylines.
pub fn from_plain(text: &str) -> Drawing {
    let mut drawing = Drawing::default();
    let mut height_in = 0.0;
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let num = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        match f.first() {
            Some(&"graph") => {
                drawing.width = num(2) * 72.0;
                drawing.height = num(3) * 72.0;
                height_in = num(3);
            }
            Some(&"node") => {
                let (cx, cy, w, h) = (num(2), num(3), num(4), num(5));
                drawing.nodes.insert(
                    f[1].trim_matches('"').to_string(),
                    Boxed {
                        x: (cx - w / 2.0) * 72.0,
                        y: (height_in - cy - h / 2.0) * 72.0,
                        w: w * 72.0,
                        h: h * 72.0,
                    },
                );
            }
            Some(&"edge") => {
                let n = num(3) as usize;
                let control: Vec<(f64, f64)> = (0..n)
                    .map(|i| (num(4 + 2 * i) * 72.0, (height_in - num(5 + 2 * i)) * 72.0))
                    .collect();
                drawing.arrows.push(Arrow {
                    from: f[1].trim_matches('"').to_string(),
                    to: f[2].trim_matches('"').to_string(),
                    points: sample_bezier(&control),
                });
            }
            _ => {}
        }
    }
    drawing
}

/// A piecewise cubic Bézier (1 + 3k control points) as a polyline of 16 pieces per curve.
fn sample_bezier(c: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = vec![c.first().copied().unwrap_or_default()];
    for k in (0..c.len().saturating_sub(3)).step_by(3) {
        let (p0, p1, p2, p3) = (c[k], c[k + 1], c[k + 2], c[k + 3]);
        for i in 1..=16 {
            let t = i as f64 / 16.0;
            let u = 1.0 - t;
            let b = |a: f64, b: f64, c: f64, d: f64| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            out.push((b(p0.0, p1.0, p2.0, p3.0), b(p0.1, p1.1, p2.1, p3.1)));
        }
    }
    out
}

/// The graph as Graphviz input: the same nodes (boxes of the same size), one cluster per band,
/// the same arrows; so `dot` lays out exactly what roadbook did.
pub fn to_dot(drawing: &Drawing) -> String {
    let mut out = String::from("digraph roadmap {\n  rankdir=TB;\n  node [shape=box, fixedsize=true, label=\"\"];\n");
    for (b, (id, members)) in drawing.bands.iter().enumerate() {
        out.push_str(&format!("  subgraph cluster_{b} {{ label=\"{id}\";\n"));
        for m in members {
            let r = drawing.nodes[m];
            out.push_str(&format!(
                "    \"{m}\" [width={:.3}, height={:.3}];\n",
                r.w / 72.0,
                r.h / 72.0
            ));
        }
        out.push_str("  }\n");
    }
    for a in &drawing.arrows {
        out.push_str(&format!("  \"{}\" -> \"{}\";\n", a.from, a.to));
    }
    out.push_str("}\n");
    out
}

/// Where segments `a`–`b` and `c`–`d` meet in one point, if they do (parallel ones never).
fn intersection(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> Option<(f64, f64)> {
    let r = (b.0 - a.0, b.1 - a.1);
    let s = (d.0 - c.0, d.1 - c.1);
    let den = r.0 * s.1 - r.1 * s.0;
    if den.abs() < 1e-9 {
        return None;
    }
    let q = (c.0 - a.0, c.1 - a.1);
    let t = (q.0 * s.1 - q.1 * s.0) / den;
    let u = (q.0 * r.1 - q.1 * r.0) / den;
    (-1e-9..=1.0 + 1e-9)
        .contains(&t)
        .then_some(())
        .filter(|_| (-1e-9..=1.0 + 1e-9).contains(&u))
        .map(|_| (a.0 + t * r.0, a.1 + t * r.1))
}

/// Whether two segments lie on one line and overlap by more than a pixel.
fn overlap(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> bool {
    let cross = |o: (f64, f64), p: (f64, f64), q: (f64, f64)| (p.0 - o.0) * (q.1 - o.1) - (p.1 - o.1) * (q.0 - o.0);
    let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    if len < 1e-9 || cross(a, b, c).abs() / len > 0.5 || cross(a, b, d).abs() / len > 0.5 {
        return false;
    }
    let along = |p: (f64, f64)| ((p.0 - a.0) * (b.0 - a.0) + (p.1 - a.1) * (b.1 - a.1)) / len;
    let (lo, hi) = (along(c).min(along(d)), along(c).max(along(d)));
    hi.min(len) - lo.max(0.0) > 1.0
}

/// A straight piece of an arrow.
type Segment = ((f64, f64), (f64, f64));

/// The length of a polyline, px.
pub fn length(points: &[(f64, f64)]) -> f64 {
    points
        .windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .sum()
}

/// Computes the metrics of a drawing.
pub fn metrics(drawing: &Drawing) -> Metrics {
    let boxes: Vec<Boxed> = drawing.nodes.values().copied().collect();
    let inner: Vec<Boxed> = boxes.iter().map(|b| b.grown(-1.0)).collect();
    let near_box = |p: (f64, f64)| boxes.iter().any(|b| b.grown(1.0).contains(p));
    let segments: Vec<Vec<Segment>> = drawing
        .arrows
        .iter()
        .map(|a| a.points.windows(2).map(|w| (w[0], w[1])).collect())
        .collect();
    let mut crossings = 0;
    let mut shared = 0;
    for i in 0..segments.len() {
        for j in i + 1..segments.len() {
            let mut touching = false;
            for &(a, b) in &segments[i] {
                for &(c, d) in &segments[j] {
                    if overlap(a, b, c, d) {
                        touching = true;
                    } else if let Some(p) = intersection(a, b, c, d)
                        && !near_box(p)
                    {
                        crossings += 1;
                    }
                }
            }
            shared += usize::from(touching);
        }
    }
    let through_boxes = segments
        .iter()
        .filter(|segs| segs.iter().any(|&(a, b)| inner.iter().any(|r| r.entered_by(a, b))))
        .count();
    let lengths: Vec<f64> = drawing.arrows.iter().map(|a| length(&a.points)).collect();
    Metrics {
        crossings,
        through_boxes,
        shared,
        mean_length: lengths.iter().sum::<f64>() / lengths.len().max(1) as f64,
        width: drawing.width,
        height: drawing.height,
    }
}

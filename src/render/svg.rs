//! Build-time SVG drawings of the topic graph (SPEC §5, UI.md "The roadmap diagram"): the
//! home-page roadmap ([`roadmap_svg`]) and a topic's small local graph ([`local_svg`]).
//!
//! Both are pure functions over plain structs and byte-for-byte deterministic. They draw with
//! classes only — no colours, no fonts, no `width`/`height` — so the site's stylesheet themes
//! them for light and dark and scales them to the column. Every topic is an `<a>` with an
//! `href`, so the drawing is a complete, keyboard-reachable map without JavaScript; client script
//! finds nodes by `data-topic`, highlights `data-requires`, and writes a progress symbol into the
//! node's empty `text.mark`.
//!
//! SVG has no text layout, so label widths are estimated (Hangul/CJK ≈ 1 em, anything else
//! ≈ 0.55 em) at 14 px: the stylesheet must set `.node text { font-size: 14px }` (the band title
//! is measured at 16 px bold, the duration at 13 px, the parallel badge at 12 px).
//!
//! Classes used: `roadmap-svg`, `local-svg` (root); `band`, `band-parallel` (band rect);
//! `band-title`, `band-duration`, `band-badge` (group of the parallel badge's rect and text);
//! `node`, `is-current` (the `<a>` of a topic); `mark`; `edge`, `edge-related`; `arrowhead`.

mod lanes;
mod local;
mod roadmap;
mod text;

#[cfg(test)]
mod tests;

use std::fmt::{self, Write as _};

/// The whole roadmap: stages as bands, topics as nodes, `requires` as arrows.
#[derive(Debug, Clone)]
pub struct Roadmap<'a> {
    /// Stages in roadmap order, the parallel track included (`parallel = true`). They are drawn
    /// top to bottom in this order.
    pub stages: Vec<Band<'a>>,
    /// Every topic. A topic listed in no band is not drawn (nor are its arrows); one listed in
    /// several is drawn in the first.
    pub topics: Vec<Node<'a>>,
    /// `(topic, prerequisite)` indices into `topics`; acyclic. Duplicates and out-of-range pairs
    /// are ignored.
    pub requires: Vec<(usize, usize)>,
    /// Accessible name, e.g. "학습 로드맵".
    pub title: &'a str,
    /// Accessible description.
    pub description: &'a str,
    /// Badge text for the parallel band, e.g. "병행".
    pub parallel_label: &'a str,
}

/// One stage of the roadmap.
#[derive(Debug, Clone)]
pub struct Band<'a> {
    /// Stage id (written as `data-stage`).
    pub id: &'a str,
    /// Stage title, drawn as a link to `url`.
    pub title: &'a str,
    /// Free-text duration such as "3개월".
    pub duration: Option<&'a str>,
    /// The stage page.
    pub url: String,
    /// Whether this is the parallel track.
    pub parallel: bool,
    /// Indices into [`Roadmap::topics`] in learning order.
    pub topics: Vec<usize>,
}

/// A topic as drawn: id, full title, page.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// Topic id (written as `data-topic`).
    pub id: &'a str,
    /// Full title; the label wraps it and the node's `<title>` repeats it whole.
    pub title: &'a str,
    /// The topic page.
    pub url: String,
}

/// A topic's neighbourhood for its own page.
#[derive(Debug, Clone)]
pub struct Local<'a> {
    /// The topic of the page, highlighted.
    pub center: Node<'a>,
    /// Topics it requires, drawn in a column on the left.
    pub prerequisites: Vec<Node<'a>>,
    /// Topics that require it, drawn in a column on the right.
    pub unlocks: Vec<Node<'a>>,
    /// Related topics, drawn below; one that is also a prerequisite or unlock is drawn once.
    pub related: Vec<Node<'a>>,
    /// Accessible name, e.g. "캐싱 주변 주제".
    pub title: &'a str,
    /// Accessible description; no `<desc>` is written when empty. (Added to the agreed
    /// interface so the local graph can be described like the roadmap.)
    pub description: &'a str,
}

/// Draws the roadmap: bands top to bottom, nodes in rows of four, arrows from prerequisite to
/// topic routed orthogonally through the gutters so that none crosses a node.
pub fn roadmap_svg(map: &Roadmap<'_>) -> String {
    roadmap::render(map)
}

/// Draws a topic's local graph: prerequisites left, the topic in the middle, unlocks right,
/// related below. Returns an empty string when the topic has no neighbours.
pub fn local_svg(local: &Local<'_>) -> String {
    local::render(local)
}

/// Gap between parallel lanes in a shared gutter, px.
const LANE: f64 = 6.0;
/// Label lines per node at most; the rest is cut with an ellipsis.
const MAX_LINES: usize = 3;
/// Label line height, px.
const LINE: f64 = 18.0;
/// Baseline of a label line below the line's top, px.
const BASELINE: f64 = 13.0;
/// Horizontal padding inside a node; the right one also holds the progress mark.
const NODE_PAD_X: f64 = 18.0;
/// Vertical padding inside a node.
const NODE_PAD_Y: f64 = 12.0;
/// Corner radius of nodes.
const NODE_RADIUS: f64 = 6.0;

/// Height of a node whose label has `lines` lines.
fn node_height(lines: usize) -> f64 {
    2.0 * NODE_PAD_Y + lines.max(1) as f64 * LINE
}

/// Wraps a node label to the width a node of `node_w` leaves for text.
fn label(title: &str, node_w: f64) -> Vec<String> {
    text::wrap(title, node_w - 2.0 * NODE_PAD_X, MAX_LINES)
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
    fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// A coordinate written with at most one decimal, so output is short and stable.
struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written right to left into one buffer (a local graph writes a few hundred numbers;
        // nested `write!`s cost several times more): sign, integer part, `.` and the tenth.
        let t = tenths(self.0);
        let abs = t.unsigned_abs();
        let mut buf = [0u8; 24];
        let mut at = buf.len();
        if !abs.is_multiple_of(10) {
            at -= 2;
            buf[at] = b'.';
            buf[at + 1] = b'0' + (abs % 10) as u8;
        }
        let mut int = abs / 10;
        loop {
            at -= 1;
            buf[at] = b'0' + (int % 10) as u8;
            int /= 10;
            if int == 0 {
                break;
            }
        }
        if t < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        f.write_str(std::str::from_utf8(&buf[at..]).map_err(|_| fmt::Error)?)
    }
}

/// Text escaped for an attribute or element as [`crate::util::html::escape_attr`] escapes it, written
/// straight into the output instead of into a string of its own.
struct Attr<'a>(&'a str);

impl fmt::Display for Attr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut start = 0;
        // The four are ASCII, so a byte match never splits a character.
        for (i, b) in text.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'"' => "&quot;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                _ => continue,
            };
            f.write_str(&text[start..i])?;
            f.write_str(entity)?;
            start = i + 1;
        }
        f.write_str(&text[start..])
    }
}

/// `x` in tenths of a pixel, the precision coordinates are written with.
fn tenths(x: f64) -> i64 {
    (x * 10.0).round() as i64
}

/// An orthogonal path under construction: `M x y` then `H`/`V` steps, skipping empty ones.
struct PathData {
    d: String,
    x: f64,
    y: f64,
}

impl PathData {
    fn start(x: f64, y: f64) -> Self {
        PathData {
            d: format!("M{} {}", Num(x), Num(y)),
            x,
            y,
        }
    }
    fn h(&mut self, x: f64) -> &mut Self {
        if tenths(x) != tenths(self.x) {
            let _ = write!(self.d, "H{}", Num(x));
            self.x = x;
        }
        self
    }
    fn v(&mut self, y: f64) -> &mut Self {
        if tenths(y) != tenths(self.y) {
            let _ = write!(self.d, "V{}", Num(y));
            self.y = y;
        }
        self
    }
}

/// Writes the root element, its `<title>`/`<desc>` and the arrowhead marker.
/// `width` and `height` are the drawing's own size, in CSS px, and `--natural-width` hands the
/// width to the stylesheet, which scales the drawing to the column but never below 12/13 of it
/// (its smallest text is 13 px, so no label renders under 12 px); a narrower column scrolls.
fn open_root(out: &mut String, class: &str, prefix: &str, size: (f64, f64), title: &str, desc: &str) {
    let (w, h) = (Num(size.0), Num(size.1));
    let labelled = if desc.is_empty() {
        format!("{prefix}-title")
    } else {
        format!("{prefix}-title {prefix}-desc")
    };
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" style=\"--natural-width: {w}px\" role=\"group\" aria-labelledby=\"{labelled}\">\n\
         <title id=\"{prefix}-title\">{}</title>\n",
        Attr(title),
    );
    if !desc.is_empty() {
        let _ = writeln!(out, "<desc id=\"{prefix}-desc\">{}</desc>", Attr(desc));
    }
}

/// Writes the arrowhead marker with the given id. Its tip is the path's end point.
fn arrow_marker(out: &mut String, id: &str) {
    let _ = writeln!(
        out,
        "<defs><marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">\
         <path class=\"arrowhead\" d=\"M0 0L10 5L0 10z\"/></marker></defs>"
    );
}

/// Writes one `requires` arrow.
fn edge(out: &mut String, from: &str, to: &str, d: &str, marker: &str) {
    let _ = writeln!(
        out,
        "<path class=\"edge\" data-from=\"{}\" data-to=\"{}\" d=\"{d}\" marker-end=\"url(#{marker})\"/>",
        Attr(from),
        Attr(to),
    );
}

/// Writes one topic node: a link holding its full title, box, wrapped label and progress mark.
fn node(out: &mut String, node: &Node<'_>, rect: Rect, lines: &[String], requires: &[&str], current: bool) {
    let class = if current { "node is-current" } else { "node" };
    let aria = if current { " aria-current=\"page\"" } else { "" };
    let _ = write!(
        out,
        "<a href=\"{}\" class=\"{class}\"{aria} data-topic=\"{}\" data-requires=\"{}\">\
         <title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>\
         <text text-anchor=\"middle\">",
        Attr(&node.url),
        Attr(node.id),
        Attr(&requires.join(" ")),
        Attr(node.title),
        Num(rect.x),
        Num(rect.y),
        Num(rect.w),
        Num(rect.h),
        Num(NODE_RADIUS),
    );
    let top = rect.cy() - lines.len() as f64 * LINE / 2.0;
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            Num(rect.cx()),
            Num(top + i as f64 * LINE + BASELINE),
            Attr(line),
        );
    }
    let _ = writeln!(
        out,
        "</text><text class=\"mark\" x=\"{}\" y=\"{}\" text-anchor=\"end\"></text></a>",
        Num(rect.right() - 5.0),
        Num(rect.y + 14.0),
    );
}

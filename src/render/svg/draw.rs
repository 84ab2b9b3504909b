//! Drawing helpers both drawings share: node boxes, arrows, the root element, numbers and
//! escaping as written into the SVG, and the node metrics labels are wrapped to.

use std::fmt::{self, Write as _};

use super::model::Node;
use super::text;

/// Gap between parallel lanes in a shared gutter, px.
pub(super) const LANE: f64 = 6.0;
/// Label lines per node at most; the rest is cut with an ellipsis.
pub(super) const MAX_LINES: usize = 3;
/// Label line height, px.
pub(super) const LINE: f64 = 18.0;
/// Baseline of a label line below the line's top, px.
pub(super) const BASELINE: f64 = 13.0;
/// Horizontal padding inside a node; the right one also holds the progress mark.
pub(super) const NODE_PAD_X: f64 = 18.0;
/// Vertical padding inside a node.
pub(super) const NODE_PAD_Y: f64 = 12.0;
/// Corner radius of nodes.
pub(super) const NODE_RADIUS: f64 = 6.0;

/// Height of a node whose label has `lines` lines.
pub(super) fn node_height(lines: usize) -> f64 {
    2.0 * NODE_PAD_Y + lines.max(1) as f64 * LINE
}

/// Wraps a node label to the width a node of `node_w` leaves for text.
pub(super) fn label(title: &str, node_w: f64) -> Vec<String> {
    text::wrap(title, node_w - 2.0 * NODE_PAD_X, MAX_LINES)
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

impl Rect {
    pub(super) fn right(&self) -> f64 {
        self.x + self.w
    }
    pub(super) fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub(super) fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub(super) fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// A coordinate written with at most one decimal, so output is short and stable.
pub(super) struct Num(pub(super) f64);

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
pub(super) struct Attr<'a>(pub(super) &'a str);

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
pub(super) fn tenths(x: f64) -> i64 {
    (x * 10.0).round() as i64
}

/// An orthogonal path under construction: `M x y` then `H`/`V` steps, skipping empty ones.
pub(super) struct PathData {
    pub(super) d: String,
    x: f64,
    y: f64,
}

impl PathData {
    pub(super) fn start(x: f64, y: f64) -> Self {
        PathData {
            d: format!("M{} {}", Num(x), Num(y)),
            x,
            y,
        }
    }
    pub(super) fn h(&mut self, x: f64) -> &mut Self {
        if tenths(x) != tenths(self.x) {
            let _ = write!(self.d, "H{}", Num(x));
            self.x = x;
        }
        self
    }
    pub(super) fn v(&mut self, y: f64) -> &mut Self {
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
pub(super) fn open_root(out: &mut String, class: &str, prefix: &str, size: (f64, f64), title: &str, desc: &str) {
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
pub(super) fn arrow_marker(out: &mut String, id: &str) {
    let _ = writeln!(
        out,
        "<defs><marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">\
         <path class=\"arrowhead\" d=\"M0 0L10 5L0 10z\"/></marker></defs>"
    );
}

/// Writes one `requires` arrow.
pub(super) fn edge(out: &mut String, from: &str, to: &str, d: &str, marker: &str) {
    let _ = writeln!(
        out,
        "<path class=\"edge\" data-from=\"{}\" data-to=\"{}\" d=\"{d}\" marker-end=\"url(#{marker})\"/>",
        Attr(from),
        Attr(to),
    );
}

/// Writes one topic node: a link holding its full title, box, wrapped label and progress mark.
pub(super) fn node(out: &mut String, node: &Node<'_>, rect: Rect, lines: &[String], requires: &[&str], current: bool) {
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

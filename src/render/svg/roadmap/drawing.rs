//! Step 3 of the roadmap: the SVG itself, bands first, then arrows, then nodes on top.

use std::fmt::Write as _;

use super::super::draw::{Attr, Num, PathData, Rect, arrow_marker, edge, node, open_root};
use super::super::model::{Band, Roadmap};
use super::geometry::{Heights, Rows};
use super::grid::{BADGE_PAD, Grid, Header, MARGIN, NODE_W, Side, TITLE_BASELINE, Wire};
use super::routing::{Columns, bus_x};

/// Everything the layout decided, for writing.
pub(super) struct Drawn<'a> {
    pub(super) grid: &'a Grid,
    pub(super) columns: &'a Columns,
    pub(super) heights: &'a Heights,
    pub(super) rows: &'a Rows,
    pub(super) wires: &'a [Wire],
    pub(super) labels: &'a [Vec<String>],
    pub(super) pairs: &'a [(usize, usize)],
}

impl Drawn<'_> {
    /// The box of topic `t`, or `None` when it is not drawn.
    fn rect(&self, t: usize) -> Option<Rect> {
        self.grid.cell[t].map(|c| Rect {
            x: self.columns.col_x(c.col),
            y: self.rows.row_y[c.row] + self.heights.dy[t],
            w: NODE_W,
            h: self.heights.h[t],
        })
    }
}

/// Writes the whole drawing.
pub(super) fn write(map: &Roadmap<'_>, d: &Drawn<'_>) -> String {
    let mut out = String::with_capacity(512 + 400 * map.topics.len() + 160 * d.wires.len());
    open_root(
        &mut out,
        "roadmap-svg",
        "roadmap",
        (d.columns.width, d.rows.height),
        map.title,
        map.description,
    );
    arrow_marker(&mut out, "arrow");
    for (b, band) in map.stages.iter().enumerate() {
        write_band(&mut out, map, d, b, band);
    }
    for wire in d.wires {
        let (Some(s), Some(t)) = (d.rect(wire.from), d.rect(wire.to)) else {
            continue;
        };
        let path = path_data(&points(wire, s, t, d));
        edge(
            &mut out,
            map.topics[wire.from].id,
            map.topics[wire.to].id,
            &path,
            "arrow",
        );
    }
    let mut requires: Vec<Vec<&str>> = vec![Vec::new(); map.topics.len()];
    for &(t, p) in d.pairs {
        requires[t].push(map.topics[p].id);
    }
    // Reading order: row by row, left to right, each stack top down.
    for row in &d.grid.rows {
        for &(u, _) in row {
            let unit = &d.grid.units[u];
            let topics = unit.left.iter().chain([&unit.hub]).chain(&unit.right);
            for &t in topics {
                if let Some(r) = d.rect(t) {
                    node(&mut out, &map.topics[t], r, &d.labels[t], &requires[t], false);
                }
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// One band: its rect, the title linking to the stage, the parallel badge and the duration.
fn write_band(out: &mut String, map: &Roadmap<'_>, d: &Drawn<'_>, b: usize, band: &Band<'_>) {
    let (top, bottom) = d.rows.band_y[b];
    let header: &Header = &d.grid.headers[b];
    let x0 = d.columns.col_x(0);
    let class = if band.parallel { "band band-parallel" } else { "band" };
    let _ = write!(
        out,
        "<g data-stage=\"{}\"><rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" \
         height=\"{}\" rx=\"10\"/><a href=\"{}\"><text class=\"band-title\" x=\"{}\" \
         y=\"{}\">{}</text></a>",
        Attr(band.id),
        Num(MARGIN),
        Num(top),
        Num(d.columns.width - 2.0 * MARGIN),
        Num(bottom - top),
        Attr(&band.url),
        Num(x0),
        Num(top + TITLE_BASELINE),
        Attr(band.title),
    );
    let right = d.columns.col_x(d.grid.columns - 1) + NODE_W;
    if let Some(bw) = header.badge_w {
        let bx = right - header.right_w();
        let _ = write!(
            out,
            "<g class=\"band-badge\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"20\" \
             rx=\"10\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            Num(bx),
            Num(top + TITLE_BASELINE - 15.0),
            Num(bw),
            Num(bx + bw / 2.0),
            Num(top + TITLE_BASELINE - 1.0),
            Attr(map.parallel_label),
        );
        debug_assert!(bw >= 2.0 * BADGE_PAD);
    }
    if let Some(duration) = band.duration.filter(|d| !d.trim().is_empty()) {
        let _ = write!(
            out,
            "<text class=\"band-duration\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            Num(right),
            Num(top + TITLE_BASELINE),
            Attr(duration),
        );
    }
    out.push_str("</g>\n");
}

/// The path of one arrow between its node boxes `s` (prerequisite) and `t` (topic), as points
/// each one step across or along from the last.
fn points(wire: &Wire, s: Rect, t: Rect, d: &Drawn<'_>) -> Vec<(f64, f64)> {
    let edge_y = |r: Rect, side: Side| if side == Side::Top { r.y } else { r.bottom() };
    let mut p: Vec<(f64, f64)> = Vec::with_capacity(6);
    if let Some((port, rank)) = wire.bus {
        let right = wire.exit == Side::Right;
        let (sx, tx) = if right { (s.right(), t.x) } else { (s.x, t.right()) };
        let y = s.y - d.heights.dy[wire.from] + port;
        p.push((sx, y));
        if let Some(rank) = rank {
            let x = bus_x(sx, right, rank);
            p.extend([(x, y), (x, t.cy())]);
        }
        p.push((tx, t.cy()));
        return p;
    }
    match (wire.exit, wire.first) {
        (Side::Left | Side::Right, _) | (_, None) => {
            let (sx, tx) = if wire.exit == Side::Right {
                (s.right(), t.x)
            } else {
                (s.x, t.right())
            };
            vec![(sx, s.cy()), (tx, s.cy())]
        }
        (exit, Some(first)) => {
            p.push((wire.start_x, edge_y(s, exit)));
            let last = |p: &Vec<(f64, f64)>| p[p.len() - 1];
            if let Some(lane) = wire.first_lane {
                p.push((wire.start_x, d.rows.lane_y(first, lane)));
            }
            if let Some(via) = &wire.via {
                let y = last(&p).1;
                p.extend([(via.x, y), (via.x, d.rows.lane_y(via.channel, via.channel_lane))]);
            }
            let y = last(&p).1;
            p.extend([(wire.end_x, y), (wire.end_x, edge_y(t, wire.entry))]);
            p
        }
    }
}

/// The `d` of a path through orthogonal `points`.
fn path_data(points: &[(f64, f64)]) -> String {
    let Some(&(x, y)) = points.first() else {
        return String::new();
    };
    let mut p = PathData::start(x, y);
    for &(x, y) in &points[1..] {
        p.h(x).v(y);
    }
    p.d
}

/// Every drawn arrow as points, for judging a layout.
pub(super) fn polylines(d: &Drawn<'_>) -> Vec<Vec<(f64, f64)>> {
    d.wires
        .iter()
        .filter_map(|w| Some(points(w, d.rect(w.from)?, d.rect(w.to)?, d)))
        .collect()
}

//! The home-page roadmap: stages as horizontal bands read top to bottom, topics as a layered
//! drawing inside them, `requires` as orthogonal arrows that never cross a node.
//!
//! Layout runs in passes that each fix one thing (see each module): [`layout`] gives every
//! topic a row and column (hubs with their leaves as clusters, ranks by `requires`, order by
//! crossing reduction in [`order`]) on the [`grid`]; [`routing`] picks each arrow's channels,
//! gutter, lanes and ports; [`geometry`] turns labels into heights and rows into y positions;
//! [`drawing`] writes the SVG. For roadmaps of a readable size, candidate orders are judged by
//! the drawing they give (its crossings, then its arrow lengths). Nothing depends on `requires`
//! order or hash order, so the same roadmap always gives the same bytes.

mod drawing;
mod geometry;
mod grid;
mod layout;
mod order;
mod routing;

use super::draw::label;
use super::model::Roadmap;
use drawing::Drawn;
use geometry::{Heights, Rows};
use grid::{Grid, NODE_W, Wire};
use routing::Columns;

/// Up to this many arrows, candidate orders are judged by their drawing; above, by an
/// estimate (judging routes the whole drawing once per candidate).
const JUDGED_LIMIT: usize = 400;
/// A crossing weighs as much as this many px of arrow.
const CROSSING_PX: f64 = 200.0;

pub(super) fn render(map: &Roadmap<'_>) -> String {
    let pairs = requires_pairs(map);
    let labels: Vec<Vec<String>> = map.topics.iter().map(|topic| label(topic.title, NODE_W)).collect();
    let lines: Vec<usize> = labels.iter().map(Vec::len).collect();
    let mut judge = |grid: &Grid| {
        let routed = Routed::new(grid, &pairs, &lines);
        score(&routed.drawn(grid, &labels, &pairs))
    };
    let judge: Option<layout::Judge<'_>> = (pairs.len() <= JUDGED_LIMIT).then_some(&mut judge);
    let grid = layout::grid(map, &pairs, judge);
    let routed = Routed::new(&grid, &pairs, &lines);
    drawing::write(map, &routed.drawn(&grid, &labels, &pairs))
}

/// A grid with its arrows routed and its rows measured.
struct Routed {
    heights: Heights,
    wires: Vec<Wire>,
    columns: Columns,
    rows: Rows,
}

impl Routed {
    fn new(grid: &Grid, pairs: &[(usize, usize)], lines: &[usize]) -> Self {
        let heights = Heights::new(grid, lines);
        let mut wires: Vec<Wire> = pairs
            .iter()
            .filter_map(|&(topic, prerequisite)| routing::route(grid, &heights, prerequisite, topic))
            .collect();
        let columns = Columns::new(grid, &mut wires);
        routing::place_ports(grid, &columns, &mut wires);
        let channel_lanes = routing::channel_lanes(grid, &mut wires);
        let rows = Rows::new(grid, &heights, &channel_lanes);
        Routed {
            heights,
            wires,
            columns,
            rows,
        }
    }

    fn drawn<'a>(&'a self, grid: &'a Grid, labels: &'a [Vec<String>], pairs: &'a [(usize, usize)]) -> Drawn<'a> {
        Drawn {
            grid,
            columns: &self.columns,
            heights: &self.heights,
            rows: &self.rows,
            wires: &self.wires,
            labels,
            pairs,
        }
    }
}

/// Crossings (weighted) plus total arrow length, px.
fn score(drawn: &Drawn<'_>) -> f64 {
    let lines = drawing::polylines(drawn);
    let mut horizontal = Vec::new();
    let mut vertical = Vec::new();
    let mut length = 0.0;
    for (i, line) in lines.iter().enumerate() {
        for w in line.windows(2) {
            let (a, b) = (w[0], w[1]);
            length += (a.0 - b.0).abs() + (a.1 - b.1).abs();
            if (a.1 - b.1).abs() < 0.05 {
                horizontal.push((i, a.1, a.0.min(b.0), a.0.max(b.0)));
            } else {
                vertical.push((i, a.0, a.1.min(b.1), a.1.max(b.1)));
            }
        }
    }
    let inside = |v: f64, lo: f64, hi: f64| v > lo + 0.5 && v < hi - 0.5;
    let crossings = horizontal
        .iter()
        .map(|h| {
            vertical
                .iter()
                .filter(|v| v.0 != h.0 && inside(v.1, h.2, h.3) && inside(h.1, v.2, v.3))
                .count()
        })
        .sum::<usize>();
    CROSSING_PX * crossings as f64 + length
}

/// `(topic, prerequisite)` pairs, valid, without self-loops and duplicates, sorted.
fn requires_pairs(map: &Roadmap<'_>) -> Vec<(usize, usize)> {
    let n = map.topics.len();
    let mut pairs: Vec<(usize, usize)> = map
        .requires
        .iter()
        .copied()
        .filter(|&(t, p)| t < n && p < n && t != p)
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

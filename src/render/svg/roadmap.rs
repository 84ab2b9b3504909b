//! The home-page roadmap: stages as horizontal bands read top to bottom, topics as a grid of
//! nodes inside them, `requires` as orthogonal arrows that never cross a node.
//!
//! The drawing is a grid of [`COLUMNS`] columns shared by every band. The empty strips between
//! columns are *gutters* (numbered 0..=COLUMNS, gutter `g` left of column `g`), the strips above
//! and below each row are *channels*. Nodes live only in cells, so a path that moves vertically
//! only inside gutters and horizontally only inside channels cannot cross one. Each arrow leaves
//! its prerequisite through the channel next to it, runs along it to a gutter, along the gutter
//! to the channel next to its topic and enters the topic from there; rows next to each other
//! need no gutter, neighbours in one row are joined side to side.
//!
//! Layout runs in passes that each fix one thing, so nothing is solved iteratively:
//! 1. grid — every topic gets a row and column; channels and band headers get an ordinal top to
//!    bottom;
//! 2. routes — each arrow picks its channels and gutter, on indices alone (a gutter whose strip
//!    through a band header would cut the band's title is avoided);
//! 3. x — gutters widen by their lane count, nodes take the remaining width, ports are placed
//!    side by side around node centres, channel lanes are assigned;
//! 4. y — labels wrap to the node width, rows take their tallest label, channels their lanes.

use std::fmt::Write as _;
use std::ops::Range;

use super::lanes::{Segment, Turn};
use super::{
    Attr, LANE, Num, PathData, Rect, Roadmap, arrow_marker, edge, label, lanes, node, node_height, open_root, text,
};

/// Width of the viewBox.
const WIDTH: f64 = 960.0;
/// Space around the bands.
const MARGIN: f64 = 8.0;
/// Nodes per row.
const COLUMNS: usize = 4;
/// Narrowest a node may get when gutters fill with lanes (lanes are squeezed instead). Kept
/// close to the usual width so that band titles can be known not to reach into gutters.
const MIN_NODE_W: f64 = 180.0;
/// Width of the outer gutters (inside the band, left and right of the nodes) without lanes.
const OUTER_GUTTER: f64 = 28.0;
/// Width of a gutter between columns without lanes.
const INNER_GUTTER: f64 = 36.0;
/// Lanes keep this far from node sides.
const GUTTER_PAD: f64 = 10.0;
/// Distance between arrows attached side by side to one node side.
const PORT_SPACING: f64 = 12.0;
/// Ports keep this far from a node's corners.
const PORT_INSET: f64 = 12.0;
/// Height of the channel above the first and below the last row of a band, without lanes.
const EDGE_CHANNEL: f64 = 24.0;
/// Height of a channel between two rows, without lanes.
const INNER_CHANNEL: f64 = 32.0;
/// Lanes keep this far from node tops and bottoms: room for an arrowhead.
const CHANNEL_PAD: f64 = 12.0;
/// Minimum separation of two segments on one channel lane, px.
const CHANNEL_GAP: f64 = 4.0;
/// Height of a band's header strip.
const HEADER_H: f64 = 40.0;
/// Baseline of the band title below the band's top.
const TITLE_BASELINE: f64 = 26.0;
/// Font sizes the header is measured at, px.
const TITLE_PX: f64 = 16.0;
const DURATION_PX: f64 = 13.0;
const BADGE_PX: f64 = 13.0;
/// Padding inside the parallel badge, and space between header items.
const BADGE_PAD: f64 = 8.0;
const HEADER_GAP: f64 = 10.0;
/// Extra height of a band without topics below its header.
const EMPTY_BAND: f64 = 8.0;
/// Vertical space between bands.
const BAND_GAP: f64 = 16.0;
/// Fixed-point scale for sorting coordinates.
const FIXED: f64 = 64.0;

fn fixed(x: f64) -> i64 {
    (x * FIXED).round() as i64
}

pub(super) fn render(map: &Roadmap<'_>) -> String {
    let grid = Grid::new(map);
    let mut wires: Vec<Wire> = requires_pairs(map)
        .into_iter()
        .filter_map(|(topic, prerequisite)| grid.route(prerequisite, topic))
        .collect();
    let columns = Columns::new(&grid, &mut wires);
    place_ports(&grid, &columns, &mut wires);
    let channel_lanes = channel_lanes(&grid, &mut wires);
    let labels: Vec<Vec<String>> = map
        .topics
        .iter()
        .enumerate()
        .map(|(t, topic)| match grid.cell[t] {
            Some(_) => label(topic.title, columns.node_w),
            None => Vec::new(),
        })
        .collect();
    let rows = Rows::new(&grid, &labels, &channel_lanes);
    write(map, &grid, &columns, &rows, &wires, &labels)
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

/// A band's header as measured: the title at the left of the first column, the parallel badge
/// and the duration right-aligned at the right of the last column. Keeping the two apart leaves
/// the gutters between them free for arrows.
struct Header {
    /// Width of the title.
    title_w: f64,
    /// Width of the badge, if any.
    badge_w: Option<f64>,
    /// Width of the duration (0 without one).
    duration_w: f64,
}

impl Header {
    fn measure(band: &super::Band<'_>, parallel_label: &str) -> Self {
        Header {
            title_w: text::bold_width(band.title, TITLE_PX),
            badge_w: band
                .parallel
                .then(|| text::width(parallel_label, BADGE_PX) + 2.0 * BADGE_PAD),
            duration_w: band
                .duration
                .filter(|d| !d.trim().is_empty())
                .map_or(0.0, |d| text::width(d, DURATION_PX)),
        }
    }

    /// Width of the right-aligned group (badge and duration).
    fn right_w(&self) -> f64 {
        match (self.badge_w, self.duration_w > 0.0) {
            (Some(b), true) => b + HEADER_GAP + self.duration_w,
            (Some(b), false) => b,
            (None, _) => self.duration_w,
        }
    }

    /// Whether the header text may reach into gutter `g`, however the columns end up: gutter
    /// `g` lies at least `g` narrowest nodes and `g - 1` bare inner gutters right of the first
    /// column's left edge, and `COLUMNS - g` nodes and `COLUMNS - g - 1` gutters left of the last
    /// column's right edge.
    fn covers(&self, g: usize) -> bool {
        let room = |nodes: usize| nodes as f64 * MIN_NODE_W + nodes.saturating_sub(1) as f64 * INNER_GUTTER;
        let left = g > 0 && self.title_w + 2.0 > room(g);
        let right = g < COLUMNS && self.right_w() > 0.0 && self.right_w() + 2.0 > room(COLUMNS - g);
        left || right
    }
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    row: usize,
    col: usize,
}

/// Step 1: rows, columns, channels.
struct Grid {
    /// Cell of each topic; `None` for a topic in no band.
    cell: Vec<Option<Cell>>,
    /// Topics of each row, left to right.
    rows: Vec<Vec<usize>>,
    /// Rows of each band.
    band_rows: Vec<Range<usize>>,
    /// Channel above and below each row. Inside a band, the channel below a row is the one
    /// above the next.
    above: Vec<usize>,
    below: Vec<usize>,
    /// Position of each channel in the top-to-bottom order of channels and band headers.
    channel_ord: Vec<usize>,
    /// Height of each channel without lanes.
    channel_base: Vec<f64>,
    headers: Vec<Header>,
    /// `covered[g][k]`: how many band headers before ordinal `k` reach into gutter `g`.
    covered: Vec<Vec<u32>>,
}

impl Grid {
    fn new(map: &Roadmap<'_>) -> Self {
        let n = map.topics.len();
        let mut grid = Grid {
            cell: vec![None; n],
            rows: Vec::new(),
            band_rows: Vec::with_capacity(map.stages.len()),
            above: Vec::new(),
            below: Vec::new(),
            channel_ord: Vec::new(),
            channel_base: Vec::new(),
            headers: Vec::with_capacity(map.stages.len()),
            covered: Vec::new(),
        };
        let mut header_at: Vec<Option<usize>> = Vec::new();
        for (b, band) in map.stages.iter().enumerate() {
            header_at.push(Some(b));
            grid.headers.push(Header::measure(band, map.parallel_label));
            let mut placed = Vec::with_capacity(band.topics.len());
            for &t in &band.topics {
                if t < n && grid.cell[t].is_none() {
                    grid.cell[t] = Some(Cell { row: 0, col: 0 });
                    placed.push(t);
                }
            }
            let first = grid.rows.len();
            let mut channel = None;
            for chunk in placed.chunks(COLUMNS) {
                let row = grid.rows.len();
                let top = channel.unwrap_or_else(|| grid.channel(&mut header_at, EDGE_CHANNEL));
                grid.above.push(top);
                for (col, &t) in chunk.iter().enumerate() {
                    grid.cell[t] = Some(Cell { row, col });
                }
                grid.rows.push(chunk.to_vec());
                let bottom = grid.channel(&mut header_at, INNER_CHANNEL);
                grid.below.push(bottom);
                channel = Some(bottom);
            }
            if let Some(last) = channel {
                grid.channel_base[last] = EDGE_CHANNEL;
            }
            grid.band_rows.push(first..grid.rows.len());
        }
        grid.covered = (0..=COLUMNS)
            .map(|g| {
                let mut prefix = Vec::with_capacity(header_at.len() + 1);
                let mut count = 0;
                prefix.push(0);
                for at in &header_at {
                    if at.is_some_and(|b| grid.headers[b].covers(g)) {
                        count += 1;
                    }
                    prefix.push(count);
                }
                prefix
            })
            .collect();
        grid
    }

    /// Adds a channel at the next ordinal.
    fn channel(&mut self, ords: &mut Vec<Option<usize>>, base: f64) -> usize {
        self.channel_ord.push(ords.len());
        ords.push(None);
        self.channel_base.push(base);
        self.channel_base.len() - 1
    }

    /// Step 2: the channels and gutter of the arrow from `from` (prerequisite) to `to`.
    fn route(&self, from: usize, to: usize) -> Option<Wire> {
        let s = self.cell[from]?;
        let t = self.cell[to]?;
        let (exit, entry, first, second) = if s.row == t.row {
            if s.col.abs_diff(t.col) == 1 {
                let (exit, entry) = if t.col > s.col {
                    (Side::Right, Side::Left)
                } else {
                    (Side::Left, Side::Right)
                };
                (exit, entry, None, None)
            } else {
                (Side::Bottom, Side::Bottom, Some(self.below[s.row]), None)
            }
        } else if t.row > s.row {
            let (a, b) = (self.below[s.row], self.above[t.row]);
            (Side::Bottom, Side::Top, Some(a), (a != b).then_some(b))
        } else {
            let (a, b) = (self.above[s.row], self.below[t.row]);
            (Side::Top, Side::Bottom, Some(a), (a != b).then_some(b))
        };
        let via = second.zip(first).map(|(channel, first)| Via {
            gutter: self.gutter(s.col, t.col, first, channel),
            channel,
            lane: 0,
            channel_lane: 0,
            x: 0.0,
        });
        Some(Wire {
            from,
            to,
            exit,
            entry,
            first,
            first_lane: None,
            via,
            start_x: 0.0,
            end_x: 0.0,
        })
    }

    /// The gutter to run along between channels `a` and `b`: between the two columns, nearest
    /// the middle, and clear of the band titles it passes. Gutter 0 is always clear (titles start
    /// at the first column).
    fn gutter(&self, cs: usize, ct: usize, a: usize, b: usize) -> usize {
        let (lo, hi) = {
            let (x, y) = (self.channel_ord[a], self.channel_ord[b]);
            (x.min(y), x.max(y))
        };
        let (first, last) = match cs.cmp(&ct) {
            std::cmp::Ordering::Less => (cs + 1, ct),
            std::cmp::Ordering::Greater => (ct + 1, cs),
            // Same column: the gutter on the side nearer the edge of the drawing.
            std::cmp::Ordering::Equal if 2 * cs + 1 < COLUMNS => (cs, cs),
            std::cmp::Ordering::Equal => (cs + 1, cs + 1),
        };
        let mid2 = cs + ct + 1;
        (0..=COLUMNS)
            .filter(|&g| g == 0 || self.covered[g][hi] == self.covered[g][lo + 1])
            .min_by_key(|&g| {
                let outside = first.saturating_sub(g) + g.saturating_sub(last);
                (outside, (2 * g).abs_diff(mid2), (2 * g).abs_diff(2 * ct + 1), g)
            })
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Top,
    Bottom,
    Left,
    Right,
}

/// One arrow, filled in pass by pass.
struct Wire {
    /// Prerequisite (where the arrow starts) and topic (where it points).
    from: usize,
    to: usize,
    exit: Side,
    entry: Side,
    /// Channel of the first horizontal run; `None` for side-to-side neighbours.
    first: Option<usize>,
    /// Lane in `first`; `None` when the arrow is a straight vertical line.
    first_lane: Option<usize>,
    /// The gutter and second channel, when the rows are not adjacent.
    via: Option<Via>,
    /// Port x on the prerequisite and on the topic (top and bottom sides).
    start_x: f64,
    end_x: f64,
}

struct Via {
    gutter: usize,
    channel: usize,
    /// Lane in the gutter and x of that lane.
    lane: usize,
    x: f64,
    /// Lane in `channel`.
    channel_lane: usize,
}

/// Step 3a: gutter widths (from their lanes) and column positions.
struct Columns {
    gutter_x: Vec<f64>,
    gutter_w: Vec<f64>,
    node_w: f64,
}

impl Columns {
    fn new(grid: &Grid, wires: &mut [Wire]) -> Self {
        let mut segments: Vec<Vec<Segment>> = vec![Vec::new(); COLUMNS + 1];
        let mut owners: Vec<Vec<usize>> = vec![Vec::new(); COLUMNS + 1];
        for (i, wire) in wires.iter().enumerate() {
            let (Some(via), Some(first)) = (&wire.via, wire.first) else {
                continue;
            };
            // Each end turns toward the column of its node: left of the gutter is lane 0's side.
            let turn = |t: usize| match grid.cell[t] {
                Some(c) if c.col < via.gutter => Turn::Low,
                _ => Turn::High,
            };
            segments[via.gutter].push(Segment::between(
                (grid.channel_ord[first] as i64, turn(wire.from)),
                (grid.channel_ord[via.channel] as i64, turn(wire.to)),
            ));
            owners[via.gutter].push(i);
        }
        let mut counts = [0; COLUMNS + 1];
        for g in 0..=COLUMNS {
            let (assigned, count) = lanes::assign_ordered(&segments[g], 1);
            for (&lane, &i) in assigned.iter().zip(&owners[g]) {
                if let Some(via) = wires[i].via.as_mut() {
                    via.lane = lane;
                }
            }
            counts[g] = count;
        }
        let base = |g: usize| {
            if g == 0 || g == COLUMNS {
                OUTER_GUTTER
            } else {
                INNER_GUTTER
            }
        };
        let want: Vec<f64> = (0..=COLUMNS)
            .map(|g| base(g).max(2.0 * GUTTER_PAD + counts[g].saturating_sub(1) as f64 * LANE))
            .collect();
        let base_sum: f64 = (0..=COLUMNS).map(base).sum();
        let want_sum: f64 = want.iter().sum();
        let room = WIDTH - 2.0 * MARGIN - COLUMNS as f64 * MIN_NODE_W;
        // Squeeze lanes rather than nodes once the gutters would leave nodes too narrow.
        let squeeze = if want_sum > room {
            (room - base_sum) / (want_sum - base_sum)
        } else {
            1.0
        };
        let gutter_w: Vec<f64> = (0..=COLUMNS).map(|g| base(g) + (want[g] - base(g)) * squeeze).collect();
        let node_w = (WIDTH - 2.0 * MARGIN - gutter_w.iter().sum::<f64>()) / COLUMNS as f64;
        let mut gutter_x = Vec::with_capacity(COLUMNS + 1);
        let mut x = MARGIN;
        for w in &gutter_w {
            gutter_x.push(x);
            x += w + node_w;
        }
        let columns = Columns {
            gutter_x,
            gutter_w,
            node_w,
        };
        for wire in wires.iter_mut() {
            if let Some(via) = wire.via.as_mut() {
                via.x = columns.lane_x(via.gutter, via.lane, counts[via.gutter]);
            }
        }
        columns
    }

    fn col_x(&self, col: usize) -> f64 {
        self.gutter_x[col] + self.gutter_w[col]
    }

    fn col_cx(&self, col: usize) -> f64 {
        self.col_x(col) + self.node_w / 2.0
    }

    fn lane_x(&self, g: usize, lane: usize, count: usize) -> f64 {
        let spacing = if count > 1 {
            ((self.gutter_w[g] - 2.0 * GUTTER_PAD) / (count - 1) as f64).min(LANE)
        } else {
            0.0
        };
        self.gutter_x[g] + self.gutter_w[g] / 2.0 + lanes::offset(lane, count, spacing)
    }
}

/// Step 3b: places the arrows leaving or entering nodes side by side around the node's centre,
/// ordered by where they head, so arrows from one node fan out instead of overlapping.
///
/// The ports of the two nodes that face each other across a channel (bottom of one row, top of
/// the next, same column) are placed as one group: a port above never lines up with an unrelated
/// port below, which would read as an arrow between the two. An arrow straight down (or up) to
/// the next row in the same column is one port of the group, at the centre, and stays a
/// straight line.
fn place_ports(grid: &Grid, columns: &Columns, wires: &mut [Wire]) {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Attach {
        /// The prerequisite's end of the wire.
        Start,
        /// The topic's end.
        Finish,
        /// Both ends of a straight wire.
        Both,
    }
    let cell = |t: usize| grid.cell[t];
    let cx = |t: usize| cell(t).map_or(0.0, |c| columns.col_cx(c.col));
    let channel_of = |t: usize, side: Side| {
        cell(t).map(|c| match side {
            Side::Top => grid.above[c.row],
            _ => grid.below[c.row],
        })
    };
    let is_vertical = |side: Side| matches!(side, Side::Top | Side::Bottom);
    // (channel, column, heading x, wire, which end)
    let mut ports: Vec<(usize, usize, i64, usize, Attach)> = Vec::with_capacity(2 * wires.len());
    for (i, wire) in wires.iter().enumerate() {
        let (Some(s), Some(t)) = (cell(wire.from), cell(wire.to)) else {
            continue;
        };
        let straight = wire.via.is_none() && wire.exit != wire.entry && is_vertical(wire.exit) && s.col == t.col;
        if straight {
            if let Some(channel) = wire.first {
                ports.push((channel, s.col, fixed(cx(wire.from)), i, Attach::Both));
            }
            continue;
        }
        if is_vertical(wire.exit) {
            let toward = wire.via.as_ref().map_or_else(|| cx(wire.to), |v| v.x);
            if let Some(channel) = channel_of(wire.from, wire.exit) {
                ports.push((channel, s.col, fixed(toward), i, Attach::Start));
            }
        }
        if is_vertical(wire.entry) {
            let toward = wire.via.as_ref().map_or_else(|| cx(wire.from), |v| v.x);
            if let Some(channel) = channel_of(wire.to, wire.entry) {
                ports.push((channel, t.col, fixed(toward), i, Attach::Finish));
            }
        }
    }
    ports.sort_unstable();
    for group in ports.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let centre = columns.col_cx(group[0].1);
        let k = group.len();
        let origin = group
            .iter()
            .position(|p| p.4 == Attach::Both)
            .map_or((k - 1) as f64 / 2.0, |s| s as f64);
        let reach = origin.max((k - 1) as f64 - origin);
        let spacing = if reach > 0.0 {
            PORT_SPACING.min((columns.node_w / 2.0 - PORT_INSET) / reach)
        } else {
            0.0
        };
        for (j, &(_, _, _, i, end)) in group.iter().enumerate() {
            let x = centre + (j as f64 - origin) * spacing;
            if end != Attach::Finish {
                wires[i].start_x = x;
            }
            if end != Attach::Start {
                wires[i].end_x = x;
            }
        }
    }
}

/// Step 3c: lanes in the channels; returns the lane count of each channel.
///
/// A run's end turns up (toward lane 0) where its path continues to a node or gutter above the
/// channel, down where it continues below.
fn channel_lanes(grid: &Grid, wires: &mut [Wire]) -> Vec<usize> {
    let channels = grid.channel_ord.len();
    let mut segments: Vec<Vec<Segment>> = vec![Vec::new(); channels];
    // (wire, whether the second run)
    let mut owners: Vec<Vec<(usize, bool)>> = vec![Vec::new(); channels];
    let turn = |side: Side| match side {
        Side::Top => Turn::High,
        _ => Turn::Low,
    };
    for (i, wire) in wires.iter().enumerate() {
        let Some(first) = wire.first else { continue };
        // Leaving the bottom of a node, the path comes down into the channel: that end turns up.
        let start = (fixed(wire.start_x), turn(wire.exit));
        let end = (fixed(wire.end_x), turn(wire.entry));
        match &wire.via {
            Some(via) => {
                // The gutter continues away from the node: down from a bottom exit, up from a top.
                let onward = if wire.exit == Side::Bottom {
                    Turn::High
                } else {
                    Turn::Low
                };
                let back = if onward == Turn::High { Turn::Low } else { Turn::High };
                segments[first].push(Segment::between(start, (fixed(via.x), onward)));
                owners[first].push((i, false));
                segments[via.channel].push(Segment::between((fixed(via.x), back), end));
                owners[via.channel].push((i, true));
            }
            None if (wire.start_x - wire.end_x).abs() >= 0.5 || wire.exit == wire.entry => {
                segments[first].push(Segment::between(start, end));
                owners[first].push((i, false));
            }
            None => {}
        }
    }
    let mut counts = vec![0; channels];
    for c in 0..channels {
        let (assigned, count) = lanes::assign_ordered(&segments[c], fixed(CHANNEL_GAP));
        for (&lane, &(i, second)) in assigned.iter().zip(&owners[c]) {
            match (second, wires[i].via.as_mut()) {
                (true, Some(via)) => via.channel_lane = lane,
                _ => wires[i].first_lane = Some(lane),
            }
        }
        counts[c] = count;
    }
    counts
}

/// Step 4: vertical positions.
struct Rows {
    row_y: Vec<f64>,
    row_h: Vec<f64>,
    channel_y: Vec<f64>,
    channel_h: Vec<f64>,
    channel_lanes: Vec<usize>,
    band_y: Vec<(f64, f64)>,
    height: f64,
}

impl Rows {
    fn new(grid: &Grid, labels: &[Vec<String>], channel_lanes: &[usize]) -> Self {
        let row_h: Vec<f64> = grid
            .rows
            .iter()
            .map(|row| {
                let lines = row.iter().map(|&t| labels[t].len()).max().unwrap_or(1);
                node_height(lines)
            })
            .collect();
        let channel_h: Vec<f64> = grid
            .channel_base
            .iter()
            .zip(channel_lanes)
            .map(|(&base, &n)| base.max(2.0 * CHANNEL_PAD + n.saturating_sub(1) as f64 * LANE))
            .collect();
        let mut row_y = vec![0.0; grid.rows.len()];
        let mut channel_y = vec![0.0; channel_h.len()];
        let mut band_y = Vec::with_capacity(grid.band_rows.len());
        let mut y = MARGIN;
        for rows in &grid.band_rows {
            let top = y;
            y += HEADER_H;
            if rows.is_empty() {
                y += EMPTY_BAND;
            }
            for r in rows.clone() {
                if r == rows.start {
                    channel_y[grid.above[r]] = y;
                    y += channel_h[grid.above[r]];
                }
                row_y[r] = y;
                y += row_h[r];
                channel_y[grid.below[r]] = y;
                y += channel_h[grid.below[r]];
            }
            band_y.push((top, y));
            y += BAND_GAP;
        }
        let height = if band_y.is_empty() {
            2.0 * MARGIN
        } else {
            y - BAND_GAP + MARGIN
        };
        Rows {
            row_y,
            row_h,
            channel_y,
            channel_h,
            channel_lanes: channel_lanes.to_vec(),
            band_y,
            height,
        }
    }

    fn lane_y(&self, channel: usize, lane: usize) -> f64 {
        self.channel_y[channel] + self.channel_h[channel] / 2.0 + lanes::offset(lane, self.channel_lanes[channel], LANE)
    }
}

fn write(
    map: &Roadmap<'_>,
    grid: &Grid,
    columns: &Columns,
    rows: &Rows,
    wires: &[Wire],
    labels: &[Vec<String>],
) -> String {
    let rect = |t: usize| {
        grid.cell[t].map(|c| Rect {
            x: columns.col_x(c.col),
            y: rows.row_y[c.row],
            w: columns.node_w,
            h: rows.row_h[c.row],
        })
    };
    let mut out = String::with_capacity(512 + 400 * map.topics.len() + 160 * wires.len());
    open_root(
        &mut out,
        "roadmap-svg",
        "roadmap",
        (WIDTH, rows.height),
        map.title,
        map.description,
    );
    arrow_marker(&mut out, "arrow");

    for (b, band) in map.stages.iter().enumerate() {
        let (top, bottom) = rows.band_y[b];
        let header = &grid.headers[b];
        let x0 = columns.col_x(0);
        let class = if band.parallel { "band band-parallel" } else { "band" };
        let _ = write!(
            out,
            "<g data-stage=\"{}\"><rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" \
             height=\"{}\" rx=\"10\"/><a href=\"{}\"><text class=\"band-title\" x=\"{}\" \
             y=\"{}\">{}</text></a>",
            Attr(band.id),
            Num(MARGIN),
            Num(top),
            Num(WIDTH - 2.0 * MARGIN),
            Num(bottom - top),
            Attr(&band.url),
            Num(x0),
            Num(top + TITLE_BASELINE),
            Attr(band.title),
        );
        let right = columns.col_x(COLUMNS - 1) + columns.node_w;
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

    for wire in wires {
        let (Some(s), Some(t)) = (rect(wire.from), rect(wire.to)) else {
            continue;
        };
        let d = path(wire, s, t, rows);
        edge(&mut out, map.topics[wire.from].id, map.topics[wire.to].id, &d, "arrow");
    }

    let mut requires: Vec<Vec<&str>> = vec![Vec::new(); map.topics.len()];
    for (t, p) in requires_pairs(map) {
        requires[t].push(map.topics[p].id);
    }
    for row in &grid.rows {
        for &t in row {
            if let Some(r) = rect(t) {
                node(&mut out, &map.topics[t], r, &labels[t], &requires[t], false);
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The path of one arrow between its node boxes `s` (prerequisite) and `t` (topic).
fn path(wire: &Wire, s: Rect, t: Rect, rows: &Rows) -> String {
    let edge_y = |r: Rect, side: Side| if side == Side::Top { r.y } else { r.bottom() };
    match (wire.exit, wire.first) {
        (Side::Left | Side::Right, _) | (_, None) => {
            let (sx, tx) = if wire.exit == Side::Right {
                (s.right(), t.x)
            } else {
                (s.x, t.right())
            };
            PathData::start(sx, s.cy()).h(tx).d.clone()
        }
        (exit, Some(first)) => {
            let mut p = PathData::start(wire.start_x, edge_y(s, exit));
            if let Some(lane) = wire.first_lane {
                p.v(rows.lane_y(first, lane));
            }
            if let Some(via) = &wire.via {
                p.h(via.x).v(rows.lane_y(via.channel, via.channel_lane));
            }
            p.h(wire.end_x).v(edge_y(t, wire.entry));
            p.d
        }
    }
}

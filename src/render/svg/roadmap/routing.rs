//! Step 2 of the roadmap: every arrow's path on the grid, and the gutter widths it needs.
//!
//! 1. routes — each arrow picks its channels and gutter on indices alone: a gutter whose strip
//!    through a band header would cut the title, or that runs inside a cluster, is avoided;
//!    a hub's arrows to its leaves take the gutter between them (a *bus*);
//! 2. x — gutters widen by their lane count, ports are placed side by side around node centres;
//! 3. channel lanes are assigned, so no two runs share a segment.

use super::super::draw::LANE;
use super::super::lanes::{self, Segment, Turn};
use super::geometry::Heights;
use super::grid::{Cell, GUTTER_PAD, Grid, INNER_GUTTER, MARGIN, NODE_W, OUTER_GUTTER, Role, Side, Via, Wire, fixed};

/// Distance between arrows attached side by side to one node side.
const PORT_SPACING: f64 = 12.0;
/// Ports keep this far from a node's corners.
const PORT_INSET: f64 = 12.0;
/// Minimum separation of two segments on one channel lane, px.
const CHANNEL_GAP: f64 = 4.0;

/// The arrow from `from` (prerequisite) to `to`, its channels and gutter chosen.
pub(super) fn route(grid: &Grid, heights: &Heights, from: usize, to: usize) -> Option<Wire> {
    let s = grid.cell[from]?;
    let t = grid.cell[to]?;
    let mut wire = Wire {
        from,
        to,
        exit: Side::Bottom,
        entry: Side::Top,
        first: None,
        first_lane: None,
        via: None,
        start_x: 0.0,
        end_x: 0.0,
        bus: None,
        straight_to: None,
    };
    if let (Role::Hub, Role::Leaf { right, k }) = (s.role, t.role)
        && s.unit == t.unit
    {
        (wire.exit, wire.entry) = if right {
            (Side::Right, Side::Left)
        } else {
            (Side::Left, Side::Right)
        };
        wire.bus = Some(bus(grid, heights, t, right, k));
        return Some(wire);
    }
    let (first, second) = if s.row == t.row {
        if s.col.abs_diff(t.col) == 1 {
            (wire.exit, wire.entry) = if t.col > s.col {
                (Side::Right, Side::Left)
            } else {
                (Side::Left, Side::Right)
            };
            return Some(wire);
        }
        (wire.exit, wire.entry) = (Side::Bottom, Side::Bottom);
        (grid.below[s.row], None)
    } else if t.row > s.row {
        let (a, b) = (grid.below[s.row], grid.above[t.row]);
        (a, (a != b).then_some(b))
    } else {
        (wire.exit, wire.entry) = (Side::Top, Side::Bottom);
        let (a, b) = (grid.above[s.row], grid.below[t.row]);
        (a, (a != b).then_some(b))
    };
    wire.first = Some(first);
    // Straight down (or up) the column when nothing stands in the way: the drawing's long
    // edges then read as the columns of a layered layout instead of detours through gutters.
    if s.col == t.col && grid.column_clear(s.col, s.row, t.row) {
        wire.straight_to = second;
        return Some(wire);
    }
    wire.via = second.map(|channel| Via {
        gutter: gutter(grid, s.col, t.col, first, channel),
        channel,
        lane: 0,
        x: 0.0,
        channel_lane: 0,
    });
    Some(wire)
}

/// A bus arrow's port (y below the row's top, on the hub's side) and lane rank.
///
/// Ports go down the hub's side in the order of the leaves. Of the arrows that climb, the one
/// to the highest leaf turns nearest the hub, and mirrored for those that descend: with ports in
/// the leaves' order, no two cross.
fn bus(grid: &Grid, heights: &Heights, leaf: Cell, right: bool, k: usize) -> (f64, Option<usize>) {
    let unit = &grid.units[leaf.unit];
    let list = if right { &unit.right } else { &unit.left };
    let hub = unit.hub;
    let port = |i: usize| heights.dy[hub] + heights.h[hub] * (i + 1) as f64 / (list.len() + 1) as f64;
    let cy = |i: usize| heights.dy[list[i]] + heights.h[list[i]] / 2.0;
    let (y, c) = (port(k), cy(k));
    let rank = if c < y - 0.5 {
        Some((0..k).filter(|&i| cy(i) < port(i) - 0.5).count())
    } else if c > y + 0.5 {
        Some((k + 1..list.len()).filter(|&i| cy(i) > port(i) + 0.5).count())
    } else {
        None
    };
    (y, rank)
}

/// The gutter to run along between channels `a` and `b`: between the two columns, nearest the
/// middle, and open all the way. Gutter 0 is always open (titles start at the first column and
/// clusters close only gutters beside a hub).
fn gutter(grid: &Grid, cs: usize, ct: usize, a: usize, b: usize) -> usize {
    let columns = grid.columns;
    let (first, last) = match cs.cmp(&ct) {
        std::cmp::Ordering::Less => (cs + 1, ct),
        std::cmp::Ordering::Greater => (ct + 1, cs),
        // Same column: the gutter on the side nearer the edge of the drawing.
        std::cmp::Ordering::Equal if 2 * cs + 1 < columns => (cs, cs),
        std::cmp::Ordering::Equal => (cs + 1, cs + 1),
    };
    let mid2 = cs + ct + 1;
    (0..=columns)
        .filter(|&g| g == 0 || grid.open(g, a, b))
        .min_by_key(|&g| {
            let outside = first.saturating_sub(g) + g.saturating_sub(last);
            (outside, (2 * g).abs_diff(mid2), (2 * g).abs_diff(2 * ct + 1), g)
        })
        .unwrap_or(0)
}

/// Gutter widths (from their lanes) and column positions.
pub(super) struct Columns {
    gutter_x: Vec<f64>,
    gutter_w: Vec<f64>,
    /// Width of the whole drawing.
    pub(super) width: f64,
}

impl Columns {
    /// Gives each gutter run its lane and each gutter its width.
    pub(super) fn new(grid: &Grid, wires: &mut [Wire]) -> Self {
        let columns = grid.columns;
        let mut segments: Vec<Vec<Segment>> = vec![Vec::new(); columns + 1];
        let mut owners: Vec<Vec<usize>> = vec![Vec::new(); columns + 1];
        let mut bus_lanes = vec![0usize; columns + 1];
        for (i, wire) in wires.iter().enumerate() {
            if let (Some((_, Some(rank))), Some(c)) = (wire.bus, grid.cell[wire.to]) {
                let g = if wire.exit == Side::Right { c.col } else { c.col + 1 };
                bus_lanes[g] = bus_lanes[g].max(rank + 1);
            }
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
        let mut counts = vec![0; columns + 1];
        for g in 0..=columns {
            let (assigned, count) = lanes::assign_ordered(&segments[g], 1);
            for (&lane, &i) in assigned.iter().zip(&owners[g]) {
                if let Some(via) = wires[i].via.as_mut() {
                    via.lane = lane;
                }
            }
            counts[g] = count;
        }
        let gutter_w: Vec<f64> = (0..=columns)
            .map(|g| {
                let base = if g == 0 || g == columns {
                    OUTER_GUTTER
                } else {
                    INNER_GUTTER
                };
                let lanes = counts[g].max(bus_lanes[g]);
                base.max(2.0 * GUTTER_PAD + lanes.saturating_sub(1) as f64 * LANE)
            })
            .collect();
        let mut gutter_x = Vec::with_capacity(columns + 1);
        let mut x = MARGIN;
        for w in &gutter_w {
            gutter_x.push(x);
            x += w + NODE_W;
        }
        let width = x - NODE_W + MARGIN;
        let columns = Columns {
            gutter_x,
            gutter_w,
            width,
        };
        for wire in wires.iter_mut() {
            if let Some(via) = wire.via.as_mut() {
                via.x = columns.lane_x(via.gutter, via.lane, counts[via.gutter]);
            }
        }
        columns
    }

    /// Left edge of column `col`.
    pub(super) fn col_x(&self, col: usize) -> f64 {
        self.gutter_x[col] + self.gutter_w[col]
    }

    fn col_cx(&self, col: usize) -> f64 {
        self.col_x(col) + NODE_W / 2.0
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

/// The x of a bus lane of `rank` beside a hub whose side is at `side_x`.
pub(super) fn bus_x(side_x: f64, right: bool, rank: usize) -> f64 {
    let step = GUTTER_PAD + rank as f64 * LANE;
    if right { side_x + step } else { side_x - step }
}

/// Places the arrows leaving or entering nodes side by side around the node's centre, ordered
/// by where they head, so arrows from one node fan out instead of overlapping.
///
/// The ports of the two nodes that face each other across a channel (bottom of one row, top of
/// the next, same column) are placed as one group: a port above never lines up with an unrelated
/// port below, which would read as an arrow between the two. An arrow straight down (or up) to
/// the next row in the same column is one port of the group, at the centre, and stays a
/// straight line.
pub(super) fn place_ports(grid: &Grid, columns: &Columns, wires: &mut [Wire]) {
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
            // A long straight line is the centre port of the groups at both of its ends.
            for channel in wire.first.into_iter().chain(wire.straight_to) {
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
            PORT_SPACING.min((NODE_W / 2.0 - PORT_INSET) / reach)
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

/// Lanes in the channels; returns the lane count of each channel.
///
/// A run's end turns up (toward lane 0) where its path continues to a node or gutter above the
/// channel, down where it continues below.
pub(super) fn channel_lanes(grid: &Grid, wires: &mut [Wire]) -> Vec<usize> {
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

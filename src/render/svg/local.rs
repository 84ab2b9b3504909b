//! A topic's local graph: prerequisites in a column on the left, the topic in the middle,
//! unlocks on the right, related topics in rows below.
//!
//! Arrows run side to side through the two gaps between the columns. Each takes its own lane
//! in the gap, ordered so that no two cross: of the arrows that must climb, the one from the
//! highest node turns nearest the centre, and mirrored for those that descend. Related topics
//! hang from the centre's bottom through a channel below the columns (and, for later rows, a
//! gap between columns), drawn dashed and without arrowheads.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::draw::{Attr, LANE, PathData, Rect, arrow_marker, edge, label, node, node_height, open_root};
use super::lanes;
use super::model::{Local, Node};

const NODE_W: f64 = 200.0;
/// Gap between columns, where the arrows turn.
const GAP: f64 = 72.0;
const MARGIN: f64 = 16.0;
const WIDTH: f64 = 2.0 * MARGIN + 3.0 * NODE_W + 2.0 * GAP;
/// Vertical space between stacked nodes.
const STACK_GAP: f64 = 12.0;
/// Lanes keep this far from node sides: room for an arrowhead.
const SIDE_PAD: f64 = 16.0;
/// Lanes keep this far from node tops.
const CHANNEL_PAD: f64 = 12.0;
/// Height of the channel between the columns and the related rows, and between related rows.
const CHANNEL: f64 = 28.0;
/// Ports on the centre's sides are at least this far apart.
const PORT_SPACING: f64 = 10.0;
/// Distance between the related lines leaving the centre's bottom side by side.
const BOTTOM_PORT_SPACING: f64 = 14.0;
/// Related topics per row (one under each column).
const RELATED_PER_ROW: usize = 3;
/// Fixed-point scale for lane intervals.
const FIXED: f64 = 64.0;

fn col_x(col: usize) -> f64 {
    MARGIN + col as f64 * (NODE_W + GAP)
}

pub(super) fn render(local: &Local<'_>) -> String {
    let center = &local.center;
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    seen.insert(center.id);
    seen.extend(local.prerequisites.iter().map(|n| n.id));
    seen.extend(local.unlocks.iter().map(|n| n.id));
    let related: Vec<&Node<'_>> = local.related.iter().filter(|n| seen.insert(n.id)).collect();
    if local.prerequisites.is_empty() && local.unlocks.is_empty() && related.is_empty() {
        return String::new();
    }
    let labels = |nodes: &[Node<'_>]| -> Vec<Vec<String>> { nodes.iter().map(|n| label(n.title, NODE_W)).collect() };
    let labels = Labels {
        pre: labels(&local.prerequisites),
        unl: labels(&local.unlocks),
        rel: related.iter().map(|n| label(n.title, NODE_W)).collect(),
        center: label(center.title, NODE_W),
    };
    let main = Main::new(&labels, local.prerequisites.len().max(local.unlocks.len()));
    let mut edges = side_edges(local, &main);
    let (rel_rects, height) = related_rows(&labels.rel, MARGIN + main.height, main.center, &mut |k, d| {
        edges.push((center.id, related[k].id, d, true));
    });
    let mut out = String::with_capacity(1024 + 600 * (main.pre.len() + main.unl.len() + related.len()));
    open_root(
        &mut out,
        "local-svg",
        "local",
        (WIDTH, height),
        local.title,
        local.description,
    );
    arrow_marker(&mut out, "local-arrow");
    write_edges(&mut out, &edges);
    let pre_ids: Vec<&str> = local.prerequisites.iter().map(|n| n.id).collect();
    for (i, n) in local.prerequisites.iter().enumerate() {
        node(&mut out, n, main.pre[i], &labels.pre[i], &[], false);
    }
    node(&mut out, center, main.center, &labels.center, &pre_ids, true);
    for (i, n) in local.unlocks.iter().enumerate() {
        node(&mut out, n, main.unl[i], &labels.unl[i], &[center.id], false);
    }
    for (i, n) in related.iter().enumerate() {
        node(&mut out, n, rel_rects[i], &labels.rel[i], &[], false);
    }
    out.push_str("</svg>\n");
    out
}

/// Wrapped labels of every node drawn.
struct Labels {
    pre: Vec<Vec<String>>,
    unl: Vec<Vec<String>>,
    rel: Vec<Vec<String>>,
    center: Vec<String>,
}

/// The three columns: prerequisites, the centre (tall enough for its side ports), unlocks.
struct Main {
    pre: Vec<Rect>,
    unl: Vec<Rect>,
    center: Rect,
    height: f64,
}

impl Main {
    fn new(labels: &Labels, ports: usize) -> Self {
        let center_h = node_height(labels.center.len()).max((ports + 1) as f64 * PORT_SPACING);
        let stack_h = |labels: &[Vec<String>]| -> f64 {
            labels.iter().map(|l| node_height(l.len()) + STACK_GAP).sum::<f64>() - STACK_GAP
        };
        let height = stack_h(&labels.pre).max(stack_h(&labels.unl)).max(center_h);
        let stack = |col: usize, labels: &[Vec<String>]| -> Vec<Rect> {
            let mut y = MARGIN + (height - stack_h(labels)) / 2.0;
            labels
                .iter()
                .map(|l| {
                    let h = node_height(l.len());
                    let r = Rect {
                        x: col_x(col),
                        y,
                        w: NODE_W,
                        h,
                    };
                    y += h + STACK_GAP;
                    r
                })
                .collect()
        };
        Main {
            pre: stack(0, &labels.pre),
            unl: stack(2, &labels.unl),
            center: Rect {
                x: col_x(1),
                y: MARGIN + (height - center_h) / 2.0,
                w: NODE_W,
                h: center_h,
            },
            height,
        }
    }
}

/// An arrow or related line: from, to, path, whether a related line.
type EdgeOut<'a> = (&'a str, &'a str, String, bool);

/// Prerequisites → centre through the left gap, centre → unlocks through the right one.
fn side_edges<'a>(local: &'a Local<'a>, main: &Main) -> Vec<EdgeOut<'a>> {
    let center = main.center;
    let mut edges = Vec::new();
    let port_y = |i: usize, k: usize| center.y + center.h * (i + 1) as f64 / (k + 1) as f64;
    let pre_ports: Vec<f64> = (0..main.pre.len()).map(|i| port_y(i, main.pre.len())).collect();
    let pre_lanes = side_lanes(&main.pre, &pre_ports, |rank, spacing| {
        center.x - SIDE_PAD - rank as f64 * spacing
    });
    for (i, r) in main.pre.iter().enumerate() {
        let mut p = PathData::start(r.right(), r.cy());
        if let Some(x) = pre_lanes[i] {
            p.h(x).v(pre_ports[i]);
        }
        p.h(center.x);
        edges.push((local.prerequisites[i].id, local.center.id, p.d, false));
    }
    let unl_ports: Vec<f64> = (0..main.unl.len()).map(|i| port_y(i, main.unl.len())).collect();
    let unl_lanes = side_lanes(&main.unl, &unl_ports, |rank, spacing| {
        center.right() + SIDE_PAD + rank as f64 * spacing
    });
    for (i, r) in main.unl.iter().enumerate() {
        let mut p = PathData::start(center.right(), unl_ports[i]);
        if let Some(x) = unl_lanes[i] {
            p.h(x).v(r.cy());
        }
        p.h(r.x);
        edges.push((local.center.id, local.unlocks[i].id, p.d, false));
    }
    edges
}

/// Writes the arrows (with arrowheads) and the related lines (dashed, without).
fn write_edges(out: &mut String, edges: &[EdgeOut<'_>]) {
    for (from, to, d, is_related) in edges {
        if *is_related {
            let _ = writeln!(
                out,
                "<path class=\"edge edge-related\" data-from=\"{}\" data-to=\"{}\" d=\"{d}\"/>",
                Attr(from),
                Attr(to),
            );
        } else {
            edge(out, from, to, d, "local-arrow");
        }
    }
}

/// Lane x of each side arrow between a column of `rects` and the centre's `ports` (one per
/// rect, same order), or `None` where the two are level and the arrow is straight. `at(rank,
/// spacing)` gives the x of a lane, rank 0 nearest the centre.
///
/// Arrows whose node lies above its port are ranked top-down, those below bottom-up: with ports
/// in the same order as the nodes, no two arrows then cross.
fn side_lanes(rects: &[Rect], ports: &[f64], at: impl Fn(usize, f64) -> f64) -> Vec<Option<f64>> {
    let above: Vec<usize> = (0..rects.len()).filter(|&i| rects[i].cy() < ports[i] - 0.5).collect();
    let below: Vec<usize> = (0..rects.len())
        .rev()
        .filter(|&i| rects[i].cy() > ports[i] + 0.5)
        .collect();
    let mut lanes = vec![None; rects.len()];
    for group in [above, below] {
        let spacing = if group.len() > 1 {
            ((GAP - 2.0 * SIDE_PAD) / (group.len() - 1) as f64).min(LANE)
        } else {
            0.0
        };
        for (rank, &i) in group.iter().enumerate() {
            lanes[i] = Some(at(rank, spacing));
        }
    }
    lanes
}

/// Lays out related topics in rows below `top` and routes a dashed line from the centre's
/// bottom to each (reported through `edge(index, path)`); returns their boxes and the drawing's
/// height.
fn related_rows(
    labels: &[Vec<String>],
    top: f64,
    center: Rect,
    edge: &mut dyn FnMut(usize, String),
) -> (Vec<Rect>, f64) {
    if labels.is_empty() {
        return (Vec::new(), top + MARGIN);
    }
    let n = labels.len();
    let rows = n.div_ceil(RELATED_PER_ROW);
    let vx = related_verticals(n);
    let port = bottom_ports(&vx, center);
    let (channel_lane, second_lane, channel_count) = related_lanes(&vx, &port, rows);
    let channel_h: Vec<f64> = channel_count
        .iter()
        .map(|&c| CHANNEL.max(2.0 * CHANNEL_PAD + c.saturating_sub(1) as f64 * LANE))
        .collect();
    let lane_y = |y: f64, r: usize, lane: usize| y + channel_h[r] / 2.0 + lanes::offset(lane, channel_count[r], LANE);

    // Rows.
    let mut channel_y = vec![0.0; rows];
    let mut row_y = vec![0.0; rows];
    let mut row_h = vec![0.0; rows];
    let mut y = top;
    for r in 0..rows {
        channel_y[r] = y;
        y += channel_h[r];
        row_y[r] = y;
        row_h[r] = (0..n)
            .filter(|&k| cell(k).0 == r)
            .map(|k| node_height(labels[k].len()))
            .fold(0.0, f64::max);
        y += row_h[r];
    }
    let rects: Vec<Rect> = (0..n)
        .map(|k| {
            let (row, col) = cell(k);
            Rect {
                x: col_x(col),
                y: row_y[row],
                w: NODE_W,
                h: row_h[row],
            }
        })
        .collect();
    for k in 0..n {
        let (row, _) = cell(k);
        let target = rects[k];
        let mut p = PathData::start(port[k], center.bottom());
        p.v(lane_y(channel_y[0], 0, channel_lane[k])).h(vx[k]);
        if row > 0 {
            p.v(lane_y(channel_y[row], row, second_lane[k])).h(target.cx());
        }
        p.v(target.y);
        edge(k, p.d);
    }
    (rects, y + MARGIN)
}

/// Row and column of related topic `k`.
fn cell(k: usize) -> (usize, usize) {
    (k / RELATED_PER_ROW, k % RELATED_PER_ROW)
}

/// The x of each related line's vertical run: straight down for the first row; later rows are
/// reached down the gap between columns 0 and 1, or 1 and 2 for column 2, each line in a lane
/// of its own (all start at the channel).
fn related_verticals(n: usize) -> Vec<f64> {
    let gap_of = |col: usize| if col == 2 { 2 } else { 1 };
    let gap_x = |g: usize| col_x(g) - GAP / 2.0;
    let mut gap_count = [0usize; 3];
    let mut gap_lane = vec![0usize; n];
    for (k, lane) in gap_lane.iter_mut().enumerate() {
        let (row, col) = cell(k);
        if row > 0 {
            *lane = gap_count[gap_of(col)];
            gap_count[gap_of(col)] += 1;
        }
    }
    (0..n)
        .map(|k| {
            let (row, col) = cell(k);
            if row == 0 {
                return col_x(col) + NODE_W / 2.0;
            }
            let g = gap_of(col);
            let count = gap_count[g];
            let spacing = if count > 1 {
                ((GAP - 2.0 * SIDE_PAD) / (count - 1) as f64).min(LANE)
            } else {
                0.0
            };
            gap_x(g) + lanes::offset(gap_lane[k], count, spacing)
        })
        .collect()
}

/// Ports along the centre's bottom, ordered by where each line heads.
fn bottom_ports(vx: &[f64], center: Rect) -> Vec<f64> {
    let n = vx.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&k| ((vx[k] * FIXED).round() as i64, k));
    // The one straight below the centre (row 0, column 1) keeps the centre and a straight line.
    let origin = order
        .iter()
        .position(|&k| cell(k) == (0, 1))
        .map_or((n - 1) as f64 / 2.0, |i| i as f64);
    let reach = origin.max((n - 1) as f64 - origin);
    let spacing = if reach > 0.0 {
        BOTTOM_PORT_SPACING.min((center.w / 2.0 - SIDE_PAD) / reach)
    } else {
        0.0
    };
    let mut port = vec![0.0; n];
    for (i, &k) in order.iter().enumerate() {
        port[k] = center.cx() + (i as f64 - origin) * spacing;
    }
    port
}

/// Channel lanes: channel 0 under the columns, channel r above related row r. Returns each
/// line's lane in channel 0 and in its own row's channel, and each channel's lane count.
fn related_lanes(vx: &[f64], port: &[f64], rows: usize) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let n = vx.len();
    let fixed = |x: f64| (x * FIXED).round() as i64;
    let first: Vec<(i64, i64)> = (0..n)
        .map(|k| (fixed(port[k].min(vx[k])), fixed(port[k].max(vx[k]))))
        .collect();
    let (channel_lane, first_count) = lanes::assign(&first, fixed(4.0));
    let mut second_lane = vec![0usize; n];
    let mut channel_count = vec![0usize; rows];
    channel_count[0] = first_count;
    for (r, count_slot) in channel_count.iter_mut().enumerate().skip(1) {
        let members: Vec<usize> = (0..n).filter(|&k| cell(k).0 == r).collect();
        let intervals: Vec<(i64, i64)> = members
            .iter()
            .map(|&k| {
                let cx = col_x(cell(k).1) + NODE_W / 2.0;
                (fixed(vx[k].min(cx)), fixed(vx[k].max(cx)))
            })
            .collect();
        let (assigned, count) = lanes::assign(&intervals, fixed(4.0));
        for (&k, lane) in members.iter().zip(assigned) {
            second_lane[k] = lane;
        }
        *count_slot = count;
    }
    (channel_lane, second_lane, channel_count)
}

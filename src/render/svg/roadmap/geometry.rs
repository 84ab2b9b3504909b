//! Heights and vertical positions: nodes from their wrapped labels, rows from their tallest
//! unit, channels from their lanes, bands from their rows.
//!
//! Inside a row every unit is centred: a hub between its two stacks, a lone topic on the row's
//! middle. The free space above and below a node in its own column is what its arrows cross to
//! reach the channels.

use super::super::draw::{LANE, node_height};
use super::super::lanes;
use super::grid::{Grid, HEADER_H, MARGIN};

/// Vertical space between the leaves of a stack.
pub(super) const STACK_GAP: f64 = 10.0;
/// A hub is at least this much taller per leaf on its busier side, so its side ports keep apart.
const HUB_PORT_SPACING: f64 = 9.0;
/// Lanes keep this far from node tops and bottoms: room for an arrowhead.
const CHANNEL_PAD: f64 = 12.0;
/// Extra height of a band without topics below its header.
const EMPTY_BAND: f64 = 8.0;
/// Vertical space between bands.
const BAND_GAP: f64 = 10.0;

/// Each node's height and its top below its row's top; each row's height.
pub(super) struct Heights {
    pub(super) h: Vec<f64>,
    pub(super) dy: Vec<f64>,
    pub(super) row_h: Vec<f64>,
}

impl Heights {
    /// Heights from the label line counts of each topic.
    pub(super) fn new(grid: &Grid, lines: &[usize]) -> Self {
        let n = lines.len();
        let mut h: Vec<f64> = lines.iter().map(|&l| node_height(l)).collect();
        let mut dy = vec![0.0; n];
        let stack = |list: &[usize], h: &[f64]| -> f64 {
            list.iter().map(|&t| h[t] + STACK_GAP).sum::<f64>() - if list.is_empty() { 0.0 } else { STACK_GAP }
        };
        let row_h: Vec<f64> = grid
            .rows
            .iter()
            .map(|row| {
                let mut tallest: f64 = 0.0;
                for &(u, _) in row {
                    let unit = &grid.units[u];
                    let ports = unit.left.len().max(unit.right.len());
                    if ports > 0 {
                        h[unit.hub] = h[unit.hub].max((ports + 1) as f64 * HUB_PORT_SPACING);
                    }
                    tallest = tallest
                        .max(h[unit.hub])
                        .max(stack(&unit.left, &h))
                        .max(stack(&unit.right, &h));
                }
                tallest
            })
            .collect();
        for (r, row) in grid.rows.iter().enumerate() {
            for &(u, _) in row {
                let unit = &grid.units[u];
                dy[unit.hub] = (row_h[r] - h[unit.hub]) / 2.0;
                for list in [&unit.left, &unit.right] {
                    let mut y = (row_h[r] - stack(list, &h)) / 2.0;
                    for &t in list {
                        dy[t] = y;
                        y += h[t] + STACK_GAP;
                    }
                }
            }
        }
        Heights { h, dy, row_h }
    }
}

/// Vertical positions of rows, channels and bands.
pub(super) struct Rows {
    pub(super) row_y: Vec<f64>,
    channel_y: Vec<f64>,
    channel_h: Vec<f64>,
    channel_lanes: Vec<usize>,
    pub(super) band_y: Vec<(f64, f64)>,
    pub(super) height: f64,
}

impl Rows {
    pub(super) fn new(grid: &Grid, heights: &Heights, channel_lanes: &[usize]) -> Self {
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
                y += heights.row_h[r];
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
            channel_y,
            channel_h,
            channel_lanes: channel_lanes.to_vec(),
            band_y,
            height,
        }
    }

    /// The y of lane `lane` in `channel`.
    pub(super) fn lane_y(&self, channel: usize, lane: usize) -> f64 {
        self.channel_y[channel] + self.channel_h[channel] / 2.0 + lanes::offset(lane, self.channel_lanes[channel], LANE)
    }
}

//! The grid every later step works on: units in rows and columns, the channels between rows,
//! the band headers, and which gutters each of them blocks; plus the arrows as routed on it.
//!
//! Columns are shared by every band. The strips between columns are *gutters* (gutter `g` left
//! of column `g`, `0..=columns`), the strips above and below each row *channels*. A unit is a
//! topic, or a hub with its leaves stacked in the columns beside it. Nodes live only in cells, so
//! a path that runs vertically only in gutters and horizontally only in channels crosses none;
//! the gutters inside a cluster carry its own arrows and are closed to others in its row.

use std::ops::Range;

use super::super::model::Band;
use super::super::text;

/// Width of every node, px.
pub(super) const NODE_W: f64 = 168.0;
/// Space around the bands.
pub(super) const MARGIN: f64 = 8.0;
/// Fewest and most columns; between them the widest rank decides.
pub(super) const MIN_COLUMNS: usize = 3;
pub(super) const MAX_COLUMNS: usize = 5;
/// Width of the outer gutters (inside the band, left and right of the nodes) without lanes.
pub(super) const OUTER_GUTTER: f64 = 28.0;
/// Width of a gutter between columns without lanes.
pub(super) const INNER_GUTTER: f64 = 36.0;
/// Lanes keep this far from node sides.
pub(super) const GUTTER_PAD: f64 = 10.0;
/// Height of the channel above the first and below the last row of a band, without lanes.
pub(super) const EDGE_CHANNEL: f64 = 16.0;
/// Height of a channel between two rows, without lanes.
pub(super) const INNER_CHANNEL: f64 = 24.0;
/// Height of a band's header strip.
pub(super) const HEADER_H: f64 = 34.0;
/// Baseline of the band title below the band's top.
pub(super) const TITLE_BASELINE: f64 = 26.0;
/// Font sizes the header is measured at, px.
const TITLE_PX: f64 = 16.0;
const DURATION_PX: f64 = 13.0;
const BADGE_PX: f64 = 13.0;
/// Padding inside the parallel badge, and space between header items.
pub(super) const BADGE_PAD: f64 = 8.0;
const HEADER_GAP: f64 = 10.0;
/// Fixed-point scale for sorting coordinates.
const FIXED: f64 = 64.0;

/// `x` in fixed point, for sorting and lane intervals.
pub(super) fn fixed(x: f64) -> i64 {
    (x * FIXED).round() as i64
}

/// A band's header as measured: the title at the left of the first column, the parallel badge
/// and the duration right-aligned at the right of the last column. Keeping the two apart leaves
/// the gutters between them free for arrows.
pub(super) struct Header {
    /// Width of the title.
    pub(super) title_w: f64,
    /// Width of the badge, if any.
    pub(super) badge_w: Option<f64>,
    /// Width of the duration (0 without one).
    duration_w: f64,
}

impl Header {
    pub(super) fn measure(band: &Band<'_>, parallel_label: &str) -> Self {
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
    pub(super) fn right_w(&self) -> f64 {
        match (self.badge_w, self.duration_w > 0.0) {
            (Some(b), true) => b + HEADER_GAP + self.duration_w,
            (Some(b), false) => b,
            (None, _) => self.duration_w,
        }
    }

    /// Whether the header text may reach into gutter `g` of `columns`: gutter `g` lies at
    /// least `g` nodes and `g - 1` bare inner gutters right of the first column's left edge, and
    /// `columns - g` nodes and gutters left of the last column's right edge.
    fn covers(&self, g: usize, columns: usize) -> bool {
        let room = |nodes: usize| nodes as f64 * NODE_W + nodes.saturating_sub(1) as f64 * INNER_GUTTER;
        let left = g > 0 && self.title_w + 2.0 > room(g);
        let right = g < columns && self.right_w() > 0.0 && self.right_w() + 2.0 > room(columns - g);
        left || right
    }

    /// Whether the header text may reach over the centre of column `c` of `columns`.
    fn covers_column(&self, c: usize, columns: usize) -> bool {
        let pitch = NODE_W + INNER_GUTTER;
        let left = self.title_w + 2.0 > c as f64 * pitch + NODE_W / 2.0;
        let right = self.right_w() > 0.0 && self.right_w() + 2.0 > (columns - 1 - c) as f64 * pitch + NODE_W / 2.0;
        left || right
    }
}

/// One topic, or a hub with the leaves that hang from it alone, stacked left and right of it.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub(super) hub: usize,
    pub(super) left: Vec<usize>,
    pub(super) right: Vec<usize>,
}

impl Unit {
    /// Columns the unit takes.
    pub(super) fn width(&self) -> usize {
        1 + usize::from(!self.left.is_empty()) + usize::from(!self.right.is_empty())
    }
    /// Column of the hub inside the unit.
    pub(super) fn hub_offset(&self) -> usize {
        usize::from(!self.left.is_empty())
    }
}

/// Where a topic sits in its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The unit's hub (or its only topic).
    Hub,
    /// The `k`-th leaf, top down, of the stack on the left or right.
    Leaf { right: bool, k: usize },
}

/// The cell of a drawn topic.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cell {
    pub(super) row: usize,
    pub(super) col: usize,
    pub(super) unit: usize,
    pub(super) role: Role,
}

/// Rows, columns, channels and what blocks which gutter.
pub(super) struct Grid {
    pub(super) columns: usize,
    pub(super) units: Vec<Unit>,
    /// Cell of each topic; `None` for a topic in no band.
    pub(super) cell: Vec<Option<Cell>>,
    /// Units of each row, left to right, with their first column.
    pub(super) rows: Vec<Vec<(usize, usize)>>,
    /// Rows of each band.
    pub(super) band_rows: Vec<Range<usize>>,
    /// Channel above and below each row. Inside a band, the channel below a row is the one
    /// above the next.
    pub(super) above: Vec<usize>,
    pub(super) below: Vec<usize>,
    /// Position of each channel in the top-to-bottom order of channels, rows and headers.
    pub(super) channel_ord: Vec<usize>,
    /// Height of each channel without lanes.
    pub(super) channel_base: Vec<f64>,
    pub(super) headers: Vec<Header>,
    /// `covered[g][k]`: how many headers and rows before ordinal `k` block gutter `g`.
    covered: Vec<Vec<u32>>,
}

/// What sits at one ordinal, top to bottom.
enum Item {
    Header(usize),
    Channel,
    Row(usize),
}

impl Grid {
    /// Lays the placed units out: `placed[band][row]` lists `(unit, first column)`.
    pub(super) fn new(
        bands: &[Band<'_>],
        parallel_label: &str,
        topics: usize,
        units: Vec<Unit>,
        placed: Vec<Vec<Vec<(usize, usize)>>>,
        columns: usize,
    ) -> Self {
        let mut grid = Grid {
            columns,
            units,
            cell: vec![None; topics],
            rows: Vec::new(),
            band_rows: Vec::with_capacity(bands.len()),
            above: Vec::new(),
            below: Vec::new(),
            channel_ord: Vec::new(),
            channel_base: Vec::new(),
            headers: bands.iter().map(|b| Header::measure(b, parallel_label)).collect(),
            covered: Vec::new(),
        };
        let mut items: Vec<Item> = Vec::new();
        for (b, rows) in placed.into_iter().enumerate() {
            items.push(Item::Header(b));
            let first = grid.rows.len();
            let mut channel = None;
            for row in rows {
                let r = grid.rows.len();
                let top = channel.unwrap_or_else(|| grid.channel(&mut items, EDGE_CHANNEL));
                grid.above.push(top);
                items.push(Item::Row(r));
                for &(u, start) in &row {
                    grid.place(r, u, start);
                }
                grid.rows.push(row);
                let bottom = grid.channel(&mut items, INNER_CHANNEL);
                grid.below.push(bottom);
                channel = Some(bottom);
            }
            if let Some(last) = channel {
                grid.channel_base[last] = EDGE_CHANNEL;
            }
            grid.band_rows.push(first..grid.rows.len());
        }
        grid.covered = (0..=columns)
            .map(|g| {
                let mut prefix = Vec::with_capacity(items.len() + 1);
                let mut count = 0;
                prefix.push(0);
                for item in &items {
                    if grid.blocks(item, g) {
                        count += 1;
                    }
                    prefix.push(count);
                }
                prefix
            })
            .collect();
        grid
    }

    fn place(&mut self, row: usize, u: usize, start: usize) {
        let unit = &self.units[u];
        let hub_col = start + unit.hub_offset();
        let mut cells = vec![(unit.hub, hub_col, Role::Hub)];
        for (k, &t) in unit.left.iter().enumerate() {
            cells.push((t, start, Role::Leaf { right: false, k }));
        }
        for (k, &t) in unit.right.iter().enumerate() {
            cells.push((t, hub_col + 1, Role::Leaf { right: true, k }));
        }
        for (t, col, role) in cells {
            self.cell[t] = Some(Cell {
                row,
                col,
                unit: u,
                role,
            });
        }
    }

    /// Whether `item` closes gutter `g` to arrows passing it.
    fn blocks(&self, item: &Item, g: usize) -> bool {
        match *item {
            Item::Header(b) => self.headers[b].covers(g, self.columns),
            Item::Channel => false,
            Item::Row(r) => self.rows[r].iter().any(|&(u, start)| {
                let unit = &self.units[u];
                let hub = start + unit.hub_offset();
                (!unit.left.is_empty() && g == hub) || (!unit.right.is_empty() && g == hub + 1)
            }),
        }
    }

    /// Adds a channel at the next ordinal.
    fn channel(&mut self, items: &mut Vec<Item>, base: f64) -> usize {
        self.channel_ord.push(items.len());
        items.push(Item::Channel);
        self.channel_base.push(base);
        self.channel_base.len() - 1
    }

    /// Whether a straight line down column `col` from row `a` to row `b` meets nothing: no node
    /// in the rows between, no band header over the column's centre.
    pub(super) fn column_clear(&self, col: usize, a: usize, b: usize) -> bool {
        let (lo, hi) = (a.min(b), a.max(b));
        let rows_clear = (lo + 1..hi).all(|r| {
            self.rows[r]
                .iter()
                .all(|&(u, start)| col < start || col >= start + self.units[u].width())
        });
        let headers_clear = self
            .band_rows
            .iter()
            .zip(&self.headers)
            .filter(|(rows, _)| lo < rows.start && rows.start <= hi)
            .all(|(_, header)| !header.covers_column(col, self.columns));
        rows_clear && headers_clear
    }

    /// Whether gutter `g` is open between channels `a` and `b`.
    pub(super) fn open(&self, g: usize, a: usize, b: usize) -> bool {
        let (x, y) = (self.channel_ord[a], self.channel_ord[b]);
        let (lo, hi) = (x.min(y), x.max(y));
        self.covered[g][hi] == self.covered[g][lo + 1]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Side {
    Top,
    Bottom,
    Left,
    Right,
}

/// One arrow, filled in pass by pass.
pub(super) struct Wire {
    /// Prerequisite (where the arrow starts) and topic (where it points).
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) exit: Side,
    pub(super) entry: Side,
    /// Channel of the first horizontal run; `None` for side-to-side neighbours and leaves.
    pub(super) first: Option<usize>,
    /// Lane in `first`; `None` when the arrow is a straight vertical line.
    pub(super) first_lane: Option<usize>,
    /// The gutter and second channel, when the rows are not adjacent.
    pub(super) via: Option<Via>,
    /// Port x on the prerequisite and on the topic (top and bottom sides).
    pub(super) start_x: f64,
    pub(super) end_x: f64,
    /// A hub's arrow to one of its leaves: the port's y on the hub's side (from the row's top)
    /// and the rank of its lane in the gutter, 0 nearest the hub (`None` when level with the
    /// leaf, a straight line).
    pub(super) bus: Option<(f64, Option<usize>)>,
    /// The channel at the topic's end of a straight line down (or up) one column across rows
    /// that are empty there; `None` for every other wire.
    pub(super) straight_to: Option<usize>,
}

/// The vertical run of a wire between two channels.
pub(super) struct Via {
    pub(super) gutter: usize,
    pub(super) channel: usize,
    /// Lane in the gutter and x of that lane.
    pub(super) lane: usize,
    pub(super) x: f64,
    /// Lane in `channel`.
    pub(super) channel_lane: usize,
}

//! The home-page roadmap: stages as horizontal bands read top to bottom, topics as a layered
//! drawing inside them, `requires` as orthogonal arrows that never cross a node.
//!
//! Layout runs in passes that each fix one thing (see each module): [`layout`] gives every
//! topic a row and column (hubs with their leaves as clusters, ranks by `requires`, order by
//! crossing reduction in [`order`]) on the [`grid`]; [`routing`] picks each arrow's channels,
//! gutter, lanes and ports; [`geometry`] turns labels into heights and rows into y positions;
//! [`drawing`] writes the SVG. Nothing depends on `requires` order or hash order, so the same
//! roadmap always gives the same bytes.

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
use grid::NODE_W;

pub(super) fn render(map: &Roadmap<'_>) -> String {
    let pairs = requires_pairs(map);
    let grid = layout::grid(map, &pairs);
    let labels: Vec<Vec<String>> = map
        .topics
        .iter()
        .enumerate()
        .map(|(t, topic)| match grid.cell[t] {
            Some(_) => label(topic.title, NODE_W),
            None => Vec::new(),
        })
        .collect();
    let lines: Vec<usize> = labels.iter().map(Vec::len).collect();
    let heights = Heights::new(&grid, &lines);
    let mut wires: Vec<_> = pairs
        .iter()
        .filter_map(|&(topic, prerequisite)| routing::route(&grid, &heights, prerequisite, topic))
        .collect();
    let columns = routing::Columns::new(&grid, &mut wires);
    routing::place_ports(&grid, &columns, &mut wires);
    let channel_lanes = routing::channel_lanes(&grid, &mut wires);
    let rows = Rows::new(&grid, &heights, &channel_lanes);
    drawing::write(
        map,
        &Drawn {
            grid: &grid,
            columns: &columns,
            heights: &heights,
            rows: &rows,
            wires: &wires,
            labels: &labels,
            pairs: &pairs,
        },
    )
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

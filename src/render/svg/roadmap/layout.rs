//! Step 1 of the roadmap: which row and column every topic takes.
//!
//! 1. Units: a topic whose only arrow is the one from its single prerequisite in the same band
//!    (a *leaf*) is stacked beside that prerequisite (its *hub*), half on the left, half on the
//!    right, so a hub's dependents read as one cluster around it (from two leaves on).
//! 2. Ranks: inside each band a unit goes one rank below the lowest of its prerequisites in the
//!    band (longest path), so `requires` reads top to bottom.
//! 3. Order and columns ([`super::order`]): crossings reduced, each unit under or over its
//!    neighbours, ranks wider than the grid cut into several rows.

use super::super::model::Roadmap;
use super::grid::{Grid, MAX_COLUMNS, MIN_COLUMNS, Unit};
use super::order::{self, Problem};

/// Scores a candidate grid: lower is better.
pub(super) type Judge<'a> = &'a mut dyn FnMut(&Grid) -> f64;

/// Fewest leaves a hub gathers beside it.
const MIN_LEAVES: usize = 2;

/// Places every drawn topic; `pairs` are the valid `(topic, prerequisite)` pairs. `judge`, when
/// given, picks among candidate orders by the drawing they give.
pub(super) fn grid(map: &Roadmap<'_>, pairs: &[(usize, usize)], judge: Option<Judge<'_>>) -> Grid {
    let n = map.topics.len();
    let mut band_of: Vec<Option<usize>> = vec![None; n];
    let mut members: Vec<Vec<usize>> = Vec::with_capacity(map.stages.len());
    for (b, band) in map.stages.iter().enumerate() {
        let mut list = Vec::with_capacity(band.topics.len());
        for &t in &band.topics {
            if t < n && band_of[t].is_none() {
                band_of[t] = Some(b);
                list.push(t);
            }
        }
        members.push(list);
    }
    let drawn: Vec<(usize, usize)> = pairs
        .iter()
        .copied()
        .filter(|&(t, p)| band_of[t].is_some() && band_of[p].is_some())
        .collect();
    let units_by_band = units(&members, &band_of, &drawn, n);
    let mut units: Vec<Unit> = Vec::new();
    let mut unit_of = vec![usize::MAX; n];
    let mut band_units: Vec<Vec<usize>> = Vec::with_capacity(members.len());
    for list in units_by_band {
        let mut ids = Vec::with_capacity(list.len());
        for unit in list {
            let u = units.len();
            for &t in std::iter::once(&unit.hub).chain(&unit.left).chain(&unit.right) {
                unit_of[t] = u;
            }
            ids.push(u);
            units.push(unit);
        }
        band_units.push(ids);
    }
    let mut edges: Vec<(usize, usize)> = drawn
        .iter()
        .map(|&(t, p)| (unit_of[p], unit_of[t]))
        .filter(|(a, b)| a != b)
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let band_ranks: Vec<Vec<Vec<usize>>> = band_units.iter().map(|ids| ranks(ids, &edges, units.len())).collect();
    let widest = band_ranks
        .iter()
        .flatten()
        .map(|rank| rank.iter().map(|&u| units[u].width()).sum::<usize>())
        .max()
        .unwrap_or(0);
    let columns = widest.clamp(MIN_COLUMNS, MAX_COLUMNS);
    let problem = Problem {
        ranks: band_ranks.iter().flatten().cloned().collect(),
        width: units.iter().map(Unit::width).collect(),
        hub: units.iter().map(Unit::hub_offset).collect(),
        edges,
        columns,
    };
    let build = |placed: order::Placement, units: Vec<Unit>| {
        let mut placed = placed.into_iter();
        let by_band: Vec<Vec<Vec<(usize, usize)>>> = band_ranks
            .iter()
            .map(|ranks| placed.by_ref().take(ranks.len()).flatten().collect())
            .collect();
        Grid::new(&map.stages, map.parallel_label, n, units, by_band, columns)
    };
    let placed = match judge {
        Some(judge) => {
            let mut score = |placed: &order::Placement| judge(&build(placed.clone(), units.clone()));
            order::solve(&problem, Some(&mut score))
        }
        None => order::solve(&problem, None),
    };
    build(placed, units)
}

/// Each band's units in band order: leaves join their hub, every other topic is a unit alone.
fn units(members: &[Vec<usize>], band_of: &[Option<usize>], pairs: &[(usize, usize)], n: usize) -> Vec<Vec<Unit>> {
    let mut prerequisites: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut dependents = vec![0usize; n];
    for &(t, p) in pairs {
        prerequisites[t].push(p);
        dependents[p] += 1;
    }
    let hub_of = |t: usize| match prerequisites[t].as_slice() {
        [p] if dependents[t] == 0 && band_of[*p] == band_of[t] => Some(*p),
        _ => None,
    };
    let mut leaves: Vec<Vec<usize>> = vec![Vec::new(); n];
    for list in members {
        for &t in list {
            if let Some(h) = hub_of(t) {
                leaves[h].push(t);
            }
        }
    }
    // A lone leaf stays in the rank below its hub: a chain's last link then continues the
    // chain's straight column instead of turning aside.
    for list in &mut leaves {
        if list.len() < MIN_LEAVES {
            list.clear();
        }
    }
    let clustered = |t: usize| hub_of(t).is_some_and(|h| !leaves[h].is_empty());
    let clustered: Vec<bool> = (0..n).map(clustered).collect();
    members
        .iter()
        .map(|list| {
            list.iter()
                .filter(|&&t| !clustered[t])
                .map(|&t| {
                    let mut left = std::mem::take(&mut leaves[t]);
                    let right = left.split_off(left.len() / 2);
                    Unit { hub: t, left, right }
                })
                .collect()
        })
        .collect()
}

/// A band's units by rank: one below the lowest of their prerequisites in the band.
fn ranks(ids: &[usize], edges: &[(usize, usize)], units: usize) -> Vec<Vec<usize>> {
    let mut in_band = vec![false; units];
    for &u in ids {
        in_band[u] = true;
    }
    let mut prerequisites: Vec<Vec<usize>> = vec![Vec::new(); units];
    let mut waiting = vec![0usize; units];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); units];
    for &(a, b) in edges {
        if in_band[a] && in_band[b] {
            prerequisites[b].push(a);
            dependents[a].push(b);
            waiting[b] += 1;
        }
    }
    // Kahn's algorithm, in band order among the ready; a unit left over (there is no cycle in
    // `requires`, but the drawing must not trust that) takes rank 0.
    let mut rank = vec![0usize; units];
    let mut done = vec![false; units];
    let mut progress = true;
    while progress {
        progress = false;
        for &u in ids {
            if done[u] || waiting[u] > 0 {
                continue;
            }
            done[u] = true;
            progress = true;
            rank[u] = prerequisites[u].iter().map(|&p| rank[p] + 1).max().unwrap_or(0);
            for &d in &dependents[u] {
                waiting[d] -= 1;
            }
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &u in ids {
        let r = if done[u] { rank[u] } else { 0 };
        if out.len() <= r {
            out.resize(r + 1, Vec::new());
        }
        out[r].push(u);
    }
    out
}

//! Crossing reduction: the order of the vertices within each rank, by barycentre sweeps down
//! and up with adjacent transposition, keeping the best order seen. Ties keep the current
//! order, which starts as source order, so the result is deterministic.

use super::rank::Layered;

/// Sweeps (down and up count one each).
const SWEEPS: usize = 8;

/// The vertices of each rank, left to right.
pub fn order(g: &Layered) -> Vec<Vec<usize>> {
    let (up, down) = neighbours(g);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); g.ranks];
    for (v, vertex) in g.vertices.iter().enumerate() {
        layers[vertex.rank].push(v);
    }
    let mut pos = positions(g, &layers);
    let mut best = (crossings(&layers, &down, &pos), layers.clone());
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let ranks: Vec<usize> = if downward {
            (1..g.ranks).collect()
        } else {
            (0..g.ranks.saturating_sub(1)).rev().collect()
        };
        for r in ranks {
            let fixed = if downward { &up } else { &down };
            sort_by_barycentre(&mut layers[r], fixed, &pos);
            for (i, &v) in layers[r].iter().enumerate() {
                pos[v] = i;
            }
        }
        transpose(&mut layers, &up, &down, &mut pos);
        let c = crossings(&layers, &down, &pos);
        if c < best.0 {
            best = (c, layers.clone());
        }
        if best.0 == 0 {
            break;
        }
    }
    best.1
}

/// Each vertex's neighbours in the rank above and in the rank below.
pub fn neighbours(g: &Layered) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut up = vec![Vec::new(); g.vertices.len()];
    let mut down = vec![Vec::new(); g.vertices.len()];
    for chain in &g.chains {
        for pair in chain.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
    }
    (up, down)
}

fn positions(g: &Layered, layers: &[Vec<usize>]) -> Vec<usize> {
    let mut pos = vec![0; g.vertices.len()];
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    pos
}

/// Sorts a rank by the mean position of each vertex's neighbours in the fixed rank; a vertex
/// without any keeps its place (the sort is stable, and its key is its own position).
fn sort_by_barycentre(layer: &mut [usize], fixed: &[Vec<usize>], pos: &[usize]) {
    let key = |v: usize| -> f64 {
        let ns = &fixed[v];
        if ns.is_empty() {
            pos[v] as f64
        } else {
            ns.iter().map(|&n| pos[n] as f64).sum::<f64>() / ns.len() as f64
        }
    };
    let mut keyed: Vec<(f64, usize, usize)> = layer.iter().map(|&v| (key(v), pos[v], v)).collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (slot, (_, _, v)) in layer.iter_mut().zip(keyed) {
        *slot = v;
    }
}

/// Swaps neighbours in a rank while that removes crossings with the ranks on both sides.
fn transpose(layers: &mut [Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>], pos: &mut [usize]) {
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < 4 {
        improved = false;
        rounds += 1;
        for layer in layers.iter_mut() {
            for i in 1..layer.len() {
                let (a, b) = (layer[i - 1], layer[i]);
                let now = pair_crossings(a, b, up, pos) + pair_crossings(a, b, down, pos);
                let swapped = pair_crossings(b, a, up, pos) + pair_crossings(b, a, down, pos);
                if swapped < now {
                    layer.swap(i - 1, i);
                    pos[a] = i;
                    pos[b] = i - 1;
                    improved = true;
                }
            }
        }
    }
}

/// Crossings between the edges of `a` and those of `b` (with `a` left of `b`) towards one side.
fn pair_crossings(a: usize, b: usize, side: &[Vec<usize>], pos: &[usize]) -> usize {
    side[a]
        .iter()
        .map(|&x| side[b].iter().filter(|&&y| pos[y] < pos[x]).count())
        .sum()
}

/// Edge crossings of the whole layering.
pub fn crossings(layers: &[Vec<usize>], down: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    for layer in layers {
        let edges: Vec<(usize, usize)> = layer
            .iter()
            .flat_map(|&v| down[v].iter().map(move |&w| (pos[v], pos[w])))
            .collect();
        for (i, &(a1, b1)) in edges.iter().enumerate() {
            total += edges[i + 1..]
                .iter()
                .filter(|&&(a2, b2)| (a1 < a2 && b1 > b2) || (a1 > a2 && b1 < b2))
                .count();
        }
    }
    total
}

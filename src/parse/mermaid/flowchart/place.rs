//! Coordinates in top-down space: y from the ranks' heights, x by aligning each vertex with
//! the median of its neighbours and then pushing the rank apart to the minimum separation
//! (a weighted least-squares fit under the separation constraints, by pool-adjacent-violators).

use super::rank::{Kind, Layered};

/// Room between two nodes side by side, px (Mermaid's `nodeSpacing`).
pub const NODE_SEP: f64 = 50.0;
/// Room between an edge's bend or label and its neighbours, px.
const EDGE_SEP: f64 = 20.0;
/// Room between two node ranks, px (Mermaid's `rankSpacing`); a label rank between them
/// takes its half on each side.
pub const RANK_SEP: f64 = 50.0;
/// Alignment passes (down and up alternate).
const PASSES: usize = 8;

/// Centres of every vertex, top-down space; the drawing starts at 0, 0.
pub fn place(g: &Layered, layers: &[Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>]) -> Vec<(f64, f64)> {
    let mut x = vec![0.0; g.vertices.len()];
    for layer in layers {
        fit(g, layer, &layer.iter().map(|_| 0.0).collect::<Vec<_>>(), &mut x);
    }
    for pass in 0..PASSES {
        let downward = pass % 2 == 0;
        let ranks: Vec<usize> = if downward {
            (0..layers.len()).collect()
        } else {
            (0..layers.len()).rev().collect()
        };
        for r in ranks {
            // Late passes look both ways, so a node between two others settles between them.
            let side = |v: usize| -> Vec<usize> {
                match (downward, pass >= PASSES / 2) {
                    (_, true) => up[v].iter().chain(&down[v]).copied().collect(),
                    (true, false) => up[v].clone(),
                    (false, false) => down[v].clone(),
                }
            };
            let want: Vec<f64> = layers[r]
                .iter()
                .map(|&v| median(&side(v), &x).unwrap_or(x[v]))
                .collect();
            fit(g, &layers[r], &want, &mut x);
        }
    }
    let left = (0..x.len())
        .map(|v| x[v] - g.vertices[v].w / 2.0)
        .fold(f64::INFINITY, f64::min);
    let y = rank_ys(g, layers);
    (0..x.len()).map(|v| (x[v] - left, y[g.vertices[v].rank])).collect()
}

/// The centre line of each rank: ranks as tall as their tallest vertex, half a rank
/// spacing between neighbours.
fn rank_ys(g: &Layered, layers: &[Vec<usize>]) -> Vec<f64> {
    let heights: Vec<f64> = layers
        .iter()
        .map(|l| l.iter().map(|&v| g.vertices[v].h).fold(0.0, f64::max))
        .collect();
    let mut ys = Vec::with_capacity(heights.len());
    let mut at = 0.0;
    for (r, h) in heights.iter().enumerate() {
        if r > 0 {
            at += heights[r - 1] / 2.0 + RANK_SEP / 2.0 + h / 2.0;
        } else {
            at = h / 2.0;
        }
        ys.push(at);
    }
    ys
}

fn median(of: &[usize], x: &[f64]) -> Option<f64> {
    if of.is_empty() {
        return None;
    }
    let mut xs: Vec<f64> = of.iter().map(|&v| x[v]).collect();
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    Some(if xs.len() % 2 == 1 {
        xs[m]
    } else {
        (xs[m - 1] + xs[m]) / 2.0
    })
}

/// The minimum distance between the centres of two neighbours in a rank.
fn separation(g: &Layered, a: usize, b: usize) -> f64 {
    let room = |v: usize| match g.vertices[v].kind {
        Kind::Node(_) => NODE_SEP,
        Kind::Label(_) | Kind::Dummy => EDGE_SEP,
    };
    (g.vertices[a].w + g.vertices[b].w) / 2.0 + (room(a) + room(b)) / 2.0
}

/// Sets the x of a rank's vertices as near `want` as the separations allow (least squares;
/// bends of long edges weigh more, so long edges stay straight).
fn fit(g: &Layered, layer: &[usize], want: &[f64], x: &mut [f64]) {
    let mut offset = Vec::with_capacity(layer.len());
    let mut at = 0.0;
    for (i, &v) in layer.iter().enumerate() {
        if i > 0 {
            at += separation(g, layer[i - 1], v);
        }
        offset.push(at);
    }
    // Blocks of (weighted sum, weight, count): pool adjacent violators.
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (i, &v) in layer.iter().enumerate() {
        let w = if g.vertices[v].kind == Kind::Dummy { 4.0 } else { 1.0 };
        blocks.push((w * (want[i] - offset[i]), w, 1));
        while blocks.len() > 1 {
            let (s2, w2, n2) = blocks[blocks.len() - 1];
            let (s1, w1, n1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            *blocks.last_mut().unwrap() = (s1 + s2, w1 + w2, n1 + n2);
        }
    }
    let mut i = 0;
    for (s, w, n) in blocks {
        for _ in 0..n {
            x[layer[i]] = s / w + offset[i];
            i += 1;
        }
    }
}

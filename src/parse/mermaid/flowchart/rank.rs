//! Cycle removal and ranks, and the layered graph: every edge a chain of vertices one rank
//! apart, with dummies on long edges and a dummy the size of its label (dagre's trick: ranks
//! are doubled, so node ranks are even and labels sit on the odd ranks between them).

use super::model::Chart;

/// What a vertex of the layered graph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A node of the chart (its index).
    Node(usize),
    /// The label of an edge (its index).
    Label(usize),
    /// A bend of a long edge.
    Dummy,
}

/// A vertex: its kind, rank and size in top-down space (width across ranks).
#[derive(Debug, Clone)]
pub struct Vertex {
    pub kind: Kind,
    pub rank: usize,
    pub w: f64,
    pub h: f64,
}

/// The layered graph.
#[derive(Debug, Clone)]
pub struct Layered {
    pub vertices: Vec<Vertex>,
    /// Per edge of the chart, its vertices from the upper rank down.
    pub chains: Vec<Vec<usize>>,
    /// Per edge, whether it points up (a cycle's back edge, drawn reversed).
    pub reversed: Vec<bool>,
    /// Number of ranks.
    pub ranks: usize,
}

/// Lays `chart` out in ranks. `across` swaps a node's width and height (left-right charts are
/// laid out top-down and turned).
pub fn layered(chart: &Chart, across: bool) -> Layered {
    let n = chart.nodes.len();
    let pairs: Vec<(usize, usize)> = chart.edges.iter().map(|e| (e.from, e.to)).collect();
    let reversed = back_edges(n, &pairs);
    let dag: Vec<(usize, usize)> = pairs
        .iter()
        .zip(&reversed)
        .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();
    let rank = ranks(n, &dag);
    let size = |w: f64, h: f64| if across { (h, w) } else { (w, h) };
    let mut vertices: Vec<Vertex> = chart
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let (w, h) = size(node.w, node.h);
            Vertex {
                kind: Kind::Node(i),
                rank: rank[i],
                w,
                h,
            }
        })
        .collect();
    let mut chains = Vec::with_capacity(dag.len());
    for (e, &(a, b)) in dag.iter().enumerate() {
        let (top, bottom) = (rank[a], rank[b]);
        let has_label = !chart.edges[e].lines.is_empty();
        // The odd rank nearest the middle of the edge.
        let label_rank = (top + (bottom - top) / 2) | 1;
        let mut chain = vec![a];
        for r in top + 1..bottom {
            let (kind, (w, h)) = if has_label && r == label_rank {
                (Kind::Label(e), size(chart.edges[e].label_w, chart.edges[e].label_h))
            } else {
                (Kind::Dummy, (0.0, 0.0))
            };
            chain.push(vertices.len());
            vertices.push(Vertex { kind, rank: r, w, h });
        }
        chain.push(b);
        chains.push(chain);
    }
    let ranks = vertices.iter().map(|v| v.rank + 1).max().unwrap_or(0);
    Layered {
        vertices,
        chains,
        reversed,
        ranks,
    }
}

/// Which edges close a cycle: the back edges of a depth-first search that starts at the nodes
/// in source order and follows edges in source order. Reversing them leaves a DAG.
pub fn back_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, &(a, _)) in edges.iter().enumerate() {
        out_edges[a].push(e);
    }
    // 0 unseen, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&e) = out_edges[v].get(*next) {
                *next += 1;
                let w = edges[e].1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// Ranks of a DAG's nodes, even numbers: the longest path from a source (every edge at least
/// two ranks long), then each source moved down to just above its nearest successor so it
/// does not hang at the top on a long edge.
pub fn ranks(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let order = topological(n, dag);
    let mut rank = vec![0usize; n];
    for &v in &order {
        for &(a, b) in dag.iter().filter(|&&(a, _)| a == v) {
            rank[b] = rank[b].max(rank[a] + 2);
        }
    }
    let has_in: Vec<bool> = (0..n).map(|v| dag.iter().any(|&(_, b)| b == v)).collect();
    for &v in order.iter().rev().filter(|&&v| !has_in[v]) {
        if let Some(lowest) = dag.iter().filter(|&&(a, _)| a == v).map(|&(_, b)| rank[b]).min() {
            rank[v] = lowest - 2;
        }
    }
    rank
}

/// The nodes in an order where every edge goes forward (Kahn's, ties in source order).
fn topological(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    for &(_, b) in dag {
        indegree[b] += 1;
    }
    let mut ready: std::collections::BTreeSet<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(v) = ready.pop_first() {
        order.push(v);
        for &(_, b) in dag.iter().filter(|&&(a, _)| a == v) {
            indegree[b] -= 1;
            if indegree[b] == 0 {
                ready.insert(b);
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_loses_its_closing_edge() {
        assert_eq!(back_edges(3, &[(0, 1), (1, 2), (2, 0)]), [false, false, true]);
        assert_eq!(back_edges(2, &[(0, 1)]), [false]);
    }

    #[test]
    fn ranks_follow_the_longest_path() {
        // 0 → 1 → 2 and 0 → 2: 2 is below 1; 3 → 2 sits just above 2.
        assert_eq!(ranks(4, &[(0, 1), (1, 2), (0, 2), (3, 2)]), [0, 2, 4, 2]);
    }
}

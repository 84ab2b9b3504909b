//! Orderings over the `requires` relation: cycles (Tarjan's strongly connected components) and
//! a stable topological order (Kahn's algorithm with a priority key).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Strongly connected components of a graph given as adjacency lists, in reverse topological
/// order (Tarjan). Components of one node without a self-loop are acyclic.
pub fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        adjacency: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    // Iterative, so a long chain of prerequisites cannot overflow the call stack.
    fn visit(s: &mut State<'_>, root: usize) {
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        s.index[root] = Some(s.next);
        s.low[root] = s.next;
        s.next += 1;
        s.stack.push(root);
        s.on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if let Some(&w) = s.adjacency[v].get(*edge) {
                *edge += 1;
                match s.index[w] {
                    None => {
                        s.index[w] = Some(s.next);
                        s.low[w] = s.next;
                        s.next += 1;
                        s.stack.push(w);
                        s.on_stack[w] = true;
                        work.push((w, 0));
                    }
                    Some(wi) if s.on_stack[w] => s.low[v] = s.low[v].min(wi),
                    Some(_) => {}
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    s.low[parent] = s.low[parent].min(s.low[v]);
                }
                if Some(s.low[v]) == s.index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = s.stack.pop() {
                        s.on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    s.out.push(component);
                }
            }
        }
    }
    let n = adjacency.len();
    let mut state = State {
        adjacency,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if state.index[v].is_none() {
            visit(&mut state, v);
        }
    }
    state.out
}

/// One cycle through `start` that stays inside `component`: `[start, a, b]` means
/// start → a → b → start.
pub fn cycle_in(adjacency: &[Vec<usize>], component: &[usize], start: usize) -> Vec<usize> {
    let inside = |v: &usize| component.contains(v);
    // Breadth-first search for the shortest way back to `start`.
    let mut previous: Vec<Option<usize>> = vec![None; adjacency.len()];
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = vec![false; adjacency.len()];
    seen[start] = true;
    while let Some(v) = queue.pop_front() {
        for &w in adjacency[v].iter().filter(|w| inside(w)) {
            if w == start {
                let mut path = vec![v];
                let mut cur = v;
                while let Some(p) = previous[cur] {
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                if path[0] != start {
                    path.insert(0, start);
                }
                path.dedup();
                return path;
            }
            if !seen[w] {
                seen[w] = true;
                previous[w] = Some(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

/// A topological order of the nodes where every node comes after all its `prerequisites`
/// (edges point from a node to what it requires); among the nodes available at each step, the
/// smallest `key` goes first, which makes the order stable. Nodes on cycles are left out.
pub fn topological<K: Ord + Clone>(prerequisites: &[Vec<usize>], key: impl Fn(usize) -> K) -> Vec<usize> {
    let n = prerequisites.len();
    let mut remaining: Vec<usize> = prerequisites.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (v, reqs) in prerequisites.iter().enumerate() {
        for &r in reqs {
            dependents[r].push(v);
        }
    }
    let mut ready: BinaryHeap<Reverse<(K, usize)>> = (0..n)
        .filter(|&v| remaining[v] == 0)
        .map(|v| Reverse((key(v), v)))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse((_, v))) = ready.pop() {
        order.push(v);
        for &d in &dependents[v] {
            remaining[d] -= 1;
            if remaining[d] == 0 {
                ready.push(Reverse((key(d), d)));
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_whole_cycle() {
        // 0 → 1 → 2 → 0, 3 → 0
        let adj = vec![vec![1], vec![2], vec![0], vec![0]];
        let sccs = strongly_connected(&adj);
        let cyclic: Vec<&Vec<usize>> = sccs.iter().filter(|c| c.len() > 1).collect();
        assert_eq!(cyclic.len(), 1);
        let mut c = cyclic[0].clone();
        c.sort();
        assert_eq!(c, vec![0, 1, 2]);
        assert_eq!(cycle_in(&adj, cyclic[0], 0), vec![0, 1, 2]);
    }

    #[test]
    fn self_loops_are_cycles_of_one() {
        let adj = vec![vec![0]];
        assert_eq!(cycle_in(&adj, &[0], 0), vec![0]);
    }

    #[test]
    fn topological_order_respects_prerequisites_then_key() {
        // 2 requires 0; 1 requires nothing; keys make 1 < 0 < 2 among ready ones.
        let reqs = vec![vec![], vec![], vec![0]];
        let key = |v: usize| [1, 0, 2][v];
        assert_eq!(topological(&reqs, key), vec![1, 0, 2]);
        // With 0 requiring 2, 2 must come first whatever the key.
        let reqs = vec![vec![2], vec![], vec![]];
        assert_eq!(topological(&reqs, |v| v), vec![1, 2, 0]);
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let n = 200_000;
        let adj: Vec<Vec<usize>> = (0..n).map(|v| if v + 1 < n { vec![v + 1] } else { vec![] }).collect();
        assert_eq!(strongly_connected(&adj).len(), n);
    }
}

//! The topic graph (SPEC §5): front-matter references resolved and checked ([`edges`]),
//! `requires` cycles reported whole ([`checks`]), topics put in learning order ([`order`]),
//! and every relation a template shows derived once, immutably ([`relations`]).

mod checks;
pub mod edges;
pub mod export;
pub mod order;
pub mod relations;

use std::collections::HashSet;
use std::sync::Arc;

use crate::content::{Document, IdRef, Kind};
use crate::diagnostics::Diagnostic;
use crate::parse::OutLink;
use crate::resolve::SiteIndex;
pub use edges::{Edge, EdgeKind};
pub use relations::Relations;

/// The checked graph of a site.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Every edge, sorted.
    pub edges: Vec<Edge>,
    /// Derived relations, one per document.
    pub relations: Vec<Relations>,
    /// Stages in roadmap order (`order`, then id).
    pub stages: Vec<usize>,
    /// Every topic in learning order.
    pub learning_order: Vec<usize>,
    /// Position of each document in `learning_order` (`usize::MAX` for non-topics).
    pub rank: Vec<usize>,
}

impl Graph {
    /// Builds the graph of `docs` (published, in index order) with each document's body links,
    /// reporting unknown references, cycles and isolated topics into `problems`.
    pub fn build(
        docs: &[Arc<Document>],
        index: &SiteIndex,
        body_links: &[Vec<OutLink>],
        problems: &mut Vec<Diagnostic>,
    ) -> Graph {
        let found = edges::collect(docs, index, body_links, problems);
        let stages = sorted_stages(docs);
        let (learning_order, rank) = learning_order(docs, &found, &stages, problems);
        let relations = relations::derive(docs, &found.edges, found.stage, (&learning_order, &rank));
        checks::warn_isolated(docs, &found.edges, &relations, problems);
        Graph {
            edges: found.edges.into_iter().collect(),
            relations,
            stages,
            learning_order,
            rank,
        }
    }

    /// The learning path to topic `i`: its transitive prerequisites in learning order. Computed
    /// on demand: on a large graph the paths of all topics together are quadratic in size.
    pub fn learning_path(&self, i: usize) -> Vec<usize> {
        // Visited topics are bits by learning-order rank, so reading the bits in order gives
        // the path in learning order without sorting it: paths can hold thousands of topics
        // and every topic page asks for its own. Documents outside the learning order (none
        // in a site that builds) follow, by index.
        let mut seen = vec![0u64; self.learning_order.len().div_ceil(64)];
        let mut unranked: Vec<usize> = Vec::new();
        let mut visit = |d: usize| match self.rank.get(d).copied().filter(|&r| r != usize::MAX) {
            Some(r) => {
                let (word, bit) = (r / 64, 1u64 << (r % 64));
                let new = seen[word] & bit == 0;
                seen[word] |= bit;
                new
            }
            None if unranked.contains(&d) => false,
            None => {
                unranked.push(d);
                true
            }
        };
        // Breadth first; a topic is queued once however many of the path's topics require it.
        visit(i);
        let mut queue = vec![i];
        let mut next = 0;
        while let Some(&from) = queue.get(next) {
            next += 1;
            for &p in &self.relations[from].prerequisites {
                if visit(p) {
                    queue.push(p);
                }
            }
        }
        let mut path = Vec::with_capacity(queue.len() - 1);
        for (w, &word) in seen.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let topic = self.learning_order[w * 64 + bits.trailing_zeros() as usize];
                bits &= bits - 1;
                if topic != i {
                    path.push(topic);
                }
            }
        }
        unranked.retain(|&d| d != i);
        unranked.sort_unstable();
        path.extend(unranked);
        path
    }

    /// The relations of document `i`.
    pub fn of(&self, i: usize) -> &Relations {
        &self.relations[i]
    }
}

/// Every topic in learning order — prerequisites first, then by stage, `order` and id — and
/// each document's position in it (`usize::MAX` for non-topics). `requires` cycles are
/// reported and cut.
fn learning_order(
    docs: &[Arc<Document>],
    found: &edges::Collected,
    stages: &[usize],
    problems: &mut Vec<Diagnostic>,
) -> (Vec<usize>, Vec<usize>) {
    let requires: &[Vec<(usize, IdRef)>] = &found.requires;
    let adjacency: Vec<Vec<usize>> = requires.iter().map(|r| r.iter().map(|(to, _)| *to).collect()).collect();
    let on_cycle: HashSet<usize> = checks::report_cycles(docs, &adjacency, requires, problems);
    let stage_rank = |i: usize| -> i64 {
        found.stage[i]
            .and_then(|s| stages.iter().position(|&x| x == s))
            .map_or(i64::MAX, |p| p as i64)
    };
    let topic_key = |i: usize| {
        (
            stage_rank(i),
            docs[i].topic().and_then(|t| t.order).unwrap_or(i64::MAX),
            docs[i].id.clone(),
        )
    };
    let prerequisites: Vec<Vec<usize>> = (0..docs.len())
        .map(|i| {
            if on_cycle.contains(&i) {
                Vec::new()
            } else {
                adjacency[i].iter().copied().filter(|t| !on_cycle.contains(t)).collect()
            }
        })
        .collect();
    let learning_order: Vec<usize> = order::topological(&prerequisites, topic_key)
        .into_iter()
        .filter(|&i| docs[i].kind == Kind::Topic)
        .collect();
    let mut rank = vec![usize::MAX; docs.len()];
    for (r, &i) in learning_order.iter().enumerate() {
        rank[i] = r;
    }
    (learning_order, rank)
}

/// Stages sorted by `order`, then id.
fn sorted_stages(docs: &[Arc<Document>]) -> Vec<usize> {
    let mut stages: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].kind == Kind::Stage).collect();
    stages.sort_by(|&a, &b| {
        let key = |i: usize| (docs[i].stage().map_or(0, |s| s.order), &docs[i].id);
        key(a).cmp(&key(b))
    });
    stages
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The learning path the slow way: every transitive prerequisite, sorted by rank.
    fn naive_path(graph: &Graph, i: usize) -> Vec<usize> {
        let mut found = std::collections::BTreeSet::new();
        let mut stack = vec![i];
        while let Some(d) = stack.pop() {
            for &p in &graph.relations[d].prerequisites {
                if p != i && found.insert(p) {
                    stack.push(p);
                }
            }
        }
        let mut path: Vec<usize> = found.into_iter().collect();
        path.sort_by_key(|&p| (graph.rank[p], p));
        path
    }

    #[test]
    fn learning_paths_are_transitive_prerequisites_in_learning_order() {
        // 200 topics (four words of rank bits) in a scrambled learning order, each requiring a
        // few earlier ones, plus one prerequisite outside the learning order.
        let n = 201;
        let learning_order: Vec<usize> = (0..200).map(|k| (k * 37) % 200).collect();
        let mut rank = vec![usize::MAX; n];
        for (r, &d) in learning_order.iter().enumerate() {
            rank[d] = r;
        }
        let mut relations = vec![Relations::default(); n];
        for (r, &d) in learning_order.iter().enumerate() {
            let backs = [(1, r % 10 != 0), (7, r % 2 == 0), (64, r % 3 == 0), (130, true)];
            relations[d].prerequisites = backs
                .iter()
                .filter(|&&(back, keep)| keep && back <= r)
                .map(|&(back, _)| learning_order[r - back])
                .collect();
        }
        relations[learning_order[199]].prerequisites.push(200);
        let graph = Graph {
            relations,
            learning_order,
            rank,
            ..Graph::default()
        };
        let mut long = 0;
        for i in 0..200 {
            let path = graph.learning_path(i);
            assert_eq!(path, naive_path(&graph, i), "topic {i}");
            long = long.max(path.len());
        }
        assert!(long > 100, "the paths cross words of the bit set");
        assert_eq!(graph.learning_path(graph.learning_order[199]).last(), Some(&200));
    }
}

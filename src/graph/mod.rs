//! The topic graph (SPEC §5): front-matter references resolved and checked, `requires` cycles
//! reported whole, and every relation a template shows derived once, immutably.

pub mod export;
pub mod order;

use std::collections::{BTreeSet, HashSet};

use std::sync::Arc;

use crate::content::{Document, IdRef, Kind, Meta};
use crate::diagnostics::{Diagnostic, nearest};
use crate::parse::OutLink;
use crate::resolve::{Lookup, SiteIndex};

/// The kind of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    /// A topic belongs to a stage (topic → stage), or a project does.
    Stage,
    /// A topic must be learned after another (topic → prerequisite).
    Requires,
    /// Two topics are worth reading together (stored once per direction written).
    Related,
    /// A topic recommends a book (topic → book).
    Books,
    /// A project, book or post covers a topic (→ topic).
    Topics,
    /// A body cross-link (page → page).
    Mentions,
}

/// An edge of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    /// Source document index.
    pub from: usize,
    /// Target document index.
    pub to: usize,
    /// What the edge means.
    pub kind: EdgeKind,
}

/// Relations derived for one document. All lists hold document indices.
#[derive(Debug, Clone, Default)]
pub struct Relations {
    /// The stage a topic or project belongs to.
    pub stage: Option<usize>,
    /// Topics this topic requires directly.
    pub prerequisites: Vec<usize>,
    /// Topics that require this one.
    pub unlocks: Vec<usize>,
    /// Related topics, both directions.
    pub related: Vec<usize>,
    /// Pages whose body links here.
    pub backlinks: Vec<usize>,
    /// Posts that list this topic, newest first.
    pub notes: Vec<usize>,
    /// Books on this topic.
    pub books: Vec<usize>,
    /// Projects that exercise this topic, or a stage's projects.
    pub projects: Vec<usize>,
    /// A book's, project's or post's topics; a stage's topics in learning order.
    pub topics: Vec<usize>,
    /// The topic before this one on the whole learning path.
    pub prev: Option<usize>,
    /// The topic after this one on the whole learning path.
    pub next: Option<usize>,
}

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
        let n = docs.len();
        let mut edges: BTreeSet<Edge> = BTreeSet::new();
        let mut requires: Vec<Vec<(usize, IdRef)>> = vec![Vec::new(); n];
        let mut rel: Vec<Relations> = vec![Relations::default(); n];

        for (from, doc) in docs.iter().enumerate() {
            let mut link =
                |r: &IdRef, kind: Kind, edge: EdgeKind, field: &str, problems: &mut Vec<Diagnostic>| -> Option<usize> {
                    let to = resolve(doc, r, kind, field, index, problems)?;
                    edges.insert(Edge { from, to, kind: edge });
                    Some(to)
                };
            match &doc.meta {
                Meta::Topic(t) => {
                    rel[from].stage = link(&t.stage, Kind::Stage, EdgeKind::Stage, "stage", problems);
                    for r in &t.requires {
                        if r.id == doc.id {
                            problems.push(
                                Diagnostic::error(format!("topic `{}` requires itself", doc.id))
                                    .with_label(&doc.source, r.span.clone(), "remove this")
                                    .with_help("`requires` lists the topics to learn before this one"),
                            );
                            continue;
                        }
                        if let Some(to) = link(r, Kind::Topic, EdgeKind::Requires, "requires", problems) {
                            requires[from].push((to, r.clone()));
                        }
                    }
                    for r in &t.related {
                        link(r, Kind::Topic, EdgeKind::Related, "related", problems);
                    }
                    for r in &t.books {
                        link(r, Kind::Book, EdgeKind::Books, "books", problems);
                    }
                }
                Meta::Project(p) => {
                    rel[from].stage = link(&p.stage, Kind::Stage, EdgeKind::Stage, "stage", problems);
                    for r in &p.topics {
                        link(r, Kind::Topic, EdgeKind::Topics, "topics", problems);
                    }
                }
                Meta::Book(b) => {
                    for r in &b.topics {
                        link(r, Kind::Topic, EdgeKind::Topics, "topics", problems);
                    }
                }
                Meta::Post(p) => {
                    for r in &p.topics {
                        link(r, Kind::Topic, EdgeKind::Topics, "topics", problems);
                    }
                }
                Meta::Stage(_) | Meta::Page(_) => {}
            }
            for l in &body_links[from] {
                if l.target != from {
                    edges.insert(Edge {
                        from,
                        to: l.target,
                        kind: EdgeKind::Mentions,
                    });
                }
            }
        }

        let adjacency: Vec<Vec<usize>> = requires.iter().map(|r| r.iter().map(|(to, _)| *to).collect()).collect();
        let on_cycle = report_cycles(docs, &adjacency, &requires, problems);

        let stages = sorted_stages(docs);
        let stage_rank = |i: usize| -> i64 {
            rel[i]
                .stage
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
        // Only topics take part in the learning order; cycles were reported and are cut here.
        let prerequisites: Vec<Vec<usize>> = (0..n)
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
        let rank_in_order = {
            let mut rank = vec![usize::MAX; n];
            for (r, &i) in learning_order.iter().enumerate() {
                rank[i] = r;
            }
            rank
        };

        for e in &edges {
            match e.kind {
                EdgeKind::Requires => {
                    rel[e.from].prerequisites.push(e.to);
                    rel[e.to].unlocks.push(e.from);
                }
                EdgeKind::Related => {
                    rel[e.from].related.push(e.to);
                    rel[e.to].related.push(e.from);
                }
                EdgeKind::Books => {
                    rel[e.from].books.push(e.to);
                    rel[e.to].topics.push(e.from);
                }
                EdgeKind::Topics => {
                    rel[e.from].topics.push(e.to);
                    match docs[e.from].kind {
                        Kind::Post => rel[e.to].notes.push(e.from),
                        Kind::Project => rel[e.to].projects.push(e.from),
                        Kind::Book => rel[e.to].books.push(e.from),
                        _ => {}
                    }
                }
                EdgeKind::Mentions => rel[e.to].backlinks.push(e.from),
                EdgeKind::Stage => match docs[e.from].kind {
                    Kind::Project => rel[e.to].projects.push(e.from),
                    _ => rel[e.to].topics.push(e.from),
                },
            }
        }

        let by_learning = |v: &mut Vec<usize>| {
            v.sort_unstable_by(|&a, &b| {
                (rank_in_order[a], docs[a].kind, &docs[a].id).cmp(&(rank_in_order[b], docs[b].kind, &docs[b].id))
            });
            v.dedup();
        };
        let by_title = |v: &mut Vec<usize>| {
            v.sort_by(|&a, &b| {
                (docs[a].kind, &docs[a].title, &docs[a].id).cmp(&(docs[b].kind, &docs[b].title, &docs[b].id))
            });
            v.dedup();
        };
        for r in rel.iter_mut() {
            by_learning(&mut r.prerequisites);
            by_learning(&mut r.unlocks);
            by_learning(&mut r.related);
            by_learning(&mut r.topics);
            by_title(&mut r.books);
            by_title(&mut r.projects);
            by_title(&mut r.backlinks);
            r.notes.sort_by(|&a, &b| {
                let date = |i: usize| docs[i].post().map(|p| p.date);
                date(b).cmp(&date(a)).then_with(|| docs[a].title.cmp(&docs[b].title))
            });
            r.notes.dedup();
        }

        for w in learning_order.windows(2) {
            rel[w[0]].next = Some(w[1]);
            rel[w[1]].prev = Some(w[0]);
        }

        warn_isolated(docs, &edges, &rel, problems);

        Graph {
            edges: edges.into_iter().collect(),
            relations: rel,
            stages,
            learning_order,
            rank: rank_in_order,
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

/// Stages sorted by `order`, then id.
fn sorted_stages(docs: &[Arc<Document>]) -> Vec<usize> {
    let mut stages: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].kind == Kind::Stage).collect();
    stages.sort_by(|&a, &b| {
        let key = |i: usize| (docs[i].stage().map_or(0, |s| s.order), &docs[i].id);
        key(a).cmp(&key(b))
    });
    stages
}

fn resolve(
    doc: &Document,
    r: &IdRef,
    kind: Kind,
    field: &str,
    index: &SiteIndex,
    problems: &mut Vec<Diagnostic>,
) -> Option<usize> {
    match index.lookup(Some(kind), &r.id) {
        Lookup::Found(i) => Some(i),
        Lookup::Draft => {
            problems.push(
                Diagnostic::error(format!("`{field}` refers to the draft `{}`", r.id))
                    .with_label(&doc.source, r.span.clone(), "a draft is not published")
                    .with_help("publish it or build with --drafts"),
            );
            None
        }
        _ => {
            let suggestions = nearest(&r.id, index.ids(Some(kind)), 3);
            problems.push(
                Diagnostic::error(format!("`{field}` refers to an unknown {} `{}`", kind.name(), r.id))
                    .with_label(&doc.source, r.span.clone(), format!("no {} has this id", kind.name()))
                    .with_suggestions(
                        &suggestions,
                        "",
                        format!("{} ids are the file names in content/{}/", kind.name(), kind.folder()),
                    ),
            );
            None
        }
    }
}

/// Reports every `requires` cycle once, as the whole cycle with each edge labelled; returns the
/// nodes on cycles.
fn report_cycles(
    docs: &[Arc<Document>],
    adjacency: &[Vec<usize>],
    requires: &[Vec<(usize, IdRef)>],
    problems: &mut Vec<Diagnostic>,
) -> HashSet<usize> {
    let mut on_cycle = HashSet::new();
    for component in order::strongly_connected(adjacency) {
        if component.len() < 2 {
            continue;
        }
        let start = *component.iter().min_by_key(|&&i| &docs[i].id).unwrap_or(&component[0]);
        let cycle = order::cycle_in(adjacency, &component, start);
        let names: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&start))
            .map(|&i| docs[i].id.as_str())
            .collect();
        let mut d = Diagnostic::error(format!("`requires` cycle: {}", names.join(" → ")));
        for (k, &from) in cycle.iter().enumerate() {
            let to = cycle[(k + 1) % cycle.len()];
            if let Some((_, r)) = requires[from].iter().find(|(t, _)| *t == to) {
                d = d.with_label(
                    &docs[from].source,
                    r.span.clone(),
                    format!("{} requires {}", docs[from].id, docs[to].id),
                );
            }
        }
        d = d.with_help("a topic cannot be a prerequisite of itself: remove one of these `requires` entries");
        problems.push(d);
        on_cycle.extend(component);
    }
    on_cycle
}

fn warn_isolated(docs: &[Arc<Document>], edges: &BTreeSet<Edge>, rel: &[Relations], problems: &mut Vec<Diagnostic>) {
    let mut touched = vec![false; docs.len()];
    for e in edges.iter().filter(|e| e.kind != EdgeKind::Stage) {
        touched[e.from] = true;
        touched[e.to] = true;
    }
    for (i, doc) in docs.iter().enumerate() {
        if doc.kind == Kind::Topic && !touched[i] {
            problems.push(
                Diagnostic::warning(format!(
                    "topic `{}` is isolated: nothing links to it and it links nowhere",
                    doc.id
                ))
                .with_label(&doc.source, 0..0, "this topic")
                .with_help("add `requires` or `related`, or link it from another page with [[…]]"),
            );
        }
        if doc.kind == Kind::Stage && rel[i].topics.is_empty() {
            problems.push(
                Diagnostic::warning(format!("stage `{}` has no topics", doc.id))
                    .with_label(&doc.source, 0..0, "this stage")
                    .with_help(format!("set `stage = \"{}\"` in some topics' front matter", doc.id)),
            );
        }
    }
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

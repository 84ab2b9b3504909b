//! The relations every page's template can reach, derived once from the edges: prerequisites
//! and what a topic unlocks, related topics both ways, backlinks, study notes, books, projects,
//! a stage's topics, and each list's order.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::edges::{Edge, EdgeKind};
use crate::content::{Document, Kind};

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

/// The relations of every document: `edges` distributed, each list sorted (topics by learning
/// order `rank`, books, projects and backlinks by title, notes newest first), and the
/// neighbours along `learning_order`.
pub(super) fn derive(
    docs: &[Arc<Document>],
    edges: &BTreeSet<Edge>,
    stage: Vec<Option<usize>>,
    (learning_order, rank): (&[usize], &[usize]),
) -> Vec<Relations> {
    let mut rel: Vec<Relations> = stage
        .into_iter()
        .map(|stage| Relations {
            stage,
            ..Relations::default()
        })
        .collect();
    for e in edges {
        distribute(docs, e, &mut rel);
    }
    let by_learning = |v: &mut Vec<usize>| {
        v.sort_unstable_by(|&a, &b| (rank[a], docs[a].kind, &docs[a].id).cmp(&(rank[b], docs[b].kind, &docs[b].id)));
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
    rel
}

/// Adds edge `e` to the relations of both its ends.
fn distribute(docs: &[Arc<Document>], e: &Edge, rel: &mut [Relations]) {
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

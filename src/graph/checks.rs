//! What the graph reports besides unknown ids: `requires` cycles (each whole, once) and
//! topics and stages that nothing connects.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use super::edges::{Edge, EdgeKind};
use super::order;
use super::relations::Relations;
use crate::content::{Document, IdRef, Kind};
use crate::diagnostics::Diagnostic;

/// Reports every `requires` cycle once, as the whole cycle with each edge labelled; returns the
/// nodes on cycles.
pub(super) fn report_cycles(
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

/// Warns of topics with no edge but their stage, and of stages without topics.
pub(super) fn warn_isolated(
    docs: &[Arc<Document>],
    edges: &BTreeSet<Edge>,
    rel: &[Relations],
    problems: &mut Vec<Diagnostic>,
) {
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

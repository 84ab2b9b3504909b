//! The graph's edges: every front-matter reference resolved and checked (an unknown or draft
//! id is an error at its span), and every body cross-link.

use std::collections::BTreeSet;
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

/// What the edge pass finds.
pub(super) struct Collected {
    /// Every edge.
    pub edges: BTreeSet<Edge>,
    /// Each document's resolved `requires`, with the reference (for cycle labels).
    pub requires: Vec<Vec<(usize, IdRef)>>,
    /// The stage each topic or project names.
    pub stage: Vec<Option<usize>>,
}

/// Resolves the references of `docs` (published, in index order) and their body links.
pub(super) fn collect(
    docs: &[Arc<Document>],
    index: &SiteIndex,
    body_links: &[Vec<OutLink>],
    problems: &mut Vec<Diagnostic>,
) -> Collected {
    let n = docs.len();
    let mut found = Collected {
        edges: BTreeSet::new(),
        requires: vec![Vec::new(); n],
        stage: vec![None; n],
    };
    for (from, doc) in docs.iter().enumerate() {
        front_matter_edges(from, doc, index, &mut found, problems);
        for l in &body_links[from] {
            if l.target != from {
                found.edges.insert(Edge {
                    from,
                    to: l.target,
                    kind: EdgeKind::Mentions,
                });
            }
        }
    }
    found
}

/// The edges of document `from`'s front matter.
fn front_matter_edges(
    from: usize,
    doc: &Document,
    index: &SiteIndex,
    found: &mut Collected,
    problems: &mut Vec<Diagnostic>,
) {
    let edges = &mut found.edges;
    let mut link = |r: &IdRef, kind: Kind, edge: EdgeKind, field: &str, problems: &mut Vec<Diagnostic>| {
        let to = resolve(doc, r, kind, field, index, problems)?;
        edges.insert(Edge { from, to, kind: edge });
        Some(to)
    };
    match &doc.meta {
        Meta::Topic(t) => {
            found.stage[from] = link(&t.stage, Kind::Stage, EdgeKind::Stage, "stage", problems);
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
                    found.requires[from].push((to, r.clone()));
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
            found.stage[from] = link(&p.stage, Kind::Stage, EdgeKind::Stage, "stage", problems);
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
}

/// The document `r` names, of `kind`; an error naming the field when it is unknown or a draft.
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
        // The file failed to load: its own error says why; the reference waits on it.
        Lookup::Failed(_) => None,
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

//! References that wait on a file that failed to load. Such a file's own error is the one to
//! fix; the references to it in other pages are not reported as unknown ids (they would bury
//! it), and its error says how many wait on it instead.

use std::sync::Arc;

use crate::cache::bodies::Body;
use crate::content::{Document, IdRef, Kind, Meta};
use crate::diagnostics::Diagnostics;
use crate::parse::links::{join, wikilink_target};
use crate::resolve::{Lookup, SiteIndex};

/// Adds to each failed file's error a note of how many references in other pages wait on it.
pub(super) fn note(docs: &[Arc<Document>], bodies: &[Arc<Body>], index: &SiteIndex, diags: &mut Diagnostics) {
    let failed = index.failed();
    if failed.is_empty() {
        return;
    }
    let mut waiting = vec![0usize; failed.len()];
    let mut wait = |lookup: Lookup| {
        if let Lookup::Failed(k) = lookup {
            waiting[k] += 1;
        }
    };
    for (doc, body) in docs.iter().zip(bodies) {
        for (kind, r) in front_matter_refs(doc) {
            wait(index.lookup(Some(kind), &r.id));
        }
        let dir = crate::parse::content_dir_of(doc);
        for r in &body.meta.refs {
            if let Some(dest) = r.strip_prefix("w:") {
                if let Ok((kind, id, _)) = wikilink_target(dest) {
                    wait(index.lookup(kind, &id));
                }
            } else if let Some(dest) = r.strip_prefix("o:") {
                let path = dest.split(['#', '?']).next().unwrap_or("");
                let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
                if path.ends_with(".md")
                    && let Some(k) = join(&dir, &path).and_then(|rel| index.failed_file(&rel))
                {
                    wait(Lookup::Failed(k));
                }
            }
        }
    }
    for (f, &n) in failed.iter().zip(&waiting).filter(|(_, n)| **n > 0) {
        let own = diags.iter_mut().find(|d| {
            d.is_error()
                && (d.path.as_deref() == Some(&f.path) || d.labels.first().is_some_and(|l| l.source.path == f.path))
        });
        if let Some(error) = own {
            let what = if n == 1 { "reference" } else { "references" };
            error.notes.push(format!(
                "{n} {what} to {} `{}` in other pages wait on this file: fix it first",
                f.kind.name(),
                f.id
            ));
        }
    }
}

/// The ids a document's front matter refers to, with the kind each must be.
fn front_matter_refs(doc: &Document) -> Vec<(Kind, &IdRef)> {
    fn all(kind: Kind, refs: &[IdRef]) -> impl Iterator<Item = (Kind, &IdRef)> {
        refs.iter().map(move |r| (kind, r))
    }
    match &doc.meta {
        Meta::Topic(t) => std::iter::once((Kind::Stage, &t.stage))
            .chain(all(Kind::Topic, &t.requires))
            .chain(all(Kind::Topic, &t.related))
            .chain(all(Kind::Book, &t.books))
            .collect(),
        Meta::Project(p) => std::iter::once((Kind::Stage, &p.stage))
            .chain(all(Kind::Topic, &p.topics))
            .collect(),
        Meta::Book(b) => all(Kind::Topic, &b.topics).collect(),
        Meta::Post(p) => all(Kind::Topic, &p.topics).collect(),
        Meta::Stage(_) | Meta::Page(_) => Vec::new(),
    }
}

//! The dev server's fast path for the most common edit: the body text of pages changed, and
//! nothing another page shows of them did — front matter, headings, links, summary and reading
//! time are as before. The site is then the last one with those bodies replaced, and only
//! their own pages (plus the lazily built print page, feeds and search) change.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::documents::Documents;
use super::snapshot::{Parts, Snapshot};
use super::store::Resource;
use crate::assemble::Site;
use crate::cache::bodies::{Body, BodyCache, LinkKeys};
use crate::content::Document;
use crate::diagnostics::Diagnostics;
use crate::parse::highlight::Highlighter;
use crate::render::Route;

/// What the fast path made: the next snapshot, the paths that changed, the pages rendered and
/// the warnings.
pub(super) struct Edited {
    pub snapshot: Snapshot,
    pub changed: Vec<String>,
    pub pages: usize,
    pub warnings: Diagnostics,
}

/// What the fast path reads and updates of the project.
pub(super) struct State<'a> {
    pub documents: &'a Documents,
    pub cache: &'a mut BodyCache,
    pub highlighter: &'a Highlighter,
    /// Page fingerprints of the last full rebuild: those of the replaced pages are forgotten.
    pub fingerprints: &'a mut HashMap<String, u64>,
}

/// The snapshot after the edits of `changed` (files already re-read into `state.documents`),
/// or `None` when the edit is not of this kind (the caller rebuilds normally).
pub(super) fn body_edit(old: &Snapshot, state: State<'_>, changed: &[&PathBuf]) -> Option<Result<Edited, Diagnostics>> {
    let mut site = (*old.site).clone();
    let mut replaced = Vec::new();
    let mut warnings = Diagnostics::new();
    for path in changed {
        let doc = Arc::clone(state.documents.docs.get(path.as_path())?);
        let j = site
            .docs
            .binary_search_by(|d| d.path.as_path().cmp(path.as_path()))
            .ok()?;
        let body = new_body(&site, j, &doc, state.highlighter, state.cache, &mut warnings)?;
        site.docs[j] = doc;
        site.bodies[j] = body;
        replaced.push(j);
    }
    let mut files = old.files.clone();
    let mut changed_paths = Vec::new();
    for &j in &replaced {
        let route = Route::Doc(j);
        let path = route.output_file(&site);
        let bytes = match old.renderer.render(&site, route) {
            Ok(bytes) => bytes,
            Err(d) => return Some(Err([d].into_iter().collect())),
        };
        let resource = Arc::new(Resource::new(&path, bytes));
        if old.files.get(&path).is_none_or(|r| r.etag != resource.etag) {
            changed_paths.push(path.clone());
        }
        files.insert(path, resource);
    }
    changed_paths.push(Route::Print.output_file(&site));
    changed_paths.sort();
    // The fingerprints of these pages describe the old bodies now: forget them, so the next
    // full rebuild renders them again (an undo brings back the old fingerprint exactly).
    for &j in &replaced {
        state.fingerprints.remove(&Route::Doc(j).output_file(&site));
    }
    state.fingerprints.remove(&Route::Print.output_file(&site));
    let parts = Parts {
        files,
        site: Arc::new(site),
        renderer: Arc::clone(&old.renderer),
        routes: Arc::clone(&old.routes),
        code_css: Arc::clone(&old.code_css),
    };
    Some(Ok(Edited {
        snapshot: Snapshot::new(parts, old.deferred.clone()),
        changed: changed_paths,
        pages: replaced.len(),
        warnings,
    }))
}

/// The new body of document `j` of `site` from its edited version `doc`, kept in `cache`; `None`
/// when the edit changed anything but the body's own text.
fn new_body(
    site: &Site,
    j: usize,
    doc: &Document,
    highlighter: &Highlighter,
    cache: &mut BodyCache,
    warnings: &mut Diagnostics,
) -> Option<Arc<Body>> {
    let before = &site.docs[j];
    fn front(d: &Document) -> &str {
        &d.source.text[..d.body_range.start]
    }
    if doc.kind != before.kind || doc.id != before.id || front(doc) != front(before) {
        return None;
    }
    let dialect = crate::parse::Dialect {
        math: site.config.markdown.math,
    };
    let anchors = crate::parse::anchors(doc.body(), dialect);
    if anchors != site.index.targets[j].anchors {
        return None;
    }
    let env = crate::parse::Env {
        index: &site.index,
        urls: &site.urls,
        highlighter,
        dialect,
    };
    let rendered = crate::parse::render(doc, &anchors, &env);
    if rendered.problems.iter().any(|d| d.is_error()) {
        return None;
    }
    let keys: LinkKeys = rendered
        .links
        .iter()
        .map(|l| {
            let target = &site.index.targets[l.target];
            (target.kind, target.id.clone(), l.anchor.clone())
        })
        .collect();
    if cache.links_of(&doc.path) != Some(keys.as_slice())
        || crate::assemble::summary_of(doc, &rendered.meta) != site.links[j].summary
        || rendered.meta.stats.reading_minutes() != site.bodies[j].meta.stats.reading_minutes()
    {
        return None;
    }
    let ctx = crate::parse::link_context(doc, &anchors, &env);
    let fingerprint = crate::parse::links::fingerprint(&rendered.meta.refs, &ctx);
    warnings.extend(rendered.problems.iter().cloned());
    let body = Arc::new(Body::from_rendered(rendered));
    cache.update(doc, anchors, fingerprint, keys, Arc::clone(&body));
    Some(body)
}

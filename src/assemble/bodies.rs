//! The Markdown step of assembling a site: every page's body, reused from the body cache where
//! it is still valid, else rendered, with the site index the bodies link against.
//!
//! Without cached bodies each page is parsed once ([`parse::render_unchecked`]) and the index
//! gets its anchors afterwards. With them, anchors come first (cached by file, and part of the
//! index fingerprint), so that bodies can be validated before any is rendered: a body is
//! rendered again only if its file changed or one of its links now resolves differently (see
//! [`parse::links::fingerprint`]).

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::blob_file::Spill;
use crate::cache::bodies::{Body, BodyCache, CachedBody, LinkKeys};
use crate::cache::lazy::Lazy;
use crate::content::{Document, Kind};
use crate::diagnostics::Diagnostics;
use crate::load::Asset;
use crate::parse::highlight::Highlighter;
use crate::parse::{self, OutLink, Rendered};
use crate::resolve::SiteIndex;
use crate::util::url::Urls;

/// What the Markdown step gives the rest of the assembly.
pub(super) struct Markdown {
    /// Ids, anchors and assets of the published documents.
    pub index: SiteIndex,
    /// One body per document.
    pub bodies: Vec<Arc<Body>>,
    /// The pages each body links to.
    pub outlinks: Vec<Vec<OutLink>>,
}

/// What the step reads besides the documents.
pub(super) struct Env<'a> {
    pub urls: &'a Urls,
    pub highlighter: &'a Highlighter,
    /// The site's Markdown syntax choices (bodies cached with others are not reused).
    pub dialect: parse::Dialect,
    /// Drop each document's Markdown once it is rendered (see `SiteOptions::release_sources`).
    pub release_sources: bool,
    /// How to prepare images, the static image files, and the site root (for messages).
    pub images: (
        &'a crate::images::Settings,
        &'a [(String, std::path::PathBuf)],
        &'a std::path::Path,
    ),
}

/// A body with how its links resolved (`None`: not computed yet) and its outgoing links.
struct Made {
    body: Arc<Body>,
    fingerprint: Option<u64>,
    links: Vec<OutLink>,
}

/// Indexes `docs` and renders (or reuses from `cache`) every body. With a cache, `cache` then
/// holds this build's bodies. Every problem found goes into `diags`.
pub(super) fn render(
    docs: &mut [Arc<Document>],
    (assets, drafts, failed): (&[Asset], Vec<(Kind, String)>, Vec<crate::load::Failed>),
    env: &Env<'_>,
    cache: Option<&mut BodyCache>,
    content_dir: &std::path::Path,
    diags: &mut Diagnostics,
) -> Markdown {
    let caching = cache.is_some();
    let mut no_cache = BodyCache::default();
    let cache = cache.unwrap_or(&mut no_cache);
    // Bodies made with other Markdown syntax choices are all stale.
    let reuse = !cache.is_empty() && cache.dialect == env.dialect.key();
    // Bodies rendered now go to the cache's next file, if it has one.
    let next_file = cache.spill.take();
    let anchors = if reuse {
        crate::util::timing::phase("anchors", || cached_anchors(docs, cache, env.dialect))
    } else {
        vec![HashSet::new(); docs.len()]
    };
    let mut problems = Vec::new();
    let mut index = SiteIndex::new(docs, anchors, assets, drafts, content_dir, &mut problems);
    index.set_failed(failed);
    for problem in &mut problems {
        problem.cause = crate::diagnostics::Cause::Graph;
    }
    let (settings, statics, root) = env.images;
    crate::util::timing::phase("images", || {
        index.measure_images(assets, statics, settings, root, &mut problems);
    });
    diags.extend(problems);
    let made = crate::util::timing::phase("markdown", || {
        if reuse {
            let made = reuse_or_render(docs, &index, env, cache, next_file.as_ref());
            if env.release_sources {
                docs.iter_mut().for_each(release_body);
            }
            made
        } else {
            render_all_unchecked(docs, &mut index, env, next_file.as_ref())
        }
    });
    if caching {
        let fingerprints = fingerprints(&made, docs, &index, env);
        *cache = next_cache(cache, next_file, &made, fingerprints, docs, &index, env);
    }
    let (bodies, outlinks) = report_and_split(made, diags);
    Markdown {
        index,
        bodies,
        outlinks,
    }
}

/// Each document's anchors: from the cache when its file is unchanged, else a first parse.
fn cached_anchors(docs: &[Arc<Document>], cache: &BodyCache, dialect: parse::Dialect) -> Vec<HashSet<String>> {
    docs.par_iter()
        .map(|d| match cache.anchors.get(&d.path) {
            Some((hash, set)) if *hash == d.hash => set.clone(),
            _ => parse::anchors(d.body(), dialect),
        })
        .collect()
}

/// The index fingerprint a cache is valid for: the index and the base URL.
fn index_fingerprint(index: &SiteIndex, urls: &Urls) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (index.fingerprint(), urls.base_path(), urls.origin()).hash(&mut h);
    h.finish()
}

/// Every body, from the cache where its file and link resolution are unchanged, else rendered.
fn reuse_or_render(
    docs: &[Arc<Document>],
    index: &SiteIndex,
    env: &Env<'_>,
    cache: &BodyCache,
    spill: Option<&Spill>,
) -> Vec<Made> {
    let same_index = cache.index == index_fingerprint(index, env.urls);
    let penv = parse::Env {
        index,
        urls: env.urls,
        highlighter: env.highlighter,
        dialect: env.dialect,
    };
    docs.par_iter()
        .zip(index.targets.par_iter())
        .map(|(doc, target)| {
            if let Some(cached) = cache.bodies.get(&doc.path)
                && cached.hash == doc.hash
            {
                let fingerprint = if same_index {
                    cached.fingerprint
                } else {
                    let ctx = parse::link_context(doc, &target.anchors, &penv);
                    parse::links::fingerprint(&cached.body.meta.refs, &ctx)
                };
                if fingerprint == cached.fingerprint {
                    return Made {
                        body: Arc::clone(&cached.body),
                        fingerprint: Some(fingerprint),
                        links: links_of(&cached.links, index),
                    };
                }
            }
            let rendered = parse::render(doc, &target.anchors, &penv);
            let ctx = parse::link_context(doc, &target.anchors, &penv);
            let fingerprint = parse::links::fingerprint(&rendered.meta.refs, &ctx);
            let (body, links) = finish(rendered, spill);
            Made {
                body: Arc::new(body),
                fingerprint: Some(fingerprint),
                links,
            }
        })
        .collect()
}

/// The outgoing links of a cached body, by the current index (pages that are gone drop out).
fn links_of(keys: &LinkKeys, index: &SiteIndex) -> Vec<OutLink> {
    keys.iter()
        .filter_map(|(kind, id, anchor)| {
            let target = index.lookup(Some(*kind), id).found()?;
            Some(OutLink {
                target,
                anchor: anchor.clone(),
            })
        })
        .collect()
}

/// Renders every body with one Markdown parse each, for a build without cached bodies: links
/// to other pages' anchors are taken as valid, each page's own anchors go into `index`, and
/// the few bodies that link to a missing anchor are rendered again with every anchor known, so
/// that their HTML and errors are what [`parse::render`] gives.
fn render_all_unchecked(
    docs: &mut [Arc<Document>],
    index: &mut SiteIndex,
    env: &Env<'_>,
    spill: Option<&Spill>,
) -> Vec<Made> {
    let penv = parse::Env {
        index: &*index,
        urls: env.urls,
        highlighter: env.highlighter,
        dialect: env.dialect,
    };
    let (mut made, anchors): (Vec<Fresh>, Vec<HashSet<String>>) = docs
        .par_iter_mut()
        .map(|doc| {
            let (rendered, anchors) = parse::render_unchecked(doc, &penv);
            let (body, links) = finish(rendered, spill);
            // A body that links to another page's anchor may be rendered again below.
            if env.release_sources && links.iter().all(|l| l.anchor.is_none()) {
                release_body(doc);
            }
            ((body, links), anchors)
        })
        .unzip();
    for (target, own) in index.targets.iter_mut().zip(anchors) {
        target.anchors = own;
    }
    let index = &*index;
    let penv = parse::Env {
        index,
        urls: env.urls,
        highlighter: env.highlighter,
        dialect: env.dialect,
    };
    made.par_iter_mut()
        .zip(docs.par_iter().zip(index.targets.par_iter()))
        .filter(|((_, links), _)| parse::missing_anchor(links, index))
        .for_each(|(made, (doc, target))| {
            *made = finish(parse::render(doc, &target.anchors, &penv), None);
        });
    if env.release_sources {
        docs.iter_mut().for_each(release_body);
    }
    made.into_iter()
        .map(|(body, links)| Made {
            body: Arc::new(body),
            fingerprint: None,
            links,
        })
        .collect()
}

/// A body just rendered, with its outgoing links.
type Fresh = (Body, Vec<OutLink>);

/// A freshly rendered body as the build keeps it: trimmed, and, with a next cache file, its
/// search term counts made and its HTML and text moved into that file.
fn finish(mut rendered: Rendered, spill: Option<&Spill>) -> Fresh {
    // Bodies stay in memory until the pages are written and their text until the search
    // index is: give back what the strings grew into but did not use (a fifth of the HTML).
    rendered.html.shrink_to_fit();
    for section in &mut rendered.sections {
        section.code.shrink_to_fit();
    }
    let links = std::mem::take(&mut rendered.links);
    let mut body = Body::from_rendered(rendered);
    if let Some(spill) = spill {
        // The builds that reuse the body then do not tokenize its text again.
        if body.problems.is_empty()
            && let Lazy::Memory(sections) = &body.sections
        {
            body.terms = Some(Lazy::Memory(crate::search::terms::encode_body(sections)));
        }
        body.spill(spill);
    }
    (body, links)
}

/// Drops a rendered document's Markdown body, keeping its front matter (graph and schema
/// diagnostics point into it). A source that a diagnostic holds is shared, and stays whole.
fn release_body(doc: &mut Arc<Document>) {
    if let Some(doc) = Arc::get_mut(doc)
        && let Some(source) = Arc::get_mut(&mut doc.source)
    {
        source.text.truncate(doc.body_range.start);
        source.text.shrink_to_fit();
        doc.body_range = doc.body_range.start..doc.body_range.start;
    }
}

/// Every body's link fingerprint: bodies rendered in one parse have none yet, and now every
/// anchor is known.
fn fingerprints(made: &[Made], docs: &[Arc<Document>], index: &SiteIndex, env: &Env<'_>) -> Vec<u64> {
    let penv = parse::Env {
        index,
        urls: env.urls,
        highlighter: env.highlighter,
        dialect: env.dialect,
    };
    made.par_iter()
        .zip(docs.par_iter().zip(index.targets.par_iter()))
        .map(|(made, (doc, target))| {
            made.fingerprint.unwrap_or_else(|| {
                let ctx = parse::link_context(doc, &target.anchors, &penv);
                parse::links::fingerprint(&made.body.meta.refs, &ctx)
            })
        })
        .collect()
}

/// The cache after this build: this build's bodies, and whether they differ from `old`'s.
fn next_cache(
    old: &mut BodyCache,
    next_file: Option<Spill>,
    made: &[Made],
    fingerprints: Vec<u64>,
    docs: &[Arc<Document>],
    index: &SiteIndex,
    env: &Env<'_>,
) -> BodyCache {
    let mut next = BodyCache {
        index: index_fingerprint(index, env.urls),
        dialect: env.dialect.key(),
        spill: next_file,
        root: std::mem::take(&mut old.root),
        ..BodyCache::default()
    };
    // Whether the bodies worth keeping (those without problems) differ from the old cache's.
    let mut changed = next.index != old.index || next.dialect != old.dialect;
    let mut kept = 0;
    for ((made, fingerprint), (doc, target)) in made.iter().zip(fingerprints).zip(docs.iter().zip(&index.targets)) {
        let reused = old
            .bodies
            .get(&doc.path)
            .is_some_and(|c| Arc::ptr_eq(&c.body, &made.body));
        next.reused += usize::from(reused);
        if made.body.problems.is_empty() {
            kept += 1;
            changed |= !reused;
        }
        let keys = made
            .links
            .iter()
            .map(|l| {
                let t = &index.targets[l.target];
                (t.kind, t.id.clone(), l.anchor.clone())
            })
            .collect();
        next.anchors
            .insert(doc.path.clone(), (doc.hash, target.anchors.clone()));
        next.bodies.insert(
            doc.path.clone(),
            CachedBody {
                hash: doc.hash,
                fingerprint,
                links: keys,
                body: Arc::clone(&made.body),
            },
        );
    }
    let was_kept = old.bodies.values().filter(|b| b.body.problems.is_empty()).count();
    next.changed = changed || kept != was_kept;
    next
}

/// Reports every body's problems and splits the bodies from their links.
fn report_and_split(made: Vec<Made>, diags: &mut Diagnostics) -> (Vec<Arc<Body>>, Vec<Vec<OutLink>>) {
    made.into_iter()
        .map(|m| {
            diags.extend(m.body.problems.iter().cloned());
            (m.body, m.links)
        })
        .unzip()
}

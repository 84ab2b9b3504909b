//! A site assembled in memory: loaded, parsed and linked, ready to render.
//!
//! [`Site::assemble`] runs the first half of the pipeline — load → index → Markdown (which fills
//! in the index's anchors; with cached bodies, a first pass finds them before the index) → graph —
//! and derives the lists templates show (posts by date, tags). Rendering and writing
//! take a `&Site` and never change it.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use crate::cache::bodies::BodyCache;
use crate::cache::bodies::{CachedBody, Spill};
use crate::config::Config;
use crate::content::{Date, Document, Kind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::Graph;
use crate::load::{self, Asset};
use crate::parse::highlight::Highlighter;
use crate::parse::{self, OutLink, Rendered};
use crate::resolve::SiteIndex;
use crate::util::url::Urls;

/// Options that change what a build contains.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Publish draft posts.
    pub drafts: bool,
    /// Override `base_url` (e.g. `--base-url`, or the dev server's address).
    pub base_url: Option<String>,
    /// Drop each document's Markdown body from memory once it is rendered (`roadbook build`,
    /// which needs nothing else from it; the front matter stays for later diagnostics).
    /// Lowers a large build's peak memory by the size of the content.
    pub release_sources: bool,
}

/// A tag and the posts that carry it.
#[derive(Debug, Clone)]
pub struct Tag {
    /// URL key: lowercased, spaces as `-`, Unicode kept.
    pub key: String,
    /// Display name (the first spelling seen).
    pub name: String,
    /// Posts with the tag, newest first.
    pub posts: Vec<usize>,
    /// Topics with the tag.
    pub topics: Vec<usize>,
}

/// The URL and summary of a page, computed once per build for every list that links to it.
#[derive(Debug, Clone)]
pub struct PageLink {
    /// URL with the base path.
    pub url: String,
    /// The `summary` field, else the text before `<!-- more -->`, else the first paragraph
    /// shortened to ~200 characters.
    pub summary: String,
}

/// Everything known about a site before rendering. Its large parts are shared (`Arc`), so a
/// copy that replaces one document is cheap (the dev server's fast path).
#[derive(Clone)]
pub struct Site {
    /// The site root.
    pub root: PathBuf,
    /// `config.toml`, with `--base-url` applied.
    pub config: Config,
    /// URL builder.
    pub urls: Urls,
    /// Published documents, sorted by path.
    pub docs: Vec<Arc<Document>>,
    /// Rendered Markdown, one per document.
    pub bodies: Vec<Arc<Rendered>>,
    /// Ids, anchors and assets.
    pub index: Arc<SiteIndex>,
    /// The topic graph.
    pub graph: Arc<Graph>,
    /// Content files that are not Markdown.
    pub assets: Arc<Vec<Asset>>,
    /// Published posts, newest first (date, then title).
    pub posts: Arc<Vec<usize>>,
    /// Tags, sorted by key.
    pub tags: Arc<Vec<Tag>>,
    /// URL and summary of each document.
    pub links: Arc<Vec<PageLink>>,
    /// When each document last changed: a post's `updated` field, else the file's last commit
    /// date when the site is in a git checkout (see [`crate::load::git`]).
    pub last_updated: Arc<Vec<Option<Date>>>,
    /// The options the site was assembled with.
    pub options: SiteOptions,
}

/// Renders a document's body: the body, its links' fingerprint and its outgoing links.
fn render_body(
    doc: &Document,
    anchors: &HashSet<String>,
    env: &parse::Env<'_>,
    spill: Option<&Spill>,
) -> (Arc<Rendered>, u64, Vec<OutLink>) {
    let mut body = parse::render(doc, anchors, env);
    shrink(&mut body);
    if let Some(spill) = spill {
        keep(&mut body, spill);
    }
    let ctx = parse::link_context(doc, anchors, env);
    let fingerprint = parse::links::fingerprint(&body.refs, &ctx);
    let links = body.links.clone();
    (Arc::new(body), fingerprint, links)
}

/// Bodies stay in memory until the pages are written and their text until the search index
/// is: give back what the strings grew into but did not use (a fifth of the HTML).
fn shrink(body: &mut Rendered) {
    if let parse::Html::Memory(html) = &mut body.html {
        html.shrink_to_fit();
    }
    if let parse::Sections::Memory(sections) = &mut body.sections {
        for section in sections {
            section.code.shrink_to_fit();
        }
    }
}

/// Moves a freshly rendered body's HTML and sections into the next body cache file, with its
/// search term counts (so that the builds that reuse it do not tokenize its text again).
fn keep(body: &mut Rendered, spill: &Spill) {
    if body.problems.is_empty()
        && let parse::Sections::Memory(sections) = &body.sections
    {
        body.terms = parse::Terms::Memory(crate::search::terms::encode_body(sections));
    }
    crate::cache::bodies::spill(spill, body);
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

impl Site {
    /// Loads, parses and links the site at `root`. Returns the site when nothing stopped it from
    /// being assembled (it may still carry errors in `diags`, e.g. a broken link).
    pub fn assemble(
        root: &Path,
        options: &SiteOptions,
        highlighter: &Highlighter,
        diags: &mut Diagnostics,
    ) -> Option<Site> {
        Self::assemble_cached(root, options, highlighter, None, diags)
    }

    /// [`Site::assemble`] reusing the bodies in `cache` that are still valid; `cache` then
    /// holds this build's bodies.
    pub fn assemble_cached(
        root: &Path,
        options: &SiteOptions,
        highlighter: &Highlighter,
        cache: Option<&mut BodyCache>,
        diags: &mut Diagnostics,
    ) -> Option<Site> {
        let mut config = match Config::load(root) {
            Ok(c) => c,
            Err(problems) => {
                diags.extend(problems);
                return None;
            }
        };
        if let Some(base_url) = &options.base_url {
            config.base_url = base_url.clone();
        }
        let urls = match Urls::new(&config.base_url) {
            Ok(u) => u,
            Err(message) => {
                diags.push(
                    Diagnostic::error(format!("invalid base URL: {message}"))
                        .with_help("pass --base-url https://host/path/"),
                );
                return None;
            }
        };
        let loaded = crate::util::timing::phase("load", || load::load(root, diags));
        Some(Self::from_documents(
            root,
            config,
            urls,
            loaded.docs.into_iter().map(Arc::new).collect(),
            loaded.assets,
            options,
            highlighter,
            cache,
            diags,
        ))
    }

    /// The second half of [`Site::assemble`], from loaded documents (the dev server calls it
    /// with documents it re-read selectively).
    #[allow(clippy::too_many_arguments)]
    pub fn from_documents(
        root: &Path,
        config: Config,
        urls: Urls,
        all_docs: Vec<Arc<Document>>,
        assets: Vec<Asset>,
        options: &SiteOptions,
        highlighter: &Highlighter,
        cache: Option<&mut BodyCache>,
        diags: &mut Diagnostics,
    ) -> Site {
        // Git dates: kept by a cache between rebuilds (see `BodyCache::forget_git`), else one
        // `git log` that runs while Markdown renders.
        let cached_commits = cache.as_ref().and_then(|c| c.commits.clone());
        let git_log = if cached_commits.is_some() {
            None
        } else {
            crate::load::git::GitLog::spawn(root)
        };
        let mut drafts = Vec::new();
        let mut docs = Vec::with_capacity(all_docs.len());
        for doc in all_docs {
            if doc.is_draft() && !options.drafts {
                drafts.push((doc.kind, doc.id.clone()));
            } else {
                docs.push(doc);
            }
        }
        docs.sort_by(|a, b| a.path.cmp(&b.path));

        let caching = cache.is_some();
        let mut no_cache = BodyCache::default();
        let cache = cache.unwrap_or(&mut no_cache);
        // With cached bodies, anchors come first (cached by file, and part of the index
        // fingerprint), so that bodies can be validated before any is rendered. Without, each
        // page is parsed once and the index gets its anchors after rendering (see
        // `render_all_unchecked`).
        let reuse = !cache.is_empty();
        // Bodies rendered now go to the cache's next file, if it has one.
        let next_file = cache.spill.take();
        let spill = next_file.as_ref();
        let anchors: Vec<HashSet<String>> = if reuse {
            crate::util::timing::phase("anchors", || {
                docs.par_iter()
                    .map(|d| match cache.anchors.get(&d.path) {
                        Some((hash, set)) if *hash == d.hash => set.clone(),
                        _ => parse::anchors(d.body()),
                    })
                    .collect()
            })
        } else {
            vec![HashSet::new(); docs.len()]
        };
        let mut problems = Vec::new();
        let mut index = SiteIndex::new(&docs, anchors, &assets, drafts, &root.join("content"), &mut problems);
        diags.extend(problems);

        let index_fingerprint = |index: &SiteIndex| {
            use std::hash::{Hash, Hasher};
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            (index.fingerprint(), urls.base_path(), urls.origin()).hash(&mut h);
            h.finish()
        };
        let same_index = reuse && cache.index == index_fingerprint(&index);
        // A body is re-rendered only if its file changed or one of its links now resolves
        // differently (see `links::fingerprint`). `None` fingerprints are computed below.
        let rendered: Vec<(Arc<Rendered>, Option<u64>, Vec<OutLink>)> = if !reuse {
            crate::util::timing::phase("markdown", || {
                render_all_unchecked(
                    &mut docs,
                    &mut index,
                    &urls,
                    highlighter,
                    options.release_sources,
                    spill,
                )
            })
        } else {
            let env = parse::Env {
                index: &index,
                urls: &urls,
                highlighter,
            };
            let rendered = crate::util::timing::phase("markdown", || {
                docs.par_iter()
                    .zip(index.targets.par_iter())
                    .map(|(doc, target)| {
                        if let Some(cached) = cache.bodies.get(&doc.path)
                            && cached.hash == doc.hash
                        {
                            let fingerprint = if same_index {
                                cached.fingerprint
                            } else {
                                let ctx = parse::link_context(doc, &target.anchors, &env);
                                parse::links::fingerprint(&cached.body.refs, &ctx)
                            };
                            if fingerprint == cached.fingerprint {
                                let links = cached.links.iter().filter_map(|(kind, id, anchor)| {
                                    let target = index.lookup(Some(*kind), id).found()?;
                                    Some(OutLink {
                                        target,
                                        anchor: anchor.clone(),
                                    })
                                });
                                return (Arc::clone(&cached.body), Some(fingerprint), links.collect());
                            }
                        }
                        let (body, fingerprint, links) = render_body(doc, &target.anchors, &env, spill);
                        (body, Some(fingerprint), links)
                    })
                    .collect()
            });
            if options.release_sources {
                docs.iter_mut().for_each(release_body);
            }
            rendered
        };
        let mut bodies = Vec::with_capacity(rendered.len());
        let mut outlinks = Vec::with_capacity(rendered.len());
        if !caching {
            for (body, _, links) in rendered {
                diags.extend(body.problems.iter().cloned());
                bodies.push(body);
                outlinks.push(links);
            }
        } else {
            let env = parse::Env {
                index: &index,
                urls: &urls,
                highlighter,
            };
            // Bodies rendered in one parse have no fingerprint yet: now every anchor is known.
            let fingerprints: Vec<u64> = rendered
                .par_iter()
                .zip(docs.par_iter().zip(index.targets.par_iter()))
                .map(|((body, fingerprint, _), (doc, target))| {
                    fingerprint.unwrap_or_else(|| {
                        let ctx = parse::link_context(doc, &target.anchors, &env);
                        parse::links::fingerprint(&body.refs, &ctx)
                    })
                })
                .collect();
            let mut next_cache = BodyCache {
                index: index_fingerprint(&index),
                commits: cache.commits.take(),
                spill: next_file,
                root: std::mem::take(&mut cache.root),
                ..BodyCache::default()
            };
            // Whether the bodies worth keeping (those without problems) differ from the cache's.
            let mut changed = next_cache.index != cache.index;
            let mut kept = 0;
            for (((body, _, links), fingerprint), (doc, target)) in rendered
                .into_iter()
                .zip(fingerprints)
                .zip(docs.iter().zip(&index.targets))
            {
                diags.extend(body.problems.iter().cloned());
                let reused = cache.bodies.get(&doc.path).is_some_and(|c| Arc::ptr_eq(&c.body, &body));
                next_cache.reused += usize::from(reused);
                if body.problems.is_empty() {
                    kept += 1;
                    changed |= !reused;
                }
                let keys = links
                    .iter()
                    .map(|l| {
                        (
                            index.targets[l.target].kind,
                            index.targets[l.target].id.clone(),
                            l.anchor.clone(),
                        )
                    })
                    .collect();
                next_cache
                    .anchors
                    .insert(doc.path.clone(), (doc.hash, target.anchors.clone()));
                next_cache.bodies.insert(
                    doc.path.clone(),
                    CachedBody {
                        hash: doc.hash,
                        fingerprint,
                        links: keys,
                        body: Arc::clone(&body),
                    },
                );
                bodies.push(body);
                outlinks.push(links);
            }
            let was_kept = cache.bodies.values().filter(|b| b.body.problems.is_empty()).count();
            next_cache.changed = changed || kept != was_kept;
            *cache = next_cache;
        }

        let mut problems = Vec::new();
        let graph = crate::util::timing::phase("graph", || Graph::build(&docs, &index, &outlinks, &mut problems));
        diags.extend(problems);

        let mut posts: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].kind == Kind::Post).collect();
        posts.sort_by(|&a, &b| {
            let (pa, pb) = (docs[a].post().map(|p| p.date), docs[b].post().map(|p| p.date));
            pb.cmp(&pa)
                .then_with(|| docs[a].title.cmp(&docs[b].title))
                .then_with(|| docs[a].id.cmp(&docs[b].id))
        });
        let tags = collect_tags(&docs, &posts);
        let commits = match cached_commits {
            Some(commits) => commits,
            None => Arc::new(crate::util::timing::phase("git", || {
                git_log.map(|log| log.dates(root)).unwrap_or_default()
            })),
        };
        if caching {
            cache.commits = Some(Arc::clone(&commits));
        }
        let last_updated: Vec<Option<Date>> = docs
            .iter()
            .map(|doc| {
                let updated = doc.post().and_then(|p| p.updated);
                updated.or_else(|| commits.get(&crate::util::fs::display_path(root, &doc.path)))
            })
            .collect();
        let links: Vec<PageLink> = docs
            .iter()
            .zip(&bodies)
            .map(|(doc, body)| PageLink {
                url: urls.path(&doc.site_path()),
                summary: summary_of(doc, body),
            })
            .collect();

        Site {
            links: Arc::new(links),
            last_updated: Arc::new(last_updated),
            root: root.to_path_buf(),
            config,
            urls,
            docs,
            bodies,
            index: Arc::new(index),
            graph: Arc::new(graph),
            assets: Arc::new(assets),
            posts: Arc::new(posts),
            tags: Arc::new(tags),
            options: options.clone(),
        }
    }

    /// Count of published documents of `kind`.
    pub fn count(&self, kind: Kind) -> usize {
        self.docs.iter().filter(|d| d.kind == kind).count()
    }

    /// The tag with `key`.
    pub fn tag(&self, key: &str) -> Option<&Tag> {
        self.tags
            .binary_search_by(|t| t.key.as_str().cmp(key))
            .ok()
            .map(|i| &self.tags[i])
    }
}

/// Renders every body with one Markdown parse each, for a build without a cache: links to other
/// pages' anchors are taken as valid, each page's own anchors go into `index`, and the few
/// bodies that link to a missing anchor are rendered again with every anchor known, so that
/// their HTML and errors are what [`parse::render`] gives. Returns each body with its links
/// (and no fingerprint yet).
fn render_all_unchecked(
    docs: &mut [Arc<Document>],
    index: &mut SiteIndex,
    urls: &Urls,
    highlighter: &Highlighter,
    release: bool,
    spill: Option<&Spill>,
) -> Vec<(Arc<Rendered>, Option<u64>, Vec<OutLink>)> {
    let env = parse::Env {
        index: &*index,
        urls,
        highlighter,
    };
    let (mut bodies, anchors): (Vec<Rendered>, Vec<HashSet<String>>) = docs
        .par_iter_mut()
        .map(|doc| {
            let (mut body, anchors) = parse::render_unchecked(doc, &env);
            shrink(&mut body);
            if let Some(spill) = spill {
                keep(&mut body, spill);
            }
            // A body that links to another page's anchor may be rendered again below.
            if release && body.links.iter().all(|l| l.anchor.is_none()) {
                release_body(doc);
            }
            (body, anchors)
        })
        .unzip();
    for (target, own) in index.targets.iter_mut().zip(anchors) {
        target.anchors = own;
    }
    let index = &*index;
    let env = parse::Env {
        index,
        urls,
        highlighter,
    };
    bodies
        .par_iter_mut()
        .zip(docs.par_iter().zip(index.targets.par_iter()))
        .filter(|(body, _)| parse::missing_anchor(body, index))
        .for_each(|(body, (doc, target))| {
            *body = parse::render(doc, &target.anchors, &env);
            shrink(body);
        });
    if release {
        docs.iter_mut().for_each(release_body);
    }
    bodies
        .into_iter()
        .map(|body| {
            let links = body.links.clone();
            (Arc::new(body), None, links)
        })
        .collect()
}

/// The summary rule: the `summary` field, else the text before `<!-- more -->`, else the first
/// paragraph shortened to ~200 characters.
pub fn summary_of(doc: &Document, body: &Rendered) -> String {
    if let Some(s) = &doc.summary {
        return s.clone();
    }
    match &body.before_more {
        Some(text) if !text.is_empty() => text.clone(),
        _ => crate::parse::text::truncate(&body.first_paragraph, 200),
    }
}

/// The URL key of a tag: `Redis 캐시` → `redis-캐시`.
pub fn tag_key(tag: &str) -> String {
    crate::util::slug::title_slug(tag)
}

fn collect_tags(docs: &[Arc<Document>], posts: &[usize]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    let mut add = |name: &str, i: usize, post: bool| {
        let key = tag_key(name);
        if key.is_empty() {
            return;
        }
        let tag = tags.entry(key.clone()).or_insert_with(|| Tag {
            key,
            name: name.to_string(),
            posts: Vec::new(),
            topics: Vec::new(),
        });
        let list = if post { &mut tag.posts } else { &mut tag.topics };
        if !list.contains(&i) {
            list.push(i);
        }
    };
    for &p in posts {
        for t in &docs[p].tags {
            add(t, p, true);
        }
    }
    for (i, doc) in docs.iter().enumerate().filter(|(_, d)| d.kind == Kind::Topic) {
        for t in &doc.tags {
            add(t, i, false);
        }
    }
    tags.into_values().collect()
}

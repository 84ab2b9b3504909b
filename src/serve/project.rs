//! The dev server's build: a site kept in memory and rebuilt incrementally.
//!
//! A rebuild re-reads only the files that changed ([`Documents`]), reuses every Markdown body
//! whose file and link targets are unchanged (see [`BodyCache`]), rebuilds the graph (cheap),
//! and re-renders only the pages whose inputs changed (see [`super::deps`]). A template or
//! config change re-renders every page but still reuses parsed Markdown and the highlight
//! cache. The print page and the generated files (feeds, sitemap, graph data) are produced on
//! first request. A failed rebuild changes nothing that is served.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::change::{ChangeKind, Plan};
use super::documents::Documents;
use super::fast_path::{self, Edited};
use super::snapshot::{Deferred, Parts, Snapshot};
use super::store::{Files, Resource};
use crate::assemble::{BodyCache, Site, SiteOptions, Sources, Tools};
use crate::build::{code_stylesheet, highlighter_for};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::git::LastCommits;
use crate::parse::highlight::Highlighter;
use crate::render::{Renderer, Route};
use crate::util::timing::phase;
use crate::util::url::Urls;
use crate::write::{self, Generated};

/// What a successful rebuild did.
#[derive(Debug, Default)]
pub struct Update {
    /// Paths (relative to the site root) whose contents changed, were added or removed.
    pub changed: Vec<String>,
    /// Pages rendered.
    pub pages: usize,
    /// Whether only stylesheets changed (the browser can swap them without a reload).
    pub css_only: bool,
    /// Time taken.
    pub elapsed: Duration,
    /// Warnings of the build.
    pub warnings: Diagnostics,
}

/// A site kept in memory between rebuilds.
pub struct Project {
    root: PathBuf,
    options: SiteOptions,
    highlighter: Highlighter,
    /// `config.toml` and its URL builder, as last read (`None` after a failed read).
    config: Option<(Config, Urls)>,
    documents: Documents,
    cache: BodyCache,
    /// Git dates of the last build, kept until files are added, renamed or removed.
    commits: Option<Arc<LastCommits>>,
    /// Each page's fingerprint in the last full rebuild (see [`super::deps`]).
    fingerprints: HashMap<String, u64>,
    statics: HashMap<String, Arc<Resource>>,
    snapshot: Option<Arc<Snapshot>>,
    /// Whether the last rebuild succeeded (so the snapshot matches the documents).
    last_ok: bool,
}

impl Project {
    /// A project for the site at `root`; nothing is read until [`Project::rebuild`].
    /// `options.base_url` should be the server's own address.
    pub fn new(root: &Path, options: SiteOptions) -> Project {
        Project {
            root: root.to_path_buf(),
            options,
            highlighter: highlighter_for(root),
            config: None,
            documents: Documents::default(),
            cache: BodyCache::default(),
            commits: None,
            fingerprints: HashMap::new(),
            statics: HashMap::new(),
            snapshot: None,
            last_ok: false,
        }
    }

    /// The last good snapshot, if any build has succeeded.
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.clone()
    }

    /// Saves the highlight cache to disk (so the next start is warm).
    pub fn save_cache(&self) {
        let _ = self.highlighter.cache().save();
    }

    /// Builds everything from scratch (the first build).
    pub fn build_all(&mut self) -> Result<Update, Diagnostics> {
        self.rebuild(&[self.root.join("config.toml"), self.root.join("content")])
    }

    /// Rebuilds after `changed` paths changed (created, modified, removed or renamed). On
    /// failure the served snapshot stays as it was and every problem is returned.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Update, Diagnostics> {
        let started = Instant::now();
        let plan = Plan::new(&self.root, changed, self.snapshot.is_none(), self.config.is_none());
        let ((config, urls), config_problems) = self.configure(&plan)?;
        if plan.kinds.contains(&ChangeKind::History) {
            // Dates come from the history: read it again.
            self.commits = None;
        }
        let mut rescanned = false;
        if plan.first || !plan.content.is_empty() {
            rescanned = phase("serve: read changes", || {
                self.documents.refresh(&self.root, plan.first, &plan.content)
            });
            if rescanned {
                self.commits = None;
            }
        }
        if !rescanned && self.last_ok && plan.content_only() {
            let edited = phase("serve: fast path", || self.body_edit(&plan.content));
            if let Some(result) = edited {
                return result.map(|update| Update {
                    elapsed: started.elapsed(),
                    ..update
                });
            }
        }
        let (site, mut diags) = self.assemble(config, urls, config_problems)?;
        let old = self.snapshot.clone();
        let (renderer, code_css) = renderer_for(old.as_deref(), &site, &plan)?;
        let routes = Route::all(&site);
        let fingerprints = phase("serve: fingerprints", || {
            super::deps::fingerprints(&site, &routes, global_fingerprint(&renderer, &site, &code_css))
        });
        let pages = phase("serve: render", || {
            self.render_changed(&site, &renderer, &routes, &fingerprints)
        })?;
        let page_count = pages.len();
        let mut changed_paths = BTreeSet::new();
        if plan.statics(rescanned) {
            self.refresh_statics(&site, &mut changed_paths);
        }
        let (files, deferred) = self.file_set(&site, &routes, pages, &fingerprints, old.as_deref(), &mut changed_paths);
        let css_only = !changed_paths.is_empty() && changed_paths.iter().all(|p| p.ends_with(".css"));
        self.fingerprints = fingerprints;
        let parts = Parts {
            files,
            site: Arc::new(site),
            renderer: Arc::new(renderer),
            routes: Arc::new(routes),
            code_css,
        };
        self.snapshot = Some(Arc::new(Snapshot::new(parts, deferred)));
        self.last_ok = true;
        diags.sort();
        Ok(Update {
            changed: changed_paths.into_iter().collect(),
            pages: page_count,
            css_only,
            elapsed: started.elapsed(),
            warnings: diags,
        })
    }

    /// `config.toml` and its URL builder: read again when the plan says so, else as last read.
    /// A `config.toml` with errors gives the defaults beside its errors (the content is still
    /// checked); it is read again on the next rebuild.
    fn configure(&mut self, plan: &Plan<'_>) -> Result<((Config, Urls), Vec<Diagnostic>), Diagnostics> {
        if plan.config || self.config.is_none() {
            let (configured, problems) = crate::assemble::configure_or_defaults(&self.root, &self.options);
            if !problems.is_empty() {
                self.config = None;
                let configured = configured.ok_or_else(|| problems.iter().cloned().collect::<Diagnostics>())?;
                return Ok((configured, problems));
            }
            self.config = configured;
        }
        let configured = self.config.clone().ok_or_else(Diagnostics::new)?;
        Ok((configured, Vec::new()))
    }

    /// Assembles the site from the documents as they are now, reusing what the body cache and
    /// the last git dates still answer for; its warnings come back beside it.
    fn assemble(
        &mut self,
        config: Config,
        urls: Urls,
        config_problems: Vec<Diagnostic>,
    ) -> Result<(Site, Diagnostics), Diagnostics> {
        let mut diags = self.documents.problems();
        diags.extend(config_problems);
        let docs = phase("serve: copy documents", || {
            self.documents.docs.values().cloned().collect()
        });
        let sources = Sources {
            root: self.root.clone(),
            config,
            urls,
            docs,
            assets: self.documents.assets.clone(),
            failed: self.documents.failed(),
        };
        let tools = Tools {
            highlighter: &self.highlighter,
            bodies: Some(&mut self.cache),
            commits: self.commits.clone(),
        };
        let site = Site::from_sources(sources, &self.options, tools, &mut diags);
        self.commits = Some(Arc::clone(&site.commits));
        self.last_ok = false;
        if diags.has_errors() {
            diags.sort();
            return Err(diags);
        }
        Ok((site, diags))
    }

    /// The fast path (see [`fast_path`]), publishing its snapshot when it applies.
    fn body_edit(&mut self, changed: &[&PathBuf]) -> Option<Result<Update, Diagnostics>> {
        let old = self.snapshot.clone()?;
        let state = fast_path::State {
            documents: &self.documents,
            cache: &mut self.cache,
            highlighter: &self.highlighter,
            fingerprints: &mut self.fingerprints,
        };
        let edited = fast_path::body_edit(&old, state, changed)?;
        Some(edited.map(
            |Edited {
                 snapshot,
                 changed,
                 pages,
                 warnings,
             }| {
                self.snapshot = Some(Arc::new(snapshot));
                Update {
                    changed,
                    pages,
                    css_only: false,
                    elapsed: Duration::ZERO,
                    warnings,
                }
            },
        ))
    }

    /// Renders the pages (but the print page, made on request) whose fingerprint changed since
    /// the last full rebuild, by output path.
    fn render_changed(
        &self,
        site: &Site,
        renderer: &Renderer,
        routes: &[Route],
        fingerprints: &HashMap<String, u64>,
    ) -> Result<HashMap<String, Arc<Resource>>, Diagnostics> {
        let dirty: Vec<Route> = routes
            .iter()
            .copied()
            .filter(|r| *r != Route::Print)
            .filter(|r| {
                let path = r.output_file(site);
                self.fingerprints.get(&path) != fingerprints.get(&path)
            })
            .collect();
        let rendered: Vec<Result<(String, Arc<Resource>), Diagnostic>> = dirty
            .par_iter()
            .map(|&route| {
                let path = route.output_file(site);
                let bytes = renderer.render(site, route)?;
                Ok((path.clone(), Arc::new(Resource::new(&path, bytes))))
            })
            .collect();
        let mut problems = Diagnostics::new();
        let mut pages = HashMap::new();
        for r in rendered {
            match r {
                Ok((path, resource)) => {
                    pages.insert(path, resource);
                }
                Err(d) => problems.push(d),
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(pages)
    }

    /// Reads the static files (the theme's, the site's and content assets) again, noting in
    /// `changed` those whose bytes changed, appeared or went away.
    fn refresh_statics(&mut self, site: &Site, changed: &mut BTreeSet<String>) {
        let mut statics = HashMap::new();
        for (path, source) in write::static_files(site) {
            let Ok(bytes) = source.bytes() else { continue };
            let resource = match self.statics.get(&path) {
                Some(old) if *old.body == *bytes => Arc::clone(old),
                _ => {
                    changed.insert(path.clone());
                    Arc::new(Resource::new(&path, bytes))
                }
            };
            statics.insert(path, resource);
        }
        changed.extend(self.statics.keys().filter(|p| !statics.contains_key(*p)).cloned());
        self.statics = statics;
    }

    /// The files of the next snapshot: static files, every route's page (rendered now, else
    /// kept from `old`), and what is made on request; every path whose contents changed goes
    /// into `changed`.
    fn file_set(
        &self,
        site: &Site,
        routes: &[Route],
        mut pages: HashMap<String, Arc<Resource>>,
        fingerprints: &HashMap<String, u64>,
        old: Option<&Snapshot>,
        changed: &mut BTreeSet<String>,
    ) -> (Files, HashMap<String, Deferred>) {
        let mut files: Files = HashMap::with_capacity(routes.len() + self.statics.len());
        for (path, r) in &self.statics {
            files.insert(path.clone(), Arc::clone(r));
        }
        let mut deferred = HashMap::new();
        for &route in routes {
            let path = route.output_file(site);
            if route == Route::Print {
                if self.fingerprints.get(&path) != fingerprints.get(&path) {
                    changed.insert(path.clone());
                }
                deferred.insert(path, Deferred::Route(route));
                continue;
            }
            let kept = old.and_then(|o| o.files.get(&path));
            let resource = match pages.remove(&path) {
                Some(new) => {
                    if kept.is_none_or(|o| o.etag != new.etag) {
                        changed.insert(path.clone());
                    }
                    new
                }
                None => match kept {
                    Some(r) => Arc::clone(r),
                    None => continue,
                },
            };
            files.insert(path, resource);
        }
        for g in Generated::all(site) {
            deferred.insert(g.path(site), Deferred::Generated(g));
        }
        if let Some(old) = old {
            let gone = old
                .files
                .keys()
                .filter(|p| !files.contains_key(*p) && !deferred.contains_key(*p));
            changed.extend(gone.cloned());
        }
        (files, deferred)
    }
}

/// The renderer and code stylesheet for `site`: the last ones when templates and config are
/// unchanged (the renderer pointed at the new site), else made anew.
fn renderer_for(old: Option<&Snapshot>, site: &Site, plan: &Plan<'_>) -> Result<(Renderer, Arc<str>), Diagnostics> {
    let renderer = match (old, plan.templates) {
        (Some(old), false) => {
            let mut renderer = (*old.renderer).clone();
            renderer.refresh(site);
            renderer
        }
        _ => Renderer::new(site).map_err(|p| p.into_iter().collect::<Diagnostics>())?,
    };
    let code_css: Arc<str> = match (old, plan.config) {
        (Some(old), false) => Arc::clone(&old.code_css),
        _ => code_stylesheet(site)
            .map_err(|p| p.into_iter().collect::<Diagnostics>())?
            .into(),
    };
    Ok((renderer, code_css))
}

/// A hash of what every page depends on: templates and UI strings, the configuration and the
/// code stylesheet.
fn global_fingerprint(renderer: &Renderer, site: &Site, code_css: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    (renderer.fingerprint(), format!("{:?}", site.config), code_css).hash(&mut h);
    h.finish()
}

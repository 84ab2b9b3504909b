//! The dev server's build: a site kept in memory and rebuilt incrementally.
//!
//! A rebuild re-reads only the files that changed, reuses every Markdown body whose file and
//! link targets are unchanged (see [`BodyCache`]), rebuilds the graph (cheap), and re-renders
//! only the pages whose inputs changed (see [`super::deps`]). A template or config change
//! re-renders every page but still reuses parsed Markdown and the highlight cache. The print
//! page and the generated files (feeds, sitemap, graph data) are produced on first request.
//! A failed rebuild changes nothing that is served.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::store::{Files, Resource};
use crate::assemble::{BodyCache, Site, SiteOptions, Sources, Tools};
use crate::build::{code_stylesheet, highlighter_for};
use crate::config::Config;
use crate::content::Document;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::git::LastCommits;
use crate::load::{self, Asset};
use crate::parse::highlight::Highlighter;
use crate::render::{Renderer, Route};
use crate::util::url::Urls;
use crate::write::{self, Generated};

/// What a changed path is, for deciding how much to rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// `config.toml`
    Config,
    /// A template, UI strings or theme settings.
    Templates,
    /// A file of `static/` or a theme's `static/`.
    Static,
    /// Anything under `content/`.
    Content,
}

/// Classifies a changed path of the site at `root`; `None` for paths roadbook does not read.
pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    match first.as_ref() {
        "config.toml" => Some(ChangeKind::Config),
        "templates" => Some(ChangeKind::Templates),
        "static" => Some(ChangeKind::Static),
        "content" => Some(ChangeKind::Content),
        // A theme folder itself (created, renamed) may hold both: treat it as templates, which
        // re-reads static files too.
        "themes" => match parts.nth(1).as_deref() {
            Some("static") => Some(ChangeKind::Static),
            _ => Some(ChangeKind::Templates),
        },
        _ => None,
    }
}

/// Something served lazily: rendered on first request.
#[derive(Debug, Clone, Copy)]
enum Lazy {
    Route(Route),
    Generated(Generated),
}

/// Everything the server serves at one moment. Immutable; a rebuild makes a new one.
pub struct Snapshot {
    files: Files,
    /// The search index's files, built on the first request for one of them.
    search: std::sync::OnceLock<HashMap<String, Arc<Resource>>>,
    lazy: HashMap<String, Lazy>,
    made: Mutex<HashMap<String, Arc<Resource>>>,
    site: Arc<Site>,
    renderer: Arc<Renderer>,
    routes: Arc<Vec<Route>>,
    code_css: Arc<str>,
}

impl Snapshot {
    /// The file at `path` (relative to the site root, e.g. `topics/x/index.html`).
    pub fn get(&self, path: &str) -> Option<Arc<Resource>> {
        if let Some(r) = self.files.get(path) {
            return Some(Arc::clone(r));
        }
        if path.starts_with("search/") && !self.lazy.contains_key(path) {
            return self.search().get(path).cloned();
        }
        let lazy = *self.lazy.get(path)?;
        if let Some(r) = self.made.lock().ok()?.get(path) {
            return Some(Arc::clone(r));
        }
        let body = match lazy {
            Lazy::Route(route) => match write::render_route(&self.site, &self.renderer, route) {
                Ok(bytes) => bytes,
                Err(d) => d.render(false).into_bytes(),
            },
            Lazy::Generated(g) => match g.render(&self.site, &self.routes, &self.code_css) {
                Ok(bytes) => bytes,
                Err(e) => e.to_string().into_bytes(),
            },
        };
        let resource = Arc::new(Resource::new(path, body));
        if let Ok(mut made) = self.made.lock() {
            made.insert(path.to_string(), Arc::clone(&resource));
        }
        Some(resource)
    }

    fn search(&self) -> &HashMap<String, Arc<Resource>> {
        self.search.get_or_init(|| {
            crate::write::search::index(&self.site)
                .files
                .into_iter()
                .map(|(p, b)| (p.clone(), Arc::new(Resource::new(&p, b))))
                .collect()
        })
    }

    /// Every path that can be served (building the search index to list its files).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .keys()
            .chain(self.lazy.keys())
            .chain(self.search().keys())
            .map(String::as_str)
    }

    /// The site this snapshot was rendered from.
    pub fn site(&self) -> &Site {
        &self.site
    }
}

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
    config: Option<Config>,
    docs: BTreeMap<PathBuf, Arc<Document>>,
    load_problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    scan_problems: Vec<Diagnostic>,
    assets: Vec<Asset>,
    cache: BodyCache,
    /// Git dates of the last build, kept until files are added, renamed or removed.
    commits: Option<Arc<LastCommits>>,
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
            docs: BTreeMap::new(),
            load_problems: BTreeMap::new(),
            scan_problems: Vec::new(),
            assets: Vec::new(),
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
        let kinds: BTreeSet<ChangeKind> = changed.iter().filter_map(|p| classify(&self.root, p)).collect();
        let first = self.snapshot.is_none();
        let config_changed = first || kinds.contains(&ChangeKind::Config) || self.config.is_none();
        let templates_changed = config_changed || kinds.contains(&ChangeKind::Templates);

        if config_changed {
            match Config::load(&self.root) {
                Ok(mut config) => {
                    if let Some(base_url) = &self.options.base_url {
                        config.base_url = base_url.clone();
                    }
                    self.config = Some(config);
                }
                Err(problems) => {
                    self.config = None;
                    return Err(problems.into_iter().collect());
                }
            }
        }
        let Some(config) = self.config.clone() else {
            return Err(Diagnostics::new());
        };
        let urls =
            Urls::new(&config.base_url).map_err(|m| -> Diagnostics { [Diagnostic::error(m)].into_iter().collect() })?;

        let content: Vec<&PathBuf> = changed
            .iter()
            .filter(|p| classify(&self.root, p) == Some(ChangeKind::Content))
            .collect();
        let mut rescanned = false;
        if first || !content.is_empty() {
            rescanned = crate::util::timing::phase("serve: read changes", || self.refresh_content(first, &content));
        }

        if !first && !rescanned && self.last_ok && kinds.len() == 1 && kinds.contains(&ChangeKind::Content) {
            let result = crate::util::timing::phase("serve: fast path", || self.body_edit(&content, started));
            if let Some(result) = result {
                return result;
            }
        }

        let mut diags = Diagnostics::new();
        diags.extend(self.scan_problems.iter().cloned());
        for problems in self.load_problems.values() {
            diags.extend(problems.iter().cloned());
        }
        let docs: Vec<Arc<Document>> =
            crate::util::timing::phase("serve: copy documents", || self.docs.values().cloned().collect());
        let sources = Sources {
            root: self.root.clone(),
            config,
            urls,
            docs,
            assets: self.assets.clone(),
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

        let old = self.snapshot.clone();
        let renderer = match (&old, templates_changed) {
            (Some(old), false) => {
                let mut renderer = (*old.renderer).clone();
                renderer.refresh(&site);
                renderer
            }
            _ => Renderer::new(&site).map_err(|p| p.into_iter().collect::<Diagnostics>())?,
        };
        let code_css: Arc<str> = match (&old, config_changed) {
            (Some(old), false) => Arc::clone(&old.code_css),
            _ => code_stylesheet(&site)
                .map_err(|p| p.into_iter().collect::<Diagnostics>())?
                .into(),
        };

        let routes = Route::all(&site);
        let global = {
            use std::hash::{Hash, Hasher};
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            (renderer.fingerprint(), format!("{:?}", site.config), &*code_css).hash(&mut h);
            h.finish()
        };
        let fingerprints = crate::util::timing::phase("serve: fingerprints", || {
            super::deps::fingerprints(&site, &routes, global)
        });
        let dirty: Vec<Route> = routes
            .iter()
            .copied()
            .filter(|r| *r != Route::Print)
            .filter(|r| {
                let path = r.output_file(&site);
                self.fingerprints.get(&path) != fingerprints.get(&path)
            })
            .collect();
        let rendered: Vec<Result<(String, Arc<Resource>), Diagnostic>> =
            crate::util::timing::phase("serve: render", || {
                dirty
                    .par_iter()
                    .map(|&route| {
                        let path = route.output_file(&site);
                        let bytes = renderer.render(&site, route)?;
                        Ok((path.clone(), Arc::new(Resource::new(&path, bytes))))
                    })
                    .collect()
            });
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

        // Content assets are static files too; they can only have changed if the folder was
        // rescanned.
        let statics_changed = first || templates_changed || kinds.contains(&ChangeKind::Static) || rescanned;
        let mut changed_paths: BTreeSet<String> = BTreeSet::new();
        if statics_changed {
            let mut statics = HashMap::new();
            for (path, source) in write::static_files(&site) {
                let Ok(bytes) = source.bytes() else { continue };
                let resource = match self.statics.get(&path) {
                    Some(old) if *old.body == *bytes => Arc::clone(old),
                    _ => {
                        changed_paths.insert(path.clone());
                        Arc::new(Resource::new(&path, bytes))
                    }
                };
                statics.insert(path, resource);
            }
            changed_paths.extend(self.statics.keys().filter(|p| !statics.contains_key(*p)).cloned());
            self.statics = statics;
        }

        // The new set of eager files: every route's page (reused when clean) and static files.
        let mut files: Files = HashMap::with_capacity(routes.len() + self.statics.len());
        for (path, r) in &self.statics {
            files.insert(path.clone(), Arc::clone(r));
        }
        let mut lazy = HashMap::new();
        for &route in &routes {
            let path = route.output_file(&site);
            if route == Route::Print {
                if self.fingerprints.get(&path) != fingerprints.get(&path) {
                    changed_paths.insert(path.clone());
                }
                lazy.insert(path, Lazy::Route(route));
                continue;
            }
            let resource = match pages.remove(&path) {
                Some(new) => {
                    let same = old
                        .as_ref()
                        .and_then(|o| o.files.get(&path))
                        .is_some_and(|o| o.etag == new.etag);
                    if !same {
                        changed_paths.insert(path.clone());
                    }
                    new
                }
                None => match old.as_ref().and_then(|o| o.files.get(&path)) {
                    Some(r) => Arc::clone(r),
                    None => continue,
                },
            };
            files.insert(path, resource);
        }
        for g in Generated::all(&site) {
            lazy.insert(g.path(&site), Lazy::Generated(g));
        }
        if let Some(old) = &old {
            changed_paths.extend(
                old.files
                    .keys()
                    .filter(|p| !files.contains_key(*p) && !lazy.contains_key(*p))
                    .cloned(),
            );
        }
        let css_only = !changed_paths.is_empty() && changed_paths.iter().all(|p| p.ends_with(".css"));
        let page_count = dirty.len();
        self.fingerprints = fingerprints;
        self.snapshot = Some(Arc::new(Snapshot {
            files,
            search: std::sync::OnceLock::new(),
            lazy,
            made: Mutex::default(),
            site: Arc::new(site),
            renderer: Arc::new(renderer),
            routes: Arc::new(routes),
            code_css,
        }));
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

    /// The fast path for the most common edit: the body text of pages changed, and nothing
    /// another page shows of them did — front matter, headings, links, summary and reading
    /// time are as before. The site is then the last one with those bodies replaced, and only
    /// their own pages (plus the lazily built print page, feeds and search) change. Returns
    /// `None` when the edit is not of that kind (the caller rebuilds normally).
    fn body_edit(&mut self, changed: &[&PathBuf], started: Instant) -> Option<Result<Update, Diagnostics>> {
        let old = self.snapshot.clone()?;
        let mut site = (*old.site).clone();
        let mut replaced = Vec::new();
        let mut warnings = Diagnostics::new();
        for path in changed {
            let doc = Arc::clone(self.docs.get(path.as_path())?);
            let j = site
                .docs
                .binary_search_by(|d| d.path.as_path().cmp(path.as_path()))
                .ok()?;
            let before = &site.docs[j];
            fn front(d: &Document) -> &str {
                &d.source.text[..d.body_range.start]
            }
            if doc.kind != before.kind || doc.id != before.id || front(&doc) != front(before) {
                return None;
            }
            let anchors = crate::parse::anchors(doc.body());
            if anchors != site.index.targets[j].anchors {
                return None;
            }
            let env = crate::parse::Env {
                index: &site.index,
                urls: &site.urls,
                highlighter: &self.highlighter,
            };
            let rendered = crate::parse::render(&doc, &anchors, &env);
            if rendered.problems.iter().any(|d| d.is_error()) {
                return None;
            }
            let keys: Vec<(crate::content::Kind, String, Option<String>)> = rendered
                .links
                .iter()
                .map(|l| {
                    (
                        site.index.targets[l.target].kind,
                        site.index.targets[l.target].id.clone(),
                        l.anchor.clone(),
                    )
                })
                .collect();
            if self.cache.links_of(path.as_path()) != Some(keys.as_slice())
                || crate::assemble::summary_of(&doc, &rendered.meta) != site.links[j].summary
                || rendered.meta.stats.reading_minutes() != site.bodies[j].meta.stats.reading_minutes()
            {
                return None;
            }
            let ctx = crate::parse::link_context(&doc, &anchors, &env);
            let fingerprint = crate::parse::links::fingerprint(&rendered.meta.refs, &ctx);
            warnings.extend(rendered.problems.iter().cloned());
            let body = Arc::new(crate::cache::bodies::Body::from_rendered(rendered));
            self.cache.update(&doc, anchors, fingerprint, keys, Arc::clone(&body));
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
            self.fingerprints.remove(&Route::Doc(j).output_file(&site));
        }
        self.fingerprints.remove(&Route::Print.output_file(&site));
        self.snapshot = Some(Arc::new(Snapshot {
            files,
            search: std::sync::OnceLock::new(),
            lazy: old.lazy.clone(),
            made: Mutex::default(),
            site: Arc::new(site),
            renderer: Arc::clone(&old.renderer),
            routes: Arc::clone(&old.routes),
            code_css: Arc::clone(&old.code_css),
        }));
        Some(Ok(Update {
            changed: changed_paths,
            pages: replaced.len(),
            css_only: false,
            elapsed: started.elapsed(),
            warnings,
        }))
    }

    /// Re-reads what changed under `content/`: only the changed Markdown files when they were
    /// already known, else a new scan of the folder (creations, deletions, renames, assets).
    /// Returns whether it scanned.
    fn refresh_content(&mut self, first: bool, changed: &[&PathBuf]) -> bool {
        let known_edit = |p: &&PathBuf| {
            p.is_file() && self.docs.contains_key(p.as_path()) && p.extension().is_some_and(|e| e == "md")
        };
        if !first && changed.iter().all(known_edit) {
            for path in changed {
                self.read((*path).clone());
            }
            return false;
        }
        let mut problems = Diagnostics::new();
        let scan = load::scan(&self.root, &mut problems);
        self.scan_problems = problems.into_vec();
        let facts: HashMap<PathBuf, load::frontmatter::FileFacts> = scan.docs.into_iter().collect();
        self.docs.retain(|p, _| facts.contains_key(p));
        self.load_problems.retain(|p, _| facts.contains_key(p));
        let changed: BTreeSet<&PathBuf> = changed.iter().copied().collect();
        let to_read: Vec<(&PathBuf, &load::frontmatter::FileFacts)> = facts
            .iter()
            .filter(|(p, _)| {
                first || changed.contains(p) || !(self.docs.contains_key(*p) || self.load_problems.contains_key(*p))
            })
            .collect();
        let root = &self.root;
        let read: Vec<(PathBuf, Result<Document, Vec<Diagnostic>>)> = to_read
            .into_par_iter()
            .map(|(path, facts)| (path.clone(), load::read_document(root, path.clone(), facts.clone())))
            .collect();
        for (path, result) in read {
            self.store(path, result);
        }
        self.assets = scan.assets;
        self.commits = None;
        true
    }

    fn read(&mut self, path: PathBuf) {
        let result = match load::facts_of(&self.root, &path) {
            Ok(Some(facts)) => load::read_document(&self.root, path.clone(), facts),
            Ok(None) => Err(Vec::new()),
            Err(d) => Err(vec![d]),
        };
        self.store(path, result);
    }

    fn store(&mut self, path: PathBuf, result: Result<Document, Vec<Diagnostic>>) {
        match result {
            Ok(doc) => {
                self.load_problems.remove(&path);
                self.docs.insert(path, Arc::new(doc));
            }
            Err(problems) => {
                self.docs.remove(&path);
                self.load_problems.insert(path, problems);
            }
        }
    }
}

//! What the dev server serves at one moment: a [`Snapshot`], immutable; a rebuild makes a new
//! one. Pages are rendered by the rebuild; the print page, generated files and the search
//! index are made on first request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::store::{Files, Resource};
use crate::assemble::Site;
use crate::render::{Renderer, Route};
use crate::write::{self, Generated};

/// The parts of a snapshot a rebuild makes.
pub(super) struct Parts {
    /// Pages and static files.
    pub files: Files,
    /// The site they were made from.
    pub site: Arc<Site>,
    /// The renderer that made them.
    pub renderer: Arc<Renderer>,
    /// Every route of the site.
    pub routes: Arc<Vec<Route>>,
    /// The code stylesheet.
    pub code_css: Arc<str>,
}

/// Something served lazily: rendered on first request.
#[derive(Debug, Clone, Copy)]
pub(super) enum Deferred {
    /// A page (the print page).
    Route(Route),
    /// A generated file (feeds, sitemap, graph data).
    Generated(Generated),
}

/// Everything the server serves at one moment. Immutable; a rebuild makes a new one.
pub struct Snapshot {
    /// Pages and static files, made by the rebuild.
    pub(super) files: Files,
    /// The search index's files, built on the first request for one of them.
    pub(super) search: OnceLock<HashMap<String, Arc<Resource>>>,
    /// What is made on first request (the print page, feeds, sitemap, graph data).
    pub(super) deferred: HashMap<String, Deferred>,
    /// The deferred files made so far.
    pub(super) made: Mutex<HashMap<String, Arc<Resource>>>,
    pub(super) site: Arc<Site>,
    pub(super) renderer: Arc<Renderer>,
    pub(super) routes: Arc<Vec<Route>>,
    pub(super) code_css: Arc<str>,
}

impl Snapshot {
    /// The file at `path` (relative to the site root, e.g. `topics/x/index.html`).
    pub fn get(&self, path: &str) -> Option<Arc<Resource>> {
        if let Some(r) = self.files.get(path) {
            return Some(Arc::clone(r));
        }
        if path.starts_with("search/") && !self.deferred.contains_key(path) {
            return self.search().get(path).cloned();
        }
        let deferred = *self.deferred.get(path)?;
        if let Some(r) = self.made.lock().ok()?.get(path) {
            return Some(Arc::clone(r));
        }
        let body = match deferred {
            Deferred::Route(route) => match write::render_route(&self.site, &self.renderer, route) {
                Ok(bytes) => bytes,
                Err(d) => d.render(false).into_bytes(),
            },
            Deferred::Generated(g) => match g.render(&self.site, &self.routes, &self.code_css) {
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
            self.site
                .search_index()
                .files
                .into_iter()
                .map(|(p, b)| (p.clone(), Arc::new(Resource::new(&p, b))))
                .collect()
        })
    }

    /// A snapshot of these files, with the print page, generated files and search index made
    /// when first asked for.
    pub(super) fn new(parts: Parts, deferred: HashMap<String, Deferred>) -> Snapshot {
        Snapshot {
            files: parts.files,
            search: OnceLock::new(),
            deferred,
            made: Mutex::default(),
            site: parts.site,
            renderer: parts.renderer,
            routes: parts.routes,
            code_css: parts.code_css,
        }
    }

    /// Every path that can be served (building the search index to list its files).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .keys()
            .chain(self.deferred.keys())
            .chain(self.search().keys())
            .map(String::as_str)
    }

    /// The site this snapshot was rendered from.
    pub fn site(&self) -> &Site {
        &self.site
    }
}

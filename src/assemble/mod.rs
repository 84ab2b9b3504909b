//! A site assembled in memory: loaded, parsed and linked, ready to render.
//!
//! [`Site::assemble`] runs the first half of the pipeline — load → index → Markdown (which fills
//! in the index's anchors; with cached bodies, a first pass finds them before the index) → graph —
//! and derives the lists templates show (posts by date, tags). Rendering and writing
//! take a `&Site` and never change it.

pub mod aliases;
mod bodies;
mod lists;
pub mod related;
mod search;
pub mod series;
mod waiting;

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A page body as a site holds it, and its values that may stay in the body cache file.
pub use crate::cache::bodies::{Body, BodyCache};
pub use crate::cache::lazy::Lazy;
use crate::config::Config;
use crate::content::{Date, Document, Kind};
use crate::diagnostics::{Cause, Diagnostic, Diagnostics};
use crate::graph::Graph;
use crate::load::git::{CommitDates, LastCommits};
use crate::load::{self, Asset};
use crate::parse::highlight::Highlighter;
use crate::resolve::SiteIndex;
use crate::util::url::Urls;
pub use aliases::Redirect;
pub use lists::{PageLink, Tag, summary_of, tag_key};
pub use series::Series;

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
    /// Only check the site (`roadbook check`): name the resized copies of large images, but
    /// do not make the missing ones.
    pub check_only: bool,
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
    pub bodies: Vec<Arc<Body>>,
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
    /// Series of posts, sorted by key.
    pub series: Arc<Vec<Series>>,
    /// Each post's related posts (see [`related`]), by document index; empty for other pages.
    pub related: Arc<Vec<Vec<usize>>>,
    /// URL and summary of each document.
    pub links: Arc<Vec<PageLink>>,
    /// When each document last changed: a post's `updated` field, else the file's last commit
    /// date when the site is in a git checkout (see [`crate::load::git`]).
    pub last_updated: Arc<Vec<Option<Date>>>,
    /// The git dates `last_updated` was made from (the dev server keeps them for its next
    /// rebuild).
    pub commits: Arc<LastCommits>,
    /// Redirect pages at the old paths published pages list in `aliases`.
    pub redirects: Arc<Vec<Redirect>>,
    /// The options the site was assembled with.
    pub options: SiteOptions,
}

/// What a site is made of before its Markdown is rendered.
pub struct Sources {
    /// The site root.
    pub root: PathBuf,
    /// `config.toml`, with the options applied (see [`configure`]).
    pub config: Config,
    /// URL builder for `config.base_url`.
    pub urls: Urls,
    /// Every document loaded, drafts included.
    pub docs: Vec<Arc<Document>>,
    /// Content files that are not Markdown.
    pub assets: Vec<Asset>,
    /// Markdown files that failed to load: references to them wait on their own error.
    pub failed: Vec<crate::load::Failed>,
}

/// What assembling uses besides the sources.
pub struct Tools<'a> {
    /// Code highlighter.
    pub highlighter: &'a Highlighter,
    /// Bodies of an earlier build to reuse where still valid; it then holds this build's.
    pub bodies: Option<&'a mut BodyCache>,
    /// Git dates read by an earlier build, else `git log` runs while Markdown renders.
    pub commits: Option<Arc<LastCommits>>,
}

/// Reads `config.toml` at `root`, applies the options' base URL and checks it: the first step
/// of `build` and of every dev-server rebuild that reads the configuration.
pub fn configure(root: &Path, options: &SiteOptions) -> Result<(Config, Urls), Vec<Diagnostic>> {
    let mut config = Config::load(root)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    match Urls::new(&config.base_url) {
        Ok(urls) => Ok((config, urls)),
        Err(message) => Err(vec![
            Diagnostic::error(format!("invalid base URL: {message}")).with_help("pass --base-url https://host/path/"),
        ]),
    }
}

/// [`configure`], or — when `config.toml` is there but has errors — the defaults beside those
/// errors, so that the content is still loaded and checked in the same run. `None` (with the
/// errors) when there is no `config.toml` to read: then `root` is not a site.
pub fn configure_or_defaults(root: &Path, options: &SiteOptions) -> (Option<(Config, Urls)>, Vec<Diagnostic>) {
    match configure(root, options) {
        Ok(configured) => (Some(configured), Vec::new()),
        Err(problems) if root.join("config.toml").is_file() => {
            let mut config = Config::default();
            if let Some(base_url) = &options.base_url {
                config.base_url = base_url.clone();
            }
            let configured = Urls::new(&config.base_url).ok().map(|urls| (config, urls));
            (configured, problems)
        }
        Err(problems) => (None, problems),
    }
}

/// The image files of the theme's and the site's `static/` folders, by site path (the
/// site's replaces the theme's of the same path).
fn static_images(root: &Path, theme: &str) -> Vec<(String, PathBuf)> {
    let dirs = [root.join("themes").join(theme).join("static"), root.join("static")];
    dirs.iter()
        .flat_map(|dir| crate::util::fs::files_under(dir))
        .filter(|(rel, _)| crate::images::Format::of_name(rel).is_some())
        .collect()
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
        let (configured, problems) = configure_or_defaults(root, options);
        diags.extend(problems);
        let (config, urls) = configured?;
        let loaded = crate::util::timing::phase("load", || load::load(root, diags));
        let sources = Sources {
            root: root.to_path_buf(),
            config,
            urls,
            docs: loaded.docs.into_iter().map(Arc::new).collect(),
            assets: loaded.assets,
            failed: loaded.failed,
        };
        let tools = Tools {
            highlighter,
            bodies: cache,
            commits: None,
        };
        Some(Self::from_sources(sources, options, tools, diags))
    }

    /// The second half of [`Site::assemble`], from loaded documents (the dev server calls it
    /// with documents it re-read selectively): Markdown, the graph, and the lists templates
    /// show.
    pub fn from_sources(sources: Sources, options: &SiteOptions, tools: Tools<'_>, diags: &mut Diagnostics) -> Site {
        let Sources {
            root,
            config,
            urls,
            docs,
            assets,
            failed,
        } = sources;
        let commits = CommitDates::start(&root, tools.commits);
        let (mut docs, drafts) = lists::published(docs, options.drafts);
        let image_settings = crate::images::Settings {
            max_width: config.images.max_width,
            quality: config.images.quality,
            store: root.join(".roadbook-cache").join("images"),
            make: !options.check_only,
        };
        let statics = static_images(&root, &config.theme);
        let env = bodies::Env {
            urls: &urls,
            highlighter: tools.highlighter,
            dialect: crate::parse::Dialect {
                math: config.markdown.math,
            },
            release_sources: options.release_sources,
            images: (&image_settings, &statics, &root),
        };
        let markdown = bodies::render(
            &mut docs,
            (&assets, drafts, failed),
            &env,
            tools.bodies,
            &root.join("content"),
            diags,
        );
        if options.release_sources {
            // `roadbook build`: hand back what loading and Markdown freed before the graph and
            // the pages are made (without it a warm 10k build peaked ~13 MB higher than before
            // this step was split out, with the same live data: mimalloc had not purged yet).
            crate::util::memory::trim();
        }
        let mut problems = Vec::new();
        let graph = crate::util::timing::phase("graph", || {
            Graph::build(&docs, &markdown.index, &markdown.outlinks, &mut problems)
        });
        diags.extend(problems.into_iter().map(|p| p.with_cause(Cause::Graph)));
        let mut problems = Vec::new();
        let redirects = aliases::collect(&docs, &mut problems);
        diags.extend(problems);
        waiting::note(&docs, &markdown.bodies, &markdown.index, diags);
        let posts = lists::posts_by_date(&docs);
        let tags = lists::collect_tags(&docs, &posts);
        let series = series::collect(&docs, &posts);
        let related = related::collect(docs.len(), &graph, &posts, &tags);
        let commits = commits.finish(&root);
        Site {
            links: Arc::new(lists::page_links(&docs, &markdown.bodies, &urls)),
            last_updated: Arc::new(lists::last_updated(&docs, &commits, &root)),
            commits,
            root,
            config,
            urls,
            docs,
            bodies: markdown.bodies,
            index: Arc::new(markdown.index),
            graph: Arc::new(graph),
            assets: Arc::new(assets),
            posts: Arc::new(posts),
            tags: Arc::new(tags),
            series: Arc::new(series),
            related: Arc::new(related),
            redirects: Arc::new(redirects),
            options: options.clone(),
        }
    }

    /// Count of published documents of `kind`.
    pub fn count(&self, kind: Kind) -> usize {
        self.docs.iter().filter(|d| d.kind == kind).count()
    }

    /// The series post `i` is a part of, and its position in it (0 for part 1).
    pub fn series_of(&self, i: usize) -> Option<(usize, usize)> {
        self.series
            .iter()
            .enumerate()
            .find_map(|(s, series)| series.posts.iter().position(|&p| p == i).map(|k| (s, k)))
    }

    /// The tag with `key`.
    pub fn tag(&self, key: &str) -> Option<&Tag> {
        self.tags
            .binary_search_by(|t| t.key.as_str().cmp(key))
            .ok()
            .map(|i| &self.tags[i])
    }
}

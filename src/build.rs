//! `roadbook build` and `roadbook check`: the whole pipeline, load → parse → graph → render →
//! write, with every problem collected.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::assemble::{BodyCache, Site, SiteOptions};
use crate::cache::bodies::Damage;
use crate::cache::pages::PageCache;
use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::highlight::{self, HighlightCache, Highlighter, SyntectEngine};
use crate::render::Renderer;
use crate::write::{self, Output};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holds `config.toml`).
    pub root: PathBuf,
    /// Output folder; default `<root>/<build.output_dir>`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Publish drafts.
    pub drafts: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Published documents per kind.
    pub counts: Vec<(Kind, usize)>,
    /// HTML pages written.
    pub pages: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// Time taken.
    pub elapsed: Duration,
    /// Warnings (the build succeeded).
    pub warnings: Diagnostics,
    /// Page bodies taken from the body cache instead of rendered.
    pub reused_bodies: usize,
    /// Pages taken from the page cache instead of rendered.
    pub reused_pages: usize,
}

impl BuildReport {
    /// The one-line summary: `built 57 pages (22 topics, 5 stages, …) in 184 ms`, then how many
    /// page bodies came from the body cache and pages from the page cache, if any.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {}{}", k.name(), if *n == 1 { "" } else { "s" }))
            .collect();
        let reused = match (self.reused_bodies, self.reused_pages) {
            (0, 0) => String::new(),
            (n, 0) => format!(", {n} page bodies from the cache"),
            (0, m) => format!(", {m} pages from the cache"),
            (n, m) => format!(", {n} page bodies and {m} pages from the cache"),
        };
        format!(
            "built {} pages ({}) in {} ms{reused}",
            self.pages,
            parts.join(", "),
            self.elapsed.as_millis()
        )
    }
}

/// The highlighter a site uses, with its on-disk cache.
pub fn highlighter_for(root: &Path) -> Highlighter {
    let cache = HighlightCache::open(root.join(".roadbook-cache").join("highlight.bin"));
    Highlighter::new(Arc::new(SyntectEngine::new()), Arc::new(cache))
}

/// The code stylesheet for the configured themes, or diagnostics naming the bad theme.
pub fn code_stylesheet(site: &Site) -> Result<String, Vec<Diagnostic>> {
    let md = &site.config.markdown;
    highlight::stylesheet(&md.highlight_theme_light, &md.highlight_theme_dark).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                let help = match e.suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known themes: {}", e.known.join(", ")),
                };
                Diagnostic::error(format!(
                    "unknown highlight theme `{}` in config.toml [markdown]",
                    e.name
                ))
                .with_path("config.toml")
                .with_help(help)
            })
            .collect()
    })
}

/// Runs everything `build` checks, without writing. Returns the assembled site (if it could
/// be) and every diagnostic.
pub fn check(opts: &BuildOptions) -> (Option<(Site, Renderer, String)>, Diagnostics) {
    let (assembled, diags, _) = assemble(opts, None);
    (assembled, diags)
}

/// How a build uses the body cache of the previous one.
#[derive(Debug, Clone, Copy)]
enum Bodies {
    /// Reuse the bodies it holds.
    Reuse,
    /// Render every body and replace the cache (it was found damaged).
    Replace,
}

/// What a build's body cache did while the site was assembled.
#[derive(Debug)]
struct CacheUse {
    /// Bodies taken from the cache instead of rendered.
    reused: usize,
    /// Whether a blob read from it (now or later in the build) fails its check.
    damage: Damage,
}

/// [`check`], or with `bodies` (a build) dropping the Markdown bodies once rendered
/// ([`SiteOptions::release_sources`]) and using the body cache.
fn assemble(opts: &BuildOptions, bodies: Option<Bodies>) -> (Option<(Site, Renderer, String)>, Diagnostics, CacheUse) {
    let release_sources = bodies.is_some();
    let mut diags = Diagnostics::new();
    let highlighter = crate::util::timing::phase("cache load", || highlighter_for(&opts.root));
    let site_options = SiteOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
        release_sources,
        check_only: !release_sources,
    };
    // Builds reuse the bodies of the previous build (`check` renders everything).
    let bodies_file = opts.root.join(".roadbook-cache").join("bodies.bin");
    let mut bodies = bodies.map(|use_| {
        crate::util::timing::phase("body cache load", || match use_ {
            Bodies::Reuse => BodyCache::open(&bodies_file, &opts.root),
            Bodies::Replace => BodyCache::replacing(&bodies_file, &opts.root),
        })
    });
    let damage = bodies.as_ref().map(BodyCache::damage).unwrap_or_default();
    let Some(site) = Site::assemble_cached(&opts.root, &site_options, &highlighter, bodies.as_mut(), &mut diags) else {
        diags.sort();
        return (None, diags, CacheUse { reused: 0, damage });
    };
    let cache_use = CacheUse {
        reused: bodies.as_ref().map_or(0, BodyCache::reused),
        damage,
    };
    // Blocks of reused bodies were not looked up, but are still in use.
    let cache = highlighter.cache();
    cache.mark_used(site.bodies.iter().flat_map(|b| b.meta.code_keys.iter().copied()));
    if let Err(e) = crate::util::timing::phase("cache save", || cache.save()) {
        diags.push(
            Diagnostic::warning(format!("cannot save the highlight cache: {e}"))
                .with_path(".roadbook-cache/highlight.bin"),
        );
    }
    if let Some(bodies) = bodies
        && let Err(e) = crate::util::timing::phase("body cache save", || bodies.save(&bodies_file))
    {
        diags.push(
            Diagnostic::warning(format!("cannot save the body cache: {e}")).with_path(".roadbook-cache/bodies.bin"),
        );
    }
    // Highlighting is over: free the cache (37 MB at 10,000 pages) and the per-thread line
    // memos before anything else is built.
    drop(highlighter);
    rayon::broadcast(|_| highlight::release_memo());
    crate::util::memory::trim();
    let css = code_stylesheet(&site).map_err(|e| diags.extend(e)).ok();
    let renderer = crate::util::timing::phase("templates", || Renderer::new(&site))
        .map_err(|e| diags.extend(e))
        .ok();
    diags.sort();
    match (css, renderer) {
        (Some(css), Some(renderer)) => (Some((site, renderer, css)), diags, cache_use),
        _ => (None, diags, cache_use),
    }
}

/// Builds the site into its output folder, atomically. On any error nothing is written and
/// every diagnostic (errors and warnings) is returned.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let (result, damage) = build_once(opts, Bodies::Reuse, started);
    if damage.found() {
        // A blob of the body cache failed its check: nothing was committed. Build again,
        // rendering every body and writing a new cache.
        return build_once(opts, Bodies::Replace, started).0;
    }
    result
}

/// One attempt of [`build`]; also returns whether the body cache was found damaged (then
/// nothing was committed).
fn build_once(opts: &BuildOptions, bodies: Bodies, started: Instant) -> (Result<BuildReport, Diagnostics>, Damage) {
    // Nothing after rendering needs the Markdown bodies (unlike `check --external`).
    let (assembled, diags, cache_use) = assemble(opts, Some(bodies));
    let result = match assembled {
        Some(assembled) => write_out(opts, assembled, diags, &cache_use, started),
        None => Err(diags),
    };
    (result, cache_use.damage)
}

/// Writes an assembled site into its output folder and commits it, unless there are errors or
/// the body cache proves damaged.
fn write_out(
    opts: &BuildOptions,
    (site, renderer, css): (Site, Renderer, String),
    mut diags: Diagnostics,
    cache_use: &CacheUse,
    started: Instant,
) -> Result<BuildReport, Diagnostics> {
    if diags.has_errors() {
        return Err(diags);
    }
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join(&site.config.build.output_dir));
    let output = if output.is_relative() {
        std::env::current_dir().unwrap_or_default().join(output)
    } else {
        output
    };
    if let Err(d) = write::check_safe(&opts.root, &output) {
        diags.push(d);
        return Err(diags);
    }
    let out = match Output::begin(&output) {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::ResourceBusy => {
            diags.push(
                Diagnostic::error(format!("the output folder is busy: {e}"))
                    .with_path(&output)
                    .with_help("wait for the other build to finish, then build again"),
            );
            return Err(diags);
        }
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("cannot create the output folder: {e}"))
                    .with_path(&output)
                    .with_help(write::output_help(&e)),
            );
            return Err(diags);
        }
    };
    let counts = write::kind_counts(&site);
    let pages_file = opts.root.join(".roadbook-cache").join("pages.bin");
    let pages = crate::util::timing::phase("page cache load", || PageCache::open(&pages_file));
    let written =
        match crate::util::timing::phase("write", || write::write_site(site, &renderer, &css, &out, Some(&pages))) {
            Ok(w) => w,
            Err(problems) => {
                diags.extend(problems);
                diags.sort();
                return Err(diags);
            }
        };
    if cache_use.damage.found() {
        return Err(diags);
    }
    if let Err(e) = crate::util::timing::phase("page cache save", || pages.save()) {
        diags.push(
            Diagnostic::warning(format!("cannot save the page cache: {e}")).with_path(".roadbook-cache/pages.bin"),
        );
    }
    if let Err(e) = crate::util::timing::phase("commit", || out.commit()) {
        diags.push(
            Diagnostic::error(format!("cannot replace the output folder: {e}"))
                .with_path(&output)
                .with_help(write::output_help(&e)),
        );
        return Err(diags);
    }
    Ok(BuildReport {
        counts,
        pages: written.pages,
        output,
        elapsed: started.elapsed(),
        warnings: diags,
        reused_bodies: cache_use.reused,
        reused_pages: pages.reused(),
    })
}

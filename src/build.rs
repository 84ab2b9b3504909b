//! `roadbook build` and `roadbook check`: the whole pipeline, load → parse → graph → render →
//! write, with every problem collected.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::highlight::{self, HighlightCache, Highlighter, SyntectEngine};
use crate::render::Renderer;
use crate::site::{Site, SiteOptions};
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
}

impl BuildReport {
    /// The one-line summary: `built 57 pages (22 topics, 5 stages, …) in 184 ms`.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {}{}", k.name(), if *n == 1 { "" } else { "s" }))
            .collect();
        format!(
            "built {} pages ({}) in {} ms",
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
    assemble(opts, false)
}

/// [`check`], optionally dropping the Markdown bodies once rendered ([`SiteOptions::release_sources`]).
fn assemble(opts: &BuildOptions, release_sources: bool) -> (Option<(Site, Renderer, String)>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let highlighter = crate::timing::phase("cache load", || highlighter_for(&opts.root));
    let site_options = SiteOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
        release_sources,
    };
    let Some(site) = Site::assemble(&opts.root, &site_options, &highlighter, &mut diags) else {
        diags.sort();
        return (None, diags);
    };
    if let Err(e) = crate::timing::phase("cache save", || highlighter.cache().save()) {
        diags.push(
            Diagnostic::warning(format!("cannot save the highlight cache: {e}"))
                .with_path(".roadbook-cache/highlight.bin"),
        );
    }
    // Highlighting is over: free the cache (37 MB at 10,000 pages) and the per-thread line
    // memos before anything else is built.
    drop(highlighter);
    rayon::broadcast(|_| highlight::release_memo());
    crate::memory::trim();
    let css = code_stylesheet(&site).map_err(|e| diags.extend(e)).ok();
    let renderer = crate::timing::phase("templates", || Renderer::new(&site))
        .map_err(|e| diags.extend(e))
        .ok();
    diags.sort();
    match (css, renderer) {
        (Some(css), Some(renderer)) => (Some((site, renderer, css)), diags),
        _ => (None, diags),
    }
}

/// Builds the site into its output folder, atomically. On any error nothing is written and
/// every diagnostic (errors and warnings) is returned.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    // Nothing after rendering needs the Markdown bodies (unlike `check --external`).
    let (assembled, mut diags) = assemble(opts, true);
    let Some((site, renderer, css)) = assembled else {
        return Err(diags);
    };
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
        Err(e) => {
            diags.push(Diagnostic::error(format!("cannot create the output folder: {e}")).with_path(&output));
            return Err(diags);
        }
    };
    let counts = write::kind_counts(&site);
    let written = match crate::timing::phase("write", || write::write_site(site, &renderer, &css, &out)) {
        Ok(w) => w,
        Err(problems) => {
            diags.extend(problems);
            diags.sort();
            return Err(diags);
        }
    };
    if let Err(e) = crate::timing::phase("commit", || out.commit()) {
        diags.push(Diagnostic::error(format!("cannot replace the output folder: {e}")).with_path(&output));
        return Err(diags);
    }
    Ok(BuildReport {
        counts,
        pages: written.pages,
        output,
        elapsed: started.elapsed(),
        warnings: diags,
    })
}

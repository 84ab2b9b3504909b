//! Writing a rendered site: pages, static files, content assets, feeds, sitemap, graph data,
//! and the subpath check of everything written ([`scan`]).

mod failure;
pub mod feed;
pub mod output;
pub mod redirect;
pub mod scan;
pub mod sitemap;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::sync::Arc;

use crate::assemble::Site;
use crate::cache::pages::PageCache;
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::render::key::PageKeys;
use crate::render::{Renderer, Route, builtin};
pub use failure::help as output_help;
pub use output::{Output, check_safe};

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// Embedded in the binary (the built-in default theme).
    Builtin(&'static [u8]),
    /// A file on disk.
    File(PathBuf),
}

impl StaticSource {
    /// The file's bytes.
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match self {
            StaticSource::Builtin(bytes) => Ok(bytes.to_vec()),
            StaticSource::File(path) => std::fs::read(path),
        }
    }
}

/// Renders one route to its final bytes (the print page with its bodies expanded), for callers
/// that keep pages in memory.
pub fn render_route(site: &Site, renderer: &Renderer, route: Route) -> Result<Vec<u8>, Diagnostic> {
    let html = renderer.render(site, route)?;
    if route != Route::Print {
        return Ok(html);
    }
    let mut out = Vec::with_capacity(html.len() * 4);
    crate::render::print::expand(&html, site, &crate::render::print_order(site), &mut out)
        .map_err(|e| Diagnostic::error(format!("cannot render the print page: {e}")))?;
    Ok(out)
}

/// Every static file of the site by output path: built-in theme, then the theme folder, then
/// the site's `static/`, then content assets (later ones win).
pub fn static_files(site: &Site) -> BTreeMap<String, StaticSource> {
    let mut files = BTreeMap::new();
    let theme = &site.config.theme;
    if theme == "default" {
        for (rel, bytes) in builtin::STATIC {
            files.insert(rel.to_string(), StaticSource::Builtin(bytes));
        }
        if site.config.font == "pretendard" {
            for (name, bytes) in builtin::FONTS {
                files.insert(format!("fonts/{name}"), StaticSource::Builtin(bytes));
            }
        }
    }
    collect_dir(&site.root.join("themes").join(theme).join("static"), &mut files);
    collect_dir(&site.root.join("static"), &mut files);
    for asset in site.assets.iter() {
        if let Some(site_path) = site.index.asset(&asset.rel) {
            files.insert(site_path.to_string(), StaticSource::File(asset.path.clone()));
        }
    }
    // Resized copies of large photos, beside their originals.
    for (site_path, file) in site.index.images().variant_files() {
        files.insert(site_path.to_string(), StaticSource::File(file.to_path_buf()));
    }
    files
}

fn collect_dir(dir: &Path, files: &mut BTreeMap<String, StaticSource>) {
    for (rel, path) in crate::util::fs::files_under(dir) {
        files.insert(rel, StaticSource::File(path));
    }
}

/// A file generated from the whole site rather than from one template: feeds, sitemap, robots,
/// graph data, the highlight stylesheet, GitHub Pages markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generated {
    /// `/atom.xml`
    Atom,
    /// `/tags/<key>/atom.xml`, by index into `site.tags`.
    TagFeed(usize),
    /// `/sitemap.xml`
    Sitemap,
    /// `/robots.txt`
    Robots,
    /// `/graph.json`
    Graph,
    /// `/css/code.css`
    CodeCss,
    /// `/.nojekyll`
    NoJekyll,
    /// `/CNAME`
    Cname,
    /// A redirect page at an old path (`aliases`), by index into `site.redirects`.
    Redirect(usize),
}

impl Generated {
    /// Every generated file of a site.
    pub fn all(site: &Site) -> Vec<Generated> {
        let mut all = vec![
            Generated::Atom,
            Generated::Sitemap,
            Generated::Robots,
            Generated::Graph,
            Generated::CodeCss,
            Generated::NoJekyll,
        ];
        all.extend(
            (0..site.tags.len())
                .filter(|&t| !site.tags[t].posts.is_empty())
                .map(Generated::TagFeed),
        );
        if site.config.build.cname.is_some() {
            all.push(Generated::Cname);
        }
        all.extend((0..site.redirects.len()).map(Generated::Redirect));
        all
    }

    /// Its path in the output.
    pub fn path(&self, site: &Site) -> String {
        match self {
            Generated::Atom => "atom.xml".into(),
            Generated::TagFeed(t) => format!("tags/{}/atom.xml", site.tags[*t].key),
            Generated::Sitemap => "sitemap.xml".into(),
            Generated::Robots => "robots.txt".into(),
            Generated::Graph => "graph.json".into(),
            Generated::CodeCss => "css/code.css".into(),
            Generated::NoJekyll => ".nojekyll".into(),
            Generated::Cname => "CNAME".into(),
            Generated::Redirect(r) => site.redirects[*r].file.clone(),
        }
    }

    /// Whether it is an Atom feed (made from its posts' entries).
    fn is_feed(&self) -> bool {
        matches!(self, Generated::Atom | Generated::TagFeed(_))
    }

    /// Its contents. Feeds read their posts' bodies, which may be in the body cache file.
    pub fn render(&self, site: &Site, routes: &[Route], code_css: &str) -> std::io::Result<Vec<u8>> {
        let entries = match self {
            Generated::Atom => feed::Entries::of(site, [site.posts.as_slice()])?,
            Generated::TagFeed(t) => feed::Entries::of(site, [site.tags[*t].posts.as_slice()])?,
            _ => feed::Entries::default(),
        };
        Ok(self.render_with(site, routes, code_css, &entries))
    }

    /// Its contents, a feed's from `entries` (which hold its posts' entries).
    fn render_with(&self, site: &Site, routes: &[Route], code_css: &str, entries: &feed::Entries) -> Vec<u8> {
        match self {
            Generated::Atom => {
                feed::atom(site, &site.posts, &site.config.title, "atom.xml", "blog/", entries).into_bytes()
            }
            Generated::TagFeed(t) => {
                let tag = &site.tags[*t];
                let title = format!("{} — #{}", site.config.title, tag.name);
                let path = self.path(site);
                feed::atom(site, &tag.posts, &title, &path, &format!("tags/{}/", tag.key), entries).into_bytes()
            }
            Generated::Sitemap => sitemap::sitemap(site, routes).into_bytes(),
            Generated::Robots => sitemap::robots(site).into_bytes(),
            Generated::Graph => crate::graph::export::to_json(&site.graph, &site.docs, &site.urls).into_bytes(),
            Generated::CodeCss => code_css.as_bytes().to_vec(),
            Generated::NoJekyll => Vec::new(),
            Generated::Cname => {
                format!("{}\n", site.config.build.cname.as_deref().unwrap_or_default().trim()).into_bytes()
            }
            Generated::Redirect(r) => redirect::page(site, &site.redirects[*r]).into_bytes(),
        }
    }
}

/// What a finished write produced.
#[derive(Debug, Default, Clone)]
pub struct Written {
    /// HTML pages written.
    pub pages: usize,
    /// Other files written.
    pub files: usize,
}

/// Renders every route and writes the whole site into `out`. Every problem is returned.
///
/// When the base path is not `/`, every text file is also scanned for root-absolute internal
/// URLs that lack it ([`scan`]): pages, generated and built-in files while their bytes are in
/// memory, copied and streamed files by reading them back.
///
/// The order keeps the build's peak memory low: pages, static files and feeds first (they are
/// what needs the rendered bodies), then the bodies' HTML is released, then the search index
/// is made from the text kept for it and written file by file as it is made.
pub fn write_site(
    mut site: Site,
    renderer: &Renderer,
    code_css: &str,
    out: &Output,
    pages: Option<&PageCache>,
) -> Result<Written, Vec<Diagnostic>> {
    let scanner = scan::Scanner::new(&site.urls);
    let (mut written, mut problems, mut findings) =
        write_pages(&site, renderer, code_css, out, scanner.as_ref(), pages);
    for body in &mut site.bodies {
        if let Some(body) = Arc::get_mut(body) {
            body.html = crate::cache::lazy::Lazy::default();
        }
    }
    crate::util::memory::trim();
    crate::util::timing::phase("search index", || {
        crate::search::build_streaming(&site.search_corpus(), crate::search::Budget::default(), |rel, bytes| {
            written.files += 1;
            match out.write(&rel, &bytes) {
                Ok(()) => findings.extend(scanner.as_ref().map(|s| s.scan(&rel, &bytes)).unwrap_or_default()),
                Err(e) => problems.push(failure::io_error("write", &rel, &e)),
            }
        })
    });
    if let Some(scanner) = &scanner {
        findings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        problems.extend(scan::diagnostics(&findings, scanner.base_path()));
    }
    if problems.is_empty() {
        Ok(written)
    } else {
        Err(failure::collapse(problems))
    }
}

/// Writes every page, static file and generated file (feeds, sitemap…): what was written, the
/// problems, and the subpath findings (not yet turned into diagnostics).
fn write_pages(
    site: &Site,
    renderer: &Renderer,
    code_css: &str,
    out: &Output,
    scanner: Option<&scan::Scanner>,
    pages: Option<&PageCache>,
) -> (Written, Vec<Diagnostic>, Vec<scan::Finding>) {
    let target = Target { out, scanner };
    let routes = Route::all(site);
    let mut results = crate::util::timing::phase("pages", || write_routes(site, renderer, &routes, &target, pages));
    crate::util::memory::trim();
    let statics = static_files(site);
    results.par_extend(statics.par_iter().map(|(rel, src)| {
        let result = match src {
            StaticSource::Builtin(bytes) => out.write(rel, bytes).map(|()| target.scan_bytes(rel, bytes)),
            StaticSource::File(path) => out.copy(path, rel).map(|()| target.scan_written(rel)),
        };
        result.map_err(|e| failure::io_error("copy", rel, &e))
    }));
    let generated = Generated::all(site);
    if !site.redirects.is_empty() {
        let files: std::collections::HashSet<String> = routes.iter().map(|r| r.output_file(site)).collect();
        let made: std::collections::HashSet<String> = generated
            .iter()
            .filter(|g| !matches!(g, Generated::Redirect(_)))
            .map(|g| g.path(site))
            .collect();
        results.extend(
            redirect::clashes(site, |file| {
                if files.contains(file) {
                    Some("a page of the site")
                } else if statics.contains_key(file) {
                    Some("a static file")
                } else if made.contains(file) {
                    Some("a generated file")
                } else {
                    None
                }
            })
            .into_iter()
            .map(Err),
        );
    }
    crate::util::timing::phase("generated", || {
        results.par_extend(write_generated(site, &routes, code_css, &generated, &target));
    });
    let (mut problems, mut findings) = (Vec::new(), Vec::new());
    for result in results {
        match result {
            Ok(found) => findings.extend(found),
            Err(d) => problems.push(d),
        }
    }
    let written = Written {
        pages: routes.len(),
        files: statics.len() + generated.len(),
    };
    (written, problems, findings)
}

/// Where files are written, and the scanner (if any) that checks their internal links.
struct Target<'a> {
    out: &'a Output,
    scanner: Option<&'a scan::Scanner>,
}

/// A written file's subpath findings, or why it could not be written.
type WriteResult = Result<Vec<scan::Finding>, Diagnostic>;

impl Target<'_> {
    /// The findings in bytes written as the file `rel`.
    fn scan_bytes(&self, rel: &str, bytes: &[u8]) -> Vec<scan::Finding> {
        self.scanner.map(|s| s.scan(rel, bytes)).unwrap_or_default()
    }

    /// The findings in the file `rel` as written (for files streamed to disk).
    fn scan_written(&self, rel: &str) -> Vec<scan::Finding> {
        self.scanner
            .map(|s| scan::scan_output(s, self.out.dir(), &[rel.to_string()]))
            .unwrap_or_default()
    }
}

/// Renders (or takes from the page cache) and writes every route's page, in parallel.
fn write_routes(
    site: &Site,
    renderer: &Renderer,
    routes: &[Route],
    target: &Target<'_>,
    pages: Option<&PageCache>,
) -> Vec<WriteResult> {
    let cache = pages.map(|pages| (pages, PageKeys::new(renderer, site)));
    routes
        .par_iter()
        .map(|&route| {
            let cached = cache.as_ref().map(|(pages, keys)| (*pages, keys));
            let html = render_page(site, renderer, route, cached)?;
            let file = route.output_file(site);
            let written = if route == Route::Print {
                let order = crate::render::print_order(site);
                target
                    .out
                    .write_with(&file, |w| crate::render::print::expand(&html, site, &order, w))
                    .map(|()| target.scan_written(&file))
            } else {
                target.out.write(&file, &html).map(|()| target.scan_bytes(&file, &html))
            };
            written.map_err(|e| failure::io_error("write", &file, &e))
        })
        .collect()
}

/// Writes the generated files, each as soon as it is made (the feeds of a large blog are
/// megabytes each); graph.json (5.7 MB at 10,000 pages) is serialized straight into its file.
/// The feeds' entries are made first, once each, and shared by the feeds that carry them.
fn write_generated(
    site: &Site,
    routes: &[Route],
    code_css: &str,
    generated: &[Generated],
    target: &Target<'_>,
) -> Vec<WriteResult> {
    // Reading a body can fail (the body cache file); then only the feeds fail.
    let entries = feed::Entries::of_site(site);
    let no_entries = feed::Entries::default();
    generated
        .par_iter()
        .map(|g| {
            let rel = g.path(site);
            let written = if *g == Generated::Graph {
                target
                    .out
                    .write_with(&rel, |w| {
                        crate::graph::export::write_json(&site.graph, &site.docs, &site.urls, w)
                    })
                    .map(|()| target.scan_written(&rel))
            } else {
                let entries = match &entries {
                    Ok(entries) => entries,
                    Err(e) if g.is_feed() => return Err(failure::io_error("write", &rel, e)),
                    Err(_) => &no_entries,
                };
                let bytes = g.render_with(site, routes, code_css, entries);
                target.out.write(&rel, &bytes).map(|()| target.scan_bytes(&rel, &bytes))
            };
            written.map_err(|e| failure::io_error("write", &rel, &e))
        })
        .collect()
}

/// Renders a route, or takes it from the page cache when its key is there (not the print
/// page: it is a placeholder page whose bodies are streamed in as it is written).
fn render_page(
    site: &Site,
    renderer: &Renderer,
    route: Route,
    cache: Option<(&PageCache, &PageKeys)>,
) -> Result<Vec<u8>, Diagnostic> {
    let Some((pages, keys)) = cache.filter(|_| route != Route::Print) else {
        return renderer.render(site, route);
    };
    let context = renderer.context(site, route)?;
    let key = keys.key(site, &context);
    if let Some(html) = pages.get(key) {
        return Ok(html);
    }
    let html = renderer.render_context(site, route, context)?;
    pages.put(key, &html);
    Ok(html)
}

/// Counts of published documents per kind, for the build summary.
pub fn kind_counts(site: &Site) -> Vec<(Kind, usize)> {
    [
        Kind::Topic,
        Kind::Stage,
        Kind::Book,
        Kind::Project,
        Kind::Post,
        Kind::Page,
    ]
    .into_iter()
    .map(|k| (k, site.count(k)))
    .collect()
}

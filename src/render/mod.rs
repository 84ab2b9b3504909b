//! Rendering pages through Tera templates.
//!
//! Every output page is a [`Route`]; [`Renderer::render`] turns one route into HTML using the
//! site's templates (site `templates/` over theme over the built-in default). Rendering reads
//! the assembled [`Site`] and never changes it, so routes render in parallel.

pub mod builtin;
pub mod context;
pub mod diagrams;
pub mod i18n;
pub mod key;
pub mod print;
pub mod svg;
pub mod templates;

use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera};

use crate::assemble::Site;
use crate::content::{Kind, Meta};
use crate::diagnostics::Diagnostic;
use context::{SiteValues, Views};
use i18n::Strings;
use templates::TemplateSet;

/// An output page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// The home page, with `_index.md` if there is one.
    Home(Option<usize>),
    /// A document's page.
    Doc(usize),
    /// A section list: `/stages/`, `/topics/`, `/projects/`, `/books/`.
    Section(Kind),
    /// A page of the blog list, 1-based (`/blog/`, `/blog/page/2/`).
    Blog(usize),
    /// `/blog/archive/`
    Archive,
    /// `/tags/`
    Tags,
    /// `/tags/<key>/`, by index into `site.tags`.
    Tag(usize),
    /// `/search/`
    Search,
    /// `/print/`
    Print,
    /// `/404.html`
    NotFound,
}

impl Route {
    /// Every route of a site.
    pub fn all(site: &Site) -> Vec<Route> {
        let home = site.docs.iter().position(|d| d.kind == Kind::Home);
        let mut routes = vec![Route::Home(home)];
        routes.extend(
            (0..site.docs.len())
                .filter(|&i| site.docs[i].kind != Kind::Home)
                .map(Route::Doc),
        );
        for kind in [Kind::Stage, Kind::Topic, Kind::Project, Kind::Book] {
            routes.push(Route::Section(kind));
        }
        let pages = site.posts.len().div_ceil(site.config.blog.paginate).max(1);
        routes.extend((1..=pages).map(Route::Blog));
        routes.push(Route::Archive);
        routes.push(Route::Tags);
        routes.extend((0..site.tags.len()).map(Route::Tag));
        routes.extend([Route::Search, Route::Print, Route::NotFound]);
        routes
    }

    /// The site path (without base path): `topics/caching/`, `blog/page/2/`, `404.html`.
    pub fn site_path(&self, site: &Site) -> String {
        match *self {
            Route::Home(_) => String::new(),
            Route::Doc(i) => site.docs[i].site_path(),
            Route::Section(kind) => format!("{}/", kind.folder()),
            Route::Blog(1) => "blog/".into(),
            Route::Blog(n) => format!("blog/page/{n}/"),
            Route::Archive => "blog/archive/".into(),
            Route::Tags => "tags/".into(),
            Route::Tag(t) => format!("tags/{}/", site.tags[t].key),
            Route::Search => "search/".into(),
            Route::Print => "print/".into(),
            Route::NotFound => "404.html".into(),
        }
    }

    /// The file the route is written to, relative to the output folder.
    pub fn output_file(&self, site: &Site) -> String {
        let path = self.site_path(site);
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path
        }
    }

    /// The template that renders the route.
    pub fn template(&self, site: &Site) -> String {
        match *self {
            Route::Home(Some(i)) | Route::Doc(i) => {
                let doc = &site.docs[i];
                if let Meta::Page(p) = &doc.meta
                    && let Some(t) = &p.template
                {
                    return t.clone();
                }
                format!("{}.html", doc.kind.name())
            }
            Route::Home(None) => "home.html".into(),
            Route::Section(kind) => format!("{}.html", kind.folder()),
            Route::Blog(_) => "blog.html".into(),
            Route::Archive => "archive.html".into(),
            Route::Tags => "tags.html".into(),
            Route::Tag(_) => "tag.html".into(),
            Route::Search => "search.html".into(),
            Route::Print => "print.html".into(),
            Route::NotFound => "404.html".into(),
        }
    }
}

/// What `<head>` needs on every page: the `meta` variable.
#[derive(Debug, Clone, Serialize)]
pub struct MetaCtx {
    /// Page title (without the site title).
    pub title: String,
    /// Meta description.
    pub description: String,
    /// URL with base path.
    pub url: String,
    /// Absolute URL (canonical, OpenGraph).
    pub permalink: String,
    /// OpenGraph type: `article` for posts, else `website`.
    pub og_type: &'static str,
    /// Publication time of a post.
    pub published: Option<String>,
    /// Kind of page (`topic`, `blog`, `tags`, …), for styling and the sidebar.
    pub kind: String,
    /// Id of the current stage (for topics and stages), to open it in the sidebar.
    pub stage: Option<String>,
    /// Id of the current page.
    pub id: String,
    /// Topics of the current stage for the sidebar: all of them, or for a stage of more than
    /// [`NAV_ALL`] topics a window around the current one: an array of
    /// [`context::NavLink`] values, the current topic's with `current: true`
    /// ([`Views::nav_array_marking`]).
    pub nav_topics: tera::Value,
    /// Whether the sidebar window leaves out topics before or after it.
    pub nav_truncated: bool,
}

/// Stages with at most this many topics list them all in the sidebar.
pub const NAV_ALL: usize = 40;
/// Topics shown on each side of the current one in a larger stage.
pub const NAV_WINDOW: usize = 10;

/// Compiled templates plus the global context of one site.
#[derive(Clone)]
pub struct Renderer {
    tera: Tera,
    templates: TemplateSet,
    strings: Strings,
    /// Every document's links, tags and post card as template values, made by
    /// [`Renderer::refresh`].
    values: Arc<SiteValues>,
    /// The global `site` variable, as given to Tera.
    site_value: tera::Value,
}

/// A page of a paginated list: the `paginator` variable.
#[derive(Debug, Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    /// Page numbers, from [`SiteValues::blog_pages`].
    pages: tera::Value,
    prev: Option<String>,
    next: Option<String>,
    /// Post cards.
    items: tera::Value,
}

#[derive(Debug, Serialize)]
struct TagCount<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

/// A year of `/blog/archive/`: the `archive` variable is a list of these, newest first.
#[derive(Debug, Serialize)]
struct ArchiveYear {
    year: i16,
    /// In the site's language: `2026년`.
    label: String,
    /// Months with posts, newest first.
    months: Vec<ArchiveMonth>,
}

#[derive(Debug, Serialize)]
struct ArchiveMonth {
    year: i16,
    month: i8,
    /// In the site's language: `2026년 11월`.
    label: String,
    /// Post cards.
    posts: Vec<tera::Value>,
}

impl Renderer {
    /// Collects and compiles the templates of the site at `site.root` and loads its UI strings.
    pub fn new(site: &Site) -> Result<Renderer, Vec<Diagnostic>> {
        let theme = &site.config.theme;
        let templates = templates::collect(&site.root, theme)?;
        let urls = site.urls.clone();
        let mut tera = templates::compile(&templates, |tera| register(tera, &urls))?;
        let strings = Strings::load(&site.root, theme, &site.config.language).map_err(|d| vec![d])?;
        tera.global_context().insert("i18n", &strings);
        let mut renderer = Renderer {
            tera,
            templates,
            strings,
            values: Arc::default(),
            site_value: tera::Value::none(),
        };
        renderer.refresh(site);
        Ok(renderer)
    }

    /// Points the `site` variable and the precomputed links and post cards at a rebuilt site
    /// (same config and templates). Every change of the site must be followed by this, or
    /// pages would show stale titles, summaries and cards.
    pub fn refresh(&mut self, site: &Site) {
        self.values = Arc::new(SiteValues::new(site, &self.strings));
        let views = Views {
            site,
            strings: &self.strings,
            values: &self.values,
        };
        self.site_value = tera::Value::from_serializable(&views.site());
        self.tera.global_context().insert_value("site", self.site_value.clone());
    }

    /// A hash of every template's text and every UI string: equal fingerprints render
    /// equal pages from equal contexts.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (name, t) in &self.templates {
            (name, &t.text).hash(&mut h);
        }
        self.strings.0.hash(&mut h);
        h.finish()
    }

    /// The UI strings.
    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    /// Whether a template with this name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// Renders one route.
    /// The page is returned as UTF-8 bytes, ready to write or serve.
    pub fn render(&self, site: &Site, route: Route) -> Result<Vec<u8>, Diagnostic> {
        self.render_context(site, route, self.context(site, route)?)
    }

    /// The template context of one route, to render with [`Renderer::render_context`] or to
    /// key a cached page by ([`key::PageKeys`]).
    pub fn context(&self, site: &Site, route: Route) -> Result<PageContext, Diagnostic> {
        let views = Views {
            site,
            strings: &self.strings,
            values: &self.values,
        };
        let mut ctx = PageContext {
            template: route.template(site),
            vars: Vec::with_capacity(4),
            content: None,
        };
        let meta = self.meta(site, &views, route);
        ctx.insert("meta", &meta);
        match route {
            Route::Home(doc) => {
                if let Some(i) = doc {
                    ctx.insert_page(&views, i);
                } else {
                    ctx.insert("page", &None::<()>);
                }
                ctx.insert_value("recent_posts", views.card_array(site.posts.iter().take(5).copied()));
                if !site.graph.learning_order.is_empty() {
                    ctx.insert_value(
                        "roadmap",
                        tera::Value::safe_string(&diagrams::roadmap(site, &self.strings)),
                    );
                }
            }
            Route::Doc(i) => {
                ctx.insert_page(&views, i);
                if site.docs[i].kind == Kind::Topic {
                    let local = diagrams::local(site, &self.strings, i);
                    if !local.is_empty() {
                        ctx.insert_value("local_graph", tera::Value::safe_string(&local));
                    }
                }
            }
            Route::Section(kind) => {
                let items = match kind {
                    Kind::Topic => views.link_array(&site.graph.learning_order),
                    Kind::Stage => views.link_array(&site.graph.stages),
                    _ => {
                        let mut list: Vec<usize> =
                            (0..site.docs.len()).filter(|&i| site.docs[i].kind == kind).collect();
                        list.sort_by(|&a, &b| site.docs[a].title.cmp(&site.docs[b].title));
                        views.link_array(&list)
                    }
                };
                let groups: Vec<SectionGroup> = if kind == Kind::Topic {
                    site.graph
                        .stages
                        .iter()
                        .map(|&s| SectionGroup {
                            stage: views.link_value(s),
                            items: views.link_array(&site.graph.of(s).topics),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                ctx.insert(
                    "section",
                    &SectionCtx {
                        kind: kind.name(),
                        title: self.strings.get(section_key(kind)),
                        items,
                        groups,
                    },
                );
            }
            Route::Blog(n) => ctx.insert("paginator", &self.paginator(site, &views, n)),
            Route::Archive => {
                // `site.posts` is newest first, so each year and month is one run.
                let mut years: Vec<ArchiveYear> = Vec::new();
                for &p in site.posts.iter() {
                    let Some(post) = site.docs[p].post() else { continue };
                    let (year, month) = (post.date.date.year(), post.date.date.month());
                    let card = views.card_value(p);
                    if years.last().is_none_or(|y| y.year != year) {
                        years.push(ArchiveYear {
                            year,
                            label: self.date_label(year, 1, "year_format", "%Y"),
                            months: Vec::new(),
                        });
                    }
                    let months = &mut years.last_mut().expect("pushed above").months;
                    match months.last_mut() {
                        Some(m) if m.month == month => m.posts.push(card),
                        _ => months.push(ArchiveMonth {
                            year,
                            month,
                            label: self.date_label(year, month, "month_format", "%Y-%m"),
                            posts: vec![card],
                        }),
                    }
                }
                ctx.insert("archive", &years);
            }
            Route::Tags => {
                let tags: Vec<TagCount> = site
                    .tags
                    .iter()
                    .filter(|t| !t.posts.is_empty())
                    .map(|t| TagCount {
                        name: &t.name,
                        url: site.urls.path(&format!("tags/{}/", t.key)),
                        count: t.posts.len(),
                    })
                    .collect();
                ctx.insert("tags", &tags);
            }
            Route::Tag(t) => {
                let tag = &site.tags[t];
                let posts = views.card_array(tag.posts.iter().copied());
                ctx.insert(
                    "tag",
                    &TagPage {
                        name: &tag.name,
                        url: site.urls.path(&format!("tags/{}/", tag.key)),
                        feed_url: site.urls.path(&format!("tags/{}/atom.xml", tag.key)),
                        posts,
                        topics: views.link_array(&tag.topics),
                    },
                );
            }
            Route::Print => {
                let pages = print::sections(site, &print_order(site));
                ctx.insert("pages", &pages);
            }
            Route::Search | Route::NotFound => {}
        }
        Ok(ctx)
    }

    /// Renders a route's context (made by [`Renderer::context`]); reads the page's body HTML
    /// if it has one.
    pub fn render_context(&self, site: &Site, route: Route, page: PageContext) -> Result<Vec<u8>, Diagnostic> {
        let PageContext {
            template,
            vars,
            content,
        } = page;
        let mut ctx = Context::new();
        for (name, value) in vars {
            let value = match content {
                Some(i) if name == "page" => with_content(value, site, i)?,
                _ => value,
            };
            ctx.insert_value(name, value);
        }
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera.render_to(&template, &ctx, &mut out).map_err(|err| {
            let mut d = templates::to_diagnostic(&err, &self.templates);
            d.message = format!("{} (rendering /{} with {template})", d.message, route.site_path(site));
            d
        })?;
        Ok(out)
    }

    fn paginator(&self, site: &Site, views: &Views, n: usize) -> Paginator {
        let per = site.config.blog.paginate;
        let total = site.posts.len().div_ceil(per).max(1);
        let url = |k: usize| site.urls.path(&Route::Blog(k).site_path(site));
        Paginator {
            current: n,
            total,
            pages: views.blog_pages(total, n),
            prev: (n > 1).then(|| url(n - 1)),
            next: (n < total).then(|| url(n + 1)),
            items: views.card_array(site.posts.iter().skip((n - 1) * per).take(per).copied()),
        }
    }

    /// The first day of a month formatted with the UI string `key` (`month_format`,
    /// `year_format`), or `fallback` when the theme has no such string.
    fn date_label(&self, year: i16, month: i8, key: &str, fallback: &str) -> String {
        let format = self.strings.0.get(key).map_or(fallback, String::as_str);
        match jiff::civil::Date::new(year, month, 1) {
            Ok(d) => d.strftime(format).to_string(),
            Err(_) => format!("{year}-{month:02}"),
        }
    }

    fn meta(&self, site: &Site, views: &Views, route: Route) -> MetaCtx {
        let path = route.site_path(site);
        let s = &self.strings;
        let (title, description, kind, id, stage, published) = match route {
            Route::Home(doc) => (
                doc.map_or(site.config.title.clone(), |i| site.docs[i].title.clone()),
                doc.map_or(site.config.description.clone(), |i| views.summary(i).to_string()),
                "home".to_string(),
                "index".to_string(),
                None,
                None,
            ),
            Route::Doc(i) => {
                let doc = &site.docs[i];
                let stage = match doc.kind {
                    Kind::Stage => Some(doc.id.clone()),
                    _ => site.graph.of(i).stage.map(|s| site.docs[s].id.clone()),
                };
                let published = doc.post().map(|p| p.date.rfc3339());
                (
                    doc.title.clone(),
                    views.summary(i).to_string(),
                    doc.kind.name().to_string(),
                    doc.id.clone(),
                    stage,
                    published,
                )
            }
            Route::Section(kind) => (
                s.get(section_key(kind)).to_string(),
                site.config.description.clone(),
                format!("{}-list", kind.name()),
                kind.folder().to_string(),
                None,
                None,
            ),
            Route::Blog(n) => {
                let title = if n == 1 {
                    s.get("blog").to_string()
                } else {
                    format!("{} ({n})", s.get("blog"))
                };
                (
                    title,
                    site.config.description.clone(),
                    "blog".into(),
                    "blog".into(),
                    None,
                    None,
                )
            }
            Route::Archive => (
                s.get("archive").to_string(),
                site.config.description.clone(),
                "archive".into(),
                "archive".into(),
                None,
                None,
            ),
            Route::Tags => (
                s.get("tags").to_string(),
                site.config.description.clone(),
                "tags".into(),
                "tags".into(),
                None,
                None,
            ),
            Route::Tag(t) => (
                format!("#{}", site.tags[t].name),
                site.config.description.clone(),
                "tag".into(),
                site.tags[t].key.clone(),
                None,
                None,
            ),
            Route::Search => (
                s.get("search").to_string(),
                site.config.description.clone(),
                "search".into(),
                "search".into(),
                None,
                None,
            ),
            Route::Print => (
                s.get("print_title").to_string(),
                site.config.description.clone(),
                "print".into(),
                "print".into(),
                None,
                None,
            ),
            Route::NotFound => (
                s.get("not_found").to_string(),
                site.config.description.clone(),
                "404".into(),
                "404".into(),
                None,
                None,
            ),
        };
        let stage_doc = stage
            .as_ref()
            .and_then(|id| site.index.lookup(Some(Kind::Stage), id).found());
        let (nav_topics, nav_truncated) = match stage_doc {
            Some(s) => {
                let topics = &site.graph.of(s).topics;
                let current = match route {
                    Route::Doc(i) if site.docs[i].kind == Kind::Topic => topics.iter().position(|&t| t == i),
                    _ => None,
                };
                // A topic's own link is marked for `aria-current`.
                let marked = current.map(|k| topics[k]);
                if topics.len() <= NAV_ALL {
                    (views.nav_array_marking(topics, marked), false)
                } else {
                    let at = current.unwrap_or(0);
                    let window = &topics[at.saturating_sub(NAV_WINDOW)..(at + NAV_WINDOW + 1).min(topics.len())];
                    (views.nav_array_marking(window, marked), true)
                }
            }
            None => (views.nav_array(&[]), false),
        };
        MetaCtx {
            nav_topics,
            nav_truncated,
            title,
            description: crate::parse::text::truncate(&description, 160),
            url: site.urls.path(&path),
            permalink: site.urls.absolute(&path),
            og_type: if published.is_some() { "article" } else { "website" },
            published,
            kind,
            stage,
            id,
        }
    }
}

#[derive(Debug, Serialize)]
struct SectionCtx<'a> {
    kind: &'static str,
    title: &'a str,
    /// Links ([`context::LinkCtx`] values).
    items: tera::Value,
    /// For `/topics/`: the topics by stage.
    groups: Vec<SectionGroup>,
}

#[derive(Debug, Serialize)]
struct SectionGroup {
    /// A link value.
    stage: tera::Value,
    /// Link values.
    items: tera::Value,
}

#[derive(Debug, Serialize)]
struct TagPage<'a> {
    name: &'a str,
    url: String,
    feed_url: String,
    /// Post cards.
    posts: tera::Value,
    /// Link values.
    topics: tera::Value,
}

fn section_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Stage => "stages",
        Kind::Topic => "topics",
        Kind::Project => "projects",
        Kind::Book => "books",
        Kind::Post => "blog",
        Kind::Page | Kind::Home => "pages",
    }
}

/// The handbook in learning order for `/print/`: each stage followed by its topics, then
/// projects, then books.
pub fn print_order(site: &Site) -> Vec<usize> {
    let mut order = Vec::new();
    for &s in &site.graph.stages {
        order.push(s);
        order.extend(
            site.graph
                .learning_order
                .iter()
                .copied()
                .filter(|&t| site.graph.of(t).stage == Some(s)),
        );
    }
    order.extend(
        site.graph
            .learning_order
            .iter()
            .copied()
            .filter(|&t| site.graph.of(t).stage.is_none()),
    );
    let mut rest: Vec<usize> = (0..site.docs.len())
        .filter(|&i| matches!(site.docs[i].kind, Kind::Project | Kind::Book))
        .collect();
    rest.sort_by_key(|&i| (site.docs[i].kind, site.docs[i].title.clone()));
    order.extend(rest);
    order
}

/// Registers roadbook's template functions (before templates are added, as Tera 2 requires).
fn register(tera: &mut Tera, urls: &crate::util::url::Urls) {
    let urls = urls.clone();
    tera.register_function(
        "url",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            // Borrowed, not copied, when it is a string (as it always is in practice); other
            // values are formatted exactly as a `String` argument would be.
            let path: std::borrow::Cow<str> = kwargs.must_get("path")?;
            Ok(urls.path(&path))
        },
    );
    // Tera's own `safe` copies the string; a page's body and graphs are tens of kilobytes, so
    // this one marks the same (shared) string safe instead. Other values are formatted as the
    // built-in filter formats them.
    tera.register_filter(
        "safe",
        |value: tera::Value, _: tera::Kwargs, _: &tera::State| -> tera::Value {
            if value.as_str().is_some() {
                value.mark_safe()
            } else {
                tera::Value::safe_string(&value.to_string())
            }
        },
    );
}

/// A route's template context, made but not rendered: the template, then the variables in the
/// order they were made. A document page's body HTML (`page.content`, tens of kilobytes, maybe
/// in the body cache file) is added only when the page is rendered, so a page taken from the
/// page cache never reads it: [`key::PageKeys`] keys it by its hash.
#[derive(Debug)]
pub struct PageContext {
    template: String,
    vars: Vec<(&'static str, tera::Value)>,
    /// The document whose body HTML becomes `page.content`.
    content: Option<usize>,
}

impl PageContext {
    fn insert(&mut self, name: &'static str, value: &(impl Serialize + ?Sized)) {
        self.insert_value(name, tera::Value::from_serializable(value));
    }

    fn insert_value(&mut self, name: &'static str, value: tera::Value) {
        self.vars.push((name, value));
    }

    /// Document `i` as the `page` variable.
    fn insert_page(&mut self, views: &Views, i: usize) {
        self.insert("page", &views.page(i));
        self.content = Some(i);
    }

    /// The template that renders the page.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The variables, in the order they were made (`page` without its `content`).
    pub fn vars(&self) -> &[(&'static str, tera::Value)] {
        &self.vars
    }

    /// The document whose body HTML becomes `page.content`, if any.
    pub fn content(&self) -> Option<usize> {
        self.content
    }
}

/// The `page` value with document `i`'s body HTML as its `content`.
fn with_content(page: tera::Value, site: &Site, i: usize) -> Result<tera::Value, Diagnostic> {
    let doc = &site.docs[i];
    let html = site.bodies[i]
        .html
        .text()
        .map_err(|e| Diagnostic::error(e.to_string()).with_path(&doc.source.path))?;
    let mut map = page.into_map().unwrap_or_default();
    map.insert("content".into(), tera::Value::from(html.into_owned()));
    Ok(tera::Value::from(map))
}

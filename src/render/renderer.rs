//! The [`Renderer`]: a site's compiled templates and global variables, which turn a [`Route`]
//! into HTML.

use std::sync::Arc;

use tera::{Context, Tera};

use super::context::{SiteValues, Views};
use super::i18n::Strings;
use super::page_context::{PageContext, with_content};
use super::route::Route;
use super::templates::{self, TemplateSet};
use crate::assemble::Site;
use crate::diagnostics::Diagnostic;

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

    /// Every document's links, tags and post card as template values (shared by pages, which
    /// [`PageKeys`](super::key::PageKeys) hashes once).
    pub(super) fn values(&self) -> &Arc<SiteValues> {
        &self.values
    }

    /// The global `site` variable.
    pub(super) fn site_value(&self) -> &tera::Value {
        &self.site_value
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
    /// key a cached page by ([`PageKeys`](super::key::PageKeys)).
    pub fn context(&self, site: &Site, route: Route) -> Result<PageContext, Diagnostic> {
        let views = Views {
            site,
            strings: &self.strings,
            values: &self.values,
        };
        Ok(super::variables::of(site, &views, &self.strings, route))
    }

    /// Renders a route's context (made by [`Renderer::context`]); reads the page's body HTML
    /// and draws its drawing if it has them.
    pub fn render_context(&self, site: &Site, route: Route, page: PageContext) -> Result<Vec<u8>, Diagnostic> {
        let PageContext {
            template,
            vars,
            content,
            drawing,
        } = page;
        let mut ctx = Context::new();
        for (name, value) in vars {
            let value = match content {
                Some(i) if name == "page" => with_content(value, site, i)?,
                _ => value,
            };
            ctx.insert_value(name, value);
        }
        if let Some((drawing, _)) = drawing {
            let svg = drawing.svg(site, &self.strings);
            ctx.insert_value(drawing.variable(), tera::Value::safe_string(&svg));
        }
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera.render_to(&template, &ctx, &mut out).map_err(|err| {
            let mut d = templates::to_diagnostic(&err, &self.templates);
            d.message = format!("{} (rendering /{} with {template})", d.message, route.site_path(site));
            d
        })?;
        Ok(out)
    }
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

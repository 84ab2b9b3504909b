//! Every output page of a site as a [`Route`]: its path, its file and its template.

use crate::assemble::Site;
use crate::content::{Kind, Meta};

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
    /// `/series/`, when the site has a series.
    SeriesIndex,
    /// `/series/<key>/`, by index into `site.series`.
    Series(usize),
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
        if !site.series.is_empty() {
            routes.push(Route::SeriesIndex);
            routes.extend((0..site.series.len()).map(Route::Series));
        }
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
            Route::SeriesIndex => "series/".into(),
            Route::Series(s) => format!("series/{}/", site.series[s].key),
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
            Route::SeriesIndex => "series-list.html".into(),
            Route::Series(_) => "series.html".into(),
            Route::Search => "search.html".into(),
            Route::Print => "print.html".into(),
            Route::NotFound => "404.html".into(),
        }
    }
}

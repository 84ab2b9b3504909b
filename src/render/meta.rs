//! The `meta` variable of every page: what `<head>` and the page chrome need (title,
//! description, URLs, OpenGraph type, the current section and stage, the sidebar's lists).

use serde::Serialize;

use super::context::Views;
use super::context::shapes::NavLink;
use super::context::views::marked_current;
use super::i18n::{Strings, section_key};
use super::route::Route;
use super::sections::{Section, SideItems, SideList};
use crate::assemble::Site;
use crate::content::Kind;

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
    /// The absolute URL of a post's `image`, for link previews (`og:image`).
    pub image: Option<String>,
    /// Kind of page (`topic`, `blog`, `tags`, …), for styling and the sidebar.
    pub kind: String,
    /// The top navigation's section the page is in: `roadmap`, `projects`, `blog` or `books`;
    /// none for the search page, the 404 page and free pages.
    pub section: Option<&'static str>,
    /// Whether the page is its section's own page (the home page, `/projects/`, `/blog/`,
    /// `/books/`): its top navigation link gets `aria-current="page"`, else `"true"`.
    pub section_home: bool,
    /// The sidebar's list on a page outside the roadmap: projects, books, posts around the
    /// current one, or tags ([`SideListCtx`]); none on roadmap pages, which show the stages.
    pub side: Option<SideListCtx>,
    /// Id of the current stage (for topics and stages), to open it in the sidebar.
    pub stage: Option<String>,
    /// Id of the current page.
    pub id: String,
    /// Topics of the current stage for the sidebar: all of them, or for a stage of more than
    /// [`NAV_ALL`] topics a window around the current one: an array of
    /// [`NavLink`] values, the current topic's with `current: true`
    /// ([`Views::nav_array_marking`](super::context::Views::nav_array_marking)).
    pub nav_topics: tera::Value,
    /// Whether the sidebar window leaves out topics before or after it.
    pub nav_truncated: bool,
}

/// The sidebar's list of a section (`meta.side`).
#[derive(Debug, Clone, Serialize)]
pub struct SideListCtx {
    /// The section: `projects`, `books`, `blog` or `tags`.
    pub kind: &'static str,
    /// Heading of the list.
    pub title: String,
    /// The section's page, which the heading links to.
    pub url: String,
    /// Nav links (`kind`, `id`, `title`, `url`); the current page's with `current: true`. A
    /// tag's `kind` is `tag` and its `title` the tag's name.
    pub items: tera::Value,
    /// Whether the list is a window of a longer one.
    pub truncated: bool,
    /// Where the whole list is (the archive for posts), and its link text.
    pub more_url: String,
    /// Link text for `more_url`.
    pub more: String,
}

/// Stages with at most this many topics list them all in the sidebar.
pub const NAV_ALL: usize = 40;
/// Topics shown on each side of the current one in a larger stage.
pub const NAV_WINDOW: usize = 10;

/// The `meta` variable of `route`.
pub fn of(site: &Site, views: &Views, strings: &Strings, route: Route) -> MetaCtx {
    let path = route.site_path(site);
    let Titles {
        title,
        description,
        kind,
        id,
        stage,
        published,
    } = titles(site, views, strings, route);
    let (nav_topics, nav_truncated) = sidebar(site, views, route, stage.as_deref());
    let section = Section::of(site, route);
    MetaCtx {
        nav_topics,
        nav_truncated,
        section: section.map(Section::name),
        section_home: matches!(
            route,
            Route::Home(_) | Route::Blog(1) | Route::Section(Kind::Project | Kind::Book)
        ),
        side: views
            .values
            .side
            .list(site, route)
            .map(|list| side_list(site, views, strings, &list)),
        title,
        description: crate::parse::text::truncate(&description, 160),
        url: site.urls.path(&path),
        permalink: site.urls.absolute(&path),
        og_type: if published.is_some() { "article" } else { "website" },
        image: match route {
            Route::Doc(i) => site.docs[i]
                .post()
                .and_then(|p| p.image.as_deref())
                .map(|image| image_url(site, &path, image)),
            _ => None,
        },
        published,
        kind,
        stage,
        id,
    }
}

/// The absolute URL of an image a page at `page_path` names: a URL as it is, a root-relative
/// path under the base path, anything else relative to the page (a file beside a post).
fn image_url(site: &Site, page_path: &str, image: &str) -> String {
    if image.starts_with("https://") || image.starts_with("http://") {
        image.to_string()
    } else if image.starts_with('/') {
        site.urls.absolute(image)
    } else {
        site.urls
            .absolute(&format!("{page_path}{}", image.trim_start_matches("./")))
    }
}

/// What names a page: see [`MetaCtx`]'s fields of the same names.
struct Titles {
    title: String,
    description: String,
    kind: String,
    id: String,
    stage: Option<String>,
    published: Option<String>,
}

impl Titles {
    /// A list page of the site: its title, the site's description, its kind and id.
    fn list(title: impl Into<String>, site: &Site, kind: &str, id: &str) -> Titles {
        Titles {
            title: title.into(),
            description: site.config.description.clone(),
            kind: kind.to_string(),
            id: id.to_string(),
            stage: None,
            published: None,
        }
    }
}

fn titles(site: &Site, views: &Views, s: &Strings, route: Route) -> Titles {
    match route {
        Route::Home(doc) => Titles {
            description: doc.map_or(site.config.description.clone(), |i| views.summary(i).to_string()),
            ..Titles::list(
                doc.map_or(site.config.title.clone(), |i| site.docs[i].title.clone()),
                site,
                "home",
                "index",
            )
        },
        Route::Doc(i) => {
            let doc = &site.docs[i];
            let stage = match doc.kind {
                Kind::Stage => Some(doc.id.clone()),
                _ => site.graph.of(i).stage.map(|s| site.docs[s].id.clone()),
            };
            Titles {
                title: doc.title.clone(),
                description: views.summary(i).to_string(),
                kind: doc.kind.name().to_string(),
                id: doc.id.clone(),
                stage,
                published: doc.post().map(|p| p.date.rfc3339()),
            }
        }
        Route::Section(kind) => Titles::list(
            s.get(section_key(kind)),
            site,
            &format!("{}-list", kind.name()),
            kind.folder(),
        ),
        Route::Blog(1) => Titles::list(s.get("blog"), site, "blog", "blog"),
        Route::Blog(n) => Titles::list(format!("{} ({n})", s.get("blog")), site, "blog", "blog"),
        Route::Archive => Titles::list(s.get("archive"), site, "archive", "archive"),
        Route::Tags => Titles::list(s.get("tags"), site, "tags", "tags"),
        Route::Tag(t) => Titles::list(format!("#{}", site.tags[t].name), site, "tag", &site.tags[t].key),
        Route::SeriesIndex => Titles::list(s.get("series"), site, "series-list", "series"),
        Route::Series(k) => Titles::list(site.series[k].name.clone(), site, "series", &site.series[k].key),
        Route::Search => Titles::list(s.get("search"), site, "search", "search"),
        Route::Print => Titles::list(s.get("print_title"), site, "print", "print"),
        Route::NotFound => Titles::list(s.get("not_found"), site, "404", "404"),
    }
}

/// The sidebar's topics for a page of the stage `stage`: all of the stage's topics, or a
/// window around the current one in a large stage; whether the window leaves some out.
fn sidebar(site: &Site, views: &Views, route: Route, stage: Option<&str>) -> (tera::Value, bool) {
    let Some(s) = stage.and_then(|id| site.index.lookup(Some(Kind::Stage), id).found()) else {
        return (views.nav_array(&[]), false);
    };
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

/// The template value of a sidebar list.
fn side_list(site: &Site, views: &Views, strings: &Strings, list: &SideList) -> SideListCtx {
    let (kind, title, page, more, more_page) = match (list.section, list.kind) {
        (_, SideItems::Tags) => ("tags", "tags", "tags/", "tags", "tags/"),
        (Section::Blog, _) => ("blog", "recent_posts", "blog/", "all_posts", "blog/archive/"),
        (Section::Books, _) => ("books", "books", "books/", "books", "books/"),
        _ => ("projects", "projects", "projects/", "projects", "projects/"),
    };
    let items = match list.kind {
        SideItems::Docs => views.nav_array_marking(&list.items, list.current),
        SideItems::Tags => list
            .items
            .iter()
            .map(|&t| {
                let tag = &site.tags[t];
                let url = site.urls.path(&Route::Tag(t).site_path(site));
                let value = tera::Value::from_serializable(&NavLink {
                    kind: "tag",
                    id: &tag.key,
                    title: &tag.name,
                    url: &url,
                });
                if list.current == Some(t) {
                    marked_current(&value)
                } else {
                    value
                }
            })
            .collect::<Vec<_>>()
            .into(),
    };
    SideListCtx {
        kind,
        title: strings.get(title).to_string(),
        url: site.urls.path(page),
        items,
        truncated: list.truncated,
        more_url: site.urls.path(more_page),
        more: strings.get(more).to_string(),
    }
}

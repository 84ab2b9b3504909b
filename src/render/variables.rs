//! The template variables of each route (besides `site` and `i18n`, which every page shares):
//! `meta` everywhere, `page` on document pages, and each list page's own (`section`,
//! `paginator`, `archive`, `tags`, `tag`, `pages`). `docs/templates.md` documents them.

use serde::Serialize;

use super::context::{SeriesCtx, Views};
use super::diagrams::Drawing;
use super::i18n::{Strings, section_key};
use super::page_context::PageContext;
use super::route::Route;
use super::{meta, print};
use crate::assemble::Site;
use crate::content::Kind;

/// The variables of `route`.
pub fn of(site: &Site, views: &Views, strings: &Strings, route: Route) -> PageContext {
    let mut ctx = PageContext {
        template: route.template(site),
        vars: Vec::with_capacity(4),
        content: None,
        drawing: None,
    };
    ctx.insert("meta", &meta::of(site, views, strings, route));
    match route {
        Route::Home(doc) => home(&mut ctx, site, views, strings, doc),
        Route::Doc(i) => {
            ctx.insert_page(views, i);
            let drawing = match site.docs[i].kind {
                Kind::Topic => Some(Drawing::Local(i)),
                Kind::Stage => Some(Drawing::Stage(i)),
                _ => None,
            };
            ctx.drawing = drawing.and_then(|d| Some((d, d.key(site, strings)?)));
        }
        Route::Section(kind) => ctx.insert("section", &section(site, views, strings, kind)),
        Route::Blog(n) => ctx.insert("paginator", &paginator(site, views, n)),
        Route::Archive => ctx.insert("archive", &archive(site, views, strings)),
        Route::Tags => ctx.insert("tags", &tag_counts(site)),
        Route::Tag(t) => ctx.insert("tag", &tag_page(site, views, t)),
        Route::SeriesIndex => {
            let list: Vec<SeriesCtx> = (0..site.series.len())
                .map(|k| series_ctx(site, views, strings, k, false))
                .collect();
            ctx.insert("series_list", &list);
        }
        Route::Series(k) => ctx.insert("series", &series_ctx(site, views, strings, k, true)),
        Route::Print => {
            let order = print::print_order(site);
            ctx.insert("pages", &print::sections(site, &order));
            ctx.insert("contents", &print::contents(site, &order));
        }
        Route::Search | Route::NotFound => {}
    }
    ctx
}

/// The home page: its own text (if `_index.md` exists), recent posts and the roadmap.
fn home(ctx: &mut PageContext, site: &Site, views: &Views, strings: &Strings, doc: Option<usize>) {
    if let Some(i) = doc {
        ctx.insert_page(views, i);
    } else {
        ctx.insert("page", &None::<()>);
    }
    ctx.insert_value("recent_posts", views.card_array(site.posts.iter().take(5).copied()));
    ctx.drawing = Drawing::Roadmap.key(site, strings).map(|key| (Drawing::Roadmap, key));
}

#[derive(Debug, Serialize)]
struct SectionCtx<'a> {
    kind: &'static str,
    title: &'a str,
    /// Links ([`LinkCtx`](super::context::shapes::LinkCtx) values).
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

/// A section list (`/stages/`, `/topics/`, …): topics in learning order and by stage, stages
/// in roadmap order, anything else by title.
fn section<'a>(site: &Site, views: &Views, strings: &'a Strings, kind: Kind) -> SectionCtx<'a> {
    let items = match kind {
        Kind::Topic => views.link_array(&site.graph.learning_order),
        Kind::Stage => views.link_array(&site.graph.stages),
        Kind::Project => views.link_array(&views.values.side.projects),
        Kind::Book => views.link_array(&views.values.side.books),
        _ => views.link_array(&super::sections::by_title(site, kind)),
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
    SectionCtx {
        kind: kind.name(),
        title: strings.get(section_key(kind)),
        items,
        groups,
    }
}

/// A page of a paginated list: the `paginator` variable.
#[derive(Debug, Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    /// Page numbers, from [`SiteValues::blog_pages`](super::context::SiteValues).
    pages: tera::Value,
    prev: Option<String>,
    next: Option<String>,
    /// Post cards.
    items: tera::Value,
}

/// Page `n` (1-based) of the blog list.
fn paginator(site: &Site, views: &Views, n: usize) -> Paginator {
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

/// Every post by year and month, newest first.
fn archive(site: &Site, views: &Views, strings: &Strings) -> Vec<ArchiveYear> {
    // `site.posts` is newest first, so each year and month is one run.
    let mut years: Vec<ArchiveYear> = Vec::new();
    for &p in site.posts.iter() {
        let Some(post) = site.docs[p].post() else { continue };
        let (year, month) = (post.date.date.year(), post.date.date.month());
        let card = views.card_value(p);
        if years.last().is_none_or(|y| y.year != year) {
            years.push(ArchiveYear {
                year,
                label: date_label(strings, year, 1, "year_format", "%Y"),
                months: Vec::new(),
            });
        }
        let Some(current) = years.last_mut() else { continue };
        match current.months.last_mut() {
            Some(m) if m.month == month => m.posts.push(card),
            _ => current.months.push(ArchiveMonth {
                year,
                month,
                label: date_label(strings, year, month, "month_format", "%Y-%m"),
                posts: vec![card],
            }),
        }
    }
    years
}

/// The first day of a month formatted with the UI string `key` (`month_format`,
/// `year_format`), or `fallback` when the theme has no such string.
fn date_label(strings: &Strings, year: i16, month: i8, key: &str, fallback: &str) -> String {
    let format = strings.0.get(key).map_or(fallback, String::as_str);
    match jiff::civil::Date::new(year, month, 1) {
        Ok(d) => d.strftime(format).to_string(),
        Err(_) => format!("{year}-{month:02}"),
    }
}

#[derive(Debug, Serialize)]
struct TagCount<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

/// `/tags/`: every tag that posts carry, with its post count.
fn tag_counts(site: &Site) -> Vec<TagCount<'_>> {
    site.tags
        .iter()
        .filter(|t| !t.posts.is_empty())
        .map(|t| TagCount {
            name: &t.name,
            url: site.urls.path(&format!("tags/{}/", t.key)),
            count: t.posts.len(),
        })
        .collect()
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

/// `/tags/<key>/`: the tag's posts and topics.
fn tag_page<'a>(site: &'a Site, views: &Views, t: usize) -> TagPage<'a> {
    let tag = &site.tags[t];
    TagPage {
        name: &tag.name,
        url: site.urls.path(&format!("tags/{}/", tag.key)),
        feed_url: site.urls.path(&format!("tags/{}/atom.xml", tag.key)),
        posts: views.card_array(tag.posts.iter().copied()),
        topics: views.link_array(&tag.topics),
    }
}

/// Series `k` for `/series/` (without its posts) or for its own page (`with_posts`).
fn series_ctx<'a>(site: &'a Site, views: &Views, strings: &Strings, k: usize, with_posts: bool) -> SeriesCtx<'a> {
    let series = &site.series[k];
    SeriesCtx {
        name: &series.name,
        url: site.urls.path(&format!("series/{}/", series.key)),
        count: series.posts.len(),
        label: strings
            .get("series_count")
            .replace("{count}", &series.posts.len().to_string()),
        posts: if with_posts {
            views.card_array(series.posts.iter().copied())
        } else {
            tera::Value::from(Vec::<tera::Value>::new())
        },
    }
}

//! What templates see: serializable views of pages, links, dates and lists, built from the
//! [`Site`]. Every field always exists (absent values are `null` or empty lists), so templates
//! can test them with `{% if %}` without tripping Tera's strict undefined check.
//! docs/templates.md lists every variable.

use serde::Serialize;

use crate::assemble::{Site, tag_key};
use crate::content::{Document, Kind, Meta, ResourceKind};
use crate::parse::TocEntry;

use super::i18n::Strings;

/// A link to a page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkCtx<'a> {
    /// Page kind.
    pub kind: &'static str,
    /// Id or slug.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// URL with the base path.
    pub url: &'a str,
    /// Summary (front matter, or the start of the text).
    pub summary: &'a str,
}

/// A date in the forms templates need.
#[derive(Debug, Clone, Serialize)]
pub struct DateCtx {
    /// `2026-11-20`
    pub iso: String,
    /// RFC 3339 instant.
    pub rfc3339: String,
    /// In the site's language: `2026년 11월 20일`.
    pub display: String,
    /// Year, for archives.
    pub year: i16,
    /// Month 1–12, for archives.
    pub month: i8,
}

/// A tag link.
#[derive(Debug, Clone, Serialize)]
pub struct TagCtx<'a> {
    /// The tag as written.
    pub name: &'a str,
    /// `/tags/<key>/`.
    pub url: String,
}

/// A post in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PostCard<'a> {
    /// Link to the post.
    #[serde(flatten)]
    pub link: LinkCtx<'a>,
    /// Publication date.
    pub date: Option<DateCtx>,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Minutes to read in the UI language ([`Views::reading_time`]).
    pub reading_time: String,
    /// Tags: an array of [`TagCtx`].
    pub tags: tera::Value,
    /// Topics the post is a note for: an array of [`LinkCtx`].
    pub topics: tera::Value,
    /// Whether the post is a draft (only with `--drafts`).
    pub draft: bool,
}

/// Resources of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceGroup<'a> {
    /// docs, article, …
    pub kind: &'static str,
    /// The kind's label in the UI language.
    pub label: &'a str,
    /// The resources.
    pub items: Vec<&'a crate::content::Resource>,
}

/// One page: the `page` variable.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx<'a> {
    /// Page kind.
    pub kind: &'static str,
    /// Id or slug.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// For meta descriptions and lists: summary, else the start of the text.
    pub summary: &'a str,
    /// URL with base path.
    pub url: &'a str,
    /// Absolute URL.
    pub permalink: String,
    /// `##`/`###` headings.
    pub toc: Vec<TocEntry>,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Minutes to read in the UI language ([`Views::reading_time`]).
    pub reading_time: String,
    /// Tags: an array of [`TagCtx`] from [`SiteValues::tags`].
    pub tags: tera::Value,
    /// Draft post shown with `--drafts`.
    pub draft: bool,
    /// Post date.
    pub date: Option<DateCtx>,
    /// Post `updated`, as written in front matter.
    pub updated: Option<DateCtx>,
    /// When the page last changed: `updated`, else the file's last commit date (git checkouts
    /// only). For a post, only when it falls on a later day than `date`.
    pub last_updated: Option<DateCtx>,
    // The links and cards below are arrays of [`LinkCtx`] and [`PostCard`] values made of
    // [`SiteValues`], so that each costs a reference count rather than a serialization.
    /// Stage of a topic or project: a [`LinkCtx`].
    pub stage: Option<tera::Value>,
    /// Topics this topic requires.
    pub prerequisites: tera::Value,
    /// Topics that require this one.
    pub unlocks: tera::Value,
    /// Related topics.
    pub related: tera::Value,
    /// Pages that link here.
    pub backlinks: tera::Value,
    /// Study notes (posts) on this topic, newest first: [`PostCard`]s.
    pub notes: tera::Value,
    /// Books.
    pub books: tera::Value,
    /// Practice projects.
    pub projects: tera::Value,
    /// Topics of a stage (learning order), book, project or post.
    pub topics: tera::Value,
    /// The learning path to this topic (transitive prerequisites in order): an array of nav
    /// links (no summaries), made of [`SiteValues::nav`].
    pub path: tera::Value,
    /// Previous page (learning order for topics, date for posts, order for stages): a
    /// [`LinkCtx`].
    pub prev: Option<tera::Value>,
    /// Next page.
    pub next: Option<tera::Value>,
    /// Resources grouped by kind.
    pub resources: Vec<ResourceGroup<'a>>,
    /// Stage duration.
    pub duration: Option<&'a str>,
    /// Whether a stage is the parallel track.
    pub parallel: bool,
    /// Book author.
    pub author: Option<&'a str>,
    /// Book year.
    pub year: Option<i64>,
    /// Book ISBN.
    pub isbn: Option<&'a str>,
    /// Book's external page.
    pub external_url: Option<&'a str>,
    /// Link to edit the source file (with `[repository]`).
    pub edit_url: Option<String>,
    /// Checklist items in the body.
    pub tasks: usize,
}

/// Builds template views of a [`Site`].
pub struct Views<'a> {
    /// The site.
    pub site: &'a Site,
    /// UI strings.
    pub strings: &'a Strings,
    /// Template values computed once for the site ([`SiteValues::new`]).
    pub values: &'a SiteValues,
}

/// Template values of every document, computed once per site and shared by every page: a
/// page clones them (a reference count each) instead of serializing the same links, tags and
/// post cards again. They must be recomputed whenever the site changes
/// ([`super::Renderer::refresh`]).
#[derive(Debug, Clone, Default)]
pub struct SiteValues {
    /// Each document's nav link (kind, id, title, url), by document index.
    pub nav: Vec<tera::Value>,
    /// Each document's [`LinkCtx`], by document index.
    pub links: Vec<tera::Value>,
    /// Each document's tags, an array of [`TagCtx`], by document index.
    pub tags: Vec<tera::Value>,
    /// Each post's [`PostCard`], by document index (`none` for other documents).
    pub cards: Vec<tera::Value>,
    /// The blog list's page numbers, by page number - 1: each as the `paginator.pages` entry
    /// of another page and of the current one (`[other, current]`).
    pub blog_pages: Vec<[tera::Value; 2]>,
}

/// An entry of `paginator.pages`.
#[derive(Debug, Serialize)]
struct PageNumber {
    number: usize,
    url: String,
    current: bool,
}

impl SiteValues {
    /// The values of every document of `site` (in parallel: a large site has tens of
    /// thousands).
    pub fn new(site: &Site, strings: &Strings) -> SiteValues {
        use rayon::prelude::*;
        let empty = SiteValues::default();
        let views = Views {
            site,
            strings,
            values: &empty,
        };
        let all = 0..site.docs.len();
        let per_doc = |f: &(dyn Fn(usize) -> tera::Value + Sync)| all.clone().into_par_iter().map(f).collect();
        let mut values = SiteValues {
            nav: per_doc(&|i| tera::Value::from_serializable(&nav_link(site, i))),
            links: per_doc(&|i| tera::Value::from_serializable(&views.link(i))),
            tags: per_doc(&|i| tera::Value::from_serializable(&views.tags(i))),
            cards: Vec::new(),
            blog_pages: blog_pages(site),
        };
        // Second, as cards are made of the links and tags above. A card does not depend on
        // the page showing it, so one value serves them all.
        let views = Views {
            site,
            strings,
            values: &values,
        };
        let cards = per_doc(&|i| match site.docs[i].kind {
            Kind::Post => tera::Value::from_serializable(&views.post_card(i)),
            _ => tera::Value::none(),
        });
        values.cards = cards;
        values
    }
}

/// The `paginator.pages` entries of the blog list (see [`SiteValues::blog_pages`]).
fn blog_pages(site: &Site) -> Vec<[tera::Value; 2]> {
    let total = site.posts.len().div_ceil(site.config.blog.paginate).max(1);
    (1..=total)
        .map(|number| {
            let url = site.urls.path(&super::route::Route::Blog(number).site_path(site));
            [false, true].map(|current| {
                tera::Value::from_serializable(&PageNumber {
                    number,
                    url: url.clone(),
                    current,
                })
            })
        })
        .collect()
}

/// The nav link to document `i`.
fn nav_link(site: &Site, i: usize) -> NavLink<'_> {
    let doc = &site.docs[i];
    NavLink {
        kind: doc.kind.name(),
        id: &doc.id,
        title: &doc.title,
        url: &site.links[i].url,
    }
}

impl<'a> Views<'a> {
    /// A link to document `i`.
    pub fn link(&self, i: usize) -> LinkCtx<'a> {
        let doc = &self.site.docs[i];
        let link = &self.site.links[i];
        LinkCtx {
            kind: doc.kind.name(),
            id: &doc.id,
            title: &doc.title,
            url: &link.url,
            summary: &link.summary,
        }
    }

    /// Navigation links (without summaries) to documents.
    pub fn nav_links(&self, list: &[usize]) -> Vec<NavLink<'a>> {
        list.iter().map(|&i| nav_link(self.site, i)).collect()
    }

    /// Nav links to documents as one template array, from [`SiteValues::nav`].
    pub fn nav_array(&self, list: &[usize]) -> tera::Value {
        list.iter().map(|&i| self.nav_value(i)).collect::<Vec<_>>().into()
    }

    /// The nav link to document `i` as a template value, from [`SiteValues::nav`].
    fn nav_value(&self, i: usize) -> tera::Value {
        match self.values.nav.get(i) {
            Some(value) => value.clone(),
            None => tera::Value::from_serializable(&nav_link(self.site, i)),
        }
    }

    /// Nav links to documents as one template array (see [`Views::nav_array`]); the link to
    /// document `current` gets `current: true` (the sidebar's current topic).
    pub fn nav_array_marking(&self, list: &[usize], current: Option<usize>) -> tera::Value {
        list.iter()
            .map(|&i| {
                let link = self.nav_value(i);
                if Some(i) != current {
                    return link;
                }
                let mut marked = link.as_map().cloned().unwrap_or_default();
                marked.insert("current".into(), true.into());
                marked.into()
            })
            .collect::<Vec<_>>()
            .into()
    }

    /// The [`LinkCtx`] of document `i` as a template value, from [`SiteValues::links`].
    pub fn link_value(&self, i: usize) -> tera::Value {
        match self.values.links.get(i) {
            Some(value) => value.clone(),
            None => tera::Value::from_serializable(&self.link(i)),
        }
    }

    /// Links to documents as one template array of [`LinkCtx`] values.
    pub fn link_array(&self, list: &[usize]) -> tera::Value {
        list.iter().map(|&i| self.link_value(i)).collect::<Vec<_>>().into()
    }

    /// The tags of document `i` as a template array of [`TagCtx`], from [`SiteValues::tags`].
    pub fn tag_array(&self, i: usize) -> tera::Value {
        match self.values.tags.get(i) {
            Some(value) => value.clone(),
            None => tera::Value::from_serializable(&self.tags(i)),
        }
    }

    /// The [`PostCard`] of post `i` as a template value, from [`SiteValues::cards`].
    pub fn card_value(&self, i: usize) -> tera::Value {
        match self.values.cards.get(i) {
            Some(value) if !value.is_none() => value.clone(),
            _ => tera::Value::from_serializable(&self.post_card(i)),
        }
    }

    /// The `paginator.pages` array of blog page `current` (1-based) of `total`, from
    /// [`SiteValues::blog_pages`].
    pub fn blog_pages(&self, total: usize, current: usize) -> tera::Value {
        let fresh;
        let pages = if self.values.blog_pages.len() == total {
            &self.values.blog_pages
        } else {
            fresh = blog_pages(self.site);
            &fresh
        };
        pages
            .iter()
            .enumerate()
            .map(|(k, entry)| entry[usize::from(k + 1 == current)].clone())
            .collect::<Vec<_>>()
            .into()
    }

    /// Post cards as one template array.
    pub fn card_array(&self, posts: impl IntoIterator<Item = usize>) -> tera::Value {
        posts.into_iter().map(|p| self.card_value(p)).collect::<Vec<_>>().into()
    }

    /// URL of document `i`.
    pub fn url(&self, i: usize) -> &'a str {
        &self.site.links[i].url
    }

    /// The summary rule (see [`crate::assemble::summary_of`]).
    pub fn summary(&self, i: usize) -> &'a str {
        &self.site.links[i].summary
    }

    /// A date view.
    pub fn date(&self, d: &crate::content::Date) -> DateCtx {
        DateCtx {
            iso: d.iso_date(),
            rfc3339: d.rfc3339(),
            display: self.strings.date(d.date),
            year: d.date.year(),
            month: d.date.month(),
        }
    }

    /// Tag links of document `i`.
    pub fn tags(&self, i: usize) -> Vec<TagCtx<'a>> {
        self.site.docs[i]
            .tags
            .iter()
            .map(|t| TagCtx {
                name: t,
                url: self.site.urls.path(&format!("tags/{}/", tag_key(t))),
            })
            .collect()
    }

    /// The UI string `reading_time` with `{n}` replaced by document `i`'s minutes to read
    /// (`5분 읽기`), which templates would otherwise assemble with a `replace` filter on every
    /// card.
    pub fn reading_time(&self, i: usize) -> String {
        let minutes = self.site.bodies[i].meta.stats.reading_minutes();
        self.strings.get("reading_time").replace("{n}", &minutes.to_string())
    }

    /// A post card for post `i`.
    pub fn post_card(&self, i: usize) -> PostCard<'a> {
        let doc = &self.site.docs[i];
        PostCard {
            link: self.link(i),
            date: doc.post().map(|p| self.date(&p.date)),
            reading_minutes: self.site.bodies[i].meta.stats.reading_minutes(),
            reading_time: self.reading_time(i),
            tags: self.tag_array(i),
            topics: self.link_array(&self.site.graph.of(i).topics),
            draft: doc.is_draft(),
        }
    }

    /// The `page` view of document `i`, without its body HTML (`page.content`, added when the
    /// page is rendered: see [`super::PageContext`]).
    pub fn page(&self, i: usize) -> PageCtx<'a> {
        let site = self.site;
        let doc: &'a Document = &site.docs[i];
        let body: &'a crate::parse::BodyMeta = &site.bodies[i].meta;
        let rel = site.graph.of(i);
        let (prev, next) = self.neighbours(i);
        let mut page = PageCtx {
            kind: doc.kind.name(),
            id: &doc.id,
            title: &doc.title,
            summary: self.summary(i),
            url: self.url(i),
            permalink: site.urls.absolute(&doc.site_path()),
            toc: crate::parse::headings::toc(&body.headings),
            reading_minutes: body.stats.reading_minutes(),
            reading_time: self.reading_time(i),
            tags: self.tag_array(i),
            draft: doc.is_draft(),
            date: None,
            updated: None,
            last_updated: site.last_updated[i].as_ref().map(|d| self.date(d)),
            stage: rel.stage.map(|s| self.link_value(s)),
            prerequisites: self.link_array(&rel.prerequisites),
            unlocks: self.link_array(&rel.unlocks),
            related: self.link_array(&rel.related),
            backlinks: self.link_array(&rel.backlinks),
            notes: self.card_array(rel.notes.iter().copied()),
            books: self.link_array(&rel.books),
            projects: self.link_array(&rel.projects),
            topics: self.link_array(&rel.topics),
            path: self.nav_array(&site.graph.learning_path(i)),
            prev: prev.map(|p| self.link_value(p)),
            next: next.map(|n| self.link_value(n)),
            resources: Vec::new(),
            duration: None,
            parallel: false,
            author: None,
            year: None,
            isbn: None,
            external_url: None,
            edit_url: site.config.repository.as_ref().map(|r| {
                let path = doc.source.path.to_string_lossy().replace('\\', "/");
                format!("{}/edit/{}/{}", r.url.trim_end_matches('/'), r.branch, path)
            }),
            tasks: body.tasks,
        };
        match &doc.meta {
            Meta::Post(p) => {
                page.date = Some(self.date(&p.date));
                page.updated = p.updated.as_ref().map(|u| self.date(u));
                if site.last_updated[i].is_none_or(|u| u.date <= p.date.date) {
                    page.last_updated = None;
                }
            }
            Meta::Stage(s) => {
                page.duration = s.duration.as_deref();
                page.parallel = s.parallel;
            }
            Meta::Book(b) => {
                page.author = Some(&b.author);
                page.year = b.year;
                page.isbn = b.isbn.as_deref();
                page.external_url = b.url.as_deref();
            }
            Meta::Topic(t) => {
                page.resources = ResourceKind::ALL
                    .into_iter()
                    .filter_map(|kind| {
                        let items: Vec<_> = t.resources.iter().filter(|r| r.kind == kind).collect();
                        (!items.is_empty()).then(|| ResourceGroup {
                            kind: kind.name(),
                            label: self.strings.get(resource_label_key(kind)),
                            items,
                        })
                    })
                    .collect();
            }
            Meta::Project(_) | Meta::Page(_) => {}
        }
        page
    }

    /// Previous and next page: learning order for topics, stage order for stages, date for
    /// posts (previous = older).
    fn neighbours(&self, i: usize) -> (Option<usize>, Option<usize>) {
        let site = self.site;
        let around = |list: &[usize]| match list.iter().position(|&x| x == i) {
            Some(p) => (p.checked_sub(1).map(|q| list[q]), list.get(p + 1).copied()),
            None => (None, None),
        };
        match site.docs[i].kind {
            Kind::Topic => (site.graph.of(i).prev, site.graph.of(i).next),
            Kind::Stage => around(&site.graph.stages),
            Kind::Post => {
                // `posts` is newest first: the previous (older) post is the next in the list.
                let (newer, older) = around(&site.posts);
                (older, newer)
            }
            _ => (None, None),
        }
    }
}

fn resource_label_key(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Docs => "resource_docs",
        ResourceKind::Article => "resource_article",
        ResourceKind::Video => "resource_video",
        ResourceKind::Course => "resource_course",
        ResourceKind::Book => "resource_book",
        ResourceKind::Tool => "resource_tool",
    }
}

/// A link in the navigation: no summary, so editing a page's text does not change every page.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink<'a> {
    /// Page kind.
    pub kind: &'static str,
    /// Id or slug.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// URL with the base path.
    pub url: &'a str,
}

/// A stage in the navigation, with its topics in learning order.
#[derive(Debug, Clone, Serialize)]
pub struct StageNav<'a> {
    /// Link to the stage.
    #[serde(flatten)]
    pub link: LinkCtx<'a>,
    /// Duration.
    pub duration: Option<&'a str>,
    /// Whether it is the parallel track.
    pub parallel: bool,
    /// Topics in learning order.
    pub topics: Vec<NavLink<'a>>,
    /// Projects.
    pub projects: Vec<NavLink<'a>>,
}

/// The `site` variable, the same for every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// UI language (`<html lang>`).
    pub language: &'a str,
    /// Author.
    pub author: &'a str,
    /// Absolute URL of the home page.
    pub base_url: String,
    /// Base path, `/` or `/repo/`.
    pub base_path: &'a str,
    /// Home page URL (with base path).
    pub home_url: String,
    /// Stages in order, each with its topics.
    pub nav: Vec<StageNav<'a>>,
    /// Number of topics.
    pub topic_count: usize,
    /// Repository URL.
    pub repository: Option<&'a str>,
    /// Build date.
    pub build_date: DateCtx,
    /// The generator string, `roadbook 0.1.0`.
    pub generator: String,
    /// Whether drafts are shown.
    pub drafts: bool,
    /// A key that scopes browser storage (progress, theme) to this site.
    pub storage_key: String,
}

impl<'a> Views<'a> {
    /// The `site` view.
    pub fn site(&self) -> SiteCtx<'a> {
        let site = self.site;
        let nav = site
            .graph
            .stages
            .iter()
            .map(|&s| {
                let stage = site.docs[s].stage();
                StageNav {
                    link: self.link(s),
                    duration: stage.and_then(|m| m.duration.as_deref()),
                    parallel: stage.is_some_and(|m| m.parallel),
                    topics: self.nav_links(&site.graph.of(s).topics),
                    projects: self.nav_links(&site.graph.of(s).projects),
                }
            })
            .collect();
        let today = jiff::ZonedDateTime::now().date();
        let today = crate::content::Date::parse(&today.to_string()).expect("today is a date");
        SiteCtx {
            title: &site.config.title,
            description: &site.config.description,
            language: &site.config.language,
            author: &site.config.author,
            base_url: site.urls.absolute(""),
            base_path: site.urls.base_path(),
            home_url: site.urls.path(""),
            nav,
            topic_count: site.count(Kind::Topic),
            repository: site.config.repository.as_ref().map(|r| r.url.as_str()),
            build_date: self.date(&today),
            generator: format!("roadbook {}", env!("CARGO_PKG_VERSION")),
            drafts: site.options.drafts,
            storage_key: format!("roadbook:{}", site.urls.absolute("")),
        }
    }
}

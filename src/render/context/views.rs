//! [`Views`]: the builder of template values from a site, and [`SiteValues`], the values of
//! every document made once per site and shared by every page.

use serde::Serialize;

use super::shapes::{DateCtx, LinkCtx, NavLink, PostCard, TagCtx};
use crate::assemble::{Site, tag_key};
use crate::content::Kind;
use crate::render::i18n::Strings;
use crate::render::sections::SideSources;

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
/// ([`Renderer::refresh`](crate::render::renderer::Renderer::refresh)).
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
    /// The sorted lists sidebars show outside the roadmap.
    pub side: SideSources,
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
            side: SideSources::new(site),
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
            let url = site
                .urls
                .path(&crate::render::route::Route::Blog(number).site_path(site));
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

/// A copy of the map `link` with `current: true` added (the link to the page being shown).
pub fn marked_current(link: &tera::Value) -> tera::Value {
    let mut marked = link.as_map().cloned().unwrap_or_default();
    marked.insert("current".into(), true.into());
    marked.into()
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
                if Some(i) == current {
                    marked_current(&link)
                } else {
                    link
                }
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
}

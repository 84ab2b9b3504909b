//! The `page` variable of a document's page: everything a template shows of one document.

use super::shapes::{PageCtx, ResourceGroup, SeriesBox, SeriesPart};
use super::views::Views;
use crate::content::{Document, Kind, Meta, ResourceKind};

impl<'a> Views<'a> {
    /// The `page` view of document `i`, without its body HTML (`page.content`, added when the
    /// page is rendered: see [`PageContext`](crate::render::page_context::PageContext)).
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
            series: self.series_box(i),
            related_posts: self.card_array(site.related[i].iter().copied()),
            comments: doc.comments && site.config.comments.as_ref().is_some_and(|c| c.on_kind(doc.kind)),
        };
        self.kind_fields(&mut page, i, doc);
        page
    }

    /// The series box of post `i`, if it is a part of a series.
    fn series_box(&self, i: usize) -> Option<SeriesBox<'a>> {
        let site = self.site;
        let (s, at) = site.series_of(i)?;
        let series = &site.series[s];
        let total = series.posts.len();
        let number = (at + 1).to_string();
        let label = self
            .strings
            .get("series_position")
            .replace("{total}", &total.to_string())
            .replace("{number}", &number);
        Some(SeriesBox {
            name: &series.name,
            url: site.urls.path(&format!("series/{}/", series.key)),
            label,
            number: at + 1,
            total,
            parts: series
                .posts
                .iter()
                .enumerate()
                .map(|(k, &p)| SeriesPart {
                    number: k + 1,
                    title: &site.docs[p].title,
                    url: &site.links[p].url,
                    current: p == i,
                })
                .collect(),
            prev: at.checked_sub(1).map(|k| self.link_value(series.posts[k])),
            next: series.posts.get(at + 1).map(|&p| self.link_value(p)),
        })
    }

    /// The fields of `page` that only one kind of document has.
    fn kind_fields(&self, page: &mut PageCtx<'a>, i: usize, doc: &'a Document) {
        match &doc.meta {
            Meta::Post(p) => {
                page.date = Some(self.date(&p.date));
                page.updated = p.updated.as_ref().map(|u| self.date(u));
                if self.site.last_updated[i].is_none_or(|u| u.date <= p.date.date) {
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

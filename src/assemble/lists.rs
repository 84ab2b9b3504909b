//! The lists and per-page facts derived once per build for the templates: published
//! documents, posts by date, tags, each page's URL and summary, and when each page last changed.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::cache::bodies::Body;
use crate::content::{Date, Document, Kind};
use crate::load::git::LastCommits;
use crate::util::url::Urls;

/// A tag and the posts that carry it.
#[derive(Debug, Clone)]
pub struct Tag {
    /// URL key: lowercased, spaces as `-`, Unicode kept.
    pub key: String,
    /// Display name (the first spelling seen).
    pub name: String,
    /// Posts with the tag, newest first.
    pub posts: Vec<usize>,
    /// Topics with the tag.
    pub topics: Vec<usize>,
}

/// The URL and summary of a page, computed once per build for every list that links to it.
#[derive(Debug, Clone)]
pub struct PageLink {
    /// URL with the base path.
    pub url: String,
    /// The `summary` field, else the text before `<!-- more -->`, else the first paragraph
    /// shortened to ~200 characters.
    pub summary: String,
}

/// Splits `all` into the documents to publish (sorted by path) and the kind and id of each
/// draft left out (unless `drafts` are published).
pub(super) fn published(all: Vec<Arc<Document>>, drafts: bool) -> (Vec<Arc<Document>>, Vec<(Kind, String)>) {
    let mut left_out = Vec::new();
    let mut docs = Vec::with_capacity(all.len());
    for doc in all {
        if doc.is_draft() && !drafts {
            left_out.push((doc.kind, doc.id.clone()));
        } else {
            docs.push(doc);
        }
    }
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    (docs, left_out)
}

/// The posts, newest first (then by title, then by id).
pub(super) fn posts_by_date(docs: &[Arc<Document>]) -> Vec<usize> {
    let mut posts: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].kind == Kind::Post).collect();
    posts.sort_by(|&a, &b| {
        let (pa, pb) = (docs[a].post().map(|p| p.date), docs[b].post().map(|p| p.date));
        pb.cmp(&pa)
            .then_with(|| docs[a].title.cmp(&docs[b].title))
            .then_with(|| docs[a].id.cmp(&docs[b].id))
    });
    posts
}

/// When each document last changed: a post's `updated` field, else its file's last commit.
pub(super) fn last_updated(docs: &[Arc<Document>], commits: &LastCommits, root: &Path) -> Vec<Option<Date>> {
    docs.iter()
        .map(|doc| {
            let updated = doc.post().and_then(|p| p.updated);
            updated.or_else(|| commits.get(&crate::util::fs::display_path(root, &doc.path)))
        })
        .collect()
}

/// Each document's URL and summary.
pub(super) fn page_links(docs: &[Arc<Document>], bodies: &[Arc<Body>], urls: &Urls) -> Vec<PageLink> {
    docs.iter()
        .zip(bodies)
        .map(|(doc, body)| PageLink {
            url: urls.path(&doc.site_path()),
            summary: summary_of(doc, &body.meta),
        })
        .collect()
}

/// The summary rule: the `summary` field, else the text before `<!-- more -->`, else the first
/// paragraph shortened to ~200 characters.
pub fn summary_of(doc: &Document, body: &crate::parse::BodyMeta) -> String {
    if let Some(s) = &doc.summary {
        return s.clone();
    }
    match &body.before_more {
        Some(text) if !text.is_empty() => text.clone(),
        _ => crate::parse::text::truncate(&body.first_paragraph, 200),
    }
}

/// The URL key of a tag: `Redis 캐시` → `redis-캐시`.
pub fn tag_key(tag: &str) -> String {
    crate::util::slug::title_slug(tag)
}

/// Every tag of the posts (in `posts` order) and of the topics, sorted by key.
pub(super) fn collect_tags(docs: &[Arc<Document>], posts: &[usize]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    let mut add = |name: &str, i: usize, post: bool| {
        let key = tag_key(name);
        if key.is_empty() {
            return;
        }
        let tag = tags.entry(key.clone()).or_insert_with(|| Tag {
            key,
            name: name.to_string(),
            posts: Vec::new(),
            topics: Vec::new(),
        });
        let list = if post { &mut tag.posts } else { &mut tag.topics };
        if !list.contains(&i) {
            list.push(i);
        }
    };
    for &p in posts {
        for t in &docs[p].tags {
            add(t, p, true);
        }
    }
    for (i, doc) in docs.iter().enumerate().filter(|(_, d)| d.kind == Kind::Topic) {
        for t in &doc.tags {
            add(t, i, false);
        }
    }
    tags.into_values().collect()
}

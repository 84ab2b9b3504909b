//! Series of posts (`series = "N+1 문제 해결기"` in front matter): each series's posts in
//! date order, for its page, the box on each part and the series' own previous/next.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::content::Document;

/// A series and its posts.
#[derive(Debug, Clone)]
pub struct Series {
    /// URL key: the name as a slug (`n1-문제-해결기`), Unicode kept.
    pub key: String,
    /// The name as the first post (in date order) writes it.
    pub name: String,
    /// Its posts, oldest first (date, then title, then id): part 1 first.
    pub posts: Vec<usize>,
}

/// Every series of `posts` (indices into `docs`, newest first), sorted by key.
pub(super) fn collect(docs: &[Arc<Document>], posts: &[usize]) -> Vec<Series> {
    let mut by_key: BTreeMap<String, Series> = BTreeMap::new();
    // Oldest first: the reverse of the blog's order, ties by title then id ascending.
    let mut oldest_first: Vec<usize> = posts.to_vec();
    oldest_first.sort_by(|&a, &b| {
        let date = |i: usize| docs[i].post().map(|p| p.date);
        date(a)
            .cmp(&date(b))
            .then_with(|| docs[a].title.cmp(&docs[b].title))
            .then_with(|| docs[a].id.cmp(&docs[b].id))
    });
    for i in oldest_first {
        let Some(name) = docs[i].post().and_then(|p| p.series.as_deref()) else {
            continue;
        };
        let key = crate::util::slug::title_slug(name);
        if key.is_empty() {
            continue;
        }
        by_key
            .entry(key.clone())
            .or_insert_with(|| Series {
                key,
                name: name.to_string(),
                posts: Vec::new(),
            })
            .posts
            .push(i);
    }
    by_key.into_values().collect()
}

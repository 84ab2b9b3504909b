//! What the search index is built from: a [`Corpus`] of documents as plain values, so the
//! index knows nothing of how a site is assembled (`write::search` makes one from a site).

use std::path::Path;

use crate::cache::bodies::Body;
use crate::content::Kind;
use crate::util::url::Urls;

/// One document to index.
pub struct Entry<'a> {
    /// Its kind.
    pub kind: Kind,
    /// Its title.
    pub title: &'a str,
    /// Its tags.
    pub tags: &'a [String],
    /// A book's author, weighed as a tag.
    pub author: Option<&'a str>,
    /// Its `summary` field.
    pub summary: Option<&'a str>,
    /// Its site path (`topics/caching/`), for its URL and deep links.
    pub site_path: String,
    /// The roadmap position of its stage (its own, for a stage), if it has one.
    pub stage: Option<usize>,
    /// Its source file: documents of one kind and stage are numbered in path order.
    pub path: &'a Path,
    /// Its rendered body: sections, and term counts when the body cache kept them.
    pub body: &'a Body,
}

/// Every document to index, and what the manifest says of the roadmap.
pub struct Corpus<'a> {
    /// The documents, in any order (the index numbers them itself).
    pub entries: Vec<Entry<'a>>,
    /// Each stage's id and title, in roadmap order.
    pub stages: Vec<(&'a str, &'a str)>,
    /// URL builder, for result links.
    pub urls: &'a Urls,
}

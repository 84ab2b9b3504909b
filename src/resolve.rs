//! What exists in the site, for resolving references: ids by kind, files by path, heading
//! anchors, assets. Built once after loading, before Markdown is rendered (anchors may be
//! filled in by rendering: see [`crate::parse::render_unchecked`]), so cross-links can be
//! checked and given their target's URL and title.

use std::collections::{HashMap, HashSet};

use std::sync::Arc;

use crate::content::{Document, Kind};
use crate::diagnostics::Diagnostic;
use crate::images::{ImageInfo, Images};
use crate::load::{Asset, Failed};

/// A page that links can point to.
#[derive(Debug, Clone)]
pub struct Target {
    /// Its kind.
    pub kind: Kind,
    /// Its id or slug.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its site path, e.g. `topics/caching/`.
    pub site_path: String,
    /// Heading and footnote ids on the page.
    pub anchors: HashSet<String>,
}

/// The answer to "which page is `id`?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Exactly one page.
    Found(usize),
    /// Several kinds have a page with this id (bare `[[id]]` only).
    Ambiguous(Vec<usize>),
    /// A draft post, left out of this build.
    Draft,
    /// A file that failed to load (its own error is reported), by its place in
    /// [`SiteIndex::failed`].
    Failed(usize),
    /// Nothing has this id.
    Missing,
}

impl Lookup {
    /// The page, if exactly one was found.
    pub fn found(&self) -> Option<usize> {
        match self {
            Lookup::Found(i) => Some(*i),
            _ => None,
        }
    }
}

/// Index of every published page and content asset.
#[derive(Debug, Default)]
pub struct SiteIndex {
    /// One target per published document, in the same order as the documents.
    pub targets: Vec<Target>,
    by_key: HashMap<(Kind, String), usize>,
    by_id: HashMap<String, Vec<usize>>,
    by_file: HashMap<String, usize>,
    assets: HashMap<String, String>,
    drafts: HashSet<(Kind, String)>,
    images: Images,
    failed: Vec<Failed>,
}

impl SiteIndex {
    /// Indexes `docs` (published documents, in order) with their `anchors` (empty sets when they
    /// are filled in after rendering, see [`crate::parse::render_unchecked`]), the content
    /// `assets`, and the keys of draft posts left out. Duplicate ids and URLs are reported.
    pub fn new(
        docs: &[Arc<Document>],
        anchors: Vec<HashSet<String>>,
        assets: &[Asset],
        drafts: impl IntoIterator<Item = (Kind, String)>,
        content_dir: &std::path::Path,
        problems: &mut Vec<Diagnostic>,
    ) -> SiteIndex {
        let mut index = SiteIndex {
            drafts: drafts.into_iter().collect(),
            ..SiteIndex::default()
        };
        let mut by_path: HashMap<String, usize> = HashMap::new();
        for (i, (doc, anchors)) in docs.iter().zip(anchors).enumerate() {
            let site_path = doc.site_path();
            if let Some(&first) = index.by_key.get(&(doc.kind, doc.id.clone())) {
                problems.push(duplicate(
                    doc,
                    &docs[first],
                    format!("two {}s have the id `{}`", doc.kind.name(), doc.id),
                ));
            } else if let Some(&first) = by_path.get(&site_path) {
                problems.push(duplicate(
                    doc,
                    &docs[first],
                    format!("two pages would be written to /{site_path}"),
                ));
            } else if let Some(reserved) = reserved_path(&site_path) {
                problems.push(
                    Diagnostic::error(format!(
                        "the page slug `{}` collides with roadbook's own /{reserved}",
                        doc.id
                    ))
                    .with_label(&doc.source, 0..0, "this file")
                    .with_help("rename the file or set another slug"),
                );
            } else {
                index.by_key.insert((doc.kind, doc.id.clone()), i);
                by_path.insert(site_path.clone(), i);
                index.by_id.entry(doc.id.clone()).or_default().push(i);
            }
            if let Ok(rel) = doc.path.strip_prefix(content_dir) {
                index.by_file.insert(rel.to_string_lossy().replace('\\', "/"), i);
            }
            index.targets.push(Target {
                kind: doc.kind,
                id: doc.id.clone(),
                title: doc.title.clone(),
                site_path,
                anchors,
            });
        }
        for asset in assets {
            let site_path = match &asset.bundle {
                // A bundle's files follow the post to its final slug.
                Some((dir, file)) => {
                    let rel = format!("blog/{dir}/index.md");
                    match index.by_file.get(&rel) {
                        Some(&i) => format!("{}{file}", index.targets[i].site_path),
                        None => continue, // the post is a draft or failed to load
                    }
                }
                None => asset.rel.clone(),
            };
            index.assets.insert(asset.rel.clone(), site_path);
        }
        index
    }

    /// Finds the page `id`, of `kind` if given, else of any kind.
    pub fn lookup(&self, kind: Option<Kind>, id: &str) -> Lookup {
        let failed = || {
            self.failed
                .iter()
                .position(|f| f.id == id && kind.is_none_or(|k| k == f.kind))
                .map_or(Lookup::Missing, Lookup::Failed)
        };
        match kind {
            Some(kind) => match self.by_key.get(&(kind, id.to_string())) {
                Some(&i) => Lookup::Found(i),
                None if self.drafts.contains(&(kind, id.to_string())) => Lookup::Draft,
                None => failed(),
            },
            None => match self.by_id.get(id).map(Vec::as_slice) {
                Some([one]) => Lookup::Found(*one),
                Some(many) if many.len() > 1 => Lookup::Ambiguous(many.to_vec()),
                _ if self.drafts.iter().any(|(_, d)| d == id) => Lookup::Draft,
                _ => failed(),
            },
        }
    }

    /// Records the files that failed to load, so references to them are not reported as
    /// unknown ([`Lookup::Failed`]).
    pub fn set_failed(&mut self, failed: Vec<Failed>) {
        self.failed = failed;
    }

    /// The files that failed to load.
    pub fn failed(&self) -> &[Failed] {
        &self.failed
    }

    /// The failed file at `rel` under `content/` (e.g. `topics/caching.md`), by its place in
    /// [`SiteIndex::failed`].
    pub fn failed_file(&self, rel: &str) -> Option<usize> {
        self.failed
            .iter()
            .position(|f| f.path.to_string_lossy().replace('\\', "/") == format!("content/{rel}"))
    }

    /// The page written at `rel` under `content/` (e.g. `topics/caching.md`).
    pub fn by_file(&self, rel: &str) -> Option<usize> {
        self.by_file.get(rel).copied()
    }

    /// The site path of the content asset at `rel` under `content/`.
    pub fn asset(&self, rel: &str) -> Option<&str> {
        self.assets.get(rel).map(String::as_str)
    }

    /// Measures the site's images (see [`crate::images`]): `files` are the static files (site
    /// path, file) beside the content assets this index knows.
    pub fn measure_images(
        &mut self,
        assets: &[Asset],
        statics: &[(String, std::path::PathBuf)],
        settings: &crate::images::Settings,
        root: &std::path::Path,
        problems: &mut Vec<Diagnostic>,
    ) {
        let mut files: Vec<(String, std::path::PathBuf)> = statics.to_vec();
        for asset in assets {
            if let Some(site_path) = self.assets.get(&asset.rel) {
                files.push((site_path.clone(), asset.path.clone()));
            }
        }
        self.images = crate::images::prepare(&files, settings, root, problems);
    }

    /// The local image at `site_path` (`blog/post/photo.jpg`).
    pub fn image(&self, site_path: &str) -> Option<&ImageInfo> {
        self.images.get(site_path)
    }

    /// Every local image.
    pub fn images(&self) -> &Images {
        &self.images
    }

    /// Site paths of every content asset, by content path.
    pub fn assets(&self) -> impl Iterator<Item = (&str, &str)> {
        self.assets.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A hash of everything link resolution can see: ids, titles, URLs, anchors, assets and
    /// drafts. Equal fingerprints resolve every link the same way.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for t in &self.targets {
            (t.kind, &t.id, &t.title, &t.site_path).hash(&mut h);
            // Anchors are a set: combine their hashes without depending on order.
            let anchors = t.anchors.iter().fold(0u64, |acc, a| {
                acc.wrapping_add(xxhash_rust::xxh3::xxh3_64(a.as_bytes()))
            });
            (t.anchors.len(), anchors).hash(&mut h);
        }
        let mut assets: Vec<(&String, &String)> = self.assets.iter().collect();
        assets.sort();
        assets.hash(&mut h);
        let mut drafts: Vec<&(Kind, String)> = self.drafts.iter().collect();
        drafts.sort();
        drafts.hash(&mut h);
        let mut files: Vec<(&String, &usize)> = self.by_file.iter().collect();
        files.sort();
        files.hash(&mut h);
        self.images.fingerprint().hash(&mut h);
        for f in &self.failed {
            (f.kind, &f.id, &f.path).hash(&mut h);
        }
        h.finish()
    }

    /// Every id of `kind` (or of every kind), for suggestions.
    pub fn ids(&self, kind: Option<Kind>) -> impl Iterator<Item = &str> {
        self.targets
            .iter()
            .filter(move |t| kind.is_none_or(|k| t.kind == k))
            .map(|t| t.id.as_str())
    }
}

/// Site paths roadbook generates itself, which a page slug must not take.
fn reserved_path(site_path: &str) -> Option<&'static str> {
    const RESERVED: &[&str] = &[
        "stages/",
        "topics/",
        "projects/",
        "books/",
        "blog/",
        "blog/archive/",
        "blog/page/",
        "tags/",
        "search/",
        "series/",
        "print/",
        "graph/",
        "__roadbook/",
    ];
    RESERVED.iter().copied().find(|r| site_path == *r)
}

fn duplicate(doc: &Document, first: &Document, message: String) -> Diagnostic {
    Diagnostic::error(message)
        .with_label(&doc.source, 0..0, "this file")
        .with_label(&first.source, 0..0, "and this one")
        .with_help("ids and slugs must be unique: rename one of the files (or change its `slug`)")
}

//! Rendered page bodies kept between builds: in memory by the dev server, and on disk
//! (`.roadbook-cache/bodies.bin`) by `roadbook build`, so a build renders only the pages whose
//! file changed or whose links now resolve differently.
//!
//! A body is valid while its file's hash is unchanged and its links resolve as they did when it
//! was rendered: when the site index (every page's kind, id, title, URL and anchors, and the
//! base URL) is unchanged, that holds for every body at once; otherwise each body's
//! [`links::fingerprint`](crate::parse::links::fingerprint) is compared. Nothing else goes into
//! a body: rendering reads the page, the index, the highlighter and the Markdown dialect (the
//! `[markdown]` syntax choices: bodies of another dialect are all stale), never the rest of
//! `config.toml` or the templates.
//!
//! On disk, each body's HTML is a blob that stays in the file: a build reads it when it writes
//! the page (a [`Lazy`](crate::cache::lazy::Lazy) value), so a large site's HTML is never all in
//! memory. So are the body's search term counts (read when the search index is built, so a
//! reused body's text is not tokenized again). Bodies rendered by a build are spilled into the
//! next file as they are made ([`Spill`]). The rest of a body (text for search, headings,
//! links) is read when the cache is opened.
//!
//! A file is only valid for the exact roadbook that wrote it (a key of its sources and
//! `Cargo.lock`, made at compile time); its metadata carries a checksum, checked when the file
//! is opened, and each blob is checked against its hash when read. A blob that fails its check
//! marks the cache [`Damage`]d: `roadbook build` then starts again without the cache, so a
//! damaged file costs a slower build, never a failed one. Bodies with a problem (even a
//! warning) are not written, so their diagnostics are reported by every build.
//!
//! The file is a `blob_file` (blobs, then checked metadata) with the
//! magic `RBBODY`.

mod body;
mod format;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

pub use crate::cache::blob_file::{Damage, Spill};
use crate::content::Kind;
pub(crate) use body::CachedBody;
pub use body::{Body, LinkKeys};
use format::MAGIC;

/// Markdown results kept between builds: heading anchors and rendered bodies by file, each
/// valid while its file's hash (and, for bodies, the resolution of its links) is unchanged.
#[derive(Default)]
pub struct BodyCache {
    pub(crate) anchors: FxHashMap<PathBuf, (u64, HashSet<String>)>,
    pub(crate) bodies: FxHashMap<PathBuf, CachedBody>,
    /// The index (and base path) the bodies were resolved against: while it is unchanged, an
    /// unchanged file's body is valid without re-checking its links.
    pub(crate) index: u64,
    /// The Markdown dialect the bodies were rendered in (`parse::Dialect::key`): bodies of
    /// another are not reused.
    pub(crate) dialect: u64,
    /// Whether the bodies differ from the file they were read from.
    pub(crate) changed: bool,
    /// Where bodies rendered by this build go (a cache opened from a file).
    pub(crate) spill: Option<Spill>,
    /// How many bodies the last build took from the cache instead of rendering them.
    pub(crate) reused: usize,
    /// The site root: the file names pages relative to it, so `--root .` and `--root
    /// /abs/site` share a cache.
    pub(crate) root: PathBuf,
    /// Set when a blob of the file read or the file being written fails its check.
    pub(crate) damage: Damage,
}

impl BodyCache {
    /// The link targets (kind, id, anchor) of the cached body of `path`.
    pub fn links_of(&self, path: &Path) -> Option<&[(Kind, String, Option<String>)]> {
        self.bodies.get(path).map(|b| b.links.as_slice())
    }

    /// Records a body rendered outside [`Site::from_sources`](crate::assemble::Site::from_sources)
    /// (the dev server's fast path).
    pub fn update(
        &mut self,
        doc: &crate::content::Document,
        anchors: HashSet<String>,
        fingerprint: u64,
        links: LinkKeys,
        body: Arc<Body>,
    ) {
        self.anchors.insert(doc.path.clone(), (doc.hash, anchors));
        self.bodies.insert(
            doc.path.clone(),
            CachedBody {
                hash: doc.hash,
                fingerprint,
                links,
                body,
            },
        );
        self.changed = true;
    }

    /// How many bodies the last build took from the cache instead of rendering them.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// How many bodies are cached.
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// The cache in `file`; empty when the file is missing, from another roadbook build,
    /// truncated or corrupt. Bodies rendered while it is in use go into the next file, which
    /// [`BodyCache::save`] puts in place.
    pub fn open(file: &Path, root: &Path) -> BodyCache {
        let damage = Damage::default();
        BodyCache {
            spill: Some(Spill::new(file, MAGIC, damage.clone())),
            root: root.to_path_buf(),
            damage: damage.clone(),
            ..Self::read(file, root, &damage).unwrap_or_default()
        }
    }

    /// An empty cache whose bodies go into a new file that [`BodyCache::save`] puts in place
    /// of `file` (which is not read: it was found damaged).
    pub fn replacing(file: &Path, root: &Path) -> BodyCache {
        let damage = Damage::default();
        BodyCache {
            spill: Some(Spill::new(file, MAGIC, damage.clone())),
            root: root.to_path_buf(),
            changed: true,
            damage,
            ..BodyCache::default()
        }
    }

    /// Reports whether a blob read through this cache fails its check.
    pub fn damage(&self) -> Damage {
        self.damage.clone()
    }

    /// Writes the cache to `file` (atomically) if it changed since it was read, adding to the
    /// blobs already spilled. Returns whether it wrote.
    pub fn save(&self, file: &Path) -> io::Result<bool> {
        if !self.changed && file.exists() {
            return Ok(false);
        }
        let Some(spill) = &self.spill else {
            return Err(io::Error::other("an in-memory body cache has no file"));
        };
        spill.save(file, |writer| format::write(&self.contents()?, writer))?;
        Ok(true)
    }

    /// The cache in `file`, without its spill file.
    fn read(file: &Path, root: &Path, damage: &Damage) -> io::Result<BodyCache> {
        let mut cache = BodyCache::default();
        (cache.index, cache.dialect) = format::read(file, root, damage, |path, anchors, entry| {
            cache.anchors.insert(path.clone(), (entry.hash, anchors));
            cache.bodies.insert(path, entry);
        })?;
        Ok(cache)
    }

    /// What [`BodyCache::save`] writes: the bodies without problems, by path.
    fn contents(&self) -> io::Result<format::Contents<'_>> {
        let mut entries = Vec::with_capacity(self.bodies.len());
        for (path, entry) in self.bodies.iter().filter(|(_, b)| b.body.problems.is_empty()) {
            let Some((_, anchors)) = self.anchors.get(path) else {
                return Err(io::Error::other("a cached body without anchors"));
            };
            entries.push((path, anchors, entry));
        }
        entries.sort_by(|a, b| a.0.cmp(b.0));
        Ok(format::Contents {
            index: self.index,
            dialect: self.dialect,
            root: &self.root,
            entries,
        })
    }
}

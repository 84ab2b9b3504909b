//! Rendered pages kept between builds (`.roadbook-cache/pages.bin`), by the key of what each
//! page is made from ([`PageKeys`](crate::render::key::PageKeys)): a build writes a page whose
//! key is in the cache without rendering its template, which on a large site is a fifth of a
//! build whose bodies are all cached.
//!
//! The file is a `blob_file` with the magic `RBPAGE`: one blob per page,
//! then the metadata (the roadbook build that wrote it and each page's key and blob). A build
//! writes a new file only when it rendered a page or left one out; pages it took from the old
//! file are copied into the new one. A page whose blob fails its check is rendered again, so a
//! damaged file costs time, never a wrong page.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::cache::blob_file::{Blob, Damage, Reader, SOURCE_KEY, Spill, Writer, put_blob};
use rustc_hash::FxHashMap;

/// The file's first bytes; the format version is the last one.
const MAGIC: &[u8; 8] = b"RBPAGE\x00\x01";

/// The pages of the previous build and those of this one.
pub struct PageCache {
    file: PathBuf,
    /// The pages of the file read, by key.
    stored: FxHashMap<u128, Blob>,
    /// The next file: pages rendered by this build are appended as they come.
    spill: Spill,
    /// This build's pages by key (taken from `stored` or appended to `spill`).
    used: Mutex<Vec<(u128, Blob)>>,
    /// How many pages this build took from `stored`.
    reused: AtomicUsize,
}

impl PageCache {
    /// The cache in `file`: empty when the file is missing, from another roadbook build, or
    /// damaged.
    pub fn open(file: &Path) -> PageCache {
        let damage = Damage::default();
        PageCache {
            stored: read(file, &damage).unwrap_or_default(),
            spill: Spill::new(file, MAGIC, damage),
            file: file.to_path_buf(),
            used: Mutex::default(),
            reused: AtomicUsize::new(0),
        }
    }

    /// The bytes of the page with this key, if the cache has it and they pass their check.
    pub fn get(&self, key: u128) -> Option<Vec<u8>> {
        let blob = self.stored.get(&key)?;
        let bytes = blob.read_bytes().ok()?;
        self.record(key, blob.clone());
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(bytes)
    }

    /// Keeps a page this build rendered.
    pub fn put(&self, key: u128, bytes: &[u8]) {
        self.spill.put_with(|writer| {
            let blob = writer.put(bytes)?;
            self.record(key, blob);
            Ok(())
        });
    }

    fn record(&self, key: u128, blob: Blob) {
        if let Ok(mut used) = self.used.lock() {
            used.push((key, blob));
        }
    }

    /// How many pages this build took from the cache.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Writes the pages of this build to the cache file, unless they are exactly the pages it
    /// holds. Returns whether it wrote.
    pub fn save(&self) -> io::Result<bool> {
        let mut used = std::mem::take(
            &mut *self
                .used
                .lock()
                .map_err(|_| io::Error::other("page cache lock poisoned"))?,
        );
        // Every page of the file was used, and no page was rendered (a page whose blob failed
        // its check is rendered again under the same key).
        let unchanged = used.len() == self.stored.len() && self.reused() == used.len();
        if unchanged && self.file.exists() {
            return Ok(false);
        }
        used.sort_unstable_by_key(|(key, _)| *key);
        used.dedup_by_key(|(key, _)| *key);
        self.spill.save(&self.file, |writer| write_meta(&used, writer))?;
        Ok(true)
    }
}

/// Copies the pages taken from the old file into `writer`'s, then writes the metadata.
fn write_meta(used: &[(u128, Blob)], writer: &mut Writer) -> io::Result<()> {
    let mut placed = Vec::with_capacity(used.len());
    for (key, blob) in used {
        let read = || blob.read_bytes().map(|bytes| Some(Cow::Owned(bytes)));
        if let Some(blob) = writer.place(Some(blob), read)? {
            placed.push((*key, blob));
        }
    }
    writer.write_meta(|w| {
        w.put_str(SOURCE_KEY)?;
        w.put_u32(placed.len())?;
        for (key, blob) in &placed {
            w.put_bytes(&key.to_le_bytes())?;
            put_blob(w, Some(blob))?;
        }
        Ok(())
    })
}

fn read(file: &Path, damage: &Damage) -> io::Result<FxHashMap<u128, Blob>> {
    let mut reader = Reader::open(file, MAGIC, damage)?;
    if reader.meta.string()? != SOURCE_KEY {
        return Err(io::Error::other("written by another roadbook build"));
    }
    let count = reader.meta.u32()?;
    let mut pages = FxHashMap::default();
    pages.reserve(count.min(1 << 20));
    for _ in 0..count {
        let key = u128::from_le_bytes(reader.meta.array()?);
        if let Some(blob) = reader.blob()? {
            pages.insert(key, blob);
        }
    }
    reader.finish()?;
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache/pages.bin");
        (dir, file)
    }

    #[test]
    fn pages_round_trip_and_an_unchanged_build_writes_nothing() {
        let (_dir, file) = cache_file();
        let first = PageCache::open(&file);
        assert_eq!(first.get(1), None);
        first.put(1, b"<p>one</p>");
        first.put(2, b"<p>two</p>");
        assert!(first.save().unwrap());

        let second = PageCache::open(&file);
        assert_eq!(second.get(2).as_deref(), Some(&b"<p>two</p>"[..]));
        assert_eq!(second.get(1).as_deref(), Some(&b"<p>one</p>"[..]));
        assert_eq!(second.get(3), None);
        assert_eq!(second.reused(), 2);
        let written = std::fs::metadata(&file).unwrap().modified().unwrap();
        assert!(!second.save().unwrap(), "every page came from the file");
        assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), written);
    }

    #[test]
    fn a_new_file_keeps_this_builds_pages_only() {
        let (_dir, file) = cache_file();
        let first = PageCache::open(&file);
        for key in 1..=3 {
            first.put(key, format!("page {key}").as_bytes());
        }
        first.save().unwrap();

        // Page 1 reused, page 2 gone, page 3 changed into page 4.
        let second = PageCache::open(&file);
        assert!(second.get(1).is_some());
        second.put(4, b"page 4");
        assert!(second.save().unwrap());

        let third = PageCache::open(&file);
        assert_eq!(third.stored.len(), 2);
        assert_eq!(third.get(1).as_deref(), Some(&b"page 1"[..]));
        assert_eq!(third.get(4).as_deref(), Some(&b"page 4"[..]));
        assert_eq!((third.get(2), third.get(3)), (None, None));
        // No spill file is left beside the cache.
        let names: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_damaged_page_is_a_miss_and_a_damaged_file_is_empty() {
        let (_dir, file) = cache_file();
        let first = PageCache::open(&file);
        first.put(1, b"<p>one</p>");
        first.put(2, b"<p>two</p>");
        first.save().unwrap();
        let mut bytes = std::fs::read(&file).unwrap();
        // The first page's first byte.
        bytes[MAGIC.len()] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        let read = PageCache::open(&file);
        assert_eq!(read.get(1), None);
        assert_eq!(read.get(2).as_deref(), Some(&b"<p>two</p>"[..]));

        // Metadata damage (the last byte of the checksum) empties the whole cache.
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(PageCache::open(&file).stored.is_empty());
    }

    #[test]
    fn an_unsaved_build_leaves_no_file() {
        let (_dir, file) = cache_file();
        let cache = PageCache::open(&file);
        cache.put(1, b"page");
        drop(cache);
        assert_eq!(std::fs::read_dir(file.parent().unwrap()).unwrap().count(), 0);
    }
}

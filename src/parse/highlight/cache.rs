//! The highlight cache: highlighted HTML by a 128-bit hash of language and code.
//!
//! In memory it serves repeated blocks within a build and every rebuild of `serve`; on disk
//! (`.roadbook-cache/highlight.bin` under the site root) it carries results between builds, so
//! a warm build highlights nothing. Only entries used by the last build are written back, so the
//! file does not grow without bound; when those are exactly the file's entries, nothing is
//! written (a warm build of 10,000 pages would otherwise rewrite and sync 37 MB). The file is
//! read on first use: a build whose bodies all come from the body cache never reads it.

use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

const MAGIC: &[u8; 8] = b"RBHL\x00\x00\x00\x02";

/// Identifies the highlighter that made a block: its sources and the grammar crates' versions
/// (set by `build/source_key.rs`). A roadbook whose highlighting changed finds none of an
/// older one's blocks, and the next save drops them (only used entries are written).
const HIGHLIGHTER: &str = env!("ROADBOOK_HIGHLIGHT_KEY");

/// Hash key of a block: the highlighter, the language and the code. (`MAGIC` changes with the
/// file's layout.)
pub fn key(lang: &str, code: &str) -> u128 {
    key_for(HIGHLIGHTER, lang, code)
}

fn key_for(highlighter: &str, lang: &str, code: &str) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(highlighter.as_bytes());
    hasher.update(&[0]);
    hasher.update(lang.as_bytes());
    hasher.update(&[0]);
    hasher.update(code.as_bytes());
    hasher.digest128()
}

/// A concurrent map of highlighted blocks, optionally backed by a file.
#[derive(Default)]
pub struct HighlightCache {
    entries: RwLock<HashMap<u128, Arc<str>>>,
    used: Mutex<HashSet<u128>>,
    file: Option<PathBuf>,
    /// How many entries the file held, once it has been read.
    loaded: OnceLock<usize>,
    /// The keys the file holds (as loaded or last saved).
    on_disk: Mutex<HashSet<u128>>,
}

impl HighlightCache {
    /// A cache that lives only in memory.
    pub fn in_memory() -> Self {
        HighlightCache {
            loaded: OnceLock::from(0),
            ..Self::default()
        }
    }

    /// A cache backed by `file`, read on first use; a missing or unreadable file (e.g. from an
    /// older roadbook) starts it empty.
    pub fn open(file: PathBuf) -> Self {
        HighlightCache {
            file: Some(file),
            ..Self::default()
        }
    }

    /// Reads the file if that has not happened yet; returns how many entries it held.
    fn read(&self) -> usize {
        *self.loaded.get_or_init(|| {
            let Some(entries) = self.file.as_deref().and_then(|f| read_file(f).ok()) else {
                return 0;
            };
            let count = entries.len();
            if let Ok(mut on_disk) = self.on_disk.lock() {
                *on_disk = entries.keys().copied().collect();
            }
            if let Ok(mut map) = self.entries.write() {
                map.extend(entries);
            }
            count
        })
    }

    /// How many entries were loaded from disk (reads the file if needed).
    pub fn loaded(&self) -> usize {
        self.read()
    }

    /// How many entries are in memory (reads the file if needed).
    pub fn len(&self) -> usize {
        self.read();
        self.entries.read().map(|e| e.len()).unwrap_or(0)
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Looks a block up and marks it used.
    pub fn get(&self, key: u128) -> Option<Arc<str>> {
        self.read();
        let hit = self.entries.read().ok()?.get(&key).cloned();
        if hit.is_some()
            && let Ok(mut used) = self.used.lock()
        {
            used.insert(key);
        }
        hit
    }

    /// Stores a block and marks it used.
    pub fn insert(&self, key: u128, html: Arc<str>) {
        self.read();
        if let Ok(mut entries) = self.entries.write() {
            entries.insert(key, html);
        }
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
    }

    /// Marks blocks used without looking them up: those of bodies taken from the body cache,
    /// so that saving does not drop them. Nothing to do while the file is unread (then it is
    /// not rewritten either).
    pub fn mark_used(&self, keys: impl IntoIterator<Item = u128>) {
        if self.loaded.get().is_some()
            && let Ok(mut used) = self.used.lock()
        {
            used.extend(keys);
        }
    }

    /// Forgets which entries were used (the start of a new build in `serve`).
    pub fn reset_usage(&self) {
        if let Ok(mut used) = self.used.lock() {
            used.clear();
        }
    }

    /// Writes the entries used since the cache was opened (or since [`Self::reset_usage`]) to
    /// its file (atomically), if it has one and they differ from what the file holds. Returns
    /// whether it wrote.
    pub fn save(&self) -> io::Result<bool> {
        let Some(file) = &self.file else {
            return Ok(false);
        };
        if self.loaded.get().is_none() {
            // Never used: the file still holds what it held.
            return Ok(false);
        }
        let entries = self.entries.read().map_err(|_| poisoned())?;
        let used = self.used.lock().map_err(|_| poisoned())?;
        let mut on_disk = self.on_disk.lock().map_err(|_| poisoned())?;
        let keys: HashSet<u128> = used.iter().filter(|k| entries.contains_key(k)).copied().collect();
        if keys == *on_disk && file.exists() {
            return Ok(false);
        }
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = file.with_extension("tmp");
        let mut out = io::BufWriter::new(std::fs::File::create(&tmp)?);
        out.write_all(MAGIC)?;
        let mut sorted: Vec<&u128> = keys.iter().collect();
        sorted.sort();
        for k in sorted {
            let html = &entries[k];
            out.write_all(&k.to_le_bytes())?;
            out.write_all(&(html.len() as u32).to_le_bytes())?;
            out.write_all(html.as_bytes())?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all().ok();
        std::fs::rename(&tmp, file)?;
        *on_disk = keys;
        Ok(true)
    }
}

fn poisoned() -> io::Error {
    io::Error::other("cache lock poisoned")
}

fn read_file(path: &Path) -> io::Result<HashMap<u128, Arc<str>>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    let Some(mut rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
        return Err(io::Error::other("not a roadbook highlight cache of this version"));
    };
    let mut map = HashMap::new();
    while !rest.is_empty() {
        let (k, r) = rest.split_at_checked(16).ok_or_else(|| io::Error::other("truncated"))?;
        let (len, r) = r.split_at_checked(4).ok_or_else(|| io::Error::other("truncated"))?;
        let len = u32::from_le_bytes(len.try_into().map_err(io::Error::other)?) as usize;
        let (html, r) = r.split_at_checked(len).ok_or_else(|| io::Error::other("truncated"))?;
        let html = std::str::from_utf8(html).map_err(io::Error::other)?;
        map.insert(
            u128::from_le_bytes(k.try_into().map_err(io::Error::other)?),
            Arc::from(html),
        );
        rest = r;
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_entries_survive_a_reopen_and_unused_ones_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c/highlight.bin");
        let cache = HighlightCache::open(file.clone());
        cache.insert(key("go", "a"), Arc::from("<b>a</b>"));
        cache.insert(key("go", "b"), Arc::from("<b>b</b>"));
        cache.save().unwrap();
        let reopened = HighlightCache::open(file.clone());
        assert_eq!(reopened.loaded(), 2);
        assert_eq!(reopened.get(key("go", "a")).as_deref(), Some("<b>a</b>"));
        assert!(reopened.save().unwrap(), "one entry was not used: the file shrinks");
        assert_eq!(HighlightCache::open(file).loaded(), 1);
    }

    #[test]
    fn an_unchanged_cache_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("highlight.bin");
        let cache = HighlightCache::open(file.clone());
        cache.insert(key("go", "a"), Arc::from("<b>a</b>"));
        assert!(cache.save().unwrap());
        let stamp = |f: &Path| std::fs::metadata(f).unwrap().modified().unwrap();
        let written = stamp(&file);
        // Same entries used again: nothing to write, in this process or a new one.
        assert!(!cache.save().unwrap());
        let reopened = HighlightCache::open(file.clone());
        reopened.get(key("go", "a"));
        assert!(!reopened.save().unwrap());
        assert_eq!(stamp(&file), written);
        // A new block, or a deleted file, means writing again.
        reopened.insert(key("go", "b"), Arc::from("<b>b</b>"));
        assert!(reopened.save().unwrap());
        std::fs::remove_file(&file).unwrap();
        assert!(reopened.save().unwrap());
        assert_eq!(HighlightCache::open(file).loaded(), 2);
    }

    #[test]
    fn a_corrupt_file_starts_empty() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("highlight.bin");
        std::fs::write(&file, b"garbage").unwrap();
        assert!(HighlightCache::open(file).is_empty());
    }

    #[test]
    fn keys_depend_on_language_and_code() {
        assert_ne!(key("go", "x"), key("rust", "x"));
        assert_ne!(key("go", "x"), key("go", "y"));
        assert_ne!(key("a", "bc"), key("ab", "c"));
    }

    #[test]
    fn keys_depend_on_the_highlighter_that_made_the_block() {
        assert!(!HIGHLIGHTER.is_empty());
        assert_eq!(key("go", "x"), key_for(HIGHLIGHTER, "go", "x"));
        assert_ne!(key_for("0123", "go", "x"), key_for("4567", "go", "x"));
    }
}

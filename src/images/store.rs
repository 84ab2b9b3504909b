//! The variant store, `.roadbook-cache/images/`: each resized variant as a file named by the
//! original's content hash, its width, format, quality and the encoder's version, so a
//! variant is made once and reused by every build and `serve` until the photo changes.
//! `hashes.json` keeps each original's hash by its size and modification time, so an unchanged
//! photo is not read again to learn it.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::variants::Variant;

/// Bumped when the encoders change what they write: older variants are not reused.
const VERSION: u32 = 1;

/// An original's hash as it was when last read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Known {
    len: u64,
    modified_ns: u128,
    hash: String,
}

/// The store at one folder.
pub struct Store {
    dir: PathBuf,
    known: Mutex<BTreeMap<String, Known>>,
    /// The originals this build asked about (the others' hashes are dropped on save).
    asked: Mutex<HashSet<String>>,
    /// File names of the variants this build uses (the others are dropped by [`Store::finish`]).
    used: Mutex<HashSet<String>>,
}

impl Store {
    /// The store in `dir` (created when a variant is first written).
    pub fn open(dir: &Path) -> Store {
        let known = std::fs::read(dir.join("hashes.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Store {
            dir: dir.to_path_buf(),
            known: Mutex::new(known),
            asked: Mutex::default(),
            used: Mutex::default(),
        }
    }

    /// The content hash of the original at `path` (from `hashes.json` when its size and
    /// modification time are unchanged).
    pub fn hash_of(&self, path: &Path) -> std::io::Result<String> {
        let meta = std::fs::metadata(path)?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let key = path.to_string_lossy().into_owned();
        if let Ok(mut asked) = self.asked.lock() {
            asked.insert(key.clone());
        }
        if let Ok(known) = self.known.lock()
            && let Some(k) = known.get(&key)
            && k.len == meta.len()
            && k.modified_ns == modified_ns
        {
            return Ok(k.hash.clone());
        }
        let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&std::fs::read(path)?));
        if let Ok(mut known) = self.known.lock() {
            known.insert(
                key,
                Known {
                    len: meta.len(),
                    modified_ns,
                    hash: hash.clone(),
                },
            );
        }
        Ok(hash)
    }

    /// Where the variant `v` of the original with `hash` is kept; marks it used.
    pub fn file(&self, hash: &str, v: &Variant, quality: u8) -> PathBuf {
        let name = format!("{hash}-{}w-q{quality}-v{VERSION}.{}", v.width, v.ext);
        if let Ok(mut used) = self.used.lock() {
            used.insert(name.clone());
        }
        self.dir.join(name)
    }

    /// Writes a variant (through a temporary file, so a reader never sees half of one).
    pub fn put(&self, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let tmp = file.with_extension("tmp");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, file)
    }

    /// Saves the hashes and removes the variants no image of this build uses.
    pub fn finish(&self) -> std::io::Result<()> {
        if !self.dir.is_dir() {
            return Ok(());
        }
        let used = self.used.lock().map(|u| u.clone()).unwrap_or_default();
        for entry in std::fs::read_dir(&self.dir)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name != "hashes.json" && !used.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let asked = self.asked.lock().map(|a| a.clone()).unwrap_or_default();
        let mut known = self.known.lock().map(|k| k.clone()).unwrap_or_default();
        known.retain(|path, _| asked.contains(path));
        let json = serde_json::to_vec(&known).map_err(std::io::Error::other)?;
        let tmp = self.dir.join("hashes.json.tmp");
        std::fs::write(&tmp, json)?;
        std::fs::rename(tmp, self.dir.join("hashes.json"))
    }
}

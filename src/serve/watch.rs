//! Watching the site for changes: `content/`, `templates/`, `themes/` and `static/` recursively,
//! and the site root itself for `config.toml` (a directory watch survives editors that save by
//! renaming a temporary file over the original). Events are debounced (25 ms) so a burst of
//! saves arrives as one batch. Reads (`Access` events, which roadbook's own reading causes),
//! editor temporary files, the output folder, `.git` and the cache are ignored.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::change::classify;

/// How long the debouncer waits for a burst of saves to end. An editor's save (write, or
/// write-temp-then-rename) is a burst of microseconds; 25 ms joins it into one batch without
/// adding noticeable latency.
pub const DEBOUNCE: Duration = Duration::from_millis(25);
/// How often the debouncer checks for quiet paths.
pub const TICK: Duration = Duration::from_millis(5);

/// A running watch; dropping it stops watching.
pub struct Watch {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<&'static str>,
}

/// The folders watched recursively, when they exist.
const FOLDERS: [&str; 4] = ["content", "templates", "themes", "static"];

impl Watch {
    /// Starts watching folders that did not exist before (a new `templates/` or `themes/`);
    /// call it before each rebuild.
    pub fn refresh(&mut self) {
        for dir in FOLDERS {
            if !self.watched.contains(&dir)
                && self.root.join(dir).is_dir()
                && self
                    .debouncer
                    .watch(self.root.join(dir), RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.push(dir);
            }
        }
    }
}

/// Whether an event on `path` should trigger a rebuild.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    if rel
        .components()
        .any(|c| crate::util::fs::is_hidden_or_temp(c.as_os_str()))
    {
        return false;
    }
    classify(root, path).is_some()
}

/// Starts watching the site at `root`; batches of changed paths go to `tx`.
pub fn watch(root: &Path, tx: Sender<Vec<PathBuf>>) -> notify::Result<Watch> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let filter_root = root.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.iter())
            .filter(|p| relevant(&filter_root, p))
            .cloned()
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    })?;
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    let mut watch = Watch {
        debouncer,
        root,
        watched: Vec::new(),
    };
    watch.refresh();
    Ok(watch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_sources_are_relevant() {
        let root = Path::new("/site");
        for yes in [
            "config.toml",
            "content/topics/a.md",
            "templates/page.html",
            "themes/default/static/css/x.css",
            "static/logo.png",
        ] {
            assert!(relevant(root, &root.join(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            ".git/HEAD",
            ".roadbook-cache/highlight.bin",
            "content/topics/.a.md.swp",
            "content/topics/a.md~",
            "content/.#a.md",
            "README.md",
            "target/debug/x",
        ] {
            assert!(!relevant(root, &root.join(no)), "{no}");
        }
    }
}

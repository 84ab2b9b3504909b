//! Watching the site for changes: `content/`, `templates/`, `themes/` and `static/` recursively,
//! and the site root itself for `config.toml` (a directory watch survives editors that save by
//! renaming a temporary file over the original). Events are debounced (25 ms) so a burst of
//! saves arrives as one batch. Reads (`Access` events, which roadbook's own reading causes),
//! editor temporary files, the output folder, `.git` and the cache are ignored — except that a
//! move of git's `HEAD` (a commit, a checkout) is reported as a [`HISTORY`] change, as pages
//! show their last commit's date. A watched folder deleted and made again is watched anew.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::change::{HISTORY, classify};

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
    /// The folders watched, each with the identity it had when its watch was added.
    watched: Vec<(&'static str, Identity)>,
    /// The git folder of the checkout the site is in, once found; shared with the event
    /// filter, which turns a move of `HEAD` into a [`HISTORY`] change.
    git: Arc<Mutex<Option<PathBuf>>>,
}

/// Which folder a path is: a folder deleted and made again (content/ restored from a backup, a
/// branch switch) is a new folder, which the old watch no longer sees.
type Identity = Option<(u64, u64)>;

fn identity(path: &Path) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).ok().map(|_| (0, 0))
    }
}

/// The folders watched recursively, when they exist.
const FOLDERS: [&str; 4] = ["content", "templates", "themes", "static"];

impl Watch {
    /// Starts watching folders that did not exist before (a new `templates/` or `themes/`), and
    /// watches again a folder that was deleted and made anew (its old watch died with it);
    /// call it before each rebuild.
    pub fn refresh(&mut self) {
        for dir in FOLDERS {
            let path = self.root.join(dir);
            let now = identity(&path).filter(|_| path.is_dir());
            let known = self.watched.iter().position(|(d, _)| *d == dir);
            if let Some(i) = known {
                if self.watched[i].1 == now {
                    continue;
                }
                let _ = self.debouncer.unwatch(&path);
                self.watched.remove(i);
            }
            if now.is_some() && self.debouncer.watch(&path, RecursiveMode::Recursive).is_ok() {
                self.watched.push((dir, now));
            }
        }
        self.watch_history();
    }

    /// Watches the git folder (not recursively: `HEAD`, and `logs/HEAD`, which every commit
    /// appends to) once the site is in a checkout, so a commit or checkout updates the dates.
    fn watch_history(&mut self) {
        let Ok(mut git) = self.git.lock() else { return };
        if git.is_some() {
            return;
        }
        let Some(dir) = git_dir(&self.root) else { return };
        if self.debouncer.watch(&dir, RecursiveMode::NonRecursive).is_ok() {
            let _ = self.debouncer.watch(dir.join("logs"), RecursiveMode::NonRecursive);
            *git = Some(dir);
        }
    }
}

/// The git folder of the checkout holding `root`: the nearest `.git` folder at or above it,
/// or where a `.git` file (a worktree, a submodule) points.
fn git_dir(root: &Path) -> Option<PathBuf> {
    for dir in root.ancestors() {
        let dot_git = dir.join(".git");
        if dot_git.is_dir() {
            return dot_git.canonicalize().ok();
        }
        if dot_git.is_file() {
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let target = text.trim().strip_prefix("gitdir:")?.trim();
            return dir.join(target).canonicalize().ok();
        }
    }
    None
}

/// Whether `path` is the git `HEAD` (or its log) in the git folder `git`.
fn is_history(git: Option<&Path>, path: &Path) -> bool {
    let Some(git) = git else { return false };
    path.file_name().is_some_and(|n| n == "HEAD") && path.parent().is_some_and(|p| p == git || p == git.join("logs"))
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
    let git: Arc<Mutex<Option<PathBuf>>> = Arc::default();
    let filter_git = Arc::clone(&git);
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let git = filter_git.lock().ok().and_then(|g| g.clone());
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.iter())
            .filter_map(|p| {
                if is_history(git.as_deref(), p) {
                    Some(filter_root.join(HISTORY))
                } else {
                    relevant(&filter_root, p).then(|| p.clone())
                }
            })
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
        git,
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
            "content/topics/a.md___jb_tmp___",
            "content/topics/a.md___jb_old___",
            "README.md",
            "target/debug/x",
        ] {
            assert!(!relevant(root, &root.join(no)), "{no}");
        }
    }

    #[test]
    fn a_move_of_head_is_history_and_other_git_files_are_not() {
        let git = Path::new("/site/.git");
        assert!(is_history(Some(git), &git.join("HEAD")));
        assert!(is_history(Some(git), &git.join("logs/HEAD")));
        for no in [
            "index",
            "index.lock",
            "ORIG_HEAD",
            "refs/heads/HEAD",
            "logs/refs/heads/main",
        ] {
            assert!(!is_history(Some(git), &git.join(no)), "{no}");
        }
        assert!(!is_history(None, &git.join("HEAD")));
        assert_eq!(
            classify(Path::new("/site"), &Path::new("/site").join(HISTORY)),
            Some(super::super::change::ChangeKind::History)
        );
    }

    #[test]
    fn the_git_folder_is_found_above_the_site_or_through_a_git_file() {
        let top = tempfile::tempdir().unwrap();
        let site = top.path().join("handbook");
        std::fs::create_dir_all(top.path().join(".git")).unwrap();
        std::fs::create_dir_all(&site).unwrap();
        assert_eq!(git_dir(&site), top.path().join(".git").canonicalize().ok());
        let worktree = tempfile::tempdir().unwrap();
        std::fs::write(
            worktree.path().join(".git"),
            format!("gitdir: {}\n", top.path().join(".git").display()),
        )
        .unwrap();
        assert_eq!(git_dir(worktree.path()), top.path().join(".git").canonicalize().ok());
    }
}

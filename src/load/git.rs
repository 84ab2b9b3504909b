//! Last-commit dates of content files, for "last updated" lines.
//!
//! One `git log` over `content/` answers for the whole site: it lists every commit newest
//! first with the files it touched, so a file's first appearance is its last commit. The
//! process is started before Markdown rendering and read after it, so it costs no wall time
//! on any site whose history is shorter to walk than its pages are to render. A site that is not
//! in a git checkout, or a machine without git, gets no dates, silently: the feature is a
//! nicety, never a reason for a build to fail.
//!
//! In a shallow clone (CI's default `fetch-depth: 1`) the oldest fetched commit shows every
//! file as added on its date. Files whose newest commit is such a boundary commit get no date
//! rather than that wrong one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use crate::content::Date;

/// Starts in front of commit records in the log output, so they cannot be taken for paths.
const RECORD: char = '\u{1e}';

/// A running `git log`.
#[derive(Debug)]
pub struct GitLog {
    child: Child,
}

impl GitLog {
    /// Starts `git log` for `<root>/content`; `None` when git cannot be run.
    pub fn spawn(root: &Path) -> Option<GitLog> {
        let child = Command::new("git")
            .arg("-C")
            .arg(root)
            // `--relative` prints paths relative to the site root (`content/blog/x.md`) even
            // when the checkout's top level is above it; `-z` keeps Korean names unquoted.
            .args([
                "log",
                "--no-show-signature",
                "--name-only",
                "--relative",
                "-z",
                // Commit date, then the parent hashes: none for a root or a shallow boundary.
                "--format=%x1e%cI%x1f%P",
                "--",
                "content",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        Some(GitLog { child })
    }

    /// Waits for the log and returns each file's last commit date, keyed by its path relative
    /// to the site root. Empty when git failed (e.g. not a checkout).
    pub fn dates(self, root: &Path) -> LastCommits {
        match self.child.wait_with_output() {
            Ok(out) if out.status.success() => {
                LastCommits::parse(&String::from_utf8_lossy(&out.stdout), is_shallow(root))
            }
            _ => LastCommits::default(),
        }
    }
}

/// Last-commit dates for a build: being read by `git log` while the build does other work, or
/// known from an earlier build (the dev server keeps them until files are added, renamed or
/// removed).
#[derive(Debug)]
pub enum CommitDates {
    /// Read before.
    Known(Arc<LastCommits>),
    /// Being read (`None` when git cannot be run).
    Reading(Option<GitLog>),
}

impl CommitDates {
    /// The `known` dates, else starts reading them for the site at `root`.
    pub fn start(root: &Path, known: Option<Arc<LastCommits>>) -> CommitDates {
        match known {
            Some(dates) => CommitDates::Known(dates),
            None => CommitDates::Reading(GitLog::spawn(root)),
        }
    }

    /// The dates, waiting for `git log` if it is still running.
    pub fn finish(self, root: &Path) -> Arc<LastCommits> {
        match self {
            CommitDates::Known(dates) => dates,
            CommitDates::Reading(log) => Arc::new(crate::util::timing::phase("git", || {
                log.map(|log| log.dates(root)).unwrap_or_default()
            })),
        }
    }
}

/// Whether the checkout at `root` is a shallow clone.
fn is_shallow(root: &Path) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--is-shallow-repository"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|out| out.stdout.starts_with(b"true"))
}

/// Files' last commit dates, keyed by path relative to the site root. `None`: the file's
/// newest commit is a shallow clone's boundary, whose date says nothing about the file.
#[derive(Debug, Default, Clone)]
pub struct LastCommits(HashMap<PathBuf, Option<Date>>);

impl LastCommits {
    /// Reads `git log -z --name-only --format=%x1e%cI%x1f%P` output (newest commit first). In a
    /// `shallow` clone a commit without parents is a boundary, not a root.
    pub fn parse(log: &str, shallow: bool) -> LastCommits {
        let mut dates = HashMap::new();
        let mut current: Option<Option<Date>> = None;
        for field in log.split('\0') {
            if let Some(record) = field.strip_prefix(RECORD) {
                let (date, parents) = record.split_once('\u{1f}').unwrap_or((record, ""));
                let boundary = shallow && parents.trim().is_empty();
                current = Date::parse(date).map(|d| (!boundary).then_some(d));
                continue;
            }
            let path = field.trim_start_matches('\n');
            if let (false, Some(date)) = (path.is_empty(), current) {
                dates.entry(PathBuf::from(path)).or_insert(date);
            }
        }
        LastCommits(dates)
    }

    /// The last commit date of `path`, given relative to the site root.
    pub fn get(&self, path: &Path) -> Option<Date> {
        self.0.get(path).copied().flatten()
    }

    /// How many files have a date.
    pub fn len(&self) -> usize {
        self.0.values().filter(|d| d.is_some()).count()
    }

    /// Whether no file has a date.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_wins() {
        // Two commits, newest first, as `git log -z` prints them.
        let log = "\u{1e}2026-04-04T05:06:07+09:00\u{1f}aaaa\0\ncontent/blog/캐시.md\0\u{1e}2026-03-04T05:06:07+09:00\u{1f}\0\ncontent/blog/b.md\0content/blog/캐시.md\0";
        let dates = LastCommits::parse(log, false);
        assert_eq!(dates.len(), 2);
        let cache = dates.get(Path::new("content/blog/캐시.md")).unwrap();
        assert_eq!(cache.iso_date(), "2026-04-04");
        assert_eq!(cache.rfc3339(), "2026-04-03T20:06:07Z");
        assert_eq!(
            dates.get(Path::new("content/blog/b.md")).unwrap().iso_date(),
            "2026-03-04"
        );
        assert!(dates.get(Path::new("content/blog/none.md")).is_none());
    }

    #[test]
    fn a_shallow_boundary_gives_no_dates() {
        // The parentless oldest commit of a shallow clone lists every file.
        let log = "\u{1e}2026-04-04T05:06:07+09:00\u{1f}aaaa\0\ncontent/a.md\0\u{1e}2026-03-04T05:06:07+09:00\u{1f}\0\ncontent/a.md\0content/b.md\0";
        let dates = LastCommits::parse(log, true);
        assert_eq!(dates.get(Path::new("content/a.md")).unwrap().iso_date(), "2026-04-04");
        assert!(dates.get(Path::new("content/b.md")).is_none());
        assert_eq!(dates.len(), 1);
        // The same log from a full clone: the parentless commit is the root, its date true.
        let dates = LastCommits::parse(log, false);
        assert_eq!(dates.get(Path::new("content/b.md")).unwrap().iso_date(), "2026-03-04");
    }

    #[test]
    fn empty_or_odd_output_gives_no_dates() {
        assert!(LastCommits::parse("", false).is_empty());
        assert!(
            LastCommits::parse("content/x.md\0", false).is_empty(),
            "no date before the first path"
        );
    }
}

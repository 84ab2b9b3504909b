//! Last-commit dates of content files, for "last updated" lines.
//!
//! One `git log` over `content/` answers for the whole site: it lists every commit newest
//! first with the files it touched, so a file's first appearance is its last commit. The
//! process is started before Markdown rendering and read after it, so it costs no wall time
//! on any site whose history is shorter to walk than its pages are to render. A site that is not
//! in a git checkout, or a machine without git, gets no dates, silently: the feature is a
//! nicety, never a reason for a build to fail.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

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
                "--format=%x1e%cI",
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
    pub fn dates(self) -> LastCommits {
        match self.child.wait_with_output() {
            Ok(out) if out.status.success() => LastCommits::parse(&String::from_utf8_lossy(&out.stdout)),
            _ => LastCommits::default(),
        }
    }
}

/// Files' last commit dates, keyed by path relative to the site root.
#[derive(Debug, Default, Clone)]
pub struct LastCommits(HashMap<PathBuf, Date>);

impl LastCommits {
    /// Reads `git log -z --name-only --format=%x1e%cI` output (newest commit first).
    pub fn parse(log: &str) -> LastCommits {
        let mut dates = HashMap::new();
        let mut current: Option<Date> = None;
        for field in log.split('\0') {
            if let Some(date) = field.strip_prefix(RECORD) {
                current = Date::parse(date);
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
        self.0.get(path).copied()
    }

    /// How many files have a date.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no file has a date.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_wins() {
        // Two commits, newest first, as `git log -z` prints them.
        let log = "\u{1e}2026-04-04T05:06:07+09:00\0\ncontent/blog/캐시.md\0\u{1e}2026-03-04T05:06:07+09:00\0\ncontent/blog/b.md\0content/blog/캐시.md\0";
        let dates = LastCommits::parse(log);
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
    fn empty_or_odd_output_gives_no_dates() {
        assert!(LastCommits::parse("").is_empty());
        assert!(
            LastCommits::parse("content/x.md\0").is_empty(),
            "no date before the first path"
        );
    }
}

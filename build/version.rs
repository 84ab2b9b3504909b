//! The text after `roadbook ` in `roadbook --version`: the crate's version, the commit the
//! sources come from and that commit's date, e.g. `0.1.0 (1a2b3c4d5 2026-12-07)`.
//!
//! Where the commit comes from, first match wins:
//! 1. git, when the crate's folder is the top of a git work tree (a clone of the repository);
//!    a folder merely *inside* some other repository (a vendored copy, the package cargo
//!    verifies under `target/package/`) is not asked, so it never reports a stranger's commit;
//! 2. `.cargo_vcs_info.json`, which `cargo package` writes into the crate it uploads, so a
//!    `cargo install roadbook` from crates.io knows its commit (the file has no date);
//! 3. nothing: the version alone, e.g. `0.1.0`, when there is no git and no such file.
//!
//! Included by the build script (`build/source_key.rs`) and, for its tests, by
//! `tests/version.rs`; it uses std only.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The commit the sources were taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hash (40 hex digits for SHA-1, 64 for SHA-256 repositories).
    pub hash: String,
    /// The commit date as `YYYY-MM-DD`, when known (git knows it; `.cargo_vcs_info.json` not).
    pub date: Option<String>,
    /// The package was made from a work tree with uncommitted changes
    /// (`cargo package --allow-dirty`); git work trees are not checked.
    pub dirty: bool,
}

/// How many hex digits of the hash `--version` shows (as rustc and cargo do).
pub const SHORT_HASH: usize = 9;

/// `version`, then the commit and its date in parentheses when known.
pub fn version_text(version: &str, commit: Option<&Commit>) -> String {
    let Some(commit) = commit else {
        return version.to_string();
    };
    let mut inner: String = commit.hash.chars().take(SHORT_HASH).collect();
    if commit.dirty {
        inner.push_str("-dirty");
    }
    if let Some(date) = &commit.date {
        inner.push(' ');
        inner.push_str(date);
    }
    format!("{version} ({inner})")
}

/// The commit of the sources in `crate_dir` (see the module docs), asking the program `git`.
pub fn commit_of(crate_dir: &Path, git: &OsStr) -> Option<Commit> {
    from_git(crate_dir, git).or_else(|| {
        let text = std::fs::read_to_string(crate_dir.join(".cargo_vcs_info.json")).ok()?;
        parse_vcs_info(&text)
    })
}

/// The files whose change means another commit: the build script reruns when one changes.
/// Only files that exist (cargo reruns a build script on every build for a missing one).
pub fn watched_files(crate_dir: &Path, git: &OsStr) -> Vec<PathBuf> {
    let mut files = vec![crate_dir.join(".cargo_vcs_info.json")];
    if is_top_of_work_tree(crate_dir, git) {
        // HEAD moves on a checkout; the branch's ref (loose, or in packed-refs) on a commit.
        if let Some(git_dir) = rev_parse(crate_dir, git, "--git-dir") {
            files.push(git_dir.join("HEAD"));
        }
        if let Some(common) = rev_parse(crate_dir, git, "--git-common-dir") {
            if let Some(branch) = run(crate_dir, git, &["symbolic-ref", "-q", "HEAD"]) {
                files.push(common.join(branch));
            }
            files.push(common.join("packed-refs"));
        }
    }
    files.retain(|f| f.is_file());
    files
}

/// `hash` and `dirty` from the JSON `cargo package` writes, e.g.
/// `{"git": {"sha1": "1a2b…", "dirty": true}, "path_in_vcs": ""}`. `None` without a valid
/// hash.
pub fn parse_vcs_info(text: &str) -> Option<Commit> {
    let hash = json_string_after(text, "\"sha1\"")?;
    if !is_hash(&hash) {
        return None;
    }
    let dirty = text
        .find("\"dirty\"")
        .map(|at| text[at + "\"dirty\"".len()..].trim_start())
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|rest| rest.trim_start().starts_with("true"));
    Some(Commit {
        hash: hash.to_ascii_lowercase(),
        date: None,
        dirty,
    })
}

fn from_git(crate_dir: &Path, git: &OsStr) -> Option<Commit> {
    if !is_top_of_work_tree(crate_dir, git) {
        return None;
    }
    let line = run(crate_dir, git, &["log", "-1", "--date=short", "--format=%H %cd"])?;
    let (hash, date) = line.split_once(' ')?;
    is_hash(hash).then(|| Commit {
        hash: hash.to_string(),
        date: is_date(date).then(|| date.to_string()),
        dirty: false,
    })
}

fn is_top_of_work_tree(crate_dir: &Path, git: &OsStr) -> bool {
    let Some(top) = run(crate_dir, git, &["rev-parse", "--show-toplevel"]) else {
        return false;
    };
    match (Path::new(&top).canonicalize(), crate_dir.canonicalize()) {
        (Ok(top), Ok(dir)) => top == dir,
        _ => false,
    }
}

/// A path git prints (relative to `crate_dir` unless absolute), made absolute.
fn rev_parse(crate_dir: &Path, git: &OsStr, what: &str) -> Option<PathBuf> {
    let out = run(crate_dir, git, &["rev-parse", what])?;
    Some(crate_dir.join(out))
}

/// Runs git in `dir`; its first stdout line if it succeeded with one.
fn run(dir: &Path, git: &OsStr, args: &[&str]) -> Option<String> {
    let out = Command::new(git)
        .arg("-C")
        .arg(dir)
        .args(args)
        // Whatever repository the caller's environment points at is not this one.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_string())
}

/// The JSON string value that follows `key` and a colon.
fn json_string_after(text: &str, key: &str) -> Option<String> {
    let rest = &text[text.find(key)? + key.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

fn is_hash(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

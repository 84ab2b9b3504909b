//! `roadbook --version`: the version, the commit and its date, set by the build script
//! (`build/version.rs`, included here to test its fallbacks: no git, a folder inside someone
//! else's repository, the `.cargo_vcs_info.json` of a crates.io package).

mod support;

#[path = "../build/version.rs"]
#[allow(dead_code)]
mod version;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use version::{Commit, commit_of, parse_vcs_info, version_text, watched_files};

const HASH: &str = "0123456789abcdef0123456789abcdef01234567";

/// Whether `git` runs here (see `support::tools` for the skip rule).
fn have_git() -> bool {
    support::tools::runs("git", "--version", "install git")
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05+00:00")
        .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05+00:00")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A repository with one commit dated 2026-01-02 and a subfolder `crate/`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    std::fs::create_dir(dir.path().join("crate")).unwrap();
    std::fs::write(dir.path().join("crate/Cargo.toml"), "[package]\n").unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "one"]);
    dir
}

#[test]
fn the_text_shows_a_short_hash_and_the_date_when_known() {
    let commit = Commit {
        hash: HASH.into(),
        date: Some("2026-12-07".into()),
        dirty: false,
    };
    assert_eq!(version_text("0.1.0", Some(&commit)), "0.1.0 (012345678 2026-12-07)");
    let packaged = Commit {
        date: None,
        dirty: true,
        ..commit
    };
    assert_eq!(version_text("0.1.0", Some(&packaged)), "0.1.0 (012345678-dirty)");
    assert_eq!(version_text("0.1.0", None), "0.1.0");
}

#[test]
fn cargo_vcs_info_gives_the_commit_of_a_crates_io_package() {
    // As `cargo package` writes it.
    let clean = format!("{{\n  \"git\": {{\n    \"sha1\": \"{HASH}\"\n  }},\n  \"path_in_vcs\": \"\"\n}}");
    let commit = parse_vcs_info(&clean).unwrap();
    assert_eq!((commit.hash.as_str(), commit.date, commit.dirty), (HASH, None, false));
    let dirty = format!(
        "{{\"git\":{{\"sha1\":\"{}\",\"dirty\":true}},\"path_in_vcs\":\"\"}}",
        HASH.to_uppercase()
    );
    let commit = parse_vcs_info(&dirty).unwrap();
    assert_eq!((commit.hash.as_str(), commit.dirty), (HASH, true));
    for bad in [
        "",
        "{}",
        "{\"git\":{\"sha1\":\"not-a-hash\"}}",
        "{\"git\":{\"sha1\":12}}",
    ] {
        assert_eq!(parse_vcs_info(bad), None, "{bad}");
    }
}

#[test]
fn without_git_the_package_file_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let no_git = OsStr::new("/nonexistent/git");
    assert_eq!(commit_of(dir.path(), no_git), None);
    assert!(
        watched_files(dir.path(), no_git).is_empty(),
        "no missing file is watched"
    );
    std::fs::write(
        dir.path().join(".cargo_vcs_info.json"),
        format!("{{\"git\":{{\"sha1\":\"{HASH}\"}},\"path_in_vcs\":\"\"}}"),
    )
    .unwrap();
    let commit = commit_of(dir.path(), no_git).unwrap();
    assert_eq!((commit.hash.as_str(), commit.date), (HASH, None));
    assert_eq!(
        watched_files(dir.path(), no_git),
        vec![dir.path().join(".cargo_vcs_info.json")]
    );
}

#[test]
fn git_gives_the_commit_and_its_date_at_the_top_of_a_work_tree_only() {
    if !have_git() {
        return;
    }
    let repo = repo();
    let head = git(repo.path(), &["rev-parse", "HEAD"]);
    let git_program = OsStr::new("git");
    assert_eq!(
        commit_of(repo.path(), git_program),
        Some(Commit {
            hash: head.clone(),
            date: Some("2026-01-02".into()),
            dirty: false,
        })
    );
    let watched = watched_files(repo.path(), git_program);
    assert!(watched.iter().any(|f| f.ends_with(".git/HEAD")), "{watched:?}");
    assert!(watched.iter().all(|f| f.is_file()), "{watched:?}");

    // A crate folder inside another repository (vendored, or cargo's own `target/package/`
    // copy) does not take that repository's commit; its package file still counts.
    let inner = repo.path().join("crate");
    assert_eq!(commit_of(&inner, git_program), None);
    std::fs::write(
        inner.join(".cargo_vcs_info.json"),
        format!("{{\"git\":{{\"sha1\":\"{HASH}\"}},\"path_in_vcs\":\"crate\"}}"),
    )
    .unwrap();
    assert_eq!(commit_of(&inner, git_program).map(|c| c.hash), Some(HASH.to_string()));

    // A new commit changes what is watched, so the build script runs again.
    let before: Vec<_> = watched.iter().map(|f| std::fs::read(f).unwrap()).collect();
    std::fs::write(repo.path().join("x"), "x").unwrap();
    git(repo.path(), &["add", "x"]);
    git(repo.path(), &["commit", "-q", "-m", "two"]);
    let after: Vec<_> = watched_files(repo.path(), git_program)
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    assert_ne!(before, after, "a commit touches a watched file");
}

#[test]
fn the_binary_prints_the_version_the_commit_and_its_date() {
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = version_text(
        env!("CARGO_PKG_VERSION"),
        commit_of(crate_dir, OsStr::new("git")).as_ref(),
    );
    assert_eq!(printed.trim_end(), format!("roadbook {expected}"));
    assert!(printed.starts_with(&format!("roadbook {}", env!("CARGO_PKG_VERSION"))));

    // In a clone (CI runs in one), the commit and date are git's own.
    if have_git() && crate_dir.join(".git").exists() {
        let short = git(crate_dir, &["rev-parse", "--short=9", "HEAD"]);
        let date = git(crate_dir, &["log", "-1", "--date=short", "--format=%cd"]);
        assert!(printed.contains(&format!("({short} {date})")), "{printed}");
    }
}

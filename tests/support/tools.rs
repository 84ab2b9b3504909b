//! The external programs some tests need (Chromium, git, xmllint, node, actionlint, …).
//!
//! The rule, the same for all of them: a test whose program is missing prints a `SKIPPED:`
//! line and passes, except under `CI=true`, where `.ci/run` has installed every one of them
//! and a missing program fails the test.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether the `CI` environment variable says this is a CI run.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Reports that `what` is missing: a panic under CI, else a `SKIPPED:` line (written to the
/// real stderr, so it shows even for a passing test) naming the test and how to install it.
pub fn missing(what: &str, install: &str) {
    assert!(!in_ci(), "CI=true but {what} is missing ({install}; .ci/run does)");
    let test = std::thread::current().name().unwrap_or("a test").to_string();
    let _ = writeln!(std::io::stderr(), "\nSKIPPED: {test}: no {what} ({install})");
}

/// Whether `program version_arg` runs and succeeds; reports it [`missing`] when not.
pub fn runs(program: &str, version_arg: &str, install: &str) -> bool {
    let ok = Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        missing(program, install);
    }
    ok
}

/// `program` on `PATH`, if it is there (nothing is reported).
pub fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|f| f.is_file())
}

/// The program at `env`'s path if that variable is set, else `program` on `PATH`; reported
/// [`missing`] when neither is a file.
pub fn find(program: &str, env: Option<&str>, install: &str) -> Option<PathBuf> {
    let found = env
        .and_then(std::env::var_os)
        .map(PathBuf::from)
        .or_else(|| on_path(program));
    match found {
        Some(path) if path.is_file() => Some(path),
        _ => {
            missing(program, install);
            None
        }
    }
}

/// Whether every one of `paths` is a file; the missing ones are reported together as `what`.
pub fn all_present(paths: &[&Path], install: &str) -> bool {
    let absent: Vec<String> = paths
        .iter()
        .filter(|p| !p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    if !absent.is_empty() {
        missing(&absent.join(" and "), install);
    }
    absent.is_empty()
}

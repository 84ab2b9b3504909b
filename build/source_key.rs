//! Build script: sets `ROADBOOK_SOURCE_KEY`, a hash of the crate's sources and `Cargo.lock`,
//! and `ROADBOOK_HIGHLIGHT_KEY`, a hash of the highlighter's sources (`src/parse/highlight/`) and
//! `Cargo.lock` (which pins syntect's and two-face's grammars). The body cache
//! (`src/cache/bodies.rs`) is only read back by the roadbook built from the same sources: any
//! change to how Markdown renders must not reuse bodies an older build wrote. Highlighted
//! blocks (`src/parse/highlight/cache.rs`) outlive changes elsewhere in roadbook, not changes to
//! the highlighter or its grammars.
//!
//! It also sets `ROADBOOK_VERSION`, what `roadbook --version` prints after the name: the
//! version, the commit and its date ([`version`]).

mod version;

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=build/source_key.rs");
    println!("cargo:rerun-if-changed=build/version.rs");
    println!(
        "cargo:rustc-env=ROADBOOK_SOURCE_KEY={}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        key_of(Path::new("src"))
    );
    println!(
        "cargo:rustc-env=ROADBOOK_HIGHLIGHT_KEY={:016x}",
        key_of(Path::new("src/parse/highlight"))
    );

    let crate_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| ".".into()));
    let git = std::ffi::OsStr::new("git");
    for file in version::watched_files(&crate_dir, git) {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let commit = version::commit_of(&crate_dir, git);
    println!(
        "cargo:rustc-env=ROADBOOK_VERSION={}",
        version::version_text(env!("CARGO_PKG_VERSION"), commit.as_ref())
    );
    // The full hash (empty when unknown): `roadbook init` pins it in the Pages workflow, which
    // compiles that commit when the version has no release yet.
    println!(
        "cargo:rustc-env=ROADBOOK_COMMIT={}",
        commit.as_ref().filter(|c| !c.dirty).map_or("", |c| c.hash.as_str())
    );
}

/// A hash of the files under `dir` and `Cargo.lock`, names and contents.
fn key_of(dir: &Path) -> u64 {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.push(PathBuf::from("Cargo.lock"));
    files.sort();
    // FNV-1a: stable across Rust versions, unlike std's hashers.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in &files {
        feed(file.to_string_lossy().as_bytes());
        feed(&[0]);
        feed(&std::fs::read(file).unwrap_or_default());
        feed(&[0]);
    }
    hash
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

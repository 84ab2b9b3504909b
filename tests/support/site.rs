//! Sites in temporary folders, built by the real binary, with the output parsed as HTML.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use super::{copy_dir, fixture_path, run_roadbook};

/// A site in a temporary folder.
pub struct TestSite {
    dir: Folder,
}

/// Where a test site lives.
enum Folder {
    /// Removed when the site is dropped.
    Temporary(tempfile::TempDir),
    /// Kept under `target/tmp/` (for a site built once and shared by a binary's tests, which
    /// a `static` never drops).
    Kept(PathBuf),
}

/// The result of running the binary.
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            success: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    /// How many pages the build's summary says it wrote: `built 57 pages (…)`.
    pub fn pages(&self) -> usize {
        self.stdout
            .split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page count in {}", self.stdout))
    }

    /// How many page bodies and whole pages the build's summary says came from its caches:
    /// `…, 56 page bodies and 55 pages from the cache`.
    pub fn cached(&self) -> (usize, usize) {
        let Some((_, tail)) = self.stdout.split_once(" ms, ") else {
            return (0, 0);
        };
        let count = |what: &str| -> usize {
            tail.split_once(what)
                .and_then(|(before, _)| before.rsplit(' ').next())
                .map_or(0, |n| n.parse().unwrap_or_else(|_| panic!("count of {what} in {tail}")))
        };
        (count(" page bodies"), count(" pages from the cache"))
    }
}

impl TestSite {
    /// An empty site with a minimal config.toml.
    pub fn new() -> TestSite {
        let site = TestSite {
            dir: Folder::Temporary(tempfile::tempdir().expect("tempdir")),
        };
        site.write("config.toml", "title = \"Test\"\nbase_url = \"https://example.org/\"\n");
        site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");
        site
    }

    /// An empty folder (no config.toml), for a command that makes a site in it.
    pub fn empty() -> TestSite {
        TestSite {
            dir: Folder::Temporary(tempfile::tempdir().expect("tempdir")),
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite {
            dir: Folder::Temporary(tempfile::tempdir().expect("tempdir")),
        };
        copy_dir(&fixture_path(name), site.root()).unwrap_or_else(|e| panic!("cannot copy fixture {name}: {e}"));
        site
    }

    /// A copy of `tests/fixtures/<name>` in `target/tmp/<folder>` (replaced first), kept after
    /// the tests.
    pub fn fixture_kept(name: &str, folder: &str) -> TestSite {
        // Examples that borrow these helpers are built without CARGO_TARGET_TMPDIR.
        let base = option_env!("CARGO_TARGET_TMPDIR").map_or_else(std::env::temp_dir, PathBuf::from);
        let root = base.join(folder);
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&fixture_path(name), &root).unwrap_or_else(|e| panic!("cannot copy fixture {name}: {e}"));
        TestSite {
            dir: Folder::Kept(root),
        }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        match &self.dir {
            Folder::Temporary(dir) => dir.path(),
            Folder::Kept(root) => root,
        }
    }

    /// Whether the output has a file or folder at `rel`.
    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file under the root (creating folders).
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Writes raw bytes.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Runs `roadbook <args> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        all.extend(["--root".as_ref(), self.root().as_os_str()]);
        Run::from(run_roadbook(all))
    }

    /// `roadbook build`, which must succeed.
    pub fn build_ok(&self) -> Run {
        let run = self.run(&["build"]);
        assert!(run.success, "build failed:\n{}", run.stderr);
        run
    }

    /// `roadbook build`, which must succeed without a warning.
    pub fn build_clean(&self) -> Run {
        let run = self.build_ok();
        assert!(
            !run.stderr.to_lowercase().contains("warning"),
            "the site built with warnings:\n{}",
            run.stderr
        );
        run
    }

    /// `roadbook build`, which must fail; returns stderr.
    pub fn build_err(&self) -> String {
        let run = self.run(&["build"]);
        assert!(
            !run.success,
            "build unexpectedly succeeded:\n{}{}",
            run.stdout, run.stderr
        );
        run.stderr
    }

    /// Every file of the output by path.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let dir = self.public();
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
                files.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
        files
    }

    /// A file of the output as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// A page of the output, parsed.
    pub fn html(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.read(rel)))
    }
}

/// A parsed HTML page.
pub struct Page(pub Html);

impl Page {
    /// Every element matching `css`.
    pub fn all(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.0.select(&selector).collect()
    }

    /// The one element matching `css`.
    pub fn one(&self, css: &str) -> scraper::ElementRef<'_> {
        let all = self.all(css);
        assert_eq!(all.len(), 1, "expected one `{css}`, found {}", all.len());
        all[0]
    }

    /// The text of the one element matching `css`.
    pub fn text(&self, css: &str) -> String {
        self.one(css).text().collect::<String>().trim().to_string()
    }

    /// Values of `attr` on every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.all(css)
            .iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }
}

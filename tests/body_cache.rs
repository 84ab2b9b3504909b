//! The body cache (`.roadbook-cache/bodies.bin`): a second build reuses the rendered bodies of
//! unchanged pages and writes the same site; edits reach every page they affect; diagnostics
//! and a damaged cache behave as if there were no cache.

mod support;

use support::TestSite;

fn cache_file(site: &TestSite) -> std::path::PathBuf {
    site.root().join(".roadbook-cache/bodies.bin")
}

fn with_code_and_anchors() -> TestSite {
    let site = TestSite::fixture("basic");
    site.write(
        "content/topics/caching.md",
        "+++\ntitle = \"Caching\"\nstage = \"advanced\"\norder = 1\nrequires = [\"http\", \"sql\"]\n+++\n\n\
         ## Cache-aside\n\nRead from [[sql]] on a miss; see [indexes](sql.md#indexes).\n\n\
         ```rust\nfn get(key: &str) -> Option<String> { None }\n```\n",
    );
    site
}

#[test]
fn a_second_build_reuses_every_body_and_writes_the_same_site() {
    let site = with_code_and_anchors();
    let first = site.build_clean();
    assert_eq!(first.cached().0, 0, "{}", first.stdout);
    let cold = site.snapshot();
    let written = std::fs::metadata(cache_file(&site)).unwrap().modified().unwrap();

    let second = site.build_clean();
    let documents = walkdir::WalkDir::new(site.root().join("content"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "md"))
        .count();
    assert_eq!(second.cached().0, documents, "{}", second.stdout);
    assert_eq!(site.snapshot(), cold, "a warm build must write the same files");
    // Nothing changed: the cache file is not rewritten, and no temporary file is left.
    assert_eq!(
        std::fs::metadata(cache_file(&site)).unwrap().modified().unwrap(),
        written
    );
    let names: Vec<String> = std::fs::read_dir(site.root().join(".roadbook-cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn an_edit_reaches_the_pages_that_link_to_the_edited_page() {
    let site = with_code_and_anchors();
    site.build_clean();
    let all = site.build_clean().cached().0;

    // A new title changes the label of `[[sql]]` on the caching page, whose file is unchanged.
    let sql = std::fs::read_to_string(site.root().join("content/topics/sql.md")).unwrap();
    site.write(
        "content/topics/sql.md",
        &sql.replace("title = \"SQL\"", "title = \"관계형 SQL\""),
    );
    let run = site.build_clean();
    assert!(run.cached().0 < all, "{}", run.stdout);
    let page = site.html("topics/caching/index.html");
    let labels: Vec<String> = page
        .all(".prose a[href='/sub/topics/sql/']")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(labels, ["관계형 SQL"]);

    // The heading another page links to is gone: the warm build reports the broken anchor.
    site.write("content/topics/sql.md", &sql.replace("## Indexes", "## Lookups"));
    let err = site.build_err();
    assert!(err.contains("caching.md") && err.contains("indexes"), "{err}");
}

#[test]
fn warnings_come_back_on_every_build() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/topics/http.md",
        "+++\ntitle = \"HTTP\"\nstage = \"basics\"\norder = 1\n+++\n\n```nosuchlang\nGET / HTTP/1.1\n```\n",
    );
    for _ in 0..2 {
        let run = site.build_ok();
        assert!(
            run.stderr.contains("unknown code language `nosuchlang`"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_damaged_cache_is_ignored() {
    let site = with_code_and_anchors();
    site.build_clean();
    let cold = site.snapshot();
    // The first blob (a body's HTML, found damaged only when its page is written, after the
    // build began) and one in the middle of the file.
    let good = std::fs::read(cache_file(&site)).unwrap();
    for at in [10, good.len() / 2] {
        let mut bytes = good.clone();
        bytes[at] ^= 0x20;
        std::fs::write(cache_file(&site), &bytes).unwrap();
        // Without the page cache, so that every body is read (a page taken from it does
        // not read its body).
        std::fs::remove_file(site.root().join(".roadbook-cache/pages.bin")).unwrap();
        let run = site.build_clean();
        assert_eq!(run.cached().0, 0, "byte {at}: {}", run.stdout);
        assert_eq!(site.snapshot(), cold, "byte {at}");
        // The rebuilt cache is whole again.
        assert!(site.build_clean().cached().0 > 0, "byte {at}");
        assert_eq!(site.snapshot(), cold, "byte {at}");
    }
}

#[test]
fn reused_bodies_keep_their_code_in_the_highlight_cache() {
    let site = with_code_and_anchors();
    site.build_clean();
    let highlight = site.root().join(".roadbook-cache/highlight.bin");
    let size = std::fs::metadata(&highlight).unwrap().len();
    // Another page changes: its blocks are highlighted, the reused page's block stays cached.
    site.write(
        "content/topics/http.md",
        "+++\ntitle = \"HTTP\"\nstage = \"basics\"\norder = 1\n+++\n\n```python\nprint('hi')\n```\n",
    );
    site.build_clean();
    let grown = std::fs::metadata(&highlight).unwrap().len();
    assert!(grown > size, "highlight cache went from {size} to {grown} bytes");
    // Every block a full render needs is still there: rendering everything again (no body
    // cache) finds them all and has nothing to add.
    let written = std::fs::metadata(&highlight).unwrap().modified().unwrap();
    std::fs::remove_file(cache_file(&site)).unwrap();
    site.build_clean();
    assert_eq!(std::fs::metadata(&highlight).unwrap().modified().unwrap(), written);
}

#[test]
fn the_cache_serves_the_site_whichever_way_its_root_is_named() {
    let site = with_code_and_anchors();
    site.build_clean();
    // Built again from inside the site folder, with the default root `.`.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .arg("build")
        .current_dir(site.root())
        .output()
        .unwrap();
    let run = support::Run::from(out);
    assert!(run.success, "{}", run.stderr);
    assert!(run.cached().0 > 0, "{}", run.stdout);
}

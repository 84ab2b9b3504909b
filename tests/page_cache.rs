//! The page cache (`.roadbook-cache/pages.bin`): a second build writes every unchanged page
//! from it, and after any change of what pages are made from (a body, a title, the config,
//! templates, UI strings, the base URL, drafts) the site it writes is the site a build
//! without the cache writes.

mod support;

use std::path::PathBuf;

use support::TestSite;

fn pages_file(site: &TestSite) -> PathBuf {
    site.root().join(".roadbook-cache/pages.bin")
}

/// Builds `site` (whose page cache is filled) with `args`, then again without the page
/// cache, and checks that both write the same files. Returns how many pages the first build
/// rendered rather than took from the cache.
fn build_matches_uncached(site: &TestSite, args: &[&str], change: &str) -> usize {
    let mut build = vec!["build"];
    build.extend(args);
    let cached = site.run(&build);
    assert!(cached.success, "{change}: {}", cached.stderr);
    let cached_files = site.snapshot();
    let rendered = cached.pages() - cached.cached().1;

    std::fs::remove_file(pages_file(site)).unwrap();
    let uncached = site.run(&build);
    assert!(uncached.success, "{change}: {}", uncached.stderr);
    assert_eq!(uncached.cached().1, 0, "{change}: {}", uncached.stdout);
    let uncached_files = site.snapshot();
    let differing: Vec<&String> = uncached_files
        .iter()
        .filter(|(path, bytes)| cached_files.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differing.is_empty() && cached_files.len() == uncached_files.len(),
        "{change}: the page cache gave stale files: {differing:?}"
    );
    rendered
}

#[test]
fn a_second_build_takes_every_page_but_the_print_page_from_the_cache() {
    let site = TestSite::fixture("basic");
    let first = site.build_clean();
    assert_eq!(first.cached().1, 0, "{}", first.stdout);
    let cold = site.snapshot();
    let written = std::fs::metadata(pages_file(&site)).unwrap().modified().unwrap();

    let second = site.build_clean();
    let pages = second.pages();
    // `/print/` is rendered every time: its bodies are streamed in as it is written.
    assert_eq!(second.cached().1, pages - 1, "{}", second.stdout);
    assert_eq!(site.snapshot(), cold);
    // The same pages: the cache file is not written again.
    assert_eq!(
        std::fs::metadata(pages_file(&site)).unwrap().modified().unwrap(),
        written
    );
}

#[test]
fn every_input_of_a_page_reaches_it_through_the_cache() {
    let site = TestSite::fixture("basic");
    site.build_clean();
    let http = site.root().join("content/topics/http.md");
    let http_text = std::fs::read_to_string(&http).unwrap();
    let edit = |find: &str, replace: &str| {
        let text = std::fs::read_to_string(&http).unwrap();
        assert!(text.contains(find), "{find}");
        std::fs::write(&http, text.replace(find, replace)).unwrap();
    };

    // Each change, then the number of pages it must re-render at least.
    edit("answers with a status code", "answers with a three-digit status code");
    assert!(build_matches_uncached(&site, &[], "a body") >= 1);

    // A title shows on the pages that link to the topic, in the sidebar, on list pages.
    edit("title = \"HTTP\"", "title = \"HTTP/1.1 and HTTP/2\"");
    assert!(build_matches_uncached(&site, &[], "a title") > 3);

    edit("tags = [\"http\", \"web\"]", "tags = [\"http\", \"web\", \"protocol\"]");
    assert!(build_matches_uncached(&site, &[], "a tag") >= 1);
    std::fs::write(&http, &http_text).unwrap();
    build_matches_uncached(&site, &[], "the topic as it was");

    // An arrow of the roadmap: the home page draws it only when it is rendered, so its key
    // must carry what the drawing is made from.
    let caching = site.root().join("content/topics/caching.md");
    let caching_text = std::fs::read_to_string(&caching).unwrap();
    let arrows = |site: &TestSite| site.html("index.html").attrs(".roadmap-svg path.edge", "data-from");
    assert!(arrows(&site).contains(&"http".to_string()), "{:?}", arrows(&site));
    std::fs::write(
        &caching,
        caching_text.replace("requires = [\"http\", \"sql\"]", "requires = [\"sql\"]"),
    )
    .unwrap();
    assert!(build_matches_uncached(&site, &[], "a requires arrow") >= 2);
    assert!(
        !arrows(&site).contains(&"http".to_string()),
        "the home page's roadmap is redrawn"
    );
    std::fs::write(&caching, &caching_text).unwrap();
    build_matches_uncached(&site, &[], "the arrow as it was");

    // The global `site` value.
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace("title = \"Basic Roadmap\"", "title = \"Basic Roadmap, revised\""),
    );
    let all = build_matches_uncached(&site, &[], "the site title");

    // The `url` function and every absolute link.
    assert_eq!(
        build_matches_uncached(&site, &["--base-url", "https://example.org/other/"], "the base URL"),
        all
    );

    // A template of the site's own, and one of the theme's UI strings.
    let topic = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/topic.html"
    ))
    .unwrap();
    site.write(
        "templates/topic.html",
        &topic.replacen("{% block", "{# a site override #}{% block", 1),
    );
    build_matches_uncached(&site, &[], "a template override (same output)");
    site.write(
        "templates/topic.html",
        &topic.replacen("{{ page.title }}", "{{ page.title | upper }}", 1),
    );
    assert!(build_matches_uncached(&site, &[], "a template override") >= 3);
    let strings = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/en.toml")).unwrap();
    let skip = strings.lines().find(|l| l.starts_with("skip_to_content")).unwrap();
    site.write(
        "themes/default/i18n/en.toml",
        &strings.replace(skip, "skip_to_content = \"Jump to the text\""),
    );
    assert_eq!(build_matches_uncached(&site, &[], "a UI string"), all);

    // Drafts come and go.
    site.write(
        "content/blog/draft-note.md",
        "+++\ntitle = \"Half a note\"\ndate = 2026-10-02\ntopics = [\"http\"]\ntags = [\"notes\"]\ndraft = true\n+++\n\nSee [[http]].\n",
    );
    build_matches_uncached(&site, &["--drafts"], "drafts shown");
    build_matches_uncached(&site, &[], "drafts hidden");
}

#[test]
fn a_damaged_page_is_rendered_again() {
    let site = TestSite::fixture("basic");
    site.build_clean();
    let cold = site.snapshot();
    let mut bytes = std::fs::read(pages_file(&site)).unwrap();
    // The first page's first bytes (after the 8-byte magic).
    bytes[10] ^= 0x20;
    std::fs::write(pages_file(&site), &bytes).unwrap();
    let run = site.build_clean();
    let pages = run.pages();
    assert_eq!(run.cached().1, pages - 2, "{}", run.stdout);
    assert_eq!(site.snapshot(), cold);
    // The new file holds the page again.
    assert_eq!(site.build_clean().cached().1, pages - 1);
    assert_eq!(site.snapshot(), cold);
}

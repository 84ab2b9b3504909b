//! The engine end to end: a fixture site built by the real binary, its output parsed as HTML.

mod support;

use support::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("engine");
    site.build_ok();
    site
}

#[test]
fn summary_line_counts_kinds_and_time() {
    let site = TestSite::fixture("engine");
    let run = site.build_ok();
    let line = run.stdout.trim();
    assert!(line.starts_with("built "), "{line}");
    assert!(
        line.contains("3 topics, 2 stages, 1 book, 1 project, 3 posts, 1 page"),
        "{line}"
    );
    assert!(line.ends_with(" ms"), "{line}");
}

#[test]
fn korean_heading_ids_are_unicode_deduplicated_and_self_linked() {
    let site = built();
    let page = site.html("topics/db-intro/index.html");
    let ids = page.attrs(".prose h2", "id");
    assert_eq!(ids, ["인덱스란-무엇인가", "개요", "개요-1"]);
    assert_eq!(
        page.attrs(".prose h2 a.anchor", "href"),
        ["#인덱스란-무엇인가", "#개요", "#개요-1"]
    );
    let toc = page.attrs(".toc a", "href");
    assert_eq!(toc, ["#인덱스란-무엇인가", "#개요", "#개요-1"]);
}

#[test]
fn footnote_ids_are_prefixed() {
    let site = built();
    let page = site.html("topics/db-intro/index.html");
    assert_eq!(page.attrs(".footnote-reference a", "href"), ["#fn-1"]);
    assert_eq!(page.attrs(".footnote-definition", "id"), ["fn-1"]);
}

#[test]
fn code_is_highlighted_with_classes_and_unknown_languages_are_escaped_with_a_warning() {
    let site = TestSite::fixture("engine");
    let run = site.build_ok();
    assert!(run.stderr.contains("unknown code language `klingon`"), "{}", run.stderr);
    assert!(run.stderr.contains("content/topics/db-intro.md:31:1"), "{}", run.stderr);
    let page = site.html("topics/db-intro/index.html");
    let python = page.one("pre.code[data-lang=python] code");
    let keywords: Vec<String> = python
        .select(&scraper::Selector::parse("span.k").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert!(keywords.iter().any(|k| k.trim() == "def"), "{keywords:?}");
    assert!(
        python.inner_html().find("style=").is_none(),
        "classes, not inline styles"
    );
    let klingon = page.one("pre.code[data-lang=klingon] code");
    assert_eq!(klingon.inner_html(), "Qapla' &lt;tlhIngan&gt;\n");
    assert_eq!(klingon.text().collect::<String>(), "Qapla' <tlhIngan>\n");
    let css = site.read("css/code.css");
    assert!(
        css.contains(".code .k {") && css.contains("prefers-color-scheme: dark"),
        "{css}"
    );
}

#[test]
fn front_matter_text_is_escaped_everywhere() {
    let site = built();
    let page = site.html("topics/escaping/index.html");
    assert_eq!(page.text("h1"), "<script>alert(1)</script> & \"quotes\"");
    assert!(page.all("script").iter().all(|s| !s.inner_html().contains("alert(1)")));
    assert_eq!(page.text(".page-header .lead"), "<b>not bold</b>");
    assert!(page.all(".page-header .lead b").is_empty());
    // Raw HTML in the body is trusted and passes through.
    assert_eq!(page.text(".prose em"), "raw html");
    // Lists and titles that mention it escape it too.
    let list = site.read("topics/index.html");
    assert!(!list.contains("<script>alert(1)"));
}

#[test]
fn every_internal_link_of_a_page_carries_the_base_path() {
    let site = built();
    for page in [
        "index.html",
        "topics/caching/index.html",
        "blog/index.html",
        "about/index.html",
        "404.html",
    ] {
        let html = site.html(page);
        for attr in ["href", "src", "action"] {
            for url in html.attrs(&format!("[{attr}]"), attr) {
                if url.starts_with('/') {
                    assert!(url.starts_with("/handbook/"), "{page}: {attr}={url}");
                }
            }
        }
    }
}

#[test]
fn cross_links_resolve_to_canonical_urls_and_titles() {
    let site = built();
    let page = site.html("topics/caching/index.html");
    let links: Vec<(String, String)> = page
        .all(".prose a")
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_string(),
                a.text().collect::<String>(),
            )
        })
        .collect();
    let expect = |href: &str, text: &str| {
        assert!(
            links.contains(&(href.to_string(), text.to_string())),
            "{href} {text} not in {links:?}"
        )
    };
    expect(
        "/handbook/topics/db-intro/#%EC%9D%B8%EB%8D%B1%EC%8A%A4%EB%9E%80-%EB%AC%B4%EC%97%87%EC%9D%B8%EA%B0%80",
        "the index section",
    );
    expect("/handbook/topics/db-intro/", "데이터베이스 입문");
    expect("/handbook/topics/db-intro/#%EA%B0%9C%EC%9A%94-1", "the same file");
    expect("/handbook/books/ddia/", "Designing Data-Intensive Applications");
    expect("/handbook/blog/bundle-post/", "Bundle post");
    // Relative links from the home page too.
    let home = site.html("index.html");
    assert!(home.attrs(".prose a", "href").contains(&"/handbook/about/".to_string()));
    // Root-relative Markdown links get the base path.
    let about = site.html("about/index.html");
    assert_eq!(about.attrs(".overridden-page a", "href"), ["/handbook/blog/"]);
}

#[test]
fn site_templates_override_theme_templates_by_name() {
    let site = built();
    let about = site.html("about/index.html");
    assert_eq!(about.text(".overridden-page h1"), "About");
    // Other pages keep the theme's templates.
    assert_eq!(site.html("topics/caching/index.html").all(".page-topic").len(), 1);
}

#[test]
fn not_found_page_works_under_the_subpath() {
    let site = built();
    let page = site.html("404.html");
    let css = page.attrs("link[rel=stylesheet]", "href");
    assert!(css.iter().all(|h| h.starts_with("/handbook/css/")), "{css:?}");
    assert_eq!(page.attrs("a.button", "href"), ["/handbook/"]);
}

#[test]
fn pretty_urls_statics_bundles_and_site_files_are_written() {
    let site = built();
    for file in [
        "index.html",
        "topics/caching/index.html",
        "stages/basics/index.html",
        "books/ddia/index.html",
        "projects/shop/index.html",
        "blog/캐싱-입문/index.html",
        "blog/bundle-post/index.html",
        "blog/bundle-post/diagram.svg",
        "about/index.html",
        "topics/index.html",
        "books/index.html",
        "projects/index.html",
        "blog/index.html",
        "blog/page/2/index.html",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        ".nojekyll",
        "atom.xml",
        "graph.json",
        "css/style.css",
        "css/code.css",
        "js/site.js",
        "robots-extra.txt",
    ] {
        assert!(site.public().join(file).is_file(), "{file} missing");
    }
    // Bundle images referenced relatively keep working.
    let post = site.html("blog/bundle-post/index.html");
    assert_eq!(
        post.attrs(".prose img", "src"),
        ["/handbook/blog/bundle-post/diagram.svg"]
    );
    // Drafts are left out.
    assert!(!site.public().join("blog/draft").exists());
    let robots = site.read("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/handbook/sitemap.xml"),
        "{robots}"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/handbook/topics/caching/</loc>"));
    assert!(!sitemap.contains("404"));
    assert!(!site.public().join("CNAME").exists());
}

#[test]
fn cname_is_written_when_configured() {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://docs.example.com/\"\n[build]\ncname = \"docs.example.com\"\n",
    );
    site.build_ok();
    assert_eq!(site.read("CNAME"), "docs.example.com\n");
}

#[test]
fn drafts_are_published_with_the_flag() {
    let site = TestSite::fixture("engine");
    let run = site.run(&["build", "--drafts"]);
    assert!(run.success, "{}", run.stderr);
    assert!(site.public().join("blog/draft/index.html").is_file());
}

#[test]
fn edit_links_point_at_the_repository() {
    let site = built();
    let page = site.html("topics/caching/index.html");
    assert_eq!(
        page.attrs(".edit a", "href"),
        ["https://github.com/example/handbook/edit/main/content/topics/caching.md"]
    );
}

#[test]
fn base_url_flag_overrides_the_config() {
    let site = TestSite::fixture("engine");
    let run = site.run(&["build", "--base-url", "https://user.github.io/other/"]);
    assert!(run.success, "{}", run.stderr);
    let page = site.html("topics/caching/index.html");
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://user.github.io/other/topics/caching/"]
    );
    assert!(
        page.attrs("link[rel=stylesheet]", "href")
            .iter()
            .all(|h| h.starts_with("/other/"))
    );
}

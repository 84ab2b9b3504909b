//! Page meta (issue 4): OpenGraph, Twitter and canonical tags on every kind of page.
//!
//! Most tests read one build of `tests/fixtures/blog` (25 published posts and 2 drafts,
//! `paginate = 10`, published under `https://example.org/sub/`, see `support::blog`), made once
//! per test binary; boundary cases build small sites of their own with `TestSite`.

mod support;

use support::blog::*;

#[test]
fn every_page_kind_has_open_graph_twitter_and_canonical_meta() {
    let b = blog();
    let pages = [
        ("index.html", ""),
        ("stages/basics/index.html", "stages/basics/"),
        ("topics/caching/index.html", "topics/caching/"),
        ("projects/shop/index.html", "projects/shop/"),
        ("books/ddia/index.html", "books/ddia/"),
        ("about/index.html", "about/"),
        (
            "blog/캐싱-입문/index.html",
            "blog/%EC%BA%90%EC%8B%B1-%EC%9E%85%EB%AC%B8/",
        ),
        ("topics/index.html", "topics/"),
        ("blog/index.html", "blog/"),
        ("blog/page/2/index.html", "blog/page/2/"),
        ("blog/archive/index.html", "blog/archive/"),
        ("tags/index.html", "tags/"),
        ("tags/캐시/index.html", "tags/%EC%BA%90%EC%8B%9C/"),
        ("search/index.html", "search/"),
        ("print/index.html", "print/"),
        ("404.html", "404.html"),
    ];
    for (file, path) in pages {
        let page = b.html(file);
        let url = format!("https://example.org/sub/{path}");
        assert_eq!(page.attrs("link[rel=canonical]", "href"), [url.as_str()], "{file}");
        assert_eq!(meta(&page, "og:url"), Some(url), "{file}");
        let title = meta(&page, "og:title").unwrap_or_default();
        assert!(!title.is_empty(), "{file}: og:title");
        assert_eq!(meta(&page, "twitter:title"), Some(title), "{file}");
        let description = meta(&page, "og:description").unwrap_or_default();
        assert!(!description.is_empty(), "{file}: og:description");
        assert_eq!(meta(&page, "twitter:description"), Some(description.clone()), "{file}");
        assert_eq!(meta(&page, "description"), Some(description), "{file}");
        assert_eq!(meta(&page, "twitter:card").as_deref(), Some("summary"), "{file}");
        assert_eq!(meta(&page, "og:site_name").as_deref(), Some("공부 블로그"), "{file}");
        let is_post = file.starts_with("blog/캐싱");
        let expected_type = if is_post { "article" } else { "website" };
        assert_eq!(meta(&page, "og:type").as_deref(), Some(expected_type), "{file}");
        assert_eq!(meta(&page, "article:published_time").is_some(), is_post, "{file}");
    }
    let post = b.html("blog/캐싱-입문/index.html");
    assert_eq!(meta(&post, "og:title").as_deref(), Some("캐싱 입문"));
    assert_eq!(
        meta(&post, "article:published_time").as_deref(),
        Some("2026-12-01T00:00:00Z")
    );
    assert_eq!(
        meta(&post, "og:description").as_deref(),
        Some("캐시는 자주 읽는 데이터를 가까이 두는 기술이다.")
    );
}

#[test]
fn a_posts_image_is_its_link_preview_image() {
    let site = support::TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n",
    )
    .write(
        "content/blog/bundle/index.md",
        "+++\ntitle = \"Bundle\"\ndate = 2024-01-02\nimage = \"cover.png\"\n+++\n본문\n",
    )
    .write_bytes("content/blog/bundle/cover.png", b"not really a png")
    .write(
        "content/blog/root.md",
        "+++\ntitle = \"Root\"\ndate = 2024-01-03\nimage = \"/img/그림.png\"\n+++\n본문\n",
    )
    .write(
        "content/blog/remote.md",
        "+++\ntitle = \"Remote\"\ndate = 2024-01-04\nimage = \"https://cdn.example.net/a.png\"\n+++\n본문\n",
    )
    .write(
        "content/blog/plain.md",
        "+++\ntitle = \"Plain\"\ndate = 2024-01-05\n+++\n본문\n",
    );
    site.build_ok();
    let image = |file: &str| {
        let page = site.html(file);
        (meta(&page, "og:image"), meta(&page, "twitter:card").unwrap())
    };
    assert_eq!(
        image("blog/bundle/index.html"),
        (
            Some("https://example.org/sub/blog/bundle/cover.png".into()),
            "summary_large_image".into()
        )
    );
    assert_eq!(
        image("blog/root/index.html").0.as_deref(),
        Some("https://example.org/sub/img/%EA%B7%B8%EB%A6%BC.png")
    );
    assert_eq!(
        image("blog/remote/index.html").0.as_deref(),
        Some("https://cdn.example.net/a.png")
    );
    assert_eq!(image("blog/plain/index.html"), (None, "summary".into()));
    // Only posts take `image`.
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\nimage = \"a.png\"\n+++\n",
    );
    let err = site.build_err();
    assert!(err.contains("unknown key `image`"), "{err}");
}

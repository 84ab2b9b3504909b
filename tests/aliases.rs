//! `aliases` (issue 20): old paths of a page become redirect pages — a meta refresh and a
//! canonical link to the page, left out of the sitemap — and a path claimed twice is an error.

mod support;

use support::TestSite;

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n";

fn site() -> TestSite {
    let site = TestSite::new();
    site.write("config.toml", CONFIG)
        .write("content/stages/s.md", "+++\ntitle = \"S\"\norder = 1\n+++\n")
        .write(
            "content/topics/cache.md",
            "+++\ntitle = \"Cache\"\nstage = \"s\"\naliases = [\"/study/cache/\"]\n+++\n본문\n",
        )
        .write(
            "content/blog/캐싱.md",
            "+++\ntitle = \"캐싱 정리\"\ndate = 2024-01-02\naliases = [\"/2024/01/02/caching/\", \"posts/%EC%BA%90%EC%8B%B1.html\"]\n+++\n본문\n",
        )
        .write(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\naliases = [\"/about-me\"]\n+++\n소개\n",
        );
    site
}

/// The redirect page's target from its meta refresh, and its canonical URL.
fn redirect_of(site: &TestSite, rel: &str) -> (String, String) {
    let page = site.html(rel);
    let refresh = page.attrs("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh.len(), 1, "{rel}: one meta refresh");
    let target = refresh[0]
        .strip_prefix("0; url=")
        .unwrap_or_else(|| panic!("{rel}: {}", refresh[0]))
        .to_string();
    let canonical = page.attrs("link[rel=canonical]", "href");
    assert_eq!(page.attrs("meta[name=robots]", "content"), ["noindex"]);
    assert_eq!(
        page.attrs("body a", "href"),
        vec![target.clone()],
        "{rel}: a plain link too"
    );
    (target, canonical[0].clone())
}

#[test]
fn each_alias_is_a_redirect_page_to_its_page() {
    let site = site();
    site.build_ok();
    let post = "/sub/blog/%EC%BA%90%EC%8B%B1/";
    assert_eq!(
        redirect_of(&site, "2024/01/02/caching/index.html"),
        (post.to_string(), format!("https://example.org{post}"))
    );
    assert_eq!(redirect_of(&site, "posts/캐싱.html").0, post);
    assert_eq!(redirect_of(&site, "study/cache/index.html").0, "/sub/topics/cache/");
    assert_eq!(redirect_of(&site, "about-me/index.html").0, "/sub/about/");
    // The page itself is still there, and the redirects are not in the sitemap.
    assert!(site.exists("blog/캐싱/index.html"));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/sub/blog/%EC%BA%90%EC%8B%B1/</loc>"));
    for old in ["2024/01/02", "posts/", "study/cache", "about-me"] {
        assert!(!sitemap.contains(old), "{old} is in the sitemap:\n{sitemap}");
    }
}

#[test]
fn a_path_claimed_twice_or_taken_by_a_page_is_an_error_at_the_alias() {
    let site = site();
    site.write(
        "content/blog/other.md",
        "+++\ntitle = \"Other\"\ndate = 2024-02-01\naliases = [\"/study/cache\", \"/topics/cache/\", \"https://old.example/x/\"]\n+++\n",
    );
    let err = site.build_err();
    // Pages are read in path order: the post claims the path first, the topic again.
    assert!(err.contains("alias `/study/cache/` is claimed by two pages"), "{err}");
    assert!(err.contains("content/topics/cache.md:4:12"), "{err}");
    assert!(err.contains("content/blog/other.md:4:12"), "{err}");
    assert!(err.contains("alias `/topics/cache/` is the path of a page"), "{err}");
    assert!(err.contains("content/blog/other.md:4:28"), "{err}");
    assert!(err.contains("invalid alias `https://old.example/x/`"), "{err}");
}

#[test]
fn an_alias_on_a_generated_page_is_an_error() {
    let site = site();
    site.write(
        "content/pages/tagged.md",
        "+++\ntitle = \"Tagged\"\naliases = [\"/tags/\", \"/robots.txt\"]\n+++\n",
    )
    .write("static/old/file.html", "<p>old</p>");
    site.write(
        "content/pages/more.md",
        "+++\ntitle = \"More\"\naliases = [\"/old/file.html\"]\n+++\n",
    );
    let err = site.build_err();
    assert!(
        err.contains("alias `/tags/` is already taken by a page of the site"),
        "{err}"
    );
    assert!(
        err.contains("alias `/old/file.html` is already taken by a static file"),
        "{err}"
    );
    assert!(
        err.contains("alias `/robots.txt` is already taken by a generated file"),
        "{err}"
    );
}

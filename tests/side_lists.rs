//! "Where am I" outside the roadmap (issue 24): post, tag, archive and book pages show their
//! section's list in the sidebar with the current page marked, and the top navigation marks
//! the section (`aria-current="page"` on the section's own list, `"true"` below it). Reads the
//! `tests/fixtures/blog` build of `support::blog`; the font option builds small sites of its own.

mod support;

use support::blog::*;
use support::{Page, TestSite};

/// The `href`s of the top navigation's marked links, with their `aria-current`.
fn top_marks(page: &Page) -> Vec<(String, String)> {
    let hrefs = page.attrs(".top-nav a[aria-current]", "href");
    let values = page.attrs(".top-nav a[aria-current]", "aria-current");
    hrefs.into_iter().zip(values).collect()
}

fn marks(section: &str, value: &str) -> Vec<(String, String)> {
    vec![(section.to_string(), value.to_string())]
}

#[test]
fn a_post_lists_the_posts_around_it_with_itself_marked() {
    let post = blog().html("blog/english-reading/index.html");
    assert_eq!(top_marks(&post), marks("/sub/blog/", "true"));
    assert_eq!(post.attrs(".side-list .side-title a", "href"), ["/sub/blog/"]);
    // Five posts on each side, newest first, as the blog lists them.
    let at = ORDER.iter().position(|t| *t == "English reading time").unwrap();
    assert_eq!(texts(&post, ".side-list .side-items a"), ORDER[at - 5..=at + 5]);
    assert_eq!(
        texts(&post, ".side-list a[aria-current=page]"),
        ["English reading time"]
    );
    assert_eq!(post.attrs(".side-list .nav-more a", "href"), ["/sub/blog/archive/"]);
}

#[test]
fn the_newest_and_the_oldest_post_keep_a_full_window() {
    let newest = blog().html("blog/캐싱-입문/index.html");
    assert_eq!(texts(&newest, ".side-list .side-items a"), ORDER[..11]);
    let oldest = blog().html("blog/oldest/index.html");
    assert_eq!(texts(&oldest, ".side-list .side-items a"), ORDER[ORDER.len() - 11..]);
    assert_eq!(texts(&oldest, ".side-list a[aria-current=page]"), ["가장 오래된 글"]);
}

#[test]
fn blog_and_archive_mark_the_blog_section_without_a_current_post() {
    let list = blog().html("blog/index.html");
    assert_eq!(top_marks(&list), marks("/sub/blog/", "page"));
    let archive = blog().html("blog/archive/index.html");
    assert_eq!(top_marks(&archive), marks("/sub/blog/", "true"));
    for page in [&list, &archive] {
        assert_eq!(texts(page, ".side-list .side-items a"), ORDER[..11]);
        assert!(page.all(".side-list a[aria-current]").is_empty());
    }
}

#[test]
fn a_tag_page_lists_every_tag_with_itself_marked() {
    let tag = blog().html("tags/redis/index.html");
    assert_eq!(top_marks(&tag), marks("/sub/blog/", "true"));
    assert_eq!(tag.attrs(".side-list .side-title a", "href"), ["/sub/tags/"]);
    assert_eq!(
        texts(&tag, ".side-list .side-items a"),
        ["#Redis", "#Redis 캐시", "#rust", "#데이터베이스", "#캐시"]
    );
    assert_eq!(texts(&tag, ".side-list a[aria-current=page]"), ["#Redis"]);
    assert!(tag.all(".side-list .nav-more").is_empty(), "a short list is whole");
}

#[test]
fn a_book_page_lists_the_books_and_the_roadmap_stays_below() {
    let book = blog().html("books/ddia/index.html");
    assert_eq!(top_marks(&book), marks("/sub/books/", "true"));
    assert_eq!(
        texts(&book, ".side-list a[aria-current=page]"),
        ["데이터 중심 애플리케이션 설계"]
    );
    assert!(
        !book.all(".sidebar .nav-stages a").is_empty(),
        "the stage list follows the section's"
    );
    let home = blog().html("index.html");
    assert_eq!(top_marks(&home), marks("/sub/", "page"));
    assert!(home.all(".side-list").is_empty(), "roadmap pages show the stages only");
}

#[test]
fn the_bundled_font_is_written_only_when_chosen() {
    let site = TestSite::fixture("basic");
    site.build_clean();
    assert!(!site.exists("fonts"), "the default writes no font files");
    let home = site.html("index.html");
    assert!(home.all("link[href$='pretendard.css']").is_empty());

    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", &format!("font = \"pretendard\"\n{config}"));
    site.build_clean();
    for file in [
        "pretendard.css",
        "Pretendard-Regular.subset.woff2",
        "Pretendard-Bold.subset.woff2",
    ] {
        assert!(site.exists(&format!("fonts/{file}")), "{file} is written");
    }
    let css = site.read("fonts/pretendard.css");
    assert!(
        css.contains("font-display: swap") || css.contains("font-display:swap"),
        "{css}"
    );
    let home = site.html("index.html");
    assert_eq!(home.all("link[href$='fonts/pretendard.css']").len(), 1);
}

#[test]
fn an_unknown_font_is_an_error_at_its_line() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    // Second line, so the position is not the file's start by accident.
    site.write("config.toml", &format!("# theme\nfont = \"comic\"\n{config}"));
    let err = site.build_err();
    assert!(err.contains("unknown `font` \"comic\""), "{err}");
    assert!(err.contains("config.toml:2:"), "names line 2: {err}");
    assert!(err.contains("pretendard"), "says what to use: {err}");
}

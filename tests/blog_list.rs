//! The blog list (issue 4): every post newest first, pagination and its boundaries, older/newer links, tags, the archive, and the URLs posts may not take.
//!
//! Most tests read one build of `tests/fixtures/blog` (25 published posts and 2 drafts,
//! `paginate = 10`, published under `https://example.org/sub/`, see `support::blog`), made once
//! per test binary; boundary cases build small sites of their own with `TestSite`.

mod support;

use std::collections::BTreeMap;

use support::TestSite;
use support::blog::*;

#[test]
fn blog_lists_every_post_newest_first_then_by_title() {
    let b = blog();
    let mut all = Vec::new();
    for (file, count) in [
        ("blog/index.html", 10),
        ("blog/page/2/index.html", 10),
        ("blog/page/3/index.html", 5),
    ] {
        let titles = card_titles(&b.html(file));
        assert_eq!(titles.len(), count, "{file}: {titles:?}");
        all.extend(titles);
    }
    assert_eq!(all, ORDER);
    assert!(!b.exists("blog/page/4"), "no empty page after the last");
    assert!(!b.exists("blog/page/1"), "page 1 is /blog/ itself");
}

#[test]
fn pagination_links_number_the_pages_and_page_one_is_the_blog_itself() {
    let b = blog();
    let first = b.html("blog/index.html");
    assert!(first.all(".pagination a[rel=prev]").is_empty());
    assert_eq!(first.attrs(".pagination a[rel=next]", "href"), ["/sub/blog/page/2/"]);
    assert_eq!(first.text(".pagination [aria-current=page]"), "1");
    assert_eq!(
        first.attrs(".pagination ol a", "href"),
        ["/sub/blog/page/2/", "/sub/blog/page/3/"]
    );
    let second = b.html("blog/page/2/index.html");
    assert_eq!(second.attrs(".pagination a[rel=prev]", "href"), ["/sub/blog/"]);
    assert_eq!(second.attrs(".pagination a[rel=next]", "href"), ["/sub/blog/page/3/"]);
    assert_eq!(second.text(".pagination [aria-current=page]"), "2");
    assert_eq!(
        second.attrs(".pagination ol a", "href"),
        ["/sub/blog/", "/sub/blog/page/3/"]
    );
    let last = b.html("blog/page/3/index.html");
    assert_eq!(last.attrs(".pagination a[rel=prev]", "href"), ["/sub/blog/page/2/"]);
    assert!(last.all(".pagination a[rel=next]").is_empty());
    for file in files_under(&b.public()) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            !text.contains("blog/page/1/"),
            "{} links page 1 by number",
            file.display()
        );
    }
}

#[test]
fn pagination_boundaries_zero_one_exactly_a_page_and_one_more() {
    // No posts: one page that says so, no pagination.
    let site = site_with_posts(0);
    let page = site.html("blog/index.html");
    assert!(card_titles(&page).is_empty());
    assert_eq!(page.text(".page-blog > p"), "아직 글이 없습니다.");
    assert!(page.all(".pagination").is_empty());
    assert!(!site.public().join("blog/page").exists());

    // One post.
    let site = site_with_posts(1);
    assert_eq!(card_titles(&site.html("blog/index.html")), ["Post 1"]);
    assert!(site.html("blog/index.html").all(".pagination").is_empty());
    assert!(!site.public().join("blog/page").exists());

    // Exactly `paginate`: still one page.
    let site = site_with_posts(3);
    let page = site.html("blog/index.html");
    assert_eq!(card_titles(&page), ["Post 1", "Post 2", "Post 3"]);
    assert!(page.all(".pagination").is_empty());
    assert!(!site.public().join("blog/page").exists());

    // One more: a second page with the last post, linked both ways.
    let site = site_with_posts(4);
    let page = site.html("blog/index.html");
    assert_eq!(card_titles(&page), ["Post 1", "Post 2", "Post 3"]);
    assert_eq!(page.attrs(".pagination a[rel=next]", "href"), ["/blog/page/2/"]);
    assert_eq!(page.attrs(".pagination ol a", "href"), ["/blog/page/2/"]);
    let two = site.html("blog/page/2/index.html");
    assert_eq!(card_titles(&two), ["Post 4"]);
    assert_eq!(two.attrs(".pagination a[rel=prev]", "href"), ["/blog/"]);
    assert_eq!(two.attrs(".pagination ol a", "href"), ["/blog/"]);
    assert!(two.all(".pagination a[rel=next]").is_empty());
    assert!(!site.public().join("blog/page/3").exists());
    assert!(!site.public().join("blog/page/1").exists());
}

#[test]
fn post_pages_link_the_older_and_the_newer_post() {
    let page = blog().html("blog/same-day-z/index.html");
    // `ORDER` is newest first: "가장 먼저" sits between "Alpha" (newer) and "나중 제목" (older).
    assert_eq!(texts(&page, ".prev-next a[rel=prev]"), ["← 이전 나중 제목"]);
    assert_eq!(texts(&page, ".prev-next a[rel=next]"), ["다음 → Alpha"]);
    let oldest = blog().html("blog/oldest/index.html");
    assert!(oldest.all(".prev-next a[rel=prev]").is_empty());
}

#[test]
fn tags_merge_spellings_keep_unicode_and_count_posts() {
    let b = blog();
    let page = b.html("tags/index.html");
    let tags: Vec<(String, String, String)> = page
        .all(".tag-cloud li")
        .into_iter()
        .map(|li| {
            let a = li.select(&sel("a")).next().expect("tag link");
            let count = li.select(&sel(".count")).next().map(text).unwrap_or_default();
            (text(a), a.value().attr("href").unwrap().to_string(), count)
        })
        .collect();
    let expected = [
        // `Redis` and `redis` are one tag, named by its newest spelling.
        ("#Redis", "/sub/tags/redis/", "2"),
        ("#Redis 캐시", "/sub/tags/redis-%EC%BA%90%EC%8B%9C/", "1"),
        ("#rust", "/sub/tags/rust/", "2"),
        (
            "#데이터베이스",
            "/sub/tags/%EB%8D%B0%EC%9D%B4%ED%84%B0%EB%B2%A0%EC%9D%B4%EC%8A%A4/",
            "1",
        ),
        ("#캐시", "/sub/tags/%EC%BA%90%EC%8B%9C/", "2"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(tags, expected);
    for (_, href, _) in &expected {
        assert!(output_file(b, href).is_file(), "{href}");
    }

    let redis = b.html("tags/redis/index.html");
    assert_eq!(redis.text("h1"), "#Redis");
    assert_eq!(card_titles(&redis), ["캐싱 입문", "English reading time"]);
    assert_eq!(
        redis.text(".page-header .blog-links").split(" · ").next(),
        Some("2개의 글")
    );
    // Topics with the tag are listed too.
    assert_eq!(texts(&redis, ".link-list li a"), ["캐싱"]);
    assert_eq!(
        card_titles(&b.html("tags/캐시/index.html")),
        ["캐싱 입문", "목차가 있는 글"]
    );
}

#[test]
fn archive_groups_posts_by_year_then_month() {
    let page = blog().html("blog/archive/index.html");
    let mut seen: BTreeMap<String, Vec<(String, Vec<String>)>> = BTreeMap::new();
    let mut years = Vec::new();
    for year in page.all(".archive-year") {
        let label = text(year.select(&sel("h2")).next().expect("year heading"));
        years.push(label.clone());
        let months = year
            .select(&sel(".archive-month"))
            .map(|m| {
                let heading = text(m.select(&sel("h3")).next().expect("month heading"));
                (heading, m.select(&sel("li a")).map(text).collect())
            })
            .collect();
        seen.insert(label, months);
    }
    assert_eq!(years, ["2026년", "2025년", "2024년", "2023년"]);
    let months = |y: &str| seen[y].iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>();
    assert_eq!(
        months("2026년"),
        [
            "2026년 12월",
            "2026년 11월",
            "2026년 10월",
            "2026년 9월",
            "2026년 8월",
            "2026년 7월",
            "2026년 6월",
            "2026년 5월",
            "2026년 4월",
            "2026년 2월",
            "2026년 1월"
        ]
    );
    assert_eq!(
        months("2025년"),
        ["2025년 12월", "2025년 11월", "2025년 7월", "2025년 3월"]
    );
    assert_eq!(months("2024년"), ["2024년 12월", "2024년 6월", "2024년 1월"]);
    let posts = |y: &str, m: &str| seen[y].iter().find(|(x, _)| x == m).unwrap().1.clone();
    assert_eq!(
        posts("2026년", "2026년 11월"),
        ["Alpha", "가장 먼저", "나중 제목", "요약 필드"]
    );
    assert_eq!(posts("2025년", "2025년 3월"), ["3월의 둘째 글", "3월의 첫 글"]);
    let all: Vec<String> = texts(&page, ".archive-list li a");
    assert_eq!(all, ORDER, "every post once, newest first");
}

#[test]
fn posts_cannot_take_the_archive_or_page_urls() {
    for slug in ["archive", "page"] {
        let site = TestSite::new();
        site.write(
            &format!("content/blog/{slug}.md"),
            "+++\ntitle = \"x\"\ndate = 2026-01-01\n+++\n",
        );
        let err = site.build_err();
        assert!(
            err.contains(&format!("collides with roadbook's own /blog/{slug}/")),
            "{err}"
        );
    }
}

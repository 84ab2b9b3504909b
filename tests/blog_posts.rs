//! Posts (issue 4): dates and slugs from file names and fields, bundles, summaries, reading time, tables of contents, drafts.
//!
//! Most tests read one build of `tests/fixtures/blog` (25 published posts and 2 drafts,
//! `paginate = 10`, published under `https://example.org/sub/`, see `support::blog`), made once
//! per test binary; boundary cases build small sites of their own with `TestSite`.

mod support;

use std::collections::BTreeMap;

use support::blog::*;
use support::{Page, TestSite};

#[test]
fn date_prefixed_names_and_slug_fields_set_the_date_and_url() {
    let b = blog();
    let datetime = |file: &str| b.html(file).attrs(".post-meta time", "datetime")[0].clone();
    // The file name gives the date and the slug.
    assert_eq!(datetime("blog/캐싱-입문/index.html"), "2026-12-01T00:00:00Z");
    assert!(!b.exists("blog/2026-12-01-캐싱-입문"));
    // A `date` field wins over the file name's date; the slug still drops the prefix.
    assert_eq!(datetime("blog/override/index.html"), "2026-05-05T00:00:00Z");
    // A bundle folder's date prefix works the same way.
    assert_eq!(datetime("blog/bundle-note/index.html"), "2026-02-14T00:00:00Z");
    // The `slug` field replaces the file name.
    assert!(b.exists("blog/사용자-슬러그/index.html"));
    assert!(!b.exists("blog/custom-slug-source"));
    // Korean slugs stay Unicode on disk and are percent-encoded in links.
    let hrefs = b.html("blog/index.html").attrs(".post-card-title a", "href");
    assert_eq!(hrefs[0], "/sub/blog/%EC%BA%90%EC%8B%B1-%EC%9E%85%EB%AC%B8/");
}

#[test]
fn bundle_files_are_copied_beside_the_post_and_its_images_resolve() {
    let b = blog();
    for file in [
        "blog/bundle-note/diagram.svg",
        "blog/bundle-note/data.csv",
        "blog/그림-노트/그림.svg",
        "blog/그림-노트/sub/photo.svg",
    ] {
        assert!(b.exists(file), "{file} missing");
    }
    assert!(
        !b.exists("blog/2026-02-14-bundle-note"),
        "bundle files follow the final slug"
    );
    for (page, count) in [("blog/bundle-note/index.html", 1), ("blog/그림-노트/index.html", 2)] {
        let srcs = b.html(page).attrs(".prose img", "src");
        assert_eq!(srcs.len(), count, "{page}: {srcs:?}");
        for src in srcs {
            let file = output_file(b, &src);
            assert!(
                file.is_file(),
                "{page}: <img src={src}> points at nothing ({})",
                file.display()
            );
        }
    }
}

/// Title → summary of every card on the blog pages.
fn summaries(b: &TestSite) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for file in ["blog/index.html", "blog/page/2/index.html", "blog/page/3/index.html"] {
        for card in b.html(file).all(".post-card") {
            let title = text(card.select(&sel(".post-card-title")).next().unwrap());
            let summary = card.select(&sel(".post-summary")).next().map(text).unwrap_or_default();
            out.insert(title, summary);
        }
    }
    out
}

#[test]
fn summaries_are_the_field_else_the_text_before_more_else_the_first_paragraph() {
    let b = blog();
    let s = summaries(b);
    assert_eq!(s["요약 필드"], "앞에 쓴 요약이 이긴다.");
    assert_eq!(s["더 보기 표시"], "첫 문단입니다. 둘째 문단도 요약에 들어갑니다.");
    assert_eq!(s["첫 문단 요약"], "이 문단만 요약이 된다.");
    assert_eq!(s["캐싱 입문"], "캐시는 자주 읽는 데이터를 가까이 두는 기술이다.");
    let long = &s["긴 첫 문단"];
    assert!(long.starts_with("아주 긴 문장이 계속 이어진다"), "{long}");
    assert!(long.ends_with('…') && long.chars().count() <= 201, "{long}");
    // Front-matter text is escaped, never markup.
    assert_eq!(s["A & B <태그> \"인용\""], "요약 <b>굵게</b> & 앰퍼샌드");
    assert!(b.html("blog/page/2/index.html").all(".post-summary b").is_empty());
    // The post page's description follows the same rule.
    let page = b.html("blog/more-marker/index.html");
    assert_eq!(
        meta(&page, "description").as_deref(),
        Some("첫 문단입니다. 둘째 문단도 요약에 들어갑니다.")
    );
}

#[test]
fn reading_time_counts_hangul_by_character_and_latin_by_word_without_code() {
    let b = blog();
    let mut minutes = BTreeMap::new();
    for file in ["blog/index.html", "blog/page/2/index.html"] {
        for card in b.html(file).all(".post-card") {
            let title = text(card.select(&sel(".post-card-title")).next().unwrap());
            let time = text(card.select(&sel(".reading-time")).next().unwrap());
            minutes.insert(title, time);
        }
    }
    // 1,500 Hangul syllables at 500 a minute; its 3,000-syllable code block is not read.
    assert_eq!(minutes["한글 읽기 시간"], "3분 읽기");
    // 660 words at 220 a minute; its 2,200-word code block is not read.
    assert_eq!(minutes["English reading time"], "3분 읽기");
    assert_eq!(
        minutes["캐싱 입문"], "1분 읽기",
        "short posts read in at least a minute"
    );
    let page = b.html("blog/korean-reading/index.html");
    assert_eq!(page.text(".page-header .reading-time"), "3분 읽기");
}

#[test]
fn long_posts_get_a_table_of_contents_and_short_ones_do_not() {
    let b = blog();
    let page = b.html("blog/toc-post/index.html");
    assert_eq!(page.text(".page-header .reading-time"), "4분 읽기");
    assert_eq!(page.attrs(".toc a", "href"), ["#절-하나", "#절-둘", "#절-셋", "#절-넷"]);
    assert!(b.html("blog/first-paragraph/index.html").all(".toc").is_empty());
}

#[test]
fn drafts_are_absent_from_every_output_file_without_the_flag() {
    let b = blog();
    for file in files_under(&b.public()) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for marker in ["DRAFTMARK", "draft-newest", "draft-bundle", "secret.svg", "초안전용"] {
            assert!(
                !text.contains(marker),
                "{} mentions the draft ({marker})",
                file.display()
            );
        }
        let name = file.strip_prefix(b.public()).unwrap().to_string_lossy().into_owned();
        assert!(!name.contains("draft") && !name.contains("secret"), "{name}");
    }
    // Lists a draft would have been in show only published posts.
    assert_eq!(
        texts(&b.html("topics/caching/index.html"), ".notes li a"),
        ["캐싱 입문"]
    );
    assert_eq!(card_titles(&b.html("index.html"))[0], "캐싱 입문");
    assert!(b.html("blog/index.html").all(".badge-draft").is_empty());
}

#[test]
fn drafts_are_published_with_a_badge_everywhere_with_the_flag() {
    let b = blog_with_drafts();
    let title = "크리스마스 초안 DRAFTMARK";
    let has_badge = |page: &Page, container: &str| -> bool {
        page.all(container).into_iter().any(|c| {
            text(c).contains(title) && c.select(&sel(".badge-draft")).next().is_some_and(|e| text(e) == "초안")
        })
    };
    let list = b.html("blog/index.html");
    assert_eq!(card_titles(&list)[0], title);
    assert!(has_badge(&list, ".post-card"));
    assert_eq!(list.all(".badge-draft").len(), 1, "only the draft has a badge");
    assert!(has_badge(&b.html("index.html"), ".post-card"), "home page");
    assert!(has_badge(&b.html("tags/redis/index.html"), ".post-card"), "tag page");
    assert!(
        has_badge(&b.html("blog/archive/index.html"), ".archive-list li"),
        "archive"
    );
    assert!(
        has_badge(&b.html("topics/caching/index.html"), ".notes li"),
        "topic notes"
    );
    assert!(has_badge(&b.html("blog/draft-newest/index.html"), "h1"), "its own page");
    assert_eq!(b.html("blog/archive/index.html").all(".badge-draft").len(), 2);

    // Tags, feeds, sitemap, graph data and bundle files include them.
    assert!(b.exists("tags/초안전용/index.html"));
    assert_eq!(card_titles(&b.html("tags/redis/index.html")).len(), 3);
    assert!(b.read("atom.xml").contains(title));
    assert!(
        b.read("sitemap.xml")
            .contains("https://example.org/sub/blog/draft-newest/")
    );
    assert!(b.read("graph.json").contains("draft-newest"));
    assert!(b.exists("blog/draft-bundle/secret.svg"));
}

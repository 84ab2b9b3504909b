//! The study blog (issue 4): the paginated list, ordering, tags, the archive, summaries,
//! reading time, feeds, page meta, drafts, bundles, `roadbook new`, and last-updated dates.
//!
//! Most tests read one build of `tests/fixtures/blog` (25 published posts and 2 drafts,
//! `paginate = 10`, published under `https://example.org/sub/`), made once per test run;
//! boundary cases build small sites of their own with `TestSite`.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;
use scraper::{ElementRef, Selector};
use support::{Page, TestSite};

/// Every published post of the fixture, as `/blog/` must list them.
const ORDER: [&str; 25] = [
    "캐싱 입문",
    // Three posts on 2026-11-20: by title (ASCII sorts before Hangul), not by file name.
    "Alpha",
    "가장 먼저",
    "나중 제목",
    "요약 필드",
    "더 보기 표시",
    "첫 문단 요약",
    "긴 첫 문단",
    "한글 읽기 시간",
    "English reading time",
    "A & B <태그> \"인용\"",
    "날짜 필드가 이긴다",
    "슬러그 필드",
    "번들 노트",
    "그림 노트",
    "목차가 있는 글",
    "태그 공백",
    "2025 여름",
    "3월의 둘째 글",
    "3월의 첫 글",
    "한 해를 마치며",
    "6월 중순",
    "6월 초",
    "새해 계획",
    "가장 오래된 글",
];

const ATOM: &str = "http://www.w3.org/2005/Atom";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A built copy of the blog fixture.
struct Built {
    root: PathBuf,
}

impl Built {
    fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn html(&self, rel: &str) -> Page {
        Page(scraper::Html::parse_document(&self.read(rel)))
    }
}

/// Copies the fixture to `target/tmp/blog-fixture/<variant>` and builds it with `args`. The
/// folder is replaced on every run, so nothing accumulates in the system temp folder.
fn build_fixture(variant: &str, args: &[&str]) -> Built {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("blog-fixture")
        .join(variant);
    let _ = std::fs::remove_dir_all(&root);
    support::copy_dir(&support::fixture_path("blog"), &root).expect("copy the blog fixture");
    let mut all: Vec<&std::ffi::OsStr> = vec!["build".as_ref(), "--root".as_ref(), root.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    let out = support::run_roadbook(all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "build of the blog fixture failed:\n{stderr}");
    assert!(
        !stderr.contains("warning"),
        "the blog fixture built with warnings:\n{stderr}"
    );
    Built { root }
}

/// The fixture built as published (no drafts).
fn blog() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_fixture("published", &[]))
}

/// The fixture built with `--drafts`.
fn blog_with_drafts() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_fixture("drafts", &["--drafts"]))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn texts(page: &Page, css: &str) -> Vec<String> {
    page.all(css).into_iter().map(text).collect()
}

fn card_titles(page: &Page) -> Vec<String> {
    texts(page, ".post-card-title a")
}

/// `<meta property|name=… content>` of a page.
fn meta(page: &Page, key: &str) -> Option<String> {
    let css = format!("meta[property=\"{key}\"], meta[name=\"{key}\"]");
    let found = page.attrs(&css, "content");
    assert!(found.len() <= 1, "{key} appears {} times", found.len());
    found.into_iter().next()
}

/// The output file an internal `href`/`src` (with the `/sub/` base path) points at.
fn output_file(built: &Built, url: &str) -> PathBuf {
    let path = url
        .strip_prefix("/sub/")
        .unwrap_or_else(|| panic!("{url} lacks the base path"));
    let path = percent_decode_str(path).decode_utf8().expect("UTF-8 URL").into_owned();
    let file = built.out().join(&path);
    if path.is_empty() || path.ends_with('/') {
        file.join("index.html")
    } else {
        file
    }
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// A small site with `n` posts (`paginate = 3`), built; dates one day apart, newest `Post 1`.
fn site_with_posts(n: usize) -> TestSite {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[blog]\npaginate = 3\n",
    );
    for k in 1..=n {
        site.write(
            &format!("content/blog/post-{k}.md"),
            &format!(
                "+++\ntitle = \"Post {k}\"\ndate = 2026-01-{:02}\n+++\nText {k}.\n",
                29 - k
            ),
        );
    }
    site.build_ok();
    site
}

/// Whether an external tool can be run; without it a test is skipped with a printed note,
/// except under `CI=true`, where a missing tool fails the test (CI installs it).
fn tool_available(program: &str, version_arg: &str) -> bool {
    let found = Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{program} is missing under CI=true (.ci/run installs it)"
        );
        println!("SKIPPED: {program} is not installed");
    }
    found
}

// ---------------------------------------------------------------------------------------------
// The list and its pages
// ---------------------------------------------------------------------------------------------

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
    for file in files_under(&b.out()) {
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

// ---------------------------------------------------------------------------------------------
// File names, slugs, bundles
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Tags and the archive
// ---------------------------------------------------------------------------------------------

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
        ("#rust", "/sub/tags/rust/", "1"),
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

// ---------------------------------------------------------------------------------------------
// Summaries, reading time, table of contents
// ---------------------------------------------------------------------------------------------

/// Title → summary of every card on the blog pages.
fn summaries(b: &Built) -> BTreeMap<String, String> {
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

// ---------------------------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------------------------

#[test]
fn drafts_are_absent_from_every_output_file_without_the_flag() {
    let b = blog();
    for file in files_under(&b.out()) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for marker in ["DRAFTMARK", "draft-newest", "draft-bundle", "secret.svg", "초안전용"] {
            assert!(
                !text.contains(marker),
                "{} mentions the draft ({marker})",
                file.display()
            );
        }
        let name = file.strip_prefix(b.out()).unwrap().to_string_lossy().into_owned();
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

// ---------------------------------------------------------------------------------------------
// Feeds
// ---------------------------------------------------------------------------------------------

fn atom_child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name((ATOM, name)))
}

fn atom_text(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    atom_child(node, name)
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
        .to_string()
}

fn atom_link(node: roxmltree::Node<'_, '_>, rel: &str) -> String {
    node.children()
        .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some(rel))
        .and_then(|c| c.attribute("href"))
        .unwrap_or_else(|| panic!("<{}> has no link rel={rel}", node.tag_name().name()))
        .to_string()
}

fn timestamp(text: &str) -> jiff::Timestamp {
    text.parse().unwrap_or_else(|e| panic!("`{text}` is not RFC 3339: {e}"))
}

#[test]
fn the_atom_feed_is_well_formed_complete_and_absolute() {
    let b = blog();
    let xml = b.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "root is an Atom <feed>");
    assert_eq!(atom_text(feed, "title"), "공부 블로그");
    assert_eq!(atom_text(feed, "id"), "https://example.org/sub/atom.xml");
    assert_eq!(atom_link(feed, "self"), "https://example.org/sub/atom.xml");
    assert_eq!(atom_link(feed, "alternate"), "https://example.org/sub/blog/");
    let author = atom_child(feed, "author").expect("feed author");
    assert_eq!(atom_text(author, "name"), "테스터");

    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    let titles: Vec<String> = entries.iter().map(|e| atom_text(*e, "title")).collect();
    assert_eq!(
        titles,
        ORDER[..20],
        "the newest 20 posts, newest first, titles unescaped"
    );
    let mut published = Vec::new();
    let mut newest_update = jiff::Timestamp::UNIX_EPOCH;
    for entry in &entries {
        let id = atom_text(*entry, "id");
        let link = atom_link(*entry, "alternate");
        assert_eq!(id, link);
        let base = entry.attribute(("http://www.w3.org/XML/1998/namespace", "base"));
        assert_eq!(
            base,
            Some(link.as_str()),
            "in-page links in the content resolve against the post"
        );
        assert!(link.starts_with("https://example.org/sub/blog/"), "{link}");
        let updated = timestamp(&atom_text(*entry, "updated"));
        let date = timestamp(&atom_text(*entry, "published"));
        assert!(updated >= date);
        newest_update = newest_update.max(updated);
        published.push(date);
        let content = atom_child(*entry, "content").expect("content");
        assert_eq!(content.attribute("type"), Some("html"));
        // Root-relative URLs would resolve against the feed reader, not the site.
        let html = content.text().unwrap_or_default().replace("=\"//", "");
        assert!(
            !html.contains("href=\"/") && !html.contains("src=\"/"),
            "{link}: root-relative URL left in the content"
        );
    }
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(timestamp(&atom_text(feed, "updated")), newest_update);
    // Entry links are the pages' canonical URLs.
    let canonical = b.html("blog/캐싱-입문/index.html").attrs("link[rel=canonical]", "href");
    assert_eq!(atom_link(entries[0], "alternate"), canonical[0]);

    let entry = |title: &str| *entries.iter().find(|e| atom_text(**e, "title") == title).unwrap();
    // Markup in text and HTML content is escaped once: the parser gives it back verbatim.
    let escaping = entry("A & B <태그> \"인용\"");
    assert_eq!(atom_text(escaping, "summary"), "요약 <b>굵게</b> & 앰퍼샌드");
    let content = atom_text(escaping, "content");
    assert!(content.contains("<em>강조</em>"), "{content}");
    assert!(content.contains("<code>a &lt; b &amp;&amp; c</code>"), "{content}");
    assert_eq!(atom_text(entry("더 보기 표시"), "updated"), "2026-10-20T00:00:00Z");
    // Bundle images get absolute URLs.
    let bundle = atom_text(entry("번들 노트"), "content");
    assert!(
        bundle.contains("src=\"https://example.org/sub/blog/bundle-note/diagram.svg\""),
        "{bundle}"
    );
    let categories: Vec<_> = entry("캐싱 입문")
        .children()
        .filter(|c| c.has_tag_name((ATOM, "category")))
        .filter_map(|c| c.attribute("term"))
        .collect();
    assert_eq!(categories, ["Redis", "캐시"]);
}

#[test]
fn every_page_links_the_feed() {
    let b = blog();
    for file in ["index.html", "blog/index.html", "topics/caching/index.html", "404.html"] {
        let page = b.html(file);
        assert_eq!(
            page.attrs("link[rel=alternate][type='application/atom+xml']", "href")[0],
            "/sub/atom.xml",
            "{file}"
        );
    }
}

#[test]
fn tag_feeds_carry_only_the_tag_posts() {
    let b = blog();
    for (key, encoded, titles) in [
        ("redis", "redis", vec!["캐싱 입문", "English reading time"]),
        ("캐시", "%EC%BA%90%EC%8B%9C", vec!["캐싱 입문", "목차가 있는 글"]),
    ] {
        let xml = b.read(&format!("tags/{key}/atom.xml"));
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("tags/{key}/atom.xml: {e}"));
        let feed = doc.root_element();
        let self_url = format!("https://example.org/sub/tags/{encoded}/atom.xml");
        assert_eq!(atom_link(feed, "self"), self_url);
        assert_eq!(atom_text(feed, "id"), self_url);
        assert_eq!(
            atom_link(feed, "alternate"),
            format!("https://example.org/sub/tags/{encoded}/")
        );
        let got: Vec<String> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .map(|e| atom_text(e, "title"))
            .collect();
        assert_eq!(got, titles, "{key}");
        let page = b.html(&format!("tags/{key}/index.html"));
        let feeds = page.attrs("link[rel=alternate][type='application/atom+xml']", "href");
        assert_eq!(
            feeds,
            ["/sub/atom.xml".to_string(), format!("/sub/tags/{encoded}/atom.xml")]
        );
    }
}

#[test]
fn feeds_and_sitemap_pass_xmllint() {
    if !tool_available("xmllint", "--version") {
        return;
    }
    let b = blog();
    for file in ["atom.xml", "tags/redis/atom.xml", "tags/캐시/atom.xml", "sitemap.xml"] {
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg(b.out().join(file))
            .output()
            .expect("run xmllint");
        assert!(
            out.status.success(),
            "xmllint rejects {file}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Page meta
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Last updated
// ---------------------------------------------------------------------------------------------

#[test]
fn last_updated_shows_a_later_updated_field_without_git() {
    let b = blog();
    let page = b.html("blog/more-marker/index.html");
    assert_eq!(page.attrs(".last-updated time", "datetime"), ["2026-10-20T00:00:00Z"]);
    assert_eq!(page.text(".last-updated"), "마지막 수정 2026년 10월 20일");
    // `updated` on the publication day is not worth a line.
    assert!(b.html("blog/zz-alpha/index.html").all(".last-updated").is_empty());
    // The fixture is copied out of the repository, so nothing has a commit date.
    assert!(
        b.html("blog/first-paragraph/index.html")
            .all(".last-updated")
            .is_empty()
    );
    assert!(b.html("topics/caching/index.html").all(".last-updated").is_empty());
}

/// Writes `text` to `root/rel`, creating folders.
fn write_file(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A page of `site/public`, parsed.
fn output_page(site: &Path, rel: &str) -> Page {
    Page(scraper::Html::parse_document(
        &std::fs::read_to_string(site.join("public").join(rel)).unwrap(),
    ))
}

/// Runs git in `dir` with a fixed identity and no user or system configuration.
fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Tester",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn last_updated_comes_from_the_last_git_commit_when_there_is_no_updated_field() {
    if !tool_available("git", "--version") {
        return;
    }
    // The repository's top level is above the site root, as in a repo with the site in a folder.
    let repo = tempfile::tempdir().unwrap();
    let site = repo.path().join("handbook");
    let write = |rel: &str, text: &str| write_file(&site, rel, text);
    write("config.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\n");
    write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write("content/stages/s.md", "+++\ntitle = \"S\"\norder = 1\n+++\n");
    write("content/topics/t.md", "+++\ntitle = \"T\"\nstage = \"s\"\n+++\n");
    write(
        "content/blog/edited.md",
        "+++\ntitle = \"E\"\ndate = 2026-01-01\n+++\nv1\n",
    );
    write(
        "content/blog/같은-날.md",
        "+++\ntitle = \"K\"\ndate = 2026-03-04\n+++\n",
    );
    write(
        "content/blog/field.md",
        "+++\ntitle = \"F\"\ndate = 2026-01-01\nupdated = 2026-02-02\n+++\n",
    );
    git(repo.path(), &["init", "-q"], "2026-03-04T05:06:07+09:00");
    git(repo.path(), &["add", "-A"], "2026-03-04T05:06:07+09:00");
    git(repo.path(), &["commit", "-q", "-m", "one"], "2026-03-04T05:06:07+09:00");
    write(
        "content/blog/edited.md",
        "+++\ntitle = \"E\"\ndate = 2026-01-01\n+++\nv2\n",
    );
    git(
        repo.path(),
        &["commit", "-q", "-am", "two"],
        "2026-05-06T07:08:09+09:00",
    );
    // Written after the last commit: no commit date.
    write(
        "content/blog/uncommitted.md",
        "+++\ntitle = \"U\"\ndate = 2026-01-01\n+++\n",
    );

    let out = support::run_roadbook(["build".as_ref(), "--root".as_ref(), site.as_os_str()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = |rel: &str| output_page(&site, rel);
    let updated = |rel: &str| page(rel).attrs(".last-updated time", "datetime");
    // The newest of the file's two commits.
    assert_eq!(updated("blog/edited/index.html"), ["2026-05-05T22:08:09Z"]);
    assert_eq!(
        page("blog/edited/index.html").text(".last-updated"),
        "마지막 수정 2026년 5월 6일"
    );
    // Committed on its publication day: no line.
    assert!(updated("blog/같은-날/index.html").is_empty());
    // A front-matter `updated` wins over git.
    assert_eq!(updated("blog/field/index.html"), ["2026-02-02T00:00:00Z"]);
    assert!(updated("blog/uncommitted/index.html").is_empty());
    // Topics show their last commit too.
    assert_eq!(updated("topics/t/index.html"), ["2026-03-03T20:06:07Z"]);
    let sitemap = std::fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/topics/t/</loc><lastmod>2026-03-04</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/blog/edited/</loc><lastmod>2026-05-06</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn a_shallow_clone_gives_no_date_where_git_cannot_know_it() {
    if !tool_available("git", "--version") {
        return;
    }
    let origin = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| write_file(origin.path(), rel, text);
    write("config.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\n");
    write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write("content/stages/s.md", "+++\ntitle = \"S\"\norder = 1\n+++\n");
    write("content/topics/t.md", "+++\ntitle = \"T\"\nstage = \"s\"\n+++\n");
    for slug in ["old", "mid", "new"] {
        write(
            &format!("content/blog/{slug}.md"),
            &format!("+++\ntitle = \"{slug}\"\ndate = 2026-01-01\n+++\nv1\n"),
        );
    }
    git(origin.path(), &["init", "-q"], "2026-02-01T00:00:00Z");
    git(origin.path(), &["add", "-A"], "2026-02-01T00:00:00Z");
    git(origin.path(), &["commit", "-q", "-m", "all"], "2026-02-01T00:00:00Z");
    write(
        "content/blog/mid.md",
        "+++\ntitle = \"mid\"\ndate = 2026-01-01\n+++\nv2\n",
    );
    git(origin.path(), &["commit", "-q", "-am", "mid"], "2026-03-01T00:00:00Z");
    write(
        "content/blog/new.md",
        "+++\ntitle = \"new\"\ndate = 2026-01-01\n+++\nv2\n",
    );
    git(origin.path(), &["commit", "-q", "-am", "new"], "2026-04-01T00:00:00Z");

    // Two commits deep: "new" is whole, "mid" is the boundary and shows every file as added.
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "2", &url, "site"],
        "2026-05-01T00:00:00Z",
    );
    let site = clones.path().join("site");
    let out = support::run_roadbook(["build".as_ref(), "--root".as_ref(), site.as_os_str()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let updated = |rel: &str| output_page(&site, rel).attrs(".last-updated time", "datetime");
    assert_eq!(updated("blog/new/index.html"), ["2026-04-01T00:00:00Z"]);
    // Not the boundary's date, which a full clone would show as wrong for "old".
    assert!(updated("blog/old/index.html").is_empty());
    assert!(updated("blog/mid/index.html").is_empty());
    assert!(updated("topics/t/index.html").is_empty());
}

// ---------------------------------------------------------------------------------------------
// `roadbook new`
// ---------------------------------------------------------------------------------------------

/// A site with a stage and two topics, for scaffolding.
fn site_for_new() -> TestSite {
    let site = TestSite::new();
    site.write("content/stages/basics.md", "+++\ntitle = \"기초\"\norder = 1\n+++\n")
        .write(
            "content/topics/caching.md",
            "+++\ntitle = \"캐싱\"\nstage = \"basics\"\n+++\n",
        )
        .write(
            "content/topics/http.md",
            "+++\ntitle = \"HTTP\"\nstage = \"basics\"\n+++\n",
        );
    site
}

#[test]
fn new_post_writes_a_draft_named_after_a_korean_title() {
    let site = site_for_new();
    let before = jiff::ZonedDateTime::now().date();
    let run = site.run(&[
        "new",
        "post",
        "캐싱 전략과 Redis!",
        "--topics",
        "caching,http",
        "--tags",
        "Redis,캐시",
    ]);
    let after = jiff::ZonedDateTime::now().date();
    assert!(run.success, "{}", run.stderr);
    let path = PathBuf::from(run.stdout.trim());
    assert_eq!(path, site.root().join("content/blog/캐싱-전략과-redis.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(&format!("date = {before}\n")) || text.contains(&format!("date = {after}\n")),
        "{text}"
    );
    assert!(text.contains("draft = true\n"), "{text}");

    // Without --drafts it is not published; with it, it builds as written.
    site.build_ok();
    assert!(!site.public().join("blog/캐싱-전략과-redis").exists());
    let run = site.run(&["build", "--drafts"]);
    assert!(run.success, "{}", run.stderr);
    let page = site.html("blog/캐싱-전략과-redis/index.html");
    assert_eq!(page.text("h1"), "캐싱 전략과 Redis! 초안");
    assert_eq!(texts(&page, ".post-topics a"), ["캐싱", "HTTP"]);
    assert_eq!(texts(&page, ".page-header .tags a"), ["#Redis", "#캐시"]);
}

#[test]
fn new_post_refuses_to_overwrite_an_existing_post() {
    let site = site_for_new();
    assert!(site.run(&["new", "post", "캐싱 입문"]).success);
    let path = site.root().join("content/blog/캐싱-입문.md");
    std::fs::write(&path, "mine").unwrap();
    let run = site.run(&["new", "post", "캐싱 입문"]);
    assert!(!run.success);
    assert!(
        run.stderr.contains("a post with the slug `캐싱-입문` already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine", "left untouched");
    assert!(run.stdout.is_empty());

    // A date-prefixed file or a bundle with that slug counts as the same post.
    site.write("content/blog/2026-01-01-redis-기초.md", "x");
    let run = site.run(&["new", "post", "Redis 기초"]);
    assert!(!run.success);
    assert!(run.stderr.contains("2026-01-01-redis-기초.md"), "{}", run.stderr);
    site.write("content/blog/번들/index.md", "x");
    assert!(!site.run(&["new", "post", "번들"]).success);
}

#[test]
fn new_post_rejects_unknown_topics_with_a_suggestion() {
    let site = site_for_new();
    let run = site.run(&["new", "post", "글", "--topics", "cachng,http,zzz"]);
    assert!(!run.success);
    assert!(
        run.stderr.contains("unknown topic `cachng` in --topics"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `caching`?"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown topic `zzz`"),
        "every unknown id is listed: {}",
        run.stderr
    );
    assert!(!site.root().join("content/blog").exists(), "nothing written");
    // A title with nothing to make a file name from.
    let run = site.run(&["new", "post", "?!"]);
    assert!(!run.success);
    assert!(run.stderr.contains("cannot make a file name"), "{}", run.stderr);
}

#[test]
fn new_topic_writes_the_handbook_sections_and_refuses_bad_input() {
    let site = site_for_new();
    let run = site.run(&[
        "new",
        "topic",
        "cache-aside",
        "--stage",
        "basics",
        "--title",
        "Cache-aside 패턴",
    ]);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(
        PathBuf::from(run.stdout.trim()),
        site.root().join("content/topics/cache-aside.md")
    );
    site.build_ok();
    let page = site.html("topics/cache-aside/index.html");
    assert_eq!(page.text("h1"), "Cache-aside 패턴");
    assert_eq!(
        page.attrs(".prose h2", "id"),
        ["왜-중요한가", "자주-하는-실수", "연습-문제", "체크리스트"]
    );

    let run = site.run(&["new", "topic", "cache-aside", "--stage", "basics"]);
    assert!(!run.success);
    assert!(
        run.stderr.contains("the topic `cache-aside` already exists"),
        "{}",
        run.stderr
    );
    let run = site.run(&["new", "topic", "Cache Aside", "--stage", "basics"]);
    assert!(!run.success);
    assert!(run.stderr.contains("invalid topic id `Cache Aside`"), "{}", run.stderr);
    let run = site.run(&["new", "topic", "queues", "--stage", "basic"]);
    assert!(!run.success);
    assert!(
        run.stderr.contains("unknown stage `basic` in --stage"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `basics`?"), "{}", run.stderr);
    assert!(!site.root().join("content/topics/queues.md").exists());
}

#[test]
fn new_needs_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = support::run_roadbook([
        "new".as_ref(),
        "post".as_ref(),
        "글".as_ref(),
        "--root".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.toml"));
    assert!(!dir.path().join("content").exists());
}

// ---------------------------------------------------------------------------------------------
// Slugs roadbook needs for itself
// ---------------------------------------------------------------------------------------------

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

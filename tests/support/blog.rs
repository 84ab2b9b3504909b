//! The blog fixture (`tests/fixtures/blog`) built once per test binary, and the helpers its
//! tests share: selectors, card titles, meta tags, output paths.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;
use scraper::{ElementRef, Selector};

use super::{Page, TestSite};

/// Every published post of the fixture, as `/blog/` must list them.
pub const ORDER: [&str; 25] = [
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

/// The fixture copied to `target/tmp/blog-fixture/<variant>` (replaced on every run, so
/// nothing accumulates in the system temp folder) and built with `args`, without a warning.
fn built(variant: &str, args: &[&str]) -> TestSite {
    let site = TestSite::fixture_kept("blog", &format!("blog-fixture/{variant}"));
    let mut all = vec!["build"];
    all.extend(args);
    let run = site.run(&all);
    assert!(run.success, "build of the blog fixture failed:\n{}", run.stderr);
    assert!(
        !run.stderr.contains("warning"),
        "the blog fixture built with warnings:\n{}",
        run.stderr
    );
    site
}

/// The fixture built as published (no drafts).
pub fn blog() -> &'static TestSite {
    static BUILT: OnceLock<TestSite> = OnceLock::new();
    BUILT.get_or_init(|| built("published", &[]))
}

/// The fixture built with `--drafts`.
pub fn blog_with_drafts() -> &'static TestSite {
    static BUILT: OnceLock<TestSite> = OnceLock::new();
    BUILT.get_or_init(|| built("drafts", &["--drafts"]))
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

pub fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn texts(page: &Page, css: &str) -> Vec<String> {
    page.all(css).into_iter().map(text).collect()
}

pub fn card_titles(page: &Page) -> Vec<String> {
    texts(page, ".post-card-title a")
}

/// `<meta property|name=… content>` of a page.
pub fn meta(page: &Page, key: &str) -> Option<String> {
    let css = format!("meta[property=\"{key}\"], meta[name=\"{key}\"]");
    let found = page.attrs(&css, "content");
    assert!(found.len() <= 1, "{key} appears {} times", found.len());
    found.into_iter().next()
}

/// The output file an internal `href`/`src` (with the `/sub/` base path) points at.
pub fn output_file(built: &TestSite, url: &str) -> PathBuf {
    let path = url
        .strip_prefix("/sub/")
        .unwrap_or_else(|| panic!("{url} lacks the base path"));
    let path = percent_decode_str(path).decode_utf8().expect("UTF-8 URL").into_owned();
    let file = built.public().join(&path);
    if path.is_empty() || path.ends_with('/') {
        file.join("index.html")
    } else {
        file
    }
}

/// Every file under `dir`.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// A small site with `n` posts (`paginate = 3`), built; dates one day apart, newest `Post 1`.
pub fn site_with_posts(n: usize) -> TestSite {
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

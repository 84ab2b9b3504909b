//! `roadbook import` (issue 20) of a Hugo blog with bundles and shortcodes, a Zola blog and an
//! mdBook with parts and includes (`tests/fixtures/import/`), each built and checked on the
//! built pages and its `IMPORT.md`. Jekyll and bad input: `tests/import.rs`.

mod support;

use support::TestSite;
use support::import::*;

#[test]
fn a_hugo_blog_with_bundles_and_shortcodes_imports_and_builds() {
    let src = source("hugo-blog");
    let r = import(&src, &[]);
    assert!(r.run.stdout.contains("imported a Hugo site"), "{}", r.run.stdout);
    let site = &r.site;
    site.build_clean();

    let go = site.html("blog/go-채널/index.html");
    assert_eq!(
        go.attrs("header .post-meta time", "datetime"),
        ["2024-03-05T11:00:00Z", "2024-03-09T23:00:00Z"]
    );
    let written = r.file("content/blog/go-채널.md");
    assert!(written.contains("\ndate = 2024-03-05T20:00:00+09:00\n"), "{written}");
    // Hugo's `series` taxonomy is roadbook's `series`.
    assert!(written.contains("\nseries = \"Go 입문\"\n"), "{written}");
    assert!(site.exists("series/index.html"));
    assert_eq!(tag_names(&go), ["go", "concurrency", "Programming"]);
    assert_eq!(go.attrs(".prose pre.code", "data-lang"), ["go", "go"]);
    let code: String = go.all(".prose pre.code")[1].text().collect();
    assert!(code.contains("{{< figure src=\"x.png\" >}}"), "{code}");
    assert!(prose_links(&go).contains(&"/blog/k8s-rolling-update/".to_string()));
    assert!(prose_links(&go).contains(&"https://gist.github.com/parkdev/5f1e2d3c4b".to_string()));
    assert_eq!(
        go.attrs(".prose figure.embed-video a", "href"),
        ["https://www.youtube.com/watch?v=f6kdp27TYZs"]
    );
    assert!(go.attrs("meta[property='og:image']", "content").is_empty());
    // `<!--more-->` makes the summary on the blog list.
    let list = site.html("blog/index.html");
    let card = list
        .all("article")
        .into_iter()
        .find(|a| a.text().collect::<String>().contains("워커 풀 만들기"));
    let card: String = card.expect("the post is listed").text().collect();
    assert!(
        card.contains("채널과 고루틴으로") && !card.contains("func worker"),
        "{card}"
    );
}

#[test]
fn hugo_bundles_sections_and_old_urls() {
    let src = source("hugo-blog");
    let r = import(&src, &[]);
    let site = &r.site;
    site.build_clean();
    // A leaf bundle keeps its files beside it; `figure` has its caption; `notice` is an alert.
    let k8s = site.html("blog/k8s-rolling-update/index.html");
    assert_eq!(k8s.text(".prose figure figcaption"), "롤링 업데이트 흐름");
    assert!(site.exists("blog/k8s-rolling-update/architecture.png"));
    // PaperMod's `cover.image`, a file of the bundle, is the link-preview image.
    assert_eq!(
        k8s.attrs("meta[property='og:image']", "content"),
        ["https://park.dev/blog/k8s-rolling-update/architecture.png"]
    );
    assert_eq!(k8s.all(".prose .markdown-alert-warning").len(), 1);
    assert_eq!(prose_links(&k8s), ["/blog/go-%EC%B1%84%EB%84%90/"]);
    assert_eq!(k8s.attrs(".prose img", "src")[1], "/images/logo.png");
    assert!(site.exists("images/logo.png"));

    // Another section's post is a post tagged with the section.
    let til = site.html("blog/git-rebase/index.html");
    assert_eq!(tag_names(&til), ["til", "git"]);
    // The section's own text is a page at its path.
    let section = site.html("til/index.html");
    assert_eq!(section.text("h1"), "TIL");
    assert!(section.text(".prose").contains("오늘 배운 것을 짧게"));
    assert_eq!(prose_links(&section), ["/blog/"]);
    assert!(
        !r.rows.iter().any(|row| row.at.starts_with("content/til/_index.md")),
        "{}",
        r.report
    );
    // Old URLs: the `[permalinks]` pattern, `aliases`, and a page's `url`.
    assert_eq!(
        redirect(site, "2024/03/go-채널/index.html").0,
        "/blog/go-%EC%B1%84%EB%84%90/"
    );
    assert_eq!(
        redirect(site, "old/go-workers/index.html").0,
        "/blog/go-%EC%B1%84%EB%84%90/"
    );
    assert_eq!(
        redirect(site, "2024/04/k8s-rolling-update/index.html").0,
        "/blog/k8s-rolling-update/"
    );
    assert_eq!(redirect(site, "about-me/index.html").0, "/about/");
    assert_eq!(prose_links(&site.html("about/index.html")), ["/blog/"]);

    let tweet = r.row(
        &at(&src, "content/posts/go-채널.md", "{{< tweet"),
        "{{< tweet user=\"golang\" id=\"1234567890\" >}}",
    );
    assert_eq!(tweet.done, "kept as text");
    r.row(&at(&src, "content/posts/go-채널.md", "ShowToc"), "`ShowToc: true`");
    r.row("archetypes/", "the folder `archetypes/` (1 file)");
    r.row("themes/", "the folder `themes/` (1 file)");
}

#[test]
fn a_hugo_configuration_folder_is_read_like_hugo_toml() {
    let src = TestSite::fixture("import/hugo-blog");
    std::fs::remove_file(src.root().join("hugo.toml")).unwrap();
    src.write(
        "config/_default/hugo.toml",
        "baseURL = \"https://park.dev/notes/\"\ntitle = \"박데브옵스 노트\"\nlanguageCode = \"ko-kr\"\n",
    )
    .write(
        "config/_default/params.toml",
        "description = \"설명\"\nauthor = \"박데브\"\n",
    )
    .write("config/_default/permalinks.toml", "posts = \"/:year/:month/:slug/\"\n");
    let r = import(src.root(), &[]);
    assert!(r.run.stdout.contains("imported a Hugo site"), "{}", r.run.stdout);
    let config = r.file("config.toml");
    for line in [
        "base_url = \"https://park.dev/notes/\"",
        "description = \"설명\"",
        "author = \"박데브\"",
    ] {
        assert!(config.contains(line), "{line} in:\n{config}");
    }
    r.site.build_clean();
    assert_eq!(
        redirect(&r.site, "2024/04/k8s-rolling-update/index.html").0,
        "/notes/blog/k8s-rolling-update/"
    );
}

#[test]
fn hugo_sections_can_become_pages() {
    let r = import(&source("hugo-blog"), &["--sections-as", "pages"]);
    r.site.build_clean();
    let page = r.site.html("git-rebase/index.html");
    assert_eq!(page.text("h1"), "TIL: git rebase --onto");
    assert!(!r.site.exists("blog/git-rebase/index.html"));
    assert_eq!(redirect(&r.site, "til/git-rebase/index.html").0, "/git-rebase/");
    // The blog's own section stays the blog.
    assert!(r.site.exists("blog/k8s-rolling-update/index.html"));
}

#[test]
fn a_zola_blog_imports_and_builds_once_the_reported_link_is_fixed() {
    let src = source("zola-blog");
    let r = import(&src, &[]);
    assert!(r.run.stdout.contains("imported a Zola site"), "{}", r.run.stdout);
    let post = "content/blog/2024-05-01-ownership.md";
    // The `@/` link to a page the source never had is the one thing the build fails on.
    let broken = r.row(&at(&src, post, "@/blog/old-post.md"), "`@/` link");
    assert_eq!(broken.done, "kept as text");
    let err = r.site.build_err();
    assert!(err.contains("@/blog/old-post.md"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "one error:\n{err}");
    let fixed = r
        .file("content/blog/ownership.md")
        .replace("없는 글 링크: [예전 글](@/blog/old-post.md)\n", "");
    r.site.write("content/blog/ownership.md", &fixed);
    r.site.build_clean();

    let site = &r.site;
    let own = site.html("blog/ownership/index.html");
    assert_eq!(
        own.attrs("header .post-meta time", "datetime"),
        ["2024-05-01T00:00:00Z", "2024-05-20T00:00:00Z"]
    );
    assert_eq!(tag_names(&own), ["rust", "ownership", "Rust 기초"]);
    assert_eq!(
        prose_links(&own)[0],
        "/notes/blog/async-rust-intro/#%EB%9F%B0%ED%83%80%EC%9E%84"
    );
    assert_eq!(own.all(".prose .markdown-alert-warning").len(), 1);
    assert_eq!(
        own.attrs(".prose figure.embed-video a", "href"),
        ["https://www.youtube.com/watch?v=rDoqT-a6UFg"]
    );
    let chart = r.row(&at(&src, post, "chart("), "chart(data=\"borrow.csv\")");
    assert_eq!(chart.done, "kept as text");
    r.row(&at(&src, post, "[extra]"), "`extra.toc`");

    let asyncp = site.html("blog/async-rust-intro/index.html");
    assert_eq!(
        asyncp.attrs(".prose img", "src"),
        ["/notes/blog/async-rust-intro/runtime.svg"]
    );
    assert!(site.exists("blog/async-rust-intro/runtime.svg"));
    assert_eq!(asyncp.attrs(".prose h2", "id"), ["런타임"]);
    assert_eq!(prose_links(&asyncp), ["/notes/blog/ownership/"]);
    assert_eq!(
        redirect(site, "blog/async/index.html").0,
        "/notes/blog/async-rust-intro/"
    );
    let about = site.html("about/index.html");
    assert_eq!(prose_links(&about), ["/notes/blog/ownership/"]);
    assert_eq!(about.attrs(".prose img", "src"), ["/notes/img/logo.png"]);
    r.row("content/blog/_index.md", "section page");
    r.row("templates/", "the folder `templates/` (1 file)");
    r.row("sass/", "the folder `sass/` (1 file)");
}

#[test]
fn an_mdbook_becomes_stages_and_topics_in_order() {
    let src = source("mdbook");
    let r = import(&src, &[]);
    assert!(r.run.stdout.contains("imported an mdBook site"), "{}", r.run.stdout);
    assert!(r.run.stdout.contains("6 topics, 3 stages"), "{}", r.run.stdout);
    let site = &r.site;
    site.build_clean();

    // Parts are stages in order; chapters, nested ones too, are topics in SUMMARY's order.
    let basics = site.html("stages/part-2/index.html");
    assert_eq!(basics.text("h1"), "기초");
    let topics: Vec<String> = basics
        .all(".stage-topics li > a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(topics, ["설치와 도구", "Cargo 사용법", "소유권"]);
    let advanced = site.html("stages/part-3/index.html");
    let topics: Vec<String> = advanced
        .all(".stage-topics li > a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(topics, ["비동기 프로그래밍", "부록: 참고 자료"]);

    // `{{#include}}` from outside src/, with line ranges and anchors; hidden lines dropped.
    let install = site.html("topics/install/index.html");
    let code: String = install.all(".prose pre.code")[1].text().collect();
    assert!(code.contains("println!(\"Hello, world!\");"), "{code}");
    assert!(!install.text(".prose").contains("ignore"));
    assert_eq!(prose_links(&install), ["/topics/cargo/"]);
    let cargo: String = site.html("topics/cargo/index.html").all(".prose pre.code")[0]
        .text()
        .collect();
    assert_eq!(cargo.trim(), "[package]\nname = \"hello\"\nversion = \"0.1.0\"");
    let own = site.html("topics/ownership/index.html");
    let blocks: Vec<String> = own.all(".prose pre.code").iter().map(|b| b.text().collect()).collect();
    assert!(
        blocks[0].contains("let s2 = s1;") && !blocks[0].contains("ANCHOR") && !blocks[0].contains("fn main"),
        "{}",
        blocks[0]
    );
    assert!(
        !blocks[1].contains("fn main") && blocks[1].contains("println!"),
        "{}",
        blocks[1]
    );
    assert_eq!(
        prose_links(&own),
        ["/topics/async/#%EB%9F%B0%ED%83%80%EC%9E%84-%EA%B3%A0%EB%A5%B4%EA%B8%B0"]
    );
    let intro = site.html("topics/introduction/index.html");
    assert_eq!(intro.attrs(".prose img", "src"), ["/img/ferris.svg"]);
    assert!(site.exists("img/ferris.svg"));
    // Old chapter URLs redirect.
    assert_eq!(redirect(site, "ch01/install.html").0, "/topics/install/");

    let ownership = "src/ch01/ownership.md";
    assert_eq!(
        r.row(&at(&src, ownership, "{{#template"), "{{#template").done,
        "kept as text"
    );
    assert_eq!(
        r.row(&at(&src, "src/ch01/cargo.md", "{{#title"), "{{#title").done,
        "dropped"
    );
    r.row(&at(&src, "src/SUMMARY.md", "준비 중"), "에러 처리");
    assert_eq!(r.row("src/unlisted.md", "not in SUMMARY.md").done, "file not imported");
    r.row("theme/", "the folder `theme/` (1 file)");
}

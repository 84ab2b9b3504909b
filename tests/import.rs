//! `roadbook import` (issue 20): a Chirpy-style Jekyll blog with Korean posts, a Hugo blog
//! with bundles and shortcodes, a Zola blog and an mdBook with parts and includes, each
//! imported from `tests/fixtures/import/`, built, and checked on the built pages; and bad input
//! (a missing or unreadable source, a non-empty destination, a YAML error in one post).

mod support;

use support::import::{at, import, line_of, run_import, source};
use support::{Page, TestSite};

/// The `href`s of the links in a page's prose, headings' self-links left out.
fn prose_links(page: &Page) -> Vec<String> {
    let mut links = page.attrs(".prose a[href]", "href");
    links.retain(|h| !h.starts_with('#'));
    links
}

/// The `(target, canonical)` of the redirect page at `rel`.
fn redirect(site: &TestSite, rel: &str) -> (String, String) {
    let page = site.html(rel);
    let refresh = page.attrs("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh.len(), 1, "{rel} is a redirect page");
    let target = refresh[0].strip_prefix("0; url=").unwrap_or(&refresh[0]).to_string();
    (target, page.attrs("link[rel=canonical]", "href")[0].clone())
}

/// Builds `site`, which must warn about nothing but its Mermaid block: roadbook renders
/// Mermaid at build time once issue 18 lands, and until then warns that `mermaid` is unknown.
fn build_clean_but_mermaid(site: &TestSite) {
    let run = site.build_ok();
    for line in run.stderr.lines().filter(|l| l.starts_with("warning")) {
        assert!(line.contains("`mermaid`"), "{}", run.stderr);
    }
}

fn tag_names(page: &Page) -> Vec<String> {
    page.all("header ul.tags a")
        .iter()
        .map(|a| a.text().collect::<String>().trim_start_matches('#').to_string())
        .collect()
}

const REDIS: &str = "_posts/2024-01-15-redis-캐싱-전략.md";
const JPA: &str = "_posts/2024-02-01-jpa-n-plus-1.markdown";
const REDIS_URL: &str = "/blog/redis-%EC%BA%90%EC%8B%B1-%EC%A0%84%EB%9E%B5/";

#[test]
fn a_chirpy_blog_imports_and_builds() {
    let src = source("jekyll-chirpy");
    let imported = import(&src, &[]);
    assert!(
        imported.run.stdout.contains("imported a Jekyll site into") && imported.run.stdout.contains("3 posts, 1 page,"),
        "{}",
        imported.run.stdout
    );
    let site = &imported.site;
    build_clean_but_mermaid(site);

    // Front matter: the date keeps its zone, last_modified_at is `updated`, categories are tags.
    let post = site.html("blog/redis-캐싱-전략/index.html");
    assert_eq!(post.text("h1"), "Redis 캐싱 전략 정리: Cache-Aside부터 Write-Back까지");
    // (The page writes the instant in UTC.)
    assert_eq!(
        post.attrs("header .post-meta time", "datetime"),
        ["2024-01-15T12:30:00Z", "2024-02-03T00:00:00Z"]
    );
    let written = imported.file("content/blog/redis-캐싱-전략.md");
    assert!(written.contains("\ndate = 2024-01-15T21:30:00+09:00\n"), "{written}");
    assert!(written.contains("\nupdated = 2024-02-03T09:00:00+09:00\n"), "{written}");
    assert_eq!(tag_names(&post), ["redis", "cache", "성능", "Backend"]);
    assert_eq!(
        post.attrs("meta[name=description]", "content"),
        ["캐시 전략별 장단점과 TTL, 캐시 무효화를 정리한다."]
    );
    // Chirpy's `image:` is the post's link-preview image.
    assert_eq!(
        post.attrs("meta[property='og:image']", "content"),
        ["https://devkim.github.io/assets/img/posts/redis/cover.png"]
    );
    assert_eq!(
        post.attrs("meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    // Chirpy prompts are alerts; `highlight` is a highlighted fence; the image was copied.
    assert_eq!(post.all(".prose .markdown-alert-tip").len(), 1);
    assert_eq!(post.all(".prose .markdown-alert-caution").len(), 1);
    assert_eq!(post.attrs(".prose pre.code", "data-lang"), ["python", "java"]);
    let code: String = post.all(".prose pre.code")[1].text().collect();
    assert!(code.contains("{{ not_liquid }}"), "Liquid in code is code: {code}");
    assert_eq!(post.attrs(".prose img", "src"), ["/assets/img/posts/redis/diagram.png"]);
    assert!(site.exists("assets/img/posts/redis/diagram.png"));
    assert_eq!(
        post.attrs(".prose figure.embed-video a", "href"),
        ["https://www.youtube.com/watch?v=Balreaj8Yqs"]
    );
    // `<details markdown="1">` keeps its Markdown.
    assert_eq!(post.text(".prose details strong"), "아직 쓰지 않은 데이터");
    // `{% post_url %}` is a checked link to the other post; math is kept as written.
    assert!(prose_links(&post).contains(&"/blog/jpa-n-plus-1/".to_string()));
    assert!(post.text(".prose").contains("$h$"));

    let jpa = site.html("blog/jpa-n-plus-1/index.html");
    // A time without a zone takes the site's `timezone` (Asia/Seoul).
    assert_eq!(
        jpa.attrs("header .post-meta time", "datetime"),
        ["2024-02-01T01:00:00Z"]
    );
    assert!(
        imported
            .file("content/blog/jpa-n-plus-1.md")
            .contains("\ndate = 2024-02-01T10:00:00+09:00\n")
    );
    assert_eq!(tag_names(&jpa), ["jpa", "spring", "database", "Backend"]);
    assert_eq!(jpa.all(".prose .markdown-alert-warning").len(), 1);
    assert_eq!(jpa.attrs(".prose pre.code", "data-lang")[0], "mermaid");
    let prose = jpa.text(".prose");
    assert!(
        prose.contains("`{{ page.title }}`") || prose.contains("{{ page.title }}"),
        "{prose}"
    );
    assert!(!prose.contains("{% raw %}") && !prose.contains("TOC"), "{prose}");
    let links = prose_links(&jpa);
    assert!(links.contains(&"/about/".to_string()), "{links:?}");
    assert!(
        links.contains(&"/assets/img/posts/redis/diagram.png".to_string()),
        "{links:?}"
    );
    assert_eq!(
        jpa.attrs(".prose img", "src"),
        ["/assets/img/favicons/favicon-32x32.png"]
    );

    // The tab is a page with its prompt; the theme's generated tabs are not pages.
    let about = site.html("about/index.html");
    assert_eq!(about.all(".prose .markdown-alert-note").len(), 1);
    assert_eq!(prose_links(&about), [REDIS_URL]);
    assert!(!imported.site.root().join("content/pages/tags.md").exists());

    // Old URLs (Chirpy's `/posts/:title/`) redirect to the new pages.
    let (target, canonical) = redirect(site, "posts/redis-캐싱-전략/index.html");
    assert_eq!(target, REDIS_URL);
    assert_eq!(canonical, format!("https://devkim.github.io{REDIS_URL}"));
    assert_eq!(redirect(site, "posts/jpa-n-plus-1/index.html").0, "/blog/jpa-n-plus-1/");
    assert!(!site.read("sitemap.xml").contains("/posts/"));

    // The draft is a draft, dated today and reported.
    let draft = imported.file("content/blog/gc-튜닝.md");
    assert!(draft.contains("draft = true"), "{draft}");
    assert!(!site.exists("blog/gc-튜닝/index.html"));
    imported.row("_drafts/gc-튜닝.md:1", "a draft without a date");
}

#[test]
fn the_report_lists_what_a_chirpy_blog_could_not_carry_across() {
    let src = source("jekyll-chirpy");
    let r = import(&src, &[]);
    let row = r.row(&at(&src, REDIS, "pin: true"), "`pin: true`");
    assert_eq!(row.done, "dropped");
    assert!(
        r.row(&at(&src, REDIS, "math: true"), "`math: true`")
            .note
            .contains("kept as written")
    );
    assert!(
        r.row(&at(&src, JPA, "mermaid: true"), "`mermaid: true`")
            .note
            .contains("mermaid")
    );
    r.row(&at(&src, REDIS, "render_with_liquid"), "render_with_liquid");
    r.row(
        &at(&src, REDIS, "{% highlight python linenos %}"),
        "highlight python linenos",
    );
    r.row(&at(&src, REDIS, "{: width="), "{: width=\"700\" height=\"400\" }");
    assert!(
        r.row(&at(&src, REDIS, "{: file="), "UserService.java")
            .note
            .contains("file name")
    );
    assert_eq!(r.row(&at(&src, JPA, "{:toc}"), "{:toc}").done, "dropped");
    assert_eq!(
        r.row(&at(&src, JPA, "이 글의 제목은"), "{{ page.title }}").done,
        "kept as text"
    );
    r.row(&at(&src, JPA, "{% include toc.html %}"), "{% include toc.html %}");
    r.row(&at(&src, JPA, "layout: post"), "`layout: post`");
    for tab in ["archives", "categories", "tags"] {
        let row = r.row(&format!("_tabs/{tab}.md:2"), &format!("layout: {tab}"));
        assert_eq!(row.done, "file not imported");
    }
    assert_eq!(r.row("index.html", "front matter").done, "file not imported");
    // Theme folders are listed, not silently left behind.
    for folder in ["_includes/", "_layouts/"] {
        assert!(r.row(folder, "(1 file)").note.contains("theme files"), "{}", r.report);
    }
    // Converted constructs are not listed; the raw block's Liquid is not either.
    for converted in [
        "prompt-tip",
        "post_url",
        "embed/youtube",
        "relative_url",
        "site.baseurl",
        "raw",
    ] {
        assert!(
            !r.rows.iter().any(|row| row.what.contains(converted)),
            "{converted} is listed:\n{}",
            r.report
        );
    }
    assert!(r.report.contains("- [ ] "), "a checklist:\n{}", r.report);
}

#[test]
fn korean_nfd_names_crlf_and_bom_are_read_like_any_post() {
    let src = TestSite::fixture("import/jekyll-chirpy");
    // macOS writes decomposed (NFD) names; Windows editors CRLF and a BOM.
    let nfd = "_posts/2024-03-01-\u{1103}\u{1169}\u{110f}\u{1165}-\u{110c}\u{1165}\u{11bc}\u{1105}\u{1175}.md";
    // "캐싱-전략", decomposed, in a `post_url` too.
    let nfd_link =
        "2024-01-15-redis-\u{110f}\u{1162}\u{1109}\u{1175}\u{11bc}-\u{110c}\u{1165}\u{11ab}\u{1105}\u{1163}\u{11a8}";
    let text = format!(
        "\u{feff}---\r\ntitle: 도커 정리\r\ndate: 2024-03-01 08:00:00 +0900\r\ntags: [docker]\r\n---\r\n\r\n## 이미지\r\n\r\n레이어를 캐시한다. [캐시]({{% post_url {nfd_link} %}})\r\n"
    );
    src.write_bytes(nfd, text.as_bytes());
    let r = import(src.root(), &[]);
    build_clean_but_mermaid(&r.site);
    let page = r.site.html("blog/도커-정리/index.html");
    assert_eq!(page.text("h1"), "도커 정리");
    assert_eq!(page.attrs(".prose h2", "id"), ["이미지"]);
    assert_eq!(tag_names(&page), ["docker"]);
    assert_eq!(prose_links(&page), [REDIS_URL]);
    let written = r.file("content/blog/도커-정리.md");
    assert!(
        !written.contains('\r') && !written.starts_with('\u{feff}'),
        "{written:?}"
    );
}

#[test]
fn a_yaml_error_in_one_post_is_reported_and_the_others_are_imported() {
    let src = TestSite::fixture("import/jekyll-chirpy");
    src.write(
        "_posts/2024-03-02-broken.md",
        "---\ntitle: 깨진 글\ntags: [a, b\ndate: 2024-03-02\n---\n본문\n",
    )
    .write_bytes("_posts/2024-03-03-latin1.md", b"---\ntitle: caf\xe9\n---\n");
    let r = import(src.root(), &[]);
    let stderr = &r.run.stderr;
    assert!(
        stderr.contains("_posts/2024-03-02-broken.md:4"),
        "{stderr}\n{}",
        r.run.stdout
    );
    assert!(stderr.contains("invalid YAML"), "{stderr}");
    assert!(stderr.contains("_posts/2024-03-03-latin1.md: not UTF-8"), "{stderr}");
    assert!(r.run.stdout.contains("6 files skipped"), "{}", r.run.stdout);
    assert_eq!(
        r.row("_posts/2024-03-02-broken.md:4", "invalid YAML").done,
        "file not imported"
    );
    assert_eq!(r.row("_posts/2024-03-03-latin1.md", "the file").note, "not UTF-8 text");
    assert!(r.site.root().join("content/blog/jpa-n-plus-1.md").exists());
    build_clean_but_mermaid(&r.site);
    assert!(r.site.exists("blog/redis-캐싱-전략/index.html"));
}

#[test]
fn a_missing_or_unreadable_source_and_a_non_empty_dest_are_errors_that_write_nothing() {
    let dest = TestSite::empty();
    let out = dest.root().join("new");
    let missing = run_import(&dest.root().join("no-such-site"), &out, &[]);
    assert!(!missing.success);
    assert!(
        missing.stderr.contains("no-such-site: it does not exist"),
        "{}",
        missing.stderr
    );
    dest.write("file.txt", "not a site");
    let file = run_import(&dest.root().join("file.txt"), &out, &[]);
    assert!(
        !file.success && file.stderr.contains("is not a folder"),
        "{}",
        file.stderr
    );
    let unknown = run_import(dest.root(), &out, &[]);
    assert!(
        !unknown.success && unknown.stderr.contains("cannot tell what kind of site"),
        "{}",
        unknown.stderr
    );
    assert!(!out.exists(), "nothing is written on failure");

    dest.write("new/keep.md", "mine");
    let full = run_import(&source("jekyll-chirpy"), &out, &[]);
    assert!(!full.success);
    assert!(
        full.stderr.contains("is not empty: import never overwrites"),
        "{}",
        full.stderr
    );
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(left.len(), 1, "DEST is left as it was");

    // An empty DEST is fine; `--from` overrides detection (and names what it expected).
    std::fs::remove_file(out.join("keep.md")).unwrap();
    let wrong = run_import(&source("jekyll-chirpy"), &out, &["--from", "mdbook"]);
    assert!(!wrong.success && wrong.stderr.contains("book.toml"), "{}", wrong.stderr);
    let ok = run_import(&source("jekyll-chirpy"), &out, &["--from", "jekyll"]);
    assert!(ok.success, "{}", ok.stderr);
    assert_eq!(
        line_of(&out, "config.toml", "base_url"),
        line_of(&out, "config.toml", "https://devkim.github.io/")
    );
}

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

    // A leaf bundle keeps its files beside it; `figure` has its caption; `notice` is an alert.
    let k8s = site.html("blog/k8s-rolling-update/index.html");
    assert_eq!(k8s.text(".prose figure figcaption"), "롤링 업데이트 흐름");
    assert!(site.exists("blog/k8s-rolling-update/architecture.png"));
    // PaperMod's `cover.image`, a file of the bundle, is the link-preview image.
    assert_eq!(
        k8s.attrs("meta[property='og:image']", "content"),
        ["https://park.dev/blog/k8s-rolling-update/architecture.png"]
    );
    assert!(go.attrs("meta[property='og:image']", "content").is_empty());
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

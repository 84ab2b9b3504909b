//! `roadbook import` (issue 20) of a Chirpy-style Jekyll blog with Korean posts
//! (`tests/fixtures/import/jekyll-chirpy`), built and checked on the built pages; Korean NFD
//! names, CRLF and BOMs; and bad input (a missing or unreadable source, a non-empty
//! destination, a YAML error in one post). Hugo, Zola and mdBook: `tests/import_sites.rs`.

mod support;

use support::TestSite;
use support::import::*;

const REDIS: &str = "_posts/2024-01-15-redis-캐싱-전략.md";
const JPA: &str = "_posts/2024-02-01-jpa-n-plus-1.markdown";
const REDIS_URL: &str = "/blog/redis-%EC%BA%90%EC%8B%B1-%EC%A0%84%EB%9E%B5/";

/// The Chirpy blog imported and built.
fn chirpy() -> Imported {
    let imported = import(&source("jekyll-chirpy"), &[]);
    let stdout = &imported.run.stdout;
    assert!(
        stdout.contains("imported a Jekyll site into") && stdout.contains("3 posts, 1 page,"),
        "{stdout}"
    );
    imported.site.build_clean();
    imported
}

#[test]
fn a_chirpy_posts_front_matter_becomes_roadbooks() {
    let imported = chirpy();
    let site = &imported.site;

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
}

#[test]
fn a_chirpy_posts_liquid_and_kramdown_become_markdown() {
    let imported = chirpy();
    let site = &imported.site;
    let post = site.html("blog/redis-캐싱-전략/index.html");
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
    // `{% post_url %}` is a checked link to the other post; math is kept as written, so
    // roadbook renders it (MathML).
    assert!(prose_links(&post).contains(&"/blog/jpa-n-plus-1/".to_string()));
    assert!(!post.all(".prose math").is_empty(), "the post's math is rendered");

    let jpa = site.html("blog/jpa-n-plus-1/index.html");
    assert_eq!(jpa.all(".prose .markdown-alert-warning").len(), 1);
    // `mermaid: true`'s fence is kept, so roadbook draws it.
    assert_eq!(jpa.all(".prose figure.mermaid > svg[role=img]").len(), 1);
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
}

#[test]
fn chirpy_tabs_drafts_and_old_urls() {
    let imported = chirpy();
    let site = &imported.site;
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
    r.site.build_clean();
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
    std::os::unix::fs::symlink("/nonexistent/post.md", src.root().join("_posts/2024-03-04-linked.md")).unwrap();
    let r = import(src.root(), &[]);
    let stderr = &r.run.stderr;
    assert!(
        stderr.contains("_posts/2024-03-02-broken.md:4"),
        "{stderr}\n{}",
        r.run.stdout
    );
    assert!(stderr.contains("invalid YAML"), "{stderr}");
    assert!(stderr.contains("_posts/2024-03-03-latin1.md: not UTF-8"), "{stderr}");
    assert!(r.run.stdout.contains("7 files skipped"), "{}", r.run.stdout);
    assert_eq!(
        r.row("_posts/2024-03-02-broken.md:4", "invalid YAML").done,
        "file not imported"
    );
    assert_eq!(r.row("_posts/2024-03-03-latin1.md", "the file").note, "not UTF-8 text");
    assert_eq!(
        r.row("_posts/2024-03-04-linked.md", "a symbolic link").done,
        "file not imported"
    );
    assert!(r.site.root().join("content/blog/jpa-n-plus-1.md").exists());
    r.site.build_clean();
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

//! What a tech blog needs around its text (issue 19): series of posts, related posts, giscus
//! comments only where configured, and click-to-load video embeds.

mod support;

use support::{Page, TestSite};

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n";

/// A site with a stage, two topics and the given posts (`(file stem, front matter extra, body)`).
fn site_with(config: &str, posts: &[(&str, &str, &str)]) -> TestSite {
    let site = TestSite::new();
    site.write("config.toml", config)
        .write("content/stages/s.md", "+++\ntitle = \"S\"\norder = 1\n+++\n")
        .write(
            "content/topics/db.md",
            "+++\ntitle = \"DB\"\nstage = \"s\"\nrelated = [\"cache\"]\n+++\n본문\n",
        )
        .write(
            "content/topics/cache.md",
            "+++\ntitle = \"Cache\"\nstage = \"s\"\n+++\n본문\n",
        );
    for (stem, extra, body) in posts {
        site.write(
            &format!("content/blog/{stem}.md"),
            &format!("+++\ntitle = \"{stem}\"\n{extra}\n+++\n{body}\n"),
        );
    }
    site
}

fn texts(page: &Page, css: &str) -> Vec<String> {
    page.all(css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn a_series_has_its_pages_and_each_part_shows_where_it_stands() {
    let series = "series = \"N+1 문제 해결기\"";
    let site = site_with(
        CONFIG,
        &[
            ("part-2", &format!("date = 2026-03-02\n{series}"), "둘"),
            ("part-1", &format!("date = 2026-03-01\n{series}"), "하나"),
            ("part-3", &format!("date = 2026-03-03\n{series}"), "셋"),
            ("other", "date = 2026-03-04\nseries = \"다른 시리즈\"", "딴"),
            ("alone", "date = 2026-03-05", "혼자"),
        ],
    );
    site.build_clean();
    let key = "n-1-문제-해결기";
    // /series/ lists every series; each series page lists its parts in date order.
    let index = site.html("series/index.html");
    assert_eq!(texts(&index, ".series-list a"), ["N+1 문제 해결기", "다른 시리즈"]);
    let page = site.html(&format!("series/{key}/index.html"));
    assert_eq!(texts(&page, "h1"), ["N+1 문제 해결기"]);
    assert_eq!(
        texts(&page, ".series-posts .post-card-title a"),
        ["part-1", "part-2", "part-3"]
    );
    // The middle part: "3편 중 2편", every part linked but itself, prev/next within the series.
    let post = site.html("blog/part-2/index.html");
    assert_eq!(texts(&post, ".series-box .series-position"), ["3편 중 2편"]);
    assert_eq!(texts(&post, ".series-parts li"), ["part-1", "part-2", "part-3"]);
    assert_eq!(texts(&post, ".series-parts [aria-current=page]"), ["part-2"]);
    assert_eq!(
        post.attrs(".series-parts a", "href"),
        ["/sub/blog/part-1/", "/sub/blog/part-3/"]
    );
    assert_eq!(post.attrs(".series-prev-next .prev", "href"), ["/sub/blog/part-1/"]);
    assert_eq!(post.attrs(".series-prev-next .next", "href"), ["/sub/blog/part-3/"]);
    // The first part has no previous part; a post outside any series has no box.
    let first = site.html("blog/part-1/index.html");
    assert!(first.all(".series-prev-next .prev").is_empty());
    assert_eq!(texts(&first, ".series-box .series-position"), ["3편 중 1편"]);
    assert!(site.html("blog/alone/index.html").all(".series-box").is_empty());
    // The blog links the series; the sitemap and the feed carry them.
    assert_eq!(
        site.html("blog/index.html")
            .attrs(".blog-links a[href$='/series/']", "href"),
        ["/sub/series/"]
    );
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.org/sub/series/"), "{locs:?}");
    assert!(
        locs.iter()
            .any(|l| l.starts_with("https://example.org/sub/series/n-1-")),
        "{locs:?}"
    );
    let feed = site.read("atom.xml");
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let part_2 = feed
        .descendants()
        .find(|n| {
            n.has_tag_name("entry")
                && n.descendants()
                    .any(|c| c.has_tag_name("title") && c.text() == Some("part-2"))
        })
        .expect("part-2 in the feed");
    let category = part_2
        .descendants()
        .find(|c| c.has_tag_name("category") && c.attribute("scheme").is_some())
        .expect("a series category");
    assert_eq!(category.attribute("label"), Some("N+1 문제 해결기"));
    assert_eq!(category.attribute("scheme"), Some("https://example.org/sub/series/"));
}

#[test]
fn without_a_series_there_is_no_series_page() {
    let site = site_with(CONFIG, &[("a", "date = 2026-01-01", "글")]);
    site.build_clean();
    assert!(!site.exists("series"));
    assert!(
        site.html("blog/index.html")
            .all(".blog-links a[href$='/series/']")
            .is_empty()
    );
}

#[test]
fn related_posts_share_topics_first_then_tags() {
    let site = site_with(
        CONFIG,
        &[
            (
                "subject",
                "date = 2026-01-10\ntopics = [\"db\", \"cache\"]\ntags = [\"redis\"]",
                "본문",
            ),
            ("both-topics", "date = 2026-01-01\ntopics = [\"db\", \"cache\"]", "본문"),
            ("one-topic-old", "date = 2026-01-02\ntopics = [\"db\"]", "본문"),
            ("one-topic-new", "date = 2026-01-03\ntopics = [\"cache\"]", "본문"),
            ("tag-only", "date = 2026-01-09\ntags = [\"Redis\"]", "본문"),
            ("unrelated", "date = 2026-01-11\ntags = [\"go\"]", "본문"),
        ],
    );
    site.build_clean();
    let page = site.html("blog/subject/index.html");
    // Two shared topics beat one; among one-topic posts the newer comes first; only three.
    assert_eq!(
        texts(&page, ".related-posts .post-card-title a"),
        ["both-topics", "one-topic-new", "one-topic-old"]
    );
    let tagged = site.html("blog/tag-only/index.html");
    assert_eq!(texts(&tagged, ".related-posts .post-card-title a"), ["subject"]);
    assert!(site.html("blog/unrelated/index.html").all(".related-posts").is_empty());
}

const GISCUS: &str =
    "[comments]\nrepo = \"user/handbook\"\nrepo_id = \"R_kgDO\"\ncategory = \"Comments\"\ncategory_id = \"DIC_kwDO\"\n";

#[test]
fn without_comments_config_no_comment_markup_or_script_is_written() {
    let site = site_with(CONFIG, &[("a", "date = 2026-01-01", "글")]);
    site.build_clean();
    for page in ["blog/a/index.html", "topics/db/index.html"] {
        let html = site.read(page);
        assert!(!html.contains("giscus"), "{page} mentions giscus");
        assert!(site.html(page).all(".comments").is_empty());
    }
}

#[test]
fn comments_go_only_on_the_chosen_kinds_and_a_page_can_opt_out() {
    let site = site_with(
        &format!("{CONFIG}{GISCUS}"),
        &[
            ("open", "date = 2026-01-01", "글"),
            ("closed", "date = 2026-01-02\ncomments = false", "글"),
        ],
    );
    site.build_clean();
    let open = site.html("blog/open/index.html");
    let box_ = open.one(".comments [data-giscus]");
    assert_eq!(box_.value().attr("data-repo"), Some("user/handbook"));
    assert_eq!(box_.value().attr("data-mapping"), Some("pathname"));
    assert_eq!(
        box_.value().attr("data-lang"),
        Some("ko"),
        "the site language by default"
    );
    assert_eq!(box_.value().attr("data-script"), Some("https://giscus.app/client.js"));
    // The script itself is not on the page: site.js adds it when the box scrolls into view.
    assert!(open.all("script[src*='giscus']").is_empty());
    assert!(site.html("blog/closed/index.html").all(".comments").is_empty());
    assert!(
        site.html("topics/db/index.html").all(".comments").is_empty(),
        "posts only by default"
    );

    site.write(
        "config.toml",
        &format!("{CONFIG}{GISCUS}on = [\"topics\"]\nlang = \"en\"\n"),
    );
    site.build_clean();
    assert!(site.html("blog/open/index.html").all(".comments").is_empty());
    let topic = site.html("topics/db/index.html");
    assert_eq!(topic.one("[data-giscus]").value().attr("data-lang"), Some("en"));
}

#[test]
fn comment_settings_are_checked_like_any_config() {
    let site = site_with(CONFIG, &[("a", "date = 2026-01-01", "글")]);
    let cases = [
        (
            format!("{CONFIG}[comments]\nrepo = \"user/handbook\"\n"),
            "missing required key `comments.repo_id`",
        ),
        (
            format!("{CONFIG}{GISCUS}on = [\"books\"]\n"),
            "`comments.on` lists `books`",
        ),
        (
            format!("{CONFIG}{GISCUS}mapping = \"issue\"\n"),
            "unknown `comments.mapping` `issue`",
        ),
        (
            format!("{CONFIG}{GISCUS}theme = \"dark\"\n"),
            "unknown key `comments.theme`",
        ),
        (
            format!("{CONFIG}{}", GISCUS.replace("user/handbook", "handbook")),
            "`comments.repo` `handbook` is not `owner/name`",
        ),
    ];
    for (config, message) in cases {
        site.write("config.toml", &config);
        let stderr = site.build_err();
        assert!(stderr.contains(message), "expected `{message}` in:\n{stderr}");
        assert!(
            stderr.contains("config.toml:"),
            "the error names the file and line:\n{stderr}"
        );
    }
}

#[test]
fn a_paragraph_that_is_only_a_video_link_becomes_a_click_to_load_embed() {
    let site = site_with(
        CONFIG,
        &[(
            "talk",
            "date = 2026-01-01",
            "추천 강의:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90\n\n[분산 시스템 강의](https://youtu.be/dQw4w9WgXcQ)\n\n글 속 링크 https://youtu.be/dQw4w9WgXcQ 는 그대로.\n",
        )],
    );
    site.build_clean();
    let page = site.html("blog/talk/index.html");
    let embeds = page.all(".embed-video a.embed");
    assert_eq!(embeds.len(), 2);
    assert_eq!(
        embeds[0].value().attr("href"),
        Some("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s"),
        "without JavaScript the embed is a working link"
    );
    assert_eq!(
        embeds[0].value().attr("data-embed-src"),
        Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90")
    );
    assert_eq!(texts(&page, ".embed-video .embed-label")[1], "분산 시스템 강의");
    // Nothing from YouTube is loaded with the page: no iframe, no image, no script.
    assert!(page.all("iframe").is_empty());
    assert!(
        page.all("img[src*='ytimg'], img[src*='youtube'], script[src*='youtube']")
            .is_empty()
    );
    assert!(
        texts(&page, ".prose p")
            .iter()
            .any(|t| t.contains("글 속 링크 https://youtu.be/dQw4w9WgXcQ")),
        "a URL inside prose stays as written"
    );
}

//! `roadbook new post` and `roadbook new topic` (issue 4): the files they write and the input they refuse.

mod support;

use std::path::PathBuf;

use support::TestSite;
use support::blog::*;

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
    assert!(!run.stderr.contains("the title is the id"), "{}", run.stderr);
    // Without --title the id stands in, and roadbook says so.
    let untitled = site.run(&["new", "topic", "write-through", "--stage", "basics"]);
    assert!(untitled.success, "{}", untitled.stderr);
    assert!(
        untitled.stderr.contains("the title is the id until you edit it"),
        "{}",
        untitled.stderr
    );
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

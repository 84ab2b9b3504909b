//! The blog's third-party parts in a real browser, with no third-party request: a video
//! embed makes its player only when clicked, and the comments client loads only when the
//! comments box scrolls into view (here from a stand-in served on 127.0.0.1).
//!
//! Skipped (with a `SKIPPED:` line) when Chromium is not installed, except under `CI=true`.

mod support;

use std::time::{Duration, Instant};

use support::browser::Browser;
use support::{StaticServer, TestSite};

/// A post with a video embed high up and a comments box below a long text.
fn site() -> TestSite {
    let site = TestSite::new();
    let long = "긴 문단입니다. ".repeat(60);
    let body = format!(
        "https://youtu.be/dQw4w9WgXcQ\n\n{}\n",
        (0..40).map(|_| long.as_str()).collect::<Vec<_>>().join("\n\n")
    );
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n[comments]\nrepo = \"user/r\"\nrepo_id = \"R\"\n\
         category = \"C\"\ncategory_id = \"DIC\"\nscript = \"/sub/fake-giscus.js\"\n",
    )
    .write("content/blog/talk.md", &format!("+++\ntitle = \"Talk\"\ndate = 2026-01-01\n+++\n{body}"))
    // The stand-in client: says it ran, and what it was given.
    .write(
        "static/fake-giscus.js",
        "window.giscusLoaded = document.currentScript.getAttribute('data-repo') + ' ' + document.currentScript.getAttribute('data-theme');\n",
    )
    .write("static/player.html", "<!doctype html><title>player</title><p>player</p>\n");
    site.build_clean();
    site
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_embed_makes_its_player_only_when_clicked() {
    let Some(browser) = Browser::launch() else { return };
    let site = site();
    let server = StaticServer::start(site.public(), "/sub/");
    browser.goto(&server.url("blog/talk/"));
    assert!(browser.find_all("iframe").is_empty(), "no player before the click");
    // Point the embed at a player on this server (the test must not reach YouTube), then click.
    let link = browser.find(".embed-video a.embed");
    browser.execute(
        "arguments[0].setAttribute('data-embed-src', arguments[1]);",
        &[link.to_json(), serde_json::json!(server.url("player.html"))],
    );
    assert!(!server.requests().iter().any(|r| r.path.ends_with("player.html")));
    browser.click(&link);
    let frame = browser.find(".embed-video iframe.embed-frame");
    assert_eq!(browser.attribute(&frame, "src"), Some(server.url("player.html")));
    assert_eq!(
        browser.attribute(&frame, "title").as_deref(),
        Some("https://youtu.be/dQw4w9WgXcQ"),
        "the player is named for screen readers"
    );
    wait_for("the player to load", || {
        server.requests().iter().any(|r| r.path.ends_with("player.html"))
    });
}

#[test]
fn the_comments_client_loads_only_when_the_box_scrolls_into_view() {
    let Some(browser) = Browser::launch() else { return };
    let site = site();
    let server = StaticServer::start(site.public(), "/sub/");
    browser.goto(&server.url("blog/talk/"));
    std::thread::sleep(Duration::from_millis(500));
    let fetched = || server.requests().iter().any(|r| r.path.ends_with("fake-giscus.js"));
    assert!(!fetched(), "the comments client is fetched before the box is in view");
    assert!(browser.execute("return window.giscusLoaded || null;", &[]).is_null());
    browser.execute("document.querySelector('.comments').scrollIntoView();", &[]);
    wait_for("the comments client", fetched);
    wait_for("the client to run", || {
        !browser.execute("return window.giscusLoaded || null;", &[]).is_null()
    });
    let given = browser.execute("return window.giscusLoaded;", &[]);
    let theme = browser.execute("return document.documentElement.dataset.theme || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');", &[]);
    assert_eq!(
        given.as_str(),
        Some(format!("user/r {}", theme.as_str().unwrap()).as_str())
    );
}

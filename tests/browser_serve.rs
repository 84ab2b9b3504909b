//! The dev server in a real browser: an open page shows an edit without a manual reload; a
//! broken front matter shows the error overlay, and fixing it removes the overlay; a
//! stylesheet change applies without reloading the page; a page opened before the first build
//! has ended waits, shows that build's errors, and turns into the page once the site builds.
//!
//! Skipped (with a `SKIPPED:` line) when Chromium is not installed, except under `CI=true`.

mod support;

use std::time::Duration;

use roadbook::serve::{ServeOptions, spawn};
use support::TestSite;
use support::browser::Browser;
use support::serve::{HeldConfig, options};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn live_reload_overlay_and_stylesheet_swap() {
    let Some(browser) = Browser::launch() else { return };
    let site = TestSite::fixture("engine");
    let root = site.root().canonicalize().unwrap();
    let running = spawn(&ServeOptions {
        root: root.clone(),
        interface: "127.0.0.1".parse().unwrap(),
        port: 0,
        port_attempts: 0,
        base_path: "/handbook/".into(),
        drafts: false,
        open: false,
        color: false,
        first_build_wait: roadbook::serve::FIRST_BUILD_WAIT,
    })
    .unwrap();
    browser.goto(&format!("{}topics/caching/", running.url));
    browser.wait_for("document.readyState === 'complete'", WAIT);
    // Wait until the page's live-reload connection is up (the server counts clients).
    let deadline = std::time::Instant::now() + WAIT;
    while running.clients() == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the page never connected for live reload"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // An edit appears in the open page.
    let path = root.join("content/topics/caching.md");
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        original.replace("~~old~~", "~~old~~ 브라우저에 바로 보이는 문장"),
    )
    .unwrap();
    browser.wait_for("document.body.innerText.includes('브라우저에 바로 보이는 문장')", WAIT);

    // A broken front matter: the overlay lists the error at file:line:col; the page behind it
    // is the last good one.
    std::fs::write(&path, "+++\ntitle = \"깨진\nstage = \"advanced\"\n+++\n").unwrap();
    browser.wait_for("!!document.getElementById('roadbook-overlay')", WAIT);
    let overlay = browser.execute("return document.getElementById('roadbook-overlay').innerText;", &[]);
    let overlay = overlay.as_str().unwrap_or_default();
    assert!(overlay.contains("content/topics/caching.md:2:"), "{overlay}");
    assert!(
        browser
            .execute(
                "return document.body.innerText.includes('브라우저에 바로 보이는 문장');",
                &[]
            )
            .as_bool()
            .unwrap()
    );

    // The fix removes it.
    std::fs::write(&path, &original).unwrap();
    browser.wait_for("!document.getElementById('roadbook-overlay') && !document.body.innerText.includes('브라우저에 바로 보이는 문장')", WAIT);

    // A stylesheet change applies without a reload: a marker set on the page survives.
    browser.execute("window.__roadbookMarker = 42;", &[]);
    let css = root.join("themes/default/static/css/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    let builtin = String::from_utf8(
        roadbook::theme::STATIC
            .iter()
            .find(|(n, _)| *n == "css/style.css")
            .unwrap()
            .1
            .to_vec(),
    )
    .unwrap();
    std::fs::write(
        &css,
        format!("{builtin}\nbody {{ outline: 7px solid rgb(1, 2, 3); }}\n"),
    )
    .unwrap();
    browser.wait_for("getComputedStyle(document.body).outlineWidth === '7px'", WAIT);
    assert_eq!(
        browser.execute("return window.__roadbookMarker;", &[]).as_i64(),
        Some(42),
        "the page was not reloaded"
    );
}

#[test]
fn a_page_opened_before_the_first_build_recovers_by_itself() {
    let Some(browser) = Browser::launch() else { return };
    let site = TestSite::fixture("engine");
    let path = site.root().join("content/topics/caching.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replacen("title = ", "titel = \"x\"\ntitle = ", 1)).unwrap();
    // The first build blocks on the config until released, and requests wait only 100 ms.
    let held = HeldConfig::hold(site.root());
    let mut opts = options(site.root(), "/");
    opts.first_build_wait = Duration::from_millis(100);
    let running = roadbook::serve::launch(&opts).unwrap();
    browser.goto(&format!("{}topics/caching/", running.url));
    browser.wait_for("!!document.getElementById('roadbook-pending')", WAIT);

    // The first build fails: the waiting page shows its errors.
    held.release();
    browser.wait_for(
        "!!document.getElementById('roadbook-overlay') && document.getElementById('roadbook-overlay').innerText.includes('titel')",
        WAIT,
    );

    // The fix: the page becomes the topic, without a manual reload.
    std::fs::write(&path, &good).unwrap();
    browser.wait_for(
        "!document.getElementById('roadbook-pending') && !document.getElementById('roadbook-overlay') && document.querySelector('h1') && document.querySelector('h1').innerText === '캐싱 전략'",
        WAIT,
    );
}

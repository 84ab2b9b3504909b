//! The default theme's JavaScript in a real browser: theme toggle, reading progress on topic,
//! stage and home pages, and progress export / reset / import. The fixture `basic` is built
//! with the real binary and served under `/sub/` like a GitHub Pages project site.
//!
//! Skipped (with a `SKIPPED:` line) when Chromium is not installed, except under `CI=true`.

mod support;

use std::fs;
use std::time::Duration;

use serde_json::{Value, json};
use support::browser::{Browser, Element};
use support::{StaticServer, TestSite};

const WAIT: Duration = Duration::from_secs(10);

/// A browser, the built `basic` fixture and a server for it. `None` when skipped.
fn setup() -> Option<(Browser, StaticServer, TestSite)> {
    let browser = Browser::launch()?;
    let site = TestSite::fixture("basic");
    site.build_clean();
    let server = StaticServer::start(site.public(), "/sub/");
    Some((browser, server, site))
}

/// The reading-progress state the page keeps in localStorage (`null` when unset).
fn stored_progress(b: &Browser) -> Value {
    b.execute(
        "return JSON.parse(localStorage.getItem(document.body.dataset.storageKey + ':progress') || 'null');",
        &[],
    )
}

/// `textContent` of the first element matching `css`.
fn text_content(b: &Browser, css: &str) -> String {
    let el = b.find(css);
    b.property(&el, "textContent").as_str().unwrap_or_default().to_string()
}

fn status_button(b: &Browser, status: &str) -> Element {
    b.find(&format!(".status button[data-status={status}]"))
}

fn pressed(b: &Browser, status: &str) -> Option<String> {
    b.attribute(&status_button(b, status), "aria-pressed")
}

/// Asserts the element for `topic` inside `scope` shows `status` to a screen reader too.
fn assert_marked(b: &Browser, scope: &str, topic: &str, status: &str, label: &str) {
    let css = format!("{scope} [data-topic={topic}]");
    let el = b.find(&css);
    assert_eq!(
        b.attribute(&el, "data-status").as_deref(),
        Some(status),
        "{css} should have data-status={status}"
    );
    assert_eq!(
        text_content(b, &format!("{css} > .progress-mark .visually-hidden")),
        format!(" ({label})"),
        "{css} should carry a visually hidden status text"
    );
    // Exactly one status symbol is drawn: the one site.js writes, not a second from CSS.
    let symbols = b.execute(
        "const m = arguments[0].querySelector(':scope > .progress-mark');
         const after = getComputedStyle(m, '::after').content;
         const drawn = [...m.querySelectorAll('[aria-hidden=true]')].map(s => s.textContent);
         if (after !== 'none' && after !== 'normal') drawn.push(after);
         return drawn;",
        &[el.to_json()],
    );
    let expected = match status {
        "done" => "✓",
        "doing" => "◐",
        _ => "–",
    };
    assert_eq!(symbols, json!([expected]), "{css} should show one {expected}");
}

fn assert_unmarked(b: &Browser, scope: &str, topic: &str) {
    let css = format!("{scope} [data-topic={topic}]");
    let el = b.find(&css);
    assert_eq!(b.attribute(&el, "data-status"), None, "{css} should have no status");
    assert_eq!(
        text_content(b, &format!("{css} > .progress-mark")),
        "",
        "{css} should have an empty mark"
    );
}

fn assert_no_console_errors(b: &Browser) {
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn theme_toggle_appears_switches_and_is_remembered() {
    let Some((b, server, site)) = setup() else {
        return;
    };
    // Without JavaScript the button would do nothing, so the HTML ships it hidden.
    let html = site.read("index.html");
    let tag = html
        .split("<button class=\"theme-toggle\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .expect("home page has a theme toggle");
    assert!(tag.contains(" hidden"), "theme toggle must be hidden without JS: {tag}");

    b.goto(&server.url(""));
    let toggle = b.find(".theme-toggle");
    assert!(b.is_displayed(&toggle), "the theme toggle is visible with JS");
    let html_el = b.find("html");
    assert_eq!(b.attribute(&html_el, "data-theme"), None);
    let system_dark = b
        .execute("return matchMedia('(prefers-color-scheme: dark)').matches;", &[])
        .as_bool()
        .unwrap();
    let (first, second) = if system_dark {
        ("light", "dark")
    } else {
        ("dark", "light")
    };
    let background = || {
        b.execute("return getComputedStyle(document.body).backgroundColor;", &[])
            .as_str()
            .unwrap()
            .to_string()
    };
    let system_bg = background();

    b.click(&toggle);
    assert_eq!(b.attribute(&b.find("html"), "data-theme").as_deref(), Some(first));
    assert_ne!(background(), system_bg, "the page colours follow the toggle");
    let stored = b.execute("return localStorage.getItem('roadbook-theme');", &[]);
    assert_eq!(stored, json!(first));

    // The choice survives a reload and applies on other pages (set before first paint by
    // the inline script in <head>).
    b.refresh();
    assert_eq!(b.attribute(&b.find("html"), "data-theme").as_deref(), Some(first));
    b.goto(&server.url("topics/http/"));
    assert_eq!(b.attribute(&b.find("html"), "data-theme").as_deref(), Some(first));

    // And toggles back.
    b.click(&b.find(".theme-toggle"));
    assert_eq!(b.attribute(&b.find("html"), "data-theme").as_deref(), Some(second));
    b.refresh();
    assert_eq!(b.attribute(&b.find("html"), "data-theme").as_deref(), Some(second));
    assert_eq!(background(), system_bg);

    assert_no_console_errors(&b);
    assert_eq!(server.failed_requests(), vec![], "no request failed");
}

#[test]
fn reading_progress_is_kept_and_shown_on_stage_and_home_pages() {
    let Some((b, server, _site)) = setup() else {
        return;
    };
    b.goto(&server.url("topics/http/"));
    let status = b.find(".status");
    assert!(b.is_displayed(&status), "status buttons are visible with JS");
    for s in ["doing", "done", "skipped"] {
        assert_eq!(pressed(&b, s).as_deref(), Some("false"));
    }
    assert_eq!(stored_progress(&b), Value::Null);

    b.click(&status_button(&b, "done"));
    assert_eq!(pressed(&b, "done").as_deref(), Some("true"));
    assert_eq!(pressed(&b, "doing").as_deref(), Some("false"));
    assert_eq!(stored_progress(&b), json!({ "http": "done" }));
    assert_marked(&b, "#sidebar", "http", "done", "Done");
    assert_unmarked(&b, "#sidebar", "sql");

    b.refresh();
    assert_eq!(
        pressed(&b, "done").as_deref(),
        Some("true"),
        "still pressed after a reload"
    );
    assert_marked(&b, "#sidebar", "http", "done", "Done");

    // The stage page: its topic list, the sidebar and the counter.
    b.goto(&server.url("stages/basics/"));
    assert_marked(&b, ".topic-cards", "http", "done", "Done");
    assert_unmarked(&b, ".topic-cards", "sql");
    assert_marked(&b, "#sidebar", "http", "done", "Done");
    let counter = b.find(".page-stage .stage-progress");
    assert!(b.is_displayed(&counter), "the stage counter is shown");
    assert_eq!(
        b.text(&b.find(".page-stage .stage-progress .progress-count")),
        "1 / 2 done"
    );

    // The home page: one counter per stage card.
    b.goto(&server.url(""));
    assert_marked(&b, ".stage-card-topics", "http", "done", "Done");
    assert_eq!(
        b.text(&b.find(".stage-progress[data-stage=basics] .progress-count")),
        "1 / 2 done"
    );
    assert_eq!(
        b.text(&b.find(".stage-progress[data-stage=advanced] .progress-count")),
        "0 / 1 done"
    );
    // The roadmap diagram's node shows it too: a mark (not colour alone) and the state.
    b.wait_for(
        "document.querySelector('.roadmap-svg a.node[data-topic=http]')?.getAttribute('data-status') === 'done'",
        WAIT,
    );
    let node = b.find(".roadmap-svg a.node[data-topic=http]");
    assert_eq!(b.attribute(&node, "data-status").as_deref(), Some("done"));
    assert_eq!(text_content(&b, ".roadmap-svg a.node[data-topic=http] text.mark"), "✓");
    assert_eq!(text_content(&b, ".roadmap-svg a.node[data-topic=sql] text.mark"), "");
    // ...and a fill of its own, not only a border.
    let fill = |topic: &str| {
        b.execute(
            &format!(
                "return getComputedStyle(document.querySelector('.roadmap-svg a.node[data-topic={topic}] rect')).fill;"
            ),
            &[],
        )
    };
    assert_ne!(fill("http"), fill("sql"), "a done topic's box is filled differently");

    // A topic that requires http lists it as done among its prerequisites.
    b.goto(&server.url("topics/caching/"));
    assert_marked(&b, ".prerequisites", "http", "done", "Done");
    assert_unmarked(&b, ".prerequisites", "sql");

    // Another status replaces the first; pressing the pressed button clears it.
    b.goto(&server.url("topics/sql/"));
    b.click(&status_button(&b, "doing"));
    assert_eq!(stored_progress(&b), json!({ "http": "done", "sql": "doing" }));
    assert_marked(&b, "#sidebar", "sql", "doing", "In progress");
    b.click(&status_button(&b, "skipped"));
    assert_eq!(pressed(&b, "skipped").as_deref(), Some("true"));
    assert_eq!(pressed(&b, "doing").as_deref(), Some("false"));
    b.click(&status_button(&b, "skipped"));
    assert_eq!(pressed(&b, "skipped").as_deref(), Some("false"));
    assert_eq!(stored_progress(&b), json!({ "http": "done" }));
    assert_unmarked(&b, "#sidebar", "sql");

    assert_no_console_errors(&b);
    assert_eq!(server.failed_requests(), vec![], "no request failed");
}

/// Hovering or focusing a roadmap topic traces it: its prerequisites (transitively) and their
/// arrows hot, what it unlocks marked next, the rest faded; leaving it clears everything.
#[test]
fn roadmap_traces_prerequisites_and_unlocks_on_hover_and_focus() {
    let Some((b, server, _site)) = setup() else { return };
    b.goto(&server.url(""));
    let classes = |css: &str| b.attribute(&b.find(css), "class").unwrap_or_default();
    let node = |id: &str| format!(".roadmap-svg a.node[data-topic={id}]");
    // Keyboard focus: caching requires http and sql (see the fixture).
    let focus = |id: &str| {
        b.execute("document.querySelector(arguments[0]).focus();", &[json!(node(id))]);
        b.wait_for(
            "document.querySelector('.roadmap-svg').classList.contains('is-tracing')",
            WAIT,
        );
    };
    let has = |id: &str, class: &str| classes(&node(id)).split(' ').any(|c| c == class);
    focus("caching");
    assert!(has("caching", "is-hot") && has("http", "is-hot") && has("sql", "is-hot"));
    // From http: caching is what it unlocks; the arrow from sql is not part of the trace.
    focus("http");
    assert!(has("caching", "is-next"), "{}", classes(&node("caching")));
    assert!(!has("sql", "is-hot") && !has("caching", "is-hot"));
    let faded: Value = b.execute(
        "return [...document.querySelectorAll('.roadmap-svg .edge')].filter(e => !e.matches('.is-hot, .is-next')).map(e => getComputedStyle(e).opacity);",
        &[],
    );
    let faded = faded.as_array().cloned().unwrap_or_default();
    assert!(
        !faded.is_empty() && faded.iter().all(|o| o != "1"),
        "other arrows fade: {faded:?}"
    );
    b.execute("document.activeElement.blur();", &[]);
    b.wait_for(
        "!document.querySelector('.roadmap-svg .is-hot, .roadmap-svg .is-next, .roadmap-svg.is-tracing')",
        WAIT,
    );
    assert_no_console_errors(&b);
}

#[test]
fn progress_exports_resets_and_imports() {
    let Some((b, server, _site)) = setup() else {
        return;
    };
    b.goto(&server.url("topics/http/"));
    b.click(&status_button(&b, "done"));
    b.goto(&server.url("topics/caching/"));
    b.click(&status_button(&b, "doing"));
    let expected = json!({ "http": "done", "caching": "doing" });
    assert_eq!(stored_progress(&b), expected);

    // Export from the home page.
    b.goto(&server.url(""));
    let tools = b.find(".progress-tools");
    assert!(b.is_displayed(&tools), "the progress tools are visible with JS");
    let key = b
        .execute("return window.roadbook.progressKey;", &[])
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(key, "roadbook:https://example.org/sub/:progress");
    b.click(&b.find("button[data-progress=export]"));
    let file = b.wait_for_download("roadbook-progress.json", WAIT);
    let exported: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).expect("the export is JSON");
    assert_eq!(exported, json!({ "roadbook": 1, "site": key, "progress": expected }));

    // Reset asks first; a "no" keeps everything.
    b.execute(
        "window.__asked = []; window.confirm = (m) => { window.__asked.push(m); return false; };",
        &[],
    );
    b.click(&b.find("button[data-progress=reset]"));
    assert_eq!(
        b.execute("return window.__asked;", &[]),
        json!(["Clear all progress for this site?"])
    );
    assert_eq!(stored_progress(&b), expected);
    b.execute("window.confirm = () => true;", &[]);
    b.click(&b.find("button[data-progress=reset]"));
    assert_eq!(stored_progress(&b), json!({}));
    assert_unmarked(&b, ".stage-card-topics", "http");
    assert_eq!(
        b.text(&b.find(".stage-progress[data-stage=basics] .progress-count")),
        "0 / 2 done"
    );

    // Import the exported file.
    let input = b.find("input[type=file][data-progress=import]");
    b.send_keys(&input, file.to_str().unwrap());
    b.wait_for(
        "JSON.parse(localStorage.getItem(window.roadbook.progressKey) || '{}').http === 'done'",
        WAIT,
    );
    assert_eq!(stored_progress(&b), expected);
    assert_marked(&b, ".stage-card-topics", "http", "done", "Done");
    assert_marked(&b, ".stage-card-topics", "caching", "doing", "In progress");
    assert_eq!(
        b.text(&b.find(".stage-progress[data-stage=basics] .progress-count")),
        "1 / 2 done"
    );
    b.goto(&server.url("topics/caching/"));
    assert_eq!(pressed(&b, "doing").as_deref(), Some("true"));

    // A file that is not an export is refused with a message and changes nothing; unknown
    // statuses in an export are dropped.
    b.goto(&server.url(""));
    b.execute(
        "window.__alerts = []; window.alert = (m) => window.__alerts.push(m);",
        &[],
    );
    let bad = b.scratch_dir().join("not-progress.json");
    fs::write(&bad, "this is not JSON").unwrap();
    b.send_keys(&b.find("input[data-progress=import]"), bad.to_str().unwrap());
    b.wait_for("window.__alerts.length > 0", WAIT);
    assert_eq!(
        b.execute("return window.__alerts;", &[]),
        json!(["This file cannot be imported."])
    );
    assert_eq!(stored_progress(&b), expected);
    let odd = b.scratch_dir().join("odd.json");
    fs::write(
        &odd,
        json!({ "roadbook": 1, "progress": { "sql": "done", "http": "bogus" } }).to_string(),
    )
    .unwrap();
    b.send_keys(&b.find("input[data-progress=import]"), odd.to_str().unwrap());
    b.wait_for(
        "JSON.parse(localStorage.getItem(window.roadbook.progressKey) || '{}').sql === 'done'",
        WAIT,
    );
    assert_eq!(stored_progress(&b), json!({ "sql": "done" }));

    assert_no_console_errors(&b);
    assert_eq!(server.failed_requests(), vec![], "no request failed");
}

//! Search in a real browser: the header dropdown (typing a bare Korean stem, <mark>ed snippets,
//! keyboard navigation, Enter landing on the matched heading), the /search/ page as a deep link
//! with kind and stage filters, and lazy loading. The `search-recall` fixture is built with the
//! real binary and served under `/recall/`, its base path.
//!
//! Skipped (with a `SKIPPED:` line) when Chromium is not installed, except under `CI=true`.
//! `examples/search_latency.rs` measures query times in the browser on a built site.
//! With `ROADBOOK_SCREENSHOTS=DIR`, the dropdown test saves `DIR/search-dropdown.png`.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::browser::Browser;
use support::{StaticServer, TestSite};

const WAIT: Duration = Duration::from_secs(10);

const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

fn setup() -> Option<(Browser, StaticServer, TestSite)> {
    let browser = Browser::launch()?;
    let site = TestSite::fixture("search-recall");
    site.build_clean();
    let server = StaticServer::start(site.public(), "/recall/");
    Some((browser, server, site))
}

fn assert_clean(b: &Browser, server: &StaticServer) {
    assert_eq!(b.console_errors(), Vec::<String>::new(), "console errors");
    assert_eq!(server.failed_requests(), vec![], "no request failed");
}

/// Paths requested under `search/` (the index files), in order.
fn index_requests(server: &StaticServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.contains("/search/") && p.ends_with(".json"))
        .collect()
}

#[test]
fn header_search_finds_a_stem_and_enter_opens_the_matched_heading() {
    let Some((b, server, _site)) = setup() else {
        return;
    };
    b.goto(&server.url("topics/machines/"));
    // Nothing of search is loaded before the box is used.
    let loaded = b.execute("return !!document.querySelector('script[src$=\"search.js\"]');", &[]);
    assert_eq!(loaded, json!(false), "search.js loads lazily");
    assert!(index_requests(&server).is_empty());

    let input = b.find(".search-input");
    b.click(&input);
    // 트랜잭션 appears on the page only as 트랜잭션이, 트랜잭션을, 트랜잭션도.
    b.send_keys(&input, "트랜잭션");
    b.wait_for(
        "document.querySelectorAll('#search-listbox [role=option]').length > 0",
        WAIT,
    );
    assert_eq!(b.attribute(&input, "role").as_deref(), Some("combobox"));
    assert_eq!(b.attribute(&input, "aria-expanded").as_deref(), Some("true"));
    assert_eq!(b.attribute(&input, "aria-controls").as_deref(), Some("search-listbox"));

    let first: Value = b.execute(
        "const o = document.querySelector('#search-listbox [role=option]');
         return {
           href: o.getAttribute('href'),
           title: o.querySelector('.search-title').textContent,
           marks: [...o.querySelectorAll('mark')].map(m => m.textContent),
           snippet: o.querySelector('.search-snippet').textContent,
         };",
        &[],
    );
    let href = first["href"].as_str().unwrap();
    assert!(
        href.starts_with("/recall/topics/atomic-work/#"),
        "the first result deep-links into the page: {first}"
    );
    let marks: Vec<&str> = first["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        !marks.is_empty() && marks.iter().all(|m| *m == "트랜잭션"),
        "the stem is marked, not its particle: {first}"
    );
    assert!(first["snippet"].as_str().unwrap().contains("트랜잭션"));

    // ↓ selects the first result; Enter opens it at the matched heading.
    b.send_keys(&input, ARROW_DOWN);
    if let Ok(dir) = std::env::var("ROADBOOK_SCREENSHOTS") {
        b.screenshot_png(std::path::Path::new(&dir).join("search-dropdown.png"));
    }
    assert_eq!(
        b.attribute(&input, "aria-activedescendant").as_deref(),
        Some("search-option-0")
    );
    let selected = b.find("#search-option-0");
    assert_eq!(b.attribute(&selected, "aria-selected").as_deref(), Some("true"));
    b.send_keys(&input, ENTER);
    b.wait_for(
        "location.pathname === '/recall/topics/atomic-work/' && location.hash !== ''",
        WAIT,
    );
    let landed = b.execute(
        "const id = decodeURIComponent(location.hash.slice(1));
         const h = document.getElementById(id);
         return { id, tag: h && h.tagName, text: h && h.textContent };",
        &[],
    );
    assert_eq!(landed["tag"], json!("H2"), "{landed}");
    assert!(
        landed["text"].as_str().unwrap().contains("트랜잭션"),
        "landed on the heading about the stem: {landed}"
    );

    // Every index file came from under the base path.
    let requests = index_requests(&server);
    assert!(requests.iter().any(|p| p == "/recall/search/meta.json"), "{requests:?}");
    assert!(
        requests.iter().all(|p| p.starts_with("/recall/search/")),
        "{requests:?}"
    );
    assert_clean(&b, &server);
}

#[test]
fn dropdown_closes_with_escape_and_links_to_all_results() {
    let Some((b, server, _site)) = setup() else {
        return;
    };
    b.goto(&server.url(""));
    let input = b.find(".search-input");
    b.click(&input);
    b.send_keys(&input, "브로커");
    b.wait_for(
        "document.querySelectorAll('#search-listbox [role=option]').length > 1",
        WAIT,
    );
    let all = b.find(".search-note a");
    let href = b.attribute(&all, "href").unwrap();
    assert!(href.starts_with("/recall/search/?q="), "{href}");
    b.send_keys(&input, ESCAPE);
    b.wait_for(
        "document.querySelector('.search-dropdown').hidden && \
         document.querySelector('.search-input').getAttribute('aria-expanded') === 'false'",
        WAIT,
    );
    // Enter with no selection submits the form to the search page.
    b.send_keys(&input, ENTER);
    b.wait_for("location.pathname === '/recall/search/'", WAIT);
    b.wait_for("document.querySelectorAll('#search-results li').length > 1", WAIT);
    assert_clean(&b, &server);
}

#[test]
fn search_page_deep_link_and_filters() {
    let Some((b, server, _site)) = setup() else {
        return;
    };
    // 브로커 is on the async-work topic and in both posts.
    b.goto(&server.url("search/?q=%EB%B8%8C%EB%A1%9C%EC%BB%A4"));
    b.wait_for("document.querySelectorAll('#search-results li').length >= 3", WAIT);
    let page_input = b.find("#search-page-input");
    assert_eq!(
        b.property(&page_input, "value"),
        json!("브로커"),
        "the query comes from ?q="
    );
    let results = |b: &Browser| -> Value {
        b.execute(
            "return [...document.querySelectorAll('#search-results li a')].map(a => ({
               href: a.getAttribute('href'),
               meta: a.querySelector('.search-meta').textContent,
               marks: [...a.querySelectorAll('mark')].map(m => m.textContent),
             }));",
            &[],
        )
    };
    let all = results(&b);
    let hrefs: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["href"].as_str().unwrap())
        .collect();
    assert!(
        hrefs.iter().any(|h| h.starts_with("/recall/topics/async-work/")),
        "{all}"
    );
    assert!(hrefs.iter().any(|h| h.starts_with("/recall/blog/")), "{all}");
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|r| r["marks"].as_array().unwrap().iter().any(|m| m == "브로커")),
        "every snippet marks the stem: {all}"
    );
    let summary = b.text(&b.find("#search-summary"));
    assert!(summary.contains(&hrefs.len().to_string()), "{summary}");

    // Kind filter: posts only, and the address says so.
    b.click(&b.find("select[name=kind] option[value=post]"));
    b.wait_for(
        "location.search.includes('kind=post') && \
         [...document.querySelectorAll('#search-results .search-meta')].length > 0 && \
         [...document.querySelectorAll('#search-results li a')].every(a => a.getAttribute('href').startsWith('/recall/blog/'))",
        WAIT,
    );

    // A deep link with a stage filter: 토큰 is on the identity topic (stage web) and in a post
    // (no stage).
    b.goto(&server.url("search/?q=%ED%86%A0%ED%81%B0&stage=web"));
    b.wait_for("document.querySelectorAll('#search-results li').length > 0", WAIT);
    let filtered = results(&b);
    let only: Vec<&str> = filtered
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["href"].as_str().unwrap())
        .collect();
    assert_eq!(only.len(), 1, "{filtered}");
    assert!(only[0].starts_with("/recall/topics/identity/"), "{filtered}");
    let stage = b.find("select[name=stage]");
    assert_eq!(b.property(&stage, "value"), json!("web"));
    assert_clean(&b, &server);
}

//! The dev server's first seconds, over real HTTP: requests that arrive while the first build
//! runs wait for it and get the page (GET, HEAD and 404 alike); past the wait limit, or when the
//! first build fails, they get an HTML page with the live-reload script (and the error
//! overlay), from which the browser recovers by itself.
//!
//! A slow first build is made real, not simulated: the site's `config.toml` is a named pipe,
//! and the build blocks reading it until the test writes the config into it.
#![cfg(unix)]

mod support;

use std::time::{Duration, Instant};

use roadbook::serve::{Running, launch, spawn};
use scraper::Html;
use support::serve::{Events, HeldConfig, eventually, options};
use support::{HttpResponse, Page, TestSite, http_get, http_request};

fn page(r: &HttpResponse) -> Page {
    Page(Html::parse_document(&r.text()))
}

fn start(site: &TestSite, wait: Duration) -> Running {
    let mut opts = options(site.root(), "/");
    opts.first_build_wait = wait;
    launch(&opts).expect("server starts")
}

#[test]
fn requests_during_the_first_build_wait_for_it() {
    let site = TestSite::fixture("engine");
    let held = HeldConfig::hold(site.root());
    let running = start(&site, Duration::from_secs(30));
    let addr = running.addr;
    let early: Vec<_> = [
        ("GET", "/topics/caching/"),
        ("HEAD", "/topics/caching/"),
        ("GET", "/no/such/page/"),
    ]
    .into_iter()
    .map(|(method, path)| std::thread::spawn(move || http_request(addr, method, path)))
    .collect();
    // The server's own script does not wait for the site.
    let script = http_get(addr, "/__roadbook/livereload.js");
    assert_eq!(script.status, 200);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        early.iter().all(|t| !t.is_finished()),
        "a request was answered before the first build ended"
    );
    assert!(!running.wait_first_build(Duration::ZERO));
    held.release();

    let mut answers = early.into_iter().map(|t| t.join().unwrap());
    let (get, head, missing) = (
        answers.next().unwrap(),
        answers.next().unwrap(),
        answers.next().unwrap(),
    );
    assert_eq!(get.status, 200);
    assert_eq!(page(&get).text("h1"), "캐싱 전략");
    assert!(
        !page(&get)
            .attrs("script[src$='__roadbook/livereload.js']", "src")
            .is_empty()
    );
    let later = http_get(addr, "/topics/caching/");
    assert_eq!(later.body, get.body, "the early answer is the page itself");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), Some(get.body.len().to_string().as_str()));
    assert_eq!(missing.status, 404);
    assert_eq!(page(&missing).all(".page-404").len(), 1, "the theme's 404 page");
}

#[test]
fn past_the_wait_limit_the_waiting_page_reloads_itself_when_the_site_is_built() {
    let site = TestSite::fixture("engine");
    let held = HeldConfig::hold(site.root());
    let running = start(&site, Duration::from_millis(200));
    let started = Instant::now();
    let waiting = http_get(running.addr, "/topics/caching/");
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "it waited for the limit"
    );
    assert_eq!(waiting.status, 503);
    assert_eq!(waiting.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(waiting.header("cache-control"), Some("no-store"));
    let doc = page(&waiting);
    assert!(doc.text("#roadbook-pending h1").contains("building"));
    assert!(doc.all("#roadbook-overlay").is_empty(), "no errors yet");
    assert_eq!(
        doc.attrs("script[data-pending]", "src"),
        ["/__roadbook/livereload.js"],
        "the waiting page carries the live-reload script, marked to reload on any build"
    );
    let head = http_request(running.addr, "HEAD", "/no/such/");
    assert_eq!(head.status, 503);
    assert!(head.body.is_empty());

    // The page's event stream says no build is ready; the first build's end is announced.
    let mut events = Events::open(running.addr, "/__roadbook/events");
    let hello = events.next("hello");
    assert!(hello.contains("\"ready\":false"), "{hello}");
    held.release();
    let reload = events.next("reload");
    assert!(reload.contains("/topics/caching/"), "{reload}");
    assert_eq!(http_get(running.addr, "/topics/caching/").status, 200);
    let hello = Events::open(running.addr, "/__roadbook/events").next("hello");
    assert!(hello.contains("\"ready\":true"), "{hello}");
}

#[test]
fn a_failed_first_build_shows_the_overlay_and_recovers_after_a_fix() {
    let site = TestSite::fixture("engine");
    let path = site.root().join("content/topics/caching.md");
    let good = std::fs::read_to_string(&path).unwrap();
    site.write(
        "content/topics/caching.md",
        &good.replacen("title = ", "titel = \"x\"\ntitle = ", 1),
    );
    let started = Instant::now();
    let running = spawn(&options(site.root(), "/")).unwrap();
    let failed = http_get(running.addr, "/topics/caching/");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "a failed build does not make requests wait for the limit"
    );
    assert_eq!(failed.status, 503);
    let doc = page(&failed);
    assert!(doc.text("#roadbook-pending h1").contains("errors"));
    let first = doc.text("#roadbook-overlay pre.roadbook-error");
    assert!(first.contains("unknown key `titel`"), "{first}");
    assert!(first.contains("content/topics/caching.md:2:1"), "{first}");
    assert_eq!(doc.attrs("script[data-pending]", "src").len(), 1);

    let mut events = Events::open(running.addr, "/__roadbook/events");
    let hello = events.next("hello");
    assert!(
        hello.contains("\"ready\":false") && hello.contains("unknown key `titel`"),
        "{hello}"
    );
    site.write("content/topics/caching.md", &good);
    events.next("reload");
    let fixed = eventually(&running, "/topics/caching/", "the fixed site", |r| r.status == 200);
    assert_eq!(page(&fixed).text("h1"), "캐싱 전략");
}

#[test]
fn the_command_line_server_makes_early_requests_wait_too() {
    let site = TestSite::fixture("engine");
    let held = HeldConfig::hold(site.root());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "the server never listened");
        std::thread::sleep(Duration::from_millis(20));
    }
    let early = std::thread::spawn(move || http_get(addr, "/topics/caching/"));
    std::thread::sleep(Duration::from_millis(200));
    assert!(!early.is_finished(), "answered before the first build ended");
    held.release();
    let page_answer = early.join().unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(page_answer.status, 200);
    assert_eq!(page(&page_answer).text("h1"), "캐싱 전략");
}

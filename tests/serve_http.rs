//! The dev server over real HTTP on 127.0.0.1: types, HEAD, conditional requests, redirects,
//! the 404 page, path safety, base paths, ports, live-reload events, and rebuilds after every
//! kind of file change an editor makes.

mod support;

use std::path::Path;

use roadbook::serve::{Running, ServeOptions, spawn};
use support::TestSite;
use support::serve::{Events, eventually, options};
use support::{HttpResponse, http_get, http_raw, http_request};

fn serve(site: &TestSite, base_path: &str) -> Running {
    spawn(&options(site.root(), base_path)).expect("server starts")
}

fn get(running: &Running, path: &str) -> HttpResponse {
    http_get(running.addr, path)
}

#[test]
fn http_semantics() {
    let site = TestSite::fixture("engine");
    let running = serve(&site, "/");

    let home = get(&running, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(
        home.text().contains("__roadbook/livereload.js"),
        "served HTML carries the live-reload script"
    );
    for (path, ty) in [
        ("/css/style.css", "text/css; charset=utf-8"),
        ("/js/site.js", "text/javascript; charset=utf-8"),
        ("/blog/bundle-post/diagram.svg", "image/svg+xml"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/graph.json", "application/json"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__roadbook/livereload.js", "text/javascript; charset=utf-8"),
    ] {
        let r = get(&running, path);
        assert_eq!((r.status, r.header("content-type")), (200, Some(ty)), "{path}");
    }
    let css = get(&running, "/css/style.css");
    assert!(!css.text().contains("livereload"), "only HTML gets the script");

    // Korean slugs, percent-encoded.
    assert_eq!(
        get(&running, "/blog/%EC%BA%90%EC%8B%B1-%EC%9E%85%EB%AC%B8/").status,
        200
    );

    // HEAD: the same headers, no body.
    let head = http_request(running.addr, "HEAD", "/topics/caching/");
    let full = get(&running, "/topics/caching/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(full.body.len().to_string().as_str())
    );
    assert_eq!(head.header("etag"), full.header("etag"));

    // Conditional GET.
    let etag = full.header("etag").unwrap().to_string();
    let again = http_raw(
        running.addr,
        &format!("GET /topics/caching/ HTTP/1.1\r\nIf-None-Match: {etag}"),
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    // Directories without a slash redirect; missing pages get the 404 page.
    let redirect = get(&running, "/topics/caching?x=1");
    assert_eq!(
        (redirect.status, redirect.header("location")),
        (301, Some("/topics/caching/?x=1"))
    );
    let missing = get(&running, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("class=\"page page-404\""),
        "the theme's 404 page is served"
    );
    assert_eq!(http_request(running.addr, "POST", "/").status, 405);

    // Nothing outside the site, however the path is written.
    let secret = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    for path in [
        "/../config.toml",
        "/%2e%2e/config.toml",
        "/%2E%2E%2Fconfig.toml",
        "/topics/..%2f..%2fconfig.toml",
        "/%252e%252e/config.toml",
        "/..\\config.toml",
        "/%5c..%5cconfig.toml",
        "/config.toml%00.html",
        "/config.toml",
        "/content/topics/caching.md",
        "//etc/passwd",
    ] {
        let r = get(&running, path);
        assert_ne!(r.status, 200, "{path} answered 200");
        assert!(!r.text().contains(&secret), "{path} leaked config.toml");
        assert!(!r.text().contains("+++"), "{path} leaked a source file");
    }

    // The build command's output never carries the script.
    site.build_ok();
    assert!(!site.read("index.html").contains("__roadbook"));
}

#[test]
fn concurrent_requests_while_an_event_stream_is_open() {
    let site = TestSite::fixture("engine");
    let running = serve(&site, "/");
    let mut events = Events::open(running.addr, "/__roadbook/events");
    let hello = events.next("hello");
    assert!(hello.contains("\"build\""), "{hello}");
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let addr = running.addr;
            std::thread::spawn(move || {
                (0..15)
                    .map(|_| http_get(addr, "/topics/caching/").status)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap().iter().all(|&s| s == 200));
    }
    assert_eq!(running.clients(), 1);
}

#[test]
fn base_path_mounts_the_site_like_github_pages() {
    let site = TestSite::fixture("engine");
    let running = serve(&site, "/handbook/");
    assert!(running.url.ends_with("/handbook/"));
    let page = get(&running, "/handbook/topics/caching/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("href=\"/handbook/css/style.css\""));
    assert!(page.text().contains("src=\"/handbook/__roadbook/livereload.js\""));
    let root = get(&running, "/");
    assert_eq!((root.status, root.header("location")), (301, Some("/handbook/")));
    assert_eq!(get(&running, "/topics/caching/").status, 404);
}

#[test]
fn a_korean_base_path_redirects_with_an_ascii_location() {
    let site = TestSite::fixture("engine");
    let running = serve(&site, "/핸드북/");
    let root = get(&running, "/");
    let encoded = "/%ED%95%B8%EB%93%9C%EB%B6%81/";
    assert_eq!((root.status, root.header("location")), (301, Some(encoded)));
    assert_eq!(get(&running, &format!("{encoded}topics/caching/")).status, 200);
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = TestSite::fixture("engine");
    let opts = ServeOptions {
        root: site.root().to_path_buf(),
        interface: "127.0.0.1".parse().unwrap(),
        port,
        port_attempts: 20,
        base_path: "/".into(),
        drafts: false,
        open: false,
        color: false,
        first_build_wait: roadbook::serve::FIRST_BUILD_WAIT,
    };
    let running = spawn(&opts).unwrap();
    assert_ne!(running.addr.port(), port);
    assert_eq!(get(&running, "/").status, 200);
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn edits_creations_renames_and_deletions_are_served() {
    let site = TestSite::fixture("engine");
    let root = site.root().canonicalize().unwrap();
    let running = serve(&site, "/");
    let mut events = Events::open(running.addr, "/__roadbook/events");
    events.next("hello");

    // An in-place edit.
    let caching = std::fs::read_to_string(root.join("content/topics/caching.md")).unwrap();
    write(
        &root,
        "content/topics/caching.md",
        &caching.replace("~~old~~", "~~old~~ 첫 번째 수정"),
    );
    let reload = events.next("reload");
    assert!(reload.contains("/topics/caching/"), "{reload}");
    eventually(&running, "/topics/caching/", "the edit", |r| {
        r.text().contains("첫 번째 수정")
    });

    // A vim-style save: write a swap file, move the original to a backup, rename the new file in.
    let text = caching.replace("~~old~~", "~~old~~ vim 저장");
    write(&root, "content/topics/.caching.md.swp", &text);
    std::fs::rename(
        root.join("content/topics/caching.md"),
        root.join("content/topics/caching.md~"),
    )
    .unwrap();
    std::fs::rename(
        root.join("content/topics/.caching.md.swp"),
        root.join("content/topics/caching.md"),
    )
    .unwrap();
    std::fs::remove_file(root.join("content/topics/caching.md~")).unwrap();
    eventually(&running, "/topics/caching/", "the vim save", |r| {
        r.text().contains("vim 저장")
    });

    // A burst of saves ends with the last one served.
    for n in 0..20 {
        write(
            &root,
            "content/topics/caching.md",
            &caching.replace("~~old~~", &format!("~~old~~ 연속 저장 {n}번")),
        );
    }
    eventually(&running, "/topics/caching/", "the last of a burst", |r| {
        r.text().contains("연속 저장 19번")
    });

    // A new file in a new folder (a post bundle).
    write(
        &root,
        "content/blog/new-bundle/index.md",
        "+++\ntitle = \"새 번들\"\ndate = 2026-11-26\n+++\n번들 본문\n",
    );
    eventually(&running, "/blog/new-bundle/", "the new bundle", |r| {
        r.status == 200 && r.text().contains("번들 본문")
    });
    eventually(&running, "/blog/", "the new post in the list", |r| {
        r.text().contains("새 번들")
    });

    // A rename: the old URL goes, the new one comes.
    std::fs::rename(root.join("content/blog/older.md"), root.join("content/blog/renamed.md")).unwrap();
    eventually(&running, "/blog/renamed/", "the renamed post", |r| r.status == 200);
    eventually(&running, "/blog/older/", "the old URL to go", |r| r.status == 404);

    // A deletion (of a page nothing links to; deleting a linked page is a broken link).
    write(
        &root,
        "content/pages/extra.md",
        "+++\ntitle = \"Extra\"\n+++\n곧 지울 페이지\n",
    );
    eventually(&running, "/extra/", "the extra page", |r| r.status == 200);
    std::fs::remove_file(root.join("content/pages/extra.md")).unwrap();
    eventually(&running, "/extra/", "the deleted page to go", |r| r.status == 404);

    // A broken front matter keeps the last good page and reports the error to browsers; the
    // fix clears it.
    let served = get(&running, "/topics/caching/").text();
    // A fresh stream: the burst above may have raced a half-written file (an editor that
    // writes in place can be read mid-write; the next save event repairs it).
    let mut events = Events::open(running.addr, "/__roadbook/events");
    assert!(events.next("hello").contains("\"errors\":[]"));
    write(
        &root,
        "content/topics/caching.md",
        "+++\ntitle = \"깨진\nstage = \"advanced\"\n+++\n",
    );
    let errors = events.next("errors");
    assert!(errors.contains("content/topics/caching.md:2:"), "{errors}");
    assert_eq!(
        get(&running, "/topics/caching/").text(),
        served,
        "the last good page is still served"
    );
    write(&root, "content/topics/caching.md", &caching);
    let reload = events.next("reload");
    assert!(reload.contains("/topics/caching/"), "{reload}");
    eventually(&running, "/topics/caching/", "the fixed page", |r| {
        !r.text().contains("연속 저장")
    });

    // A stylesheet change swaps stylesheets without a reload.
    write(&root, "static/extra.css", "body { outline: 1px solid red }\n");
    events.next("css");
}

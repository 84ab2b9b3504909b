//! The test support's static file server behaves like GitHub Pages for a project site.

mod support;

use std::fs;

use support::{StaticServer, http_get, http_request};

/// A temporary folder holding `site/` (served) and `secret.txt` beside it (never served).
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let root = root.as_path();
    fs::create_dir_all(root.join("topics/캐시")).unwrap();
    fs::create_dir_all(root.join("css")).unwrap();
    fs::write(root.join("index.html"), "<p>home</p>").unwrap();
    fs::write(root.join("404.html"), "<p>missing</p>").unwrap();
    fs::write(root.join("topics/캐시/index.html"), "<p>캐시</p>").unwrap();
    fs::write(root.join("css/style.css"), "body{}").unwrap();
    fs::write(root.join("graph.json"), "{}").unwrap();
    fs::write(root.join("atom.xml"), "<feed/>").unwrap();
    fs::write(root.join("map.svg"), "<svg/>").unwrap();
    fs::write(root.join("a.png"), [0x89, b'P', b'N', b'G']).unwrap();
    fs::write(root.join("site.js"), "1").unwrap();
    fs::write(dir.path().join("secret.txt"), "no").unwrap();
    let root = root.to_path_buf();
    (dir, root)
}

#[test]
fn serves_under_the_base_path_like_github_pages() {
    let (_dir, root) = site();
    let server = StaticServer::start(&root, "sub");
    assert_eq!(server.base_path(), "/sub/");
    assert!(server.url("topics/").ends_with("/sub/topics/"));
    let addr = server.addr();

    let home = http_get(addr, "/sub/");
    assert_eq!(home.status, 200);
    assert_eq!(home.text(), "<p>home</p>");
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );

    // Folders without a slash redirect; Unicode paths arrive percent-encoded.
    let redirect = http_get(addr, "/sub");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/sub/"));
    let encoded = "/sub/topics/%EC%BA%90%EC%8B%9C";
    let redirect = http_get(addr, encoded);
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("location"),
        Some(format!("{encoded}/").as_str())
    );
    let page = http_get(addr, &format!("{encoded}/?q=1"));
    assert_eq!(page.status, 200);
    assert_eq!(page.text(), "<p>캐시</p>");

    for (path, ty) in [
        ("/sub/css/style.css", "text/css; charset=utf-8"),
        ("/sub/graph.json", "application/json; charset=utf-8"),
        ("/sub/atom.xml", "application/xml; charset=utf-8"),
        ("/sub/map.svg", "image/svg+xml; charset=utf-8"),
        ("/sub/a.png", "image/png"),
        ("/sub/site.js", "text/javascript; charset=utf-8"),
    ] {
        let r = http_get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ty), "{path}");
    }

    // Missing files, paths outside the base and escapes get the site's 404 page.
    for path in [
        "/sub/nope/",
        "/index.html",
        "/other/",
        "/sub/../secret.txt",
        "/sub/%2e%2e/secret.txt",
    ] {
        let r = http_get(addr, path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.text(), "<p>missing</p>", "{path}");
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
    }

    let head = http_request(addr, "HEAD", "/sub/css/style.css");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("6"));
    assert!(head.body.is_empty());
    assert_eq!(http_request(addr, "POST", "/sub/").status, 405);

    let log = server.requests();
    assert_eq!(log[0].path, "/sub/");
    assert!(
        server
            .failed_requests()
            .iter()
            .any(|r| r.path == "/sub/nope/" && r.status == 404)
    );
}

#[test]
fn serves_at_the_root_and_stops_on_drop() {
    let (_dir, root) = site();
    let server = StaticServer::start(&root, "/");
    let addr = server.addr();
    assert_eq!(http_get(addr, "/").status, 200);
    assert_eq!(http_get(addr, "/css/style.css").status, 200);
    drop(server);
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "server stopped"
    );
}

//! `roadbook check --external` against a local HTTP server on 127.0.0.1 that answers 200,
//! 404, 429, a redirect chain, a redirect loop, a `HEAD`-refusing page and a slow page.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::TestSite;

/// One request the link server saw.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    user_agent: String,
}

/// A tiny HTTP/1.1 server on a random port of 127.0.0.1 with fixed answers per path; one
/// thread per connection, every connection closed after one response. It runs until the
/// test process ends.
struct LinkServer {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl LinkServer {
    fn start() -> LinkServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || answer(stream, &log));
            }
        });
        LinkServer { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn answer(stream: TcpStream, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut user_agent = String::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("user-agent")
        {
            user_agent = value.trim().to_string();
        }
    }
    log.lock().unwrap().push(Seen {
        method: method.clone(),
        path: path.clone(),
        user_agent,
    });
    let (status, location) = match (method.as_str(), path.as_str()) {
        (_, "/ok") => ("200 OK", None),
        (_, "/missing") => ("404 Not Found", None),
        (_, "/gone") => ("410 Gone", None),
        (_, "/busy") => ("429 Too Many Requests", None),
        (_, "/redirect/1") => ("301 Moved Permanently", Some("/redirect/2")),
        (_, "/redirect/2") => ("302 Found", Some("/ok")),
        (_, "/loop") => ("302 Found", Some("/loop")),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", None),
        ("GET", "/no-head") => ("200 OK", None),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", None)
        }
        _ => ("404 Not Found", None),
    };
    let mut response = format!("HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n");
    if let Some(location) = location {
        response.push_str(&format!("Location: {location}\r\n"));
    }
    response.push_str("\r\n");
    if method != "HEAD" {
        response.push_str("ok");
    }
    let mut out = &stream;
    let _ = out.write_all(response.as_bytes());
    let _ = out.flush();
}

/// A site whose topic links to the server's pages from its body and its resources, and
/// whose book links to one more.
fn site_linking_to(server: &LinkServer, paths: &[&str]) -> TestSite {
    let site = TestSite::new();
    site.write("content/stages/s.md", "+++\ntitle = \"S\"\norder = 1\n+++\nStage.\n");
    let mut topic = String::from("+++\ntitle = \"T\"\nstage = \"s\"\n");
    let (first, rest) = paths.split_first().unwrap();
    topic.push_str(&format!(
        "\n[[resources]]\ntitle = \"First\"\nurl = \"{}\"\nkind = \"docs\"\n",
        server.url(first)
    ));
    topic.push_str("+++\n\nLinks:\n\n");
    for path in rest {
        topic.push_str(&format!("- [{path}]({})\n", server.url(path)));
    }
    // The same URL twice (once with a fragment): one request, two places.
    topic.push_str(&format!("\n![again]({}#top)\n", server.url(first)));
    site.write("content/topics/t.md", &topic);
    site
}

fn check_external(site: &TestSite, timeout_ms: &str) -> support::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["check", "--external", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .env("ROADBOOK_LINK_TIMEOUT_MS", timeout_ms)
        .output()
        .unwrap();
    support::Run::from(out)
}

/// The summary row of `url` in the table: `result status url where`.
fn row<'a>(stdout: &'a str, url: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.split_whitespace().nth(2) == Some(url))
        .unwrap_or_else(|| panic!("no row for {url} in:\n{stdout}"))
}

#[test]
fn external_links_are_classified_and_broken_ones_fail_the_check() {
    let server = LinkServer::start();
    let site = site_linking_to(
        &server,
        &[
            "/ok",
            "/missing",
            "/gone",
            "/busy",
            "/redirect/1",
            "/loop",
            "/no-head",
            "/slow",
        ],
    );
    let run = check_external(&site, "1000");
    assert!(
        !run.success,
        "broken links must fail the check:\n{}{}",
        run.stdout, run.stderr
    );
    let (out, err) = (&run.stdout, &run.stderr);

    // Errors and warnings point at the link's file:line:col.
    assert!(
        err.contains(&format!(
            "error: broken link {} (404 Not Found)",
            server.url("/missing")
        )),
        "{err}"
    );
    assert!(err.contains("content/topics/t.md:13:3"), "{err}");
    assert!(
        err.contains(&format!("broken link {} (410 Gone)", server.url("/gone"))),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "warning: could not verify link {} (429 Too Many Requests",
            server.url("/busy")
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("broken link {} (timed out after 1 s)", server.url("/slow"))),
        "{err}"
    );
    assert!(
        err.contains(&format!("broken link {} (more than 5 redirects)", server.url("/loop"))),
        "{err}"
    );

    // The summary table: counts, then a row per URL that is not simply ok.
    assert!(
        out.contains("external links: 8 URLs in 9 places, 0 from the cache"),
        "{out}"
    );
    for (result, count) in [
        ("ok", 2),
        ("redirected", 1),
        ("warning", 1),
        ("broken", 4),
        ("total", 8),
    ] {
        assert!(
            out.lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>() == [result, &count.to_string()]),
            "no `{result} {count}` line in:\n{out}"
        );
    }
    assert!(
        row(out, &server.url("/missing")).starts_with("  broken     404"),
        "{out}"
    );
    assert!(row(out, &server.url("/busy")).starts_with("  warning    429"), "{out}");
    assert!(
        row(out, &server.url("/redirect/1")).starts_with("  redirected 200"),
        "{out}"
    );
    assert!(row(out, &server.url("/slow")).starts_with("  broken     -"), "{out}");
    assert!(out.contains(&format!("redirects to {}", server.url("/ok"))), "{out}");
    assert!(
        !out.lines().any(|l| l.contains(&server.url("/no-head"))),
        "ok rows are not listed:\n{out}"
    );

    // HEAD first, GET only where HEAD is refused; a browser-like User-Agent; each URL once.
    let seen = server.seen();
    let methods = |path: &str| -> Vec<String> {
        seen.iter()
            .filter(|s| s.path == path)
            .map(|s| s.method.clone())
            .collect()
    };
    assert_eq!(
        methods("/ok").len(),
        2,
        "/ok directly and at the end of the redirect chain"
    );
    assert_eq!(methods("/missing"), ["HEAD"]);
    assert_eq!(methods("/no-head"), ["HEAD", "GET"]);
    assert!(seen.iter().all(|s| s.user_agent.starts_with("Mozilla/5.0")), "{seen:?}");
}

#[test]
fn answers_are_cached_for_a_day_except_passing_failures() {
    let server = LinkServer::start();
    let site = site_linking_to(&server, &["/ok", "/missing", "/busy", "/redirect/1", "/slow"]);
    let first = check_external(&site, "500");
    assert!(!first.success);
    let cache = site.root().join(".roadbook-cache/links.json");
    assert!(cache.is_file(), "links.json written");
    let requests_before = server.seen().len();

    let second = check_external(&site, "500");
    assert!(!second.success, "a cached 404 is still broken:\n{}", second.stdout);
    let new: Vec<String> = server.seen()[requests_before..]
        .iter()
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    // Only the timeout is asked again: it may have been a passing problem.
    assert_eq!(new, ["HEAD /slow"], "second run requests");
    assert!(
        second
            .stdout
            .contains("external links: 5 URLs in 6 places, 4 from the cache, 1 request"),
        "{}",
        second.stdout
    );
    assert!(
        second.stderr.contains("remembered from an earlier check today"),
        "{}",
        second.stderr
    );

    // Without broken links the check passes, warnings and all.
    let server_ok = LinkServer::start();
    let fine = site_linking_to(&server_ok, &["/ok", "/busy", "/redirect/1"]);
    let run = check_external(&fine, "2000");
    assert!(run.success, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("warning: could not verify link"), "{}", run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}

//! Helpers shared by the integration tests (`mod support;` in a test file).
//!
//! - [`TestSite`] is a site in a temporary folder (empty or a copy of `tests/fixtures/<name>`),
//!   built with the real `roadbook` binary, its output parsed as HTML ([`Page`]).
//! - [`StaticServer`] serves a built folder on 127.0.0.1 under a base path, the way GitHub
//!   Pages serves a project site, so the output can be tested in a browser independently of
//!   `roadbook serve`.
//! - [`browser`] drives headless Chromium over WebDriver.
//! - [`tools`] finds the external programs some tests need, with one skip rule for all.
//! - [`layout`] reads a roadmap SVG back and measures it; [`synthetic`] writes a roadmap.sh-shaped
//!   150-topic site (both also used by `examples/roadmap_metrics.rs`).
//!
//! Every test binary compiles this whole module but uses only part of it.
#![allow(dead_code)]

pub mod blog;
pub mod browser;
pub mod import;
pub mod layout;
pub mod serve;
mod site;
pub mod synthetic;
pub mod tools;

#[allow(unused_imports)] // each test binary uses some of them
pub use site::{Page, Run, TestSite};

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Builds this repository's handbook (its `content/`) with the real binary into `output`
/// (emptied first), with `extra` arguments; the run's output, for the caller to judge.
#[allow(dead_code)] // not every test binary builds the handbook
pub fn build_handbook(output: &Path, extra: &[&str]) -> std::process::Output {
    if output.exists() {
        fs::remove_dir_all(output).expect("clear the previous handbook output");
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args: Vec<&std::ffi::OsStr> = vec!["build".as_ref(), "--root".as_ref(), repo.as_os_str()];
    args.extend(["--output".as_ref(), output.as_os_str()]);
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run_roadbook(args)
}

/// `tests/fixtures/<name>` in this repository.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copies a folder recursively (files and folders only; fixtures hold no links).
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Runs the real `roadbook` binary with `args` and plain (uncolored) output.
pub fn run_roadbook<I, S>(args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    // `option_env!`: examples reuse this module, and only tests get the binary path.
    Command::new(option_env!("CARGO_BIN_EXE_roadbook").unwrap_or("target/release/roadbook"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("cannot run the roadbook binary")
}

// ---------------------------------------------------------------------------------------------
// Static file server
// ---------------------------------------------------------------------------------------------

/// One request the server answered: method, decoded path and status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Served {
    pub method: String,
    pub path: String,
    pub status: u16,
}

/// A tiny HTTP/1.1 static file server on 127.0.0.1 (random port), one thread per connection,
/// that serves `root` under `base_path` like GitHub Pages serves a project site: a folder
/// answers with its `index.html` (and `/dir` redirects to `/dir/`), anything missing or
/// outside the base path answers with `<root>/404.html` and status 404. Answers GET and HEAD,
/// closes every connection after one response and stops when dropped.
pub struct StaticServer {
    addr: SocketAddr,
    base_path: String,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<Served>>>,
    accept: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Starts serving `root` under `base_path` (`"/"` or `"/sub/"`; slashes are added).
    pub fn start(root: impl Into<PathBuf>, base_path: &str) -> StaticServer {
        let root: PathBuf = root.into();
        assert!(root.is_dir(), "StaticServer: {} is not a folder", root.display());
        let trimmed = base_path.trim_matches('/');
        let base_path = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        let listener = TcpListener::bind("127.0.0.1:0").expect("StaticServer: cannot bind");
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let site = Arc::new(Site {
            root,
            base_path: base_path.clone(),
            log: log.clone(),
        });
        let stop_flag = stop.clone();
        let accept = thread::Builder::new()
            .name("static-server".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if stop_flag.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = conn else { continue };
                    let site = site.clone();
                    let _ = thread::Builder::new()
                        .name("static-conn".into())
                        .spawn(move || site.handle(stream));
                }
            })
            .expect("StaticServer: cannot spawn");
        StaticServer {
            addr,
            base_path,
            stop,
            log,
            accept: Some(accept),
        }
    }

    /// `127.0.0.1:<port>`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base path, normalized to start and end with `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `http://127.0.0.1:<port>` with no path.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The absolute URL of `path` relative to the base path: `url("topics/x/")` is
    /// `http://127.0.0.1:<port>/sub/topics/x/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.origin(), self.base_path, path.trim_start_matches('/'))
    }

    /// Every request answered so far, in order.
    pub fn requests(&self) -> Vec<Served> {
        self.log.lock().unwrap().clone()
    }

    /// The requests answered with a status of 400 or more, except a browser's own request for
    /// `/favicon.ico` at the origin's root (outside the base path, and made by browsers even
    /// when no page links it).
    pub fn failed_requests(&self) -> Vec<Served> {
        self.requests()
            .into_iter()
            .filter(|r| r.status >= 400 && !(r.path == "/favicon.ico" && self.base_path != "/"))
            .collect()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(handle) = self.accept.take() {
            let _ = handle.join();
        }
    }
}

struct Site {
    root: PathBuf,
    base_path: String,
    log: Arc<Mutex<Vec<Served>>>,
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Site {
    fn handle(&self, stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
        let mut reader = BufReader::new(&stream);
        let Some((method, target, headers)) = read_request_head(&mut reader) else {
            return;
        };
        // A request body (none expected) is read and ignored.
        if let Some(len) = headers.get("content-length").and_then(|v| v.parse::<u64>().ok()) {
            let _ = io::copy(&mut (&mut reader).take(len), &mut io::sink());
        }
        let path = target.split(['?', '#']).next().unwrap_or("").to_string();
        let path = percent_decode(&path);
        let response = match method.as_str() {
            "GET" | "HEAD" => self.respond(&path),
            _ => Response {
                status: 405,
                headers: vec![
                    ("Allow", "GET, HEAD".into()),
                    ("Content-Type", "text/plain; charset=utf-8".into()),
                ],
                body: b"method not allowed\n".to_vec(),
            },
        };
        self.log.lock().unwrap().push(Served {
            method: method.clone(),
            path,
            status: response.status,
        });
        let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
        for (name, value) in &response.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
            response.body.len()
        ));
        let mut out = &stream;
        let _ = out.write_all(head.as_bytes());
        if method != "HEAD" {
            let _ = out.write_all(&response.body);
        }
        let _ = out.flush();
        let _ = stream.shutdown(Shutdown::Write);
    }

    fn respond(&self, path: &str) -> Response {
        match self.resolve(path) {
            Resolved::File(file) => match fs::read(&file) {
                Ok(body) => Response {
                    status: 200,
                    headers: vec![("Content-Type", content_type(&file).into())],
                    body,
                },
                Err(_) => self.not_found(),
            },
            Resolved::Redirect(location) => Response {
                status: 301,
                headers: vec![
                    ("Location", location),
                    ("Content-Type", "text/plain; charset=utf-8".into()),
                ],
                body: b"moved\n".to_vec(),
            },
            Resolved::Missing => self.not_found(),
        }
    }

    fn resolve(&self, path: &str) -> Resolved {
        // `/sub` (the base path without its slash) is a folder: redirect like for any folder.
        let rest = if path == self.base_path.trim_end_matches('/') && !path.is_empty() {
            ""
        } else if let Some(rest) = path.strip_prefix(&self.base_path) {
            rest
        } else {
            return Resolved::Missing;
        };
        let mut file = self.root.clone();
        for part in Path::new(rest).components() {
            match part {
                Component::Normal(p) => file.push(p),
                Component::CurDir => {}
                // `..`, a root or a prefix: never leave the served folder.
                _ => return Resolved::Missing,
            }
        }
        if file.is_dir() {
            if !path.ends_with('/') {
                return Resolved::Redirect(format!("{}/", percent_encode_path(path)));
            }
            file.push("index.html");
        }
        if file.is_file() {
            Resolved::File(file)
        } else {
            Resolved::Missing
        }
    }

    fn not_found(&self) -> Response {
        let page = self.root.join("404.html");
        match fs::read(&page) {
            Ok(body) => Response {
                status: 404,
                headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
                body,
            },
            Err(_) => Response {
                status: 404,
                headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
                body: b"not found\n".to_vec(),
            },
        }
    }
}

enum Resolved {
    File(PathBuf),
    Redirect(String),
    Missing,
}

/// Reads the request line and headers (names lowercased). `None` on a closed, idle or
/// malformed connection.
fn read_request_head(reader: &mut impl BufRead) -> Option<(String, String, HashMap<String, String>)> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = HashMap::new();
    let mut total = line.len();
    loop {
        let mut header = String::new();
        let n = reader.read_line(&mut header).ok()?;
        total += n;
        if n == 0 || total > 64 * 1024 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    Some((method, target, headers))
}

/// The `Content-Type` for a file, by extension; text types say UTF-8.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    }
}

/// Decodes `%XX` escapes (as UTF-8); invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes what a path may not carry raw (non-ASCII, spaces, controls).
fn percent_encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A plain HTTP GET, for tests of the server and of built output without a browser.
// ---------------------------------------------------------------------------------------------

/// A response read by [`http_get`].
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names lowercased.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `method path` to `addr` with HTTP/1.1 and `Connection: close` and reads the answer
/// (to the end of the connection). `path` is sent as given, so it must be percent-encoded.
pub fn http_request(addr: SocketAddr, method: &str, path: &str) -> HttpResponse {
    http_raw(addr, &format!("{method} {path} HTTP/1.1"))
}

/// `GET path` on `addr`; see [`http_request`].
pub fn http_get(addr: SocketAddr, path: &str) -> HttpResponse {
    http_request(addr, "GET", path)
}

/// Sends a raw request head (everything before the blank line, without it) to `addr` and reads
/// the answer to the end of the connection.
pub fn http_raw(addr: SocketAddr, head: &str) -> HttpResponse {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "{head}\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response without a header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("bad status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    HttpResponse { status, headers, body }
}

//! A minimal WebDriver client for browser tests: headless Chromium driven by chromedriver
//! over the W3C WebDriver protocol (HTTP + JSON), with a hand-written HTTP/1.1 client on
//! `std::net::TcpStream`.
//!
//! ```ignore
//! let Some(browser) = Browser::launch() else { return }; // skipped: no Chromium
//! browser.goto(&server.url("topics/http/"));
//! browser.click(&browser.find(".status button[data-status=done]"));
//! browser.wait_for("document.querySelector('[aria-pressed=true]')", Duration::from_secs(5));
//! ```
//!
//! Skip rule: [`Browser::launch`] returns `None` and prints a `SKIPPED:` line when Chromium
//! or chromedriver is missing, unless `CI=true`, where a missing browser is a failure.
//! Every page a test opens must be on 127.0.0.1 ([`Browser::goto`] checks), and Chromium's
//! resolver is told to resolve no other host name.

use std::env;
use std::fmt;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Where Debian's `chromium` package installs the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Where Debian's `chromium-driver` package installs chromedriver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The W3C web element identifier key.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How often [`Browser::wait_for`] polls.
const POLL: Duration = Duration::from_millis(50);

/// A reference to an element of the current page (the WebDriver element id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element(pub String);

impl Element {
    /// The element as a script argument for [`Browser::execute`] (`arguments[i]` in JS).
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }

    fn from_json(v: &Value) -> Option<Element> {
        v.get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .map(|id| Element(id.to_string()))
    }
}

/// An error answer from chromedriver, or a failure to talk to it.
#[derive(Debug)]
pub struct WebDriverError {
    /// HTTP status (0 when the request never got an answer).
    pub status: u16,
    /// The W3C error code, e.g. `no such element`.
    pub error: String,
    pub message: String,
}

impl fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.error, self.status, self.message)
    }
}

/// A headless Chromium session. Quits the session and kills chromedriver when dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    /// Holds the profile (`--user-data-dir`), the download folder and chromedriver's log.
    scratch: tempfile::TempDir,
    downloads: PathBuf,
    driver_log: PathBuf,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium. Returns `None` (after printing a
    /// `SKIPPED:` line) when either program is missing, except when `CI=true`: then it panics.
    /// The paths can be overridden with `ROADBOOK_CHROMIUM` and `ROADBOOK_CHROMEDRIVER`.
    pub fn launch() -> Option<Browser> {
        let chromium = env::var_os("ROADBOOK_CHROMIUM")
            .map(PathBuf::from)
            .unwrap_or_else(|| CHROMIUM.into());
        let driver = env::var_os("ROADBOOK_CHROMEDRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| CHROMEDRIVER.into());
        if !super::tools::all_present(&[&chromium, &driver], "install chromium chromium-driver") {
            return None;
        }
        Some(Browser::start(&chromium, &driver))
    }

    fn start(chromium: &Path, driver_bin: &Path) -> Browser {
        let scratch = tempfile::Builder::new()
            .prefix("roadbook-browser-")
            .tempdir()
            .expect("cannot create a temporary folder for Chromium");
        let profile = scratch.path().join("profile");
        let downloads = scratch.path().join("downloads");
        fs::create_dir_all(&profile).unwrap();
        fs::create_dir_all(&downloads).unwrap();
        let driver_log = scratch.path().join("chromedriver.log");

        let port = free_port();
        let mut driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", driver_log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_bin.display()));

        // Wait until chromedriver answers /status with ready = true.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = driver.try_wait() {
                panic!("chromedriver exited at start ({status})\n{}", tail(&driver_log));
            }
            if let Ok((200, body)) = http(port, "GET", "/status", None) {
                let ready = serde_json::from_slice::<Value>(&body)
                    .ok()
                    .and_then(|v| v["value"]["ready"].as_bool())
                    .unwrap_or(false);
                if ready {
                    break;
                }
            }
            if Instant::now() > deadline {
                let _ = driver.kill();
                panic!("chromedriver did not become ready in 30 s\n{}", tail(&driver_log));
            }
            thread::sleep(POLL);
        }

        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            // Wide enough for the desktop layout (the theme collapses the sidebar below 56rem).
            "--window-size=1280,900".into(),
            // Browser tests only touch 127.0.0.1: resolve no host name.
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "implicit": 0, "pageLoad": 30_000, "script": 15_000 },
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "goog:chromeOptions": {
                        "binary": chromium.display().to_string(),
                        "args": args,
                        "prefs": {
                            "download.default_directory": downloads.display().to_string(),
                            "download.prompt_for_download": false,
                            "download.directory_upgrade": true,
                            "safebrowsing.enabled": false,
                        },
                    },
                },
            },
        });
        let session = match command(port, "POST", "/session", Some(&caps)) {
            Ok(v) => v["sessionId"]
                .as_str()
                .expect("new session without a sessionId")
                .to_string(),
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("cannot start a Chromium session: {e}\n{}", tail(&driver_log));
            }
        };
        let browser = Browser {
            driver,
            port,
            session,
            scratch,
            downloads,
            driver_log,
        };
        // Headless Chromium ignores the download prefs unless told through DevTools.
        browser.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({
                "cmd": "Browser.setDownloadBehavior",
                "params": {
                    "behavior": "allow",
                    "downloadPath": browser.downloads.display().to_string(),
                    "eventsEnabled": false,
                },
            })),
        );
        // Newer headless Chromium gives the page no window focus, so `focus()` moves
        // `activeElement` but fires no focus events; emulate a focused window as a user's is.
        browser.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({
                "cmd": "Emulation.setFocusEmulationEnabled",
                "params": { "enabled": true },
            })),
        );
        browser
    }

    /// Emulates a viewport of `width`×`height` CSS pixels (device scale 1; `mobile` also turns
    /// on the mobile meta-viewport handling), so media queries see a phone or a desktop
    /// without depending on the smallest window the platform allows.
    pub fn set_viewport(&self, width: u32, height: u32, mobile: bool) {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({
                "cmd": "Emulation.setDeviceMetricsOverride",
                "params": {
                    "width": width,
                    "height": height,
                    "deviceScaleFactor": 1,
                    "mobile": mobile,
                },
            })),
        );
    }

    /// chromedriver's log file (verbose enough to see every command).
    pub fn driver_log(&self) -> &Path {
        &self.driver_log
    }

    /// The folder downloads are saved to.
    pub fn download_dir(&self) -> &Path {
        &self.downloads
    }

    /// A scratch folder that lives as long as the browser (for files a test writes).
    pub fn scratch_dir(&self) -> &Path {
        self.scratch.path()
    }

    /// Opens `url` and waits for its `load` event. Only `http://127.0.0.1…`, `about:` and
    /// `data:` URLs are allowed.
    pub fn goto(&self, url: &str) {
        assert!(
            url.starts_with("http://127.0.0.1:") || url.starts_with("about:") || url.starts_with("data:"),
            "browser tests only touch 127.0.0.1, not {url}"
        );
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    /// The URL of the current page.
    pub fn current_url(&self) -> String {
        string(self.cmd("GET", "/url", None))
    }

    /// The title of the current page.
    pub fn title(&self) -> String {
        string(self.cmd("GET", "/title", None))
    }

    /// Reloads the page and waits for its `load` event.
    pub fn refresh(&self) {
        self.cmd("POST", "/refresh", Some(json!({})));
    }

    /// The first element matching a CSS selector; panics when there is none within 3 s (a
    /// loaded CI machine may still be running the page's scripts), saying what page it saw.
    pub fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            if let Some(el) = self.try_find(css) {
                return el;
            }
            if Instant::now() > deadline {
                panic!("no element matches `{css}` on {}", self.describe_page());
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// The first element matching a CSS selector, if any.
    pub fn try_find(&self, css: &str) -> Option<Element> {
        let body = json!({ "using": "css selector", "value": css });
        match self.request("POST", "/element", Some(body)) {
            Ok(v) => Some(Element::from_json(&v).expect("element reference")),
            Err(e) if e.error == "no such element" => None,
            Err(e) => panic!("WebDriver find `{css}` failed: {e}"),
        }
    }

    /// Every element matching a CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let body = json!({ "using": "css selector", "value": css });
        let v = self.cmd("POST", "/elements", Some(body));
        v.as_array()
            .expect("elements array")
            .iter()
            .map(|e| Element::from_json(e).expect("element reference"))
            .collect()
    }

    /// Clicks an element (scrolled into view; it must be visible and not covered).
    pub fn click(&self, el: &Element) {
        self.cmd("POST", &format!("/element/{}/click", el.0), Some(json!({})));
    }

    /// Types text into an element; for `<input type=file>`, `text` is a file path.
    pub fn send_keys(&self, el: &Element, text: &str) {
        self.cmd(
            "POST",
            &format!("/element/{}/value", el.0),
            Some(json!({ "text": text })),
        );
    }

    /// The rendered text of an element (what a reader sees; hidden text is left out).
    pub fn text(&self, el: &Element) -> String {
        string(self.cmd("GET", &format!("/element/{}/text", el.0), None))
    }

    /// An attribute of an element, as written in the DOM (`None` when absent).
    pub fn attribute(&self, el: &Element, name: &str) -> Option<String> {
        let v = self.cmd("GET", &format!("/element/{}/attribute/{name}", el.0), None);
        v.as_str().map(str::to_string)
    }

    /// A DOM property of an element (`textContent`, `checked`, …).
    pub fn property(&self, el: &Element, name: &str) -> Value {
        self.cmd("GET", &format!("/element/{}/property/{name}", el.0), None)
    }

    /// Whether an element is displayed (WebDriver's visibility check).
    pub fn is_displayed(&self, el: &Element) -> bool {
        self.cmd("GET", &format!("/element/{}/displayed", el.0), None)
            .as_bool()
            .unwrap_or(false)
    }

    /// Runs `js` as a function body in the page (synchronously; `return` gives the value,
    /// `arguments[i]` the arguments) and returns its result.
    pub fn execute(&self, js: &str, args: &[Value]) -> Value {
        self.try_execute(js, args)
            .unwrap_or_else(|e| panic!("script failed: {e}\n--- script\n{js}"))
    }

    /// [`Browser::execute`] that returns the error instead of panicking.
    pub fn try_execute(&self, js: &str, args: &[Value]) -> Result<Value, WebDriverError> {
        self.request("POST", "/execute/sync", Some(json!({ "script": js, "args": args })))
    }

    /// Polls the JavaScript expression `expr` every 50 ms until it is truthy; panics after
    /// `timeout`, naming the expression, its last value or error, and the page.
    pub fn wait_for(&self, expr: &str, timeout: Duration) {
        let script = format!(
            "try {{ const v = ({expr}); return {{ ok: !!v, value: String(v) }}; }} \
             catch (e) {{ return {{ ok: false, value: 'threw ' + e }}; }}"
        );
        let deadline = Instant::now() + timeout;
        loop {
            let last = match self.try_execute(&script, &[]) {
                Ok(v) if v["ok"].as_bool() == Some(true) => return,
                Ok(v) => v["value"].as_str().unwrap_or("?").to_string(),
                Err(e) => format!("WebDriver error: {e}"),
            };
            if Instant::now() >= deadline {
                panic!(
                    "wait_for timed out after {timeout:?} on {}: `{expr}` never became truthy \
                     (last value: {last})",
                    self.current_url_or_unknown()
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Saves a PNG screenshot of the viewport (for debugging a test).
    pub fn screenshot_png(&self, path: impl AsRef<Path>) {
        let data = string(self.cmd("GET", "/screenshot", None));
        let png = base64_decode(&data).expect("screenshot is not base64");
        fs::write(path.as_ref(), png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.as_ref().display()));
    }

    /// The browser console entries logged since the last call (each with `level` and
    /// `message`).
    pub fn console_log(&self) -> Vec<Value> {
        match self.request("POST", "/se/log", Some(json!({ "type": "browser" }))) {
            Ok(Value::Array(entries)) => entries,
            _ => Vec::new(),
        }
    }

    /// The `SEVERE` console messages since the last call: uncaught exceptions, failed loads.
    /// Leaves out the 404 of `/favicon.ico` at the origin's root, which Chromium asks for on
    /// its own when a page links no icon (and which is outside a site served under a base
    /// path anyway).
    pub fn console_errors(&self) -> Vec<String> {
        self.console_log()
            .into_iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
            .filter(|m| !is_favicon_probe(m))
            .collect()
    }

    /// Waits until `name` is fully downloaded into [`Browser::download_dir`] and returns its
    /// path; panics after `timeout`, listing what the folder holds.
    pub fn wait_for_download(&self, name: &str, timeout: Duration) -> PathBuf {
        let file = self.downloads.join(name);
        let deadline = Instant::now() + timeout;
        loop {
            let partial = fs::read_dir(&self.downloads)
                .map(|d| {
                    d.flatten()
                        .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"))
                })
                .unwrap_or(false);
            if file.is_file() && !partial {
                return file;
            }
            if Instant::now() >= deadline {
                let listing: Vec<String> = fs::read_dir(&self.downloads)
                    .map(|d| {
                        d.flatten()
                            .map(|e| e.file_name().to_string_lossy().into_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                panic!(
                    "download {name} did not appear in {} within {timeout:?} (folder holds {listing:?})",
                    self.downloads.display()
                );
            }
            thread::sleep(POLL);
        }
    }

    /// The current URL, title and start of the text, for failure messages.
    fn describe_page(&self) -> String {
        let text = self
            .request(
                "POST",
                "/execute/sync",
                Some(json!({
                    "script": "return [document.title, document.body ? document.body.innerText.slice(0, 300) : '<no body>'];",
                    "args": []
                })),
            )
            .map(|v| v.to_string())
            .unwrap_or_else(|e| format!("<cannot read the page: {e}>"));
        format!("{} {text}", self.current_url_or_unknown())
    }

    fn current_url_or_unknown(&self) -> String {
        self.request("GET", "/url", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "<unknown page>".into())
    }

    /// A session command; panics with the WebDriver error.
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.request(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path} failed: {e}"))
    }

    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WebDriverError> {
        command(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        )
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if thread::panicking() {
            // Leave a picture of the page behind for the failing test.
            let name = thread::current().name().unwrap_or("browser").replace("::", "-");
            let shot =
                Path::new(option_env!("CARGO_TARGET_TMPDIR").unwrap_or("target/tmp")).join(format!("{name}.png"));
            let png = match self.request("GET", "/screenshot", None) {
                Ok(Value::String(data)) => base64_decode(&data),
                _ => None,
            };
            if png.is_some_and(|png| fs::write(&shot, png).is_ok()) {
                let _ = writeln!(
                    io::stderr(),
                    "browser screenshot of the failing page: {}",
                    shot.display()
                );
            }
        }
        let _ = command(self.port, "DELETE", &format!("/session/{}", self.session), None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A free TCP port on 127.0.0.1 (bound, read and released).
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port on 127.0.0.1")
}

/// Sends one WebDriver command and returns its `value`, or the W3C error it carries.
fn command(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, WebDriverError> {
    let (status, raw) = http(port, method, path, body).map_err(|e| WebDriverError {
        status: 0,
        error: "io error".into(),
        message: format!("{method} {path}: {e}"),
    })?;
    let mut reply: Value = serde_json::from_slice(&raw).map_err(|e| WebDriverError {
        status,
        error: "bad json".into(),
        message: format!("{e}: {}", String::from_utf8_lossy(&raw)),
    })?;
    let value = reply["value"].take();
    if status != 200 || value.get("error").is_some_and(Value::is_string) {
        return Err(WebDriverError {
            status,
            error: value["error"].as_str().unwrap_or("unknown error").to_string(),
            message: value["message"].as_str().unwrap_or("").to_string(),
        });
    }
    Ok(value)
}

/// One HTTP/1.1 request to chromedriver on 127.0.0.1:`port` with a JSON body; returns the
/// status and body (read by `Content-Length`, else to the end of the connection).
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> io::Result<(u16, Vec<u8>)> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    // Page loads are bounded by the session's 30 s timeout; leave room above it.
    stream.set_read_timeout(Some(Duration::from_secs(90)))?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\
         Connection: close\r\n"
    );
    if body.is_some() || method == "POST" {
        request.push_str(&format!(
            "Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n",
            payload.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(&payload);
    (&stream).write_all(request.as_bytes())?;

    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("bad status line {line:?}")))?;
    let mut length = None;
    let mut chunked = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 {
            break;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            } else if name.eq_ignore_ascii_case("transfer-encoding") && value.trim().eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        return Err(io::Error::other("chunked responses are not supported"));
    } else if let Some(n) = length {
        body.resize(n, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok((status, body))
}

/// Whether a console message is the 404 of Chromium's own `/favicon.ico` request.
fn is_favicon_probe(message: &str) -> bool {
    url_path(message) == Some("/favicon.ico") && message.contains("404")
}

fn url_path(message: &str) -> Option<&str> {
    let url = message.split_whitespace().next()?;
    let rest = url.strip_prefix("http://")?;
    rest.find('/').map(|i| &rest[i..])
}

fn string(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => panic!("expected a string from WebDriver, got {other}"),
    }
}

/// The last lines of chromedriver's log, for error messages.
fn tail(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(30);
    format!("--- last lines of {}\n{}", log.display(), lines[start..].join("\n"))
}

/// Standard base64 (with padding, whitespace ignored).
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        match chunk.len() {
            4 => out.extend_from_slice(&bytes),
            3 => out.extend_from_slice(&bytes[..2]),
            2 => out.push(bytes[0]),
            _ => return None,
        }
    }
    Some(out)
}

//! `roadbook serve`: build into memory, serve over HTTP on loopback, watch the site, rebuild
//! incrementally and reload the browser.
//!
//! Threads: a pool answering HTTP requests from the current [`snapshot::Snapshot`]; one thread
//! per live-reload client; the watcher; and the caller's thread, which rebuilds on each batch of
//! changes and publishes the new snapshot. Nothing is written to the output folder.

pub mod change;
pub mod deps;
mod documents;
mod fast_path;
pub mod http;
mod pending;
pub mod project;
pub mod reload;
mod requests;
pub mod snapshot;
pub mod store;
pub mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use crate::assemble::SiteOptions;
use crate::diagnostics::Diagnostics;
pub use pending::ErrorView;
use project::{Project, Update};
use reload::Hub;
use snapshot::Snapshot;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// Interface to bind (loopback by default).
    pub interface: IpAddr,
    /// First port to try.
    pub port: u16,
    /// How many following ports to try when it is taken.
    pub port_attempts: u16,
    /// Mount the site under this path, as GitHub Pages does for project sites.
    pub base_path: String,
    /// Publish drafts (shown with a badge).
    pub drafts: bool,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Whether terminal output may be coloured.
    pub color: bool,
    /// How long a request that arrives during the first build waits for it before it gets the
    /// waiting page ([`FIRST_BUILD_WAIT`] by default).
    pub first_build_wait: Duration,
}

/// How long a request that arrives during the first build waits for it.
pub const FIRST_BUILD_WAIT: Duration = Duration::from_secs(30);

/// What the HTTP threads share with the rebuild loop.
pub struct Shared {
    snapshot: RwLock<Option<Arc<Snapshot>>>,
    errors: RwLock<Vec<ErrorView>>,
    build: AtomicU64,
    hub: Hub,
    base_path: String,
    /// Whether the first build has ended (well or not), with its waiters.
    first_done: Mutex<bool>,
    first_cv: Condvar,
    wait_limit: Duration,
}

impl Shared {
    fn new(base_path: String, wait_limit: Duration) -> Shared {
        // Build numbers start from the clock, so a page connected to a previous server process
        // notices the restart and reloads.
        let start = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        Shared {
            snapshot: RwLock::new(None),
            errors: RwLock::default(),
            build: AtomicU64::new(start),
            hub: Hub::new(),
            base_path,
            first_done: Mutex::new(false),
            first_cv: Condvar::new(),
            wait_limit,
        }
    }

    fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.read().ok().and_then(|s| s.clone())
    }

    fn errors(&self) -> Vec<ErrorView> {
        self.errors.read().map(|e| e.clone()).unwrap_or_default()
    }

    /// The first event of a stream: the build number, the errors, and whether a build has
    /// succeeded (a waiting page reloads when one has).
    fn hello(&self) -> String {
        let data = serde_json::json!({
            "build": self.build.load(Ordering::SeqCst),
            "errors": self.errors(),
            "ready": self.snapshot().is_some(),
        });
        reload::format("hello", &data.to_string())
    }

    /// Marks the first build as ended (published or failed) and wakes the requests waiting
    /// for it.
    fn first_build_ended(&self) {
        if let Ok(mut done) = self.first_done.lock() {
            *done = true;
        }
        self.first_cv.notify_all();
    }

    /// Waits until the first build has ended, at most `limit`; whether it has.
    fn wait_first_build(&self, limit: Duration) -> bool {
        let Ok(done) = self.first_done.lock() else { return false };
        self.first_cv
            .wait_timeout_while(done, limit, |done| !*done)
            .map(|(done, _)| *done)
            .unwrap_or(false)
    }

    /// Publishes a successful rebuild and tells browsers what changed.
    fn publish(&self, snapshot: Arc<Snapshot>, update: &Update) {
        if let Ok(mut s) = self.snapshot.write() {
            *s = Some(snapshot);
        }
        let had_errors = self
            .errors
            .write()
            .map(|mut e| !std::mem::take(&mut *e).is_empty())
            .unwrap_or(false);
        let build = self.build.fetch_add(1, Ordering::SeqCst) + 1;
        if update.changed.is_empty() {
            if had_errors {
                self.hub.send("ok", &serde_json::json!({ "build": build }).to_string());
            }
            return;
        }
        if update.css_only {
            self.hub.send("css", &serde_json::json!({ "build": build }).to_string());
            return;
        }
        let urls: Vec<String> = update.changed.iter().map(|p| page_url(&self.base_path, p)).collect();
        // A change to anything but pages (images, scripts) may show on any page.
        let all = update
            .changed
            .iter()
            .any(|p| !p.ends_with(".html") && !p.ends_with(".xml") && !p.ends_with(".json"));
        self.hub.send(
            "reload",
            &serde_json::json!({ "build": build, "paths": urls, "all": all }).to_string(),
        );
    }

    /// Shows a failed rebuild's errors in every browser.
    fn fail(&self, diags: &Diagnostics) {
        let errors: Vec<ErrorView> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| ErrorView {
                location: location(d),
                message: d.message.clone(),
                text: d.render(false),
            })
            .collect();
        if let Ok(mut e) = self.errors.write() {
            *e = errors.clone();
        }
        self.hub
            .send("errors", &serde_json::json!({ "errors": errors }).to_string());
    }
}

fn location(d: &crate::diagnostics::Diagnostic) -> String {
    match d.location() {
        Some((path, line, col)) if line > 0 => format!("{}:{line}:{col}", path.display()),
        Some((path, _, _)) => path.display().to_string(),
        None => String::new(),
    }
}

/// The URL path of a served file: `topics/x/index.html` → `/base/topics/x/` (percent-encoded,
/// as `location.pathname` is).
pub fn page_url(base: &str, file: &str) -> String {
    let path = file.strip_suffix("index.html").unwrap_or(file);
    let encoded: Vec<String> = path.split('/').map(crate::util::url::encode_segment).collect();
    format!("{base}{}", encoded.join("/"))
}

/// Binds the first free port from `port`, saying so when it had to move on.
fn bind(interface: IpAddr, port: u16, attempts: u16) -> io::Result<(tiny_http::Server, u16)> {
    let mut last = None;
    for p in port..=port.saturating_add(attempts) {
        match tiny_http::Server::http(SocketAddr::new(interface, p)) {
            Ok(server) => {
                // Port 0 asks the system for a free port: report the one it gave.
                let actual = server.server_addr().to_ip().map_or(p, |a| a.port());
                if p != port {
                    eprintln!("port {port} is taken; using {actual}");
                }
                return Ok((server, actual));
            }
            Err(e) => last = Some(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AddrInUse,
        format!(
            "no free port in {port}..={}: {}",
            port.saturating_add(attempts),
            last.map(|e| e.to_string()).unwrap_or_default()
        ),
    ))
}

/// A running dev server (for tests and embedding): the address, and the handle that stops it.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The site's URL.
    pub url: String,
    server: Arc<tiny_http::Server>,
    shared: Arc<Shared>,
}

impl Running {
    /// Connected live-reload clients.
    pub fn clients(&self) -> usize {
        self.shared.hub.clients()
    }

    /// The site being served, if a build has succeeded.
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.shared.snapshot()
    }

    /// Waits until the first build has ended (well or not), at most `limit`; whether it has.
    pub fn wait_first_build(&self, limit: Duration) -> bool {
        self.shared.wait_first_build(limit)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// Binds and starts the HTTP threads; the site is served once a snapshot is published.
fn start(opts: &ServeOptions) -> io::Result<Running> {
    let base_path = normalize_base(&opts.base_path);
    let (server, port) = bind(opts.interface, opts.port, opts.port_attempts)?;
    let server = Arc::new(server);
    let shared = Arc::new(Shared::new(base_path.clone(), opts.first_build_wait));
    for _ in 0..8 {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                requests::answer(request, &shared);
            }
        });
    }
    let addr = SocketAddr::new(opts.interface, port);
    let host = if opts.interface.is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        opts.interface.to_string()
    };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    Ok(Running {
        addr,
        url: format!("http://{host}:{port}{base_path}"),
        server,
        shared,
    })
}

fn normalize_base(base: &str) -> String {
    let inner: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    if inner.is_empty() {
        "/".into()
    } else {
        format!("/{}/", inner.join("/"))
    }
}

/// Serves the site until the process is stopped: build, serve, watch, rebuild. Returns only if
/// the server cannot start.
pub fn serve(opts: &ServeOptions) -> io::Result<()> {
    // Watch events carry absolute, canonical paths: the root must match them.
    let root = opts.root.canonicalize()?;
    let opts = &ServeOptions { root, ..opts.clone() };
    let running = start(opts)?;
    let mut project = Project::new(
        &opts.root,
        SiteOptions {
            drafts: opts.drafts,
            base_url: Some(running.url.clone()),
            ..SiteOptions::default()
        },
    );
    let (tx, rx) = channel();
    let mut watch = watch::watch(&opts.root, tx).map_err(io::Error::other)?;
    match project.build_all() {
        Ok(update) => {
            report_warnings(&update.warnings, opts.color);
            if let Some(snapshot) = project.snapshot() {
                running.shared.publish(snapshot, &update);
            }
            // Waiting requests go first; saving the cache can wait for them.
            running.shared.first_build_ended();
            project.save_cache();
            println!("built {} pages in {} ms", update.pages, update.elapsed.as_millis());
        }
        Err(diags) => {
            report(&diags, opts.color);
            running.shared.fail(&diags);
            running.shared.first_build_ended();
            eprintln!("the site has errors; fix them and it will be served (the browser shows them too)");
        }
    }
    println!("serving {} — watching for changes (Ctrl-C to stop)", running.url);
    if opts.open {
        let _ = std::process::Command::new("xdg-open").arg(&running.url).spawn();
    }
    rebuild_loop(&mut project, &mut watch, &running.shared, &rx, opts.color);
    Ok(())
}

/// Rebuilds on each batch of changes until the watcher goes away.
fn rebuild_loop(
    project: &mut Project,
    watch: &mut watch::Watch,
    shared: &Shared,
    rx: &Receiver<Vec<PathBuf>>,
    color: bool,
) {
    let mut last_errors: Option<String> = None;
    while let Ok(mut paths) = rx.recv() {
        // Saves that arrived while we were rebuilding join this batch.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(5)) {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        watch.refresh();
        match project.rebuild(&paths) {
            Ok(update) => {
                report_warnings(&update.warnings, color);
                if let Some(snapshot) = project.snapshot() {
                    shared.publish(snapshot, &update);
                }
                last_errors = None;
                println!(
                    "{}",
                    summary(
                        &update,
                        &paths,
                        project.snapshot().as_deref().map(|s| s.site().root.as_path())
                    )
                );
            }
            Err(diags) => {
                // Print a set of errors once, not again on every save that leaves it unchanged.
                let text: String = diags.iter().map(|d| d.render(color)).collect::<Vec<_>>().join("\n");
                if last_errors.as_deref() != Some(text.as_str()) {
                    report(&diags, color);
                    last_errors = Some(text);
                }
                shared.fail(&diags);
            }
        }
    }
}

fn summary(update: &Update, paths: &[PathBuf], root: Option<&Path>) -> String {
    let what: Vec<String> = paths
        .iter()
        .take(3)
        .map(|p| {
            root.and_then(|r| p.strip_prefix(r).ok())
                .unwrap_or(p)
                .display()
                .to_string()
        })
        .collect();
    let more = if paths.len() > 3 {
        format!(" and {} more", paths.len() - 3)
    } else {
        String::new()
    };
    format!(
        "rebuilt {} page{} in {} ms ({}{more} changed)",
        update.pages,
        if update.pages == 1 { "" } else { "s" },
        update.elapsed.as_millis(),
        what.join(", ")
    )
}

fn report(diags: &Diagnostics, color: bool) {
    for d in diags {
        eprintln!("{}", d.render(color));
    }
    eprintln!(
        "{} error{}",
        diags.error_count(),
        if diags.error_count() == 1 { "" } else { "s" }
    );
}

fn report_warnings(diags: &Diagnostics, color: bool) {
    for d in diags.iter().filter(|d| !d.is_error()) {
        eprintln!("{}", d.render(color));
    }
}

/// Starts a server for tests and embedding: bind, then build, publish, and rebuild on changes
/// in a background thread. Returns once the first build has ended (at most a minute). The
/// returned handle stops serving when dropped (the watcher thread ends with the process).
pub fn spawn(opts: &ServeOptions) -> io::Result<Running> {
    let running = launch(opts)?;
    running.wait_first_build(Duration::from_secs(60));
    Ok(running)
}

/// [`spawn`] without waiting: returns as soon as the port is bound, with the first build
/// running in the background (requests that arrive meanwhile wait for it).
pub fn launch(opts: &ServeOptions) -> io::Result<Running> {
    let running = start(opts)?;
    let shared = Arc::clone(&running.shared);
    let root = opts.root.canonicalize()?;
    let (drafts, url, color) = (opts.drafts, running.url.clone(), opts.color);
    std::thread::spawn(move || {
        let mut project = Project::new(
            &root,
            SiteOptions {
                drafts,
                base_url: Some(url),
                ..SiteOptions::default()
            },
        );
        let (tx, rx) = channel();
        let watch = watch::watch(&root, tx);
        match project.build_all() {
            Ok(update) => {
                if let Some(snapshot) = project.snapshot() {
                    shared.publish(snapshot, &update);
                }
            }
            Err(diags) => shared.fail(&diags),
        }
        shared.first_build_ended();
        if let Ok(mut watch) = watch {
            rebuild_loop(&mut project, &mut watch, &shared, &rx, color);
        }
    });
    Ok(running)
}

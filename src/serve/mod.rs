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
mod shared;
pub mod snapshot;
pub mod store;
pub mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::assemble::SiteOptions;
use crate::diagnostics::Diagnostics;
pub use pending::ErrorView;
use project::{Project, Update};
use shared::Shared;
pub use shared::page_url;
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

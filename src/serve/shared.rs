//! What the dev server's HTTP threads share with its rebuild loop: the current snapshot, the
//! last build's errors, the live-reload hub and the first build's completion.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use super::pending::ErrorView;
use super::project::Update;
use super::reload::{self, Hub};
use super::snapshot::Snapshot;
use crate::diagnostics::Diagnostics;

/// What the HTTP threads share with the rebuild loop.
pub struct Shared {
    pub(super) snapshot: RwLock<Option<Arc<Snapshot>>>,
    pub(super) errors: RwLock<Vec<ErrorView>>,
    pub(super) build: AtomicU64,
    pub(super) hub: Hub,
    pub(super) base_path: String,
    /// Whether the first build has ended (well or not), with its waiters.
    pub(super) first_done: Mutex<bool>,
    pub(super) first_cv: Condvar,
    pub(super) wait_limit: Duration,
}

impl Shared {
    pub(super) fn new(base_path: String, wait_limit: Duration) -> Shared {
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

    pub(super) fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.read().ok().and_then(|s| s.clone())
    }

    pub(super) fn errors(&self) -> Vec<ErrorView> {
        self.errors.read().map(|e| e.clone()).unwrap_or_default()
    }

    /// The first event of a stream: the build number, the errors, and whether a build has
    /// succeeded (a waiting page reloads when one has).
    pub(super) fn hello(&self) -> String {
        let data = serde_json::json!({
            "build": self.build.load(Ordering::SeqCst),
            "errors": self.errors(),
            "ready": self.snapshot().is_some(),
        });
        reload::format("hello", &data.to_string())
    }

    /// Marks the first build as ended (published or failed) and wakes the requests waiting
    /// for it.
    pub(super) fn first_build_ended(&self) {
        if let Ok(mut done) = self.first_done.lock() {
            *done = true;
        }
        self.first_cv.notify_all();
    }

    /// Waits until the first build has ended, at most `limit`; whether it has.
    pub(super) fn wait_first_build(&self, limit: Duration) -> bool {
        let Ok(done) = self.first_done.lock() else { return false };
        self.first_cv
            .wait_timeout_while(done, limit, |done| !*done)
            .map(|(done, _)| *done)
            .unwrap_or(false)
    }

    /// Publishes a successful rebuild and tells browsers what changed.
    pub(super) fn publish(&self, snapshot: Arc<Snapshot>, update: &Update) {
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
    pub(super) fn fail(&self, diags: &Diagnostics) {
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

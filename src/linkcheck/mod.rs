//! `roadbook check --external`: are the external URLs a site links to still there?
//!
//! [`collect`] finds every http(s) link in Markdown bodies, topic `[[resources]]` and book
//! `url`s. Each distinct URL is then checked once by a small pool of worker threads
//! ([`LinkOptions::workers`], 8 by default) sharing one HTTP client: `HEAD` first, `GET` when the
//! server refuses `HEAD` (405, 501), redirects followed (at most 5), a browser-like
//! `User-Agent`, a connect timeout of 5 s and a total timeout of 15 s, and at least 250 ms
//! between two requests to the same host. Answers are remembered for a day in
//! `.roadbook-cache/links.json`, so running the check again the same day only asks about
//! links that are new or were failing for a passing reason (timeouts, connection failures,
//! 5xx).
//!
//! 404, 410, other 4xx, 5xx, DNS, TLS and connection failures and timeouts are errors; 401,
//! 403 and 429 (servers that turn away robots) are warnings. This is never part of `build`:
//! the network stays out of the build path.

pub mod cache;
pub mod collect;
pub mod http;
pub mod options;
pub mod outcome;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::assemble::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use cache::LinkCache;
use collect::ExternalLink;
pub use options::LinkOptions;
pub use outcome::{Outcome, Verdict};

/// One distinct URL, what it answered and everywhere it is written.
#[derive(Debug, Clone)]
pub struct LinkResult {
    /// The URL as written (the first spelling seen).
    pub url: String,
    /// The answer.
    pub outcome: Outcome,
    /// Whether the answer came from the cache.
    pub cached: bool,
    /// Every place the URL is written.
    pub places: Vec<ExternalLink>,
}

/// The result of `check --external`.
#[derive(Debug)]
pub struct LinkReport {
    /// One result per distinct URL, broken first, then warnings, redirects and good ones.
    pub results: Vec<LinkResult>,
    /// Requests sent (a URL may take two: `HEAD`, then `GET`).
    pub checked: usize,
    /// Time taken.
    pub elapsed: Duration,
    /// Problems with the cache file itself.
    pub cache_problem: Option<String>,
}

/// Checks every external URL of `site`, using and updating `<root>/.roadbook-cache/links.json`.
pub fn check_site(site: &Site, opts: &LinkOptions) -> LinkReport {
    let links = collect::collect(&site.docs);
    let cache_path = site.root.join(".roadbook-cache").join("links.json");
    let mut cache = LinkCache::open(cache_path, opts.cache_ttl);
    let mut report = check_links(links, &mut cache, opts);
    if let Err(e) = cache.save() {
        report.cache_problem = Some(format!("cannot save {}: {e}", cache.path().display()));
    }
    report
}

/// Checks `links` (cached answers first, the rest over the network) and records the answers
/// in `cache`.
pub fn check_links(links: Vec<ExternalLink>, cache: &mut LinkCache, opts: &LinkOptions) -> LinkReport {
    let started = Instant::now();
    // Group places by the URL as requested (a fragment is never sent).
    let mut by_url: BTreeMap<String, Vec<ExternalLink>> = BTreeMap::new();
    for link in links {
        by_url.entry(http::request_url(&link.url)).or_default().push(link);
    }
    let mut known: HashMap<String, (Outcome, bool)> = HashMap::new();
    let mut todo: Vec<String> = Vec::new();
    for url in by_url.keys() {
        match cache.get(url) {
            Some(outcome) => {
                known.insert(url.clone(), (outcome, true));
            }
            None => todo.push(url.clone()),
        }
    }
    let requests = AtomicUsize::new(0);
    for (url, outcome) in fetch_all(interleave_hosts(todo), opts, &requests) {
        cache.put(&url, &outcome);
        known.insert(url, (outcome, false));
    }
    let mut results: Vec<LinkResult> = by_url
        .into_iter()
        .filter_map(|(url, places)| {
            let (outcome, cached) = known.remove(&url)?;
            Some(LinkResult {
                url: places[0].url.clone(),
                outcome,
                cached,
                places,
            })
        })
        .collect();
    results.sort_by(|a, b| {
        b.outcome
            .verdict
            .cmp(&a.outcome.verdict)
            .then_with(|| a.url.cmp(&b.url))
    });
    LinkReport {
        results,
        checked: requests.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
        cache_problem: None,
    }
}

/// Orders URLs so consecutive ones go to different hosts (round robin), which keeps the
/// workers busy while each host's rate limit runs.
fn interleave_hosts(urls: Vec<String>) -> Vec<String> {
    let mut by_host: BTreeMap<String, std::collections::VecDeque<String>> = BTreeMap::new();
    for url in urls {
        by_host.entry(http::host_of(&url)).or_default().push_back(url);
    }
    let mut out = Vec::new();
    while !by_host.is_empty() {
        by_host.retain(|_, queue| {
            if let Some(url) = queue.pop_front() {
                out.push(url);
            }
            !queue.is_empty()
        });
    }
    out
}

/// Checks `urls` on at most `opts.workers` threads.
fn fetch_all(urls: Vec<String>, opts: &LinkOptions, requests: &AtomicUsize) -> Vec<(String, Outcome)> {
    if urls.is_empty() {
        return Vec::new();
    }
    let agent = http::agent(opts);
    let limiter = http::RateLimiter::new(opts.host_interval);
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(urls.len()));
    std::thread::scope(|scope| {
        for _ in 0..opts.workers.clamp(1, urls.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let outcome = http::check(&agent, &limiter, url, opts, requests);
                    done.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((url.clone(), outcome));
                }
            });
        }
    });
    done.into_inner().unwrap_or_else(|e| e.into_inner())
}

impl LinkReport {
    /// Whether any link is broken (the command then exits 1).
    pub fn has_broken(&self) -> bool {
        self.results.iter().any(|r| r.outcome.verdict == Verdict::Broken)
    }

    /// How many distinct URLs got `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.results.iter().filter(|r| r.outcome.verdict == verdict).count()
    }

    /// An error for each broken URL and a warning for each 401/403/429, pointing at every
    /// place the URL is written (file:line:col).
    pub fn diagnostics(&self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        for r in &self.results {
            let d = match r.outcome.verdict {
                Verdict::Broken => Diagnostic::error(format!("broken link {} ({})", r.url, r.outcome.detail))
                    .with_help("fix or remove the link; if the page moved, link to its new address"),
                Verdict::Warning => {
                    Diagnostic::warning(format!("could not verify link {} ({})", r.url, r.outcome.detail))
                }
                Verdict::Ok | Verdict::Redirected => continue,
            };
            let mut d = r
                .places
                .iter()
                .fold(d, |d, p| d.with_label(&p.source, p.span.clone(), ""));
            if r.cached {
                d = d.with_note("remembered from an earlier check today (.roadbook-cache/links.json)");
            }
            diags.push(d);
        }
        if let Some(problem) = &self.cache_problem {
            diags.push(Diagnostic::warning(problem.clone()));
        }
        diags
    }

    /// The summary table printed at the end: a count per verdict, then one row for each URL
    /// that is not simply ok.
    pub fn table(&self) -> String {
        let cached = self.results.iter().filter(|r| r.cached).count();
        let places: usize = self.results.iter().map(|r| r.places.len()).sum();
        let mut t = String::new();
        let _ = writeln!(
            t,
            "external links: {} URL{} in {} place{}, {} from the cache, {} request{} in {:.1} s",
            self.results.len(),
            plural(self.results.len()),
            places,
            plural(places),
            cached,
            self.checked,
            plural(self.checked),
            self.elapsed.as_secs_f64()
        );
        let _ = writeln!(t, "  {:<12}{:>6}", "result", "URLs");
        for verdict in [Verdict::Ok, Verdict::Redirected, Verdict::Warning, Verdict::Broken] {
            let _ = writeln!(t, "  {:<12}{:>6}", verdict.name(), self.count(verdict));
        }
        let _ = writeln!(t, "  {:<12}{:>6}", "total", self.results.len());
        let rows: Vec<&LinkResult> = self
            .results
            .iter()
            .filter(|r| r.outcome.verdict != Verdict::Ok)
            .collect();
        if !rows.is_empty() {
            t.push('\n');
            let _ = writeln!(t, "  {:<11}{:<7}{:<40}where", "result", "status", "url");
            for r in rows {
                let status = r.outcome.code.map_or("-".to_string(), |c| c.to_string());
                let place = r.places.first().map(place_of).unwrap_or_default();
                let more = if r.places.len() > 1 {
                    format!(" (+{} more)", r.places.len() - 1)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    t,
                    "  {:<11}{:<7}{:<40}{place}{more}",
                    r.outcome.verdict.name(),
                    status,
                    r.url
                );
                if !r.outcome.detail.is_empty() {
                    let _ = writeln!(t, "  {:<18}{}", "", r.outcome.detail);
                }
            }
        }
        t
    }
}

/// `content/topics/a.md:12:3`
fn place_of(link: &ExternalLink) -> String {
    let (line, col) = link.source.line_col(link.span.start);
    format!("{}:{line}:{col}", link.source.path.display())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_take_turns() {
        let urls = ["http://a/1", "http://a/2", "http://a/3", "http://b/1", "http://c/1"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            interleave_hosts(urls),
            ["http://a/1", "http://b/1", "http://c/1", "http://a/2", "http://a/3"]
        );
    }
}

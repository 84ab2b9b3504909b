//! Fetching one URL and classifying the answer, with a per-host rate limit shared by the
//! workers.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ureq::ResponseExt;

use super::options::LinkOptions;
use super::outcome::{Outcome, Verdict};

/// Spaces requests to one host at least `interval` apart, across all workers.
pub struct RateLimiter {
    interval: Duration,
    next: Mutex<HashMap<String, Instant>>,
}

impl RateLimiter {
    /// A limiter allowing one request per `interval` to each host.
    pub fn new(interval: Duration) -> RateLimiter {
        RateLimiter {
            interval,
            next: Mutex::default(),
        }
    }

    /// Reserves the next free slot for `host` and sleeps until it.
    pub fn acquire(&self, host: &str) {
        let now = Instant::now();
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let slot = next.get(host).copied().filter(|&t| t > now).unwrap_or(now);
            next.insert(host.to_string(), slot + self.interval);
            slot
        };
        if slot > now {
            std::thread::sleep(slot - now);
        }
    }
}

/// The host (with port) of an http(s) URL, lowercased: the rate limit's key.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.to_ascii_lowercase()
}

/// The URL as sent: without its fragment, non-ASCII and spaces percent-encoded (Korean paths
/// such as `https://ko.wikipedia.org/wiki/캐시` are common in links).
pub fn request_url(url: &str) -> String {
    let url = url.split_once('#').map_or(url, |(u, _)| u);
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii()
            && !matches!(c, ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
            && !c.is_ascii_control()
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The HTTP client every worker shares.
pub fn agent(opts: &LinkOptions) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(opts.connect_timeout.min(opts.timeout)))
        .timeout_global(Some(opts.timeout))
        .max_redirects(opts.max_redirects)
        .http_status_as_error(false)
        .save_redirect_history(true)
        .user_agent(opts.user_agent.as_str())
        .build()
        .into()
}

/// Checks one URL: `HEAD`, then `GET` if the server does not allow `HEAD` (405, 501).
/// `url` is already in request form ([`request_url`]); every request sent is counted in
/// `requests`.
pub fn check(
    agent: &ureq::Agent,
    limiter: &RateLimiter,
    url: &str,
    opts: &LinkOptions,
    requests: &AtomicUsize,
) -> Outcome {
    let target = url;
    let host = host_of(target);
    limiter.acquire(&host);
    requests.fetch_add(1, Ordering::Relaxed);
    let mut answer = agent.head(target).call();
    if let Ok(response) = &answer
        && matches!(response.status().as_u16(), 405 | 501)
    {
        limiter.acquire(&host);
        requests.fetch_add(1, Ordering::Relaxed);
        answer = agent.get(target).call();
    }
    match answer {
        Ok(response) => classify_status(response.status().as_u16(), target, &response.get_uri().to_string()),
        Err(error) => classify_error(&error, opts),
    }
}

/// The verdict on a final HTTP status (after redirects).
pub fn classify_status(code: u16, requested: &str, final_url: &str) -> Outcome {
    let reason = reason(code);
    let (verdict, detail, cacheable) = match code {
        200..=299 if final_url.trim_end_matches('/') != requested.trim_end_matches('/') => {
            (Verdict::Redirected, format!("redirects to {final_url}"), true)
        }
        200..=299 => (Verdict::Ok, String::new(), true),
        401 | 403 => (
            Verdict::Warning,
            format!("{code} {reason}: the server refuses automated checks; open it in a browser"),
            true,
        ),
        429 => (
            Verdict::Warning,
            format!("{code} {reason}: the server rate-limits checks; try again later"),
            true,
        ),
        // A server error is usually passing trouble: checked again on the next run.
        500..=599 => (Verdict::Broken, format!("{code} {reason}"), false),
        _ => (Verdict::Broken, format!("{code} {reason}"), true),
    };
    Outcome {
        verdict,
        code: Some(code),
        detail,
        cacheable,
    }
}

/// The verdict on a request that got no HTTP answer.
fn classify_error(error: &ureq::Error, opts: &LinkOptions) -> Outcome {
    use ureq::Error;
    let (detail, cacheable) = match error {
        Error::Timeout(_) => (
            format!("timed out after {}", seconds(opts.timeout)),
            // Slowness is usually passing: checked again on the next run.
            false,
        ),
        Error::HostNotFound => ("DNS: host not found".to_string(), true),
        Error::TooManyRedirects => (format!("more than {} redirects", opts.max_redirects), true),
        Error::Tls(e) => (format!("TLS: {e}"), true),
        Error::Rustls(e) => (format!("TLS: {e}"), true),
        Error::Io(e) => (format!("connection failed: {e}"), false),
        Error::ConnectionFailed => ("connection failed".to_string(), false),
        Error::BadUri(e) => (format!("not a valid URL: {e}"), true),
        Error::Http(e) => (format!("not a valid URL: {e}"), true),
        other => (other.to_string(), false),
    };
    Outcome {
        verdict: Verdict::Broken,
        code: None,
        detail,
        cacheable,
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

/// The reason phrase of common statuses.
pub fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        410 => "Gone",
        429 => "Too Many Requests",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_request_urls() {
        assert_eq!(host_of("https://User@Example.org:8443/a?b#c"), "example.org:8443");
        assert_eq!(host_of("http://127.0.0.1:1/x"), "127.0.0.1:1");
        assert_eq!(
            request_url("https://ko.wikipedia.org/wiki/캐시 a#개요"),
            "https://ko.wikipedia.org/wiki/%EC%BA%90%EC%8B%9C%20a"
        );
    }

    #[test]
    fn statuses_are_classified() {
        let v = |code| classify_status(code, "http://h/a", "http://h/a").verdict;
        assert_eq!(v(200), Verdict::Ok);
        assert_eq!(v(204), Verdict::Ok);
        for code in [401, 403, 429] {
            assert_eq!(v(code), Verdict::Warning, "{code}");
        }
        for code in [400, 404, 410, 500, 503] {
            assert_eq!(v(code), Verdict::Broken, "{code}");
        }
        assert_eq!(
            classify_status(200, "http://h/a", "http://h/b").verdict,
            Verdict::Redirected
        );
        assert_eq!(classify_status(200, "http://h/a", "http://h/a/").verdict, Verdict::Ok);
        assert!(!classify_status(503, "u", "u").cacheable);
        assert!(classify_status(404, "u", "u").cacheable);
    }

    #[test]
    fn the_limiter_spaces_requests_to_one_host() {
        let limiter = RateLimiter::new(Duration::from_millis(40));
        let start = Instant::now();
        limiter.acquire("a");
        limiter.acquire("b");
        assert!(start.elapsed() < Duration::from_millis(30), "other hosts do not wait");
        limiter.acquire("a");
        limiter.acquire("a");
        assert!(start.elapsed() >= Duration::from_millis(80));
    }
}

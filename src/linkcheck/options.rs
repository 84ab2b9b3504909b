//! How external links are checked: workers, timeouts, pacing, the cache's lifetime.

use std::time::Duration;

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Requests in flight at once.
    pub workers: usize,
    /// Least time between two requests to one host.
    pub host_interval: Duration,
    /// Time allowed to connect (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time allowed for a whole check of one URL, redirects included.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// How long a cached answer is trusted.
    pub cache_ttl: Duration,
    /// The `User-Agent` sent: a browser's, since many sites turn away unknown clients.
    pub user_agent: String,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            workers: 8,
            host_interval: Duration::from_millis(250),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
            max_redirects: 5,
            cache_ttl: Duration::from_secs(24 * 60 * 60),
            user_agent: concat!(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ",
                "Chrome/131.0.0.0 Safari/537.36 roadbook/",
                env!("CARGO_PKG_VERSION")
            )
            .to_string(),
        }
    }
}

impl LinkOptions {
    /// The defaults, with `ROADBOOK_LINK_TIMEOUT_MS` (the total timeout per URL, e.g. for
    /// tests against a deliberately slow server) applied.
    pub fn from_env() -> LinkOptions {
        let mut opts = LinkOptions::default();
        if let Some(ms) = std::env::var("ROADBOOK_LINK_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|&ms| ms > 0)
        {
            opts.timeout = Duration::from_millis(ms);
        }
        opts
    }
}

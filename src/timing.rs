//! Phase timings for performance work: with `ROADBOOK_TIMINGS=1` in the environment, each
//! timed phase prints `timing: <phase> <ms> ms (rss …)` to stderr. Otherwise it costs one branch.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ROADBOOK_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Runs `f`, printing how long it took when timings are on.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Instant::now();
    let out = f();
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l[6..].trim().to_string())
        })
        .unwrap_or_default();
    eprintln!(
        "timing: {name} {:.1} ms (rss {rss})",
        started.elapsed().as_secs_f64() * 1000.0
    );
    out
}

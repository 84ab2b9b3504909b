//! Phase timings for performance work: with `ROADBOOK_TIMINGS=1` in the environment, each
//! timed phase prints `timing: <phase> <ms> ms (cpu <ms> ms, rss …)` to stderr: wall time, CPU
//! time of the whole process (all threads, user + system) and the resident set after the phase.
//! Otherwise it costs one branch.

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
    let cpu_before = process_cpu_ms();
    let out = f();
    let cpu = process_cpu_ms().zip(cpu_before).map(|(after, before)| after - before);
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l[6..].trim().to_string())
        })
        .unwrap_or_default();
    eprintln!(
        "timing: {name} {:.1} ms (cpu {} ms, rss {rss})",
        started.elapsed().as_secs_f64() * 1000.0,
        cpu.map_or("?".to_string(), |ms| ms.to_string())
    );
    out
}

/// User + system CPU time of the process so far, from `/proc/self/stat` (Linux; 10 ms ticks).
fn process_cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) * 10)
}

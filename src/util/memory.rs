//! Giving freed memory back to the system between the phases of a build.
//!
//! The allocator is the binary's choice (the library does not depend on one), so the binary
//! registers how to return memory it keeps cached ([`set_trim`]); the build calls [`trim`]
//! after its phases that free the most (rendered bodies, the search index's postings). Without
//! it, memory a phase freed stays resident until the allocator's own timer returns it (one
//! second for mimalloc), adding up to ~30 MB to a 10,000-page build's peak.

use std::sync::OnceLock;

static TRIM: OnceLock<fn()> = OnceLock::new();

/// Registers the function that returns the calling thread's cached free memory to the system
/// (for mimalloc: `mi_collect(true)`). Only the first registration counts.
pub fn set_trim(f: fn()) {
    let _ = TRIM.set(f);
}

/// Runs the registered trim function on every rayon worker thread and on the calling thread.
/// Does nothing when none is registered (tests, library users).
pub fn trim() {
    if let Some(&f) = TRIM.get() {
        rayon::broadcast(|_| f());
        f();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static CALLS: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn trim_runs_the_registered_function_on_every_thread() {
        set_trim(|| {
            CALLS.fetch_add(1, Ordering::SeqCst);
        });
        trim();
        // Each rayon worker, plus the caller.
        assert_eq!(CALLS.load(Ordering::SeqCst), rayon::current_num_threads() + 1);
    }
}

//! The `roadbook` binary: everything lives in the library; see `roadbook::cli`.

// Rendering thousands of pages on several threads allocates and frees many small strings and
// template values; under glibc's allocator that was a quarter of a build's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Between build phases, hand freed memory back at once instead of after mimalloc's delay.
    roadbook::set_trim(|| unsafe { libmimalloc_sys::mi_collect(true) });
    roadbook::cli::run()
}

//! The `roadbook` binary: everything lives in the library; see `roadbook::cli`.

fn main() -> std::process::ExitCode {
    roadbook::cli::run()
}

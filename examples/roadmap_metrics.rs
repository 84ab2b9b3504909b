//! The roadmap's layout figures, for `bench/roadmap_bench.sh`:
//!
//! ```sh
//! cargo run --release --example roadmap_metrics -- svg public/index.html   # roadbook's drawing
//! cargo run --release --example roadmap_metrics -- dot public/index.html   # the same graph as DOT
//! cargo run --release --example roadmap_metrics -- plain layout.plain      # Graphviz's drawing
//! cargo run --release --example roadmap_metrics -- site DIR                # writes the synthetic site
//! ```

#[path = "../tests/support/layout.rs"]
mod layout;
#[path = "../tests/support/synthetic.rs"]
mod synthetic;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(path)) = (args.first(), args.get(1)) else {
        eprintln!("usage: roadmap_metrics svg|dot|plain FILE, or roadmap_metrics site DIR");
        return ExitCode::from(2);
    };
    if mode == "site" {
        for (rel, text) in synthetic::site(synthetic::Shape::default()) {
            let file = std::path::Path::new(path).join(rel);
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir).expect("create folder");
            }
            std::fs::write(&file, text).expect("write file");
        }
        return ExitCode::SUCCESS;
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    match mode.as_str() {
        "svg" => println!("{}", layout::metrics(&layout::from_svg(&text))),
        "dot" => print!("{}", layout::to_dot(&layout::from_svg(&text))),
        "plain" => println!("{}", layout::metrics(&layout::from_plain(&text))),
        _ => {
            eprintln!("unknown mode {mode}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

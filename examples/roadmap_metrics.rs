//! The roadmap's layout figures, for `bench/roadmap_bench.sh`:
//!
//! ```sh
//! cargo run --release --example roadmap_metrics -- svg public/index.html   # roadbook's drawing
//! cargo run --release --example roadmap_metrics -- dot public/index.html   # the same graph as DOT
//! cargo run --release --example roadmap_metrics -- plain layout.plain      # Graphviz's drawing
//! cargo run --release --example roadmap_metrics -- arrows public/index.html # each arrow's length
//! cargo run --release --example roadmap_metrics -- site DIR                # writes the synthetic site
//! cargo run --release --example roadmap_metrics -- time 150                # layout time, median ms
//! ```
//!
//! `time N` lays out the synthetic roadmap scaled to about N topics (stages of four main topics
//! each, 3–12 dependents per main topic) 21 times and prints the median.

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
    if mode == "time" {
        let Ok(n) = path.parse::<usize>() else {
            eprintln!("time N: N is a number of topics");
            return ExitCode::from(2);
        };
        time(n);
        return ExitCode::SUCCESS;
    }
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
        "arrows" => {
            let drawing = layout::from_svg(&text);
            let mut arrows: Vec<(f64, &layout::Arrow)> =
                drawing.arrows.iter().map(|a| (layout::length(&a.points), a)).collect();
            arrows.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (length, a) in arrows {
                println!("{length:6.0} px  {} -> {}", a.from, a.to);
            }
        }
        _ => {
            eprintln!("unknown mode {mode}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// Times the layout of the synthetic roadmap of about `n` topics.
fn time(n: usize) {
    use roadbook::diagram::{Band, Node, Roadmap, roadmap_svg};
    // 150 topics are 5 stages of 4 main topics; grow the stages, keep their shape.
    let stages = (n * 5).div_ceil(150).max(1);
    let shape = synthetic::Shape {
        stages,
        ..synthetic::Shape::default()
    };
    let topics = synthetic::topics(shape);
    let index: std::collections::HashMap<&str, usize> =
        topics.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    let map = Roadmap {
        stages: (0..stages)
            .map(|s| Band {
                id: "s",
                title: "단계",
                duration: None,
                url: String::new(),
                parallel: false,
                topics: (0..topics.len()).filter(|&i| topics[i].stage == s).collect(),
            })
            .collect(),
        topics: topics
            .iter()
            .map(|t| Node {
                id: &t.id,
                title: &t.title,
                url: String::new(),
            })
            .collect(),
        requires: topics
            .iter()
            .enumerate()
            .flat_map(|(i, t)| t.requires.iter().map(move |r| (i, r)))
            .map(|(i, r)| (i, index[r.as_str()]))
            .collect(),
        title: "로드맵",
        description: "",
        parallel_label: "병행",
    };
    let mut ms: Vec<f64> = (0..21)
        .map(|_| {
            let start = std::time::Instant::now();
            std::hint::black_box(roadmap_svg(&map));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    println!(
        "{} topics, {} arrows: layout median {:.1} ms",
        map.topics.len(),
        map.requires.len(),
        ms[10]
    );
}

//! Compares LaTeX → MathML converters on `formulas.txt`: which formulas each gets wrong (an
//! error on valid input, malformed XML, a missing expected element or character, bad input
//! accepted) and how long a formula takes. `bench/math_eval.sh` runs it.

use std::time::Instant;

/// One line of the test set.
struct Case {
    line: usize,
    mode: Mode,
    latex: String,
    checks: Vec<Vec<String>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Inline,
    Block,
    Error,
}

type Convert = fn(&str, bool) -> Result<String, String>;

fn math_core(latex: &str, block: bool) -> Result<String, String> {
    use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
    thread_local! {
        static C: LatexToMathML = LatexToMathML::new(MathCoreConfig::default()).unwrap();
    }
    let display = if block { MathDisplay::Block } else { MathDisplay::Inline };
    C.with(|c| c.convert_with_local_state(latex, display))
        .map(|r| r.mathml)
        .map_err(|e| {
            let mut s = String::new();
            e.to_message(&mut s, latex);
            format!("at byte {}: {s}", e.0.start)
        })
}

fn pulldown_latex(latex: &str, block: bool) -> Result<String, String> {
    use pulldown_latex::{Parser, RenderConfig, Storage, config::DisplayMode};
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        return Err(e.to_string());
    }
    let mut out = String::new();
    let config = RenderConfig {
        display_mode: if block { DisplayMode::Block } else { DisplayMode::Inline },
        ..RenderConfig::default()
    };
    pulldown_latex::push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(out)
}

fn latex2mathml(latex: &str, block: bool) -> Result<String, String> {
    use latex2mathml::{DisplayStyle, latex_to_mathml};
    let style = if block {
        DisplayStyle::Block
    } else {
        DisplayStyle::Inline
    };
    latex_to_mathml(latex, style).map_err(|e| e.to_string())
}

fn read_cases(path: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(path).expect("formulas file");
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split(" ;; ").collect();
        let mode = match parts[0] {
            "i" => Mode::Inline,
            "b" => Mode::Block,
            "err" => Mode::Error,
            other => panic!("line {}: mode {other}", i + 1),
        };
        let checks = parts
            .get(2)
            .map(|c| {
                c.split_whitespace()
                    .map(|alt| alt.split("||").map(str::to_string).collect())
                    .collect()
            })
            .unwrap_or_default();
        cases.push(Case {
            line: i + 1,
            mode,
            latex: parts[1].trim_end_matches(" ;;").to_string(),
            checks,
        });
    }
    cases
}

/// Why `out` is wrong for `case`, if it is.
fn verdict(case: &Case, out: &Result<String, String>) -> Option<String> {
    match (case.mode, out) {
        (Mode::Error, Ok(_)) => Some("accepted bad LaTeX".into()),
        (Mode::Error, Err(_)) => None,
        (_, Err(e)) => Some(format!("error: {e}")),
        (mode, Ok(html)) => {
            let doc = match roxmltree::Document::parse(html) {
                Ok(d) => d,
                Err(e) => return Some(format!("not well-formed XML: {e}")),
            };
            if doc.root_element().tag_name().name() != "math" {
                return Some("root is not <math>".into());
            }
            if mode == Mode::Block && doc.root_element().attribute("display") != Some("block") {
                return Some("display math without display=\"block\"".into());
            }
            let missing: Vec<String> = case
                .checks
                .iter()
                .filter(|alts| !alts.iter().any(|a| html.contains(a.as_str())))
                .map(|alts| alts.join(" or "))
                .collect();
            (!missing.is_empty()).then(|| format!("missing {}", missing.join(", ")))
        }
    }
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "formulas.txt".into());
    let show = std::env::args().any(|a| a == "--show");
    let cases = read_cases(&path);
    let candidates: [(&str, Convert); 3] = [
        ("math-core 0.7.0", math_core),
        ("pulldown-latex 0.8.0", pulldown_latex),
        ("latex2mathml 0.2.3", latex2mathml),
    ];
    let valid = cases.iter().filter(|c| c.mode != Mode::Error).count();
    println!("{} formulas, {} bad inputs ({path})\n", valid, cases.len() - valid);
    for (name, convert) in candidates {
        let mut wrong = Vec::new();
        for case in &cases {
            let out = convert(&case.latex, case.mode == Mode::Block);
            if show {
                println!("{name} line {}: {:?}", case.line, out);
            }
            if let Some(why) = verdict(case, &out) {
                wrong.push(format!("  line {:>3}: {}  — {why}", case.line, case.latex));
            }
        }
        // Median of 7 runs over the whole set, 50 times each.
        let mut runs: Vec<f64> = (0..7)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..50 {
                    for case in &cases {
                        std::hint::black_box(convert(&case.latex, case.mode == Mode::Block).ok());
                    }
                }
                start.elapsed().as_secs_f64() * 1e6 / (50 * cases.len()) as f64
            })
            .collect();
        runs.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{name}: {} of {} wrong, {:.1} µs per formula (median)",
            wrong.len(),
            cases.len(),
            runs[3]
        );
        for w in &wrong {
            println!("{w}");
        }
        println!();
    }
}

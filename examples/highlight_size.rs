//! How compact roadbook's highlighted HTML is, against syntect's own classed HTML:
//!
//! ```sh
//! cargo run --release --example highlight_size
//! ```
//!
//! Takes every fenced code block of this repository's handbook (`content/`), cuts each to 30
//! lines, highlights it with roadbook's engine (one short class per token category, runs
//! merged) and with syntect's `ClassedHTMLGenerator` (`ClassStyle::SpacedPrefixed`, one span per
//! scope, nested), and prints the average bytes per 30-line block of both. Used for the figures
//! in docs/performance.md.

use roadbook::highlight::{Engine, SyntectEngine};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::util::LinesWithEndings;

fn main() {
    let set = two_face::syntax::extra_newlines();
    let engine = SyntectEngine::new();
    let mut blocks = Vec::new();
    for entry in walkdir::WalkDir::new("content").into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let Some(lang) = line.strip_prefix("```").filter(|l| !l.is_empty() && *l != "text") else {
                continue;
            };
            let code: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
            if code.len() >= 10 {
                let code: String = code.iter().take(30).map(|l| format!("{l}\n")).collect();
                blocks.push((lang.to_string(), code));
            }
        }
    }
    let (mut ours, mut theirs, mut lines, mut n) = (0usize, 0usize, 0usize, 0usize);
    for (lang, code) in &blocks {
        let Ok(html) = engine.highlight(code, lang) else {
            continue;
        };
        let token = match lang.as_str() {
            "ts" => "typescript",
            "js" => "javascript",
            "hcl" => "tf",
            other => other,
        };
        let Some(syntax) = set.find_syntax_by_token(token) else {
            continue;
        };
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &set, ClassStyle::SpacedPrefixed { prefix: "hl-" });
        for line in LinesWithEndings::from(code) {
            let _ = generator.parse_html_for_line_which_includes_newline(line);
        }
        ours += html.len();
        theirs += generator.finalize().len();
        lines += code.lines().count();
        n += 1;
    }
    let per30 = |bytes: usize| bytes as f64 / lines as f64 * 30.0;
    println!("{n} blocks from content/, {lines} lines");
    println!("roadbook: {:.0} bytes per 30-line block", per30(ours));
    println!(
        "syntect ClassedHTMLGenerator (SpacedPrefixed): {:.0} bytes per 30-line block",
        per30(theirs)
    );
    println!("ratio: {:.2}", ours as f64 / theirs as f64);
}

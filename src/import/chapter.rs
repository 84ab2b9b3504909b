//! mdBook chapter bodies rewritten for roadbook: the leading `# Title` dropped (the topic
//! page shows it), `{{#include}}`, `{{#rustdoc_include}}` and `{{#playground}}` of listing
//! files inlined (line ranges and anchors kept), `<!-- ignore -->` markers and rustdoc's
//! hidden `# ` lines dropped, relative `.md` links pointed at the new topic files and links to
//! other files made root-relative (they are copied to `static/`).

use std::collections::HashMap;
use std::path::Path;

use super::report::{Action, Report};
use super::site::is_markdown;
use super::text::{self, Fences, code};

/// A chapter without its leading `# Heading`: the topic page shows its title as the heading
/// already. The line is blanked, not removed, so later lines keep their numbers for the
/// report; a heading that differs from the title in SUMMARY.md is reported.
pub(crate) fn drop_title(body: &str, title: &str, first_line: usize, rel: &str, report: &mut Report) -> String {
    let Some((i, line)) = body.lines().enumerate().find(|(_, l)| !l.trim().is_empty()) else {
        return body.to_string();
    };
    let Some(heading) = line.strip_prefix("# ").map(str::trim) else {
        return body.to_string();
    };
    if heading != title.trim() {
        report.add(
            rel,
            first_line + i,
            code(line),
            Action::Approximated,
            format!("the topic's title is SUMMARY.md's `{title}`"),
        );
    }
    let mut lines: Vec<&str> = body.lines().collect();
    lines[i] = "";
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// What a chapter's body is rewritten with.
pub(crate) struct Ctx<'a> {
    /// The book's folder: includes may reach outside `src/` (the Rust book keeps its
    /// `listings/` beside it) but not outside the book.
    pub(crate) root: &'a Path,
    /// The book's `src/` folder.
    pub(crate) src: &'a Path,
    /// The chapter's path from the source root, for the report.
    pub(crate) rel: &'a str,
    /// The chapter's path from `src/`.
    pub(crate) path: &'a str,
    /// The topic id of each chapter, by its path from `src/`.
    pub(crate) topic_of: &'a HashMap<String, String>,
}

impl Ctx<'_> {
    /// A path relative to the chapter, from `src/`, with `..` resolved.
    fn in_src(&self, target: &str) -> String {
        let mut parts: Vec<&str> = self.path.split('/').collect();
        parts.pop();
        for seg in target.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        parts.join("/")
    }

    /// The file an `{{#include}}` names, relative to the chapter's folder on disk; `None`
    /// when it lies outside the book.
    fn include_path(&self, target: &str) -> Option<std::path::PathBuf> {
        let dir = self.path.rsplit_once('/').map_or("", |(d, _)| d);
        let mut path = self.src.join(dir);
        for seg in target.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    if !path.pop() {
                        return None;
                    }
                }
                s => path.push(s),
            }
        }
        path.starts_with(self.root).then_some(path)
    }
}

pub(crate) fn convert(body: &str, first_line: usize, ctx: &Ctx<'_>, report: &mut Report) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fences = Fences::default();
    let mut rust_block = false;
    for (i, line) in body.lines().enumerate() {
        let n = first_line + i;
        let trimmed = line.trim();
        if trimmed == "<!-- ignore -->" {
            continue;
        }
        let was_code = rust_block;
        let is_code = fences.is_code(line);
        if is_code && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let info = trimmed.trim_start_matches(['`', '~']);
            let lang = info.split([',', ' ']).next().unwrap_or_default();
            rust_block = !was_code && lang == "rust";
            if !was_code || !info.is_empty() {
                let fence = &trimmed[..trimmed.len() - info.len()];
                out.push(format!("{fence}{lang}"));
                continue;
            }
            rust_block = false;
            out.push(line.to_string());
            continue;
        }
        let line = includes(line, ctx, n, report);
        if is_code {
            // rustdoc's hidden lines, which mdBook hides too.
            for l in line.split('\n') {
                if rust_block && (l.trim() == "#" || l.trim_start().starts_with("# ")) {
                    continue;
                }
                out.push(l.to_string());
            }
            continue;
        }
        out.push(links(&line, ctx, n, report));
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// `{{#include file}}` (with `:from:to` lines or an `:anchor`), `{{#rustdoc_include}}`,
/// `{{#playground}}`; `{{#title}}` is dropped.
fn includes(line: &str, ctx: &Ctx<'_>, n: usize, report: &mut Report) -> String {
    let mut out = line.to_string();
    for tag in text::tags(line, "{{#", "}}").into_iter().rev() {
        let whole = &line[tag.range.clone()];
        let (cmd, arg) = tag.inner.split_once(' ').unwrap_or((tag.inner, ""));
        let replacement = match cmd {
            "include" | "rustdoc_include" | "playground" => {
                let arg = arg.split_whitespace().next().unwrap_or_default();
                let (file, range) = arg.split_once(':').unwrap_or((arg, ""));
                let read = ctx
                    .include_path(file)
                    .ok_or_else(|| "it is outside the book's folder".to_string())
                    .and_then(|path| std::fs::read_to_string(path).map_err(|e| e.to_string()));
                match read {
                    Ok(text) => {
                        let text = super::frontmatter::normalize_text(&text);
                        let selected = select(&text, range);
                        if cmd == "playground" {
                            Some(format!("```rust\n{}\n```", selected.trim_end()))
                        } else {
                            Some(selected.trim_end_matches('\n').to_string())
                        }
                    }
                    Err(e) => {
                        report.add(
                            ctx.rel,
                            n,
                            code(whole),
                            Action::Kept,
                            format!("cannot read {file}: {e}"),
                        );
                        None
                    }
                }
            }
            "title" => {
                report.add(
                    ctx.rel,
                    n,
                    code(whole),
                    Action::Dropped,
                    "the page title comes from SUMMARY.md",
                );
                Some(String::new())
            }
            _ => {
                report.add(
                    ctx.rel,
                    n,
                    code(whole),
                    Action::Kept,
                    "mdBook helper roadbook does not have",
                );
                None
            }
        };
        if let Some(r) = replacement {
            out.replace_range(tag.range.clone(), &r);
        }
    }
    out
}

/// The lines of an included file: all, `N`, `N:M`, `:M`, `N:`, or those between
/// `ANCHOR: name` and `ANCHOR_END: name`; anchor marker lines are left out.
fn select(text: &str, range: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let keep = |l: &&str| !(l.contains("ANCHOR:") || l.contains("ANCHOR_END:"));
    let num = |s: &str| s.trim().parse::<usize>().ok();
    let picked: Vec<&str> = if range.is_empty() {
        lines.clone()
    } else if let Some((a, b)) = range.split_once(':') {
        let from = num(a).unwrap_or(1).max(1) - 1;
        let to = num(b).unwrap_or(lines.len()).min(lines.len());
        lines.get(from..to.max(from)).unwrap_or_default().to_vec()
    } else if let Some(line) = num(range) {
        lines.get(line.saturating_sub(1)..line).unwrap_or_default().to_vec()
    } else {
        let start = lines.iter().position(|l| l.contains(&format!("ANCHOR: {range}")));
        let end = lines.iter().position(|l| l.contains(&format!("ANCHOR_END: {range}")));
        match (start, end) {
            (Some(s), Some(e)) if s < e => lines[s + 1..e].to_vec(),
            _ => lines.clone(),
        }
    };
    picked.into_iter().filter(keep).collect::<Vec<_>>().join("\n")
}

/// Relative links: chapters to their topic file, other files to their copy in `static/`.
fn links(line: &str, ctx: &Ctx<'_>, n: usize, report: &mut Report) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i + 2]);
        let after = &rest[i + 2..];
        let end = after.find([')', ' ']).unwrap_or(after.len());
        let target = &after[..end];
        let external = target.contains(':') || target.starts_with(['/', '#', '<']) || target.is_empty();
        if external {
            out.push_str(target);
        } else {
            let (path, anchor) = target.split_once('#').map_or((target, None), |(p, a)| (p, Some(a)));
            let from_src = crate::util::slug::nfc(&ctx.in_src(&text::percent_decode(path)));
            let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
            if is_markdown(&from_src) {
                match ctx.topic_of.get(&from_src) {
                    Some(id) => out.push_str(&format!("{id}.md{anchor}")),
                    None => {
                        report.add(
                            ctx.rel,
                            n,
                            code(target),
                            Action::Kept,
                            "a link to a chapter not in SUMMARY.md",
                        );
                        out.push_str(target);
                    }
                }
            } else {
                out.push_str(&format!("/{from_src}{anchor}"));
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_select_lines_and_anchors() {
        let text = "a\n// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\nb\n";
        assert_eq!(select(text, "main"), "fn main() {}");
        assert_eq!(select(text, "1:1"), "a");
        assert_eq!(select(text, "5"), "b");
        assert_eq!(select(text, ""), "a\nfn main() {}\nb");
    }
}

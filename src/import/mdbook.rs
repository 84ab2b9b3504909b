//! mdBook books: `SUMMARY.md` parts become stages (or one stage for a book without parts),
//! chapters become topics in their order (nested chapters keep theirs), `{{#include}}` and
//! `{{#rustdoc_include}}` of listing files are inlined, `<!-- ignore -->` markers and rustdoc's
//! hidden `# ` lines dropped, relative `.md` links pointed at the new topic files, and the
//! book's other files copied to `static/` with links to them made root-relative.

use std::collections::HashMap;
use std::path::Path;

use super::fields::{self, list, str_value};
use super::frontmatter::Value;
use super::report::{Action, Report};
use super::site::{NewSite, files, is_markdown, read_text};
use super::text::{self, Fences, ascii_id, code};
use crate::diagnostics::Diagnostic;

/// A chapter listed in `SUMMARY.md`.
#[derive(Debug, Clone, PartialEq)]
struct Chapter {
    title: String,
    /// Path from the book's `src/`.
    path: String,
    /// Index into the stages.
    stage: usize,
}

/// Reads the mdBook at `source`. Fails when `book.toml` or `SUMMARY.md` cannot be read.
pub fn read(source: &Path, warnings: &mut Vec<Diagnostic>) -> Result<NewSite, Vec<Diagnostic>> {
    let mut site = NewSite::default();
    let book = match read_text(&source.join("book.toml"), "book.toml", &mut site.report, warnings) {
        Some(text) => super::frontmatter::parse("book.toml", &format!("+++\n{text}\n+++\n"))
            .map(|p| Value::Map(p.entries.into_iter().map(|e| (e.key, e.value)).collect()))
            .map_err(|d| vec![d])?,
        None => {
            return Err(vec![
                Diagnostic::error("cannot read book.toml").with_path(source.join("book.toml")),
            ]);
        }
    };
    let meta = book.get("book");
    let get = |k: &str| meta.and_then(|m| m.get(k));
    let title = get("title").and_then(Value::as_text).unwrap_or_else(|| "Book".into());
    site.config = super::site::new_config(
        Some(title.clone()),
        get("description").and_then(Value::as_text),
        book.get("output")
            .and_then(|o| o.get("html"))
            .and_then(|h| h.get("site-url"))
            .and_then(Value::as_text),
        get("language").and_then(Value::as_text),
        get("authors").map(|a| a.as_strings(false).join(", ")),
    );
    let src_dir = get("src").and_then(Value::as_text).unwrap_or_else(|| "src".into());
    let src = source.join(&src_dir);
    let summary_rel = format!("{src_dir}/SUMMARY.md");
    let Some(summary) = read_text(&src.join("SUMMARY.md"), &summary_rel, &mut site.report, warnings) else {
        return Err(vec![
            Diagnostic::error(format!("cannot read {summary_rel}"))
                .with_help("an mdBook lists its chapters in src/SUMMARY.md"),
        ]);
    };
    let (stages, chapters) = parse_summary(&summary, &title, &summary_rel, &mut site.report);
    // Stage and topic ids.
    let mut used = std::collections::HashSet::new();
    let mut unique = |base: String, fallback: String| {
        let base = if base.is_empty() { fallback } else { base };
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    };
    let stage_ids: Vec<String> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| unique(ascii_id(s), format!("part-{}", i + 1)))
        .collect();
    let mut topic_of: HashMap<String, String> = HashMap::new();
    for (i, ch) in chapters.iter().enumerate() {
        let stem = ch.path.rsplit('/').next().unwrap_or_default().trim_end_matches(".md");
        let dir = ch.path.rsplit_once('/').map_or("", |(d, _)| d);
        let base = match ascii_id(stem).as_str() {
            "readme" | "index" if !dir.is_empty() => ascii_id(dir.rsplit('/').next().unwrap_or(dir)),
            "readme" | "index" => "introduction".into(),
            other => other.to_string(),
        };
        let id = unique(base, format!("chapter-{}", i + 1));
        topic_of.insert(ch.path.clone(), id);
    }
    for (i, (name, id)) in stages.iter().zip(&stage_ids).enumerate() {
        let fm = fields::write(&[
            ("title", Some(str_value(name))),
            ("order", Some(toml::Value::Integer(i as i64 + 1))),
        ]);
        site.files.insert(format!("content/stages/{id}.md"), fm);
    }
    let mut order = vec![0i64; stages.len()];
    let mut previous: Vec<Option<String>> = vec![None; stages.len()];
    for ch in &chapters {
        let rel = format!("{src_dir}/{}", ch.path);
        let id = &topic_of[&ch.path];
        let Some(text) = read_text(&src.join(&ch.path), &rel, &mut site.report, warnings) else {
            continue;
        };
        let parsed = match super::site::parse_front_matter(&rel, &text, &mut site.report, warnings) {
            Some(p) => p,
            None => continue,
        };
        order[ch.stage] += 1;
        // A book is read in order: each chapter requires the one before it in its part.
        let requires: Vec<String> = previous[ch.stage].replace(id.clone()).into_iter().collect();
        let fm = fields::write(&[
            ("title", Some(str_value(&ch.title))),
            ("stage", Some(str_value(&stage_ids[ch.stage]))),
            ("order", Some(toml::Value::Integer(order[ch.stage]))),
            ("requires", list(&requires)),
            ("aliases", list(&old_url(&ch.path).into_iter().collect::<Vec<_>>())),
        ]);
        let ctx = Ctx {
            root: source,
            src: &src,
            rel: &rel,
            path: &ch.path,
            topic_of: &topic_of,
        };
        let body = drop_title(&parsed.body, &ch.title, parsed.body_line, &rel, &mut site.report);
        let body = convert(&body, parsed.body_line, &ctx, &mut site.report);
        site.files
            .insert(format!("content/topics/{id}.md"), format!("{fm}{body}"));
    }
    for (path, file) in files(&src) {
        if is_markdown(&path) {
            if path != "SUMMARY.md" && !topic_of.contains_key(&path) {
                site.report.add(
                    &format!("{src_dir}/{path}"),
                    0,
                    "a chapter file not in SUMMARY.md",
                    Action::Skipped,
                    "mdBook did not publish it either",
                );
            }
        } else {
            site.copies.insert(format!("static/{path}"), file);
        }
    }
    Ok(site)
}

/// A chapter without its leading `# Heading`: the topic page shows its title as the heading
/// already. The line is blanked, not removed, so later lines keep their numbers for the
/// report; a heading that differs from the title in SUMMARY.md is reported.
fn drop_title(body: &str, title: &str, first_line: usize, rel: &str, report: &mut Report) -> String {
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

/// The URL mdBook gave a chapter: `ch01/a.md` → `/ch01/a.html`, a `README.md` → its folder
/// (`None` for the book's own, which is the home page now).
fn old_url(path: &str) -> Option<String> {
    let stem = path.trim_end_matches(".md");
    let (dir, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    match name {
        "README" | "index" if dir.is_empty() => None,
        "README" | "index" => Some(format!("/{dir}/")),
        _ => Some(format!("/{stem}.html")),
    }
}

/// The stages (part titles) and chapters of a `SUMMARY.md`.
fn parse_summary(text: &str, book: &str, rel: &str, report: &mut Report) -> (Vec<String>, Vec<Chapter>) {
    let mut stages: Vec<String> = Vec::new();
    let mut chapters = Vec::new();
    let mut seen_title = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(h) = t.strip_prefix('#') {
            if seen_title || !chapters.is_empty() {
                stages.push(h.trim_start_matches('#').trim().to_string());
            }
            seen_title = true;
            continue;
        }
        let item = t.trim_start_matches(['-', '*']).trim_start();
        let item = item
            .split_once(". ")
            .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
            .map_or(item, |(_, r)| r);
        let Some(rest) = item.strip_prefix('[') else { continue };
        let Some((title, target)) = rest.split_once("](") else {
            continue;
        };
        let target = target.trim_end().trim_end_matches(')').trim();
        if target.is_empty() {
            report.add(rel, i + 1, code(t), Action::Skipped, "a draft chapter has no file");
            continue;
        }
        if stages.is_empty() {
            stages.push(book.to_string());
        }
        let path = crate::util::slug::nfc(&percent_decode(target.trim_start_matches("./")));
        chapters.push(Chapter {
            title: title.to_string(),
            path,
            stage: stages.len() - 1,
        });
    }
    // A part heading with no chapters after it is not a stage.
    let used: std::collections::BTreeSet<usize> = chapters.iter().map(|c| c.stage).collect();
    let map: HashMap<usize, usize> = used.iter().enumerate().map(|(new, &old)| (old, new)).collect();
    let stages = used.iter().map(|&s| stages[s].clone()).collect();
    for c in &mut chapters {
        c.stage = map[&c.stage];
    }
    (stages, chapters)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

struct Ctx<'a> {
    /// The book's folder: includes may reach outside `src/` (the Rust book keeps its
    /// `listings/` beside it) but not outside the book.
    root: &'a Path,
    src: &'a Path,
    /// The chapter's path from the source root, for the report.
    rel: &'a str,
    /// The chapter's path from `src/`.
    path: &'a str,
    topic_of: &'a HashMap<String, String>,
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

fn convert(body: &str, first_line: usize, ctx: &Ctx<'_>, report: &mut Report) -> String {
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
            let from_src = crate::util::slug::nfc(&ctx.in_src(&percent_decode(path)));
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
    fn summary_parts_become_stages() {
        let summary = "# Summary\n\n[소개](README.md)\n\n# 기초\n\n- [설치](ch01/install.md)\n    - [도구](ch01/tools.md)\n- [초안]()\n\n# Advanced\n\n1. [Async](ch02/async.md)\n\n# Empty\n";
        let mut report = Report::default();
        let (stages, chapters) = parse_summary(summary, "책", "src/SUMMARY.md", &mut report);
        assert_eq!(stages, ["책", "기초", "Advanced"]);
        let got: Vec<(&str, usize)> = chapters.iter().map(|c| (c.path.as_str(), c.stage)).collect();
        assert_eq!(
            got,
            [
                ("README.md", 0),
                ("ch01/install.md", 1),
                ("ch01/tools.md", 1),
                ("ch02/async.md", 2)
            ]
        );
        assert_eq!(report.items()[0].line, 9);
    }

    #[test]
    fn old_chapter_urls() {
        assert_eq!(old_url("ch01/install.md").as_deref(), Some("/ch01/install.html"));
        assert_eq!(old_url("ch01/README.md").as_deref(), Some("/ch01/"));
        assert_eq!(old_url("README.md"), None);
    }

    #[test]
    fn includes_select_lines_and_anchors() {
        let text = "a\n// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\nb\n";
        assert_eq!(select(text, "main"), "fn main() {}");
        assert_eq!(select(text, "1:1"), "a");
        assert_eq!(select(text, "5"), "b");
        assert_eq!(select(text, ""), "a\nfn main() {}\nb");
    }
}

//! mdBook books: `SUMMARY.md` parts become stages (or one stage for a book without parts),
//! chapters become topics in their order (nested chapters keep theirs), `{{#include}}` and
//! `{{#rustdoc_include}}` of listing files are inlined, `<!-- ignore -->` markers and rustdoc's
//! hidden `# ` lines dropped, relative `.md` links pointed at the new topic files, and the
//! book's other files copied to `static/` with links to them made root-relative.

use std::collections::HashMap;
use std::path::Path;

use super::chapter::{Ctx, convert, drop_title};
use super::fields::{self, list, str_value};
use super::frontmatter::Value;
use super::report::{Action, Report};
use super::site::{NewSite, files, is_markdown, read_text};
use super::text::{self, ascii_id, code};
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
    let (stage_ids, topic_of) = ids(&stages, &chapters);
    for (i, (name, id)) in stages.iter().zip(&stage_ids).enumerate() {
        let fm = fields::write(&[
            ("title", Some(str_value(name))),
            ("order", Some(toml::Value::Integer(i as i64 + 1))),
        ]);
        site.files.insert(format!("content/stages/{id}.md"), fm);
    }
    let book = Book {
        root: source,
        src: &src,
        src_dir: &src_dir,
        stage_ids: &stage_ids,
        topic_of: &topic_of,
    };
    topics(&book, &chapters, &mut site, warnings);
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

/// Where a book's chapters are and what they become.
struct Book<'a> {
    root: &'a Path,
    /// The `src/` folder, and its name in the book.
    src: &'a Path,
    src_dir: &'a str,
    stage_ids: &'a [String],
    /// The topic id of each chapter, by its path from `src/`.
    topic_of: &'a HashMap<String, String>,
}

/// Stage ids from part titles (`part-N` for a Korean title), topic ids from chapter file
/// names (a `README.md` by its folder), each unique.
fn ids(stages: &[String], chapters: &[Chapter]) -> (Vec<String>, HashMap<String, String>) {
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
    let stage_ids = stages
        .iter()
        .enumerate()
        .map(|(i, s)| unique(ascii_id(s), format!("part-{}", i + 1)))
        .collect();
    let mut topic_of = HashMap::new();
    for (i, ch) in chapters.iter().enumerate() {
        let stem = ch.path.rsplit('/').next().unwrap_or_default().trim_end_matches(".md");
        let dir = ch.path.rsplit_once('/').map_or("", |(d, _)| d);
        let base = match ascii_id(stem).as_str() {
            "readme" | "index" if !dir.is_empty() => ascii_id(dir.rsplit('/').next().unwrap_or(dir)),
            "readme" | "index" => "introduction".into(),
            other => other.to_string(),
        };
        topic_of.insert(ch.path.clone(), unique(base, format!("chapter-{}", i + 1)));
    }
    (stage_ids, topic_of)
}

/// Each chapter as a topic of its part's stage, in order; each requires the chapter before it
/// in its part, as a book is read in order.
fn topics(book: &Book<'_>, chapters: &[Chapter], site: &mut NewSite, warnings: &mut Vec<Diagnostic>) {
    let stages = book.stage_ids.len();
    let mut order = vec![0i64; stages];
    let mut previous: Vec<Option<String>> = vec![None; stages];
    for ch in chapters {
        let rel = format!("{}/{}", book.src_dir, ch.path);
        let id = &book.topic_of[&ch.path];
        let Some(text) = read_text(&book.src.join(&ch.path), &rel, &mut site.report, warnings) else {
            continue;
        };
        let Some(parsed) = super::site::parse_front_matter(&rel, &text, &mut site.report, warnings) else {
            continue;
        };
        order[ch.stage] += 1;
        let requires: Vec<String> = previous[ch.stage].replace(id.clone()).into_iter().collect();
        let fm = fields::write(&[
            ("title", Some(str_value(&ch.title))),
            ("stage", Some(str_value(&book.stage_ids[ch.stage]))),
            ("order", Some(toml::Value::Integer(order[ch.stage]))),
            ("requires", list(&requires)),
            ("aliases", list(&old_url(&ch.path).into_iter().collect::<Vec<_>>())),
        ]);
        let ctx = Ctx {
            root: book.root,
            src: book.src,
            rel: &rel,
            path: &ch.path,
            topic_of: book.topic_of,
        };
        let body = drop_title(&parsed.body, &ch.title, parsed.body_line, &rel, &mut site.report);
        let body = convert(&body, parsed.body_line, &ctx, &mut site.report);
        site.files
            .insert(format!("content/topics/{id}.md"), format!("{fm}{body}"));
    }
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
        let path = crate::util::slug::nfc(&text::percent_decode(target.trim_start_matches("./")));
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
}

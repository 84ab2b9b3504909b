//! `roadbook new`: scaffolds a post or a topic with valid front matter.
//!
//! Each function writes exactly one new file and returns its path. Nothing is ever overwritten:
//! existing files are refused with a diagnostic, and the file is created with `create_new`, so a
//! file that appears between the check and the write is not clobbered either. Every id the new
//! front matter refers to is checked against the files under `content/` first, so the scaffold
//! builds as written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, did_you_mean, nearest};
use crate::util::slug;

/// What `roadbook new post` was asked for.
#[derive(Debug, Clone, Default)]
pub struct PostSpec {
    /// The title, as typed; the file name is its slug.
    pub title: String,
    /// Topic ids the post is a study note for.
    pub topics: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// What `roadbook new topic` was asked for.
#[derive(Debug, Clone, Default)]
pub struct TopicSpec {
    /// The topic id (the file stem).
    pub id: String,
    /// The id of the stage it belongs to.
    pub stage: String,
    /// The title; the id when absent.
    pub title: Option<String>,
}

/// Today's calendar date in the system time zone: the date a new post gets.
pub fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// Writes `content/blog/<slug>.md` under `root` for a new post dated `today`, as a draft, and
/// returns its path. The slug is [`slug::title_slug`] of the title (Korean kept).
pub fn post(root: &Path, spec: &PostSpec, today: jiff::civil::Date) -> Result<PathBuf, Vec<Diagnostic>> {
    Config::load(root)?;
    let title = spec.title.trim();
    let slug = slug::title_slug(title);
    let mut problems = Vec::new();
    if slug.is_empty() {
        problems.push(
            Diagnostic::error(format!("cannot make a file name from the title `{title}`"))
                .with_help("the title needs at least one letter or digit, e.g. roadbook new post \"캐싱 입문\""),
        );
    }
    let topics = clean_list(&spec.topics);
    problems.extend(unknown_ids(root, "topics", "topic", "--topics", &topics));
    let blog = root.join("content").join("blog");
    if !slug.is_empty()
        && let Some(existing) = existing_post(&blog, &slug)
    {
        problems.push(
            Diagnostic::error(format!("a post with the slug `{slug}` already exists"))
                .with_path(existing)
                .with_help("edit that file, or choose a different title"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let text = post_text(title, &slug, today, &topics, &clean_list(&spec.tags));
    let path = blog.join(format!("{slug}.md"));
    create(&path, &text)?;
    Ok(path)
}

/// Writes `content/topics/<id>.md` under `root` with front matter and the handbook's section
/// skeleton, and returns its path.
pub fn topic(root: &Path, spec: &TopicSpec) -> Result<PathBuf, Vec<Diagnostic>> {
    let config = Config::load(root)?;
    let id = spec.id.trim();
    let stage = spec.stage.trim();
    let mut problems = Vec::new();
    if !slug::is_valid_id(id) {
        problems.push(Diagnostic::error(format!("invalid topic id `{id}`")).with_help(format!(
            "topic ids are lowercase ASCII letters, digits and `-`, e.g. `{}`",
            suggested_id(id)
        )));
    }
    problems.extend(unknown_ids(root, "stages", "stage", "--stage", &[stage.to_string()]));
    let path = root.join("content").join("topics").join(format!("{id}.md"));
    if problems.is_empty() && path.exists() {
        problems.push(
            Diagnostic::error(format!("the topic `{id}` already exists"))
                .with_path(&path)
                .with_help("edit that file, or choose a different id"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = spec
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(id);
    create(&path, &topic_text(title, stage, &config.language))?;
    Ok(path)
}

/// The text of a new post. A slug that itself starts with a date (`2026-11-20-회고`) is
/// written as a `slug` field, or loading the file would read that prefix as the date.
pub fn post_text(title: &str, slug: &str, date: jiff::civil::Date, topics: &[String], tags: &[String]) -> String {
    let mut text = String::from("+++\n");
    text.push_str(&format!("title = {}\n", toml_string(title)));
    text.push_str(&format!("date = {date}\n"));
    if crate::load::date_prefix(slug).is_some() {
        text.push_str(&format!("slug = {}\n", toml_string(slug)));
    }
    text.push_str(&format!("topics = {}\n", toml_list(topics)));
    text.push_str(&format!("tags = {}\n", toml_list(tags)));
    // Like `hugo new`: a post starts as a draft, published only by deleting this line.
    text.push_str("draft = true\n+++\n\n");
    text
}

/// The text of a new topic: front matter and the four sections every handbook topic has.
pub fn topic_text(title: &str, stage: &str, language: &str) -> String {
    let sections: [(&str, &str); 4] = if language == "en" {
        [
            (
                "Why it matters",
                "what this topic is for in practice, and what goes wrong without it",
            ),
            ("Common mistakes", "the mistakes learners make, and how to notice them"),
            ("Exercises", "numbered exercises that practise the topic"),
            ("Checklist", "`- [ ]` items a reader can tick once they can do them"),
        ]
    } else {
        [
            (
                "왜 중요한가",
                "이 주제가 실무에서 왜 필요한지, 모르면 어떤 문제가 생기는지",
            ),
            ("자주 하는 실수", "배우는 사람이 자주 하는 실수와 알아차리는 방법"),
            ("연습 문제", "번호를 매긴 연습 문제"),
            ("체크리스트", "할 수 있게 되면 체크하는 `- [ ]` 항목"),
        ]
    };
    let mut text = String::from("+++\n");
    text.push_str(&format!("title = {}\n", toml_string(title)));
    text.push_str(&format!("stage = {}\n", toml_string(stage)));
    text.push_str("requires = []\nrelated = []\ntags = []\n+++\n");
    for (heading, hint) in sections {
        text.push_str(&format!("\n## {heading}\n\n<!-- {hint} -->\n"));
    }
    text
}

/// A TOML basic string, escaped.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Trimmed, non-empty, first occurrence only.
fn clean_list(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

/// The ids of `content/<folder>/*.md`, sorted.
fn ids_in(root: &Path, folder: &str) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content").join(folder))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let id = name.strip_suffix(".md")?;
            slug::is_valid_id(id).then(|| id.to_string())
        })
        .collect();
    ids.sort();
    ids
}

/// One error per id in `wanted` that has no `content/<folder>/<id>.md`, with suggestions.
fn unknown_ids(root: &Path, folder: &str, kind: &str, flag: &str, wanted: &[String]) -> Vec<Diagnostic> {
    let known = ids_in(root, folder);
    wanted
        .iter()
        .filter(|id| !known.contains(id))
        .map(|id| {
            let d = Diagnostic::error(format!("unknown {kind} `{id}` in {flag}"));
            if let Some(s) = did_you_mean(id, known.iter().map(String::as_str)) {
                return d.with_help(format!("did you mean `{s}`?"));
            }
            let close = nearest(id, known.iter().map(String::as_str), 3);
            if !close.is_empty() {
                d.with_help(format!("close {kind} ids: {}", close.join(", ")))
            } else if known.is_empty() {
                d.with_help(format!("there are no {folder} yet: content/{folder}/ is empty"))
            } else {
                d.with_help(format!("{kind} ids are the file names in content/{folder}/"))
            }
        })
        .collect()
}

/// An existing post file or bundle that would get `slug`: `<slug>.md`, `<slug>/`, or either
/// with a date prefix.
fn existing_post(blog: &Path, slug: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(blog).ok()?;
    entries.flatten().map(|e| e.path()).find(|path| {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        let stem = if path.is_dir() {
            Some(name)
        } else {
            name.strip_suffix(".md")
        };
        let Some(stem) = stem.map(slug::nfc) else {
            return false;
        };
        stem == slug || crate::load::date_prefix(&stem).is_some_and(|(_, rest)| rest == slug)
    })
}

/// A lowercase ASCII id suggestion for an invalid one: `Cache Aside` → `cache-aside`.
fn suggested_id(id: &str) -> String {
    let s: String = slug::title_slug(id)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s = s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if s.is_empty() { "cache-aside".into() } else { s }
}

/// Creates `path` (and its folder) with `text`; an existing file is an error, never replaced.
fn create(path: &Path, text: &str) -> Result<(), Vec<Diagnostic>> {
    let fail = |e: std::io::Error| {
        let message = if e.kind() == std::io::ErrorKind::AlreadyExists {
            "the file already exists".to_string()
        } else {
            format!("cannot write the file: {e}")
        };
        vec![Diagnostic::error(message).with_path(path)]
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;
    use crate::diagnostics::SourceFile;
    use crate::load::frontmatter::{FileFacts, parse_document};

    fn parse(kind: Kind, text: &str) -> crate::content::Document {
        let facts = FileFacts {
            kind,
            id: "x".into(),
            date: None,
        };
        parse_document(SourceFile::new("x.md", text), "x.md".into(), facts, 0)
            .unwrap_or_else(|e| panic!("{text}\n{:?}", e.iter().map(|d| d.summary()).collect::<Vec<_>>()))
    }

    #[test]
    fn post_front_matter_parses_with_every_field() {
        let date = jiff::civil::date(2026, 11, 20);
        let text = post_text(
            "캐싱 \"입문\" \\ 1편",
            "캐싱-입문-1편",
            date,
            &["caching".into()],
            &["Redis".into(), "캐시".into()],
        );
        let doc = parse(Kind::Post, &text);
        assert_eq!(doc.title, "캐싱 \"입문\" \\ 1편");
        let meta = doc.post().unwrap();
        assert_eq!(meta.date.iso_date(), "2026-11-20");
        assert!(meta.draft);
        assert_eq!(meta.topics[0].id, "caching");
        assert_eq!(doc.tags, ["Redis", "캐시"]);
        assert_eq!(doc.id, "x", "no slug field unless needed");
    }

    #[test]
    fn a_date_like_slug_is_kept_with_a_slug_field() {
        let text = post_text(
            "2026-11-20 회고",
            "2026-11-20-회고",
            jiff::civil::date(2026, 12, 1),
            &[],
            &[],
        );
        let doc = parse(Kind::Post, &text);
        assert_eq!(doc.id, "2026-11-20-회고");
        assert_eq!(doc.post().unwrap().date.iso_date(), "2026-12-01");
    }

    #[test]
    fn topic_text_parses_and_has_the_handbook_sections() {
        let doc = parse(Kind::Topic, &topic_text("캐시 \"전략\"", "design", "ko"));
        assert_eq!(doc.title, "캐시 \"전략\"");
        assert_eq!(doc.topic().unwrap().stage.id, "design");
        let headings: Vec<&str> = doc.body().lines().filter_map(|l| l.strip_prefix("## ")).collect();
        assert_eq!(headings, ["왜 중요한가", "자주 하는 실수", "연습 문제", "체크리스트"]);
        let en = topic_text("Caching", "design", "en");
        assert!(en.contains("\n## Why it matters\n"), "{en}");
    }

    #[test]
    fn invalid_ids_get_an_ascii_suggestion() {
        assert_eq!(suggested_id("Cache Aside"), "cache-aside");
        assert_eq!(suggested_id("캐시"), "cache-aside");
        assert_eq!(suggested_id("HTTP/2"), "http-2");
    }

    #[test]
    fn lists_are_trimmed_and_deduplicated() {
        let items: Vec<String> = [" a", "", "b ", "a"].map(String::from).to_vec();
        assert_eq!(clean_list(&items), ["a", "b"]);
    }
}

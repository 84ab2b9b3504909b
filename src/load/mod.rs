//! Loading a site from disk: walk `content/`, classify each file by folder (SPEC §2), read it
//! and check its front matter. Files are read and parsed in parallel.

pub mod frontmatter;
pub mod git;

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::{Date, Document, Kind};
use crate::diagnostics::{Cause, Diagnostic, Diagnostics, SourceFile};
use crate::util::fs::{display_path, is_hidden_or_temp};
use crate::util::slug;
use frontmatter::FileFacts;

/// A file under `content/` that is not Markdown, copied to the output as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute path on disk.
    pub path: PathBuf,
    /// Path under `content/`, with `/` separators.
    pub rel: String,
    /// For files inside a post bundle (`blog/<dir>/…`): the bundle folder and the file's path
    /// within it, so it can follow the post to its final slug.
    pub bundle: Option<(String, String)>,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Markdown documents, sorted by path.
    pub docs: Vec<Document>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
    /// Markdown files that failed to load (their errors are reported), with what their path
    /// says they are: references to them are not reported as unknown.
    pub failed: Vec<Failed>,
}

/// A Markdown file that failed to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    /// The kind its folder gives.
    pub kind: Kind,
    /// The id its file name gives.
    pub id: String,
    /// The file, as diagnostics show it (relative to the site root).
    pub path: PathBuf,
}

/// What a path under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Doc { kind: Kind, id: String, date: Option<Date> },
    Asset { bundle: Option<(String, String)> },
}

/// What a walk of `content/` found: Markdown files to read (with what their path says) and
/// other files.
#[derive(Debug, Default)]
pub struct Scan {
    /// Markdown files and their kind/id, sorted by path.
    pub docs: Vec<(PathBuf, FileFacts)>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
}

/// Walks `<root>/content` and classifies every file without reading it.
pub fn scan(root: &Path, diags: &mut Diagnostics) -> Scan {
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("there is no content/ folder")
                .with_path(content)
                .with_help("create content/_index.md, or run `roadbook init DIR` for a new site"),
        );
        return Scan::default();
    }
    let mut scan = Scan::default();
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden_or_temp(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| content.clone());
                diags.push(Diagnostic::error(format!("cannot read: {err}")).with_path(display_path(root, &path)));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = match entry.path().strip_prefix(&content) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => continue,
        };
        let Some(parts) = rel_parts(&rel) else {
            diags.push(Diagnostic::error("file name is not valid UTF-8").with_path(display_path(root, entry.path())));
            continue;
        };
        match classify(&parts, &content) {
            Ok(Entry::Doc { kind, id, date }) => scan.docs.push((entry.into_path(), FileFacts { kind, id, date })),
            Ok(Entry::Asset { bundle }) => scan.assets.push(Asset {
                path: entry.path().to_path_buf(),
                rel: parts.join("/"),
                bundle,
            }),
            Err(d) => diags.push(d.with_path(display_path(root, entry.path())).with_cause(Cause::Schema)),
        }
    }
    scan
}

/// Reads every file under `<root>/content`, reporting problems into `diags`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Loaded {
    let scan = scan(root, diags);
    let results: Vec<(Result<Document, Vec<Diagnostic>>, Failed)> = scan
        .docs
        .into_par_iter()
        .map(|(path, facts)| {
            let failed = Failed {
                kind: facts.kind,
                id: facts.id.clone(),
                path: display_path(root, &path),
            };
            (read_document(root, path, facts), failed)
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (result, facts) in results {
        match result {
            Ok(doc) => docs.push(doc),
            Err(problems) => {
                diags.extend(problems);
                failed.push(facts);
            }
        }
    }
    Loaded {
        docs,
        assets: scan.assets,
        failed,
    }
}

/// What the path of one file under `content/` says it is: `Ok(Some(facts))` for a Markdown
/// document, `Ok(None)` for an asset or an ignored file, or why the file is misplaced.
pub fn facts_of(root: &Path, path: &Path) -> Result<Option<FileFacts>, Diagnostic> {
    let content = root.join("content");
    let Ok(rel) = path.strip_prefix(&content) else {
        return Ok(None);
    };
    if rel.components().any(|c| is_hidden_or_temp(c.as_os_str())) {
        return Ok(None);
    }
    let Some(parts) = rel_parts(rel) else {
        return Err(Diagnostic::error("file name is not valid UTF-8").with_path(display_path(root, path)));
    };
    match classify(&parts, &content) {
        Ok(Entry::Doc { kind, id, date }) => Ok(Some(FileFacts { kind, id, date })),
        Ok(Entry::Asset { .. }) => Ok(None),
        Err(d) => Err(d.with_path(display_path(root, path)).with_cause(Cause::Schema)),
    }
}

/// Reads and parses one Markdown file.
pub fn read_document(root: &Path, path: PathBuf, facts: FileFacts) -> Result<Document, Vec<Diagnostic>> {
    let shown = display_path(root, &path);
    let bytes = std::fs::read(&path).map_err(|err| {
        vec![
            Diagnostic::error(format!("cannot read file: {err}"))
                .with_path(&shown)
                .with_cause(Cause::Parse),
        ]
    })?;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let text = match crate::util::utf8::into_string(bytes).or_else(String::from_utf8) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bad = err.as_bytes()[valid];
            // Show the file as far as it can be read, pointing at the first bad byte.
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let at = String::from_utf8_lossy(&err.as_bytes()[..valid]).len();
            let source = SourceFile::new(shown, lossy);
            return Err(vec![
                Diagnostic::error(format!("file is not valid UTF-8 (byte 0x{bad:02x})"))
                    .with_label(&source, at..at + '\u{fffd}'.len_utf8(), "not UTF-8")
                    .with_help("save the file as UTF-8 (most editors: \"Save with Encoding\" → UTF-8)")
                    .with_cause(Cause::Parse),
            ]);
        }
    };
    let source = SourceFile::new(shown, text);
    frontmatter::parse_document(source, path, facts, hash)
}

fn rel_parts(rel: &Path) -> Option<Vec<String>> {
    rel.components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str().map(str::to_string),
            _ => None,
        })
        .collect()
}

/// Splits a `YYYY-MM-DD-rest` name into its date and the rest.
pub(crate) fn date_prefix(name: &str) -> Option<(Date, &str)> {
    let (prefix, rest) = (name.get(..10)?, name.get(10..)?);
    let rest = rest.strip_prefix('-')?;
    if rest.is_empty() {
        return None;
    }
    Some((Date::parse(prefix)?, rest))
}

fn classify(parts: &[String], content: &Path) -> Result<Entry, Diagnostic> {
    let is_md = parts.last().is_some_and(|n| n.ends_with(".md"));
    let stem = |name: &str| name.strip_suffix(".md").unwrap_or(name).to_string();
    let folder_kind = |folder: &str| Kind::ALL.into_iter().find(|k| *k != Kind::Home && k.folder() == folder);
    match parts {
        [name] if name == "_index.md" => Ok(Entry::Doc {
            kind: Kind::Home,
            id: "index".into(),
            date: None,
        }),
        [folder, name] if is_md => {
            let Some(kind) = folder_kind(folder) else {
                return Err(misplaced());
            };
            let id = slug::nfc(&stem(name));
            doc_entry(kind, id)
        }
        [blog, dir, rest @ ..] if blog == "blog" && !rest.is_empty() => {
            let bundle_index = content.join("blog").join(dir).join("index.md");
            if rest.len() == 1 && rest[0] == "index.md" {
                doc_entry(Kind::Post, slug::nfc(dir))
            } else if bundle_index.is_file() {
                Ok(Entry::Asset {
                    bundle: Some((dir.clone(), rest.join("/"))),
                })
            } else if is_md {
                Err(misplaced())
            } else {
                Ok(Entry::Asset { bundle: None })
            }
        }
        _ if is_md => Err(misplaced()),
        _ => Ok(Entry::Asset { bundle: None }),
    }
}

fn doc_entry(kind: Kind, name: String) -> Result<Entry, Diagnostic> {
    if kind.has_ascii_id() {
        if !slug::is_valid_id(&name) {
            return Err(Diagnostic::error(format!("invalid {} id `{name}`", kind.name())).with_help(format!(
                "{} ids are file names of lowercase ASCII letters, digits and `-` (e.g. `cache-aside.md`); rename the file",
                kind.name()
            )));
        }
        return Ok(Entry::Doc {
            kind,
            id: name,
            date: None,
        });
    }
    let (date, slug) = match (kind, date_prefix(&name)) {
        (Kind::Post, Some((date, rest))) => (Some(date), rest.to_string()),
        _ => (None, name),
    };
    if !slug::is_valid_slug(&slug) {
        return Err(Diagnostic::error(format!("invalid {} slug `{slug}`", kind.name()))
            .with_help("use `-` instead of spaces and avoid `#`, `?` and `%` in file names"));
    }
    Ok(Entry::Doc { kind, id: slug, date })
}

fn misplaced() -> Diagnostic {
    Diagnostic::error("roadbook does not know what this Markdown file is").with_help(
        "content files live in content/_index.md, content/{stages,topics,projects,books,pages}/<id>.md, \
         content/blog/<slug>.md or content/blog/<slug>/index.md",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(p: &str) -> Vec<String> {
        p.split('/').map(str::to_string).collect()
    }

    fn kind_id(p: &str) -> (Kind, String) {
        match classify(&parts(p), Path::new("/nonexistent")).unwrap() {
            Entry::Doc { kind, id, .. } => (kind, id),
            other => panic!("{p}: {other:?}"),
        }
    }

    #[test]
    fn files_are_classified_by_folder() {
        assert_eq!(kind_id("_index.md"), (Kind::Home, "index".into()));
        assert_eq!(kind_id("topics/caching.md"), (Kind::Topic, "caching".into()));
        assert_eq!(kind_id("stages/foundations.md"), (Kind::Stage, "foundations".into()));
        assert_eq!(
            kind_id("blog/2026-11-20-캐싱-입문.md"),
            (Kind::Post, "캐싱-입문".into())
        );
        assert_eq!(kind_id("blog/redis/index.md"), (Kind::Post, "redis".into()));
        assert_eq!(kind_id("pages/about.md"), (Kind::Page, "about".into()));
    }

    #[test]
    fn bad_ids_and_places_are_errors() {
        let err = classify(&parts("topics/Caching.md"), Path::new("/x")).unwrap_err();
        assert!(err.message.contains("invalid topic id `Caching`"));
        assert!(classify(&parts("notes/x.md"), Path::new("/x")).is_err());
        assert!(classify(&parts("topics/deep/x.md"), Path::new("/x")).is_err());
        assert_eq!(
            classify(&parts("topics/img/a.png"), Path::new("/x")).unwrap(),
            Entry::Asset { bundle: None }
        );
    }
}

//! What the flavours share: the new site in memory, its settings, and reading source files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::frontmatter;
use super::report::{Action, Report};
use crate::diagnostics::Diagnostic;

/// The kinds of site `roadbook import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Jekyll (GitHub Pages; Chirpy, minimal-mistakes and other themes).
    Jekyll,
    /// Hugo.
    Hugo,
    /// Zola.
    Zola,
    /// mdBook.
    Mdbook,
}

impl Flavour {
    /// The name, as `--from` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Flavour::Jekyll => "Jekyll",
            Flavour::Hugo => "Hugo",
            Flavour::Zola => "Zola",
            Flavour::Mdbook => "mdBook",
        }
    }

    /// The name with its article, for sentences: "a Jekyll", "an mdBook".
    pub fn a_name(self) -> &'static str {
        match self {
            Flavour::Jekyll => "a Jekyll",
            Flavour::Hugo => "a Hugo",
            Flavour::Zola => "a Zola",
            Flavour::Mdbook => "an mdBook",
        }
    }

    /// The flavour of the site at `source`, from the files it has: `_config.yml` and `_posts/`
    /// (Jekyll), `book.toml` and `SUMMARY.md` (mdBook), a `config.toml` with `base_url` and
    /// `content/` (Zola), `hugo.toml`/`config.toml` or a `config/_default/` folder with
    /// `content/` (Hugo).
    pub fn detect(source: &Path) -> Option<Flavour> {
        let has = |p: &str| source.join(p).exists();
        if (has("_config.yml") || has("_config.yaml")) && (has("_posts") || has("_drafts")) {
            return Some(Flavour::Jekyll);
        }
        if has("book.toml") {
            return Some(Flavour::Mdbook);
        }
        if has("content") {
            if has("hugo.toml") || has("hugo.yaml") || has("config.yaml") || has("config/_default") {
                return Some(Flavour::Hugo);
            }
            if let Ok(config) = std::fs::read_to_string(source.join("config.toml")) {
                let zola = config.lines().any(|l| l.trim_start().starts_with("base_url"));
                return Some(if zola { Flavour::Zola } else { Flavour::Hugo });
            }
            if has("zola.toml") {
                return Some(Flavour::Zola);
            }
        }
        if has("_config.yml") {
            return Some(Flavour::Jekyll);
        }
        None
    }
}

/// What sections other than a Hugo blog's own become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SectionsAs {
    /// Posts, tagged with the section's name.
    #[default]
    Tags,
    /// Standalone pages.
    Pages,
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The flavour, or `None` to detect it.
    pub from: Option<Flavour>,
    /// What other sections become (Hugo, Zola).
    pub sections_as: SectionsAs,
}

/// `config.toml` of the new site.
#[derive(Debug, Clone, Default)]
pub struct NewConfig {
    /// `title`.
    pub title: String,
    /// `description`.
    pub description: String,
    /// `base_url`.
    pub base_url: String,
    /// `language` (`ko` or `en`: the UI strings roadbook ships).
    pub language: String,
    /// `author`.
    pub author: String,
}

/// A new site in memory, before it is written.
#[derive(Debug, Default)]
pub struct NewSite {
    /// `config.toml`.
    pub config: NewConfig,
    /// Text files by path in the new site (`content/blog/x.md`).
    pub files: BTreeMap<String, String>,
    /// Files copied as they are, by path in the new site, from the source.
    pub copies: BTreeMap<String, PathBuf>,
    /// What could not be converted.
    pub report: Report,
}

impl NewSite {
    /// Adds a text file at `rel`, or — when the path is taken — at `rel` with `-2`, `-3`…
    /// before the extension; returns the path used.
    pub fn add_unique(&mut self, rel: &str, text: String) -> String {
        let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
        let mut path = rel.to_string();
        let mut n = 2;
        while self.files.contains_key(&path) {
            path = format!("{stem}-{n}.{ext}");
            n += 1;
        }
        self.files.insert(path.clone(), text);
        path
    }

    /// Counts of new pages by folder: posts, pages, topics, stages.
    pub(crate) fn counts(&self) -> [(usize, &'static str); 4] {
        let count = |dir: &str| {
            self.files
                .keys()
                .filter(|k| k.starts_with(dir) && k.ends_with(".md"))
                .count()
        };
        let named = |n: usize, one: &'static str, many: &'static str| (n, if n == 1 { one } else { many });
        [
            named(count("content/blog/"), "post", "posts"),
            named(count("content/pages/"), "page", "pages"),
            named(count("content/topics/"), "topic", "topics"),
            named(count("content/stages/"), "stage", "stages"),
        ]
    }
}

/// The site settings read from the source's configuration, with roadbook's defaults.
pub fn new_config(
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    author: Option<String>,
) -> NewConfig {
    let language = language
        .map(|l| l.to_ascii_lowercase())
        .map(|l| {
            if l.starts_with("ko") {
                "ko".to_string()
            } else {
                "en".to_string()
            }
        })
        .unwrap_or_else(|| "ko".into());
    let base_url = base_url
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .map(|u| if u.ends_with('/') { u } else { format!("{u}/") })
        .unwrap_or_else(|| "https://example.org/".into());
    NewConfig {
        title: title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "My site".into()),
        description: description.unwrap_or_default(),
        base_url,
        language,
        author: author.unwrap_or_default(),
    }
}

/// Reads a source file as text (BOM and CRLF normalized); a file that is not UTF-8 or cannot
/// be read is reported as skipped and returns `None`.
pub(crate) fn read_text(path: &Path, rel: &str, report: &mut Report, warnings: &mut Vec<Diagnostic>) -> Option<String> {
    match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => Some(frontmatter::normalize_text(&text)),
        Ok(Err(_)) => {
            report.add(rel, 0, "the file", Action::Skipped, "not UTF-8 text");
            warnings.push(Diagnostic::warning(format!("{rel}: not UTF-8 text, not imported")));
            None
        }
        Err(e) => {
            report.add(rel, 0, "the file", Action::Skipped, format!("cannot read it: {e}"));
            warnings.push(Diagnostic::warning(format!(
                "{rel}: cannot read it ({e}), not imported"
            )));
            None
        }
    }
}

/// Parses the front matter of a source file; a syntax error is reported (the file is skipped)
/// and returned as a warning with its file:line.
pub(crate) fn parse_front_matter(
    rel: &str,
    text: &str,
    report: &mut Report,
    warnings: &mut Vec<Diagnostic>,
) -> Option<frontmatter::Parsed> {
    match frontmatter::parse(rel, text) {
        Ok(parsed) => Some(parsed),
        Err(d) => {
            let line = d.location().map_or(0, |(_, line, _)| line);
            report.add(
                rel,
                line,
                d.message.clone(),
                Action::Skipped,
                "fix the front matter and import again",
            );
            let mut warning = d.with_help("the file is not imported; fix its front matter and import again");
            warning.severity = crate::diagnostics::Severity::Warning;
            warnings.push(warning);
            None
        }
    }
}

/// The files under `dir` (relative, `/`-separated, NFC: macOS may write NFD names), in order.
pub(crate) fn files(dir: &Path) -> Vec<(String, PathBuf)> {
    crate::util::fs::files_under(dir)
        .into_iter()
        .map(|(rel, path)| (crate::util::slug::nfc(&rel), path))
        .collect()
}

/// A page slug that does not take one of the paths roadbook generates (`/tags/`, `/blog/`…):
/// such a slug gets `-page` after it, and the report says so.
pub(crate) fn free_page_slug(slug: String, rel: &str, report: &mut Report) -> String {
    const TAKEN: &[&str] = &[
        "stages", "topics", "projects", "books", "blog", "tags", "search", "series", "print", "graph",
    ];
    if !TAKEN.contains(&slug.as_str()) {
        return slug;
    }
    let new = format!("{slug}-page");
    report.add(
        rel,
        0,
        format!("a page at `/{slug}/`"),
        Action::Approximated,
        format!("roadbook makes `/{slug}/` itself: the page is at `/{new}/`"),
    );
    new
}

/// Drops aliases that are the page's new path `own` (a redirect there would replace the
/// page), empty, or repeated.
pub(crate) fn keep_other_aliases(aliases: &mut Vec<String>, own: &str) {
    let norm = |a: &str| format!("/{}/", a.trim_matches('/'));
    let mut seen = std::collections::HashSet::new();
    aliases.retain(|a| norm(a) != norm(own) && !a.trim_matches('/').is_empty() && seen.insert(norm(a)));
}

/// Reports each top-level folder of `source` the flavour does not read (`_layouts/`,
/// `themes/`, `templates/`…), with how many files it holds, so nothing is left out silently.
/// `reads` says which folders the flavour reads; hidden folders and `node_modules/` are not
/// reported.
pub(crate) fn report_unread_folders(source: &Path, reads: impl Fn(&str) -> bool, report: &mut Report) {
    let Ok(entries) = std::fs::read_dir(source) else { return };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !reads(n) && n != "node_modules")
        .collect();
    names.sort();
    for name in names {
        let count = crate::util::fs::files_under(&source.join(&name)).len();
        if count == 0 {
            continue;
        }
        let note = match name.as_str() {
            "_site" | "public" | "book" | "resources" => "the old site's build output",
            "_layouts" | "_includes" | "_sass" | "layouts" | "templates" | "themes" | "theme" | "sass" => {
                "theme files: roadbook has its own theme (see docs/templates.md to adapt it)"
            }
            "_data" | "data" => "data files templates read: roadbook has no data files",
            "_plugins" => "Jekyll plugins are Ruby code roadbook does not run",
            _ => "not part of the site's pages or static files",
        };
        let files = if count == 1 {
            "1 file".to_string()
        } else {
            format!("{count} files")
        };
        report.add(
            &format!("{name}/"),
            0,
            format!("the folder `{name}/` ({files})"),
            Action::Skipped,
            note,
        );
    }
}

/// Reports each symbolic link under `source` (hidden folders left out): the import reads files,
/// not links, so a linked post or image would otherwise be left out silently.
pub(crate) fn report_links(source: &Path, report: &mut Report) {
    let walk = walkdir::WalkDir::new(source)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk.flatten().filter(|e| e.path_is_symlink()) {
        let Ok(rel) = entry.path().strip_prefix(source) else {
            continue;
        };
        let rel = crate::util::slug::nfc(&rel.to_string_lossy().replace('\\', "/"));
        report.add(
            &rel,
            0,
            "a symbolic link",
            Action::Skipped,
            "links are not followed: copy the file it points at into the site",
        );
    }
}

/// Whether a file name is a Markdown page.
pub(crate) fn is_markdown(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".markdown")
}

//! Finding and compiling templates: the site's `templates/` override the theme's
//! `themes/<theme>/templates/` by file name, and the built-in default theme fills in whatever a
//! site does not have on disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::{Diagnostic, SourceFile};

use super::builtin;

/// A template's name, where it came from, and its text.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Path shown in diagnostics (`templates/topic.html`, `themes/default/templates/base.html`,
    /// or `(built-in)/templates/base.html`).
    pub path: PathBuf,
    /// The template text.
    pub text: String,
}

/// Every template of a site, by name.
pub type TemplateSet = BTreeMap<String, TemplateSource>;

/// Collects templates: built-in default theme (when the theme is `default`), then the theme
/// folder on disk, then the site's `templates/`, later ones replacing earlier ones by name.
pub fn collect(root: &Path, theme: &str) -> Result<TemplateSet, Vec<Diagnostic>> {
    let mut set = TemplateSet::new();
    let theme_dir = root.join("themes").join(theme);
    if theme == "default" {
        for (name, text) in builtin::TEMPLATES {
            set.insert(
                name.to_string(),
                TemplateSource {
                    path: PathBuf::from("(built-in)/templates").join(name),
                    text: text.to_string(),
                },
            );
        }
    } else if !theme_dir.is_dir() {
        return Err(vec![
            Diagnostic::error(format!("theme `{theme}` not found"))
                .with_path(theme_dir)
                .with_help("set `theme = \"default\"` in config.toml or put the theme in themes/<name>/"),
        ]);
    }
    let mut problems = Vec::new();
    read_dir_into(root, &theme_dir.join("templates"), &mut set, &mut problems);
    read_dir_into(root, &root.join("templates"), &mut set, &mut problems);
    if problems.is_empty() { Ok(set) } else { Err(problems) }
}

fn read_dir_into(root: &Path, dir: &Path, set: &mut TemplateSet, problems: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !crate::util::fs::is_hidden_or_temp(e.file_name()))
    {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        let shown = crate::util::fs::display_path(root, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                set.insert(name, TemplateSource { path: shown, text });
            }
            Err(err) => problems.push(Diagnostic::error(format!("cannot read template: {err}")).with_path(shown)),
        }
    }
}

/// Compiles a template set. Every broken template is reported, each at its file, line and
/// column; templates that only fail because a broken one they extend or include was left out
/// are not reported again.
pub fn compile(set: &TemplateSet, register: impl Fn(&mut Tera)) -> Result<Tera, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    // Tera stops at the first error: drop the template it names and try again, until the rest
    // compiles (at most once per template).
    for _ in 0..=set.len() {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        register(&mut tera);
        let remaining = set
            .iter()
            .filter(|(name, _)| !left_out.contains(name))
            .map(|(name, t)| (name.as_str(), t.text.as_str()));
        match tera.add_raw_templates(remaining) {
            Ok(()) if problems.is_empty() => return Ok(tera),
            Ok(()) => return Err(problems),
            Err(err) => {
                let culprit = culprit(&err);
                let consequence = match err.kind() {
                    tera::ErrorKind::MissingParent { parent, .. } => left_out.contains(parent),
                    tera::ErrorKind::TemplateNotFound(name) => left_out.contains(name),
                    _ => false,
                };
                if !consequence {
                    problems.push(to_diagnostic(&err, set));
                }
                match culprit {
                    Some(name) if !left_out.contains(&name) && set.contains_key(&name) => left_out.push(name),
                    _ => return Err(problems),
                }
            }
        }
    }
    Err(problems)
}

/// An error whose text carries its own report (`--> name:line:col` and a snippet): the first
/// line becomes the message and the location a label in the template's file.
fn located_message(text: &str, set: &TemplateSet) -> Diagnostic {
    let message = text
        .lines()
        .next()
        .unwrap_or(text)
        .trim()
        .trim_start_matches("error: ")
        .to_string();
    let location = text
        .split_once("--> ")
        .and_then(|(_, rest)| rest.split_whitespace().next());
    let parsed = location.and_then(|loc| {
        let mut parts = loc.rsplitn(3, ':');
        let col: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        Some((parts.next()?.to_string(), line, col))
    });
    let mut d = Diagnostic::error(format!("template error: {message}"));
    match parsed.and_then(|(name, line, col)| set.get(&name).map(|t| (t, line, col))) {
        Some((t, line, col)) => {
            let offset = byte_offset(&t.text, line, col);
            let source = SourceFile::new(t.path.clone(), t.text.clone());
            d = d.with_label(&source, offset..offset + 1, message);
        }
        None if message != text.trim() => d = d.with_note(text.to_string()),
        None => {}
    }
    d
}

/// Byte offset of a 1-based line and (1-based, in characters) column.
fn byte_offset(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum::<usize>()
}

/// The template an error is about.
fn culprit(err: &tera::Error) -> Option<String> {
    use tera::ErrorKind;
    match err.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r.filename().to_string()),
        ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => Some(tpl.clone()),
        _ => None,
    }
}

/// Turns a Tera error into a diagnostic pointing into the template.
pub fn to_diagnostic(err: &tera::Error, set: &TemplateSet) -> Diagnostic {
    use tera::ErrorKind;
    let report = match err.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut d = match report {
        Some(r) => {
            let kind = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let mut d = Diagnostic::error(format!("{kind}: {}", r.message()));
            if let Some(t) = set.get(r.filename()) {
                let source = SourceFile::new(t.path.clone(), t.text.clone());
                d = d.with_label(&source, r.span().range.clone(), r.message().to_string());
            } else if !r.filename().is_empty() {
                d = d.with_path(r.filename());
            }
            d
        }
        None => located_message(&err.to_string(), set),
    };
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        d = d.with_note(s.to_string());
        source = s.source();
    }
    d.with_help("see docs/templates.md for the variables each template receives")
}

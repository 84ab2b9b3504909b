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
                .with_help(
                    "set `theme = \"default\"` in config.toml or put the theme in themes/<name>/",
                ),
        ]);
    }
    let mut problems = Vec::new();
    read_dir_into(root, &theme_dir.join("templates"), &mut set, &mut problems);
    read_dir_into(root, &root.join("templates"), &mut set, &mut problems);
    if problems.is_empty() {
        Ok(set)
    } else {
        Err(problems)
    }
}

fn read_dir_into(root: &Path, dir: &Path, set: &mut TemplateSet, problems: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !crate::load::is_hidden_or_temp(e.file_name()))
    {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        let shown = crate::load::display_path(root, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                set.insert(name, TemplateSource { path: shown, text });
            }
            Err(err) => problems
                .push(Diagnostic::error(format!("cannot read template: {err}")).with_path(shown)),
        }
    }
}

/// Compiles a template set. Every template with a syntax error is reported, each at its file,
/// line and column.
pub fn compile(set: &TemplateSet, register: impl Fn(&mut Tera)) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    register(&mut tera);
    let all = set.iter().map(|(name, t)| (name.as_str(), t.text.as_str()));
    match tera.add_raw_templates(all) {
        Ok(()) => Ok(tera),
        Err(first) => {
            // Tera stops at the first error; check each template alone to find them all.
            let mut problems = Vec::new();
            for (name, t) in set {
                let mut alone = Tera::new();
                register(&mut alone);
                if let Err(err) = alone.add_raw_template(name, &t.text) {
                    problems.push(to_diagnostic(&err, set));
                }
            }
            if problems.is_empty() {
                problems.push(to_diagnostic(&first, set));
            }
            Err(problems)
        }
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
        None => Diagnostic::error(format!("template error: {err}")),
    };
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        d = d.with_note(s.to_string());
        source = s.source();
    }
    d.with_help("see docs/templates.md for the variables each template receives")
}

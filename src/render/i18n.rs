//! UI strings: `themes/<theme>/i18n/<language>.toml`, a flat table of strings. Templates read
//! them as `i18n.<key>`; dates are formatted with the language's `date_format`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::Kind;
use crate::diagnostics::{Diagnostic, SourceFile};

use super::builtin;

/// The UI strings of one language.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(pub BTreeMap<String, String>);

impl Strings {
    /// Loads the strings for `language`: the theme's file on disk if present, else the
    /// built-in default theme's.
    pub fn load(root: &Path, theme: &str, language: &str) -> Result<Strings, Diagnostic> {
        let path = root
            .join("themes")
            .join(theme)
            .join("i18n")
            .join(format!("{language}.toml"));
        let (shown, text) = if path.is_file() {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Diagnostic::error(format!("cannot read UI strings: {e}")).with_path(&path))?;
            (crate::util::fs::display_path(root, &path), text)
        } else if theme == "default" {
            match builtin::I18N.iter().find(|(lang, _)| *lang == language) {
                Some((_, text)) => (
                    Path::new("(built-in)/i18n").join(format!("{language}.toml")),
                    text.to_string(),
                ),
                None => return Err(unknown_language(language)),
            }
        } else {
            return Err(unknown_language(language).with_path(path));
        };
        let source = SourceFile::new(shown, text);
        match toml::from_str::<BTreeMap<String, String>>(&source.text) {
            Ok(map) => Ok(Strings(map)),
            Err(err) => {
                let span = err.span().unwrap_or(0..0);
                Err(Diagnostic::error(format!("invalid UI strings file: {}", err.message()))
                    .with_label(&source, span, "here")
                    .with_help("each line is `key = \"text\"`"))
            }
        }
    }

    /// The string for `key`, or the key itself.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// Formats a date with this language's `date_format` (strftime).
    pub fn date(&self, date: jiff::civil::Date) -> String {
        let format = self.0.get("date_format").map_or("%Y-%m-%d", String::as_str);
        date.strftime(format).to_string()
    }
}

fn unknown_language(language: &str) -> Diagnostic {
    let known: Vec<&str> = builtin::I18N.iter().map(|(l, _)| *l).collect();
    Diagnostic::error(format!("no UI strings for language `{language}`"))
        .with_path("config.toml")
        .with_help(format!(
            "set `language` to one of {} or add themes/<theme>/i18n/{language}.toml",
            known.join(", ")
        ))
}

/// The UI string that names the list of a kind's pages.
pub fn section_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Stage => "stages",
        Kind::Topic => "topics",
        Kind::Project => "projects",
        Kind::Book => "books",
        Kind::Post => "blog",
        Kind::Page | Kind::Home => "pages",
    }
}

//! `aliases`: old paths of a page that redirect to it.
//!
//! Each alias of a published page becomes a small redirect page at the old path (written by
//! `write`, kept out of the sitemap). Two pages claiming one path, or an alias that is a page's
//! own path, would make one of them unreachable: both are errors at the alias.

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::Document;
use crate::diagnostics::{Cause, Diagnostic};

/// A redirect page: an old path and the page it now points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// Index of the target document in `Site::docs`.
    pub doc: usize,
    /// The old site path, without the base path: `2024/01/02/old/` or `posts/old.html`.
    pub path: String,
    /// The file written for it: `2024/01/02/old/index.html` or `posts/old.html`.
    pub file: String,
}

/// The redirects of every published document, in document order. A malformed alias, one that
/// another page claims too, or one that is a page's own path is an error (and is left out).
pub(super) fn collect(docs: &[Arc<Document>], problems: &mut Vec<Diagnostic>) -> Vec<Redirect> {
    let pages: HashMap<String, usize> = docs.iter().enumerate().map(|(i, d)| (d.site_path(), i)).collect();
    let mut claimed: HashMap<String, (usize, usize)> = HashMap::new();
    let mut redirects = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        for (a, alias) in doc.aliases.iter().enumerate() {
            let path = match normalize(&alias.id) {
                Ok(path) => path,
                Err(why) => {
                    problems.push(
                        Diagnostic::error(format!("invalid alias `{}`: {why}", alias.id))
                            .with_label(&doc.source, alias.span.clone(), "not a path on this site")
                            .with_help("write the old path from the site root: \"/2024/01/02/old-post/\" or \"/posts/old.html\"")
                            .with_cause(Cause::Schema),
                    );
                    continue;
                }
            };
            if let Some(&page) = pages.get(&path) {
                let other = &docs[page];
                problems.push(
                    Diagnostic::error(format!("alias `{}` is the path of a page", alias.id))
                        .with_label(
                            &doc.source,
                            alias.span.clone(),
                            "a redirect here would replace that page",
                        )
                        .with_note(format!("`/{path}` is the page {}", other.source.path.display()))
                        .with_help("remove the alias, or move the page")
                        .with_cause(Cause::Schema),
                );
                continue;
            }
            if let Some(&(d, b)) = claimed.get(&path) {
                let first = &docs[d];
                problems.push(
                    Diagnostic::error(format!("alias `{}` is claimed by two pages", alias.id))
                        .with_label(&doc.source, alias.span.clone(), "claimed again here")
                        .with_label(&first.source, first.aliases[b].span.clone(), "first claimed here")
                        .with_help("an old path can redirect to one page only: remove one of the aliases")
                        .with_cause(Cause::Schema),
                );
                continue;
            }
            claimed.insert(path.clone(), (i, a));
            redirects.push(Redirect {
                doc: i,
                file: output_file(&path),
                path,
            });
        }
    }
    redirects
}

/// The site path of an alias as written: a leading `/` is optional, `%XX` escapes are decoded,
/// the text is NFC-normalized, and a path that does not name a file (`.html`, `.htm`, `.php`…)
/// ends with `/`.
pub fn normalize(alias: &str) -> Result<String, &'static str> {
    let alias = alias.trim();
    if alias.contains("://") || alias.starts_with("//") {
        return Err("an alias is a path on this site, not a URL");
    }
    if alias.contains(['?', '#', '\\']) {
        return Err("an alias may not contain `?`, `#` or `\\`");
    }
    let decoded = percent_encoding::percent_decode_str(alias)
        .decode_utf8()
        .map_err(|_| "its `%` escapes are not UTF-8")?;
    let path = crate::util::slug::nfc(decoded.trim_start_matches('/'));
    if path.is_empty() {
        return Err("the site root cannot be an alias");
    }
    if path
        .split('/')
        .any(|segment| segment == "." || segment == ".." || segment.contains(char::is_control))
    {
        return Err("an alias may not contain `.` or `..` segments or control characters");
    }
    if path.contains("//") {
        return Err("an alias may not contain an empty segment (`//`)");
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if path.ends_with('/') || !last.contains('.') {
        return Ok(format!("{}/", path.trim_end_matches('/')));
    }
    Ok(path)
}

/// The file a redirect at `path` is written to.
fn output_file(path: &str) -> String {
    if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_site_paths() {
        let cases = [
            ("/2024/01/02/old-post/", "2024/01/02/old-post/"),
            ("/2024/01/02/old-post", "2024/01/02/old-post/"),
            ("posts/old.html", "posts/old.html"),
            ("/posts/%EC%BA%90%EC%8B%B1/", "posts/캐싱/"),
            ("/posts/\u{110f}\u{1162}\u{1109}\u{1175}\u{11bc}/", "posts/캐싱/"),
        ];
        for (alias, path) in cases {
            assert_eq!(normalize(alias).as_deref(), Ok(path), "{alias}");
        }
        assert_eq!(output_file("a/b/"), "a/b/index.html");
        assert_eq!(output_file("a/b.html"), "a/b.html");
    }

    #[test]
    fn malformed_aliases_are_refused() {
        for alias in [
            "https://old.example/a/",
            "//host/a",
            "/",
            "",
            "/a/../b",
            "/a?x=1",
            "/a//b",
            "/%FF/",
        ] {
            assert!(normalize(alias).is_err(), "{alias}");
        }
    }
}

//! Zola sites: `content/` sections (`_index.md`) and pages with their assets, `static/`, the
//! `@/` internal links, `path`/`aliases` front matter and dated file names
//! (`2024-01-02-slug.md`), and shortcodes as Hugo's are treated.

use std::path::Path;

use super::fields::Fields;
use super::frontmatter::{Parsed, Value};
use super::sections::{self, Entry, Flavoured};
use super::site::{ImportOptions, NewSite, files, read_text};
use crate::diagnostics::Diagnostic;

/// The sections that are a Zola blog.
const BLOG: &[&str] = &["blog", "posts", "post"];

/// Reads the Zola site at `source`.
pub fn read(source: &Path, options: &ImportOptions, warnings: &mut Vec<Diagnostic>) -> NewSite {
    let mut site = NewSite::default();
    let name = if source.join("zola.toml").is_file() {
        "zola.toml"
    } else {
        "config.toml"
    };
    let config = match read_text(&source.join(name), name, &mut site.report, warnings) {
        Some(text) => match super::frontmatter::parse(name, &format!("+++\n{text}\n+++\n")) {
            Ok(parsed) => Value::Map(parsed.entries.into_iter().map(|e| (e.key, e.value)).collect()),
            Err(d) => {
                site.report.add(
                    name,
                    0,
                    d.message.clone(),
                    super::report::Action::Skipped,
                    "the site's settings were not read",
                );
                warnings.push(Diagnostic::warning(format!("{name}: {}", d.message)));
                Value::Map(Vec::new())
            }
        },
        None => Value::Map(Vec::new()),
    };
    let text = |k: &str| config.get(k).and_then(Value::as_text);
    let extra = config.get("extra");
    site.config = super::site::new_config(
        text("title"),
        text("description"),
        text("base_url"),
        text("default_language"),
        extra
            .and_then(|e| e.get("author"))
            .and_then(Value::as_text)
            .or(text("author")),
    );
    let flavoured = Flavoured {
        blog: BLOG,
        consumed: &[
            "path",
            "weight",
            "template",
            "in_search_index",
            "render",
            "sort_by",
            "paginate_by",
        ],
        calls: super::shortcodes::zola_calls,
        old_url: &old_url,
        file_date,
        links: at_links,
    };
    sections::read(source, &flavoured, options.sections_as, &mut site, warnings);
    // Each `[extra]` key of a page is reported by the common reader; nothing else to do here.
    for (rel, path) in files(&source.join("static")) {
        site.copies.insert(format!("static/{rel}"), path);
    }
    site
}

/// The URL Zola gave a page: `path`, else its folder and slug.
fn old_url(e: &Entry, p: &Parsed, f: &Fields) -> Option<String> {
    if let Some(path) = p.get("path").and_then(Value::as_text) {
        return Some(format!("/{}/", path.trim_matches('/')));
    }
    let name = file_date(&e.stem).map_or(e.stem.clone(), |(_, s)| s);
    let slug = f.slug.clone().unwrap_or(name);
    let dir = e.path.rsplit_once('/').map_or("", |(d, _)| d);
    let dir = if e.bundle.is_some() {
        dir.rsplit_once('/').map_or("", |(d, _)| d)
    } else {
        dir
    };
    Some(if dir.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{dir}/{slug}/")
    })
}

/// Zola's dated file names: `2024-01-02-slug` or `2024-01-02_slug`.
fn file_date(stem: &str) -> Option<(String, String)> {
    let date = stem.get(..10)?;
    date.parse::<jiff::civil::Date>().ok()?;
    let rest = stem
        .get(11..)
        .filter(|r| !r.is_empty() && matches!(stem.as_bytes()[10], b'-' | b'_'))?;
    Some((date.to_string(), rest.to_string()))
}

/// `[x](@/blog/a.md#h)` → a relative link to where that page went.
fn at_links(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("(@/") {
        out.push_str(&rest[..i + 1]);
        let after = &rest[i + 1..];
        let end = after.find([')', ' ']).unwrap_or(after.len());
        let target = &after[2..end];
        match resolve(target) {
            Some(link) => out.push_str(&link),
            None => out.push_str(&after[..end]),
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
    fn dated_names_and_at_links() {
        assert_eq!(
            file_date("2024-01-02-hello"),
            Some(("2024-01-02".into(), "hello".into()))
        );
        assert_eq!(
            file_date("2024-01-02_hello"),
            Some(("2024-01-02".into(), "hello".into()))
        );
        assert_eq!(file_date("hello"), None);
        let resolve = |t: &str| (t == "blog/a.md#h").then(|| "a.md#h".to_string());
        assert_eq!(
            at_links("see [a](@/blog/a.md#h) and [b](@/blog/b.md)", &resolve),
            "see [a](a.md#h) and [b](@/blog/b.md)"
        );
    }
}

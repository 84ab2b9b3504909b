//! Hugo sites: `content/` with its sections and page bundles, `static/`, the config's
//! `[permalinks]` and `url`/`aliases` front matter as old URLs, and the shortcodes roadbook has
//! an equivalent for (`highlight`, `figure`, `youtube`, `ref`/`relref`, `gist`, notices).

use std::path::Path;

use super::fields::Fields;
use super::frontmatter::{Parsed, Value};
use super::sections::{self, Entry, Flavoured};
use super::site::{ImportOptions, NewSite, files, read_text};
use crate::diagnostics::Diagnostic;

/// The sections that are a Hugo blog.
const BLOG: &[&str] = &["posts", "post", "blog", "articles"];

/// Reads the Hugo site at `source`.
pub fn read(source: &Path, options: &ImportOptions, warnings: &mut Vec<Diagnostic>) -> NewSite {
    let mut site = NewSite::default();
    let config = config(source, &mut site, warnings);
    let text = |k: &str| config.get(k).and_then(Value::as_text);
    let params = config.get("params");
    let param = |k: &str| params.and_then(|p| p.get(k)).and_then(Value::as_text);
    site.config = super::site::new_config(
        text("title"),
        param("description"),
        text("baseURL").or(text("baseurl")),
        text("languageCode").or(text("defaultContentLanguage")),
        param("author").or(config
            .get("author")
            .and_then(|a| a.as_text().or_else(|| a.get("name")?.as_text()))),
    );
    let permalinks = sections::permalinks(&config);
    let lower = config.get("disablePathToLower").and_then(Value::as_bool) != Some(true);
    let old_url = move |e: &Entry, p: &Parsed, f: &Fields| old_url(e, p, f, &permalinks, lower);
    let flavoured = Flavoured {
        blog: BLOG,
        consumed: &["url", "weight", "type", "layout"],
        calls: super::shortcodes::hugo_calls,
        old_url: &old_url,
        file_date: |_| None,
        links: |body, _| body.to_string(),
    };
    sections::read(source, &flavoured, options.sections_as, &mut site, warnings);
    for (rel, path) in files(&source.join("static")) {
        site.copies.insert(format!("static/{rel}"), path);
    }
    site
}

/// The site's configuration: `hugo.toml`/`config.toml` (or YAML) at the root, else in Hugo's
/// configuration folder `config/_default/`, whose `params` and `permalinks` files are read
/// into the same keys.
fn config(source: &Path, site: &mut NewSite, warnings: &mut Vec<Diagnostic>) -> Value {
    const NAMES: &[&str] = &["hugo", "config"];
    if let Some(config) = config_file(source, "", NAMES, site, warnings) {
        return config;
    }
    let mut config = match config_file(source, "config/_default/", NAMES, site, warnings) {
        Some(Value::Map(entries)) => entries,
        _ => Vec::new(),
    };
    for key in ["params", "permalinks", "languages", "menus"] {
        if let Some(value) = config_file(source, "config/_default/", &[key], site, warnings) {
            config.retain(|(k, _)| k != key);
            config.push((key.to_string(), value));
        }
    }
    Value::Map(config)
}

/// The first of `dir/<name>.toml`, `.yaml`, `.yml` that exists, read; `None` when there is
/// none (a file that does not parse is reported and read as empty).
fn config_file(
    source: &Path,
    dir: &str,
    names: &[&str],
    site: &mut NewSite,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let rel = names
        .iter()
        .flat_map(|n| ["toml", "yaml", "yml"].map(|ext| format!("{dir}{n}.{ext}")))
        .find(|rel| source.join(rel).is_file())?;
    let text = read_text(&source.join(&rel), &rel, &mut site.report, warnings)?;
    let fence = if rel.ends_with(".toml") { "+++" } else { "---" };
    match super::frontmatter::parse(&rel, &format!("{fence}\n{text}\n{fence}\n")) {
        Ok(parsed) => Some(Value::Map(
            parsed.entries.into_iter().map(|e| (e.key, e.value)).collect(),
        )),
        Err(d) => {
            site.report.add(
                &rel,
                0,
                d.message.clone(),
                super::report::Action::Skipped,
                "the site's settings were not read",
            );
            warnings.push(Diagnostic::warning(format!("{rel}: {}", d.message)));
            Some(Value::Map(Vec::new()))
        }
    }
}

/// The URL Hugo gave a page: `url`, else the section's permalink pattern, else its path.
fn old_url(
    e: &Entry,
    p: &Parsed,
    f: &Fields,
    permalinks: &std::collections::BTreeMap<String, String>,
    lower: bool,
) -> Option<String> {
    if let Some(url) = p.get("url").and_then(Value::as_text) {
        return Some(url);
    }
    let slug = f.slug.clone().unwrap_or_else(|| e.stem.clone());
    let url = match e.section.as_deref().and_then(|s| permalinks.get(s).map(|pat| (s, pat))) {
        Some((section, pattern)) => {
            let date = f.date.and_then(|d| d.date);
            let mut url = pattern.clone();
            for (token, value) in [
                (":year", date.map(|d| format!("{:04}", d.year))),
                (":month", date.map(|d| format!("{:02}", d.month))),
                (":day", date.map(|d| format!("{:02}", d.day))),
                (":slug", Some(slug.clone())),
                (":filename", Some(e.stem.clone())),
                (":contentbasename", Some(e.stem.clone())),
                (":section", Some(section.to_string())),
                (":title", Some(urlize(&f.title))),
            ] {
                if url.contains(token) {
                    url = url.replace(token, &value?);
                }
            }
            url
        }
        None => match &e.section {
            Some(_) => {
                let dir = e.path.rsplit_once('/').map_or("", |(d, _)| d);
                let dir = if e.bundle.is_some() {
                    dir.rsplit_once('/').map_or("", |(d, _)| d)
                } else {
                    dir
                };
                format!("/{dir}/{slug}/")
            }
            None => format!("/{slug}/"),
        },
    };
    Some(if lower { url.to_lowercase() } else { url })
}

/// Hugo's `urlize`: lowercase, spaces as `-`.
fn urlize(title: &str) -> String {
    crate::util::slug::title_slug(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_urls_follow_sections_and_permalinks() {
        let entry = |path: &str, stem: &str, bundle: bool| Entry {
            rel: format!("content/{path}"),
            path: path.into(),
            section: path.split_once('/').map(|(s, _)| s.to_string()),
            stem: stem.into(),
            bundle: bundle.then(|| path.trim_end_matches("/index.md").to_string()),
        };
        let p = Parsed::default();
        let f = Fields {
            date: "2024-03-04".parse().ok(),
            title: "Hello World".into(),
            ..Fields::default()
        };
        let none = Default::default();
        assert_eq!(
            old_url(&entry("posts/My-Post.md", "My-Post", false), &p, &f, &none, true).as_deref(),
            Some("/posts/my-post/")
        );
        assert_eq!(
            old_url(&entry("posts/b/index.md", "b", true), &p, &f, &none, true).as_deref(),
            Some("/posts/b/")
        );
        let mut links = std::collections::BTreeMap::new();
        links.insert("posts".to_string(), "/:year/:month/:title/".to_string());
        assert_eq!(
            old_url(&entry("posts/a.md", "a", false), &p, &f, &links, true).as_deref(),
            Some("/2024/03/hello-world/")
        );
    }
}

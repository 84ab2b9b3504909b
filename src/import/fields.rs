//! The front-matter fields every blog generator shares, mapped onto roadbook's, and roadbook's
//! TOML front matter written out. A key with no roadbook counterpart goes to the report.

use std::fmt::Write;

use super::frontmatter::{Parsed, Value, date};
use super::report::{Action, Report};
use super::text::code;

/// What a post or page says, in roadbook's terms.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    /// `title`.
    pub title: String,
    /// `date`.
    pub date: Option<toml::value::Datetime>,
    /// `updated` (`last_modified_at`, `lastmod`, `updated`).
    pub updated: Option<toml::value::Datetime>,
    /// `tags`, with the categories after them.
    pub tags: Vec<String>,
    /// `draft` (also `published: false`).
    pub draft: bool,
    /// `summary` (`description`, `summary`, `excerpt`).
    pub summary: Option<String>,
    /// `slug`.
    pub slug: Option<String>,
    /// Old paths (`aliases`, `redirect_from`, and the old URL the flavour adds).
    pub aliases: Vec<String>,
    /// `comments = false`.
    pub comments: Option<bool>,
    /// A post's `series` and the line it is on.
    pub series: Option<(String, usize)>,
    /// A post's `image` (Chirpy's `image` or `image.path`, Hugo's `images[0]` or
    /// `cover.image`) and the line it is on.
    pub image: Option<(String, usize)>,
}

/// How a flavour's front matter is read.
pub struct Reading<'a> {
    /// The source file, for the report.
    pub file: &'a str,
    /// The site's time zone for date-times written without an offset.
    pub zone: Option<&'a jiff::tz::TimeZone>,
    /// Whether a string of tags is split on whitespace (Jekyll).
    pub split_tags: bool,
    /// Keys the flavour reads itself (`permalink`, `url`, `weight`…): not reported.
    pub consumed: &'a [&'a str],
}

/// Why a common key that roadbook does not have is dropped.
fn dropped_note(key: &str) -> &'static str {
    match key {
        "layout" | "type" => "roadbook picks the template from the page's kind",
        "image" | "cover" | "thumbnail" | "header" => "not a picture roadbook could read: set `image` by hand",
        "math" | "katex" | "mathjax" => {
            "the `$…$` and `$$…$$` math is kept as written, in roadbook's math syntax: roadbook \
             renders it to MathML at build time"
        }
        "mermaid" => "```` ```mermaid ```` blocks are kept as written: roadbook draws them as SVG at build time",
        "pin" | "sticky" => "roadbook has no pinned posts: the post is listed by date",
        "toc" | "toc_sticky" | "toc_label" => "roadbook makes a table of contents for every page",
        "author" | "authors" => "roadbook has one site author (`author` in config.toml)",
        "render_with_liquid" => "Liquid is not run by roadbook",
        "extra" | "params" => "theme-specific values have no roadbook counterpart",
        _ => "roadbook has no such field",
    }
}

/// Reads the common fields of `parsed`; unknown keys and unreadable values go to `report`.
pub fn read(parsed: &Parsed, how: &Reading<'_>, report: &mut Report) -> Fields {
    let mut f = Fields::default();
    let mut categories = Vec::new();
    for entry in &parsed.entries {
        let (key, value, line) = (entry.key.as_str(), &entry.value, entry.line);
        let mut bad = |what: &str| {
            report.add(
                how.file,
                line,
                format!("front matter `{key}`"),
                Action::Dropped,
                format!("not {what}"),
            )
        };
        match key {
            "title" => f.title = value.as_text().unwrap_or_default(),
            "date" => match value.as_text().and_then(|t| date(&t, how.zone)) {
                Some(d) => f.date = Some(d),
                None => bad("a date"),
            },
            "updated" | "last_modified_at" | "lastmod" | "modified" => {
                match value.as_text().and_then(|t| date(&t, how.zone)) {
                    Some(d) => f.updated = f.updated.or(Some(d)),
                    None => bad("a date"),
                }
            }
            "tags" => f.tags.extend(value.as_strings(how.split_tags)),
            "categories" | "category" => categories.extend(value.as_strings(how.split_tags)),
            "taxonomies" => taxonomies(value, line, how.file, &mut f, &mut categories, report),
            "draft" => f.draft = value.as_bool().unwrap_or(false) || f.draft,
            "published" => f.draft = value.as_bool() == Some(false) || f.draft,
            "description" | "summary" | "excerpt" => {
                if f.summary.is_none() {
                    f.summary = value.as_text().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
                }
            }
            "slug" => f.slug = value.as_text().map(|s| crate::util::slug::nfc(s.trim())),
            "aliases" | "redirect_from" => f.aliases.extend(value.as_strings(false)),
            "comments" => f.comments = value.as_bool(),
            // Hugo's `series` taxonomy (a list) and Jekyll themes' `series` string.
            "series" if first_text(value).is_some() => f.series = first_text(value).map(|s| (s, line)),
            "image" | "images" | "cover" | "header" if image_of(value).is_some() => {
                f.image = f.image.take().or(image_of(value).map(|i| (i, line)));
            }
            _ if how.consumed.contains(&key) => {}
            "extra" | "params" if matches!(value, Value::Map(_)) => report_table(report, how.file, line, key, value),
            _ => {
                let shown = match value.as_text() {
                    Some(v) if v.len() < 40 => format!("front matter `{key}: {v}`"),
                    _ => format!("front matter `{key}`"),
                };
                report.add(how.file, line, shown, Action::Dropped, dropped_note(key));
            }
        }
    }
    for c in categories {
        f.tags.push(c);
    }
    let mut seen = std::collections::HashSet::new();
    f.tags
        .retain(|t| !t.trim().is_empty() && seen.insert(t.trim().to_lowercase()));
    f
}

/// Zola's `[taxonomies]`: tags, categories (as tags) and series; any other is reported.
fn taxonomies(
    value: &Value,
    line: usize,
    file: &str,
    f: &mut Fields,
    categories: &mut Vec<String>,
    report: &mut Report,
) {
    f.tags
        .extend(value.get("tags").map(|v| v.as_strings(false)).unwrap_or_default());
    categories.extend(value.get("categories").map(|v| v.as_strings(false)).unwrap_or_default());
    if let Some(series) = value.get("series").and_then(first_text) {
        f.series = Some((series, line));
    }
    if let Value::Map(entries) = value {
        let known = ["tags", "categories", "series"];
        for (k, _) in entries.iter().filter(|(k, _)| !known.contains(&k.as_str())) {
            report.add(
                file,
                line,
                format!("taxonomy `{k}`"),
                Action::Dropped,
                "roadbook has tags and series only",
            );
        }
    }
}

/// A string, or the first string of a list.
fn first_text(value: &Value) -> Option<String> {
    match value {
        Value::List(items) => items.first().and_then(Value::as_text),
        other => other.as_text(),
    }
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty())
}

/// The picture a front-matter value names: a string, the first of a list, or a table's
/// `path`, `image`, `src` or `url` (local or a URL, as written).
fn image_of(value: &Value) -> Option<String> {
    let found = match value {
        Value::Str(s) => Some(s.clone()),
        Value::List(items) => items.first().and_then(image_of),
        // Chirpy's `image.path`, PaperMod's `cover.image`, minimal-mistakes' `header.og_image`
        // or `header.teaser`.
        Value::Map(_) => ["path", "og_image", "teaser", "image", "src", "url"]
            .iter()
            .find_map(|k| value.get(k).and_then(Value::as_text)),
        _ => None,
    };
    found.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Pages have no `image` or `series`: a page's are reported as dropped.
pub fn report_post_only(f: &Fields, file: &str, report: &mut Report) {
    let found = [("image", &f.image), ("series", &f.series)];
    for (key, value) in found {
        if let Some((value, line)) = value {
            report.add(
                file,
                *line,
                format!("front matter {key} `{value}`"),
                Action::Dropped,
                format!("only posts have a `{key}`"),
            );
        }
    }
}

/// roadbook front matter (`+++` … `+++`) from ordered key/value pairs; `None` values are left
/// out.
pub fn write(pairs: &[(&str, Option<toml::Value>)]) -> String {
    let mut out = String::from("+++\n");
    for (key, value) in pairs {
        if let Some(value) = value {
            let _ = writeln!(out, "{key} = {value}");
        }
    }
    out.push_str("+++\n");
    out
}

/// The front matter of a post from its fields.
pub fn post_front_matter(f: &Fields, slug: Option<&str>) -> String {
    write(&[
        ("title", Some(str_value(&f.title))),
        ("date", f.date.map(toml::Value::Datetime)),
        ("updated", f.updated.map(toml::Value::Datetime)),
        ("slug", slug.map(str_value)),
        ("tags", list(&f.tags)),
        ("summary", f.summary.as_deref().map(str_value)),
        ("draft", f.draft.then_some(toml::Value::Boolean(true))),
        ("series", f.series.as_ref().map(|(s, _)| str_value(s))),
        ("comments", f.comments.filter(|c| !c).map(toml::Value::Boolean)),
        ("image", f.image.as_ref().map(|(i, _)| str_value(i))),
        ("aliases", list(&f.aliases)),
    ])
}

/// The front matter of a standalone page from its fields.
pub fn page_front_matter(f: &Fields) -> String {
    write(&[
        ("title", Some(str_value(&f.title))),
        ("summary", f.summary.as_deref().map(str_value)),
        ("aliases", list(&f.aliases)),
    ])
}

/// A TOML string.
pub fn str_value(s: &str) -> toml::Value {
    toml::Value::String(s.to_string())
}

/// A TOML array of strings, `None` when empty.
pub fn list(items: &[String]) -> Option<toml::Value> {
    (!items.is_empty()).then(|| toml::Value::Array(items.iter().map(|s| str_value(s)).collect()))
}

/// Reports the keys of a table the importer read nothing from (e.g. Zola's `[extra]`).
pub fn report_table(report: &mut Report, file: &str, line: usize, name: &str, value: &Value) {
    if let Value::Map(entries) = value {
        for (k, _) in entries {
            report.add(
                file,
                line,
                code(&format!("{name}.{k}")),
                Action::Dropped,
                dropped_note(name),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::frontmatter::parse;

    #[test]
    fn common_fields_map_onto_roadbook_and_the_rest_is_reported() {
        let text = "---\ntitle: 캐싱\ndate: 2024-01-02 10:00:00 +0900\nlast_modified_at: 2024-02-01\ntags: redis cache\ncategories: [Backend, redis]\npublished: false\ndescription: 요약\nredirect_from: [/old/]\npin: true\nlayout: post\npermalink: /x/\n---\n";
        let parsed = parse("_posts/a.md", text).unwrap();
        let mut report = Report::default();
        let how = Reading {
            file: "_posts/a.md",
            zone: None,
            split_tags: true,
            consumed: &["permalink"],
        };
        let f = read(&parsed, &how, &mut report);
        assert_eq!(f.title, "캐싱");
        assert_eq!(f.date.unwrap().to_string(), "2024-01-02T10:00:00+09:00");
        assert_eq!(f.updated.unwrap().to_string(), "2024-02-01");
        assert_eq!(f.tags, ["redis", "cache", "Backend"]);
        assert!(f.draft);
        assert_eq!(f.summary.as_deref(), Some("요약"));
        assert_eq!(f.aliases, ["/old/"]);
        let reported: Vec<(usize, &str)> = report.items().iter().map(|i| (i.line, i.what.as_str())).collect();
        assert_eq!(
            reported,
            [(10, "front matter `pin: true`"), (11, "front matter `layout: post`")]
        );
        let toml = post_front_matter(&f, Some("캐싱"));
        assert!(toml.contains("date = 2024-01-02T10:00:00+09:00\n"), "{toml}");
        assert!(toml.contains("tags = [\"redis\", \"cache\", \"Backend\"]\n"), "{toml}");
        assert!(toml.contains("draft = true\n"), "{toml}");
    }

    #[test]
    fn images_and_series_from_theme_fields() {
        let map = |pairs: &[(&str, &str)]| {
            Value::Map(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), Value::Str(v.to_string())))
                    .collect(),
            )
        };
        assert_eq!(
            image_of(&map(&[("path", "/a.png"), ("alt", "x")])).as_deref(),
            Some("/a.png")
        );
        assert_eq!(
            image_of(&map(&[("teaser", "/t.png"), ("og_image", "/og.png")])).as_deref(),
            Some("/og.png")
        );
        assert_eq!(
            image_of(&Value::List(vec![Value::Str("b.jpg".into())])).as_deref(),
            Some("b.jpg")
        );
        assert_eq!(image_of(&map(&[("alt", "x")])), None);
        assert_eq!(
            first_text(&Value::List(vec![Value::Str(" 입문 ".into())])).as_deref(),
            Some("입문")
        );
    }
}

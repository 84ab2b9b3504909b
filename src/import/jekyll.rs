//! Jekyll sites (GitHub Pages), with the conventions of the Chirpy and minimal-mistakes themes.
//!
//! Posts come from `_posts/YYYY-MM-DD-slug.md` (and `.markdown`; `_drafts/` become drafts),
//! pages from Markdown files with front matter outside `_` folders (and Chirpy's `_tabs/`,
//! minimal-mistakes' `_pages/`), static files from everything else Jekyll would copy. The old
//! URL of each post (the `permalink` setting, from `_config.yml`, its `defaults` or the post) is
//! kept as an alias. Bodies lose their Liquid and kramdown in [`super::liquid`].

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::fields::{self, Fields, Reading};
use super::frontmatter::{Parsed, Value};
use super::liquid::{Body, convert_body};
use super::permalink::{default_value, page_url, post_permalink, post_url};
use super::report::{Action, Report};
use super::site::{NewSite, files, is_markdown, parse_front_matter, read_text};
use super::text::code;
use crate::diagnostics::Diagnostic;

/// The site's settings every file is read with.
struct Settings {
    /// `_config.yml`.
    config: Value,
    /// `timezone`, for times written without an offset.
    zone: Option<jiff::tz::TimeZone>,
    /// The posts' permalink pattern.
    permalink: String,
}

/// A source file to convert, and where it lands in the new site.
struct Planned {
    rel: String,
    kind: Kind,
    parsed: Parsed,
    dest: String,
}

/// Reads the Jekyll site at `source`.
pub fn read(source: &Path, warnings: &mut Vec<Diagnostic>) -> NewSite {
    let mut site = NewSite::default();
    let config = site_config(source, &mut site.report, warnings);
    site.config = new_config(&config);
    let settings = Settings {
        zone: config
            .get("timezone")
            .and_then(Value::as_text)
            .and_then(|z| jiff::tz::TimeZone::get(&z).ok()),
        permalink: post_permalink(&config),
        config,
    };
    // Pass 1: where each post and page lands, so `post_url` and `link` can point at it (a
    // post by its file stem, any file by its path).
    let plan = plan(source, &mut site, warnings);
    let mut targets: HashMap<String, String> = HashMap::new();
    for p in &plan {
        if let Kind::Post { .. } = p.kind {
            targets.insert(file_stem(&p.rel).to_string(), p.dest.clone());
        }
        targets.insert(p.rel.clone(), p.dest.clone());
    }
    // Pass 2: convert.
    for p in plan {
        let text = convert(&p, &settings, &targets, &mut site.report);
        site.files.insert(p.dest, text);
    }
    site
}

/// `config.toml`'s settings from `_config.yml`.
fn new_config(config: &Value) -> super::site::NewConfig {
    let text = |k: &str| config.get(k).and_then(Value::as_text);
    super::site::new_config(
        text("title"),
        text("description").or(text("tagline")),
        text("url").map(|url| {
            let base = text("baseurl").unwrap_or_default();
            format!("{}/{}", url.trim_end_matches('/'), base.trim_matches('/'))
        }),
        text("lang").or(text("locale")),
        config
            .get("author")
            .and_then(|a| a.as_text().or_else(|| a.get("name")?.as_text())),
    )
}

/// The posts and pages of the site with where each lands; static files are copied (or
/// skipped when Jekyll ran them through Liquid) on the way.
fn plan(source: &Path, site: &mut NewSite, warnings: &mut Vec<Diagnostic>) -> Vec<Planned> {
    let mut plan = Vec::new();
    let mut taken = HashSet::new();
    for (rel, path) in files(source) {
        let Some(kind) = classify(&rel) else { continue };
        if let Kind::Static = kind {
            if starts_with_front_matter(&path) {
                site.report.add(
                    &rel,
                    0,
                    "a file with front matter that is not Markdown",
                    Action::Skipped,
                    "Jekyll ran it through Liquid (a layout, feed or stylesheet template); roadbook makes its own",
                );
            } else {
                site.copies.insert(format!("static/{rel}"), path);
            }
            continue;
        }
        let Some(text) = read_text(&path, &rel, &mut site.report, warnings) else {
            continue;
        };
        let Some(parsed) = parse_front_matter(&rel, &text, &mut site.report, warnings) else {
            continue;
        };
        let dest = match kind {
            Kind::Post { draft } => post_dest(&rel, draft, &mut taken, &mut site.report),
            _ => page_dest(&rel, &parsed, &mut taken, &mut site.report),
        };
        if let Some(dest) = dest {
            plan.push(Planned {
                rel,
                kind,
                parsed,
                dest,
            });
        }
    }
    plan
}

/// Where a post lands: `content/blog/<slug>.md`, dated when the slug is taken.
fn post_dest(rel: &str, draft: bool, taken: &mut HashSet<String>, report: &mut Report) -> Option<String> {
    let stem = file_stem(rel);
    let (date, slug) = match split_date(stem) {
        Some(parts) => parts,
        None if draft => (None, stem.to_string()),
        None => {
            report.add(
                rel,
                0,
                "a post file name without a date",
                Action::Skipped,
                "Jekyll publishes only `_posts/YYYY-MM-DD-title.md`: rename it to import it",
            );
            return None;
        }
    };
    let slug = clean_slug(&slug);
    let mut dest = format!("content/blog/{slug}.md");
    if !taken.insert(dest.clone()) {
        let day = date.map(|d| d.to_string()).unwrap_or_default();
        dest = format!("content/blog/{day}-{slug}.md");
        taken.insert(dest.clone());
    }
    Some(dest)
}

/// Where a page lands: the home page, `content/pages/<slug>.md`, or nowhere (a file Jekyll
/// copied as it is, a list the theme generates).
fn page_dest(rel: &str, parsed: &Parsed, taken: &mut HashSet<String>, report: &mut Report) -> Option<String> {
    if parsed.entries.is_empty() {
        report.add(
            rel,
            0,
            "a Markdown file without front matter",
            Action::Skipped,
            "Jekyll copied it as it is rather than making a page of it",
        );
        return None;
    }
    if is_generated_list(parsed) {
        let layout = parsed.get("layout").and_then(Value::as_text).unwrap_or_default();
        report.add(
            rel,
            parsed.line("layout"),
            code(&format!("layout: {layout}")),
            Action::Skipped,
            "a list the theme generates: roadbook makes its own (/blog/, /blog/archive/, /tags/)",
        );
        return None;
    }
    let stem = page_slug(rel, parsed);
    if stem == "index" {
        return Some("content/_index.md".to_string());
    }
    let slug = super::site::free_page_slug(clean_slug(&stem), rel, report);
    let mut dest = format!("content/pages/{slug}.md");
    if !taken.insert(dest.clone()) {
        dest = format!("content/pages/{}.md", clean_slug(&rel.replace(['/', '.'], "-")));
        taken.insert(dest.clone());
    }
    Some(dest)
}

/// The new file of a planned post or page: roadbook front matter and the rewritten body.
fn convert(p: &Planned, s: &Settings, targets: &HashMap<String, String>, report: &mut Report) -> String {
    let how = Reading {
        file: &p.rel,
        zone: s.zone.as_ref(),
        split_tags: true,
        consumed: &["permalink", "media_subpath", "img_path", "excerpt_separator"],
    };
    let mut f = fields::read(&p.parsed, &how, report);
    if f.title.is_empty() {
        f.title = file_stem(&p.rel).to_string();
    }
    let media = p
        .parsed
        .get("media_subpath")
        .or(p.parsed.get("img_path"))
        .and_then(Value::as_text)
        .or_else(|| default_value(&s.config, &p.rel, "media_subpath"));
    let ctx = Body {
        rel: &p.rel,
        dest: &p.dest,
        targets,
        media: media.as_deref(),
        more: p
            .parsed
            .get("excerpt_separator")
            .or(s.config.get("excerpt_separator"))
            .and_then(Value::as_text),
    };
    let body = convert_body(&p.parsed, &ctx, report);
    // Chirpy's `media_subpath` applies to the post's `image` too.
    if let (Some(media), Some((image, _))) = (media.as_deref(), f.image.as_mut())
        && !image.starts_with('/')
        && !image.contains("://")
    {
        *image = format!("{}/{image}", media.trim_end_matches('/'));
    }
    let front = match p.kind {
        Kind::Post { draft } => post_front_matter(p, f, draft, s, report),
        _ => page_front_matter(p, f, s, report),
    };
    format!("{front}{body}")
}

/// A post's front matter: its date (from the file name when the front matter has none), and
/// its old URL under the site's permalink pattern as an alias.
fn post_front_matter(p: &Planned, mut f: Fields, draft: bool, s: &Settings, report: &mut Report) -> String {
    let stem = file_stem(&p.rel);
    let file_date = split_date(stem).and_then(|(d, _)| d);
    if f.date.is_none() {
        f.date = file_date.and_then(|d| d.to_string().parse().ok());
    }
    if f.date.is_none() {
        f.date = jiff::ZonedDateTime::now().date().to_string().parse().ok();
        report.add(&p.rel, 1, "a draft without a date", Action::Approximated, "dated today");
    }
    f.draft |= draft;
    let url_date = f
        .date
        .and_then(|d| d.date)
        .and_then(|d| jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).ok())
        .or(file_date);
    let pattern = p
        .parsed
        .get("permalink")
        .and_then(Value::as_text)
        .unwrap_or_else(|| s.permalink.clone());
    if let Some(date) = url_date.filter(|_| !draft) {
        let categories = p
            .parsed
            .get("categories")
            .or(p.parsed.get("category"))
            .map(|c| c.as_strings(true))
            .unwrap_or_default();
        let slug = f
            .slug
            .clone()
            .unwrap_or_else(|| clean_slug(&split_date(stem).map(|(_, s)| s).unwrap_or_default()));
        f.aliases.insert(0, post_url(&pattern, date, &slug, &categories));
    }
    let slug = f.slug.take();
    let own = p.dest.trim_start_matches("content/blog/").trim_end_matches(".md");
    super::site::keep_other_aliases(&mut f.aliases, &format!("/blog/{}/", slug.as_deref().unwrap_or(own)));
    fields::post_front_matter(&f, slug.as_deref())
}

/// A page's front matter, its old URL as an alias (the home page has none).
fn page_front_matter(p: &Planned, mut f: Fields, s: &Settings, report: &mut Report) -> String {
    fields::report_post_only(&f, &p.rel, report);
    if p.dest == "content/_index.md" {
        f.aliases.clear();
    } else {
        f.aliases.insert(0, page_url(&p.rel, &p.parsed, &s.permalink));
        let own = p.dest.trim_start_matches("content/pages/").trim_end_matches(".md");
        super::site::keep_other_aliases(&mut f.aliases, &format!("/{own}/"));
    }
    fields::page_front_matter(&f)
}

/// Whether a page is one of the lists a theme generates (Chirpy's archives, categories and
/// tags tabs, a home page): roadbook makes these itself, and their paths are taken.
fn is_generated_list(parsed: &Parsed) -> bool {
    let layout = parsed.get("layout").and_then(Value::as_text).unwrap_or_default();
    matches!(
        layout.as_str(),
        "home" | "archives" | "archive" | "categories" | "category" | "tags" | "tag" | "paginate"
    )
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Post { draft: bool },
    Page,
    Static,
}

/// What a file of the source is, or `None` for what Jekyll does not publish.
fn classify(rel: &str) -> Option<Kind> {
    let first = rel.split('/').next().unwrap_or_default();
    let name = rel.rsplit('/').next().unwrap_or_default();
    if rel.split('/').any(|s| s == "_posts") && is_markdown(rel) {
        return Some(Kind::Post { draft: false });
    }
    if first == "_drafts" && is_markdown(rel) {
        return Some(Kind::Post { draft: true });
    }
    if matches!(first, "_tabs" | "_pages") && is_markdown(rel) {
        return Some(Kind::Page);
    }
    let skipped_top = [
        "Gemfile",
        "Gemfile.lock",
        "README.md",
        "LICENSE",
        "LICENSE.md",
        "package.json",
        "package-lock.json",
        "Rakefile",
    ];
    if rel.split('/').any(|s| s.starts_with('_') || s.starts_with('.'))
        || matches!(first, "vendor" | "node_modules" | "tools")
        || (!rel.contains('/') && (skipped_top.contains(&name) || name.ends_with(".gemspec")))
    {
        return None;
    }
    Some(if is_markdown(rel) { Kind::Page } else { Kind::Static })
}

fn starts_with_front_matter(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"---\n" || &head == b"---\r")
}

fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// `2024-01-02-slug` → the date and `slug`.
fn split_date(stem: &str) -> Option<(Option<jiff::civil::Date>, String)> {
    let date = stem.get(..10)?.parse::<jiff::civil::Date>().ok()?;
    let slug = stem
        .get(11..)
        .filter(|s| !s.is_empty() && stem.as_bytes()[10] == b'-')?;
    Some((Some(date), slug.to_string()))
}

/// A slug roadbook accepts (no spaces, `%`, `?`, `#`, `/`).
fn clean_slug(slug: &str) -> String {
    let s: String = crate::util::slug::nfc(slug)
        .chars()
        .map(|c| {
            if c.is_whitespace() || "%?#/\\".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() { "untitled".into() } else { s }
}

/// A page's slug: the last segment of its `permalink`, else its file stem.
fn page_slug(rel: &str, parsed: &Parsed) -> String {
    if let Some(p) = parsed.get("permalink").and_then(Value::as_text) {
        let last = p.trim_matches('/').rsplit('/').next().unwrap_or_default();
        let last = last.trim_end_matches(".html");
        if !last.is_empty() {
            return last.to_string();
        }
        return "index".into();
    }
    file_stem(rel).to_string()
}

fn site_config(source: &Path, report: &mut Report, warnings: &mut Vec<Diagnostic>) -> Value {
    let rel = if source.join("_config.yml").exists() {
        "_config.yml"
    } else {
        "_config.yaml"
    };
    let Some(text) = read_text(&source.join(rel), rel, report, warnings) else {
        return Value::Map(Vec::new());
    };
    match super::frontmatter::parse(rel, &format!("---\n{text}\n---\n")) {
        Ok(parsed) => Value::Map(parsed.entries.into_iter().map(|e| (e.key, e.value)).collect()),
        Err(d) => {
            report.add(
                rel,
                0,
                d.message.clone(),
                Action::Skipped,
                "the site's settings were not read",
            );
            warnings.push(Diagnostic::warning(format!("{rel}: {}", d.message)));
            Value::Map(Vec::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_as_jekyll_publishes_them() {
        assert!(matches!(
            classify("_posts/2024-01-02-a.md"),
            Some(Kind::Post { draft: false })
        ));
        assert!(matches!(
            classify("_posts/dev/2024-01-02-a.markdown"),
            Some(Kind::Post { .. })
        ));
        assert!(matches!(classify("_drafts/a.md"), Some(Kind::Post { draft: true })));
        assert!(matches!(classify("_tabs/about.md"), Some(Kind::Page)));
        assert!(matches!(classify("assets/img/a.png"), Some(Kind::Static)));
        assert!(classify("_layouts/post.html").is_none());
        assert!(classify("Gemfile").is_none());
        assert!(classify(".github/workflows/x.yml").is_none());
    }
}

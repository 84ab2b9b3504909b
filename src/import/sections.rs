//! The `content/` folder Hugo and Zola share: sections (its first-level folders), leaf bundles
//! (`post/index.md` with its files), section pages (`_index.md`), and the blog. Each flavour
//! says which sections are the blog, how its old URLs were made and how its shortcodes look.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::fields::{self, Fields, Reading};
use super::frontmatter::Parsed;
use super::report::{Action, Report};
use super::shortcodes::{self, Call};
use super::site::{NewSite, SectionsAs, files, is_markdown, parse_front_matter, read_text};
use super::text;
use crate::diagnostics::Diagnostic;

/// A Markdown file of `content/`.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its path from the source root: `content/posts/a/index.md`.
    pub rel: String,
    /// Its path from `content/`: `posts/a/index.md`.
    pub path: String,
    /// The first-level folder it is in (`None` for `content/about.md`).
    pub section: Option<String>,
    /// Its name: the file stem, or the bundle's folder name.
    pub stem: String,
    /// The bundle folder from `content/` (`posts/a`) when the file is a bundle's `index.md`.
    pub bundle: Option<String>,
}

/// What differs between Hugo and Zola.
pub struct Flavoured<'a> {
    /// Sections that are the blog.
    pub blog: &'a [&'a str],
    /// Front-matter keys the flavour reads itself.
    pub consumed: &'a [&'a str],
    /// The shortcode calls of a body.
    pub calls: fn(&str) -> Vec<Call>,
    /// The page's URL on the old site.
    pub old_url: &'a dyn Fn(&Entry, &Parsed, &Fields) -> Option<String>,
    /// A date from the file name (Zola's `2024-01-02-slug.md`), and the name without it.
    pub file_date: fn(&str) -> Option<(String, String)>,
    /// Rewrites a body's internal links before shortcodes are (Zola's `@/`).
    pub links: fn(&str, &Resolve<'_>) -> String,
}

/// Turns a content path of the source (`posts/a.md#h`) into a link of the new site.
pub type Resolve<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Where an entry lands.
struct Planned {
    entry: Entry,
    parsed: Parsed,
    dest: String,
    post: bool,
}

/// Reads `source/content` into `site`: posts, pages and their files.
pub fn read(
    source: &Path,
    flavour: &Flavoured<'_>,
    sections_as: SectionsAs,
    site: &mut NewSite,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut planned = Vec::new();
    let mut assets: Vec<(String, PathBuf)> = Vec::new();
    let mut taken = HashSet::new();
    for (path, file) in files(&source.join("content")) {
        let rel = format!("content/{path}");
        if !is_markdown(&path) {
            assets.push((path, file));
            continue;
        }
        let Some(text) = read_text(&file, &rel, &mut site.report, warnings) else {
            continue;
        };
        let Some(parsed) = parse_front_matter(&rel, &text, &mut site.report, warnings) else {
            continue;
        };
        if path == "_index.md" {
            home_page(&parsed, &rel, flavour, site);
        } else if let Some(section) = path.strip_suffix("/_index.md") {
            // A section's own text: a page at the section's path, unless it is empty or the
            // blog's (roadbook makes `/blog/` itself).
            let is_blog = flavour.blog.contains(&section);
            if is_blog || section.contains('/') || parsed.body.trim().is_empty() {
                site.report.add(
                    &rel,
                    0,
                    "a section page (`_index.md`)",
                    Action::Dropped,
                    "roadbook makes the blog and tag lists itself; move any text worth keeping into a page",
                );
                continue;
            }
            let entry = Entry {
                stem: section.to_string(),
                section: None,
                bundle: None,
                rel,
                path,
            };
            let dest = destination(&entry, &parsed, false, flavour, &mut taken, &mut site.report);
            planned.push(Planned {
                entry,
                parsed,
                dest,
                post: false,
            });
        } else {
            let entry = entry(rel, path);
            let is_blog = entry.section.as_deref().is_some_and(|s| flavour.blog.contains(&s));
            let post = is_blog || (entry.section.is_some() && sections_as == SectionsAs::Tags);
            let dest = destination(&entry, &parsed, post, flavour, &mut taken, &mut site.report);
            planned.push(Planned {
                entry,
                parsed,
                dest,
                post,
            });
        }
    }
    copy_assets(assets, &planned, site);
    // Where each source page went, for `ref`, `relref` and `@/` links.
    let targets: HashMap<String, String> = planned.iter().map(|p| (p.entry.path.clone(), p.dest.clone())).collect();
    for p in planned {
        let text = convert_page(&p, flavour, &targets, &mut site.report);
        site.files.insert(p.dest, text);
    }
}

/// `content/_index.md`: the home page's title and text.
fn home_page(parsed: &Parsed, rel: &str, flavour: &Flavoured<'_>, site: &mut NewSite) {
    let f = fields::read(parsed, &reading(rel, &[]), &mut Report::default());
    let title = if f.title.is_empty() {
        site.config.title.clone()
    } else {
        f.title
    };
    let body = convert(
        parsed,
        rel,
        "content/_index.md",
        flavour,
        &HashMap::new(),
        &mut site.report,
    );
    let front = fields::page_front_matter(&Fields {
        title,
        ..Fields::default()
    });
    site.files.insert("content/_index.md".into(), format!("{front}{body}"));
}

/// The entry of the Markdown file at `path` (from `content/`).
fn entry(rel: String, path: String) -> Entry {
    let name = path.rsplit('/').next().unwrap_or_default();
    let bundle = path.strip_suffix("/index.md").map(str::to_string);
    let stem = match &bundle {
        Some(b) => b.rsplit('/').next().unwrap_or(b).to_string(),
        None => name.trim_end_matches(".md").trim_end_matches(".markdown").to_string(),
    };
    Entry {
        rel,
        section: path.split_once('/').map(|(s, _)| s.to_string()),
        path,
        stem,
        bundle,
    }
}

/// Where an entry lands: `content/blog/<slug>.md` (a bundle: `<slug>/index.md`, its files
/// beside it) or `content/pages/<slug>.md`, with `-2`, `-3`… when the slug is taken.
fn destination(
    entry: &Entry,
    parsed: &Parsed,
    post: bool,
    flavour: &Flavoured<'_>,
    taken: &mut HashSet<String>,
    report: &mut Report,
) -> String {
    let name = (flavour.file_date)(&entry.stem).map_or(entry.stem.clone(), |(_, s)| s);
    let slug = parsed
        .get("slug")
        .and_then(|v| v.as_text())
        .map(|s| s.trim().to_string())
        .filter(|s| crate::util::slug::is_valid_slug(s))
        .unwrap_or_else(|| clean(&name));
    let slug = if post {
        slug
    } else {
        super::site::free_page_slug(slug, &entry.rel, report)
    };
    let folder = if post { "content/blog" } else { "content/pages" };
    let mut key = slug.clone();
    let mut n = 2;
    while !taken.insert(format!("{folder}/{key}")) {
        key = format!("{slug}-{n}");
        n += 1;
    }
    match (&entry.bundle, post) {
        (Some(_), true) => format!("{folder}/{key}/index.md"),
        _ => format!("{folder}/{key}.md"),
    }
}

/// Bundle files go beside their page; other files of `content/` keep their URL in `static/`.
fn copy_assets(assets: Vec<(String, PathBuf)>, planned: &[Planned], site: &mut NewSite) {
    let bundle_dest: HashMap<&str, &str> = planned
        .iter()
        .filter_map(|p| Some((p.entry.bundle.as_deref()?, p.dest.rsplit_once('/')?.0)))
        .collect();
    for (path, file) in assets {
        let bundle = bundle_dest
            .iter()
            .find(|(b, _)| path.starts_with(&format!("{b}/")))
            .map(|(b, dir)| (b.len(), *dir));
        match bundle {
            Some((len, dir)) => site.copies.insert(format!("{dir}/{}", &path[len + 1..]), file),
            None => site.copies.insert(format!("static/{path}"), file),
        };
    }
}

/// The new file of a planned page: front matter (the old URL as an alias; a post of another
/// section tagged with it) and the rewritten body.
fn convert_page(
    p: &Planned,
    flavour: &Flavoured<'_>,
    targets: &HashMap<String, String>,
    report: &mut Report,
) -> String {
    let mut f = fields::read(&p.parsed, &reading(&p.entry.rel, flavour.consumed), report);
    if f.title.is_empty() {
        f.title = p.entry.stem.clone();
    }
    if let Some(old) = (flavour.old_url)(&p.entry, &p.parsed, &f) {
        f.aliases.insert(0, old);
    }
    let body = convert(&p.parsed, &p.entry.rel, &p.dest, flavour, targets, report);
    let own = if p.post {
        let slug = p.dest.trim_start_matches("content/blog/").trim_end_matches(".md");
        format!("/blog/{}/", slug.trim_end_matches("/index"))
    } else {
        format!(
            "/{}/",
            p.dest.trim_start_matches("content/pages/").trim_end_matches(".md")
        )
    };
    super::site::keep_other_aliases(&mut f.aliases, &own);
    if !p.post {
        fields::report_post_only(&f, &p.entry.rel, report);
        return format!("{}{body}", fields::page_front_matter(&f));
    }
    if let Some(section) = p.entry.section.as_deref().filter(|s| !flavour.blog.contains(s))
        && !f.tags.iter().any(|t| t.eq_ignore_ascii_case(section))
    {
        f.tags.insert(0, section.to_string());
    }
    if f.date.is_none() {
        f.date = (flavour.file_date)(&p.entry.stem).and_then(|(d, _)| d.parse().ok());
    }
    if f.date.is_none() {
        f.date = jiff::ZonedDateTime::now().date().to_string().parse().ok();
        report.add(
            &p.entry.rel,
            1,
            "a post without a date",
            Action::Approximated,
            "dated today: set `date` by hand",
        );
    }
    format!("{}{body}", fields::post_front_matter(&f, None))
}

fn reading<'a>(rel: &'a str, consumed: &'a [&'a str]) -> Reading<'a> {
    Reading {
        file: rel,
        zone: None,
        split_tags: false,
        consumed,
    }
}

/// A slug roadbook accepts.
fn clean(name: &str) -> String {
    let s: String = crate::util::slug::nfc(name)
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

/// A body with its links, shortcodes and summary marker rewritten.
fn convert(
    parsed: &Parsed,
    rel: &str,
    dest: &str,
    flavour: &Flavoured<'_>,
    targets: &HashMap<String, String>,
    report: &mut Report,
) -> String {
    let resolve = |target: &str| -> Option<String> {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let path = crate::util::slug::nfc(path);
        let path = path.trim_start_matches('/').trim_start_matches("content/");
        // A link to the blog's section page is a link to roadbook's blog list.
        let section = path.trim_end_matches("_index.md").trim_matches('/');
        if flavour.blog.contains(&section) {
            return Some(match anchor {
                Some(a) => format!("/blog/#{a}"),
                None => "/blog/".into(),
            });
        }
        let found = targets
            .get(path)
            .or_else(|| targets.get(&format!("{}/index.md", path.trim_end_matches('/'))))
            .or_else(|| targets.get(&format!("{}.md", path.trim_end_matches('/'))))
            .or_else(|| targets.get(&format!("{}/_index.md", path.trim_end_matches('/'))))
            .or_else(|| {
                let name = path.rsplit('/').next()?;
                let mut hits = targets.iter().filter(|(k, _)| {
                    k.rsplit('/').next() == Some(name)
                        || k.strip_suffix("/index.md").and_then(|b| b.rsplit('/').next())
                            == Some(name.trim_end_matches(".md"))
                });
                let hit = hits.next()?;
                hits.next().is_none().then_some(hit.1)
            })?;
        let link = text::relative(dest, found);
        Some(match anchor {
            Some(a) => format!("{link}#{a}"),
            None => link,
        })
    };
    let body = (flavour.links)(&parsed.body, &resolve);
    for (i, line) in body.lines().enumerate() {
        if line.contains("](@/") {
            report.add(
                rel,
                parsed.body_line + i,
                "an `@/` link to a page that was not imported",
                super::report::Action::Kept,
                "roadbook reports it as a broken link: point it at a page",
            );
        }
    }
    let calls = (flavour.calls)(&body);
    let body = shortcodes::rewrite(&body, &calls, rel, parsed.body_line, &resolve, report);
    body.replace("<!--more-->", "<!-- more -->")
}

/// The `[permalinks]` patterns of a config, by section.
pub fn permalinks(config: &super::frontmatter::Value) -> BTreeMap<String, String> {
    match config.get("permalinks") {
        Some(super::frontmatter::Value::Map(entries)) => entries
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_text()?)))
            .collect(),
        _ => BTreeMap::new(),
    }
}

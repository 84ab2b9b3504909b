//! Jekyll sites (GitHub Pages), with the conventions of the Chirpy and minimal-mistakes themes.
//!
//! Posts come from `_posts/YYYY-MM-DD-slug.md` (and `.markdown`; `_drafts/` become drafts),
//! pages from Markdown files with front matter outside `_` folders (and Chirpy's `_tabs/`,
//! minimal-mistakes' `_pages/`), static files from everything else Jekyll would copy. The old
//! URL of each post (the `permalink` setting, from `_config.yml`, its `defaults` or the post) is
//! kept as an alias. Bodies lose their Liquid and kramdown: `highlight` blocks become fences,
//! `raw` disappears, `post_url`/`link` become relative links, figure and video includes become
//! Markdown, `{: .prompt-* }` blockquotes become alerts; what remains is reported.

use std::collections::HashMap;
use std::path::Path;

use super::fields::{self, Reading};
use super::frontmatter::{Parsed, Value};
use super::report::{Action, Report};
use super::site::{NewSite, files, is_markdown, parse_front_matter, read_text};
use super::text::{self, Fences, arg, args, code, positional};
use crate::diagnostics::Diagnostic;

/// Reads the Jekyll site at `source`.
pub fn read(source: &Path, warnings: &mut Vec<Diagnostic>) -> NewSite {
    let mut site = NewSite::default();
    let config = site_config(source, &mut site.report, warnings);
    site.config = super::site::new_config(
        config.get("title").and_then(Value::as_text),
        config
            .get("description")
            .or(config.get("tagline"))
            .and_then(Value::as_text),
        config.get("url").and_then(Value::as_text).map(|url| {
            let base = config.get("baseurl").and_then(Value::as_text).unwrap_or_default();
            format!("{}/{}", url.trim_end_matches('/'), base.trim_matches('/'))
        }),
        config.get("lang").or(config.get("locale")).and_then(Value::as_text),
        config
            .get("author")
            .and_then(|a| a.as_text().or_else(|| a.get("name")?.as_text())),
    );
    let zone = config
        .get("timezone")
        .and_then(Value::as_text)
        .and_then(|z| jiff::tz::TimeZone::get(&z).ok());
    let permalink = post_permalink(&config);
    let all = files(source);
    // Pass 1: where each post and page lands, so `post_url` and `link` can point at it.
    let mut plan = Vec::new();
    let mut targets: HashMap<String, String> = HashMap::new();
    let mut taken = std::collections::HashSet::new();
    for (rel, path) in &all {
        let Some(kind) = classify(rel) else { continue };
        let text = match kind {
            Kind::Static => {
                if starts_with_front_matter(path) {
                    site.report.add(
                        rel,
                        0,
                        "a file with front matter that is not Markdown",
                        Action::Skipped,
                        "Jekyll ran it through Liquid (a layout, feed or stylesheet template); roadbook makes its own",
                    );
                } else {
                    site.copies.insert(format!("static/{rel}"), path.clone());
                }
                continue;
            }
            _ => match read_text(path, rel, &mut site.report, warnings) {
                Some(text) => text,
                None => continue,
            },
        };
        let Some(parsed) = parse_front_matter(rel, &text, &mut site.report, warnings) else {
            continue;
        };
        let dest = match kind {
            Kind::Post { draft } => {
                let stem = file_stem(rel);
                let (date, slug) = match split_date(stem) {
                    Some(parts) => parts,
                    None if draft => (None, stem.to_string()),
                    None => {
                        site.report.add(
                            rel,
                            0,
                            "a post file name without a date",
                            Action::Skipped,
                            "Jekyll publishes only `_posts/YYYY-MM-DD-title.md`: rename it to import it",
                        );
                        continue;
                    }
                };
                let slug = clean_slug(&slug);
                let mut dest = format!("content/blog/{slug}.md");
                if !taken.insert(dest.clone()) {
                    dest = format!(
                        "content/blog/{}-{slug}.md",
                        date.map(|d| d.to_string()).unwrap_or_default()
                    );
                    taken.insert(dest.clone());
                }
                targets.insert(stem.to_string(), dest.clone());
                dest
            }
            Kind::Page if parsed.entries.is_empty() => {
                site.report.add(
                    rel,
                    0,
                    "a Markdown file without front matter",
                    Action::Skipped,
                    "Jekyll copied it as it is rather than making a page of it",
                );
                continue;
            }
            Kind::Page if is_generated_list(&parsed) => {
                site.report.add(
                    rel,
                    parsed.line("layout"),
                    code(&format!(
                        "layout: {}",
                        parsed.get("layout").and_then(Value::as_text).unwrap_or_default()
                    )),
                    Action::Skipped,
                    "a list the theme generates: roadbook makes its own (/blog/, /blog/archive/, /tags/)",
                );
                continue;
            }
            Kind::Page => {
                let stem = page_slug(rel, &parsed);
                if stem == "index" {
                    "content/_index.md".to_string()
                } else {
                    let slug = super::site::free_page_slug(clean_slug(&stem), rel, &mut site.report);
                    let mut dest = format!("content/pages/{slug}.md");
                    if !taken.insert(dest.clone()) {
                        dest = format!("content/pages/{}.md", clean_slug(&rel.replace(['/', '.'], "-")));
                        taken.insert(dest.clone());
                    }
                    dest
                }
            }
            Kind::Static => unreachable!("handled above"),
        };
        targets.insert(rel.clone(), dest.clone());
        plan.push((rel.clone(), kind, parsed, dest));
    }
    // Pass 2: convert.
    let mut defaults_consumed = vec!["permalink", "media_subpath", "img_path"];
    defaults_consumed.push("excerpt_separator");
    for (rel, kind, parsed, dest) in plan {
        let how = Reading {
            file: &rel,
            zone: zone.as_ref(),
            split_tags: true,
            consumed: &defaults_consumed,
        };
        let mut f = fields::read(&parsed, &how, &mut site.report);
        if f.title.is_empty() {
            f.title = file_stem(&rel).to_string();
        }
        let subpath = parsed
            .get("media_subpath")
            .or(parsed.get("img_path"))
            .and_then(Value::as_text)
            .or_else(|| default_value(&config, &rel, "media_subpath"));
        let ctx = Body {
            rel: &rel,
            dest: &dest,
            targets: &targets,
            media: subpath.as_deref(),
            more: parsed.get("excerpt_separator").and_then(Value::as_text),
        };
        let body = convert_body(&parsed, &ctx, &mut site.report);
        let text = match kind {
            Kind::Post { draft } => {
                let stem = file_stem(&rel);
                let file_date = split_date(stem).and_then(|(d, _)| d);
                if f.date.is_none() {
                    f.date = file_date.and_then(|d| d.to_string().parse().ok());
                }
                if f.date.is_none() {
                    f.date = jiff::ZonedDateTime::now().date().to_string().parse().ok();
                    site.report
                        .add(&rel, 1, "a draft without a date", Action::Approximated, "dated today");
                }
                f.draft |= draft;
                let url_date = f
                    .date
                    .and_then(|d| d.date)
                    .and_then(|d| jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).ok())
                    .or(file_date);
                let pattern = parsed
                    .get("permalink")
                    .and_then(Value::as_text)
                    .unwrap_or_else(|| permalink.clone());
                if let Some(date) = url_date.filter(|_| !draft) {
                    let categories = parsed
                        .get("categories")
                        .or(parsed.get("category"))
                        .map(|c| c.as_strings(true))
                        .unwrap_or_default();
                    let slug = f
                        .slug
                        .clone()
                        .unwrap_or_else(|| clean_slug(&split_date(stem).map(|(_, s)| s).unwrap_or_default()));
                    f.aliases.insert(0, post_url(&pattern, date, &slug, &categories));
                }
                let slug = f.slug.take();
                let own = dest.trim_start_matches("content/blog/").trim_end_matches(".md");
                keep_other_aliases(&mut f.aliases, &format!("/blog/{}/", slug.as_deref().unwrap_or(own)));
                format!("{}{body}", fields::post_front_matter(&f, slug.as_deref()))
            }
            _ => {
                if dest != "content/_index.md" {
                    let old = page_url(&rel, &parsed, &permalink);
                    f.aliases.insert(0, old);
                    let own = dest.trim_start_matches("content/pages/").trim_end_matches(".md");
                    keep_other_aliases(&mut f.aliases, &format!("/{own}/"));
                } else {
                    f.aliases.clear();
                }
                format!("{}{body}", fields::page_front_matter(&f))
            }
        };
        site.files.insert(dest, text);
    }
    site
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

/// Drops aliases that are the page's new path (or repeat), which would clash with the page.
fn keep_other_aliases(aliases: &mut Vec<String>, own: &str) {
    let norm = |a: &str| format!("/{}/", a.trim_matches('/'));
    let mut seen = std::collections::HashSet::new();
    aliases.retain(|a| norm(a) != norm(own) && !a.trim_matches('/').is_empty() && seen.insert(norm(a)));
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

/// The URL Jekyll gave a page.
fn page_url(rel: &str, parsed: &Parsed, post_permalink: &str) -> String {
    if let Some(p) = parsed.get("permalink").and_then(Value::as_text) {
        return p;
    }
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let stem = stem.trim_start_matches("_pages/").trim_start_matches("_tabs/");
    if post_permalink.ends_with('/') {
        format!("/{stem}/")
    } else {
        format!("/{stem}.html")
    }
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

/// The posts' permalink pattern: a `defaults` entry for posts, else `permalink`, else `date`.
fn post_permalink(config: &Value) -> String {
    let global = config.get("permalink").and_then(Value::as_text);
    let pattern = default_value(config, "_posts/x.md", "permalink")
        .or(global)
        .unwrap_or_else(|| "date".into());
    match pattern.as_str() {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        _ => pattern,
    }
}

/// A value `key` from `defaults` whose scope covers the file `rel` (posts by `type: posts` or a
/// `_posts` path).
fn default_value(config: &Value, rel: &str, key: &str) -> Option<String> {
    let Some(Value::List(defaults)) = config.get("defaults") else {
        return None;
    };
    let is_post = rel.split('/').any(|s| s == "_posts");
    defaults.iter().rev().find_map(|d| {
        let scope = d.get("scope");
        let path = scope
            .and_then(|s| s.get("path"))
            .and_then(Value::as_text)
            .unwrap_or_default();
        let ty = scope.and_then(|s| s.get("type")).and_then(Value::as_text);
        // A `type` is posts, drafts, pages (files outside collections) or a collection's
        // name (Chirpy's `tabs`: the files of `_tabs/`).
        let covers = rel.starts_with(path.trim_start_matches('/'))
            && match ty.as_deref() {
                Some("posts") => is_post,
                Some("drafts") => rel.starts_with("_drafts/"),
                Some("pages") => !is_post && !rel.starts_with('_'),
                Some(collection) => rel.starts_with(&format!("_{collection}/")),
                None => true,
            };
        covers.then(|| d.get("values")?.get(key)?.as_text()).flatten()
    })
}

/// The URL a post had under `pattern`.
fn post_url(pattern: &str, date: jiff::civil::Date, slug: &str, categories: &[String]) -> String {
    let cats: Vec<String> = categories.iter().map(|c| c.to_lowercase()).collect();
    let mut url = pattern.to_string();
    for (token, value) in [
        (":categories", cats.join("/")),
        (":output_ext", ".html".into()),
        (":year", format!("{:04}", date.year())),
        (":short_year", format!("{:02}", date.year() % 100)),
        (":i_month", date.month().to_string()),
        (":month", format!("{:02}", date.month())),
        (":i_day", date.day().to_string()),
        (":day", format!("{:02}", date.day())),
        (":y_day", format!("{:03}", date.day_of_year())),
        (":title", slug.to_string()),
        (":slug", slug.to_string()),
        (":name", slug.to_string()),
    ] {
        url = url.replace(token, &value);
    }
    while url.contains("//") {
        url = url.replace("//", "/");
    }
    url
}

/// What a body needs to know to be rewritten.
struct Body<'a> {
    /// The source file.
    rel: &'a str,
    /// Where it lands in the new site.
    dest: &'a str,
    /// Where each post (by file stem) and page (by source path) lands.
    targets: &'a HashMap<String, String>,
    /// Chirpy's `media_subpath`: the folder relative image paths are in.
    media: Option<&'a str>,
    /// The post's `excerpt_separator`.
    more: Option<String>,
}

/// The Markdown of a Jekyll body with its Liquid and kramdown rewritten.
fn convert_body(parsed: &Parsed, ctx: &Body<'_>, report: &mut Report) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fences = Fences::default();
    let mut raw = false;
    let mut highlight = false;
    for (i, line) in parsed.body.lines().enumerate() {
        let n = parsed.body_line + i;
        let trimmed = line.trim();
        // `{% highlight lang %}` … `{% endhighlight %}` become a fence.
        if let Some(tag) = text::tags(trimmed, "{%", "%}")
            .first()
            .filter(|t| t.range == (0..trimmed.len()))
        {
            let a = args(tag.inner);
            match positional(&a, 0) {
                Some("highlight") => {
                    let lang = positional(&a, 1).unwrap_or("text");
                    if a.len() > 2 {
                        report.add(
                            ctx.rel,
                            n,
                            code(trimmed),
                            Action::Dropped,
                            "line numbers and other highlight options are not kept",
                        );
                    }
                    out.push(format!("```{lang}"));
                    highlight = true;
                    continue;
                }
                Some("endhighlight") => {
                    out.push("```".into());
                    highlight = false;
                    continue;
                }
                Some("raw") | Some("endraw") => {
                    raw = positional(&a, 0) == Some("raw");
                    continue;
                }
                _ => {}
            }
        }
        if highlight {
            out.push(line.to_string());
            continue;
        }
        let is_code = fences.is_code(line);
        if let Some(sep) = ctx.more.as_deref().filter(|s| trimmed == *s) {
            let _ = sep;
            out.push("<!-- more -->".into());
            continue;
        }
        if trimmed == "<!--more-->" {
            out.push("<!-- more -->".into());
            continue;
        }
        if !is_code
            && !raw
            && let Some(ial) = block_ial(trimmed)
        {
            block_attribute(ial, &mut out, ctx, n, trimmed, report);
            continue;
        }
        let (converted, still_raw) = convert_line(line, raw, is_code, ctx, n, report);
        raw = still_raw;
        out.push(converted);
    }
    let mut body = out.join("\n");
    body.push('\n');
    body
}

/// The inside of a kramdown attribute list alone on its line: `{: .prompt-tip }` → `.prompt-tip`.
fn block_ial(line: &str) -> Option<&str> {
    line.strip_prefix("{:")?.strip_suffix('}').map(str::trim)
}

/// Applies a block attribute line to what precedes it.
fn block_attribute(ial: &str, out: &mut Vec<String>, ctx: &Body<'_>, n: usize, line: &str, report: &mut Report) {
    if ial == "toc" || ial == ".toc" {
        if out.last().is_some_and(|l| {
            let l = l.trim().to_lowercase();
            ["* toc", "- toc", "1. toc"].contains(&l.as_str()) || l.contains("will be replaced by the toc")
        }) {
            out.pop();
        }
        report.add(
            ctx.rel,
            n,
            code(line),
            Action::Dropped,
            "roadbook makes a table of contents for every page",
        );
        return;
    }
    let alert = ial.split_whitespace().find_map(|c| match c {
        ".prompt-tip" => Some("TIP"),
        ".prompt-info" => Some("NOTE"),
        ".prompt-warning" => Some("WARNING"),
        ".prompt-danger" => Some("CAUTION"),
        _ => None,
    });
    if let Some(kind) = alert {
        let start = out
            .iter()
            .rposition(|l| !l.trim_start().starts_with('>'))
            .map_or(0, |i| i + 1);
        if start < out.len() {
            out.insert(start, format!("> [!{kind}]"));
            return;
        }
    }
    let note = if ial.contains("file=") {
        "the code block's file name is not shown"
    } else {
        "kramdown attributes have no Markdown equivalent"
    };
    report.add(ctx.rel, n, code(line), Action::Dropped, note);
}

/// One line with its Liquid tags, kramdown span attributes and Chirpy media paths rewritten;
/// and whether a `{% raw %}` is still open after it.
fn convert_line(
    line: &str,
    mut raw: bool,
    is_code: bool,
    ctx: &Body<'_>,
    n: usize,
    report: &mut Report,
) -> (String, bool) {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        // The next `{% raw %}`/`{% endraw %}` splits the line: raw text is literal.
        let toggle = text::tags(rest, "{%", "%}")
            .into_iter()
            .find(|t| matches!(t.inner, "raw" | "endraw"));
        let (chunk, tail) = match &toggle {
            Some(t) => (&rest[..t.range.start], &rest[t.range.end..]),
            None => (rest, ""),
        };
        if raw || is_code {
            out.push_str(chunk);
        } else {
            out.push_str(&liquid(chunk, ctx, n, report));
        }
        if let Some(t) = toggle {
            raw = t.inner == "raw";
        }
        rest = tail;
    }
    if !is_code && !raw {
        out = span_ials(&out, ctx, n, report);
        out = details(&out);
        if let Some(media) = ctx.media {
            out = media_paths(&out, media);
        }
    }
    (out, raw)
}

/// Rewrites the Liquid of a text chunk (outside raw and code).
fn liquid(chunk: &str, ctx: &Body<'_>, n: usize, report: &mut Report) -> String {
    let mut out = String::new();
    let mut last = 0;
    let mut found: Vec<(std::ops::Range<usize>, bool, &str)> = text::tags(chunk, "{{", "}}")
        .into_iter()
        .map(|t| (t.range, true, t.inner))
        .chain(
            text::tags(chunk, "{%", "%}")
                .into_iter()
                .map(|t| (t.range, false, t.inner)),
        )
        .collect();
    found.sort_by_key(|(r, _, _)| r.start);
    for (range, output, inner) in found {
        if range.start < last {
            continue;
        }
        out.push_str(&chunk[last..range.start]);
        let whole = &chunk[range.clone()];
        let replaced = if output {
            output_tag(inner)
        } else {
            statement(inner, ctx)
        };
        match replaced {
            Some(text) => out.push_str(&text),
            None => {
                report.add(
                    ctx.rel,
                    n,
                    code(whole),
                    Action::Kept,
                    "Liquid is not run by roadbook: rewrite it by hand",
                );
                out.push_str(whole);
            }
        }
        last = range.end;
    }
    out.push_str(&chunk[last..]);
    out
}

/// `{{ … }}`: the site's URL parts, and quoted paths through `relative_url`/`absolute_url`.
fn output_tag(inner: &str) -> Option<String> {
    let mut parts = inner.split('|').map(str::trim);
    let head = parts.next()?;
    let filters: Vec<&str> = parts.collect();
    let url_filter = |f: &&str| {
        matches!(*f, "relative_url" | "absolute_url")
            || f.starts_with("prepend: site.baseurl")
            || f.starts_with("prepend:site.baseurl")
    };
    if matches!(head, "site.baseurl" | "site.url" | "site.github.url") && filters.is_empty() {
        return Some(String::new());
    }
    let quoted = head
        .strip_prefix('"')
        .and_then(|h| h.strip_suffix('"'))
        .or_else(|| head.strip_prefix('\'').and_then(|h| h.strip_suffix('\'')))?;
    (!filters.is_empty() && filters.iter().all(url_filter)).then(|| quoted.to_string())
}

/// `{% … %}`: `post_url`, `link`, and figure and video includes.
fn statement(inner: &str, ctx: &Body<'_>) -> Option<String> {
    let a = args(inner);
    match positional(&a, 0)? {
        "post_url" => {
            let target = positional(&a, 1)?;
            let stem = target.rsplit('/').next()?;
            ctx.targets.get(stem).map(|to| text::relative(ctx.dest, to))
        }
        "link" => {
            let target = positional(&a, 1)?.trim_start_matches('/');
            ctx.targets
                .get(target)
                .or_else(|| ctx.targets.get(target.rsplit('/').next()?.trim_end_matches(".md")))
                .map(|to| text::relative(ctx.dest, to))
        }
        "include" => include(positional(&a, 1)?, &a),
        _ => None,
    }
}

/// The figure and video includes of minimal-mistakes and Chirpy.
fn include(name: &str, a: &[(Option<String>, String)]) -> Option<String> {
    let name = name.trim_end_matches(".html");
    let base = name.rsplit('/').next()?;
    match base {
        "figure" | "image" | "img" => {
            let src = ["image_path", "src", "url", "path", "file"]
                .iter()
                .find_map(|k| arg(a, k))?;
            let alt = ["alt", "description", "title"]
                .iter()
                .find_map(|k| arg(a, k))
                .unwrap_or_default();
            Some(text::image(alt, src, arg(a, "caption")))
        }
        "video" | "youtube" => {
            let id = arg(a, "id").or(arg(a, "video_id"))?;
            match arg(a, "provider").unwrap_or("youtube") {
                "youtube" => Some(format!("\n\nhttps://www.youtube.com/watch?v={id}\n\n")),
                "vimeo" => Some(format!("[Vimeo](https://vimeo.com/{id})")),
                _ => None,
            }
        }
        _ if name.starts_with("embed/") => {
            let id = arg(a, "id")?;
            match base {
                "youtube" => Some(format!("\n\nhttps://www.youtube.com/watch?v={id}\n\n")),
                "bilibili" => Some(format!("[Bilibili](https://www.bilibili.com/video/{id})")),
                "twitch" => Some(format!("[Twitch](https://www.twitch.tv/videos/{id})")),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Strips kramdown span attributes (`![x](a.png){: width="700" }`), reporting them.
fn span_ials(line: &str, ctx: &Body<'_>, n: usize, report: &mut Report) -> String {
    let mut out = line.to_string();
    while let Some(start) = out.find("{:") {
        let Some(len) = out[start..].find('}') else { break };
        let ial = out[start..start + len + 1].to_string();
        report.add(
            ctx.rel,
            n,
            code(&ial),
            Action::Dropped,
            "kramdown attributes have no Markdown equivalent",
        );
        out.replace_range(start..start + len + 1, "");
    }
    out
}

/// `<details markdown="1">`: CommonMark reads Markdown inside HTML blocks by itself.
fn details(line: &str) -> String {
    line.replace(" markdown=\"1\"", "")
        .replace(" markdown='1'", "")
        .replace(" markdown=\"block\"", "")
        .replace(" markdown=\"span\"", "")
}

/// Chirpy's `media_subpath`: relative image paths are under it.
fn media_paths(line: &str, media: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        let is_image = before.contains("![");
        let local = !after.starts_with(['/', '#', '<']) && !after.starts_with("http") && !after.starts_with("data:");
        if is_image && local {
            out.push_str(&format!("{}/", media.trim_end_matches('/')));
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_expand_like_jekyll() {
        let date = jiff::civil::date(2024, 1, 2);
        let cats = ["Backend".to_string(), "Redis".to_string()];
        assert_eq!(
            post_url("/:categories/:year/:month/:day/:title:output_ext", date, "캐싱", &cats),
            "/backend/redis/2024/01/02/캐싱.html"
        );
        assert_eq!(
            post_url("/:categories/:year/:month/:day/:title:output_ext", date, "a", &[]),
            "/2024/01/02/a.html"
        );
        assert_eq!(post_url("/posts/:title/", date, "a", &cats), "/posts/a/");
    }

    #[test]
    fn defaults_apply_by_path_and_type() {
        let config = Value::Map(vec![(
            "defaults".into(),
            Value::List(
                [("posts", "/posts/:title/"), ("tabs", "/:title/")]
                    .iter()
                    .map(|(ty, link)| {
                        let scope = Value::Map(vec![
                            ("path".into(), Value::Str(String::new())),
                            ("type".into(), Value::Str(ty.to_string())),
                        ]);
                        let values = Value::Map(vec![("permalink".into(), Value::Str(link.to_string()))]);
                        Value::Map(vec![("scope".into(), scope), ("values".into(), values)])
                    })
                    .collect(),
            ),
        )]);
        assert_eq!(post_permalink(&config), "/posts/:title/");
        assert_eq!(
            default_value(&config, "_tabs/about.md", "permalink").as_deref(),
            Some("/:title/")
        );
        assert_eq!(default_value(&config, "about.md", "permalink"), None);
    }

    #[test]
    fn liquid_outputs_and_includes() {
        assert_eq!(output_tag("site.baseurl").as_deref(), Some(""));
        assert_eq!(
            output_tag("'/assets/a.png' | relative_url").as_deref(),
            Some("/assets/a.png")
        );
        assert_eq!(output_tag("page.title"), None);
        let a = args("include figure image_path=\"/assets/a.png\" alt=\"그림\" caption=\"캡션\"");
        assert_eq!(
            include("figure", &a).as_deref(),
            Some("![그림](/assets/a.png \"캡션\")")
        );
        let a = args("include embed/youtube.html id='Balreaj8Yqs'");
        assert!(
            include("embed/youtube.html", &a)
                .unwrap()
                .contains("https://www.youtube.com/watch?v=Balreaj8Yqs")
        );
        assert_eq!(include("toc", &args("include toc")), None);
    }

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

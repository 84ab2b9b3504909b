//! Cross-links (`[[id]]`, `[[book:id|label]]`, `[[id#heading]]`) and relative links to content
//! files (`[x](../topics/caching.md#id)`, images beside a post): resolved to the target's URL
//! through [`Urls`], checked, and recorded as graph edges.

use std::collections::HashSet;
use std::ops::Range;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::events::Events;
use crate::content::{Document, Kind};
use crate::diagnostics::{Diagnostic, nearest};
use crate::resolve::{Lookup, SiteIndex};
use crate::util::url::Urls;

/// A link from a page's body to another page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutLink {
    /// Index of the target page.
    pub target: usize,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
}

/// What link resolution needs to know.
pub struct LinkContext<'a> {
    /// Every page and asset.
    pub index: &'a SiteIndex,
    /// URL builder.
    pub urls: &'a Urls,
    /// The page being rendered.
    pub doc: &'a Document,
    /// Its folder under `content/` (`topics`, `blog/redis`), for relative links.
    pub dir: String,
    /// Ids on the page itself, for `#anchor` links.
    pub own_anchors: &'a HashSet<String>,
    /// Take anchors on other pages as valid: their ids are not known yet (see
    /// [`super::render_unchecked`]).
    pub others_unchecked: bool,
}

/// Rewrites every link and image in `events`; returns the pages linked to.
/// Links found in a body: the pages linked to, and every destination that was resolved
/// against the site (for [`fingerprint`]).
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Pages linked to.
    pub links: Vec<OutLink>,
    /// Destinations as written: `w:<wikilink>`, `o:<url>` or `i:<image url>`.
    pub refs: Vec<String>,
}

/// Rewrites every link and image in `events`.
pub fn resolve(events: &mut Events<'_>, ctx: &LinkContext<'_>, problems: &mut Vec<Diagnostic>) -> Resolved {
    let mut out = Vec::new();
    let mut refs = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let span = events[i].1.clone();
        match &events[i].0 {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                let has_pothole = *has_pothole;
                let dest = dest_url.to_string();
                refs.push(format!("w:{dest}"));
                if let Some((href, title, link)) = wikilink(&dest, ctx, span, problems) {
                    set_dest(&mut events[i].0, href);
                    if !has_pothole {
                        replace_label(events, i, title);
                    }
                    out.push(link);
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let dest = dest_url.to_string();
                let image = matches!(events[i].0, Event::Start(Tag::Image { .. }));
                refs.push(format!("{}:{dest}", if image { "i" } else { "o" }));
                if let Some((href, link)) = ordinary(&dest, ctx, span, problems) {
                    set_dest(&mut events[i].0, href);
                    out.extend(link);
                }
            }
            _ => {}
        }
        i += 1;
    }
    Resolved { links: out, refs }
}

/// A hash of what each destination in `refs` resolves to against the current site: target
/// URLs, titles, anchors, and any problem. A cached body whose fingerprint is unchanged would
/// render to the same HTML, so the dev server can reuse it.
pub fn fingerprint(refs: &[String], ctx: &LinkContext<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    ctx.urls.base_path().hash(&mut h);
    for r in refs {
        let mut problems = Vec::new();
        // Targets are hashed by kind and id, not index: adding a page shifts indices.
        let key = |t: usize| ctx.index.targets.get(t).map(|t| (t.kind, t.id.as_str()));
        if let Some(dest) = r.strip_prefix("w:") {
            let resolved = wikilink(dest, ctx, 0..0, &mut problems);
            resolved
                .map(|(href, title, link)| (href, title, key(link.target), link.anchor))
                .hash(&mut h);
        } else if let Some(dest) = r.strip_prefix("o:") {
            let resolved = ordinary(dest, ctx, 0..0, &mut problems);
            resolved
                .map(|(href, link)| (href, link.map(|l| (key(l.target), l.anchor))))
                .hash(&mut h);
        } else if let Some(dest) = r.strip_prefix("i:") {
            // An image: where it is, and its size and resized copies (its markup's attributes).
            let href = ordinary(dest, ctx, 0..0, &mut problems).map(|(href, _)| href);
            let site_path = href
                .as_deref()
                .and_then(|h| h.strip_prefix(ctx.urls.base_path()))
                .map(|p| percent_decode_str(p).decode_utf8_lossy().into_owned());
            let info = site_path.as_deref().and_then(|p| ctx.index.image(p));
            (href, info.map(|i| (i.size, i.variants.len()))).hash(&mut h);
        }
        for p in &problems {
            (&p.message, &p.help).hash(&mut h);
        }
    }
    h.finish()
}

fn set_dest(event: &mut Event<'_>, href: String) {
    if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
        *dest_url = CowStr::from(href);
    }
}

/// Replaces the label events of the link starting at `start` with the target's title.
fn replace_label(events: &mut Events<'_>, start: usize, title: String) {
    let mut end = start + 1;
    while end < events.len() && !matches!(events[end].0, Event::End(TagEnd::Link)) {
        end += 1;
    }
    let span = events[start].1.clone();
    events.splice(start + 1..end, [(Event::Text(CowStr::from(title)), span)]);
}

fn file_span(ctx: &LinkContext<'_>, span: Range<usize>) -> Range<usize> {
    let base = ctx.doc.body_range.start;
    base + span.start..base + span.end
}

/// What a wikilink's destination names: the kind its prefix gives (if any), the id (NFC) and
/// the anchor; the prefix itself when it names no kind.
pub fn wikilink_target(dest: &str) -> Result<(Option<Kind>, String, Option<&str>), &str> {
    let (target, anchor) = match dest.split_once('#') {
        Some((t, a)) => (t.trim(), Some(a.trim())),
        None => (dest.trim(), None),
    };
    let (kind, id) = match target.split_once(':') {
        Some((prefix, id)) => match Kind::from_name(prefix.trim()) {
            Some(kind) => (Some(kind), id.trim()),
            None => return Err(prefix),
        },
        None => (None, target),
    };
    Ok((kind, crate::util::slug::nfc(id), anchor))
}

fn wikilink(
    dest: &str,
    ctx: &LinkContext<'_>,
    span: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<(String, String, OutLink)> {
    let span = file_span(ctx, span);
    let (kind, id, anchor) = match wikilink_target(dest) {
        Ok(target) => target,
        Err(prefix) => {
            problems.push(
                Diagnostic::error(format!("unknown link prefix `{prefix}:`"))
                    .with_label(&ctx.doc.source, span, "in this link")
                    .with_help("use one of stage:, topic:, project:, book:, post:, page:, or no prefix"),
            );
            return None;
        }
    };
    if id.is_empty() && anchor.is_some() {
        // `[[#heading]]`: a link within the page.
        let anchor = anchor.unwrap_or_default();
        check_own_anchor(anchor, ctx, span, problems)?;
        return Some((format!("#{anchor}"), anchor.to_string(), OutLinkless::none()));
    }
    let target = lookup(kind, &id, ctx, span.clone(), problems)?;
    let t = &ctx.index.targets[target];
    if let Some(anchor) = anchor {
        check_anchor(anchor, target, ctx, span, problems)?;
    }
    let href = match anchor {
        Some(a) => ctx.urls.path(&format!("{}#{a}", t.site_path)),
        None => ctx.urls.path(&t.site_path),
    };
    Some((
        href,
        t.title.clone(),
        OutLink {
            target,
            anchor: anchor.map(str::to_string),
        },
    ))
}

/// The page a wikilink names (`kind`, if its prefix gave one, and `id`); an error at `span`
/// when no page, several pages or only a draft has the id.
fn lookup(
    kind: Option<Kind>,
    id: &str,
    ctx: &LinkContext<'_>,
    span: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let problem = match ctx.index.lookup(kind, id) {
        Lookup::Found(t) => return Some(t),
        // The file failed to load: its own error says why; the link waits on it.
        Lookup::Failed(_) => return None,
        Lookup::Missing => {
            let suggestions = nearest(id, ctx.index.ids(kind), 3);
            let what = kind.map_or("page".to_string(), |k| k.name().to_string());
            Diagnostic::error(format!("no {what} has the id `{id}`"))
                .with_label(&ctx.doc.source, span, "unknown link target")
                .with_suggestions(&suggestions, "", "check the spelling: ids are file names without `.md`")
        }
        Lookup::Ambiguous(candidates) => {
            let list: Vec<String> = candidates
                .iter()
                .map(|&c| format!("[[{}:{id}]]", ctx.index.targets[c].kind.name()))
                .collect();
            Diagnostic::error(format!("`[[{id}]]` is ambiguous: several pages have this id"))
                .with_label(&ctx.doc.source, span, "which one?")
                .with_help(format!("write one of {}", list.join(", ")))
        }
        Lookup::Draft => Diagnostic::error(format!("`{id}` is a draft and is not published in this build"))
            .with_label(&ctx.doc.source, span, "links to a draft")
            .with_help("publish the post (remove `draft = true`) or build with --drafts"),
    };
    problems.push(problem);
    None
}

/// In-page wikilinks produce no graph edge; this keeps the return type uniform.
struct OutLinkless;
impl OutLinkless {
    fn none() -> OutLink {
        OutLink {
            target: usize::MAX,
            anchor: None,
        }
    }
}

fn check_anchor(
    anchor: &str,
    target: usize,
    ctx: &LinkContext<'_>,
    span: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<()> {
    if ctx.others_unchecked {
        return Some(());
    }
    let t = &ctx.index.targets[target];
    let whose = format!("{} `{}`", t.kind.name(), t.id);
    anchor_in(anchor, &t.anchors, &whose, ctx, span, problems)
}

fn check_own_anchor(
    anchor: &str,
    ctx: &LinkContext<'_>,
    span: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<()> {
    anchor_in(anchor, ctx.own_anchors, "this page", ctx, span, problems)
}

/// Whether `anchor` is one of `anchors` (the heading and footnote ids of `whose`); if not, an
/// error with the nearest ids.
fn anchor_in(
    anchor: &str,
    anchors: &HashSet<String>,
    whose: &str,
    ctx: &LinkContext<'_>,
    span: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<()> {
    if anchors.contains(anchor) {
        return Some(());
    }
    let suggestions = nearest(anchor, anchors.iter().map(String::as_str), 3);
    problems.push(
        Diagnostic::error(format!("`#{anchor}` is not a heading of {whose}"))
            .with_label(&ctx.doc.source, span, "missing anchor")
            .with_suggestions(
                &suggestions,
                "#",
                "heading ids are the heading text, lowercased, spaces as `-`, punctuation dropped",
            ),
    );
    None
}

/// Whether a URL has a scheme (`https:`, `mailto:`) or is protocol-relative.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

fn ordinary(
    dest: &str,
    ctx: &LinkContext<'_>,
    span: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<(String, Option<OutLink>)> {
    if dest.is_empty() || is_external(dest) {
        return None;
    }
    let span = file_span(ctx, span);
    if let Some(anchor) = dest.strip_prefix('#') {
        let anchor = percent_decode_str(anchor).decode_utf8_lossy();
        check_own_anchor(&anchor, ctx, span, problems)?;
        return None;
    }
    if dest.starts_with('/') {
        // Root-relative: give it the base path, so it survives a GitHub Pages project site.
        let base = ctx.urls.base_path();
        if base != "/" && dest.starts_with(base) {
            return None;
        }
        return Some((format!("{}{}", base, dest.trim_start_matches('/')), None));
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let last = decoded.rsplit('/').next().unwrap_or("");
    let has_extension = last.contains('.') && !last.starts_with('.');
    if !has_extension {
        // A relative site URL like `../caching/`: left as written.
        return None;
    }
    let Some(rel) = join(&ctx.dir, &decoded) else {
        problems.push(
            Diagnostic::error(format!("`{dest}` points outside content/"))
                .with_label(&ctx.doc.source, span, "this link")
                .with_help("link to files inside content/ with paths relative to this file"),
        );
        return None;
    };
    if rel.ends_with(".md") {
        page_file_link(dest, &rel, fragment, ctx, span, problems)
    } else {
        asset_link(dest, &rel, fragment, ctx, span, problems)
    }
}

/// A relative link to the Markdown file `rel` under `content/`, rewritten to its page's URL
/// (`fragment`, if any, checked against the page's anchors).
fn page_file_link(
    dest: &str,
    rel: &str,
    fragment: Option<&str>,
    ctx: &LinkContext<'_>,
    span: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<(String, Option<OutLink>)> {
    let Some(target) = ctx.index.by_file(rel) else {
        if ctx.index.failed_file(rel).is_some() {
            return None;
        }
        problems.push(
            Diagnostic::error(format!(
                "`{dest}` links to content/{rel}, which does not exist or is not published"
            ))
            .with_label(&ctx.doc.source, span, "missing file")
            .with_help("check the path; it is relative to this file's folder"),
        );
        return None;
    };
    let fragment = fragment.map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned());
    if let Some(anchor) = &fragment {
        check_anchor(anchor, target, ctx, span, problems)?;
    }
    let site_path = &ctx.index.targets[target].site_path;
    let href = match &fragment {
        Some(a) => ctx.urls.path(&format!("{site_path}#{a}")),
        None => ctx.urls.path(site_path),
    };
    Some((
        href,
        Some(OutLink {
            target,
            anchor: fragment,
        }),
    ))
}

/// A relative link to the content asset `rel`, rewritten to where the asset is written.
fn asset_link(
    dest: &str,
    rel: &str,
    fragment: Option<&str>,
    ctx: &LinkContext<'_>,
    span: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<(String, Option<OutLink>)> {
    match ctx.index.asset(rel) {
        Some(site_path) => {
            let mut href = ctx.urls.path(site_path);
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            Some((href, None))
        }
        None => {
            problems.push(
                Diagnostic::error(format!("`{dest}` points to content/{rel}, which does not exist"))
                    .with_label(&ctx.doc.source, span, "missing file")
                    .with_help("put the file under content/ (beside the page for a post bundle) or fix the path"),
            );
            None
        }
    }
}

/// Joins a relative path to a folder under `content/`, resolving `.` and `..`; `None` if it
/// climbs out of `content/`.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_within_content() {
        assert_eq!(join("topics", "../blog/a.md").as_deref(), Some("blog/a.md"));
        assert_eq!(
            join("blog/redis", "img/./a.svg").as_deref(),
            Some("blog/redis/img/a.svg")
        );
        assert_eq!(join("topics", "../../etc/passwd"), None);
    }

    #[test]
    fn external_links_are_recognized() {
        for url in ["https://a.b", "mailto:x@y", "//cdn.x", "tel:123"] {
            assert!(is_external(url), "{url}");
        }
        for url in ["a.md", "../x.md", "/blog/", "#h", "a:b/c.md"] {
            assert!(!is_external(url) || url == "a:b/c.md", "{url}");
        }
    }
}

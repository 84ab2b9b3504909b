//! Markdown → HTML, as a chain of small passes over pulldown-cmark's events.
//!
//! [`render`] runs the full chain: heading ids → text extraction → cross-links → images (sizes,
//! figures, srcset) → footnote ids → video embeds → math → code blocks → task-list markers →
//! HTML (with heading self-links). Each pass is a function over the event vector with its own
//! tests.
//!
//! Links to another page's `#anchor` need that page's heading and footnote ids. Either every
//! page is parsed twice — [`anchors`], a cheap first pass, then [`render`] with them known (the
//! dev server, which keeps anchors between rebuilds) — or once, with [`render_unchecked`], which
//! takes such anchors as valid and leaves the check to its caller.

pub mod code;
pub mod embeds;
pub mod emphasis;
pub mod events;
pub mod fence;
pub mod footnotes;
pub mod headings;
pub mod highlight;
pub mod images;
pub mod links;
pub mod math;
pub mod mermaid;
mod svg_minify;
pub mod text;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::HashSet;

use crate::content::Document;
use crate::diagnostics::Diagnostic;
use crate::parse::highlight::Highlighter;
use crate::resolve::SiteIndex;
use crate::util::url::Urls;
use events::events;
pub use events::{Dialect, options};
pub use headings::TocEntry;
pub use links::OutLink;
pub use text::{Section, TextStats};

/// The ids a page's body defines (headings and footnotes): the first, cheap pass.
pub fn anchors(body: &str, dialect: Dialect) -> HashSet<String> {
    let mut events = events(body, dialect);
    let footnotes = footnotes::ids(&events);
    let headings = headings::assign_ids(&mut events, &footnotes);
    anchor_set(&headings, &footnotes)
}

/// The ids a page defines, from its headings (with ids assigned) and footnote ids.
fn anchor_set(headings: &[TocEntry], footnotes: &[String]) -> HashSet<String> {
    headings
        .iter()
        .map(|h| h.id.clone())
        .chain(footnotes.iter().cloned())
        .collect()
}

/// What rendering needs besides the page.
pub struct Env<'a> {
    /// Every page and asset, for links.
    pub index: &'a SiteIndex,
    /// URL builder.
    pub urls: &'a Urls,
    /// Code highlighter.
    pub highlighter: &'a Highlighter,
    /// The site's Markdown syntax choices.
    pub dialect: Dialect,
}

/// A rendered page body, as plain values. A build keeps it as a
/// [`Body`](crate::cache::bodies::Body), whose HTML and text may stay in the body cache file.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body's HTML.
    pub html: String,
    /// Text by section, for the search index.
    pub sections: Vec<Section>,
    /// Everything else known of the body.
    pub meta: BodyMeta,
    /// Pages the body links to.
    pub links: Vec<OutLink>,
    /// Problems found.
    pub problems: Vec<Diagnostic>,
}

/// What is known of a rendered body besides its HTML and its text: small enough to keep in
/// memory for every page of a large site.
#[derive(Debug, Clone, Default)]
pub struct BodyMeta {
    /// Hash of the HTML, so callers can tell whether a body changed without comparing it.
    pub html_hash: u64,
    /// Every heading, in order.
    pub headings: Vec<TocEntry>,
    /// Link destinations resolved against the site, for cache validation.
    pub refs: Vec<String>,
    /// Bytes of the sections' text and of their code (the search index's length
    /// normalization, known without reading the sections).
    pub text_bytes: usize,
    /// See `text_bytes`.
    pub code_bytes: usize,
    /// Text before `<!-- more -->`, if marked.
    pub before_more: Option<String>,
    /// Text of the first paragraph.
    pub first_paragraph: String,
    /// Character and word counts of the prose.
    pub stats: TextStats,
    /// Number of checklist items.
    pub tasks: usize,
    /// Highlight cache keys of the code blocks (kept in the highlight cache while the body is
    /// reused from the body cache).
    pub code_keys: Vec<u128>,
}

/// Renders a page's body, given its own anchors (from [`anchors`]) and every other page's (in
/// `env.index`).
pub fn render(doc: &Document, own_anchors: &HashSet<String>, env: &Env<'_>) -> Rendered {
    render_with(doc, Some(own_anchors), env).0
}

/// Renders a page's body in one parse, before other pages' anchors are known: a link to
/// another page's `#anchor` is taken as valid (see [`missing_anchor`]). Returns the page's own
/// anchors too, which [`anchors`] would have given.
pub fn render_unchecked(doc: &Document, env: &Env<'_>) -> (Rendered, HashSet<String>) {
    let (rendered, own) = render_with(doc, None, env);
    (rendered, own.unwrap_or_default())
}

/// Whether a body from [`render_unchecked`], with these `links`, links to an anchor its
/// target page lacks (checked against `index`, now with every page's anchors). Such a body
/// must be rendered again with [`render`], which reports the missing anchor and leaves the
/// link unresolved.
pub fn missing_anchor(links: &[OutLink], index: &SiteIndex) -> bool {
    links.iter().any(|l| {
        l.anchor
            .as_ref()
            .is_some_and(|a| !index.targets[l.target].anchors.contains(a))
    })
}

/// [`render`] with `own_anchors`, else [`render_unchecked`] (which computes and returns them).
fn render_with(
    doc: &Document,
    own_anchors: Option<&HashSet<String>>,
    env: &Env<'_>,
) -> (Rendered, Option<HashSet<String>>) {
    let body = doc.body();
    let mut events = events(body, env.dialect);
    let mut problems = Vec::new();
    let footnote_ids = footnotes::ids(&events);
    let headings = headings::assign_ids(&mut events, &footnote_ids);
    let own = match own_anchors {
        Some(given) => std::borrow::Cow::Borrowed(given),
        None => std::borrow::Cow::Owned(anchor_set(&headings, &footnote_ids)),
    };
    let extracted = text::extract(&events);
    problems.extend(emphasis::check(&events, &doc.source, doc.body_range.start));
    let ctx = links::LinkContext {
        index: env.index,
        urls: env.urls,
        doc,
        dir: content_dir_of(doc),
        own_anchors: &own,
        others_unchecked: own_anchors.is_none(),
    };
    let resolved = links::resolve(&mut events, &ctx, &mut problems);
    let image_ctx = images::ImageContext {
        index: env.index,
        urls: env.urls,
        source: &doc.source,
        body_offset: doc.body_range.start,
    };
    images::write_images(&mut events, &image_ctx, &mut problems);
    let mut out_links = resolved.links;
    out_links.retain(|l| l.target != usize::MAX);
    footnotes::prefix_ids(&mut events);
    embeds::embed_videos(&mut events);
    if env.dialect.math {
        math::check_unparsed(&events, &doc.source, doc.body_range.start, &mut problems);
    }
    math::render(&mut events, &doc.source, doc.body_range.start, &mut problems);
    let code_keys = code::highlight(
        &mut events,
        env.highlighter,
        &doc.source,
        doc.body_range.start,
        &mut problems,
    );
    for problem in &mut problems {
        problem.cause = crate::diagnostics::Cause::Body;
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let events = headings::self_links(decorate(events.into_iter().map(|(e, _)| e)));
    pulldown_cmark::html::push_html(&mut html, events);
    let rendered = Rendered {
        meta: BodyMeta {
            html_hash: xxhash_rust::xxh3::xxh3_64(html.as_bytes()),
            stats: TextStats::of_all(extracted.sections.iter().map(|s| s.text.as_str())),
            headings,
            refs: resolved.refs,
            text_bytes: extracted.sections.iter().map(|s| s.text.len()).sum(),
            code_bytes: extracted.sections.iter().map(|s| s.code.len()).sum(),
            before_more: extracted.before_more,
            first_paragraph: extracted.first_paragraph,
            tasks: extracted.tasks,
            code_keys,
        },
        html,
        sections: extracted.sections,
        links: out_links,
        problems,
    };
    let computed = own_anchors.is_none().then(|| own.into_owned());
    (rendered, computed)
}

/// The link context of `doc`, for [`links::fingerprint`].
pub fn link_context<'a>(doc: &'a Document, own_anchors: &'a HashSet<String>, env: &Env<'a>) -> links::LinkContext<'a> {
    links::LinkContext {
        index: env.index,
        urls: env.urls,
        doc,
        dir: content_dir_of(doc),
        own_anchors,
        others_unchecked: false,
    }
}

/// The page's folder under `content/`, with `/` separators (`topics`, `blog/redis`).
pub fn content_dir_of(doc: &Document) -> String {
    let path = doc.source.path.to_string_lossy().replace('\\', "/");
    let rel = path.split_once("content/").map_or(path.as_str(), |(_, r)| r);
    match rel.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => String::new(),
    }
}

/// Small markup changes: scrollable wrappers for tables, accessible task-list boxes.
fn decorate<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    events.flat_map(|event| -> Vec<Event<'a>> {
        match event {
            Event::Start(Tag::Table(_)) => {
                vec![
                    Event::Html(CowStr::Borrowed("<div class=\"table-wrap\" tabindex=\"0\">")),
                    event,
                ]
            }
            Event::End(TagEnd::Table) => vec![event, Event::Html(CowStr::Borrowed("</div>\n"))],
            Event::TaskListMarker(done) => vec![Event::Html(CowStr::Borrowed(if done {
                "<input type=\"checkbox\" class=\"task\" disabled checked aria-hidden=\"true\"> "
            } else {
                "<input type=\"checkbox\" class=\"task\" disabled aria-hidden=\"true\"> "
            }))],
            other => vec![other],
        }
    })
}

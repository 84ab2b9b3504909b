//! Images in a page's body, written the way a fast page needs them: every local image with
//! the `width` and `height` of its file (so the page does not jump while it loads),
//! `decoding="async"`, `loading="lazy"` for all but the first, and a large photo as a
//! `<picture>` with its resized copies in `srcset` (see [`crate::images`]). An image alone in
//! its paragraph with a title (`![alt](x.png "caption")`) becomes a `<figure>` with the title
//! as its `<figcaption>`. An image without alt text is a warning: alt text is what a screen
//! reader says (a decorative image is written in HTML with an explicit `alt=""`).
//!
//! Runs after link resolution, so a destination is already its site URL.

use std::ops::Range;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::events::Events;
use crate::diagnostics::{Diagnostic, Source};
use crate::images::ImageInfo;
use crate::resolve::SiteIndex;
use crate::util::html::{escape, escape_attr};
use crate::util::url::Urls;

/// The width images take in the reading column, for `sizes`.
const SIZES: &str = "(max-width: 42rem) 100vw, 42rem";

/// Where the pass finds image sizes and reports problems.
pub struct ImageContext<'a> {
    /// Every local image.
    pub index: &'a SiteIndex,
    /// URL builder (its base path starts every local URL).
    pub urls: &'a Urls,
    /// The page's file, for warnings.
    pub source: &'a Source,
    /// Where the body starts in the file.
    pub body_offset: usize,
}

/// Replaces every image (with its alt text events) by its HTML.
pub fn write_images(events: &mut Events<'_>, ctx: &ImageContext<'_>, problems: &mut Vec<Diagnostic>) {
    let mut first = true;
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Image { dest_url, title, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let (dest, title) = (dest_url.to_string(), title.to_string());
        let Some(end) = (i + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Image))) else {
            break;
        };
        let alt = alt_text(&events[i + 1..end]);
        let span = events[i].1.clone();
        if alt.trim().is_empty() {
            problems.push(missing_alt(ctx, &span));
        }
        let img = img_html(&dest, &alt, &title, first, ctx);
        first = false;
        // Alone in its paragraph and with a title: a figure in place of the paragraph.
        let alone = i > 0
            && matches!(events[i - 1].0, Event::Start(Tag::Paragraph))
            && matches!(events.get(end + 1), Some((Event::End(TagEnd::Paragraph), _)));
        if alone && !title.trim().is_empty() {
            let html = format!(
                "<figure>{img}<figcaption>{}</figcaption></figure>\n",
                escape(title.trim())
            );
            let whole = events[i - 1].1.start..events[end + 1].1.end;
            events.splice(i - 1..=end + 1, [(Event::Html(CowStr::from(html)), whole)]);
        } else {
            events.splice(i..=end, [(Event::InlineHtml(CowStr::from(img)), span)]);
            i += 1;
        }
    }
}

/// The plain text of an image's description events.
fn alt_text(inner: &[(Event<'_>, Range<usize>)]) -> String {
    let mut alt = String::new();
    for (event, _) in inner {
        match event {
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}

fn missing_alt(ctx: &ImageContext<'_>, span: &Range<usize>) -> Diagnostic {
    let at = ctx.body_offset + span.start..ctx.body_offset + span.end;
    let written = ctx
        .source
        .text
        .get(at.clone())
        .filter(|t| t.len() < 80 && !t.contains('\n'));
    let message = match written {
        Some(text) => format!("image `{text}` has no alt text"),
        None => "an image has no alt text".to_string(),
    };
    Diagnostic::warning(message)
        .with_label(ctx.source, at, "what does it show?")
        .with_help(
            "describe it: ![캐시 계층 구조](cache.png); a purely decorative image can be written in HTML with alt=\"\"",
        )
}

/// The `<img>` (or `<picture>`) for an image at `dest`.
fn img_html(dest: &str, alt: &str, title: &str, first: bool, ctx: &ImageContext<'_>) -> String {
    let info = local_image(dest, ctx);
    let mut attrs = format!("alt=\"{}\"", escape_attr(alt));
    // A figure's title is its caption; an inline image keeps it as a tooltip.
    if !title.is_empty() {
        attrs.push_str(&format!(" title=\"{}\"", escape_attr(title)));
    }
    let (width, height) = match info.map(|i| (i.size, i.variants.last())) {
        Some((_, Some((largest, _)))) => (Some(largest.width), Some(largest.height)),
        Some((Some((w, h)), None)) => (Some(w), Some(h)),
        _ => (None, None),
    };
    if let (Some(w), Some(h)) = (width, height) {
        attrs.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    attrs.push_str(" decoding=\"async\"");
    if !first {
        attrs.push_str(" loading=\"lazy\"");
    }
    let Some(info) = info.filter(|i| !i.variants.is_empty()) else {
        return format!("<img src=\"{}\" {attrs}>", escape_attr(dest));
    };
    let srcset = |ext: &str| {
        info.variants
            .iter()
            .filter(|(v, _)| v.ext == ext)
            .map(|(v, _)| format!("{} {}w", escape_attr(&ctx.urls.path(&v.site_path)), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let own = info.variants.last().map_or("webp", |(v, _)| v.ext);
    let src = info
        .variants
        .iter()
        .rev()
        .find(|(v, _)| v.ext == own)
        .map_or_else(|| escape_attr(dest), |(v, _)| escape_attr(&ctx.urls.path(&v.site_path)));
    let img = format!(
        "<img src=\"{src}\" srcset=\"{}\" sizes=\"{SIZES}\" {attrs}>",
        srcset(own)
    );
    if own == "webp" {
        return img;
    }
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">{img}</picture>",
        srcset("webp")
    )
}

/// The local image a resolved destination points at (under the base path), if any.
fn local_image<'a>(dest: &str, ctx: &ImageContext<'a>) -> Option<&'a ImageInfo> {
    let path = dest.split(['?', '#']).next()?;
    let rel = path.strip_prefix(ctx.urls.base_path())?;
    let site_path = percent_decode_str(rel).decode_utf8().ok()?;
    ctx.index.image(&site_path)
}

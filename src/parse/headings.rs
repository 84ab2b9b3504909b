//! Heading ids, self-links and the table of contents.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::events::Events;
use crate::util::slug::{IdAllocator, heading_id};

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`, …
    pub level: u8,
    /// The heading's id (anchor).
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// Gives every heading an id: its `{#id}` if written, else one made from its text by GitHub's
/// rule, de-duplicated within the page. Ids are computed from the text as written (before
/// cross-link labels are filled in), so the cheap anchor pass and the full render agree.
/// Returns every heading in order.
pub fn assign_ids(events: &mut Events<'_>, reserved: &[String]) -> Vec<TocEntry> {
    let mut ids = IdAllocator::new();
    for id in reserved {
        ids.reserve(id);
    }
    for (event, _) in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            ids.reserve(id);
        }
    }
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) = &events[j].0 {
                    text.push_str(t);
                }
                j += 1;
            }
            let id = explicit.unwrap_or_else(|| ids.unique(&heading_id(&text)));
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                *slot = Some(CowStr::from(id.clone()));
            }
            headings.push(TocEntry {
                level,
                id,
                title: text.trim().to_string(),
            });
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Adds a self-link (`<a class="anchor" href="#id">`) at the end of every heading. Not focusable
/// and hidden from screen readers: the heading itself is the landmark.
pub fn self_links<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut current: Option<String> = None;
    events.flat_map(move |event| {
        let mut out = Vec::with_capacity(2);
        match &event {
            Event::Start(Tag::Heading { id, .. }) => current = id.as_ref().map(|s| s.to_string()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(id) = current.take() {
                    out.push(Event::Html(CowStr::from(format!(
                        "<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
                        crate::util::html::escape_attr(&id)
                    ))));
                }
            }
            _ => {}
        }
        out.push(event);
        out
    })
}

/// The entries a table of contents shows: `##` and `###` headings.
pub fn toc(headings: &[TocEntry]) -> Vec<TocEntry> {
    headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .cloned()
        .collect()
}

//! Footnote ids: pulldown-cmark names footnotes `1`, `2`…, which can collide with other ids on
//! the page (a heading `## 1`); they are prefixed `fn-`.

use pulldown_cmark::{CowStr, Event, Tag};

use super::events::Events;

/// The prefix of footnote ids.
pub const PREFIX: &str = "fn-";

/// Prefixes every footnote label, in references and definitions alike.
pub fn prefix_ids(events: &mut Events<'_>) {
    for (event, _) in events.iter_mut() {
        match event {
            Event::FootnoteReference(label) => *label = prefixed(label),
            Event::Start(Tag::FootnoteDefinition(label)) => *label = prefixed(label),
            _ => {}
        }
    }
}

/// The ids footnote definitions will have.
pub fn ids(events: &Events<'_>) -> Vec<String> {
    events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::FootnoteDefinition(label)) => Some(prefixed(label).to_string()),
            _ => None,
        })
        .collect()
}

fn prefixed(label: &CowStr<'_>) -> CowStr<'static> {
    if label.starts_with(PREFIX) {
        CowStr::from(label.to_string())
    } else {
        CowStr::from(format!("{PREFIX}{label}"))
    }
}

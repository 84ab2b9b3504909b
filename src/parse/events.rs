//! pulldown-cmark's events for a page body, in roadbook's Markdown dialect: what every pass
//! of [`crate::parse`] works on.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

/// Events with their byte ranges in the body.
pub type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// The Markdown dialect (SPEC §4): CommonMark with tables, footnotes, strikethrough, task lists,
/// heading attributes, wikilinks and GitHub alerts; no smart punctuation.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
}

/// The events of `body`, with byte ranges.
pub fn events(body: &str) -> Events<'_> {
    Parser::new_ext(body, options()).into_offset_iter().collect()
}

/// The events of `body`, for other modules' tests.
#[cfg(test)]
pub(crate) fn events_for_tests(body: &str) -> Events<'_> {
    events(body)
}

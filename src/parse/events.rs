//! pulldown-cmark's events for a page body, in roadbook's Markdown dialect: what every pass
//! of [`crate::parse`] works on.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser};

/// Events with their byte ranges in the body.
pub type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// The site's choices of Markdown syntax (`[markdown]` in `config.toml`). They change what a
/// body renders to, so the body cache is only valid for the dialect it was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dialect {
    /// `$…$` and `$$…$$` are math.
    pub math: bool,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect { math: true }
    }
}

impl Dialect {
    /// A number that changes when the dialect does (kept with cached bodies).
    pub fn key(self) -> u64 {
        u64::from(self.math)
    }
}

/// The Markdown dialect (SPEC §4): CommonMark with tables, footnotes, strikethrough, task lists,
/// heading attributes, wikilinks and GitHub alerts, math unless turned off; no smart
/// punctuation.
pub fn options(dialect: Dialect) -> Options {
    let math = if dialect.math {
        Options::ENABLE_MATH
    } else {
        Options::empty()
    };
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
        | math
}

/// The events of `body`, with byte ranges.
pub fn events(body: &str, dialect: Dialect) -> Events<'_> {
    let mut events: Events<'_> = Parser::new_ext(body, options(dialect)).into_offset_iter().collect();
    if dialect.math {
        dollars_before_digits_are_text(&mut events);
    }
    events
}

/// Pandoc's rule, which pulldown-cmark lacks: a closing `$` followed at once by a digit does
/// not close math, so prose such as "$5/$10" stays text. (A `$` followed by a space, or a
/// closing one preceded by one, is already not math: "$5 and $10".)
fn dollars_before_digits_are_text(events: &mut Events<'_>) {
    for i in 0..events.len() {
        let Event::InlineMath(latex) = &events[i].0 else {
            continue;
        };
        let digit_follows =
            matches!(events.get(i + 1), Some((Event::Text(t), _)) if t.starts_with(|c: char| c.is_ascii_digit()));
        if digit_follows {
            events[i].0 = Event::Text(CowStr::from(format!("${latex}$")));
        }
    }
}

/// The events of `body` with math on, for other modules' tests.
#[cfg(test)]
pub(crate) fn events_for_tests(body: &str) -> Events<'_> {
    events(body, Dialect::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn math(body: &str) -> Vec<String> {
        events_for_tests(body)
            .into_iter()
            .filter_map(|(e, _)| match e {
                Event::InlineMath(m) | Event::DisplayMath(m) => Some(m.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn dollar_amounts_in_prose_are_not_math() {
        assert!(math("It costs $5 and $10 a month.").is_empty());
        assert!(math("가격은 $5와 $10 사이").is_empty());
        assert!(math("Plans: $5/$10 per seat.").is_empty());
        assert!(math("`$x$` and\n\n```\n$$y$$\n```\n").is_empty(), "code is untouched");
        assert_eq!(
            math("Sorting is $O(n \\log n)$, and $$\\sum_i i$$"),
            ["O(n \\log n)", "\\sum_i i"]
        );
    }

    #[test]
    fn math_off_leaves_dollars_as_text() {
        let events = events("$x$ and $$y$$", Dialect { math: false });
        assert!(
            events
                .iter()
                .all(|(e, _)| !matches!(e, Event::InlineMath(_) | Event::DisplayMath(_)))
        );
    }
}

//! A lint for Korean (and other CJK) text: CommonMark only closes `**bold**` when the closing
//! delimiter is "right-flanking", so `**리소스(명사)**를` — punctuation before the `**`, a
//! letter after — stays literal asterisks on the page (GitHub renders it the same way). The
//! writer sees stray `**` and rarely knows why; this pass warns with the fix.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::events::Events;
use crate::diagnostics::{Diagnostic, Source};

/// Warns about `**` or `__` left as literal text in prose (not in code).
pub fn check(events: &Events<'_>, source: &Source, body_offset: usize) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut in_code = 0usize;
    // pulldown-cmark splits text at delimiter runs it could not match: neighbouring text
    // events are checked as one run (their indices in `events`).
    let mut run: Option<Range<usize>> = None;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Text(_) if in_code == 0 => {
                run = Some(run.map_or(i..i + 1, |r| r.start..i + 1));
                continue;
            }
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            _ => {}
        }
        if let Some(r) = run.take() {
            problems.extend(check_run(&events[r], source, body_offset));
        }
    }
    if let Some(r) = run {
        problems.extend(check_run(&events[r], source, body_offset));
    }
    problems
}

/// The warning for a run of text events, if their joined text has `**` or `__`.
fn check_run(run: &[(Event<'_>, Range<usize>)], source: &Source, body_offset: usize) -> Option<Diagnostic> {
    // Most runs have no `*` or `_` at all: skip joining them.
    let texts = || {
        run.iter().filter_map(|(e, _)| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
    };
    if !texts().any(|t: &str| memchr::memchr2(b'*', b'_', t.as_bytes()).is_some()) {
        return None;
    }
    let joined: String = texts().collect();
    let at = joined.find("**").or_else(|| joined.find("__"))?;
    let start = run.first()?.1.start;
    let raw = &source.text[body_offset + start..];
    let delimiter = &joined[at..at + 2];
    let offset = raw.find(delimiter).unwrap_or(0);
    let at = body_offset + start + offset;
    Some(
        Diagnostic::warning(format!("`{delimiter}` is shown as literal characters, not as bold"))
            .with_label(source, at..at + 2, "not closed by CommonMark's rules")
            .with_help(
                "a closing `**` after punctuation must not be followed by a letter: \
                 write `**리소스**(명사)를` instead of `**리소스(명사)**를`",
            ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;

    fn warnings(body: &str) -> Vec<Diagnostic> {
        let src = SourceFile::new("x.md", body);
        let events = crate::parse::events::events_for_tests(body);
        check(&events, &src, 0)
    }

    #[test]
    fn unclosed_bold_before_a_particle_is_reported() {
        let w = warnings("REST에서 URL은 **리소스(명사)**를 가리킵니다.\n");
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].summary(),
            "x.md:1:13: `**` is shown as literal characters, not as bold"
        );
    }

    #[test]
    fn closed_bold_code_and_math_are_fine() {
        assert!(warnings("**리소스**(명사)를 가리킵니다. **무상태**(stateless)\n").is_empty());
        assert!(warnings("`a ** b` and\n\n```python\nx = 2 ** 8\n```\n").is_empty());
    }
}

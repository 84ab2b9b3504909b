//! Fenced code blocks → highlighted `<pre>` elements.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::events::Events;
use crate::diagnostics::{Diagnostic, Source};
use crate::parse::highlight::{Fallback, Highlighter};
use crate::util::html::escape_attr;

/// Replaces each code block with one HTML event: `<pre class="code" data-lang="…"><code>…`.
/// Blocks that cannot be highlighted stay plain, with a warning saying why. Returns the
/// highlight cache keys of the highlighted blocks.
pub fn highlight(
    events: &mut Events<'_>,
    highlighter: &Highlighter,
    source: &Source,
    body_offset: usize,
    problems: &mut Vec<Diagnostic>,
) -> Vec<u128> {
    let mut keys = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::CodeBlock(kind)) = &events[i].0 else {
            i += 1;
            continue;
        };
        let lang = match kind {
            CodeBlockKind::Fenced(info) => language(info),
            CodeBlockKind::Indented => String::new(),
        };
        let span = events[i].1.clone();
        let mut end = i + 1;
        let mut code = String::new();
        while end < events.len() && !matches!(events[end].0, Event::End(TagEnd::CodeBlock)) {
            if let Event::Text(t) = &events[end].0 {
                code.push_str(t);
            }
            end += 1;
        }
        let block = highlighter.highlight(&code, &lang);
        keys.extend(block.key);
        if let Some(why) = &block.fallback {
            let fence = body_offset + span.start
                ..body_offset + span.start + source.text[body_offset + span.start..].find('\n').unwrap_or(0);
            let (message, help) = match why {
                Fallback::UnknownLanguage => (
                    format!("unknown code language `{lang}`: the block is shown as plain text"),
                    "use a known name such as rust, python, go, sql, typescript, yaml, bash, toml; `text` for plain text".to_string(),
                ),
                Fallback::TooLarge => (
                    "code block too large to highlight: shown as plain text".to_string(),
                    format!("blocks over {} KiB or with lines over {} bytes are not highlighted", crate::parse::highlight::MAX_BLOCK_BYTES / 1024, crate::parse::highlight::MAX_LINE_BYTES),
                ),
                Fallback::TooSlow => (
                    format!("highlighting this `{lang}` block took too long: shown as plain text"),
                    "the grammar is pathological on this input; split the block or mark it `text`".to_string(),
                ),
                Fallback::EngineError(e) => (format!("highlighter failed on this `{lang}` block: {e}"), "mark the block `text` to silence this".to_string()),
            };
            problems.push(
                Diagnostic::warning(message)
                    .with_label(source, fence, "this code block")
                    .with_help(help),
            );
        }
        let mut html = String::with_capacity(block.html.len() + 80);
        html.push_str("<pre class=\"code\"");
        if !lang.is_empty() {
            html.push_str(" data-lang=\"");
            html.push_str(&escape_attr(&lang));
            html.push('"');
        }
        html.push_str(" tabindex=\"0\"><code>");
        html.push_str(&block.html);
        html.push_str("</code></pre>\n");
        events.splice(i..=end.min(events.len() - 1), [(Event::Html(CowStr::from(html)), span)]);
        i += 1;
    }
    keys
}

/// The language of a fence's info string: its first word, without `{…}` attributes or a
/// `lang,option` suffix.
pub fn language(info: &str) -> String {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_the_first_word_of_the_info_string() {
        assert_eq!(language("rust"), "rust");
        assert_eq!(language("Python {linenos=true}"), "python");
        assert_eq!(language("js,ignore"), "js");
        assert_eq!(language(""), "");
    }
}

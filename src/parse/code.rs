//! Fenced code blocks → highlighted `<pre>` elements.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::events::Events;
use super::mermaid::{self, Failure};
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
    let mut diagrams = 0;
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
        if lang == "mermaid" {
            let fence = fence_line(source, body_offset + span.start);
            if let Some(html) = mermaid_block(&code, diagrams, source, fence, problems) {
                diagrams += 1;
                events.splice(i..=end.min(events.len() - 1), [(Event::Html(CowStr::from(html)), span)]);
                i += 1;
                continue;
            }
        }
        let block = highlighter.highlight(&code, &lang);
        keys.extend(block.key);
        if let Some(why) = &block.fallback {
            let fence = fence_line(source, body_offset + span.start);
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

/// The byte range of the fence line that starts at `start`.
fn fence_line(source: &Source, start: usize) -> std::ops::Range<usize> {
    start..start + source.text[start..].find('\n').unwrap_or(0)
}

/// A ```` ```mermaid ```` block drawn as a figure, or `None` (with a diagnostic) to show it as
/// code: an error for bad syntax, a warning for a diagram type roadbook does not draw.
fn mermaid_block(
    code: &str,
    n: usize,
    source: &Source,
    fence: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    match mermaid::render(code, n) {
        Ok(svg) => Some(format!("<figure class=\"mermaid\">{svg}</figure>\n")),
        Err(Failure::Unsupported(kind)) => {
            problems.push(
                Diagnostic::warning(format!(
                    "Mermaid diagram type `{kind}` is not drawn: the block is shown as code"
                ))
                .with_label(source, fence, "this block")
                .with_help(format!("roadbook draws {}", mermaid::SUPPORTED_LIST)),
            );
            None
        }
        Err(Failure::Invalid { message, line, col }) => {
            // The renderer counts lines from the block's first line, after the fence.
            let at = line
                .and_then(|l| line_range(source, fence.end + 1, l as usize, col))
                .unwrap_or(fence.clone());
            problems.push(
                Diagnostic::error(format!("invalid Mermaid diagram: {message}"))
                    .with_label(source, at, "here")
                    .with_help("see https://mermaid.js.org/intro/syntax-reference.html for the syntax"),
            );
            None
        }
    }
}

/// The byte range in `source` of line `line` (1-based) counted from `from`, starting at the
/// 1-based character column `col` when given.
fn line_range(source: &Source, from: usize, line: usize, col: Option<u32>) -> Option<std::ops::Range<usize>> {
    let text = source.text.get(from..)?;
    let mut start = from;
    for l in text.split_inclusive('\n').take(line.saturating_sub(1)) {
        start += l.len();
    }
    let rest = source.text.get(start..)?;
    let len = rest.find('\n').unwrap_or(rest.len());
    let skip: usize = rest[..len]
        .chars()
        .take(col.map_or(0, |c| c.saturating_sub(1) as usize))
        .map(char::len_utf8)
        .sum();
    let end = start + len;
    Some((start + skip).min(end)..end)
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

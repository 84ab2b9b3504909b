//! Fenced code blocks → highlighted `<pre>` elements, with what the info string asks for
//! ([`Fence`]): a title caption, marked lines, line numbers, diff lines.
//!
//! Every block goes through [`render_block`]: a language with a renderer of its own (a
//! diagram language such as `mermaid`) is dispatched there.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::events::Events;
use super::fence::{Fence, FenceProblem};
use super::mermaid::{self, Failure};
use crate::diagnostics::{Diagnostic, Source};
use crate::parse::highlight::{Block, Fallback, Highlighter};
use crate::util::html::{escape, escape_attr};

/// Where a block is, for its diagnostics.
struct At<'a> {
    source: &'a Source,
    /// The fence line's byte range in the file.
    fence: std::ops::Range<usize>,
    /// The info string as written, naming the block in messages.
    info: &'a str,
}

/// Replaces each code block with one HTML event (see [`render_block`]). Blocks that cannot be
/// highlighted stay plain, with a warning saying why; a malformed or out-of-range line spec is
/// an error. Returns the highlight cache keys of the highlighted blocks.
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
        let info = match kind {
            CodeBlockKind::Fenced(info) => info.to_string(),
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
        let start = body_offset + span.start;
        let line_end = source.text[start..].find('\n').map_or(source.text.len(), |n| start + n);
        let at = At {
            source,
            fence: start..line_end,
            info: info.trim(),
        };
        let html = match mermaid_figure(&info, &code, &mut diagrams, highlighter, &at, &mut keys, problems) {
            Some(figure) => figure,
            None => render_block(&info, &code, highlighter, &at, &mut keys, problems),
        };
        events.splice(i..=end.min(events.len() - 1), [(Event::Html(CowStr::from(html)), span)]);
        i += 1;
    }
    keys
}

/// A ```` ```mermaid ```` block drawn as a figure (the page's `n`-th diagram), or `None` to
/// show the block as code: any other language, or a diagram that cannot be drawn (an error
/// for bad syntax, a warning for a type roadbook does not draw).
fn mermaid_figure(
    info: &str,
    code: &str,
    n: &mut usize,
    highlighter: &Highlighter,
    at: &At<'_>,
    keys: &mut Vec<u128>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let lang = info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next()?;
    if !lang.eq_ignore_ascii_case("mermaid") {
        return None;
    }
    match mermaid::render(code, *n, highlighter.cache()) {
        Ok((svg, key)) => {
            *n += 1;
            keys.push(key);
            Some(format!("<figure class=\"mermaid\">{svg}</figure>\n"))
        }
        Err(Failure::Unsupported(kind)) => {
            problems.push(
                Diagnostic::warning(format!(
                    "Mermaid diagram type `{kind}` is not drawn: the block is shown as code"
                ))
                .with_label(at.source, at.fence.clone(), "this block")
                .with_help(format!("roadbook draws {}", mermaid::SUPPORTED_LIST)),
            );
            None
        }
        Err(Failure::Invalid { message, line, col }) => {
            // The renderer counts lines from the block's first line, after the fence.
            let here = line
                .and_then(|l| line_range(at.source, at.fence.end + 1, l as usize, col))
                .unwrap_or(at.fence.clone());
            problems.push(
                Diagnostic::error(format!("invalid Mermaid diagram: {message}"))
                    .with_label(at.source, here, "here")
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

/// The HTML of one fenced code block (diagrams are drawn before, by [`mermaid_figure`]).
fn render_block(
    info: &str,
    code: &str,
    highlighter: &Highlighter,
    at: &At<'_>,
    keys: &mut Vec<u128>,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let (fence, fence_problems) = Fence::parse(info);
    for problem in fence_problems {
        problems.push(fence_diagnostic(&problem, at));
    }
    let lines = code.lines().count();
    if let Some(past) = fence.line_past(lines) {
        problems.push(
            Diagnostic::error(format!(
                "code block `{}` marks line {past}, but it has {lines} line{}",
                at.info,
                if lines == 1 { "" } else { "s" }
            ))
            .with_label(at.source, at.fence.clone(), "this code block")
            .with_help("line numbers count from 1 at the block's first line"),
        );
    }
    code_block(&fence, code, highlighter, at, keys, problems)
}

/// A highlighted code block, line by line when the fence asks for numbers, marks or a diff.
fn code_block(
    fence: &Fence,
    code: &str,
    highlighter: &Highlighter,
    at: &At<'_>,
    keys: &mut Vec<u128>,
    problems: &mut Vec<Diagnostic>,
) -> String {
    // A `diff-LANG` block is highlighted as LANG without its first column (the markers).
    let strip = fence.diff && fence.lang != "diff";
    let highlighted_code = if strip { without_markers(code) } else { code.to_string() };
    let block = highlighter.highlight(&highlighted_code, &fence.lang);
    keys.extend(block.key);
    if let Some(why) = &block.fallback {
        problems.push(fallback_warning(why, &fence.lang, at));
    }
    let mut html = String::with_capacity(block.html.len() * 5 / 4 + 160);
    if let Some(title) = &fence.title {
        html.push_str("<figure class=\"code-block\"><figcaption class=\"code-title\">");
        html.push_str(&escape(title));
        html.push_str("</figcaption>");
    }
    html.push_str("<pre class=\"code");
    if fence.by_line() {
        html.push_str(" lined");
    }
    if fence.line_numbers.is_some() {
        html.push_str(" numbered");
    }
    html.push('"');
    if !fence.label.is_empty() {
        html.push_str(" data-lang=\"");
        html.push_str(&escape_attr(&fence.label));
        html.push('"');
    }
    html.push_str(" tabindex=\"0\"><code>");
    if fence.by_line() {
        push_lines(&mut html, fence, code, &block, strip);
    } else {
        html.push_str(&block.html);
    }
    html.push_str("</code></pre>");
    if fence.title.is_some() {
        html.push_str("</figure>");
    }
    html.push('\n');
    html
}

/// Each line as `<span class="line …" data-n="…">…\n</span>`: `hl` when marked, `ins`/`del`
/// for a diff's added/removed lines. The number is an attribute the stylesheet shows with
/// `::before`, so it is never selected or copied with the code.
fn push_lines(html: &mut String, fence: &Fence, code: &str, block: &Block, strip: bool) {
    let source_lines: Vec<&str> = code.lines().collect();
    for (i, line_html) in split_lines(&block.html).into_iter().enumerate() {
        let n = i + 1;
        let source = source_lines.get(i).copied().unwrap_or("");
        html.push_str("<span class=\"line");
        if fence.is_marked(n) {
            html.push_str(" hl");
        }
        if fence.diff {
            match diff_kind(source, strip) {
                Some('+') => html.push_str(" ins"),
                Some('-') => html.push_str(" del"),
                _ => {}
            }
        }
        html.push('"');
        if let Some(first) = fence.line_numbers {
            html.push_str(&format!(" data-n=\"{}\"", first + i));
        }
        html.push('>');
        if strip && let Some(marker) = marker(source) {
            html.push(marker);
        }
        html.push_str(&line_html);
        html.push_str("\n</span>");
    }
}

/// `+` or `-` when a diff line is added or removed. A plain diff's `+++`/`---` file headers
/// are neither.
fn diff_kind(line: &str, strip: bool) -> Option<char> {
    let first = line.chars().next()?;
    let header = !strip && (line.starts_with("+++") || line.starts_with("---"));
    (matches!(first, '+' | '-') && !header).then_some(first)
}

/// A `diff-LANG` line's marker: its first character when that is `+`, `-` or a space.
fn marker(line: &str) -> Option<char> {
    line.chars().next().filter(|c| matches!(c, '+' | '-' | ' '))
}

/// The code of a `diff-LANG` block without each line's marker.
fn without_markers(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        out.push_str(match marker(line) {
            Some(_) => &line[1..],
            None => line,
        });
    }
    out
}

/// Highlighted HTML split at its newlines, without them. Highlighting makes flat
/// `<span class="…">` runs that may cross lines: a run open at a newline is closed there and
/// opened again on the next line, so each line is well-formed on its own.
fn split_lines(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut open: Option<&str> = None;
    let mut rest = html;
    while let Some(at) = rest.find(['\n', '<']) {
        line.push_str(&rest[..at]);
        if rest[at..].starts_with('\n') {
            if open.is_some() {
                line.push_str("</span>");
            }
            lines.push(std::mem::take(&mut line));
            if let Some(tag) = open {
                line.push_str(tag);
            }
            rest = &rest[at + 1..];
            continue;
        }
        let close = rest[at..].find('>').map_or(rest.len(), |n| at + n + 1);
        let tag = &rest[at..close];
        if tag == "</span>" {
            // A run reopened at a line's start and closed at once was only that newline.
            match open.take() {
                Some(opened) if line.ends_with(opened) => line.truncate(line.len() - opened.len()),
                _ => line.push_str(tag),
            }
        } else {
            open = Some(tag);
            line.push_str(tag);
        }
        rest = &rest[close..];
    }
    line.push_str(rest);
    // Code ends with a newline: no empty line after it.
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The diagnostic for a problem with a block's info string.
fn fence_diagnostic(problem: &FenceProblem, at: &At<'_>) -> Diagnostic {
    let block = at.info;
    let (diagnostic, help) = match problem {
        FenceProblem::BadLines(spec) => (
            Diagnostic::error(format!("code block `{block}`: malformed line spec `{spec}`")),
            "write line numbers and ranges from 1, such as {3,5-7} or hl_lines=3 5-7",
        ),
        FenceProblem::BadValue { option, value } => (
            Diagnostic::error(format!(
                "code block `{block}`: `{value}` is not a valid value for `{option}`"
            )),
            "showLineNumbers and linenostart take a line number from 1; title and name a non-empty text",
        ),
        FenceProblem::Unknown(option) => (
            Diagnostic::warning(format!("code block `{block}`: unknown option `{option}` is ignored")),
            "known options: title=\"…\", {3,5-7}, showLineNumbers[=N] (or Zola's linenos, linenostart=N, hl_lines=3 5-7, name=…)",
        ),
    };
    diagnostic
        .with_label(at.source, at.fence.clone(), "this code block")
        .with_help(help)
}

/// The warning for a block left plain.
fn fallback_warning(why: &Fallback, lang: &str, at: &At<'_>) -> Diagnostic {
    let (message, help) = match why {
        Fallback::UnknownLanguage => (
            format!("unknown code language `{lang}`: the block is shown as plain text"),
            "use a known name such as rust, python, go, sql, typescript, yaml, bash, toml; `text` for plain text"
                .to_string(),
        ),
        Fallback::TooLarge => (
            "code block too large to highlight: shown as plain text".to_string(),
            format!(
                "blocks over {} KiB or with lines over {} bytes are not highlighted",
                crate::parse::highlight::MAX_BLOCK_BYTES / 1024,
                crate::parse::highlight::MAX_LINE_BYTES
            ),
        ),
        Fallback::TooSlow => (
            format!("highlighting this `{lang}` block took too long: shown as plain text"),
            "the grammar is pathological on this input; split the block or mark it `text`".to_string(),
        ),
        Fallback::EngineError(e) => (
            format!("highlighter failed on this `{lang}` block: {e}"),
            "mark the block `text` to silence this".to_string(),
        ),
    };
    Diagnostic::warning(message)
        .with_label(at.source, at.fence.clone(), "this code block")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_that_cross_lines_are_closed_and_reopened() {
        let html = "<span class=\"k\">fn</span> a\n<span class=\"s\">\"x\ny\"</span>\n";
        assert_eq!(
            split_lines(html),
            [
                "<span class=\"k\">fn</span> a",
                "<span class=\"s\">\"x</span>",
                "<span class=\"s\">y\"</span>"
            ]
        );
        assert_eq!(split_lines("a\n\nb"), ["a", "", "b"]);
        assert_eq!(
            split_lines("<span class=\"c\">// x\n</span>"),
            ["<span class=\"c\">// x</span>"]
        );
        assert_eq!(split_lines("a &lt; b\n"), ["a &lt; b"]);
    }

    #[test]
    fn diff_markers_are_recognised() {
        assert_eq!(without_markers("+a\n-b\n c\nd\n"), "a\nb\nc\nd\n");
        assert_eq!(diff_kind("+++ b/file", false), None);
        assert_eq!(diff_kind("--- a/file", false), None);
        assert_eq!(diff_kind("--x", true), Some('-'));
        assert_eq!(diff_kind("+x", false), Some('+'));
        assert_eq!(diff_kind(" x", false), None);
    }
}

//! `$…$` and `$$…$$` → MathML Core at build time (math-core): no script and no web fonts on
//! the page. Bad LaTeX is an error at its file:line:col, with the converter's message.

use std::ops::Range;
use std::sync::OnceLock;

use math_core::{LatexError, LatexToMathML, MathCoreConfig, MathDisplay};
use pulldown_cmark::{CowStr, Event};

use super::events::Events;
use crate::diagnostics::{Diagnostic, Source};

/// The converter, made once: it is immutable and shared by every rendering thread.
fn converter() -> &'static LatexToMathML {
    static CONVERTER: OnceLock<LatexToMathML> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        // Without macros the configuration cannot fail.
        LatexToMathML::new(MathCoreConfig::default()).unwrap_or_default()
    })
}

/// `latex` as MathML: a `<math>` element, for display math inside a
/// `<span class="math-display">` that scrolls when the formula is wider than the page.
pub fn to_mathml(latex: &str, display: bool) -> Result<String, Box<LatexError>> {
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    let mathml = scriptlevel_as_style(converter().convert_with_local_state(latex, mode)?.mathml);
    Ok(if display {
        format!("<span class=\"math-display\">{mathml}</span>")
    } else {
        mathml
    })
}

/// `scriptlevel` on elements other than `<mstyle>` (math-core puts it on `<mtable>`) as its
/// MathML Core equivalent, the CSS `math-depth`: the Nu Html Checker's MathML schema allows
/// the attribute only on `<mstyle>`, and browsers draw both alike.
fn scriptlevel_as_style(mathml: String) -> String {
    const ATTR: &str = " scriptlevel=\"";
    if !mathml.contains(ATTR) {
        return mathml;
    }
    let mut out = String::with_capacity(mathml.len() + 32);
    let mut rest = mathml.as_str();
    while let Some(at) = rest.find(ATTR) {
        let tag_start = rest[..at].rfind('<').unwrap_or(0);
        let value_start = at + ATTR.len();
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        let value_end = value_start + value_len;
        let Some(tag_len) = rest[value_end..].find('>') else {
            break;
        };
        let tag_end = value_end + tag_len;
        if rest[tag_start..].starts_with("<mstyle") {
            out.push_str(&rest[..=value_end]);
            rest = &rest[value_end + 1..];
            continue;
        }
        let value = &rest[value_start..value_end];
        let depth = match value.strip_prefix('+') {
            Some(up) => format!("add({up})"),
            None if value.starts_with('-') => format!("add({value})"),
            None => value.to_string(),
        };
        // The tag without the attribute, then the depth added to its style.
        let mut tag = format!("{}{}", &rest[tag_start..at], &rest[value_end + 1..tag_end]);
        match tag.find(" style=\"") {
            Some(style) => tag.insert_str(style + 8, &format!("math-depth: {depth}; ")),
            None => {
                let end = tag.len() - usize::from(tag.ends_with('/'));
                tag.insert_str(end, &format!(" style=\"math-depth: {depth}\""));
            }
        }
        out.push_str(&rest[..tag_start]);
        out.push_str(&tag);
        out.push('>');
        rest = &rest[tag_end + 1..];
    }
    out.push_str(rest);
    out
}

/// Replaces each math event with its MathML. A formula that does not convert is an error at
/// the problem's place and is shown as its source, in `<code class="math-error">`.
pub fn render(events: &mut Events<'_>, source: &Source, body_offset: usize, problems: &mut Vec<Diagnostic>) {
    for (event, range) in events.iter_mut() {
        let (latex, display) = match event {
            Event::InlineMath(latex) => (latex, false),
            Event::DisplayMath(latex) => (latex, true),
            _ => continue,
        };
        let html = match to_mathml(latex, display) {
            Ok(html) => html,
            Err(error) => {
                let start = latex_start(source, body_offset, range.clone(), latex, display);
                problems.push(diagnostic(&error, source, start, latex));
                let mut shown = String::from("<code class=\"math-error\">");
                crate::util::html::escape_into(&mut shown, latex);
                shown.push_str("</code>");
                shown
            }
        };
        *event = Event::InlineHtml(CowStr::from(html));
    }
}

/// Reports formulas that pulldown-cmark left as text because their braces do not balance
/// (`$\frac{1}{2$`): found in the source of each run of text outside code, and checked with
/// the converter, whose message says what is open.
pub fn check_unparsed(events: &Events<'_>, source: &Source, body_offset: usize, problems: &mut Vec<Diagnostic>) {
    let mut in_code = false;
    let mut run: Option<Range<usize>> = None;
    for (event, range) in events.iter().chain(std::iter::once(&(Event::HardBreak, 0..0))) {
        match event {
            Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => in_code = true,
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) | Event::SoftBreak if !in_code => {
                run = Some(run.map_or(range.clone(), |r| r.start..range.end));
                continue;
            }
            _ => {}
        }
        let Some(text_run) = run.take() else { continue };
        let start = body_offset + text_run.start;
        let Some(written) = source
            .text
            .get(start..body_offset + text_run.end)
            .filter(|w| w.contains('$'))
        else {
            continue;
        };
        for (content, display) in unbalanced_formulas(written) {
            let latex = &written[content.clone()];
            if let Err(error) = to_mathml(latex, display) {
                problems.push(diagnostic(&error, source, start + content.start, latex));
            }
        }
    }
}

/// The `$…$` and `$$…$$` in `text` (by the delimiter rules of [`mod@super::events`]) whose braces
/// do not balance: the ranges of their contents, and whether each is display math.
fn unbalanced_formulas(text: &str) -> Vec<(Range<usize>, bool)> {
    let bytes = text.as_bytes();
    let unescaped_dollar = |i: usize| bytes.get(i) == Some(&b'$') && (i == 0 || bytes[i - 1] != b'\\');
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !unescaped_dollar(i) {
            i += 1;
            continue;
        }
        let display = bytes.get(i + 1) == Some(&b'$');
        let from = i + if display { 2 } else { 1 };
        let close = (from + 1..bytes.len()).find(|&j| {
            unescaped_dollar(j)
                && (!display || bytes.get(j + 1) == Some(&b'$'))
                && (display || !bytes[j - 1].is_ascii_whitespace() && !bytes.get(j + 1).is_some_and(u8::is_ascii_digit))
        });
        let opens = bytes.get(from).is_some_and(|b| display || !b.is_ascii_whitespace());
        match close {
            Some(to) if opens => {
                if !braces_balance(&text[from..to]) {
                    found.push((from..to, display));
                }
                i = to + if display { 2 } else { 1 };
            }
            _ => i = from,
        }
    }
    found
}

/// Whether `{` and `}` (not `\{`, `\}`) pair up in `latex`.
fn braces_balance(latex: &str) -> bool {
    let mut depth = 0i32;
    let mut escaped = false;
    for b in latex.bytes() {
        match b {
            b'\\' => {
                escaped = !escaped;
                continue;
            }
            b'{' if !escaped => depth += 1,
            b'}' if !escaped => depth -= 1,
            _ => {}
        }
        escaped = false;
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// Where the formula's text starts in the file: just inside its delimiters, or, when the
/// parser had to join its lines (math in a block quote), at the opening delimiter.
fn latex_start(source: &Source, body_offset: usize, range: Range<usize>, latex: &str, display: bool) -> usize {
    let start = body_offset + range.start;
    let written = source.text.get(start..body_offset + range.end).unwrap_or("");
    match written.find(latex) {
        Some(at) if !latex.is_empty() => start + at,
        _ => start + if display { 2 } else { 1 }.min(written.len()),
    }
}

/// The error for a formula that does not convert: its message, at the place it names.
fn diagnostic(error: &LatexError, source: &Source, latex_start: usize, latex: &str) -> Diagnostic {
    let joined = source.text.get(latex_start..latex_start + latex.len()) != Some(latex);
    let span = if joined {
        latex_start..latex_start + 1
    } else {
        let from = latex.floor_char_boundary(error.0.start.min(latex.len()));
        let to = latex.ceil_char_boundary(error.0.end.clamp(from, latex.len()));
        // At least one character, so the caret has something to point at.
        let to = if to > from {
            to
        } else {
            latex.ceil_char_boundary((from + 1).min(latex.len()))
        };
        latex_start + from..latex_start + to
    };
    let span = span.start.min(source.text.len())..span.end.min(source.text.len());
    Diagnostic::error(format!("invalid math: {}", error.error_message()))
        .with_label(source, span, error.label())
        .with_help(
            "write LaTeX math (\\frac{a}{b}, \\sum_{i=1}^n, \\mathcal{O}, \\text{…}); a literal dollar sign is \\$, \
             and [markdown] math = false turns math off",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml_core() {
        let inline = to_mathml("\\mathcal{O}(n \\log n)", false).unwrap();
        assert!(inline.starts_with("<math>") && inline.contains("log"), "{inline}");
        let display = to_mathml("\\frac{\\text{요청 수}}{\\text{시간}}", true).unwrap();
        assert!(
            display.starts_with("<span class=\"math-display\"><math display=\"block\"><mfrac>"),
            "{display}"
        );
        assert!(display.contains("<mtext>요청\u{a0}수</mtext>"), "{display}");
    }

    #[test]
    fn scriptlevel_becomes_math_depth_outside_mstyle() {
        assert_eq!(
            scriptlevel_as_style("<mtable displaystyle=\"false\" scriptlevel=\"0\"><mtr></mtr></mtable>".into()),
            "<mtable displaystyle=\"false\" style=\"math-depth: 0\"><mtr></mtr></mtable>"
        );
        assert_eq!(
            scriptlevel_as_style(
                "<mi style=\"color: red\" scriptlevel=\"+1\">x</mi><mstyle scriptlevel=\"1\"></mstyle>".into()
            ),
            "<mi style=\"math-depth: add(1); color: red\">x</mi><mstyle scriptlevel=\"1\"></mstyle>"
        );
        let matrix = to_mathml("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", true).unwrap();
        assert!(
            !matrix.contains("scriptlevel") && matrix.contains("<mtable"),
            "{matrix}"
        );
    }

    #[test]
    fn formulas_left_as_text_for_their_braces_are_found() {
        assert_eq!(unbalanced_formulas("a $\\frac{1}{2$ b"), [(3..13, false)]);
        assert_eq!(unbalanced_formulas("$$x^{2$$"), [(2..6, true)]);
        assert!(unbalanced_formulas("$5 and {$10").is_empty());
        assert!(unbalanced_formulas("\\$x{ and $y$").is_empty());
        assert!(unbalanced_formulas("$\\{x$ $a}$").len() == 1);
        assert!(braces_balance("\\left\\{ x \\right.") && !braces_balance("a}{"));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let e = to_mathml("\\fracc{1}{2}", false).unwrap_err();
        assert!(e.error_message().contains("\\fracc"), "{}", e.error_message());
        assert!(to_mathml("\\frac{1}{2", true).is_err());
    }
}

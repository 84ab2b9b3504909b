//! A fenced code block's info string, in the dialects authors bring from other tools:
//!
//! - Docusaurus / GitHub style: ```` ```rust title="src/main.rs" {3,5-7} showLineNumbers ````
//!   (`showLineNumbers=10` starts at 10);
//! - Zola style: ```` ```rust,linenos,hl_lines=3 5-7,linenostart=10,name=main.rs ````;
//! - Hugo style: ```` ```go {linenos=true, hl_lines=[2, "4-5"], linenostart=10} ````.
//!
//! Each gives the same [`Fence`]: a language, an optional title, marked lines and line numbers.
//! `diff` and `diff-LANG` are diffs (the second highlighted as LANG).

use std::ops::RangeInclusive;

/// What a fence's info string asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fence {
    /// The language to highlight with, lowercase (`rust`; `diff` for a plain diff; `rust` for
    /// `diff-rust`).
    pub lang: String,
    /// The language as written (`diff-rust`), shown on the block.
    pub label: String,
    /// Whether lines starting with `+` / `-` are added / removed lines.
    pub diff: bool,
    /// A caption above the block (`title="…"`, Zola's `name=…`).
    pub title: Option<String>,
    /// Marked lines, 1-based, as written (checked against the block's length later).
    pub marked: Vec<RangeInclusive<usize>>,
    /// The first line's number, when lines are numbered.
    pub line_numbers: Option<usize>,
}

/// A problem with an info string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FenceProblem {
    /// A line spec that is not a list of numbers and ranges (an error).
    BadLines(String),
    /// A value that is not what its option takes (an error).
    BadValue { option: String, value: String },
    /// An option roadbook does not know (a warning: the block renders without it).
    Unknown(String),
}

impl Fence {
    /// The fence's languages and options, with every problem found.
    pub fn parse(info: &str) -> (Fence, Vec<FenceProblem>) {
        let info = info.trim();
        let end = info
            .find(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .unwrap_or(info.len());
        let label = info[..end].to_ascii_lowercase();
        let mut fence = Fence {
            label: label.clone(),
            ..Fence::default()
        };
        match label.strip_prefix("diff-").filter(|l| !l.is_empty()) {
            Some(lang) => (fence.lang, fence.diff) = (lang.to_string(), true),
            None => (fence.diff, fence.lang) = (label == "diff", label),
        }
        let mut problems = Vec::new();
        let rest = &info[end..];
        if let Some(zola) = rest.strip_prefix(',') {
            for option in zola.split(',') {
                fence.option(option.trim(), &mut problems);
            }
        } else {
            for token in tokens(rest) {
                fence.token(&token, &mut problems);
            }
        }
        (fence, problems)
    }

    /// One whitespace-separated token of the Docusaurus or Hugo style.
    fn token(&mut self, token: &str, problems: &mut Vec<FenceProblem>) {
        match token.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            // Hugo: `{linenos=true, hl_lines=[2, "4-5"]}`.
            Some(inner) if inner.contains('=') => {
                for option in split_outside_brackets(inner) {
                    self.option(option.trim(), problems);
                }
            }
            Some(spec) => self.mark(spec, problems),
            None => self.option(token, problems),
        }
    }

    /// One `key` or `key=value` option, in any dialect.
    fn option(&mut self, option: &str, problems: &mut Vec<FenceProblem>) {
        if option.is_empty() {
            return;
        }
        let (key, value) = match option.split_once('=') {
            Some((k, v)) => (k.trim(), Some(unquote(v.trim()))),
            None => (option, None),
        };
        let number = |v: &str| v.parse::<usize>().ok().filter(|n| *n >= 1);
        let bad = |value: &str| FenceProblem::BadValue {
            option: key.to_string(),
            value: value.to_string(),
        };
        match (key, value) {
            ("title" | "name", Some(v)) if !v.is_empty() => self.title = Some(v.to_string()),
            ("showLineNumbers" | "linenos", None) => self.line_numbers = Some(1),
            ("linenos", Some("true" | "table" | "inline")) => self.line_numbers = Some(1),
            ("linenos", Some("false")) => self.line_numbers = None,
            ("showLineNumbers", Some(v)) => match number(v) {
                Some(n) => self.line_numbers = Some(n),
                None => problems.push(bad(v)),
            },
            ("linenostart", Some(v)) => match number(v) {
                Some(n) => self.line_numbers = Some(n),
                None => problems.push(bad(v)),
            },
            ("hl_lines", Some(v)) => self.mark(v.trim_start_matches('[').trim_end_matches(']'), problems),
            (_, Some(v)) if matches!(key, "title" | "name") => problems.push(bad(v)),
            _ => problems.push(FenceProblem::Unknown(option.to_string())),
        }
    }

    /// Adds the lines of a spec: numbers and `a-b` ranges separated by commas or spaces
    /// (Hugo's may be quoted).
    fn mark(&mut self, spec: &str, problems: &mut Vec<FenceProblem>) {
        match line_spec(spec) {
            Some(ranges) => self.marked.extend(ranges),
            None => problems.push(FenceProblem::BadLines(spec.to_string())),
        }
    }

    /// The first marked line past a block of `lines` lines, if any.
    pub fn line_past(&self, lines: usize) -> Option<usize> {
        self.marked.iter().map(|r| *r.end()).filter(|&end| end > lines).max()
    }

    /// Whether line `n` (1-based) is marked.
    pub fn is_marked(&self, n: usize) -> bool {
        self.marked.iter().any(|r| r.contains(&n))
    }

    /// Whether the block is rendered line by line (numbers, marks or a diff).
    pub fn by_line(&self) -> bool {
        self.diff || self.line_numbers.is_some() || !self.marked.is_empty()
    }
}

/// `3,5-7`, `3 5-7`, `2, "4-5"` → the ranges; `None` when malformed (not a number, zero, a
/// range that runs backwards, or empty).
pub fn line_spec(spec: &str) -> Option<Vec<RangeInclusive<usize>>> {
    let parse = |s: &str| s.trim().parse::<usize>().ok().filter(|n| *n >= 1);
    let items: Vec<&str> = spec
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|s| s.trim_matches('"'))
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return None;
    }
    items
        .into_iter()
        .map(|item| match item.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (parse(a)?, parse(b)?);
                (a <= b).then_some(a..=b)
            }
            None => parse(item).map(|n| n..=n),
        })
        .collect()
}

/// Whitespace-separated tokens, keeping `"quoted values"` and `{…}` groups whole.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut depth) = (false, 0usize);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '{' if !quoted => depth += 1,
            '}' if !quoted => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && !quoted && depth == 0 => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Splits Hugo's `a=1, b=[2, "3-4"]` at commas outside brackets and quotes.
fn split_outside_brackets(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut depth, mut quoted) = (0, 0usize, false);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// A value without its surrounding double or single quotes.
fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(info: &str) -> Fence {
        let (fence, problems) = Fence::parse(info);
        assert_eq!(problems, [], "{info}");
        fence
    }

    #[test]
    fn docusaurus_style() {
        let f = ok(r#"rust title="src/main.rs" {3,5-7} showLineNumbers"#);
        assert_eq!(f.lang, "rust");
        assert_eq!(f.title.as_deref(), Some("src/main.rs"));
        assert_eq!(f.marked, [3..=3, 5..=7]);
        assert_eq!(f.line_numbers, Some(1));
        assert_eq!(ok("go showLineNumbers=10").line_numbers, Some(10));
        assert_eq!(
            ok(r#"py title="내 파일 이름.py""#).title.as_deref(),
            Some("내 파일 이름.py")
        );
    }

    #[test]
    fn zola_style() {
        let f = ok("rust,linenos,hl_lines=3 5-7,name=main.rs");
        assert_eq!(f.lang, "rust");
        assert_eq!(f.marked, [3..=3, 5..=7]);
        assert_eq!(f.line_numbers, Some(1));
        assert_eq!(f.title.as_deref(), Some("main.rs"));
        assert_eq!(ok("rust,linenos,linenostart=20").line_numbers, Some(20));
    }

    #[test]
    fn hugo_style() {
        let f = ok(r#"go {linenos=true, hl_lines=[2, "4-5"], linenostart=10}"#);
        assert_eq!(f.marked, [2..=2, 4..=5]);
        assert_eq!(f.line_numbers, Some(10));
        assert_eq!(ok("Python {linenos=false}").line_numbers, None);
    }

    #[test]
    fn diffs_name_the_language_they_highlight_with() {
        let f = ok("diff-rust");
        assert_eq!((f.lang.as_str(), f.label.as_str(), f.diff), ("rust", "diff-rust", true));
        let f = ok("diff");
        assert_eq!((f.lang.as_str(), f.diff), ("diff", true));
        assert!(!ok("rust").diff && !ok("rust").by_line());
        assert_eq!(ok("").lang, "");
    }

    #[test]
    fn malformed_specs_and_unknown_options_are_reported() {
        let bad = |info: &str| Fence::parse(info).1;
        assert_eq!(bad("rust {3,x}"), [FenceProblem::BadLines("3,x".into())]);
        assert_eq!(bad("rust {7-5}"), [FenceProblem::BadLines("7-5".into())]);
        assert_eq!(bad("rust {0}"), [FenceProblem::BadLines("0".into())]);
        assert_eq!(bad("rust {}"), [FenceProblem::BadLines("".into())]);
        assert_eq!(bad("rust,hl_lines=1-"), [FenceProblem::BadLines("1-".into())]);
        assert_eq!(
            bad("rust showLineNumbers=zero"),
            [FenceProblem::BadValue {
                option: "showLineNumbers".into(),
                value: "zero".into()
            }]
        );
        assert_eq!(bad("rust,linenoss"), [FenceProblem::Unknown("linenoss".into())]);
    }

    #[test]
    fn lines_past_the_end_are_found() {
        let f = ok("rust {2,4-9}");
        assert_eq!(f.line_past(9), None);
        assert_eq!(f.line_past(8), Some(9));
        assert!(f.is_marked(5) && !f.is_marked(3));
    }
}

//! Helpers the flavours share for rewriting Markdown bodies: code-fence tracking, template tag
//! scanning, argument lists, relative links between the new site's files, ASCII ids.

/// Tracks whether a line is inside a fenced code block (```` ``` ```` or `~~~`).
#[derive(Debug, Default)]
pub struct Fences {
    open: Option<(char, usize)>,
}

impl Fences {
    /// Whether `line` is code (a fence line itself counts as code), updating the state.
    pub fn is_code(&mut self, line: &str) -> bool {
        let t = line.trim_start();
        let fence = |c: char| t.chars().take_while(|&x| x == c).count();
        match self.open {
            Some((c, n)) => {
                if fence(c) >= n && t.trim_start_matches(c).trim().is_empty() {
                    self.open = None;
                }
                true
            }
            None => {
                for c in ['`', '~'] {
                    let n = fence(c);
                    if n >= 3 {
                        self.open = Some((c, n));
                        return true;
                    }
                }
                false
            }
        }
    }
}

/// A template tag found in a line: `{% … %}`, `{{ … }}`, `{{< … >}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Byte range of the whole tag in the line.
    pub range: std::ops::Range<usize>,
    /// The text between the delimiters, trimmed (`-` whitespace-control marks removed).
    pub inner: &'a str,
}

/// Every `open … close` tag of `line`, left to right.
pub fn tags<'a>(line: &'a str, open: &str, close: &str) -> Vec<Tag<'a>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = line[at..].find(open) {
        let start = at + i;
        let Some(j) = line[start + open.len()..].find(close) else {
            break;
        };
        let end = start + open.len() + j + close.len();
        let inner = line[start + open.len()..end - close.len()]
            .trim()
            .trim_matches('-')
            .trim();
        out.push(Tag {
            range: start..end,
            inner,
        });
        at = end;
    }
    out
}

/// The arguments of a tag: `figure src="a.png" alt='b' 3` → `[(None, figure), (src, a.png),
/// (alt, b), (None, 3)]`. Quotes may be `"`, `'` or `` ` ``.
pub fn args(text: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut key: Option<String> = None;
    let mut word = String::new();
    let flush = |word: &mut String, key: &mut Option<String>, out: &mut Vec<(Option<String>, String)>| {
        if !word.is_empty() || key.is_some() {
            out.push((key.take(), std::mem::take(word)));
        }
    };
    while let Some((_, c)) = chars.next() {
        match c {
            '"' | '\'' | '`' => {
                for (_, d) in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    word.push(d);
                }
                flush(&mut word, &mut key, &mut out);
            }
            '=' if !word.is_empty() && key.is_none() => key = Some(std::mem::take(&mut word)),
            c if c.is_whitespace() || c == ',' => {
                if !word.is_empty() {
                    flush(&mut word, &mut key, &mut out);
                }
            }
            c => word.push(c),
        }
    }
    flush(&mut word, &mut key, &mut out);
    out
}

/// The named argument `name`.
pub fn arg<'a>(args: &'a [(Option<String>, String)], name: &str) -> Option<&'a str> {
    args.iter()
        .find(|(k, _)| k.as_deref() == Some(name))
        .map(|(_, v)| v.as_str())
}

/// The `n`th positional argument (0 is usually the tag's name).
pub fn positional(args: &[(Option<String>, String)], n: usize) -> Option<&str> {
    args.iter().filter(|(k, _)| k.is_none()).nth(n).map(|(_, v)| v.as_str())
}

/// A relative link from the file `from` to the file `to`, both paths of the new site
/// (`content/blog/a.md` → `content/pages/b.md` is `../pages/b.md`).
pub fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let to: Vec<&str> = to.split('/').collect();
    let dir = &from[..from.len() - 1];
    let common = dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = std::iter::repeat_n("..", dir.len() - common).collect();
    parts.extend(&to[common..]);
    parts.join("/")
}

/// A lowercase ASCII id (`[a-z0-9-]+`) from a name: `01-Getting Started` → `01-getting-started`.
/// Empty when nothing ASCII is left (a Korean name).
pub fn ascii_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// A Markdown image; with a title it becomes a figure with a caption.
pub fn image(alt: &str, src: &str, caption: Option<&str>) -> String {
    let src = if src.contains([' ', '(', ')']) {
        format!("<{src}>")
    } else {
        src.to_string()
    };
    match caption.filter(|c| !c.trim().is_empty()) {
        Some(c) => format!("![{alt}]({src} \"{}\")", c.replace('"', "'")),
        None => format!("![{alt}]({src})"),
    }
}

/// A percent-encoded path decoded (`%EC%BA%90` → `캐`); invalid UTF-8 is replaced.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The text of a tag as a Markdown code span, for the report.
pub fn code(text: &str) -> String {
    let ticks = if text.contains('`') { "``" } else { "`" };
    format!("{ticks}{text}{ticks}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_track_code_blocks() {
        let mut f = Fences::default();
        let lines = ["text", "```rust", "{% raw %}", "```", "after", "~~~~", "```", "~~~~"];
        let code: Vec<bool> = lines.iter().map(|l| f.is_code(l)).collect();
        assert_eq!(code, [false, true, true, true, false, true, true, true]);
    }

    #[test]
    fn tags_and_args() {
        let line = "a {% include figure.html image_path=\"/a b.png\" alt='x' %} b {{ site.baseurl }}";
        let found = tags(line, "{%", "%}");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].inner, "include figure.html image_path=\"/a b.png\" alt='x'");
        let a = args(found[0].inner);
        assert_eq!(positional(&a, 1), Some("figure.html"));
        assert_eq!(arg(&a, "image_path"), Some("/a b.png"));
        assert_eq!(arg(&a, "alt"), Some("x"));
        assert_eq!(tags(line, "{{", "}}")[0].inner, "site.baseurl");
        assert_eq!(tags("{{- x -}}", "{{", "}}")[0].inner, "x");
    }

    #[test]
    fn relative_links_and_ids() {
        assert_eq!(relative("content/blog/a.md", "content/blog/b.md"), "b.md");
        assert_eq!(relative("content/blog/a.md", "content/pages/c.md"), "../pages/c.md");
        assert_eq!(relative("content/blog/a/index.md", "content/blog/b.md"), "../b.md");
        assert_eq!(ascii_id("01-Getting Started!"), "01-getting-started");
        assert_eq!(ascii_id("캐싱"), "");
        assert_eq!(image("a", "x y.png", Some("c")), "![a](<x y.png> \"c\")");
    }
}

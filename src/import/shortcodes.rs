//! Shortcodes, as Hugo (`{{< name args >}}`, `{{% … %}}`, paired with `{{< /name >}}`) and Zola
//! (`{{ name(k="v") }}`, `{% name(k="v") %}…{% end %}`) write them, found in a body and replaced
//! by Markdown where roadbook has the construct; the rest is reported and kept as text.

use std::ops::Range;

use super::report::{Action, Report};
use super::text::{self, Fences, arg, args, code, positional};

/// One shortcode call in a body.
#[derive(Debug, Clone)]
pub struct Call {
    /// Byte range of the call, closing tag included.
    pub range: Range<usize>,
    /// The shortcode's name.
    pub name: String,
    /// Its arguments; positional ones have no key.
    pub args: Vec<(Option<String>, String)>,
    /// The text between the opening and the closing tag of a paired call.
    pub body: Option<String>,
    /// The opening tag as written, for the report.
    pub tag: String,
}

/// The byte ranges of fenced code blocks in `body` (shortcodes there are text).
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut fences = Fences::default();
    let mut ranges = Vec::new();
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        if fences.is_code(line.trim_end_matches('\n')) {
            ranges.push(at..at + line.len());
        }
        at += line.len();
    }
    ranges
}

fn in_code(ranges: &[Range<usize>], at: usize) -> bool {
    ranges.iter().any(|r| r.contains(&at))
}

/// Hugo's shortcode calls in `body`, outside code blocks.
pub fn hugo_calls(body: &str) -> Vec<Call> {
    let code = code_ranges(body);
    let mut calls = Vec::new();
    let mut at = 0;
    while let Some((start, open, close)) = next_open(body, at, &[("{{<", ">}}"), ("{{%", "%}}")]) {
        let Some(len) = body[start..].find(close) else { break };
        let end = start + len + close.len();
        let inner = body[start + open.len()..end - close.len()].trim();
        at = end;
        if in_code(&code, start) || inner.starts_with("/*") || inner.starts_with('/') {
            continue;
        }
        let a = args(inner);
        let Some(name) = positional(&a, 0).map(str::to_string) else {
            continue;
        };
        let args: Vec<_> = a.into_iter().skip(1).collect();
        let mut call = Call {
            range: start..end,
            name: name.clone(),
            args,
            body: None,
            tag: body[start..end].to_string(),
        };
        // A paired call ends at its closing tag, in either delimiter.
        let closing = [format!("{open} /{name} {close}"), format!("{open}/{name}{close}")];
        if let Some((pos, len)) = closing
            .iter()
            .find_map(|c| body[end..].find(c.as_str()).map(|p| (p, c.len())))
        {
            call.body = Some(body[end..end + pos].to_string());
            call.range = start..end + pos + len;
            at = call.range.end;
        }
        calls.push(call);
    }
    calls
}

/// Zola's shortcode calls in `body`, outside code blocks.
pub fn zola_calls(body: &str) -> Vec<Call> {
    let code = code_ranges(body);
    let mut calls = Vec::new();
    let mut at = 0;
    while let Some((start, open, close)) = next_open(body, at, &[("{{", "}}"), ("{%", "%}")]) {
        let Some(len) = body[start..].find(close) else { break };
        let end = start + len + close.len();
        let inner = body[start + open.len()..end - close.len()].trim();
        at = end;
        let Some((name, rest)) = inner.split_once('(') else {
            continue;
        };
        let name = name.trim();
        if in_code(&code, start) || name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut call = Call {
            range: start..end,
            name: name.to_string(),
            args: args(rest.trim_end().trim_end_matches(')')),
            body: None,
            tag: body[start..end].to_string(),
        };
        if open == "{%" {
            let end_tag = body[end..].find("{% end %}").map(|p| (p, 9));
            if let Some((pos, len)) = end_tag {
                call.body = Some(body[end..end + pos].to_string());
                call.range = start..end + pos + len;
                at = call.range.end;
            }
        }
        calls.push(call);
    }
    calls
}

fn next_open(
    body: &str,
    at: usize,
    delims: &[(&'static str, &'static str)],
) -> Option<(usize, &'static str, &'static str)> {
    delims
        .iter()
        .filter_map(|&(o, c)| body[at..].find(o).map(|i| (at + i, o, c)))
        .min_by_key(|(i, _, _)| *i)
}

/// Replaces each call in `body` by its Markdown (`resolve` turns a content path of the source
/// into a link of the new site); unknown shortcodes are reported and kept. `first_line` is the
/// body's first line in the file.
pub fn rewrite(
    body: &str,
    calls: &[Call],
    file: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Option<String>,
    report: &mut Report,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for call in calls {
        out.push_str(&body[last..call.range.start]);
        let line = first_line + body[..call.range.start].matches('\n').count();
        match known(call, resolve) {
            Some(md) => out.push_str(&md),
            None => {
                let what = if matches!(call.name.as_str(), "ref" | "relref") {
                    "its target was not found among the imported pages"
                } else {
                    "roadbook has no such shortcode: rewrite it by hand"
                };
                report.add(file, line, code(&call.tag), Action::Kept, what);
                out.push_str(&body[call.range.clone()]);
            }
        }
        last = call.range.end;
    }
    out.push_str(&body[last..]);
    // Hugo's escaped shortcodes (`{{</* x */>}}`) are meant to show as written.
    out.replace("{{</*", "{{<")
        .replace("*/>}}", ">}}")
        .replace("{{%/*", "{{%")
        .replace("*/%}}", "%}}")
}

/// The Markdown of a shortcode roadbook has an equivalent for.
fn known(call: &Call, resolve: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let a = &call.args;
    let first = positional(a, 0);
    match call.name.as_str() {
        "highlight" | "code" => {
            let lang = first.or(arg(a, "lang")).or(arg(a, "language")).unwrap_or("text");
            let body = call.body.as_deref()?.trim_matches('\n');
            Some(format!("```{lang}\n{body}\n```"))
        }
        "figure" | "image" | "img" | "resize_image" => {
            let src = arg(a, "src").or(arg(a, "path")).or(arg(a, "url")).or(first)?;
            let alt = arg(a, "alt")
                .or(arg(a, "title"))
                .or(arg(a, "caption"))
                .unwrap_or_default();
            Some(text::image(alt, src, arg(a, "caption").or(arg(a, "title"))))
        }
        "youtube" => {
            let id = arg(a, "id").or(first)?;
            Some(format!("\n\nhttps://www.youtube.com/watch?v={id}\n\n"))
        }
        "vimeo" => Some(format!("[Vimeo](https://vimeo.com/{})", arg(a, "id").or(first)?)),
        "gist" => {
            if let Some(url) = arg(a, "url") {
                return Some(format!("[Gist]({url})"));
            }
            let user = arg(a, "user").or(first)?;
            let id = arg(a, "id").or(positional(a, 1))?;
            Some(format!("[Gist {user}/{id}](https://gist.github.com/{user}/{id})"))
        }
        "ref" | "relref" => resolve(arg(a, "path").or(first)?),
        "notice" | "admonition" | "alert" | "callout" | "note" | "tip" | "warning" | "caution" | "important" => {
            let kind = match (arg(a, "type"), call.name.as_str()) {
                (Some(kind), _) => kind,
                (None, name @ ("note" | "tip" | "warning" | "caution" | "important")) => name,
                (None, _) => first.unwrap_or("note"),
            };
            let kind = match kind.to_lowercase().as_str() {
                "tip" | "success" | "hint" => "TIP",
                "warning" | "warn" => "WARNING",
                "danger" | "error" | "caution" => "CAUTION",
                "important" => "IMPORTANT",
                _ => "NOTE",
            };
            let body = call.body.as_deref()?.trim_matches('\n');
            let quoted: Vec<String> = body
                .lines()
                .map(|l| if l.is_empty() { ">".into() } else { format!("> {l}") })
                .collect();
            Some(format!("> [!{kind}]\n{}", quoted.join("\n")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str, calls: Vec<Call>) -> (String, Report) {
        let mut report = Report::default();
        let resolve = |p: &str| (p == "other.md").then(|| "other.md".to_string());
        let out = rewrite(body, &calls, "x.md", 5, &resolve, &mut report);
        (out, report)
    }

    #[test]
    fn hugo_shortcodes_become_markdown() {
        let body = "a\n{{< figure src=\"a.png\" alt=\"그림\" caption=\"캡션\" >}}\n{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}\n[x]({{< ref \"other.md\" >}})\n{{< youtube w7Ft2ymGmfc >}}\n{{< gist spf13 7896402 >}}\n{{< tweet 1 >}}\n```\n{{< youtube x >}}\n```\n{{</* figure */>}}\n";
        let (out, report) = run(body, hugo_calls(body));
        assert!(out.contains("![그림](a.png \"캡션\")"), "{out}");
        assert!(out.contains("```go\nfunc main() {}\n```"), "{out}");
        assert!(out.contains("[x](other.md)"), "{out}");
        assert!(out.contains("\nhttps://www.youtube.com/watch?v=w7Ft2ymGmfc\n"), "{out}");
        assert!(out.contains("(https://gist.github.com/spf13/7896402)"), "{out}");
        assert!(out.contains("```\n{{< youtube x >}}\n```"), "code stays: {out}");
        assert!(out.contains("{{< figure >}}"), "escaped: {out}");
        let items: Vec<(usize, &str)> = report.items().iter().map(|i| (i.line, i.what.as_str())).collect();
        assert_eq!(items, [(13, "`{{< tweet 1 >}}`")]);
    }

    #[test]
    fn zola_shortcodes_become_markdown() {
        let body =
            "{{ youtube(id=\"dQw4w9WgXcQ\") }}\n{% note(type=\"tip\") %}\n조심\n{% end %}\n{{ chart(data=1) }}\n";
        let (out, report) = run(body, zola_calls(body));
        assert!(out.contains("https://www.youtube.com/watch?v=dQw4w9WgXcQ"), "{out}");
        assert!(out.contains("> [!TIP]\n> 조심"), "{out}");
        assert_eq!(report.items()[0].line, 9);
        assert!(out.contains("{{ chart(data=1) }}"));
    }
}

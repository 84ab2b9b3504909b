//! Jekyll bodies: Liquid and kramdown rewritten as Markdown. `highlight` blocks become
//! fences, `raw` disappears, `post_url`/`link` become relative links to the new files, the
//! figure and video includes of minimal-mistakes and Chirpy become Markdown, `{: .prompt-* }`
//! blockquotes become alerts, `{:toc}` and other attribute lists are dropped, and
//! `<details markdown="1">` loses the attribute CommonMark does not need. What is left is
//! reported with its line.

use std::collections::HashMap;

use super::frontmatter::Parsed;
use super::report::{Action, Report};
use super::text::{self, Fences, arg, args, code, positional};

/// What a body needs to know to be rewritten.
pub(crate) struct Body<'a> {
    /// The source file.
    pub(crate) rel: &'a str,
    /// Where it lands in the new site.
    pub(crate) dest: &'a str,
    /// Where each post (by file stem) and page (by source path) lands.
    pub(crate) targets: &'a HashMap<String, String>,
    /// Chirpy's `media_subpath`: the folder relative image paths are in.
    pub(crate) media: Option<&'a str>,
    /// The post's `excerpt_separator`.
    pub(crate) more: Option<String>,
}

/// The Markdown of a Jekyll body with its Liquid and kramdown rewritten.
pub(crate) fn convert_body(parsed: &Parsed, ctx: &Body<'_>, report: &mut Report) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fences = Fences::default();
    let mut raw = false;
    let mut highlight = false;
    for (i, line) in parsed.body.lines().enumerate() {
        let n = parsed.body_line + i;
        let trimmed = line.trim();
        // `{% highlight lang %}` … `{% endhighlight %}` become a fence.
        if let Some(tag) = text::tags(trimmed, "{%", "%}")
            .first()
            .filter(|t| t.range == (0..trimmed.len()))
        {
            let a = args(tag.inner);
            match positional(&a, 0) {
                Some("highlight") => {
                    let lang = positional(&a, 1).unwrap_or("text");
                    if a.len() > 2 {
                        report.add(
                            ctx.rel,
                            n,
                            code(trimmed),
                            Action::Dropped,
                            "line numbers and other highlight options are not kept",
                        );
                    }
                    out.push(format!("```{lang}"));
                    highlight = true;
                    continue;
                }
                Some("endhighlight") => {
                    out.push("```".into());
                    highlight = false;
                    continue;
                }
                Some("raw") | Some("endraw") => {
                    raw = positional(&a, 0) == Some("raw");
                    continue;
                }
                _ => {}
            }
        }
        if highlight {
            out.push(line.to_string());
            continue;
        }
        let is_code = fences.is_code(line);
        if let Some(sep) = ctx.more.as_deref().filter(|s| trimmed == *s) {
            let _ = sep;
            out.push("<!-- more -->".into());
            continue;
        }
        if trimmed == "<!--more-->" {
            out.push("<!-- more -->".into());
            continue;
        }
        if !is_code
            && !raw
            && let Some(ial) = block_ial(trimmed)
        {
            block_attribute(ial, &mut out, ctx, n, trimmed, report);
            continue;
        }
        let (converted, still_raw) = convert_line(line, raw, is_code, ctx, n, report);
        raw = still_raw;
        out.push(converted);
    }
    let mut body = out.join("\n");
    body.push('\n');
    body
}

/// The inside of a kramdown attribute list alone on its line: `{: .prompt-tip }` → `.prompt-tip`.
fn block_ial(line: &str) -> Option<&str> {
    line.strip_prefix("{:")?.strip_suffix('}').map(str::trim)
}

/// Applies a block attribute line to what precedes it.
fn block_attribute(ial: &str, out: &mut Vec<String>, ctx: &Body<'_>, n: usize, line: &str, report: &mut Report) {
    if ial == "toc" || ial == ".toc" {
        if out.last().is_some_and(|l| {
            let l = l.trim().to_lowercase();
            ["* toc", "- toc", "1. toc"].contains(&l.as_str()) || l.contains("will be replaced by the toc")
        }) {
            out.pop();
        }
        report.add(
            ctx.rel,
            n,
            code(line),
            Action::Dropped,
            "roadbook makes a table of contents for every page",
        );
        return;
    }
    let alert = ial.split_whitespace().find_map(|c| match c {
        ".prompt-tip" => Some("TIP"),
        ".prompt-info" => Some("NOTE"),
        ".prompt-warning" => Some("WARNING"),
        ".prompt-danger" => Some("CAUTION"),
        _ => None,
    });
    if let Some(kind) = alert {
        let start = out
            .iter()
            .rposition(|l| !l.trim_start().starts_with('>'))
            .map_or(0, |i| i + 1);
        if start < out.len() {
            out.insert(start, format!("> [!{kind}]"));
            return;
        }
    }
    let note = if ial.contains("file=") {
        "the code block's file name is not shown"
    } else {
        "kramdown attributes have no Markdown equivalent"
    };
    report.add(ctx.rel, n, code(line), Action::Dropped, note);
}

/// One line with its Liquid tags, kramdown span attributes and Chirpy media paths rewritten;
/// and whether a `{% raw %}` is still open after it.
fn convert_line(
    line: &str,
    mut raw: bool,
    is_code: bool,
    ctx: &Body<'_>,
    n: usize,
    report: &mut Report,
) -> (String, bool) {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        // The next `{% raw %}`/`{% endraw %}` splits the line: raw text is literal.
        let toggle = text::tags(rest, "{%", "%}")
            .into_iter()
            .find(|t| matches!(t.inner, "raw" | "endraw"));
        let (chunk, tail) = match &toggle {
            Some(t) => (&rest[..t.range.start], &rest[t.range.end..]),
            None => (rest, ""),
        };
        if raw || is_code {
            out.push_str(chunk);
        } else {
            out.push_str(&liquid(chunk, ctx, n, report));
        }
        if let Some(t) = toggle {
            raw = t.inner == "raw";
        }
        rest = tail;
    }
    if !is_code && !raw {
        out = span_ials(&out, ctx, n, report);
        out = details(&out);
        if let Some(media) = ctx.media {
            out = media_paths(&out, media);
        }
    }
    (out, raw)
}

/// Rewrites the Liquid of a text chunk (outside raw and code).
fn liquid(chunk: &str, ctx: &Body<'_>, n: usize, report: &mut Report) -> String {
    let mut out = String::new();
    let mut last = 0;
    let mut found: Vec<(std::ops::Range<usize>, bool, &str)> = text::tags(chunk, "{{", "}}")
        .into_iter()
        .map(|t| (t.range, true, t.inner))
        .chain(
            text::tags(chunk, "{%", "%}")
                .into_iter()
                .map(|t| (t.range, false, t.inner)),
        )
        .collect();
    found.sort_by_key(|(r, _, _)| r.start);
    for (range, output, inner) in found {
        if range.start < last {
            continue;
        }
        out.push_str(&chunk[last..range.start]);
        let whole = &chunk[range.clone()];
        let replaced = if output {
            output_tag(inner)
        } else {
            statement(inner, ctx)
        };
        match replaced {
            Some(text) => out.push_str(&text),
            None => {
                report.add(
                    ctx.rel,
                    n,
                    code(whole),
                    Action::Kept,
                    "Liquid is not run by roadbook: rewrite it by hand",
                );
                out.push_str(whole);
            }
        }
        last = range.end;
    }
    out.push_str(&chunk[last..]);
    out
}

/// `{{ … }}`: the site's URL parts, and quoted paths through `relative_url`/`absolute_url`.
fn output_tag(inner: &str) -> Option<String> {
    let mut parts = inner.split('|').map(str::trim);
    let head = parts.next()?;
    let filters: Vec<&str> = parts.collect();
    let url_filter = |f: &&str| {
        matches!(*f, "relative_url" | "absolute_url")
            || f.starts_with("prepend: site.baseurl")
            || f.starts_with("prepend:site.baseurl")
    };
    if matches!(head, "site.baseurl" | "site.url" | "site.github.url") && filters.is_empty() {
        return Some(String::new());
    }
    let quoted = head
        .strip_prefix('"')
        .and_then(|h| h.strip_suffix('"'))
        .or_else(|| head.strip_prefix('\'').and_then(|h| h.strip_suffix('\'')))?;
    (!filters.is_empty() && filters.iter().all(url_filter)).then(|| quoted.to_string())
}

/// `{% … %}`: `post_url`, `link`, and figure and video includes.
fn statement(inner: &str, ctx: &Body<'_>) -> Option<String> {
    let a = args(inner);
    match positional(&a, 0)? {
        // Targets are keyed by NFC names; a post written on macOS may name them in NFD.
        "post_url" => {
            let target = crate::util::slug::nfc(positional(&a, 1)?);
            let stem = target.rsplit('/').next()?;
            ctx.targets.get(stem).map(|to| text::relative(ctx.dest, to))
        }
        "link" => {
            let target = crate::util::slug::nfc(positional(&a, 1)?);
            let target = target.trim_start_matches('/');
            ctx.targets
                .get(target)
                .or_else(|| ctx.targets.get(target.rsplit('/').next()?.trim_end_matches(".md")))
                .map(|to| text::relative(ctx.dest, to))
        }
        "include" => include(positional(&a, 1)?, &a),
        _ => None,
    }
}

/// The figure and video includes of minimal-mistakes and Chirpy.
fn include(name: &str, a: &[(Option<String>, String)]) -> Option<String> {
    let name = name.trim_end_matches(".html");
    let base = name.rsplit('/').next()?;
    match base {
        "figure" | "image" | "img" => {
            let src = ["image_path", "src", "url", "path", "file"]
                .iter()
                .find_map(|k| arg(a, k))?;
            let alt = ["alt", "description", "title"]
                .iter()
                .find_map(|k| arg(a, k))
                .unwrap_or_default();
            Some(text::image(alt, src, arg(a, "caption")))
        }
        "video" | "youtube" => {
            let id = arg(a, "id").or(arg(a, "video_id"))?;
            match arg(a, "provider").unwrap_or("youtube") {
                "youtube" => Some(format!("\n\nhttps://www.youtube.com/watch?v={id}\n\n")),
                "vimeo" => Some(format!("[Vimeo](https://vimeo.com/{id})")),
                _ => None,
            }
        }
        _ if name.starts_with("embed/") => {
            let id = arg(a, "id")?;
            match base {
                "youtube" => Some(format!("\n\nhttps://www.youtube.com/watch?v={id}\n\n")),
                "bilibili" => Some(format!("[Bilibili](https://www.bilibili.com/video/{id})")),
                "twitch" => Some(format!("[Twitch](https://www.twitch.tv/videos/{id})")),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Strips kramdown span attributes (`![x](a.png){: width="700" }`), reporting them.
fn span_ials(line: &str, ctx: &Body<'_>, n: usize, report: &mut Report) -> String {
    let mut out = line.to_string();
    while let Some(start) = out.find("{:") {
        let Some(len) = out[start..].find('}') else { break };
        let ial = out[start..start + len + 1].to_string();
        report.add(
            ctx.rel,
            n,
            code(&ial),
            Action::Dropped,
            "kramdown attributes have no Markdown equivalent",
        );
        out.replace_range(start..start + len + 1, "");
    }
    out
}

/// `<details markdown="1">`: CommonMark reads Markdown inside HTML blocks by itself.
fn details(line: &str) -> String {
    line.replace(" markdown=\"1\"", "")
        .replace(" markdown='1'", "")
        .replace(" markdown=\"block\"", "")
        .replace(" markdown=\"span\"", "")
}

/// Chirpy's `media_subpath`: relative image paths are under it.
fn media_paths(line: &str, media: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        let is_image = before.contains("![");
        let local = !after.starts_with(['/', '#', '<']) && !after.starts_with("http") && !after.starts_with("data:");
        if is_image && local {
            out.push_str(&format!("{}/", media.trim_end_matches('/')));
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquid_outputs_and_includes() {
        assert_eq!(output_tag("site.baseurl").as_deref(), Some(""));
        assert_eq!(
            output_tag("'/assets/a.png' | relative_url").as_deref(),
            Some("/assets/a.png")
        );
        assert_eq!(output_tag("page.title"), None);
        let a = args("include figure image_path=\"/assets/a.png\" alt=\"그림\" caption=\"캡션\"");
        assert_eq!(
            include("figure", &a).as_deref(),
            Some("![그림](/assets/a.png \"캡션\")")
        );
        let a = args("include embed/youtube.html id='Balreaj8Yqs'");
        assert!(
            include("embed/youtube.html", &a)
                .unwrap()
                .contains("https://www.youtube.com/watch?v=Balreaj8Yqs")
        );
        assert_eq!(include("toc", &args("include toc")), None);
    }
}

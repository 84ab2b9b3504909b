//! The subpath check: after a build has written its output (and before the output is swapped
//! in), every text file is scanned for root-absolute internal URLs that lack the base path.
//!
//! A GitHub Pages project site lives under `/<repo>/`. Everything roadbook itself emits goes
//! through [`Urls`], but a site's own templates, raw HTML in Markdown, `static/` files and theme
//! assets can still hard-code `href="/css/x.css"`, which works in `roadbook serve` at `/` and
//! 404s once published. This pass catches those before they ship. It runs only when the base
//! path is not `/`.
//!
//! What counts, per file type (all matching is byte-level with `memchr::memmem`; pages are
//! scanned while their bytes are still in memory, in the same parallel loop that writes them):
//!
//! - **HTML, SVG, XML**: URL attributes (`href`, `src`, `action`, `srcset`, `poster`, …, quoted
//!   with `"` or `'`) whose value starts with a single `/`; `url(/…)` inside `<style>` elements
//!   and `style` attributes; absolute URLs on the site's own origin in `<loc>`, `<id>`,
//!   `<link href>` and `<meta content>` whose path lacks the base path.
//! - **CSS**: `url(/…)` and `@import "/…"`.
//! - **JSON** (and JS): string values of URL-like keys (`"url":"/…"`, `href`, `src`, `link`,
//!   `path`, `permalink`, any key ending in `url`).
//! - **JS**: additionally `fetch("/…")` and URL attributes inside strings (`href="/…"`).
//!
//! Protocol-relative URLs (`//cdn…`) and URLs already under the base path are fine. Text in
//! page bodies cannot trip the scan: Markdown and templates escape `"` in text as `&quot;`.

use std::path::Path;

use memchr::memmem::Finder;
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::util::url::Urls;

/// At most this many offending URLs are reported one by one; the rest are counted.
pub const REPORT_LIMIT: usize = 50;

/// A root-absolute internal URL that lacks the base path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The output file, relative to the output folder (`css/site.css`).
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The URL as written (shortened if very long).
    pub url: String,
}

/// How a file is scanned, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileType {
    Markup,
    Css,
    Json,
    Js,
}

fn file_type(rel: &str) -> Option<FileType> {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    match ext.as_str() {
        "html" | "htm" | "xhtml" | "svg" | "xml" | "atom" | "rss" => Some(FileType::Markup),
        "css" => Some(FileType::Css),
        "json" | "webmanifest" => Some(FileType::Json),
        "js" | "mjs" => Some(FileType::Js),
        _ => None,
    }
}

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
    "background",
    "srcset",
    "xlink:href",
    "ping",
    "manifest",
    "longdesc",
    "icon",
];

/// The scanner for one site's base path and origin.
pub struct Scanner {
    base_path: String,
    origin: Option<String>,
    attr_double: Finder<'static>,
    attr_single: Finder<'static>,
    css_url: Finder<'static>,
    css_import: Finder<'static>,
    json_compact: Finder<'static>,
    json_spaced: Finder<'static>,
    fetch: Finder<'static>,
    origin_finder: Option<Finder<'static>>,
}

impl Scanner {
    /// A scanner for the site's URLs, or `None` when the base path is `/` (nothing to check:
    /// every root-absolute URL is then correct).
    pub fn new(urls: &Urls) -> Option<Scanner> {
        let base_path = urls.base_path().to_string();
        if base_path == "/" {
            return None;
        }
        let origin = Some(urls.origin().to_string()).filter(|o| !o.is_empty());
        let origin_finder = origin.as_ref().map(|o| Finder::new(o.as_bytes()).into_owned());
        Some(Scanner {
            base_path,
            origin,
            attr_double: Finder::new(b"=\"/").into_owned(),
            attr_single: Finder::new(b"='/").into_owned(),
            css_url: Finder::new(b"url(").into_owned(),
            css_import: Finder::new(b"@import").into_owned(),
            json_compact: Finder::new(b"\":\"/").into_owned(),
            json_spaced: Finder::new(b"\": \"/").into_owned(),
            fetch: Finder::new(b"fetch(").into_owned(),
            origin_finder,
        })
    }

    /// The base path checked against (`/repo/`).
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Scans one file's bytes; `rel` (its path in the output) picks the rules. Files of other
    /// types yield nothing.
    pub fn scan(&self, rel: &str, bytes: &[u8]) -> Vec<Finding> {
        let Some(kind) = file_type(rel) else {
            return Vec::new();
        };
        let mut hits: Vec<(usize, &[u8])> = Vec::new();
        match kind {
            FileType::Markup => {
                self.attributes(bytes, &mut hits);
                self.style_urls(bytes, &mut hits);
                self.own_origin(bytes, &mut hits);
            }
            FileType::Css => self.css(bytes, 0..bytes.len(), &mut hits),
            FileType::Json => self.json(bytes, &mut hits),
            FileType::Js => {
                self.json(bytes, &mut hits);
                self.attributes(bytes, &mut hits);
                self.fetches(bytes, &mut hits);
            }
        }
        hits.sort_by_key(|&(at, _)| at);
        // One report per URL and file: the first place it occurs.
        let mut seen = std::collections::HashSet::new();
        hits.retain(|&(_, url)| seen.insert(url));
        let mut line = 1;
        let mut counted = 0;
        hits.into_iter()
            .map(|(at, url)| {
                line += memchr::memchr_iter(b'\n', &bytes[counted..at]).count();
                counted = at;
                Finding {
                    file: rel.to_string(),
                    line,
                    url: shorten(url),
                }
            })
            .collect()
    }

    /// Whether a root-absolute `value` points inside the site without its base path.
    fn lacks_base(&self, value: &[u8]) -> bool {
        if !value.starts_with(b"/") || value.starts_with(b"//") {
            return false;
        }
        let base = self.base_path.as_bytes();
        !(value.starts_with(base) || value == &base[..base.len() - 1])
    }

    /// `name="/…"` and `name='/…'` for URL attributes.
    fn attributes<'b>(&self, bytes: &'b [u8], hits: &mut Vec<(usize, &'b [u8])>) {
        for finder in [&self.attr_double, &self.attr_single] {
            let quote = finder.needle()[1];
            for at in finder.find_iter(bytes) {
                let name = attribute_name(bytes, at);
                let Some(name) = URL_ATTRIBUTES.iter().find(|a| a.as_bytes().eq_ignore_ascii_case(name)) else {
                    continue;
                };
                let start = at + 2;
                let end = memchr::memchr(quote, &bytes[start..]).map_or(bytes.len(), |n| start + n);
                let value = &bytes[start..end];
                if *name == "srcset" {
                    for candidate in value.split(|&b| b == b',') {
                        let url = candidate.trim_ascii().split(|b| b.is_ascii_whitespace()).next();
                        if let Some(url) = url.filter(|u| self.lacks_base(u)) {
                            hits.push((start, url));
                        }
                    }
                } else if self.lacks_base(value) {
                    hits.push((start, value));
                }
            }
        }
    }

    /// `url(…)` in `<style>` elements and `style="…"` attributes of markup.
    fn style_urls<'b>(&self, bytes: &'b [u8], hits: &mut Vec<(usize, &'b [u8])>) {
        for at in self.css_url.find_iter(bytes) {
            if in_style(bytes, at) {
                self.css_value(bytes, at + 4, hits);
            }
        }
    }

    /// `url(/…)` and `@import "/…"` in a stylesheet.
    fn css<'b>(&self, bytes: &'b [u8], range: std::ops::Range<usize>, hits: &mut Vec<(usize, &'b [u8])>) {
        let text = &bytes[range.clone()];
        for at in self.css_url.find_iter(text) {
            self.css_value(bytes, range.start + at + 4, hits);
        }
        for at in self.css_import.find_iter(text) {
            self.css_value(bytes, range.start + at + 7, hits);
        }
    }

    /// The URL starting at `start` (after `url(` or `@import`), quoted or not.
    fn css_value<'b>(&self, bytes: &'b [u8], start: usize, hits: &mut Vec<(usize, &'b [u8])>) {
        let mut i = start;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let end_at = |stop: &[u8], from: usize| {
            bytes[from..]
                .iter()
                .position(|b| stop.contains(b))
                .map_or(bytes.len(), |n| from + n)
        };
        let (from, to) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => (i + 1, end_at(&[q], i + 1)),
            Some(_) => (i, end_at(b") \t\r\n;", i)),
            None => return,
        };
        let value = &bytes[from..to];
        if self.lacks_base(value) {
            hits.push((from, value));
        }
    }

    /// `"key":"/…"` for URL-like keys.
    fn json<'b>(&self, bytes: &'b [u8], hits: &mut Vec<(usize, &'b [u8])>) {
        for (finder, skip) in [(&self.json_compact, 3), (&self.json_spaced, 4)] {
            for at in finder.find_iter(bytes) {
                let key_start = memchr::memrchr(b'"', &bytes[..at]).map_or(0, |n| n + 1);
                if !is_url_key(&bytes[key_start..at]) {
                    continue;
                }
                let start = at + skip;
                let end = memchr::memchr(b'"', &bytes[start..]).map_or(bytes.len(), |n| start + n);
                let value = &bytes[start..end];
                if self.lacks_base(value) {
                    hits.push((start, value));
                }
            }
        }
    }

    /// `fetch("/…")`, `fetch('/…')` and ``fetch(`/…`)``.
    fn fetches<'b>(&self, bytes: &'b [u8], hits: &mut Vec<(usize, &'b [u8])>) {
        for at in self.fetch.find_iter(bytes) {
            let start = at + 6;
            let Some(&quote @ (b'"' | b'\'' | b'`')) = bytes.get(start) else {
                continue;
            };
            let end = memchr::memchr(quote, &bytes[start + 1..]).map_or(bytes.len(), |n| start + 1 + n);
            let value = &bytes[start + 1..end];
            if self.lacks_base(value) {
                hits.push((start + 1, value));
            }
        }
    }

    /// Absolute URLs on the site's own origin in `<loc>`, `<id>`, `<link href>` and
    /// `<meta content>` whose path lacks the base path.
    fn own_origin<'b>(&self, bytes: &'b [u8], hits: &mut Vec<(usize, &'b [u8])>) {
        let (Some(finder), Some(origin)) = (&self.origin_finder, &self.origin) else {
            return;
        };
        for at in finder.find_iter(bytes) {
            let path_start = at + origin.len();
            let end = bytes[path_start..]
                .iter()
                .position(|b| matches!(b, b'"' | b'\'' | b'<' | b' ' | b'\t' | b'\r' | b'\n'))
                .map_or(bytes.len(), |n| path_start + n);
            let path = &bytes[path_start..end];
            // `https://example.org.evil` or `https://example.org:8080` is another origin.
            if !(path.is_empty() || path.starts_with(b"/")) {
                continue;
            }
            if !generated_context(&bytes[..at]) {
                continue;
            }
            let path: &[u8] = if path.is_empty() { b"/" } else { path };
            if self.lacks_base(path) {
                hits.push((at, &bytes[at..end]));
            }
        }
    }
}

/// The attribute name ending just before the `=` at `eq`.
fn attribute_name(bytes: &[u8], eq: usize) -> &[u8] {
    let start = bytes[..eq]
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':')))
        .map_or(0, |n| n + 1);
    // Only a real attribute: preceded by whitespace (inside a tag).
    if start == 0 || !bytes[start - 1].is_ascii_whitespace() {
        return b"";
    }
    &bytes[start..eq]
}

/// Whether `url(` at `at` is CSS: inside a `<style>` element or a `style` attribute.
fn in_style(bytes: &[u8], at: usize) -> bool {
    let before = &bytes[..at];
    let last_open = memchr::memrchr(b'<', before);
    let last_close = memchr::memrchr(b'>', before);
    match (last_open, last_close) {
        // Inside a tag: a `style` attribute must open after the tag's `<`.
        (Some(open), close) if close.is_none_or(|c| c < open) => {
            memchr::memmem::rfind(&before[open..], b"style=").is_some()
        }
        // In text: the nearest `<style` must come after the nearest `</style`.
        _ => {
            let open = memchr::memmem::rfind(before, b"<style");
            let close = memchr::memmem::rfind(before, b"</style");
            match (open, close) {
                (Some(o), Some(c)) => o > c,
                (Some(_), None) => true,
                _ => false,
            }
        }
    }
}

/// Whether an absolute URL ending `before` sits in generated metadata: `<loc>`, `<id>`,
/// `<link … href="`, `<meta … content="`.
fn generated_context(before: &[u8]) -> bool {
    if before.ends_with(b"<loc>") || before.ends_with(b"<id>") {
        return true;
    }
    let Some(tag_start) = memchr::memrchr(b'<', before) else {
        return false;
    };
    if memchr::memchr(b'>', &before[tag_start..]).is_some() {
        return false;
    }
    let tag = &before[tag_start + 1..];
    let name_end = tag.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(tag.len());
    let name = &tag[..name_end];
    let attr = tag
        .strip_suffix(b"\"")
        .or_else(|| tag.strip_suffix(b"'"))
        .and_then(|t| t.strip_suffix(b"="))
        .map(|t| attribute_name(t, t.len()));
    match attr {
        Some(attr) if name.eq_ignore_ascii_case(b"link") => attr.eq_ignore_ascii_case(b"href"),
        Some(attr) if name.eq_ignore_ascii_case(b"meta") => attr.eq_ignore_ascii_case(b"content"),
        _ => false,
    }
}

fn is_url_key(key: &[u8]) -> bool {
    let key = key.to_ascii_lowercase();
    key.ends_with(b"url") || matches!(key.as_slice(), b"href" | b"src" | b"link" | b"path" | b"permalink")
}

fn shorten(url: &[u8]) -> String {
    let text = String::from_utf8_lossy(url);
    if text.chars().count() > 120 {
        let mut short: String = text.chars().take(117).collect();
        short.push('…');
        short
    } else {
        text.into_owned()
    }
}

/// Reads and scans the output files `files` (paths relative to `dir`) in parallel, for files
/// that were copied or streamed rather than written from memory. Findings are sorted by file
/// and line.
pub fn scan_output(scanner: &Scanner, dir: &Path, files: &[String]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = files
        .par_iter()
        .filter(|rel| file_type(rel).is_some())
        .flat_map_iter(|rel| match std::fs::read(dir.join(rel)) {
            Ok(bytes) => scanner.scan(rel, &bytes),
            Err(_) => Vec::new(),
        })
        .collect();
    findings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    findings
}

/// One error per finding (the first [`REPORT_LIMIT`]), then one counting the rest.
pub fn diagnostics(findings: &[Finding], base_path: &str) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = findings
        .iter()
        .take(REPORT_LIMIT)
        .map(|f| {
            let help = match f.url.strip_prefix('/') {
                Some(path) => format!(
                    "start internal URLs with the base path: in a template write \
                     `{{{{ url(path=\"{path}\") }}}}`; in Markdown link to the page's file or use a \
                     relative URL"
                ),
                None => format!("absolute URLs of this site must include the base path `{base_path}`"),
            };
            Diagnostic::error(format!(
                "root-absolute URL `{}` lacks the base path `{base_path}`",
                f.url
            ))
            .with_path(format!("{}:{}", f.file, f.line))
            .with_note("found in the build output: the site is published under a subpath, where this URL is a 404")
            .with_help(help)
        })
        .collect();
    if findings.len() > REPORT_LIMIT {
        let files: std::collections::BTreeSet<&str> =
            findings[REPORT_LIMIT..].iter().map(|f| f.file.as_str()).collect();
        out.push(Diagnostic::error(format!(
            "… and {} more root-absolute URLs lacking the base path `{base_path}` in {} more file{}",
            findings.len() - REPORT_LIMIT,
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        )));
    }
    out
}

#[cfg(test)]
mod tests;

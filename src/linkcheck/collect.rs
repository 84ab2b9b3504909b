//! Finding the external URLs a site links to: links and images in Markdown bodies, topic
//! `[[resources]]` and book `url`s, each with where it was written.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::content::{Document, Meta};
use crate::diagnostics::Source;

/// One place an external URL is written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    /// The URL as written.
    pub url: String,
    /// The file it is written in.
    pub source: Source,
    /// Byte span of the link (or the front-matter value) in the file.
    pub span: Range<usize>,
}

/// Whether `url` is one `check --external` fetches: `http://` or `https://`.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Every external http(s) link of `docs`, in file order.
pub fn collect(docs: &[std::sync::Arc<Document>]) -> Vec<ExternalLink> {
    let mut links = Vec::new();
    for doc in docs {
        front_matter(doc, &mut links);
        body(doc, &mut links);
    }
    links
}

/// Links and images in the Markdown body (wikilinks hold ids, not URLs).
fn body(doc: &Document, links: &mut Vec<ExternalLink>) {
    let base = doc.body_range.start;
    for (event, range) in
        Parser::new_ext(doc.body(), crate::parse::options(crate::parse::Dialect::default())).into_offset_iter()
    {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && is_web_url(&dest_url)
        {
            links.push(ExternalLink {
                url: dest_url.to_string(),
                source: doc.source.clone(),
                span: base + range.start..base + range.end,
            });
        }
    }
}

/// Topic resources and a book's `url`, located in the front matter by their text.
fn front_matter(doc: &Document, links: &mut Vec<ExternalLink>) {
    let urls: Vec<&str> = match &doc.meta {
        Meta::Topic(t) => t.resources.iter().map(|r| r.url.as_str()).collect(),
        Meta::Book(b) => b.url.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let header = &doc.source.text[..doc.body_range.start.min(doc.source.text.len())];
    let mut from = 0;
    for url in urls.into_iter().filter(|u| is_web_url(u)) {
        // The value as written, searched from the previous one so repeated URLs find each
        // of their places; fall back to the whole header.
        let at = header[from..].find(url).map(|i| from + i).or_else(|| header.find(url));
        let span = match at {
            Some(i) => {
                from = i + url.len();
                i..i + url.len()
            }
            None => 0..0,
        };
        links.push(ExternalLink {
            url: url.to_string(),
            source: doc.source.clone(),
            span,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_count() {
        for url in ["https://a.b/", "HTTP://A.B", "http://127.0.0.1:8/x"] {
            assert!(is_web_url(url), "{url}");
        }
        for url in ["mailto:a@b", "/x/", "../a.md", "ftp://x", "//cdn.x/a", "#h", "http:/x"] {
            assert!(!is_web_url(url), "{url}");
        }
    }
}

//! `/print/`: the whole handbook on one page. Each page's ids are prefixed with its own anchor
//! so they stay unique, and links between printed pages become in-page anchors.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;
use serde::Serialize;

use crate::content::Kind;
use crate::site::Site;

/// One printed page: the `pages` items of `print.html`.
#[derive(Debug, Serialize)]
pub struct PrintSection<'a> {
    /// The section's id on the print page, `topic-caching`.
    pub anchor: String,
    /// Page kind.
    pub kind: &'static str,
    /// Id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Summary.
    pub summary: String,
    /// Body HTML with ids prefixed and links rewritten.
    pub content: String,
}

/// The anchor of a printed page.
pub fn anchor(kind: Kind, id: &str) -> String {
    format!("{}-{id}", kind.name())
}

/// The print sections of `order` (document indices), with `summary(i)` for each.
pub fn sections<'a>(site: &'a Site, order: &[usize], summary: impl Fn(usize) -> String) -> Vec<PrintSection<'a>> {
    let anchors: HashMap<String, String> = order
        .iter()
        .map(|&i| {
            (
                site.urls.path(&site.docs[i].site_path()),
                anchor(site.docs[i].kind, &site.docs[i].id),
            )
        })
        .collect();
    order
        .iter()
        .map(|&i| {
            let doc = &site.docs[i];
            let own = anchor(doc.kind, &doc.id);
            PrintSection {
                content: rewrite(&site.bodies[i].html, &own, &anchors),
                anchor: own,
                kind: doc.kind.name(),
                id: &doc.id,
                title: &doc.title,
                summary: summary(i),
            }
        })
        .collect()
}

/// Prefixes `id="x"` and `href="#x"` with `prefix--`, and turns `href="<printed page url>#f"`
/// into `href="#<its anchor>--f"`.
pub fn rewrite(html: &str, prefix: &str, anchors: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(pos) = next_attr(rest) {
        let (attr_len, is_id) = if rest[pos..].starts_with(" id=\"") {
            (5, true)
        } else {
            (7, false)
        };
        out.push_str(&rest[..pos + attr_len]);
        rest = &rest[pos + attr_len..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        if is_id {
            out.push_str(&format!("{prefix}--{value}"));
        } else if let Some(fragment) = value.strip_prefix('#') {
            out.push_str(&format!("#{prefix}--{fragment}"));
        } else {
            let (path, fragment) = value.split_once('#').map_or((value, None), |(p, f)| (p, Some(f)));
            match anchors.get(path) {
                Some(target) => match fragment {
                    Some(f) => out.push_str(&format!("#{target}--{}", percent_decode_str(f).decode_utf8_lossy())),
                    None => out.push_str(&format!("#{target}")),
                },
                None => out.push_str(value),
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn next_attr(s: &str) -> Option<usize> {
    match (s.find(" id=\""), s.find(" href=\"")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_and_links_become_anchors() {
        let anchors = HashMap::from([("/r/topics/b/".to_string(), "topic-b".to_string())]);
        let html = r##"<h2 id="개요">개요<a class="anchor" href="#개요">#</a></h2><a href="/r/topics/b/#%EA%B0%9C%EC%9A%94">b</a><a href="/r/topics/b/">b</a><a href="https://e.org/">e</a><a href="/r/blog/x/">post</a>"##;
        assert_eq!(
            rewrite(html, "topic-a", &anchors),
            r##"<h2 id="topic-a--개요">개요<a class="anchor" href="#topic-a--개요">#</a></h2><a href="#topic-b--개요">b</a><a href="#topic-b">b</a><a href="https://e.org/">e</a><a href="/r/blog/x/">post</a>"##
        );
    }
}

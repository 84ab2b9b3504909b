//! `/print/`: the whole handbook on one page. Each page's ids are prefixed with its own anchor
//! so they stay unique, and links between printed pages become in-page anchors.
//!
//! On a large site the print page is tens of megabytes, so bodies never pass through the
//! template: `page.content` holds a small placeholder, and [`expand`] streams each rewritten
//! body into the output in its place.

use std::collections::HashMap;
use std::io::{self, Write};

use percent_encoding::percent_decode_str;
use serde::Serialize;

use crate::assemble::Site;
use crate::content::Kind;

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
    pub summary: &'a str,
    /// A placeholder that [`expand`] replaces with the body HTML, ids prefixed and links
    /// rewritten.
    pub content: String,
}

/// The anchor of a printed page.
pub fn anchor(kind: Kind, id: &str) -> String {
    format!("{}-{id}", kind.name())
}

/// The print sections of `order` (document indices).
pub fn sections<'a>(site: &'a Site, order: &[usize]) -> Vec<PrintSection<'a>> {
    order
        .iter()
        .map(|&i| {
            let doc = &site.docs[i];
            PrintSection {
                content: format!("{MARK}{i}{MARK}"),
                anchor: anchor(doc.kind, &doc.id),
                kind: doc.kind.name(),
                id: &doc.id,
                title: &doc.title,
                summary: &site.links[i].summary,
            }
        })
        .collect()
}

/// One group of the print page's contents: a stage with its topics, or the topics without a
/// stage, the projects, the books. The `contents` items of `print.html`.
#[derive(Debug, Serialize)]
pub struct ContentsGroup<'a> {
    /// What the group holds: `stage`, `topic` (topics without a stage), `project` or `book`.
    pub kind: &'static str,
    /// The stage itself, when the group is one: a link to its section.
    pub head: Option<ContentsItem<'a>>,
    /// The pages of the group, in print order.
    pub items: Vec<ContentsItem<'a>>,
}

/// A link in the print page's contents.
#[derive(Debug, Serialize)]
pub struct ContentsItem<'a> {
    /// The section's anchor on the print page.
    pub anchor: String,
    /// Its title.
    pub title: &'a str,
}

/// The contents of the print page (`order` as [`print_order`] gives it), grouped: each stage
/// heads its topics; topics without a stage, projects and books form a group each.
pub fn contents<'a>(site: &'a Site, order: &[usize]) -> Vec<ContentsGroup<'a>> {
    let mut groups: Vec<ContentsGroup<'a>> = Vec::new();
    // The group a document joins: its stage's for a topic with one, else its kind's.
    let mut current: Option<(Kind, Option<usize>)> = None;
    for &i in order {
        let doc = &site.docs[i];
        let item = ContentsItem {
            anchor: anchor(doc.kind, &doc.id),
            title: &doc.title,
        };
        let key = match doc.kind {
            Kind::Stage => (Kind::Stage, Some(i)),
            Kind::Topic => match site.graph.of(i).stage {
                Some(stage) => (Kind::Stage, Some(stage)),
                None => (Kind::Topic, None),
            },
            kind => (kind, None),
        };
        if doc.kind == Kind::Stage || current != Some(key) {
            current = Some(key);
            let is_stage = doc.kind == Kind::Stage;
            groups.push(ContentsGroup {
                kind: key.0.name(),
                head: None,
                items: Vec::new(),
            });
            if is_stage {
                if let Some(group) = groups.last_mut() {
                    group.head = Some(item);
                }
                continue;
            }
        }
        if let Some(group) = groups.last_mut() {
            group.items.push(item);
        }
    }
    groups
}

/// Delimits a body placeholder; U+0001 never occurs in rendered HTML.
const MARK: char = '\u{1}';

/// Writes the rendered print template to `w`, replacing each placeholder with the body of its
/// document, rewritten for the print page.
pub fn expand(rendered: &[u8], site: &Site, order: &[usize], w: &mut impl Write) -> io::Result<()> {
    let anchors: HashMap<&str, String> = order
        .iter()
        .map(|&i| (site.links[i].url.as_str(), anchor(site.docs[i].kind, &site.docs[i].id)))
        .collect();
    let mut rest = rendered;
    let mark = MARK as u8;
    while let Some(start) = rest.iter().position(|&b| b == mark) {
        w.write_all(&rest[..start])?;
        let after = &rest[start + 1..];
        let Some(len) = after.iter().position(|&b| b == mark) else {
            w.write_all(&rest[start..])?;
            return Ok(());
        };
        let doc = std::str::from_utf8(&after[..len])
            .ok()
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&i| i < site.docs.len());
        match doc {
            Some(i) => {
                let own = anchor(site.docs[i].kind, &site.docs[i].id);
                w.write_all(rewrite(&site.bodies[i].html.get()?, &own, &anchors).as_bytes())?;
            }
            None => w.write_all(&rest[start..start + len + 2])?,
        }
        rest = &after[len + 1..];
    }
    w.write_all(rest)
}

/// Prefixes `id="x"` and `href="#x"` with `prefix--`, and turns `href="<printed page url>#f"`
/// into `href="#<its anchor>--f"`.
pub fn rewrite(html: &str, prefix: &str, anchors: &HashMap<&str, String>) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    // One pass per pattern over the whole body: searching the rest for both patterns after
    // every attribute was quadratic in bodies with many links and few ids.
    let mut ids = memchr::memmem::find_iter(html.as_bytes(), ID).peekable();
    let mut hrefs = memchr::memmem::find_iter(html.as_bytes(), HREF).peekable();
    let mut copied = 0;
    loop {
        // The first attribute at or after `copied` (one inside a rewritten value is skipped).
        let next = |found: &mut std::iter::Peekable<_>| loop {
            match found.peek() {
                Some(&pos) if pos < copied => _ = found.next(),
                other => break other.copied(),
            }
        };
        let (pos, is_id) = match (next(&mut ids), next(&mut hrefs)) {
            (Some(a), Some(b)) if a < b => (a, true),
            (_, Some(b)) => (b, false),
            (Some(a), None) => (a, true),
            (None, None) => break,
        };
        let start = pos + if is_id { ID.len() } else { HREF.len() };
        out.push_str(&html[copied..start]);
        let end = html[start..].find('"').map_or(html.len(), |n| start + n);
        let value = &html[start..end];
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
        copied = end;
    }
    out.push_str(&html[copied..]);
    out
}

const ID: &[u8] = b" id=\"";
const HREF: &[u8] = b" href=\"";

/// The handbook in learning order for `/print/`: each stage followed by its topics, then
/// projects, then books.
pub fn print_order(site: &Site) -> Vec<usize> {
    let mut order = Vec::new();
    for &s in &site.graph.stages {
        order.push(s);
        order.extend(
            site.graph
                .learning_order
                .iter()
                .copied()
                .filter(|&t| site.graph.of(t).stage == Some(s)),
        );
    }
    order.extend(
        site.graph
            .learning_order
            .iter()
            .copied()
            .filter(|&t| site.graph.of(t).stage.is_none()),
    );
    let mut rest: Vec<usize> = (0..site.docs.len())
        .filter(|&i| matches!(site.docs[i].kind, Kind::Project | Kind::Book))
        .collect();
    rest.sort_by_key(|&i| (site.docs[i].kind, site.docs[i].title.clone()));
    order.extend(rest);
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_and_links_become_anchors() {
        let anchors = HashMap::from([("/r/topics/b/", "topic-b".to_string())]);
        let html = r##"<h2 id="개요">개요<a class="anchor" href="#개요">#</a></h2><a href="/r/topics/b/#%EA%B0%9C%EC%9A%94">b</a><a href="/r/topics/b/">b</a><a href="https://e.org/">e</a><a href="/r/blog/x/">post</a>"##;
        assert_eq!(
            rewrite(html, "topic-a", &anchors),
            r##"<h2 id="topic-a--개요">개요<a class="anchor" href="#topic-a--개요">#</a></h2><a href="#topic-b--개요">b</a><a href="#topic-b">b</a><a href="https://e.org/">e</a><a href="/r/blog/x/">post</a>"##
        );
    }
}

//! The Atom feeds (issue 4): the blog's and each tag's, complete and absolute, linked from every page, valid for xmllint with the sitemap.
//!
//! Most tests read one build of `tests/fixtures/blog` (25 published posts and 2 drafts,
//! `paginate = 10`, published under `https://example.org/sub/`, see `support::blog`), made once
//! per test binary; boundary cases build small sites of their own with `TestSite`.

mod support;

use std::process::Command;

use support::blog::*;

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn atom_child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name((ATOM, name)))
}

fn atom_text(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    atom_child(node, name)
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
        .to_string()
}

fn atom_link(node: roxmltree::Node<'_, '_>, rel: &str) -> String {
    node.children()
        .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some(rel))
        .and_then(|c| c.attribute("href"))
        .unwrap_or_else(|| panic!("<{}> has no link rel={rel}", node.tag_name().name()))
        .to_string()
}

fn timestamp(text: &str) -> jiff::Timestamp {
    text.parse().unwrap_or_else(|e| panic!("`{text}` is not RFC 3339: {e}"))
}

#[test]
fn the_atom_feed_is_well_formed_complete_and_absolute() {
    let b = blog();
    let xml = b.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "root is an Atom <feed>");
    assert_eq!(atom_text(feed, "title"), "공부 블로그");
    assert_eq!(atom_text(feed, "id"), "https://example.org/sub/atom.xml");
    assert_eq!(atom_link(feed, "self"), "https://example.org/sub/atom.xml");
    assert_eq!(atom_link(feed, "alternate"), "https://example.org/sub/blog/");
    let author = atom_child(feed, "author").expect("feed author");
    assert_eq!(atom_text(author, "name"), "테스터");

    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    let titles: Vec<String> = entries.iter().map(|e| atom_text(*e, "title")).collect();
    assert_eq!(
        titles,
        ORDER[..20],
        "the newest 20 posts, newest first, titles unescaped"
    );
    let mut published = Vec::new();
    let mut newest_update = jiff::Timestamp::UNIX_EPOCH;
    for entry in &entries {
        let id = atom_text(*entry, "id");
        let link = atom_link(*entry, "alternate");
        assert_eq!(id, link);
        let base = entry.attribute(("http://www.w3.org/XML/1998/namespace", "base"));
        assert_eq!(
            base,
            Some(link.as_str()),
            "in-page links in the content resolve against the post"
        );
        assert!(link.starts_with("https://example.org/sub/blog/"), "{link}");
        let updated = timestamp(&atom_text(*entry, "updated"));
        let date = timestamp(&atom_text(*entry, "published"));
        assert!(updated >= date);
        newest_update = newest_update.max(updated);
        published.push(date);
        let content = atom_child(*entry, "content").expect("content");
        assert_eq!(content.attribute("type"), Some("html"));
        // Root-relative URLs would resolve against the feed reader, not the site.
        let html = content.text().unwrap_or_default().replace("=\"//", "");
        assert!(
            !html.contains("href=\"/") && !html.contains("src=\"/"),
            "{link}: root-relative URL left in the content"
        );
    }
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(timestamp(&atom_text(feed, "updated")), newest_update);
    // Entry links are the pages' canonical URLs.
    let canonical = b.html("blog/캐싱-입문/index.html").attrs("link[rel=canonical]", "href");
    assert_eq!(atom_link(entries[0], "alternate"), canonical[0]);

    let entry = |title: &str| *entries.iter().find(|e| atom_text(**e, "title") == title).unwrap();
    // Markup in text and HTML content is escaped once: the parser gives it back verbatim.
    let escaping = entry("A & B <태그> \"인용\"");
    assert_eq!(atom_text(escaping, "summary"), "요약 <b>굵게</b> & 앰퍼샌드");
    let content = atom_text(escaping, "content");
    assert!(content.contains("<em>강조</em>"), "{content}");
    assert!(content.contains("<code>a &lt; b &amp;&amp; c</code>"), "{content}");
    assert_eq!(atom_text(entry("더 보기 표시"), "updated"), "2026-10-20T00:00:00Z");
    // Bundle images get absolute URLs.
    let bundle = atom_text(entry("번들 노트"), "content");
    assert!(
        bundle.contains("src=\"https://example.org/sub/blog/bundle-note/diagram.svg\""),
        "{bundle}"
    );
    let categories: Vec<_> = entry("캐싱 입문")
        .children()
        .filter(|c| c.has_tag_name((ATOM, "category")))
        .filter_map(|c| c.attribute("term"))
        .collect();
    assert_eq!(categories, ["Redis", "캐시"]);
}

#[test]
fn every_page_links_the_feed() {
    let b = blog();
    for file in ["index.html", "blog/index.html", "topics/caching/index.html", "404.html"] {
        let page = b.html(file);
        assert_eq!(
            page.attrs("link[rel=alternate][type='application/atom+xml']", "href")[0],
            "/sub/atom.xml",
            "{file}"
        );
    }
}

#[test]
fn tag_feeds_carry_only_the_tag_posts() {
    let b = blog();
    for (key, encoded, titles) in [
        ("redis", "redis", vec!["캐싱 입문", "English reading time"]),
        ("캐시", "%EC%BA%90%EC%8B%9C", vec!["캐싱 입문", "목차가 있는 글"]),
        // The oldest post is past the site feed's 20 but in its tag's feed.
        ("rust", "rust", vec!["Alpha", "가장 오래된 글"]),
    ] {
        let xml = b.read(&format!("tags/{key}/atom.xml"));
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("tags/{key}/atom.xml: {e}"));
        let feed = doc.root_element();
        let self_url = format!("https://example.org/sub/tags/{encoded}/atom.xml");
        assert_eq!(atom_link(feed, "self"), self_url);
        assert_eq!(atom_text(feed, "id"), self_url);
        assert_eq!(
            atom_link(feed, "alternate"),
            format!("https://example.org/sub/tags/{encoded}/")
        );
        let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
        let got: Vec<String> = entries.iter().map(|e| atom_text(*e, "title")).collect();
        assert_eq!(got, titles, "{key}");
        for entry in &entries {
            assert!(
                !atom_text(*entry, "content").trim().is_empty(),
                "{key}: an entry without content"
            );
        }
        let page = b.html(&format!("tags/{key}/index.html"));
        let feeds = page.attrs("link[rel=alternate][type='application/atom+xml']", "href");
        assert_eq!(
            feeds,
            ["/sub/atom.xml".to_string(), format!("/sub/tags/{encoded}/atom.xml")]
        );
    }
}

#[test]
fn feeds_and_sitemap_pass_xmllint() {
    if !support::tools::runs("xmllint", "--version", "install libxml2-utils") {
        return;
    }
    let b = blog();
    for file in ["atom.xml", "tags/redis/atom.xml", "tags/캐시/atom.xml", "sitemap.xml"] {
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg(b.public().join(file))
            .output()
            .expect("run xmllint");
        assert!(
            out.status.success(),
            "xmllint rejects {file}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

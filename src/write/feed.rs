//! Atom 1.0 feeds of posts: `/atom.xml` and `/tags/<tag>/atom.xml`.

use std::collections::HashMap;
use std::fmt::Write;

use rayon::prelude::*;

use crate::assemble::Site;

/// How many posts a feed carries.
pub const FEED_SIZE: usize = 20;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    /// Bytes that need escaping or dropping: `&<>"'` and the C0 controls but tab, LF and CR.
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = is_forbidden_control(b as u8);
            b += 1;
        }
        table[b'&' as usize] = true;
        table[b'<' as usize] = true;
        table[b'>' as usize] = true;
        table[b'"' as usize] = true;
        table[b'\'' as usize] = true;
        table
    };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // Runs of bytes that need nothing are copied whole (feeds carry whole page bodies).
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !SPECIAL[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        out.push_str(&text[start..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            // Characters XML 1.0 forbids.
            _ => "",
        });
        i += 1;
        start = i;
    }
    out.push_str(&text[start..]);
    out
}

/// The `<entry>` elements of a set of posts, made once and shared by every feed that carries
/// them: a post is in the site feed and in each of its tags' feeds, and its entry (the whole
/// body, absolutized and escaped) is the costly part of a feed.
#[derive(Debug, Default)]
pub struct Entries(HashMap<usize, String>);

impl Entries {
    /// The entries of every post that `feeds` (lists of posts, newest first) carry.
    pub fn of<'a>(site: &Site, feeds: impl IntoIterator<Item = &'a [usize]>) -> std::io::Result<Entries> {
        let mut posts: Vec<usize> = feeds
            .into_iter()
            .flat_map(|posts| posts.iter().take(FEED_SIZE).copied())
            .collect();
        posts.sort_unstable();
        posts.dedup();
        let entries = posts
            .into_par_iter()
            .map(|p| {
                let mut x = String::new();
                entry(&mut x, site, p).map(|()| (p, x))
            })
            .collect::<std::io::Result<HashMap<_, _>>>()?;
        Ok(Entries(entries))
    }

    /// The entries of every feed of the site: `/atom.xml` and each tag's.
    pub fn of_site(site: &Site) -> std::io::Result<Entries> {
        let tags = site.tags.iter().map(|t| t.posts.as_slice());
        Entries::of(site, std::iter::once(site.posts.as_slice()).chain(tags))
    }
}

/// An Atom feed of `posts` (newest first), from their `entries`. `self_path` is the feed's
/// own site path.
pub fn atom(
    site: &Site,
    posts: &[usize],
    title: &str,
    self_path: &str,
    alternate_path: &str,
    entries: &Entries,
) -> String {
    let urls = &site.urls;
    let updated = posts
        .iter()
        .filter_map(|&p| site.docs[p].post().map(|m| m.updated.unwrap_or(m.date).timestamp))
        .max()
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let mut x = String::with_capacity(4096 + posts.len().min(FEED_SIZE) * 8192);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(&site.config.language)
    );
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(title));
    if !site.config.description.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml_escape(&site.config.description));
    }
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&urls.absolute(self_path))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&urls.absolute(alternate_path))
    );
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(&urls.absolute(self_path)));
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let author = if site.config.author.is_empty() {
        &site.config.title
    } else {
        &site.config.author
    };
    let _ = writeln!(x, "  <author><name>{}</name></author>", xml_escape(author));
    let _ = writeln!(
        x,
        "  <generator uri=\"https://github.com/roadbook\" version=\"{}\">roadbook</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for p in posts.iter().take(FEED_SIZE) {
        // Every post of the feed is in `entries` when they were made for it.
        x.push_str(entries.0.get(p).map_or("", String::as_str));
    }
    x.push_str("</feed>\n");
    x
}

/// Appends the `<entry>` of post `p`.
fn entry(x: &mut String, site: &Site, p: usize) -> std::io::Result<()> {
    let doc = &site.docs[p];
    let Some(meta) = doc.post() else { return Ok(()) };
    let url = site.urls.absolute(&doc.site_path());
    // `xml:base` resolves the content's in-page links (`#heading`) against the post, not
    // against the feed.
    let _ = writeln!(x, "  <entry xml:base=\"{}\">", xml_escape(&url));
    let _ = writeln!(x, "    <title>{}</title>", xml_escape(&doc.title));
    let _ = writeln!(
        x,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&url)
    );
    let _ = writeln!(x, "    <id>{}</id>", xml_escape(&url));
    let _ = writeln!(x, "    <published>{}</published>", meta.date.rfc3339());
    let _ = writeln!(
        x,
        "    <updated>{}</updated>",
        meta.updated.unwrap_or(meta.date).rfc3339()
    );
    for tag in &doc.tags {
        let _ = writeln!(x, "    <category term=\"{}\"/>", xml_escape(tag));
    }
    if let Some((s, _)) = site.series_of(p) {
        // The series as a category of its own vocabulary (the site's /series/ pages).
        let _ = writeln!(
            x,
            "    <category term=\"{}\" scheme=\"{}\" label=\"{}\"/>",
            xml_escape(&site.series[s].key),
            xml_escape(&site.urls.absolute("series/")),
            xml_escape(&site.series[s].name)
        );
    }
    let summary = &site.links[p].summary;
    if !summary.is_empty() {
        let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(summary));
    }
    let content = absolutize(&site.bodies[p].html.get()?, site.urls.origin());
    x.push_str("    <content type=\"html\">");
    push_cdata(x, &content);
    x.push_str("</content>\n");
    x.push_str("  </entry>\n");
    Ok(())
}

/// Appends `text` as CDATA sections: the same text to an XML parser as [`xml_escape`]'s, but
/// copied as it is instead of growing by a fifth (a body's every `<`, `>` and `"` would become
/// an entity), the way jekyll-feed writes its content. A `]]>` in the text is split across two
/// sections; the C0 controls XML forbids are dropped.
fn push_cdata(x: &mut String, text: &str) {
    let cleaned;
    let text = if has_forbidden_control(text.as_bytes()) {
        cleaned = text
            .chars()
            .filter(|&c| !(c.is_ascii() && is_forbidden_control(c as u8)))
            .collect::<String>();
        &cleaned
    } else {
        text
    };
    x.push_str("<![CDATA[");
    let mut copied = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), "]]>") {
        // `]]` ends this section, `>` starts the next.
        x.push_str(&text[copied..at + 2]);
        x.push_str("]]><![CDATA[");
        copied = at + 2;
    }
    x.push_str(&text[copied..]);
    x.push_str("]]>");
}

/// A C0 control character but tab, LF and CR: XML 1.0 has no way to write them.
const fn is_forbidden_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')
}

/// Whether `bytes` hold a control character XML forbids; in 64-byte chunks without an early
/// exit inside one, so the check compiles to vector code (it reads every feed body).
fn has_forbidden_control(bytes: &[u8]) -> bool {
    bytes
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |found, &b| found | is_forbidden_control(b)))
}

/// Makes root-relative `href`/`src` URLs absolute, so feed readers resolve them.
pub fn absolutize(html: &str, origin: &str) -> String {
    if origin.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    // One pass over `="/`, the start of every root-relative attribute value; only `href` and
    // `src` ones change, and `//host` (protocol-relative) ones do not.
    let mut copied = 0;
    for at in memchr::memmem::find_iter(html.as_bytes(), "=\"/") {
        let slash = at + 2;
        let attribute = &html[..at];
        if (attribute.ends_with("href") || attribute.ends_with("src")) && !html[slash + 1..].starts_with('/') {
            out.push_str(&html[copied..slash]);
            out.push_str(origin);
            copied = slash;
        }
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml_and_drops_forbidden_characters() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(
            xml_escape("캐시 <b>'무효화'</b>\u{1f}\t끝"),
            "캐시 &lt;b&gt;&apos;무효화&apos;&lt;/b&gt;\t끝"
        );
        assert_eq!(xml_escape(""), "");
    }

    /// The definitions the single-pass versions replaced.
    fn xml_escape_by_char(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
                c => out.push(c),
            }
        }
        out
    }

    fn absolutize_by_search(html: &str, origin: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        loop {
            let next = ["href=\"/", "src=\"/"]
                .iter()
                .filter_map(|p| rest.find(p).map(|i| (i, p.len())))
                .min();
            match next {
                Some((i, len)) if !rest[i + len..].starts_with('/') => {
                    out.push_str(&rest[..i + len - 1]);
                    out.push_str(origin);
                    rest = &rest[i + len - 1..];
                }
                Some((i, len)) => {
                    out.push_str(&rest[..i + len]);
                    rest = &rest[i + len..];
                }
                None => break,
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn single_pass_escaping_and_absolutizing_match_their_definitions() {
        let cases = [
            "",
            "=\"/",
            "href=\"/",
            "src=\"//",
            "<p>캐시 &amp; \"무효화\" 'x' a<b>c\u{0}\u{7}\u{1f}\t\r\n끝</p>",
            r#"<a href="/a/">a</a><img src="/i.png" alt="x"><a data-href="/d">d</a><a href="//cdn/x">c</a>"#,
            r#"<a title="=/" href="https://e.org">e</a> x="/y" <img xsrc="/s"> <a href="/">root</a>"#,
        ];
        for case in cases {
            assert_eq!(xml_escape(case), xml_escape_by_char(case), "{case:?}");
            assert_eq!(
                absolutize(case, "https://u.github.io"),
                absolutize_by_search(case, "https://u.github.io"),
                "{case:?}"
            );
        }
    }

    #[test]
    fn cdata_reads_back_as_the_escaped_text() {
        let cases = [
            "",
            "]]>",
            "a]]>b]]]]>c]]",
            "<p class=\"x\">캐시 &amp; 'y' <svg><text>a<b</text></svg></p>",
            "제어\u{0}\u{7}\u{1f}\t\r\n끝 ]]",
        ];
        for case in cases {
            let mut cdata = String::new();
            push_cdata(&mut cdata, case);
            let text_of = |xml: &str| -> String {
                let wrapped = format!("<c>{xml}</c>");
                let doc = roxmltree::Document::parse(&wrapped).expect("well-formed");
                doc.root_element().children().filter_map(|n| n.text()).collect()
            };
            assert_eq!(text_of(&cdata), text_of(&xml_escape(case)), "{case:?}");
        }
    }

    #[test]
    fn root_relative_urls_become_absolute() {
        let html = r#"<a href="/r/x/">x</a><img src="/r/i.png"><a href="//cdn/x">c</a><a href="https://e.org">e</a>"#;
        assert_eq!(
            absolutize(html, "https://u.github.io"),
            r#"<a href="https://u.github.io/r/x/">x</a><img src="https://u.github.io/r/i.png"><a href="//cdn/x">c</a><a href="https://e.org">e</a>"#
        );
    }
}

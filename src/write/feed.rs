//! Atom 1.0 feeds of posts: `/atom.xml` and `/tags/<tag>/atom.xml`.

use std::fmt::Write;

use crate::site::Site;

/// How many posts a feed carries.
pub const FEED_SIZE: usize = 20;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // Runs of bytes that need nothing are copied whole (feeds carry whole page bodies).
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            // Characters XML 1.0 forbids.
            b if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

/// An Atom feed of `posts` (newest first). `self_path` is the feed's own site path.
pub fn atom(
    site: &Site,
    posts: &[usize],
    title: &str,
    self_path: &str,
    alternate_path: &str,
) -> std::io::Result<String> {
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
    for &p in posts.iter().take(FEED_SIZE) {
        let doc = &site.docs[p];
        let Some(meta) = doc.post() else { continue };
        let url = urls.absolute(&doc.site_path());
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
        let summary = &site.links[p].summary;
        if !summary.is_empty() {
            let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(summary));
        }
        let content = absolutize(&site.bodies[p].html.text()?, urls.origin());
        let _ = writeln!(x, "    <content type=\"html\">{}</content>", xml_escape(&content));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    Ok(x)
}

/// Makes root-relative `href`/`src` URLs absolute, so feed readers resolve them.
pub fn absolutize(html: &str, origin: &str) -> String {
    if origin.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
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

    #[test]
    fn root_relative_urls_become_absolute() {
        let html = r#"<a href="/r/x/">x</a><img src="/r/i.png"><a href="//cdn/x">c</a><a href="https://e.org">e</a>"#;
        assert_eq!(
            absolutize(html, "https://u.github.io"),
            r#"<a href="https://u.github.io/r/x/">x</a><img src="https://u.github.io/r/i.png"><a href="//cdn/x">c</a><a href="https://e.org">e</a>"#
        );
    }
}

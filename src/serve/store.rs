//! The dev server's site, in memory: every output file by path, with its content type and a
//! validator for conditional requests. Readers take a snapshot (`Arc`) and never block a
//! rebuild.

use std::collections::HashMap;
use std::sync::Arc;

/// One served file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The bytes.
    pub body: Arc<[u8]>,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// Strong validator, `"<hash>"`.
    pub etag: String,
}

impl Resource {
    /// A resource for the file at `path` (its extension picks the type).
    pub fn new(path: &str, body: Vec<u8>) -> Resource {
        let etag = format!("\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(&body));
        Resource {
            body: body.into(),
            content_type: content_type(path),
            etag,
        }
    }
}

/// Files by path relative to the site root (`topics/caching/index.html`, `css/style.css`).
pub type Files = HashMap<String, Arc<Resource>>;

/// The `Content-Type` for a file name; text types declare UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_validators() {
        assert_eq!(content_type("topics/a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("LOGO.PNG"), "image/png");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
        let a = Resource::new("a.css", b"x".to_vec());
        let b = Resource::new("a.css", b"y".to_vec());
        assert_ne!(a.etag, b.etag);
        assert!(a.etag.starts_with('"') && a.etag.ends_with('"'));
    }
}

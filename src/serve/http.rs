//! HTTP for the dev server: mapping a request to a served file, safely.
//!
//! [`route`] is pure (URL in, decision out) so the path rules are testable without sockets:
//! the path is percent-decoded exactly once; `..`/`.` segments, backslashes and NUL bytes are
//! refused; and files come only from the in-memory snapshot, never from disk, so nothing
//! outside the site can be served. Directory URLs without a trailing slash redirect; missing
//! files get `/404.html` with status 404; HTML gets the live-reload script injected.

use std::sync::Arc;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::snapshot::Snapshot;
use super::store::Resource;

/// Where the dev server's own endpoints live, under the base path.
pub const PREFIX: &str = "__roadbook/";

/// What to answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A file (`status` 200, or 404 for the not-found page).
    File { status: u16, resource: Arc<Resource> },
    /// `304 Not Modified`.
    NotModified { etag: String },
    /// A redirect to this location.
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    Script,
    /// An error status with a short text.
    Status(u16, &'static str),
    /// No build has succeeded yet: wait for the first one, then route again.
    Unbuilt,
}

/// Decodes and checks a request path: the site path under `base` (`topics/x/`), or the status
/// to refuse it with. `Ok(None)` means the path is outside the base path.
pub fn site_path(url: &str, base: &str) -> Result<Option<String>, u16> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(400);
    }
    if path.contains('\\') {
        return Err(400);
    }
    let decoded = decode_once(path).ok_or(400u16)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(400);
    }
    if decoded.split('/').any(|segment| segment == ".." || segment == ".") {
        return Err(400);
    }
    Ok(decoded.strip_prefix(base).map(str::to_string))
}

/// Percent-decodes once; `None` for a malformed escape or invalid UTF-8.
fn decode_once(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| b.is_ascii_hexdigit();
            if i + 2 >= bytes.len() || !hex(bytes[i + 1]) || !hex(bytes[i + 2]) {
                return None;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    percent_decode_str(path).decode_utf8().ok().map(|s| s.into_owned())
}

/// Decides how to answer `method url`, given the current snapshot.
pub fn route(snapshot: Option<&Snapshot>, base: &str, method: &str, url: &str, if_none_match: Option<&str>) -> Reply {
    if method != "GET" && method != "HEAD" {
        return Reply::Status(405, "only GET and HEAD");
    }
    let rel = match site_path(url, base) {
        Ok(Some(rel)) => rel,
        Ok(None) => {
            let path = url.split(['?', '#']).next().unwrap_or("");
            // Opening the server's root when the site lives under a base path: go there.
            return if path == "/" || format!("{path}/") == base {
                Reply::Redirect(location(base))
            } else {
                not_found(snapshot)
            };
        }
        Err(status) => return Reply::Status(status, "bad request path"),
    };
    if rel == format!("{PREFIX}events") {
        return Reply::Events;
    }
    if rel == format!("{PREFIX}livereload.js") {
        return Reply::Script;
    }
    let Some(snapshot) = snapshot else {
        return Reply::Unbuilt;
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    if let Some(resource) = snapshot.get(&file) {
        if if_none_match.is_some_and(|tags| tags.split(',').any(|t| t.trim() == resource.etag)) {
            return Reply::NotModified {
                etag: resource.etag.clone(),
            };
        }
        return Reply::File { status: 200, resource };
    }
    if !rel.is_empty() && !rel.ends_with('/') && snapshot.get(&format!("{rel}/index.html")).is_some() {
        let path = url.split(['?', '#']).next().unwrap_or("");
        let query = url.find('?').map(|i| &url[i..]).unwrap_or("");
        return Reply::Redirect(location(&format!("{path}/{query}")));
    }
    not_found(Some(snapshot))
}

/// What a `Location` header cannot carry as is: controls, space, quotes and angle brackets
/// (non-ASCII bytes are always encoded). `%` stays, so existing escapes are kept.
const LOCATION: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// A redirect target as a header value: a request line may carry raw UTF-8 (`/blog/캐싱`),
/// which an HTTP header may not.
fn location(target: &str) -> String {
    utf8_percent_encode(target, LOCATION).to_string()
}

/// The site's 404 page; before the first build, wait for it (its 404 page is not known yet).
fn not_found(snapshot: Option<&Snapshot>) -> Reply {
    let Some(snapshot) = snapshot else {
        return Reply::Unbuilt;
    };
    match snapshot.get("404.html") {
        Some(resource) => Reply::File { status: 404, resource },
        None => Reply::Status(404, "not found"),
    }
}

/// Inserts the live-reload script before `</body>` (or at the end).
pub fn inject(html: &[u8], base: &str) -> Vec<u8> {
    inject_tag(
        html,
        &format!("<script src=\"{base}{PREFIX}livereload.js\" data-base=\"{base}\"></script>"),
    )
}

/// [`inject`] for the waiting page: `data-pending` tells the script to reload as soon as a
/// build succeeds.
pub fn inject_pending(html: &[u8], base: &str) -> Vec<u8> {
    inject_tag(
        html,
        &format!("<script src=\"{base}{PREFIX}livereload.js\" data-base=\"{base}\" data-pending></script>"),
    )
}

fn inject_tag(html: &[u8], tag: &str) -> Vec<u8> {
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_and_malformed_paths_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/%2e/b",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00b",
            "/%zz",
            "/%e0%80",
            "relative",
        ] {
            assert_eq!(site_path(bad, "/").unwrap_err(), 400, "{bad}");
        }
    }

    #[test]
    fn paths_decode_once_under_the_base() {
        assert_eq!(
            site_path("/blog/%EC%BA%90%EC%8B%B1/?x=1", "/").unwrap().as_deref(),
            Some("blog/캐싱/")
        );
        assert_eq!(
            site_path("/repo/topics/a/", "/repo/").unwrap().as_deref(),
            Some("topics/a/")
        );
        assert_eq!(site_path("/other/x", "/repo/").unwrap(), None);
        // Double encoding decodes once: `%252e%252e` is the literal name `%2e%2e`, not `..`.
        assert_eq!(site_path("/%252e%252e/x", "/").unwrap().as_deref(), Some("%2e%2e/x"));
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let out = inject(b"<html><body><p>x</p></body></html>", "/r/");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script src=\"/r/__roadbook/livereload.js\" data-base=\"/r/\"></script></body></html>"
        );
    }

    #[test]
    fn only_get_and_head_are_allowed_and_unbuilt_sites_wait() {
        assert_eq!(
            route(None, "/", "POST", "/", None),
            Reply::Status(405, "only GET and HEAD")
        );
        assert_eq!(route(None, "/", "GET", "/x/", None), Reply::Unbuilt);
        assert_eq!(route(None, "/", "HEAD", "/no/such/", None), Reply::Unbuilt);
        assert_eq!(
            route(None, "/", "GET", "/__roadbook/livereload.js", None),
            Reply::Script,
            "the script never waits for a build"
        );
        assert_eq!(route(None, "/r/", "GET", "/", None), Reply::Redirect("/r/".into()));
        assert_eq!(route(None, "/r/", "GET", "/elsewhere", None), Reply::Unbuilt);
        assert_eq!(route(None, "/", "GET", "/__roadbook/events", None), Reply::Events);
    }
}

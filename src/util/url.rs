//! The one place internal URLs are made.
//!
//! A GitHub Pages project site lives under `/<repo>/`; a link written as `/topics/x/` there is
//! broken. Every href, asset, feed and sitemap URL the site emits goes through [`Urls`], which
//! prefixes the base path taken from `base_url` and percent-encodes non-ASCII segments (Korean
//! slugs stay Unicode on disk and in the address bar, but are encoded in `href`s).

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters escaped in a URL path segment (RFC 3986 `pchar` complement, minus `%` which we
/// never receive pre-encoded).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// Builds the site's URLs from `base_url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// `https://user.github.io`, or empty when `base_url` is only a path.
    origin: String,
    /// Always starts and ends with `/`: `/`, `/handbook/`.
    base_path: String,
}

impl Urls {
    /// Parses a `base_url` such as `https://user.github.io/repo/`, `http://127.0.0.1:1111/` or
    /// `/repo/`.
    pub fn new(base_url: &str) -> Result<Urls, String> {
        let base_url = base_url.trim();
        let (origin, path) = if let Some(rest) = base_url
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| base_url.strip_prefix("http://").map(|r| ("http://", r)))
        {
            let (scheme, rest) = rest;
            let (host, path) = match rest.find('/') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, "/"),
            };
            if host.is_empty() {
                return Err(format!("`{base_url}` has no host"));
            }
            (format!("{scheme}{host}"), path)
        } else if base_url.starts_with('/') || base_url.is_empty() {
            (String::new(), base_url)
        } else {
            return Err(format!(
                "`{base_url}` is neither an http(s) URL nor a path starting with `/`"
            ));
        };
        if path.contains(['?', '#']) {
            return Err(format!("`{base_url}` must not have a query or fragment"));
        }
        Ok(Urls {
            origin,
            base_path: normalize_base_path(path),
        })
    }

    /// The base path, `/` or `/repo/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `https://host` or empty.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The root-relative URL of a site path: `topics/caching/` → `/repo/topics/caching/`.
    /// A fragment (`#…`) is kept and encoded; the path's non-ASCII characters are encoded.
    pub fn path(&self, site_path: &str) -> String {
        let (path, fragment) = match site_path.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (site_path, None),
        };
        let path = path.trim_start_matches('/');
        let mut out = String::with_capacity(self.base_path.len() + path.len() + 8);
        out.push_str(&self.base_path);
        out.extend(utf8_percent_encode(path, PATH));
        if let Some(fragment) = fragment {
            out.push('#');
            out.extend(utf8_percent_encode(fragment, SEGMENT));
        }
        out
    }

    /// The absolute URL of a site path, for feeds, sitemaps and OpenGraph. Without an origin in
    /// `base_url` this is the root-relative URL.
    pub fn absolute(&self, site_path: &str) -> String {
        let mut out = self.origin.clone();
        out.push_str(&self.path(site_path));
        out
    }

    /// A copy with another base path, e.g. for `serve --base-path`.
    pub fn with_base_path(&self, base_path: &str) -> Urls {
        Urls {
            origin: self.origin.clone(),
            base_path: normalize_base_path(base_path),
        }
    }

    /// A copy with another origin, e.g. `http://127.0.0.1:1111` for `serve`.
    pub fn with_origin(&self, origin: &str) -> Urls {
        Urls {
            origin: origin.trim_end_matches('/').to_string(),
            base_path: self.base_path.clone(),
        }
    }
}

/// Like [`SEGMENT`] but keeps `/` between segments.
const PATH: &AsciiSet = SEGMENT;

fn normalize_base_path(path: &str) -> String {
    let inner: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", inner.join("/"))
    }
}

/// Encodes one path segment, e.g. a Korean tag for a URL.
pub fn encode_segment(segment: &str) -> String {
    const ONE_SEGMENT: &AsciiSet = &SEGMENT.add(b'/');
    utf8_percent_encode(segment, ONE_SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_taken_from_base_url() {
        let urls = Urls::new("https://user.github.io/handbook").unwrap();
        assert_eq!(urls.base_path(), "/handbook/");
        assert_eq!(urls.path("/topics/caching/"), "/handbook/topics/caching/");
        assert_eq!(urls.path(""), "/handbook/");
        assert_eq!(urls.absolute("atom.xml"), "https://user.github.io/handbook/atom.xml");
    }

    #[test]
    fn root_and_path_only_base_urls() {
        assert_eq!(Urls::new("https://example.org").unwrap().path("a/"), "/a/");
        assert_eq!(Urls::new("/").unwrap().absolute("a/"), "/a/");
        assert_eq!(Urls::new("/x/y/").unwrap().path("a/"), "/x/y/a/");
        assert!(Urls::new("example.org").is_err());
        assert!(Urls::new("https://").is_err());
    }

    #[test]
    fn unicode_segments_and_fragments_are_encoded() {
        let urls = Urls::new("https://e.org/r/").unwrap();
        assert_eq!(urls.path("blog/캐싱/"), "/r/blog/%EC%BA%90%EC%8B%B1/");
        assert_eq!(
            urls.path("topics/a/#캐시-무효화"),
            "/r/topics/a/#%EC%BA%90%EC%8B%9C-%EB%AC%B4%ED%9A%A8%ED%99%94"
        );
        assert_eq!(encode_segment("a/b c"), "a%2Fb%20c");
    }
}

//! The page the dev server answers with while it has no site to serve: the first build is
//! still running past the wait limit, or it failed. It is HTML, so a browser that arrives early
//! gets the live-reload script and recovers by itself — the script reloads as soon as a build
//! succeeds — and a failed build's errors are in the page (the same overlay a failed rebuild
//! shows), readable even without JavaScript.

use serde::Serialize;

use super::http::inject_pending;
use crate::util::html::escape;

/// A build problem as the browser overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorView {
    /// `file:line:col`
    pub location: String,
    /// The headline.
    pub message: String,
    /// The full report with the source snippet.
    pub text: String,
}

/// The waiting page: `errors` empty means the first build is still running.
pub fn page(base: &str, errors: &[ErrorView]) -> Vec<u8> {
    let (title, note) = if errors.is_empty() {
        (
            "roadbook: building the site…",
            "The first build is still running. This page reloads by itself when the site is ready.",
        )
    } else {
        (
            "roadbook: the site has errors",
            "The first build failed, so there is no page to show yet. Fix the errors below; this page reloads by itself when the site builds.",
        )
    };
    let mut html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\n<body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem\"><main id=\"roadbook-pending\"><h1>{title}</h1><p>{note}</p></main>\n",
        title = escape(title),
        note = escape(note)
    );
    if !errors.is_empty() {
        html.push_str(&overlay(errors));
    }
    html.push_str("</body></html>\n");
    inject_pending(html.as_bytes(), base)
}

/// The overlay as `livereload.js` draws it: the first error in full, the others folded.
fn overlay(errors: &[ErrorView]) -> String {
    let mut out = String::from(
        "<div id=\"roadbook-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,22,26,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,monospace;padding:24px\">",
    );
    out.push_str(&format!(
        "<h2 style=\"margin:0 0 12px;color:#ff8a80;font:600 18px system-ui,sans-serif\">roadbook: {} error{} — no build has succeeded yet</h2>",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    ));
    let pre = |text: &str| {
        format!(
            "<pre class=\"roadbook-error\" style=\"white-space:pre-wrap;margin:0 0 16px;padding:12px;background:#000;border-left:4px solid #ff8a80\">{}</pre>",
            escape(text)
        )
    };
    for (i, e) in errors.iter().enumerate() {
        if i == 0 {
            out.push_str(&pre(&e.text));
            continue;
        }
        let head = if e.location.is_empty() {
            e.message.clone()
        } else {
            format!("{}: {}", e.location, e.message)
        };
        out.push_str(&format!(
            "<details class=\"roadbook-error-folded\"><summary style=\"cursor:pointer;margin:0 0 8px\">{}</summary>{}</details>",
            escape(&head),
            pre(&e.text)
        ));
    }
    out.push_str("</div>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_the_script_and_escaped_errors() {
        let building = String::from_utf8(page("/r/", &[])).unwrap();
        assert!(building.contains("building the site"));
        assert!(building.contains("src=\"/r/__roadbook/livereload.js\" data-base=\"/r/\" data-pending"));
        assert!(!building.contains("roadbook-overlay"));
        let error = ErrorView {
            location: "content/a.md:2:3".into(),
            message: "bad <thing>".into(),
            text: "error: bad <thing>\n --> content/a.md:2:3".into(),
        };
        let failed = String::from_utf8(page("/", &[error.clone(), error])).unwrap();
        assert!(failed.contains("id=\"roadbook-overlay\""));
        assert!(failed.contains("2 errors"));
        assert!(failed.contains("error: bad &lt;thing&gt;"));
        assert!(failed.contains(
            "<summary style=\"cursor:pointer;margin:0 0 8px\">content/a.md:2:3: bad &lt;thing&gt;</summary>"
        ));
        assert!(!failed.contains("<thing>"));
    }
}

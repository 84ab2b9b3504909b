//! Subpath correctness: a site built for `https://example.org/<base>/` (a GitHub Pages project
//! site) has no root-absolute internal URL without the base path anywhere in its output, and
//! the build's own scan fails a site whose template hard-codes one.

mod support;

use std::path::Path;

use support::TestSite;

/// Every internal URL problem in the output folder `public`, found independently of
/// roadbook's own scan: HTML and SVG parsed, XML parsed (with the HTML inside feed entries),
/// JSON parsed, CSS and JS searched for `url(`.
fn subpath_problems(public: &Path, origin: &str, base: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(public).unwrap().display().to_string();
        let ext = rel.rsplit_once('.').map(|(_, e)| e.to_string()).unwrap_or_default();
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let mut check = |value: &str, what: &str| {
            let value = value.trim();
            let bad_path = value.starts_with('/') && !value.starts_with("//") && !value.starts_with(base);
            let bad_absolute = value.starts_with(origin) && !value.starts_with(&format!("{origin}{base}"));
            if bad_path || bad_absolute {
                problems.push(format!("{rel}: {what} `{value}`"));
            }
        };
        match ext.as_str() {
            "html" => {
                kinds.insert("html");
                html_values(&text, &mut check);
            }
            "xml" | "svg" => {
                kinds.insert(if ext == "xml" { "xml" } else { "svg" });
                let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
                for node in doc.descendants() {
                    for attr in node.attributes() {
                        check(attr.value(), attr.name());
                    }
                    if node.is_element()
                        && let Some(text) = node.text()
                    {
                        check(text, node.tag_name().name());
                        if node.attribute("type") == Some("html") {
                            html_values(text, &mut check);
                        }
                    }
                }
            }
            "json" => {
                kinds.insert("json");
                let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
                json_strings(&value, &mut |s| check(s, "JSON string"));
            }
            "css" | "js" => {
                for (at, _) in text.match_indices("url(") {
                    let value = text[at + 4..].trim_start_matches(['"', '\'', ' ']);
                    let end = value.find([')', '"', '\'']).unwrap_or(value.len());
                    check(&value[..end], "url()");
                }
            }
            _ => {}
        }
    }
    for kind in ["html", "xml", "json", "svg"] {
        assert!(kinds.contains(kind), "the output has no {kind} file to check");
    }
    problems
}

/// Calls `check` with every attribute value of every element, and every `url(` in inline
/// styles.
fn html_values(text: &str, check: &mut impl FnMut(&str, &str)) {
    let doc = scraper::Html::parse_document(text);
    for node in doc.tree.nodes() {
        if let Some(el) = node.value().as_element() {
            for (name, value) in el.attrs() {
                if name == "srcset" {
                    for candidate in value.split(',') {
                        check(candidate.split_whitespace().next().unwrap_or(""), name);
                    }
                } else {
                    check(value, name);
                }
                if let Some(at) = value.find("url(") {
                    check(value[at + 4..].trim_start_matches(['"', '\'']), "style url()");
                }
            }
        }
    }
}

fn json_strings(value: &serde_json::Value, f: &mut impl FnMut(&str)) {
    match value {
        serde_json::Value::String(s) => f(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, f)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, f)),
        _ => {}
    }
}

#[test]
fn a_subpath_site_has_no_root_absolute_internal_url_anywhere() {
    // `engine` lives at /handbook/ (Korean slugs, a post bundle with an SVG, a template
    // override, static files); `basic` at /sub/.
    for (fixture, base) in [("engine", "/handbook/"), ("basic", "/sub/")] {
        let site = TestSite::fixture(fixture);
        let run = site.build_ok();
        assert!(!run.stderr.contains("lacks the base path"), "{}", run.stderr);
        let problems = subpath_problems(&site.public(), "https://example.org", base);
        assert!(
            problems.is_empty(),
            "{fixture}: internal URLs without {base}:\n{}",
            problems.join("\n")
        );
        // The 404 page works at any missing path: its links are absolute paths under the base.
        let page = site.html("404.html");
        let hrefs = page.attrs("a[href]", "href");
        assert!(!hrefs.is_empty());
        for href in hrefs {
            assert!(
                href.starts_with(base) || href.starts_with('#') || href.starts_with("http"),
                "404.html: {href}"
            );
        }
    }
}

#[test]
fn a_template_hard_coding_a_root_absolute_url_fails_the_build() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/404.html",
        r#"{% extends "base.html" %}
{% block head %}<link rel="stylesheet" href="/css/x.css">{% endblock head %}
{% block main %}<p>Not here.</p>{% endblock main %}
"#,
    );
    let stderr = site.build_err();
    let line = stderr
        .lines()
        .find(|l| l.contains("root-absolute URL"))
        .unwrap_or_else(|| panic!("no scan error in:\n{stderr}"));
    assert!(line.contains(" 404.html:"), "{line}");
    assert!(
        line.ends_with("root-absolute URL `/css/x.css` lacks the base path `/sub/`"),
        "{line}"
    );
    assert_eq!(stderr.matches("root-absolute URL").count(), 1, "{stderr}");
    assert!(!site.public().exists(), "a failed build writes nothing");

    // Published at the root of a domain, the same URL is right: no scan, the build succeeds.
    let run = site.run(&["build", "--base-url", "https://example.org/"]);
    assert!(run.success, "{}", run.stderr);
    assert!(site.read("404.html").contains(r#"href="/css/x.css""#));
}

#[test]
fn raw_html_in_content_and_static_files_are_scanned_too() {
    let site = TestSite::fixture("basic");
    let topic = std::fs::read_to_string(site.root().join("content/topics/sql.md")).unwrap();
    site.write(
        "content/topics/sql.md",
        &format!("{topic}\n<a href=\"/topics/http/\">raw</a> <img src=\"/img/x.png\" alt=\"\">\n"),
    );
    site.write("static/css/extra.css", "body {\n  background: url(/img/bg.png);\n}\n");
    let stderr = site.build_err();
    for needle in [
        "css/extra.css:2: root-absolute URL `/img/bg.png` lacks the base path `/sub/`",
        "topics/sql/index.html:",
        "`/topics/http/` lacks the base path `/sub/`",
        "`/img/x.png` lacks the base path `/sub/`",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
}

//! Tests of [`super`].

use super::*;

fn scanner() -> Scanner {
    Scanner::new(&Urls::new("https://user.github.io/repo/").unwrap()).unwrap()
}

fn urls(rel: &str, text: &str) -> Vec<String> {
    scanner()
        .scan(rel, text.as_bytes())
        .into_iter()
        .map(|f| f.url)
        .collect()
}

#[test]
fn nothing_to_check_at_the_root() {
    assert!(Scanner::new(&Urls::new("https://user.github.io/").unwrap()).is_none());
}

#[test]
fn html_attributes() {
    let html = r#"<link rel="stylesheet" href="/css/x.css">
<a href="/repo/ok/">ok</a> <a href="/repo">ok</a> <a href="//cdn.example/x">ok</a>
<img src='/img/a.png' alt="/not-a-url"> <form action="/search/"></form>
<img srcset="/repo/a.png 1x, /b.png 2x"> <a href="https://elsewhere.org/x">ok</a>
<p>href="/x" in text</p> <code>&lt;a href=&quot;/x&quot;&gt;</code> <a data-href="/nope">x</a>"#;
    assert_eq!(
        urls("index.html", html),
        ["/css/x.css", "/img/a.png", "/search/", "/b.png"]
    );
    let lines: Vec<usize> = scanner()
        .scan("index.html", html.as_bytes())
        .iter()
        .map(|f| f.line)
        .collect();
    assert_eq!(lines, [1, 3, 3, 4]);
}

#[test]
fn styles_in_markup_and_stylesheets() {
    let html = r#"<style>body{background:url(/bg.png)}</style>
<div style="background-image: url('/x.svg')"></div><p>write url(/y) in CSS</p>"#;
    assert_eq!(urls("a/index.html", html), ["/bg.png", "/x.svg"]);
    let css = r#"@import "/base.css"; a{background:url( "/repo/ok.png" )} b{mask:url(/m.svg)} c{src:url(//x/y)} d{background:url(data:image/png;base64,xx)}"#;
    assert_eq!(urls("css/x.css", css), ["/base.css", "/m.svg"]);
}

#[test]
fn json_and_js() {
    let json =
        r#"{"nodes":[{"id":"topic:a","url":"/topics/a/"},{"url": "/repo/ok/"},{"title":"/x"},{"imageUrl":"/i.png"}]}"#;
    assert_eq!(urls("graph.json", json), ["/topics/a/", "/i.png"]);
    let js = r#"fetch("/search.json"); fetch(base + "x"); el.innerHTML = '<a href="/t/">'; fetch(`/repo/ok`)"#;
    assert_eq!(urls("js/site.js", js), ["/search.json", "/t/"]);
}

#[test]
fn absolute_urls_on_the_own_origin_in_metadata() {
    let xml = "<urlset><url><loc>https://user.github.io/topics/a/</loc></url>\
               <url><loc>https://user.github.io/repo/ok/</loc></url>\
               <url><loc>https://user.github.io</loc></url></urlset>";
    assert_eq!(
        urls("sitemap.xml", xml),
        ["https://user.github.io/topics/a/", "https://user.github.io"]
    );
    let html = r#"<link rel="canonical" href="https://user.github.io/x/">
<meta property="og:url" content="https://user.github.io/repo/x/">
<a href="https://user.github.io/other-project/">another project of the same user</a>"#;
    assert_eq!(urls("x/index.html", html), ["https://user.github.io/x/"]);
}

#[test]
fn other_files_are_not_scanned() {
    assert!(urls("robots.txt", "Allow: /\nhref=\"/x\"").is_empty());
    assert!(urls("a.png", "href=\"/x\"").is_empty());
}

#[test]
fn diagnostics_are_capped() {
    let findings: Vec<Finding> = (0..60)
        .map(|i| Finding {
            file: format!("p{}/index.html", i % 7),
            line: i,
            url: "/x".into(),
        })
        .collect();
    let d = diagnostics(&findings, "/repo/");
    assert_eq!(d.len(), REPORT_LIMIT + 1);
    assert_eq!(
        d[0].summary(),
        "p0/index.html:0: root-absolute URL `/x` lacks the base path `/repo/`"
    );
    assert!(
        d[REPORT_LIMIT].message.contains("10 more"),
        "{}",
        d[REPORT_LIMIT].message
    );
}

//! Code blocks with info-string meta: titles, marked lines, line numbers and diffs, in the
//! Docusaurus/GitHub and Zola dialects; bad line specs as errors at the block.

mod support;

use support::{Page, TestSite};

/// A site with one page whose body is `body`.
fn page_site(body: &str) -> TestSite {
    let site = TestSite::new();
    site.write("content/pages/code.md", &format!("+++\ntitle = \"Code\"\n+++\n{body}"));
    site
}

fn built(body: &str) -> (TestSite, Page) {
    let site = page_site(body);
    site.build_clean();
    let page = site.html("code/index.html");
    (site, page)
}

/// The text of an element, as the copy button copies it (`textContent`).
fn text(e: scraper::ElementRef<'_>) -> String {
    e.text().collect()
}

const CODE: &str = "fn main() {\n    let a = 1;\n    let b = 2;\n    let s = \"<여러\n줄>\";\n}\n";

#[test]
fn both_dialects_give_a_caption_marked_lines_and_numbers_outside_the_code() {
    let body = format!(
        "```rust title=\"src/main.rs\" {{2,4-5}} showLineNumbers\n{CODE}```\n\n\
         ```rust,linenos,hl_lines=2 4-5,name=src/main.rs\n{CODE}```\n"
    );
    let (_site, page) = built(&body);
    let figures = page.all("figure.code-block");
    assert_eq!(figures.len(), 2);
    assert_eq!(page.all("figure.code-block > figcaption.code-title").len(), 2);
    for caption in page.all("figcaption.code-title") {
        assert_eq!(text(caption), "src/main.rs");
    }
    let blocks = page.all("figure.code-block > pre.code.lined.numbered[data-lang=rust] > code");
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].inner_html(), blocks[1].inner_html(), "the dialects agree");
    // The copy button copies the code's text: exactly the block, no numbers in it.
    assert_eq!(text(blocks[0]), CODE);
    let lines = page.attrs("figure:first-of-type .line", "data-n");
    assert_eq!(lines, ["1", "2", "3", "4", "5", "6"]);
    let marked = page.attrs("figure:first-of-type .line.hl", "data-n");
    assert_eq!(marked, ["2", "4", "5"]);
    // A string running over two lines stays highlighted on both, each line well-formed.
    let strings: Vec<String> = page
        .all("figure:first-of-type .line.hl span.s")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(strings, ["\"<여러", "줄>\""], "{}", blocks[0].inner_html());
    let keywords: Vec<String> = page.all("figure:first-of-type span.k").into_iter().map(text).collect();
    assert!(keywords.iter().any(|k| k.trim() == "let"), "{keywords:?}");
}

#[test]
fn numbering_starts_where_asked_and_plain_blocks_stay_compact() {
    let body = "```go showLineNumbers=41\na := 1\nb := 2\n```\n\n\
                ```python,linenos,linenostart=7\nx = 1\n```\n\n\
                ```sql\nSELECT 1;\n```\n";
    let (_site, page) = built(body);
    assert_eq!(page.attrs("pre[data-lang=go] .line", "data-n"), ["41", "42"]);
    assert_eq!(page.attrs("pre[data-lang=python] .line", "data-n"), ["7"]);
    let sql = page.one("pre.code[data-lang=sql]");
    assert!(
        sql.value().attr("class") == Some("code"),
        "no line classes without meta"
    );
    assert!(page.all("pre[data-lang=sql] .line").is_empty());
    assert!(page.all("figure").is_empty(), "no caption without a title");
}

#[test]
fn titles_are_escaped_text() {
    let (_site, page) = built("```text title=\"a <b>x</b> & 'c'\"\nplain\n```\n");
    assert_eq!(text(page.one("figcaption.code-title")), "a <b>x</b> & 'c'");
    assert!(page.all("figcaption b").is_empty());
}

#[test]
fn diff_blocks_mark_added_and_removed_lines_and_highlight_the_named_language() {
    let diff_rust = " fn main() {\n-    let x = 1;\n+    let x = 2;\n }\n";
    let diff = "--- a/config.toml\n+++ b/config.toml\n-paginate = 10\n+paginate = 20\n";
    let body = format!("```diff-rust\n{diff_rust}```\n\n```diff {{3}}\n{diff}```\n");
    let (_site, page) = built(&body);
    let rust = page.one("pre.code.lined[data-lang=diff-rust] > code");
    assert_eq!(text(rust), diff_rust, "the code as written, markers included");
    assert_eq!(
        text(page.one("pre[data-lang=diff-rust] .line.del")),
        "-    let x = 1;\n"
    );
    assert_eq!(
        text(page.one("pre[data-lang=diff-rust] .line.ins")),
        "+    let x = 2;\n"
    );
    // Highlighted as Rust without the marker column: `fn` and `let` are keywords.
    let keywords: Vec<String> = page
        .all("pre[data-lang=diff-rust] span.k")
        .into_iter()
        .map(text)
        .collect();
    assert!(keywords.iter().any(|k| k.trim() == "fn"), "{keywords:?}");
    assert!(keywords.iter().any(|k| k.trim() == "let"), "{keywords:?}");
    // A plain diff: file headers are neither added nor removed; marks combine with diff lines.
    let plain = page.one("pre.code.lined[data-lang=diff] > code");
    assert_eq!(text(plain), diff);
    let kinds: Vec<String> = page
        .all("pre[data-lang=diff] .line")
        .into_iter()
        .map(|l| l.value().attr("class").unwrap_or("").to_string())
        .collect();
    assert_eq!(kinds, ["line", "line", "line hl del", "line ins"]);
}

#[test]
fn bad_line_specs_are_errors_at_the_block_all_reported() {
    let site = page_site(
        "Intro.\n\n```rust {3,x}\nfn a() {}\n```\n\n```go title=\"main.go\" {2,9}\na\nb\nc\n```\n\n\
         ```py,hl_lines=4-2\nx\n```\n\n```sh showLineNumbers=0\nls\n```\n\n```toml,linenoss\na = 1\n```\n",
    );
    let err = site.build_err();
    let expect = |needle: &str| assert!(err.contains(needle), "missing `{needle}` in:\n{err}");
    expect("code block `rust {3,x}`: malformed line spec `3,x`");
    expect("content/pages/code.md:6:1");
    expect("code block `go title=\"main.go\" {2,9}` marks line 9, but it has 3 lines");
    expect("content/pages/code.md:10:1");
    expect("code block `py,hl_lines=4-2`: malformed line spec `4-2`");
    expect("content/pages/code.md:16:1");
    expect("`0` is not a valid value for `showLineNumbers`");
    expect("content/pages/code.md:20:1");
    // An unknown option is a warning: the block renders without it.
    expect("warning");
    expect("unknown option `linenoss` is ignored");
    assert!(err.contains("4 errors"), "{err}");
}

/// The `markdown` examples (fenced with four backticks) of a section of `docs/content.md`.
fn doc_examples(section: &str) -> Vec<String> {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/content.md")).unwrap();
    let start = docs.find(section).unwrap_or_else(|| panic!("no section {section}"));
    let rest = &docs[start + section.len()..];
    let rest = &rest[..rest.find("\n### ").unwrap_or(rest.len())];
    rest.split("````markdown\n")
        .skip(1)
        .map(|s| s[..s.find("\n````").expect("closed example")].to_string() + "\n")
        .collect()
}

#[test]
fn the_documented_examples_build_cleanly() {
    let examples = doc_examples("### Code blocks");
    assert!(examples.len() >= 3, "{examples:?}");
    let (_site, page) = built(&examples.join("\n"));
    assert!(!page.all("figcaption.code-title").is_empty());
    assert!(!page.all(".line.hl").is_empty());
    assert!(!page.all("pre.numbered").is_empty());
    assert!(!page.all(".line.ins").is_empty() && !page.all(".line.del").is_empty());
}

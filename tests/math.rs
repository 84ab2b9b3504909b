//! Math: `$…$` and `$$…$$` rendered to MathML Core at build time; dollar amounts and code left
//! alone; bad LaTeX as errors at file:line:col; `[markdown] math = false`.

mod support;

use support::{Page, TestSite};

fn page_site(body: &str) -> TestSite {
    let site = TestSite::new();
    site.write("content/pages/math.md", &format!("+++\ntitle = \"Math\"\n+++\n{body}"));
    site
}

fn built(body: &str) -> (TestSite, Page) {
    let site = page_site(body);
    site.build_clean();
    let page = site.html("math/index.html");
    (site, page)
}

fn text(e: scraper::ElementRef<'_>) -> String {
    e.text().collect()
}

/// The element names of `e`'s element children.
fn children(e: scraper::ElementRef<'_>) -> Vec<String> {
    e.children()
        .filter_map(scraper::ElementRef::wrap)
        .map(|c| c.value().name().to_string())
        .collect()
}

#[test]
fn formulas_become_mathml_with_the_expected_structure() {
    let body = r#"병합 정렬은 $\mathcal{O}(n \log n)$ 번 비교합니다.

$$\sum_{i=1}^{n} i = \frac{n(n+1)}{2}$$

$$\begin{pmatrix} a & b \\ c & d \end{pmatrix}$$

$$\text{처리량} = \frac{\text{요청 수}}{\text{시간}}$$

$$f(n) = \begin{cases} 1 & n = 0 \\ n \cdot f(n-1) & n > 0 \end{cases}$$
"#;
    let (_site, page) = built(body);
    // Inline: a <math> inside the paragraph's text, no display attribute.
    let inline = page.one(".prose p > math:not([display])");
    assert!(
        text(inline).contains('𝒪') && text(inline).contains("log"),
        "{}",
        inline.html()
    );
    // Display: each in a scrolling wrapper, display="block".
    let display = page.all(".prose .math-display > math[display=block]");
    assert_eq!(display.len(), 4);
    let sum = display[0];
    assert!(text(sum).contains('∑'));
    let frac = sum
        .select(&scraper::Selector::parse("mfrac").unwrap())
        .next()
        .expect("a fraction");
    assert_eq!(children(frac).len(), 2, "numerator and denominator: {}", frac.html());
    let rows = display[1]
        .select(&scraper::Selector::parse("mtable > mtr").unwrap())
        .count();
    assert_eq!(rows, 2, "a 2×2 matrix: {}", display[1].html());
    let texts: Vec<String> = display[2]
        .select(&scraper::Selector::parse("mtext").unwrap())
        .map(text)
        .collect();
    // Spaces in `\text{}` become no-break spaces (MathML would collapse them).
    assert_eq!(texts, ["처리량", "요청\u{a0}수", "시간"]);
    assert!(display[3].html().contains("<mtable"), "cases is a table");
    assert!(
        page.all("script[src*=math], script[src*=katex]").is_empty(),
        "no script"
    );
}

#[test]
fn dollar_amounts_and_code_are_not_math() {
    let body = "요금은 $5 and $10, 또는 $5/$10 입니다. 셸에서는 `echo $HOME$` 처럼 씁니다.\n\n\
                ```sh\necho \"$$x$$\"\n```\n";
    let (_site, page) = built(body);
    assert!(page.all("math").is_empty(), "{}", page.one(".prose").html());
    let prose = text(page.one(".prose p"));
    assert!(prose.contains("$5 and $10") && prose.contains("$5/$10"), "{prose}");
    assert_eq!(text(page.one(".prose p code")), "echo $HOME$");
    assert_eq!(text(page.one("pre.code code")), "echo \"$$x$$\"\n");
}

#[test]
fn bad_latex_is_an_error_at_file_line_column_and_all_are_reported() {
    let site =
        page_site("첫 줄.\n\n한글 $\\fracc{1}{2}$ 뒤.\n\n$$\\frac{1}{2$$\n\n$\\begin{pmatrix} a \\end{bmatrix}$\n");
    let err = site.build_err();
    let expect = |needle: &str| assert!(err.contains(needle), "missing `{needle}` in:\n{err}");
    expect("invalid math: Unknown command \"\\fracc\"");
    // Line 6 of the file; column counted in characters after the Korean text.
    expect("content/pages/math.md:6:5");
    expect("invalid math: Expected closing token \"}\"");
    expect("content/pages/math.md:8:");
    expect("Expected \"\\end{pmatrix}\", but found \"\\end{bmatrix}\"");
    expect("content/pages/math.md:10:");
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn math_can_be_turned_off_and_cached_bodies_follow() {
    let site = page_site("비용은 $\\mathcal{O}(n)$ 입니다.\n");
    site.build_clean();
    assert_eq!(site.html("math/index.html").all("math").len(), 1);
    // Same content, math off: the cached body must not be reused.
    site.write(
        "config.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/\"\n[markdown]\nmath = false\n",
    );
    site.build_clean();
    let page = site.html("math/index.html");
    assert!(page.all("math").is_empty());
    assert!(text(page.one(".prose p")).contains("$\\mathcal{O}(n)$"));
    // And back on.
    site.write("config.toml", "title = \"Test\"\nbase_url = \"https://example.org/\"\n");
    site.build_clean();
    assert_eq!(site.html("math/index.html").all("math").len(), 1);
}

#[test]
fn a_config_typo_in_markdown_math_is_an_error() {
    let site = page_site("x\n");
    site.write(
        "config.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/\"\n[markdown]\nmath = \"yes\"\n",
    );
    let err = site.build_err();
    assert!(err.contains("math"), "{err}");
    assert!(err.contains("config.toml:4:8"), "{err}");
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
    let examples = doc_examples("### Math");
    assert_eq!(examples.len(), 2, "{examples:?}");
    let (_site, page) = built(&examples[0]);
    assert_eq!(page.all("math").len(), 4);
    let (_site, page) = built(&examples[1]);
    assert!(page.all("math").is_empty());
}

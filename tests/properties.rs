//! Property tests over whole sites: arbitrary front matter, Markdown (cross-links, relative
//! links, anchors, code fences), `config.toml` and templates never make roadbook panic, and
//! every diagnostic points into the file it names, at character boundaries, and renders.
//!
//! Each case writes a small site to a temporary folder and checks (or builds) it in-process.
//! `cargo test` runs a few dozen cases per target; `bench/fuzz.sh` runs each target for
//! minutes (`ROADBOOK_FUZZ_SECONDS`, `ROADBOOK_FUZZ_CASES`). Failures proptest finds are
//! replayed first on every run from `tests/properties.proptest-regressions`; crashers that
//! led to a fix also get a named test at the end of this file.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use roadbook::{BuildOptions, Diagnostics};
use support::TestSite;

/// Runs `test` on values of `strategy`: a fixed number of cases, or (under `bench/fuzz.sh`)
/// fresh batches until the time budget is spent.
fn run<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let cases = env("ROADBOOK_FUZZ_CASES").unwrap_or(48) as u32;
    let budget = env("ROADBOOK_FUZZ_SECONDS").map(Duration::from_secs);
    let started = Instant::now();
    loop {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
                "tests/properties.proptest-regressions",
            ))),
            ..Config::default()
        });
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("{e}");
        }
        match budget {
            Some(budget) if started.elapsed() < budget => continue,
            _ => break,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The checks every case makes
// ---------------------------------------------------------------------------------------------

/// Every label of every diagnostic lies inside the file it names (as the file is on disk), on
/// character boundaries; every diagnostic renders and summarizes.
fn spans_are_sound(root: &Path, diags: &Diagnostics) -> Result<(), TestCaseError> {
    for d in diags {
        let _ = d.render(false);
        let _ = d.summary();
        for label in &d.labels {
            let on_disk = file_text(root, &label.source.path).map_err(|e| {
                TestCaseError::fail(format!(
                    "`{}` names {}, which cannot be read: {e}",
                    d.message,
                    label.source.path.display()
                ))
            })?;
            let text = &label.source.text;
            // A build drops Markdown bodies once rendered, so a later diagnostic may carry only
            // the front matter: a prefix of the file, never other text.
            prop_assert!(
                on_disk.starts_with(text.as_bytes()),
                "`{}`: the label's text is not (the start of) the file {}",
                d.message,
                label.source.path.display()
            );
            let span = &label.span;
            prop_assert!(
                span.start <= span.end && span.end <= text.len(),
                "`{}`: span {:?} outside {} ({} bytes)",
                d.message,
                span,
                label.source.path.display(),
                text.len()
            );
            prop_assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "`{}`: span {:?} splits a character in {}",
                d.message,
                span,
                label.source.path.display()
            );
        }
    }
    Ok(())
}

/// The text of the file a diagnostic names: a site file, or a file of the built-in theme
/// (`(built-in)/templates/page.html`).
fn file_text(root: &Path, shown: &Path) -> std::io::Result<Vec<u8>> {
    let builtin = |dir: &str, table: &[(&str, &str)]| {
        let name = shown
            .strip_prefix(format!("(built-in)/{dir}"))
            .ok()?
            .to_str()?
            .to_string();
        let name = if dir == "i18n" {
            name.strip_suffix(".toml")?.to_string()
        } else {
            name
        };
        table
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.as_bytes().to_vec())
    };
    if shown.starts_with("(built-in)") {
        return builtin("templates", roadbook::theme::TEMPLATES)
            .or_else(|| builtin("i18n", roadbook::theme::I18N))
            .ok_or_else(|| std::io::Error::other("no such built-in file"));
    }
    std::fs::read(root.join(shown))
}

/// `roadbook check` of the site, in-process.
fn check(site: &TestSite) -> Result<(), TestCaseError> {
    let (_, diags) = roadbook::check(&BuildOptions {
        root: site.root().to_path_buf(),
        ..BuildOptions::default()
    });
    spans_are_sound(site.root(), &diags)
}

/// `roadbook build` of the site into its own temporary output, in-process.
fn build(site: &TestSite) -> Result<(), TestCaseError> {
    let out = tempfile::tempdir().unwrap();
    let diags = match roadbook::build(&BuildOptions {
        root: site.root().to_path_buf(),
        output: Some(out.path().join("public")),
        ..BuildOptions::default()
    }) {
        Ok(report) => report.warnings,
        Err(diags) => diags,
    };
    spans_are_sound(site.root(), &diags)
}

/// A small valid site the generated file joins: a stage, two topics (one with a heading), a
/// book and a post.
fn base_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/stages/basics.md",
        "+++\ntitle = \"기초\"\norder = 1\n+++\n기초 단계.\n",
    );
    site.write(
        "content/topics/caching.md",
        "+++\ntitle = \"캐싱\"\nstage = \"basics\"\n+++\n## 캐시 무효화\n\n본문.\n",
    );
    site.write(
        "content/topics/db.md",
        "+++\ntitle = \"DB\"\nstage = \"basics\"\n+++\n## Index\n",
    );
    site.write(
        "content/books/ddia.md",
        "+++\ntitle = \"DDIA\"\nauthor = \"Kleppmann\"\n+++\n",
    );
    site.write(
        "content/blog/hello.md",
        "+++\ntitle = \"안녕\"\ndate = 2026-11-20\n+++\n첫 글.\n",
    );
    site
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Short text with what breaks offsets: Hangul, combining marks, emoji, quotes, escapes,
/// controls, CR and tabs.
fn tricky() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-z0-9 ]{1,5}",
        3 => "[가-힣]{1,3}",
        2 => "[\"'\\\\{}\\[\\]=#|<>&*_`~$%]",
        1 => "[e\\u{0301}\\u{1100}\\u{1161}\\u{FEFF}\\u{200B}]",
        1 => "[😀🇰🇷👩‍💻]",
        1 => "[\\t\\r\\n\\u{0}\\u{7}]",
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        tricky().prop_map(|s| format!("{s:?}")),
        tricky().prop_map(|s| format!("\"{s}\"")),
        tricky().prop_map(|s| format!("'''{s}'''")),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("3.5".to_string()),
        Just("true".to_string()),
        Just("2026-11-20".to_string()),
        Just("2026-11-20T10:00:00+09:00".to_string()),
        Just("2026-13-45".to_string()),
        Just("[\"caching\", \"db\"]".to_string()),
        Just("[\"nope\", 1]".to_string()),
        Just("[\"basics\"".to_string()),
        Just("{ a = 1 }".to_string()),
        Just("\"basics\"".to_string()),
        Just("\"caching\"".to_string()),
        Just("\"unterminated".to_string()),
        Just(String::new()),
        tricky(),
    ]
}

fn front_matter_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("title"),
        Just("stage"),
        Just("order"),
        Just("requires"),
        Just("related"),
        Just("books"),
        Just("tags"),
        Just("topics"),
        Just("summary"),
        Just("date"),
        Just("updated"),
        Just("draft"),
        Just("slug"),
        Just("author"),
        Just("titel"),
        Just("스테이지"),
        Just("a.b"),
        Just("\"title\""),
    ];
    prop_oneof![
        6 => (key, toml_value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => Just("[[resources]]".to_string()),
        1 => toml_value().prop_map(|v| format!("url = {v}")),
        1 => toml_value().prop_map(|v| format!("kind = {v}")),
        1 => Just("[extra]".to_string()),
        1 => tricky(),
    ]
}

/// A whole Markdown file: fences (sometimes wrong), front-matter lines, and a body.
fn content_file(body: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let open = prop_oneof![
        8 => Just("+++\n"),
        1 => Just("---\n"),
        1 => Just("+++ \n"),
        1 => Just("\u{FEFF}+++\n"),
        1 => Just("+++\r\n"),
        1 => Just(""),
    ];
    let close = prop_oneof![8 => Just("+++\n"), 1 => Just("+++"), 1 => Just("++\n"), 1 => Just("")];
    (open, prop::collection::vec(front_matter_line(), 0..8), close, body)
        .prop_map(|(open, lines, close, body)| format!("{open}{}\n{close}{body}", lines.join("\n")))
}

fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => tricky(),
        1 => prop_oneof![
            Just("[[caching]]"),
            Just("[[caching|캐시 전략]]"),
            Just("[[caching#캐시-무효화]]"),
            Just("[[caching#없는-제목]]"),
            Just("[[book:ddia]]"),
            Just("[[post:hello]]"),
            Just("[[post:nope]]"),
            Just("[[topic:db#index]]"),
            Just("[[nope]]"),
            Just("[[]]"),
            Just("[[|]]"),
            Just("[[#]]"),
            Just("[[#캐시]]"),
            Just("[[caching#]]"),
            Just("[[a|b|c]]"),
            Just("[["),
            Just("]]"),
        ]
        .prop_map(str::to_string),
        1 => prop_oneof![
            Just("[x](../topics/caching.md)"),
            Just("[x](caching.md#캐시-무효화)"),
            Just("[x](../topics/db.md#nope)"),
            Just("[x](../books/ddia.md)"),
            Just("[x](./nope.md)"),
            Just("[x](%EC%BA%90.md)"),
            Just("[x](%ZZ.md)"),
            Just("[x](#local)"),
            Just("[x](</a b.md>)"),
            Just("[x](/blog/)"),
            Just("![그림](pic.png)"),
            Just("![그림](https://example.org/a.png)"),
        ]
        .prop_map(str::to_string),
        1 => tricky().prop_map(|t| format!("\n## {t}\n")),
        1 => tricky().prop_map(|t| format!("\n### {t} {{#{t}}}\n")),
        1 => Just("\n## 캐시 무효화 {#caching}\n".to_string()),
        1 => (
            prop_oneof![
                Just("rust"),
                Just("toml"),
                Just("nope-lang"),
                Just(""),
                Just("py {.x}"),
                Just("rust title=\"src/메인.rs\" {1,9} showLineNumbers"),
                Just("diff-rust"),
                Just("go,linenos,hl_lines=1 x"),
                Just("diff {7-5} showLineNumbers=0"),
            ],
            tricky(),
            prop_oneof![Just("```"), Just("~~~"), Just("")]
        )
            .prop_map(|(lang, code, end)| format!("\n```{lang}\n{code}\n{end}\n")),
        1 => prop_oneof![
            Just("\n[^1]\n\n[^1]: 각주\n"),
            Just("[^missing]"),
            Just("\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
            Just("\n> [!NOTE]\n> 메모\n"),
            Just("\n- [ ] 할 일\n- [x] 끝\n"),
            Just("<div>raw</div>"),
            Just("$x^2$"),
            Just("\n$$\nx\n$$\n"),
            Just("~~취소~~"),
        ]
        .prop_map(str::to_string),
        1 => prop_oneof![
            Just("$\\fracc{1}{2}$"),
            Just("한글 $\\frac{1}{2$ 뒤"),
            Just("\n$$\\begin{pmatrix} a \\end{bmatrix}$$\n"),
            Just("$5 and $10, $5/$10"),
            Just("> $$\n> \\left( x\n> $$\n"),
            Just("$\\text{처리량} = \\frac{\\lambda}{\\mu}$"),
        ]
        .prop_map(str::to_string),
        1 => prop_oneof![Just("\n"), Just("\n\n"), Just("\r\n"), Just("    ")].prop_map(str::to_string),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(markdown_piece(), 0..16).prop_map(|p| p.concat())
}

fn config_file() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        6 => (
            prop_oneof![
                Just("title"),
                Just("description"),
                Just("base_url"),
                Just("language"),
                Just("theme"),
                Just("author"),
                Just("font"),
                Just("paginate"),
                Just("output_dir"),
                Just("cname"),
                Just("highlight_theme_light"),
                Just("highlight_theme_dark"),
                Just("port"),
                Just("url"),
                Just("branch"),
                Just("max_width"),
                Just("quality"),
                Just("tittle"),
            ],
            prop_oneof![
                3 => toml_value(),
                1 => Just("\"https://example.org/sub/\"".to_string()),
                1 => Just("\"en\"".to_string()),
                1 => Just("0".to_string()),
                1 => Just("-1".to_string()),
            ]
        )
            .prop_map(|(k, v)| format!("{k} = {v}")),
        2 => prop_oneof![
            Just("[build]"),
            Just("[blog]"),
            Just("[markdown]"),
            Just("[serve]"),
            Just("[repository]"),
            Just("[images]"),
            Just("[comments]"),
            Just("[nope]"),
            Just("[[blog]]"),
        ]
        .prop_map(str::to_string),
        1 => tricky(),
    ];
    prop::collection::vec(line, 0..12).prop_map(|l| l.join("\n"))
}

fn template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        2 => tricky(),
        4 => prop_oneof![
            Just("{{ page.title }}"),
            Just("{{ page.content | safe }}"),
            Just("{{ page.nope }}"),
            Just("{{ page?.nope?.deeper }}"),
            Just("{{ site.title | upper }}"),
            Just("{{ site.title | no_such_filter }}"),
            Just("{{ config.title }}"),
            Just("{{ 1 / 0 }}"),
            Just("{{ page.title ~ 1 }}"),
            Just("{{ page.title[0] }}"),
            Just("{{ undefined_variable }}"),
            Just("{% if page.summary %}"),
            Just("{% endif %}"),
            Just("{% for t in page.requires %}{{ t.title }}{% endfor %}"),
            Just("{% for x in 1 %}{% endfor %}"),
            Just("{% block main %}"),
            Just("{% endblock main %}"),
            Just("{% include \"nope.html\" %}"),
            Just("{% set x = page.title %}{{ x }}"),
            Just("{{"),
            Just("}}"),
            Just("{%"),
            Just("{# 주석 #}"),
            Just("{#"),
        ]
        .prop_map(str::to_string),
    ];
    let body = prop::collection::vec(piece, 0..10).prop_map(|p| p.concat());
    (any::<bool>(), body).prop_map(|(extends, body)| {
        if extends {
            format!("{{% extends \"base.html\" %}}\n{{% block main %}}{body}{{% endblock main %}}\n")
        } else {
            body
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The targets
// ---------------------------------------------------------------------------------------------

#[test]
fn arbitrary_front_matter_never_panics_and_points_into_its_file() {
    let kinds = prop_oneof![
        Just("content/topics/x.md"),
        Just("content/blog/2026-11-21-x.md"),
        Just("content/stages/s.md"),
        Just("content/pages/p.md"),
        Just("content/books/b.md"),
        Just("content/projects/j.md"),
    ];
    run((kinds, content_file(tricky())), |(path, text)| {
        let site = base_site();
        site.write(path, &text);
        check(&site)
    });
}

#[test]
fn arbitrary_markdown_never_panics_and_points_into_its_file() {
    let page = prop_oneof![Just("content/topics/x.md"), Just("content/blog/x/index.md")];
    run((page, markdown()), |(path, body)| {
        let site = base_site();
        let fm = if path.contains("blog") {
            "+++\ntitle = \"글\"\ndate = 2026-11-21\n+++\n"
        } else {
            "+++\ntitle = \"주제\"\nstage = \"basics\"\n+++\n"
        };
        site.write(path, &format!("{fm}{body}"));
        check(&site)
    });
}

#[test]
fn arbitrary_config_never_panics_and_points_into_it() {
    run(config_file(), |text| {
        let site = base_site();
        site.write("config.toml", &text);
        check(&site)
    });
}

#[test]
fn arbitrary_templates_never_panic_and_point_into_their_file() {
    let name = prop_oneof![Just("topic.html"), Just("page.html"), Just("base.html")];
    run((name, template()), |(name, text)| {
        let site = base_site();
        site.write("content/pages/about.md", "+++\ntitle = \"소개\"\n+++\n본문\n");
        site.write(&format!("templates/{name}"), &text);
        build(&site)
    });
}

/// A rich, valid topic: every construct the parser has a pass for, CRLF-free.
const RICH: &str = "+++\ntitle = \"캐시 전략 🇰🇷\"\nstage = \"basics\"\norder = 2\nrequires = [\"caching\"]\nrelated = [\"db\"]\nbooks = [\"ddia\"]\ntags = [\"캐시\", \"Redis\"]\nsummary = \"요약\"\n\n[[resources]]\ntitle = \"문서\"\nurl = \"https://example.org/\"\nkind = \"docs\"\n+++\n## 개요\n\n### 링크 [[caching]]\n\n본문 [[caching#캐시-무효화|무효화]], [[book:ddia]], [[post:hello]], [DB](../topics/db.md#index), [여기](#개요).[^n]\n\n```rust\nfn main() { println!(\"안녕\"); }\n```\n\n| 표 | `[[caching]]` |\n|---|---|\n| 1 | 2 |\n\n> [!TIP]\n> 팁\n\n[^n]: 각주 [[db]]\n";

/// One edit of a text: insert, delete or duplicate at character positions.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), prop_oneof![tricky(), markdown_piece()]).prop_map(|(at, s)| Edit::Insert(at, s)),
        (any::<usize>(), 1usize..12).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1usize..24).prop_map(|(at, n)| Edit::Duplicate(at, n)),
    ]
}

/// Applies edits at character positions (taken modulo the text's length).
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let len = chars.len().max(1);
        match e {
            Edit::Insert(at, s) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, s.chars());
            }
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            Edit::Duplicate(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                chars.splice(end..end, copy);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn the_page_the_edits_start_from_is_valid() {
    let site = base_site();
    site.write("content/topics/rich.md", RICH);
    let run = site.build_clean();
    assert!(run.success);
    let page = site.html("topics/rich/index.html");
    assert_eq!(page.attrs("a[href$='/topics/db/#index']", "href").len(), 1);
}

#[test]
fn a_valid_page_edited_at_random_never_panics_and_points_into_its_file() {
    let line_ends = prop_oneof![4 => Just(false), 1 => Just(true)];
    run((prop::collection::vec(edit(), 1..6), line_ends), |(edits, crlf)| {
        let site = base_site();
        let text = mutate(RICH, &edits);
        let text = if crlf { text.replace('\n', "\r\n") } else { text };
        site.write("content/topics/rich.md", &text);
        build(&site)
    });
}

/// The id a built page gives its one `##` heading.
fn heading_id_in(out: &Path, page: &str) -> Option<String> {
    let html = std::fs::read_to_string(out.join(page)).ok()?;
    let doc = scraper::Html::parse_document(&html);
    let h2 = scraper::Selector::parse("article h2[id], main h2[id]").unwrap();
    doc.select(&h2)
        .next()
        .and_then(|e| e.value().attr("id"))
        .map(str::to_string)
}

#[test]
fn heading_ids_are_read_from_built_pages() {
    let site = base_site();
    site.build_ok();
    assert_eq!(
        heading_id_in(&site.public(), "topics/caching/index.html").as_deref(),
        Some("캐시-무효화")
    );
}

#[test]
fn every_heading_id_is_linkable_and_the_same_for_nfd_text() {
    let words = prop::collection::vec(prop_oneof![tricky(), "[가-힣]{1,4}", "[A-Za-zé]{1,6}"], 1..4)
        .prop_map(|w| w.join(" "))
        .prop_filter("a heading line", |t| {
            !t.trim().is_empty()
                && !t.contains([
                    '\n', '\r', '\0', '{', '}', '#', '[', ']', '`', '<', '\\', '*', '_', '~', '$',
                ])
        });
    run(words, |text| {
        use unicode_normalization::UnicodeNormalization;
        let ids: Vec<Option<String>> = [text.clone(), text.nfd().collect::<String>()]
            .iter()
            .map(|heading| {
                let site = base_site();
                site.write(
                    "content/topics/x.md",
                    &format!("+++\ntitle = \"X\"\nstage = \"basics\"\n+++\n## {heading}\n\n본문\n"),
                );
                let out = tempfile::tempdir().unwrap();
                let built = roadbook::build(&BuildOptions {
                    root: site.root().to_path_buf(),
                    output: Some(out.path().join("public")),
                    ..BuildOptions::default()
                });
                built
                    .ok()
                    .and_then(|_| heading_id_in(&out.path().join("public"), "topics/x/index.html"))
            })
            .collect();
        prop_assert_eq!(&ids[0], &ids[1], "NFC and NFD headings get different ids");
        let Some(id) = ids[0].clone() else { return Ok(()) };
        let site = base_site();
        site.write(
            "content/topics/x.md",
            &format!("+++\ntitle = \"X\"\nstage = \"basics\"\n+++\n## {text}\n\n본문\n"),
        );
        site.write(
            "content/topics/y.md",
            &format!("+++\ntitle = \"Y\"\nstage = \"basics\"\n+++\n[[x#{id}]] [링크](x.md#{id})\n"),
        );
        let (_, diags) = roadbook::check(&BuildOptions {
            root: site.root().to_path_buf(),
            ..BuildOptions::default()
        });
        let errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(|d| d.summary()).collect();
        prop_assert!(
            errors.is_empty(),
            "a link to the heading's own id #{} fails: {:?}",
            id,
            errors
        );
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// Crashers found by the properties above, kept as plain tests
// ---------------------------------------------------------------------------------------------

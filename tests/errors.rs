//! Bad input: every error names the file, line and column and says what to do; all errors of
//! a build are reported; a failed build leaves the previous output untouched.

mod support;

use support::TestSite;

/// A site with one valid stage, so topic errors are about the topic alone.
fn site() -> TestSite {
    let site = TestSite::new();
    site.write("content/stages/s.md", "+++\ntitle = \"S\"\norder = 1\n+++\n");
    site.write(
        "content/topics/ok.md",
        "+++\ntitle = \"OK\"\nstage = \"s\"\n+++\nFine. [[ok2]]\n",
    );
    site.write(
        "content/topics/ok2.md",
        "+++\ntitle = \"OK2\"\nstage = \"s\"\n+++\nFine too.\n",
    );
    site
}

#[test]
fn every_front_matter_error_class_is_reported_at_file_line_column() {
    let site = site();
    site.write(
        "content/topics/unknown-key.md",
        "+++\ntitle = \"a\"\nstage = \"s\"\ntitel = \"x\"\n+++\n",
    );
    site.write("content/topics/missing.md", "+++\nstage = \"s\"\n+++\n");
    site.write(
        "content/topics/wrong-type.md",
        "+++\ntitle = \"제목\"\nstage = \"s\"\norder = \"첫째\"\n+++\n",
    );
    site.write("content/topics/yaml.md", "---\ntitle: a\n---\n");
    site.write("content/topics/unclosed.md", "+++\ntitle = \"a\"\nstage = \"s\"\n");
    site.write_bytes("content/topics/latin1.md", b"+++\ntitle = \"caf\xe9\"\n+++\n");
    site.write("content/topics/syntax.md", "+++\ntitle = \"a\nstage = \"s\"\n+++\n");
    site.write("content/topics/Bad_Id.md", "+++\ntitle = \"a\"\nstage = \"s\"\n+++\n");
    let err = site.build_err();
    let expect = |needle: &str| assert!(err.contains(needle), "missing `{needle}` in:\n{err}");
    expect("unknown key `titel`");
    expect("content/topics/unknown-key.md:4:1");
    expect("did you mean `title`?");
    expect("missing required key `title`");
    expect("content/topics/missing.md:1:1");
    // Column counted in characters after Korean text: `order = "첫째"`, value at column 9.
    expect("`order` must be an integer, found a string");
    expect("content/topics/wrong-type.md:4:9");
    expect("YAML front matter is not supported");
    expect("content/topics/yaml.md:1:1");
    expect("unclosed front matter");
    expect("content/topics/unclosed.md:1:1");
    expect("not valid UTF-8 (byte 0xe9)");
    expect("content/topics/latin1.md:2:13");
    expect("invalid TOML");
    expect("content/topics/syntax.md:2:");
    expect("invalid topic id `Bad_Id`");
    // Every error, not only the first, and a count at the end.
    assert!(err.contains("8 errors"), "{err}");
}

#[test]
fn source_snippets_show_the_offending_line() {
    let site = site();
    site.write(
        "content/topics/snippet.md",
        "+++\ntitle = \"캐시\"\nstage = \"s\"\nrequired = [\"ok\"]\n+++\n",
    );
    let err = site.build_err();
    assert!(err.contains("4 | required = [\"ok\"]"), "{err}");
    assert!(err.contains("did you mean `requires`?"), "{err}");
}

#[test]
fn config_typos_are_errors_with_suggestions() {
    let site = site();
    site.write(
        "config.toml",
        "title = \"t\"\nbase_url = \"https://e.org/\"\nlanguag = \"ko\"\n[blog]\npaginat = 3\n",
    );
    let err = site.build_err();
    assert!(err.contains("config.toml:3:1"), "{err}");
    assert!(err.contains("did you mean `language`?"), "{err}");
    assert!(err.contains("config.toml:5:1"), "{err}");
    assert!(err.contains("did you mean `blog.paginate`?"), "{err}");
}

#[test]
fn unknown_highlight_theme_is_an_error() {
    let site = site();
    site.write(
        "config.toml",
        "title = \"t\"\n[markdown]\nhighlight_theme_light = \"InspiredGithub2\"\n",
    );
    let err = site.build_err();
    assert!(err.contains("unknown highlight theme `InspiredGithub2`"), "{err}");
    assert!(err.contains("did you mean `InspiredGitHub`?"), "{err}");
}

#[test]
fn template_errors_name_the_template_line_and_column() {
    let site = site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n  {{ page.title | nosuchfilter }}\n{% endblock main %}\n",
    );
    site.write("content/pages/p.md", "+++\ntitle = \"P\"\n+++\n");
    let err = site.build_err();
    assert!(err.contains("templates/page.html:3:"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = site();
    site.build_ok();
    let before = site.read("topics/ok/index.html");
    site.write(
        "content/topics/ok.md",
        "+++\ntitle = \"OK changed\"\nstage = \"nope\"\n+++\n",
    );
    let err = site.build_err();
    assert!(err.contains("unknown stage `nope`"), "{err}");
    assert_eq!(site.read("topics/ok/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".roadbook-lock") || n.contains(".roadbook-swap"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
}

#[test]
fn output_folders_holding_user_files_are_refused() {
    let site = site();
    site.write("static/keep.txt", "mine");
    for bad in [".", "content", "static", "templates", "themes", "content/topics"] {
        let out = site.root().join(bad);
        let run = site.run(&["build", "--output", out.to_str().unwrap()]);
        assert!(!run.success, "{bad} accepted");
        assert!(run.stderr.contains("refusing to build into"), "{bad}: {}", run.stderr);
    }
    assert!(site.root().join("static/keep.txt").exists());
    assert!(site.root().join("content/topics/ok.md").exists());
}

#[test]
fn graph_reference_errors_point_at_the_bad_value() {
    let site = site();
    site.write("content/topics/refs.md", "+++\ntitle = \"R\"\nstage = \"s\"\nrequires = [\"ok\", \"okk\"]\n+++\nSee [[nope]] and [[ok#missing-heading]].\n");
    let err = site.build_err();
    assert!(err.contains("content/topics/refs.md:4:19"), "{err}");
    assert!(err.contains("`requires` refers to an unknown topic `okk`"), "{err}");
    assert!(err.contains("did you mean `ok`"), "{err}");
    assert!(err.contains("content/topics/refs.md:6:5"), "{err}");
    assert!(err.contains("no page has the id `nope`"), "{err}");
    assert!(
        err.contains("`#missing-heading` is not a heading of topic `ok`"),
        "{err}"
    );
}

#[test]
fn a_front_matter_error_found_after_rendering_still_shows_its_line() {
    // `roadbook build` drops each Markdown body once it is rendered; graph errors, found
    // later, point into the front matter, which must still be there to quote.
    let site = site();
    let body = "Plain text with nothing wrong in it.\n\n".repeat(50);
    site.write(
        "content/topics/late.md",
        &format!("+++\ntitle = \"Late\"\nstage = \"s\"\nrequires = [\"okk\"]\n+++\n{body}"),
    );
    let err = site.build_err();
    assert!(err.contains("content/topics/late.md:4:13"), "{err}");
    assert!(
        err.contains("requires = [\"okk\"]"),
        "the snippet quotes the line: {err}"
    );
}

#[test]
fn requires_cycles_print_the_whole_cycle() {
    let site = site();
    site.write(
        "content/topics/a.md",
        "+++\ntitle = \"A\"\nstage = \"s\"\nrequires = [\"b\"]\n+++\n",
    );
    site.write(
        "content/topics/b.md",
        "+++\ntitle = \"B\"\nstage = \"s\"\nrequires = [\"c\"]\n+++\n",
    );
    site.write(
        "content/topics/c.md",
        "+++\ntitle = \"C\"\nstage = \"s\"\nrequires = [\"a\"]\n+++\n",
    );
    let err = site.build_err();
    assert!(err.contains("`requires` cycle: a → b → c → a"), "{err}");
    for label in ["a requires b", "b requires c", "c requires a"] {
        assert!(err.contains(label), "{label}: {err}");
    }
}

#[test]
fn anchors_on_other_pages_resolve_and_missing_ones_are_reported_at_the_link() {
    // A build parses each page once and checks other pages' anchors after rendering: valid
    // ones must resolve as before, a missing one must fail at its own line and column.
    let site = site();
    site.write(
        "content/topics/ok2.md",
        "+++\ntitle = \"OK2\"\nstage = \"s\"\n+++\n## Deep Part\n\nText.\n",
    );
    site.write(
        "content/topics/refs.md",
        "+++\ntitle = \"R\"\nstage = \"s\"\n+++\n## Here\n\n[[ok2#deep-part]] [t](ok2.md#deep-part) [[refs#here]]\n",
    );
    site.build_ok();
    let html = site.read("topics/refs/index.html");
    assert!(html.contains("/topics/ok2/#deep-part\">OK2</a>"), "{html}");
    assert!(html.contains("/topics/ok2/#deep-part\">t</a>"), "{html}");
    assert!(html.contains("/topics/refs/#here\">R</a>"), "{html}");
    site.write(
        "content/topics/refs.md",
        "+++\ntitle = \"R\"\nstage = \"s\"\n+++\n## Here\n\n[[ok2#deep-part]] [[ok2#deep-pat]]\n",
    );
    let err = site.build_err();
    assert!(err.contains("content/topics/refs.md:7:19"), "{err}");
    assert!(err.contains("`#deep-pat` is not a heading of topic `ok2`"), "{err}");
    assert!(err.contains("`#deep-part`"), "{err}");
}

/// The error lines (`error: …`) of a build's report, in order.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("error: ")).collect()
}

#[test]
fn a_page_that_fails_to_load_is_one_error_not_its_echoes() {
    let site = site();
    site.write(
        "content/topics/caching.md",
        "+++\ntitle = \"캐싱 전략\nstage = \"s\"\n+++\n본문\n",
    );
    // Eight pages wait on it: front-matter references, wikilinks and a relative link.
    for k in 0..4 {
        site.write(
            &format!("content/topics/t{k}.md"),
            &format!("+++\ntitle = \"T{k}\"\nstage = \"s\"\nrequires = [\"caching\"]\n+++\n[[caching]] 참고\n"),
        );
    }
    site.write(
        "content/blog/note.md",
        "+++\ntitle = \"N\"\ndate = 2026-01-01\ntopics = [\"caching\"]\n+++\n[캐시](../topics/caching.md)\n",
    );
    let err = site.build_err();
    let errors = error_lines(&err);
    assert_eq!(errors.len(), 1, "one error, the file's own:\n{err}");
    assert!(
        errors[0].contains("invalid TOML in the front matter of a topic"),
        "{err}"
    );
    assert!(err.contains("content/topics/caching.md:2:"), "{err}");
    assert!(
        err.contains("10 references to topic `caching` in other pages wait on this file"),
        "the note counts what waits on it:\n{err}"
    );
    assert!(!err.contains("unknown topic"), "{err}");
}

#[test]
fn errors_come_by_cause_files_that_do_not_parse_first() {
    let site = site();
    // Alphabetically first: a broken link; then an unknown key; last, a file that does not parse.
    site.write(
        "content/topics/a-link.md",
        "+++\ntitle = \"A\"\nstage = \"s\"\n+++\n[[nowhere]]\n",
    );
    site.write(
        "content/topics/b-schema.md",
        "+++\ntitle = \"B\"\nstage = \"s\"\ntitel = \"x\"\n+++\n",
    );
    site.write(
        "content/topics/c-graph.md",
        "+++\ntitle = \"C\"\nstage = \"s\"\nrequires = [\"ghost\"]\n+++\n",
    );
    site.write("content/topics/z-syntax.md", "+++\ntitle = \"Z\nstage = \"s\"\n+++\n");
    let err = site.build_err();
    let errors = error_lines(&err);
    let at = |needle: &str| {
        errors
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}:\n{err}"))
    };
    let order = [
        at("invalid TOML"),
        at("unknown key `titel`"),
        at("unknown topic `ghost`"),
        at("`nowhere`"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{err}");
}

#[test]
fn an_invalid_config_still_lets_the_content_be_checked() {
    let site = site();
    site.write("config.toml", "title = \"T\"\n[blog]\npaginate = 10x\n");
    site.write(
        "content/topics/broken.md",
        "+++\ntitle = \"B\"\nstage = \"s\"\ntitel = \"x\"\n+++\n",
    );
    let err = site.build_err();
    assert!(
        err.contains("error: invalid TOML in config.toml: `10x` is not a number"),
        "{err}"
    );
    assert!(err.contains("config.toml:3:12"), "{err}");
    assert!(
        err.contains("unknown key `titel`"),
        "the content is checked in the same run:\n{err}"
    );
}

//! The dev server's incremental rebuild produces exactly what a full build produces, after
//! every kind of edit a writer makes.

mod support;

use std::path::PathBuf;

use roadbook::assemble::SiteOptions;
use roadbook::serve::project::Project;
use support::TestSite;

fn options() -> SiteOptions {
    SiteOptions {
        drafts: false,
        base_url: Some("http://127.0.0.1:1111/".into()),
        ..SiteOptions::default()
    }
}

/// Every served path and its bytes.
fn contents(project: &Project) -> Vec<(String, Vec<u8>)> {
    let snapshot = project.snapshot().expect("a good build");
    let mut paths: Vec<String> = snapshot.paths().map(str::to_string).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let body = snapshot.get(&p).expect("listed path is served").body.to_vec();
            (p, body)
        })
        .collect()
}

/// Asserts the incremental project serves what a fresh full build of the same files serves.
fn assert_same_as_full(site: &TestSite, incremental: &Project, step: &str) {
    let mut fresh = Project::new(site.root(), options());
    fresh.build_all().unwrap_or_else(|d| {
        panic!(
            "{step}: full build failed: {}",
            d.iter().map(|d| d.summary()).collect::<Vec<_>>().join("\n")
        )
    });
    let (a, b) = (contents(incremental), contents(&fresh));
    let paths_a: Vec<&String> = a.iter().map(|(p, _)| p).collect();
    let paths_b: Vec<&String> = b.iter().map(|(p, _)| p).collect();
    assert_eq!(paths_a, paths_b, "{step}: the set of files differs");
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{step}: {path} differs from a full build:\n--- incremental\n{}\n--- full\n{}",
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y)
        );
    }
}

fn rebuild(site: &TestSite, project: &mut Project, paths: &[&str]) -> roadbook::serve::project::Update {
    let changed: Vec<PathBuf> = paths.iter().map(|p| site.root().join(p)).collect();
    project.rebuild(&changed).unwrap_or_else(|d| {
        panic!(
            "rebuild failed: {}",
            d.iter().map(|d| d.summary()).collect::<Vec<_>>().join("\n")
        )
    })
}

#[test]
fn scripted_edits_match_full_builds() {
    let site = TestSite::fixture("engine");
    let mut project = Project::new(site.root(), options());
    let first = project.build_all().expect("first build");
    assert!(first.pages > 20);
    assert_same_as_full(&site, &project, "first build");

    // A body edit re-renders the page (and nothing that does not show it).
    let topic = std::fs::read_to_string(site.root().join("content/topics/caching.md")).unwrap();
    site.write(
        "content/topics/caching.md",
        &topic.replace("~~old~~", "~~old~~ and a new sentence"),
    );
    let update = rebuild(&site, &mut project, &["content/topics/caching.md"]);
    assert!(
        update.changed.contains(&"topics/caching/index.html".to_string()),
        "{:?}",
        update.changed
    );
    assert!(
        !update.changed.contains(&"books/ddia/index.html".to_string()),
        "{:?}",
        update.changed
    );
    assert_eq!(update.pages, 1, "a body edit re-renders only its page");
    assert_same_as_full(&site, &project, "body edit");
    // Undo (back to the exact previous text) through a full rebuild (a config touch forces one).
    site.write("content/topics/caching.md", &topic);
    rebuild(&site, &mut project, &["content/topics/caching.md", "config.toml"]);
    assert_same_as_full(&site, &project, "undo of a body edit");
    site.write(
        "content/topics/caching.md",
        &topic.replace("~~old~~", "~~old~~ and a new sentence"),
    );
    rebuild(&site, &mut project, &["content/topics/caching.md"]);

    // An edit of the first paragraph changes the summary other pages list: they follow.
    let edited = std::fs::read_to_string(site.root().join("content/topics/caching.md")).unwrap();
    site.write(
        "content/topics/caching.md",
        &edited.replace("Read [[db-intro", "First, read [[db-intro"),
    );
    let update = rebuild(&site, &mut project, &["content/topics/caching.md"]);
    assert!(
        update.pages > 1,
        "pages listing the summary follow ({} rendered)",
        update.pages
    );
    assert_same_as_full(&site, &project, "summary edit");

    // A title change shows up in every page that links to or lists the topic.
    site.write(
        "content/topics/caching.md",
        &topic.replace("title = \"캐싱 전략\"", "title = \"캐싱 전략 2판\""),
    );
    rebuild(&site, &mut project, &["content/topics/caching.md"]);
    assert_same_as_full(&site, &project, "title change");

    // A post's title, date and tags change: its card on the topic's notes, the home page, the
    // blog list, the archive and the tag pages follow (the renderer precomputes cards).
    let post_path = "content/blog/2026-11-20-캐싱-입문.md";
    let post = std::fs::read_to_string(site.root().join(post_path)).unwrap();
    site.write(
        post_path,
        &post
            .replace(
                "title = \"캐싱 입문\"",
                "title = \"캐싱 입문 (개정)\"\ndate = 2026-11-23",
            )
            .replace("tags = [\"Redis\", \"캐시\"]", "tags = [\"Redis\", \"캐시 전략\"]"),
    );
    rebuild(&site, &mut project, &[post_path]);
    assert_same_as_full(&site, &project, "post card change");

    // A new topic with a requires edge; a new post; a deleted post.
    site.write(
        "content/topics/cdn.md",
        "+++\ntitle = \"CDN\"\nstage = \"advanced\"\nrequires = [\"caching\"]\n+++\nEdge caches. See [[caching]].\n",
    );
    site.write(
        "content/blog/2026-11-25-new.md",
        "+++\ntitle = \"New post\"\ntopics = [\"cdn\"]\ntags = [\"cdn\"]\n+++\nHello.\n",
    );
    std::fs::remove_file(site.root().join("content/blog/older.md")).unwrap();
    rebuild(
        &site,
        &mut project,
        &[
            "content/topics/cdn.md",
            "content/blog/2026-11-25-new.md",
            "content/blog/older.md",
        ],
    );
    assert_same_as_full(&site, &project, "create and delete");

    // A rename (as editors and `git mv` do): the old path disappears, the new one appears.
    std::fs::rename(
        site.root().join("content/topics/cdn.md"),
        site.root().join("content/topics/edge-cdn.md"),
    )
    .unwrap();
    let post = std::fs::read_to_string(site.root().join("content/blog/2026-11-25-new.md")).unwrap();
    site.write(
        "content/blog/2026-11-25-new.md",
        &post.replace("\"cdn\"]\ntags", "\"edge-cdn\"]\ntags"),
    );
    rebuild(
        &site,
        &mut project,
        &[
            "content/topics/cdn.md",
            "content/topics/edge-cdn.md",
            "content/blog/2026-11-25-new.md",
        ],
    );
    assert_same_as_full(&site, &project, "rename");

    // A heading that another page links to changes: the link breaks (an error, nothing served
    // changes), then the linking page is fixed.
    let db = std::fs::read_to_string(site.root().join("content/topics/db-intro.md")).unwrap();
    site.write(
        "content/topics/db-intro.md",
        &db.replace("## 인덱스란 무엇인가", "## 인덱스 이야기"),
    );
    let before = contents(&project);
    let err = project
        .rebuild(&[site.root().join("content/topics/db-intro.md")])
        .unwrap_err();
    assert!(
        err.iter().any(|d| d.message.contains("is not a heading")),
        "{:?}",
        err.iter().map(|d| d.summary()).collect::<Vec<_>>()
    );
    assert_eq!(contents(&project), before, "a failed rebuild changes nothing");
    site.write(
        "content/topics/caching.md",
        &std::fs::read_to_string(site.root().join("content/topics/caching.md"))
            .unwrap()
            .replace("db-intro#인덱스란-무엇인가", "db-intro#인덱스-이야기"),
    );
    rebuild(&site, &mut project, &["content/topics/caching.md"]);
    assert_same_as_full(&site, &project, "heading rename");

    // Templates, config and static files.
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}<article class=\"v2\">{{ page.content | safe }}</article>{% endblock main %}\n");
    rebuild(&site, &mut project, &["templates/page.html"]);
    assert_same_as_full(&site, &project, "template edit");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", &config.replace("paginate = 2", "paginate = 1"));
    rebuild(&site, &mut project, &["config.toml"]);
    assert_same_as_full(&site, &project, "config edit");
    site.write("static/extra.css", "body { color: red }\n");
    let update = rebuild(&site, &mut project, &["static/extra.css"]);
    assert_eq!(update.changed, ["extra.css"]);
    assert!(update.css_only);
    assert_same_as_full(&site, &project, "stylesheet");

    // A bundle gains an image.
    site.write(
        "content/blog/bundle-post/second.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let bundle = std::fs::read_to_string(site.root().join("content/blog/bundle-post/index.md")).unwrap();
    site.write(
        "content/blog/bundle-post/index.md",
        &format!("{bundle}\n![second](second.svg)\n"),
    );
    rebuild(
        &site,
        &mut project,
        &[
            "content/blog/bundle-post/second.svg",
            "content/blog/bundle-post/index.md",
        ],
    );
    assert_same_as_full(&site, &project, "bundle asset");
}

#[test]
fn front_matter_errors_keep_the_last_good_site_and_clear_when_fixed() {
    let site = TestSite::fixture("engine");
    let mut project = Project::new(site.root(), options());
    project.build_all().unwrap();
    let good = contents(&project);
    let path = "content/topics/db-intro.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &text.replacen("stage = \"basics\"", "stage = \"basics\"\ntitel = \"x\"", 1),
    );
    let err = project.rebuild(&[site.root().join(path)]).unwrap_err();
    assert!(err.iter().any(|d| {
        d.summary()
            .starts_with("content/topics/db-intro.md:4:1: unknown key `titel`")
    }));
    assert_eq!(contents(&project), good);
    site.write(path, &text);
    rebuild(&site, &mut project, &[path]);
    assert_eq!(contents(&project), good);
}

#[test]
fn a_new_theme_stylesheet_is_a_css_only_change() {
    let site = TestSite::fixture("engine");
    let mut project = Project::new(site.root(), options());
    project.build_all().unwrap();
    let builtin = roadbook::theme::STATIC
        .iter()
        .find(|(n, _)| *n == "css/style.css")
        .unwrap()
        .1;
    site.write(
        "themes/default/static/css/style.css",
        &format!("{}\nbody {{ color: red }}\n", String::from_utf8_lossy(builtin)),
    );
    let update = rebuild(&site, &mut project, &["themes", "themes/default/static/css/style.css"]);
    assert_eq!(update.changed, ["css/style.css"]);
    assert!(update.css_only);
    assert_same_as_full(&site, &project, "theme stylesheet");
}

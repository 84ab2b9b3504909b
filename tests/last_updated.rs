//! Last-updated dates (issue 4): a post's later `updated` field, else its file's last git commit; none where a shallow clone cannot know it.

mod support;

use std::path::Path;
use std::process::Command;

use support::Page;
use support::blog::*;

#[test]
fn last_updated_shows_a_later_updated_field_without_git() {
    let b = blog();
    let page = b.html("blog/more-marker/index.html");
    assert_eq!(page.attrs(".last-updated time", "datetime"), ["2026-10-20T00:00:00Z"]);
    assert_eq!(page.text(".last-updated"), "마지막 수정 2026년 10월 20일");
    // `updated` on the publication day is not worth a line.
    assert!(b.html("blog/zz-alpha/index.html").all(".last-updated").is_empty());
    // The fixture is copied out of the repository, so nothing has a commit date.
    assert!(
        b.html("blog/first-paragraph/index.html")
            .all(".last-updated")
            .is_empty()
    );
    assert!(b.html("topics/caching/index.html").all(".last-updated").is_empty());
}

/// Writes `text` to `root/rel`, creating folders.
fn write_file(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A page of `site/public`, parsed.
fn output_page(site: &Path, rel: &str) -> Page {
    Page(scraper::Html::parse_document(
        &std::fs::read_to_string(site.join("public").join(rel)).unwrap(),
    ))
}

/// Runs git in `dir` with a fixed identity and no user or system configuration.
fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Tester",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn last_updated_comes_from_the_last_git_commit_when_there_is_no_updated_field() {
    if !support::tools::runs("git", "--version", "install git") {
        return;
    }
    // The repository's top level is above the site root, as in a repo with the site in a folder.
    let repo = tempfile::tempdir().unwrap();
    let site = repo.path().join("handbook");
    let write = |rel: &str, text: &str| write_file(&site, rel, text);
    write("config.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\n");
    write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write("content/stages/s.md", "+++\ntitle = \"S\"\norder = 1\n+++\n");
    write("content/topics/t.md", "+++\ntitle = \"T\"\nstage = \"s\"\n+++\n");
    write(
        "content/blog/edited.md",
        "+++\ntitle = \"E\"\ndate = 2026-01-01\n+++\nv1\n",
    );
    write(
        "content/blog/같은-날.md",
        "+++\ntitle = \"K\"\ndate = 2026-03-04\n+++\n",
    );
    write(
        "content/blog/field.md",
        "+++\ntitle = \"F\"\ndate = 2026-01-01\nupdated = 2026-02-02\n+++\n",
    );
    git(repo.path(), &["init", "-q"], "2026-03-04T05:06:07+09:00");
    git(repo.path(), &["add", "-A"], "2026-03-04T05:06:07+09:00");
    git(repo.path(), &["commit", "-q", "-m", "one"], "2026-03-04T05:06:07+09:00");
    write(
        "content/blog/edited.md",
        "+++\ntitle = \"E\"\ndate = 2026-01-01\n+++\nv2\n",
    );
    git(
        repo.path(),
        &["commit", "-q", "-am", "two"],
        "2026-05-06T07:08:09+09:00",
    );
    // Written after the last commit: no commit date.
    write(
        "content/blog/uncommitted.md",
        "+++\ntitle = \"U\"\ndate = 2026-01-01\n+++\n",
    );

    let out = support::run_roadbook(["build".as_ref(), "--root".as_ref(), site.as_os_str()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = |rel: &str| output_page(&site, rel);
    let updated = |rel: &str| page(rel).attrs(".last-updated time", "datetime");
    // The newest of the file's two commits.
    assert_eq!(updated("blog/edited/index.html"), ["2026-05-05T22:08:09Z"]);
    assert_eq!(
        page("blog/edited/index.html").text(".last-updated"),
        "마지막 수정 2026년 5월 6일"
    );
    // Committed on its publication day: no line.
    assert!(updated("blog/같은-날/index.html").is_empty());
    // A front-matter `updated` wins over git.
    assert_eq!(updated("blog/field/index.html"), ["2026-02-02T00:00:00Z"]);
    assert!(updated("blog/uncommitted/index.html").is_empty());
    // Topics show their last commit too.
    assert_eq!(updated("topics/t/index.html"), ["2026-03-03T20:06:07Z"]);
    let sitemap = std::fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/topics/t/</loc><lastmod>2026-03-04</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/blog/edited/</loc><lastmod>2026-05-06</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn a_shallow_clone_gives_no_date_where_git_cannot_know_it() {
    if !support::tools::runs("git", "--version", "install git") {
        return;
    }
    let origin = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| write_file(origin.path(), rel, text);
    write("config.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\n");
    write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write("content/stages/s.md", "+++\ntitle = \"S\"\norder = 1\n+++\n");
    write("content/topics/t.md", "+++\ntitle = \"T\"\nstage = \"s\"\n+++\n");
    for slug in ["old", "mid", "new"] {
        write(
            &format!("content/blog/{slug}.md"),
            &format!("+++\ntitle = \"{slug}\"\ndate = 2026-01-01\n+++\nv1\n"),
        );
    }
    git(origin.path(), &["init", "-q"], "2026-02-01T00:00:00Z");
    git(origin.path(), &["add", "-A"], "2026-02-01T00:00:00Z");
    git(origin.path(), &["commit", "-q", "-m", "all"], "2026-02-01T00:00:00Z");
    write(
        "content/blog/mid.md",
        "+++\ntitle = \"mid\"\ndate = 2026-01-01\n+++\nv2\n",
    );
    git(origin.path(), &["commit", "-q", "-am", "mid"], "2026-03-01T00:00:00Z");
    write(
        "content/blog/new.md",
        "+++\ntitle = \"new\"\ndate = 2026-01-01\n+++\nv2\n",
    );
    git(origin.path(), &["commit", "-q", "-am", "new"], "2026-04-01T00:00:00Z");

    // Two commits deep: "new" is whole, "mid" is the boundary and shows every file as added.
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "2", &url, "site"],
        "2026-05-01T00:00:00Z",
    );
    let site = clones.path().join("site");
    let out = support::run_roadbook(["build".as_ref(), "--root".as_ref(), site.as_os_str()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let updated = |rel: &str| output_page(&site, rel).attrs(".last-updated time", "datetime");
    assert_eq!(updated("blog/new/index.html"), ["2026-04-01T00:00:00Z"]);
    // Not the boundary's date, which a full clone would show as wrong for "old".
    assert!(updated("blog/old/index.html").is_empty());
    assert!(updated("blog/mid/index.html").is_empty());
    assert!(updated("topics/t/index.html").is_empty());
}

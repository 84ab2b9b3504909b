//! `roadbook init DIR`: a new site that builds cleanly, and a refusal to touch a folder that
//! already holds files.

use std::path::Path;
use std::process::{Command, Output};

fn roadbook(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run roadbook")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn init(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["init".as_ref(), dir.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    roadbook(&args)
}

fn build(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build".as_ref(), "--root".as_ref(), root.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    roadbook(&args)
}

#[test]
fn an_initialized_site_builds_without_warnings() {
    for language in ["ko", "en"] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("my-roadmap");
        let out = init(&root, &["--language", language]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.contains("created a new roadbook site in"), "{stdout}");
        assert!(stdout.contains("roadbook serve"), "next steps: {stdout}");
        for file in [
            "config.toml",
            "content/_index.md",
            "content/stages/basics.md",
            "content/topics/git-basics.md",
            "content/topics/github-flow.md",
            "content/blog/hello-roadbook.md",
            ".github/workflows/pages.yml",
            ".gitignore",
        ] {
            assert!(root.join(file).is_file(), "{language}: {file} missing");
        }
        let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
        assert!(config.contains("title = \"my-roadmap\""), "{config}");
        assert!(config.contains(&format!("language = \"{language}\"")), "{config}");
        assert!(config.contains("theme = \"default\""), "{config}");
        let workflow = std::fs::read_to_string(root.join(".github/workflows/pages.yml")).unwrap();
        for step in [
            "actions/configure-pages@",
            "--base-url \"${{ steps.pages.outputs.base_url }}/\"",
            "actions/upload-pages-artifact@",
            "actions/deploy-pages@",
            "pages: write",
            "id-token: write",
            // The release binary of the roadbook that wrote the site, and a warm cache.
            &format!("ROADBOOK_VERSION: \"{}\"", env!("CARGO_PKG_VERSION")),
            "sha256sum",
            "cargo install --locked roadbook --version \"=$ROADBOOK_VERSION\"",
            "path: .roadbook-cache",
            "restore-keys: |",
        ] {
            assert!(workflow.contains(step), "workflow lacks {step}");
        }

        // Built as a project site: no warning, every page there, the edge drawn.
        let out = build(&root, &["--base-url", "https://someone.github.io/my-roadmap/"]);
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "{language}: {stderr}");
        assert!(stderr.trim().is_empty(), "{language}: warnings: {stderr}");
        assert!(
            text(&out.stdout).starts_with("built 18 pages (2 topics, 1 stage, 1 post)"),
            "{}",
            text(&out.stdout)
        );
        let public = root.join("public");
        for page in [
            "index.html",
            "stages/basics/index.html",
            "topics/git-basics/index.html",
            "topics/github-flow/index.html",
            "blog/hello-roadbook/index.html",
            "print/index.html",
            "404.html",
            "atom.xml",
            "sitemap.xml",
        ] {
            assert!(public.join(page).is_file(), "{language}: {page} missing");
        }
        let topic = std::fs::read_to_string(public.join("topics/github-flow/index.html")).unwrap();
        assert!(
            topic.contains("href=\"/my-roadmap/topics/git-basics/\""),
            "github-flow links its prerequisite"
        );
    }
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let out = init(tmp.path(), &[]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("the folder is not empty"), "{stderr}");
    assert!(stderr.contains("`notes.txt`"), "{stderr}");
    assert!(!tmp.path().join("config.toml").exists(), "nothing written");
    assert_eq!(std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(), "mine");

    // An empty repository (only `.git`) is fine.
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    assert!(init(repo.path(), &["--title", "\"Quoted\" 로드맵"]).status.success());
    let config = std::fs::read_to_string(repo.path().join("config.toml")).unwrap();
    assert!(config.contains(r#"title = "\"Quoted\" 로드맵""#), "{config}");
    assert!(build(repo.path(), &[]).status.success());
}

//! `roadbook init DIR`: scaffolds a new site that builds as it is — `config.toml`, a home
//! page, one stage, two topics joined by a `requires` edge, one post, a GitHub Pages workflow
//! and a `.gitignore`. The files are templates beside this module, embedded in the binary;
//! the default theme is built in, so no theme files are written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// What to scaffold.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to create (or an empty one to fill).
    pub dir: PathBuf,
    /// The site's title; default: the folder's name.
    pub title: Option<String>,
    /// UI and sample-content language: `ko` or `en`.
    pub language: String,
}

/// The languages `init` has sample content for.
pub const LANGUAGES: [&str; 2] = ["ko", "en"];

struct Sample {
    home: &'static str,
    stage: &'static str,
    first: &'static str,
    second: &'static str,
    post: &'static str,
}

const KO: Sample = Sample {
    home: include_str!("ko/_index.md"),
    stage: include_str!("ko/basics.md"),
    first: include_str!("ko/git-basics.md"),
    second: include_str!("ko/github-flow.md"),
    post: include_str!("ko/hello-roadbook.md"),
};

const EN: Sample = Sample {
    home: include_str!("en/_index.md"),
    stage: include_str!("en/basics.md"),
    first: include_str!("en/git-basics.md"),
    second: include_str!("en/github-flow.md"),
    post: include_str!("en/hello-roadbook.md"),
};

const CONFIG: &str = include_str!("config.toml");
const GITIGNORE: &str = include_str!("gitignore");
const PAGES_WORKFLOW: &str = include_str!("pages.yml");

/// Writes a new site into `opts.dir` and returns the files written (relative to it). Refuses
/// a folder that holds anything but hidden entries (an empty `git init` is fine), and never
/// overwrites a file.
pub fn init(opts: &InitOptions) -> Result<Vec<PathBuf>, Diagnostic> {
    let sample = match opts.language.as_str() {
        "ko" => &KO,
        "en" => &EN,
        other => {
            return Err(Diagnostic::error(format!("no sample content for language `{other}`"))
                .with_help("use --language ko or --language en (you can change `language` in config.toml later)"));
        }
    };
    let dir = &opts.dir;
    check_empty(dir)?;
    let name = folder_name(dir);
    let title = opts.title.clone().unwrap_or_else(|| name.clone());
    let slug = Some(crate::util::slug::title_slug(&name))
        .filter(|s| !s.is_empty() && s.is_ascii())
        .unwrap_or_else(|| "handbook".to_string());
    let description = match opts.language.as_str() {
        "ko" => "단계별 학습 로드맵과 학습 블로그",
        _ => "A learning roadmap and study blog",
    };
    let today = jiff::ZonedDateTime::now().date().to_string();
    let config = fill(
        CONFIG,
        &[
            ("title", &toml_string(&title)),
            ("description", &toml_string(description)),
            ("base_url", &toml_string(&format!("https://example.github.io/{slug}/"))),
            ("language", &toml_string(&opts.language)),
        ],
    );
    let files: Vec<(&str, String)> = vec![
        ("config.toml", config),
        (
            "content/_index.md",
            fill(sample.home, &[("title", &toml_string(&title))]),
        ),
        ("content/stages/basics.md", sample.stage.to_string()),
        ("content/topics/git-basics.md", sample.first.to_string()),
        ("content/topics/github-flow.md", sample.second.to_string()),
        ("content/blog/hello-roadbook.md", fill(sample.post, &[("date", &today)])),
        (".github/workflows/pages.yml", pages_workflow()),
        (".gitignore", GITIGNORE.to_string()),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        write_new(&path, &text)
            .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())).with_path(&path))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// The GitHub Pages workflow, pinned to this roadbook's version: it downloads (or, failing
/// that, compiles) the roadbook that wrote the site, so the site keeps building the same way
/// until its owner changes `ROADBOOK_VERSION`.
pub fn pages_workflow() -> String {
    fill(
        PAGES_WORKFLOW,
        &[
            ("version", env!("CARGO_PKG_VERSION")),
            ("commit", env!("ROADBOOK_COMMIT")),
        ],
    )
}

/// What to do after `init`, for the message the command prints.
pub fn next_steps(dir: &Path) -> String {
    let shown = dir.display();
    format!(
        "next steps:\n\
         \x20 cd {shown}\n\
         \x20 roadbook serve               # preview at http://127.0.0.1:1111/ with live reload\n\
         \x20 roadbook new topic ID --stage basics   # add a topic (or copy content/topics/git-basics.md)\n\
         \x20 roadbook build               # write the site to public/\n\
         \n\
         to publish on GitHub Pages: push to a GitHub repository, then choose\n\
         Settings → Pages → Source: \"GitHub Actions\"; .github/workflows/pages.yml builds and\n\
         deploys every push to main."
    )
}

/// Refuses a file, or a folder with visible entries or with the hidden entries `init` writes.
fn check_empty(dir: &Path) -> Result<(), Diagnostic> {
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::error(format!("{} exists and is not a folder", dir.display())).with_path(dir));
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut taken: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') || n == ".gitignore" || n == ".github")
        .collect();
    if taken.is_empty() {
        return Ok(());
    }
    taken.sort();
    let shown: Vec<String> = taken.iter().take(5).map(|n| format!("`{n}`")).collect();
    Err(Diagnostic::error(format!(
        "refusing to create a site in {}: the folder is not empty",
        dir.display()
    ))
    .with_note(format!(
        "it holds {}{}",
        shown.join(", "),
        if taken.len() > 5 { ", …" } else { "" }
    ))
    .with_help("choose a new or empty folder, e.g. `roadbook init my-roadmap`"))
}

fn folder_name(dir: &Path) -> String {
    let absolute = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(dir)
    };
    absolute
        .components()
        .rev()
        .find_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .unwrap_or_else(|| "handbook".to_string())
}

/// Replaces `{name}` placeholders.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_string(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_toml_strings() {
        assert_eq!(toml_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(fill("t = {title}\n", &[("title", "\"x\"")]), "t = \"x\"\n");
    }

    #[test]
    fn the_workflow_names_this_version_once() {
        let workflow = pages_workflow();
        assert!(!workflow.contains("{version}"));
        let pin = format!("ROADBOOK_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"));
        assert_eq!(workflow.matches(&pin).count(), 1, "{workflow}");
        assert_eq!(
            workflow.matches(env!("CARGO_PKG_VERSION")).count(),
            1,
            "the version is pinned in one place"
        );
        // The commit that wrote it, for a version not released yet (empty when unknown).
        assert!(!workflow.contains("{commit}"));
        let commit = format!("ROADBOOK_COMMIT: \"{}\"", env!("ROADBOOK_COMMIT"));
        assert_eq!(workflow.matches(&commit).count(), 1, "{workflow}");
    }

    #[test]
    fn hidden_entries_do_not_count_but_ours_do() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        assert!(check_empty(dir.path()).is_ok());
        std::fs::write(dir.path().join(".gitignore"), "").unwrap();
        assert!(check_empty(dir.path()).is_err());
        assert!(check_empty(&dir.path().join("new")).is_ok());
    }
}

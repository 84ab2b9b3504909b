//! `config.toml`: the site's settings (SPEC §7).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::schema::{self, Embedded, Field, Ty, opt, req};

/// The whole of `config.toml`, with defaults filled in.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The site's name, shown in the header and in titles.
    pub title: String,
    /// One sentence about the site, for meta descriptions and the feed.
    pub description: String,
    /// Where the site will live, e.g. `https://user.github.io/handbook/`; its path is the base
    /// path every internal URL starts with.
    pub base_url: String,
    /// UI language: picks `themes/<theme>/i18n/<language>.toml`.
    pub language: String,
    /// The theme folder under `themes/`.
    pub theme: String,
    /// Author for feeds and meta tags.
    pub author: String,
    /// Build settings.
    pub build: BuildConfig,
    /// Blog settings.
    pub blog: BlogConfig,
    /// Markdown settings.
    pub markdown: MarkdownConfig,
    /// Dev server settings.
    pub serve: ServeConfig,
    /// Where the site's source lives, for "edit this page" links.
    pub repository: Option<RepositoryConfig>,
}

/// `[build]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct BuildConfig {
    /// Output folder, relative to the site root.
    pub output_dir: String,
    /// Custom domain written to `CNAME` for GitHub Pages.
    pub cname: Option<String>,
}

/// `[blog]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct BlogConfig {
    /// Posts per page on `/blog/`.
    pub paginate: usize,
}

/// `[markdown]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MarkdownConfig {
    /// syntect theme whose colours the light code stylesheet takes.
    pub highlight_theme_light: String,
    /// syntect theme whose colours the dark code stylesheet takes.
    pub highlight_theme_dark: String,
}

/// `[serve]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct ServeConfig {
    /// Port `roadbook serve` tries first.
    pub port: u16,
}

/// `[repository]`
#[derive(Debug, Clone, Deserialize)]
pub struct RepositoryConfig {
    /// Web URL of the repository, e.g. `https://github.com/user/handbook`.
    pub url: String,
    /// Branch the content is edited on.
    #[serde(default = "default_branch")]
    pub branch: String,
}

fn default_branch() -> String {
    "main".into()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "roadbook".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "ko".into(),
            theme: "default".into(),
            author: String::new(),
            build: BuildConfig::default(),
            blog: BlogConfig::default(),
            markdown: MarkdownConfig::default(),
            serve: ServeConfig::default(),
            repository: None,
        }
    }
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            output_dir: "public".into(),
            cname: None,
        }
    }
}

impl Default for BlogConfig {
    fn default() -> Self {
        BlogConfig { paginate: 10 }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_theme_light: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
        }
    }
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig { port: 1111 }
    }
}

const BUILD: &[Field] = &[opt("output_dir", Ty::Str), opt("cname", Ty::Str)];
const BLOG: &[Field] = &[opt("paginate", Ty::Int)];
const MARKDOWN: &[Field] = &[
    opt("highlight_theme_light", Ty::Str),
    opt("highlight_theme_dark", Ty::Str),
];
const SERVE: &[Field] = &[opt("port", Ty::Int)];
const REPOSITORY: &[Field] = &[req("url", Ty::Str), opt("branch", Ty::Str)];
const FIELDS: &[Field] = &[
    opt("title", Ty::Str),
    opt("description", Ty::Str),
    opt("base_url", Ty::Str),
    opt("language", Ty::Str),
    opt("theme", Ty::Str),
    opt("author", Ty::Str),
    opt("build", Ty::Table(BUILD)),
    opt("blog", Ty::Table(BLOG)),
    opt("markdown", Ty::Table(MARKDOWN)),
    opt("serve", Ty::Table(SERVE)),
    opt("repository", Ty::Table(REPOSITORY)),
];

impl Config {
    /// Reads `<root>/config.toml`. A missing file is an error: it is what marks a site root.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join("config.toml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return Err(vec![
                        Diagnostic::error("config.toml is not valid UTF-8")
                            .with_path("config.toml")
                            .with_help("save the file as UTF-8"),
                    ]);
                }
            },
            Err(err) => {
                return Err(vec![
                    Diagnostic::error(format!("cannot read config.toml: {err}"))
                        .with_path(path)
                        .with_help(
                            "run roadbook in a site folder, pass --root DIR, or create one with `roadbook init DIR`",
                        ),
                ]);
            }
        };
        Self::parse("config.toml", text)
    }

    /// Parses config text; `display_path` is used in diagnostics.
    pub fn parse(display_path: impl Into<PathBuf>, text: String) -> Result<Config, Vec<Diagnostic>> {
        let len = text.len();
        let source = SourceFile::new(display_path, text);
        let doc = Embedded {
            source: &source,
            range: 0..len,
            whole: 0..0,
            what: "config.toml",
        };
        let config: Config = schema::parse(&doc, FIELDS)?;
        let mut problems = Vec::new();
        if config.blog.paginate == 0 {
            problems.push(Diagnostic::error("`blog.paginate` must be at least 1").with_path("config.toml"));
        }
        if let Err(message) = crate::util::url::Urls::new(&config.base_url) {
            let at = source.text.find("base_url").unwrap_or(0);
            problems.push(
                Diagnostic::error(format!("invalid `base_url`: {message}"))
                    .with_label(&source, at..at + "base_url".len().min(len - at), "here")
                    .with_help("use an absolute URL like \"https://user.github.io/repo/\" or a path like \"/\""),
            );
        }
        if problems.is_empty() { Ok(config) } else { Err(problems) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_missing_sections() {
        let config = Config::parse("config.toml", "title = \"t\"\n".into()).unwrap();
        assert_eq!(config.blog.paginate, 10);
        assert_eq!(config.build.output_dir, "public");
        assert_eq!(config.language, "ko");
    }

    #[test]
    fn typos_get_suggestions_at_their_position() {
        let errs = Config::parse("config.toml", "title = \"t\"\n[blog]\npaginte = 5\n".into()).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].summary(),
            "config.toml:3:1: unknown key `blog.paginte` in config.toml"
        );
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `blog.paginate`?"));
    }

    #[test]
    fn repository_branch_defaults_to_main() {
        let config = Config::parse("config.toml", "[repository]\nurl = \"https://github.com/u/r\"\n".into()).unwrap();
        assert_eq!(config.repository.unwrap().branch, "main");
    }
}

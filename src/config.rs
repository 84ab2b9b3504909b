//! `config.toml`: the site's settings (SPEC §7).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Cause, Diagnostic, SourceFile};
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
    /// The default theme's typeface: `system` (the platform's own Korean and Latin fonts) or
    /// `pretendard` (a bundled webfont, written to `fonts/`).
    pub font: String,
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
    /// Comments through giscus (GitHub Discussions); none without this table.
    pub comments: Option<CommentsConfig>,
    /// Image settings.
    pub images: ImagesConfig,
}

/// `[images]`
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct ImagesConfig {
    /// Photos wider than this get smaller copies for `srcset`, the largest this wide.
    pub max_width: u32,
    /// JPEG and WebP quality of those copies, 1–100.
    pub quality: u8,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            max_width: 1600,
            quality: 80,
        }
    }
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
    /// Whether `$…$` and `$$…$$` are math (rendered to MathML at build time).
    pub math: bool,
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

/// `[comments]`: giscus (<https://giscus.app>), which keeps each page's comments in a GitHub
/// Discussions thread. The ids come from giscus's configuration page.
#[derive(Debug, Clone, Deserialize)]
pub struct CommentsConfig {
    /// The repository with Discussions turned on and the giscus app installed, `owner/name`.
    pub repo: String,
    /// Its id (`data-repo-id`).
    pub repo_id: String,
    /// The Discussions category new threads go in.
    pub category: String,
    /// Its id (`data-category-id`).
    pub category_id: String,
    /// How a page finds its thread: `pathname` (default), `url`, `title` or `og:title`.
    #[serde(default = "default_mapping")]
    pub mapping: String,
    /// The kinds of page that show comments: `posts` (default) and `topics`.
    #[serde(default = "default_comments_on")]
    pub on: Vec<String>,
    /// giscus's interface language; the site's `language` by default.
    pub lang: Option<String>,
    /// Reactions on the thread's first post.
    #[serde(default = "default_true")]
    pub reactions: bool,
    /// The giscus client script (a self-hosted giscus has its own).
    #[serde(default = "default_giscus_script")]
    pub script: String,
}

fn default_mapping() -> String {
    "pathname".into()
}

fn default_comments_on() -> Vec<String> {
    vec!["posts".into()]
}

fn default_true() -> bool {
    true
}

fn default_giscus_script() -> String {
    "https://giscus.app/client.js".into()
}

/// The values `[comments]` keys may take.
const COMMENT_KINDS: [&str; 2] = ["posts", "topics"];
const COMMENT_MAPPINGS: [&str; 4] = ["pathname", "url", "title", "og:title"];

impl CommentsConfig {
    /// Whether pages of `kind` show comments.
    pub fn on_kind(&self, kind: crate::content::Kind) -> bool {
        let name = match kind {
            crate::content::Kind::Post => "posts",
            crate::content::Kind::Topic => "topics",
            _ => return false,
        };
        self.on.iter().any(|k| k == name)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "roadbook".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "ko".into(),
            theme: "default".into(),
            font: "system".into(),
            author: String::new(),
            build: BuildConfig::default(),
            blog: BlogConfig::default(),
            markdown: MarkdownConfig::default(),
            serve: ServeConfig::default(),
            repository: None,
            comments: None,
            images: ImagesConfig::default(),
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
            math: true,
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
    opt("math", Ty::Bool),
];
const SERVE: &[Field] = &[opt("port", Ty::Int)];
const REPOSITORY: &[Field] = &[req("url", Ty::Str), opt("branch", Ty::Str)];
const IMAGES: &[Field] = &[opt("max_width", Ty::Int), opt("quality", Ty::Int)];
const COMMENTS: &[Field] = &[
    req("repo", Ty::Str),
    req("repo_id", Ty::Str),
    req("category", Ty::Str),
    req("category_id", Ty::Str),
    opt("mapping", Ty::Str),
    opt("on", Ty::StrList),
    opt("lang", Ty::Str),
    opt("reactions", Ty::Bool),
    opt("script", Ty::Str),
];
const FIELDS: &[Field] = &[
    opt("title", Ty::Str),
    opt("description", Ty::Str),
    opt("base_url", Ty::Str),
    opt("language", Ty::Str),
    opt("theme", Ty::Str),
    opt("font", Ty::Str),
    opt("author", Ty::Str),
    opt("build", Ty::Table(BUILD)),
    opt("blog", Ty::Table(BLOG)),
    opt("markdown", Ty::Table(MARKDOWN)),
    opt("serve", Ty::Table(SERVE)),
    opt("repository", Ty::Table(REPOSITORY)),
    opt("comments", Ty::Table(COMMENTS)),
    opt("images", Ty::Table(IMAGES)),
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
                            .with_help("save the file as UTF-8")
                            .with_cause(Cause::Parse),
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
        if !(1..=100).contains(&config.images.quality) || config.images.max_width < 100 {
            let at = source.text.find("[images]").unwrap_or(0);
            problems.push(
                Diagnostic::error("`images.quality` must be 1–100 and `images.max_width` at least 100")
                    .with_label(&source, at..at + "[images]".len().min(len - at), "in this table")
                    .with_help("e.g. max_width = 1600, quality = 80 (the defaults)"),
            );
        }
        if !FONTS.contains(&config.font.as_str()) {
            problems.push(
                Diagnostic::error(format!("unknown `font` \"{}\"", config.font))
                    .with_label(&source, value_span(&source.text, "font"), "here")
                    .with_help(
                        "use \"system\" (the platform's fonts, the default) or \"pretendard\" (a bundled webfont)",
                    ),
            );
        }
        if let Some(comments) = &config.comments {
            problems.extend(check_comments(comments, &source));
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems.into_iter().map(|p| p.with_cause(Cause::Schema)).collect())
        }
    }
}

/// The values of `font`.
pub const FONTS: &[&str] = &["system", "pretendard"];

/// Where the value of top-level key `key` is in config text (the whole text when not found).
fn value_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        if let Some(rest) = trimmed.strip_prefix(key)
            && let Some(value) = rest.trim_start().strip_prefix('=')
        {
            // Up to a comment: a value of this kind has no `#` in it.
            let value = value.split('#').next().unwrap_or_default().trim();
            let start = at + line.find(value).unwrap_or(0);
            return start..start + value.len();
        }
        at += line.len();
    }
    0..text.len()
}

/// The `[comments]` values the schema cannot check: the kinds, the mapping, the repository.
fn check_comments(comments: &CommentsConfig, source: &crate::diagnostics::Source) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = |needle: &str| {
        let start = source.text.find("[comments]").unwrap_or(0);
        let at = source.text[start..].find(needle).map_or(start, |i| start + i);
        at..at + needle.len()
    };
    for kind in comments.on.iter().filter(|k| !COMMENT_KINDS.contains(&k.as_str())) {
        problems.push(
            Diagnostic::error(format!("`comments.on` lists `{kind}`, which cannot have comments"))
                .with_label(source, at(&format!("\"{kind}\"")), "here")
                .with_help("list `posts`, `topics` or both, e.g. on = [\"posts\", \"topics\"]"),
        );
    }
    if !COMMENT_MAPPINGS.contains(&comments.mapping.as_str()) {
        problems.push(
            Diagnostic::error(format!("unknown `comments.mapping` `{}`", comments.mapping))
                .with_label(source, at("mapping"), "here")
                .with_help(format!("use one of: {}", COMMENT_MAPPINGS.join(", "))),
        );
    }
    let parts: Vec<&str> = comments.repo.split('/').collect();
    if parts.len() != 2 || parts.iter().any(|p| p.trim().is_empty()) {
        problems.push(
            Diagnostic::error(format!("`comments.repo` `{}` is not `owner/name`", comments.repo))
                .with_label(source, at("repo"), "here")
                .with_help("the GitHub repository whose Discussions hold the comments, e.g. \"user/handbook\""),
        );
    }
    problems
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

//! The shapes of the values templates see: links, dates, tags, post cards, resources, the
//! `page` and `site` variables. `docs/templates.md` lists every field.

use serde::Serialize;

use crate::parse::TocEntry;

/// A link to a page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkCtx<'a> {
    /// Page kind.
    pub kind: &'static str,
    /// Id or slug.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// URL with the base path.
    pub url: &'a str,
    /// Summary (front matter, or the start of the text).
    pub summary: &'a str,
}

/// A date in the forms templates need.
#[derive(Debug, Clone, Serialize)]
pub struct DateCtx {
    /// `2026-11-20`
    pub iso: String,
    /// RFC 3339 instant.
    pub rfc3339: String,
    /// In the site's language: `2026년 11월 20일`.
    pub display: String,
    /// Year, for archives.
    pub year: i16,
    /// Month 1–12, for archives.
    pub month: i8,
}

/// A tag link.
#[derive(Debug, Clone, Serialize)]
pub struct TagCtx<'a> {
    /// The tag as written.
    pub name: &'a str,
    /// `/tags/<key>/`.
    pub url: String,
}

/// A post in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PostCard<'a> {
    /// Link to the post.
    #[serde(flatten)]
    pub link: LinkCtx<'a>,
    /// Publication date.
    pub date: Option<DateCtx>,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Minutes to read in the UI language ([`Views::reading_time`](super::views::Views::reading_time)).
    pub reading_time: String,
    /// Tags: an array of [`TagCtx`].
    pub tags: tera::Value,
    /// Topics the post is a note for: an array of [`LinkCtx`].
    pub topics: tera::Value,
    /// Whether the post is a draft (only with `--drafts`).
    pub draft: bool,
}

/// Resources of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceGroup<'a> {
    /// docs, article, …
    pub kind: &'static str,
    /// The kind's label in the UI language.
    pub label: &'a str,
    /// The resources.
    pub items: Vec<&'a crate::content::Resource>,
}

/// One page: the `page` variable.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx<'a> {
    /// Page kind.
    pub kind: &'static str,
    /// Id or slug.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// For meta descriptions and lists: summary, else the start of the text.
    pub summary: &'a str,
    /// URL with base path.
    pub url: &'a str,
    /// Absolute URL.
    pub permalink: String,
    /// `##`/`###` headings.
    pub toc: Vec<TocEntry>,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Minutes to read in the UI language ([`Views::reading_time`](super::views::Views::reading_time)).
    pub reading_time: String,
    /// Tags: an array of [`TagCtx`] from [`SiteValues::tags`](super::views::SiteValues::tags).
    pub tags: tera::Value,
    /// Draft post shown with `--drafts`.
    pub draft: bool,
    /// Post date.
    pub date: Option<DateCtx>,
    /// Post `updated`, as written in front matter.
    pub updated: Option<DateCtx>,
    /// When the page last changed: `updated`, else the file's last commit date (git checkouts
    /// only). For a post, only when it falls on a later day than `date`.
    pub last_updated: Option<DateCtx>,
    // The links and cards below are arrays of [`LinkCtx`] and [`PostCard`] values made of
    // [`SiteValues`], so that each costs a reference count rather than a serialization.
    /// Stage of a topic or project: a [`LinkCtx`].
    pub stage: Option<tera::Value>,
    /// Topics this topic requires.
    pub prerequisites: tera::Value,
    /// Topics that require this one.
    pub unlocks: tera::Value,
    /// Related topics.
    pub related: tera::Value,
    /// Pages that link here.
    pub backlinks: tera::Value,
    /// Study notes (posts) on this topic, newest first: [`PostCard`]s.
    pub notes: tera::Value,
    /// Books.
    pub books: tera::Value,
    /// Practice projects.
    pub projects: tera::Value,
    /// Topics of a stage (learning order), book, project or post.
    pub topics: tera::Value,
    /// The learning path to this topic (transitive prerequisites in order): an array of nav
    /// links (no summaries), made of [`SiteValues::nav`](super::views::SiteValues::nav).
    pub path: tera::Value,
    /// Previous page (learning order for topics, date for posts, order for stages): a
    /// [`LinkCtx`].
    pub prev: Option<tera::Value>,
    /// Next page.
    pub next: Option<tera::Value>,
    /// Resources grouped by kind.
    pub resources: Vec<ResourceGroup<'a>>,
    /// Stage duration.
    pub duration: Option<&'a str>,
    /// Whether a stage is the parallel track.
    pub parallel: bool,
    /// Book author.
    pub author: Option<&'a str>,
    /// Book year.
    pub year: Option<i64>,
    /// Book ISBN.
    pub isbn: Option<&'a str>,
    /// Book's external page.
    pub external_url: Option<&'a str>,
    /// Link to edit the source file (with `[repository]`).
    pub edit_url: Option<String>,
    /// Checklist items in the body.
    pub tasks: usize,
    /// The series a post is a part of, with all its parts; `null` otherwise.
    pub series: Option<SeriesBox<'a>>,
    /// Up to three related posts, as post cards (posts only; see `assemble::related`).
    pub related_posts: tera::Value,
    /// Whether the page shows the comments box (`[comments]` on for its kind, and the page
    /// did not set `comments = false`).
    pub comments: bool,
}

/// The series box on a post: where it stands in its series, and every part.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesBox<'a> {
    /// The series' name.
    pub name: &'a str,
    /// The series page.
    pub url: String,
    /// "3편 중 2편": the post's place, in the UI language.
    pub label: String,
    /// The post's part number, from 1.
    pub number: usize,
    /// How many parts the series has.
    pub total: usize,
    /// Every part in order; the current one has `current: true`.
    pub parts: Vec<SeriesPart<'a>>,
    /// The part before, as a link value (`null` for part 1).
    pub prev: Option<tera::Value>,
    /// The part after, as a link value (`null` for the last part).
    pub next: Option<tera::Value>,
}

/// One part of a series.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesPart<'a> {
    /// Its part number, from 1.
    pub number: usize,
    /// The post's title.
    pub title: &'a str,
    /// The post's URL.
    pub url: &'a str,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// A series in lists: `/series/` and the series page itself.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesCtx<'a> {
    /// The series' name.
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// How many posts it has.
    pub count: usize,
    /// "3편": the count in the UI language.
    pub label: String,
    /// Its posts as post cards, part 1 first (only on the series page; empty in `/series/`).
    pub posts: tera::Value,
}

/// The `site.comments` variable: giscus's settings, for the comments box.
#[derive(Debug, Clone, Serialize)]
pub struct CommentsCtx<'a> {
    /// `owner/name`.
    pub repo: &'a str,
    /// `data-repo-id`.
    pub repo_id: &'a str,
    /// The Discussions category.
    pub category: &'a str,
    /// `data-category-id`.
    pub category_id: &'a str,
    /// How a page finds its thread.
    pub mapping: &'a str,
    /// giscus's interface language.
    pub lang: &'a str,
    /// Whether reactions are on (`"1"` or `"0"`, as giscus reads them).
    pub reactions: &'static str,
    /// The client script's URL.
    pub script: &'a str,
}

/// A link in the navigation: no summary, so editing a page's text does not change every page.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink<'a> {
    /// Page kind.
    pub kind: &'static str,
    /// Id or slug.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// URL with the base path.
    pub url: &'a str,
}

/// A stage in the navigation, with its topics in learning order.
#[derive(Debug, Clone, Serialize)]
pub struct StageNav<'a> {
    /// Link to the stage.
    #[serde(flatten)]
    pub link: LinkCtx<'a>,
    /// Duration.
    pub duration: Option<&'a str>,
    /// Whether it is the parallel track.
    pub parallel: bool,
    /// Topics in learning order.
    pub topics: Vec<NavLink<'a>>,
    /// Projects.
    pub projects: Vec<NavLink<'a>>,
}

/// The `site` variable, the same for every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// UI language (`<html lang>`).
    pub language: &'a str,
    /// The typeface setting: `system` or `pretendard` (then `fonts/pretendard.css` exists).
    pub font: &'a str,
    /// Author.
    pub author: &'a str,
    /// Absolute URL of the home page.
    pub base_url: String,
    /// Base path, `/` or `/repo/`.
    pub base_path: &'a str,
    /// Home page URL (with base path).
    pub home_url: String,
    /// Stages in order, each with its topics.
    pub nav: Vec<StageNav<'a>>,
    /// Number of topics.
    pub topic_count: usize,
    /// Repository URL.
    pub repository: Option<&'a str>,
    /// Build date.
    pub build_date: DateCtx,
    /// The generator string, `roadbook 0.1.0`.
    pub generator: String,
    /// Whether drafts are shown.
    pub drafts: bool,
    /// A key that scopes browser storage (progress, theme) to this site.
    pub storage_key: String,
    /// giscus's settings when `[comments]` is configured, else `null`.
    pub comments: Option<CommentsCtx<'a>>,
    /// The URL of `/series/` when the site has a series, else `null`.
    pub series_url: Option<String>,
}

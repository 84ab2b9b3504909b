//! The content model: what a file under `content/` is (SPEC §2) and what its front matter says
//! (SPEC §3).

use std::ops::Range;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Source;
use crate::schema::{Field, Ty, opt, req};

/// The kinds of pages a site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/_index.md`, the home page.
    Home,
    /// `content/stages/<id>.md`
    Stage,
    /// `content/topics/<id>.md`
    Topic,
    /// `content/projects/<id>.md`
    Project,
    /// `content/books/<id>.md`
    Book,
    /// `content/blog/<slug>.md` or `content/blog/<slug>/index.md`
    Post,
    /// `content/pages/<slug>.md`
    Page,
}

impl Kind {
    /// Every kind, in the order summaries list them.
    pub const ALL: [Kind; 7] = [
        Kind::Home,
        Kind::Stage,
        Kind::Topic,
        Kind::Project,
        Kind::Book,
        Kind::Post,
        Kind::Page,
    ];

    /// The kind's name as used in link prefixes (`[[book:ddia]]`) and templates.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Stage => "stage",
            Kind::Topic => "topic",
            Kind::Project => "project",
            Kind::Book => "book",
            Kind::Post => "post",
            Kind::Page => "page",
        }
    }

    /// The kind named by a link prefix.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name && *k != Kind::Home)
    }

    /// The folder under `content/` (and the URL section) of the kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Home => "",
            Kind::Stage => "stages",
            Kind::Topic => "topics",
            Kind::Project => "projects",
            Kind::Book => "books",
            Kind::Post => "blog",
            Kind::Page => "pages",
        }
    }

    /// The site path (without base path) of the page with this kind and id.
    pub fn site_path(self, id: &str) -> String {
        match self {
            Kind::Home => String::new(),
            Kind::Page => format!("{id}/"),
            _ => format!("{}/{id}/", self.folder()),
        }
    }

    /// Whether the id must be lowercase ASCII (`[a-z0-9-]+`); posts and pages take Unicode slugs.
    pub fn has_ascii_id(self) -> bool {
        matches!(self, Kind::Stage | Kind::Topic | Kind::Project | Kind::Book)
    }

    /// Front-matter schema of the kind.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Home | Kind::Page => PAGE_FIELDS,
            Kind::Stage => STAGE_FIELDS,
            Kind::Topic => TOPIC_FIELDS,
            Kind::Project => PROJECT_FIELDS,
            Kind::Book => BOOK_FIELDS,
            Kind::Post => POST_FIELDS,
        }
    }
}

const PAGE_FIELDS: &[Field] = &[
    req("title", Ty::Str),
    opt("summary", Ty::Str),
    opt("template", Ty::Str),
    opt("aliases", Ty::StrList),
];
const STAGE_FIELDS: &[Field] = &[
    req("title", Ty::Str),
    req("order", Ty::Int),
    opt("duration", Ty::Str),
    opt("summary", Ty::Str),
    opt("parallel", Ty::Bool),
    opt("aliases", Ty::StrList),
];
const RESOURCE_FIELDS: &[Field] = &[req("title", Ty::Str), req("url", Ty::Str), opt("kind", Ty::Str)];
const TOPIC_FIELDS: &[Field] = &[
    req("title", Ty::Str),
    req("stage", Ty::Str),
    opt("order", Ty::Int),
    opt("requires", Ty::StrList),
    opt("related", Ty::StrList),
    opt("books", Ty::StrList),
    opt("tags", Ty::StrList),
    opt("summary", Ty::Str),
    opt("resources", Ty::TableList(RESOURCE_FIELDS)),
    opt("comments", Ty::Bool),
    opt("aliases", Ty::StrList),
];
const PROJECT_FIELDS: &[Field] = &[
    req("title", Ty::Str),
    req("stage", Ty::Str),
    opt("topics", Ty::StrList),
    opt("summary", Ty::Str),
    opt("aliases", Ty::StrList),
];
const BOOK_FIELDS: &[Field] = &[
    req("title", Ty::Str),
    req("author", Ty::Str),
    opt("year", Ty::Int),
    opt("isbn", Ty::Str),
    opt("url", Ty::Str),
    opt("topics", Ty::StrList),
    opt("summary", Ty::Str),
    opt("aliases", Ty::StrList),
];
// `date` is required, but a date-prefixed file name may supply it, so that rule is checked in
// `load` rather than here.
const POST_FIELDS: &[Field] = &[
    req("title", Ty::Str),
    opt("date", Ty::Date),
    opt("updated", Ty::Date),
    opt("topics", Ty::StrList),
    opt("tags", Ty::StrList),
    opt("draft", Ty::Bool),
    opt("summary", Ty::Str),
    opt("slug", Ty::Str),
    opt("series", Ty::Str),
    opt("comments", Ty::Bool),
    opt("aliases", Ty::StrList),
    opt("image", Ty::Str),
];

/// An id written in front matter, with its byte span in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdRef {
    /// The id as written.
    pub id: String,
    /// Byte span of the value (including quotes) in the file.
    pub span: Range<usize>,
}

/// A point in time from front matter, with the calendar date it was written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The instant (a date without a time is midnight UTC).
    pub timestamp: jiff::Timestamp,
    /// The calendar date as written.
    pub date: jiff::civil::Date,
}

impl Date {
    /// Parses a TOML date, local date-time or offset date-time (`2026-11-20`,
    /// `2026-11-20T09:30:00`, `2026-11-20T09:30:00+09:00`).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(ts) = text.parse::<jiff::Timestamp>() {
            let date = text.get(..10)?.parse::<jiff::civil::Date>().ok()?;
            return Some(Date { timestamp: ts, date });
        }
        if let Ok(dt) = text.replacen(' ', "T", 1).parse::<jiff::civil::DateTime>() {
            let ts = dt.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok()?.timestamp();
            return Some(Date {
                timestamp: ts,
                date: dt.date(),
            });
        }
        let date = text.parse::<jiff::civil::Date>().ok()?;
        let ts = date.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok()?.timestamp();
        Some(Date { timestamp: ts, date })
    }

    /// `2026-11-20`
    pub fn iso_date(&self) -> String {
        self.date.to_string()
    }

    /// RFC 3339, for `<time datetime>` and feeds.
    pub fn rfc3339(&self) -> String {
        self.timestamp.to_string()
    }
}

/// A TOML date or a string holding one, as front matter may write either.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawDate {
    Toml(toml::value::Datetime),
    Text(String),
}

impl RawDate {
    pub(crate) fn to_date(&self) -> Option<Date> {
        match self {
            RawDate::Toml(dt) => Date::parse(&dt.to_string()),
            RawDate::Text(s) => Date::parse(s),
        }
    }
}

/// A learning resource listed by a topic (`[[resources]]`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Resource {
    /// What the link says.
    pub title: String,
    /// Where it points.
    pub url: String,
    /// docs, article, video, course, book or tool.
    pub kind: ResourceKind,
}

/// The kinds of `[[resources]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    /// Official documentation.
    Docs,
    /// An article or blog post.
    Article,
    /// A talk or video.
    Video,
    /// A course.
    Course,
    /// A book.
    Book,
    /// A tool.
    Tool,
}

impl ResourceKind {
    /// Every kind, in display order.
    pub const ALL: [ResourceKind; 6] = [
        ResourceKind::Docs,
        ResourceKind::Article,
        ResourceKind::Book,
        ResourceKind::Course,
        ResourceKind::Video,
        ResourceKind::Tool,
    ];

    /// The name as written in front matter.
    pub fn name(self) -> &'static str {
        match self {
            ResourceKind::Docs => "docs",
            ResourceKind::Article => "article",
            ResourceKind::Video => "video",
            ResourceKind::Course => "course",
            ResourceKind::Book => "book",
            ResourceKind::Tool => "tool",
        }
    }
}

/// Front matter of a stage.
#[derive(Debug, Clone)]
pub struct StageMeta {
    /// Order of the stage on the roadmap.
    pub order: i64,
    /// How long it takes, e.g. `3-6개월`.
    pub duration: Option<String>,
    /// Whether it is the track studied alongside all stages.
    pub parallel: bool,
}

/// Front matter of a topic.
#[derive(Debug, Clone)]
pub struct TopicMeta {
    /// The stage it belongs to.
    pub stage: IdRef,
    /// Position within the stage (topics without one come last).
    pub order: Option<i64>,
    /// Topics to learn first.
    pub requires: Vec<IdRef>,
    /// Topics worth reading alongside (symmetric).
    pub related: Vec<IdRef>,
    /// Books on the topic.
    pub books: Vec<IdRef>,
    /// Learning resources.
    pub resources: Vec<Resource>,
}

/// Front matter of a practice project.
#[derive(Debug, Clone)]
pub struct ProjectMeta {
    /// The stage it belongs to.
    pub stage: IdRef,
    /// Topics it exercises.
    pub topics: Vec<IdRef>,
}

/// Front matter of a book.
#[derive(Debug, Clone)]
pub struct BookMeta {
    /// Who wrote it.
    pub author: String,
    /// Year of the edition.
    pub year: Option<i64>,
    /// ISBN.
    pub isbn: Option<String>,
    /// Publisher or author page.
    pub url: Option<String>,
    /// Topics it covers.
    pub topics: Vec<IdRef>,
}

/// Front matter of a post.
#[derive(Debug, Clone)]
pub struct PostMeta {
    /// Publication date.
    pub date: Date,
    /// Last significant update.
    pub updated: Option<Date>,
    /// Topics the post is a study note for.
    pub topics: Vec<IdRef>,
    /// Drafts are published only with `--drafts`.
    pub draft: bool,
    /// The series the post is a part of (its name as written, NFC, trimmed).
    pub series: Option<String>,
    /// The picture link previews show (`og:image`), as written: a URL, a root-relative path
    /// or a path relative to the post's page.
    pub image: Option<String>,
}

/// Front matter of the home page or a standalone page.
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// A template to use instead of the kind's default.
    pub template: Option<String>,
}

/// The kind-specific part of a document's front matter.
#[derive(Debug, Clone)]
pub enum Meta {
    /// A stage.
    Stage(StageMeta),
    /// A topic.
    Topic(TopicMeta),
    /// A practice project.
    Project(ProjectMeta),
    /// A book.
    Book(BookMeta),
    /// A post.
    Post(PostMeta),
    /// The home page or a standalone page.
    Page(PageMeta),
}

/// One Markdown file of the site, loaded and its front matter checked.
#[derive(Debug, Clone)]
pub struct Document {
    /// What kind of page it is.
    pub kind: Kind,
    /// Id (stages, topics, projects, books) or slug (posts, pages); `index` for the home page.
    pub id: String,
    /// The file, for diagnostics and for the body text.
    pub source: Source,
    /// Absolute path on disk.
    pub path: PathBuf,
    /// Byte range of the Markdown body in `source.text`.
    pub body_range: Range<usize>,
    /// Title from front matter.
    pub title: String,
    /// Summary from front matter.
    pub summary: Option<String>,
    /// Tags from front matter (topics and posts).
    pub tags: Vec<String>,
    /// The rest of the front matter.
    pub meta: Meta,
    /// Whether the page shows comments when `[comments]` turns them on for its kind
    /// (`comments = false` in front matter turns them off).
    pub comments: bool,
    /// Old site paths that redirect to this page (`aliases`), as written, with their spans.
    pub aliases: Vec<IdRef>,
    /// Hash of the whole file, for caches.
    pub hash: u64,
}

impl Document {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.source.text[self.body_range.clone()]
    }

    /// The site path of the page, without the base path: `topics/caching/`.
    pub fn site_path(&self) -> String {
        self.kind.site_path(&self.id)
    }

    /// The post's metadata, if it is a post.
    pub fn post(&self) -> Option<&PostMeta> {
        match &self.meta {
            Meta::Post(p) => Some(p),
            _ => None,
        }
    }

    /// The topic's metadata, if it is a topic.
    pub fn topic(&self) -> Option<&TopicMeta> {
        match &self.meta {
            Meta::Topic(t) => Some(t),
            _ => None,
        }
    }

    /// The stage's metadata, if it is a stage.
    pub fn stage(&self) -> Option<&StageMeta> {
        match &self.meta {
            Meta::Stage(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the document is a draft post.
    pub fn is_draft(&self) -> bool {
        self.post().is_some_and(|p| p.draft)
    }
}

/// Raw deserialized front matter, before spans are moved into file coordinates.
#[derive(Debug, Deserialize)]
pub(crate) struct RawFrontMatter {
    pub title: String,
    pub summary: Option<String>,
    pub template: Option<String>,
    pub order: Option<i64>,
    pub duration: Option<String>,
    #[serde(default)]
    pub parallel: bool,
    pub stage: Option<Spanned<String>>,
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    #[serde(default)]
    pub books: Vec<Spanned<String>>,
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub resources: Vec<RawResource>,
    pub author: Option<String>,
    pub year: Option<i64>,
    pub isbn: Option<String>,
    pub url: Option<String>,
    pub date: Option<Spanned<RawDate>>,
    pub updated: Option<Spanned<RawDate>>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<Spanned<String>>,
    pub series: Option<String>,
    pub comments: Option<bool>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub image: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RawResource {
    pub title: String,
    pub url: String,
    pub kind: Option<Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_in_every_toml_form() {
        let d = Date::parse("2026-11-20").unwrap();
        assert_eq!(d.iso_date(), "2026-11-20");
        assert_eq!(d.rfc3339(), "2026-11-20T00:00:00Z");
        let d = Date::parse("2026-11-20T09:30:00+09:00").unwrap();
        assert_eq!(d.iso_date(), "2026-11-20");
        assert_eq!(d.rfc3339(), "2026-11-20T00:30:00Z");
        assert_eq!(
            Date::parse("2026-11-20T09:30:00").unwrap().rfc3339(),
            "2026-11-20T09:30:00Z"
        );
        assert!(Date::parse("2026-02-30").is_none());
    }

    #[test]
    fn site_paths_per_kind() {
        assert_eq!(Kind::Topic.site_path("caching"), "topics/caching/");
        assert_eq!(Kind::Post.site_path("캐싱"), "blog/캐싱/");
        assert_eq!(Kind::Page.site_path("about"), "about/");
        assert_eq!(Kind::Home.site_path("index"), "");
        assert_eq!(Kind::from_name("book"), Some(Kind::Book));
        assert_eq!(Kind::from_name("home"), None);
    }
}

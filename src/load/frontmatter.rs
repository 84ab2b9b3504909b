//! Splitting a Markdown file into its TOML front matter and its body, and turning the front
//! matter into typed metadata.

use std::ops::Range;

use crate::content::{
    BookMeta, Date, Document, IdRef, Kind, Meta, PageMeta, PostMeta, ProjectMeta, RawFrontMatter, Resource,
    ResourceKind, StageMeta, TopicMeta,
};
use crate::diagnostics::{Cause, Diagnostic, Source};
use crate::schema::{self, Embedded};

/// Where the parts of a file are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The opening `+++` line (without its line break).
    pub open: Range<usize>,
    /// The TOML text between the fences.
    pub toml: Range<usize>,
    /// The Markdown body after the closing fence.
    pub body: Range<usize>,
}

/// Finds the `+++` fences. The first line must be `+++` (a UTF-8 byte-order mark before it is
/// allowed); YAML's `---` gets an error that says TOML is expected.
pub fn split(source: &Source) -> Result<Split, Diagnostic> {
    let text = source.text.as_str();
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let first_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let first = text[start..first_end].trim_end();
    if first == "---" {
        return Err(
            Diagnostic::error("YAML front matter is not supported: roadbook expects TOML between `+++` lines")
                .with_label(source, start..start + 3, "YAML fence")
                .with_help("replace both `---` lines with `+++` and write the fields as TOML: `title = \"...\"`"),
        );
    }
    if first != "+++" {
        return Err(Diagnostic::error("missing front matter")
            .with_label(source, start..first_end, "the first line must be `+++`")
            .with_help("start the file with a TOML block:\n+++\ntitle = \"...\"\n+++"));
    }
    let toml_start = (first_end + 1).min(text.len());
    let mut line_start = toml_start;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "+++" {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Split {
                open: start..first_end,
                toml: toml_start..line_start,
                body: body_start..text.len(),
            });
        }
        line_start = line_end + 1;
    }
    Err(Diagnostic::error("unclosed front matter: no closing `+++` line")
        .with_label(source, start..first_end, "front matter opened here")
        .with_help("add a line with only `+++` after the last front-matter field"))
}

/// What the file name says before the front matter is read.
#[derive(Debug, Clone)]
pub struct FileFacts {
    /// The kind, from the folder.
    pub kind: Kind,
    /// The id or slug from the file (or bundle folder) name.
    pub id: String,
    /// A date from a `YYYY-MM-DD-` file-name prefix (posts).
    pub date: Option<Date>,
}

/// Parses the front matter of a file whose kind and id the walker determined, into a
/// [`Document`]. Every problem in the front matter is returned.
pub fn parse_document(
    source: Source,
    path: std::path::PathBuf,
    facts: FileFacts,
    hash: u64,
) -> Result<Document, Vec<Diagnostic>> {
    let split = split(&source).map_err(|d| vec![d.with_cause(Cause::Parse)])?;
    let what = format!("the front matter of a {}", facts.kind.name());
    let doc = Embedded {
        source: &source,
        range: split.toml.clone(),
        whole: split.open.clone(),
        what: &what,
    };
    let raw: RawFrontMatter = schema::parse(&doc, facts.kind.fields())?;
    let spans = Spans {
        source: &source,
        offset: split.toml.start,
        open: split.open.clone(),
    };
    let mut problems = Vec::new();
    let mut id = facts.id.clone();
    let meta = meta_of(&raw, &spans, &facts, &mut id, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into_iter().map(|p| p.with_cause(Cause::Schema)).collect());
    }
    let tags = raw
        .tags
        .iter()
        .map(|t| crate::util::slug::nfc(t.trim()))
        .filter(|t| !t.is_empty())
        .collect();
    Ok(Document {
        kind: facts.kind,
        id,
        path,
        body_range: split.body.clone(),
        title: raw.title.trim().to_string(),
        summary: raw
            .summary
            .as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        tags,
        meta,
        comments: raw.comments.unwrap_or(true),
        aliases: spans.ids(&raw.aliases),
        hash,
        source,
    })
}

/// The kind-specific fields of a front matter (a post's `slug` replaces `id`).
fn meta_of(
    raw: &RawFrontMatter,
    spans: &Spans<'_>,
    facts: &FileFacts,
    id: &mut String,
    problems: &mut Vec<Diagnostic>,
) -> Meta {
    match facts.kind {
        Kind::Home | Kind::Page => Meta::Page(PageMeta {
            template: raw.template.clone(),
        }),
        Kind::Stage => Meta::Stage(StageMeta {
            order: raw.order.unwrap_or_default(),
            duration: raw.duration.clone(),
            parallel: raw.parallel,
        }),
        Kind::Topic => Meta::Topic(TopicMeta {
            stage: spans.stage(raw),
            order: raw.order,
            requires: spans.ids(&raw.requires),
            related: spans.ids(&raw.related),
            books: spans.ids(&raw.books),
            resources: resources(raw, spans, problems),
        }),
        Kind::Project => Meta::Project(ProjectMeta {
            stage: spans.stage(raw),
            topics: spans.ids(&raw.topics),
        }),
        Kind::Book => Meta::Book(BookMeta {
            author: raw.author.clone().unwrap_or_default(),
            year: raw.year,
            isbn: raw.isbn.clone(),
            url: raw.url.clone(),
            topics: spans.ids(&raw.topics),
        }),
        Kind::Post => {
            let what = format!("the front matter of a {}", facts.kind.name());
            let meta = post_meta(raw, spans, facts.date, &what, problems);
            if let Some(slug) = post_slug(raw, spans, problems) {
                *id = slug;
            }
            Meta::Post(meta)
        }
    }
}

/// Turns spans within the front matter's TOML into spans of the file.
struct Spans<'a> {
    source: &'a Source,
    /// Where the TOML starts in the file.
    offset: usize,
    /// The opening `+++` line, for problems of a key that is missing.
    open: Range<usize>,
}

impl Spans<'_> {
    fn at(&self, span: Range<usize>) -> Range<usize> {
        self.offset + span.start..self.offset + span.end
    }

    fn id_ref(&self, s: &toml::Spanned<String>) -> IdRef {
        IdRef {
            id: s.get_ref().trim().to_string(),
            span: self.at(s.span()),
        }
    }

    fn ids(&self, v: &[toml::Spanned<String>]) -> Vec<IdRef> {
        v.iter().map(|s| self.id_ref(s)).collect()
    }

    /// The `stage` reference (an empty id at the opening line when missing: the schema has
    /// reported that).
    fn stage(&self, raw: &RawFrontMatter) -> IdRef {
        raw.stage.as_ref().map(|s| self.id_ref(s)).unwrap_or(IdRef {
            id: String::new(),
            span: self.open.clone(),
        })
    }
}

/// A topic's `[[resources]]`; an unknown `kind` is an error (and reads as an article).
fn resources(raw: &RawFrontMatter, spans: &Spans<'_>, problems: &mut Vec<Diagnostic>) -> Vec<Resource> {
    let mut resources = Vec::new();
    for r in &raw.resources {
        let kind = match &r.kind {
            None => ResourceKind::Article,
            Some(k) => match ResourceKind::ALL.into_iter().find(|c| c.name() == k.get_ref()) {
                Some(kind) => kind,
                None => {
                    let names = ResourceKind::ALL.map(|k| k.name());
                    let mut d = Diagnostic::error(format!("unknown resource kind `{}`", k.get_ref())).with_label(
                        spans.source,
                        spans.at(k.span()),
                        "not a resource kind",
                    );
                    d = match crate::diagnostics::did_you_mean(k.get_ref(), names) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!("use one of: {}", names.join(", "))),
                    };
                    problems.push(d);
                    ResourceKind::Article
                }
            },
        };
        resources.push(Resource {
            title: r.title.clone(),
            url: r.url.clone(),
            kind,
        });
    }
    resources
}

/// A post's dates (`date`, else the file name's; `updated`) and the rest of its fields.
fn post_meta(
    raw: &RawFrontMatter,
    spans: &Spans<'_>,
    file_date: Option<Date>,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> PostMeta {
    let source = spans.source;
    let date = match (&raw.date, file_date) {
        (Some(d), _) => parse_date(source, d, spans.at(d.span()), problems),
        (None, Some(d)) => Some(d),
        (None, None) => {
            problems.push(
                Diagnostic::error(format!("missing required key `date` in {what}"))
                    .with_label(source, spans.open.clone(), "in this front matter")
                    .with_help("add `date = 2026-11-20`, or start the file name with the date: `2026-11-20-slug.md`"),
            );
            None
        }
    };
    let updated = raw
        .updated
        .as_ref()
        .and_then(|d| parse_date(source, d, spans.at(d.span()), problems));
    PostMeta {
        date: date.unwrap_or(Date::parse("1970-01-01").expect("valid date")),
        updated,
        topics: spans.ids(&raw.topics),
        draft: raw.draft,
        series: raw
            .series
            .as_deref()
            .map(|s| crate::util::slug::nfc(s.trim()))
            .filter(|s| !s.is_empty()),
        image: raw
            .image
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
    }
}

/// A post's `slug`, if it sets a valid one (an invalid one is an error).
fn post_slug(raw: &RawFrontMatter, spans: &Spans<'_>, problems: &mut Vec<Diagnostic>) -> Option<String> {
    let slug = raw.slug.as_ref()?;
    let s = crate::util::slug::nfc(slug.get_ref().trim());
    if crate::util::slug::is_valid_slug(&s) {
        return Some(s);
    }
    problems.push(
        Diagnostic::error(format!("invalid slug `{}`", slug.get_ref()))
            .with_label(spans.source, spans.at(slug.span()), "cannot be used in a URL")
            .with_help("a slug may not contain `/`, `\\`, `#`, `?`, `%` or spaces; use `-` between words"),
    );
    None
}

fn parse_date(
    source: &Source,
    raw: &toml::Spanned<crate::content::RawDate>,
    span: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let date = raw.get_ref().to_date();
    if date.is_none() {
        problems.push(
            Diagnostic::error("not a valid calendar date")
                .with_label(source, span, "this date does not exist")
                .with_help("write dates as YYYY-MM-DD, e.g. 2026-11-20"),
        );
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;

    fn facts(kind: Kind, id: &str) -> FileFacts {
        FileFacts {
            kind,
            id: id.into(),
            date: None,
        }
    }

    fn parse(kind: Kind, text: &str) -> Result<Document, Vec<Diagnostic>> {
        let src = SourceFile::new("content/x.md", text);
        parse_document(src, "x.md".into(), facts(kind, "x"), 0)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let src = SourceFile::new("a.md", "+++\ntitle = \"a\"\n+++\n# body\n");
        let s = split(&src).unwrap();
        assert_eq!(&src.text[s.toml.clone()], "title = \"a\"\n");
        assert_eq!(&src.text[s.body.clone()], "# body\n");
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let src = SourceFile::new("a.md", "\u{feff}+++\r\ntitle = \"a\"\r\n+++\r\nbody");
        let s = split(&src).unwrap();
        assert_eq!(&src.text[s.body.clone()], "body");
    }

    #[test]
    fn yaml_and_unclosed_front_matter_are_errors() {
        let yaml = split(&SourceFile::new("a.md", "---\ntitle: a\n---\n")).unwrap_err();
        assert!(yaml.message.contains("YAML"), "{}", yaml.message);
        assert_eq!(yaml.summary().split(": ").next(), Some("a.md:1:1"));
        let unclosed = split(&SourceFile::new("a.md", "+++\ntitle = \"a\"\nbody\n")).unwrap_err();
        assert!(unclosed.message.contains("unclosed"), "{}", unclosed.message);
        let missing = split(&SourceFile::new("a.md", "# just markdown\n")).unwrap_err();
        assert!(missing.message.contains("missing front matter"));
    }

    #[test]
    fn topic_references_carry_file_spans() {
        let text = "+++\ntitle = \"캐싱\"\nstage = \"design\"\nrequires = [\"nosql\", \"db\"]\n+++\nbody\n";
        let doc = parse(Kind::Topic, text).unwrap();
        let topic = doc.topic().unwrap();
        assert_eq!(topic.stage.id, "design");
        assert_eq!(&doc.source.text[topic.stage.span.clone()], "\"design\"");
        assert_eq!(&doc.source.text[topic.requires[1].span.clone()], "\"db\"");
        assert_eq!(doc.body(), "body\n");
    }

    #[test]
    fn post_dates_come_from_front_matter_or_file_name() {
        let doc = parse(Kind::Post, "+++\ntitle = \"a\"\ndate = 2026-11-20\n+++\n").unwrap();
        assert_eq!(doc.post().unwrap().date.iso_date(), "2026-11-20");
        let doc = parse(Kind::Post, "+++\ntitle = \"a\"\ndate = \"2026-11-21\"\n+++\n").unwrap();
        assert_eq!(doc.post().unwrap().date.iso_date(), "2026-11-21");
        let errs = parse(Kind::Post, "+++\ntitle = \"a\"\n+++\n").unwrap_err();
        assert!(errs[0].message.contains("missing required key `date`"));
        let src = SourceFile::new("content/blog/2026-01-02-a.md", "+++\ntitle = \"a\"\n+++\n");
        let f = FileFacts {
            kind: Kind::Post,
            id: "a".into(),
            date: Date::parse("2026-01-02"),
        };
        assert_eq!(
            parse_document(src, "x".into(), f, 0)
                .unwrap()
                .post()
                .unwrap()
                .date
                .iso_date(),
            "2026-01-02"
        );
    }

    #[test]
    fn unknown_resource_kind_is_reported() {
        let text = "+++\ntitle = \"a\"\nstage = \"s\"\n[[resources]]\ntitle = \"r\"\nurl = \"https://e.org\"\nkind = \"doc\"\n+++\n";
        let errs = parse(Kind::Topic, text).unwrap_err();
        assert!(errs[0].message.contains("unknown resource kind `doc`"));
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `docs`?"));
        assert!(
            errs[0].summary().starts_with("content/x.md:7:8"),
            "{}",
            errs[0].summary()
        );
    }
}

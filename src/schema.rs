//! Checking a TOML document against the keys and types a struct accepts.
//!
//! serde stops at the first problem and says "invalid type: integer `1`, expected a string"; a
//! writer wants every problem of a file at once, in their words, at the exact key. So config and
//! front matter are first parsed into toml's spanned tree and walked against a small static
//! [`Field`] table: unknown keys (with the nearest known key), missing required keys and wrong
//! types all become [`Diagnostic`]s. Only a document that passes is handed to serde, which then
//! cannot fail on shape.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Cause, Diagnostic, Source, did_you_mean};

/// The type a key's value must have.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A string.
    Str,
    /// An integer.
    Int,
    /// `true` or `false`.
    Bool,
    /// A TOML date or date-time, or a string holding one.
    Date,
    /// An array of strings.
    StrList,
    /// A table with these fields.
    Table(&'static [Field]),
    /// An array of tables with these fields (`[[name]]`).
    TableList(&'static [Field]),
}

impl Ty {
    fn describe(self) -> &'static str {
        match self {
            Ty::Str => "a string",
            Ty::Int => "an integer",
            Ty::Bool => "a boolean (true or false)",
            Ty::Date => "a date like 2026-11-20",
            Ty::StrList => "an array of strings like [\"a\", \"b\"]",
            Ty::Table(_) => "a table",
            Ty::TableList(_) => "an array of tables ([[...]])",
        }
    }
}

/// One key a table accepts.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key.
    pub name: &'static str,
    /// The type its value must have.
    pub ty: Ty,
    /// Whether the key must be present.
    pub required: bool,
}

/// A required key.
pub const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

/// An optional key.
pub const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

/// Where a TOML document sits inside its file, so spans can be reported in file coordinates.
#[derive(Debug, Clone)]
pub struct Embedded<'a> {
    /// The file the TOML text comes from.
    pub source: &'a Source,
    /// Byte range of the TOML text within the file.
    pub range: Range<usize>,
    /// Span to point at for problems that concern the whole document (e.g. a missing key).
    pub whole: Range<usize>,
    /// What the document is, for messages: "front matter of a topic", "config.toml".
    pub what: &'a str,
}

impl Embedded<'_> {
    fn text(&self) -> &str {
        &self.source.text[self.range.clone()]
    }

    fn at(&self, span: Range<usize>) -> Range<usize> {
        self.range.start + span.start..self.range.start + span.end
    }
}

/// Parses the TOML text of `doc`, checks it against `fields` and deserializes it into `T`.
/// Every problem found is returned, not only the first.
pub fn parse<T: DeserializeOwned>(doc: &Embedded<'_>, fields: &[Field]) -> Result<T, Vec<Diagnostic>> {
    let text = doc.text();
    let table = match DeTable::parse(text) {
        Ok(table) => table,
        Err(err) => return Err(vec![syntax_error(doc, &err).with_cause(Cause::Parse)]),
    };
    let mut problems = Vec::new();
    check_table(doc, table.get_ref(), doc.whole.clone(), fields, "", &mut problems);
    if !problems.is_empty() {
        return Err(problems.into_iter().map(|p| p.with_cause(Cause::Schema)).collect());
    }
    let deserializer = toml::de::Deserializer::from(table);
    T::deserialize(deserializer).map_err(|err| vec![syntax_error(doc, &err).with_cause(Cause::Schema)])
}

fn syntax_error(doc: &Embedded<'_>, err: &toml::de::Error) -> Diagnostic {
    let span = err.span().map(|s| doc.at(s)).unwrap_or(doc.whole.clone());
    let written = doc.source.text.get(span.clone()).unwrap_or("").trim();
    // `paginate = 10x`: toml says a string must be quoted; the writer meant a number.
    if err.message().contains("must be quoted")
        && written.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
    {
        return Diagnostic::error(format!("invalid TOML in {}: `{written}` is not a number", doc.what))
            .with_label(doc.source, span, "not a number")
            .with_help("write a number (`paginate = 10`), or quote text (`duration = \"3개월\"`)");
    }
    Diagnostic::error(format!("invalid TOML in {}: {}", doc.what, err.message().trim_end()))
        .with_label(doc.source, span, "here")
        .with_help("front matter and config.toml use TOML syntax: `key = \"value\"`, `list = [\"a\", \"b\"]`")
}

fn check_table(
    doc: &Embedded<'_>,
    table: &DeTable<'_>,
    table_span: Range<usize>,
    fields: &[Field],
    prefix: &str,
    problems: &mut Vec<Diagnostic>,
) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let key_span = doc.at(key.span());
        let Some(field) = fields.iter().find(|f| f.name == name) else {
            let known = fields.iter().map(|f| f.name);
            let mut d = Diagnostic::error(format!("unknown key `{prefix}{name}` in {}", doc.what)).with_label(
                doc.source,
                key_span,
                "not a known key",
            );
            d = match did_you_mean(name, known) {
                Some(suggestion) => d.with_help(format!("did you mean `{prefix}{suggestion}`?")),
                None => d.with_help(format!(
                    "known keys here: {}",
                    fields
                        .iter()
                        .map(|f| format!("`{}`", f.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            problems.push(d);
            continue;
        };
        check_value(doc, value.get_ref(), doc.at(value.span()), field, prefix, problems);
    }
    for field in fields.iter().filter(|f| f.required) {
        if !table.iter().any(|(k, _)| k.get_ref().as_ref() == field.name) {
            problems.push(
                Diagnostic::error(format!("missing required key `{prefix}{}` in {}", field.name, doc.what))
                    .with_label(doc.source, table_span.clone(), "in this table")
                    .with_help(format!("add `{} = ...` ({})", field.name, field.ty.describe())),
            );
        }
    }
}

fn check_value(
    doc: &Embedded<'_>,
    value: &DeValue<'_>,
    span: Range<usize>,
    field: &Field,
    prefix: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let ok = match (field.ty, value) {
        (Ty::Str, DeValue::String(_)) => true,
        (Ty::Int, DeValue::Integer(_)) => true,
        (Ty::Bool, DeValue::Boolean(_)) => true,
        (Ty::Date, DeValue::Datetime(dt)) => dt.date.is_some(),
        (Ty::Date, DeValue::String(s)) => s.parse::<toml::value::Datetime>().is_ok_and(|dt| dt.date.is_some()),
        (Ty::StrList, DeValue::Array(items)) => {
            for item in items.iter() {
                if !matches!(item.get_ref(), DeValue::String(_)) {
                    problems.push(
                        Diagnostic::error(format!(
                            "`{prefix}{}` must contain only strings, found {}",
                            field.name,
                            item.get_ref().type_str()
                        ))
                        .with_label(doc.source, doc.at(item.span()), "not a string")
                        .with_help("quote each item: [\"a\", \"b\"]"),
                    );
                }
            }
            true
        }
        (Ty::Table(fields), DeValue::Table(table)) => {
            let nested = format!("{prefix}{}.", field.name);
            check_table(doc, table, span.clone(), fields, &nested, problems);
            true
        }
        (Ty::TableList(fields), DeValue::Array(items)) => {
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::Table(table) => {
                        let nested = format!("{prefix}{}.", field.name);
                        check_table(doc, table, doc.at(item.span()), fields, &nested, problems);
                    }
                    other => problems.push(
                        Diagnostic::error(format!(
                            "`{prefix}{}` must be an array of tables, found {} inside",
                            field.name,
                            other.type_str()
                        ))
                        .with_label(doc.source, doc.at(item.span()), "not a table")
                        .with_help(format!("write each entry as a `[[{}]]` table", field.name)),
                    ),
                }
            }
            true
        }
        _ => false,
    };
    if !ok {
        let found = match value {
            DeValue::Datetime(_) if matches!(field.ty, Ty::Date) => "a time without a date",
            DeValue::String(_) if matches!(field.ty, Ty::Date) => "a string that is not a date",
            other => article(other.type_str()),
        };
        problems.push(
            Diagnostic::error(format!(
                "`{prefix}{}` must be {}, found {found}",
                field.name,
                field.ty.describe()
            ))
            .with_label(doc.source, span, format!("expected {}", field.ty.describe())),
        );
    }
}

fn article(type_name: &str) -> &'static str {
    match type_name {
        "string" => "a string",
        "integer" => "an integer",
        "float" => "a float",
        "boolean" => "a boolean",
        "datetime" => "a date-time",
        "array" => "an array",
        "table" => "a table",
        _ => "a value of another type",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use serde::Deserialize;

    const INNER: &[Field] = &[req("title", Ty::Str), opt("kind", Ty::Str)];
    const FIELDS: &[Field] = &[
        req("title", Ty::Str),
        opt("order", Ty::Int),
        opt("tags", Ty::StrList),
        opt("date", Ty::Date),
        opt("resources", Ty::TableList(INNER)),
    ];

    #[derive(Deserialize, Debug)]
    struct Doc {
        title: String,
        order: Option<i64>,
    }

    fn run(text: &str) -> Result<Doc, Vec<Diagnostic>> {
        let file = format!("+++\n{text}+++\n");
        let src = SourceFile::new("x.md", file.clone());
        let doc = Embedded {
            source: &src,
            range: 4..4 + text.len(),
            whole: 0..3,
            what: "front matter",
        };
        parse(&doc, FIELDS)
    }

    #[test]
    fn valid_document_deserializes() {
        let doc = run("title = \"캐싱\"\norder = 2\n").unwrap();
        assert_eq!(doc.title, "캐싱");
        assert_eq!(doc.order, Some(2));
    }

    #[test]
    fn every_problem_is_reported_with_file_positions() {
        let errs = run("titel = \"x\"\norder = \"two\"\ntags = [1]\n[[resources]]\nkind = \"docs\"\n").unwrap_err();
        let summaries: Vec<String> = errs.iter().map(|d| d.summary()).collect();
        assert!(
            summaries.iter().any(|s| s.starts_with("x.md:2:1: unknown key `titel`")),
            "{summaries:?}"
        );
        assert!(errs.iter().any(|d| d.help.as_deref() == Some("did you mean `title`?")));
        assert!(
            summaries
                .iter()
                .any(|s| s.starts_with("x.md:3:9: `order` must be an integer")),
            "{summaries:?}"
        );
        assert!(
            summaries
                .iter()
                .any(|s| s.starts_with("x.md:4:9: `tags` must contain only strings")),
            "{summaries:?}"
        );
        assert!(
            summaries
                .iter()
                .any(|s| s.contains("missing required key `resources.title`")),
            "{summaries:?}"
        );
        assert!(
            summaries
                .iter()
                .any(|s| s.starts_with("x.md:1:1: missing required key `title`")),
            "{summaries:?}"
        );
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let errs = run("title = \"unclosed\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].summary().starts_with("x.md:2:"), "{}", errs[0].summary());
    }

    #[test]
    fn dates_accept_toml_dates_and_date_strings() {
        assert!(run("title = \"a\"\ndate = 2026-11-20\n").is_ok());
        assert!(run("title = \"a\"\ndate = \"2026-11-20\"\n").is_ok());
        let errs = run("title = \"a\"\ndate = \"yesterday\"\n").unwrap_err();
        assert!(errs[0].message.contains("must be a date"), "{}", errs[0].message);
    }
}

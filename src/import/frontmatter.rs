//! Front matter of the source sites (YAML between `---` lines, TOML between `+++` lines) read
//! into one ordered tree, and roadbook's TOML front matter written from it.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceFile};

/// A front-matter value, whichever language it was written in.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string (YAML scalars that are not numbers or booleans, TOML strings).
    Str(String),
    /// An integer.
    Int(i64),
    /// A float, as written.
    Float(String),
    /// A boolean.
    Bool(bool),
    /// A TOML date or date-time, as written.
    Date(String),
    /// A list.
    List(Vec<Value>),
    /// A table, keys in the order written.
    Map(Vec<(String, Value)>),
    /// YAML `null` or `~`, or an empty value.
    Null,
}

impl Value {
    /// The value as text, for scalars.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Str(s) | Value::Float(s) | Value::Date(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A list of strings: a list's scalars, or a string split on whitespace (Jekyll's
    /// `tags: a b c`) when `split` is set, else the string alone.
    pub fn as_strings(&self, split: bool) -> Vec<String> {
        match self {
            Value::List(items) => items.iter().filter_map(Value::as_text).collect(),
            Value::Str(s) if split => s.split_whitespace().map(str::to_string).collect(),
            Value::Null => Vec::new(),
            other => other.as_text().into_iter().collect(),
        }
    }

    /// The value as a boolean (`true`, `"true"`, `yes`).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => Some(true),
                "false" | "no" | "off" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// The entry `key` of a table.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// One key of a front matter, with the line it is on.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Its value.
    pub value: Value,
    /// The 1-based line of the key in the source file.
    pub line: usize,
}

/// A source file split into its front matter and its body.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The top-level keys, in order.
    pub entries: Vec<Entry>,
    /// The Markdown after the front matter.
    pub body: String,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
}

impl Parsed {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    /// The line of `key` (the first line when it is missing).
    pub fn line(&self, key: &str) -> usize {
        self.entries.iter().find(|e| e.key == key).map_or(1, |e| e.line)
    }
}

/// Text as roadbook reads it: no byte-order mark, `\n` line ends.
pub fn normalize_text(text: &str) -> String {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// Splits and parses the front matter of `text` (already normalized), from the file `file`
/// (a display path for errors). A file without front matter has no entries.
pub fn parse(file: &str, text: &str) -> Result<Parsed, Diagnostic> {
    let fence = match text.lines().next().map(str::trim_end) {
        Some("---") => "---",
        Some("+++") => "+++",
        _ => {
            return Ok(Parsed {
                entries: Vec::new(),
                body: text.to_string(),
                body_line: 1,
            });
        }
    };
    let open_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut at = open_end;
    let mut line = 2;
    let close = loop {
        if at >= text.len() {
            let src = SourceFile::new(file, text);
            return Err(
                Diagnostic::error(format!("unclosed front matter: no closing `{fence}` line")).with_label(
                    &src,
                    0..fence.len(),
                    "opened here",
                ),
            );
        }
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if text[at..end].trim_end() == fence {
            break (at, (end + 1).min(text.len()));
        }
        at = end + 1;
        line += 1;
    };
    let inner = &text[open_end..close.0];
    let entries = if fence == "---" {
        yaml(file, text, open_end..close.0)?
    } else {
        toml_entries(file, text, open_end..close.0)?
    };
    let entries = entries
        .into_iter()
        .map(|(key, value)| Entry {
            line: key_line(inner, &key, fence) + 1,
            key,
            value,
        })
        .collect();
    Ok(Parsed {
        entries,
        body: text[close.1..].to_string(),
        body_line: line + 1,
    })
}

/// The 1-based line within `inner` of the top-level key `key` (1 when not found).
fn key_line(inner: &str, key: &str, fence: &str) -> usize {
    let sep = if fence == "---" { ':' } else { '=' };
    inner
        .lines()
        .position(|l| {
            let l = l.trim_start_matches(['"', '\'']);
            let table = fence == "+++" && l.trim_start_matches('[').starts_with(key);
            table
                || l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start_matches(['"', '\'']).trim_start().starts_with(sep))
        })
        .map_or(1, |i| i + 1)
}

fn yaml(file: &str, text: &str, range: Range<usize>) -> Result<Vec<(String, Value)>, Diagnostic> {
    let inner = &text[range.clone()];
    let docs = yaml_rust2::YamlLoader::load_from_str(inner).map_err(|e| {
        let line = e.marker().line().max(1);
        let src = SourceFile::new(file, text);
        let start = line_start(text, range.start, line);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        Diagnostic::error(format!("invalid YAML front matter: {}", e.info())).with_label(
            &src,
            start..end.max(start),
            "here",
        )
    })?;
    let Some(doc) = docs.into_iter().next() else {
        return Ok(Vec::new());
    };
    match from_yaml(doc) {
        Value::Map(entries) => Ok(entries),
        Value::Null => Ok(Vec::new()),
        _ => {
            let src = SourceFile::new(file, text);
            Err(
                Diagnostic::error("front matter is not a table of `key: value` lines").with_label(
                    &src,
                    range.start..range.end,
                    "here",
                ),
            )
        }
    }
}

/// The byte offset of the `line`th (1-based) line after `from`.
fn line_start(text: &str, from: usize, line: usize) -> usize {
    let mut at = from;
    for _ in 1..line {
        match text[at..].find('\n') {
            Some(i) => at += i + 1,
            None => break,
        }
    }
    at.min(text.len())
}

fn from_yaml(y: yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(s) => Value::Float(s),
        Yaml::Integer(i) => Value::Int(i),
        Yaml::String(s) => Value::Str(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(items) => Value::List(items.into_iter().map(from_yaml).collect()),
        Yaml::Hash(map) => Value::Map(
            map.into_iter()
                .filter_map(|(k, v)| Some((from_yaml(k).as_text()?, from_yaml(v))))
                .collect(),
        ),
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

fn toml_entries(file: &str, text: &str, range: Range<usize>) -> Result<Vec<(String, Value)>, Diagnostic> {
    let table: toml::Table = text[range.clone()].parse().map_err(|e: toml::de::Error| {
        let src = SourceFile::new(file, text);
        let span = e
            .span()
            .map_or(range.clone(), |s| range.start + s.start..range.start + s.end);
        Diagnostic::error(format!("invalid TOML front matter: {}", e.message().trim_end()))
            .with_label(&src, span, "here")
    })?;
    // toml's Table is sorted; put the keys back in the order written.
    let inner = &text[range];
    let mut entries: Vec<(String, Value)> = table.into_iter().map(|(k, v)| (k, from_toml(v))).collect();
    entries.sort_by_key(|(k, _)| key_line(inner, k, "+++"));
    Ok(entries)
}

fn from_toml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::Str(s),
        toml::Value::Integer(i) => Value::Int(i),
        toml::Value::Float(f) => Value::Float(f.to_string()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::Date(d.to_string()),
        toml::Value::Array(items) => Value::List(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Value::Map(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

/// A date as written by Jekyll, Hugo or Zola, as roadbook writes it: `2024-01-02`,
/// `2024-01-02T10:30:00+09:00` (`2024-01-02 10:30:00 +0900` and `…Z` accepted). A date-time
/// without an offset takes `zone` (the source site's `timezone`) when it is given.
pub fn date(text: &str, zone: Option<&jiff::tz::TimeZone>) -> Option<toml::value::Datetime> {
    let text = text.trim();
    if let Ok(d) = text
        .parse::<jiff::civil::Date>()
        .map_err(drop)
        .and_then(|d| if text.len() == 10 { Ok(d) } else { Err(()) })
    {
        return d.to_string().parse().ok();
    }
    let mut parts = text.split_whitespace();
    let (day, time, offset) = (parts.next()?, parts.next(), parts.next());
    let joined = match (time, offset) {
        (Some(t), Some(o)) => format!("{day}T{t}{}", offset_colon(o)),
        (Some(t), None) => format!("{day}T{t}"),
        _ => day.to_string(),
    };
    if joined.parse::<jiff::Timestamp>().is_ok() {
        // An offset (or `Z`) was written: keep it as it is.
        return joined.parse().ok();
    }
    let civil = joined.parse::<jiff::civil::DateTime>().ok()?;
    let written = match zone {
        Some(zone) => civil
            .to_zoned_datetime(zone.clone())
            .ok()?
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        None => civil.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
    };
    written.parse().ok()
}

/// `+0900` → `+09:00`.
fn offset_colon(o: &str) -> String {
    let b = o.as_bytes();
    if b.len() == 5 && (b[0] == b'+' || b[0] == b'-') && o[1..].bytes().all(|c| c.is_ascii_digit()) {
        format!("{}:{}", &o[..3], &o[3..])
    } else {
        o.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_keeps_order_and_lines() {
        let text = "---\ntitle: \"캐싱\"\ndate: 2024-01-02 10:00:00 +0900\ntags: [redis, cache]\ncategories: Backend\npin: true\n---\n본문\n";
        let p = parse("a.md", text).unwrap();
        let keys: Vec<(&str, usize)> = p.entries.iter().map(|e| (e.key.as_str(), e.line)).collect();
        assert_eq!(
            keys,
            [("title", 2), ("date", 3), ("tags", 4), ("categories", 5), ("pin", 6)]
        );
        assert_eq!(p.get("tags").unwrap().as_strings(true), ["redis", "cache"]);
        assert_eq!(p.get("pin").unwrap().as_bool(), Some(true));
        assert_eq!(p.body, "본문\n");
        assert_eq!(p.body_line, 8);
    }

    #[test]
    fn toml_front_matter_and_none() {
        let p = parse(
            "a.md",
            "+++\ntitle = \"a\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"x\"]\n+++\nbody",
        )
        .unwrap();
        let keys: Vec<(&str, usize)> = p.entries.iter().map(|e| (e.key.as_str(), e.line)).collect();
        assert_eq!(keys, [("title", 2), ("date", 3), ("taxonomies", 4)]);
        assert_eq!(
            p.get("taxonomies").unwrap().get("tags").unwrap().as_strings(false),
            ["x"]
        );
        let none = parse("a.md", "# just text\n").unwrap();
        assert!(none.entries.is_empty());
        assert_eq!(none.body, "# just text\n");
    }

    #[test]
    fn yaml_errors_name_the_file_line() {
        let err = parse("_posts/x.md", "---\ntitle: a\ntags: [a, b\n---\n").unwrap_err();
        let summary = err.summary();
        assert!(summary.starts_with("_posts/x.md:"), "{summary}");
        assert!(summary.contains("invalid YAML"), "{summary}");
    }

    #[test]
    fn dates_keep_their_offset_or_take_the_site_zone() {
        let seoul = jiff::tz::TimeZone::get("Asia/Seoul").ok();
        let d = |t: &str| date(t, seoul.as_ref()).map(|d| d.to_string());
        assert_eq!(d("2024-01-02").as_deref(), Some("2024-01-02"));
        assert_eq!(
            d("2024-01-02 10:30:00 +0900").as_deref(),
            Some("2024-01-02T10:30:00+09:00")
        );
        assert_eq!(d("2024-01-02T10:30:00Z").as_deref(), Some("2024-01-02T10:30:00Z"));
        assert_eq!(d("2024-01-02 10:30:00").as_deref(), Some("2024-01-02T10:30:00+09:00"));
        assert_eq!(
            date("2024-01-02 10:30:00", None).map(|d| d.to_string()).as_deref(),
            Some("2024-01-02T10:30:00")
        );
        assert_eq!(d("어제"), None);
    }

    #[test]
    fn crlf_and_bom_are_normalized() {
        assert_eq!(
            normalize_text("\u{feff}---\r\ntitle: a\r\n---\r\n"),
            "---\ntitle: a\n---\n"
        );
    }
}

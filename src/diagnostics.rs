//! Errors and warnings as data.
//!
//! Every stage of the pipeline reports problems by pushing [`Diagnostic`]s into a
//! [`Diagnostics`] list instead of stopping at the first one, so a build can show the writer
//! everything that is wrong at once. A diagnostic points into a [`SourceFile`] by byte span; the
//! line and column shown to people are computed in characters, so a caret lands under the right
//! syllable of Korean text. Library code never prints: the binary (and the dev server's overlay)
//! decide how to show them.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file whose text diagnostics can point into.
#[derive(Debug)]
pub struct SourceFile {
    /// The path shown to people: relative to the site root where possible.
    pub path: PathBuf,
    /// The whole text of the file.
    pub text: String,
}

/// A shared, immutable source file.
pub type Source = Arc<SourceFile>;

impl SourceFile {
    /// Wraps a file's display path and text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Source {
        Arc::new(SourceFile {
            path: path.into(),
            text: text.into(),
        })
    }

    /// The 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, offset)
    }
}

/// The 1-based line and 1-based character (not byte) column of `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build succeeds but something deserves attention.
    Warning,
}

/// A labelled span of a source file.
#[derive(Debug, Clone)]
pub struct Label {
    /// The file the span points into.
    pub source: Source,
    /// Byte range within `source.text`.
    pub span: Range<usize>,
    /// A short explanation shown under the span (may be empty).
    pub text: String,
}

/// One problem found in the site, with where it is and what to do about it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The headline: what is wrong.
    pub message: String,
    /// The primary location first, then secondary ones (e.g. each edge of a cycle).
    pub labels: Vec<Label>,
    /// A file the problem is about when there is no span to point at (I/O errors, missing files).
    pub path: Option<PathBuf>,
    /// What to do about it.
    pub help: Option<String>,
    /// Further context.
    pub notes: Vec<String>,
    /// What kind of problem it is, which orders a build's report: the cause first.
    pub cause: Cause,
}

/// What a problem is about, in the order a report lists them: a file that cannot be read
/// comes before the echoes it causes elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Cause {
    /// A file that does not parse: TOML or front-matter syntax, encoding.
    Parse,
    /// A key or value that the schema of `config.toml` or of front matter refuses.
    Schema,
    /// The topic graph: unknown or duplicate ids, `requires` cycles, isolated topics.
    Graph,
    /// A Markdown body: links, anchors, code, images.
    Body,
    /// The output folder: a file that cannot be written (a full disk, a read-only folder).
    Output,
    /// Anything else: templates, output, caches.
    #[default]
    Other,
}

impl Diagnostic {
    /// A new error with a headline and nothing else.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A new warning with a headline and nothing else.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            labels: Vec::new(),
            path: None,
            help: None,
            notes: Vec::new(),
            cause: Cause::Other,
        }
    }

    /// The same problem, said to be of `cause`.
    pub fn with_cause(mut self, cause: Cause) -> Self {
        self.cause = cause;
        self
    }

    /// Adds a labelled span; the first one added is the primary location.
    pub fn with_label(mut self, source: &Source, span: Range<usize>, text: impl Into<String>) -> Self {
        let len = source.text.len();
        let start = floor_char_boundary(&source.text, span.start.min(len));
        let end = floor_char_boundary(&source.text, span.end.min(len)).max(start);
        self.labels.push(Label {
            source: Arc::clone(source),
            span: start..end,
            text: text.into(),
        });
        self
    }

    /// Names the file the problem is about when there is no span.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Says what to do about it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Says "did you mean `a` or `b`?" for the nearest known names (each shown with `prefix`,
    /// e.g. `#` for anchors), or `otherwise` when none is near.
    pub fn with_suggestions(self, suggestions: &[&str], prefix: &str, otherwise: impl Into<String>) -> Self {
        if suggestions.is_empty() {
            return self.with_help(otherwise);
        }
        let names: Vec<String> = suggestions.iter().map(|s| format!("`{prefix}{s}`")).collect();
        self.with_help(format!("did you mean {}?", names.join(" or ")))
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// `true` for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The primary location as `(path, line, column)`, if the diagnostic has one.
    pub fn location(&self) -> Option<(&Path, usize, usize)> {
        if let Some(label) = self.labels.first() {
            let (line, col) = label.source.line_col(label.span.start);
            return Some((&label.source.path, line, col));
        }
        self.path.as_deref().map(|p| (p, 0, 0))
    }

    /// `path:line:col: message`, the one-line form used by the dev server's overlay and logs.
    pub fn summary(&self) -> String {
        match self.location() {
            Some((path, line, col)) if line > 0 => {
                format!("{}:{line}:{col}: {}", path.display(), self.message)
            }
            Some((path, _, _)) => format!("{}: {}", path.display(), self.message),
            None => self.message.clone(),
        }
    }

    /// Renders the diagnostic with a source snippet, like rustc does.
    pub fn render(&self, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = match (&self.path, self.labels.is_empty()) {
            (Some(path), true) => format!("{}: {}", path.display(), self.message),
            _ => self.message.clone(),
        };
        let mut group = annotate_snippets::Group::with_title(level.primary_title(title.as_str()));

        // One snippet per file, its labels in order; the first label overall is primary.
        let mut files: Vec<&Source> = Vec::new();
        for label in &self.labels {
            if !files.iter().any(|s| Arc::ptr_eq(s, &label.source)) {
                files.push(&label.source);
            }
        }
        let mut snippets = Vec::new();
        for (file_index, source) in files.into_iter().enumerate() {
            let path = source.path.display().to_string();
            let mut snippet = Snippet::source(source.text.as_str()).path(path);
            for (i, label) in self.labels.iter().enumerate() {
                if !Arc::ptr_eq(&label.source, source) {
                    continue;
                }
                let kind = if i == 0 && file_index == 0 {
                    AnnotationKind::Primary
                } else {
                    AnnotationKind::Context
                };
                snippet = snippet.annotation(kind.span(label.span.clone()).label(label.text.as_str()));
            }
            snippets.push(snippet);
        }
        for snippet in snippets {
            group = group.element(snippet);
        }
        let mut messages = Vec::new();
        for note in &self.notes {
            messages.push(Level::NOTE.message(note.as_str()));
        }
        if let Some(help) = &self.help {
            messages.push(Level::HELP.message(help.as_str()));
        }
        for message in messages {
            group = group.element(message);
        }
        let report: [Group<'_>; 1] = [group];
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(&report).to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// An ordered collection of diagnostics.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Moves every diagnostic of `other` into this list.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// `true` if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Every diagnostic, in the order found.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Diagnostic> {
        self.items.iter_mut()
    }

    /// The diagnostics, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// `true` when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many diagnostics there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Sorts errors before warnings, then by [`Cause`] (files that do not parse, then schema,
    /// graph, bodies), then by file and position, so the real problem comes first and the output
    /// is stable whatever order parallel workers found things in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                let (path, start) = match d.labels.first() {
                    Some(l) => (Some(l.source.path.clone()), l.span.start),
                    None => (d.path.clone(), 0),
                };
                (d.severity, d.cause, path, start)
            };
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
    }

    /// The diagnostics as a vector.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// The known name closest to `unknown`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let unknown_len = unknown.chars().count();
    known
        .into_iter()
        .map(|k| (edit_distance(unknown, k), k))
        .filter(|&(d, k)| {
            d <= (unknown_len.max(k.chars().count()) / 3).max(1) || k.starts_with(unknown) && unknown_len >= 3
        })
        .min_by_key(|&(d, k)| (d, k))
        .map(|(_, k)| k)
}

/// The `n` known names closest to `unknown`, nearest first.
pub fn nearest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = known
        .into_iter()
        .map(|k| (edit_distance(unknown, k), k))
        .filter(|&(d, k)| d <= (unknown.chars().count().max(k.chars().count()) / 2).max(1))
        .collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, k)| k).collect()
}

/// Edit distance over characters, counting a swap of neighbours as one edit (optimal string
/// alignment), so `titel` is one edit from `title`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "title = \"캐시\"\n제목 = 1\n";
        // `=` on line 2 is after two Hangul syllables and a space: column 4.
        let offset = text.find("= 1").unwrap();
        assert_eq!(line_col(text, offset), (2, 4));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn summary_names_file_line_and_column() {
        let src = SourceFile::new("content/topics/a.md", "+++\ntitel = \"x\"\n+++\n");
        let d = Diagnostic::error("unknown key `titel`").with_label(&src, 4..9, "here");
        assert_eq!(d.summary(), "content/topics/a.md:2:1: unknown key `titel`");
        let rendered = d.render(false);
        assert!(rendered.contains("content/topics/a.md:2:1"), "{rendered}");
        assert!(rendered.contains("titel = \"x\""), "{rendered}");
    }

    #[test]
    fn suggestions_find_typos_only() {
        let keys = ["title", "summary", "requires", "related"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("require", keys), Some("requires"));
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(
            nearest("cachng", ["caching", "cache-aside", "testing"], 2),
            vec!["caching"]
        );
    }
}

//! `IMPORT.md`: everything an import could not carry across as it was, where it was, and what
//! was done instead.

use std::fmt::Write;

/// What the importer did with a construct it could not convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// Left in the text as written (it will show as text).
    Kept,
    /// Removed.
    Dropped,
    /// Replaced by raw HTML or by the nearest Markdown, which may look different.
    Approximated,
    /// The whole file was not imported.
    Skipped,
}

impl Action {
    fn describe(self) -> &'static str {
        match self {
            Action::Kept => "kept as text",
            Action::Dropped => "dropped",
            Action::Approximated => "approximated",
            Action::Skipped => "file not imported",
        }
    }
}

/// One construct not converted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    /// The source file, relative to the source site, `/`-separated.
    pub file: String,
    /// The 1-based line in the source file (0 when the problem is the whole file).
    pub line: usize,
    /// What was found: "`{% include toc.html %}`", "front matter key `pin`".
    pub what: String,
    /// What was done.
    pub action: Action,
    /// Why, or what to do.
    pub note: String,
}

/// Every item of an import, in file and line order once [`Report::markdown`] is called.
#[derive(Debug, Default, Clone)]
pub struct Report {
    items: Vec<Item>,
}

impl Report {
    /// Records one item.
    pub fn add(&mut self, file: &str, line: usize, what: impl Into<String>, action: Action, note: impl Into<String>) {
        self.items.push(Item {
            file: file.to_string(),
            line,
            what: what.into(),
            action,
            note: note.into(),
        });
    }

    /// Every item recorded.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// How many files were skipped (folders not read are listed, not counted).
    pub fn skipped(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.action == Action::Skipped && !i.file.ends_with('/'))
            .count()
    }

    /// The report as Markdown, with a checklist of what to look at after the import; `flavour`
    /// comes with its article ("an mdBook").
    pub fn markdown(&mut self, flavour: &str, source: &str, counts: &str, checklist: &[&str]) -> String {
        self.items.sort();
        let mut md = format!(
            "# Import report\n\nImported from {flavour} site at `{source}`: {counts}.\n\n\
             {} constructs were not converted as they were; each is listed below with its source \
             file and line, and what the importer did instead.\n\n",
            self.items.len()
        );
        md.push_str("## Check after importing\n\n");
        for step in checklist {
            let _ = writeln!(md, "- [ ] {step}");
        }
        md.push_str("\n## Not converted\n\n");
        if self.items.is_empty() {
            md.push_str("Nothing: every construct was converted.\n");
            return md;
        }
        md.push_str("| where | what | done | note |\n|---|---|---|---|\n");
        for item in &self.items {
            let at = if item.line == 0 {
                item.file.clone()
            } else {
                format!("{}:{}", item.file, item.line)
            };
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | {} |",
                at,
                cell(&item.what),
                item.action.describe(),
                cell(&item.note)
            );
        }
        md
    }
}

/// Text safe inside a Markdown table cell (and inert: Liquid and shortcodes shown as code).
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_listed_by_file_and_line() {
        let mut r = Report::default();
        r.add(
            "_posts/b.md",
            3,
            "`{:toc}`",
            Action::Dropped,
            "roadbook makes a table of contents",
        );
        r.add(
            "_posts/a.md",
            9,
            "front matter key `pin`",
            Action::Dropped,
            "no pinned posts",
        );
        r.add("_posts/a.md", 2, "a | b", Action::Kept, "");
        let md = r.markdown("a Jekyll", "old", "2 posts", &["check links"]);
        let a2 = md.find("`_posts/a.md:2`").unwrap();
        let a9 = md.find("`_posts/a.md:9`").unwrap();
        let b3 = md.find("`_posts/b.md:3`").unwrap();
        assert!(a2 < a9 && a9 < b3, "{md}");
        assert!(md.contains("a \\| b"));
        assert!(md.contains("- [ ] check links"));
        assert!(md.contains("3 constructs"));
    }
}

//! `roadbook import` run on a fixture source (`tests/fixtures/import/<name>`), and its
//! `IMPORT.md` read back as rows.

use std::path::Path;

use super::{Page, Run, TestSite, fixture_path, run_roadbook};

/// A site made by `roadbook import`, with the run and its report.
pub struct Imported {
    /// The new site (its own temporary folder).
    pub site: TestSite,
    /// The import run.
    pub run: Run,
    /// The rows of `IMPORT.md`'s table.
    pub rows: Vec<Row>,
    /// `IMPORT.md` as written.
    pub report: String,
}

/// One row of `IMPORT.md`: where (`file:line`), what, what was done, and the note.
#[derive(Debug, Clone)]
pub struct Row {
    pub at: String,
    pub what: String,
    pub done: String,
    pub note: String,
}

/// The source fixture `tests/fixtures/import/<name>`.
pub fn source(name: &str) -> std::path::PathBuf {
    fixture_path(&format!("import/{name}"))
}

/// Runs `roadbook import SOURCE DEST <args>` into a new empty folder; the import must succeed.
pub fn import(source: &Path, args: &[&str]) -> Imported {
    let site = TestSite::empty();
    let run = run_import(source, site.root(), args);
    assert!(run.success, "import failed:\n{}{}", run.stdout, run.stderr);
    let report = std::fs::read_to_string(site.root().join("IMPORT.md")).expect("IMPORT.md is written");
    Imported {
        rows: rows(&report),
        report,
        site,
        run,
    }
}

/// Runs `roadbook import SOURCE DEST <args>`, whatever the outcome.
pub fn run_import(source: &Path, dest: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&std::ffi::OsStr> = vec!["import".as_ref(), source.as_os_str(), dest.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    Run::from(run_roadbook(all))
}

/// The rows of the report's table (escaped `\|` inside cells kept as `|`).
fn rows(report: &str) -> Vec<Row> {
    report
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let inner = l.trim_start_matches("| ").trim_end_matches(" |");
            let cells: Vec<String> = inner.split(" | ").map(|c| c.replace("\\|", "|")).collect();
            assert_eq!(cells.len(), 4, "a report row has four cells: {l}");
            Row {
                at: cells[0].trim_matches('`').to_string(),
                what: cells[1].clone(),
                done: cells[2].clone(),
                note: cells[3].clone(),
            }
        })
        .collect()
}

impl Imported {
    /// The row at `file:line` whose `what` contains `what`; panics, showing the report, when
    /// there is none.
    pub fn row(&self, at: &str, what: &str) -> &Row {
        self.rows
            .iter()
            .find(|r| r.at == at && r.what.contains(what))
            .unwrap_or_else(|| panic!("no report row at {at} about {what:?}:\n{}", self.report))
    }

    /// A text file of the new site.
    pub fn file(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// The 1-based line of `file` (under `source`) that first contains `needle`.
pub fn line_of(source: &Path, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(source.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{file} has no line with {needle:?}"))
        + 1
}

/// `file:line` of the first line of `file` containing `needle`.
pub fn at(source: &Path, file: &str, needle: &str) -> String {
    format!("{file}:{}", line_of(source, file, needle))
}

/// The `href`s of the links in a page's prose, headings' self-links left out.
pub fn prose_links(page: &Page) -> Vec<String> {
    let mut links = page.attrs(".prose a[href]", "href");
    links.retain(|h| !h.starts_with('#'));
    links
}

/// The `(target, canonical)` of the redirect page at `rel`.
pub fn redirect(site: &TestSite, rel: &str) -> (String, String) {
    let page = site.html(rel);
    let refresh = page.attrs("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh.len(), 1, "{rel} is a redirect page");
    let target = refresh[0].strip_prefix("0; url=").unwrap_or(&refresh[0]).to_string();
    (target, page.attrs("link[rel=canonical]", "href")[0].clone())
}

/// The names of a post's tags, in order.
pub fn tag_names(page: &Page) -> Vec<String> {
    page.all("header ul.tags a")
        .iter()
        .map(|a| a.text().collect::<String>().trim_start_matches('#').to_string())
        .collect()
}

//! `roadbook import`: an existing Jekyll, Hugo, Zola or mdBook site brought across as a new
//! roadbook site.
//!
//! Each flavour reads its source into a [`NewSite`] — the files of the new site and a
//! [`Report`] of every construct it could not carry across as it was — which is then written to
//! a folder that must not exist yet (or be empty): an import never overwrites. The report
//! becomes `IMPORT.md` in the new site.
//!
//! Submodules: [`frontmatter`] (YAML and TOML front matter read into one tree), [`fields`]
//! (the fields blogs share, mapped onto roadbook's), [`text`] (body-rewriting helpers),
//! [`report`], and one per flavour: [`jekyll`] (with [`liquid`] for its bodies and
//! [`permalink`] for its old URLs), [`hugo`], [`zola`], [`mdbook`] (with [`chapter`] for its
//! bodies); [`shortcodes`] and [`sections`] hold what Hugo and Zola share, [`site`] what every
//! flavour does.

pub mod chapter;
pub mod fields;
pub mod frontmatter;
pub mod hugo;
pub mod jekyll;
pub mod liquid;
pub mod mdbook;
pub mod permalink;
pub mod report;
pub mod sections;
pub mod shortcodes;
pub mod site;
pub mod text;
pub mod zola;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
pub use report::{Action, Report};
pub use site::{Flavour, ImportOptions, NewConfig, NewSite, SectionsAs};

/// What an import did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The flavour read.
    pub flavour: Flavour,
    /// The summary, e.g. `12 posts, 2 pages, 4 files copied`.
    pub counts: String,
    /// Constructs listed in `IMPORT.md`.
    pub reported: usize,
    /// Source files not imported (each also in `IMPORT.md`).
    pub skipped: usize,
    /// Problems worth printing (a file that could not be read): each is in the report too.
    pub warnings: Vec<Diagnostic>,
}

/// Imports the site at `source` into the new folder `dest`. Fails, writing nothing, when
/// `source` is not a readable site of a known flavour or `dest` exists and is not empty.
pub fn import(source: &Path, dest: &Path, options: &ImportOptions) -> Result<Imported, Vec<Diagnostic>> {
    check_source(source)?;
    check_dest(dest)?;
    let Some(flavour) = options.from.or_else(|| Flavour::detect(source)) else {
        return Err(vec![
            Diagnostic::error(format!("cannot tell what kind of site {} is", source.display())).with_help(
                "a Jekyll site has _config.yml and _posts/, Hugo hugo.toml and content/, Zola \
                 config.toml with base_url and content/, mdBook book.toml and SUMMARY.md; \
                 or pass --from jekyll|hugo|zola|mdbook",
            ),
        ]);
    };
    let mut warnings = Vec::new();
    let mut site = match flavour {
        Flavour::Jekyll => jekyll::read(source, &mut warnings),
        Flavour::Hugo => hugo::read(source, options, &mut warnings),
        Flavour::Zola => zola::read(source, options, &mut warnings),
        Flavour::Mdbook => mdbook::read(source, &mut warnings)?,
    };
    let reads = |name: &str| match flavour {
        // Jekyll copies every folder whose name does not start with `_`.
        Flavour::Jekyll => !name.starts_with('_') || ["_posts", "_drafts", "_tabs", "_pages"].contains(&name),
        Flavour::Hugo => ["content", "static", "config"].contains(&name),
        Flavour::Zola => ["content", "static"].contains(&name),
        // The book's `src/` and the listings its chapters include.
        Flavour::Mdbook => !["theme", "book"].contains(&name),
    };
    site::report_unread_folders(source, reads, &mut site.report);
    site::report_links(source, &mut site.report);
    let counts = counts(&site);
    finish(&mut site, flavour, source, &counts);
    write_site(&site, dest)?;
    Ok(Imported {
        flavour,
        counts,
        reported: site.report.items().len(),
        skipped: site.report.skipped(),
        warnings,
    })
}

/// `source` must be a folder roadbook can read.
fn check_source(source: &Path) -> Result<(), Vec<Diagnostic>> {
    if !source.is_dir() {
        let why = if source.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        return Err(vec![
            Diagnostic::error(format!("cannot import {}: it {why}", source.display()))
                .with_help("pass the folder of the site to import: roadbook import OLD-SITE NEW-SITE"),
        ]);
    }
    match std::fs::read_dir(source) {
        Ok(_) => Ok(()),
        Err(e) => Err(vec![Diagnostic::error(format!(
            "cannot read {}: {e}",
            source.display()
        ))]),
    }
}

/// The summary of what was imported: `12 posts, 2 pages, 4 files copied`.
fn counts(site: &NewSite) -> String {
    let counts = site
        .counts()
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .chain((!site.copies.is_empty()).then(|| match site.copies.len() {
            1 => "1 file copied".to_string(),
            n => format!("{n} files copied"),
        }))
        .collect::<Vec<_>>()
        .join(", ");
    if counts.is_empty() {
        "nothing to import".to_string()
    } else {
        counts
    }
}

/// Adds what every new site has: a home page (when the source had none), `config.toml`,
/// `.gitignore` and the report.
fn finish(site: &mut NewSite, flavour: Flavour, source: &Path, counts: &str) {
    if !site.files.contains_key("content/_index.md") {
        let title = fields::write(&[("title", Some(fields::str_value(&site.config.title)))]);
        let home = format!("{title}\n{}\n", site.config.description);
        site.files.insert("content/_index.md".into(), home);
    }
    let report = site.report.markdown(
        flavour.a_name(),
        &source.display().to_string(),
        counts,
        &checklist(flavour),
    );
    site.files.insert("IMPORT.md".into(), report);
    site.files.insert("config.toml".into(), config_toml(&site.config));
    site.files
        .entry(".gitignore".into())
        .or_insert_with(|| "public/\n.roadbook-cache/\n".into());
}

/// `dest` must not exist, or be an empty folder.
fn check_dest(dest: &Path) -> Result<(), Vec<Diagnostic>> {
    match std::fs::read_dir(dest) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(vec![Diagnostic::error(format!("cannot use {}: {e}", dest.display()))]),
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(vec![
                Diagnostic::error(format!("{} is not empty: import never overwrites", dest.display()))
                    .with_help("pass a new folder (it is created) or an empty one"),
            ]),
        },
    }
}

fn write_site(site: &NewSite, dest: &Path) -> Result<(), Vec<Diagnostic>> {
    let fail = |rel: &str, e: std::io::Error| {
        vec![Diagnostic::error(format!(
            "cannot write {}: {e}",
            dest.join(rel).display()
        ))]
    };
    let prepare = |rel: &str| -> Result<PathBuf, Vec<Diagnostic>> {
        let path = dest.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(rel, e))?;
        }
        Ok(path)
    };
    for (rel, text) in &site.files {
        std::fs::write(prepare(rel)?, text).map_err(|e| fail(rel, e))?;
    }
    for (rel, from) in &site.copies {
        std::fs::copy(from, prepare(rel)?).map_err(|e| fail(rel, e))?;
    }
    Ok(())
}

fn config_toml(c: &NewConfig) -> String {
    let mut out = String::new();
    for (key, value) in [
        ("title", &c.title),
        ("description", &c.description),
        ("base_url", &c.base_url),
        ("language", &c.language),
        ("author", &c.author),
    ] {
        let _ = writeln!(out, "{key} = {}", toml::Value::String(value.clone()));
    }
    out
}

/// What to look at after importing a site of `flavour`.
fn checklist(flavour: Flavour) -> Vec<&'static str> {
    let mut steps = vec![
        "Run `roadbook build` in this folder and fix what it reports (links the old site never checked).",
        "Read the items below: each names the source file and line of something that needs a look.",
        "Check `base_url` in config.toml: it is where the site will be published.",
    ];
    steps.extend(match flavour {
        Flavour::Jekyll => [
            "Old post URLs (your permalink setting) are `aliases`: check one redirect page in the output.",
            "Theme includes and plugins (`{% include %}`) other than figures and videos are listed below.",
        ],
        Flavour::Hugo => [
            "Old URLs (section paths, `url`, `aliases`) are `aliases`: check one redirect page in the output.",
            "Shortcodes other than highlight, figure, youtube, ref/relref and gist are listed below.",
        ],
        Flavour::Zola => [
            "Old URLs (section paths, `path`, `aliases`) are `aliases`: check one redirect page in the output.",
            "Shortcodes other than youtube, gist and figure-like ones are listed below.",
        ],
        Flavour::Mdbook => [
            "Parts are stages and chapters are topics: add `requires` between topics to draw the roadmap.",
            "Old chapter URLs (`ch01.html`) are `aliases` of the topics.",
        ],
    });
    steps
}

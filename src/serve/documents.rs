//! The site's documents as the dev server last read them: every Markdown file that loaded,
//! the problems of those that did not, and the content assets. A rebuild re-reads only what
//! changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Document;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, Asset, Failed};

/// Documents by path, problems by path, and assets.
#[derive(Default)]
pub(super) struct Documents {
    /// Every document that loaded, by path.
    pub docs: BTreeMap<PathBuf, Arc<Document>>,
    /// The problems of each file that failed to load.
    load_problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Problems of the last scan of `content/` (misplaced files).
    scan_problems: Vec<Diagnostic>,
    /// Content files that are not Markdown.
    pub assets: Vec<Asset>,
    /// What each file that failed to load would have been.
    failed: BTreeMap<PathBuf, Failed>,
}

/// A Markdown file read: the document, or why it could not be.
type Loaded = Result<Document, Vec<Diagnostic>>;

/// What a Markdown file would be, for when it fails to load.
fn failed_of(root: &Path, path: &Path, facts: &load::frontmatter::FileFacts) -> Failed {
    Failed {
        kind: facts.kind,
        id: facts.id.clone(),
        path: crate::util::fs::display_path(root, path),
    }
}

impl Documents {
    /// Every loading problem: the scan's, then each failed file's.
    pub fn problems(&self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        diags.extend(self.scan_problems.iter().cloned());
        for problems in self.load_problems.values() {
            diags.extend(problems.iter().cloned());
        }
        diags
    }

    /// Re-reads what changed under `content/`: only the changed Markdown files when they were
    /// already known, else a new scan of the folder (creations, deletions, renames, assets).
    /// Returns whether it scanned.
    pub fn refresh(&mut self, root: &Path, first: bool, changed: &[&PathBuf]) -> bool {
        let known_edit = |p: &&PathBuf| {
            p.is_file() && self.docs.contains_key(p.as_path()) && p.extension().is_some_and(|e| e == "md")
        };
        if !first && changed.iter().all(known_edit) {
            for path in changed {
                self.read(root, (*path).clone());
            }
            return false;
        }
        let mut problems = Diagnostics::new();
        let scan = load::scan(root, &mut problems);
        self.scan_problems = problems.into_vec();
        let facts: HashMap<PathBuf, load::frontmatter::FileFacts> = scan.docs.into_iter().collect();
        self.docs.retain(|p, _| facts.contains_key(p));
        self.load_problems.retain(|p, _| facts.contains_key(p));
        self.failed.retain(|p, _| facts.contains_key(p));
        let changed: BTreeSet<&PathBuf> = changed.iter().copied().collect();
        let to_read: Vec<(&PathBuf, &load::frontmatter::FileFacts)> = facts
            .iter()
            .filter(|(p, _)| {
                first || changed.contains(p) || !(self.docs.contains_key(*p) || self.load_problems.contains_key(*p))
            })
            .collect();
        let read: Vec<(PathBuf, Loaded, Option<Failed>)> = to_read
            .into_par_iter()
            .map(|(path, facts)| {
                let failed = Some(failed_of(root, path, facts));
                (
                    path.clone(),
                    load::read_document(root, path.clone(), facts.clone()),
                    failed,
                )
            })
            .collect();
        for (path, result, failed) in read {
            self.store(path, result, failed);
        }
        self.assets = scan.assets;
        true
    }

    fn read(&mut self, root: &Path, path: PathBuf) {
        let (result, failed) = match load::facts_of(root, &path) {
            Ok(Some(facts)) => {
                let failed = Some(failed_of(root, &path, &facts));
                (load::read_document(root, path.clone(), facts), failed)
            }
            Ok(None) => (Err(Vec::new()), None),
            Err(d) => (Err(vec![d]), None),
        };
        self.store(path, result, failed);
    }

    fn store(&mut self, path: PathBuf, result: Result<Document, Vec<Diagnostic>>, failed: Option<Failed>) {
        match result {
            Ok(doc) => {
                self.load_problems.remove(&path);
                self.failed.remove(&path);
                self.docs.insert(path, Arc::new(doc));
            }
            Err(problems) => {
                self.docs.remove(&path);
                self.load_problems.insert(path.clone(), problems);
                match failed {
                    Some(f) => self.failed.insert(path, f),
                    None => self.failed.remove(&path),
                };
            }
        }
    }

    /// The files that failed to load, by path order.
    pub fn failed(&self) -> Vec<Failed> {
        self.failed.values().cloned().collect()
    }
}

//! What a batch of changed paths asks of a rebuild: which parts of the site changed
//! ([`ChangeKind`]), and so what must be read, assembled and rendered again ([`Plan`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a changed path is, for deciding how much to rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// `config.toml`
    Config,
    /// A template, UI strings or theme settings.
    Templates,
    /// A file of `static/` or a theme's `static/`.
    Static,
    /// Anything under `content/`.
    Content,
    /// The git history moved (a commit, a checkout, a reset): pages' last-updated dates may
    /// have changed. The watcher reports it as the path [`HISTORY`] under the root.
    History,
}

/// The path (relative to the site root) the watcher reports when the git history moves.
pub const HISTORY: &str = ".git";

/// Classifies a changed path of the site at `root`; `None` for paths roadbook does not read.
pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    match first.as_ref() {
        "config.toml" => Some(ChangeKind::Config),
        "templates" => Some(ChangeKind::Templates),
        "static" => Some(ChangeKind::Static),
        "content" => Some(ChangeKind::Content),
        HISTORY if parts.next().is_none() => Some(ChangeKind::History),
        // A theme folder itself (created, renamed) may hold both: treat it as templates, which
        // re-reads static files too.
        "themes" => match parts.nth(1).as_deref() {
            Some("static") => Some(ChangeKind::Static),
            _ => Some(ChangeKind::Templates),
        },
        _ => None,
    }
}

/// What a rebuild must redo for a batch of changed paths.
#[derive(Debug)]
pub(super) struct Plan<'a> {
    /// The kinds of what changed.
    pub kinds: BTreeSet<ChangeKind>,
    /// No site was built yet.
    pub first: bool,
    /// `config.toml` must be read (it changed, or the last read failed).
    pub config: bool,
    /// Templates and UI strings must be compiled again.
    pub templates: bool,
    /// The changed paths under `content/`.
    pub content: Vec<&'a PathBuf>,
}

impl<'a> Plan<'a> {
    /// The plan for `changed` paths of the site at `root`.
    pub fn new(root: &Path, changed: &'a [PathBuf], first: bool, config_missing: bool) -> Plan<'a> {
        let kinds: BTreeSet<ChangeKind> = changed.iter().filter_map(|p| classify(root, p)).collect();
        let config = first || kinds.contains(&ChangeKind::Config) || config_missing;
        Plan {
            templates: config || kinds.contains(&ChangeKind::Templates),
            content: changed
                .iter()
                .filter(|p| classify(root, p) == Some(ChangeKind::Content))
                .collect(),
            kinds,
            first,
            config,
        }
    }

    /// Whether only content changed: the dev server's fast path may apply.
    pub fn content_only(&self) -> bool {
        !self.first && self.kinds.len() == 1 && self.kinds.contains(&ChangeKind::Content)
    }

    /// Whether static files (content assets included, which only a rescan can change) must be
    /// read again.
    pub fn statics(&self, rescanned: bool) -> bool {
        self.first || self.templates || self.kinds.contains(&ChangeKind::Static) || rescanned
    }
}

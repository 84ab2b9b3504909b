//! A page body as a build holds it: its metadata in memory, its HTML, text and search term
//! counts in memory or in the body cache file.

use std::sync::Arc;

use crate::cache::blob_file::Spill;
use crate::cache::lazy::Lazy;
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::parse::{BodyMeta, Rendered, Section};

/// A rendered body, from [`Rendered`] or from the body cache.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// Headings, summary text, counts and the other small facts of the body.
    pub meta: BodyMeta,
    /// The HTML.
    pub html: Lazy<String>,
    /// Text by section, for the search index.
    pub sections: Lazy<Vec<Section>>,
    /// The sections' search term counts, encoded by
    /// [`search::terms::encode_body`](crate::search::terms::encode_body); `None` when not
    /// counted (the search index then counts the sections itself).
    pub terms: Option<Lazy<Vec<u8>>>,
    /// Problems found when it was rendered (reported by every build that uses it).
    pub problems: Vec<Diagnostic>,
}

impl Body {
    /// A freshly rendered body, in memory; its links are the caller's to keep.
    pub fn from_rendered(rendered: Rendered) -> Body {
        Body {
            meta: rendered.meta,
            html: Lazy::Memory(rendered.html),
            sections: Lazy::Memory(rendered.sections),
            terms: None,
            problems: rendered.problems,
        }
    }

    /// Moves the HTML, term counts and sections into the next cache file. A body with
    /// problems stays in memory (it is not cached), as does everything after a write error.
    pub fn spill(&mut self, spill: &Spill) {
        if !self.problems.is_empty() {
            return;
        }
        spill.put_with(|writer| {
            self.html.store(writer)?;
            if let Some(terms) = &mut self.terms {
                terms.store(writer)?;
            }
            self.sections.store(writer)
        });
    }
}

/// The link targets of a body, by kind, id and anchor (indices shift when pages come and go).
pub type LinkKeys = Vec<(Kind, String, Option<String>)>;

/// One cached body with what decides whether it is still valid.
pub(crate) struct CachedBody {
    /// Hash of the page's file.
    pub(crate) hash: u64,
    /// How the body's links resolved (see `links::fingerprint`).
    pub(crate) fingerprint: u64,
    /// Link targets by kind and id.
    pub(crate) links: LinkKeys,
    /// The body.
    pub(crate) body: Arc<Body>,
}

//! roadbook: a static site generator for learning roadmaps and the study blog that goes with
//! them.
//!
//! The pipeline, one module per step (`docs/architecture.md` draws it and says what each
//! module may import):
//! `load` (walk `content/`, front matter) → `resolve` (ids, files, anchors) → `parse`
//! (Markdown, cross-links, highlighting) → [`graph`] (relations, checks, learning order) →
//! [`assemble`] (the [`Site`](assemble::Site) in memory, with the body cache) → `render` (Tera)
//! → `write` (pages, feeds, sitemap, the [`search`] index). [`build`](mod@build) runs the steps
//! for `roadbook build` and `roadbook check`; [`serve`] keeps a site in memory and rebuilds
//! what changed; [`cli`] is the command line.
//!
//! What a user of the library needs is public: the commands ([`build()`], [`check`],
//! [`serve::serve`], [`init`], [`new`], [`import`](mod@import), [`cli::run`]), the site they assemble ([`assemble`],
//! its data model [`content`], [`config`], [`graph`]), [`diagnostics`], the [`search`] engine
//! and the [`highlight`]er. The steps' internals are private to the crate.

// A `Diagnostic` is ~128 bytes and travels only on the error path, where its size costs
// nothing measurable; boxing it would make every construction site noisier.
#![allow(clippy::result_large_err)]
// The API docs are built with `--document-private-items` (CI does, and docs/architecture.md
// says so): they are for contributors, so public items may link to the private steps.
#![allow(rustdoc::private_intra_doc_links)]

pub mod assemble;
pub mod build;
pub(crate) mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod graph;
pub(crate) mod images;
pub mod import;
pub mod init;
pub(crate) mod linkcheck;
pub(crate) mod load;
pub mod new;
pub(crate) mod parse;
pub(crate) mod render;
pub(crate) mod resolve;
pub(crate) mod schema;
pub mod search;
pub mod serve;
pub(crate) mod util;
pub(crate) mod write;

pub use build::{BuildOptions, BuildReport, build, check};
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
/// Build-time syntax highlighting of code blocks (the engine behind every page's code).
pub use parse::highlight;
/// The default theme's files, embedded in the binary.
pub use render::builtin as theme;
/// The roadmap and local-graph drawings: pure functions from plain structs to SVG (what the
/// home and topic pages embed; also what `examples/roadmap_metrics.rs` times).
pub use render::svg as diagram;
/// How the binary hands freed memory back between build phases.
pub use util::memory::set_trim;

/// One ```` ```mermaid ```` block drawn as a page draws it, before its ids and title are
/// added: the SVG, or `None` when it does not parse. What `examples/mermaid_timing.rs` times.
#[doc(hidden)]
pub fn draw_mermaid(source: &str) -> Option<String> {
    parse::mermaid::draw(source).ok()
}

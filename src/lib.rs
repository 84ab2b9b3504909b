//! roadbook: a static site generator for learning roadmaps and the study blog that goes with
//! them.
//!
//! The pipeline, one module per step:
//! [`load`] (walk `content/`, front matter) → [`parse`] (Markdown, links, highlighting via
//! [`highlight`]) → [`graph`] (resolve, validate, derive) → [`render`] (Tera) → [`write`](mod@write)
//! (pages, feeds, sitemap, the [`search`] index). [`site`] holds the assembled site between
//! the steps; [`build`](mod@build) runs them; [`cli`] is the command line.

// A `Diagnostic` is ~128 bytes and travels only on the error path, where its size costs
// nothing measurable; boxing it would make every construction site noisier.
#![allow(clippy::result_large_err)]

pub mod assemble;
pub mod build;
pub mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod graph;
pub mod init;
pub mod linkcheck;
pub mod load;
pub mod new;
pub mod parse;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod search;
pub mod serve;
pub mod util;
pub mod write;

pub use build::{BuildOptions, BuildReport, build, check};
pub use diagnostics::{Diagnostic, Diagnostics, Severity};

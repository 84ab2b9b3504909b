//! Full-text search built into the site: an index written at build time, read by a small
//! client (`themes/default/static/js/search.js`) that fetches only what a query needs.
//!
//! [`tokenize`] is the one tokenizer definition (Hangul and CJK by character bigrams, other
//! scripts by word), mirrored by the client; [`terms`] counts a text's tokens by field. [`index`]
//! builds the files under `search/` from a [`Corpus`]: a manifest, token shards keyed so that
//! every query term reads one shard, and chunks of per-document text for snippets and deep
//! links ([`files`]). [`query`] evaluates queries over those files the way the client does. The
//! design and the file formats are in `docs/search.md`.

pub mod codec;
pub mod corpus;
pub mod files;
pub mod index;
pub mod query;
pub mod terms;
pub mod tokenize;

pub use crate::parse::Section;
pub use corpus::{Corpus, Entry};
pub use files::{SearchIndex, Stats};
pub use index::{Budget, build, build_streaming, build_with};

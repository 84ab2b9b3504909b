//! Full-text search built into the site: an index written at build time, read by a small
//! client (`themes/default/static/js/search.js`) that fetches only what a query needs.
//!
//! [`tokenize`] is the one tokenizer definition (Hangul and CJK by character bigrams, other
//! scripts by word), mirrored by the client. [`index`] builds the files under `search/`: a
//! manifest, token shards keyed so that every query term reads one shard, and chunks of
//! per-document text for snippets and deep links. [`query`] evaluates queries over those files
//! the way the client does. The design and the file formats are in `docs/search.md`.

pub mod codec;
pub mod index;
pub mod query;
pub mod terms;
pub mod tokenize;

pub use index::{Budget, SearchIndex, Stats, build, build_streaming};

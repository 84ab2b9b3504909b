//! The index files as the client reads them: `meta.json` ([`Manifest`]), the chunk records
//! ([`ChunkDoc`]), and the order tokens are sorted in ([`utf16_cmp`]). `docs/search.md`
//! describes the formats.

use serde::Serialize;

/// The index files (paths relative to the site root) and figures about them.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// `search/meta.json`, `search/s/<n>.json`, `search/c/<n>.json`.
    pub files: Vec<(String, Vec<u8>)>,
    /// Sizes and counts.
    pub stats: Stats,
}

/// Figures about an index.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Documents indexed.
    pub docs: usize,
    /// Distinct tokens.
    pub tokens: usize,
    /// Postings written.
    pub postings: usize,
    /// Postings left out of posting lists too long for one shard (lowest impact first).
    pub pruned: usize,
    /// Shard files.
    pub shards: usize,
    /// Chunk files.
    pub chunks: usize,
    /// Documents per chunk.
    pub docs_per_chunk: usize,
    /// Bytes of `meta.json`.
    pub meta_bytes: usize,
    /// Bytes of all shards.
    pub shard_bytes: usize,
    /// Bytes of the largest shard.
    pub max_shard_bytes: usize,
    /// Bytes of all chunks.
    pub chunk_bytes: usize,
}

impl Stats {
    /// Bytes of every index file.
    pub fn total_bytes(&self) -> usize {
        self.meta_bytes + self.shard_bytes + self.chunk_bytes
    }
}

/// `search/meta.json`: what the client reads first.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Format version.
    pub format: u32,
    /// Content hash of the shard and chunk files, appended to their URLs as `?v=` so a
    /// rebuilt site never mixes old and new files from a cache.
    pub v: String,
    /// Documents indexed.
    pub docs: usize,
    /// Documents per chunk file: document `d` is in `c/<d / chunk>.json`.
    pub chunk: usize,
    /// First token of each shard file (the first one as `""`), in UTF-16 order: a token lives in
    /// the last shard whose first token is ≤ it; tokens with a prefix fill a run of shards.
    pub shards: Vec<String>,
    /// `[kind, stage index or -1, count]`, in document order.
    pub groups: Vec<(String, i64, usize)>,
    /// `[id, title]` of each stage, in roadmap order.
    pub stages: Vec<(String, String)>,
}

/// One document in a chunk file.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct ChunkDoc {
    /// URL, with the base path.
    pub u: String,
    /// Title.
    pub t: String,
    /// Kind name.
    pub k: String,
    /// Stage index, or -1.
    pub s: i64,
    /// Sections: `[fragment (percent-encoded, empty for the top), heading, text]`. The first
    /// section is the text before the first heading, with the summary in front.
    pub h: Vec<(String, String, String)>,
}

/// Compares strings in UTF-16 code unit order, the order of JavaScript's `<` on strings.
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    // UTF-8 byte order is code point order, which agrees with UTF-16 order unless a
    // supplementary-plane character meets one in U+E000..U+FFFF.
    if a.bytes().chain(b.bytes()).any(|c| c >= 0xF0) {
        a.encode_utf16().cmp(b.encode_utf16())
    } else {
        a.cmp(b)
    }
}

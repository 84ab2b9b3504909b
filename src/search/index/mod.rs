//! Building the search index: tokens → per-document impacts → shard files, plus the
//! per-document chunk files and the manifest (`meta.json`). Layout and formats are described in
//! `docs/search.md`; [`super::query`] reads them back the way the client does.
//!
//! One pass per document (parallel, with rayon) tokenizes its fields and turns term
//! frequencies into one quantized score per token ([`scoring`]); a sequential merge then
//! builds the posting lists in document order, packed into shards ([`shards`]). Everything is
//! sorted, so the output is byte-for-byte deterministic.

mod chunks;
mod scoring;
mod shards;

use rayon::prelude::*;

use super::codec::PostingList;
use super::corpus::{Corpus, Entry};
use super::files::{Manifest, SearchIndex, Stats, utf16_cmp};
use super::terms::{Counter, unpack_key};
use crate::content::Kind;
use rustc_hash::FxHashMap;
use scoring::{DocTerms, Norms};
use shards::TokenPostings;

/// Largest shard file, in bytes (uncompressed).
pub const SHARD_BUDGET: usize = 16 * 1024;

/// Aimed-at size of a chunk file, in bytes: chunks hold `max(1, CHUNK_TARGET / average)`
/// documents, so a result fetches about one document's worth of text.
pub const CHUNK_TARGET: usize = 8 * 1024;

/// Size limits of the index files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Largest index file (shard or chunk), in bytes. A chunk whose documents would not fit
    /// shortens their longest sections.
    pub shard: usize,
    /// Aimed-at chunk file size, in bytes.
    pub chunk: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            shard: SHARD_BUDGET,
            chunk: CHUNK_TARGET,
        }
    }
}

/// The order documents are numbered in the index, by kind; within a kind, by stage (roadmap
/// order), then path. Runs of one kind and stage are contiguous, so `meta.json` describes
/// every document's kind and stage with a handful of `[kind, stage, count]` groups.
const KIND_ORDER: [Kind; 7] = [
    Kind::Topic,
    Kind::Stage,
    Kind::Project,
    Kind::Book,
    Kind::Post,
    Kind::Page,
    Kind::Home,
];

/// Builds the index of every document of `corpus`.
pub fn build(corpus: &Corpus<'_>) -> SearchIndex {
    build_with(corpus, Budget::default())
}

/// [`build`] with other size limits (tests use small ones to exercise sharding and pruning).
pub fn build_with(corpus: &Corpus<'_>, budget: Budget) -> SearchIndex {
    let mut files = Vec::new();
    let stats = build_streaming(corpus, budget, |path, bytes| files.push((path, bytes)));
    // `meta.json` comes last out of the stream (it names the other files' hash); list it first.
    files.rotate_right(1);
    SearchIndex { files, stats }
}

/// Chunk files made (in parallel) before they are handed out, in [`build_streaming`].
const CHUNK_BATCH: usize = 256;

/// Builds the index, handing each file to `emit` (path relative to the site root, contents)
/// as soon as it is made: the shards in order, then the chunks in order, then `meta.json`.
/// Writing files as they come keeps the index's files out of memory all at once (about 76 MB
/// at 10,000 pages).
pub fn build_streaming(corpus: &Corpus<'_>, budget: Budget, mut emit: impl FnMut(String, Vec<u8>)) -> Stats {
    let order = doc_order(corpus);
    let docs: Vec<&Entry<'_>> = order.iter().map(|&i| &corpus.entries[i]).collect();
    // Each document's text and code length (the summary counts as text).
    let lens: Vec<(usize, usize)> = docs
        .iter()
        .map(|d| {
            (
                d.body.meta.text_bytes + d.summary.map_or(0, str::len),
                d.body.meta.code_bytes,
            )
        })
        .collect();
    let (tokens, nfc_docs) = postings(&docs, &lens);
    let mut stats = Stats {
        docs: docs.len(),
        tokens: tokens.len(),
        postings: tokens.iter().map(|t| t.1.df()).sum(),
        ..Stats::default()
    };
    // The hash of every file, in order, names this version of the index in `meta.json`.
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let (first_tokens, pruned) = shards::pack_shards(tokens, budget.shard, |shard| {
        hasher.update(shard.as_bytes());
        hasher.update(b"\0");
        stats.shard_bytes += shard.len();
        stats.max_shard_bytes = stats.max_shard_bytes.max(shard.len());
        emit(format!("search/s/{}.json", stats.shards), shard.into_bytes());
        stats.shards += 1;
    });
    stats.pruned = pruned;
    stats.postings -= pruned;

    let docs_per_chunk = {
        let total: usize = lens.iter().map(|l| l.0 + 200).sum();
        let avg = total / docs.len().max(1);
        (budget.chunk / avg.max(1)).clamp(1, 64)
    };
    write_chunks(
        corpus,
        &docs,
        &nfc_docs,
        (docs_per_chunk, budget.shard),
        |path, chunk| {
            hasher.update(&chunk);
            hasher.update(b"\0");
            stats.chunks += 1;
            stats.chunk_bytes += chunk.len();
            emit(path, chunk);
        },
    );

    let manifest = Manifest {
        format: 1,
        v: format!("{:016x}", hasher.digest()),
        docs: docs.len(),
        chunk: docs_per_chunk,
        shards: first_tokens,
        groups: groups_of(&docs),
        stages: corpus
            .stages
            .iter()
            .map(|&(id, title)| (id.to_string(), title.to_string()))
            .collect(),
    };
    let meta = serde_json::to_string(&manifest).expect("manifest serializes");
    stats.docs_per_chunk = docs_per_chunk;
    stats.meta_bytes = meta.len();
    emit("search/meta.json".to_string(), meta.into_bytes());
    stats
}

/// The posting list of every token, sorted in UTF-16 order, and whether each document's
/// texts are NFC. Documents are tokenized in parallel a batch at a time and merged in order,
/// so the terms of every document are never in memory at once (at 10k pages that was ~120 MB
/// of the build's peak).
fn postings(docs: &[&Entry<'_>], lens: &[(usize, usize)]) -> (Vec<TokenPostings>, Vec<bool>) {
    let avg = |f: fn(&(usize, usize)) -> usize| {
        let n = lens.iter().filter(|l| f(l) > 0).count().max(1);
        (lens.iter().map(f).sum::<usize>() as f64 / n as f64).max(1.0)
    };
    let (avg_text, avg_code) = (avg(|l| l.0), avg(|l| l.1));
    const BATCH: usize = 512;
    let mut short: FxHashMap<u64, PostingList> = FxHashMap::default();
    let mut long: FxHashMap<Box<str>, PostingList> = FxHashMap::default();
    let mut nfc_docs: Vec<bool> = Vec::with_capacity(docs.len());
    for (docs, lens) in docs.chunks(BATCH).zip(lens.chunks(BATCH)) {
        let batch: Vec<DocTerms> = docs
            .par_iter()
            .zip(lens.par_iter())
            .map_init(Counter::default, |counter, (doc, &(text_len, code_len))| {
                let norms = Norms {
                    text: text_len as f64 / avg_text,
                    code: code_len as f64 / avg_code,
                };
                scoring::impacts(doc, norms, counter)
            })
            .collect();
        for doc in batch {
            let d = nfc_docs.len() as u32;
            nfc_docs.push(doc.nfc);
            for (key, impact) in doc.short {
                short.entry(key).or_default().push(d, impact);
            }
            for (token, impact) in doc.long {
                long.entry(token).or_default().push(d, impact);
            }
        }
    }
    let mut tokens: Vec<TokenPostings> = short
        .into_iter()
        .map(|(key, list)| (unpack_key(key), list))
        .chain(long)
        .collect();
    tokens.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
    (tokens, nfc_docs)
}

/// Makes the chunk files of `docs` (in index order), `per_chunk` documents each within
/// `file_budget` bytes, a batch at a time in parallel, and hands each to `emit` in order.
fn write_chunks(
    corpus: &Corpus<'_>,
    docs: &[&Entry<'_>],
    nfc_docs: &[bool],
    (per_chunk, file_budget): (usize, usize),
    mut emit: impl FnMut(String, Vec<u8>),
) {
    // `[` + records + commas + `]` within the file budget.
    let doc_budget = (file_budget - 2) / per_chunk - 1;
    let per_batch = per_chunk * CHUNK_BATCH;
    for (batch, (docs, nfc)) in docs.chunks(per_batch).zip(nfc_docs.chunks(per_batch)).enumerate() {
        let made: Vec<Vec<u8>> = docs
            .par_chunks(per_chunk)
            .zip(nfc.par_chunks(per_chunk))
            .map(|(docs, nfc)| {
                // Records are written in place: a chunk fits the file budget, bar records
                // that cannot be cut enough, so it is never reallocated.
                let mut chunk = Vec::with_capacity(file_budget);
                chunk.push(b'[');
                for (n, (doc, &nfc)) in docs.iter().zip(nfc).enumerate() {
                    if n > 0 {
                        chunk.push(b',');
                    }
                    chunks::chunk_doc(doc, corpus.urls, doc_budget, nfc, &mut chunk);
                }
                chunk.push(b']');
                chunk
            })
            .collect();
        for (k, chunk) in made.into_iter().enumerate() {
            emit(format!("search/c/{}.json", batch * CHUNK_BATCH + k), chunk);
        }
    }
}

/// The corpus's documents in index order (see [`KIND_ORDER`]), as indices into its entries.
fn doc_order(corpus: &Corpus<'_>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..corpus.entries.len()).collect();
    order.sort_by_key(|&i| {
        let doc = &corpus.entries[i];
        let kind = KIND_ORDER.iter().position(|&k| k == doc.kind);
        (kind, doc.stage.unwrap_or(usize::MAX), doc.path)
    });
    order
}

/// `[kind, stage or -1, count]` for each run of documents of one kind and stage.
fn groups_of(docs: &[&Entry<'_>]) -> Vec<(String, i64, usize)> {
    let mut groups: Vec<(String, i64, usize)> = Vec::new();
    for doc in docs {
        let kind = doc.kind.name();
        let stage = doc.stage.map_or(-1, |s| s as i64);
        match groups.last_mut() {
            Some(g) if g.0 == kind && g.1 == stage => g.2 += 1,
            _ => groups.push((kind.to_string(), stage, 1)),
        }
    }
    groups
}

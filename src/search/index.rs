//! Building the search index of a site: tokens → per-document impacts → shard files, plus the
//! per-document chunk files and the manifest (`meta.json`). Layout and formats are described in
//! `docs/search.md`; [`super::query`] reads them back the way the client does.
//!
//! One pass per document (parallel, with rayon) tokenizes its fields and turns term
//! frequencies into one quantized score per token; a sequential merge then builds the posting
//! lists in document order. Everything is sorted, so the output is byte-for-byte deterministic.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use super::codec::{self, PostingList};
use super::terms::{Counter, Freqs, unpack_key};
use super::tokenize::{nfc, shard_key};
use crate::assemble::Site;
use crate::content::{Kind, Meta};
use rustc_hash::FxHashMap;

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

/// Field weights: title > headings > tags > body > code.
const W_TITLE: f64 = 8.0;
const W_HEADING: f64 = 4.0;
const W_TAGS: f64 = 3.0;
const W_BODY: f64 = 1.0;
const W_CODE: f64 = 0.3;

/// BM25's term-frequency saturation and length normalization.
const K1: f64 = 1.2;
const B: f64 = 0.75;

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

/// Builds the index of every published document of `site`.
pub fn build(site: &Site) -> SearchIndex {
    build_with(site, Budget::default())
}

/// [`build`] with other size limits (tests use small ones to exercise sharding and pruning).
pub fn build_with(site: &Site, budget: Budget) -> SearchIndex {
    let mut files = Vec::new();
    let stats = build_streaming(site, budget, |path, bytes| files.push((path, bytes)));
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
pub fn build_streaming(site: &Site, budget: Budget, mut emit: impl FnMut(String, Vec<u8>)) -> Stats {
    let order = doc_order(site);
    let stage_rank = stage_ranks(site);

    let body_len = |i: usize| -> (usize, usize) {
        let b = &site.bodies[i];
        let text = b.text_bytes + site.docs[i].summary.as_ref().map_or(0, String::len);
        (text, b.code_bytes)
    };
    let lens: Vec<(usize, usize)> = order.iter().map(|&i| body_len(i)).collect();
    let avg = |f: fn(&(usize, usize)) -> usize| {
        let n = lens.iter().filter(|l| f(l) > 0).count().max(1);
        (lens.iter().map(f).sum::<usize>() as f64 / n as f64).max(1.0)
    };
    let (avg_text, avg_code) = (avg(|l| l.0), avg(|l| l.1));

    // Posting lists in document order. Documents are tokenized in parallel a batch at a time
    // and merged in order, so the terms of every document are never in memory at once (at
    // 10k pages that was ~120 MB of the build's peak).
    const BATCH: usize = 512;
    let mut short: FxHashMap<u64, PostingList> = FxHashMap::default();
    let mut long: FxHashMap<Box<str>, PostingList> = FxHashMap::default();
    let mut nfc_docs: Vec<bool> = Vec::with_capacity(order.len());
    for (docs, lens) in order.chunks(BATCH).zip(lens.chunks(BATCH)) {
        let batch: Vec<DocTerms> = docs
            .par_iter()
            .zip(lens.par_iter())
            .map_init(Counter::default, |counter, (&i, &(text_len, code_len))| {
                let norms = Norms {
                    text: text_len as f64 / avg_text,
                    code: code_len as f64 / avg_code,
                };
                impacts(site, i, norms, counter)
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

    let mut stats = Stats {
        docs: order.len(),
        tokens: tokens.len(),
        postings: tokens.iter().map(|t| t.1.df()).sum(),
        ..Stats::default()
    };
    // The hash of every file, in order, names this version of the index in `meta.json`.
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let (first_tokens, pruned) = pack_shards(tokens, budget.shard, |shard| {
        hasher.update(shard.as_bytes());
        hasher.update(b"\0");
        stats.shard_bytes += shard.len();
        stats.max_shard_bytes = stats.max_shard_bytes.max(shard.len());
        emit(format!("search/s/{}.json", stats.shards), shard.into_bytes());
        stats.shards += 1;
    });
    stats.pruned = pruned;
    stats.postings -= pruned;

    // Chunks of consecutive documents, made a batch at a time.
    let docs_per_chunk = {
        let total: usize = lens.iter().map(|l| l.0 + 200).sum();
        let avg = total / order.len().max(1);
        (budget.chunk / avg.max(1)).clamp(1, 64)
    };
    // `[` + records + commas + `]` within the file budget.
    let doc_budget = (budget.shard - 2) / docs_per_chunk - 1;
    let docs_per_batch = docs_per_chunk * CHUNK_BATCH;
    for (batch, (docs, nfc)) in order
        .chunks(docs_per_batch)
        .zip(nfc_docs.chunks(docs_per_batch))
        .enumerate()
    {
        let chunks: Vec<Vec<u8>> = docs
            .par_chunks(docs_per_chunk)
            .zip(nfc.par_chunks(docs_per_chunk))
            .map(|(docs, nfc)| {
                // Records are written in place: a chunk fits the file budget, bar records
                // that cannot be cut enough, so it is never reallocated.
                let mut chunk = Vec::with_capacity(budget.shard);
                chunk.push(b'[');
                for (n, (&i, &nfc)) in docs.iter().zip(nfc).enumerate() {
                    if n > 0 {
                        chunk.push(b',');
                    }
                    chunk_doc(site, i, &stage_rank, doc_budget, nfc, &mut chunk);
                }
                chunk.push(b']');
                chunk
            })
            .collect();
        for (k, chunk) in chunks.into_iter().enumerate() {
            hasher.update(&chunk);
            hasher.update(b"\0");
            stats.chunks += 1;
            stats.chunk_bytes += chunk.len();
            emit(format!("search/c/{}.json", batch * CHUNK_BATCH + k), chunk);
        }
    }

    let manifest = Manifest {
        format: 1,
        v: format!("{:016x}", hasher.digest()),
        docs: order.len(),
        chunk: docs_per_chunk,
        shards: first_tokens,
        groups: groups_of(site, &order, &stage_rank),
        stages: site
            .graph
            .stages
            .iter()
            .map(|&s| (site.docs[s].id.clone(), site.docs[s].title.clone()))
            .collect(),
    };
    let meta = serde_json::to_string(&manifest).expect("manifest serializes");
    stats.docs_per_chunk = docs_per_chunk;
    stats.meta_bytes = meta.len();
    emit("search/meta.json".to_string(), meta.into_bytes());
    stats
}

/// Published documents in index order (see [`KIND_ORDER`]).
fn doc_order(site: &Site) -> Vec<usize> {
    let ranks = stage_ranks(site);
    let mut order: Vec<usize> = (0..site.docs.len()).collect();
    order.sort_by_key(|&i| {
        let doc = &site.docs[i];
        let kind = KIND_ORDER.iter().position(|&k| k == doc.kind);
        let stage = stage_of(site, i).map_or(usize::MAX, |s| ranks[s]);
        (kind, stage, &doc.path)
    });
    order
}

/// Roadmap position of each stage, by document index (`usize::MAX` for other documents).
fn stage_ranks(site: &Site) -> Vec<usize> {
    let mut ranks = vec![usize::MAX; site.docs.len()];
    for (rank, &s) in site.graph.stages.iter().enumerate() {
        ranks[s] = rank;
    }
    ranks
}

/// The stage a document belongs to: itself for a stage, its stage for a topic or project.
fn stage_of(site: &Site, i: usize) -> Option<usize> {
    match site.docs[i].kind {
        Kind::Stage => Some(i),
        _ => site.graph.relations.get(i).and_then(|r| r.stage),
    }
}

fn groups_of(site: &Site, order: &[usize], ranks: &[usize]) -> Vec<(String, i64, usize)> {
    let mut groups: Vec<(String, i64, usize)> = Vec::new();
    for &i in order {
        let kind = site.docs[i].kind.name();
        let stage = stage_of(site, i).map_or(-1, |s| ranks[s] as i64);
        match groups.last_mut() {
            Some(g) if g.0 == kind && g.1 == stage => g.2 += 1,
            _ => groups.push((kind.to_string(), stage, 1)),
        }
    }
    groups
}

/// A document's body and code length relative to the average.
#[derive(Debug, Clone, Copy)]
struct Norms {
    text: f64,
    code: f64,
}

/// A token and its postings in document order.
type TokenPostings = (Box<str>, PostingList);

/// The distinct tokens of a document with their impacts: tokens of up to 8 bytes (Hangul
/// bigrams, most words) packed into integers ([`pack_key`]), longer ones as strings.
#[derive(Default)]
struct DocTerms {
    short: Vec<(u64, u8)>,
    long: Vec<(Box<str>, u8)>,
    /// Whether every text of the document (all of which the chunk record repeats) is NFC.
    nfc: bool,
}

/// The quantized score of every distinct token of document `i`.
fn impacts(site: &Site, i: usize, norms: Norms, counter: &mut Counter) -> DocTerms {
    let doc = &site.docs[i];
    let body = &site.bodies[i];
    counter.reset();
    // The body's counts as the body cache kept them; counted from its sections when it has
    // none, or they cannot be read.
    let cached = match body.terms.bytes() {
        Ok(Some(bytes)) => counter.add_body(&bytes).is_some(),
        Ok(None) | Err(_) => false,
    };
    if !cached {
        counter.reset();
        // Sections that cannot be read (their file changed under the build) fail the page's
        // own write, which reads the same file, with advice.
        if let Ok(sections) = body.sections.get() {
            counter.count_sections(&sections);
        }
    }
    counter.count(0, &doc.title);
    for tag in &doc.tags {
        counter.count(2, tag);
    }
    if let Meta::Book(book) = &doc.meta {
        counter.count(2, &book.author);
    }
    if let Some(summary) = &doc.summary {
        counter.count(3, summary);
    }

    let scorer = Scorer::new(norms);
    DocTerms {
        // Tokens taken back from a text that proved not to be NFC may be left at zero.
        short: counter
            .short
            .iter()
            .filter(|(_, f)| *f != Freqs::default())
            .map(|(k, f)| (k, scorer.impact(&f)))
            .collect(),
        long: counter
            .long
            .drain()
            .filter(|(_, f)| *f != Freqs::default())
            .map(|(k, f)| (k, scorer.impact(&f)))
            .collect(),
        nfc: !counter.normalized,
    }
}

/// Turns a document's term frequencies into quantized impacts. Most tokens of a document are
/// a few mentions in the body only (or in code only): their impacts are computed once per
/// document instead of once per token (five divisions and a search of the quantization steps).
struct Scorer {
    norms: Norms,
    /// Impact of `tf` mentions in the body only, for `tf < COMMON`.
    body: [u8; Scorer::COMMON],
    /// Impact of `tf` mentions in code only, for `tf < COMMON`.
    code: [u8; Scorer::COMMON],
}

impl Scorer {
    const COMMON: usize = 8;

    fn new(norms: Norms) -> Scorer {
        let mut scorer = Scorer {
            norms,
            body: [0; Scorer::COMMON],
            code: [0; Scorer::COMMON],
        };
        for tf in 1..Scorer::COMMON as u32 {
            scorer.body[tf as usize] = scorer.compute(&[0, 0, 0, tf, 0]);
            scorer.code[tf as usize] = scorer.compute(&[0, 0, 0, 0, tf]);
        }
        scorer
    }

    /// The impact of a token with frequencies `f`.
    #[inline]
    fn impact(&self, f: &Freqs) -> u8 {
        let [title, headings, tags, body, code] = *f;
        if title | headings | tags == 0 {
            if code == 0 && (body as usize) < Scorer::COMMON {
                return self.body[body as usize];
            }
            if body == 0 && (code as usize) < Scorer::COMMON {
                return self.code[code as usize];
            }
        }
        self.compute(f)
    }

    /// BM25-style saturation per field, weighted and quantized.
    fn compute(&self, f: &Freqs) -> u8 {
        let saturate = |tf: u32, norm: f64| {
            if tf == 0 {
                0.0
            } else {
                let tf = f64::from(tf);
                tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * norm))
            }
        };
        codec::quantize(
            W_TITLE * saturate(f[0], 1.0)
                + W_HEADING * saturate(f[1], 1.0)
                + W_TAGS * saturate(f[2], 1.0)
                + W_BODY * saturate(f[3], self.norms.text)
                + W_CODE * saturate(f[4], self.norms.code),
        )
    }
}

/// Ranges of `tokens` (sorted) that share a shard key.
fn key_groups(tokens: &[TokenPostings]) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || shard_key(&tokens[i].0) != shard_key(&tokens[start].0) {
            if start < i {
                groups.push(start..i);
            }
            start = i;
        }
    }
    groups
}

/// Packs the entries of `tokens` (sorted) into shard files of at most `budget` bytes, handing
/// each to `emit` as soon as it is full; a token's postings are freed once written. A key group
/// goes whole into one shard when it fits one, so most prefix queries read a single shard.
/// Every entry fits a shard alone: a posting list too long for one (only a token in tens of
/// thousands of documents) keeps its highest-impact postings. Returns the first token of each
/// shard (the first shard's as `""`) and the number of postings left out.
fn pack_shards(mut tokens: Vec<TokenPostings>, budget: usize, mut emit: impl FnMut(String)) -> (Vec<String>, usize) {
    // `"token":"postings"`, written straight from the list unless it must be cut.
    let cut: Vec<Option<(String, usize)>> = tokens
        .par_iter()
        .map(|(token, list)| {
            let len = token.len() + 5 + list.encoded_len();
            (len + 2 > budget).then(|| encode_entry(token, &list.postings(), budget))
        })
        .collect();
    let entry_len = |i: usize, tokens: &[TokenPostings]| match &cut[i] {
        Some((entry, _)) => entry.len(),
        None => tokens[i].0.len() + 5 + tokens[i].1.encoded_len(),
    };
    let mut firsts: Vec<String> = vec![String::new()];
    let mut current = String::with_capacity(budget);
    current.push('{');
    let mut flush = |current: &mut String| {
        current.push('}');
        let mut next = String::with_capacity(budget);
        next.push('{');
        emit(std::mem::replace(current, next));
    };
    for range in key_groups(&tokens) {
        // `{` + entries + commas + `}`.
        let group: usize = range.clone().map(|i| entry_len(i, &tokens) + 1).sum();
        let whole = group < budget - 1;
        if current.len() > 1 && whole && current.len() + group + 1 > budget {
            flush(&mut current);
            firsts.push(tokens[range.start].0.to_string());
        }
        for i in range {
            let len = entry_len(i, &tokens);
            if current.len() > 1 && current.len() + len + 2 > budget {
                flush(&mut current);
                firsts.push(tokens[i].0.to_string());
            }
            if current.len() > 1 {
                current.push(',');
            }
            let (token, list) = &mut tokens[i];
            match &cut[i] {
                Some((entry, _)) => current.push_str(entry),
                None => {
                    // Tokens are letters, digits, `+` and `#`: nothing JSON must escape.
                    current.push('"');
                    current.push_str(token);
                    current.push_str("\":\"");
                    list.put(&mut current);
                    current.push('"');
                }
            }
            *list = PostingList::default();
        }
    }
    flush(&mut current);
    (firsts, cut.iter().flatten().map(|(_, pruned)| pruned).sum())
}

/// The `"token":"postings"` entry of one token. A posting list too long for a shard keeps its
/// highest-impact postings (its `df` stays, so scores keep their meaning). Returns the entry
/// and the number of postings left out.
fn encode_entry(token: &str, postings: &[(u32, u8)], budget: usize) -> (String, usize) {
    let full = entry_json(token, postings.len(), postings);
    if full.len() + 2 <= budget {
        return (full, 0);
    }
    // Each posting's rank: highest impact first, earlier document on ties (`postings` is in
    // document order, which a stable sort by impact keeps among equals). The `cap` best are
    // then picked in document order by their rank, without sorting them again for every cap
    // tried (that was 5 % of a warm 10k build: common tokens have thousands of postings).
    let mut order: Vec<u32> = (0..postings.len() as u32).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(postings[i as usize].1));
    let mut rank = vec![0u32; postings.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let mut kept = Vec::with_capacity(postings.len());
    shrink_to_fit(postings.len(), budget, |cap| {
        kept.clear();
        kept.extend(
            postings
                .iter()
                .zip(&rank)
                .filter(|&(_, &r)| (r as usize) < cap)
                .map(|(&p, _)| p),
        );
        entry_json(token, postings.len(), &kept)
    })
}

/// The shard entry `"token":"…"` of a token in `df` documents, with the postings `kept`.
fn entry_json(token: &str, df: usize, kept: &[(u32, u8)]) -> String {
    // Tokens are letters, digits, `+` and `#`: nothing JSON must escape.
    debug_assert!(!token.contains(['"', '\\']) && !token.chars().any(char::is_control));
    // Most postings take two bytes; a few more for gaps over 31 documents.
    let mut entry = String::with_capacity(token.len() + 2 * kept.len() + 16);
    entry.push('"');
    entry.push_str(token);
    entry.push_str("\":\"");
    codec::put_postings(&mut entry, df, kept);
    entry.push('"');
    entry
}

/// Keeps 7/8 of the last cap of `n` postings until the entry `encode(cap)` makes fits
/// `budget`; returns it and how many postings were left out.
fn shrink_to_fit(n: usize, budget: usize, mut encode: impl FnMut(usize) -> String) -> (String, usize) {
    let mut cap = n;
    loop {
        cap = cap * 7 / 8;
        let entry = encode(cap);
        if entry.len() + 2 <= budget || cap == 0 {
            return (entry, n - cap);
        }
    }
}

/// A [`ChunkDoc`] as written, borrowing the site's text where it can.
#[derive(Serialize)]
struct Record<'a> {
    u: String,
    t: Cow<'a, str>,
    k: &'static str,
    s: i64,
    h: Vec<(String, Cow<'a, str>, Cow<'a, str>)>,
}

/// Appends the chunk record of document `i` to `out`, as JSON of at most `limit` bytes.
/// `is_nfc`: whether its texts are known to be NFC already.
fn chunk_doc(site: &Site, i: usize, ranks: &[usize], limit: usize, is_nfc: bool, out: &mut Vec<u8>) {
    fn nfc_of(text: &str, is_nfc: bool) -> Cow<'_, str> {
        if is_nfc { Cow::Borrowed(text) } else { nfc(text) }
    }
    let nfc = |text| nfc_of(text, is_nfc);
    let doc = &site.docs[i];
    let body = &site.bodies[i];
    let site_path = doc.site_path();
    // Sections that cannot be read: see `impacts`.
    let all = body.sections.get().unwrap_or_default();
    let mut sections = Vec::with_capacity(all.len() + 1);
    let mut rest = &all[..];
    let first = rest.first().filter(|f| f.anchor.is_none());
    let intro = match (doc.summary.as_deref(), first) {
        (Some(summary), Some(first)) if !first.text.is_empty() => {
            Cow::Owned(format!("{} {}", nfc(summary), nfc(&first.text)))
        }
        (Some(summary), _) => nfc(summary),
        (None, Some(first)) => nfc(&first.text),
        (None, None) => Cow::Borrowed(""),
    };
    if first.is_some() {
        rest = &rest[1..];
    }
    sections.push((String::new(), Cow::Borrowed(""), intro));
    for section in rest {
        let fragment = match &section.anchor {
            Some(anchor) => {
                let url = site.urls.path(&format!("{site_path}#{anchor}"));
                url.split_once('#').map(|(_, f)| f.to_string()).unwrap_or_default()
            }
            None => String::new(),
        };
        sections.push((fragment, nfc(&section.heading), nfc(&section.text)));
    }
    let record = Record {
        u: site.urls.path(&site_path),
        t: nfc(&doc.title),
        k: doc.kind.name(),
        s: stage_of(site, i).map_or(-1, |s| ranks[s] as i64),
        h: sections,
    };
    fit(record, limit, out)
}

/// Appends the JSON of `record` to `out`, at most `limit` bytes: a record too long (only very
/// long pages) has the ends of its longest sections cut until it fits.
fn fit(mut record: Record<'_>, limit: usize, out: &mut Vec<u8>) {
    let start = out.len();
    loop {
        serde_json::to_writer(&mut *out, &record).expect("record serializes");
        let json_len = out.len() - start;
        let Some(longest) = record.h.iter_mut().max_by_key(|s| s.2.len()) else {
            return;
        };
        if json_len <= limit || longest.2.len() <= '…'.len_utf8() {
            return;
        }
        out.truncate(start);
        let text = longest.2.to_mut();
        let keep = text.len().saturating_sub(json_len - limit + '…'.len_utf8());
        let cut = (0..=keep).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The pruning `encode_entry` replaced: sort the kept postings again for every cap.
    fn encode_entry_by_sorting(token: &str, postings: &[(u32, u8)], budget: usize) -> (String, usize) {
        let full = entry_json(token, postings.len(), postings);
        if full.len() + 2 <= budget {
            return (full, 0);
        }
        let mut ranked = postings.to_vec();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        shrink_to_fit(postings.len(), budget, |cap| {
            let mut kept = ranked[..cap].to_vec();
            kept.sort_unstable();
            entry_json(token, postings.len(), &kept)
        })
    }

    #[test]
    fn pruned_entries_keep_the_best_postings_as_sorting_them_did() {
        // Documents with gaps of every size and impacts with many ties, from a fixed LCG.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (state >> 33) as u32
        };
        for n in [1, 7, 100, 3_000] {
            let mut doc = 0;
            let postings: Vec<(u32, u8)> = (0..n)
                .map(|_| {
                    doc += 1 + next() % 90;
                    (doc, 1 + (next() % 32) as u8)
                })
                .collect();
            for budget in [8, 64, 700, 5_000, 1 << 20] {
                assert_eq!(
                    encode_entry("캐시", &postings, budget),
                    encode_entry_by_sorting("캐시", &postings, budget),
                    "{n} postings, budget {budget}"
                );
            }
        }
    }
}

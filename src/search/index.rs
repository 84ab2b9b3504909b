//! Building the search index of a site: tokens → per-document impacts → shard files, plus the
//! per-document chunk files and the manifest (`meta.json`). Layout and formats are described in
//! `docs/search.md`; [`super::query`] reads them back the way the client does.
//!
//! One pass per document (parallel, with rayon) tokenizes its fields and turns term
//! frequencies into one quantized score per token; a sequential merge then builds the posting
//! lists in document order. Everything is sorted, so the output is byte-for-byte deterministic.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::codec;
use super::tokenize::{Tokens, nfc, shard_key};
use crate::content::{Kind, Meta};
use crate::site::Site;

/// Largest shard file, in bytes (uncompressed).
pub const SHARD_BUDGET: usize = 64 * 1024;

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
    let order = doc_order(site);
    let stage_rank = stage_ranks(site);

    let body_len = |i: usize| -> (usize, usize) {
        let b = &site.bodies[i];
        let text = b.sections.iter().map(|s| s.text.len()).sum::<usize>()
            + site.docs[i].summary.as_ref().map_or(0, String::len);
        let code = b.sections.iter().map(|s| s.code.len()).sum::<usize>();
        (text, code)
    };
    let lens: Vec<(usize, usize)> = order.iter().map(|&i| body_len(i)).collect();
    let avg = |f: fn(&(usize, usize)) -> usize| {
        let n = lens.iter().filter(|l| f(l) > 0).count().max(1);
        (lens.iter().map(f).sum::<usize>() as f64 / n as f64).max(1.0)
    };
    let (avg_text, avg_code) = (avg(|l| l.0), avg(|l| l.1));

    // Per document: (token, impact), sorted by token.
    let per_doc: Vec<Vec<(Box<str>, u8)>> = order
        .par_iter()
        .zip(lens.par_iter())
        .map(|(&i, &(text_len, code_len))| {
            let norms = Norms {
                text: text_len as f64 / avg_text,
                code: code_len as f64 / avg_code,
            };
            impacts(site, i, norms)
        })
        .collect();

    // Posting lists in document order.
    let mut postings: HashMap<Box<str>, Vec<(u32, u8)>> = HashMap::new();
    for (d, tokens) in per_doc.into_iter().enumerate() {
        for (token, impact) in tokens {
            postings.entry(token).or_default().push((d as u32, impact));
        }
    }
    let mut tokens: Vec<(Box<str>, Vec<(u32, u8)>)> = postings.into_iter().collect();
    tokens.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));

    let mut stats = Stats {
        docs: order.len(),
        tokens: tokens.len(),
        ..Stats::default()
    };
    // Every entry fits a shard alone (only a token in tens of thousands of documents loses
    // postings); shards are ranges of sorted tokens, cut between key groups when possible.
    let encoded: Vec<(String, usize)> = tokens
        .par_iter()
        .map(|(token, postings)| encode_entry(token, postings, budget.shard))
        .collect();
    stats.postings = tokens.iter().map(|t| t.1.len()).sum();
    stats.pruned = encoded.iter().map(|e| e.1).sum();
    stats.postings -= stats.pruned;
    let (shards, first_tokens) = pack(&tokens, &encoded, budget.shard);

    // Chunks of consecutive documents.
    let docs_per_chunk = {
        let total: usize = lens.iter().map(|l| l.0 + 200).sum();
        let avg = total / order.len().max(1);
        (budget.chunk / avg.max(1)).clamp(1, 64)
    };
    // `[` + records + commas + `]` within the file budget.
    let doc_budget = (budget.shard - 2) / docs_per_chunk - 1;
    let chunks: Vec<String> = order
        .par_chunks(docs_per_chunk)
        .map(|docs| {
            let records: Vec<ChunkDoc> = docs
                .iter()
                .map(|&i| chunk_doc(site, i, &stage_rank, doc_budget))
                .collect();
            serde_json::to_string(&records).expect("chunk serializes")
        })
        .collect();

    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for file in shards.iter().chain(&chunks) {
        hasher.update(file.as_bytes());
        hasher.update(b"\0");
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

    stats.shards = shards.len();
    stats.chunks = chunks.len();
    stats.docs_per_chunk = docs_per_chunk;
    stats.meta_bytes = meta.len();
    stats.shard_bytes = shards.iter().map(String::len).sum();
    stats.max_shard_bytes = shards.iter().map(String::len).max().unwrap_or(0);
    stats.chunk_bytes = chunks.iter().map(String::len).sum();

    let mut files = Vec::with_capacity(1 + shards.len() + chunks.len());
    files.push(("search/meta.json".to_string(), meta.into_bytes()));
    for (n, shard) in shards.into_iter().enumerate() {
        files.push((format!("search/s/{n}.json"), shard.into_bytes()));
    }
    for (n, chunk) in chunks.into_iter().enumerate() {
        files.push((format!("search/c/{n}.json"), chunk.into_bytes()));
    }
    SearchIndex { files, stats }
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

/// Term frequencies of one token in each field of a document.
#[derive(Debug, Default, Clone, Copy)]
struct Freqs {
    title: u32,
    heading: u32,
    tags: u32,
    body: u32,
    code: u32,
}

/// The quantized score of every token of document `i`, sorted by token.
fn impacts(site: &Site, i: usize, norms: Norms) -> Vec<(Box<str>, u8)> {
    let doc = &site.docs[i];
    let body = &site.bodies[i];
    let title = Tokens::new(&doc.title);
    let mut headings = Tokens::default();
    let mut text = Tokens::default();
    let mut code = Tokens::default();
    let mut tags = Tokens::default();
    if let Some(summary) = &doc.summary {
        text.push(summary);
    }
    for section in &body.sections {
        if !section.heading.is_empty() {
            headings.push(&section.heading);
        }
        if !section.text.is_empty() {
            text.push(&section.text);
        }
        if !section.code.is_empty() {
            code.push(&section.code);
        }
    }
    for tag in &doc.tags {
        tags.push(tag);
    }
    if let Meta::Book(book) = &doc.meta {
        tags.push(&book.author);
    }

    let mut freqs: HashMap<&str, Freqs> = HashMap::with_capacity(text.len() / 2 + 64);
    let fields: [(&Tokens, fn(&mut Freqs)); 5] = [
        (&title, |f| f.title += 1),
        (&headings, |f| f.heading += 1),
        (&tags, |f| f.tags += 1),
        (&text, |f| f.body += 1),
        (&code, |f| f.code += 1),
    ];
    for (tokens, bump) in fields {
        for token in tokens.iter() {
            bump(freqs.entry(token.text).or_default());
        }
    }
    let saturate = |tf: u32, norm: f64| {
        if tf == 0 {
            0.0
        } else {
            let tf = f64::from(tf);
            tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * norm))
        }
    };
    let mut out: Vec<(Box<str>, u8)> = freqs
        .into_iter()
        .map(|(token, f)| {
            let score = W_TITLE * saturate(f.title, 1.0)
                + W_HEADING * saturate(f.heading, 1.0)
                + W_TAGS * saturate(f.tags, 1.0)
                + W_BODY * saturate(f.body, norms.text)
                + W_CODE * saturate(f.code, norms.code);
            (Box::from(token), codec::quantize(score))
        })
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Ranges of `tokens` (sorted) that share a shard key.
fn key_groups(tokens: &[(Box<str>, Vec<(u32, u8)>)]) -> Vec<std::ops::Range<usize>> {
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

/// Packs the entries (in token order) into shard files of at most `budget` bytes. A key group
/// goes whole into one shard when it fits one, so most prefix queries read a single shard.
/// Returns the shards and the first token of each (the first shard's as `""`).
fn pack(
    tokens: &[(Box<str>, Vec<(u32, u8)>)],
    entries: &[(String, usize)],
    budget: usize,
) -> (Vec<String>, Vec<String>) {
    let mut shards: Vec<String> = Vec::new();
    let mut firsts: Vec<String> = vec![String::new()];
    let mut current = String::from("{");
    let flush = |current: &mut String, shards: &mut Vec<String>| {
        current.push('}');
        shards.push(std::mem::replace(current, String::from("{")));
    };
    for range in key_groups(tokens) {
        // `{` + entries + commas + `}`.
        let group: usize = entries[range.clone()].iter().map(|e| e.0.len() + 1).sum();
        let whole = group < budget - 1;
        if current.len() > 1 && whole && current.len() + group + 1 > budget {
            flush(&mut current, &mut shards);
            firsts.push(tokens[range.start].0.to_string());
        }
        for i in range {
            let entry = &entries[i].0;
            if current.len() > 1 && current.len() + entry.len() + 2 > budget {
                flush(&mut current, &mut shards);
                firsts.push(tokens[i].0.to_string());
            }
            if current.len() > 1 {
                current.push(',');
            }
            current.push_str(entry);
        }
    }
    flush(&mut current, &mut shards);
    (shards, firsts)
}

/// The `"token":"postings"` entry of one token. A posting list too long for a shard keeps its
/// highest-impact postings (its `df` stays, so scores keep their meaning). Returns the entry
/// and the number of postings left out.
fn encode_entry(token: &str, postings: &[(u32, u8)], budget: usize) -> (String, usize) {
    let encode = |kept: &[(u32, u8)]| {
        format!(
            "{}:\"{}\"",
            serde_json::to_string(token).expect("token serializes"),
            codec::encode_postings(postings.len(), kept)
        )
    };
    let full = encode(postings);
    if full.len() + 2 <= budget {
        return (full, 0);
    }
    // Highest impact first, earlier document on ties.
    let mut ranked = postings.to_vec();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut cap = postings.len();
    loop {
        cap = cap * 7 / 8;
        let mut kept = ranked[..cap].to_vec();
        kept.sort_unstable();
        let entry = encode(&kept);
        if entry.len() + 2 <= budget || cap == 0 {
            return (entry, postings.len() - cap);
        }
    }
}

/// The chunk record of document `i`, at most `limit` bytes of JSON.
fn chunk_doc(site: &Site, i: usize, ranks: &[usize], limit: usize) -> ChunkDoc {
    let doc = &site.docs[i];
    let body = &site.bodies[i];
    let site_path = doc.site_path();
    let mut sections: Vec<(String, String, String)> = Vec::with_capacity(body.sections.len() + 1);
    let mut intro = doc.summary.as_deref().map(nfc).unwrap_or_default();
    let mut rest = body.sections.as_slice();
    if let Some(first) = rest.first()
        && first.anchor.is_none()
    {
        if !intro.is_empty() && !first.text.is_empty() {
            intro.push(' ');
        }
        intro.push_str(&nfc(&first.text));
        rest = &rest[1..];
    }
    sections.push((String::new(), String::new(), intro));
    for section in rest {
        let fragment = match &section.anchor {
            Some(anchor) => {
                let url = site.urls.path(&format!("{site_path}#{anchor}"));
                url.split_once('#')
                    .map(|(_, f)| f.to_string())
                    .unwrap_or_default()
            }
            None => String::new(),
        };
        sections.push((fragment, nfc(&section.heading), nfc(&section.text)));
    }
    let mut record = ChunkDoc {
        u: site.urls.path(&site_path),
        t: nfc(&doc.title),
        k: doc.kind.name().to_string(),
        s: stage_of(site, i).map_or(-1, |s| ranks[s] as i64),
        h: sections,
    };
    fit(&mut record, limit);
    record
}

/// Shortens the longest section texts of `record` until its JSON takes at most `limit` bytes
/// (only very long pages are affected: they lose the ends of their longest sections).
fn fit(record: &mut ChunkDoc, limit: usize) {
    let rough = |r: &ChunkDoc| {
        r.u.len()
            + r.t.len()
            + 64
            + r.h
                .iter()
                .map(|s| s.0.len() + s.1.len() + s.2.len() + 16)
                .sum::<usize>()
    };
    // JSON escapes can only grow text, by at most 6× (`\u0001`); skip the exact count when far.
    if rough(record) * 6 <= limit {
        return;
    }
    loop {
        let len = serde_json::to_string(record).map_or(0, |j| j.len());
        let Some(longest) = record.h.iter_mut().max_by_key(|s| s.2.len()) else {
            return;
        };
        let text = &mut longest.2;
        if len <= limit || text.len() <= '…'.len_utf8() {
            return;
        }
        let keep = text.len().saturating_sub(len - limit + '…'.len_utf8());
        let cut = (0..=keep)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
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

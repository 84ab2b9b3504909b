//! Query evaluation over the index files, exactly as the browser client
//! (`themes/default/static/js/search.js`) does it: the same query terms, scores, filters,
//! re-ranking and deep-link choice. Tests use it to check recall and ranking (and compare it
//! with the client under Node); the benchmark uses it to count the bytes a query fetches.
//!
//! A search runs in two steps.
//! 1. **Postings.** Each query term reads the shard holding its token (a prefix term, rarely,
//!    a few more). A document's score is
//!    the sum over terms of `weight × idf × impact` (the best matching token per term; a token
//!    matched by prefix weighs [`PREFIX_WEIGHT`]) times the square of its *coverage*, the
//!    share of the query's idf it matches, so documents with every term come first without
//!    dropping partial matches (a query with a particle, `캐시는`, still finds `캐시를`).
//! 2. **Sections.** The top `limit` documents' chunks are fetched. Each section's heading and
//!    text are tokenized; the section whose heading (×2) and text match the most query idf,
//!    plus its adjacency, is the deep-link target; and a document whose title or a section has
//!    the query terms next to each other in order (at most one token apart) gets up to
//!    [`PHRASE_BONUS`] more. The top `limit` are re-sorted by that.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::codec;
use super::files::{ChunkDoc, Manifest, utf16_cmp};
use super::tokenize::{TokenKind, Tokens};

/// Weight of a token matched by prefix (`redi` → `redis`, `락` → `락을`).
pub const PREFIX_WEIGHT: f64 = 0.8;
/// Largest share added to a document's score for query terms found side by side.
pub const PHRASE_BONUS: f64 = 0.5;
/// Most query terms used.
pub const MAX_TERMS: usize = 16;

/// A query term: a token, matched exactly, or also as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The token.
    pub text: String,
    /// Whether longer tokens starting with it match too.
    pub prefix: bool,
}

/// The terms of a query (see the tokenizer's query-side rules).
pub fn parse(query: &str) -> Vec<Term> {
    let tokens = Tokens::new(query);
    let last = tokens.len().saturating_sub(1);
    let mut terms: Vec<Term> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let prefix = match token.kind {
            TokenKind::Unigram => true,
            TokenKind::Bigram => false,
            TokenKind::Word => i == last && tokens.open_end && token.text.chars().count() >= 2,
        };
        let term = Term {
            text: token.text.to_string(),
            prefix,
        };
        if !terms.contains(&term) {
            terms.push(term);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// Where index files come from: a built site's folder, or files in memory.
pub trait Files {
    /// The bytes of the file at `path` under `search/` (`meta.json`, `s/0.json`, …).
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}

/// The `search/` folder of a built site.
pub struct Dir(pub PathBuf);

impl Files for Dir {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.0.join(path)).ok()
    }
}

/// Index files in memory, as [`super::build`] returns them (paths start with `search/`).
pub struct Memory<'a>(pub &'a [(String, Vec<u8>)]);

impl Files for Memory<'_> {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let full = format!("search/{path}");
        self.0.iter().find(|(p, _)| *p == full).map(|(_, b)| b.clone())
    }
}

/// Restricts results to a kind and/or a stage (by id).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Kind name (`topic`, `post`, …).
    pub kind: Option<String>,
    /// Stage id.
    pub stage: Option<String>,
}

/// A result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Document number in the index.
    pub doc: u32,
    /// Page URL (with the base path).
    pub url: String,
    /// Page URL with the best section's fragment, if that is not the top of the page.
    pub link: String,
    /// Title.
    pub title: String,
    /// Kind name.
    pub kind: String,
    /// Heading of the best section (empty for the top of the page).
    pub heading: String,
    /// Final score.
    pub score: f64,
}

/// An opened index.
pub struct Searcher<F: Files> {
    files: F,
    meta: Manifest,
    /// Per document: kind name index into `kinds`, stage index (−1 for none).
    kinds: Vec<String>,
    doc_kind: Vec<u16>,
    doc_stage: Vec<i64>,
    shards: RefCell<HashMap<usize, BTreeMap<String, String>>>,
    chunks: RefCell<HashMap<usize, Vec<ChunkDoc>>>,
    fetched: RefCell<Vec<(String, usize)>>,
}

/// What one term matched: per document the best `weight × idf × impact`, and the term's idf.
struct TermHits {
    idf: f64,
    docs: HashMap<u32, f64>,
}

impl<F: Files> Searcher<F> {
    /// Reads `meta.json`.
    pub fn open(files: F) -> Option<Searcher<F>> {
        let bytes = files.read("meta.json")?;
        let meta: Manifest = serde_json::from_slice(&bytes).ok()?;
        let mut kinds: Vec<String> = Vec::new();
        let (mut doc_kind, mut doc_stage) = (Vec::new(), Vec::new());
        for (kind, stage, count) in &meta.groups {
            let k = match kinds.iter().position(|x| x == kind) {
                Some(k) => k,
                None => {
                    kinds.push(kind.clone());
                    kinds.len() - 1
                }
            };
            doc_kind.extend(std::iter::repeat_n(k as u16, *count));
            doc_stage.extend(std::iter::repeat_n(*stage, *count));
        }
        Some(Searcher {
            fetched: RefCell::new(vec![("meta.json".into(), bytes.len())]),
            files,
            meta,
            kinds,
            doc_kind,
            doc_stage,
            shards: RefCell::default(),
            chunks: RefCell::default(),
        })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.meta
    }

    /// Every file read so far, with its size (`meta.json` first).
    pub fn fetched(&self) -> Vec<(String, usize)> {
        self.fetched.borrow().clone()
    }

    /// Forgets which files were read (they stay cached, as in the browser).
    pub fn reset_fetched(&self) {
        self.fetched.borrow_mut().clear();
    }

    /// The shard number holding `token`.
    pub fn shard_of(&self, token: &str) -> usize {
        let firsts = &self.meta.shards;
        // Last shard whose first token is ≤ token.
        let after = firsts.partition_point(|f| utf16_cmp(f, token) != std::cmp::Ordering::Greater);
        after.saturating_sub(1)
    }

    /// The shards a term reads: the one holding its token, and for a prefix term the following
    /// shards that start with the prefix.
    pub fn shards_of(&self, term: &Term) -> std::ops::RangeInclusive<usize> {
        let first = self.shard_of(&term.text);
        let mut last = first;
        if term.prefix {
            while self
                .meta
                .shards
                .get(last + 1)
                .is_some_and(|f| f.starts_with(&term.text))
            {
                last += 1;
            }
        }
        first..=last
    }

    fn with_shard<R>(&self, n: usize, f: impl FnOnce(&BTreeMap<String, String>) -> R) -> R {
        if !self.shards.borrow().contains_key(&n) {
            let path = format!("s/{n}.json");
            let bytes = self.files.read(&path).unwrap_or_default();
            self.fetched.borrow_mut().push((path, bytes.len()));
            let map: BTreeMap<String, String> = serde_json::from_slice(&bytes).unwrap_or_default();
            self.shards.borrow_mut().insert(n, map);
        }
        f(&self.shards.borrow()[&n])
    }

    fn with_doc<R>(&self, doc: u32, f: impl FnOnce(Option<&ChunkDoc>) -> R) -> R {
        let n = doc as usize / self.meta.chunk.max(1);
        if !self.chunks.borrow().contains_key(&n) {
            let path = format!("c/{n}.json");
            let bytes = self.files.read(&path).unwrap_or_default();
            self.fetched.borrow_mut().push((path, bytes.len()));
            let docs: Vec<ChunkDoc> = serde_json::from_slice(&bytes).unwrap_or_default();
            self.chunks.borrow_mut().insert(n, docs);
        }
        let chunks = self.chunks.borrow();
        f(chunks[&n].get(doc as usize % self.meta.chunk.max(1)))
    }

    fn idf(&self, df: usize) -> f64 {
        let n = self.meta.docs as f64;
        let df = df as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    fn term_hits(&self, term: &Term) -> TermHits {
        let mut hits = TermHits {
            idf: 0.0,
            docs: HashMap::new(),
        };
        let mut add = |postings: &str, weight: f64| {
            let Some((df, list)) = codec::decode_postings(postings) else {
                return;
            };
            let idf = weight * self.idf(df);
            hits.idf = hits.idf.max(idf);
            for (doc, impact) in list {
                let s = idf * codec::impact_score(impact);
                let e = hits.docs.entry(doc).or_insert(0.0);
                if s > *e {
                    *e = s;
                }
            }
        };
        for shard in self.shards_of(term) {
            self.with_shard(shard, |map| {
                if let Some(p) = map.get(&term.text) {
                    add(p, 1.0);
                }
                if term.prefix {
                    let after = (
                        std::ops::Bound::Excluded(term.text.as_str()),
                        std::ops::Bound::Unbounded,
                    );
                    for (token, p) in map.range::<str, _>(after) {
                        if !token.starts_with(&term.text) {
                            break;
                        }
                        add(p, PREFIX_WEIGHT);
                    }
                }
            });
        }
        hits
    }

    /// Whether document `doc` passes `filter`.
    fn passes(&self, doc: u32, filter: &Filter) -> bool {
        let d = doc as usize;
        if let Some(kind) = &filter.kind
            && self.kinds[self.doc_kind[d] as usize] != *kind
        {
            return false;
        }
        if let Some(stage) = &filter.stage {
            let s = self.doc_stage[d];
            if s < 0 || self.meta.stages.get(s as usize).is_none_or(|st| st.0 != *stage) {
                return false;
            }
        }
        true
    }

    /// The first step: every matching document with its score, best first.
    pub fn rank(&self, query: &str, filter: &Filter) -> (Vec<Term>, Vec<f64>, Vec<(u32, f64)>) {
        let terms = parse(query);
        let hits: Vec<TermHits> = terms.iter().map(|t| self.term_hits(t)).collect();
        let total_idf: f64 = hits.iter().map(|h| h.idf).sum();
        let mut scores: HashMap<u32, (f64, f64)> = HashMap::new();
        for h in &hits {
            for (&doc, &s) in &h.docs {
                let e = scores.entry(doc).or_insert((0.0, 0.0));
                e.0 += s;
                e.1 += h.idf;
            }
        }
        let mut ranked: Vec<(u32, f64)> = scores
            .into_iter()
            .filter(|(doc, _)| self.passes(*doc, filter))
            .map(|(doc, (s, covered))| {
                let coverage = if total_idf > 0.0 { covered / total_idf } else { 0.0 };
                (doc, s * coverage * coverage)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let idfs = hits.iter().map(|h| h.idf).collect();
        (terms, idfs, ranked)
    }

    /// Searches: the top `limit` results, re-ranked by their sections, with deep links.
    pub fn search(&self, query: &str, filter: &Filter, limit: usize) -> Vec<Hit> {
        let (terms, idfs, ranked) = self.rank(query, filter);
        let mut hits: Vec<Hit> = ranked
            .into_iter()
            .take(limit)
            .filter_map(|(doc, score)| {
                self.with_doc(doc, |record| {
                    let record = record?;
                    let (best, adjacency) = best_section(record, &terms, &idfs);
                    let (fragment, heading) = match record.h.get(best) {
                        Some((f, h, _)) if !f.is_empty() => (f.as_str(), h.as_str()),
                        _ => ("", ""),
                    };
                    Some(Hit {
                        doc,
                        url: record.u.clone(),
                        link: if fragment.is_empty() {
                            record.u.clone()
                        } else {
                            format!("{}#{fragment}", record.u)
                        },
                        title: record.t.clone(),
                        kind: record.k.clone(),
                        heading: heading.to_string(),
                        score: score * (1.0 + PHRASE_BONUS * adjacency),
                    })
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits
    }
}

/// Positions in `tokens` where each term matches.
fn positions(tokens: &Tokens, terms: &[Term]) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); terms.len()];
    for token in tokens.iter() {
        for (j, term) in terms.iter().enumerate() {
            if token.text == term.text || (term.prefix && token.text.starts_with(&term.text)) {
                out[j].push(token.pos);
            }
        }
    }
    out
}

/// Share of consecutive query-term pairs found in order, at most one token apart.
fn adjacency(pos: &[Vec<u32>]) -> f64 {
    if pos.len() < 2 {
        return 0.0;
    }
    let pairs = pos
        .windows(2)
        .filter(|w| w[0].iter().any(|&a| w[1].iter().any(|&b| b > a && b - a <= 2)))
        .count();
    pairs as f64 / (pos.len() - 1) as f64
}

/// The best section of a document (index into `h`) and the document's best adjacency.
pub fn best_section(doc: &ChunkDoc, terms: &[Term], idfs: &[f64]) -> (usize, f64) {
    let mut best = (0usize, 0.0f64);
    let mut doc_adjacency = adjacency(&positions(&Tokens::new(&doc.t), terms));
    let mut heading = Tokens::default();
    let mut text = Tokens::default();
    for (n, (_, h, t)) in doc.h.iter().enumerate() {
        heading.clear();
        heading.push(h);
        text.clear();
        text.push(t);
        let (ph, pt) = (positions(&heading, terms), positions(&text, terms));
        let adj = adjacency(&ph).max(adjacency(&pt));
        doc_adjacency = doc_adjacency.max(adj);
        let mut score = 0.0;
        for j in 0..terms.len() {
            let m = if !ph[j].is_empty() {
                2.0
            } else if !pt[j].is_empty() {
                1.0
            } else {
                0.0
            };
            score += idfs[j] * (m + adj);
        }
        if score > best.1 {
            best = (n, score);
        }
    }
    (best.0, doc_adjacency)
}

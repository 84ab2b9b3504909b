//! Packing posting lists into shard files: entries `"token":"postings"` in token order, a
//! shard at most a budget of bytes, a token's key group kept in one shard where it fits, and
//! posting lists too long for any shard pruned to their best postings.

use rayon::prelude::*;

use crate::search::codec::{self, PostingList};
use crate::search::tokenize::shard_key;

/// A token and its postings in document order.
pub(super) type TokenPostings = (Box<str>, PostingList);

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
pub(super) fn pack_shards(
    mut tokens: Vec<TokenPostings>,
    budget: usize,
    mut emit: impl FnMut(String),
) -> (Vec<String>, usize) {
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

//! The compact text encoding of posting lists inside shard files (JSON strings, so the client
//! needs no binary parsing), and the quantized per-document score.
//!
//! A posting list is `df` then one `(doc gap − 1, impact)` pair per document, in document order.
//! Numbers are base-32 varints over a 64-letter, JSON-safe alphabet: a letter worth 32–63 is a
//! continuation digit (value − 32), a letter worth 0–31 ends the number; digits are most
//! significant first. An impact is one letter worth 0–31 (quantized score − 1). A document
//! that follows its predecessor directly and a small impact cost two bytes.

/// The 64 letters, by value.
pub const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Highest quantized score.
pub const MAX_IMPACT: u8 = 32;

/// Appends `n` as a varint.
pub fn put_varint(out: &mut String, n: u64) {
    varint_letters(n, |letter| out.push(letter as char));
}

/// Hands the letters of `n` as a varint to `put`, most significant first.
#[inline]
fn varint_letters(mut n: u64, mut put: impl FnMut(u8)) {
    if n < 32 {
        put(ALPHABET[n as usize]);
        return;
    }
    let mut digits = [0u8; 13];
    let mut len = 0;
    loop {
        digits[len] = (n % 32) as u8;
        len += 1;
        n /= 32;
        if n == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let cont = if i > 0 { 32 } else { 0 };
        put(ALPHABET[(digits[i] + cont) as usize]);
    }
}

/// Letters of `n` as a varint.
fn varint_len(n: u64) -> usize {
    let mut len = 1;
    let mut n = n / 32;
    while n > 0 {
        len += 1;
        n /= 32;
    }
    len
}

/// A posting list built one document at a time, held in its encoding (about two bytes a
/// posting, where a list of `(doc, impact)` pairs would take four or eight): the index of a
/// large site keeps millions of postings in memory until its shards are written.
#[derive(Debug, Default, Clone)]
pub struct PostingList {
    /// The `(doc gap − 1, impact)` pairs, encoded.
    pairs: String,
    /// Documents pushed.
    df: u32,
    /// The smallest document the next posting may have.
    next: u32,
}

impl PostingList {
    /// Adds a posting: `doc` must be above the last one's, `impact` in 1..=[`MAX_IMPACT`].
    #[inline]
    pub fn push(&mut self, doc: u32, impact: u8) {
        debug_assert!(doc >= self.next && (1..=MAX_IMPACT).contains(&impact));
        varint_letters(u64::from(doc - self.next), |letter| self.pairs.push(letter as char));
        self.pairs.push(ALPHABET[usize::from(impact - 1)] as char);
        self.next = doc + 1;
        self.df += 1;
    }

    /// Documents in the list.
    pub fn df(&self) -> usize {
        self.df as usize
    }

    /// Bytes of the list's encoding (what [`Self::put`] appends).
    pub fn encoded_len(&self) -> usize {
        varint_len(u64::from(self.df)) + self.pairs.len()
    }

    /// Appends the list's encoding, the same as [`put_postings`] of its postings.
    pub fn put(&self, out: &mut String) {
        put_varint(out, u64::from(self.df));
        out.push_str(&self.pairs);
    }

    /// The `(doc, impact)` pairs.
    pub fn postings(&self) -> Vec<(u32, u8)> {
        let mut text = String::with_capacity(self.encoded_len());
        self.put(&mut text);
        decode_postings(&text).map(|(_, postings)| postings).unwrap_or_default()
    }
}

/// The value of a letter.
fn value(letter: u8) -> Option<u8> {
    Some(match letter {
        b'0'..=b'9' => letter - b'0',
        b'A'..=b'Z' => letter - b'A' + 10,
        b'a'..=b'z' => letter - b'a' + 36,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    })
}

/// Encodes a posting list: `df` (documents that contain the token, which may exceed the
/// postings kept) and `(doc, impact)` pairs with increasing `doc` and impacts in 1..=32.
pub fn encode_postings(df: usize, postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(2 + postings.len() * 2);
    put_postings(&mut out, df, postings);
    out
}

/// Appends the encoding of a posting list to `out` (see [`encode_postings`]).
pub fn put_postings(out: &mut String, df: usize, postings: &[(u32, u8)]) {
    put_varint(out, df as u64);
    let mut next = 0u32;
    for &(doc, impact) in postings {
        debug_assert!(doc >= next && (1..=MAX_IMPACT).contains(&impact));
        put_varint(out, u64::from(doc - next));
        out.push(ALPHABET[(impact - 1) as usize] as char);
        next = doc + 1;
    }
}

/// Decodes a posting list: `(df, [(doc, impact)])`.
pub fn decode_postings(text: &str) -> Option<(usize, Vec<(u32, u8)>)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let varint = |i: &mut usize| -> Option<u64> {
        let mut n = 0u64;
        loop {
            let v = value(*bytes.get(*i)?)?;
            *i += 1;
            if v >= 32 {
                n = n * 32 + u64::from(v - 32);
            } else {
                return Some(n * 32 + u64::from(v));
            }
        }
    };
    let df = varint(&mut i)? as usize;
    let mut postings = Vec::new();
    let mut next = 0u64;
    while i < bytes.len() {
        let doc = next + varint(&mut i)?;
        let impact = value(*bytes.get(i)?)?;
        i += 1;
        if impact >= 32 {
            return None;
        }
        postings.push((u32::try_from(doc).ok()?, impact + 1));
        next = doc + 1;
    }
    Some((df, postings))
}

/// Quantizes a field-weighted score (≈ 0.05 for one mention in code up to ≈ 15 for a title,
/// heading, tag and body match) to 1..=32 on a log scale.
pub fn quantize(score: f64) -> u8 {
    // round(8 ln(1 + 4s)) ≥ q  ⇔  s ≥ (e^((q − ½)/8) − 1) / 4: count the thresholds passed
    // (a binary search instead of a logarithm; this runs once per token per document).
    static THRESHOLDS: std::sync::LazyLock<[f64; MAX_IMPACT as usize]> =
        std::sync::LazyLock::new(|| std::array::from_fn(|q| (((q as f64 + 0.5) / 8.0).exp() - 1.0) / 4.0));
    let passed = THRESHOLDS.partition_point(|&t| t <= score) as u8;
    passed.clamp(1, MAX_IMPACT)
}

/// The score a quantized impact stands for (the inverse of [`quantize`]).
pub fn impact_score(impact: u8) -> f64 {
    ((f64::from(impact) / 8.0).exp() - 1.0) / 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let postings = vec![(0, 1), (1, 32), (2, 5), (40, 7), (1_000_000, 12)];
        let text = encode_postings(9, &postings);
        assert_eq!(&text[..1], "9");
        assert_eq!(decode_postings(&text), Some((9, postings)));
        assert_eq!(decode_postings(&encode_postings(0, &[])), Some((0, vec![])));
        assert!(decode_postings("\"").is_none());
    }

    #[test]
    fn a_posting_list_built_in_place_encodes_like_put_postings() {
        let postings = vec![(0, 1), (1, 32), (2, 5), (40, 7), (1_000, 12), (1_000_000, 3)];
        let mut list = PostingList::default();
        for &(doc, impact) in &postings {
            list.push(doc, impact);
        }
        let mut text = String::new();
        list.put(&mut text);
        assert_eq!(text, encode_postings(postings.len(), &postings));
        assert_eq!(list.encoded_len(), text.len());
        assert_eq!((list.df(), list.postings()), (postings.len(), postings));
        for n in [0, 31, 32, 1023, 1024, u64::from(u32::MAX)] {
            let mut out = String::new();
            put_varint(&mut out, n);
            assert_eq!(varint_len(n), out.len(), "{n}");
        }
    }

    #[test]
    fn dense_postings_cost_two_bytes() {
        let postings: Vec<(u32, u8)> = (0..100).map(|d| (d, 3)).collect();
        assert_eq!(encode_postings(100, &postings).len(), 2 + 200);
    }

    #[test]
    fn quantization_is_monotonic_and_invertible_enough() {
        let mut last = 0;
        for s in [0.01, 0.1, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0] {
            let q = quantize(s);
            assert!(q >= last);
            last = q;
            if q > 1 && q < MAX_IMPACT {
                assert!((impact_score(q) - s).abs() / s < 0.2, "{s} → {q}");
            }
        }
        assert_eq!(quantize(1000.0), MAX_IMPACT);
        assert_eq!(quantize(0.0), 1);
        for k in 0..2000 {
            let s = k as f64 / 100.0;
            let direct = (8.0 * (1.0 + 4.0 * s).ln()).round().clamp(1.0, 32.0) as u8;
            assert_eq!(quantize(s), direct, "{s}");
        }
    }
}

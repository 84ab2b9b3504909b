//! Counting a document's terms: how often each token occurs in each field (title, headings,
//! tags, body, code), the input of the index's scores.
//!
//! A body's counts (headings, text and code) are also kept encoded with the body in the body
//! cache ([`encode_body`]), so a build whose bodies come from the cache does not tokenize their
//! text again; the index adds them to a `Counter` with `Counter::add_body` and counts the
//! document's own fields (title, tags, summary) on top.
//!
//! Encoding of a body's counts: one byte, 1 when some text was not in NFC (else 0), then per
//! distinct token a varint `byte length << 2 | form`, the token's bytes, and its counts by form:
//! 0 — body only, 1 — code only, 2 — headings, body and code. Varints are LEB128.

use super::tokenize::{Sink, TokenKind, scan_into};
use crate::parse::Section;
use rustc_hash::FxHashMap;

/// Term frequencies of one token in each field of a document: title, headings, tags, body,
/// code.
pub(crate) type Freqs = [u32; 5];

/// A token of at most 8 bytes as an integer (its UTF-8 bytes, zero-padded: tokens never
/// contain NUL, so this is one-to-one). Integer keys hash and compare far faster than strings.
#[inline]
pub(crate) fn pack_key(b: &[u8]) -> Option<u64> {
    let n = b.len();
    // Two overlapping loads instead of a copy of `n` bytes (a `memcpy` call per token): the
    // bytes they share are the same, so or-ing them is exact.
    Some(match n {
        0 => 0,
        1..=3 => u64::from(b[0]) | u64::from(b[n / 2]) << (8 * (n / 2)) | u64::from(b[n - 1]) << (8 * (n - 1)),
        4..=8 => {
            let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            let hi = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
            u64::from(lo) | u64::from(hi) << (8 * (n - 4))
        }
        _ => return None,
    })
}

/// The token [`pack_key`] packed.
pub(crate) fn unpack_key(key: u64) -> Box<str> {
    let bytes = key.to_le_bytes();
    // Keys are packed from tokens; one decoded from a damaged cache could be any bytes.
    String::from_utf8_lossy(&bytes[..key_len(key)]).into()
}

/// Bytes of the token `key` packs (tokens hold no NUL, so the bytes above it are zero).
fn key_len(key: u64) -> usize {
    8 - key.leading_zeros() as usize / 8
}

/// Term frequencies of the short (packed) tokens of one document: an open-addressing table
/// with linear probing, cleared slot by slot between documents. A document has a few hundred
/// distinct tokens and thousands of occurrences; one multiply and usually one probe per
/// occurrence cost far less than a general hash map's lookup.
#[derive(Default)]
pub(crate) struct FreqTable {
    /// Packed keys by slot, 0 for a free slot (no token packs to 0: tokens are not empty).
    keys: Vec<u64>,
    freqs: Vec<Freqs>,
    /// The occupied slots, in insertion order.
    used: Vec<u32>,
}

impl FreqTable {
    const MIN_SLOTS: usize = 1024;

    /// The frequencies of `key`, inserted as zeros if absent.
    #[inline(always)]
    pub(crate) fn entry(&mut self, key: u64) -> &mut Freqs {
        // At most half full: probes stay short.
        if self.used.len() * 2 >= self.keys.len() {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut slot = Self::home(key, mask);
        loop {
            let k = self.keys[slot];
            if k == key {
                break;
            }
            if k == 0 {
                self.keys[slot] = key;
                self.used.push(slot as u32);
                break;
            }
            slot = (slot + 1) & mask;
        }
        &mut self.freqs[slot]
    }

    /// The first slot tried for `key`: the top bits of a multiplicative hash.
    #[inline]
    fn home(key: u64, mask: usize) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let slots = (self.keys.len() * 2).max(Self::MIN_SLOTS);
        let old: Vec<(u64, Freqs)> = self.iter().collect();
        self.keys = vec![0; slots];
        self.freqs = vec![Freqs::default(); slots];
        self.used.clear();
        for (key, freqs) in old {
            *self.entry(key) = freqs;
        }
    }

    /// The keys and their frequencies, in insertion order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, Freqs)> + '_ {
        self.used
            .iter()
            .map(|&s| (self.keys[s as usize], self.freqs[s as usize]))
    }

    /// Empties the table, keeping its size.
    pub(crate) fn clear(&mut self) {
        for &slot in &self.used {
            self.keys[slot as usize] = 0;
            self.freqs[slot as usize] = Freqs::default();
        }
        self.used.clear();
    }
}

/// Term frequencies of one document, with buffers reused from one document to the next.
#[derive(Default)]
pub(crate) struct Counter {
    buf: String,
    field: usize,
    pub(crate) short: FreqTable,
    pub(crate) long: FxHashMap<Box<str>, Freqs>,
    /// Whether some text of the document was not in NFC.
    pub(crate) normalized: bool,
}

impl Sink for Counter {
    fn token(&mut self, token: &str, _: TokenKind) {
        let field = self.field;
        match pack_key(token.as_bytes()) {
            Some(key) => self.short.entry(key)[field] += 1,
            None => match self.long.get_mut(token) {
                Some(freqs) => freqs[field] += 1,
                None => {
                    let mut freqs = Freqs::default();
                    freqs[field] = 1;
                    self.long.insert(token.into(), freqs);
                }
            },
        }
    }

    fn retract(&mut self, token: &str, _: TokenKind) {
        let field = self.field;
        match pack_key(token.as_bytes()) {
            Some(key) => self.short.entry(key)[field] -= 1,
            None => {
                // Only tokens given before are taken back: the entry is there.
                if let Some(freqs) = self.long.get_mut(token) {
                    freqs[field] -= 1;
                }
            }
        }
    }

    fn normalized(&mut self) {
        self.normalized = true;
    }
}

impl Counter {
    /// Counts the tokens of `text` in field `field` (0 title, 1 headings, 2 tags, 3 body,
    /// 4 code).
    pub(crate) fn count(&mut self, field: usize, text: &str) {
        self.field = field;
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        scan_into(text, &mut buf, self);
        self.buf = buf;
    }
}

impl Counter {
    /// Forgets the counts of the last document.
    pub(crate) fn reset(&mut self) {
        self.short.clear();
        self.long.clear();
        self.normalized = false;
    }

    /// Counts the headings, text and code of a body's sections.
    pub(crate) fn count_sections(&mut self, sections: &[Section]) {
        for section in sections {
            self.count(1, &section.heading);
            self.count(3, &section.text);
            self.count(4, &section.code);
        }
    }

    /// Adds counts encoded by [`encode_body`]. Returns `None` (having added some of them) when
    /// `bytes` is not such an encoding.
    pub(crate) fn add_body(&mut self, bytes: &[u8]) -> Option<()> {
        let (&flag, mut rest) = bytes.split_first()?;
        self.normalized |= flag == 1;
        while !rest.is_empty() {
            let head = varint(&mut rest)?;
            let len = (head >> 2) as usize;
            if len == 0 || len > rest.len() {
                return None;
            }
            let (token, after) = rest.split_at(len);
            rest = after;
            let counts = match head & 3 {
                0 => [0, varint(&mut rest)?, 0],
                1 => [0, 0, varint(&mut rest)?],
                2 => [varint(&mut rest)?, varint(&mut rest)?, varint(&mut rest)?],
                _ => return None,
            };
            let freqs = match pack_key(token) {
                Some(key) => self.short.entry(key),
                None => self.long.entry(std::str::from_utf8(token).ok()?.into()).or_default(),
            };
            for (field, n) in [1, 3, 4].into_iter().zip(counts) {
                freqs[field] = freqs[field].saturating_add(n);
            }
        }
        Some(())
    }
}

/// The counts of a body's headings, text and code, encoded (see the module documentation).
pub fn encode_body(sections: &[Section]) -> Vec<u8> {
    thread_local! {
        static COUNTER: std::cell::RefCell<Counter> = std::cell::RefCell::new(Counter::default());
    }
    COUNTER.with_borrow_mut(|counter| {
        counter.reset();
        counter.count_sections(sections);
        let mut out = vec![u8::from(counter.normalized)];
        let mut put = |token: &[u8], f: &Freqs| {
            let [_, headings, _, body, code] = *f;
            let form = match (headings, body, code) {
                (0, 0, 0) => return,
                (0, _, 0) => 0,
                (0, 0, _) => 1,
                _ => 2,
            };
            put_varint(&mut out, (token.len() as u32) << 2 | form);
            out.extend_from_slice(token);
            match form {
                0 => put_varint(&mut out, body),
                1 => put_varint(&mut out, code),
                _ => [headings, body, code].into_iter().for_each(|n| put_varint(&mut out, n)),
            }
        };
        for (key, f) in counter.short.iter() {
            put(&key.to_le_bytes()[..key_len(key)], &f);
        }
        for (token, f) in &counter.long {
            put(token.as_bytes(), f);
        }
        out
    })
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn varint(input: &mut &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for shift in (0..35).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        n |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_keys_round_trip_and_keep_tokens_apart() {
        let tokens = ["a", "ab", "abc", "redi", "redis", "서버", "c++", "12345678", "락"];
        let mut keys = Vec::new();
        for token in tokens {
            let key = pack_key(token.as_bytes()).expect("short token");
            assert_eq!(&*unpack_key(key), token);
            keys.push(key);
        }
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), tokens.len());
        assert_eq!(pack_key(b"123456789"), None);
    }

    #[test]
    fn a_text_not_in_nfc_counts_as_its_nfc_form() {
        use unicode_normalization::UnicodeNormalization;
        let nfc = "캐시를 Café 서버 café 漢字";
        let nfd: String = nfc.nfd().collect();
        let counted = |text: &str| {
            let mut counter = Counter::default();
            counter.count(3, text);
            counts_of(&counter)
        };
        let (short, long, normalized) = counted(nfc);
        assert!(!normalized);
        assert_eq!(counted(&nfd), (short, long, true));
    }

    #[test]
    fn the_frequency_table_counts_across_growth_and_clears() {
        let mut table = FreqTable::default();
        for round in 0..2 {
            for n in 1..=5000u64 {
                table.entry(n * 0x1_0000_0001)[round] += 1;
                table.entry(n * 0x1_0000_0001)[4] += 2;
            }
            let got: Vec<(u64, Freqs)> = table.iter().collect();
            assert_eq!(got.len(), 5000);
            assert_eq!(got[41].0, 42 * 0x1_0000_0001, "insertion order");
            assert!(
                got.iter()
                    .all(|(_, f)| f[round] == 1 && f[4] == 2 && f.iter().sum::<u32>() == 3)
            );
            table.clear();
            assert_eq!(table.iter().count(), 0);
        }
    }

    /// A counter's non-zero counts, sorted: short tokens, long tokens, and its NFC flag.
    type Counts = (Vec<(u64, Freqs)>, Vec<(Box<str>, Freqs)>, bool);

    fn counts_of(counter: &Counter) -> Counts {
        let mut short: Vec<(u64, Freqs)> = counter.short.iter().filter(|(_, f)| *f != Freqs::default()).collect();
        short.sort_unstable();
        let mut long: Vec<(Box<str>, Freqs)> = counter
            .long
            .iter()
            .filter(|(_, f)| **f != Freqs::default())
            .map(|(t, f)| (t.clone(), *f))
            .collect();
        long.sort_unstable();
        (short, long, counter.normalized)
    }

    #[test]
    fn encoded_body_counts_add_up_to_counting_the_sections() {
        use unicode_normalization::UnicodeNormalization;
        let section = |heading: &str, text: &str, code: &str| Section {
            anchor: None,
            heading: heading.to_string(),
            text: text.to_string(),
            code: code.to_string(),
        };
        let cases = [
            vec![],
            vec![
                section("", "캐시를 먼저 읽고 캐시에 없으면 DB를 읽는다. Redis redis", ""),
                section(
                    "캐시 무효화",
                    "TTL과 이벤트 기반 무효화 supercalifragilisticexpialidocious",
                    "cache.get(key) cache",
                ),
                section("C++", "", "std::vector<int> v; v.push_back(1);"),
            ],
            vec![section("Café", &"Café 서버".nfd().collect::<String>(), "")],
        ];
        for sections in cases {
            let mut direct = Counter::default();
            direct.count_sections(&sections);
            let encoded = encode_body(&sections);
            let mut decoded = Counter::default();
            assert_eq!(decoded.add_body(&encoded), Some(()));
            assert_eq!(counts_of(&decoded), counts_of(&direct));
        }
    }

    #[test]
    fn damaged_encodings_are_refused_without_panicking() {
        let good = encode_body(&[Section {
            anchor: None,
            heading: "제목".into(),
            text: "본문 텍스트 text".into(),
            code: "let x = 1;".into(),
        }]);
        assert!(Counter::default().add_body(&[]).is_none());
        for cut in 1..good.len() {
            // A cut may end on an entry's boundary; what matters is no panic.
            let _ = Counter::default().add_body(&good[..cut]);
        }
        assert!(Counter::default().add_body(&[0, 0x7f]).is_none(), "length past the end");
        assert!(Counter::default().add_body(&[0, 0b11, b'a']).is_none(), "empty token");
        assert!(
            Counter::default().add_body(&[0, 1 << 2 | 3, b'a', 1]).is_none(),
            "unknown form"
        );
        assert!(
            Counter::default()
                .add_body(&[0, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
                .is_none(),
            "varint overflow"
        );
    }
}

//! The one tokenizer definition, shared by the indexer (here) and the browser client
//! (`themes/default/static/js/search.js`, function `tokenize`), which implements the same rules
//! line by line; `tests/search_tokenizer_js.rs` runs both on the same samples.
//!
//! Rules, applied to NFC-normalized text, one code point at a time:
//!
//! 1. Every code point is lowercased on its own (`char::to_lowercase`, JS `toLowerCase` on a
//!    one-code-point string: the two agree, unlike whole-string lowercasing around final sigma).
//! 2. Code points are classed by script: **Hangul** (syllables and jamo), **CJK** (kana and Han
//!    ideographs), **word** (any other alphabetic or numeric code point: Latin, digits,
//!    Cyrillic…) and **other** (spaces, punctuation, symbols: separators).
//! 3. A maximal run of one class is a run. A Hangul or CJK run of one character is one token (a
//!    unigram); a longer run gives every overlapping character bigram (`트랜잭션이` → `트랜`,
//!    `랜잭`, `잭션`, `션이`). So the stem `트랜잭션` is found inside `트랜잭션이`, `트랜잭션을`,
//!    `트랜잭션과` without a dictionary of particles.
//! 4. A word run is one token (`Redis` → `redis`, `http2`, `10k`, `2026`). A run of `+` or `#`
//!    right after a word joins it when what follows is not a word character (`c++`, `c#`,
//!    `c++를`), and splits otherwise (`n+1` → `n`, `1`; `1+1` → `1`, `1`). Words longer than
//!    [`MAX_WORD`] code points (hashes, base64) are dropped.
//! 5. Every token gets the next position number; positions drive the phrase bonus.
//!
//! Query-side rules (the client's and [`super::query`]'s): a one-character Hangul/CJK run in a
//! query matches its unigram and, by prefix, every bigram that starts with it (`락` finds
//! `락을`); the last word of a query, when the query does not end with a separator and the word
//! has at least two characters, matches by prefix (`redi` finds `redis`).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Longest word token kept, in code points.
pub const MAX_WORD: usize = 32;

/// The script class of a code point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Hangul syllables and jamo.
    Hangul,
    /// Kana and Han ideographs.
    Cjk,
    /// Any other alphabetic or numeric code point.
    Word,
    /// Separators: spaces, punctuation, symbols.
    Other,
}

/// Classes a code point.
#[inline]
pub fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Other
        };
    }
    // Hangul syllables first: most non-ASCII text of a Korean site, one comparison away.
    if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
        return Class::Hangul;
    }
    match c {
        '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{A960}'..='\u{A97F}' | '\u{D7B0}'..='\u{D7FF}' => {
            Class::Hangul
        }
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => {
            Class::Cjk
        }
        c if c.is_alphabetic() || c.is_numeric() => Class::Word,
        _ => Class::Other,
    }
}

/// What kind of run a token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word (Latin, digits, …).
    Word,
    /// A Hangul/CJK character bigram.
    Bigram,
    /// A Hangul/CJK run of one character.
    Unigram,
}

/// A token: its text (a slice of the normalized text), place and origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token text.
    pub text: &'a str,
    /// Position number (0, 1, 2, … in text order).
    pub pos: u32,
    /// Where it came from.
    pub kind: TokenKind,
}

/// The tokens of a text, in order.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    /// The tokens' texts, one after the other; tokens are slices of it.
    text: String,
    spans: Vec<(u32, u32, TokenKind)>,
    buf: String,
    /// Whether the input ended inside a token (no trailing separator).
    pub open_end: bool,
}

impl Tokens {
    /// Tokenizes `input`.
    pub fn new(input: &str) -> Tokens {
        let mut out = Tokens::default();
        out.push(input);
        out
    }

    /// Appends the tokens of `input` (as if separated from what came before), reusing buffers.
    pub fn push(&mut self, input: &str) {
        let mut buf = std::mem::take(&mut self.buf);
        self.open_end = scan_into(input, &mut buf, self);
        self.buf = buf;
    }

    /// Clears the text and tokens, keeping the allocations.
    pub fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
        self.open_end = false;
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The tokens in order.
    pub fn iter(&self) -> impl Iterator<Item = Token<'_>> {
        self.spans.iter().enumerate().map(|(i, &(s, e, kind))| Token {
            text: &self.text[s as usize..e as usize],
            pos: i as u32,
            kind,
        })
    }
}

/// The token texts of `input`, in order (tests, benchmarks, the JS comparison).
pub fn tokenize(input: &str) -> Vec<String> {
    Tokens::new(input).iter().map(|t| t.text.to_string()).collect()
}

/// `text` in NFC (borrowed when it already is, the common case).
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if surely_nfc(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// A fast pre-check for the common case: text made only of code points below U+0300 and
/// precomposed Hangul syllables (U+AC00..=U+D7A3) is NFC; anything else (a trailing jamo could
/// join a syllable, a combining mark a letter) gets the full quick check. Works on bytes:
/// lead bytes C2..CB are U+0080..U+02FF; EA B0..ED 9E A3 span the syllables.
fn surely_nfc(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Eight ASCII bytes at a time.
        if let Some(word) = b.get(i..i + 8)
            && u64::from_le_bytes(word.try_into().expect("8 bytes")) & 0x8080_8080_8080_8080 == 0
        {
            i += 8;
            continue;
        }
        match b[i] {
            0x00..=0x7F => i += 1,
            0xC2..=0xCB => i += 2,
            0xEA if b[i + 1] >= 0xB0 => i += 3,
            0xEB | 0xEC => i += 3,
            0xED if b[i + 1] < 0x9E || (b[i + 1] == 0x9E && b[i + 2] <= 0xA3) => i += 3,
            _ => return false,
        }
    }
    true
}

/// The shard key of a token: its first character for Hangul/CJK, else its first two
/// characters. The index keeps the tokens of one key in one shard when they fit, so the tokens
/// a prefix term matches (`락` → `락을`, `redi` → `redis`) are usually in a single shard.
pub fn shard_key(token: &str) -> &str {
    let mut chars = token.char_indices();
    let Some((_, first)) = chars.next() else {
        return token;
    };
    let take = if matches!(class(first), Class::Hangul | Class::Cjk) {
        1
    } else {
        2
    };
    match token.char_indices().nth(take) {
        Some((i, _)) => &token[..i],
        None => token,
    }
}

/// Receives tokens as a scan finds them: `buf[start..end]` is the token.
pub trait Sink {
    /// One token.
    fn token(&mut self, token: &str, kind: TokenKind);

    /// Takes back one token given by [`Sink::token`] for the input being scanned: an input
    /// is scanned as it is, and if it then proves not to be NFC, its tokens are taken back
    /// before its NFC form is scanned.
    fn retract(&mut self, token: &str, kind: TokenKind);

    /// Called before the tokens of an input that was not in NFC (and is scanned normalized).
    fn normalized(&mut self) {}
}

/// A sink that takes back the tokens it is given from another.
struct Retract<'a, S>(&'a mut S);

impl<S: Sink> Sink for Retract<'_, S> {
    fn token(&mut self, token: &str, kind: TokenKind) {
        self.0.retract(token, kind);
    }

    fn retract(&mut self, token: &str, kind: TokenKind) {
        self.0.token(token, kind);
    }
}

impl Sink for Tokens {
    fn token(&mut self, token: &str, kind: TokenKind) {
        let start = self.text.len() as u32;
        self.text.push_str(token);
        self.spans.push((start, self.text.len() as u32, kind));
    }

    fn retract(&mut self, _: &str, _: TokenKind) {
        // The tokens taken back are the last ones given, all of them.
        if let Some((start, _, _)) = self.spans.pop() {
            self.text.truncate(start as usize);
        }
    }
}

/// Tokenizes `input` into `sink` (the indexer counts tokens without storing them), using
/// `buf` to lowercase words. Returns whether the input ended inside a token.
pub fn scan_into(input: &str, buf: &mut String, sink: &mut impl Sink) -> bool {
    // The scan checks each code point as it goes (as `surely_nfc` would, without a pass of
    // its own); text it is unsure of is checked in full, and rarely needs normalizing.
    let (open, flagged) = scan(input, buf, sink);
    if !flagged || is_nfc_quick(input.chars()) == IsNormalized::Yes {
        return open;
    }
    scan(input, buf, &mut Retract(sink));
    sink.normalized();
    scan(&input.nfc().collect::<String>(), buf, sink).0
}

/// Whether `c` may make a text not NFC: the negation of [`surely_nfc`]'s test (code points
/// below U+0300 and precomposed Hangul syllables).
#[inline(always)]
fn unsure(c: char) -> bool {
    c >= '\u{300}' && !('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The character at byte `i` of `text` (a boundary) and its length in bytes.
#[inline(always)]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = text.as_bytes();
    let lead = *b.get(i)?;
    if lead < 0x80 {
        return Some((lead as char, 1));
    }
    if (0xE0..0xF0).contains(&lead) {
        // Three bytes: all of Hangul and the common CJK blocks.
        let c = (u32::from(lead & 0x0F) << 12) | (u32::from(b[i + 1] & 0x3F) << 6) | u32::from(b[i + 2] & 0x3F);
        return char::from_u32(c).map(|c| (c, 3));
    }
    let c = text[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// Scans `input` run by run: each run of one class is consumed by its own tight loop. Hangul
/// and CJK tokens are slices of `input` (these scripts have no case); so are words that need
/// no lowercasing; other words are lowercased into `buf`. Returns whether the input ended
/// inside a token and whether it has a code point that [`unsure`] flags.
fn scan(input: &str, buf: &mut String, sink: &mut impl Sink) -> (bool, bool) {
    let bytes = input.as_bytes();
    // Where the last word, Hangul or CJK run ended (MAX: none yet).
    let mut run_end = usize::MAX;
    let mut flagged = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            (run_end, i) = word(input, i, buf, sink, &mut flagged);
            continue;
        }
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        // `i` is always a character boundary inside the input, so this does not stop early.
        let Some((c, len)) = char_at(input, i) else {
            break;
        };
        // Every code point past ASCII comes here or to the loops of `lower_word` and
        // `ideographs`, which flag it.
        flagged |= unsure(c);
        match class(c) {
            Class::Word => (run_end, i) = word(input, i, buf, sink, &mut flagged),
            cls @ (Class::Hangul | Class::Cjk) => {
                i = ideographs(input, i, len, cls, sink, &mut flagged);
                run_end = i;
            }
            Class::Other => i += len,
        }
    }
    // The input ends inside a token when its last run reaches the end.
    (run_end == bytes.len(), flagged)
}

/// Emits the word run that starts at `start` (with the `+`/`#` run after it glued on when no
/// word character follows). Returns where the run ends and where scanning goes on; sets
/// `flagged` if the run has a code point that [`unsure`] flags.
fn word(input: &str, start: usize, buf: &mut String, sink: &mut impl Sink, flagged: &mut bool) -> (usize, usize) {
    let bytes = input.as_bytes();
    // Lowercase ASCII letters and digits, the common case, are already the token's text.
    let mut end = start;
    while end < bytes.len() && (bytes[end].is_ascii_lowercase() || bytes[end].is_ascii_digit()) {
        end += 1;
    }
    let lowered = is_word_at(input, end);
    if lowered {
        buf.clear();
        buf.push_str(&input[start..end]);
        end = lower_word(input, end, buf, flagged);
    }
    // `c++`, `c#`: symbols glued to the end of a word, when no word follows.
    let mut next = end;
    while next < bytes.len() && (bytes[next] == b'+' || bytes[next] == b'#') {
        next += 1;
    }
    let glued = next > end && !is_word_at(input, next);
    if glued && !lowered {
        buf.clear();
        buf.push_str(&input[start..end]);
    }
    if glued {
        buf.push_str(&input[end..next]);
    }
    if lowered || glued {
        emit_word(buf, sink);
    } else {
        emit_word(&input[start..end], sink);
    }
    (end, next)
}

/// Whether a word character starts at byte `i` of `input` (a boundary; false at the end).
#[inline]
fn is_word_at(input: &str, i: usize) -> bool {
    match input.as_bytes().get(i) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => char_at(input, i).is_some_and(|(c, _)| class(c) == Class::Word),
    }
}

/// Appends the rest of a word run, from byte `i` of `input`, to `buf` lowercased (each code
/// point on its own). Returns where the run ends; sets `flagged` as [`word`] does.
fn lower_word(input: &str, mut i: usize, buf: &mut String, flagged: &mut bool) -> usize {
    let bytes = input.as_bytes();
    while let Some((c, len)) = char_at(input, i) {
        if c.is_ascii() {
            if !c.is_ascii_alphanumeric() {
                break;
            }
            // A stretch of ASCII letters and digits at once.
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                j += 1;
            }
            let from = buf.len();
            buf.push_str(&input[i..j]);
            buf[from..].make_ascii_lowercase();
            i = j;
        } else if class(c) == Class::Word {
            *flagged |= unsure(c);
            buf.extend(c.to_lowercase());
            i += len;
        } else {
            break;
        }
    }
    i
}

/// Emits the tokens of the Hangul or CJK run (class `cls`) whose first character, `len` bytes
/// long, starts at `start`: every bigram, or the one character of a run of one. Returns where
/// the run ends; sets `flagged` as [`word`] does.
fn ideographs(input: &str, start: usize, len: usize, cls: Class, sink: &mut impl Sink, flagged: &mut bool) -> usize {
    let mut prev = start;
    let mut i = start + len;
    while let Some((c, len)) = char_at(input, i)
        && class(c) == cls
    {
        *flagged |= unsure(c);
        sink.token(&input[prev..i + len], TokenKind::Bigram);
        prev = i;
        i += len;
    }
    if prev == start {
        sink.token(&input[start..i], TokenKind::Unigram);
    }
    i
}

/// Emits `word` unless it is too long.
fn emit_word(word: &str, sink: &mut impl Sink) {
    // Counted after lowercasing, which may add code points (`İ` → `i̇`).
    if word.len() <= MAX_WORD || word.chars().count() <= MAX_WORD {
        sink.token(word, TokenKind::Word);
    }
}

#[cfg(test)]
mod tests;

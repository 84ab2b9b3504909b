//! Scoring a document's tokens: BM25-style saturation per field (title, headings, tags, body,
//! code), weighted and quantized to one impact per distinct token.

use crate::search::codec;
use crate::search::corpus::Entry;
use crate::search::terms::{Counter, Freqs};

/// Field weights: title > headings > tags > body > code.
const W_TITLE: f64 = 8.0;
const W_HEADING: f64 = 4.0;
const W_TAGS: f64 = 3.0;
const W_BODY: f64 = 1.0;
const W_CODE: f64 = 0.3;

/// BM25's term-frequency saturation and length normalization.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A document's body and code length relative to the average.
#[derive(Debug, Clone, Copy)]
pub(super) struct Norms {
    /// Body text.
    pub(super) text: f64,
    /// Code.
    pub(super) code: f64,
}

/// The distinct tokens of a document with their impacts: tokens of up to 8 bytes (Hangul
/// bigrams, most words) packed into integers ([`pack_key`](crate::search::terms::pack_key)), longer ones as strings.
#[derive(Default)]
pub(super) struct DocTerms {
    pub(super) short: Vec<(u64, u8)>,
    pub(super) long: Vec<(Box<str>, u8)>,
    /// Whether every text of the document (all of which the chunk record repeats) is NFC.
    pub(super) nfc: bool,
}

/// The quantized score of every distinct token of `doc`.
pub(super) fn impacts(doc: &Entry<'_>, norms: Norms, counter: &mut Counter) -> DocTerms {
    let body = doc.body;
    counter.reset();
    // The body's counts as the body cache kept them; counted from its sections when it has
    // none, or they cannot be read.
    let cached = match body.terms.as_ref().map(|t| t.get()) {
        Some(Ok(bytes)) => counter.add_body(&bytes).is_some(),
        None | Some(Err(_)) => false,
    };
    if !cached {
        counter.reset();
        // Sections that cannot be read (their file changed under the build) fail the page's
        // own write, which reads the same file, with advice.
        if let Ok(sections) = body.sections.get() {
            counter.count_sections(&sections);
        }
    }
    counter.count(0, doc.title);
    for tag in doc.tags {
        counter.count(2, tag);
    }
    if let Some(author) = doc.author {
        counter.count(2, author);
    }
    if let Some(summary) = doc.summary {
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

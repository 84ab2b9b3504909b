//! The chunk records: each document's URL, title, kind, stage and text by section, as the
//! client fetches them for snippets and deep links.

use std::borrow::Cow;

use serde::Serialize;

use crate::search::corpus::Entry;
use crate::search::tokenize::nfc;
use crate::util::url::Urls;

/// A [`ChunkDoc`](crate::search::files::ChunkDoc) as written, borrowing the text where it can.
#[derive(Serialize)]
struct Record<'a> {
    u: String,
    t: Cow<'a, str>,
    k: &'static str,
    s: i64,
    h: Vec<(String, Cow<'a, str>, Cow<'a, str>)>,
}

/// Appends the chunk record of `doc` to `out`, as JSON of at most `limit` bytes. `is_nfc`:
/// whether its texts are known to be NFC already.
pub(super) fn chunk_doc(doc: &Entry<'_>, urls: &Urls, limit: usize, is_nfc: bool, out: &mut Vec<u8>) {
    fn nfc_of(text: &str, is_nfc: bool) -> Cow<'_, str> {
        if is_nfc { Cow::Borrowed(text) } else { nfc(text) }
    }
    let nfc = |text| nfc_of(text, is_nfc);
    let site_path = &doc.site_path;
    // Sections that cannot be read: see `impacts`.
    let all = doc.body.sections.get().unwrap_or_default();
    let mut sections = Vec::with_capacity(all.len() + 1);
    let mut rest = &all[..];
    let first = rest.first().filter(|f| f.anchor.is_none());
    let intro = match (doc.summary, first) {
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
                let url = urls.path(&format!("{site_path}#{anchor}"));
                url.split_once('#').map(|(_, f)| f.to_string()).unwrap_or_default()
            }
            None => String::new(),
        };
        sections.push((fragment, nfc(&section.heading), nfc(&section.text)));
    }
    let record = Record {
        u: urls.path(site_path),
        t: nfc(doc.title),
        k: doc.kind.name(),
        s: doc.stage.map_or(-1, |s| s as i64),
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

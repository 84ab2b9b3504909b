//! Keys of rendered pages: a 128-bit hash of everything a page's HTML is made from, so that a
//! build can take a page whose key is unchanged from the page cache instead of rendering it.
//!
//! A page is its template applied to its context, with the templates, the UI strings, the
//! global `site` value and the `url` function (the base URL) shared by every page. The key
//! hashes all of them: roadbook's own build (`SOURCE_KEY`, which covers the built-in theme
//! and Tera), the renderer's [`fingerprint`](super::Renderer::fingerprint), the `site` value,
//! the base URL, then the page's template name and each variable of its context, with the
//! body HTML's hash for `page.content` ([`PageContext`]). Tera 2 templates cannot read
//! anything else (its only built-in functions are `range` and `throw`).
//!
//! Values are hashed by what a template can observe: kind, whether a string is safe, text,
//! numbers, array order. A map's entries are combined without regard to order (Tera's maps
//! have none). The link, card and tag values that every page shares are hashed once, when the
//! keys are made, and found by address afterwards: a topic page's learning path alone holds
//! up to a thousand of them.

use tera::Value;
use tera::value::ValueKind;

use std::sync::Arc;

use super::context::SiteValues;
use super::page_context::PageContext;
use super::renderer::Renderer;
use crate::assemble::Site;
use crate::cache::blob_file::SOURCE_KEY;
use rustc_hash::FxHashMap;

/// Makes the keys of one site's pages.
pub struct PageKeys {
    /// The hash of what every page shares.
    global: u128,
    /// Hashes of the shared values, by the address of their map or array.
    shared: FxHashMap<usize, u128>,
    /// The shared values, kept alive while their addresses identify them.
    _values: Arc<SiteValues>,
}

impl PageKeys {
    /// The keys of `site`'s pages rendered by `renderer`.
    pub fn new(renderer: &Renderer, site: &Site) -> PageKeys {
        use rayon::prelude::*;
        let values = Arc::clone(renderer.values());
        let mut keys = PageKeys {
            global: 0,
            shared: FxHashMap::default(),
            _values: Arc::clone(&values),
        };
        let shared: Vec<&Value> = values
            .nav
            .iter()
            .chain(&values.links)
            .chain(&values.tags)
            .chain(&values.cards)
            .chain(values.blog_pages.iter().flatten())
            .collect();
        let hashed: Vec<(usize, u128)> = shared
            .par_iter()
            .filter_map(|value| Some((address(value)?, keys.hash(value))))
            .collect();
        keys.shared.extend(hashed);
        let mut enc = Encoder::new(&keys);
        enc.bytes(SOURCE_KEY.as_bytes());
        enc.buf.extend(renderer.fingerprint().to_le_bytes());
        enc.value(renderer.site_value());
        enc.bytes(site.urls.absolute("").as_bytes());
        let global = enc.finish();
        keys.global = global;
        keys
    }

    /// The key of a page with this context.
    pub fn key(&self, site: &Site, page: &PageContext) -> u128 {
        let mut enc = Encoder::new(self);
        enc.buf.extend(self.global.to_le_bytes());
        enc.bytes(page.template().as_bytes());
        for (name, value) in page.vars() {
            enc.bytes(name.as_bytes());
            enc.value(value);
        }
        if let Some(i) = page.content() {
            enc.buf.push(1);
            enc.buf.extend(site.bodies[i].meta.html_hash.to_le_bytes());
        }
        if let Some((drawing, key)) = page.drawing() {
            enc.buf.push(2);
            enc.bytes(drawing.variable().as_bytes());
            enc.buf.extend(key.to_le_bytes());
        }
        enc.finish()
    }

    fn hash(&self, value: &Value) -> u128 {
        let mut enc = Encoder::new(self);
        enc.value(value);
        enc.finish()
    }
}

/// Writes values as bytes (kind tags, lengths, contents) to hash them in one go: a streaming
/// hasher fed value by value cost twice as much.
struct Encoder<'k> {
    keys: &'k PageKeys,
    buf: Vec<u8>,
}

impl<'k> Encoder<'k> {
    fn new(keys: &'k PageKeys) -> Self {
        Encoder {
            keys,
            buf: Vec::with_capacity(16 * 1024),
        }
    }

    fn finish(self) -> u128 {
        xxhash_rust::xxh3::xxh3_128(&self.buf)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.buf.extend((bytes.len() as u64).to_le_bytes());
        self.buf.extend_from_slice(bytes);
    }

    fn tag(&mut self, tag: Tag) {
        self.buf.push(tag as u8);
    }

    /// A tag, then bytes of a length the tag fixes.
    fn fixed(&mut self, tag: Tag, bytes: &[u8]) {
        self.tag(tag);
        self.buf.extend_from_slice(bytes);
    }

    fn value(&mut self, value: &Value) {
        if let Some(hash) = address(value).and_then(|a| self.keys.shared.get(&a)) {
            self.fixed(Tag::Shared, &hash.to_le_bytes());
            return;
        }
        match value.kind() {
            ValueKind::Undefined => self.tag(Tag::Undefined),
            ValueKind::None => self.tag(Tag::None),
            ValueKind::Bool => self.fixed(Tag::Bool, &[u8::from(value.as_bool() == Some(true))]),
            ValueKind::U64 => self.fixed(Tag::U64, &value.as_u64().unwrap_or_default().to_le_bytes()),
            ValueKind::I64 => self.fixed(Tag::I64, &value.as_i64().unwrap_or_default().to_le_bytes()),
            ValueKind::U128 => self.fixed(Tag::U128, &value.as_u128().unwrap_or_default().to_le_bytes()),
            ValueKind::I128 => self.fixed(Tag::I128, &value.as_i128().unwrap_or_default().to_le_bytes()),
            ValueKind::F64 => self.fixed(Tag::F64, &value.as_f64().unwrap_or_default().to_bits().to_le_bytes()),
            ValueKind::String => {
                self.tag(if value.is_safe() { Tag::SafeString } else { Tag::String });
                self.bytes(value.as_str().unwrap_or_default().as_bytes());
            }
            ValueKind::Bytes => {
                self.tag(Tag::Bytes);
                self.bytes(value.as_bytes().unwrap_or_default());
            }
            ValueKind::Array => {
                let items = value.as_array().unwrap_or_default();
                self.tag(Tag::Array);
                self.buf.extend((items.len() as u64).to_le_bytes());
                for item in items {
                    self.value(item);
                }
            }
            ValueKind::Map => {
                let Some(map) = value.as_map() else { return };
                // Entries in any order: the sum of each entry's own hash.
                let mut sum = 0u128;
                for (key, value) in map {
                    let start = self.buf.len();
                    match key.as_str() {
                        Some(name) => {
                            self.tag(Tag::String);
                            self.bytes(name.as_bytes());
                        }
                        None => {
                            self.tag(Tag::OtherKey);
                            self.bytes(key.to_string().as_bytes());
                        }
                    }
                    self.value(value);
                    sum = sum.wrapping_add(xxhash_rust::xxh3::xxh3_128(&self.buf[start..]));
                    self.buf.truncate(start);
                }
                self.tag(Tag::Map);
                self.buf.extend((map.len() as u64).to_le_bytes());
                self.buf.extend(sum.to_le_bytes());
            }
            // A kind added by a later Tera: its name and how a template would print it.
            _ => {
                self.tag(Tag::Other);
                self.bytes(value.name().as_bytes());
                self.bytes(value.to_string().as_bytes());
            }
        }
    }
}

/// What an encoded value is.
#[derive(Clone, Copy)]
enum Tag {
    Shared,
    Undefined,
    None,
    Bool,
    U64,
    I64,
    U128,
    I128,
    F64,
    String,
    SafeString,
    Bytes,
    Array,
    Map,
    OtherKey,
    Other,
}

/// Where a map's or an array's contents are, which identifies a shared value while it lives.
/// (Empty arrays may share an address; they also share a hash.)
fn address(value: &Value) -> Option<usize> {
    if let Some(map) = value.as_map() {
        return Some(std::ptr::from_ref(map) as usize);
    }
    value.as_array().map(|items| items.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> PageKeys {
        PageKeys {
            global: 0,
            shared: FxHashMap::default(),
            _values: Arc::default(),
        }
    }

    fn json(text: &str) -> Value {
        Value::from_serializable(&serde_json::from_str::<serde_json::Value>(text).unwrap())
    }

    #[test]
    fn what_a_template_can_tell_apart_hashes_apart() {
        let keys = keys();
        let distinct = [
            Value::from("<b>"),
            Value::safe_string("<b>"),
            Value::from(1u64),
            Value::from(1i64),
            Value::from(1.0f64),
            Value::from("1"),
            Value::from(true),
            Value::none(),
            Value::undefined(),
            json(r#"["a", "b"]"#),
            json(r#"["ab"]"#),
            json(r#"["b", "a"]"#),
            json(r#"[["a"], "b"]"#),
            json(r#"{"a": "b"}"#),
            json(r#"{"b": "a"}"#),
            json(r#"{"a": "b", "c": null}"#),
            json(r#"{"a": {"b": 1}}"#),
            json(r#"{"a": {"b": 2}}"#),
            json("[]"),
            json("{}"),
        ];
        let hashes: Vec<u128> = distinct.iter().map(|v| keys.hash(v)).collect();
        for (i, a) in hashes.iter().enumerate() {
            for (j, b) in hashes.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{:?} and {:?}", distinct[i], distinct[j]);
            }
        }
    }

    #[test]
    fn equal_values_hash_equal_whatever_their_maps_order() {
        let keys = keys();
        let text = r#"{"title": "캐시", "links": [{"url": "/a/", "title": "A"}, {"url": "/b/"}], "n": 3}"#;
        let mut map = tera::Map::default();
        for (k, v) in json(text)
            .as_map()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            map.insert(k.clone(), v.clone());
        }
        assert_eq!(keys.hash(&json(text)), keys.hash(&Value::from(map)));
    }

    #[test]
    fn a_shared_value_is_found_by_address_and_only_while_it_is_that_value() {
        let mut keys = keys();
        let link = json(r#"{"title": "HTTP", "url": "/topics/http/"}"#);
        let copy = json(r#"{"title": "HTTP", "url": "/topics/http/"}"#);
        let page = |link: &Value| Value::from(vec![link.clone(), Value::from("x")]);
        let before = (keys.hash(&page(&link)), keys.hash(&page(&copy)));
        assert_eq!(before.0, before.1);
        keys.shared.insert(address(&link).unwrap(), keys.hash(&link));
        // The shared value (the same allocation) is looked up; an equal copy is walked.
        assert_ne!(keys.hash(&page(&link)), before.0);
        assert_eq!(keys.hash(&page(&copy)), before.1);
    }
}

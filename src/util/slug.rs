//! Ids and slugs: heading anchors, post slugs, entity ids.
//!
//! Korean is kept as Unicode (no romanization: `캐시 무효화` → `캐시-무효화`, as GitHub does),
//! and everything is NFC-normalized first so a title typed on macOS (NFD) and on Linux yields
//! the same URL.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// GitHub's heading-anchor rule: lowercase, drop punctuation and symbols except `-` and `_`,
/// spaces become `-`. `## 캐시 무효화` → `캐시-무효화`, `## Cache-aside 패턴!` → `cache-aside-패턴`.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().nfc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            id.push(c);
        } else if c.is_whitespace() {
            id.push('-');
        }
    }
    renormalize(id)
}

/// NFC again after characters were dropped or lowercased: dropping a combining mark can leave
/// two characters that compose (`쵸` + U+0308 + `ᆨ` → `쵹`, which NFC writes `쵹`), and an id
/// that is not NFC would differ from the same id typed again.
fn renormalize(text: String) -> String {
    if unicode_normalization::is_nfc(&text) {
        text
    } else {
        text.nfc().collect()
    }
}

/// A slug for a post title, for `roadbook new post`: like [`heading_id`] but runs of
/// separators collapse and none lead or trail: `캐싱 전략과 Redis!` → `캐싱-전략과-redis`.
pub fn title_slug(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.nfc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    renormalize(slug)
}

/// NFC form of a string (post slugs and tags from file names and front matter).
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// Whether `id` is a valid stage/topic/project/book id: lowercase ASCII letters, digits, `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Whether a post or page slug is usable in a URL path: no `/`, `\`, `.`/`..`, whitespace or
/// control characters.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && !slug
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_whitespace() || c.is_control() || c == '#' || c == '?' || c == '%')
}

/// Hands out unique heading ids within one page: the second `개요` becomes `개요-1`, like GitHub.
#[derive(Debug, Default)]
pub struct IdAllocator {
    seen: HashMap<String, usize>,
}

impl IdAllocator {
    /// An allocator that has handed out nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves an id that must not be reused (an explicit `{#id}`).
    pub fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }

    /// A unique id based on `base` (or `section` if `base` is empty).
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let Some(&start) = self.seen.get(base) else {
            self.seen.insert(base.to_string(), 0);
            return base.to_string();
        };
        let mut count = start;
        loop {
            count += 1;
            let candidate = format!("{base}-{count}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(base.to_string(), count);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_follow_github() {
        let cases = [
            ("캐시 무효화", "캐시-무효화"),
            ("Cache-aside 패턴!", "cache-aside-패턴"),
            ("HTTP 메서드: GET, POST", "http-메서드-get-post"),
            ("왜 중요한가?", "왜-중요한가"),
            ("snake_case & C++", "snake_case--c"),
            ("  공백  ", "공백"),
        ];
        for (input, expected) in cases {
            assert_eq!(heading_id(input), expected, "{input}");
        }
    }

    #[test]
    fn nfd_input_gives_the_nfc_id() {
        let nfd: String = "캐시".nfd().collect();
        assert_ne!(nfd, "캐시");
        assert_eq!(heading_id(&nfd), "캐시");
    }

    #[test]
    fn a_dropped_mark_between_hangul_parts_still_gives_an_nfc_id() {
        // Found by the property tests: the mark kept `쵸` and `ᆨ` apart until it was dropped.
        assert_eq!(heading_id("쵸\u{308}ᆨ"), "쵹");
        assert_eq!(heading_id(&heading_id("쵸\u{308}ᆨ")), "쵹");
        // A slug turns the mark into a separator instead.
        assert_eq!(title_slug("쵸\u{308}ᆨ"), "쵸-ᆨ");
    }

    #[test]
    fn duplicate_headings_get_numbered() {
        let mut ids = IdAllocator::new();
        assert_eq!(ids.unique("개요"), "개요");
        assert_eq!(ids.unique("개요"), "개요-1");
        ids.reserve("개요-2");
        assert_eq!(ids.unique("개요"), "개요-3");
        assert_eq!(ids.unique(""), "section");
    }

    #[test]
    fn title_slugs_collapse_separators() {
        assert_eq!(title_slug("캐싱 전략과 Redis!"), "캐싱-전략과-redis");
        assert_eq!(title_slug("  N+1 문제 -- 해결기 "), "n-1-문제-해결기");
    }

    #[test]
    fn ids_and_slugs_are_validated() {
        assert!(is_valid_id("cache-aside-2"));
        assert!(!is_valid_id("Caching"));
        assert!(!is_valid_id("캐싱"));
        assert!(!is_valid_id("-x"));
        assert!(is_valid_slug("캐싱-입문"));
        assert!(!is_valid_slug("a/b"));
        assert!(!is_valid_slug(".."));
    }

    mod properties {
        //! Property tests: ids and slugs are fixed points of their own rule and do not depend
        //! on the normalization form of the input (see `bench/fuzz.sh` for the long run).
        use super::*;
        use proptest::prelude::*;

        /// Text rich in what breaks slug rules: Hangul syllables and jamo, accented Latin,
        /// combining marks, case pairs that change length (`İ`, `ẞ`), separators and symbols.
        fn tricky() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                4 => "[a-zA-Z0-9 _-]{1,4}",
                3 => "[가-힣]{1,3}",
                1 => "[\\u{1100}-\\u{11FF}]{1,3}",
                2 => "[éÉöÅñÇİıẞßΣσς\\u{0301}\\u{0308}\\u{0323}\\u{0345}ǅǈ]",
                2 => "[!?.,:;#%&/\\\\()\\[\\]{}*+=~'\"`<>|^@$]",
                1 => "[\\t\\n\\u{3000}\\u{00A0}\\u{200B}]",
                1 => any::<char>().prop_map(String::from),
            ];
            prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
        }

        fn nfd(text: &str) -> String {
            text.nfd().collect()
        }

        // proptest's default of 256 cases; `PROPTEST_CASES` overrides it (`bench/fuzz.sh`).
        proptest! {
            #[test]
            fn heading_ids_are_idempotent_and_normalization_stable(text in tricky()) {
                let id = heading_id(&text);
                prop_assert_eq!(&heading_id(&id), &id);
                prop_assert_eq!(&heading_id(&nfd(&text)), &id);
                prop_assert_eq!(&nfc(&id), &id, "ids are NFC");
            }

            #[test]
            fn title_slugs_are_idempotent_normalization_stable_and_usable(text in tricky()) {
                let slug = title_slug(&text);
                prop_assert_eq!(&title_slug(&slug), &slug);
                prop_assert_eq!(&title_slug(&nfd(&text)), &slug);
                prop_assert_eq!(&nfc(&slug), &slug, "slugs are NFC");
                prop_assert!(slug.is_empty() || is_valid_slug(&slug), "{:?}", slug);
            }

            #[test]
            fn allocated_ids_never_repeat(bases in prop::collection::vec("[a-c]{0,2}(-[12])?", 0..20)) {
                let mut ids = IdAllocator::new();
                let mut seen = std::collections::HashSet::new();
                for base in &bases {
                    prop_assert!(seen.insert(ids.unique(base)));
                }
            }
        }
    }
}

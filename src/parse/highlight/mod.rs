//! Build-time syntax highlighting of code blocks.
//!
//! The engine sits behind the small [`Engine`] trait (syntect today; its grammars are old, so
//! another engine may replace it). Output is compact: instead of syntect's nested
//! `<span class="source rust meta function ...">` chains (8–20 KB per 30-line block), every token
//! is resolved to one of a dozen [`Category`] classes (`k` keyword, `s` string, …), adjacent
//! tokens of one category merge, and two stylesheets (light and dark) colour the categories
//! from configurable syntect themes. Because classes do not depend on the theme, highlighted
//! blocks are cached by a hash of language and code, in memory and on disk between builds.

mod cache;
mod category;
mod css;
mod engine;
mod syntect_engine;

use std::sync::Arc;

use crate::util::html::escape;
pub use cache::{HighlightCache, key as cache_key};
pub use category::Category;
pub use css::{ThemeError, stylesheet};
pub use engine::{BLOCK_BUDGET, Engine, Fallback, MAX_BLOCK_BYTES, MAX_LINE_BYTES};
pub use syntect_engine::{SyntectEngine, release_memo};

/// Languages written as plain text on purpose: no grammar, no warning.
pub fn is_plain(lang: &str) -> bool {
    matches!(
        lang,
        "" | "text" | "plain" | "plaintext" | "txt" | "output" | "console-output"
    )
}

/// Highlights code blocks through an [`Engine`], with a content-hash cache in front.
pub struct Highlighter {
    engine: Arc<dyn Engine>,
    cache: Arc<HighlightCache>,
}

/// A highlighted block.
#[derive(Debug, Clone)]
pub struct Block {
    /// Inner HTML of the `<code>` element.
    pub html: Arc<str>,
    /// Set when the block was left plain and the writer should hear why.
    pub fallback: Option<Fallback>,
    /// The block's highlight cache key, when it was highlighted (not plain).
    pub key: Option<u128>,
}

impl Highlighter {
    /// A highlighter with the given engine and cache.
    pub fn new(engine: Arc<dyn Engine>, cache: Arc<HighlightCache>) -> Self {
        Highlighter { engine, cache }
    }

    /// The cache (to save it after a build).
    pub fn cache(&self) -> &Arc<HighlightCache> {
        &self.cache
    }

    /// Highlights `code` as `lang`; plain text languages and failures come back escaped.
    pub fn highlight(&self, code: &str, lang: &str) -> Block {
        if is_plain(lang) {
            return Block {
                html: escape(code).into(),
                fallback: None,
                key: None,
            };
        }
        let key = cache::key(lang, code);
        if let Some(html) = self.cache.get(key) {
            return Block {
                html,
                fallback: None,
                key: Some(key),
            };
        }
        let too_large = code.len() > MAX_BLOCK_BYTES || code.lines().any(|l| l.len() > MAX_LINE_BYTES);
        let result = if too_large {
            if self.engine.knows(lang) {
                Err(Fallback::TooLarge)
            } else {
                Err(Fallback::UnknownLanguage)
            }
        } else {
            self.engine.highlight(code, lang)
        };
        match result {
            Ok(html) => {
                let html: Arc<str> = html.into();
                self.cache.insert(key, Arc::clone(&html));
                Block {
                    html,
                    fallback: None,
                    key: Some(key),
                }
            }
            Err(why) => Block {
                html: escape(code).into(),
                fallback: Some(why),
                key: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting(AtomicUsize);
    impl Engine for Counting {
        fn knows(&self, lang: &str) -> bool {
            lang == "x"
        }
        fn highlight(&self, code: &str, lang: &str) -> Result<String, Fallback> {
            self.0.fetch_add(1, Ordering::SeqCst);
            if lang == "x" {
                Ok(format!("<span class=\"k\">{}</span>", escape(code)))
            } else {
                Err(Fallback::UnknownLanguage)
            }
        }
    }

    #[test]
    fn cache_answers_repeated_blocks() {
        let engine = Arc::new(Counting(AtomicUsize::new(0)));
        let h = Highlighter::new(engine.clone(), Arc::new(HighlightCache::in_memory()));
        let a = h.highlight("a < b", "x");
        let b = h.highlight("a < b", "x");
        assert_eq!(a.html, b.html);
        assert_eq!(&*a.html, "<span class=\"k\">a &lt; b</span>");
        assert_eq!(engine.0.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn unknown_and_oversized_blocks_fall_back_to_escaped_text() {
        let h = Highlighter::new(
            Arc::new(Counting(AtomicUsize::new(0))),
            Arc::new(HighlightCache::in_memory()),
        );
        let b = h.highlight("<script>", "klingon");
        assert_eq!(&*b.html, "&lt;script&gt;");
        assert_eq!(b.fallback, Some(Fallback::UnknownLanguage));
        let long = "x".repeat(MAX_LINE_BYTES + 1);
        assert_eq!(h.highlight(&long, "x").fallback, Some(Fallback::TooLarge));
        assert_eq!(h.highlight("plain", "text").fallback, None);
    }
}

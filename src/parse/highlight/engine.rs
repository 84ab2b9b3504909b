//! What a highlighting engine is to roadbook: the [`Engine`] trait, why a block may come back
//! plain ([`Fallback`]), and the limits that keep pathological blocks from stalling a build.

use std::time::Duration;

/// Blocks larger than this are not highlighted (plain text and a warning).
pub const MAX_BLOCK_BYTES: usize = 256 * 1024;
/// Lines longer than this (minified code) make a block plain: regex grammars go quadratic on them.
pub const MAX_LINE_BYTES: usize = 10_000;
/// Time a single block may take before it is given up as pathological.
pub const BLOCK_BUDGET: Duration = Duration::from_secs(2);

/// Why a block was not highlighted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    /// No grammar for the language.
    UnknownLanguage,
    /// The block is larger than [`MAX_BLOCK_BYTES`] or has a line over [`MAX_LINE_BYTES`].
    TooLarge,
    /// Highlighting took longer than [`BLOCK_BUDGET`].
    TooSlow,
    /// The grammar failed on this input.
    EngineError(String),
}

/// A highlighting engine: turns code into HTML with category classes.
pub trait Engine: Send + Sync {
    /// Whether the engine has a grammar for `lang`.
    fn knows(&self, lang: &str) -> bool;
    /// The escaped inner HTML of a `<code>` element, or why it could not be made.
    fn highlight(&self, code: &str, lang: &str) -> Result<String, Fallback>;
}

//! Estimated text widths. Nothing can be measured at build time, so widths come from a
//! per-glyph estimate that errs on the wide side. The roadmap drawings and roadbook's own
//! Mermaid flowcharts both measure with these, so a Korean label gets the same room in each.

/// Estimated advance of `c`, em: Hangul, CJK, kana, full-width forms and emoji ≈ 1 em,
/// everything else (Latin, digits, punctuation, spaces) ≈ 0.55 em.
pub fn em(c: char) -> f64 {
    if is_wide(c) { 1.0 } else { 0.55 }
}

/// Estimated width of `text`, em.
pub fn ems(text: &str) -> f64 {
    text.chars().map(em).sum()
}

/// Estimated width of `text` set at `px`.
pub fn width(text: &str, px: f64) -> f64 {
    ems(text) * px
}

/// Estimated width of bold `text` set at `px`: narrow glyphs widen by about 8%, Hangul and CJK
/// keep their full-em advance.
pub fn bold_width(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { em(c) * BOLD_NARROW })
        .sum::<f64>()
        * px
}

/// How much wider narrow glyphs get in bold.
const BOLD_NARROW: f64 = 1.08;

/// Whether `c` is set about one em wide (Hangul, CJK, kana, full-width forms, emoji).
pub fn is_wide(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x11FF     // Hangul Jamo
        | 0x2E80..=0x303E   // CJK radicals, symbols and punctuation
        | 0x3041..=0x33FF   // kana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xA960..=0xA97F   // Hangul Jamo extended A
        | 0xAC00..=0xD7FF   // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFE30..=0xFE4F   // CJK compatibility forms
        | 0xFF00..=0xFF60   // full-width forms
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF // emoji
        | 0x20000..=0x3FFFD // CJK extensions B and later
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_is_one_em_and_latin_about_half() {
        assert_eq!(width("캐싱", 14.0), 28.0);
        assert!((width("Redis", 10.0) - 27.5).abs() < 1e-9);
        assert!((width("캐싱 전략과 Redis", 1.0) - (5.0 + 2.0 * 0.55 + 5.0 * 0.55)).abs() < 1e-9);
    }
}

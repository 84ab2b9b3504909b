//! Estimated text widths and label wrapping. Nothing can be measured at build time, so widths
//! come from a per-glyph estimate that errs on the wide side.

/// Font size of node labels, px. The stylesheet must agree.
pub(super) const LABEL_PX: f64 = 14.0;

/// Room reserved for the ellipsis that ends a cut label, em (wide in most Korean fonts).
const ELLIPSIS_EM: f64 = 1.0;

/// Slack for floating-point comparisons, em.
const EPS: f64 = 1e-9;

/// Estimated advance of `c`, em: Hangul, CJK, kana, full-width forms and emoji ≈ 1 em,
/// everything else (Latin, digits, punctuation, spaces) ≈ 0.55 em.
pub(super) fn em(c: char) -> f64 {
    if is_wide(c) { 1.0 } else { 0.55 }
}

/// Estimated width of `text` set at `px`.
pub(super) fn width(text: &str, px: f64) -> f64 {
    ems(text) * px
}

/// Estimated width of bold `text` set at `px`: narrow glyphs widen by about 8%, Hangul and CJK
/// keep their full-em advance.
pub(super) fn bold_width(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { em(c) * BOLD_NARROW })
        .sum::<f64>()
        * px
}

/// How much wider narrow glyphs get in bold.
const BOLD_NARROW: f64 = 1.08;

fn ems(text: &str) -> f64 {
    text.chars().map(em).sum()
}

fn is_wide(c: char) -> bool {
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

/// Wraps `text` into lines no wider than `max_width` at [`LABEL_PX`], at most `max_lines` of
/// them. Breaks at spaces (Korean is kept whole per word, like `word-break: keep-all`), inside
/// a word only when the word alone is too wide, and ends a cut label with "…".
pub(super) fn wrap(text: &str, max_width: f64, max_lines: usize) -> Vec<String> {
    let max = max_width / LABEL_PX;
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for word in text.split_whitespace() {
        let w = ems(word);
        let space = if line.is_empty() { 0.0 } else { em(' ') };
        if used + space + w <= max + EPS {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            used += space + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        used = 0.0;
        for c in word.chars() {
            let cw = em(c);
            if used + cw > max + EPS && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && ems(last) + ELLIPSIS_EM > max + EPS {
                last.pop();
            }
            let kept = last.trim_end().len();
            last.truncate(kept);
            last.push('…');
        }
    }
    lines
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

    #[test]
    fn wraps_on_spaces() {
        // 10 em per line.
        let lines = wrap("프로그래밍 언어 마스터하기", 140.0, 3);
        assert_eq!(lines, ["프로그래밍 언어", "마스터하기"]);
    }

    #[test]
    fn breaks_inside_a_word_only_when_it_alone_is_too_wide() {
        let lines = wrap("가나다라마바사아자차카타 끝", 70.0, 3);
        assert_eq!(lines, ["가나다라마", "바사아자차", "카타 끝"]);
    }

    #[test]
    fn cuts_after_the_last_line_with_an_ellipsis() {
        let lines = wrap("하나 둘 셋 넷 다섯 여섯 일곱", 42.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(width(line, LABEL_PX) <= 42.0 + 1e-9, "{line}");
        }
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        assert_eq!(wrap("", 100.0, 3), [""]);
        assert_eq!(wrap("   ", 100.0, 3), [""]);
    }
}

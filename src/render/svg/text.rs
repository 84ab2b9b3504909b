//! Label wrapping, with the estimated widths of [`crate::util::text_width`] (shared with the
//! Mermaid flowcharts, so both measure a Korean label alike).

/// Font size of node labels, px. The stylesheet must agree.
pub(super) const LABEL_PX: f64 = 14.0;

/// Room reserved for the ellipsis that ends a cut label, em (wide in most Korean fonts).
const ELLIPSIS_EM: f64 = 1.0;

/// Slack for floating-point comparisons, em.
const EPS: f64 = 1e-9;

pub(super) use crate::util::text_width::{bold_width, width};
use crate::util::text_width::{em, ems};

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

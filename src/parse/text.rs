//! Plain text out of a page: per-section text for search, the summary, and reading time.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::events::Events;

/// A run of a page's text under one heading (the part before the first heading has none).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    /// The heading's id, for deep links.
    pub anchor: Option<String>,
    /// The heading's text.
    pub heading: String,
    /// Prose under the heading, code excluded.
    pub text: String,
    /// Code under the heading.
    pub code: String,
}

/// What the text pass finds.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The page's sections in order.
    pub sections: Vec<Section>,
    /// Text before `<!-- more -->`, if the page has the marker.
    pub before_more: Option<String>,
    /// The first paragraph's text.
    pub first_paragraph: String,
    /// Checklist items (task list entries).
    pub tasks: usize,
}

/// Walks the events once, collecting text by section. Code blocks must still be
/// `CodeBlock` events (run before highlighting).
pub fn extract(events: &Events<'_>) -> Extracted {
    let mut out = Extracted::default();
    let mut section = Section::default();
    let mut in_heading = false;
    let mut in_code = false;
    let mut paragraph_depth = 0usize;
    let mut first_paragraph_done = false;
    // A second copy of the prose, needed only up to a `<!-- more -->` marker.
    let mut prose_so_far = String::new();
    let mut track_more = events.iter().any(|(e, _)| is_more_marker_event(e));
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                push_section(&mut out.sections, std::mem::take(&mut section));
                section.anchor = id.as_ref().map(|s| s.to_string());
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Paragraph) => paragraph_depth += 1,
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                if !out.first_paragraph.is_empty() {
                    first_paragraph_done = true;
                }
                section.text.push('\n');
                if track_more {
                    prose_so_far.push('\n');
                }
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)) => {
                section.text.push('\n');
                if track_more {
                    prose_so_far.push('\n');
                }
            }
            Event::TaskListMarker(_) => out.tasks += 1,
            Event::Html(html) | Event::InlineHtml(html) if track_more && is_more_marker(html) => {
                out.before_more = Some(collapse(&prose_so_far));
                track_more = false;
                prose_so_far = String::new();
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if in_code {
                    section.code.push_str(t);
                } else if in_heading {
                    section.heading.push_str(t);
                } else {
                    section.text.push_str(t);
                    if track_more {
                        prose_so_far.push_str(t);
                    }
                    if paragraph_depth > 0 && !first_paragraph_done {
                        out.first_paragraph.push_str(t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak if !in_code => {
                section.text.push(' ');
                if track_more {
                    prose_so_far.push(' ');
                }
                if paragraph_depth > 0 && !first_paragraph_done && !out.first_paragraph.is_empty() {
                    out.first_paragraph.push(' ');
                }
            }
            _ => {}
        }
    }
    push_section(&mut out.sections, section);
    out.first_paragraph = collapse(&out.first_paragraph);
    out
}

fn push_section(sections: &mut Vec<Section>, mut section: Section) {
    section.heading = section.heading.trim().to_string();
    section.text = collapse(&section.text);
    if section.anchor.is_some() || !section.text.is_empty() || !section.code.is_empty() {
        sections.push(section);
    }
}

fn is_more_marker_event(event: &Event<'_>) -> bool {
    matches!(event, Event::Html(html) | Event::InlineHtml(html) if is_more_marker(html))
}

fn is_more_marker(html: &str) -> bool {
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<!--")
        .and_then(|r| r.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim() == "more")
}

/// Collapses runs of whitespace (Unicode, per [`char::is_whitespace`]) to single spaces and
/// trims both ends: `split_whitespace` joined by spaces, in one pass without a word vector.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = None;
    let mut i = 0;
    while i < text.len() {
        let ws = whitespace_len(text, i);
        if ws == 0 {
            word_start.get_or_insert(i);
            i += 1;
            continue;
        }
        if let Some(start) = word_start.take() {
            push_word(&mut out, &text[start..i]);
        }
        i += ws;
    }
    if let Some(start) = word_start {
        push_word(&mut out, &text[start..]);
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// The byte length of the whitespace character at byte `i` of `text`, or 0 when there is none.
/// `i` may fall inside a multi-byte character: only lead bytes that can start a whitespace
/// character (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) are decoded, so Hangul and
/// other text costs one comparison per byte.
fn whitespace_len(text: &str, i: usize) -> usize {
    match text.as_bytes()[i] {
        b' ' | b'\t'..=b'\r' => 1,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => match text[i..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
        _ => 0,
    }
}

/// Shortens `text` to about `max` characters at a word boundary, with an ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', '.', ' ', '·']))
}

/// Counts for reading time: Hangul/CJK characters and words of other scripts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStats {
    /// Hangul, kana and CJK ideographs.
    pub cjk_chars: usize,
    /// Runs of other letters and digits.
    pub words: usize,
}

impl TextStats {
    /// Counts `text`.
    pub fn of(text: &str) -> TextStats {
        let mut stats = TextStats::default();
        stats.count(text);
        stats
    }

    /// Counts several texts, as [`TextStats::of`] counts them joined by spaces (a space ends a
    /// word, so the counts just add up), without building the joined text.
    pub fn of_all<'a>(texts: impl IntoIterator<Item = &'a str>) -> TextStats {
        let mut stats = TextStats::default();
        for text in texts {
            stats.count(text);
        }
        stats
    }

    /// Adds the counts of `text`.
    fn count(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            // ASCII first: never CJK, and alphanumeric without Unicode tables.
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    self.words += usize::from(!in_word);
                    in_word = true;
                } else {
                    in_word = false;
                }
            } else if is_cjk(c) {
                self.cjk_chars += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    self.words += 1;
                }
                in_word = true;
            } else {
                in_word = false;
            }
        }
    }

    /// Minutes to read: 500 Hangul/CJK characters a minute plus 220 words a minute, at least 1.
    pub fn reading_minutes(self) -> usize {
        let minutes = self.cjk_chars as f64 / 500.0 + self.words as f64 / 220.0;
        (minutes.ceil() as usize).max(1)
    }
}

/// Hangul syllables and jamo, kana, CJK ideographs.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' |
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_counts_hangul_by_character_and_latin_by_word() {
        let ko = "가".repeat(1000);
        assert_eq!(
            TextStats::of(&ko),
            TextStats {
                cjk_chars: 1000,
                words: 0
            }
        );
        assert_eq!(TextStats::of(&ko).reading_minutes(), 2);
        let en = "word ".repeat(440);
        assert_eq!(TextStats::of(&en).reading_minutes(), 2);
        let mixed = "Redis를 캐시로 쓰면 latency가 줄어든다";
        assert_eq!(
            TextStats::of(mixed),
            TextStats {
                cjk_chars: 11,
                words: 2
            }
        );
        assert_eq!(TextStats::of("").reading_minutes(), 1);
    }

    #[test]
    fn reading_time_rounds_up_at_500_characters_and_220_words() {
        let minutes = |cjk_chars, words| TextStats { cjk_chars, words }.reading_minutes();
        assert_eq!(minutes(500, 0), 1);
        assert_eq!(minutes(501, 0), 2);
        assert_eq!(minutes(0, 220), 1);
        assert_eq!(minutes(0, 221), 2);
        // The two rates add up: 250 characters and 110 words are a minute.
        assert_eq!(minutes(250, 110), 1);
        assert_eq!(minutes(1500, 660), 6);
        // Kana and CJK ideographs count like Hangul; digits and Latin letters make words.
        assert_eq!(TextStats::of("漢字かなカナ"), TextStats { cjk_chars: 6, words: 0 });
        assert_eq!(TextStats::of("HTTP/2와 TLS 1.3"), TextStats { cjk_chars: 1, words: 5 });
    }

    /// The definition `collapse` replaced.
    fn collapse_by_split(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn collapse_matches_split_whitespace() {
        let cases = [
            "",
            " ",
            "\t\n\r\x0b\x0c ",
            "word",
            "  leading",
            "trailing  ",
            "  both  ends  ",
            "many    spaces\n\n\tand\r\nlines",
            "전각\u{3000}공백\u{3000}\u{3000}",
            "\u{3000}전각 앞뒤\u{3000}",
            "no\u{a0}break\u{a0}\u{a0}space",
            "\u{85}next\u{1680}ogham\u{2000}en\u{200a}hair\u{2028}line\u{2029}para\u{202f}nnb\u{205f}math",
            // Non-whitespace characters whose UTF-8 starts like whitespace does.
            "\u{a9}\u{1681}\u{2010}\u{200b}\u{3001}\u{feff}x",
            "한국어 문장과 English words, 漢字 かな。",
        ];
        for case in cases {
            assert_eq!(collapse(case), collapse_by_split(case), "{case:?}");
        }
    }

    #[test]
    fn every_whitespace_character_is_recognized() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(collapse(&text), collapse_by_split(&text), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn stats_of_several_texts_add_up_like_the_joined_text() {
        let texts = ["Redis를 캐시로", "latency가 줄어든다", "", "HTTP/2", "1.3 x\u{e9}"];
        assert_eq!(TextStats::of_all(texts), TextStats::of(&texts.join(" ")));
        assert_eq!(
            TextStats::of("café naïve Ωmega 2x"),
            TextStats { cjk_chars: 0, words: 4 }
        );
    }

    #[test]
    fn truncation_cuts_at_words() {
        assert_eq!(truncate("짧은 글", 10), "짧은 글");
        assert_eq!(truncate("one two three four five six", 12), "one two…");
    }
}

//! Makes a drawn Mermaid SVG smaller without changing what it draws.
//!
//! The renderer writes every coordinate with two or three decimals (`75.000`), every text with
//! a font family the page's stylesheet overrides, ids and `data-` attributes nothing refers to,
//! and transparent label backdrops (both opacities zero). Each page carries its diagrams, and
//! every feed the post is in carries them again, so the bytes are read and written on every
//! build, warm or cold: a small sequence diagram goes from ~4.1 KB to ~2.5 KB.
//!
//! Only start tags are rewritten; text between tags (labels) is copied as it is.

/// Attributes dropped wherever they are: the stylesheet sets the font, and nothing reads the
/// renderer's bookkeeping.
const DROPPED: [&str; 3] = ["font-family", "data-edge-id", "data-label-kind"];

/// `svg` as drawn by the renderer, smaller: decimals trimmed, unused attributes, unreferenced
/// ids (but markers') and invisible rectangles dropped.
pub fn minify(svg: &str) -> String {
    let referenced = referenced_ids(svg);
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let Some(close) = tag_end(rest) else { break };
        let tag = &rest[..=close];
        rest = &rest[close + 1..];
        if is_invisible_rect(tag) {
            continue;
        }
        push_tag(&mut out, tag, &referenced);
    }
    out.push_str(rest);
    out
}

/// Index of the `>` that ends the tag `s` starts with (quoted values may hold `>`).
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The ids something points at: `url(#id)` and `href="#id"`.
fn referenced_ids(svg: &str) -> Vec<&str> {
    let mut ids = Vec::new();
    for (marker, end) in [("url(#", ')'), ("href=\"#", '"')] {
        for at in memchr::memmem::find_iter(svg.as_bytes(), marker.as_bytes()) {
            let rest = &svg[at + marker.len()..];
            if let Some(len) = rest.find(end) {
                ids.push(&rest[..len]);
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A `<rect>` drawn with neither fill nor stroke: it paints nothing.
fn is_invisible_rect(tag: &str) -> bool {
    tag.starts_with("<rect ")
        && attributes(tag).any(|(n, v)| n == "fill-opacity" && is_zero(v))
        && attributes(tag).any(|(n, v)| n == "stroke-opacity" && is_zero(v))
}

fn is_zero(value: &str) -> bool {
    value.parse::<f64>().is_ok_and(|v| v == 0.0)
}

/// Writes a start, end or empty tag with its attributes rewritten.
fn push_tag(out: &mut String, tag: &str, referenced: &[&str]) {
    if tag.starts_with("</") || tag.starts_with("<!") || tag.starts_with("<?") {
        out.push_str(tag);
        return;
    }
    let name_end = tag[1..]
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .map_or(tag.len() - 1, |i| i + 1);
    out.push_str(&tag[..name_end]);
    // Markers keep their ids: the unused ones are dropped whole afterwards, by id.
    let is_marker = &tag[1..name_end] == "marker";
    for (name, value) in attributes(tag) {
        let unused_id = name == "id" && !is_marker && referenced.binary_search(&value).is_err();
        let solid_dashes = name == "stroke-dasharray" && value == "1,0";
        let no_shift = (name == "dy" || name == "dx") && is_zero(value);
        if DROPPED.contains(&name) || unused_id || solid_dashes || no_shift {
            continue;
        }
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        push_trimmed_numbers(out, value);
        out.push('"');
    }
    out.push_str(if tag.ends_with("/>") { "/>" } else { ">" });
}

/// The `name="value"` pairs of a tag (the renderer quotes every value with `"`).
fn attributes(tag: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = tag.trim_start_matches('<').trim_end_matches('>').trim_end_matches('/');
    rest = rest.find(|c: char| c.is_ascii_whitespace()).map_or("", |i| &rest[i..]);
    std::iter::from_fn(move || {
        let eq = memchr::memchr_iter(b'=', rest.as_bytes()).find(|&i| rest.as_bytes().get(i + 1) == Some(&b'"'))?;
        let name = rest[..eq].trim();
        let after = &rest[eq + 2..];
        let len = after.find('"')?;
        let value = &after[..len];
        rest = &after[len + 1..];
        Some((name, value))
    })
}

/// Copies `value` with the trailing zeros of every decimal number dropped (`75.000` → `75`,
/// `1.50` → `1.5`). Runs without a changed number are copied whole (every diagram's every
/// attribute passes here).
fn push_trimmed_numbers(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    if memchr::memchr(b'.', bytes).is_none() {
        out.push_str(value);
        return;
    }
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let start_of_number = bytes[i].is_ascii_digit() && (i == 0 || !(is_word(bytes[i - 1]) || bytes[i - 1] == b'.'));
        if !start_of_number {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        let mut number_end = end;
        if end < bytes.len() && bytes[end] == b'.' {
            number_end = end + 1;
            while number_end < bytes.len() && bytes[number_end].is_ascii_digit() {
                number_end += 1;
            }
        }
        // A number run into a letter (`1e5`, `10px`) or another dot is copied as it is.
        let plain = number_end == bytes.len() || !(is_word(bytes[number_end]) || bytes[number_end] == b'.');
        if plain && number_end > end {
            // Every index here is at an ASCII digit or dot, so a character boundary.
            out.push_str(&value[copied..end]);
            let decimals = value[end + 1..number_end].trim_end_matches('0');
            if !decimals.is_empty() {
                out.push('.');
                out.push_str(decimals);
            }
            copied = number_end;
        }
        i = number_end;
    }
    out.push_str(&value[copied..]);
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_around_numbers_are_copied_whole() {
        let cases = [
            ("", ""),
            ("0", "0"),
            ("0.", "0"),
            (".5", ".5"),
            ("75.000", "75"),
            ("1.50,2.0 3", "1.5,2 3"),
            ("요청 1.00 → 2.50", "요청 1 → 2.5"),
            ("translate(3.0 4.10)", "translate(3 4.1)"),
            ("a1.0 _2.0 .3.0", "a1.0 _2.0 .3.0"),
            ("#59636e", "#59636e"),
            ("url(#m-0)", "url(#m-0)"),
            ("1.0.", "1.0."),
            ("9.", "9"),
            ("x.10", "x.10"),
        ];
        for (value, trimmed) in cases {
            let mut out = String::new();
            push_trimmed_numbers(&mut out, value);
            assert_eq!(out, trimmed, "{value:?}");
        }
    }

    #[test]
    fn decimals_lose_their_trailing_zeros_and_nothing_else() {
        let mut out = String::new();
        push_trimmed_numbers(&mut out, "M 75.000,111.000 L 275.50,1.25 h-3.0 10 0.0");
        assert_eq!(out, "M 75,111 L 275.5,1.25 h-3 10 0");
        let mut out = String::new();
        push_trimmed_numbers(&mut out, "mermaid-0-arrow-seq-0 1e5 10.50px v1.0.0");
        assert_eq!(out, "mermaid-0-arrow-seq-0 1e5 10.50px v1.0.0");
    }

    #[test]
    fn labels_between_tags_are_untouched() {
        let svg = "<svg><text x=\"1.50\" font-family=\"roadbook-metrics\"><tspan dy=\"0.00\">버전 1.00 > 2.0</tspan></text></svg>";
        assert_eq!(
            minify(svg),
            "<svg><text x=\"1.5\"><tspan>버전 1.00 > 2.0</tspan></text></svg>"
        );
    }

    #[test]
    fn only_referenced_ids_and_visible_rects_stay() {
        let svg = concat!(
            "<svg><defs><marker id=\"m-arrow\"><path d=\"M0 0\"/></marker><marker id=\"m-x\"></marker></defs>",
            "<path id=\"m-edge-0\" d=\"M 1.0,2.0\" marker-end=\"url(#m-arrow)\" stroke-dasharray=\"1,0\"/>",
            "<rect x=\"1\" fill-opacity=\"0.00\" stroke-opacity=\"0.00\"/>",
            "<rect x=\"2\" fill-opacity=\"0.00\" stroke-opacity=\"1\"/></svg>",
        );
        assert_eq!(
            minify(svg),
            concat!(
                "<svg><defs><marker id=\"m-arrow\"><path d=\"M0 0\"/></marker><marker id=\"m-x\"></marker></defs>",
                "<path d=\"M 1,2\" marker-end=\"url(#m-arrow)\"/>",
                "<rect x=\"2\" fill-opacity=\"0\" stroke-opacity=\"1\"/></svg>",
            )
        );
    }
}

//! ```` ```mermaid ```` blocks → inline SVG at build time, with no script in the page.
//!
//! Parsing is `mermaid-rs-renderer`'s (pure Rust; flowchart, sequence, class, state and ER
//! diagrams are the types roadbook supports; others stay code blocks, with a warning). Plain
//! flowcharts are drawn by roadbook's own layered layout ([`flowchart`]: the renderer's costs
//! milliseconds per chart); everything else, and flowcharts with subgraphs, styles and the
//! like, by the renderer. What this module adds around the drawing:
//!
//! - **Theme colours.** The renderer writes colours as presentation attributes. It is handed a
//!   palette of sentinel colours ([`PALETTE`]), each a sensible light-mode colour on its own
//!   and unique to one role, and the theme's stylesheet maps each back to a CSS variable with
//!   an attribute selector (`.mermaid-svg [fill="#f6f8fa"]`), so light, dark and print modes
//!   recolour the drawing without re-rendering it.
//! - **Deterministic metrics.** The renderer measures text with a system font when it finds
//!   the family it is given. It is given a family no machine has, so it uses its own width
//!   tables (Hangul and other wide characters one em, Latin calibrated per letter): the same
//!   source draws the same SVG on every machine, and it never writes its font cache under
//!   `~/.cache`. The page sets the text in the theme's font with CSS.
//! - **Unique ids.** Markers and paths get ids; every id of a page's `n`-th diagram is
//!   prefixed `mermaid-n-`, so two diagrams on one page stay valid HTML.
//! - **Accessibility.** The root is `role="img"`, named by a `<title>` (the diagram's
//!   `accTitle`, else its `title`, else its first statement) and described by `accDescr`.
//! - **Caching.** A drawn diagram is kept in the highlight cache (in memory for `serve`, in
//!   `.roadbook-cache/highlight.bin` between builds), by a hash of roadbook's highlighting key,
//!   the renderer's version, the diagram's place on the page and its source — like a
//!   highlighted block: a page whose prose changed does not draw its diagrams again, and a warm
//!   build (whole bodies from `cache::bodies`) draws nothing.

mod flowchart;
mod palette;

use std::sync::Arc;

use mermaid_rs_renderer::{RenderOptions, Theme};

use super::highlight::{HighlightCache, cache_key};
use crate::util::html::escape;
pub use palette::PALETTE;

/// The renderer's version: part of every cached diagram's key.
pub const RENDERER: &str = "mermaid-rs-renderer 0.3.1, minified";

/// The renderer's background sentinel: the rectangle it paints first is dropped (the page's
/// own background shows through); ER entity bodies painted with it are mapped to the page's
/// background by the stylesheet.
const BACKGROUND: &str = "#fffffc";

/// The types of diagram roadbook draws, by their header keyword.
const SUPPORTED: [&str; 7] = [
    "flowchart",
    "graph",
    "sequenceDiagram",
    "classDiagram",
    "stateDiagram",
    "stateDiagram-v2",
    "erDiagram",
];

/// The supported types, for messages.
pub const SUPPORTED_LIST: &str = "flowchart (graph), sequenceDiagram, classDiagram, stateDiagram(-v2) and erDiagram";

/// Why a block was not drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A diagram type roadbook does not draw (its header keyword).
    Unsupported(String),
    /// The source does not parse: the renderer's message, and the line of the block (1-based,
    /// counting from the block's first line) and column it names, when it names one.
    Invalid {
        message: String,
        line: Option<u32>,
        col: Option<u32>,
    },
}

/// Draws `source` as the `n`-th diagram of its page: an `<svg>` element and its cache key, or
/// why not. A diagram drawn before comes from `cache`.
pub fn render(source: &str, n: usize, cache: &HighlightCache) -> Result<(Arc<str>, u128), Failure> {
    let header = header(source);
    if !SUPPORTED.contains(&header) {
        return Err(Failure::Unsupported(header.to_string()));
    }
    let key = cache_key(&format!("{RENDERER}+{}#{n}", flowchart::VERSION), source);
    if let Some(svg) = cache.get(key) {
        return Ok((svg, key));
    }
    let svg: Arc<str> = finish(&draw(source)?, source, n).into();
    cache.insert(key, Arc::clone(&svg));
    Ok((svg, key))
}

/// `source` drawn: a flowchart roadbook draws itself ([`flowchart::svg`]), anything else by
/// the renderer, from the one parse.
pub fn draw(source: &str) -> Result<String, Failure> {
    let parsed = mermaid_rs_renderer::parse_mermaid_strict(source).map_err(|e| invalid(&e))?;
    let flowchart = matches!(header(source), "flowchart" | "graph")
        && parsed.graph.kind == mermaid_rs_renderer::DiagramKind::Flowchart
        && parsed.init_config.is_none();
    if let Some(svg) = flowchart.then(|| flowchart::svg(&parsed.graph)).flatten() {
        return Ok(svg);
    }
    let o = options();
    let layout = mermaid_rs_renderer::compute_layout(&parsed.graph, &o.theme, &o.layout);
    Ok(mermaid_rs_renderer::render_svg(&layout, &o.theme, &o.layout))
}

/// The header keyword: the first word of the first line that is not blank, a `%%` comment or
/// part of a `---` front matter block.
fn header(source: &str) -> &str {
    statements(source)
        .next()
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("")
}

/// The diagram's statements: its lines without blanks, comments and front matter.
fn statements(source: &str) -> impl Iterator<Item = &str> {
    let mut in_front_matter = false;
    let mut first = true;
    source.lines().map(str::trim).filter(move |line| {
        if first && *line == "---" {
            in_front_matter = true;
            first = false;
            return false;
        }
        if in_front_matter {
            in_front_matter = *line != "---";
            return false;
        }
        if line.is_empty() || line.starts_with("%%") {
            return false;
        }
        first = false;
        true
    })
}

fn options() -> RenderOptions {
    let mut o = RenderOptions::modern();
    let colour = |i: usize| PALETTE[i].0.to_string();
    o.theme = Theme {
        // A family no machine has: the renderer's own width tables measure the text.
        font_family: "roadbook-metrics".into(),
        font_size: 14.0,
        primary_color: colour(0),
        primary_text_color: colour(1),
        primary_border_color: colour(2),
        line_color: colour(3),
        secondary_color: colour(4),
        tertiary_color: colour(5),
        edge_label_background: colour(5),
        cluster_background: colour(6),
        cluster_border: colour(7),
        background: BACKGROUND.into(),
        sequence_actor_fill: colour(0),
        sequence_actor_border: colour(2),
        sequence_actor_line: colour(11),
        sequence_note_fill: colour(8),
        sequence_note_border: colour(9),
        sequence_activation_fill: colour(10),
        sequence_activation_border: colour(2),
        text_color: colour(1),
        ..o.theme
    };
    o
}

fn invalid(e: &mermaid_rs_renderer::ParseError) -> Failure {
    use mermaid_rs_renderer::ParseError as E;
    let (line, col) = match e {
        E::UnexpectedToken { line, col, .. } | E::InvalidDirective { line, col, .. } => (Some(*line), Some(*col)),
        E::UnknownParticipant { line, .. } => (Some(*line), None),
        E::UnclosedSubgraph { opened_at } => (Some(*opened_at), None),
        _ => (None, None),
    };
    Failure::Invalid {
        message: e.to_string(),
        line,
        col,
    }
}

/// The renderer's SVG made page-ready: ids prefixed, the background dropped, the root an
/// accessible image with the theme's class.
fn finish(svg: &str, source: &str, n: usize) -> String {
    let prefix = format!("mermaid-{n}-");
    let svg = super::svg_minify::minify(svg)
        .replace("id=\"", &format!("id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"))
        .replace("href=\"#", &format!("href=\"#{prefix}"));
    let svg = without_unused_markers(&svg);
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end);
    let rest = &rest[1..];
    // The renderer paints a background rectangle first; the page's own background shows.
    let background = format!("fill=\"{BACKGROUND}\"/>");
    let rest = match rest.find(&background) {
        Some(at) if rest.starts_with("<rect") && at < 200 => &rest[at + background.len()..],
        _ => rest,
    };
    let title = title(source);
    let desc = accessible(source, "accDescr");
    let mut out = String::with_capacity(svg.len() + 200);
    out.push_str(open);
    // Its own width, for the stylesheet's minimum scale (as on the roadmap).
    if let Some(width) = attribute(open, "width") {
        out.push_str(&format!(" style=\"--natural-width: {width}px\""));
    }
    out.push_str(&format!(
        " class=\"mermaid-svg\" role=\"img\" aria-labelledby=\"{prefix}title{}\">",
        if desc.is_some() {
            format!(" {prefix}desc")
        } else {
            String::new()
        }
    ));
    out.push_str(&format!("<title id=\"{prefix}title\">{}</title>", escape(&title)));
    if let Some(desc) = desc {
        out.push_str(&format!("<desc id=\"{prefix}desc\">{}</desc>", escape(&desc)));
    }
    out.push_str(rest);
    out
}

/// `svg` without the arrowhead `<marker>`s nothing refers to: the renderer defines four in
/// every drawing, and they are a quarter of a small diagram's bytes.
fn without_unused_markers(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find("<marker id=\"") {
        let Some(len) = rest[at..].find("</marker>") else { break };
        let marker = &rest[at..at + len + "</marker>".len()];
        let id = attribute(marker, "id").unwrap_or_default();
        out.push_str(&rest[..at]);
        if svg.contains(&format!("url(#{id})")) {
            out.push_str(marker);
        }
        rest = &rest[at + marker.len()..];
    }
    out.push_str(rest);
    out.replace("<defs></defs>", "")
}

/// The value of attribute `name` in a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The diagram's name: `accTitle`, else `title` (a statement or front matter), else its first
/// statement after the header.
fn title(source: &str) -> String {
    if let Some(t) = accessible(source, "accTitle") {
        return t;
    }
    for line in source.lines().map(str::trim) {
        if let Some(t) = line.strip_prefix("title:").or_else(|| line.strip_prefix("title ")) {
            return t.trim().to_string();
        }
    }
    statements(source).nth(1).unwrap_or_else(|| header(source)).to_string()
}

/// The value of a one-line `accTitle: …` / `accDescr: …` statement.
fn accessible(source: &str, key: &str) -> Option<String> {
    source.lines().map(str::trim).find_map(|line| {
        let rest = line.strip_prefix(key)?.trim_start();
        Some(rest.strip_prefix(':')?.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_maps_every_sentinel_colour() {
        let css = include_str!("../../../themes/default/static/css/style.css");
        for (colour, var) in PALETTE {
            for property in ["fill", "stroke"] {
                let rule = format!(".mermaid-svg [{property}=\"{colour}\"] {{ {property}: var({var}); }}");
                assert!(css.contains(&rule), "style.css lacks {rule}");
            }
        }
        // ER entity bodies are painted with the background sentinel: they follow the page.
        for property in ["fill", "stroke"] {
            let rule = format!(".mermaid-svg [{property}=\"{BACKGROUND}\"] {{ {property}: var(--bg); }}");
            assert!(css.contains(&rule), "style.css lacks {rule}");
        }
        let colours: std::collections::HashSet<&str> = PALETTE.iter().map(|p| p.0).collect();
        assert_eq!(colours.len(), PALETTE.len(), "one role per sentinel");
    }

    #[test]
    fn the_header_skips_comments_and_front_matter() {
        assert_eq!(header("\n%% a note\nsequenceDiagram\n A->>B: hi"), "sequenceDiagram");
        assert_eq!(header("---\ntitle: 흐름\n---\nflowchart LR\n A-->B"), "flowchart");
        assert_eq!(header("pie\n \"a\": 1"), "pie");
    }

    fn draw(source: &str, n: usize) -> Result<String, Failure> {
        super::render(source, n, &HighlightCache::in_memory()).map(|(svg, _)| svg.to_string())
    }

    #[test]
    fn an_unsupported_type_is_named() {
        assert_eq!(draw("pie\n \"a\": 1", 0), Err(Failure::Unsupported("pie".into())));
    }

    #[test]
    fn a_drawn_diagram_comes_from_the_cache_the_next_time() {
        let cache = HighlightCache::in_memory();
        let src = "flowchart LR\n  A[요청] --> B[응답]";
        let (first, key) = render(src, 0, &cache).unwrap();
        assert_eq!(cache.get(key).as_deref(), Some(&*first));
        // A planted entry under the key is what the next render returns: nothing is drawn.
        cache.insert(key, "<svg>cached</svg>".into());
        assert_eq!(&*render(src, 0, &cache).unwrap().0, "<svg>cached</svg>");
        // Another place on the page is another key (its ids differ).
        assert_ne!(render(src, 1, &cache).unwrap().1, key);
    }

    #[test]
    fn the_title_prefers_acc_title_then_title_then_the_first_statement() {
        assert_eq!(title("flowchart LR\naccTitle: 캐시 흐름\nA-->B"), "캐시 흐름");
        assert_eq!(title("---\ntitle: 주문\n---\nerDiagram\nA ||--o{ B : has"), "주문");
        assert_eq!(title("sequenceDiagram\n  A->>B: 요청"), "A->>B: 요청");
    }

    #[test]
    fn ids_are_prefixed_and_the_root_is_an_accessible_image() {
        let svg = draw("flowchart LR\n A[시작] --> B[끝]", 3).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(
            svg.contains("role=\"img\" aria-labelledby=\"mermaid-3-title\""),
            "{svg}"
        );
        assert!(
            svg.contains("<title id=\"mermaid-3-title\">A[시작] --&gt; B[끝]</title>"),
            "{svg}"
        );
        let ids: Vec<&str> = svg.split("id=\"").skip(1).collect();
        assert!(!ids.is_empty());
        assert!(ids.iter().all(|s| s.starts_with("mermaid-3-")), "{svg}");
        assert!(!svg.contains("url(#arrow"), "marker references follow the ids");
        assert!(!svg.contains(BACKGROUND), "the background rectangle is gone");
    }

    #[test]
    fn only_the_arrowheads_a_drawing_uses_are_defined() {
        let markers = |svg: &str| -> (Vec<String>, Vec<String>) {
            let ids = |sep: &str, end: char| {
                svg.split(sep)
                    .skip(1)
                    .map(|m| m[..m.find(end).unwrap()].to_string())
                    .collect()
            };
            (ids("<marker id=\"", '"'), ids("url(#", ')'))
        };
        // roadbook's flowchart keeps the arrowhead it uses, not the circle and cross ends.
        let flow = draw("flowchart LR\n A --> B", 0).unwrap();
        assert_eq!(markers(&flow).0, ["mermaid-0-fc-arrow"], "{flow}");
        assert_eq!(markers(&flow).1, ["mermaid-0-fc-arrow"], "{flow}");
        // A sequence diagram keeps exactly the markers its arrows point at.
        let seq = draw("sequenceDiagram\n A->>B: 요청\n B-->>A: 응답", 0).unwrap();
        let (mut defined, mut used) = markers(&seq);
        used.sort();
        used.dedup();
        defined.sort();
        assert!(!used.is_empty(), "{seq}");
        assert_eq!(defined, used, "{seq}");
    }

    #[test]
    fn the_same_source_draws_the_same_svg() {
        let src = "sequenceDiagram\n participant U as 사용자\n U->>S: 로그인";
        assert_eq!(draw(src, 0), draw(src, 0));
        assert_eq!(
            mermaid_rs_renderer::render_strict(src, options())
                .map(|s| finish(&s, src, 0))
                .ok(),
            draw(src, 0).ok()
        );
    }

    #[test]
    fn bad_syntax_names_its_line() {
        let Err(Failure::Invalid { message, line, .. }) = draw("flowchart TD\n  A --> B\n  B -->", 0) else {
            panic!("a dangling arrow is an error");
        };
        assert!(!message.is_empty());
        assert!(line.is_some(), "{message}");
    }
}

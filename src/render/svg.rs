//! Build-time SVG drawings of the topic graph (SPEC §5, UI.md "The roadmap diagram"): the
//! home-page roadmap ([`roadmap_svg`]) and a topic's small local graph ([`local_svg`]).
//!
//! Both are pure functions over plain structs and byte-for-byte deterministic. They draw with
//! classes only — no colours, no fonts, no `width`/`height` — so the site's stylesheet themes
//! them for light and dark and scales them to the column. Every topic is an `<a>` with an
//! `href`, so the drawing is a complete, keyboard-reachable map without JavaScript; client script
//! finds nodes by `data-topic`, highlights `data-requires`, and writes a progress symbol into the
//! node's empty `text.mark`.
//!
//! SVG has no text layout, so label widths are estimated (Hangul/CJK ≈ 1 em, anything else
//! ≈ 0.55 em) at 14 px: the stylesheet must set `.node text { font-size: 14px }` (the band title
//! is measured at 16 px bold, the duration at 13 px, the parallel badge at 12 px).
//!
//! Classes used: `roadmap-svg`, `local-svg` (root); `band`, `band-parallel` (band rect);
//! `band-title`, `band-duration`, `band-badge` (group of the parallel badge's rect and text);
//! `node`, `is-current` (the `<a>` of a topic); `mark`; `edge`, `edge-related`; `arrowhead`.

mod draw;
mod lanes;
mod local;
mod model;
mod roadmap;
mod text;

#[cfg(test)]
mod tests;

pub use model::{Band, Local, Node, Roadmap};

/// Draws the roadmap: bands top to bottom, nodes in rows of four, arrows from prerequisite to
/// topic routed orthogonally through the gutters so that none crosses a node.
pub fn roadmap_svg(map: &Roadmap<'_>) -> String {
    roadmap::render(map)
}

/// Draws a topic's local graph: prerequisites left, the topic in the middle, unlocks right,
/// related below. Returns an empty string when the topic has no neighbours.
pub fn local_svg(local: &Local<'_>) -> String {
    local::render(local)
}

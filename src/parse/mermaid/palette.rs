//! The sentinel colours Mermaid drawings are made with, which the stylesheet maps to the
//! theme's CSS variables (shared by the renderer's options and roadbook's own flowcharts).

/// Sentinel colours by role: the value handed to the renderer, and the CSS variable the
/// theme's stylesheet maps it to (see `style.css`, "Mermaid diagrams").
pub const PALETTE: [(&str, &str); 12] = [
    ("#f6f8fa", "--mm-node"),
    ("#1f2328", "--fg"),
    ("#8c959f", "--mm-border"),
    ("#59636e", "--mm-line"),
    ("#eaeef2", "--mm-node-alt"),
    ("#fffffe", "--bg"),
    ("#f6f8f9", "--mm-cluster"),
    ("#d0d7de", "--border"),
    ("#fff8c5", "--mm-note"),
    ("#d4a72c", "--mm-note-border"),
    ("#eaeef3", "--mm-activation"),
    ("#59636f", "--mm-line"),
];

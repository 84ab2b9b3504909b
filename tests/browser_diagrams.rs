//! Build-time diagrams in a real Chromium: a Mermaid SVG has a rendered size in light and dark
//! mode, its colours follow the theme (text and boxes change with dark mode), and its text is
//! set in the theme's font.
//!
//! Skipped (with a `SKIPPED:` line) when Chromium is not installed, except under `CI=true`.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::browser::Browser;
use support::{StaticServer, TestSite};

const WAIT: Duration = Duration::from_secs(10);

const PAGE: &str = "+++\ntitle = \"다이어그램\"\n+++\n\n```mermaid\nflowchart LR\n  A[클라이언트] --> B{캐시에 있나?}\n  B -->|아니오| C[(데이터베이스)]\n```\n\n```mermaid\nsequenceDiagram\n  participant C as 클라이언트\n  participant S as 서버\n  C->>S: 요청\n  S-->>C: 응답\n```\n";

/// Per diagram: its rendered width and height, the computed fill of its first label and of
/// its first box (`rect`), and the label's font family.
fn measure(b: &Browser) -> Value {
    b.execute(
        "return [...document.querySelectorAll('svg.mermaid-svg')].map(svg => {
           const r = svg.getBoundingClientRect();
           const text = svg.querySelector('text');
           const shape = svg.querySelector('rect');
           return [r.width, r.height, getComputedStyle(text).fill, getComputedStyle(shape).fill,
                   getComputedStyle(text).fontFamily];
         });",
        &[],
    )
}

#[test]
fn mermaid_diagrams_have_a_size_and_follow_light_and_dark_mode() {
    let Some(b) = Browser::launch() else { return };
    let site = TestSite::new();
    site.write("content/pages/diagrams.md", PAGE);
    site.build_clean();
    let server = StaticServer::start(site.public(), "/");
    b.goto(&server.url("/diagrams/"));
    b.wait_for("document.readyState === 'complete'", WAIT);

    let mut seen = Vec::new();
    for theme in ["light", "dark"] {
        b.execute(
            "document.documentElement.dataset.theme = arguments[0];",
            &[Value::from(theme)],
        );
        let diagrams = measure(&b);
        let diagrams = diagrams.as_array().expect("a list");
        assert_eq!(diagrams.len(), 2, "{theme}: both diagrams are drawn");
        for d in diagrams {
            let (w, h) = (d[0].as_f64().unwrap(), d[1].as_f64().unwrap());
            assert!(w > 100.0 && h > 50.0, "{theme}: a diagram renders at {w}×{h}");
            let font = d[4].as_str().unwrap();
            assert!(
                !font.contains("roadbook-metrics"),
                "{theme}: text is set in the theme's font, not {font}"
            );
        }
        seen.push(diagrams.clone());
    }
    for (k, (light, dark)) in seen[0].iter().zip(&seen[1]).enumerate() {
        assert_ne!(light[2], dark[2], "diagram {k}: label colour changes with dark mode");
    }
    assert_ne!(
        seen[0][0][3], seen[1][0][3],
        "the flowchart's box colour changes with dark mode"
    );
    let errors = b.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

//! What a reader sees on a phone (390×844) and a laptop (1280×900), measured in a real
//! Chromium over this repository's handbook: the header stays one row, no roadmap label is
//! drawn under 12 CSS px, the progress controls at the end of a topic stay in sync with those
//! at the top, and the top navigation marks the current section with `aria-current`.
//!
//! Skipped (with a `SKIPPED:` line) when Chromium is not installed, except under `CI=true`.

mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;
use support::StaticServer;
use support::browser::Browser;

const WAIT: Duration = Duration::from_secs(10);

/// The two screens the issue names: a phone and a laptop.
const SCREENS: [(u32, u32, bool); 2] = [(390, 844, true), (1280, 900, false)];

/// The handbook, built once per test binary into its own folder.
fn handbook() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let output = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-layout-public");
        let run = support::build_handbook(&output, &["--base-url", "http://127.0.0.1/"]);
        assert!(
            run.status.success(),
            "building the handbook failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        output
    })
}

/// A browser and a server for the handbook. `None` when skipped.
fn setup() -> Option<(Browser, StaticServer)> {
    let browser = Browser::launch()?;
    let server = StaticServer::start(handbook(), "/");
    Some((browser, server))
}

fn open(b: &Browser, server: &StaticServer, path: &str) {
    b.goto(&server.url(path));
    b.wait_for("document.readyState === 'complete'", WAIT);
}

fn number(v: Value, what: &str) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number, got {v}"))
}

#[test]
fn header_is_one_row_the_page_fits_the_screen_and_no_roadmap_label_is_under_12_px() {
    let Some((b, server)) = setup() else { return };
    for (width, height, mobile) in SCREENS {
        b.set_viewport(width, height, mobile);
        for path in [
            "/",
            "/404.html",
            "/blog/",
            "/topics/caching/",
            "/stages/foundations/",
            "/print/",
        ] {
            open(&b, &server, path);
            let header = number(
                b.execute(
                    "return document.querySelector('.site-header').getBoundingClientRect().height;",
                    &[],
                ),
                "header height",
            );
            assert!(
                header > 0.0 && header <= 64.0,
                "{path} at {width}×{height}: the header is {header} px tall (at most 64)"
            );
            // Nothing pushes the page wider than the screen: a phone would zoom the whole
            // page out (and every label with it) to fit it.
            let overflow = b.execute(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
                &[],
            );
            assert_eq!(
                overflow[0], overflow[1],
                "{path} at {width}px: page width vs screen width"
            );
        }

        open(&b, &server, "/");
        // The rendered size of a label is its font size times the drawing's current scale.
        let sizes = b.execute(
            "return [...document.querySelectorAll('.roadmap svg text')].map(t => {
               const m = t.getScreenCTM();
               return m.a * parseFloat(getComputedStyle(t).fontSize);
             });",
            &[],
        );
        let sizes: Vec<f64> = sizes
            .as_array()
            .expect("a list of label sizes")
            .iter()
            .map(|v| number(v.clone(), "label size"))
            .collect();
        assert!(
            sizes.len() > 20,
            "the home page should draw the roadmap's labels: {sizes:?}"
        );
        let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            smallest >= 11.99,
            "at {width}×{height} the smallest roadmap label renders at {smallest:.2} px (at least 12)"
        );
    }
}

#[test]
fn progress_controls_at_the_end_of_a_topic_follow_those_at_the_top() {
    let Some((b, server)) = setup() else { return };
    for (width, height, mobile) in SCREENS {
        b.set_viewport(width, height, mobile);
        open(&b, &server, "/topics/caching/");
        b.execute("localStorage.clear();", &[]);
        b.refresh();
        b.wait_for("document.querySelector('.status-end:not([hidden])') !== null", WAIT);
        let pressed = |place: &str, status: &str| {
            let el = b.find(&format!(".status-{place} button[data-status={status}]"));
            b.attribute(&el, "aria-pressed")
        };
        let click = |place: &str, status: &str| {
            let el = b.find(&format!(".status-{place} button[data-status={status}]"));
            b.execute("arguments[0].scrollIntoView({block: 'center'});", &[el.to_json()]);
            b.click(&el);
        };

        click("top", "doing");
        assert_eq!(
            pressed("end", "doing").as_deref(),
            Some("true"),
            "at {width}px: top → end"
        );
        click("end", "done");
        assert_eq!(
            pressed("top", "done").as_deref(),
            Some("true"),
            "at {width}px: end → top"
        );
        assert_eq!(
            pressed("top", "doing").as_deref(),
            Some("false"),
            "at {width}px: one status"
        );

        // Kept across a reload, at both places.
        b.refresh();
        b.wait_for("document.querySelector('.status-end:not([hidden])') !== null", WAIT);
        assert_eq!(pressed("top", "done").as_deref(), Some("true"));
        assert_eq!(pressed("end", "done").as_deref(), Some("true"));
        b.execute("localStorage.clear();", &[]);
    }
}

#[test]
fn top_navigation_marks_the_current_section() {
    let Some((b, server)) = setup() else { return };
    let cases = [
        ("/", "/", "page"),
        ("/topics/caching/", "/", "true"),
        ("/blog/", "/blog/", "page"),
        ("/projects/", "/projects/", "page"),
        ("/projects/realtime-chat/", "/projects/", "true"),
        ("/books/ddia/", "/books/", "true"),
    ];
    for (width, height, mobile) in SCREENS {
        b.set_viewport(width, height, mobile);
        for (page, section, current) in cases {
            open(&b, &server, page);
            let marked = b.execute(
                "return [...document.querySelectorAll('.top-nav a[aria-current]')]
                   .map(a => [new URL(a.href).pathname, a.getAttribute('aria-current')]);",
                &[],
            );
            assert_eq!(
                marked,
                serde_json::json!([[section, current]]),
                "{page} at {width}px should mark {section} as aria-current={current}"
            );
        }
    }
}

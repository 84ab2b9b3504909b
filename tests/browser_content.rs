//! Math and code blocks in a real browser: MathML formulas take up space and are drawn in the
//! text's colour in light and dark mode; a code block shown line by line keeps one line per
//! line, and its copy button copies exactly the code.
//!
//! Skipped (with a `SKIPPED:` line) when Chromium is not installed, except under `CI=true`.

mod support;

use serde_json::Value;
use support::browser::Browser;
use support::{StaticServer, TestSite};

const CODE: &str = "fn main() {\n    let a = 1;\n    let s = \"여러\n줄\";\n}\n";

/// A browser, a built site with a page of math and code, and a server for it.
fn setup() -> Option<(Browser, StaticServer, TestSite)> {
    let browser = Browser::launch()?;
    let site = TestSite::new();
    let body = format!(
        "정렬은 $\\mathcal{{O}}(n \\log n)$ 입니다.\n\n$$W = \\frac{{1}}{{\\mu - \\lambda}}$$\n\n\
         $$\\begin{{pmatrix}} a & b \\\\ c & d \\end{{pmatrix}}$$\n\n\
         ```rust title=\"src/main.rs\" {{2,3-4}} showLineNumbers\n{CODE}```\n"
    );
    site.write(
        "content/pages/notes.md",
        &format!("+++\ntitle = \"Notes\"\n+++\n{body}"),
    );
    site.build_clean();
    let server = StaticServer::start(site.public(), "/");
    Some((browser, server, site))
}

/// Width, height and colour of every `<math>`, and the page text's colour and background.
fn measure_math(b: &Browser) -> Value {
    b.execute(
        "const body = getComputedStyle(document.body);
         return {
           text: body.color,
           background: body.backgroundColor,
           math: [...document.querySelectorAll('.prose math')].map(m => {
             const r = m.getBoundingClientRect();
             return { w: r.width, h: r.height, color: getComputedStyle(m).color };
           }),
         };",
        &[],
    )
}

#[test]
fn math_has_a_size_and_the_text_colour_in_light_and_dark_mode() {
    let Some((b, server, _site)) = setup() else { return };
    b.goto(&server.url("notes/"));
    let mut backgrounds = Vec::new();
    for theme in ["light", "dark"] {
        b.execute(&format!("document.documentElement.dataset.theme = '{theme}';"), &[]);
        let m = measure_math(&b);
        let math = m["math"].as_array().expect("math list");
        assert_eq!(math.len(), 3, "{m}");
        for f in math {
            let (w, h) = (f["w"].as_f64().unwrap_or(0.0), f["h"].as_f64().unwrap_or(0.0));
            assert!(w > 10.0 && h > 8.0, "{theme}: a formula drawn {w}×{h}: {m}");
            assert_eq!(f["color"], m["text"], "{theme}: formulas in the text's colour: {m}");
        }
        // The fraction and the matrix stand taller than the inline formula.
        let height = |i: usize| math[i]["h"].as_f64().unwrap_or(0.0);
        assert!(height(1) > height(0) && height(2) > height(0), "{theme}: {m}");
        backgrounds.push(m["background"].clone());
    }
    assert_ne!(backgrounds[0], backgrounds[1], "dark mode took effect");
}

#[test]
fn numbered_lines_stay_one_line_each_and_copy_gives_exactly_the_code() {
    let Some((b, server, _site)) = setup() else { return };
    b.goto(&server.url("notes/"));
    let lines = b.execute(
        "const code = document.querySelector('pre.code.numbered code');
         const lh = parseFloat(getComputedStyle(code).lineHeight);
         return [...code.querySelectorAll('.line')].map(l => ({
           h: l.getBoundingClientRect().height / lh,
           n: getComputedStyle(l, '::before').content,
         }));",
        &[],
    );
    let lines = lines.as_array().expect("lines").clone();
    assert_eq!(lines.len(), 5, "{lines:?}");
    for (i, line) in lines.iter().enumerate() {
        let h = line["h"].as_f64().unwrap_or(0.0);
        assert!((0.9..1.2).contains(&h), "line {} is {h} lines tall", i + 1);
        assert_eq!(line["n"], Value::from(format!("\"{}\"", i + 1)));
    }
    // The copy button, with the clipboard stubbed to record what it is given.
    b.execute(
        "window.copied = null;
         navigator.clipboard.writeText = t => { window.copied = t; return Promise.resolve(); };",
        &[],
    );
    b.click(&b.find("pre.code.numbered .copy-button"));
    b.wait_for("window.copied !== null", std::time::Duration::from_secs(5));
    assert_eq!(b.execute("return window.copied;", &[]), Value::from(CODE));
}

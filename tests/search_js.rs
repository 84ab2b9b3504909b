//! The browser client (`themes/default/static/js/search.js`) run under Node against the Rust
//! side: the same tokens and query terms for a shared list of samples, and the same
//! ranked results (links and scores) for the same queries over built sites. Skipped with a
//! notice when `node` is missing, unless `CI=true`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use roadbook::search::query::{self, Dir, Filter, Searcher};
use roadbook::search::tokenize::Tokens;
use roadbook::{BuildOptions, build};
use serde_json::{Value, json};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn search_js() -> PathBuf {
    repo().join("themes/default/static/js/search.js")
}

/// Whether Node is there (see `support::tools` for the skip rule).
fn have_node() -> bool {
    support::tools::runs("node", "--version", "install nodejs")
}

/// Runs `script` with Node (`SEARCH_JS` bound to the client module) and parses its JSON output.
fn node(script: &str, args: &[&str]) -> Value {
    let prelude = format!(
        "const S = require({});\nconst fs = require('fs');\nconst path = require('path');\n",
        serde_json::to_string(&search_js().to_string_lossy()).unwrap()
    );
    let out = Command::new("node")
        .arg("-e")
        .arg(format!("{prelude}{script}"))
        .arg("--")
        .args(args)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("node prints JSON")
}

#[test]
fn js_tokenizer_matches_rust() {
    if !have_node() {
        return;
    }
    let mut samples: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(repo().join("tests/fixtures/search-samples.json")).unwrap())
            .unwrap();
    samples.extend(random_samples(400));
    let tmp = tempfile::tempdir().unwrap();
    let samples_path = tmp.path().join("samples.json");
    std::fs::write(&samples_path, serde_json::to_string(&samples).unwrap()).unwrap();
    let rust: Vec<Value> = samples
        .iter()
        .map(|text| {
            let tokens = Tokens::new(text);
            json!({
                "tokens": tokens.iter().map(|t| json!([t.text, t.pos])).collect::<Vec<_>>(),
                "open": tokens.open_end,
                "terms": query::parse(text).iter().map(|t| json!([t.text, t.prefix])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let js = node(
        r#"
const samples = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
console.log(JSON.stringify(samples.map((text) => {
  const tokens = S.tokenize(text);
  return {
    tokens: tokens.map((t) => [t.t, t.p]),
    open: tokens.open,
    terms: S.parse(text).map((t) => [t.text, t.prefix]),
  };
})));
"#,
        &[&samples_path.to_string_lossy()],
    );
    let js = js.as_array().unwrap();
    assert_eq!(js.len(), rust.len());
    for ((sample, r), j) in samples.iter().zip(&rust).zip(js) {
        assert_eq!(r, j, "tokenizers disagree on {sample:?}");
    }
}

/// Deterministic random strings over a mix of scripts, digits, `+`/`#`, ASCII and non-ASCII
/// punctuation, combining marks, conjoining jamo, emoji and spaces.
fn random_samples(n: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "서",
        "버",
        "를",
        "캐",
        "시",
        "는",
        "트랜잭션",
        "이",
        "락",
        "을",
        "ㅋ",
        "\u{1100}",
        "\u{1161}",
        "\u{11A8}",
        "漢",
        "字",
        "ひ",
        "カ",
        "a",
        "B",
        "z",
        "Q",
        "é",
        "e\u{301}",
        "ß",
        "İ",
        "Σ",
        "ж",
        "0",
        "7",
        "42",
        "+",
        "#",
        "++",
        "-",
        "_",
        ".",
        ",",
        "/",
        "!",
        "?",
        "…",
        "—",
        "「",
        "」",
        "·",
        "“",
        "😀",
        "𝒳",
        " ",
        " ",
        "  ",
        "\n",
        "\t",
        "\u{a0}",
    ];
    let mut seed: u64 = 0x5eed_1234;
    let mut next = move |m: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    (0..n)
        .map(|_| {
            let len = 1 + next(14);
            (0..len).map(|_| PIECES[next(PIECES.len())]).collect()
        })
        .collect()
}

/// Builds the site at `root` (copied) into a temporary folder; returns its `search/` folder.
fn built(root: &Path, tmp: &Path) -> PathBuf {
    let copy = tmp.join("site");
    for entry in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || (name != "target" && name != "public" && !name.starts_with('.'))
        })
        .flatten()
    {
        let rel = entry.path().strip_prefix(root).unwrap();
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        if !matches!(top.as_deref(), None | Some("content" | "config.toml" | "static")) {
            continue;
        }
        let dest = copy.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    let out = tmp.join("public");
    build(&BuildOptions {
        root: copy,
        output: Some(out.clone()),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|d| panic!("{:?}", d.iter().map(|x| x.summary()).collect::<Vec<_>>()));
    out.join("search")
}

fn compare_rankings(search: &Path, queries: &[(&str, Filter)]) {
    let searcher = Searcher::open(Dir(search.to_path_buf())).unwrap();
    let rust: Vec<Vec<(String, f64)>> = queries
        .iter()
        .map(|(q, f)| {
            searcher
                .search(q, f, 10)
                .into_iter()
                .map(|h| (h.link, h.score))
                .collect()
        })
        .collect();
    let input: Vec<Value> = queries
        .iter()
        .map(|(q, f)| json!({"q": q, "kind": f.kind, "stage": f.stage}))
        .collect();
    let js = node(
        r#"
const dir = process.argv[1];
const queries = JSON.parse(process.argv[2]);
const engine = new S.Engine((p) =>
  Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p.split("?")[0]), "utf8"))));
(async () => {
  const out = [];
  for (const q of queries) {
    const res = await engine.search(q.q, { kind: q.kind, stage: q.stage }, 10);
    out.push(res.hits.map((h) => [h.link, h.score]));
  }
  console.log(JSON.stringify(out));
})();
"#,
        &[&search.to_string_lossy(), &serde_json::to_string(&input).unwrap()],
    );
    for (((q, _), r), j) in queries.iter().zip(&rust).zip(js.as_array().unwrap()) {
        let j: Vec<(String, f64)> = serde_json::from_value(j.clone()).unwrap();
        let links = |v: &[(String, f64)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        assert_eq!(links(r), links(&j), "rankings differ for {q:?}");
        for (a, b) in r.iter().zip(&j) {
            assert!(
                (a.1 - b.1).abs() <= 1e-9 * a.1.abs().max(1.0),
                "scores differ for {q:?}: {a:?} vs {b:?}"
            );
        }
    }
}

#[test]
fn js_ranking_matches_rust_on_the_recall_fixture() {
    if !have_node() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let search = built(&repo().join("tests/fixtures/search-recall"), tmp.path());
    let text = std::fs::read_to_string(repo().join("tests/fixtures/search-recall/queries.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let mut owned: Vec<String> = table["query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["q"].as_str().unwrap().to_string())
        .collect();
    owned.extend(
        [
            "트랜잭션 격리",
            "캐시를 무효화",
            "락",
            "파",
            "서버 프로세스",
            "커밋의 격리",
            "디플로",
        ]
        .map(String::from),
    );
    let mut queries: Vec<(&str, Filter)> = owned.iter().map(|q| (q.as_str(), Filter::default())).collect();
    let post = Filter {
        kind: Some("post".into()),
        stage: None,
    };
    let web = Filter {
        kind: None,
        stage: Some("web".into()),
    };
    queries.push(("브로커", post));
    queries.push(("토큰", web));
    compare_rankings(&search, &queries);
}

#[test]
fn js_ranking_matches_rust_on_the_handbook() {
    if !have_node() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let search = built(repo(), tmp.path());
    let queries: Vec<(&str, Filter)> = [
        "캐시",
        "트랜잭션 격리 수준",
        "redis",
        "redi",
        "인덱스",
        "HTTP",
        "n+1",
        "도커 컨테이너",
        "JWT 세션",
        "테스트",
        "락",
        "쿠버네티스",
        "데이터베이스 정규화",
        "rest api",
        "git",
        "운영체제 프로세스",
        "없는낱말xyz",
    ]
    .into_iter()
    .map(|q| (q, Filter::default()))
    .chain([(
        "캐시",
        Filter {
            kind: Some("topic".into()),
            stage: None,
        },
    )])
    .collect();
    compare_rankings(&search, &queries);
}

//! Recall on Korean stems. Every page of `tests/fixtures/search-recall/` uses its stems only
//! with particles or endings (서버를, 캐시는, 트랜잭션이 …); the queries are the bare stems. roadbook
//! must put the right page in the top 3 for ≥ 95% of them. The same queries over the same text,
//! split on whitespace as Zola, mdBook and Pagefind do, show what readers get from those.

mod support;

use std::collections::HashMap;
use std::path::Path;

use roadbook::search::files::ChunkDoc;
use roadbook::search::query::{Dir, Filter, Searcher};
use support::{TestSite, fixture_path};

#[derive(serde::Deserialize)]
struct Queries {
    query: Vec<Query>,
}

#[derive(serde::Deserialize)]
struct Query {
    q: String,
    url: String,
}

fn queries() -> Vec<Query> {
    let text = std::fs::read_to_string(fixture_path("search-recall").join("queries.toml")).unwrap();
    toml::from_str::<Queries>(&text).unwrap().query
}

/// Every document of the built index, read back from its chunks: the text a peer would index.
fn documents(search: &Path) -> Vec<ChunkDoc> {
    let mut docs = Vec::new();
    for n in 0.. {
        let Ok(bytes) = std::fs::read(search.join(format!("c/{n}.json"))) else {
            break;
        };
        docs.extend(serde_json::from_slice::<Vec<ChunkDoc>>(&bytes).unwrap());
    }
    docs
}

/// A whitespace-splitting index: words lowercased with surrounding punctuation trimmed, BM25
/// over title (×3) + headings (×2) + text. `prefix` also matches words that start with the
/// query word.
fn whitespace_top3(docs: &[ChunkDoc], query: &str, prefix: bool) -> Vec<String> {
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let fields: Vec<Vec<(Vec<String>, f64)>> = docs
        .iter()
        .map(|d| {
            let mut f = vec![(words(&d.t), 3.0)];
            for (_, h, t) in &d.h {
                f.push((words(h), 2.0));
                f.push((words(t), 1.0));
            }
            f
        })
        .collect();
    let q = words(query);
    let hit = |w: &str, term: &str| w == term || (prefix && w.starts_with(term));
    let n = docs.len() as f64;
    let mut scores: Vec<(f64, usize)> = Vec::new();
    for (i, doc) in fields.iter().enumerate() {
        let mut score = 0.0;
        for term in &q {
            let df = fields
                .iter()
                .filter(|f| f.iter().any(|(ws, _)| ws.iter().any(|w| hit(w, term))))
                .count() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let tf: f64 = doc
                .iter()
                .map(|(ws, weight)| weight * ws.iter().filter(|w| hit(w, term)).count() as f64)
                .sum();
            score += idf * tf * 2.2 / (tf + 1.2);
        }
        if score > 0.0 {
            scores.push((score, i));
        }
    }
    scores.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scores.into_iter().take(3).map(|(_, i)| docs[i].u.clone()).collect()
}

#[test]
fn korean_stems_are_found_through_particles() {
    let site = TestSite::fixture("search-recall");
    site.build_clean();
    let search = site.public().join("search");
    let searcher = Searcher::open(Dir(search.clone())).expect("meta.json");
    let docs = documents(&search);
    let queries = queries();
    assert!(queries.len() >= 40, "the query set has {} queries", queries.len());

    // The fixture is honest: no page text contains a stem as a whole word.
    for doc in &docs {
        let text: String = doc.h.iter().map(|s| format!("{} {} ", s.1, s.2)).collect();
        for q in &queries {
            assert!(
                !text
                    .split_whitespace()
                    .any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == q.q),
                "{} uses the bare stem {}",
                doc.u,
                q.q
            );
        }
    }

    let mut found = 0;
    let mut deep = 0;
    let mut whitespace = 0;
    let mut whitespace_prefix = 0;
    let mut misses = Vec::new();
    for q in &queries {
        let hits = searcher.search(&q.q, &Filter::default(), 3);
        match hits.iter().position(|h| h.url == q.url) {
            Some(i) => {
                found += 1;
                if hits[i].link.contains('#') {
                    deep += 1;
                }
            }
            None => misses.push(format!(
                "{} → {:?}",
                q.q,
                hits.iter().map(|h| &h.url).collect::<Vec<_>>()
            )),
        }
        if whitespace_top3(&docs, &q.q, false).contains(&q.url) {
            whitespace += 1;
        }
        if whitespace_top3(&docs, &q.q, true).contains(&q.url) {
            whitespace_prefix += 1;
        }
    }
    let n = queries.len() as f64;
    let pct = |k: usize| 100.0 * k as f64 / n;
    println!("recall@3 over {} bare-stem queries:", queries.len());
    println!("  roadbook (bigrams)           {:5.1}%  ({found})", pct(found));
    println!(
        "  whitespace split (peers)     {:5.1}%  ({whitespace})",
        pct(whitespace)
    );
    println!(
        "  whitespace split + prefix    {:5.1}%  ({whitespace_prefix})",
        pct(whitespace_prefix)
    );
    println!("  roadbook hits that deep-link to a section: {deep}/{found}");
    assert!(
        pct(found) >= 95.0,
        "recall {:.1}% < 95%; misses: {misses:#?}",
        pct(found)
    );
    assert!(
        pct(whitespace) <= pct(found) - 50.0,
        "the whitespace baseline ({:.1}%) is not much lower: the fixture no longer tests particles",
        pct(whitespace)
    );
    assert!(deep * 10 >= found * 9, "only {deep}/{found} hits deep-link");
}

#[test]
fn kind_and_stage_filters_restrict_results() {
    let site = TestSite::fixture("search-recall");
    site.build_clean();
    let searcher = Searcher::open(Dir(site.public().join("search"))).unwrap();
    let all = searcher.search("브로커", &Filter::default(), 20);
    let kinds: HashMap<&str, usize> = all.iter().fold(HashMap::new(), |mut m, h| {
        *m.entry(h.kind.as_str()).or_default() += 1;
        m
    });
    assert!(kinds.contains_key("topic") && kinds.contains_key("post"), "{kinds:?}");
    let posts = searcher.search(
        "브로커",
        &Filter {
            kind: Some("post".into()),
            stage: None,
        },
        20,
    );
    assert!(!posts.is_empty() && posts.iter().all(|h| h.kind == "post"));
    let web = searcher.search(
        "토큰",
        &Filter {
            kind: None,
            stage: Some("web".into()),
        },
        20,
    );
    assert_eq!(web[0].url, "/recall/topics/identity/");
    let runtime = searcher.search(
        "토큰",
        &Filter {
            kind: None,
            stage: Some("runtime".into()),
        },
        20,
    );
    assert!(runtime.iter().all(|h| h.url != "/recall/topics/identity/"));
}

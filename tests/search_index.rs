//! The search index's files: budgets on a large generated site, base paths, determinism, and
//! the pages that load the client.

use std::fmt::Write as _;
use std::path::Path;

use roadbook::assemble::{Site, SiteOptions};
use roadbook::build::highlighter_for;
use roadbook::diagnostics::Diagnostics;
use roadbook::search::files::{ChunkDoc, Manifest};
use roadbook::search::index::{Budget, SHARD_BUDGET, build_with};
use roadbook::search::query::{self, Filter, Memory, Searcher};
use roadbook::{BuildOptions, build};

/// Writes a site of `n` topics (and `n / 4` posts) with varied Korean and English text under
/// `base_url`, deterministic for a given `n`.
fn generate(root: &Path, n: usize, base_url: &str) {
    const KO: &[&str] = &[
        "서버",
        "캐시",
        "트랜잭션",
        "인덱스",
        "커넥션",
        "레플리카",
        "쿼리",
        "스키마",
        "메시지",
        "컨테이너",
        "클러스터",
        "로그",
        "메트릭",
        "세션",
        "토큰",
        "파티션",
        "샤딩",
        "배포",
        "테스트",
        "프로세스",
        "스레드",
        "메모리",
        "디스크",
        "네트워크",
        "프록시",
        "타임아웃",
    ];
    const PARTICLES: &[&str] = &["를", "는", "가", "와", "의", "에서", "로", "도", "만", "까지"];
    const EN: &[&str] = &[
        "the",
        "latency",
        "throughput",
        "retry",
        "budget",
        "queue",
        "redis",
        "postgres",
        "kafka",
        "nginx",
        "docker",
        "kubernetes",
        "grpc",
        "http",
        "tcp",
        "index",
        "lock",
        "shard",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = move |m: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    let content = root.join("content");
    for dir in ["stages", "topics", "blog"] {
        std::fs::create_dir_all(content.join(dir)).unwrap();
    }
    std::fs::write(
        root.join("config.toml"),
        format!("title = \"큰 사이트\"\nbase_url = \"{base_url}\"\nlanguage = \"ko\"\n"),
    )
    .unwrap();
    for s in 0..4 {
        std::fs::write(
            content.join(format!("stages/s{s}.md")),
            format!("+++\ntitle = \"단계 {s}\"\norder = {s}\n+++\n\n단계 {s}의 주제들.\n"),
        )
        .unwrap();
    }
    let para = |words: usize, next: &mut dyn FnMut(usize) -> usize| {
        let mut p = String::new();
        for w in 0..words {
            if next(4) == 0 {
                p.push_str(EN[next(EN.len())]);
                // Unique-ish identifiers grow the vocabulary like real code and prose do.
                if next(3) == 0 {
                    let _ = write!(p, "{}", next(5000));
                }
            } else {
                p.push_str(KO[next(KO.len())]);
                p.push_str(PARTICLES[next(PARTICLES.len())]);
            }
            p.push(if w % 12 == 11 { '.' } else { ' ' });
        }
        p
    };
    for t in 0..n {
        let mut body = String::new();
        for h in 0..4 {
            let _ = writeln!(body, "## {} {h}\n\n{}\n", KO[(t + h) % KO.len()], para(60, &mut next));
        }
        let related = if t > 0 {
            format!("related = [\"t{}\"]\n", t - 1)
        } else {
            String::new()
        };
        std::fs::write(
            content.join(format!("topics/t{t}.md")),
            format!(
                "+++\ntitle = \"{} 노트 {t}\"\nstage = \"s{}\"\n{related}tags = [\"{}\"]\n+++\n\n{body}",
                KO[t % KO.len()],
                t % 4,
                EN[t % EN.len()]
            ),
        )
        .unwrap();
    }
    for p in 0..n / 4 {
        std::fs::write(
            content.join(format!("blog/p{p}.md")),
            format!(
                "+++\ntitle = \"회고 {p}\"\ndate = 2026-01-{:02}\n+++\n\n{}\n",
                p % 28 + 1,
                para(200, &mut next)
            ),
        )
        .unwrap();
    }
}

fn assemble(root: &Path) -> Site {
    let mut diags = Diagnostics::new();
    let site =
        Site::assemble(root, &SiteOptions::default(), &highlighter_for(root), &mut diags).expect("site assembles");
    assert!(
        diags.is_empty(),
        "{:?}",
        diags.iter().map(|d| d.summary()).collect::<Vec<_>>()
    );
    site
}

fn manifest(files: &[(String, Vec<u8>)]) -> Manifest {
    let meta = files.iter().find(|f| f.0 == "search/meta.json").unwrap();
    serde_json::from_slice(&meta.1).unwrap()
}

#[test]
fn large_site_index_respects_budgets_and_base_path() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), 1600, "https://example.org/deep/base/");
    let site = assemble(tmp.path());
    let index = site.search_index();
    let stats = &index.stats;
    println!("{stats:#?}");
    assert_eq!(stats.docs, site.docs.len());
    assert!(stats.shards >= 4, "a large site should be split: {stats:?}");
    for (path, bytes) in &index.files {
        assert!(
            bytes.len() <= SHARD_BUDGET,
            "{path} is {} bytes, over the {SHARD_BUDGET}-byte budget",
            bytes.len()
        );
    }
    for (path, bytes) in index.files.iter().filter(|f| f.0.starts_with("search/c/")) {
        for doc in serde_json::from_slice::<Vec<ChunkDoc>>(bytes).unwrap() {
            assert!(doc.u.starts_with("/deep/base/"), "{path}: {}", doc.u);
        }
    }
    let meta = manifest(&index.files);
    assert_eq!(meta.docs, site.docs.len());
    assert_eq!(meta.groups.iter().map(|g| g.2).sum::<usize>(), site.docs.len());

    // A query reads the manifest, one shard per term and one chunk per shown result (a prefix
    // term, as `redis` would be without the trailing space, may read a few neighbours).
    let searcher = Searcher::open(Memory(&index.files)).unwrap();
    let query = "트랜잭션 redis ";
    let hits = searcher.search(query, &Filter::default(), 10);
    assert_eq!(hits.len(), 10);
    assert!(hits.iter().all(|h| h.link.starts_with("/deep/base/")));
    let fetched = searcher.fetched();
    let shards = fetched.iter().filter(|f| f.0.starts_with("s/")).count();
    assert!(shards <= query::parse(query).len(), "{fetched:?}");
    assert!(fetched.iter().filter(|f| f.0.starts_with("c/")).count() <= 10);
}

#[test]
fn small_budgets_split_and_prune_without_losing_the_best_matches() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), 300, "/");
    let site = assemble(tmp.path());
    let full = site.search_index();
    let budget = Budget {
        shard: 600,
        chunk: 2048,
    };
    let small = build_with(&site.search_corpus(), budget);
    println!("{:#?}\n{:#?}", full.stats, small.stats);
    assert_eq!(full.stats.pruned, 0);
    assert!(small.stats.shards > 10 * full.stats.shards);
    assert!(small.stats.pruned > 0);
    for (path, bytes) in &small.files {
        assert!(
            bytes.len() <= budget.shard || path.ends_with("meta.json"),
            "{path}: {}",
            bytes.len()
        );
    }
    // Pruning keeps the highest-impact postings: titles still win.
    let searcher = Searcher::open(Memory(&small.files)).unwrap();
    let hits = searcher.search("서버 노트 26", &Filter::default(), 5);
    assert_eq!(hits[0].url, "/topics/t26/", "{hits:#?}");
}

#[test]
fn index_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), 60, "/");
    let site = assemble(tmp.path());
    let a = site.search_index();
    let b = site.search_index();
    assert_eq!(a.files, b.files);
}

#[test]
fn built_pages_load_the_client_through_the_base_path() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    generate(&root, 8, "https://example.org/repo/");
    let out = tmp.path().join("out");
    build(&BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        ..BuildOptions::default()
    })
    .unwrap();
    for file in ["search/meta.json", "search/s/0.json", "search/c/0.json", "js/search.js"] {
        assert!(out.join(file).is_file(), "{file} is missing");
    }
    let page = std::fs::read_to_string(out.join("topics/t1/index.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let input = html
        .select(&scraper::Selector::parse("input.search-input").unwrap())
        .next()
        .unwrap();
    assert_eq!(input.attr("data-index"), Some("/repo/search/"));
    assert_eq!(input.attr("data-script"), Some("/repo/js/search.js"));
    assert!(input.attr("data-l-kind-topic").is_some());

    let search = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    let html = scraper::Html::parse_document(&search);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(
        html.select(&sel("form.search-page-form"))
            .next()
            .unwrap()
            .attr("action"),
        Some("/repo/search/")
    );
    assert!(html.select(&sel("noscript")).next().is_some());
    let stages: Vec<_> = html
        .select(&sel("select[name=stage] option"))
        .filter_map(|o| o.attr("value"))
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(stages, ["s0", "s1", "s2", "s3"]);
    assert!(
        html.select(&sel("select[name=kind] option[value=topic]"))
            .next()
            .is_some()
    );
}

#[test]
fn a_body_s_cached_term_counts_stand_for_its_text() {
    use roadbook::assemble::{Body, Lazy};
    use roadbook::search::Section;
    use roadbook::search::terms::encode_body;
    use std::sync::Arc;
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), 20, "/");
    let mut site = assemble(tmp.path());
    let search = |site: &Site, query: &str| {
        let index = site.search_index();
        let searcher = Searcher::open(Memory(&index.files)).unwrap();
        let hits = searcher.search(query, &Filter::default(), 5);
        hits.into_iter().map(|h| h.url).collect::<Vec<_>>()
    };
    let i = site.docs.iter().position(|d| d.id == "t7").expect("topic t7");
    // Same counts as the text: the same index, byte for byte.
    let before = site.search_index().files;
    let mut counted = Body::clone(&site.bodies[i]);
    counted.terms = Some(Lazy::Memory(encode_body(&counted.sections.get().unwrap())));
    site.bodies[i] = Arc::new(counted);
    assert_eq!(site.search_index().files, before);
    // Counts that differ from the text are what the index goes by.
    assert!(search(&site, "쿼츠코아틀루스").is_empty());
    let mut other = Body::clone(&site.bodies[i]);
    other.terms = Some(Lazy::Memory(encode_body(&[Section {
        anchor: None,
        heading: String::new(),
        text: "쿼츠코아틀루스".into(),
        code: String::new(),
    }])));
    site.bodies[i] = Arc::new(other);
    assert_eq!(search(&site, "쿼츠코아틀루스"), ["/topics/t7/"]);
    // Counts that cannot be read are counted again from the text.
    let mut damaged = Body::clone(&site.bodies[i]);
    damaged.terms = Some(Lazy::Memory(vec![0, 0x7f]));
    site.bodies[i] = Arc::new(damaged);
    assert_eq!(site.search_index().files, before);
}

//! A synthetic roadmap shaped like roadmap.sh's backend roadmap: stages of main topics in a
//! chain, each main topic with 3–12 dependents that hang from it alone, and a few cross-links
//! (a dependent that also needs an earlier stage's main topic). Deterministic: the same shape
//! always gives the same files.
//!
//! Std only, so `examples/roadmap_metrics.rs` includes this file as it is.

/// How big to make it.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub stages: usize,
    pub mains_per_stage: usize,
    /// Cross-links, one every this many main topics (after the first stage).
    pub cross_every: usize,
}

impl Default for Shape {
    /// 5 stages of 4 main topics with 130 dependents: 150 topics, 153 arrows (4 cross-links).
    fn default() -> Self {
        Shape {
            stages: 5,
            mains_per_stage: 4,
            cross_every: 4,
        }
    }
}

/// Dependents of main topic `i`, cycling through 3..=12 (20 mains: 130 dependents).
const DEPENDENTS: [usize; 20] = [12, 3, 8, 5, 10, 4, 6, 7, 3, 9, 5, 11, 4, 6, 8, 3, 7, 5, 9, 5];

const WORDS: [&str; 12] = [
    "HTTP와 REST",
    "캐싱 전략",
    "관계형 데이터베이스",
    "인덱스",
    "메시지 큐",
    "컨테이너",
    "인증과 인가",
    "테스트",
    "모니터링",
    "Kubernetes",
    "gRPC",
    "동시성",
];

/// One topic: id, title, stage index, order, prerequisites (ids).
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub stage: usize,
    pub order: usize,
    pub requires: Vec<String>,
}

/// The topics of a shape, main topics first in each stage's order.
pub fn topics(shape: Shape) -> Vec<Topic> {
    let mut out = Vec::new();
    let mut main_ids: Vec<String> = Vec::new();
    let mut m = 0;
    for s in 0..shape.stages {
        for _ in 0..shape.mains_per_stage {
            let id = format!("m{m:03}");
            let requires = main_ids.last().cloned().into_iter().collect();
            out.push(Topic {
                id: id.clone(),
                title: format!("{} {}", WORDS[m % WORDS.len()], m + 1),
                stage: s,
                order: out.len(),
                requires,
            });
            for d in 0..DEPENDENTS[m % DEPENDENTS.len()] {
                let mut requires = vec![id.clone()];
                // A cross-link: the first dependent of every `cross_every`-th main topic after
                // the first stage also needs the main topic a stage back.
                if d == 0 && m >= shape.mains_per_stage && m % shape.cross_every.max(1) == 1 {
                    requires.push(main_ids[m - shape.mains_per_stage].clone());
                }
                out.push(Topic {
                    id: format!("m{m:03}-d{d:02}"),
                    title: format!("{} 심화 {}", WORDS[(m + d + 3) % WORDS.len()], d + 1),
                    stage: s,
                    order: out.len(),
                    requires,
                });
            }
            main_ids.push(id);
            m += 1;
        }
    }
    out
}

/// The site's files, `(path relative to the root, contents)`.
pub fn site(shape: Shape) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "config.toml".to_string(),
            "title = \"합성 로드맵\"\nbase_url = \"https://example.org/\"\nlanguage = \"ko\"\n".to_string(),
        ),
        (
            "content/_index.md".to_string(),
            "+++\ntitle = \"합성 로드맵\"\n+++\n\n150개 주제의 로드맵.\n".to_string(),
        ),
    ];
    for s in 0..shape.stages {
        files.push((
            format!("content/stages/s{s}.md"),
            format!(
                "+++\ntitle = \"{}단계\"\norder = {}\nduration = \"2개월\"\n+++\n\n단계 {}.\n",
                s + 1,
                s + 1,
                s + 1
            ),
        ));
    }
    for t in topics(shape) {
        let requires: Vec<String> = t.requires.iter().map(|r| format!("\"{r}\"")).collect();
        files.push((
            format!("content/topics/{}.md", t.id),
            format!(
                "+++\ntitle = \"{}\"\nstage = \"s{}\"\norder = {}\nrequires = [{}]\n+++\n\n{} 공부하기.\n",
                t.title,
                t.stage,
                t.order + 1,
                requires.join(", "),
                t.title
            ),
        ));
    }
    files
}

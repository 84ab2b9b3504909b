//! The graph drawings a page shows: the roadmap on the home page, a stage's part of it on the
//! stage's page, and a topic's local graph,
//! built from the site for [`crate::render::svg`].

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::assemble::Site;
use crate::graph::EdgeKind;
use crate::render::svg::{self, Band, Local, Node, Roadmap};

use super::i18n::Strings;

fn node(site: &Site, i: usize) -> Node<'_> {
    Node {
        id: &site.docs[i].id,
        title: &site.docs[i].title,
        url: site.links[i].url.clone(),
    }
}

/// The home page's roadmap: every stage a band, every topic a node, every `requires` an arrow.
fn roadmap<R>(site: &Site, strings: &Strings, f: impl FnOnce(&Roadmap<'_>) -> R) -> Option<R> {
    let topics = &site.graph.learning_order;
    if topics.is_empty() {
        return None;
    }
    Some(roadmap_of(
        site,
        strings,
        topics,
        &site.graph.stages,
        strings.get("roadmap_title"),
        f,
    ))
}

/// A stage page's part of the roadmap: the stage's band alone, its topics and the `requires`
/// arrows between them (prerequisites in other stages are listed on the topics' pages).
/// None when the stage has no topics.
fn stage_roadmap<R>(site: &Site, strings: &Strings, stage: usize, f: impl FnOnce(&Roadmap<'_>) -> R) -> Option<R> {
    let members = &site.graph.of(stage).topics;
    if members.is_empty() {
        return None;
    }
    // In learning order, as the home page draws them.
    let topics: Vec<usize> = site
        .graph
        .learning_order
        .iter()
        .copied()
        .filter(|t| members.contains(t))
        .collect();
    let title = format!("{} — {}", site.docs[stage].title, strings.get("roadmap_title"));
    Some(roadmap_of(site, strings, &topics, &[stage], &title, f))
}

/// The roadmap of `topics` (in learning order) in the bands of `stages`: each band holds its
/// stage's topics among them, and every `requires` arrow between two of them is drawn.
fn roadmap_of<R>(
    site: &Site,
    strings: &Strings,
    topics: &[usize],
    stages: &[usize],
    title: &str,
    f: impl FnOnce(&Roadmap<'_>) -> R,
) -> R {
    let position: HashMap<usize, usize> = topics.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let stages = stages
        .iter()
        .map(|&s| {
            let meta = site.docs[s].stage();
            Band {
                id: &site.docs[s].id,
                title: &site.docs[s].title,
                duration: meta.and_then(|m| m.duration.as_deref()),
                url: site.links[s].url.clone(),
                parallel: meta.is_some_and(|m| m.parallel),
                topics: site
                    .graph
                    .of(s)
                    .topics
                    .iter()
                    .filter_map(|t| position.get(t).copied())
                    .collect(),
            }
        })
        .collect();
    let requires = site
        .graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Requires)
        .filter_map(|e| Some((*position.get(&e.from)?, *position.get(&e.to)?)))
        .collect();
    f(&Roadmap {
        stages,
        topics: topics.iter().map(|&i| node(site, i)).collect(),
        requires,
        title,
        description: strings.get("roadmap_desc"),
        parallel_label: strings.get("parallel_track"),
    })
}

/// A topic's neighbours: prerequisites, what it unlocks, related topics. None when it has
/// none.
fn local<R>(site: &Site, strings: &Strings, i: usize, f: impl FnOnce(&Local<'_>) -> R) -> Option<R> {
    let rel = site.graph.of(i);
    if rel.prerequisites.is_empty() && rel.unlocks.is_empty() && rel.related.is_empty() {
        return None;
    }
    let nodes = |list: &[usize]| list.iter().map(|&t| node(site, t)).collect::<Vec<_>>();
    let title = format!("{} — {}", site.docs[i].title, strings.get("local_graph"));
    let description = format!(
        "{}: {} · {}: {} · {}: {}",
        strings.get("prerequisites"),
        rel.prerequisites.len(),
        strings.get("unlocks"),
        rel.unlocks.len(),
        strings.get("related"),
        rel.related.len()
    );
    Some(f(&Local {
        center: node(site, i),
        prerequisites: nodes(&rel.prerequisites),
        unlocks: nodes(&rel.unlocks),
        related: nodes(&rel.related),
        title: &title,
        description: &description,
    }))
}

/// A drawing a page shows. Laying a large roadmap out takes milliseconds, so a page's context
/// carries the drawing's [`key`](Drawing::key) — a hash of everything it is drawn from — and the
/// SVG is made only when the page is rendered: a page taken from the page cache draws nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawing {
    /// The home page's roadmap (`roadmap`).
    Roadmap,
    /// A stage page's part of it (`stage_roadmap`).
    Stage(usize),
    /// A topic's local graph (`local_graph`).
    Local(usize),
}

impl Drawing {
    /// The template variable that holds the SVG.
    pub fn variable(self) -> &'static str {
        match self {
            Drawing::Roadmap => "roadmap",
            Drawing::Stage(_) => "stage_roadmap",
            Drawing::Local(_) => "local_graph",
        }
    }

    /// A hash of what the drawing is made from, or `None` when there is nothing to draw.
    pub fn key(self, site: &Site, strings: &Strings) -> Option<u64> {
        fn hash(model: &impl Hash) -> u64 {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            model.hash(&mut h);
            h.finish()
        }
        match self {
            Drawing::Roadmap => roadmap(site, strings, |m| hash(m)),
            Drawing::Stage(s) => stage_roadmap(site, strings, s, |m| hash(m)),
            Drawing::Local(i) => local(site, strings, i, |m| hash(m)),
        }
    }

    /// The SVG (empty when there is nothing to draw).
    pub fn svg(self, site: &Site, strings: &Strings) -> String {
        match self {
            Drawing::Roadmap => roadmap(site, strings, svg::roadmap_svg),
            Drawing::Stage(s) => stage_roadmap(site, strings, s, svg::roadmap_svg),
            Drawing::Local(i) => local(site, strings, i, svg::local_svg),
        }
        .unwrap_or_default()
    }
}

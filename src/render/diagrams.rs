//! The graph drawings a page shows: the roadmap on the home page, a stage's part of it on the
//! stage's page, and a topic's local graph,
//! built from the site for [`crate::render::svg`].

use std::collections::HashMap;

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
pub fn roadmap(site: &Site, strings: &Strings) -> String {
    let topics = &site.graph.learning_order;
    let position: HashMap<usize, usize> = topics.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let stages = site
        .graph
        .stages
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
    svg::roadmap_svg(&Roadmap {
        stages,
        topics: topics.iter().map(|&i| node(site, i)).collect(),
        requires,
        title: strings.get("roadmap_title"),
        description: strings.get("roadmap_desc"),
        parallel_label: strings.get("parallel_track"),
    })
}

/// A stage page's part of the roadmap: the stage's band alone, its topics and the `requires`
/// arrows between them (prerequisites in other stages are listed on the topics' pages).
/// Empty when the stage has no topics.
pub fn stage_roadmap(site: &Site, strings: &Strings, stage: usize) -> String {
    let members = &site.graph.of(stage).topics;
    if members.is_empty() {
        return String::new();
    }
    // In learning order, as the home page draws them.
    let topics: Vec<usize> = site
        .graph
        .learning_order
        .iter()
        .copied()
        .filter(|t| members.contains(t))
        .collect();
    let position: HashMap<usize, usize> = topics.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let meta = site.docs[stage].stage();
    let band = Band {
        id: &site.docs[stage].id,
        title: &site.docs[stage].title,
        duration: meta.and_then(|m| m.duration.as_deref()),
        url: site.links[stage].url.clone(),
        parallel: meta.is_some_and(|m| m.parallel),
        topics: (0..topics.len()).collect(),
    };
    let requires = site
        .graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Requires)
        .filter_map(|e| Some((*position.get(&e.from)?, *position.get(&e.to)?)))
        .collect();
    let title = format!("{} — {}", site.docs[stage].title, strings.get("roadmap_title"));
    svg::roadmap_svg(&Roadmap {
        stages: vec![band],
        topics: topics.iter().map(|&i| node(site, i)).collect(),
        requires,
        title: &title,
        description: strings.get("roadmap_desc"),
        parallel_label: strings.get("parallel_track"),
    })
}

/// A topic's neighbours: prerequisites, what it unlocks, related topics. Empty when it has
/// none.
pub fn local(site: &Site, strings: &Strings, i: usize) -> String {
    let rel = site.graph.of(i);
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
    svg::local_svg(&Local {
        center: node(site, i),
        prerequisites: nodes(&rel.prerequisites),
        unlocks: nodes(&rel.unlocks),
        related: nodes(&rel.related),
        title: &title,
        description: &description,
    })
}

//! The site as the search index sees it: a [`Corpus`] of every published document.

use super::Site;
use crate::content::{Kind, Meta};
use crate::search::{Corpus, Entry, SearchIndex};

impl Site {
    /// The search index's view of the site.
    pub fn search_corpus(&self) -> Corpus<'_> {
        corpus(self)
    }

    /// The search index of the site, in memory (the dev server, tests).
    pub fn search_index(&self) -> SearchIndex {
        crate::search::build(&corpus(self))
    }
}

fn corpus(site: &Site) -> Corpus<'_> {
    let mut ranks = vec![None; site.docs.len()];
    for (rank, &s) in site.graph.stages.iter().enumerate() {
        ranks[s] = Some(rank);
    }
    let entries = site
        .docs
        .iter()
        .zip(&site.bodies)
        .enumerate()
        .map(|(i, (doc, body))| {
            // A stage is in its own stage; a topic or project in the one it names.
            let stage = match doc.kind {
                Kind::Stage => Some(i),
                _ => site.graph.relations.get(i).and_then(|r| r.stage),
            };
            Entry {
                kind: doc.kind,
                title: &doc.title,
                tags: &doc.tags,
                author: match &doc.meta {
                    Meta::Book(book) => Some(book.author.as_str()),
                    _ => None,
                },
                summary: doc.summary.as_deref(),
                site_path: doc.site_path(),
                stage: stage.and_then(|s| ranks[s]),
                path: &doc.path,
                body,
            }
        })
        .collect();
    Corpus {
        entries,
        stages: site
            .graph
            .stages
            .iter()
            .map(|&s| (site.docs[s].id.as_str(), site.docs[s].title.as_str()))
            .collect(),
        urls: &site.urls,
    }
}

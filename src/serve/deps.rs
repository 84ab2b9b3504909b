//! Which pages an edit affects.
//!
//! Every output page is a function of a few documents: a topic page shows its own body and the
//! titles, URLs and summaries of its neighbours; a blog page shows the cards of its posts; every
//! page shows the navigation. [`fingerprints`] hashes, per route, exactly those inputs (from the
//! assembled site, without rendering anything); a page is re-rendered when its fingerprint
//! changes. Template and config changes re-render everything (the caller decides that).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use xxhash_rust::xxh3::Xxh3;

use crate::assemble::Site;
use crate::content::Kind;
use crate::graph::EdgeKind;
use crate::render::Route;
use crate::render::sections::{SideItems, SideSources};

/// Per-document hashes: what a reference to the document shows (`card`) and what its own page
/// shows (`page`).
struct DocHashes {
    card: Vec<u64>,
    page: Vec<u64>,
}

fn hasher() -> Xxh3 {
    Xxh3::new()
}

fn doc_hashes(site: &Site) -> DocHashes {
    let n = site.docs.len();
    let key = |i: usize, h: &mut Xxh3| (site.docs[i].kind, &site.docs[i].id).hash(h);
    let mut card = Vec::with_capacity(n);
    for (i, doc) in site.docs.iter().enumerate() {
        let mut h = hasher();
        key(i, &mut h);
        (&doc.title, &site.links[i].url, &site.links[i].summary, &doc.tags).hash(&mut h);
        if let Some(p) = doc.post() {
            (p.date, p.updated, p.draft, site.bodies[i].meta.stats.reading_minutes()).hash(&mut h);
        }
        // Post cards show their topics' titles.
        for &t in &site.graph.of(i).topics {
            (&site.docs[t].title, &site.links[t].url).hash(&mut h);
        }
        card.push(h.finish());
    }
    let mut page = Vec::with_capacity(n);
    for (i, doc) in site.docs.iter().enumerate() {
        let mut h = hasher();
        (doc.hash, site.bodies[i].meta.html_hash, card[i]).hash(&mut h);
        // Not in the file: the date of its last commit, and where it is (the edit link).
        (site.last_updated[i], &doc.source.path).hash(&mut h);
        let rel = site.graph.of(i);
        let lists: [&[usize]; 8] = [
            &rel.prerequisites,
            &rel.unlocks,
            &rel.related,
            &rel.backlinks,
            &rel.notes,
            &rel.books,
            &rel.projects,
            &rel.topics,
        ];
        for list in lists {
            list.len().hash(&mut h);
            for &j in list {
                card[j].hash(&mut h);
            }
        }
        for j in [rel.stage, rel.prev, rel.next].into_iter().flatten() {
            card[j].hash(&mut h);
        }
        // Prev/next of stages and posts come from their lists' order.
        neighbours(site, i).hash(&mut h);
        // A post shows its series' parts and its related posts.
        if let Some((s, _)) = site.series_of(i) {
            (&site.series[s].key, &site.series[s].name).hash(&mut h);
            for &j in &site.series[s].posts {
                card[j].hash(&mut h);
            }
        }
        for &j in &site.related[i] {
            card[j].hash(&mut h);
        }
        page.push(h.finish());
    }
    DocHashes { card, page }
}

/// The documents next to `i` in the stage order or the post list.
fn neighbours(site: &Site, i: usize) -> (Option<&str>, Option<&str>) {
    let list = match site.docs[i].kind {
        Kind::Stage => &site.graph.stages,
        Kind::Post => &site.posts,
        _ => return (None, None),
    };
    let Some(p) = list.iter().position(|&x| x == i) else {
        return (None, None);
    };
    let id = |q: usize| site.docs[list[q]].id.as_str();
    (p.checked_sub(1).map(id), list.get(p + 1).map(|_| id(p + 1)))
}

/// The navigation every page shows: stages in order with their topics and projects.
fn navigation(site: &Site, d: &DocHashes) -> u64 {
    let mut h = hasher();
    for &s in &site.graph.stages {
        d.card[s].hash(&mut h);
        site.docs[s].stage().map(|m| (&m.duration, m.parallel)).hash(&mut h);
        for list in [&site.graph.of(s).topics, &site.graph.of(s).projects] {
            list.len().hash(&mut h);
            for &t in list.iter() {
                (&site.docs[t].id, &site.docs[t].title, &site.links[t].url).hash(&mut h);
            }
        }
    }
    site.count(Kind::Topic).hash(&mut h);
    // The sidebar links to the series list when there is one.
    site.series.is_empty().hash(&mut h);
    h.finish()
}

/// A fingerprint per route, by output file. `global` stands for everything every page depends
/// on besides the site's documents: templates, UI strings, configuration.
pub fn fingerprints(site: &Site, routes: &[Route], global: u64) -> HashMap<String, u64> {
    let d = doc_hashes(site);
    let nav = navigation(site, &d);
    // Learning paths show titles and URLs (in `nav`) along `requires` arrows (hashed here).
    let mut requires = hasher();
    for e in site.graph.edges.iter().filter(|e| e.kind == EdgeKind::Requires) {
        (&site.docs[e.from].id, &site.docs[e.to].id).hash(&mut requires);
    }
    let requires = requires.finish();
    let side = SideSources::new(site);
    let cards = |h: &mut Xxh3, list: &[usize]| {
        list.len().hash(h);
        for &i in list {
            d.card[i].hash(h);
        }
    };
    routes
        .iter()
        .map(|&route| {
            let mut h = hasher();
            (global, nav, route.template(site)).hash(&mut h);
            // The sidebar's list outside the roadmap: projects, books, posts or tags.
            if let Some(list) = side.list(site, route) {
                list.hash(&mut h);
                for &j in &list.items {
                    match list.kind {
                        SideItems::Docs => d.card[j].hash(&mut h),
                        SideItems::Tags => (&site.tags[j].key, &site.tags[j].name).hash(&mut h),
                    }
                }
            }
            match route {
                Route::Home(doc) => {
                    doc.map(|i| d.page[i]).hash(&mut h);
                    cards(&mut h, &site.posts[..site.posts.len().min(5)]);
                    // The roadmap: every topic's place (in `nav`) and every `requires` arrow.
                    requires.hash(&mut h);
                    for &s in &site.graph.stages {
                        d.card[s].hash(&mut h);
                    }
                }
                Route::Doc(i) => {
                    d.page[i].hash(&mut h);
                    if site.docs[i].kind == Kind::Topic {
                        requires.hash(&mut h);
                    }
                }
                Route::Section(kind) => {
                    let items: Vec<usize> = (0..site.docs.len()).filter(|&i| site.docs[i].kind == kind).collect();
                    cards(&mut h, &items);
                    cards(&mut h, &site.graph.learning_order);
                }
                Route::Blog(n) => {
                    let per = site.config.blog.paginate;
                    let start = ((n - 1) * per).min(site.posts.len());
                    cards(&mut h, &site.posts[start..(start + per).min(site.posts.len())]);
                    site.posts.len().div_ceil(per).hash(&mut h);
                }
                Route::Archive => cards(&mut h, &site.posts),
                Route::Tags => {
                    for t in site.tags.iter() {
                        (&t.key, &t.name, t.posts.len()).hash(&mut h);
                    }
                }
                Route::Tag(t) => {
                    let tag = &site.tags[t];
                    (&tag.key, &tag.name).hash(&mut h);
                    cards(&mut h, &tag.posts);
                    cards(&mut h, &tag.topics);
                }
                Route::SeriesIndex => {
                    for series in site.series.iter() {
                        (&series.key, &series.name).hash(&mut h);
                        cards(&mut h, &series.posts);
                    }
                }
                Route::Series(s) => {
                    let series = &site.series[s];
                    (&series.key, &series.name).hash(&mut h);
                    cards(&mut h, &series.posts);
                }
                Route::Print => {
                    for i in crate::render::print_order(site) {
                        d.page[i].hash(&mut h);
                    }
                }
                Route::Search | Route::NotFound => {}
            }
            (route.output_file(site), h.finish())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::SiteOptions;
    use crate::diagnostics::Diagnostics;
    use std::path::Path;
    use std::sync::Arc;

    fn fixture() -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let mut diags = Diagnostics::new();
        let site = Site::assemble(
            &root,
            &SiteOptions::default(),
            &crate::build::highlighter_for(&root),
            &mut diags,
        );
        site.expect("the basic fixture assembles")
    }

    #[test]
    fn a_new_commit_date_changes_only_its_page() {
        let mut site = fixture();
        let routes = Route::all(&site);
        let before = fingerprints(&site, &routes, 0);
        let topic = site.docs.iter().position(|d| d.kind == Kind::Topic).expect("a topic");
        let mut dates = (*site.last_updated).clone();
        dates[topic] = crate::content::Date::parse("2031-05-06");
        site.last_updated = Arc::new(dates);
        let after = fingerprints(&site, &routes, 0);
        let mut changed: Vec<&String> = before.keys().filter(|p| before[*p] != after[*p]).collect();
        changed.sort();
        // The topic's own page, and the print page, which shows every topic page.
        let (own, print) = (Route::Doc(topic).output_file(&site), Route::Print.output_file(&site));
        let mut want = [&own, &print];
        want.sort();
        assert_eq!(changed, want);
    }
}

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
    let inputs = Inputs::new(site, global);
    routes
        .iter()
        .map(|&route| (route.output_file(site), inputs.route(route)))
        .collect()
}

/// What the fingerprints of a site's routes are made of, hashed once per site.
struct Inputs<'a> {
    site: &'a Site,
    docs: DocHashes,
    global: u64,
    /// The navigation every page shows.
    nav: u64,
    /// Every `requires` arrow: learning paths and the roadmap draw them.
    requires: u64,
    side: SideSources,
}

impl<'a> Inputs<'a> {
    fn new(site: &'a Site, global: u64) -> Inputs<'a> {
        let docs = doc_hashes(site);
        let nav = navigation(site, &docs);
        let mut requires = hasher();
        for e in site.graph.edges.iter().filter(|e| e.kind == EdgeKind::Requires) {
            (&site.docs[e.from].id, &site.docs[e.to].id).hash(&mut requires);
        }
        Inputs {
            site,
            docs,
            global,
            nav,
            requires: requires.finish(),
            side: SideSources::new(site),
        }
    }

    /// The fingerprint of one route.
    fn route(&self, route: Route) -> u64 {
        let mut h = hasher();
        (self.global, self.nav, route.template(self.site)).hash(&mut h);
        self.side_list(route, &mut h);
        self.content(route, &mut h);
        h.finish()
    }

    /// The sidebar's list outside the roadmap: projects, books, posts or tags.
    fn side_list(&self, route: Route, h: &mut Xxh3) {
        let Some(list) = self.side.list(self.site, route) else {
            return;
        };
        list.hash(h);
        for &j in &list.items {
            match list.kind {
                SideItems::Docs => self.docs.card[j].hash(h),
                SideItems::Tags => (&self.site.tags[j].key, &self.site.tags[j].name).hash(h),
            }
        }
    }

    /// The cards of `list`, in order.
    fn cards(&self, h: &mut Xxh3, list: &[usize]) {
        list.len().hash(h);
        for &i in list {
            self.docs.card[i].hash(h);
        }
    }

    /// What the route's own content shows.
    fn content(&self, route: Route, h: &mut Xxh3) {
        let (site, d) = (self.site, &self.docs);
        match route {
            Route::Home(doc) => {
                doc.map(|i| d.page[i]).hash(h);
                self.cards(h, &site.posts[..site.posts.len().min(5)]);
                // The roadmap: every topic's place (in `nav`) and every `requires` arrow.
                self.requires.hash(h);
                for &s in &site.graph.stages {
                    d.card[s].hash(h);
                }
            }
            Route::Doc(i) => {
                d.page[i].hash(h);
                // Topics draw learning paths, stages their part of the roadmap.
                if matches!(site.docs[i].kind, Kind::Topic | Kind::Stage) {
                    self.requires.hash(h);
                }
            }
            Route::Section(kind) => {
                let items: Vec<usize> = (0..site.docs.len()).filter(|&i| site.docs[i].kind == kind).collect();
                self.cards(h, &items);
                self.cards(h, &site.graph.learning_order);
            }
            Route::Blog(n) => {
                let per = site.config.blog.paginate;
                let start = ((n - 1) * per).min(site.posts.len());
                self.cards(h, &site.posts[start..(start + per).min(site.posts.len())]);
                site.posts.len().div_ceil(per).hash(h);
            }
            Route::Archive => self.cards(h, &site.posts),
            Route::Tags => {
                for t in site.tags.iter() {
                    (&t.key, &t.name, t.posts.len()).hash(h);
                }
            }
            Route::Tag(t) => {
                let tag = &site.tags[t];
                (&tag.key, &tag.name).hash(h);
                self.cards(h, &tag.posts);
                self.cards(h, &tag.topics);
            }
            Route::SeriesIndex => {
                for series in site.series.iter() {
                    (&series.key, &series.name).hash(h);
                    self.cards(h, &series.posts);
                }
            }
            Route::Series(s) => {
                let series = &site.series[s];
                (&series.key, &series.name).hash(h);
                self.cards(h, &series.posts);
            }
            Route::Print => {
                for i in crate::render::print_order(site) {
                    d.page[i].hash(h);
                }
            }
            Route::Search | Route::NotFound => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::SiteOptions;
    use crate::diagnostics::Diagnostics;
    use std::path::Path;
    use std::sync::Arc;

    fn fixture() -> Site {
        assemble("basic")
    }

    fn assemble(name: &str) -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        let mut diags = Diagnostics::new();
        let site = Site::assemble(
            &root,
            &SiteOptions::default(),
            &crate::build::highlighter_for(&root),
            &mut diags,
        );
        site.unwrap_or_else(|| panic!("the {name} fixture assembles"))
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

    #[test]
    fn retitling_a_post_re_renders_the_posts_whose_sidebar_lists_it() {
        let mut site = assemble("blog");
        let routes = Route::all(&site);
        let before = fingerprints(&site, &routes, 0);
        let posts = site.posts.clone();
        let at = posts.len() / 2;
        let post = posts[at];
        Arc::make_mut(&mut site.docs[post]).title = "새 제목".into();
        let after = fingerprints(&site, &routes, 0);
        let changed = |i: usize| {
            let file = Route::Doc(i).output_file(&site);
            before[&file] != after[&file]
        };
        // The sidebar of a post shows the posts within SIDE_POSTS of it.
        let around = crate::render::sections::SIDE_POSTS;
        for &near in &posts[at - around..=at + around] {
            assert!(changed(near), "{} lists the retitled post", site.docs[near].id);
        }
        // A post far away shows it only as a related post or a part of the same series.
        let shows = |i: usize| {
            site.related[i].contains(&post)
                || site
                    .series_of(i)
                    .is_some_and(|(s, _)| site.series[s].posts.contains(&post))
        };
        for (k, &far) in posts.iter().enumerate() {
            if k.abs_diff(at) > 2 * around && !shows(far) {
                assert!(!changed(far), "{} does not show the retitled post", site.docs[far].id);
            }
        }
    }
}

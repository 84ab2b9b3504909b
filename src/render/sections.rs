//! Where a page belongs: the section of the top navigation it marks ([`Section`]), and the list
//! its sidebar shows when the page is outside the roadmap ([`SideList`]): the projects on a
//! project page, the books on a book page, posts around the current one on a blog page, the tags
//! on a tag page. The dev server hashes the same [`SideList`] into each page's fingerprint, so
//! what the sidebar shows and what re-renders a page cannot drift apart.

use super::route::Route;
use crate::assemble::Site;
use crate::content::Kind;

/// A section of the top navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// The home page (the roadmap), stages, topics and the print view.
    Roadmap,
    /// Practice projects.
    Projects,
    /// Posts and their lists: the blog, the archive, tags, series.
    Blog,
    /// The reading list.
    Books,
}

impl Section {
    /// The name templates compare `meta.section` with.
    pub fn name(self) -> &'static str {
        match self {
            Section::Roadmap => "roadmap",
            Section::Projects => "projects",
            Section::Blog => "blog",
            Section::Books => "books",
        }
    }

    /// The section `route` belongs to; none for the search page, the 404 page and free pages.
    pub fn of(site: &Site, route: Route) -> Option<Section> {
        Some(match route {
            Route::Home(_) | Route::Print => Section::Roadmap,
            Route::Doc(i) => match site.docs[i].kind {
                Kind::Stage | Kind::Topic | Kind::Home => Section::Roadmap,
                Kind::Project => Section::Projects,
                Kind::Post => Section::Blog,
                Kind::Book => Section::Books,
                Kind::Page => return None,
            },
            Route::Section(kind) => match kind {
                Kind::Project => Section::Projects,
                Kind::Book => Section::Books,
                Kind::Post => Section::Blog,
                _ => Section::Roadmap,
            },
            Route::Blog(_) | Route::Archive | Route::Tags | Route::Tag(_) | Route::SeriesIndex | Route::Series(_) => {
                Section::Blog
            }
            Route::Search | Route::NotFound => return None,
        })
    }
}

/// Entries shown on each side of the current one: a list of up to 41 projects, books or tags
/// is shown whole, a longer one as a window around the current entry.
pub const SIDE_AROUND: usize = 20;
/// Posts shown on each side of the current one (the blog has no natural end to list up to).
pub const SIDE_POSTS: usize = 5;

/// What a sidebar list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SideItems {
    /// Documents, by index.
    Docs,
    /// Tags, by index into `site.tags`.
    Tags,
}

/// The sidebar's list for a page outside the roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SideList {
    /// The section the list belongs to (its heading and the link under it).
    pub section: Section,
    /// Whether `items` are documents or tags.
    pub kind: SideItems,
    /// The entries shown, in order.
    pub items: Vec<usize>,
    /// The entry of the current page, if it is in `items`.
    pub current: Option<usize>,
    /// Whether the list leaves entries out (a window of a longer one).
    pub truncated: bool,
}

/// Lists every [`SideList`] draws from, sorted once per site.
#[derive(Debug, Clone, Default)]
pub struct SideSources {
    /// Projects by title, as `/projects/` lists them.
    pub projects: Vec<usize>,
    /// Books by title, as `/books/` lists them.
    pub books: Vec<usize>,
    /// Every tag, in `site.tags` order (by key).
    pub tags: Vec<usize>,
}

impl SideSources {
    /// The sorted lists of `site`.
    pub fn new(site: &Site) -> SideSources {
        SideSources {
            projects: by_title(site, Kind::Project),
            books: by_title(site, Kind::Book),
            tags: (0..site.tags.len()).collect(),
        }
    }

    /// The sidebar list of `route`, if it has one (roadmap pages show the stages instead).
    pub fn list(&self, site: &Site, route: Route) -> Option<SideList> {
        let section = Section::of(site, route)?;
        let (kind, all, around): (SideItems, &[usize], usize) = match (section, route) {
            (Section::Roadmap, _) => return None,
            (Section::Projects, _) => (SideItems::Docs, &self.projects, SIDE_AROUND),
            (Section::Books, _) => (SideItems::Docs, &self.books, SIDE_AROUND),
            (Section::Blog, Route::Tags | Route::Tag(_)) => (SideItems::Tags, &self.tags, SIDE_AROUND),
            (Section::Blog, _) => (SideItems::Docs, &site.posts, SIDE_POSTS),
        };
        let current = match route {
            Route::Doc(i) | Route::Tag(i) => Some(i),
            _ => None,
        };
        Some(window(section, kind, all, current, around))
    }
}

/// Documents of `kind` sorted by title.
pub fn by_title(site: &Site, kind: Kind) -> Vec<usize> {
    let mut list: Vec<usize> = (0..site.docs.len()).filter(|&i| site.docs[i].kind == kind).collect();
    list.sort_by(|&a, &b| site.docs[a].title.cmp(&site.docs[b].title));
    list
}

/// The entries of `all` within `around` of `current` (or the first ones, without a current
/// entry in the list), with whether some were left out.
fn window(section: Section, kind: SideItems, all: &[usize], current: Option<usize>, around: usize) -> SideList {
    let at = current.and_then(|c| all.iter().position(|&x| x == c));
    let start = at.map_or(0, |k| k.saturating_sub(around));
    let end = (start + 2 * around + 1).min(all.len());
    // Near the end, the window keeps its length by starting earlier.
    let start = end.saturating_sub(2 * around + 1).min(start);
    SideList {
        section,
        kind,
        items: all[start..end].to_vec(),
        current: at.map(|k| all[k]),
        truncated: start > 0 || end < all.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_keeps_its_length_at_both_ends() {
        let all: Vec<usize> = (100..150).collect();
        let first = window(Section::Blog, SideItems::Docs, &all, Some(100), 5);
        assert_eq!(first.items, (100..111).collect::<Vec<_>>());
        assert!(first.truncated);
        let last = window(Section::Blog, SideItems::Docs, &all, Some(149), 5);
        assert_eq!(last.items, (139..150).collect::<Vec<_>>());
        let middle = window(Section::Blog, SideItems::Docs, &all, Some(120), 5);
        assert_eq!(middle.items, (115..126).collect::<Vec<_>>());
        assert_eq!(middle.current, Some(120));
    }

    #[test]
    fn a_short_list_is_whole_and_without_a_current_entry_starts_at_the_top() {
        let all = [7, 8, 9];
        let list = window(Section::Blog, SideItems::Docs, &all, None, 5);
        assert_eq!(list.items, all);
        assert!(!list.truncated);
        assert_eq!(list.current, None);
        // A current entry not in the list (a post of another list) marks nothing.
        assert_eq!(window(Section::Blog, SideItems::Docs, &all, Some(3), 5).current, None);
    }
}

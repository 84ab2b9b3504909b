//! Related posts, as Hugo's `.Related` finds them: for each post, up to [`RELATED`] other posts
//! that share its topics first, then its tags; ties go to the newer post (then title, then id:
//! the blog's own order).

use super::lists::Tag;
use crate::graph::Graph;

/// How many related posts a post shows.
pub const RELATED: usize = 3;

/// The related posts of every document (empty for all but posts), by document index.
/// `posts` is the blog's order (newest first); `tags` each tag's posts.
pub(super) fn collect(n: usize, graph: &Graph, posts: &[usize], tags: &[Tag]) -> Vec<Vec<usize>> {
    let mut rank = vec![usize::MAX; n];
    for (r, &p) in posts.iter().enumerate() {
        rank[p] = r;
    }
    let mut tags_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (t, tag) in tags.iter().enumerate() {
        for &p in &tag.posts {
            tags_of[p].push(t);
        }
    }
    // Shared topics and tags with the post at hand, counted through the inverted lists (a
    // topic's study notes, a tag's posts) instead of comparing every pair of posts.
    let mut shared = vec![(0u32, 0u32); n];
    let mut touched: Vec<usize> = Vec::new();
    let mut related = vec![Vec::new(); n];
    for &p in posts {
        for &topic in &graph.of(p).topics {
            for &q in &graph.of(topic).notes {
                if q != p {
                    if shared[q] == (0, 0) {
                        touched.push(q);
                    }
                    shared[q].0 += 1;
                }
            }
        }
        for &t in &tags_of[p] {
            for &q in &tags[t].posts {
                if q != p {
                    if shared[q] == (0, 0) {
                        touched.push(q);
                    }
                    shared[q].1 += 1;
                }
            }
        }
        touched.sort_by(|&a, &b| {
            let (sa, sb) = (shared[a], shared[b]);
            (sb.0, sb.1, rank[a]).cmp(&(sa.0, sa.1, rank[b]))
        });
        related[p] = touched.iter().take(RELATED).copied().collect();
        for q in touched.drain(..) {
            shared[q] = (0, 0);
        }
    }
    related
}

//! Lanes: parallel tracks inside a shared gutter, so that edges running along the same strip
//! stay apart.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

/// Gives every closed interval `(lo, hi)` a lane such that two intervals on the same lane are at
/// least `gap` apart; returns each interval's lane and the number of lanes used.
///
/// Greedy by start, lowest free lane first: optimal for intervals (lanes = deepest overlap) and
/// `O(n log n)`. Ties are broken by input position, so the result is deterministic.
pub(super) fn assign(intervals: &[(i64, i64)], gap: i64) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    order.sort_by_key(|&i| (intervals[i].0, intervals[i].1, i));
    let mut busy: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
    let mut free: BTreeSet<usize> = BTreeSet::new();
    let mut lanes = vec![0; intervals.len()];
    let mut count = 0;
    for i in order {
        let (lo, hi) = intervals[i];
        while let Some(&Reverse((end, lane))) = busy.peek() {
            if end + gap > lo {
                break;
            }
            busy.pop();
            free.insert(lane);
        }
        let lane = free.pop_first().unwrap_or_else(|| {
            count += 1;
            count - 1
        });
        lanes[i] = lane;
        busy.push(Reverse((hi, lane)));
    }
    (lanes, count)
}

/// Which way the path leaves a lane at one end of a segment: toward lane 0 (up in a channel,
/// left in a gutter) or away from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Turn {
    Low,
    High,
}

/// A run along a shared gutter, from `lo` to `hi`, whose ends turn off at `ends`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    pub(super) lo: i64,
    pub(super) hi: i64,
    pub(super) ends: [(i64, Turn); 2],
}

impl Segment {
    /// A segment between two ends, in either order.
    pub(super) fn between(a: (i64, Turn), b: (i64, Turn)) -> Self {
        Segment {
            lo: a.0.min(b.0),
            hi: a.0.max(b.0),
            ends: [a, b],
        }
    }
}

/// Above this many segments in one gutter, [`assign_ordered`] falls back to [`assign`]: the
/// ordering compares overlapping pairs, which only pays off at readable densities.
const ORDERED_LIMIT: usize = 128;

/// Like [`assign`], but orders the lanes to avoid crossings that need not happen: where one
/// segment's end turns off inside another's extent, toward lane 0, it should lie on the lower
/// lane (its stub then leaves without crossing the other), and the other way round for an end
/// turning away. Constraints are followed in a topological order; where they contradict (the
/// crossing is unavoidable) the earliest-starting segment goes first. Lanes are then filled
/// first-fit, never above a constraint's predecessor.
pub(super) fn assign_ordered(segments: &[Segment], gap: i64) -> (Vec<usize>, usize) {
    let n = segments.len();
    if n > ORDERED_LIMIT {
        let intervals: Vec<(i64, i64)> = segments.iter().map(|s| (s.lo, s.hi)).collect();
        return assign(&intervals, gap);
    }
    // before[b] lists the segments that must take a lower lane than b.
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut after_count = vec![0usize; n];
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut add = |a: usize, b: usize, before: &mut Vec<Vec<usize>>| {
        if !before[b].contains(&a) {
            before[b].push(a);
            successors[a].push(b);
            after_count[b] += 1;
        }
    };
    for i in 0..n {
        for j in 0..n {
            let (a, b) = (&segments[i], &segments[j]);
            if i == j || a.lo >= b.hi + gap || b.lo >= a.hi + gap {
                continue;
            }
            for &(at, turn) in &a.ends {
                if at > b.lo && at < b.hi {
                    match turn {
                        Turn::Low => add(i, j, &mut before),
                        Turn::High => add(j, i, &mut before),
                    }
                }
            }
        }
    }
    // Topological order, earliest start first among the ready; a cycle is broken at the
    // segment with the fewest unmet constraints.
    let key = |i: usize| (segments[i].lo, segments[i].hi, i);
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = (0..n)
            .filter(|&i| !placed[i])
            .min_by_key(|&i| (after_count[i], key(i)))
            .unwrap_or(0);
        placed[next] = true;
        order.push(next);
        for &s in &successors[next] {
            after_count[s] = after_count[s].saturating_sub(1);
        }
    }
    let mut lanes = vec![usize::MAX; n];
    let mut occupied: Vec<Vec<(i64, i64)>> = Vec::new();
    for i in order {
        let s = &segments[i];
        let floor = before[i]
            .iter()
            .filter(|&&p| lanes[p] != usize::MAX)
            .map(|&p| lanes[p] + 1)
            .max()
            .unwrap_or(0);
        let fits = |lane: &Vec<(i64, i64)>| lane.iter().all(|&(lo, hi)| hi + gap <= s.lo || s.hi + gap <= lo);
        let lane = (floor..occupied.len())
            .find(|&l| fits(&occupied[l]))
            .unwrap_or_else(|| {
                // `floor` is at most one past the last lane, so a new lane always satisfies it.
                occupied.push(Vec::new());
                occupied.len() - 1
            });
        occupied[lane].push((s.lo, s.hi));
        lanes[i] = lane;
    }
    (lanes, occupied.len())
}

/// Offset of `lane` of `count` lanes `spacing` apart, centred on 0.
pub(super) fn offset(lane: usize, count: usize, spacing: f64) -> f64 {
    (lane as f64 - (count.max(1) - 1) as f64 / 2.0) * spacing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_intervals_get_different_lanes_and_disjoint_ones_share() {
        let (lanes, count) = assign(&[(0, 10), (5, 15), (20, 30), (12, 25)], 1);
        assert_eq!(count, 2);
        assert_ne!(lanes[0], lanes[1]);
        assert_eq!(lanes[0], lanes[3]);
        assert_ne!(lanes[3], lanes[2]);
    }

    #[test]
    fn touching_intervals_need_the_gap() {
        assert_eq!(assign(&[(0, 10), (10, 20)], 1).1, 2);
        assert_eq!(assign(&[(0, 10), (11, 20)], 1).1, 1);
        assert_eq!(assign(&[], 1).1, 0);
    }

    #[test]
    fn ordered_lanes_let_ends_turn_off_without_crossing() {
        use Turn::{High, Low};
        // Two arrows leaving a row above (Low ends) toward the right, into the row below (High
        // ends): the one that starts further right must run above the other, or its stub would
        // cut through it.
        let a = Segment::between((0, Low), (100, High));
        let b = Segment::between((50, Low), (150, High));
        let (lanes, count) = assign_ordered(&[a, b], 1);
        assert_eq!(count, 2);
        assert!(lanes[1] < lanes[0], "{lanes:?}");
        // Mirrored, toward the left.
        let a = Segment::between((150, Low), (50, High));
        let b = Segment::between((100, Low), (0, High));
        let (lanes, _) = assign_ordered(&[a, b], 1);
        assert!(lanes[1] < lanes[0], "{lanes:?}");
        // Disjoint segments still share a lane.
        let c = Segment::between((200, Low), (300, High));
        assert_eq!(assign_ordered(&[a, c], 1), (vec![0, 0], 1));
    }

    #[test]
    fn offsets_are_centred() {
        assert_eq!(offset(0, 1, 6.0), 0.0);
        assert_eq!(offset(0, 3, 6.0), -6.0);
        assert_eq!(offset(2, 3, 6.0), 6.0);
    }
}

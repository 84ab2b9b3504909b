//! Crossing reduction and column placement, on units alone (a unit is one topic, or a hub with
//! its leaves beside it, a few columns wide).
//!
//! Ranks are fixed before this step; each rank is cut into rows no wider than the grid. The
//! order of units inside a rank comes from barycentre sweeps (down, then up, several passes)
//! followed by local transposition; columns from a small dynamic programme per row that puts
//! each unit as near the mean column of its neighbours as the row allows. Every candidate is
//! scored and the best one kept, so a pass can never make the layout worse: by the caller's
//! judge (the real drawing's crossings and lengths) when given, else by an estimate on columns.

/// What to order: units by rank, their widths, and the arrows between them.
pub(super) struct Problem {
    /// Ranks top to bottom; each lists its units in the starting order.
    pub(super) ranks: Vec<Vec<usize>>,
    /// Width of each unit in columns, and the column of its hub inside it.
    pub(super) width: Vec<usize>,
    pub(super) hub: Vec<usize>,
    /// `(prerequisite unit, topic unit)`, between different units.
    pub(super) edges: Vec<(usize, usize)>,
    /// Columns of the grid.
    pub(super) columns: usize,
}

/// Rows of each rank, each row its units left to right with the column each starts at.
pub(super) type Placement = Vec<Vec<Vec<(usize, usize)>>>;

/// Barycentre passes (each one down and one up).
const PASSES: usize = 4;
/// Rounds of adjacent swaps.
const TRANSPOSE_ROUNDS: usize = 3;
/// Above this many units only the sweeps run, unscored: scoring is quadratic in the arrows
/// that share a gap, and huge maps need speed more than the last crossings.
const SCORED_LIMIT: usize = 400;
/// A crossing costs as much as this many columns of sideways arrow.
const CROSSING_COST: f64 = 2.0;

/// Scores a placement: lower is better.
pub(super) type Judge<'a> = &'a mut dyn FnMut(&Placement) -> f64;

/// Orders and places every rank; `judge`, when given, scores candidates instead of the
/// estimate.
pub(super) fn solve(p: &Problem, judge: Option<Judge<'_>>) -> Placement {
    let n = p.width.len();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &p.edges {
        neighbours[a].push(b);
        neighbours[b].push(a);
    }
    let mut rank_of = vec![0; n];
    for (r, units) in p.ranks.iter().enumerate() {
        for &u in units {
            rank_of[u] = r;
        }
    }
    let mut state = State {
        p,
        neighbours,
        rank_of,
        order: p.ranks.clone(),
        placed: Vec::new(),
        col: vec![0.0; n],
        judge,
    };
    state.placed = (0..p.ranks.len()).map(|r| state.place_rank(r, None)).collect();
    state.refresh_cols();
    let scored = n <= SCORED_LIMIT;
    let mut best = (state.score(scored), state.order.clone(), state.placed.clone());
    for _ in 0..PASSES {
        for down in [true, false] {
            state.sweep(down);
            let score = state.score(scored);
            if score < best.0 {
                best = (score, state.order.clone(), state.placed.clone());
            }
        }
    }
    state.order = best.1;
    state.placed = best.2;
    state.refresh_cols();
    if scored {
        let best = state.transpose(best.0);
        state.shift(best);
    }
    state.placed
}

struct State<'a, 'j> {
    p: &'a Problem,
    judge: Option<Judge<'j>>,
    neighbours: Vec<Vec<usize>>,
    rank_of: Vec<usize>,
    order: Vec<Vec<usize>>,
    placed: Placement,
    /// Column of each unit's hub.
    col: Vec<f64>,
}

impl State<'_, '_> {
    fn refresh_cols(&mut self) {
        for rows in &self.placed {
            for row in rows {
                for &(u, start) in row {
                    self.col[u] = (start + self.p.hub[u]) as f64;
                }
            }
        }
    }

    /// One barycentre sweep: each rank in turn (top down or bottom up) is sorted by the mean
    /// column of its neighbours on the side already swept, then placed.
    fn sweep(&mut self, down: bool) {
        let ranks: Vec<usize> = if down {
            (0..self.order.len()).collect()
        } else {
            (0..self.order.len()).rev().collect()
        };
        for r in ranks {
            let side = |other: usize| if down { other < r } else { other > r };
            let want: Vec<Option<f64>> = self.order[r].iter().map(|&u| self.mean_col(u, side)).collect();
            let mut keyed: Vec<(f64, usize, usize)> = self.order[r]
                .iter()
                .zip(&want)
                .enumerate()
                .map(|(i, (&u, w))| (w.unwrap_or(self.col[u]), i, u))
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            self.order[r] = keyed.iter().map(|k| k.2).collect();
            self.placed[r] = self.place_rank(r, Some(&|o| side(o)));
            self.refresh_cols();
        }
    }

    /// Moves single units a column left or right, into free cells, while that lowers the
    /// score: the placement's per-row optimum does not see how far arrows run, the score does.
    fn shift(&mut self, mut best: f64) {
        for _ in 0..TRANSPOSE_ROUNDS {
            let mut improved = false;
            for r in 0..self.placed.len() {
                for row in 0..self.placed[r].len() {
                    for j in 0..self.placed[r][row].len() {
                        for step in [-1i64, 1] {
                            if let Some(score) = self.try_shift(r, row, j, step, best) {
                                best = score;
                                improved = true;
                            }
                        }
                    }
                }
            }
            if !improved {
                break;
            }
        }
    }

    /// Moves unit `j` of a row by `step` columns if it fits and scores below `best`.
    fn try_shift(&mut self, r: usize, row: usize, j: usize, step: i64, best: f64) -> Option<f64> {
        let units = &self.placed[r][row];
        let (u, start) = units[j];
        let to = usize::try_from(start as i64 + step).ok()?;
        let low = if j == 0 {
            0
        } else {
            units[j - 1].1 + self.p.width[units[j - 1].0]
        };
        let high = units.get(j + 1).map_or(self.p.columns, |next| next.1);
        if to < low || to + self.p.width[u] > high {
            return None;
        }
        self.placed[r][row][j].1 = to;
        self.col[u] = (to + self.p.hub[u]) as f64;
        let score = self.score(true);
        if score + 1e-9 < best {
            return Some(score);
        }
        self.placed[r][row][j].1 = start;
        self.col[u] = (start + self.p.hub[u]) as f64;
        None
    }

    /// Swaps neighbours in a rank while that lowers the score; returns the last score.
    fn transpose(&mut self, mut best: f64) -> f64 {
        for _ in 0..TRANSPOSE_ROUNDS {
            let mut improved = false;
            for r in 0..self.order.len() {
                for i in 1..self.order[r].len() {
                    self.order[r].swap(i - 1, i);
                    let fresh = self.place_rank(r, Some(&|_| true));
                    let before = std::mem::replace(&mut self.placed[r], fresh);
                    let old_cols = self.col.clone();
                    self.refresh_cols();
                    let score = self.score(true);
                    if score + 1e-9 < best {
                        best = score;
                        improved = true;
                    } else {
                        self.order[r].swap(i - 1, i);
                        self.placed[r] = before;
                        self.col = old_cols;
                    }
                }
            }
            if !improved {
                break;
            }
        }
        best
    }

    /// Mean hub column of a unit's neighbours in ranks `side` accepts.
    fn mean_col(&self, u: usize, side: impl Fn(usize) -> bool) -> Option<f64> {
        let cols: Vec<f64> = self.neighbours[u]
            .iter()
            .filter(|&&o| side(self.rank_of[o]))
            .map(|&o| self.col[o])
            .collect();
        (!cols.is_empty()).then(|| cols.iter().sum::<f64>() / cols.len() as f64)
    }

    /// Cuts rank `r`'s order into rows and gives each unit its column: near its neighbours'
    /// mean (those `side` accepts), else where it stands.
    fn place_rank(&self, r: usize, side: Option<&dyn Fn(usize) -> bool>) -> Vec<Vec<(usize, usize)>> {
        let p = self.p;
        let mut rows: Vec<Vec<usize>> = Vec::new();
        let mut used = p.columns;
        for &u in &self.order[r] {
            if used + p.width[u] > p.columns {
                rows.push(Vec::new());
                used = 0;
            }
            used += p.width[u];
            if let Some(row) = rows.last_mut() {
                row.push(u);
            }
        }
        rows.iter()
            .map(|row| {
                let total: usize = row.iter().map(|&u| p.width[u]).sum();
                let mut natural = (p.columns - total) / 2;
                let mut desired = Vec::with_capacity(row.len());
                for &u in row {
                    let here = (natural + p.hub[u]) as f64;
                    natural += p.width[u];
                    let near = side.and_then(|s| self.mean_col(u, s));
                    desired.push((near.unwrap_or(here), here));
                }
                let widths: Vec<(usize, usize)> = row.iter().map(|&u| (p.width[u], p.hub[u])).collect();
                let starts = place_row(&widths, &desired, p.columns);
                row.iter().copied().zip(starts).collect()
            })
            .collect()
    }

    /// Estimated crossings (weighted) plus sideways distance, in columns.
    fn score(&mut self, scored: bool) -> f64 {
        if !scored {
            return 0.0;
        }
        if let Some(judge) = self.judge.as_mut() {
            return judge(&self.placed);
        }
        let mut row_of = vec![0usize; self.col.len()];
        let mut row = 0;
        for rows in &self.placed {
            for units in rows {
                for &(u, _) in units {
                    row_of[u] = row;
                }
                row += 1;
            }
        }
        let spans: Vec<(usize, f64, usize, f64)> = self
            .p
            .edges
            .iter()
            .map(|&(a, b)| {
                let (ra, rb) = (row_of[a], row_of[b]);
                if ra <= rb {
                    (ra, self.col[a], rb, self.col[b])
                } else {
                    (rb, self.col[b], ra, self.col[a])
                }
            })
            .collect();
        let sideways: f64 = spans.iter().map(|s| (s.1 - s.3).abs()).sum();
        CROSSING_COST * crossings(&spans, row) as f64 + sideways
    }
}

/// Pairs of arrows whose left-to-right order flips between two neighbouring rows; an arrow is
/// `(top row, column there, bottom row, column there)`, straight between the two.
pub(super) fn crossings(spans: &[(usize, f64, usize, f64)], rows: usize) -> usize {
    let mut by_gap: Vec<Vec<(f64, f64)>> = vec![Vec::new(); rows];
    for &(r0, x0, r1, x1) in spans {
        let at = |r: usize| x0 + (x1 - x0) * (r - r0) as f64 / (r1 - r0) as f64;
        for (g, gap) in by_gap.iter_mut().enumerate().take(r1).skip(r0) {
            gap.push((at(g), at(g + 1)));
        }
    }
    let mut count = 0;
    for gap in &by_gap {
        for (i, a) in gap.iter().enumerate() {
            for b in &gap[i + 1..] {
                if (a.0 - b.0) * (a.1 - b.1) < -1e-9 {
                    count += 1;
                }
            }
        }
    }
    count
}

/// Start columns for units of `(width, hub offset)` in order, each hub as near its desired
/// column as possible (ties toward its natural place), inside `columns`.
fn place_row(units: &[(usize, usize)], desired: &[(f64, f64)], columns: usize) -> Vec<usize> {
    let k = units.len();
    let suffix: Vec<usize> = (0..=k).map(|i| units[i..].iter().map(|u| u.0).sum()).collect();
    // best[i][s]: least cost of units 0..=i with unit i starting at column s; from[i][s] the
    // start of unit i - 1 that achieves it.
    let mut best = vec![vec![f64::INFINITY; columns + 1]; k];
    let mut from = vec![vec![0usize; columns + 1]; k];
    let cost = |i: usize, s: usize| {
        let hub = (s + units[i].1) as f64;
        (hub - desired[i].0).abs() + 0.01 * (hub - desired[i].1).abs()
    };
    let lowest = |i: usize| if i == 0 { 0 } else { suffix[0] - suffix[i] };
    for i in 0..k {
        for s in lowest(i)..=(columns - suffix[i]) {
            let (prev, arg) = if i == 0 {
                (0.0, 0)
            } else {
                let w = units[i - 1].0;
                (lowest(i - 1)..=s.saturating_sub(w))
                    .filter(|&t| t + w <= s)
                    .map(|t| (best[i - 1][t], t))
                    .fold((f64::INFINITY, 0), |acc, x| if x.0 < acc.0 { x } else { acc })
            };
            best[i][s] = prev + cost(i, s);
            from[i][s] = arg;
        }
    }
    let mut starts = vec![0; k];
    if k == 0 {
        return starts;
    }
    let last = k - 1;
    let mut s = (0..=columns)
        .filter(|&s| best[last][s].is_finite())
        .fold((f64::INFINITY, 0), |acc, s| {
            if best[last][s] < acc.0 { (best[last][s], s) } else { acc }
        })
        .1;
    for i in (0..k).rev() {
        starts[i] = s;
        s = from[i][s];
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_goes_under_its_neighbours_and_keeps_its_order() {
        // Three one-column units wanting columns 4, 4, 0 in a 6-column grid: order is kept, so
        // they pack near 4 and the third cannot go left of the second.
        let starts = place_row(&[(1, 0), (1, 0), (1, 0)], &[(4.0, 2.0), (4.0, 3.0), (0.0, 4.0)], 6);
        assert_eq!(starts, [3, 4, 5]);
        // A cluster three wide whose hub wants column 2 starts at 1.
        assert_eq!(place_row(&[(3, 1)], &[(2.0, 1.0)], 6), [1]);
        assert_eq!(place_row(&[], &[], 4), Vec::<usize>::new());
    }

    #[test]
    fn crossings_count_flipped_pairs_only() {
        // Two arrows swapping sides between rows 0 and 1 cross once; parallel ones never; two
        // from one point do not.
        assert_eq!(crossings(&[(0, 0.0, 1, 1.0), (0, 1.0, 1, 0.0)], 2), 1);
        assert_eq!(crossings(&[(0, 0.0, 1, 0.0), (0, 1.0, 1, 1.0)], 2), 0);
        assert_eq!(crossings(&[(0, 0.0, 1, 0.0), (0, 0.0, 1, 1.0)], 2), 0);
        // A long arrow from column 0 to 2 over two gaps against a short one from 2 to 0.
        assert_eq!(crossings(&[(0, 0.0, 2, 2.0), (1, 2.0, 2, 0.0)], 3), 1);
    }

    #[test]
    fn sweeps_untangle_a_swapped_pair() {
        // Rank 0: a b; rank 1: c d with c under b and d under a: the solver swaps them.
        let p = Problem {
            ranks: vec![vec![0, 1], vec![2, 3]],
            width: vec![1; 4],
            hub: vec![0; 4],
            edges: vec![(0, 3), (1, 2)],
            columns: 4,
        };
        let placed = solve(&p, None);
        let col = |u: usize| {
            placed
                .iter()
                .flatten()
                .flatten()
                .find(|e| e.0 == u)
                .map(|e| e.1)
                .unwrap()
        };
        assert_eq!(col(3), col(0));
        assert_eq!(col(2), col(1));
    }
}

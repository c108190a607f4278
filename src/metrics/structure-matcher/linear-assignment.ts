// Exact minimum-cost linear assignment (shortest augmenting paths with dual potentials, O(n²m)), the role
// pymatgen's LinearAssignment (LAPJV) plays in StructureMatcher (metrics-spec §9.1 step 8).

/** Reusable work buffers, so that matching many candidate lattices allocates nothing per call. */
export interface AssignmentWorkspace {
  u: Float64Array;
  v: Float64Array;
  minv: Float64Array;
  way: Int32Array;
  p: Int32Array;
  used: Uint8Array;
  queue: Int32Array;
}

/** Work buffers for problems with up to `cols` columns. */
export function assignmentWorkspace(cols: number): AssignmentWorkspace {
  const m = cols + 1;
  return {
    u: new Float64Array(m),
    v: new Float64Array(m),
    minv: new Float64Array(m),
    way: new Int32Array(m),
    p: new Int32Array(m),
    used: new Uint8Array(m),
    queue: new Int32Array(m),
  };
}

/**
 * Minimum-cost assignment of every row to a distinct column of a rows×cols cost matrix (row-major, rows ≤ cols).
 * Entries equal to +Infinity are forbidden. Writes the chosen column of each row into `solution` and returns the
 * total cost, or returns null when no assignment avoids the forbidden entries. Ties between equal-cost optima may be
 * broken differently from LAPJV; the optimal cost is the same.
 */
export function linearAssignment(
  cost: ArrayLike<number>,
  rows: number,
  cols: number,
  solution: Int32Array,
  ws: AssignmentWorkspace = assignmentWorkspace(cols),
): number | null {
  if (rows > cols) throw new RangeError(`linear assignment needs rows ≤ cols (got ${rows}×${cols})`);
  const { u, v, minv, way, p, used } = ws;
  // Warm start (exact): every row takes its cheapest column (first minimum) when that column is still free, with
  // potentials u_i = row minimum, v = 0 (all reduced costs ≥ 0, assigned ones 0); the other rows are then added by
  // shortest augmenting paths. When every row got its minimum, that assignment is already optimal.
  u.fill(0, 0, rows + 1);
  v.fill(0, 0, cols + 1);
  p.fill(0, 0, cols + 1);
  way.fill(0, 0, cols + 1);
  let pending = 0;
  const queue = ws.queue;
  for (let i = 1; i <= rows; i++) {
    const base = (i - 1) * cols - 1;
    let best = Infinity, bj = 0;
    for (let j = 1; j <= cols; j++) {
      const c = cost[base + j]!;
      if (c < best) {
        best = c;
        bj = j;
      }
    }
    if (bj === 0) return null; // a row with only forbidden columns
    if (p[bj] === 0) {
      p[bj] = i;
      u[i] = best;
    } else queue[pending++] = i;
  }
  for (let q = 0; q < pending; q++) {
    const i = queue[q]!;
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity, 0, cols + 1);
    used.fill(0, 0, cols + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      const base = (i0 - 1) * cols - 1;
      const ui0 = u[i0]!;
      let delta = Infinity;
      let j1 = -1;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const c = cost[base + j]!;
        if (c !== Infinity) {
          const cur = c - ui0 - v[j]!;
          if (cur < minv[j]!) {
            minv[j] = cur;
            way[j] = j0;
          }
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      if (j1 < 0) return null; // every remaining column is forbidden for the rows reached so far
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  let total = 0;
  for (let j = 1; j <= cols; j++) {
    const i = p[j]!;
    if (i > 0) {
      solution[i - 1] = j - 1;
      total += cost[(i - 1) * cols + j - 1]!;
    }
  }
  return total;
}

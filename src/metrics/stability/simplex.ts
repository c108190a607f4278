// A small dense two-phase simplex for  minimize cᵀx  subject to  A x = b, x ≥ 0  (Bland's rule, no cycling).

/** LP solution: optimal objective and primal x, or infeasible. */
export type LpResult = { status: "optimal"; value: number; x: Float64Array } | { status: "infeasible" };

const EPS = 1e-11;

/**
 * Solves min cᵀx s.t. A x = b, x ≥ 0 with A given as `rows` (d rows of length m). Sizes are small (d ≲ 10 elements,
 * m ≲ 10⁴ entries); dense tableau, Bland's anti-cycling rule.
 */
export function solveStandardLp(rows: readonly Float64Array[], b: ArrayLike<number>, c: ArrayLike<number>): LpResult {
  const d = rows.length;
  const m = c.length;
  const width = m + d + 1; // variables, artificials, rhs
  const T = Array.from({ length: d }, (_, i) => {
    const r = new Float64Array(width);
    const sign = b[i]! < 0 ? -1 : 1;
    for (let j = 0; j < m; j++) r[j] = sign * rows[i]![j]!;
    r[m + i] = 1;
    r[width - 1] = sign * b[i]!;
    return r;
  });
  const basis = Array.from({ length: d }, (_, i) => m + i);
  const pivot = (pr: number, pc: number, obj: Float64Array[]) => {
    const row = T[pr]!;
    const p = row[pc]!;
    for (let k = 0; k < width; k++) row[k]! /= p;
    for (const other of [...T, ...obj]) {
      if (other === row) continue;
      const f = other[pc]!;
      if (f !== 0) for (let k = 0; k < width; k++) other[k]! -= f * row[k]!;
    }
    basis[pr] = pc;
  };
  // Reduced-cost row: obj[j] = c_j − c_Bᵀ B⁻¹ A_j (stored negated as z_j − c_j convention avoided: we keep reduced costs).
  const run = (obj: Float64Array, allowed: number) => {
    for (let iter = 0; iter < 50000; iter++) {
      let pc = -1;
      for (let j = 0; j < allowed; j++)
        if (obj[j]! < -EPS) {
          pc = j;
          break;
        }
      if (pc < 0) return true;
      let pr = -1, best = Infinity;
      for (let i = 0; i < d; i++) {
        const a = T[i]![pc]!;
        if (a > EPS) {
          const ratio = T[i]![width - 1]! / a;
          if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i]! < basis[pr]!)) {
            best = ratio;
            pr = i;
          }
        }
      }
      if (pr < 0) return false; // unbounded (cannot happen for hull problems)
      pivot(pr, pc, [obj]);
    }
    throw new Error("simplex: iteration limit reached");
  };
  // Phase 1: minimise the sum of artificials.
  const phase1 = new Float64Array(width);
  for (let i = 0; i < d; i++) for (let k = 0; k < width; k++) if (k < m || k === width - 1) phase1[k]! -= T[i]![k]!;
  run(phase1, m);
  if (-phase1[width - 1]! > 1e-9) return { status: "infeasible" };
  // Drive remaining artificial variables out of the basis where possible.
  for (let i = 0; i < d; i++)
    if (basis[i]! >= m) {
      const pc = T[i]!.findIndex((v, j) => j < m && Math.abs(v) > EPS);
      if (pc >= 0) pivot(i, pc, [phase1]);
    }
  // Phase 2.
  const obj = new Float64Array(width);
  for (let j = 0; j < m; j++) obj[j] = c[j]!;
  for (let i = 0; i < d; i++) {
    const bj = basis[i]!;
    const cb = bj < m ? c[bj]! : 0;
    if (cb !== 0) for (let k = 0; k < width; k++) obj[k]! -= cb * T[i]![k]!;
  }
  run(obj, m);
  const x = new Float64Array(m);
  for (let i = 0; i < d; i++) if (basis[i]! < m) x[basis[i]!] = T[i]![width - 1]!;
  let value = 0;
  for (let j = 0; j < m; j++) value += c[j]! * x[j]!;
  return { status: "optimal", value, x };
}

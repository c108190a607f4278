// StructureMatcher settings (pymatgen's constructor arguments) and the presets the metrics use (metrics-spec §9 table).

/** StructureMatcher tolerances and switches, with pymatgen's defaults. */
export interface MatcherOptions {
  /** Fractional length tolerance of the lattice search (default 0.2). */
  ltol?: number;
  /** Site tolerance as a fraction of the free length per atom (V/N)^(1/3) (default 0.3, dimensionless). */
  stol?: number;
  /** Angle tolerance of the lattice search (default 5, degrees). */
  angleTol?: number;
  /** Reduce both structures to primitive cells first (default true). */
  primitiveCell?: boolean;
  /** Scale both cells to the same volume before matching (default true). */
  scale?: boolean;
  /** Match cells whose primitive site counts differ by an integer factor through supercells (default false). */
  attemptSupercell?: boolean;
  /** Allow one structure to match a subset of the other's sites (default false). */
  allowSubset?: boolean;
}

/** MatcherOptions with every field filled in. */
export type ResolvedMatcherOptions = Required<MatcherOptions>;

/** pymatgen StructureMatcher() defaults: ltol 0.2, stol 0.3, angle_tol 5° (FlowMM novelty/uniqueness, MatterGen). */
export const DEFAULT_MATCHER: Readonly<ResolvedMatcherOptions> = Object.freeze({
  ltol: 0.2,
  stol: 0.3,
  angleTol: 5,
  primitiveCell: true,
  scale: true,
  attemptSupercell: false,
  allowSubset: false,
});

/** CDVAE / DiffCSP / FlowMM match-rate settings: ltol 0.3, stol 0.5, angle_tol 10°. */
export const CSP_MATCHER: Readonly<MatcherOptions> = Object.freeze({ ltol: 0.3, stol: 0.5, angleTol: 10 });

/** Fills in pymatgen's defaults and checks the tolerances (RangeError on a negative or non-finite value). */
export function resolveMatcherOptions(options: MatcherOptions = {}): ResolvedMatcherOptions {
  // One object literal of fixed shape (cheap per call; monomorphic property reads in the matcher's loops).
  const d = DEFAULT_MATCHER;
  const o: ResolvedMatcherOptions = {
    ltol: options.ltol === undefined ? d.ltol : options.ltol,
    stol: options.stol === undefined ? d.stol : options.stol,
    angleTol: options.angleTol === undefined ? d.angleTol : options.angleTol,
    primitiveCell: options.primitiveCell === undefined ? d.primitiveCell : options.primitiveCell,
    scale: options.scale === undefined ? d.scale : options.scale,
    attemptSupercell: options.attemptSupercell === undefined ? d.attemptSupercell : options.attemptSupercell,
    allowSubset: options.allowSubset === undefined ? d.allowSubset : options.allowSubset,
  };
  for (const k of ["ltol", "stol", "angleTol"] as const)
    if (!(Number.isFinite(o[k]) && o[k] > 0)) throw new RangeError(`matcher option ${k} must be a positive number (got ${o[k]})`);
  return o;
}

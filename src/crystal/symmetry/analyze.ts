import { latticeFromMatrix } from "../lattice.js";
import { type Structure, isDisordered, makeStructure } from "../structure.js";
import type { MoyoCell, MoyoOperation } from "@spglib/moyo-wasm";
import { callMoyo, rowMajorFromColumnMajor } from "./moyo-bridge.js";
import { SymmetryError } from "./errors.js";
import { operationsPassSpglibTest } from "./spglib-tolerance.js";
import type { SymmetryDataset, SymmetryOperation, SymmetryOptions } from "./types.js";

/** Default distance tolerance of symmetry analysis (Å). */
export const DEFAULT_SYMPREC = 0.01;

/** Our structure as moyo's cell JSON (lattice rows = basis vectors, fractional positions, Z numbers). */
export function moyoCellJson(s: Structure): string {
  const n = s.species.length;
  const positions: number[][] = [];
  for (let i = 0; i < n; i++) positions.push([s.fracCoords[3 * i]!, s.fracCoords[3 * i + 1]!, s.fracCoords[3 * i + 2]!]);
  return JSON.stringify({ lattice: { basis: Array.from(s.lattice.matrix) }, positions, numbers: Array.from(s.species) });
}

/** moyo's cell as our structure (basis already lists a, b, c in order; see moyo-bridge). */
export function structureFromMoyoCell(cell: MoyoCell): Structure {
  return makeStructure({ lattice: latticeFromMatrix(cell.lattice.basis), species: cell.numbers, fracCoords: cell.positions.flat() });
}

/** moyo's operation (column-major rotation) as ours (row-major rotation). */
export function operationFromMoyo(op: MoyoOperation): SymmetryOperation {
  return { rotation: rowMajorFromColumnMajor(op.rotation), translation: [op.translation[0], op.translation[1], op.translation[2]] };
}

/** spglib's factor for shrinking the tolerance when the operations found do not pass its test (symmetry.c REDUCE_RATE). */
const REDUCE_RATE = 0.95;
/** Attempts of tolerance reduction before giving up and keeping moyo's answer at the last tolerance tried. */
const MAX_REDUCTIONS = 20;

/**
 * Space group, operations, Wyckoff letters and standardised cells of an ordered structure (moyo, spglib's
 * successor). `symprec` (Å, default 0.01) is the distance tolerance. With `tolerance: "spglib"` (default) every
 * operation moyo returns must also pass spglib's pivot test (see spglib-tolerance.ts); otherwise symprec is reduced
 * by 5 % and moyo asked again, as spglib does, so that space groups agree with spglib/pymatgen-based references;
 * `tolerance: "moyo"` keeps moyo's own, more lenient answer. The tolerance finally used is `symprec` of the result.
 * Throws SymmetryError for disordered or empty structures, non-positive symprec, or when moyo fails (for example
 * overlapping atoms).
 */
export function analyzeSymmetry(structure: Structure, options: SymmetryOptions = {}): SymmetryDataset {
  const symprec = options.symprec ?? DEFAULT_SYMPREC;
  const setting = options.setting ?? "Standard";
  if (!(symprec > 0)) throw new SymmetryError(`symmetry analysis: symprec must be a positive distance in Å (got ${symprec})`);
  if (isDisordered(structure)) throw new SymmetryError("symmetry analysis: the structure is disordered (partial occupancies); order it first");
  if (structure.species.length === 0) throw new SymmetryError("symmetry analysis: the structure has no sites");
  const cell = moyoCellJson(structure);
  const run = (tol: number) => callMoyo(`symmetry analysis (symprec ${tol} Å) failed`, (m) => m.analyze_cell(cell, tol, setting));
  let d = run(symprec);
  let operations = d.operations.map(operationFromMoyo);
  if ((options.tolerance ?? "spglib") === "spglib") {
    let tol = symprec;
    for (let k = 0; k < MAX_REDUCTIONS && !operationsPassSpglibTest(structure, operations, tol); k++) {
      tol *= REDUCE_RATE;
      try {
        d = run(tol);
      } catch {
        break; // moyo found no consistent group at the smaller tolerance: keep the last answer
      }
      operations = d.operations.map(operationFromMoyo);
    }
  }
  return {
    number: d.number,
    hallNumber: d.hall_number,
    hmSymbol: d.hm_symbol,
    operations,
    orbits: d.orbits,
    wyckoffs: d.wyckoffs,
    siteSymmetrySymbols: d.site_symmetry_symbols,
    stdCell: structureFromMoyoCell(d.std_cell),
    primStdCell: structureFromMoyoCell(d.prim_std_cell),
    stdLinear: rowMajorFromColumnMajor(d.std_linear),
    stdOriginShift: [d.std_origin_shift[0], d.std_origin_shift[1], d.std_origin_shift[2]],
    stdRotationMatrix: rowMajorFromColumnMajor(d.std_rotation_matrix),
    pearsonSymbol: d.pearson_symbol,
    symprec: d.symprec,
  };
}

/** The standardised conventional cell (idealised lattice, ITA standard setting), symprec in Å. */
export function standardConventionalCell(structure: Structure, options: SymmetryOptions = {}): Structure {
  return analyzeSymmetry(structure, options).stdCell;
}

/** The standardised primitive cell (idealised lattice), symprec in Å. */
export function standardPrimitiveCell(structure: Structure, options: SymmetryOptions = {}): Structure {
  return analyzeSymmetry(structure, options).primStdCell;
}

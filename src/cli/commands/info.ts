import { fullFormula, reducedFormula } from "../../crystal/composition.js";
import { latticeParameters, latticeVolume } from "../../crystal/lattice.js";
import { type Structure, density } from "../../crystal/structure.js";
import { analyzeSymmetry } from "../../crystal/symmetry/analyze.js";
import { spaceGroupInfo } from "../../crystal/symmetry/space-groups.js";
import { loadStructuresCsv } from "../../datasets/load.js";
import { parseArgs, CliUsageError } from "../args.js";
import { readStructuresFile } from "../../crystal/io/files.js";
import type { CliCommand, CliIO } from "../types.js";

/** Default distance tolerance of `xtal info` symmetry analysis (Å), as pymatgen's SpacegroupAnalyzer. */
const INFO_SYMPREC = 0.1;

/** What `xtal info` reports about one structure. Lengths Å, angles degrees, volume Å³, density g/cm³. */
export interface StructureInfo {
  formula: string;
  fullFormula: string;
  nsites: number;
  a: number;
  b: number;
  c: number;
  alpha: number;
  beta: number;
  gamma: number;
  volume: number;
  density: number;
  /** ITA number and short Hermann–Mauguin symbol without spaces (pymatgen's get_space_group_symbol, e.g. "P6_3mc"). */
  spaceGroup: { number: number; symbol: string } | null;
  symprec: number;
  symmetryError?: string;
}

/** Summary of one structure: formula, sites, lattice parameters, volume, density and space group at `symprec` (Å). */
export function structureInfo(s: Structure, symprec: number): StructureInfo {
  const p = latticeParameters(s.lattice);
  let spaceGroup: StructureInfo["spaceGroup"] = null;
  let symmetryError: string | undefined;
  try {
    const sym = analyzeSymmetry(s, { symprec });
    spaceGroup = { number: sym.number, symbol: spaceGroupInfo(sym.number).hmShort.replace(/ /g, "") };
  } catch (e) {
    symmetryError = e instanceof Error ? e.message : String(e);
  }
  return {
    formula: reducedFormula(s.species, s.occupancies),
    fullFormula: fullFormula(s.species, s.occupancies),
    nsites: s.species.length,
    ...p,
    volume: latticeVolume(s.lattice),
    density: density(s),
    spaceGroup,
    symprec,
    ...(symmetryError ? { symmetryError } : {}),
  };
}

const fmt = (x: number, d: number) => x.toFixed(d);

function infoText(label: string, i: StructureInfo): string {
  return [
    `${label}`,
    `  formula      ${i.formula} (${i.fullFormula})`,
    `  sites        ${i.nsites}`,
    `  lattice      a ${fmt(i.a, 4)}  b ${fmt(i.b, 4)}  c ${fmt(i.c, 4)} Å   α ${fmt(i.alpha, 3)}  β ${fmt(i.beta, 3)}  γ ${fmt(i.gamma, 3)}°`,
    `  volume       ${fmt(i.volume, 4)} Å³`,
    `  density      ${fmt(i.density, 4)} g/cm³`,
    `  space group  ${i.spaceGroup ? `${i.spaceGroup.symbol} (${i.spaceGroup.number})` : `unknown (${i.symmetryError})`}  [symprec ${i.symprec} Å]`,
  ].join("\n");
}

const FLAGS = {
  json: { type: "boolean" },
  format: { type: "string" },
  symprec: { type: "number" },
  csv: { type: "boolean" },
  strict: { type: "boolean" },
  limit: { type: "number" },
  "cif-column": { type: "string" },
} as const;

async function runCsv(path: string, flags: { json: boolean; strict: boolean; limit: number | undefined; "cif-column": string | undefined }, symprec: number, io: CliIO): Promise<number> {
  const ds = await loadStructuresCsv(path, {
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    ...(flags["cif-column"] ? { cifColumn: flags["cif-column"] } : {}),
  });
  const bad = ds.provenance.rowsRejected;
  let b = 0;
  const emitBad = (upTo: number) => {
    for (; b < bad.length && bad[b]!.row < upTo; b++) {
      const r = bad[b]!;
      if (flags.json) io.stdout(`${JSON.stringify({ row: r.row, line: r.line, ...(r.id !== undefined ? { id: r.id } : {}), error: r.reason })}\n`);
      else io.stdout(`row ${r.row}${r.id !== undefined ? ` (${r.id})` : ""}: error: ${r.reason}\n`);
    }
  };
  for (const s of ds.structures) {
    const row = Number(s.properties!.row);
    emitBad(row);
    const info = structureInfo(s, symprec);
    const id = String(s.properties!.id);
    if (flags.json) io.stdout(`${JSON.stringify({ row, id, ...info })}\n`);
    else io.stdout(`${infoText(`row ${row} (${id})`, info)}\n`);
  }
  emitBad(Infinity);
  return flags.strict && bad.length > 0 ? 2 : 0;
}

const info: CliCommand = {
  name: "info",
  summary: "formula, lattice, volume, density and space group of a structure file (or every row of a CIF CSV)",
  usage: [
    "usage: xtal info FILE [--json] [--format cif|poscar|extxyz|json] [--symprec Å]",
    "       xtal info --csv FILE.csv[.gz] [--json] [--strict] [--limit N] [--cif-column cif] [--symprec Å]",
    "",
    `  --symprec   symmetry distance tolerance in Å (default ${INFO_SYMPREC})`,
    "  --json      one JSON object per structure, one per line",
    "  --csv       FILE is a CSV with one CIF per row (implied by a .csv or .csv.gz name); bad rows print an",
    "              `error` line with the row number",
    "  --strict    with --csv: exit 2 when any row is bad",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length !== 1) throw new CliUsageError(`info: expected one FILE, got ${positionals.length}`);
    const path = positionals[0]!;
    const symprec = flags.symprec ?? INFO_SYMPREC;
    if (!(symprec > 0)) throw new CliUsageError(`info: --symprec must be a positive distance in Å (got ${symprec})`);
    if (flags.csv || /\.csv(\.gz)?$/i.test(path)) return runCsv(path, flags, symprec, io);
    const structures = readStructuresFile(path, flags.format ? { format: flags.format } : {});
    structures.forEach((s, k) => {
      const i = structureInfo(s, symprec);
      if (flags.json) io.stdout(`${JSON.stringify({ file: path, ...(structures.length > 1 ? { index: k } : {}), ...i })}\n`);
      else io.stdout(`${infoText(structures.length > 1 ? `${path} [${k}]` : path, i)}\n`);
    });
    return 0;
  },
};

export default info;

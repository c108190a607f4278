import { fullFormula, reducedFormula } from "../../crystal/composition.js";
import { latticeParameters, latticeVolume } from "../../crystal/lattice.js";
import { type Structure, density } from "../../crystal/structure.js";
import { analyzeSymmetry } from "../../crystal/symmetry/analyze.js";
import { spaceGroupInfo } from "../../crystal/symmetry/space-groups.js";
import { loadStructuresCsv } from "../../datasets/load.js";
import { ParseError } from "../../crystal/errors.js";
import { parseArgs, CliUsageError } from "../args.js";
import { type DisorderedSite, positionsAndDisorder } from "../disordered-sites.js";
import { readStructuresReporting } from "../read-structures.js";
import type { CliCommand, CliIO } from "../types.js";

/** Default distance tolerance of `xtal info` symmetry analysis (Å), as pymatgen's SpacegroupAnalyzer. */
const INFO_SYMPREC = 0.1;

/** What `xtal info` reports about one structure. Lengths Å, angles degrees, volume Å³, density g/cm³. */
export interface StructureInfo {
  /** Reduced formula in pymatgen's convention (occupancies counted). */
  formula: string;
  fullFormula: string;
  /** Sites as pymatgen counts them: co-located partial sites are one site. */
  nsites: number;
  /** The positions with several species or occupancies below 1 (absent for an ordered structure). */
  disorderedSites?: DisorderedSite[];
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
  const { positions, disordered } = positionsAndDisorder(s);
  return {
    formula: reducedFormula(s.species, s.occupancies),
    fullFormula: fullFormula(s.species, s.occupancies),
    nsites: positions,
    ...(disordered.length > 0 ? { disorderedSites: disordered } : {}),
    ...p,
    volume: latticeVolume(s.lattice),
    density: density(s),
    spaceGroup,
    symprec,
    ...(symmetryError ? { symmetryError } : {}),
  };
}

const fmt = (x: number, d: number) => x.toFixed(d);

/** One line per disordered site: "site 3 (0.5000, 0.0000, 0.0000): Na 0.6, K 0.4". */
function disorderLines(sites: readonly DisorderedSite[]): string[] {
  return sites.map((d) => `               site ${d.site} (${d.frac.map((x) => fmt(x, 4)).join(", ")}): ${d.species.map((p) => `${p.element} ${p.occupancy}`).join(", ")}`);
}

function infoText(label: string, i: StructureInfo, structures: number): string {
  return [
    `${label}`,
    ...(structures > 1 ? [`  structures   ${structures} in the file; this is the first (xtal convert --index N extracts another)`] : []),
    `  formula      ${i.formula} (${i.fullFormula})`,
    `  sites        ${i.nsites}${i.disorderedSites ? `, ${i.disorderedSites.length} disordered:` : ""}`,
    ...disorderLines(i.disorderedSites ?? []),
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
    else io.stdout(`${infoText(`row ${row} (${id})`, info, 1)}\n`);
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
    "  --json      one JSON object (per structure with --csv), one per line, with the reader's `warnings`",
    "  A file with several structures: the first is described and the count is given. Reader warnings go to stderr.",
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
    const entries = readStructuresReporting(path, flags.format, io);
    const first = entries[0];
    if (!first) throw new ParseError("structure", path, 0, "no structure in the file");
    const i = structureInfo(first.structure, symprec);
    if (flags.json) io.stdout(`${JSON.stringify({ file: path, structures: entries.length, ...i, warnings: first.warnings })}\n`);
    else io.stdout(`${infoText(path, i, entries.length)}\n`);
    return 0;
  },
};

export default info;

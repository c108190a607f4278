import { elementSymbol } from "../../crystal/elements.js";
import { type LatticeParameters, latticeParameters } from "../../crystal/lattice.js";
import type { Structure } from "../../crystal/structure.js";
import { DEFAULT_SYMPREC, analyzeSymmetry } from "../../crystal/symmetry/analyze.js";
import { wyckoffPositions } from "../../crystal/symmetry/space-groups.js";
import { CliUsageError, parseArgs } from "../args.js";
import { readStructuresReporting } from "../read-structures.js";
import type { CliCommand } from "../types.js";

/** A cell as `xtal symmetry --json` prints it: lattice parameters (Å, degrees) and sites (element, fractional xyz). */
interface CellReport {
  lattice: LatticeParameters;
  sites: { element: string; frac: [number, number, number] }[];
}

/** What `xtal symmetry` reports about one structure. */
export interface SymmetryReport {
  spaceGroup: { number: number; symbol: string; compactSymbol: string };
  hallNumber: number;
  pearsonSymbol: string;
  /** Distance tolerance requested (Å) and the one finally used after spglib-style reduction. */
  symprec: number;
  symprecUsed: number;
  sites: { index: number; element: string; wyckoff: string; siteSymmetry: string; orbit: number }[];
  conventional: CellReport;
  primitive: CellReport;
}

function cellReport(s: Structure): CellReport {
  return {
    lattice: latticeParameters(s.lattice),
    sites: Array.from(s.species, (z, i) => ({ element: elementSymbol(z), frac: [s.fracCoords[3 * i]!, s.fracCoords[3 * i + 1]!, s.fracCoords[3 * i + 2]!] })),
  };
}

/** Space group, Wyckoff letters (with multiplicity) and standardised cells of a structure at `symprec` (Å). */
export function symmetryReport(s: Structure, symprec: number): SymmetryReport {
  const d = analyzeSymmetry(s, { symprec });
  const multiplicity = new Map(wyckoffPositions(d.hallNumber).map((w) => [w.letter, w.multiplicity]));
  return {
    spaceGroup: { number: d.number, symbol: d.hmSymbol, compactSymbol: d.hmSymbol.replace(/ /g, "") },
    hallNumber: d.hallNumber,
    pearsonSymbol: d.pearsonSymbol,
    symprec,
    symprecUsed: d.symprec,
    sites: Array.from(s.species, (z, i) => ({
      index: i,
      element: elementSymbol(z),
      wyckoff: `${multiplicity.get(d.wyckoffs[i]!) ?? ""}${d.wyckoffs[i]}`,
      siteSymmetry: d.siteSymmetrySymbols[i]!,
      orbit: d.orbits[i]!,
    })),
    conventional: cellReport(d.stdCell),
    primitive: cellReport(d.primStdCell),
  };
}

function cellText(title: string, c: CellReport): string[] {
  const p = c.lattice;
  return [
    `  ${title} (${c.sites.length} sites)`,
    `    a ${p.a.toFixed(4)}  b ${p.b.toFixed(4)}  c ${p.c.toFixed(4)} Å   α ${p.alpha.toFixed(3)}  β ${p.beta.toFixed(3)}  γ ${p.gamma.toFixed(3)}°`,
    ...c.sites.map((s) => `    ${s.element.padEnd(3)} ${s.frac.map((x) => x.toFixed(6).padStart(10)).join("")}`),
  ];
}

function reportText(label: string, r: SymmetryReport): string {
  const used = r.symprecUsed < r.symprec * (1 - 1e-9) ? `, reduced to ${r.symprecUsed.toPrecision(3)} Å` : "";
  return [
    label,
    `  space group  ${r.spaceGroup.compactSymbol} (${r.spaceGroup.number})  Hall ${r.hallNumber}  Pearson ${r.pearsonSymbol}  [symprec ${r.symprec} Å${used}]`,
    "  sites (Wyckoff position, site symmetry)",
    ...r.sites.map((s) => `    ${String(s.index).padStart(3)}  ${s.element.padEnd(3)} ${s.wyckoff.padEnd(5)} ${s.siteSymmetry}`),
    ...cellText("standardised conventional cell", r.conventional),
    ...cellText("standardised primitive cell", r.primitive),
  ].join("\n");
}

const FLAGS = { json: { type: "boolean" }, format: { type: "string" }, symprec: { type: "number" } } as const;

const symmetry: CliCommand = {
  name: "symmetry",
  summary: "space group, Wyckoff positions and standardised cells of a structure file (moyo)",
  usage: [
    "usage: xtal symmetry FILE [--symprec Å] [--json] [--format cif|poscar|extxyz|json]",
    "",
    `  --symprec   distance tolerance in Å (default ${DEFAULT_SYMPREC}); reduced by 5 % steps until spglib's test passes`,
    "  --json      one JSON object per structure, one per line, with the reader's `warnings` (also on stderr)",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length !== 1) throw new CliUsageError(`symmetry: expected one FILE, got ${positionals.length}`);
    const symprec = flags.symprec ?? DEFAULT_SYMPREC;
    if (!(symprec > 0)) throw new CliUsageError(`symmetry: --symprec must be a positive distance in Å (got ${symprec})`);
    const path = positionals[0]!;
    const structures = readStructuresReporting(path, flags.format, io);
    structures.forEach(({ structure: s, warnings }, k) => {
      const r = symmetryReport(s, symprec);
      if (flags.json) io.stdout(`${JSON.stringify({ file: path, ...(structures.length > 1 ? { index: k } : {}), ...r, warnings })}\n`);
      else io.stdout(`${reportText(structures.length > 1 ? `${path} [${k}]` : path, r)}\n`);
    });
    return 0;
  },
};

export default symmetry;

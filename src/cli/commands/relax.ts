// `xtal relax IN … [--out OUT]`: relaxes crystals with the M3GNet potential (FIRE, positions and cell together).
import * as aq from "arquero";
import { reducedFormula } from "../../crystal/composition.js";
import { writeStructureFile } from "../../crystal/io/files.js";
import { latticeParameters, latticeVolume } from "../../crystal/lattice.js";
import { writeExtxyz } from "../../crystal/io/extxyz.js";
import { writeFileSync } from "node:fs";
import { exportTable } from "../../datasets/export.js";
import { initBackend, loadM3gnetPotential } from "../../models/index.js";
import { type RelaxResult, relaxStructures } from "../../stability/index.js";
import { CliUsageError, parseArgs } from "../args.js";
import { loadAllCrystals } from "../crystal-inputs.js";
import { progressLines } from "../progress-lines.js";
import { RELAX_FLAGS, RELAX_USAGE, relaxOptionsOf } from "../stability-flags.js";
import type { CliCommand } from "../types.js";

const FLAGS = { ...RELAX_FLAGS, out: { type: "string" }, json: { type: "boolean" }, "id-column": { type: "string" }, strict: { type: "boolean" } } as const;

/** The per-crystal summary of a relaxation: what the table and the --json lines report. */
function summaryOf(id: string, r: RelaxResult): Record<string, string | number | null> {
  const n = r.structure.species.length;
  const last = r.maxForces.length ? r.maxForces[r.maxForces.length - 1]! : null;
  const cell = r.energy === null ? null : latticeParameters(r.structure.lattice);
  return {
    id, formula: n ? reducedFormula(r.structure.species) : "", status: r.status, steps: r.steps,
    energy_eV: r.energy, energy_per_atom_eV: r.energy === null ? null : r.energy / n, max_force_eV_per_A: last,
    initial_energy_eV: r.energies.length ? r.energies[0]! : null,
    a: cell?.a ?? null, b: cell?.b ?? null, c: cell?.c ?? null, alpha: cell?.alpha ?? null, beta: cell?.beta ?? null, gamma: cell?.gamma ?? null,
    volume_A3: cell ? latticeVolume(r.structure.lattice) : null, reason: r.reason ?? "",
  };
}

const relax: CliCommand = {
  name: "relax",
  summary: "relax crystals with the M3GNet universal potential (FIRE with a cell filter; converged / not-converged / exploded / refused)",
  usage: [
    "usage: xtal relax IN [IN …] [--out OUT.csv|OUT.extxyz|OUT.cif] [--fmax F] [--steps N] [--fixed-cell] [--workers N] [--json] [--strict]",
    "",
    "  IN             structure files, folders of them, or CSVs with a cif column (one crystal per row)",
    "  --out          CSV: the relaxed crystals (cif column) with status, steps, energies, cell; .extxyz: all relaxed crystals;",
    "                 a structure file (.cif, POSCAR …): the single relaxed crystal",
    ...RELAX_USAGE,
    "  Every crystal is reported: converged, not-converged (step limit), exploded (non-finite or runaway) or refused",
    "  (unknown element, overlapping atoms, non-finite numbers, unreadable) with the reason; --strict exits 2 unless",
    "  all converged. Uses M3GNet-MP-2021.2.8-PES (matgl, shipped in data/potentials).",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length === 0) throw new CliUsageError("relax: expected at least one input (structure file, folder or CSV)");
    const options = relaxOptionsOf("relax", flags);
    const { structures, ids, readErrors } = await loadAllCrystals("relax", positionals, flags["id-column"]);
    const out = flags.out;
    if (out && !/\.(csv|csv\.gz|extxyz|xyz)$/i.test(out) && structures.length !== 1)
      throw new CliUsageError(`relax: --out ${out} holds one structure, but there are ${structures.length} crystals (use .csv or .extxyz)`);
    await initBackend();
    const potential = loadM3gnetPotential();
    const started = performance.now();
    const results = await relaxStructures(potential, structures, { ...options, onProgress: progressLines(io, "relaxed"), onWarning: (m) => io.stderr(`${m}\n`) });
    const seconds = (performance.now() - started) / 1000;
    // Unreadable inputs reach the relaxation as empty placeholders, refused there; report the reader's reason instead.
    const rows = results.map((r, i) => summaryOf(ids[i]!, readErrors[i] ? { ...r, reason: readErrors[i] } : r));
    for (const row of rows) io.stdout(flags.json ? `${JSON.stringify(row)}\n` : `${row.id}  ${row.formula}  ${row.status}  steps=${row.steps}${row.energy_per_atom_eV === null ? "" : `  E=${Number(row.energy_per_atom_eV).toFixed(4)} eV/atom  max|F|=${Number(row.max_force_eV_per_A).toFixed(4)} eV/Å`}${row.reason ? `  (${row.reason})` : ""}\n`);
    if (out) {
      const relaxed = results.map((r) => r.structure);
      if (/\.(csv|csv\.gz)$/i.test(out)) {
        const columns = Object.fromEntries(Object.keys(rows[0] ?? {}).map((k) => [k, rows.map((r) => r[k])]));
        exportTable({ table: aq.table(columns), structures: relaxed }, out, { format: "csv" });
      } else if (/\.(extxyz|xyz)$/i.test(out)) writeFileSync(out, writeExtxyz(relaxed));
      else writeStructureFile(out, relaxed[0]!);
    }
    const tally = new Map<string, number>();
    for (const r of results) tally.set(r.status, (tally.get(r.status) ?? 0) + 1);
    const counts = [...tally].map(([status, count]) => `${count} ${status}`).join(", ");
    io.stderr(`relax: ${counts} of ${results.length} in ${seconds.toFixed(1)} s (${potential.name})${out ? `; wrote ${out}` : ""}\n`);
    return flags.strict && results.some((r) => r.status !== "converged") ? 2 : 0;
  },
};

export default relax;

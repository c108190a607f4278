// `xtal energy IN … [--model pes|eform]`: M3GNet energies, forces and stress (pes) or formation energies (eform) of crystals.
import { writeFileSync } from "node:fs";
import { reducedFormula } from "../../crystal/composition.js";
import type { Structure } from "../../crystal/structure.js";
import { initBackend, loadM3gnetPotential } from "../../models/index.js";
import { type PotentialEvaluation, relaxStructures } from "../../stability/index.js";
import { CliUsageError, parseArgs, positiveIntegerFlag } from "../args.js";
import { loadAllCrystals } from "../crystal-inputs.js";
import { EFORM_FLAGS, EFORM_USAGE, formationEnergyModelOf } from "../eform-flags.js";
import { progressLines } from "../progress-lines.js";
import { comparisonLine, compareWithReference, referenceValues } from "../property-comparison.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  model: { type: "string" },
  json: { type: "boolean" },
  strict: { type: "boolean" },
  "id-column": { type: "string" },
  "batch-atoms": { type: "number" },
  compare: { type: "string" },
  report: { type: "string" },
  workers: { type: "number" },
  ...EFORM_FLAGS,
} as const;

/** One output row: the crystal, then either the model's numbers or the reason it was refused. */
type EnergyRow = Record<string, string | number>;

/** Crystals evaluated per call (progress is reported between calls). */
const CHUNK = 64;

/** The numbers `--model pes` reports for one crystal: energies (eV), max |F| (eV/Å), pressure and stress (GPa). */
function potentialColumns(s: Structure, ev: PotentialEvaluation): EnergyRow {
  const n = s.species.length;
  const maxForce = Math.max(0, ...Array.from({ length: n }, (_, a) => Math.hypot(ev.forces[3 * a]!, ev.forces[3 * a + 1]!, ev.forces[3 * a + 2]!)));
  return {
    energy_eV: ev.energy, energy_per_atom_eV: ev.energy / n, max_force_eV_per_A: maxForce,
    pressure_GPa: -(ev.stress[0]! + ev.stress[4]! + ev.stress[8]!) / 3, stress_GPa: Array.from(ev.stress, (x) => x.toFixed(4)).join(" "),
  };
}

const formatRow = (r: EnergyRow) => Object.entries(r).map(([k, v]) => `${k}=${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(5) : v}`).join("  ");

const energy: CliCommand = {
  name: "energy",
  summary: "M3GNet total energy, forces and stress (--model pes) or formation energy (--model eform) of crystals",
  usage: [
    "usage: xtal energy IN [IN …] [--model pes|eform] [--json] [--strict] [--id-column C] [--batch-atoms N] [--workers N]",
    "",
    "  IN             structure files, folders of them, or CSVs with a cif column (one crystal per row)",
    "  --model pes    (default) M3GNet-MP-2021.2.8-PES: energy (eV, eV/atom), max |force| (eV/Å), pressure and stress (GPa)",
    "  --model eform  M3GNet-MP-2018.6.1-Eform: formation energy (eV/atom)",
    "  --batch-atoms  atoms per graph (default 256; lower it to save memory)",
    "  --workers N    pes: worker threads evaluating chunks of 64 crystals at once (default: CRYSTAL_WORKERS, else all cores; same numbers for any N)",
    "  --compare C    compare with the CSV column C (e.g. formation_energy_per_atom with --model eform): MAE with its",
    "                 95 % interval, RMSE, median error and the per-element mean signed error on stderr",
    "  --report F     with --compare: write those numbers and the command's settings to F (JSON)",
    ...EFORM_USAGE,
    "  Crystals the model cannot evaluate (unknown element, overlapping atoms, non-finite numbers, unreadable; with pes also",
    "  a non-finite result or a force above 10⁴ eV/Å) get an `error` with the reason and the others are still evaluated;",
    "  --strict exits 2 when any was refused.",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length === 0) throw new CliUsageError("energy: expected at least one input (structure file, folder or CSV)");
    const which = flags.model ?? "pes";
    if (which !== "pes" && which !== "eform") throw new CliUsageError(`energy: --model must be pes or eform (got "${which}")`);
    if (flags.report && !flags.compare) throw new CliUsageError("energy: --report needs --compare COLUMN");
    if (flags["eform-shift"] && which !== "eform") throw new CliUsageError("energy: --eform-shift applies to --model eform only");
    const workers = positiveIntegerFlag("energy", "workers", flags.workers);
    const { structures, ids, readErrors } = await loadAllCrystals("energy", positionals, flags["id-column"]);
    await initBackend();
    const options = flags["batch-atoms"] !== undefined ? { atomsPerBatch: flags["batch-atoms"] } : {};
    const potential = which === "pes" ? loadM3gnetPotential(undefined, options) : null;
    const eform = which === "eform" ? formationEnergyModelOf(flags, options) : null;
    const model = (potential ?? eform)!;
    const rows: EnergyRow[] = structures.map((s, i) => ({ id: ids[i]!, formula: s.species.length ? reducedFormula(s.species) : "", atoms: s.species.length }));
    const refusals = structures.map((s, i) => readErrors[i] ?? model.refusal(s));
    const accepted = structures.flatMap((_, i) => (refusals[i] ? [] : [i]));
    const progress = progressLines(io, `${model.name}: evaluated`);
    if (potential) {
      // A relaxation of 0 steps is one evaluation per crystal, in chunks of CHUNK on the worker threads.
      const evaluated = await relaxStructures(potential, accepted.map((i) => structures[i]!), {
        maxSteps: 0, batchSize: CHUNK, chunkSize: CHUNK, ...(workers !== undefined ? { workers } : {}), onProgress: progress, onWarning: (m) => io.stderr(`${m}\n`),
      });
      evaluated.forEach((r, k) => {
        const i = accepted[k]!;
        if (r.energy === null) refusals[i] = r.reason;
        else Object.assign(rows[i]!, potentialColumns(structures[i]!, { energy: r.energy, forces: r.forces!, stress: r.stress! }));
      });
    } else {
      for (let start = 0; start < accepted.length; start += CHUNK) {
        const idx = accepted.slice(start, start + CHUNK);
        (await eform!.predict(idx.map((i) => structures[i]!))).forEach((v, k) => Object.assign(rows[idx[k]!]!, { formation_energy_per_atom_eV: v }));
        progress(Math.min(start + CHUNK, accepted.length), accepted.length);
      }
    }
    refusals.forEach((why, i) => why && (rows[i]!["error"] = why));
    for (const r of rows) io.stdout(flags.json ? `${JSON.stringify(r)}\n` : `${formatRow(r)}\n`);
    if (flags.compare) {
      const column = which === "pes" ? "energy_per_atom_eV" : "formation_energy_per_atom_eV";
      const predicted = rows.map((r) => (typeof r[column] === "number" ? (r[column] as number) : NaN));
      const errors = compareWithReference(structures, predicted, referenceValues(structures, flags.compare, "energy"));
      io.stderr(comparisonLine("energy", column, flags.compare, errors));
      if (flags.report) writeFileSync(flags.report, `${JSON.stringify({ command: ["xtal", "energy", ...argv].join(" "), model: model.name, inputs: positionals, compared: column, reference: flags.compare, refused: refusals.filter(Boolean).length, errors }, null, 2)}\n`);
    }
    const refused = refusals.filter(Boolean).length;
    if (refused) io.stderr(`energy: ${refused} of ${structures.length} crystals refused (see their error)\n`);
    return flags.strict && refused ? 2 : 0;
  },
};

export default energy;

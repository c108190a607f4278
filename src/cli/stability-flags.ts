// Flags shared by the commands that relax crystals and judge their stability (xtal relax, stability, metrics --stability).
import { type RelaxOptions, type HullEntrySource, type HullReferences, buildHullReferences, loadHullEntrySources, readHullEntriesFile } from "../stability/index.js";
import { CliUsageError, positiveIntegerFlag } from "./args.js";
import type { CliIO } from "./types.js";

/** Relaxation flags: --fmax, --steps, --fixed-cell, --batch-size, --workers. */
export const RELAX_FLAGS = {
  fmax: { type: "number" },
  steps: { type: "number" },
  "fixed-cell": { type: "boolean" },
  "batch-size": { type: "number" },
  workers: { type: "number" },
} as const;

/** Hull flags: --hull DATASET[,…] and --entries FILE. */
export const HULL_FLAGS = {
  hull: { type: "string" },
  entries: { type: "string" },
} as const;

/** Usage lines of RELAX_FLAGS. */
export const RELAX_USAGE = [
  "  --fmax F       converged when every force (and cell force) is below F eV/Å (default 0.05)",
  "  --steps N      at most N FIRE steps per crystal (default 500)",
  "  --fixed-cell   relax positions only (default: positions and cell together, as ASE's ExpCellFilter)",
  "  --batch-size B crystals per potential evaluation (default 32)",
  "  --workers N    worker threads relaxing chunks of 64 crystals at once (default: CRYSTAL_WORKERS, else all cores; same results for any N)",
];

/** Usage lines of HULL_FLAGS. */
export const HULL_USAGE = [
  "  --hull D[,…]   datasets whose DFT formation energies (every split present) form the hull (mp_20_biternary, mpts_52);",
  "                 default: the --reference datasets that have formation energies",
  "  --entries F    extra hull entries: CSV (composition|formula, formation_energy_per_atom[, id]) or MP-style JSON",
];

/**
 * The relaxation options of the flags.
 * @throws CliUsageError for a non-positive fmax, a negative/non-integer step count, a bad batch size or worker count.
 */
export function relaxOptionsOf(
  command: string,
  flags: { fmax?: number | undefined; steps?: number | undefined; "fixed-cell"?: boolean; "batch-size"?: number | undefined; workers?: number | undefined },
): RelaxOptions {
  const workers = positiveIntegerFlag(command, "workers", flags.workers);
  if (flags.fmax !== undefined && !(flags.fmax > 0)) throw new CliUsageError(`${command}: --fmax must be a positive force in eV/Å (got ${flags.fmax})`);
  if (flags.steps !== undefined && !(Number.isInteger(flags.steps) && flags.steps >= 0)) throw new CliUsageError(`${command}: --steps must be an integer ≥ 0 (got ${flags.steps})`);
  positiveIntegerFlag(command, "batch-size", flags["batch-size"]);
  return {
    ...(flags.fmax !== undefined ? { fmax: flags.fmax } : {}),
    ...(flags.steps !== undefined ? { maxSteps: flags.steps } : {}),
    ...(flags["fixed-cell"] ? { fixedCell: true } : {}),
    ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}),
    ...(workers !== undefined ? { workers } : {}),
  };
}

/**
 * The hull of --hull datasets (or, by default, `defaultDatasets`) plus an --entries file, reporting what was read.
 * @throws CliUsageError when neither gives any source; HullSourceError / EntriesFileError for bad sources (exit 2).
 */
export async function hullReferencesOf(command: string, flags: { hull?: string | undefined; entries?: string | undefined }, defaultDatasets: readonly string[], io: CliIO): Promise<HullReferences> {
  const datasets = flags.hull ? flags.hull.split(",").map((d) => d.trim()).filter(Boolean) : defaultDatasets;
  const sources: HullEntrySource[] = [];
  for (const name of datasets) {
    const { sources: found, missingSplits } = await loadHullEntrySources(name);
    sources.push(...found);
    if (missingSplits.length) io.stderr(`${command}: hull from ${name} without its ${missingSplits.join(", ")} split(s) (not present)\n`);
  }
  if (flags.entries) sources.push(readHullEntriesFile(flags.entries));
  if (sources.length === 0) throw new CliUsageError(`${command}: no hull references: pass --hull mp_20_biternary,mpts_52 (datasets with DFT formation energies) and/or --entries FILE`);
  const references = buildHullReferences(sources);
  io.stderr(`${command}: hull references: ${references.provenance.map((p) => `${p.entries} from ${p.source}`).join(", ")} (elements at 0 eV/atom)\n`);
  return references;
}

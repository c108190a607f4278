// `xtal stability --generated FILE --reference DATASET:SPLIT[,…] --out table.csv`: relax generated crystals with M3GNet,
// predict their formation energies, place them on a DFT hull and report S.U.N. per crystal and in summary.
import { writeFileSync } from "node:fs";
import type { Structure } from "../../crystal/structure.js";
import { datasetSpec } from "../../datasets/registry.js";
import { loadDataset } from "../../datasets/load.js";
import { initBackend, loadM3gnetPotential } from "../../models/index.js";
import { FORMATION_ENERGY_COLUMN, assessStability, stabilitySummaryRows, stabilityTableToCsv } from "../../stability/index.js";
import { CliUsageError, parseArgs, positiveIntegerFlag } from "../args.js";
import { loadAllCrystals } from "../crystal-inputs.js";
import { datasetSplits } from "../dataset-splits.js";
import { EFORM_FLAGS, EFORM_USAGE, formationEnergyModelOf } from "../eform-flags.js";
import { formatMetricRows } from "../metric-rows.js";
import { progressLines } from "../progress-lines.js";
import { HULL_FLAGS, HULL_USAGE, RELAX_FLAGS, RELAX_USAGE, hullReferencesOf, relaxOptionsOf } from "../stability-flags.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  ...RELAX_FLAGS, ...HULL_FLAGS, ...EFORM_FLAGS,
  generated: { type: "string", multiple: true },
  reference: { type: "string" },
  out: { type: "string" },
  report: { type: "string" },
  limit: { type: "number" },
  json: { type: "boolean" },
} as const;

const stability: CliCommand = {
  name: "stability",
  summary: "relax generated crystals with M3GNet, energy above a DFT hull, and the S.U.N. table (stable, unique, novel)",
  usage: [
    "usage: xtal stability --generated FILE [--generated …] --reference DATASET:SPLIT[,…] --out table.csv",
    "                      [--hull DATASET[,…]] [--entries FILE] [--report FILE.json] [--json] [relaxation flags]",
    "",
    "  --generated    CSV with a cif column, a folder of structure files, or one structure file (repeatable)",
    "  --reference    the training and reference crystals for novelty, e.g. perov_5:val,perov_5:test",
    ...HULL_USAGE,
    "  --out          the per-crystal table: id, formula, formation energy, E_hull, relaxation status and steps, RMSD to",
    "                 the relaxed crystal, unique, novel, stable at 0 and 0.1 eV/atom, S.U.N. (MatterGen, FlowMM), hull coverage",
    "  --report       the summary rows (95 % intervals), settings and counts as JSON",
    "  --limit N      only the first N generated crystals (e.g. a data baseline from a dataset CSV)",
    ...RELAX_USAGE,
    ...EFORM_USAGE,
    "  Relaxation: M3GNet-MP-2021.2.8-PES; formation energies: M3GNet-MP-2018.6.1-Eform (matgl, shipped in data/potentials).",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length) throw new CliUsageError(`stability: unexpected argument "${positionals[0]}"`);
    if (flags.generated.length === 0) throw new CliUsageError("stability: --generated FILE is required");
    if (!flags.reference) throw new CliUsageError("stability: --reference DATASET:SPLIT[,…] (the training and reference crystals for novelty) is required");
    if (!flags.out) throw new CliUsageError("stability: --out table.csv is required");
    const relax = relaxOptionsOf("stability", flags);
    const splits = datasetSplits(flags.reference, "stability", "--reference");
    positiveIntegerFlag("stability", "limit", flags.limit);
    const loaded = await loadAllCrystals("stability", flags.generated, undefined);
    for (const u of loaded.unreadable) io.stderr(`stability: unreadable generated crystal ${u.where}: ${u.reason} (refused, counted)\n`);
    const crystals = loaded.structures.map((structure, i) => ({ id: loaded.ids[i]!, structure }));
    if (flags.limit !== undefined) crystals.splice(flags.limit);
    const training: Structure[] = [];
    for (const [name, split] of splits) training.push(...(await loadDataset(name, split)).structures);
    const withFormationEnergies = [...new Set(splits.map(([name]) => name))].filter((name) => datasetSpec(name).columns.some((c) => c.name === FORMATION_ENERGY_COLUMN));
    const references = await hullReferencesOf("stability", flags, withFormationEnergies, io);
    await initBackend();
    const potential = loadM3gnetPotential();
    const formationEnergy = formationEnergyModelOf(flags);
    const progress = new Map<string, (d: number, t: number) => void>();
    const started = performance.now();
    const { table } = await assessStability(crystals, potential, formationEnergy, references, training, {
      relax: { ...relax, onWarning: (m) => io.stderr(`${m}\n`) },
      onProgress: (stage, done, total) => {
        if (!progress.has(stage)) progress.set(stage, progressLines(io, stage));
        progress.get(stage)!(done, total);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    writeFileSync(flags.out, stabilityTableToCsv(table.records));
    const rows = stabilitySummaryRows(table.summary);
    const settings = {
      generated: flags.generated, reference: flags.reference, hull: references.provenance, potential: potential.name, formationEnergy: formationEnergy.name,
      relax: { fmax: relax.fmax ?? 0.05, maxSteps: relax.maxSteps ?? 500, fixedCell: relax.fixedCell ?? false }, nGenerated: crystals.length, nReference: training.length, seconds, command: ["xtal", "stability", ...argv].join(" "),
    };
    if (flags.report) writeFileSync(flags.report, `${JSON.stringify({ metrics: rows, settings }, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`);
    io.stdout(flags.json ? `${JSON.stringify({ metrics: rows, settings })}\n` : `${formatMetricRows(rows)}wrote ${flags.out}${flags.report ? ` and ${flags.report}` : ""} (${crystals.length} crystals, ${seconds.toFixed(1)} s)\n`);
    return 0;
  },
};

export default stability;

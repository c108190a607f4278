// `xtal screen --predictor DIR --candidates SOURCE --below V|--above V --out hits.csv`: screen candidate crystals
// (a file, a dataset split or an enumerated composition space) through validity, SMACT, a property predictor, the
// criterion, uniqueness and novelty, and write the ranked hits and the per-stage counts.
import { writeFileSync } from "node:fs";
import type { Structure } from "../../crystal/structure.js";
import { loadDataset } from "../../datasets/load.js";
import {
  type PropertyCriterion, type StageReport, ScreeningInputError, enumeratePrototypeCompositions, parseEnumerationSpec, screenCandidates, writeScreeningTable,
} from "../../screening/index.js";
import { CliUsageError, parseArgs, positiveIntegerFlag } from "../args.js";
import { loadCrystals } from "../crystal-inputs.js";
import { datasetSplits, isDatasetSplit } from "../dataset-splits.js";
import { loadPredictorCheckpoint } from "../predictor-checkpoint.js";
import { progressLines } from "../progress-lines.js";
import type { CliCommand, CliIO } from "../types.js";

const FLAGS = {
  predictor: { type: "string" },
  candidates: { type: "string" },
  below: { type: "number" },
  above: { type: "number" },
  "std-penalty": { type: "number" },
  window: { type: "string" },
  reference: { type: "string" },
  "id-column": { type: "string" },
  limit: { type: "number" },
  "batch-size": { type: "number" },
  out: { type: "string" },
  report: { type: "string" },
} as const;

/** Candidates with their ids from an enumeration spec, dataset split(s) or a file / folder. */
async function readCandidates(source: string, window: readonly [number, number] | undefined, idColumn: string | undefined, io: CliIO): Promise<{ structures: Structure[]; ids: string[] }> {
  if (source.startsWith("enum:")) {
    try {
      const spec = parseEnumerationSpec(source.slice("enum:".length));
      const { structures, rows } = enumeratePrototypeCompositions(spec.prototype, spec.elements, window ? { window } : {});
      const left = rows.filter((r) => r.rejected !== null);
      io.stderr(`screen: enumerated ${rows.length} ${spec.prototype} compositions, built ${structures.length}${left.length ? ` (left out: ${Object.entries(count(left.map((r) => r.rejected!))).map(([k, v]) => `${v} ${k}`).join(", ")})` : ""}\n`);
      return { structures, ids: structures.map((s) => String(s.properties!.id)) };
    } catch (e) {
      if (e instanceof ScreeningInputError) throw new CliUsageError(`screen: --candidates ${e.message}`);
      throw e;
    }
  }
  if (window) throw new CliUsageError("screen: --window filters an enumerated space (--candidates enum:…)");
  if (source.split(",").every(isDatasetSplit)) {
    const splits = datasetSplits(source, "screen", "--candidates");
    const structures: Structure[] = [];
    for (const [name, split] of splits) structures.push(...(await loadDataset(name, split)).structures);
    return { structures, ids: structures.map((s) => String(s.properties?.id)) };
  }
  const loaded = await loadCrystals("screen", source, idColumn);
  for (const u of loaded.unreadable) io.stderr(`screen: unreadable candidate ${u.where}: ${u.reason} (dropped at validity)\n`);
  return { structures: loaded.structures, ids: loaded.ids };
}

function count(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** "0.8,1.06" → [0.8, 1.06]. @throws CliUsageError otherwise */
function windowOf(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const v = text.split(",").map(Number);
  if (v.length !== 2 || !v.every(Number.isFinite) || v[0]! > v[1]!) throw new CliUsageError(`screen: --window must be LO,HI with LO ≤ HI (got "${text}")`);
  return [v[0]!, v[1]!];
}

/** The stage table: one line per stage with what entered, was kept and dropped, the reasons and the wall time. */
function formatStages(stages: readonly StageReport[]): string {
  const w = Math.max(...stages.map((s) => s.stage.length));
  const lines = stages.map((s) => {
    const why = Object.entries(s.reasons).map(([k, v]) => `${v} ${k}`).join(", ");
    return `  ${s.stage.padEnd(w)}  ${String(s.input).padStart(7)}  ${String(s.kept).padStart(7)}  ${String(s.dropped).padStart(7)}  ${s.seconds.toFixed(2).padStart(8)}  ${why}`;
  });
  return `  ${"stage".padEnd(w)}  ${"input".padStart(7)}  ${"kept".padStart(7)}  ${"dropped".padStart(7)}  ${"wall s".padStart(8)}  reasons\n${lines.join("\n")}\n`;
}

const screen: CliCommand = {
  name: "screen",
  summary: "screen candidate crystals with a property predictor: validity, SMACT, prediction, threshold, uniqueness, novelty",
  usage: [
    "usage: xtal screen --predictor DIR --candidates SOURCE (--below V | --above V) --out hits.csv",
    "                   [--std-penalty K] [--reference DATASET:SPLIT[,…]] [--limit N] [--report stages.json]",
    "",
    "  --predictor    a property-predictor checkpoint folder (a family with the predict task)",
    "  --candidates   FILE.csv (cif column) | a folder or structure file | DATASET:SPLIT[,…] |",
    "                 enum:PROTOTYPE:A=Sr,Ba;B=Ti,Zr;X=O,S (prototypes: perovskite ABX3, rocksalt AX; quote the ';')",
    "  --window LO,HI enum only: keep compositions whose tolerance factor (perovskite) or radius ratio (rock salt) is in [LO, HI]",
    "  --below V      hits have predicted value (+ K·std) ≤ V;  --above V: value (− K·std) ≥ V (property unit)",
    "  --std-penalty K  judge on value ± K·std (default 0)",
    "  --reference    known (training) crystals: hits matching one (StructureMatcher, same formula) are dropped as known",
    "  --id-column    CSV candidates: the id column (default material_id)",
    "  --limit N      only the first N candidates",
    "  --batch-size B crystals per predictor call (default 256)",
    "  --out          the ranked hits: rank, id, formula, prediction, std, score, novel … and cif (CSV, .parquet or .arrow)",
    "  --report       stage counts (input, kept, dropped, reasons, wall time) and settings as JSON",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length) throw new CliUsageError(`screen: unexpected argument "${positionals[0]}"`);
    if (!flags.predictor) throw new CliUsageError("screen: --predictor DIR (a property-predictor checkpoint) is required");
    if (!flags.candidates) throw new CliUsageError("screen: --candidates FILE|DATASET:SPLIT|enum:… is required");
    if (!flags.out) throw new CliUsageError("screen: --out hits.csv is required");
    if ((flags.below === undefined) === (flags.above === undefined)) throw new CliUsageError("screen: give exactly one threshold, --below V or --above V");
    if (flags["std-penalty"] !== undefined && !(flags["std-penalty"] >= 0)) throw new CliUsageError(`screen: --std-penalty must be ≥ 0 (got ${flags["std-penalty"]})`);
    positiveIntegerFlag("screen", "limit", flags.limit);
    positiveIntegerFlag("screen", "batch-size", flags["batch-size"]);
    const referenceSplits = flags.reference === undefined ? [] : datasetSplits(flags.reference, "screen", "--reference");
    const candidates = await readCandidates(flags.candidates, windowOf(flags.window), flags["id-column"], io);
    const model = await loadPredictorCheckpoint("screen", flags.predictor);
    if (flags.limit !== undefined) {
      candidates.structures.splice(flags.limit);
      candidates.ids.splice(flags.limit);
    }
    const reference: Structure[] = [];
    for (const [name, split] of referenceSplits) reference.push(...(await loadDataset(name, split)).structures);
    const criterion: PropertyCriterion = {
      ...(flags.below !== undefined ? { below: flags.below } : { above: flags.above! }),
      ...(flags["std-penalty"] !== undefined ? { stdPenalty: flags["std-penalty"] } : {}),
    };
    const progress = new Map<string, (done: number, total: number) => void>();
    const started = performance.now();
    const result = await screenCandidates(candidates.structures, { predictor: (s) => model.predict(s), criterion, reference }, {
      ids: candidates.ids,
      ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}),
      onProgress: (stage, done, total) => {
        if (!progress.has(stage)) progress.set(stage, progressLines(io, `screen: ${stage}`));
        progress.get(stage)!(done, total);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    model.dispose();
    writeScreeningTable(flags.out, result.hits, result.hitStructures);
    const settings = {
      predictor: flags.predictor, family: model.config.family, property: model.property, candidates: flags.candidates, criterion,
      reference: flags.reference ?? null, nCandidates: candidates.structures.length, nReference: reference.length, nHits: result.hits.length, seconds,
      command: ["xtal", "screen", ...argv].join(" "),
    };
    if (flags.report) writeFileSync(flags.report, `${JSON.stringify({ stages: result.stages, settings }, null, 2)}\n`);
    io.stdout(`${formatStages(result.stages)}${result.hits.length} hits of ${candidates.structures.length} candidates (${model.property}); wrote ${flags.out}${flags.report ? ` and ${flags.report}` : ""} (${seconds.toFixed(1)} s)\n`);
    return 0;
  },
};

export default screen;

// `xtal sample --checkpoint DIR --n N --out FILE.csv`: draws crystals from a saved model into a CSV with a CIF column.
import * as aq from "arquero";
import { reducedFormula } from "../../crystal/composition.js";
import type { Structure } from "../../crystal/structure.js";
import { exportTable } from "../../datasets/export.js";
import { loadDataset } from "../../datasets/load.js";
import { type SampleRequest, loadModel, modelFamily, sampleCrystals } from "../../models/index.js";
import { CliUsageError, parseArgs, parseTarget, positiveIntegerFlag } from "../args.js";
import { samplerFlags, samplerSettings, samplerUsage } from "../family-flags.js";
import { sampleChecksSummary } from "../sample-checks.js";
import { SAMPLING_FLAGS, SAMPLING_USAGE, samplingOptionsOf } from "../sampling-flags.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  checkpoint: { type: "string" },
  n: { type: "number" },
  composition: { type: "string", multiple: true },
  "from-split": { type: "string" },
  dataset: { type: "string" },
  "num-atoms": { type: "number" },
  "space-group": { type: "number" },
  target: { type: "string" },
  guidance: { type: "number" },
  seed: { type: "number" },
  "batch-size": { type: "number" },
  out: { type: "string" },
  json: { type: "boolean" },
  ...SAMPLING_FLAGS,
} as const;

const sample: CliCommand = {
  name: "sample",
  summary: "sample crystals from a saved model checkpoint into a CSV (cif column + metadata)",
  get usage() {
    return [
      "usage: xtal sample --checkpoint DIR --n N --out FILE.csv [--composition SrTiO3 …] [--from-split test [--dataset NAME]]",
      "                   [--num-atoms K] [--space-group N] [--target PROP=VALUE --guidance S] [--seed S] [--batch-size B] [--json] [sampler settings]",
      "                   [--workers N] [--chunk-size C] [--single-stream]",
      "",
      "  CSP models: --composition F (repeatable) draws N samples of each formula; --from-split SPLIT takes the",
      "              compositions of the first N structures of that split (dataset: --dataset or the training dataset)",
      "  de novo models: N crystals (atom counts from the training data, or --num-atoms)",
      "  --space-group N    every crystal in space group N (families that generate symmetry first)",
      "  --target PROP=VALUE --guidance S   classifier-free guidance towards a property value (conditioned models)",
      ...SAMPLING_USAGE,
      ...samplerUsage(),
    ].join("\n");
  },
  async run(argv, io) {
    const { flags } = parseArgs(argv, { ...samplerFlags(), ...FLAGS });
    const f = flags as Record<string, unknown> & typeof flags;
    if (!flags.checkpoint) throw new CliUsageError("sample: --checkpoint DIR is required");
    if (!flags.out) throw new CliUsageError("sample: --out FILE.csv is required");
    const n = positiveIntegerFlag("sample", "n", flags.n ?? 1);
    const parallel = samplingOptionsOf("sample", flags);
    const model = await loadModel(flags.checkpoint);
    try {
      const settings = samplerSettings(modelFamily(model.config.family), f);
      const request: SampleRequest = {
        ...(flags.target ? { target: parseTarget(flags.target) } : {}),
        ...(flags.guidance !== undefined ? { guidance: flags.guidance } : {}),
        ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}),
        ...(flags["space-group"] !== undefined ? { spaceGroup: flags["space-group"] } : {}),
        settings,
        seed: flags.seed ?? 0,
      };
      // A model of both tasks (a search family) does CSP when compositions are given, else de novo.
      const csp = model.config.tasks.includes("csp") && (flags.composition.length > 0 || flags["from-split"] !== undefined || !model.config.tasks.includes("gen"));
      let targets: { id: string; formula: string }[] = [];
      if (csp) {
        if (flags["from-split"]) {
          const name = flags.dataset ?? model.config.training?.dataset;
          if (!name) throw new CliUsageError("sample: --from-split needs --dataset (the checkpoint does not name its dataset)");
          const ds = await loadDataset(name, flags["from-split"], { limit: n });
          request.compositions = ds.structures.map((s) => s.species);
          targets = ds.structures.map((s) => ({ id: String(s.properties?.["id"] ?? ""), formula: reducedFormula(s.species) }));
        } else {
          if (flags.composition.length === 0) throw new CliUsageError("sample: a CSP model needs --composition F or --from-split SPLIT");
          request.compositions = flags.composition.flatMap((c) => new Array<string>(n).fill(c));
          targets = request.compositions.map((c) => ({ id: "", formula: String(c) }));
        }
      } else {
        request.n = n;
        if (flags["num-atoms"] !== undefined) request.numAtoms = flags["num-atoms"];
      }
      const t0 = performance.now();
      let lastPrint = 0;
      const structures: Structure[] = await sampleCrystals({ model, checkpoint: flags.checkpoint }, request, {
        ...parallel,
        onWarning: (m) => io.stderr(`${m}\n`),
        onProgress: (d, total) => {
          if (flags.json || Date.now() - lastPrint < 5000) return;
          lastPrint = Date.now();
          io.stderr(`sampling ${d}/${total}\n`);
        },
      });
      const seconds = (performance.now() - t0) / 1000;
      const every = <T>(v: T) => structures.map(() => v);
      const table = aq.table({
        index: structures.map((_, i) => i),
        formula: structures.map((s) => reducedFormula(s.species)),
        nsites: structures.map((s) => s.species.length),
        target_id: structures.map((_, i) => targets[i]?.id ?? ""),
        target_formula: structures.map((_, i) => targets[i]?.formula ?? ""),
        family: every(model.config.family),
        task: every(csp ? "csp" : "gen"),
        settings: every(JSON.stringify(settings)),
        guidance: every(request.guidance ?? null),
        target: every(request.target ? `${request.target.property}=${request.target.value}` : ""),
        seed: every(request.seed),
        checkpoint: every(flags.checkpoint),
        ...sampleProperties(structures),
      });
      exportTable({ table, structures }, flags.out, { format: "csv" });
      const summary = { out: flags.out, count: structures.length, seconds, crystalsPerSecond: structures.length / seconds };
      const attempts = structures.map((s) => s.properties?.attempts).filter((a): a is number => typeof a === "number");
      const searched = attempts.length ? { meanAttempts: attempts.reduce((a, b) => a + b, 0) / attempts.length, maxAttempts: Math.max(...attempts) } : {};
      const rejected = sampleChecksSummary(structures);
      const { rejections, checks } = rejected;
      io.stdout(flags.json ? `${JSON.stringify({ ...summary, ...searched, ...rejected })}\n` : `wrote ${structures.length} crystals to ${flags.out} in ${seconds.toFixed(1)} s` +
        `${attempts.length ? ` (search attempts per accepted crystal: mean ${searched.meanAttempts!.toFixed(1)}, max ${searched.maxAttempts})` : ""}\n` +
        `${rejections ? `rejected draws by reason: ${Object.entries(rejections).map(([k, v]) => `${k} ${v}`).join(", ")}\n` : ""}` +
        `${checks ? `draws that passed the checks: ${checks.passed}/${checks.draws} (${(100 * checks.share).toFixed(1)} %, 95 % CI ${(100 * checks.ci95[0]).toFixed(1)}–${(100 * checks.ci95[1]).toFixed(1)} %)\n` : ""}`);
      return 0;
    } finally {
      model.dispose();
    }
  },
};

/**
 * The scalar properties a model attached to its samples (a search's `attempts` and `spaceGroup`, a substitution's
 * `parent`, a GFlowNet's `reward` …) as columns `property_<name>`; empty where a sample has none.
 */
function sampleProperties(structures: readonly Structure[]): Record<string, (string | number | boolean | null)[]> {
  const names = [...new Set(structures.flatMap((s) => Object.entries(s.properties ?? {}).filter(([, v]) => ["string", "number", "boolean"].includes(typeof v)).map(([k]) => k)))];
  return Object.fromEntries(names.map((k) => [`property_${k}`, structures.map((s) => {
    const v = s.properties?.[k];
    return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null;
  })]));
}

export default sample;

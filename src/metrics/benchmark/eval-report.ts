// One recorded evaluation (`eval-*.json` beside a checkpoint) in a common shape, whichever command wrote it:
// `xtal evaluate --out` (CSP: targets and k; de novo: n, target and guidance for a guided run), `xtal metrics --json`
// (samples of several runs scored as one set) and `xtal stability --report`. Both generations of `xtal evaluate`
// reports are read: the first recorded the sampler settings at the top of `model` and a baseline by the name it was
// given; the second records `model.settings` and a baseline's `family` beside its short name.
import { basename } from "node:path";
import type { MetricRow } from "../evaluate.js";
import { MetricReportError, metricRowsOfReport, readReportJson } from "../report-file.js";
import { reportCommand } from "./report-command.js";

/** What a report scores: CSP predictions, de novo samples, the stability (S.U.N.) of de novo samples, or other (metric rows of another command). */
export type EvalKind = "csp" | "gen" | "stability" | "other";

/** A recorded evaluation, read by readEvalReport. */
export interface EvalReport {
  /** The file, as its path was given. */
  readonly file: string;
  readonly kind: EvalKind;
  /** The baseline's recorded name when a baseline was sampled; undefined for the checkpoint of the folder. */
  readonly baseline?: string;
  /** The family the report names (second-generation reports), if any. */
  readonly family?: string;
  /** Dataset of the scored split (for stability: of the novelty reference); undefined when the report does not say. */
  readonly dataset?: string;
  /** The scored split; undefined for stability reports (they score samples, novelty against the training split). */
  readonly split?: string;
  /** CSP targets left out at the start of the split (`--skip`, a tuning subset); 0 otherwise. */
  readonly skip: number;
  /** CSP targets, or crystals scored (de novo, stability). */
  readonly size: number;
  /** Crystals drawn: targets · k (CSP), n (de novo). */
  readonly samples: number;
  /** Samples per CSP target. */
  readonly k?: number;
  /** True for a guided run (a property target): it does not describe the unconditional model. */
  readonly guided: boolean;
  /** Wall time of drawing the samples (s), when the report records it. */
  readonly sampleSeconds?: number;
  /** The command that wrote the report: as recorded, or reconstructed from the report's fields. */
  readonly command: string;
  readonly commandRecorded: boolean;
  readonly rows: readonly MetricRow[];
}

const record = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** `DATASET:SPLIT` of a `--reference`, or undefined for a file reference. */
function datasetSplit(reference: unknown): { dataset: string; split: string } | undefined {
  const m = /^([A-Za-z0-9_]+):([A-Za-z0-9_]+)$/.exec(str(reference) ?? "");
  return m ? { dataset: m[1]!, split: m[2]! } : undefined;
}

/** A baseline named by the file (`eval-baseline-NAME-…`, `eval-stability-baseline-NAME-…`), for reports without a `model` record. */
function baselineOfFileName(file: string): string | undefined {
  return /^eval-(?:stability-)?baseline-([a-z0-9]+)-/.exec(basename(file))?.[1];
}

/**
 * Reads a recorded evaluation; metric rows written by another command, and reports that record their command but hold
 * no metric rows (`xtal predict --report`), come back as kind "other", without a dataset.
 * @throws MetricReportError naming the file when it is not readable JSON or has no metric rows, or for an
 *   `xtal evaluate` report that records neither CSP targets nor de novo n
 */
export function readEvalReport(file: string): EvalReport {
  const json = readReportJson(file);
  const { command, recorded } = reportCommand(json, file);
  // Another command's report that records its command but no metric rows (`xtal predict --report`, a family's own
  // report script): not a generation metric.
  if (recorded && !Array.isArray(json["metrics"]) && !Array.isArray(json["table"]))
    return { file, rows: [], command, commandRecorded: recorded, kind: "other", skip: 0, size: 0, samples: 0, guided: false };
  const rows = metricRowsOfReport(json, file);
  const common = { file, rows, command, commandRecorded: recorded };
  const model = json["model"] === undefined ? undefined : record(json["model"]);
  const settings = record(json["settings"]);
  if (model) {
    const who = { ...(str(model["baseline"]) ? { baseline: str(model["baseline"])! } : {}), ...(str(model["family"]) ? { family: str(model["family"])! } : {}) };
    const where = { ...(str(json["dataset"]) ? { dataset: str(json["dataset"])! } : {}), ...(str(json["split"]) ? { split: str(json["split"])! } : {}) };
    const seconds = num(json["sampleSeconds"]) !== undefined ? { sampleSeconds: num(json["sampleSeconds"])! } : {};
    const targets = num(json["targets"]);
    const k = num(json["k"]);
    const n = num(json["n"]);
    if (targets !== undefined && k !== undefined)
      return { ...common, ...who, ...where, ...seconds, kind: "csp", skip: num(json["skip"]) ?? 0, size: targets, samples: targets * k, k, guided: false };
    if (n !== undefined) return { ...common, ...who, ...where, ...seconds, kind: "gen", skip: 0, size: n, samples: n, guided: json["target"] !== undefined };
    throw new MetricReportError(`${file}: an xtal evaluate report without "targets" and "k" (CSP) or "n" (de novo)`);
  }
  const baseline = baselineOfFileName(file);
  const who = baseline ? { baseline } : {};
  if (json["generated"] !== undefined) {
    const where = datasetSplit(json["reference"]) ?? {};
    const generated = num(json["nGenerated"]) ?? 0;
    const targets = num(json["nTargets"]);
    if (targets !== undefined && targets > 0)
      return { ...common, ...who, ...where, kind: "csp", skip: 0, size: targets, samples: generated, k: Math.round(generated / targets), guided: false };
    return { ...common, ...who, ...where, kind: "gen", skip: 0, size: generated, samples: generated, guided: false };
  }
  if (num(settings["nGenerated"]) !== undefined) {
    const dataset = datasetSplit(settings["reference"])?.dataset;
    const n = num(settings["nGenerated"])!;
    return { ...common, ...who, ...(dataset ? { dataset } : {}), kind: "stability", skip: 0, size: n, samples: n, guided: false };
  }
  return { ...common, kind: "other", skip: 0, size: 0, samples: 0, guided: false };
}

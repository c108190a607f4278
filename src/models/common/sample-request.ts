// Checking a SampleRequest against what a model honours, before any work, and resolving it into the crystals to make.
import { FormulaError } from "../../crystal/errors.js";
import { speciesFromFormula } from "../../crystal/formula.js";
import { rng } from "../../util/random.js";
import { ModelRequestError } from "../errors.js";
import { type OptionValues, checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig, ModelTask, RequestField, SampleRequest } from "../types.js";

/** A checked request: what to generate, with defaults applied. */
export interface ResolvedRequest {
  task: ModelTask;
  /** CSP: the species of each crystal to make (empty for other tasks). */
  compositions: number[][];
  /** Number of crystals to make. */
  n: number;
  /** The target normalised by the model's condition statistics, or null without a target. */
  conditionValue: number | null;
  guidance: number;
  /** The family's sampler settings as given (defaults are the model's). */
  settings: OptionValues;
  seed: number;
  batchSize: number;
}

const FIELDS: readonly RequestField[] = ["compositions", "cellVolumes", "n", "numAtoms", "spaceGroup", "target", "guidance", "batchSize", "onTrajectory"];

/**
 * Checks a request against the family's honoured fields and sampler schema and the model's config (tasks, atom limit,
 * element range 1 … maxZ, condition), and resolves it. De novo atom counts are drawn from the config's histogram.
 * @throws ModelRequestError naming the field
 */
export function checkSampleRequest(request: SampleRequest, family: ModelFamily, config: ModelConfig, maxZ = 118): ResolvedRequest {
  for (const field of FIELDS)
    if (request[field] !== undefined && !family.requestFields.includes(field))
      throw new ModelRequestError(field, `${family.name} models cannot honour ${field} (they read: ${family.requestFields.join(", ")})`);
  const task = request.task ?? (request.compositions ? "csp" : "gen");
  if (!config.tasks.includes(task))
    throw new ModelRequestError("task", task === "gen" && config.tasks.includes("csp")
      ? 'a CSP model needs compositions to sample (e.g. compositions: ["SrTiO3"])'
      : `this ${family.name} model does ${config.tasks.join(", ")}, not ${task}`);
  const settings = checkOptions(family.sampleSettings, request.settings, `${family.name} sampler setting`);
  const seed = request.seed ?? 0;
  if (!Number.isInteger(seed)) throw new ModelRequestError("seed", `seed must be an integer (got ${seed})`);
  const batchSize = Math.max(1, request.batchSize ?? 256);
  const compositions = task === "csp" ? cspSpecies(request, config, maxZ) : [];
  const n = task === "csp" ? compositions.length : deNovoCount(request, config);
  const guidance = request.guidance ?? 1;
  if (!Number.isFinite(guidance)) throw new ModelRequestError("guidance", `guidance must be a finite number (got ${guidance})`);
  if (request.spaceGroup !== undefined && !(Number.isInteger(request.spaceGroup) && request.spaceGroup >= 1 && request.spaceGroup <= 230))
    throw new ModelRequestError("spaceGroup", `spaceGroup must be an integer in 1–230 (got ${request.spaceGroup})`);
  return { task, compositions, n, conditionValue: conditionValue(request, config), guidance, settings, seed, batchSize };
}

/**
 * Checks one crystal's species against the model's atom limit and element range.
 * @throws ModelRequestError (field `field`) naming `where`
 */
export function checkSpecies(species: ArrayLike<number>, where: string, config: ModelConfig, maxZ: number, field = "compositions"): void {
  if (species.length > config.maxAtoms) throw new ModelRequestError(field, `${where} has ${species.length} atoms; this model takes at most ${config.maxAtoms}`);
  for (let i = 0; i < species.length; i++)
    if (!(species[i]! >= 1 && species[i]! <= maxZ)) throw new ModelRequestError(field, `${where}: element Z=${species[i]} is outside the model's types 1–${maxZ}`);
}

function cspSpecies(request: SampleRequest, config: ModelConfig, maxZ: number): number[][] {
  if (!request.compositions || request.compositions.length === 0) throw new ModelRequestError("compositions", 'a CSP request needs compositions (e.g. compositions: ["SrTiO3"])');
  for (const field of ["n", "numAtoms"] as const) if (request[field] !== undefined) throw new ModelRequestError(field, `${field} is for de novo requests; a CSP request gives compositions`);
  const lists = request.compositions.map((c, i) => {
    const sp = typeof c === "string" ? formulaSpecies(c, i) : Array.from(c);
    checkSpecies(sp, `composition ${i} (${typeof c === "string" ? c : sp.join(",")})`, config, maxZ);
    return sp;
  });
  const v = request.cellVolumes;
  if (v !== undefined && (v.length !== lists.length || !v.every((x) => Number.isFinite(x) && x > 0)))
    throw new ModelRequestError("cellVolumes", `cellVolumes must hold one positive volume (Å³) per composition (${lists.length})`);
  return lists;
}

function formulaSpecies(formula: string, i: number): number[] {
  try {
    return speciesFromFormula(formula);
  } catch (e) {
    if (e instanceof FormulaError) throw new ModelRequestError("compositions", `composition ${i}: ${e.message}`);
    throw e;
  }
}

function deNovoCount(request: SampleRequest, config: ModelConfig): number {
  const n = request.n ?? 0;
  if (!(Number.isInteger(n) && n >= 1)) throw new ModelRequestError("n", `de novo sampling needs n ≥ 1 crystals (got ${request.n})`);
  if (request.numAtoms !== undefined && !(Number.isInteger(request.numAtoms) && request.numAtoms >= 1 && request.numAtoms <= config.maxAtoms))
    throw new ModelRequestError("numAtoms", `numAtoms must be an integer in 1–${config.maxAtoms} (got ${request.numAtoms})`);
  return n;
}

/**
 * Placeholder species (all 1) of n de novo crystals: `numAtoms` atoms each, or atom counts drawn from the config's
 * histogram with the request seed.
 * @throws ModelRequestError when neither is available (an untrained model without numAtoms)
 */
export function deNovoSpecies(config: ModelConfig, n: number, numAtoms: number | undefined, seed: number): number[][] {
  const counts = config.numAtomsCounts;
  if (numAtoms === undefined && !counts) throw new ModelRequestError("numAtoms", "this model has not been trained: no atom-count distribution to draw from (pass numAtoms)");
  const sizes = numAtoms !== undefined ? new Array<number>(n).fill(numAtoms) : drawAtomCounts(counts!, n, seed);
  return sizes.map((k) => new Array<number>(k).fill(1));
}

/** n atom counts drawn from a histogram (index = number of atoms), seeded by the request seed. */
export function drawAtomCounts(counts: readonly number[], n: number, seed: number): number[] {
  const random = rng(seed ^ 0x5bd1e995);
  const total = counts.reduce((a, b) => a + b, 0);
  return Array.from({ length: n }, () => {
    let u = random.next() * total;
    return counts.findIndex((c) => (u -= c) < 0);
  });
}

function conditionValue(request: SampleRequest, config: ModelConfig): number | null {
  const c = config.condition;
  if (!request.target) return null;
  if (!c || request.target.property !== c.property)
    throw new ModelRequestError("target", `this model is not conditioned on ${request.target.property}${c ? ` (it is conditioned on ${c.property})` : " (it is unconditional)"}`);
  if (!Number.isFinite(request.target.value)) throw new ModelRequestError("target", `target ${c.property} must be a finite number`);
  return (request.target.value - c.mean) / c.std;
}

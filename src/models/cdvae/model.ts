// CDVAE (Xie et al., ICLR 2022) on this project's parts: a periodic CSPNet encoder pooled to q(z | crystal), MLP heads on
// z for the atom count, the lattice (standardised FlowMM parameters) and the composition, a z-conditioned CSPNet score
// decoder of fractional coordinates and atom types sampled by annealed Langevin dynamics, and a property head on z
// trained jointly. The KL weight is warmed up linearly; training runs in the shared loop (seeded, resumable).
import * as tf from "@tensorflow/tfjs";
import { reducedStructure } from "../../crystal/reduced-structure.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import { latticeFromMatrix } from "../../crystal/lattice.js";
import { type Batch, batchStructures } from "../../representations/batch.js";
import { type Rng, rng, shuffled } from "../../util/random.js";
import { initBackend } from "../backend/index.js";
import { readCheckpoint, writeCheckpoint } from "../common/checkpoint-format.js";
import { checkConditionColumn } from "../common/guidance.js";
import { checkPredictable } from "../common/property-predictor.js";
import { checkSampleRequest, checkSpecies } from "../common/sample-request.js";
import { type RunStart, DEFAULT_TRAIN_SETTINGS, describeTrainingData, namedTrainingData, resolveTrainSettings, runTraining, resumedStart, savedRun } from "../common/training-run.js";
import { allowedElements } from "../common/type-decoding.js";
import { type CrystalGraph, crystalGraph, disposeCrystalGraph } from "../cspnet/index.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import { fitLatticeStats, latticesFromStandard, standardLatticeParams } from "../flowmm/lattice-params.js";
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { TrainTask } from "../training/loop.js";
import { type OptimizerState, type ParamMap, initOptimizerState } from "../training/optimizer.js";
import { disposeParams, loadFreshWeights, loadTrainState, saveState } from "../training/state-io.js";
import type {
  DecodeOptions, LatentEncoding, LatentModel, ModelConfig, PredictOptions, SampleRequest, TrainOptions, TrainReport, TrainingData, TrainingRecord,
} from "../types.js";
import { type CdvaeFamilyConfig, validateCdvaeConfig } from "./config.js";
import { type TypeRule, annealedLangevin } from "./langevin.js";
import { type EncoderInput, decodeForward, encodeForward, headsForward, initCdvaeParams } from "./networks.js";
import { type NoiseLevels, compositionFractions, klDivergence, klWeight, levelTime, noiseLevels, noisyDecoderInput, reparameterise } from "./objective.js";
import { tidyData } from "../common/tidy-data.js";

type Prepared = {
  graph: CrystalGraph;
  clean: EncoderInput;
  noisy: EncoderInput;
  time: tf.Tensor1D;
  eps: tf.Tensor2D;
  numAtoms: tf.Tensor1D;
  lattice: tf.Tensor2D;
  composition: tf.Tensor2D;
  score: tf.Tensor2D;
  property: tf.Tensor1D | null;
};

/** The encoder input of a batch (species, fractional coordinates, lattices). */
function encoderInput(batch: Batch, species: ArrayLike<number> = batch.species, frac: Float32Array = batch.fracCoords): EncoderInput {
  const B = batch.numCrystals, N = batch.species.length;
  return { species: tf.tensor1d(Int32Array.from(species), "int32"), fracCoords: tf.tensor2d(frac, [N, 3]), lattices: tf.tensor3d(batch.lattices, [B, 3, 3]) };
}

/** Largest-remainder atom counts of n atoms over the allowed elements from composition probabilities p (indexed by Z). */
export function compositionCounts(p: ArrayLike<number>, allowed: readonly number[], n: number): Map<number, number> {
  const total = allowed.reduce((s, z) => s + p[z]!, 0) || 1;
  const exact = allowed.map((z) => ({ z, v: (n * p[z]!) / total }));
  const counts = new Map(exact.map(({ z, v }) => [z, Math.floor(v)]));
  let left = n - [...counts.values()].reduce((a, b) => a + b, 0);
  for (const { z } of [...exact].sort((a, b) => (b.v - Math.floor(b.v)) - (a.v - Math.floor(a.v)) || a.z - b.z)) {
    if (left-- <= 0) break;
    counts.set(z, counts.get(z)! + 1);
  }
  for (const [z, c] of counts) if (c === 0) counts.delete(z);
  return counts;
}

/** A CDVAE model (family `cdvae`; tasks gen, reconstruct, optimize). */
export class Cdvae implements LatentModel {
  private current: ModelConfig<CdvaeFamilyConfig>;
  private params: ParamMap;
  private optimizer: OptimizerState | null = null;
  /** Steps done in the current run (the KL warm-up reads it). */
  private stepsDone = 0;

  constructor(readonly family: ModelFamily, config: ModelConfig<CdvaeFamilyConfig>) {
    validateCdvaeConfig(config);
    this.current = config;
    this.params = initCdvaeParams(config.familyConfig, config.maxAtoms, config.seed);
  }

  /** The model's config (replaced, never mutated, by training and loading). */
  get config(): ModelConfig<CdvaeFamilyConfig> {
    return this.current;
  }

  get latentDim(): number {
    return this.current.familyConfig.latentDim;
  }

  get latentProperty(): string | null {
    return this.current.familyConfig.property?.name ?? null;
  }

  private get weights(): ParamMap {
    return this.optimizer ? this.optimizer.ema : this.params;
  }

  private get numTypes(): number {
    return this.current.familyConfig.decoder.numTypes;
  }

  // ---------------------------------------------------------------------------------------------- training
  async train(data: TrainingData, options: TrainOptions = {}): Promise<TrainReport> {
    const entry = this.current; // the config a data-parallel worker starts from
    const { name, split, structures: given } = namedTrainingData(data);
    checkOptions(this.family.trainSettings, options.settings, "cdvae training setting");
    if (options.initFrom) throw new ModelConfigError("cdvae models do not fine-tune (initFrom): train anew or resume");
    if (given.length === 0) throw new ModelConfigError(`dataset ${name} has no structures`);
    given.forEach((s, i) => checkSpecies(s.species, `dataset ${name} structure ${i} (${String(s.properties?.["id"] ?? `#${i}`)})`, this.current, this.numTypes - 1, "data"));
    const prop = this.current.familyConfig.property;
    if (prop) checkConditionColumn(given, prop.name, name);
    const structures = given.map((s) => reducedStructure(s));
    const backend = (await initBackend()).name;
    const run = resolveTrainSettings(options, DEFAULT_TRAIN_SETTINGS, this.current.seed, structures.length);
    let start: RunStart = { startStep: 0, priorSeconds: 0, lastLoss: null };
    if (!this.optimizer) this.optimizer = initOptimizerState(this.params);
    if (options.resume) {
      const saved = savedRun(options, this.family, this.current);
      loadTrainState(saved.dir, saved.state, this.params, this.optimizer);
      this.current = saved.config as ModelConfig<CdvaeFamilyConfig>;
      start = resumedStart(this.current, run);
    } else {
      const f = this.current.familyConfig;
      const values = prop ? structures.map((s) => s.properties![prop.name] as number) : [];
      const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
      const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length)) || 1;
      this.current = {
        ...this.current, ...describeTrainingData(structures, this.current.maxAtoms),
        familyConfig: { ...f, latticeStats: fitLatticeStats(structures.map((s) => s.lattice.matrix)), property: prop ? { ...prop, mean, std } : null },
      };
    }
    this.stepsDone = start.startStep;
    const levels = noiseLevels(this.current.familyConfig.noise);
    const task: TrainTask<Prepared> = {
      params: this.params,
      numExamples: structures.length,
      prepare: (shard) => this.prepare(shard.indices.map((i) => structures[i]!), levels, shard.random),
      loss: (p) => this.loss(p),
      dispose: (p) => {
        disposeCrystalGraph(p.graph);
        tf.dispose([...Object.values(p.clean), ...Object.values(p.noisy), p.time, p.eps, p.numAtoms, p.lattice, p.composition, p.score, ...(p.property ? [p.property] : [])]);
      },
      describe: (idx) => idx.map((i) => String(structures[i]!.properties?.["id"] ?? `#${i}`)),
      afterStep: (n) => {
        this.stepsDone = n;
      },
    };
    return runTraining({
      task, optimizer: this.optimizer, settings: run, start, options, backend,
      data: { name, split, count: structures.length },
      record: (training: TrainingRecord) => (this.current = { ...this.current, training }),
      save: (dir) => this.save(dir),
      replica: { family: this.family.name, config: entry, data },
    });
  }

  private prepare(structures: Structure[], levels: NoiseLevels, random: readonly Rng[]): Prepared {
    const f = this.current.familyConfig;
    const batch = batchStructures(structures);
    const B = batch.numCrystals;
    const noisy = noisyDecoderInput(batch, levels, random);
    const eps = Float32Array.from({ length: B * f.latentDim }, (_, j) => random[Math.floor(j / f.latentDim)]!.normal());
    const lattice = Float32Array.from(structures.flatMap((s) => standardLatticeParams(s.lattice.matrix, f.latticeStats)));
    const prop = f.property;
    return {
      graph: crystalGraph(batch),
      clean: encoderInput(batch),
      noisy: encoderInput(batch, noisy.noisySpecies, noisy.noisyFrac),
      time: tf.tensor1d(Float32Array.from(noisy.level, (l) => levelTime(l, levels.levels))),
      eps: tf.tensor2d(eps, [B, f.latentDim]),
      numAtoms: tf.tensor1d(batch.numAtoms, "int32"),
      lattice: tf.tensor2d(lattice, [B, 6]),
      composition: tf.tensor2d(compositionFractions(batch, this.numTypes), [B, this.numTypes]),
      score: tf.tensor2d(noisy.targetScore, [batch.species.length, 3]),
      property: prop ? tf.tensor1d(structures.map((s) => ((s.properties![prop.name] as number) - prop.mean) / prop.std)) : null,
    };
  }

  private loss(p: Prepared): tf.Scalar {
    const f = this.current.familyConfig, w = f.loss;
    const { mu, logvar } = encodeForward(this.params, f, p.graph, p.clean);
    const z = reparameterise(mu, logvar, p.eps);
    const heads = headsForward(this.params, f, z);
    const out = decodeForward(this.params, f, p.graph, p.noisy, p.time, z);
    const terms: [number, tf.Scalar][] = [
      [klWeight(w, this.stepsDone), klDivergence(mu, logvar)],
      [w.numAtoms, tf.losses.softmaxCrossEntropy(tf.oneHot(p.numAtoms, this.current.maxAtoms + 1), heads.numAtoms) as tf.Scalar],
      [w.lattice, tf.losses.meanSquaredError(p.lattice, heads.lattice) as tf.Scalar],
      [w.composition, tf.sum(p.composition.mul(tf.logSoftmax(heads.composition)), 1).neg().mean() as tf.Scalar],
      [w.coord, tf.losses.meanSquaredError(p.score, out.coord) as tf.Scalar],
      [w.type, tf.losses.softmaxCrossEntropy(tf.oneHot(p.clean.species, this.numTypes), out.typeLogits!) as tf.Scalar],
    ];
    if (p.property && heads.property) terms.push([w.property, tf.losses.meanSquaredError(p.property, heads.property) as tf.Scalar]);
    return tf.addN(terms.map(([k, t]) => t.mul(k))) as tf.Scalar;
  }

  // ---------------------------------------------------------------------------------------------- sampling and decoding
  async sample(request: SampleRequest): Promise<Structure[]> {
    const req = checkSampleRequest(request, this.family, this.current, this.numTypes - 1);
    if (req.task !== "gen") throw new ModelRequestError("task", `sample() does de novo generation (gen); for ${req.task} call the library's ${req.task === "reconstruct" ? "reconstructCrystals" : "optimizeLatents"} or \`xtal ${req.task}\``);
    this.checkTrained("sample");
    const { latentScale = 1, ...decodeSettings } = checkOptions(this.family.sampleSettings, req.settings, "cdvae sampler setting");
    const random = rng(req.seed);
    const D = this.latentDim;
    const tau = latentScale as number;
    const z = Array.from({ length: req.n }, () => Array.from({ length: D }, () => tau * random.normal()));
    return this.decode(z, {
      seed: req.seed, settings: decodeSettings, batchSize: req.batchSize,
      ...(request.numAtoms !== undefined ? { numAtoms: request.numAtoms } : {}), ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
  }

  async decode(latents: readonly (readonly number[])[], options: DecodeOptions = {}): Promise<Structure[]> {
    const settings = checkOptions(this.family.sampleSettings, options.settings, "cdvae sampler setting");
    if (settings.latentScale !== undefined) throw new ModelRequestError("latentScale", "latentScale scales prior draws (sample, xtal sample/evaluate); it does not apply to decoding given latents");
    this.checkLatents(latents);
    this.checkTrained("decode");
    const numAtoms = options.numAtoms;
    if (numAtoms !== undefined && !(Number.isInteger(numAtoms) && numAtoms >= 1 && numAtoms <= this.current.maxAtoms))
      throw new ModelRequestError("numAtoms", `numAtoms must be an integer in 1–${this.current.maxAtoms} (got ${numAtoms})`);
    await initBackend();
    const f = this.current.familyConfig;
    const stepsPerLevel = (settings.stepsPerLevel as number | undefined) ?? f.sampler.stepsPerLevel;
    const stepScale = (settings.stepScale as number | undefined) ?? f.sampler.stepScale;
    const typeRule = (settings.types as TypeRule | undefined) ?? f.sampler.types ?? "composition";
    const levels = noiseLevels(f.noise);
    const allowed = allowedElements(this.current.elements, this.numTypes);
    const seenCounts = this.current.numAtomsCounts ?? [];
    const random = rng(options.seed ?? 0);
    const batchSize = Math.max(1, options.batchSize ?? 256);
    const total = latents.length * (stepsPerLevel * f.noise.levels + 1);
    let done = 0;
    const out: Structure[] = [];
    for (let start = 0; start < latents.length; start += batchSize) {
      const chunk = latents.slice(start, start + batchSize);
      const B = chunk.length;
      const zFlat = Float32Array.from(chunk.flat());
      const h = tidyData(() => {
        const o = headsForward(this.weights, f, tf.tensor2d(zFlat, [B, this.latentDim]));
        return { n: o.numAtoms, lattice: o.lattice, comp: tf.softmax(o.composition) };
      });
      const lattices = latticesFromStandard(h.lattice, f.latticeStats);
      const counts: Map<number, number>[] = [];
      const templates = chunk.map((_, b) => {
        const M = this.current.maxAtoms + 1;
        let n = numAtoms ?? 0;
        if (numAtoms === undefined)
          for (let k = 1; k < M; k++) if ((seenCounts.length === 0 || (seenCounts[k] ?? 0) > 0) && (n === 0 || h.n[b * M + k]! > h.n[b * M + n]!)) n = k;
        counts.push(compositionCounts(h.comp.subarray(b * this.numTypes, (b + 1) * this.numTypes), allowed, n));
        const species = shuffled([...counts[b]!].flatMap(([zz, c]) => new Array<number>(c).fill(zz)), random);
        return makeStructure({ lattice: latticeFromMatrix(Array.from(lattices.subarray(9 * b, 9 * b + 9))), species, fracCoords: new Float64Array(3 * n) });
      });
      const batch = batchStructures(templates);
      const graph = crystalGraph(batch);
      try {
        const res = annealedLangevin({
          numAtoms: batch.species.length, species: batch.species, numTypes: this.numTypes, offsets: batch.atomOffset, sizes: batch.numAtoms, counts, typeRule, allowed, levels, stepsPerLevel, stepScale, random,
          predict: (species, frac, level) => {
            const time = tf.fill([B], levelTime(level, levels.levels)) as tf.Tensor1D;
            const input = { species, fracCoords: frac, lattices: tf.tensor3d(batch.lattices, [B, 3, 3]) };
            return decodeForward(this.weights, f, graph, input, time, tf.tensor2d(zFlat, [B, this.latentDim]));
          },
          onStep: () => options.onProgress?.((done += B), total),
        });
        templates.forEach((t, b) => {
          const o = batch.atomOffset[b]!, n = batch.numAtoms[b]!;
          out.push(makeStructure({ lattice: t.lattice, species: res.species.subarray(o, o + n), fracCoords: res.fracCoords.subarray(3 * o, 3 * (o + n)) }));
        });
      } finally {
        disposeCrystalGraph(graph);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------- the latent space
  async encode(structures: readonly Structure[], options: PredictOptions = {}): Promise<LatentEncoding[]> {
    this.checkTrained("encode");
    checkPredictable(structures, this.current);
    await initBackend();
    const f = this.current.familyConfig;
    const batchSize = Math.max(1, options.batchSize ?? 256);
    const out: LatentEncoding[] = [];
    for (let start = 0; start < structures.length; start += batchSize) {
      const batch = batchStructures(structures.slice(start, start + batchSize).map((s) => reducedStructure(s)));
      const graph = crystalGraph(batch);
      const input = encoderInput(batch);
      try {
        const r = tf.tidy(() => {
          const { mu, logvar } = encodeForward(this.weights, f, graph, input);
          const prop = headsForward(this.weights, f, mu).property;
          return { mu: mu.arraySync(), logvar: logvar.arraySync(), prop: prop ? Array.from(prop.dataSync()) : [] };
        });
        r.mu.forEach((m, b) => out.push({ mean: m, logVar: r.logvar[b]!, property: f.property ? r.prop[b]! * f.property.std + f.property.mean : null }));
      } finally {
        disposeCrystalGraph(graph);
        tf.dispose(Object.values(input));
      }
      options.onProgress?.(out.length, structures.length);
    }
    return out;
  }

  latentPropertyGradient(latents: readonly (readonly number[])[]): { values: number[]; gradients: number[][] } {
    const f = this.current.familyConfig;
    const prop = f.property;
    if (!prop) throw new ModelRequestError("property", "this cdvae model has no property head (create it with the option property)");
    this.checkLatents(latents);
    return tf.tidy(() => {
      const z = tf.tensor2d(Float32Array.from(latents.flat()), [latents.length, this.latentDim]);
      const head = (x: tf.Tensor2D) => headsForward(this.weights, f, x).property!.mul(prop.std).add(prop.mean);
      const values = Array.from(head(z).dataSync());
      const grad = tf.grad((x: tf.Tensor) => head(x as tf.Tensor2D).sum())(z);
      return { values, gradients: grad.arraySync() as number[][] };
    });
  }

  private checkLatents(latents: readonly (readonly number[])[]): void {
    const bad = latents.findIndex((z) => z.length !== this.latentDim || !z.every(Number.isFinite));
    if (bad >= 0) throw new ModelRequestError("latents", `latent vector ${bad} must hold ${this.latentDim} finite numbers (got ${latents[bad]!.length})`);
  }

  private checkTrained(what: string): void {
    if (!this.current.elements) throw new ModelRequestError("task", `this cdvae model has not been trained: train it or load a checkpoint before ${what}`);
  }

  // ---------------------------------------------------------------------------------------------- checkpoints
  async save(dir: string): Promise<void> {
    writeCheckpoint(dir, this.current, saveState(dir, this.params, this.optimizer));
  }

  async load(dir: string): Promise<void> {
    const { config, state } = readCheckpoint(dir, this.family);
    const saved = config as ModelConfig<CdvaeFamilyConfig>;
    validateCdvaeConfig(saved);
    await initBackend();
    const fresh = loadFreshWeights(dir, state, () => initCdvaeParams(saved.familyConfig, saved.maxAtoms, saved.seed));
    this.dispose();
    this.params = fresh;
    this.current = saved;
  }

  dispose(): void {
    disposeParams(this.params, this.optimizer);
    this.optimizer = null;
  }
}

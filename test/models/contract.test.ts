// The contract every registered family and baseline passes — including the toy family of the README, registered at run
// time. A new family gets this test by registering.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reducedFormula } from "../../src/crystal/composition.js";
import { latticeFromParameters, latticeVolume } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import {
  type GenerativeModel, type ModelFamily, type PropertyPredictor, type RequestField, type SampleRequest, ModelConfigError, ModelRequestError, initBackend, isPropertyPredictor, loadModel,
  modelFamilies, readCheckpoint, sampleCrystals,
} from "../../src/models/index.js";
import { closeParallelPool } from "../../src/metrics/parallel/index.js";
import { registerReadmeFamily } from "./readme-family.js";
import { tempDirMaker } from "../temp-dirs.js";

const cubic = (a: number) => latticeFromParameters(a, a, a, 90, 90, 90);
const perovskite = (species: number[], a: number, id: string) =>
  makeStructure({ lattice: cubic(a), species, fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], properties: { id } });
const data: Structure[] = [perovskite([38, 22, 8, 8, 8], 3.9, "SrTiO3"), perovskite([56, 40, 8, 8, 8], 4.2, "BaZrO3"), perovskite([20, 22, 8, 8, 8], 3.8, "CaTiO3"), perovskite([57, 13, 8, 8, 8], 3.8, "LaAlO3")];
const ALL_FIELDS: RequestField[] = ["compositions", "cellVolumes", "n", "numAtoms", "spaceGroup", "target", "guidance", "batchSize", "onTrajectory"];
const tmp = tempDirMaker("cw-contract-");

/** A request of `task` for the family (CSP: two of the training compositions; de novo: three crystals). */
function requestFor(family: ModelFamily, task: string, seed: number): SampleRequest {
  if (task === "csp") {
    const targets = data.slice(0, 2);
    return { compositions: targets.map((t) => t.species), ...(family.requestFields.includes("cellVolumes") ? { cellVolumes: targets.map((t) => latticeVolume(t.lattice)) } : {}), seed };
  }
  return { n: 3, seed };
}

function checkSamples(out: Structure[], request: SampleRequest): void {
  expect(out.length).toBe(request.compositions?.length ?? request.n);
  out.forEach((s, i) => {
    if (request.compositions) expect(reducedFormula(s.species)).toBe(reducedFormula(request.compositions[i] as ArrayLike<number>));
    expect(s.species.length).toBeGreaterThan(0);
    expect(Array.from(s.fracCoords).every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Number.isFinite(latticeVolume(s.lattice)) && latticeVolume(s.lattice) > 0).toBe(true);
  });
}

/** Families that train data-parallel; the rest do not run the training loop. */
const DATA_PARALLEL = ["diffcsp", "flowmm", "cdvae", "cif-transformer", "wyckoff-transformer", "cgcnn", "gan", "gflownet"];

/**
 * Two steps of `a` on one thread and of `b` with workers 2 (from the same config): a data-parallel family reports its
 * worker and the same first-step loss (relative 1e-3: families whose loss is a mean over atoms or tokens weigh the shards
 * by examples; a gflownet's ranks draw other trajectories, so only its first step's shape is compared); the others do
 * not optimise (no losses).
 */
async function trainsWithTwoWorkers(a: GenerativeModel, b: GenerativeModel, name: string, examples: Structure[]): Promise<void> {
  const options = { epochs: 1, batchSize: 4, seed: 2, stopAfterSteps: 2 };
  try {
    const single = await a.train(examples, { ...options, workers: 1 });
    const parallel = await b.train(examples, { ...options, workers: 2 });
    expect(parallel.stepsDone).toBe(single.stepsDone);
    if (!DATA_PARALLEL.includes(name)) {
      expect([single.losses, parallel.losses, parallel.workers]).toEqual([[], [], undefined]);
      return;
    }
    expect(parallel.workers).toHaveLength(1);
    expect(parallel.losses).toHaveLength(1); // 4 crystals, batches of 4
    if (name === "gflownet") expect(Number.isFinite(parallel.losses[0]!) && parallel.losses[0]! > 0).toBe(true); // a squared TB residual of other trajectories
    else expect(Math.abs(parallel.losses[0]! - single.losses[0]!) / Math.abs(single.losses[0]!)).toBeLessThan(1e-3);
  } finally {
    a.dispose();
    b.dispose();
  }
}

const plain = (s: Structure) => ({ species: Array.from(s.species), fracCoords: Array.from(s.fracCoords), lattice: Array.from(s.lattice.matrix) });

beforeAll(async () => {
  await initBackend();
  await registerReadmeFamily();
});
afterAll(async () => {
  await closeParallelPool();
});

describe("the family registry", () => {
  it("holds DiffCSP, FlowMM, the GAN, the GFlowNet, the CDVAE, the CIF and Wyckoff transformers, the baselines, the predictors, the search families and the README's toy family", () => {
    expect(modelFamilies().map((f) => f.name)).toEqual(expect.arrayContaining(["diffcsp", "flowmm", "gan", "gflownet", "cdvae", "cif-transformer", "wyckoff-transformer", "random-coordinates", "data-draw", "jitter", "cgcnn", "composition-ridge", "random-symmetric", "substitution"]));
  });
});

describe.each(["diffcsp", "flowmm", "gan", "gflownet", "cdvae", "cif-transformer", "wyckoff-transformer", "random-coordinates", "data-draw", "random-symmetric", "substitution", "jitter"])("family %s keeps the GenerativeModel contract", (name) => {
  const family = () => modelFamilies().find((f) => f.name === name)!;
  const tasks = () => family().tasks.filter((t) => t === "csp" || t === "gen");
  const make = (task: string): GenerativeModel => family().create({ ...family().exampleOptions, ...("task" in family().createOptions ? { task } : {}) });

  it("trains a few steps into checkpointDir, loads it, and the loaded model samples exactly what the trained one samples (every task)", async () => {
    for (const task of tasks()) {
      const model = make(task);
      const dir = tmp();
      await model.train(data, { epochs: 2, batchSize: 2, seed: 1, checkpointDir: dir }); // the final state is written there
      const { config } = readCheckpoint(dir, family());
      expect(JSON.parse(JSON.stringify(config))).toEqual(JSON.parse(JSON.stringify(model.config))); // config round trip
      expect(config.family).toBe(name);
      expect(config.tasks).toContain(task);
      const loaded = await loadModel(dir);
      const request = requestFor(family(), task, 5);
      const [a, b] = [await model.sample(request), await loaded.sample(request)];
      checkSamples(a, request);
      expect(b.map(plain)).toEqual(a.map(plain));
      model.dispose();
      loaded.dispose();
    }
  });

  it("samples the same crystals through the seeded chunks in-thread and on 2 worker threads (every task)", async () => {
    // The README's toy family is registered in this thread only: worker threads know the built-in families.
    const builtIn = name !== "jitter";
    for (const task of tasks()) {
      const model = make(task);
      const dir = tmp();
      await model.train(data, { epochs: 1, batchSize: 2, seed: 1, checkpointDir: dir });
      const base = requestFor(family(), task, 4);
      const request = base.compositions ? { ...base, compositions: [...base.compositions, ...base.compositions], ...(base.cellVolumes ? { cellVolumes: [...base.cellVolumes, ...base.cellVolumes] } : {}) } : { ...base, n: 4 };
      const inThread = await sampleCrystals(model, request, { chunkSize: 2 });
      checkSamples(inThread, request);
      const onWorkers = await sampleCrystals(builtIn ? dir : model, request, { chunkSize: 2, workers: 2 });
      expect(onWorkers.map(plain)).toEqual(inThread.map(plain));
      model.dispose();
    }
  });

  it("refuses, before any work, a request field or setting it cannot honour (ModelRequestError naming the field)", async () => {
    const model = make(tasks()[0]!);
    await model.train(data, { epochs: 1, batchSize: 2 });
    const request = requestFor(family(), tasks()[0]!, 0);
    const before = tf.memory().numTensors;
    const unhonoured = ALL_FIELDS.find((f) => !family().requestFields.includes(f))!;
    const value: Record<RequestField, unknown> = { compositions: ["NaCl"], cellVolumes: [10], n: 2, numAtoms: 2, spaceGroup: 225, target: { property: "x", value: 1 }, guidance: 2, batchSize: 4, onTrajectory: () => {} };
    const e1 = await model.sample({ ...request, [unhonoured]: value[unhonoured] }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ModelRequestError);
    expect((e1 as ModelRequestError).field).toBe(unhonoured);
    const e2 = await model.sample({ ...request, settings: { noSuchSetting: 1 } }).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ModelRequestError);
    expect((e2 as ModelRequestError).field).toBe("noSuchSetting");
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("refuses a checkpoint of another family", async () => {
    const other = modelFamilies().find((f) => f.name !== name && f.name !== "jitter")!;
    const dir = tmp();
    const o = other.create(other.exampleOptions);
    await o.train(data, { epochs: 1, batchSize: 2 });
    await o.save(dir);
    o.dispose();
    const model = make(tasks()[0]!);
    await expect(model.load(dir)).rejects.toThrow(ModelConfigError);
    await expect(model.load(dir)).rejects.toThrow(new RegExp(`holds a ${other.name} model, not ${name}`));
    model.dispose();
  });

  it("trains with 2 workers (rank 0's first step as on one thread; a gflownet's threads draw other trajectories)", async () => {
    await trainsWithTwoWorkers(make(tasks()[0]!), make(tasks()[0]!), name, data);
  });

  it("leaks no TF.js tensors across create, train, sample and dispose", async () => {
    const before = tf.memory().numTensors;
    for (const task of tasks()) {
      const model = make(task);
      await model.train(data, { epochs: 2, batchSize: 2 });
      await model.sample(requestFor(family(), task, 2));
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

// The predictor's version of the contract: every family with the "predict" task trains on the toy data's `target` column
// (the lattice constant), saves, loads and predicts exactly what it predicted before; it refuses sampling, unseen
// elements and too-large crystals before any work, refuses another family's checkpoint and leaks no tensors.
const predictorData: Structure[] = data.map((s) => ({ ...s, properties: { ...s.properties, target: s.lattice.matrix[0]! } }));
const predictorFamilies = () => modelFamilies().filter((f) => f.tasks.includes("predict"));

describe("predictor families exist", () => {
  it("registers cgcnn and composition-ridge with the predict task only", () => {
    expect(predictorFamilies().map((f) => f.name)).toEqual(expect.arrayContaining(["cgcnn", "composition-ridge"]));
    for (const f of predictorFamilies()) expect(f.tasks).toEqual(["predict"]);
  });
});

describe.each(["cgcnn", "composition-ridge"])("predictor family %s keeps the PropertyPredictor contract", (name) => {
  const family = () => modelFamilies().find((f) => f.name === name)!;
  const make = (): PropertyPredictor => {
    const m = family().create(family().exampleOptions);
    if (!isPropertyPredictor(m)) throw new Error(`${name} is not a PropertyPredictor`);
    return m;
  };

  it("trains into checkpointDir, loads it, and the loaded model predicts exactly what the trained one predicts", async () => {
    const model = make();
    const dir = tmp();
    await model.train(predictorData, { epochs: 2, batchSize: 2, seed: 1, checkpointDir: dir });
    const { config } = readCheckpoint(dir, family());
    expect(JSON.parse(JSON.stringify(config))).toEqual(JSON.parse(JSON.stringify(model.config)));
    expect(config.tasks).toEqual(["predict"]);
    expect(model.property).toBe("target");
    const loaded = await loadModel(dir);
    expect(isPropertyPredictor(loaded)).toBe(true);
    const [a, b] = [await model.predict(predictorData), await (loaded as PropertyPredictor).predict(predictorData)];
    expect(a).toHaveLength(predictorData.length);
    a.forEach((p) => expect(Number.isFinite(p.value) && p.std >= 0).toBe(true));
    expect(b).toEqual(a);
    model.dispose();
    loaded.dispose();
  });

  it("trains with 2 workers (rank 0's first step as on one thread), or does not optimise", async () => {
    await trainsWithTwoWorkers(make(), make(), name, predictorData);
  });

  it("refuses sampling, an unseen element and a crystal over maxAtoms before any work (ModelRequestError naming the crystal)", async () => {
    const model = make();
    await model.train(predictorData, { epochs: 1, batchSize: 2 });
    const before = tf.memory().numTensors;
    const e0 = await model.sample({ n: 1 }).catch((e: unknown) => e);
    expect(e0).toBeInstanceOf(ModelRequestError);
    expect((e0 as Error).message).toMatch(/generates nothing: call predict\(\)/);
    const unseen = perovskite([26, 22, 8, 8, 8], 3.9, "FeTiO3-x");
    await expect(model.predict([predictorData[0]!, unseen])).rejects.toThrow(/crystal 1 \(FeTiO3-x\): element Z=26 was not in this model's training data/);
    const big = makeStructure({ lattice: cubic(20), species: new Array<number>(model.config.maxAtoms + 1).fill(8), fracCoords: Array.from({ length: 3 * (model.config.maxAtoms + 1) }, (_, i) => (i * 0.618) % 1), properties: { id: "huge" } });
    await expect(model.predict([big])).rejects.toThrow(/crystal 0 \(huge\) has \d+ atoms; this model takes at most/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("refuses training data without the property unless dropMissing, which records the count", async () => {
    const missing = [...predictorData, { ...data[0]!, properties: { id: "no-target" } }];
    const model = make();
    await expect(model.train(missing, { epochs: 1, batchSize: 2 })).rejects.toThrow(/1 of 5 crystals have no finite "target" \(first: no-target\)/);
    await model.train(missing, { epochs: 1, batchSize: 2, settings: { dropMissing: true } });
    expect((model.config.familyConfig as { dropped?: number }).dropped).toBe(1);
    expect(model.config.training?.count).toBe(4);
    model.dispose();
  });

  it("refuses a checkpoint of another family", async () => {
    const other = modelFamilies().find((f) => f.name === "data-draw")!;
    const dir = tmp();
    const o = other.create(other.exampleOptions);
    await o.train(data, { epochs: 1, batchSize: 2 });
    await o.save(dir);
    o.dispose();
    const model = make();
    await expect(model.load(dir)).rejects.toThrow(ModelConfigError);
    await expect(model.load(dir)).rejects.toThrow(new RegExp(`holds a data-draw model, not ${name}`));
    model.dispose();
  });

  it("leaks no TF.js tensors across create, train, predict, save, load and dispose", async () => {
    const before = tf.memory().numTensors;
    const model = make();
    const dir = tmp();
    await model.train(predictorData, { epochs: 2, batchSize: 2, checkpointDir: dir });
    await model.predict(predictorData);
    model.dispose();
    const loaded = (await loadModel(dir)) as PropertyPredictor;
    await loaded.predict(predictorData);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

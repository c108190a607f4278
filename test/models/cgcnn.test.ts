// CGCNN: the Gaussian distance expansion against hand-computed values, one gated convolution against NumPy, the
// invariances of the prediction (atom order, translation, supercell), the descriptor table, and learning a property of
// the bundled prototypes dataset to well below the predict-the-mean error.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { loadDataset } from "../../src/datasets/load.js";
import { elementDescriptorTable, gatedConvolution, gaussianCentres, gaussianExpansion } from "../../src/models/cgcnn/index.js";
import { initCgcnnParams } from "../../src/models/cgcnn/params.js";
import { type PropertyPredictor, createModel, initBackend } from "../../src/models/index.js";
import { rng } from "../../src/util/random.js";

beforeAll(async () => {
  await initBackend();
});

describe("Gaussian distance expansion", () => {
  it("puts 41 centres 0.2 Å apart on [0, 8] Å and gives exp(−(d − μ)²/0.2²)", () => {
    const { centres, width } = gaussianCentres(8, 41);
    expect(centres).toHaveLength(41);
    expect(centres[0]).toBe(0);
    expect(centres[40]).toBeCloseTo(8, 6);
    expect(width).toBeCloseTo(0.2, 12);
    const e = gaussianExpansion(tf.tensor1d([1.0, 2.1]), 8, 41);
    const v = e.arraySync();
    e.dispose();
    expect(v[0]![5]).toBeCloseTo(1, 6); // d = 1.0 on centre 1.0
    expect(v[0]![4]).toBeCloseTo(Math.exp(-1), 6); // 0.2 Å away: exp(−1)
    expect(v[0]![7]).toBeCloseTo(Math.exp(-4), 6); // 0.4 Å away: exp(−4)
    expect(v[1]![10]).toBeCloseTo(Math.exp(-0.25), 5); // 2.1 vs 2.0: exp(−0.1²/0.04)
    expect(v[1]![11]).toBeCloseTo(Math.exp(-0.25), 5); // 2.1 vs 2.2
  });
});

describe("element descriptors", () => {
  it("standardises each Magpie property over Z 1–103 (column means 0 over the known values) and leaves row 0 empty", () => {
    const t = elementDescriptorTable(104);
    expect(Array.from(t.subarray(0, 22)).every((x) => x === 0)).toBe(true);
    // Property 0 is the atomic number: Z standardised over 1…103 (mean 52, population std √((103² − 1)/12)).
    const std = Math.sqrt((103 * 103 - 1) / 12);
    expect(t[1 * 22]).toBeCloseTo((1 - 52) / std, 5);
    expect(t[103 * 22]).toBeCloseTo((103 - 52) / std, 5);
  });
});

describe("one gated convolution", () => {
  it("equals a NumPy computation on a 2-atom graph with three edges", () => {
    const H = 3, G = 4;
    const network = { hidden: H, layers: 1, cutoff: 3, maxNeighbours: 12, gaussians: G, members: 1, numTypes: 104 };
    const params = initCgcnnParams(network, 7);
    const r = rng(11);
    const values: Record<string, number[]> = {};
    for (const [name, v] of params) {
      if (!name.startsWith("m0.conv0.")) continue;
      const a = Array.from({ length: v.size }, () => r.normal());
      values[name.slice("m0.conv0.".length)] = a;
      const t = tf.tensor(a, v.shape);
      v.assign(t);
      t.dispose();
    }
    const h = [[0.3, -1.2, 0.5], [1.1, 0.2, -0.7]];
    const senders = [1, 0, 1], receivers = [0, 1, 1], edges = [[0.9, 0.1, 0.0, 0.3], [0.2, 0.8, 0.4, 0.0], [0.5, 0.5, 0.5, 0.5]];
    const out = tf.tidy(() => gatedConvolution(params, "m0.conv0", tf.tensor2d(h), { senders: tf.tensor1d(senders, "int32"), receivers: tf.tensor1d(receivers, "int32"), edges: tf.tensor2d(edges) }).arraySync());
    const script = `
import json, sys
import numpy as np
d = json.load(sys.stdin)
p = {k: np.array(v) for k, v in d["p"].items()}
H, G = 3, 4
h = np.array(d["h"]); e = np.array(d["e"]); snd = d["s"]; rcv = d["r"]
def lin(g):
    return h[rcv] @ p[g + ".Wi"].reshape(H, H) + h[snd] @ p[g + ".Wj"].reshape(H, H) + e @ p[g + ".We"].reshape(G, H) + p[g + ".b"]
softplus = lambda x: np.log1p(np.exp(x))
msg = 1 / (1 + np.exp(-lin("f"))) * softplus(lin("s"))
agg = np.zeros_like(h)
np.add.at(agg, rcv, msg)
ln = (agg - agg.mean(1, keepdims=True)) / np.sqrt(agg.var(1, keepdims=True) + 1e-5) * p["norm.gamma"] + p["norm.beta"]
print(json.dumps(softplus(h + ln).tolist()))
`;
    const ref = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script], { input: JSON.stringify({ p: values, h, e: edges, s: senders, r: receivers }), encoding: "utf8" })) as number[][];
    for (let i = 0; i < 2; i++) for (let k = 0; k < H; k++) expect(out[i]![k]).toBeCloseTo(ref[i]![k]!, 4);
    for (const v of params.values()) v.dispose();
  });
});

describe("invariances of the prediction", () => {
  // A triclinic ternary cell; the 4 Å radius and a neighbour limit above the count inside it leave no ties to break.
  const lattice = latticeFromParameters(4.1, 4.6, 5.2, 82, 95, 103);
  const base = makeStructure({ lattice, species: [11, 17, 8], fracCoords: [0.05, 0.1, 0.2, 0.55, 0.45, 0.6, 0.3, 0.8, 0.1], properties: { id: "t", target: 1 } });
  const other = makeStructure({ lattice: latticeFromParameters(3.9, 3.9, 4.4, 90, 90, 90), species: [11, 8], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5], properties: { id: "u", target: 2 } });
  const model = () => createModel("cgcnn", { property: "target", hidden: 8, layers: 2, cutoff: 4, maxNeighbours: 200, gaussians: 9, members: 2, seed: 3 }) as PropertyPredictor;

  it("gives the same value for permuted atoms, a translated cell and a 2×1×1 supercell (mean pooling)", async () => {
    const m = model();
    await m.train([base, other], { epochs: 3, batchSize: 2, seed: 1 });
    const permuted = makeStructure({ lattice, species: [8, 11, 17], fracCoords: [0.3, 0.8, 0.1, 0.05, 0.1, 0.2, 0.55, 0.45, 0.6] });
    const shift = [0.37, -0.21, 0.64];
    const translated = makeStructure({ lattice, species: base.species, fracCoords: Array.from(base.fracCoords, (x, i) => (((x + shift[i % 3]!) % 1) + 1) % 1) });
    const m2 = lattice.matrix;
    const superLattice = latticeFromParameters(8.2, 4.6, 5.2, 82, 95, 103);
    expect(superLattice.matrix[0]).toBeCloseTo(2 * m2[0]!, 10);
    const supercell = makeStructure({
      lattice: superLattice, species: [...base.species, ...base.species],
      fracCoords: [...Array.from({ length: 3 }, (_, a) => [base.fracCoords[3 * a]! / 2, base.fracCoords[3 * a + 1]!, base.fracCoords[3 * a + 2]!]).flat(), ...Array.from({ length: 3 }, (_, a) => [(base.fracCoords[3 * a]! + 1) / 2, base.fracCoords[3 * a + 1]!, base.fracCoords[3 * a + 2]!]).flat()],
    });
    const [p0, p1, p2, p3, q] = await m.predict([base, permuted, translated, supercell, other]);
    for (const p of [p1!, p2!, p3!]) {
      expect(p.value).toBeCloseTo(p0!.value, 4);
      expect(p.std).toBeCloseTo(p0!.std, 4);
    }
    expect(Math.abs(q!.value - p0!.value)).toBeGreaterThan(1e-3); // a different crystal is not predicted the same
    expect(p0!.std).toBeGreaterThan(0); // two differently initialised members disagree
    m.dispose();
  });
});

describe("resuming", () => {
  it("a run stopped after some steps and resumed ends with the predictions of an uninterrupted run; resuming a finished run keeps its record", async () => {
    const data = (await loadDataset("prototypes", "val")).structures.slice(0, 24);
    const options = { property: "density", hidden: 8, layers: 1, gaussians: 9, members: 2, cutoff: 5 };
    const settings = { epochs: 3, batchSize: 8, seed: 2 };
    const whole = createModel("cgcnn", options) as PropertyPredictor;
    await whole.train(data, settings);
    const dir = mkdtempSync(join(tmpdir(), "cw-cgcnn-resume-"));
    const first = createModel("cgcnn", options) as PropertyPredictor;
    await first.train(data, { ...settings, checkpointDir: dir, stopAfterSteps: 4 });
    first.dispose();
    const resumed = createModel("cgcnn", options) as PropertyPredictor;
    await resumed.train(data, { ...settings, checkpointDir: dir, resume: true });
    const [a, b] = [await whole.predict(data), await resumed.predict(data)];
    b.forEach((p, i) => expect(p.value).toBeCloseTo(a[i]!.value, 5));
    expect(resumed.config.training).toMatchObject({ stepsDone: 9, totalSteps: 9 });
    const again = createModel("cgcnn", options) as PropertyPredictor;
    await again.train(data, { ...settings, checkpointDir: dir, resume: true });
    expect(again.config.training).toMatchObject({ stepsDone: 9, totalSteps: 9 });
    for (const m of [whole, resumed, again]) m.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("learning", () => {
  it("fits the density of the bundled prototypes (train split) to a val MAE well below predicting the training mean", async () => {
    const train = (await loadDataset("prototypes", "train")).structures;
    const m = createModel("cgcnn", { property: "density", hidden: 24, layers: 2, cutoff: 6, maxNeighbours: 12, gaussians: 16, members: 1, seed: 0 }) as PropertyPredictor;
    await m.train(train, { epochs: 12, batchSize: 32, lr: 3e-3, seed: 0 });
    const seen = new Set(m.config.elements);
    const val = (await loadDataset("prototypes", "val")).structures.filter((s) => Array.from(s.species).every((z) => seen.has(z)));
    expect(val.length).toBeGreaterThan(100);
    const y = val.map((s) => s.properties!["density"] as number);
    const trainMean = train.reduce((a, s) => a + (s.properties!["density"] as number), 0) / train.length;
    const meanMae = y.reduce((a, v) => a + Math.abs(v - trainMean), 0) / y.length;
    const pred = await m.predict(val);
    const mae = pred.reduce((a, p, i) => a + Math.abs(p.value - y[i]!), 0) / y.length;
    expect(mae).toBeLessThan(0.4 * meanMae);
    m.dispose();
  }, 240_000);
});

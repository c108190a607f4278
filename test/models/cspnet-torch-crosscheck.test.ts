// Our CSPNet against the PyTorch reference (shared/bench/cspnet_torch.py) with the same weights on the same batch:
// outputs and every parameter's gradient of one loss. test/py/models_cspnet_torch_crosscheck.py loads our weights into
// the reference's own modules and states what it adds around them (the soft-type embedding, condition and type head
// are not in the reference script; those variants check only our extra layers on top of its trunk).
import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromMatrix } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { initBackend } from "../../src/models/backend/index.js";
import { type CspnetConfig, type CspnetInput, type CspnetOutput, cspnetConfig, cspnetForward, crystalGraph, disposeCrystalGraph, disposeParams, initCspnetParams } from "../../src/models/cspnet/index.js";
import { batchStructures } from "../../src/representations/batch.js";
import { type Rng, rng } from "../../src/util/random.js";

interface Reference {
  outputs: Record<string, number[]>;
  loss: number;
  grads: Record<string, number[]>;
}
type Flat = Record<string, number[]>;

const normals = (r: Rng, n: number) => Array.from({ length: n }, () => r.normal());
const rows = (flat: ArrayLike<number>, width: number) => Array.from({ length: flat.length / width }, (_, i) => Array.from(flat).slice(i * width, (i + 1) * width));

/** Worst |ours − torch| over the largest |torch| of one tensor. */
function relErr(ours: ArrayLike<number>, ref: number[]): number {
  expect(ours.length).toBe(ref.length);
  const scale = Math.max(...ref.map(Math.abs));
  return Math.max(...ref.map((v, i) => Math.abs(ours[i]! - v))) / scale;
}

function ourOutputs(out: CspnetOutput): Record<string, tf.Tensor> {
  return { coord: out.coord, latticeInvariant: out.latticeInvariant, lattice: out.lattice.reshape([-1, 9]), ...(out.typeLogits ? { typeLogits: out.typeLogits } : {}) };
}

/** Σ over the outputs of MSE(output, target), the loss the Python helper computes. */
function loss(outputs: Record<string, tf.Tensor>, targets: Flat): tf.Scalar {
  return tf.addN(Object.entries(outputs).map(([k, v]) => v.sub(tf.tensor(targets[k]!, v.shape)).square().mean())) as tf.Scalar;
}

/** Three crystals of 4 atoms (the reference pools with a fixed atom count), times, types, condition and targets. */
function makeCase(config: CspnetConfig, seed: number) {
  const r = rng(seed);
  const structures = [0, 1, 2].map((c) => makeStructure({
    lattice: latticeFromMatrix([4 + c, 0.3, -0.2, 0.1, 5 - 0.5 * c, 0.4, -0.3, 0.2, 4.5 + 0.7 * c]),
    species: Array.from({ length: 4 }, () => 1 + r.int(90)),
    fracCoords: Array.from({ length: 12 }, () => r.next()),
  }));
  const b = batchStructures(structures);
  const N = b.species.length, B = b.numCrystals, T = config.numTypes;
  const soft = config.typeHead ? Array.from({ length: N }, () => { const e = normals(r, T).map(Math.exp); const s = e.reduce((x, y) => x + y); return e.map((v) => v / s); }) : null;
  const time = [17, 480, 963];
  const condition = [[0.8, 1], [0, 0], [-1.3, 1]];
  const targets: Flat = { coord: normals(r, 3 * N), latticeInvariant: normals(r, 9 * B), lattice: normals(r, 9 * B), ...(config.typeHead ? { typeLogits: normals(r, N * T) } : {}) };
  const pyBatch = {
    types: soft ?? Array.from(b.species), frac: rows(b.fracCoords, 3), lattices: rows(b.lattices, 9).map((m) => rows(m, 3)), time,
    receivers: Array.from(b.edgeReceivers), senders: Array.from(b.edgeSenders), crystal: Array.from(b.crystalIndex), ...(config.condition ? { condition } : {}),
  };
  const input = (): CspnetInput => ({
    types: soft ? tf.tensor2d(soft) : tf.tensor1d(b.species, "int32"),
    fracCoords: tf.tensor2d(b.fracCoords, [N, 3]),
    lattices: tf.tensor3d(b.lattices, [B, 3, 3]),
    time: tf.tensor1d(time),
    ...(config.condition ? { condition: tf.tensor2d(condition) } : {}),
  });
  return { batch: b, pyBatch, targets, input };
}

function crosscheck(partial: Partial<CspnetConfig>, seed: number): { outputs: Record<string, number>; grads: Record<string, number> } {
  const config = cspnetConfig({ hidden: 32, layers: 2, freqs: 5, timeDim: 16, ...partial });
  const params = initCspnetParams(config, seed);
  const c = makeCase(config, seed + 1);
  const g = crystalGraph(c.batch);
  try {
    const ours = tf.tidy(() => Object.fromEntries(Object.entries(ourOutputs(cspnetForward(params, config, g, c.input()))).map(([k, v]) => [k, v.dataSync()])));
    const vars = [...params.values()];
    const { value, grads } = tf.variableGrads(() => loss(ourOutputs(cspnetForward(params, config, g, c.input())), c.targets), vars);
    const pyParams = Object.fromEntries([...params].map(([name, v]) => [name, { shape: v.shape, values: Array.from(v.dataSync()) }]));
    const request = { config, params: pyParams, batch: c.pyBatch, targets: c.targets };
    const ref = JSON.parse(execFileSync("/usr/bin/python3", ["test/py/models_cspnet_torch_crosscheck.py"], { input: JSON.stringify(request), encoding: "utf8", maxBuffer: 1 << 28 })) as Reference;
    expect(Object.keys(ref.outputs).sort()).toEqual(Object.keys(ours).sort());
    expect(Object.keys(ref.grads).sort()).toEqual([...params.keys()].sort());
    expect(Math.abs(value.dataSync()[0]! - ref.loss) / ref.loss).toBeLessThan(1e-5);
    const result = {
      outputs: Object.fromEntries(Object.entries(ours).map(([k, v]) => [k, relErr(v, ref.outputs[k]!)])),
      grads: Object.fromEntries([...params].map(([name, v]) => [name, relErr(grads[v.name]!.dataSync(), ref.grads[name]!)])),
    };
    tf.dispose([value, ...Object.values(grads)]);
    return result;
  } finally {
    disposeCrystalGraph(g);
    disposeParams(params);
  }
}

// Measured (H 32, L 2, F 5, T 16; wasm and cpu backends alike): outputs within 2.2e-6 and gradients within 4.7e-6
// (input.W) of the largest entry of each tensor; a swapped edge1 block or a flipped difference sign gives 1e-3 or more.
const TOL = 1e-4;

function expectClose(errors: Record<string, number>): void {
  for (const [name, err] of Object.entries(errors)) expect(err, name).toBeLessThan(TOL);
}

beforeAll(async () => {
  await initBackend();
});

describe("CSPNet agrees with the PyTorch reference on the same weights and batch (outputs and gradients)", () => {
  it("CSP: fixed atom types, no condition", () => {
    const r = crosscheck({}, 11);
    expectClose(r.outputs);
    expectClose(r.grads);
  });
  it("de novo: soft type vectors through the embedding, and the type head", () => {
    const r = crosscheck({ typeHead: true }, 21);
    expectClose(r.outputs);
    expectClose(r.grads);
  });
  it("conditioned CSP: the [value, present] condition added after the input layer", () => {
    const r = crosscheck({ condition: true }, 31);
    expectClose(r.outputs);
    expectClose(r.grads);
  });
});

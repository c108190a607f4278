import { execFileSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latticeFromMatrix } from "../../src/crystal/lattice.js";
import { makeStructure, type Structure } from "../../src/crystal/structure.js";
import { initBackend } from "../../src/models/backend/index.js";
import { FOURIER_FEATURES, registerFourierFeatures } from "../../src/models/backend/kernels/fourier-features.js";
import { type CspnetConfig, cspnetConfig, cspnetForward, cspnetParamCount, crystalGraph, disposeCrystalGraph, disposeParams, initCspnetParams } from "../../src/models/cspnet/index.js";
import { batchStructures } from "../../src/representations/batch.js";
import { rng } from "../../src/util/random.js";

function torchParamCount(h: number, l: number, f: number): number {
  const out = execFileSync("/usr/bin/python3", ["test/py/models_cspnet_params.py", "--hidden", `${h}`, "--layers", `${l}`, "--freqs", `${f}`], { encoding: "utf8" });
  return Number(out.trim());
}

describe("CSPNet parameter count equals the PyTorch reference's", () => {
  it("at the bench sizes (H 256, L 4, F 64) and at a small size (H 32, L 2, F 5)", () => {
    expect(cspnetParamCount(cspnetConfig({ hidden: 256, layers: 4, freqs: 64 }))).toBe(torchParamCount(256, 4, 64));
    expect(cspnetParamCount(cspnetConfig({ hidden: 32, layers: 2, freqs: 5 }))).toBe(torchParamCount(32, 2, 5));
  });
});

// A tiny model and two crystals; every symmetry check compares outputs of transformed inputs, for the fully connected
// CSPNet and for the one with local messages (a 4 Å radius graph, no neighbour cap: a cap may drop either of two
// equally distant images, which rounding decides).
const plain: CspnetConfig = cspnetConfig({ hidden: 16, layers: 2, freqs: 4, timeDim: 8, typeHead: true });
const withLocal: CspnetConfig = { ...plain, local: { cutoff: 4, maxNeighbors: 1000, basis: 6 } };
let config = plain;
const r = rng(3);
function crystal(n: number, L: number[]): Structure {
  return makeStructure({ lattice: latticeFromMatrix(L), species: Array.from({ length: n }, () => 1 + r.int(80)), fracCoords: Array.from({ length: 3 * n }, () => r.next()) });
}
const base = [crystal(4, [4, 0.2, 0, 0.1, 5, 0.3, 0, -0.2, 4.5]), crystal(3, [3.9, 0, 0, 0, 3.9, 0, 0.5, 0, 6])];

function run(structures: Structure[], time = [100, 700]): { coord: number[]; lattice: number[]; logits: number[] } {
  return tf.tidy(() => {
    const b = batchStructures(structures);
    const g = crystalGraph(b);
    const out = cspnetForward(params, config, g, {
      types: tf.tensor1d(b.species, "int32"),
      fracCoords: tf.tensor2d(b.fracCoords, [b.species.length, 3]),
      lattices: tf.tensor3d(b.lattices, [b.numCrystals, 3, 3]),
      time: tf.tensor1d(time),
    });
    const res = { coord: Array.from(out.coord.dataSync()), lattice: Array.from(out.lattice.dataSync()), logits: Array.from(out.typeLogits!.dataSync()) };
    disposeCrystalGraph(g);
    return res;
  });
}
function close(a: number[], b: number[], tol = 2e-4): void {
  expect(a.length).toBe(b.length);
  const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
  expect(worst).toBeLessThan(tol * Math.max(1, ...b.map(Math.abs)));
}

let params: ReturnType<typeof initCspnetParams>;
beforeAll(async () => {
  await initBackend();
});

describe.each([["fully connected", plain], ["with local messages", withLocal]] as const)("CSPNet symmetries, %s", (_, c) => {
  beforeAll(() => {
    config = c;
    params = initCspnetParams(config, 7);
  });
  afterAll(() => disposeParams(params));
  const ref = () => run(base);
  it("is invariant to translating every atom of a crystal by the same fractional shift", () => {
    const shifted = base.map((s) => makeStructure({ ...s, fracCoords: s.fracCoords.map((v, k) => v + [0.13, -0.4, 0.77][k % 3]!) }));
    const a = ref(), b = run(shifted);
    close(b.coord, a.coord);
    close(b.lattice, a.lattice);
  });
  it("is periodic: moving one atom by a whole lattice vector changes nothing", () => {
    const moved = [makeStructure({ ...base[0]!, fracCoords: base[0]!.fracCoords.map((v, k) => (k === 4 ? v + 1 : k === 0 ? v - 2 : v)) }), base[1]!];
    close(run(moved).coord, ref().coord);
  });
  it("is permutation equivariant: permuting atoms permutes the per-atom outputs", () => {
    const perm = [2, 0, 3, 1];
    const s = base[0]!;
    const permuted = makeStructure({ lattice: s.lattice, species: perm.map((i) => s.species[i]!), fracCoords: perm.flatMap((i) => [0, 1, 2].map((k) => s.fracCoords[3 * i + k]!)) });
    const a = ref(), b = run([permuted, base[1]!]);
    close(perm.flatMap((i) => a.coord.slice(3 * i, 3 * i + 3)), b.coord.slice(0, 12));
    close(perm.flatMap((i) => a.logits.slice(config.numTypes * i, config.numTypes * (i + 1))), b.logits.slice(0, 4 * config.numTypes));
    close(b.lattice, a.lattice);
  });
  it("is rotation invariant in coordinates and equivariant in the lattice output (L → L·Rᵀ gives out·Rᵀ)", () => {
    const c = Math.cos(0.7), s = Math.sin(0.7);
    const R = [c, -s, 0, s, c, 0, 0, 0, 1];
    const rotate = (m: ArrayLike<number>) => Array.from({ length: 9 }, (_, k) => { const i = Math.floor(k / 3), j = k % 3; return m[3 * i]! * R[3 * j]! + m[3 * i + 1]! * R[3 * j + 1]! + m[3 * i + 2]! * R[3 * j + 2]!; });
    const rotated = base.map((st) => makeStructure({ ...st, lattice: latticeFromMatrix(rotate(st.lattice.matrix)) }));
    const a = ref(), b = run(rotated);
    close(b.coord, a.coord);
    close(b.lattice, [...rotate(a.lattice.slice(0, 9)), ...rotate(a.lattice.slice(9, 18))]);
  });
  it("keeps crystals independent: a crystal's output does not depend on its batch neighbours", () => {
    const alone = run([base[1]!], [700]);
    close(alone.coord, ref().coord.slice(12));
  });
  it("depends on time (the time embedding reaches the output)", () => {
    const a = run(base, [100, 700]).coord, b = run(base, [900, 700]).coord;
    expect(Math.max(...a.slice(0, 12).map((v, i) => Math.abs(v - b[i]!)))).toBeGreaterThan(1e-4);
  });
});

describe(`CSPNet with the fused ${FOURIER_FEATURES} kernel computes what the tensor-op composition computes`, () => {
  /** The outputs and the gradients of a loss wrt every parameter, on the bench's architecture at a small size. */
  function outputsAndGrads(): number[][] {
    const cfg = cspnetConfig({ hidden: 32, layers: 3, freqs: 64, timeDim: 16 });
    const p = initCspnetParams(cfg, 11);
    const res = tf.tidy(() => {
      const b = batchStructures(base);
      const g = crystalGraph(b);
      const input = {
        types: tf.tensor1d(b.species, "int32"),
        fracCoords: tf.tensor2d(b.fracCoords, [b.species.length, 3]),
        lattices: tf.tensor3d(b.lattices, [b.numCrystals, 3, 3]),
        time: tf.tensor1d([100, 700]),
      };
      const outs: tf.Tensor[] = [];
      const { grads } = tf.variableGrads(() => {
        const o = cspnetForward(p, cfg, g, input);
        outs.push(tf.keep(o.coord), tf.keep(o.lattice));
        return o.coord.square().sum().add(o.lattice.mul(0.1).sin().sum()) as tf.Scalar;
      }, [...p.values()]);
      const arrays = [...outs, ...[...p.values()].map((v) => grads[v.name]!)].map((t) => Array.from(t.dataSync()));
      disposeCrystalGraph(g);
      tf.dispose(outs);
      return arrays;
    });
    disposeParams(p);
    return res;
  }
  it("outputs and parameter gradients agree to 1e-5 of their largest value", () => {
    const backend = tf.getBackend();
    const fused = outputsAndGrads();
    const kernel = tf.getKernel(FOURIER_FEATURES, backend)!;
    tf.unregisterKernel(FOURIER_FEATURES, backend);
    let composed: number[][];
    try {
      composed = outputsAndGrads();
    } finally {
      tf.registerKernel(kernel);
    }
    expect(registerFourierFeatures()).toEqual([]);
    expect(composed.length).toBe(fused.length);
    composed.forEach((c, i) => close(fused[i]!, c, 1e-5));
  });
});

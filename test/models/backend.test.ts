import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { backendInfo, initBackend } from "../../src/models/backend/index.js";
import { FOURIER_FEATURES, fourierInto } from "../../src/models/backend/kernels/fourier-features.js";
import { fourierFeatures } from "../../src/models/cspnet/forward.js";
import { rng } from "../../src/util/random.js";

// The stock cpu kernels are cloned under the name "stock-cpu" BEFORE any patch runs, and every reference value and
// gradient is computed there with the stock gradients; the patched wasm and cpu kernels must reproduce them.
const STOCK = "stock-cpu";

type Arrays = number[][];
interface Case {
  name: string;
  /** Builds the inputs (as plain arrays) once. */
  run: () => Arrays;
  /** Relative tolerance against the stock values (default 1e-5). */
  tol?: number;
}

function randn(shape: number[], seed: number): tf.Tensor {
  const r = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => r.normal()), shape);
}
function ints(n: number, max: number, seed: number): tf.Tensor1D {
  const r = rng(seed);
  return tf.tensor1d(Int32Array.from({ length: n }, () => r.int(max)), "int32");
}
function uniform(shape: number[], lo: number, hi: number, seed: number): tf.Tensor {
  const r = rng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * r.next()), shape);
}
function values(ts: tf.Tensor[]): Arrays {
  return ts.map((t) => Array.from(t.dataSync()));
}

/** Value and gradient of a scalar loss  sum(w ⊙ f(inputs))  wrt every float input. */
function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: () => tf.Tensor[], wSeed: number): () => Arrays {
  return () =>
    tf.tidy(() => {
      const xs = inputs();
      const y = f(...xs);
      const w = randn(y.shape, wSeed);
      const floats = xs.map((x, i) => [x, i] as const).filter(([x]) => x.dtype === "float32");
      const g = tf.grads((...fx: tf.Tensor[]) => {
        const all = xs.slice();
        floats.forEach(([, i], k) => (all[i] = fx[k]!));
        return f(...all).mul(w).sum();
      });
      return values([y, ...g(floats.map(([x]) => x))]);
    });
}

const cases: Case[] = [
  ...([[[6, 4], [1, 0]], [[2, 3, 4], [0, 2, 1]], [[3, 1, 4], [1, 0, 2]], [[1, 5], [1, 0]], [[2, 1, 3, 1], [3, 0, 1, 2]], [[0, 4], [1, 0]], [[4, 3], [0, 1]], [[2, 3, 4], [0, 1, 2]]] as const).map(([shape, perm], i) => ({
    name: `Transpose ${JSON.stringify(shape)} perm ${JSON.stringify(perm)}`,
    run: valueAndGrads((x) => tf.transpose(x!, [...perm]), () => [randn([...shape], 40 + i)], 50 + i),
  })),
  ...([[[7, 5], [0], false], [[3, 4, 5], [0, 1], true], [[3, 4, 5], [-3], false], [[3, 4, 5], [1, 0], false], [[3, 4, 5], [1], true], [[6, 2], null, false], [[0, 4], [0], false]] as const).map(([shape, axis, keepDims], i) => ({
    name: `Sum ${JSON.stringify(shape)} axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
    run: valueAndGrads((x) => tf.sum(x!, axis === null ? undefined : [...axis], keepDims), () => [randn([...shape], 60 + i)], 70 + i),
  })),
  ...([[[[5, 1], [5, 2], [5, 40]], 1], [[[2, 3], [4, 3]], 0], [[[2, 3, 1], [2, 3, 2]], -1], [[[3, 2, 2], [3, 0, 2], [3, 1, 2]], 1], [[[0, 4], [0, 2]], 1], [[[4, 3]], 1]] as const).map(([shapes, axis], i) => ({
    name: `Concat ${JSON.stringify(shapes)} axis ${axis}`,
    run: valueAndGrads((...xs) => tf.concat(xs, axis), () => shapes.map((sh, k) => randn([...sh], 100 + 10 * i + k)), 160 + i),
  })),
  {
    name: "Concat of int32 and of bool columns",
    run: () => tf.tidy(() => values([
      tf.concat([tf.tensor2d([[1], [2]], [2, 1], "int32"), tf.tensor2d([[3, 4], [5, 6]], [2, 2], "int32")], 1),
      tf.concat([tf.tensor2d([[1], [0]], [2, 1], "bool"), tf.tensor2d([[0], [1]], [2, 1], "bool")], 1),
    ])),
  },
  ...([[[7, 6], [1, 2, 3], 1], [[6, 4], 3, 0], [[5, 9], [2, -1, 3], -1], [[2, 6, 3], [4, 2], 1], [[48, 3], 3, 1], [[0, 4], 2, 1], [[5, 70], [1, 64, 5], 1]] as const).map(([shape, split, axis], i) => ({
    name: `SplitV ${JSON.stringify(shape)} into ${JSON.stringify(split)} along ${axis}`,
    run: valueAndGrads((x) => tf.concat(tf.split(x!, typeof split === "number" ? split : [...split], axis).map((t, k) => t.mul(k + 1)), axis), () => [randn([...shape], 170 + i)], 180 + i),
  })),
  {
    name: "SplitV of int32",
    run: () => tf.tidy(() => values(tf.split(tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], "int32"), [2, 1], 1))),
  },
  {
    name: "Sum of int32 over the leading axis (falls back to the stock kernel)",
    run: () => tf.tidy(() => values([tf.sum(tf.tensor2d([[1, 2], [3, 4], [5, -6]], [3, 2], "int32"), 0)])),
  },
  ...(["sin", "cos"] as const).flatMap((f, j) => [
    { name: `${f} of values in ±1000`, run: valueAndGrads((x) => tf[f](x!), () => [uniform([5, 7, 3], -1000, 1000, 80 + j)], 82 + j) },
    { name: `${f} of an empty tensor`, run: valueAndGrads((x) => tf[f](x!), () => [randn([0, 3], 84 + j)], 86 + j) },
  ]),
  // The fused kernel computes sin/cos(2πk·x) in float64; the composition rounds 2πk·x to float32 first (|2πk·x| < 2π·F).
  ...([[[37, 3], 9], [[5, 3], 64], [[0, 3], 4]] as const).map(([shape, freqs], i) => ({
    name: `${FOURIER_FEATURES} [${shape}] F ${freqs} (the composition it replaces on the stock backend)`,
    run: valueAndGrads((x) => fourierFeatures(x as tf.Tensor2D, freqs), () => [uniform([...shape], -1, 1, 90 + i)], 95 + i),
    tol: 5e-5,
  })),
  ...([[false, false], [true, false], [false, true], [true, true]] as const).map(([ta, tb]) => ({
    name: `BatchMatMul 2-D transposeA=${ta} transposeB=${tb}`,
    run: valueAndGrads((a, b) => tf.matMul(a!, b!, ta, tb), () => [randn(ta ? [7, 5] : [5, 7], 1), randn(tb ? [4, 7] : [7, 4], 2)], 3),
  })),
  {
    name: "BatchMatMul 3-D batched transposeA and transposeB",
    run: valueAndGrads((a, b) => tf.matMul(a!, b!, true, true), () => [randn([3, 6, 4], 4), randn([3, 5, 6], 5)], 6),
  },
  {
    name: "BatchMatMul with one row vector as B both plain and transposed (wasm caches matMul operators by buffer)",
    run: valueAndGrads(
      (p, q, x) => tf.concat([tf.matMul(p!, x!).flatten(), tf.matMul(q!, x!, false, true).flatten(), tf.matMul(p!, tf.transpose(tf.transpose(x!))).flatten()]),
      () => [randn([2, 1], 34), randn([2, 3], 35), randn([1, 3], 36)],
      37,
    ),
  },
  {
    name: "BatchMatMul with one buffer as B under two shapes (Reshape shares it; wasm caches matMul operators by buffer)",
    run: valueAndGrads(
      (p, q, x) => tf.concat([tf.matMul(p!, x!).flatten(), tf.matMul(q!, tf.reshape(x!, [3, 1])).flatten(), tf.matMul(p!, x!).flatten()]),
      () => [randn([2, 1], 38), randn([2, 3], 39), randn([1, 3], 40)],
      41,
    ),
  },
  {
    name: "BatchMatMul with a size-1 axis transposed",
    run: valueAndGrads((a, b) => tf.matMul(a!, b!, true, false), () => [randn([1, 6], 7), randn([1, 3], 8)], 9),
  },
  {
    name: "GatherV2 rows of 40 values (copied by TypedArray.set) and its gradient",
    run: valueAndGrads((x, i) => tf.gather(x!, i!), () => [randn([9, 40], 29), ints(30, 9, 30)], 31),
  },
  {
    name: "GatherV2 rows (axis 0) and its gradient (which runs UnsortedSegmentSum)",
    run: valueAndGrads((x, i) => tf.gather(x!, i!), () => [randn([9, 4], 10), ints(30, 9, 11)], 12),
  },
  {
    name: "GatherV2 rows of a 3-D tensor with 2-D indices",
    run: valueAndGrads((x, i) => tf.gather(x!, i!), () => [randn([6, 2, 3], 13), tf.tensor2d([[0, 5, 5], [2, 1, 0]], [2, 3], "int32")], 14),
  },
  {
    name: "GatherV2 along axis 1 (falls back to the stock kernel)",
    run: valueAndGrads((x, i) => tf.gather(x!, i!, 1), () => [randn([3, 5], 15), ints(7, 5, 16)], 17),
  },
  {
    name: "UnsortedSegmentSum of rows and its gradient",
    run: valueAndGrads((x, s) => tf.unsortedSegmentSum(x!, s as tf.Tensor1D, 11), () => [randn([40, 6], 18), ints(40, 11, 19)], 20),
  },
  {
    name: "UnsortedSegmentSum of a vector with empty segments",
    run: valueAndGrads((x, s) => tf.unsortedSegmentSum(x!, s as tf.Tensor1D, 8), () => [randn([12], 21), ints(12, 4, 22)], 23),
  },
  {
    name: "UnsortedSegmentSum with negative segment ids (dropped) and its gradient (zero rows for them)",
    run: valueAndGrads((x, s) => tf.unsortedSegmentSum(x!, s as tf.Tensor1D, 4), () => [randn([6, 3], 32), tf.tensor1d([0, -1, 3, -5, 1, 3], "int32")], 33),
  },
  {
    name: "UnsortedSegmentSum with out-of-range segment ids (dropped)",
    run: () => tf.tidy(() => values([tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([0, 7, 2], "int32"), 3)])),
  },
  {
    name: "UnsortedSegmentSum of int32 values",
    run: () => tf.tidy(() => values([tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4, 5], "int32"), tf.tensor1d([2, 0, 2, 1, 0], "int32"), 3)])),
  },
  {
    name: "message-passing block: gather → matMul → segment sum → loss",
    run: valueAndGrads(
      (h, w, s, d) => tf.unsortedSegmentSum(tf.tanh(tf.matMul(tf.concat([tf.gather(h!, s!), tf.gather(h!, d!)], 1), w!)), d as tf.Tensor1D, 10),
      () => [randn([10, 8], 24), randn([16, 8], 25), ints(50, 10, 26), ints(50, 10, 27)],
      28,
    ),
  },
];

function on(backend: string, run: () => Arrays): Arrays {
  tf.setBackend(backend);
  return run();
}

const reference = new Map<string, Arrays>();

beforeAll(async () => {
  const cpuFactory = tf.findBackendFactory("cpu");
  if (!cpuFactory) throw new Error("cpu backend factory missing");
  for (const k of tf.getKernelsForBackend("cpu")) tf.registerKernel({ ...k, backendName: STOCK });
  tf.registerBackend(STOCK, cpuFactory);
  await tf.setBackend(STOCK);
  for (const c of cases) reference.set(c.name, on(STOCK, c.run));
  await initBackend();
});

function expectClose(actual: Arrays, expected: Arrays, tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(a.length).toBe(e.length);
    const scale = Math.max(1, ...e.map(Math.abs));
    const worst = Math.max(0, ...a.map((v, k) => Math.abs(v - e[k]!)));
    expect(worst / scale).toBeLessThan(tol);
  });
}

describe("backend selection", () => {
  it("chooses the fastest backend installed (tfjs-node-gpu → tfjs-node → wasm), memoises the choice and lists its patches", async () => {
    const info = await initBackend();
    expect(await initBackend()).toBe(info);
    expect(backendInfo()).toBe(info);
    const installed = (pkg: string) => { try { createRequire(import.meta.url).resolve(pkg); return true; } catch { return false; } };
    const native = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"].find(installed);
    if (process.env["TFJS_BACKEND"]) expect(info.forced).toBe(true);
    else expect([info.name, info.source]).toEqual(native ? ["tensorflow", native] : ["wasm", "@tensorflow/tfjs-backend-wasm"]);
    const common = [`cpu:${FOURIER_FEATURES}`, "cpu:UnsortedSegmentSum", `grad:${FOURIER_FEATURES}`, "grad:UnsortedSegmentSum", `wasm:${FOURIER_FEATURES}`];
    const wasm = ["wasm:BatchMatMul", "wasm:Cast", "wasm:Concat", "wasm:Cos", "wasm:SplitV", "wasm:GatherV2", "wasm:Identity", "wasm:Sin", "wasm:Sum", "wasm:Transpose", "wasm:UnsortedSegmentSum"];
    expect(info.patches.sort()).toEqual((info.name === "wasm" ? [...common, ...wasm] : common).sort());
  });
});

describe.each(["wasm", "cpu"])("patched %s kernels agree with the stock cpu kernels", (backend) => {
  it.each(cases.map((c) => [c.name, c] as const))("%s: values and gradients", (_name, c) => {
    const got = on(backend, c.run);
    tf.setBackend("wasm");
    expectClose(got, reference.get(c.name)!, c.tol ?? 1e-5);
  });
});

describe(`the fused ${FOURIER_FEATURES} kernel`, () => {
  it("matches sin/cos(2πk·x) computed in float64 to 1e-6 (hand values at x = 1/4 and x = −1/8 first)", () => {
    const out = new Float32Array(2 * 3);
    fourierInto(out, [0.25], 3);
    [0, 1, 0, 1, 0, -1].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 7)); // sin 0, sin π/2, sin π; cos 0, cos π/2, cos π
    fourierInto(out, [-0.125], 3);
    const h = Math.SQRT1_2;
    [0, -h, -1, 1, h, 0].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 7));
    const x = Array.from({ length: 200 }, (_, i) => -1 + i / 100 + 0.003);
    const F = 64;
    const big = new Float32Array(x.length * 2 * F);
    fourierInto(big, x, F);
    let worst = 0;
    x.forEach((v, i) => {
      for (let k = 0; k < F; k++) {
        worst = Math.max(worst, Math.abs(big[i * 2 * F + k]! - Math.sin(2 * Math.PI * k * v)), Math.abs(big[i * 2 * F + F + k]! - Math.cos(2 * Math.PI * k * v)));
      }
    });
    expect(worst).toBeLessThan(1e-6);
  });
});

describe("the wasm Identity and Cast patches share the buffer by reference count", () => {
  it("a clone or same-dtype cast keeps its values after the original is disposed, and vice versa", () => {
    tf.setBackend("wasm");
    const before = tf.memory().numDataBuffers;
    const x = tf.tensor1d([1.5, -2, 3.25]);
    const [copy, cast] = [tf.clone(x), tf.cast(x, "float32")];
    expect(tf.memory().numDataBuffers - before).toBe(1); // one buffer, three tensors
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1.5, -2, 3.25]);
    copy.dispose();
    expect(Array.from(cast.dataSync())).toEqual([1.5, -2, 3.25]);
    cast.dispose();
    expect(tf.memory().numDataBuffers).toBe(before);
  });
  it("a cast to another dtype still converts", () => {
    tf.setBackend("wasm");
    expect(Array.from(tf.tidy(() => tf.cast(tf.tensor1d([1.7, -2.2]), "int32").dataSync()))).toEqual([1, -2]);
  });
});

describe("patched kernels do not leak", () => {
  it("a gather/matMul/segment-sum gradient step leaves the tensor count unchanged on wasm", () => {
    tf.setBackend("wasm");
    const run = cases.at(-1)!.run;
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
  });
});

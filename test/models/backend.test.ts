import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { backendInfo, initBackend } from "../../src/models/backend/index.js";
import { rng } from "../../src/util/random.js";

// The stock cpu kernels are cloned under the name "stock-cpu" BEFORE any patch runs, and every reference value and
// gradient is computed there with the stock gradients; the patched wasm and cpu kernels must reproduce them.
const STOCK = "stock-cpu";

type Arrays = number[][];
interface Case {
  name: string;
  /** Builds the inputs (as plain arrays) once. */
  run: () => Arrays;
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
  ...([[false, false], [true, false], [false, true], [true, true]] as const).map(([ta, tb]) => ({
    name: `BatchMatMul 2-D transposeA=${ta} transposeB=${tb}`,
    run: valueAndGrads((a, b) => tf.matMul(a!, b!, ta, tb), () => [randn(ta ? [7, 5] : [5, 7], 1), randn(tb ? [4, 7] : [7, 4], 2)], 3),
  })),
  {
    name: "BatchMatMul 3-D batched transposeA and transposeB",
    run: valueAndGrads((a, b) => tf.matMul(a!, b!, true, true), () => [randn([3, 6, 4], 4), randn([3, 5, 6], 5)], 6),
  },
  {
    name: "BatchMatMul with a size-1 axis transposed",
    run: valueAndGrads((a, b) => tf.matMul(a!, b!, true, false), () => [randn([1, 6], 7), randn([1, 3], 8)], 9),
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
    const common = ["cpu:UnsortedSegmentSum", "grad:UnsortedSegmentSum"];
    expect(info.patches.sort()).toEqual(info.name === "wasm" ? [...common, "wasm:BatchMatMul", "wasm:Cast", "wasm:GatherV2", "wasm:Identity", "wasm:UnsortedSegmentSum"] : common);
  });
});

describe.each(["wasm", "cpu"])("patched %s kernels agree with the stock cpu kernels", (backend) => {
  it.each(cases.map((c) => [c.name, c] as const))("%s: values and gradients", (_name, c) => {
    const got = on(backend, c.run);
    tf.setBackend("wasm");
    expectClose(got, reference.get(c.name)!, 1e-5);
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

// Chunked, seeded sampling (src/models/parallel): the same crystals from 1 worker, 2 workers and the calling thread, for
// a shipped DiffCSP checkpoint (few steps) and a shipped Wyckoff transformer; each chunk is an ordinary request that
// reproduces its slice alone; --single-stream is model.sample; a failing chunk is a SampleChunkError naming it; the CLI
// refuses a bad --workers with exit 2 and one line. Latent vectors of the shipped CDVAE decode in seeded chunks the same
// way (decodeLatents). Workers load the built dist/ files (`npm run build` first).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { loadDataset } from "../../src/datasets/load.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { closeParallelPool, parallelPoolSize } from "../../src/metrics/parallel/index.js";
import {
  type GenerativeModel, type SampleRequest, ModelRequestError, SampleChunkError, chunkSeed, createModel, decodeLatents, initBackend, isLatentModel, loadModel, sampleChunks,
  sampleCrystals, samplingThreadMemory,
} from "../../src/models/index.js";
import { captureIO } from "../cli/capture-io.js";
import { DATA_DIR } from "../shared-paths.js";

process.env["CRYSTAL_DATA_DIR"] = DATA_DIR;

const ROOT = resolve(import.meta.dirname, "..", "..");
const DIFFCSP = join(ROOT, "data/checkpoints/diffcsp-perov5");
const WYCKOFF = join(ROOT, "data/checkpoints/wyckoff-transformer-perov5");
const CDVAE = join(ROOT, "data/checkpoints/cdvae-perov5");
const plain = (s: Structure) => ({ species: Array.from(s.species), fracCoords: Array.from(s.fracCoords), lattice: Array.from(s.lattice.matrix) });
const tmp = mkdtempSync(join(tmpdir(), "cw-psample-"));

// Seven perovskite compositions (two chunks of 3 and one of 1 at chunkSize 3).
const cspRequest: SampleRequest = { compositions: ["SrTiO3", "BaZrO3", "CaTiO3", "LaAlO3", "KNbO3", "SrZrO3", "BaTiO3"], settings: { steps: 3 }, seed: 11 };
let diffcsp: GenerativeModel;

beforeAll(async () => {
  await initBackend();
  diffcsp = await loadModel(DIFFCSP);
});
afterAll(async () => {
  diffcsp.dispose();
  await closeParallelPool();
  rmSync(tmp, { recursive: true, force: true });
});

describe("sampleChunks", () => {
  it("cuts compositions and cell volumes (CSP) or n (de novo) into slices of chunkSize with their own seeds", () => {
    const csp = sampleChunks({ compositions: ["A", "B", "C", "D", "E"], cellVolumes: [1, 2, 3, 4, 5], seed: 3, onProgress: () => undefined }, 2);
    expect(csp.map((c) => [c.index, c.start, c.request.compositions, c.request.cellVolumes])).toEqual([[0, 0, ["A", "B"], [1, 2]], [1, 2, ["C", "D"], [3, 4]], [2, 4, ["E"], [5]]]);
    expect(csp.every((c) => c.request.onProgress === undefined)).toBe(true);
    const gen = sampleChunks({ n: 514, seed: 3 }); // default chunkSize 256
    expect(gen.map((c) => c.request.n)).toEqual([256, 256, 2]);
    const seeds = gen.map((c) => c.request.seed);
    expect(new Set(seeds).size).toBe(3);
    expect(seeds).not.toContain(3);
    // The seeds depend on the request seed and the chunk index only (not on n or the chunk size).
    expect(sampleChunks({ n: 5, seed: 3 }, 2).map((c) => c.request.seed)).toEqual(seeds);
    expect(sampleChunks({ n: 5, seed: 4 }, 2)[0]!.request.seed).not.toBe(seeds[0]);
  });
});

describe("decodeLatents with the shipped CDVAE checkpoint (1 Langevin step per level)", () => {
  it("decodes chunk c with chunkSeed(seed, c), gives the same crystals on 2 workers as in this thread; singleStream is model.decode", async () => {
    const model = await loadModel(CDVAE);
    if (!isLatentModel(model)) throw new Error("cdvae-perov5 is not a latent model");
    try {
      const inputs = (await loadDataset("prototypes", "test")).structures.filter((s) => s.properties?.["prototype"] === "perovskite" && Array.from(s.species).every((z) => model.config.elements!.includes(z))).slice(0, 5);
      expect(inputs).toHaveLength(5);
      const latents = (await model.encode(inputs)).map((c) => [...c.mean]);
      const options = { seed: 3, settings: { stepsPerLevel: 1 } };
      const inThread = await decodeLatents(model, latents, options, { chunkSize: 2, workers: 1 });
      const byHand = [];
      for (let c = 0; c < 3; c++) byHand.push(...(await model.decode(latents.slice(2 * c, 2 * c + 2), { ...options, seed: chunkSeed(3, c) })));
      expect(inThread.map(plain)).toEqual(byHand.map(plain));
      const progress: number[] = [];
      const two = await decodeLatents({ model, checkpoint: CDVAE }, latents, options, { chunkSize: 2, workers: 2, onProgress: (d, t) => progress.push(d / t) });
      expect(two.map(plain)).toEqual(inThread.map(plain));
      expect(parallelPoolSize()).toBe(2);
      expect(progress.at(-1)).toBe(1);
      const single = await decodeLatents(model, latents, options, { singleStream: true });
      expect(single.map(plain)).toEqual((await model.decode(latents, options)).map(plain));
    } finally {
      model.dispose();
    }
  }, 120_000);
});

describe("sampleCrystals with a DiffCSP checkpoint (3 steps)", () => {
  let inThread: Structure[];
  beforeAll(async () => {
    inThread = await sampleCrystals(diffcsp, cspRequest, { chunkSize: 3 });
  });

  it("gives the same crystals in the calling thread, with 1 worker and with 2 workers, in request order", async () => {
    const progress: number[] = [];
    const one = await sampleCrystals(DIFFCSP, cspRequest, { chunkSize: 3, workers: 1 });
    const two = await sampleCrystals({ model: diffcsp, checkpoint: DIFFCSP }, cspRequest, { chunkSize: 3, workers: 2, onProgress: (d, t) => progress.push(d / t) });
    expect(inThread.map((s) => s.species.length)).toEqual([5, 5, 5, 5, 5, 5, 5]);
    expect(one.map(plain)).toEqual(inThread.map(plain));
    expect(two.map(plain)).toEqual(inThread.map(plain));
    expect(parallelPoolSize()).toBe(2); // the chunks did run on worker threads
    expect(progress.at(-1)).toBe(1);
  });

  it("samples each chunk as an ordinary request: a chunk alone reproduces its slice, whoever samples it", async () => {
    const chunks = sampleChunks(cspRequest, 3);
    const second = await diffcsp.sample(chunks[1]!.request);
    expect(second.map(plain)).toEqual(inThread.slice(3, 6).map(plain));
    // The chunked crystals differ from the one-stream draw, which singleStream keeps reachable unchanged.
    const single = await sampleCrystals(DIFFCSP, cspRequest, { singleStream: true });
    expect(single.map(plain)).toEqual((await diffcsp.sample(cspRequest)).map(plain));
    expect(single.map(plain)).not.toEqual(inThread.map(plain));
  });

  it("runs a request with onTrajectory in the calling thread, with the crystals' indices in the whole request", async () => {
    const firsts = new Set<number>();
    const out = await sampleCrystals(DIFFCSP, { ...cspRequest, onTrajectory: (_t, crystals, first) => crystals.forEach((_, i) => firsts.add(first + i)) }, { chunkSize: 3, workers: 2 });
    expect(out.map(plain)).toEqual(inThread.map(plain));
    expect([...firsts].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("refuses a request the model cannot honour before any work, and a bad worker count", async () => {
    await expect(sampleCrystals(DIFFCSP, { ...cspRequest, spaceGroup: 221 }, { workers: 2 })).rejects.toThrow(ModelRequestError);
    const e = await sampleCrystals(DIFFCSP, cspRequest, { workers: 0 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ModelRequestError);
    expect((e as ModelRequestError).field).toBe("workers");
  });

  it("names the failing chunk when a worker cannot sample it (SampleChunkError)", async () => {
    const broken = join(tmp, "broken");
    mkdirSync(broken);
    copyFileSync(join(DIFFCSP, "config.json"), join(broken, "config.json"));
    writeFileSync(join(broken, "weights.bin"), readFileSync(join(DIFFCSP, "weights.bin")).subarray(0, 100));
    const e = await sampleCrystals(broken, cspRequest, { chunkSize: 3, workers: 2 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SampleChunkError);
    expect((e as SampleChunkError).chunk).toBeGreaterThanOrEqual(0);
    expect((e as SampleChunkError).firstCrystal).toBe(3 * (e as SampleChunkError).chunk);
    expect((e as Error).message).toMatch(/^sampling chunk \d \(crystals from \d\) failed: \w+Error: /);
  });

  it("reports the memory of each worker thread", async () => {
    const memory = await samplingThreadMemory(2);
    expect(memory).toHaveLength(2);
    for (const m of memory) expect(m.heapUsed > 1e6 && m.rss >= m.heapUsed).toBe(true);
  });
});

describe("sampleCrystals with a Wyckoff-transformer checkpoint (de novo)", () => {
  it("gives the same crystals in the calling thread and with 2 workers", async () => {
    const request: SampleRequest = { n: 5, seed: 2 };
    const model = await loadModel(WYCKOFF);
    try {
      const here = await sampleCrystals(model, request, { chunkSize: 2 });
      const two = await sampleCrystals(WYCKOFF, request, { chunkSize: 2, workers: 2 });
      expect(here).toHaveLength(5);
      expect(two.map(plain)).toEqual(here.map(plain));
      expect(two.map((s) => s.properties)).toEqual(here.map((s) => s.properties));
      expect((await sampleCrystals(WYCKOFF, request, { singleStream: true })).map(plain)).toEqual((await model.sample(request)).map(plain));
    } finally {
      model.dispose();
    }
  });
});

describe("worker threads and a checkpoint saved again", () => {
  it("reload the checkpoint when its directory is rewritten (no stale cached model)", async () => {
    const crystals = (z: number) => Array.from({ length: 4 }, (_, i) => makeStructure({ lattice: latticeFromParameters(3 + i, 3 + i, 3 + i, 90, 90, 90), species: [z, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] }));
    const dir = join(tmp, "data-draw");
    const elements = async () => (await sampleCrystals(dir, { n: 4, seed: 1 }, { chunkSize: 2, workers: 2 })).map((s) => s.species[0]);
    const model = createModel("data-draw");
    await model.train(crystals(11));
    await model.save(dir);
    expect(await elements()).toEqual([11, 11, 11, 11]);
    await model.train(crystals(19));
    await model.save(dir);
    expect(await elements()).toEqual([19, 19, 19, 19]);
    model.dispose();
  });
});

describe("xtal evaluate --single-stream", () => {
  it("reproduces a file recorded before chunked seeding (the random baseline of the diffcsp-mp20-biternary card, seed 1)", async () => {
    const recorded = JSON.parse(readFileSync(join(ROOT, "data/checkpoints/diffcsp-mp20-biternary/eval-baseline-random-mp20-biternary-test-100-k1-seed1.json"), "utf8"));
    const rates = async (extra: string[]) => {
      const io = captureIO();
      expect(await run(["evaluate", "--baseline", "random", "--dataset", "mp_20_biternary", "--split", "test", "--limit", "100", "--seed", "1", "--json", ...extra], io), io.err).toBe(0);
      const m = JSON.parse(io.out).metrics;
      return [m["match_rate@1"], m["rmse@1"]];
    };
    expect(await rates(["--single-stream"])).toEqual([recorded.metrics["match_rate@1"], recorded.metrics["rmse@1"]]);
    expect(await rates([])).not.toEqual([recorded.metrics["match_rate@1"], recorded.metrics["rmse@1"]]); // chunked: another draw
  });
});

describe("xtal sample --workers", () => {
  it.each([["0"], ["1.5"], ["-2"]])("refuses --workers %s with exit 2 and one line", async (w) => {
    const io = captureIO();
    expect(await run(["sample", "--checkpoint", DIFFCSP, "--composition", "SrTiO3", "--out", join(tmp, "x.csv"), "--workers", w], io)).toBe(2);
    expect(io.err).toBe(`xtal: sample: --workers must be a positive integer (got ${Number(w)})\n`);
  });

  it("writes the same crystals with --workers 1 and --workers 2 (--single-stream: the one-stream draw, another one)", async () => {
    const csv = async (extra: string[]) => {
      const out = join(tmp, `s${extra.join("")}.csv`);
      const io = captureIO();
      expect(await run(["sample", "--checkpoint", DIFFCSP, "--composition", "SrTiO3", "--n", "5", "--steps", "2", "--seed", "3", "--out", out, ...extra], io), io.err).toBe(0);
      return readFileSync(out, "utf8"); // every column (the cif column holds the crystals)
    };
    const one = await csv(["--workers", "1", "--chunk-size", "2"]);
    expect(await csv(["--workers", "2", "--chunk-size", "2"])).toBe(one);
    expect(await csv(["--single-stream"])).not.toBe(one);
    const io = captureIO();
    expect(await run(["sample", "--checkpoint", DIFFCSP, "--composition", "SrTiO3", "--out", join(tmp, "y.csv"), "--single-stream", "--workers", "2"], io)).toBe(2);
    expect(io.err).toMatch(/^xtal: sample: --workers does not apply with --single-stream/);
  });
});

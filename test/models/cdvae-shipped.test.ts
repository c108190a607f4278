// The shipped CDVAE checkpoint samples, reconstructs and encodes reproducibly: the same request and seed give the
// crystals recorded when it was shipped (bit-identical on the wasm backend it was recorded on).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/load.js";
import { backendInfo, initBackend, isLatentModel, loadModel, reconstructCrystals } from "../../src/models/index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CHECKPOINT = join(ROOT, "data", "checkpoints", "cdvae-perov5");
type Plain = { species: number[]; fracCoords: number[]; lattice: number[] };
const recorded = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "models", "cdvae-perov5-samples.json"), "utf8")) as { sample: Plain[]; reconstruct: Plain[]; mean: number[] };
const plain = (s: { species: ArrayLike<number>; fracCoords: ArrayLike<number>; lattice: { matrix: ArrayLike<number> } }): Plain => ({ species: Array.from(s.species), fracCoords: Array.from(s.fracCoords), lattice: Array.from(s.lattice.matrix) });
const same = (got: Plain[], want: Plain[]) => {
  if (backendInfo()?.name === "wasm") expect(got).toEqual(want);
  else got.forEach((s, i) => [...s.fracCoords, ...s.lattice].forEach((v, k) => expect(v).toBeCloseTo([...want[i]!.fracCoords, ...want[i]!.lattice][k]!, 3)));
};

beforeAll(async () => {
  await initBackend();
});

describe("shipped checkpoint cdvae-perov5", () => {
  it("samples (seed 0), reconstructs the bundled prototypes' first perovskites (seed 1) and encodes as recorded", async () => {
    const m = await loadModel(CHECKPOINT);
    if (!isLatentModel(m)) throw new Error("cdvae-perov5 is not a latent model");
    same((await m.sample({ n: 4, seed: 0 })).map(plain), recorded.sample);
    const inputs = (await loadDataset("prototypes", "test")).structures.filter((s) => s.properties?.["prototype"] === "perovskite" && Array.from(s.species).every((z) => m.config.elements!.includes(z))).slice(0, 3);
    same((await reconstructCrystals(m, inputs, { seed: 1 })).map(plain), recorded.reconstruct);
    const [code] = await m.encode(inputs.slice(0, 1));
    code!.mean.forEach((v, k) => expect(v).toBeCloseTo(recorded.mean[k]!, 4));
    m.dispose();
  }, 120_000);
});

// The M3GNet-Eform port against DFT formation energies of Materials Project crystals (a fixed stride through the
// mp_20_biternary and mpts_52 test splits). matgl reports a test MAE of 0.019 eV/atom on its own MP-2018 data; the
// datasets here carry later MP energies (MP2020 corrections), which move the compounds of some anions (Br, Se, Te, I, H)
// by 0.1–0.3 eV/atom, and mpts_52 is a time split of newer, larger and less stable entries where the error is about
// twice as large (data/potentials/eval-eform-*.json has the whole splits and the per-element bias). A wrong port is far
// off: summing the node messages onto the bond's source instead of its target gives an MAE of 0.40 eV/atom on
// mp_20_biternary.
import { describe, expect, it, beforeAll } from "vitest";
import { loadDataset } from "../../../src/datasets/load.js";
import type { Structure } from "../../../src/crystal/structure.js";
import { makeStructure } from "../../../src/crystal/structure.js";
import { predictionErrors } from "../../../src/metrics/prediction-errors.js";
import { initBackend } from "../../../src/models/backend/index.js";
import { type M3gnetFormationEnergy, loadM3gnetFormationEnergy } from "../../../src/models/m3gnet/index.js";
import { PotentialInputError } from "../../../src/stability/potential.js";
import { DATA_DIR } from "../../shared-paths.js";

let model: M3gnetFormationEnergy;
beforeAll(async () => {
  await initBackend();
  model = loadM3gnetFormationEnergy();
});

async function everyKth(name: string, k: number): Promise<Structure[]> {
  const ds = await loadDataset(name, "test", { dataDir: DATA_DIR });
  return ds.structures.filter((_, i) => i % k === 0);
}

describe("M3GNet-MP-2018.6.1-Eform in TF.js", () => {
  it.each([
    ["mp_20_biternary", 20, 0.03, 0.08],
    ["mpts_52", 40, 0.08, 0.15],
  ] as const)("%s test (every %ith crystal): median error ≤ %s eV/atom, MAE ≤ %s", async (name, k, medianBound, maeBound) => {
    const structures = await everyKth(name, k);
    const predicted = await model.predict(structures);
    const errors = predictionErrors(predicted, structures.map((s) => Number(s.properties?.["formation_energy_per_atom"])));
    console.log(`${name}: n ${errors.n}, MAE ${errors.mae.toFixed(4)} [${errors.maeCi95.map((x) => x.toFixed(4)).join(", ")}], median ${errors.medianAbsoluteError.toFixed(4)} eV/atom`);
    expect(errors.n).toBeGreaterThan(190);
    expect(errors.medianAbsoluteError).toBeLessThan(medianBound);
    expect(errors.mae).toBeLessThan(maeBound);
  }, 300_000);

  it("gives the same numbers one crystal at a time as in a batch", async () => {
    const structures = (await everyKth("mp_20_biternary", 20)).slice(0, 6);
    const batched = await model.predict(structures);
    for (const [i, s] of structures.entries()) expect((await model.predict([s]))[0]).toBeCloseTo(batched[i]!, 5);
  });

  it("refuses an element it never saw by crystal index", async () => {
    const [s] = await everyKth("mp_20_biternary", 1000);
    const astatine = makeStructure({ ...s!, species: s!.species.map((z, i) => (i === 0 ? 85 : z)) });
    expect(model.refusal(astatine)).toMatch(/At/);
    await expect(model.predict([s!, astatine])).rejects.toMatchObject({ index: 1, name: PotentialInputError.name });
  });
});

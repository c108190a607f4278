// Our M3GNet (TF.js, float32) against the PyTorch float64 reference bench/py/m3gnet_torch.py on the same graphs and
// weights: energies, forces and stresses of the shipped potential, formation energies of the shipped eform model.
// The reference is written independently of our numerics where it can be (scipy Bessel roots, Bonnet's recurrence for
// Y_l^0, concatenated bond inputs, torch.nn.LSTM, forces and stress by autograd with respect to positions and strain
// instead of our bond-vector gradient), so this checks the TF.js arithmetic and autodiff against another framework.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Structure } from "../../src/crystal/structure.js";
import { loadDataset } from "../../src/datasets/index.js";
import { initBackend } from "../../src/models/backend/index.js";
import { M3gnetFormationEnergy } from "../../src/models/m3gnet/formation-energy.js";
import { buildM3gnetGraph, m3gnetGraphJson } from "../../src/models/m3gnet/graph.js";
import { M3gnetModel, SHIPPED_POTENTIALS_DIR } from "../../src/models/m3gnet/model.js";
import { M3gnetPotential } from "../../src/models/m3gnet/potential.js";
import { DATA_DIR } from "../shared-paths.js";
import { rattled, strained } from "../stability/lj-crystals.js";

const SCRIPT = fileURLToPath(new URL("../../bench/py/m3gnet_torch.py", import.meta.url));

/** The reference's output for `model` on the graph our side builds for `structures` (float64). */
function reference(model: M3gnetModel, structures: readonly Structure[]): Record<string, number[]> {
  const g = buildM3gnetGraph(structures, model.config.cutoff, model.config.threebodyCutoff, (z) => model.typeIndex(z));
  const dir = join(SHIPPED_POTENTIALS_DIR, model.name);
  const out = execFileSync("/usr/bin/python3", [SCRIPT, "evaluate", dir, "-", "--dtype", "float64"], { input: m3gnetGraphJson(g), encoding: "utf8", maxBuffer: 1 << 28 });
  return JSON.parse(out) as Record<string, number[]>;
}

/** Worst |ours − reference| over the largest |reference| of the whole array. */
function relErr(ours: ArrayLike<number>, ref: number[]): number {
  expect(ours.length).toBe(ref.length);
  return Math.max(...ref.map((v, i) => Math.abs(ours[i]! - v))) / Math.max(...ref.map(Math.abs));
}

let crystals: Structure[];

beforeAll(async () => {
  await initBackend();
  const ds = await loadDataset("mp_20_biternary", "test", { dataDir: DATA_DIR, limit: 6, download: false });
  // Six relaxed MP crystals and one far from equilibrium: LiMnO2 sheared by ~4 % and rattled by 0.05 Å.
  const distorted = rattled(strained(ds.structures[3]!, [1.03, 0.04, 0, 0.02, 0.98, -0.03, 0, 0.01, 1.04]), 0.05, 7);
  crystals = [...ds.structures, distorted];
});

// Measured (wasm backend): energies within 2.3e-7 of each crystal's |E|; forces within 3.0e-6 of the largest |F| in the
// batch (0.66 eV/Å) and stresses within 4.2e-6 of the largest |σ| (5.7 GPa); formation energies within 5.1e-7 eV/atom.
// Mutations of the reference: node messages summed onto the bond sources give errors of 0.8 (energies) and 0.76 eV/atom;
// the envelope's 10x³ as 10.001x³ moves formation energies by 3.7e-5 eV/atom (caught) but the potential by < 1e-6.
describe("M3GNet agrees with the PyTorch float64 reference on the same graphs", () => {
  it("potential: energies, forces and stresses (M3GNet-MP-2021.2.8-PES)", async () => {
    const model = M3gnetModel.load(join(SHIPPED_POTENTIALS_DIR, "m3gnet-mp-2021.2.8-pes"));
    const ours = await new M3gnetPotential(model, { atomsPerBatch: 4096 }).evaluate(crystals);
    const ref = reference(model, crystals);
    const energy = Math.max(...ours.map((e, c) => Math.abs(e.energy - ref.energies![c]!) / Math.abs(ref.energies![c]!)));
    const forces = relErr(ours.flatMap((e) => [...e.forces]), ref.forces!);
    const stress = relErr(ours.flatMap((e) => [...e.stress]), ref.stresses!);
    console.log(`M3GNet vs PyTorch float64: energy ${energy.toExponential(1)}, forces ${forces.toExponential(1)} of max |F| ` +
      `${Math.max(...ref.forces!.map(Math.abs)).toFixed(2)} eV/Å, stress ${stress.toExponential(1)} of max |σ| ${Math.max(...ref.stresses!.map(Math.abs)).toFixed(2)} GPa`);
    expect(Math.max(...ref.forces!.map(Math.abs))).toBeGreaterThan(0.5); // the distorted cell gives real forces
    expect(energy).toBeLessThan(1e-6);
    expect(forces).toBeLessThan(2e-5);
    expect(stress).toBeLessThan(2e-5);
    model.dispose();
  });

  it("formation energy: set2set readout (M3GNet-MP-2018.6.1-Eform)", async () => {
    const model = M3gnetModel.load(join(SHIPPED_POTENTIALS_DIR, "m3gnet-mp-2018.6.1-eform"));
    const ours = await new M3gnetFormationEnergy(model, { atomsPerBatch: 4096 }).predict(crystals);
    const ref = reference(model, crystals);
    const worst = Math.max(...ref.eform!.map((v, c) => Math.abs(ours[c]! - v)));
    console.log(`M3GNet eform vs PyTorch float64: worst |Δ| ${worst.toExponential(1)} eV/atom`);
    expect(worst).toBeLessThan(5e-6);
    model.dispose();
  });
});

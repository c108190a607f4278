// The M3GNet port as a potential: forces and stress are the derivatives of its energy (finite differences), the energy
// is invariant under rotation, translation and permutation and extensive, and relaxed lattice constants of cubic
// crystals agree with matgl's published predictions for the same weights (shared/models/README.md; issue #19). The
// fixture test/fixtures/structures/m3gnet-cubic.csv holds the six ideal cubic cells stretched by 3 % and matgl's value.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cartToFrac, latticeFromMatrix, latticeLengths, latticeVolume } from "../../../src/crystal/lattice.js";
import { type Structure, makeStructure, supercell } from "../../../src/crystal/structure.js";
import { initBackend } from "../../../src/models/backend/index.js";
import { M3gnetModel, SHIPPED_POTENTIALS_DIR } from "../../../src/models/m3gnet/model.js";
import { M3gnetPotential } from "../../../src/models/m3gnet/potential.js";
import { PotentialInputError } from "../../../src/stability/potential.js";
import { loadDataset, loadStructuresCsv } from "../../../src/datasets/load.js";
import { relaxStructures } from "../../../src/stability/relax/relax-structures.js";
import { rng } from "../../../src/util/random.js";
import { DATA_DIR } from "../../shared-paths.js";

const GPA_PER_EV_A3 = 160.21766208;
const FCC = [0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0];
const ZINC_BLENDE = [...FCC, ...FCC.map((x) => x + 0.25)];

/** A rattled zinc-blende GaAs cell in a sheared lattice (non-zero forces and an anisotropic stress). */
function rattledGaAs(seed: number): Structure {
  const r = rng(seed);
  return makeStructure({
    lattice: latticeFromMatrix([5.7, 0.15, -0.1, 0.05, 5.85, 0.2, -0.12, 0.1, 5.65]),
    species: [31, 31, 31, 31, 33, 33, 33, 33], fracCoords: ZINC_BLENDE.map((x) => x + 0.02 * (r.next() - 0.5)),
  });
}

function deform(s: Structure, strain: number[]): Structure {
  const f = [1 + strain[0]!, strain[1]!, strain[2]!, strain[3]!, 1 + strain[4]!, strain[5]!, strain[6]!, strain[7]!, 1 + strain[8]!];
  const m = s.lattice.matrix;
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[3 * i + j] += m[3 * i + k]! * f[3 * k + j]!;
  return makeStructure({ ...s, lattice: latticeFromMatrix(out) });
}


let potential: M3gnetPotential;
const energy = async (s: Structure) => (await potential.evaluate([s]))[0]!.energy;

beforeAll(async () => {
  await initBackend();
  potential = new M3gnetPotential(M3gnetModel.load(join(SHIPPED_POTENTIALS_DIR, "m3gnet-mp-2021.2.8-pes")));
});

describe("M3GNet-MP-2021.2.8-PES in TF.js", () => {
  it("forces are −∂E/∂r (central differences, h = 2·10⁻³ Å, float32 energies)", async () => {
    const s = rattledGaAs(1);
    const [ev] = await potential.evaluate([s]);
    const h = 2e-3;
    let worst = 0;
    for (const atom of [0, 3, 5]) {
      for (let k = 0; k < 3; k++) {
        const moved = (sign: number) => {
          const step = cartToFrac(s.lattice, [0, 1, 2].map((j) => (j === k ? sign * h : 0)));
          const frac = Float64Array.from(s.fracCoords);
          for (let j = 0; j < 3; j++) frac[3 * atom + j] += step[j]!;
          return makeStructure({ ...s, fracCoords: frac });
        };
        const numeric = -((await energy(moved(1))) - (await energy(moved(-1)))) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - ev!.forces[3 * atom + k]!));
      }
    }
    expect(Math.max(...ev!.forces.map(Math.abs))).toBeGreaterThan(0.3); // the check sees real forces
    console.log(`forces: worst |finite difference − autodiff| = ${worst.toExponential(2)} eV/Å`);
    expect(worst).toBeLessThan(0.01);
  });

  it("stress is (1/V) ∂E/∂ε in GPa (central differences on each strain component)", async () => {
    const s = rattledGaAs(2);
    const [ev] = await potential.evaluate([s]);
    const h = 1e-3;
    let worst = 0;
    for (let c = 0; c < 9; c++) {
      const e = (sign: number) => energy(deform(s, Array.from({ length: 9 }, (_, i) => (i === c ? sign * h : 0))));
      const numeric = (((await e(1)) - (await e(-1))) / (2 * h) / latticeVolume(s.lattice)) * GPA_PER_EV_A3;
      worst = Math.max(worst, Math.abs(numeric - ev!.stress[c]!));
    }
    expect(Math.max(...ev!.stress.map(Math.abs))).toBeGreaterThan(0.5);
    console.log(`stress: worst |finite difference − autodiff| = ${worst.toExponential(2)} GPa`);
    expect(worst).toBeLessThan(0.05);
  });

  it("energy is invariant under rotation, translation and permutation; forces rotate and permute with the atoms", async () => {
    const s = rattledGaAs(3);
    const [base] = await potential.evaluate([s]);
    const t = 0.7;
    const rot = [Math.cos(t), Math.sin(t), 0, -Math.sin(t), Math.cos(t), 0, 0, 0, 1];
    const rotated = deform(s, rot.map((x, i) => x - (i % 4 === 0 ? 1 : 0)));
    const translated = makeStructure({ ...s, fracCoords: s.fracCoords.map((x, i) => x + [0.31, -0.12, 0.57][i % 3]!) });
    const order = [5, 2, 7, 0, 1, 6, 4, 3];
    const permuted = makeStructure({ ...s, species: order.map((i) => s.species[i]!), fracCoords: order.flatMap((i) => [...s.fracCoords.subarray(3 * i, 3 * i + 3)]) });
    const [r, tr, p] = await potential.evaluate([rotated, translated, permuted]);
    const relTol = 2e-6 * Math.abs(base!.energy);
    for (const x of [r, tr, p]) expect(Math.abs(x!.energy - base!.energy)).toBeLessThan(relTol);
    for (let a = 0; a < 8; a++) {
      const f = base!.forces.subarray(3 * a, 3 * a + 3);
      const expected = [0, 1, 2].map((j) => f[0]! * rot[j]! + f[1]! * rot[3 + j]! + f[2]! * rot[6 + j]!);
      for (let j = 0; j < 3; j++) {
        expect(r!.forces[3 * a + j]).toBeCloseTo(expected[j]!, 3);
        expect(tr!.forces[3 * a + j]).toBeCloseTo(f[j]!, 3);
      }
      const pa = order.indexOf(a);
      for (let j = 0; j < 3; j++) expect(p!.forces[3 * pa + j]).toBeCloseTo(f[j]!, 3);
    }
  });

  it("energy is extensive: a 2×2×2 supercell has 8× the energy and the same forces", async () => {
    const s = rattledGaAs(4);
    const big = supercell(s, [2, 2, 2]);
    const [small, large] = await potential.evaluate([s, big]);
    expect(Math.abs(large!.energy - 8 * small!.energy)).toBeLessThan(1e-5 * Math.abs(large!.energy));
    for (let j = 0; j < 9; j++) expect(large!.stress[j]).toBeCloseTo(small!.stress[j]!, 2);
  });

  it("relaxed (FIRE + cell filter from a 3 % stretched cell) lattice constants of six cubic crystals match matgl's within 0.2 %", async () => {
    const fixture = await loadStructuresCsv(join(import.meta.dirname, "..", "..", "fixtures", "structures", "m3gnet-cubic.csv"));
    const results = await relaxStructures(potential, fixture.structures, { fmax: 0.001 });
    const rows = results.map((r, i) => {
      const reference = Number(fixture.structures[i]!.properties!["matgl_a"]);
      const [a, b, c] = latticeLengths(r.structure.lattice);
      expect(r.status).toBe("converged");
      expect(Math.max(a, b, c) - Math.min(a, b, c)).toBeLessThan(1e-4); // stays cubic
      expect(Math.abs(a - reference) / reference).toBeLessThan(0.002);
      return `${fixture.structures[i]!.properties!["id"]}: ${a.toFixed(4)} Å (matgl ${reference}) in ${r.steps} steps`;
    });
    expect(results).toHaveLength(6);
    console.log(rows.join("\n"));
  });

  it("DFT-relaxed Materials Project crystals sit near a minimum (every 100th of mp_20_biternary test)", async () => {
    const ds = await loadDataset("mp_20_biternary", "test", { dataDir: DATA_DIR });
    const crystals = ds.structures.filter((_, i) => i % 100 === 0);
    const evaluations = await potential.evaluate(crystals);
    const maxForce = evaluations.map((ev) => Math.max(...Array.from({ length: ev.forces.length / 3 }, (_, a) => Math.hypot(ev.forces[3 * a]!, ev.forces[3 * a + 1]!, ev.forces[3 * a + 2]!))));
    const pressure = evaluations.map((ev) => Math.abs(ev.stress[0]! + ev.stress[4]! + ev.stress[8]!) / 3);
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
    console.log(`MP crystals: median max |F| ${median(maxForce).toFixed(4)} eV/Å, median |p| ${median(pressure).toFixed(3)} GPa (n=${crystals.length})`);
    expect(median(maxForce)).toBeLessThan(0.1);
    expect(median(pressure)).toBeLessThan(2);
  }, 120_000);

  it("refuses unknown elements and overlapping atoms by crystal index, before any work", async () => {
    const ok = rattledGaAs(5);
    const polonium = makeStructure({ ...ok, species: [84, ...ok.species.slice(1)] });
    const overlapping = makeStructure({ ...ok, fracCoords: [0, 0, 0, 0.01, 0, 0, ...ok.fracCoords.slice(6)] });
    expect(potential.refusal(polonium)).toMatch(/Po/);
    expect(potential.refusal(overlapping)).toMatch(/are 0\.05\d* Å apart/);
    await expect(potential.evaluate([ok, polonium])).rejects.toThrow(PotentialInputError);
    await expect(potential.evaluate([ok, overlapping])).rejects.toMatchObject({ index: 1 });
  });
});

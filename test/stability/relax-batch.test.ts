// relaxStructures over many crystals: batching in lockstep gives the crystal-by-crystal results; refused, exploding and
// unfinished crystals are reported with their reasons and never stop or drop the others.
import { describe, expect, it } from "vitest";
import { latticeVolume } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { EXPLOSION_FORCE, type Potential, type PotentialEvaluation, type RelaxResult, relaxStructures } from "../../src/stability/index.js";
import { relativeError } from "./compare.js";
import { lennardJones, lennardJonesEvaluation } from "./lennard-jones.js";
import { LJ, fcc, rattled, strained } from "./lj-crystals.js";

/** The crystal with an id property, to follow it through the potential. */
function tagged(s: Structure, id: string): Structure {
  return makeStructure({ ...s, properties: { id } });
}

const idOf = (s: Structure) => String(s.properties?.["id"]);

/**
 * Lennard-Jones, except that the crystal with id "poison" gets NaN energies and forces from its fourth evaluation on;
 * every batch sent to `evaluate` is logged (as ids).
 */
function poisonedLennardJones(): Potential & { batches: string[][] } {
  const lj = lennardJones(LJ);
  let poisonCalls = 0;
  const batches: string[][] = [];
  return {
    name: "LJ with a poisoned crystal",
    batches,
    refusal: lj.refusal,
    evaluate: async (structures) => {
      batches.push(structures.map(idOf));
      const out = await lj.evaluate(structures);
      return out.map((e, k) => (idOf(structures[k]!) === "poison" && ++poisonCalls > 3 ? { ...e, energy: NaN, forces: e.forces.map(() => NaN) } : e));
    },
  };
}

const good = [
  tagged(rattled(fcc(3.1, [2, 1, 1]), 0.1, 11), "good-0"),
  tagged(rattled(strained(fcc(3.2), [1.03, 0.02, 0, 0, 0.97, 0.01, 0, 0, 1.02]), 0.05, 12), "good-1"),
  tagged(rattled(fcc(3.05, [1, 2, 1]), 0.08, 13), "good-2"),
  tagged(rattled(strained(fcc(3.15), [0.98, 0, 0.03, 0, 1.01, 0, 0.02, 0, 1.04]), 0.06, 14), "good-3"),
];
const unknownElement = tagged(fcc(3.1, [1, 1, 1], 54), "xenon");
const overlapping = tagged(makeStructure({ ...fcc(3.1), fracCoords: [0, 0, 0, 0.1, 0.1, 0, 0.5, 0, 0.5, 0, 0.5, 0.5] }), "overlap");
// makeStructure refuses NaN, so this one is built by hand, as a buggy generator might.
const nanCoordinate: Structure = Object.freeze({ ...fcc(3.1), fracCoords: Float64Array.from([0, 0, 0, 0.5, NaN, 0, 0.5, 0, 0.5, 0, 0.5, 0.5]), properties: { id: "nan" } });
const poison = tagged(rattled(fcc(3.1), 0.1, 15), "poison");
const inputs = [good[0]!, unknownElement, good[1]!, poison, overlapping, good[2]!, nanCoordinate, good[3]!];

describe("relaxStructures over a batch", () => {
  it("reports every crystal in order: refused with the reason, the poisoned one exploded, the others converged", async () => {
    const potential = poisonedLennardJones();
    const progress: [number, number][] = [];
    const results = await relaxStructures(potential, inputs, { batchSize: 3, onProgress: (d, t) => progress.push([d, t]) });
    expect(results.map((r) => r.status)).toEqual(["converged", "refused", "converged", "exploded", "refused", "converged", "refused", "converged"]);
    expect(results[1]!.reason).toBe("element Xe is not known to the potential");
    expect(results[4]!.reason).toBe("site 0 (Ar) and site 1 (Ar) are 0.4384 Å apart (closer than 1 Å)");
    expect(results[6]!.reason).toBe("site 1 (Ar) has a non-finite fractional coordinate (NaN)");
    expect(results[3]!.reason).toBe("the potential returned a non-finite energy at step 3");
    expect(results.map((r) => idOf(r.structure))).toEqual(inputs.map(idOf));
    // Refused crystals are never evaluated; no batch is larger than 3; each evaluation is one step of each crystal in it.
    const evaluated = potential.batches.flat();
    expect(evaluated.filter((id) => ["xenon", "overlap", "nan"].includes(id))).toEqual([]);
    expect(Math.max(...potential.batches.map((b) => b.length))).toBe(3);
    for (const r of results.filter((x) => x.status === "converged")) expect(evaluated.filter((id) => id === idOf(r.structure)).length).toBe(r.steps + 1);
    expect(progress).toEqual(inputs.map((_, k) => [k + 1, inputs.length]));
  });

  it("gives the same results as relaxing one crystal at a time", async () => {
    const batched = await relaxStructures(poisonedLennardJones(), inputs, { batchSize: 3, trajectoryEvery: 7 });
    const single: RelaxResult[] = [];
    for (const s of inputs) single.push(...(await relaxStructures(poisonedLennardJones(), [s], { batchSize: 1, trajectoryEvery: 7 })));
    expect(batched).toEqual(single);
  });

  it("keeps the last finite evaluation of an exploded crystal and its history with the non-finite value", async () => {
    const [r] = await relaxStructures(poisonedLennardJones(), [poison]);
    expect(r!.steps).toBe(3);
    expect(r!.energies.length).toBe(4);
    expect(Number.isNaN(r!.energies[3])).toBe(true);
    expect(r!.energy).toBe(r!.energies[2]);
    expect(lennardJonesEvaluation(r!.structure, LJ).energy).toBeCloseTo(r!.energy!, 12);
  });

  it("stops at maxSteps with status not-converged, the history of every step and the final evaluation", async () => {
    const [r] = await relaxStructures(lennardJones(LJ), [good[0]!], { maxSteps: 5 });
    expect(r!.status).toBe("not-converged");
    expect(r!.steps).toBe(5);
    expect(r!.energies.length).toBe(6);
    expect(r!.maxForces[5]).toBeGreaterThan(0.05);
    expect(r!.energy).toBe(r!.energies[5]);
    const again = lennardJonesEvaluation(r!.structure, LJ);
    expect(again.energy).toBeCloseTo(r!.energy!, 12);
    expect(relativeError(r!.forces!, again.forces)).toBeLessThan(1e-9);
    expect(relativeError(r!.stress!, again.stress)).toBeLessThan(1e-9);
  });

  it("records a trajectory every k steps and the last step, with the energies of those steps", async () => {
    const [r] = await relaxStructures(lennardJones(LJ), [good[1]!], { trajectoryEvery: 10 });
    const expected = Array.from({ length: Math.floor(r!.steps / 10) + 1 }, (_, k) => 10 * k);
    if (r!.steps % 10 !== 0) expected.push(r!.steps);
    expect(r!.trajectory.map((f) => f.step)).toEqual(expected);
    for (const f of r!.trajectory) expect(f.energy).toBe(r!.energies[f.step]);
    expect(r!.trajectory[0]!.structure).toBe(good[1]);
    expect(Array.from(r!.trajectory.at(-1)!.structure.lattice.matrix)).toEqual(Array.from(r!.structure.lattice.matrix));
    const [none] = await relaxStructures(lennardJones(LJ), [good[1]!]);
    expect(none!.trajectory).toEqual([]);
  });

  it("rejects bad options", async () => {
    await expect(relaxStructures(lennardJones(LJ), [], { fmax: 0 })).rejects.toThrow(RangeError);
    await expect(relaxStructures(lennardJones(LJ), [], { batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(relaxStructures(lennardJones(LJ), [], { maxSteps: 1.5 })).rejects.toThrow(/maxSteps/);
  });
});

/** A potential with zero energy that returns the same forces (on site 0) and stress (GPa) for every crystal. */
function constantPotential(force: number, pressure: number): Potential {
  return {
    name: "constant",
    refusal: () => null,
    evaluate: async (structures) =>
      structures.map((s): PotentialEvaluation => {
        const forces = new Float64Array(3 * s.species.length);
        forces[0] = force;
        return { energy: 0, forces, stress: Float64Array.from([-pressure, 0, 0, 0, -pressure, 0, 0, 0, -pressure]) };
      }),
  };
}

describe("relaxStructures: exploding crystals", () => {
  it("a cell that keeps expanding explodes when its volume has grown more than fourfold", async () => {
    const s = fcc(3.1);
    const [r] = await relaxStructures(constantPotential(0, 500), [s]);
    expect(r!.status).toBe("exploded");
    expect(r!.reason).toMatch(/^the cell volume went from 29\.791 to [\d.]+ Å³ at step \d+ \(limit ×4 or ÷4\)$/);
    expect(latticeVolume(r!.structure.lattice)).toBeLessThanOrEqual(4 * latticeVolume(s.lattice));
  });

  it("an absurd force explodes the crystal at once", async () => {
    const [r] = await relaxStructures(constantPotential(2 * EXPLOSION_FORCE, 0), [fcc(3.1)]);
    expect(r).toMatchObject({ status: "exploded", steps: 0, reason: "a force of 2.000e+4 eV/Å at step 0 (limit 10000 eV/Å)", energy: null });
  });

  it("a crystal the potential refuses mid-way explodes with the potential's reason", async () => {
    const lj = lennardJones(LJ);
    const start = good[0]!;
    const picky: Potential = { ...lj, refusal: (s) => lj.refusal(s) ?? (idOf(s) === idOf(start) && s.fracCoords[0] !== start.fracCoords[0] ? "site 0 moved" : null) };
    const [r, other] = await relaxStructures(picky, [start, fcc(3.1)], { fixedCell: true });
    expect(r).toMatchObject({ status: "exploded", steps: 1, reason: "the potential refused the crystal at step 1: site 0 moved" });
    expect(r!.energy).toBe(r!.energies[0]);
    expect(other!.status).toBe("converged");
  });
});

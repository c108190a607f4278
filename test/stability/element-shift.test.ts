// The per-element shift of formation energies: hand-computed shifts, recovery of a known linear shift, the choice of λ
// on a held-out split, the shifted model, and typed errors for bad shift files.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { latticeFromMatrix } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import {
  type ElementShift, type FormationEnergyModel, type ShiftSample, ElementShiftFileError, chooseElementShift, elementShiftOf, fitElementShift,
  readElementShift, shiftedFormationEnergy, shiftedMae,
} from "../../src/stability/index.js";
import { rng } from "../../src/util/random.js";

const K = 19, BR = 35, NA = 11, CL = 17, SE = 34;

describe("elementShiftOf", () => {
  it("is the offset plus the atom-fraction-weighted shifts (hand-computed)", () => {
    const shift: ElementShift = { model: "m", offset: 0.1, shifts: { Br: 0.4, K: -0.2 }, lambda: 0 };
    expect(elementShiftOf(shift, [K, BR])).toBeCloseTo(0.1 + 0.5 * 0.4 - 0.5 * 0.2, 12);
    expect(elementShiftOf(shift, [K, K, BR])).toBeCloseTo(0.1 + 0.4 / 3 - 0.4 / 3, 12);
    expect(elementShiftOf(shift, [NA, CL])).toBeCloseTo(0.1, 12); // elements without a shift add nothing
  });
});

/** Random binary compounds of K, Na with Br, Cl, Se whose residuals follow a known linear shift plus noise. */
function samples(n: number, seed: number, noise: number): ShiftSample[] {
  const r = rng(seed);
  const truth = { [BR]: 0.5, [SE]: 0.45, [CL]: 0.0, [K]: 0.02, [NA]: -0.01 } as Record<number, number>;
  return Array.from({ length: n }, () => {
    const cation = r.next() < 0.5 ? K : NA, anion = [BR, CL, SE][r.int(3)]!;
    const nc = 1 + r.int(3), na = 1 + r.int(3);
    const species = [...new Array<number>(nc).fill(cation), ...new Array<number>(na).fill(anion)];
    const exact = 0.03 + species.reduce((a, z) => a + truth[z]! / species.length, 0);
    return { species, residual: exact + noise * r.normal() };
  });
}

describe("fitElementShift and chooseElementShift", () => {
  it("recovers an exactly linear shift (residuals vanish after the shift)", () => {
    const data = samples(400, 1, 0);
    const shift = fitElementShift(data, 1e-9, "m");
    expect(shiftedMae(shift, data)).toBeLessThan(1e-6);
    expect(shiftedMae(shift, samples(50, 2, 0))).toBeLessThan(1e-6); // and on new compounds of the same elements
    // The Br − Cl difference of shifts is identifiable (fractions sum to 1): 0.5 − 0.0.
    expect(shift.shifts.Br! - shift.shifts.Cl!).toBeCloseTo(0.5, 4);
  });

  it("keeps the λ with the smallest select MAE and improves on no shift", () => {
    const fit = samples(300, 3, 0.05), select = samples(100, 4, 0.05);
    const grid = [1e-6, 1e-3, 1, 100];
    const { shift, selectMae, unshiftedSelectMae } = chooseElementShift(fit, select, grid, "m");
    expect(selectMae.map((r) => r.lambda)).toEqual(grid);
    const best = Math.min(...selectMae.map((r) => r.mae));
    expect(shiftedMae(shift, select)).toBeCloseTo(best, 12);
    expect(selectMae.find((r) => r.lambda === shift.lambda)!.mae).toBe(best);
    expect(best).toBeLessThan(0.06); // about the noise's mean absolute value, 0.05·√(2/π) = 0.040
    expect(unshiftedSelectMae).toBeGreaterThan(0.1);
    expect(selectMae[selectMae.length - 1]!.mae).toBeGreaterThan(best); // λ = 100 shrinks the shifts to ~0
  });
});

describe("shiftedFormationEnergy", () => {
  it("subtracts each crystal's shift and keeps the model's refusals", async () => {
    const cubic = latticeFromMatrix([5, 0, 0, 0, 5, 0, 0, 0, 5]);
    const kbr = makeStructure({ lattice: cubic, species: [K, BR], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
    const nacl = makeStructure({ lattice: cubic, species: [NA, CL], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
    const base: FormationEnergyModel = { name: "base", refusal: (s) => (s.species.includes(CL) ? "no Cl" : null), predict: async (xs) => Float64Array.from(xs, () => -1) };
    const shifted = shiftedFormationEnergy(base, { model: "base", offset: 0.1, shifts: { Br: 0.4 }, lambda: 0 });
    expect(Array.from(await shifted.predict([kbr]))[0]).toBeCloseTo(-1 - 0.3, 12);
    expect(shifted.refusal(nacl)).toBe("no Cl");
    expect(shifted.name).toBe("base + element shift");
  });
});

describe("readElementShift", () => {
  const dir = mkdtempSync(join(tmpdir(), "shift-"));
  const write = (name: string, body: unknown) => {
    const f = join(dir, name);
    writeFileSync(f, typeof body === "string" ? body : JSON.stringify(body));
    return f;
  };
  it("reads the shift object of a report", () => {
    const f = write("ok.json", { command: "x", shift: { model: "m", offset: 0.01, shifts: { Br: 0.5 }, lambda: 1e-5 } });
    expect(readElementShift(f).shifts.Br).toBe(0.5);
  });
  it("names the file and the field of a bad shift", () => {
    expect(() => readElementShift(join(dir, "missing.json"))).toThrow(ElementShiftFileError);
    expect(() => readElementShift(write("no.json", { shift: null }))).toThrow(/no.json: no "shift" object/);
    expect(() => readElementShift(write("sym.json", { shift: { model: "m", offset: 0, lambda: 0, shifts: { Xx: 1 } } }))).toThrow(/"Xx" is not an element symbol/);
    expect(() => readElementShift(write("nan.json", { shift: { model: "m", offset: 0, lambda: 0, shifts: { Br: "a" } } }))).toThrow(/shift.shifts.Br must be a finite number/);
    expect(() => readElementShift(write("text.json", "not json"))).toThrow(/text.json: cannot read/);
  });
});

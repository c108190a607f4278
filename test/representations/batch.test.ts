import { describe, expect, it } from "vitest";
import { StructureError } from "../../src/crystal/errors.js";
import { latticeFromMatrix, latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { batchStructures, unbatch } from "../../src/representations/batch.js";

const srtio3 = makeStructure({
  lattice: latticeFromParameters(3.905, 3.905, 3.905, 90, 90, 90),
  species: [38, 22, 8, 8, 8],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5],
  properties: { id: "SrTiO3" },
});
const nacl = makeStructure({
  lattice: latticeFromMatrix([0, 2.82, 2.82, 2.82, 0, 2.82, 2.82, 2.82, 0]),
  species: [11, 17],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0.5],
});
const po = makeStructure({ lattice: latticeFromParameters(3.35, 3.35, 3.35, 90, 90, 90), species: [84], fracCoords: [0, 0, 0] });

describe("batchStructures", () => {
  const batch = batchStructures([srtio3, nacl, po]);
  it("concatenates atoms crystal after crystal with a crystal index and offsets", () => {
    expect(Array.from(batch.numAtoms)).toEqual([5, 2, 1]);
    expect(Array.from(batch.atomOffset)).toEqual([0, 5, 7]);
    expect(Array.from(batch.species)).toEqual([38, 22, 8, 8, 8, 11, 17, 84]);
    expect(Array.from(batch.crystalIndex)).toEqual([0, 0, 0, 0, 0, 1, 1, 2]);
    expect(Array.from(batch.fracCoords.slice(15, 21))).toEqual([0, 0, 0, 0.5, 0.5, 0.5]);
  });
  it("stacks lattice matrices (rows a, b, c) and lattice parameters", () => {
    expect(batch.lattices.length).toBe(27);
    expect(Array.from(batch.lattices.slice(9, 18))).toEqual(Array.from(Float32Array.from([0, 2.82, 2.82, 2.82, 0, 2.82, 2.82, 2.82, 0])));
    expect(batch.latticeParams[0]).toBeCloseTo(3.905, 5);
    expect(batch.latticeParams[6 + 3]).toBeCloseTo(60, 4);
  });
  it("connects every ordered pair i ≠ j inside each crystal and never across crystals", () => {
    expect(batch.edgeSenders.length).toBe(5 * 4 + 2 * 1 + 0);
    const pairs = new Set<string>();
    for (let e = 0; e < batch.edgeSenders.length; e++) {
      const s = batch.edgeSenders[e]!, r = batch.edgeReceivers[e]!;
      expect(s).not.toBe(r);
      expect(batch.crystalIndex[s]).toBe(batch.crystalIndex[r]);
      pairs.add(`${r}-${s}`);
    }
    expect(pairs.size).toBe(22);
    expect(pairs.has("5-6") && pairs.has("6-5")).toBe(true);
  });
  it("carries properties and refuses crystals above maxAtoms, naming them", () => {
    expect(batch.properties[0]).toEqual({ id: "SrTiO3" });
    expect(() => batchStructures([nacl, srtio3], { maxAtoms: 4 })).toThrow(StructureError);
    expect(() => batchStructures([nacl, srtio3], { maxAtoms: 4 })).toThrow(/structure 1 \(SrTiO3\) has 5 atoms/);
  });
});

describe("unbatch", () => {
  it("round-trips structures (float32 precision) and accepts new coordinates", () => {
    const batch = batchStructures([srtio3, nacl]);
    const [a, b] = unbatch(batch);
    expect(Array.from(a!.species)).toEqual([38, 22, 8, 8, 8]);
    expect(a!.lattice.matrix[0]).toBeCloseTo(3.905, 5);
    expect(b!.fracCoords[3]).toBe(0.5);
    expect(a!.properties).toEqual({ id: "SrTiO3" });
    const moved = unbatch(batch, { fracCoords: new Float32Array(21).fill(0.25) });
    expect(Array.from(moved[1]!.fracCoords)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
  });
});

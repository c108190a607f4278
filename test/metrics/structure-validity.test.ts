import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/index.js";
import { latticeFromMatrix, latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { constructCrystal } from "../../src/metrics/validity/construct.js";
import { crystalRecord, rawCrystalRecord } from "../../src/metrics/validity/crystal-record.js";
import { structureValidity } from "../../src/metrics/validity/structure-validity.js";
import { DATA_DIR, golden } from "./golden.js";

const cubic = (a: number) => latticeFromParameters(a, a, a, 90, 90, 90);

describe("structural validity (CDVAE structure_validity)", () => {
  it("accepts two atoms exactly 0.5 Å apart and rejects 0.499 Å", () => {
    const ok = makeStructure({ lattice: cubic(10), species: [8, 8], fracCoords: [0, 0, 0, 0.05, 0, 0] });
    expect(structureValidity(ok).valid).toBe(true);
    const bad = makeStructure({ lattice: cubic(10), species: [8, 8], fracCoords: [0, 0, 0, 0.0499, 0, 0] });
    expect(structureValidity(bad)).toMatchObject({ valid: false, reason: "short_distance" });
  });

  it("measures distances across the periodic boundary", () => {
    const s = makeStructure({ lattice: cubic(4), species: [11, 17], fracCoords: [0.01, 0, 0, 0.96, 0, 0] });
    expect(structureValidity(s).minDistance).toBeCloseTo(0.2, 12);
    expect(structureValidity(s).valid).toBe(false);
  });

  it("a 1-atom cell passes the distance test however short its vectors; only the 0.1 Å³ volume test can fail it", () => {
    const tiny = makeStructure({ lattice: cubic(0.5), species: [6], fracCoords: [0, 0, 0] });
    expect(structureValidity(tiny)).toMatchObject({ valid: true, minDistance: Infinity });
    const flat = makeStructure({ lattice: cubic(0.45), species: [6], fracCoords: [0, 0, 0] });
    expect(structureValidity(flat)).toMatchObject({ valid: false, reason: "small_volume" });
  });

  it("agrees with CDVAE structure_validity on pymatgen distance matrices for 299 random skewed cells (min distance 1e-9 Å)", () => {
    const cases = JSON.parse(execFileSync("/usr/bin/python3", ["test/py/metrics_struct_validity.py"], { encoding: "utf8" })) as {
      matrix: number[][];
      species: number[];
      frac: number[][];
      valid: boolean;
      min: number;
      density: number;
    }[];
    expect(cases.length).toBeGreaterThan(250);
    for (const c of cases) {
      const st = makeStructure({ lattice: latticeFromMatrix(c.matrix), species: c.species, fracCoords: c.frac.flat() });
      const v = structureValidity(st);
      expect(v.valid).toBe(c.valid);
      expect(Math.abs(Math.min(v.minDistance, 10.5) - c.min)).toBeLessThan(1e-9);
      expect(crystalRecord(st).density).toBeCloseTo(c.density, 10);
    }
    expect(cases.some((c) => !c.valid)).toBe(true);
  });

  it("reproduces per-structure density and validities of the golden Perov-5 test rows", async () => {
    const ds = await loadDataset("perov_5", "test", { dataDir: DATA_DIR, limit: 3, download: false });
    golden.per_structure.forEach((g, k) => {
      const r = crystalRecord(ds.structures[k]!);
      expect(r.density).toBeCloseTo(g.density, 10);
      expect(r.structValid).toBe(g.struct_valid);
      expect(r.compValid).toBe(g.comp_valid);
      expect(r.numElements).toBe(g.nelem);
      r.compFp!.forEach((v, i) => expect(Math.abs(v - g.comp_fp_scaled[i]!)).toBeLessThan(1e-6));
    });
  });
});

describe("bad input gets an explicit invalid verdict, never an exception (spec §15.14)", () => {
  // Plain objects bypass makeStructure's checks, as arrays straight from a model would.
  const raw = (over: Partial<Structure>): Structure => ({ lattice: cubic(5), species: new Uint8Array([11, 17]), fracCoords: new Float64Array([0, 0, 0, 0.5, 0.5, 0.5]), ...over });

  it("Z > 103: composition invalid (no SMACT/Magpie data), fingerprints null, overall invalid", () => {
    const r = crystalRecord(raw({ species: new Uint8Array([104, 17]) }));
    expect(r).toMatchObject({ compValid: false, compReason: "unsupported-element", valid: false, compFp: null });
    expect(r.fingerprintError).toMatch(/Z=104/);
  });

  it("NaN coordinates: structurally invalid ('non_finite'), overall invalid", () => {
    const r = crystalRecord(raw({ fracCoords: new Float64Array([0, 0, 0, NaN, 0.5, 0.5]) }));
    expect(r).toMatchObject({ structValid: false, structReason: "non_finite", valid: false, compFp: null });
  });

  it("zero-volume cell: structurally invalid ('small_volume'), density NaN", () => {
    const r = crystalRecord(raw({ lattice: latticeFromMatrix([1, 0, 0, 0, 1, 0, 1, 1, 0]) }));
    expect(r).toMatchObject({ structValid: false, structReason: "small_volume", valid: false });
    expect(r.density).toBeNaN();
  });

  it("empty structure: invalid ('empty'), no fingerprints", () => {
    const r = crystalRecord(raw({ species: new Uint8Array([]), fracCoords: new Float64Array([]) }));
    expect(r).toMatchObject({ structValid: false, structReason: "empty", compValid: false, valid: false, compFp: null, numElements: 0 });
  });

  it("a structure fingerprint that throws makes the crystal invalid with both fingerprints null", () => {
    const r = crystalRecord(raw({}), {
      structFingerprint: () => {
        throw new Error("site 0: no neighbours");
      },
    });
    expect(r).toMatchObject({ structValid: true, compValid: true, valid: false, structFp: null, compFp: null, fingerprintError: "site 0: no neighbours" });
  });
});

describe("constructed rules from raw model arrays", () => {
  const base = { fracCoords: [[0, 0, 0], [0.5, 0.5, 0.5]], atomTypes: [11, 17], lengths: [4, 4, 4], angles: [90, 90, 90] };
  it("builds a structure and decodes one-hot atom types as argmax + 1", () => {
    const c = constructCrystal({ ...base, atomTypes: [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.9, 0.1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]] });
    expect(c.constructed).toBe(true);
    expect(c.atomTypes).toEqual([11, 17]);
  });
  it("CDVAE: negative length ⇒ non_positive_lattice; DiffCSP replicates its quirk and still builds it", () => {
    expect(constructCrystal({ ...base, lengths: [-4, 4, 4] }, "cdvae")).toMatchObject({ constructed: false, failure: "non_positive_lattice" });
    expect(constructCrystal({ ...base, lengths: [-4, 4, 4] }, "diffcsp").constructed).toBe(true);
  });
  it("DiffCSP/FlowMM: NaN ⇒ nan_value; CDVAE: build failure", () => {
    const nan = { ...base, fracCoords: [[0, NaN, 0], [0.5, 0.5, 0.5]] };
    expect(constructCrystal(nan, "diffcsp")).toMatchObject({ constructed: false, failure: "nan_value" });
    expect(constructCrystal(nan, "cdvae")).toMatchObject({ constructed: false, failure: "build_failed" });
  });
  it("volume < 0.1 Å³ ⇒ small_volume; FlowMM angle outside (50°, 130°) or type > 104 ⇒ dummy", () => {
    expect(constructCrystal({ ...base, lengths: [0.4, 0.4, 0.4] })).toMatchObject({ constructed: false, failure: "small_volume" });
    expect(constructCrystal({ ...base, angles: [45, 90, 90] }, "flowmm")).toMatchObject({ constructed: false, failure: "absurd_angles", dummy: true });
    expect(constructCrystal({ ...base, angles: [45, 90, 90] }, "cdvae").constructed).toBe(true);
    expect(constructCrystal({ ...base, atomTypes: [105, 17] }, "flowmm")).toMatchObject({ constructed: false, failure: "atom_type_out_of_range" });
  });
});

describe("records of raw model output", () => {
  const base = { fracCoords: [[0, 0, 0], [0.5, 0.5, 0.5]], atomTypes: [11, 17], lengths: [4, 4, 4], angles: [90, 90, 90] };
  it("a constructed crystal is evaluated as a structure", () => {
    expect(rawCrystalRecord(base)).toMatchObject({ constructed: true, structValid: true, compValid: true });
  });
  it("an unconstructed crystal is structurally invalid, keeps its SMACT verdict, and has no fingerprints", () => {
    expect(rawCrystalRecord({ ...base, lengths: [-4, 4, 4] })).toMatchObject({
      constructed: false, structValid: false, structReason: "not_constructed", compValid: true, valid: false, compFp: null,
    });
  });
  it("a FlowMM dummy crystal is compositionally invalid as well", () => {
    expect(rawCrystalRecord({ ...base, angles: [20, 90, 90] }, "flowmm")).toMatchObject({ constructed: false, compValid: false, compReason: "flowmm_dummy" });
  });
});

import { describe, expect, it } from "vitest";
import { CrystalError } from "../../src/crystal/errors.js";
import { NoCovCutoffsError, UnknownDatasetError, UnknownSplitError } from "../../src/datasets/errors.js";
import { covCutoffsOf, datasetNames, datasetSpec, splitSpec } from "../../src/datasets/registry.js";

describe("dataset registry", () => {
  it("lists the benchmark sets and the bundled prototypes", () => {
    expect(datasetNames()).toEqual(["perov_5", "carbon_24", "mp_20", "mpts_52", "mp_20_biternary", "prototypes"]);
  });

  it("gives every dataset train/val/test, a default target among its numeric columns, units on energies, a citation and licence", () => {
    for (const name of datasetNames()) {
      const d = datasetSpec(name);
      expect(Object.keys(d.splits)).toEqual(["train", "val", "test"]);
      const target = d.columns.find((c) => c.name === d.defaultTarget);
      expect(target?.kind, name).toBe("number");
      for (const c of d.columns) if (/energy|heat|gap/.test(c.name)) expect(c.unit, `${name}.${c.name}`).toMatch(/^eV/);
      expect(d.source.citation.length).toBeGreaterThan(20);
      expect(d.source.licence.length).toBeGreaterThan(2);
    }
    expect(datasetSpec("perov_5").defaultTarget).toBe("heat_ref");
    expect(datasetSpec("perov_5").columns.find((c) => c.name === "heat_ref")!.unit).toBe("eV/atom (unverified)");
    expect(datasetSpec("mpts_52").defaultTarget).toBe("formation_energy_per_atom");
    expect(datasetSpec("carbon_24").defaultTarget).toBe("energy_per_atom");
  });

  it("pins every download URL to a commit, and CDVAE files to txie-93/cdvae@f857f598", () => {
    for (const name of datasetNames())
      for (const [split, s] of Object.entries(datasetSpec(name).splits)) {
        if (name === "prototypes") expect(s.url).toBeUndefined();
        else expect(s.url, `${name}/${split}`).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\/data\//);
      }
    expect(splitSpec("perov_5", "test").url).toBe("https://raw.githubusercontent.com/txie-93/cdvae/f857f598d6f6cca5dc1ea0582d228f12dcc2c2ea/data/perov_5/test.csv");
    expect(splitSpec("mpts_52", "train").url).toBe("https://raw.githubusercontent.com/jiaor17/DiffCSP/7121d159826efa2ba9500bf299250d96da37f146/data/mpts_52/train.csv");
  });

  it("labels every published copy and accepts the DiffCSP/flowmm variants of the files still missing here", () => {
    for (const name of datasetNames())
      for (const s of Object.values(datasetSpec(name).splits))
        for (const copies of Object.values(s.files)) for (const c of copies) expect(c.copy.length, name).toBeGreaterThan(5);
    expect(splitSpec("perov_5", "train").files["train.csv"]!.map((c) => c.copy)).toEqual([
      "txie-93/cdvae@f857f598", "jiaor17/DiffCSP@7121d159", "facebookresearch/flowmm Git LFS (DiffCSP layout)",
    ]);
    expect(splitSpec("mp_20", "test").files["test.csv"]![2]).toMatchObject({ sha256: "6d63e5d7a607866d94014b3e8ae34f0b9f4d6a2b2332bbc50fd3ec976f487231", bytes: 26846148 });
  });

  it("throws typed errors for unknown names and splits", () => {
    expect(() => datasetSpec("mp_21")).toThrow(UnknownDatasetError);
    expect(() => datasetSpec("mp_21")).toThrow(/known: perov_5, carbon_24/);
    expect(() => splitSpec("perov_5", "dev")).toThrow(UnknownSplitError);
  });

  it("holds the CDVAE COV cutoffs per dataset and refuses datasets without them with typed errors", () => {
    expect(covCutoffsOf("perov_5")).toEqual({ struct: 0.2, comp: 4 });
    expect(covCutoffsOf("carbon_24")).toEqual({ struct: 0.2, comp: 4 });
    expect(covCutoffsOf("mp_20")).toEqual({ struct: 0.4, comp: 10 });
    expect(datasetNames().filter((n) => datasetSpec(n).covCutoffs)).toEqual(["perov_5", "carbon_24", "mp_20"]);
    expect(() => covCutoffsOf("nope")).toThrow(UnknownDatasetError);
    expect(() => covCutoffsOf("mpts_52")).toThrow(NoCovCutoffsError);
    expect(() => covCutoffsOf("mpts_52")).toThrow(CrystalError);
  });
});

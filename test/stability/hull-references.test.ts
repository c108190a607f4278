import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { elementSymbol, writeCif } from "../../src/crystal/index.js";
import { formatCsv } from "../../src/datasets/csv.js";
import { loadDataset, loadStructuresCsv } from "../../src/datasets/index.js";
import { type CompositionLike, energyAboveHull, hullEnergyPerAtom } from "../../src/metrics/stability/index.js";
import { HullSourceError, buildHullReferences, hullEntriesFromDataset, loadHullEntrySources } from "../../src/stability/index.js";
import { DATA_DIR } from "../shared-paths.js";

interface PlainEntry {
  composition: Record<string, number>;
  energyPerAtom: number;
}
interface PymatgenAnswer {
  entryEAboveHull: number[];
  queryHull: number[];
  queryEAboveHull: number[];
}

/** pymatgen PhaseDiagram answers for each system (test/py/stability_phase_diagram.py). */
function pymatgenHull(systems: { entries: PlainEntry[]; queries: PlainEntry[] }[]): PymatgenAnswer[] {
  const r = spawnSync("/usr/bin/python3", ["test/py/stability_phase_diagram.py"], { input: JSON.stringify(systems), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`stability_phase_diagram.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as PymatgenAnswer[];
}

const symbols = (c: ReadonlyMap<number, number>): Record<string, number> => Object.fromEntries([...c].map(([z, a]) => [elementSymbol(z), a]));

describe("hull references from mp_20_biternary val + test, against pymatgen PhaseDiagram", async () => {
  const { sources, missingSplits } = await loadHullEntrySources("mp_20_biternary", { dataDir: DATA_DIR });
  const refs = buildHullReferences(sources);
  const pd = refs.phaseDiagram;

  it("takes every split present, counts entries per source and adds the 118 elements at 0 eV/atom", () => {
    expect(missingSplits).toEqual(["train"]);
    expect(refs.provenance.map((p) => p.source)).toEqual(["mp_20_biternary/val", "mp_20_biternary/test", "elements"]);
    // Row counts of the shared data README: val 7,140, test 7,118; every row has a formation energy.
    expect(refs.provenance.map((p) => p.entries + p.skipped)).toEqual([7140, 7118, 118]);
    expect(refs.provenance.map((p) => p.skipped)).toEqual([0, 0, 0]);
    expect(pd.entries.length).toBe(7140 + 7118 + 118);
    expect(pd.entries[0]!.entry.id).toMatch(/^mp-\d+$/);
  });

  // The three ternary systems with the most ternary entries, each with its binaries and elements.
  const ternaryCounts = new Map<string, number>();
  for (const e of pd.entries) if (e.fractions.size === 3) ternaryCounts.set(e.system, (ternaryCounts.get(e.system) ?? 0) + 1);
  const chosen = [...ternaryCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3).map(([key]) => key.split("-").map(Number));
  const systems = chosen.map((zs) => {
    const entries = pd.entries.filter((e) => [...e.fractions.keys()].every((z) => zs.includes(z)));
    const ternary = entries.find((e) => e.fractions.size === 3)!;
    const [a, b, c] = zs.map((z) => elementSymbol(z)) as [string, string, string];
    const at = (comp: CompositionLike, offset: number) => hullEnergyPerAtom(pd, comp).energyPerAtom + offset;
    // A candidate 0.05 eV/atom below the hull at a known ternary composition, one 0.08 above at ABC, a binary 0.02 above.
    const queries: PlainEntry[] = [
      { composition: symbols(ternary.fractions), energyPerAtom: at(ternary.fractions, -0.05) },
      { composition: { [a]: 1, [b]: 1, [c]: 1 }, energyPerAtom: at({ [a]: 1, [b]: 1, [c]: 1 }, 0.08) },
      { composition: { [a]: 1, [c]: 2 }, energyPerAtom: at({ [a]: 1, [c]: 2 }, 0.02) },
    ];
    return { name: `${a}-${b}-${c}`, entries: entries.map((e) => ({ composition: symbols(e.fractions), energyPerAtom: e.entry.energyPerAtom })), queries };
  });
  const answers = pymatgenHull(systems);

  for (const [k, system] of systems.entries()) {
    it(`${system.name} (${system.entries.length} entries): hull energies and E_hull agree with pymatgen to 1e-9 eV/atom`, () => {
      const ref = answers[k]!;
      expect(system.entries.length).toBeGreaterThan(10);
      system.entries.forEach((e, i) => expect(Math.abs(energyAboveHull(pd, e.composition, e.energyPerAtom) - ref.entryEAboveHull[i]!)).toBeLessThan(1e-9));
      system.queries.forEach((q, i) => {
        expect(Math.abs(hullEnergyPerAtom(pd, q.composition).energyPerAtom - ref.queryHull[i]!)).toBeLessThan(1e-9);
        expect(Math.abs(energyAboveHull(pd, q.composition, q.energyPerAtom) - ref.queryEAboveHull[i]!)).toBeLessThan(1e-9);
      });
      // pymatgen sees the candidates where they were put: below and above the hull.
      expect(ref.queryEAboveHull[0]).toBeCloseTo(-0.05, 9);
      expect(ref.queryEAboveHull[1]).toBeCloseTo(0.08, 9);
      expect(ref.queryEAboveHull[2]).toBeCloseTo(0.02, 9);
    });
  }
});

describe("hullEntriesFromDataset", async () => {
  it("skips and counts rows without a formation energy", async () => {
    const ds = await loadDataset("mp_20_biternary", "test", { dataDir: DATA_DIR, limit: 3, download: false });
    const dir = mkdtempSync(join(tmpdir(), "hull-refs-"));
    const file = join(dir, "mine.csv");
    const ids = ["a-1", "a-2", "a-3"];
    writeFileSync(file, formatCsv(["material_id", "formation_energy_per_atom", "cif"], [ids, [-0.5, "", -1.25], ds.structures.map((s) => writeCif(s))]));
    const source = hullEntriesFromDataset(await loadStructuresCsv(file));
    expect(source.skipped).toBe(1);
    expect(source.entries.map((e) => [e.id, e.energyPerAtom])).toEqual([["a-1", -0.5], ["a-3", -1.25]]);
  });

  it("refuses perov_5 and carbon_24, whose energies are not MP formation energies, and datasets without the column", async () => {
    const perov = await loadDataset("perov_5", "test", { dataDir: DATA_DIR, limit: 2, download: false });
    const carbon = await loadDataset("carbon_24", "test", { dataDir: DATA_DIR, limit: 2, download: false });
    const prototypes = await loadDataset("prototypes", "test", { limit: 2 });
    expect(() => hullEntriesFromDataset(perov)).toThrow(HullSourceError);
    expect(() => hullEntriesFromDataset(perov)).toThrow(/perov_5\/test cannot be used as hull references: .*heat_ref.*no MP-compatible formation energy/);
    expect(() => hullEntriesFromDataset(carbon)).toThrow(/carbon_24\/test cannot be used as hull references: .*absolute AIRSS enthalpy/);
    expect(() => hullEntriesFromDataset(prototypes)).toThrow(/prototypes\/test .*no formation_energy_per_atom column/);
    await expect(loadHullEntrySources("perov_5", { dataDir: DATA_DIR })).rejects.toThrow(HullSourceError);
    await expect(loadHullEntrySources("carbon_24", { dataDir: DATA_DIR })).rejects.toThrow(/not a formation energy/);
  });
});

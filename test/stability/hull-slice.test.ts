import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { elementSymbol } from "../../src/crystal/index.js";
import { PhaseDiagramError, buildPhaseDiagram, energyAboveHull } from "../../src/metrics/stability/index.js";
import { type HullSlice, buildHullReferences, hullPlacement, hullSlice, loadHullEntrySources } from "../../src/stability/index.js";
import { DATA_DIR } from "../shared-paths.js";

interface PlainEntry {
  composition: Record<string, number>;
  energyPerAtom: number;
}
interface PymatgenSlice {
  stable: number[];
  facets: number[][];
  entryEAboveHull: number[];
  decompositions: Record<string, number>[];
}

/** pymatgen PhaseDiagram answers for each system (test/py/stability_phase_diagram.py). */
function pymatgenSlices(systems: { entries: PlainEntry[]; queries: PlainEntry[] }[]): PymatgenSlice[] {
  const r = spawnSync("/usr/bin/python3", ["test/py/stability_phase_diagram.py"], { input: JSON.stringify(systems), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`stability_phase_diagram.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as PymatgenSlice[];
}

const plain = (slice: HullSlice, fractions: readonly number[]): Record<string, number> =>
  Object.fromEntries(slice.elements.flatMap((z, d) => (fractions[d]! > 0 ? [[elementSymbol(z), fractions[d]!]] : [])));
const key = (indices: readonly number[]) => [...indices].sort((a, b) => a - b).join(",");

describe("hullSlice on mp_20_biternary (val + test) against pymatgen PhaseDiagram", async () => {
  const { sources } = await loadHullEntrySources("mp_20_biternary", { dataDir: DATA_DIR });
  const refs = buildHullReferences(sources);
  const pd = refs.phaseDiagram;
  // The three ternary systems with the most ternary entries, and the binary with the most entries.
  const counts = (size: number) => {
    const m = new Map<string, number>();
    for (const e of pd.entries) if (e.fractions.size === size) m.set(e.system, (m.get(e.system) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k.split("-").map(Number));
  };
  const systems = [...counts(3).slice(0, 3), counts(2)[0]!];
  const slices = systems.map((zs) => hullSlice(pd, zs));
  // Queries: the midpoint of every facet's vertices 0.03 eV/atom above the hull there, for the decompositions.
  const queries = slices.map((s) => s.facets.map((f) => {
    const fractions = s.elements.map((_, d) => f.reduce((sum, i) => sum + s.entries[i]!.fractions[d]!, 0) / f.length);
    return { composition: plain(s, fractions), energyPerAtom: f.reduce((sum, i) => sum + s.entries[i]!.energyPerAtom, 0) / f.length + 0.03 };
  }));
  const answers = pymatgenSlices(slices.map((s, k) => ({ entries: s.entries.map((e) => ({ composition: plain(s, e.fractions), energyPerAtom: e.energyPerAtom })), queries: queries[k]! })));

  for (const [k, slice] of slices.entries()) {
    const ref = answers[k]!;
    describe(`${slice.chemicalSystem} (${slice.entries.length} entries)`, () => {
      it("has the same stable entries as pymatgen", () => {
        expect(slice.elements.length).toBe(k < 3 ? 3 : 2);
        expect(slice.entries.length).toBeGreaterThan(10);
        expect(slice.entries.flatMap((e, i) => (e.stable ? [i] : []))).toEqual(ref.stable);
      });

      it("has the same hull facets as pymatgen (segments of a binary, triangles of a ternary)", () => {
        expect(slice.facets.length).toBe(ref.facets.length);
        expect(slice.facets.every((f) => f.length === slice.elements.length)).toBe(true);
        expect(new Set(slice.facets.map(key))).toEqual(new Set(ref.facets.map(key)));
      });

      it("gives every entry pymatgen's energy above hull (1e-9 eV/atom)", () => {
        slice.entries.forEach((e, i) => expect(Math.abs(e.eAboveHull - ref.entryEAboveHull[i]!)).toBeLessThan(1e-9));
      });

      it("decomposes a point above each facet into that facet's vertices, with pymatgen's fractions (1e-9)", () => {
        queries[k]!.forEach((q, j) => {
          const placement = hullPlacement(pd, q.composition, q.energyPerAtom);
          expect(placement.eAboveHull).toBeCloseTo(0.03, 9);
          const ours = new Map(placement.decomposition.map((d) => [slice.entries.findIndex((e) => e.id === d.id && e.energyPerAtom === d.energyPerAtom), d.fraction]));
          const theirs = ref.decompositions[j]!;
          expect(key([...ours.keys()])).toBe(key(Object.keys(theirs).map(Number)));
          expect(key([...ours.keys()])).toBe(key(slice.facets[j]!));
          for (const [i, f] of ours) expect(Math.abs(f - theirs[String(i)]!)).toBeLessThan(1e-9);
        });
      });
    });
  }

  it("orders the segments of a binary along the composition axis, joining end to end", () => {
    const binary = slices[3]!;
    const x = (i: number) => binary.entries[i]!.fractions[1]!;
    binary.facets.forEach((f, j) => {
      expect(x(f[0]!)).toBeLessThan(x(f[1]!));
      if (j > 0) expect(f[0]).toBe(binary.facets[j - 1]![1]);
    });
    expect(x(binary.facets[0]![0]!)).toBe(0);
    expect(x(binary.facets.at(-1)![1]!)).toBe(1);
  });

  it("places candidates of the system with their energy above hull and leaves out the others", () => {
    const slice = slices[0]!;
    const [a, b, c] = slice.elements.map(elementSymbol) as [string, string, string];
    const placed = hullSlice(pd, slice.chemicalSystem, [
      { id: "abc", composition: { [a]: 1, [b]: 1, [c]: 1 }, energyPerAtom: -1 },
      { id: "ac2", composition: `${a}${c}2`, energyPerAtom: 0.2 },
      { id: "outside", composition: `${a}H`, energyPerAtom: -1 },
    ]);
    expect(placed.chemicalSystem).toBe(`${a}-${b}-${c}`);
    expect(placed.points.map((p) => p.id)).toEqual(["abc", "ac2"]);
    expect(placed.points[0]!.fractions).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(placed.points[1]!.fractions).toEqual([1 / 3, 0, 2 / 3]);
    expect(placed.points[0]!.eAboveHull).toBeCloseTo(energyAboveHull(pd, { [a]: 1, [b]: 1, [c]: 1 }, -1), 12);
    expect(placed.points[1]!.hullEnergyPerAtom + placed.points[1]!.eAboveHull).toBeCloseTo(0.2, 12);
  });

  it("refuses systems that are not binary or ternary and elements without a reference; the bare elements form one segment", () => {
    expect(() => hullSlice(pd, "Fe")).toThrow(RangeError);
    expect(() => hullSlice(pd, "Fe-Li-O-P")).toThrow(/binary or ternary/);
    expect(() => hullSlice(buildPhaseDiagram([{ composition: "NaCl", energyPerAtom: -2 }]), "Na-Cl")).toThrow(PhaseDiagramError);
    const bare = hullSlice(buildHullReferences([]).phaseDiagram, "Na-Cl");
    expect(bare.chemicalSystem).toBe("Cl-Na");
    expect(bare.facets.map((f) => f.map((i) => bare.entries[i]!.id))).toEqual([["Cl", "Na"]]);
  });
});

// Cross-check against Debian pymatgen 2022.11.7 (test/py/matcher_reference.py) on generated pairs from four datasets:
// perturbed (several noise sizes), supercells (attempt_supercell on/off), rotated+permuted, strained, polymorphs,
// cross-dataset and random pairs, with CSP (0.3/0.5/10) and default (0.2/0.3/5) tolerances; plus primitive cells.
import { beforeAll, describe, expect, it } from "vitest";
import { type Structure, primitiveCell, reducedStructure, latticeParameters, latticeVolume } from "../../../src/crystal/index.js";
import { loadDataset } from "../../../src/datasets/index.js";
import { fitStructures, getRmsDist } from "../../../src/metrics/structure-matcher/index.js";
import { rng } from "../../../src/util/random.js";
import { DATA_DIR } from "../golden.js";
import { type MatcherCase, generateCases, perturbed, plain, pymatgenAnswers, randomSupercell } from "./pairs.js";

const DATASETS = ["perov_5", "carbon_24", "mpts_52", "mp_20_biternary"] as const;
const PAIRS_PER_DATASET = 520;
/** Decisions closer than this to the tolerance (reference value vs stol) are boundary cases. */
const BOUNDARY = 1e-3;

describe("StructureMatcher agrees with pymatgen 2022.11.7 on generated pairs", () => {
  const sets: Structure[][] = [];
  beforeAll(async () => {
    for (const name of DATASETS) sets.push((await loadDataset(name, "test", { dataDir: DATA_DIR, limit: 400 })).structures);
  }, 120_000);

  it("the angle rule: equal, or two angles supplementary (one basis vector negated); not one alone (hand-derived)", () => {
    expect(sameAnglesUpToSigns([90, 90, 60], [90, 90, 120])).toBe(true); // b → −b: α and γ flip, α = 90° stays
    expect(sameAnglesUpToSigns([70, 100, 60], [110, 100, 120])).toBe(true);
    expect(sameAnglesUpToSigns([70, 100, 60], [70, 100, 120])).toBe(false); // γ alone cannot flip
    expect(sameAnglesUpToSigns([70, 100, 60], [70, 100, 61])).toBe(false);
  });

  it("primitive cells (Niggli, then get_primitive_structure(0.25)) of dataset crystals and their perturbed supercells", () => {
    const random = rng(7);
    const inputs: Structure[] = [];
    for (const list of sets)
      for (let k = 0; k < 40; k++) {
        const s = list[random.int(list.length)]!;
        inputs.push(k % 2 === 0 ? s : perturbed(randomSupercell(s, random), 0.02 * random.next(), random));
      }
    const ref = pymatgenAnswers(inputs.map((s) => ({ a: plain(s), prim: true })));
    let reduced = 0;
    inputs.forEach((s, i) => {
      const p = primitiveCell(reducedStructure(s));
      const r = ref[i]!.prim!;
      const label = `primitive case ${i} (${s.species.length} sites)`;
      expect(p.species.length, label).toBe(r.n);
      expect(latticeVolume(p.lattice), label).toBeCloseTo(r.volume, 6);
      const q = latticeParameters(p.lattice);
      [q.a, q.b, q.c].forEach((v, k) => expect(v, label).toBeCloseTo(r.abc[k]!, 5));
      // Angles up to the sign of a basis vector: a reduced cell on a boundary (e.g. hexagonal γ = 60° or 120°) has two
      // equally valid forms, and pymatgen picks one by floating-point noise that depends on the CPU's BLAS kernels.
      expect(sameAnglesUpToSigns([q.alpha, q.beta, q.gamma], r.angles), `${label}: angles ${[q.alpha, q.beta, q.gamma]} vs ${r.angles}`).toBe(true);
      expect(Array.from(p.species).sort(), label).toEqual([...r.species].sort());
      if (p.species.length < s.species.length) reduced++;
    });
    expect(reduced).toBeGreaterThan(60); // the supercells really were reduced
  }, 300_000);

  it(`get_rms_dist and fit decisions agree on ≥ 99.5 % of ${PAIRS_PER_DATASET * DATASETS.length} pairs, rms within 1e-6`, () => {
    const cases: MatcherCase[] = generateCases(sets, PAIRS_PER_DATASET, 2026);
    const ref = pymatgenAnswers(cases.map((c, i) => ({ a: plain(c.a), b: plain(c.b), options: c.options, fit: i % 3 === 0 })));
    let agree = 0, matchedBoth = 0, fitCompared = 0, fitAgree = 0, maxDrms = 0;
    const disagreements: string[] = [];
    const kinds = new Map<string, [number, number]>();
    cases.forEach((c, i) => {
      const r = ref[i]!;
      expect(r.error, `pymatgen raised on case ${i}`).toBeUndefined();
      const ours = getRmsDist(c.a, c.b, c.options);
      const kind = c.kind.split(" ")[0]!;
      const [n, m] = kinds.get(kind) ?? [0, 0];
      kinds.set(kind, [n + 1, m + (r.rms != null ? 1 : 0)]);
      const same = (ours === null) === (r.rms == null);
      const stol = c.options.stol!;
      if (same) {
        agree++;
        if (ours && r.rms != null) {
          matchedBoth++;
          maxDrms = Math.max(maxDrms, Math.abs(ours.rms - r.rms));
        }
      } else {
        const refVal = r.rms ?? null;
        const near = (refVal !== null && stol - refVal < BOUNDARY) || (ours !== null && stol - ours.rms < BOUNDARY);
        disagreements.push(
          `case ${i} ${c.kind} ${JSON.stringify(c.options)} sites ${c.a.species.length}/${c.b.species.length}: ` +
            `ours ${ours ? ours.rms : null}, pymatgen ${refVal}${near ? " (within 1e-3 of stol: boundary case)" : ""}`,
        );
      }
      if (r.fit !== undefined) {
        fitCompared++;
        if (fitStructures(c.a, c.b, c.options) === r.fit) fitAgree++;
        else disagreements.push(`case ${i} ${c.kind}: fit ours ${!r.fit}, pymatgen ${r.fit}`);
      }
    });
    console.log(
      `matcher cross-check: ${cases.length} pairs, decisions agree ${agree} (${((100 * agree) / cases.length).toFixed(2)} %), ` +
        `matched in both ${matchedBoth}, max |Δrms| ${maxDrms.toExponential(2)}, fit agree ${fitAgree}/${fitCompared}\n` +
        `  by kind (pairs, pymatgen matches): ${[...kinds].map(([k, [n, m]]) => `${k} ${n}/${m}`).join(", ")}` +
        (disagreements.length ? `\n  disagreements:\n    ${disagreements.join("\n    ")}` : ""),
    );
    expect(cases.length).toBeGreaterThanOrEqual(2000);
    expect(matchedBoth).toBeGreaterThan(600); // plenty of positive matches, not only trivial rejections
    expect(agree / cases.length).toBeGreaterThanOrEqual(0.995);
    expect(fitAgree / fitCompared).toBeGreaterThanOrEqual(0.995);
    expect(maxDrms).toBeLessThan(1e-6);
  }, 900_000);
});

/** True when the cosines agree up to signs ε_α ε_β ε_γ = 1 (negating basis vectors), within 1e-6. */
function sameAnglesUpToSigns(ours: readonly number[], ref: readonly number[]): boolean {
  const cos = (deg: number) => Math.cos((deg * Math.PI) / 180);
  const signs = [[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]];
  return signs.some((e) => ours.every((v, k) => Math.abs(cos(v) - e[k]! * cos(ref[k]!)) <= 1e-6));
}

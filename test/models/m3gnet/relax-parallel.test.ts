// Relaxation on worker threads (issue #20): the M3GNet potential loaded once per worker from its source gives, chunk for
// chunk, exactly the in-thread results (structures, energies, statuses, steps, trajectories), in input order; refused
// crystals keep their row and reason; progress reaches the total. Needs `npm run build` (workers load dist/).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latticeFromMatrix } from "../../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../../src/crystal/structure.js";
import { loadStructuresCsv } from "../../../src/datasets/load.js";
import { closeParallelPool, parallelPoolSize } from "../../../src/metrics/parallel/index.js";
import { initBackend } from "../../../src/models/backend/index.js";
import { loadM3gnetPotential } from "../../../src/models/m3gnet/index.js";
import type { M3gnetPotential } from "../../../src/models/m3gnet/potential.js";
import { type RelaxOptions, type RelaxResult, relaxStructures } from "../../../src/stability/index.js";

const cubic = (a: number, species: number[], frac: number[]) => makeStructure({ lattice: latticeFromMatrix([a, 0, 0, 0, a, 0, 0, 0, a]), species, fracCoords: frac });

let potential: M3gnetPotential;
let crystals: Structure[];

beforeAll(async () => {
  await initBackend();
  potential = loadM3gnetPotential();
  const fixture = await loadStructuresCsv(join(import.meta.dirname, "..", "..", "fixtures", "structures", "m3gnet-cubic.csv"));
  const [a, b, c, d, e, f] = fixture.structures;
  // Two refused crystals among the six stretched cubic cells: an element the potential does not know, overlapping atoms.
  crystals = [a!, b!, cubic(3.35, [84], [0, 0, 0]), c!, d!, cubic(4, [11, 17], [0, 0, 0, 0.05, 0, 0]), e!, f!];
}, 120_000);
afterAll(closeParallelPool);

/** Relaxes the crystals with the given worker count; records progress and warnings. */
async function relaxWith(workers: number) {
  const progress: number[] = [];
  const warnings: string[] = [];
  const options: RelaxOptions = { fmax: 0.01, maxSteps: 25, batchSize: 2, chunkSize: 3, trajectoryEvery: 10, workers };
  const results = await relaxStructures(potential, crystals, {
    ...options,
    onProgress: (done, total) => {
      expect(total).toBe(crystals.length);
      progress.push(done);
    },
    onWarning: (m) => warnings.push(m),
  });
  return { results, progress, warnings };
}

describe("relaxStructures on worker threads", () => {
  let inThread: RelaxResult[];

  it("in this thread (1 worker): refused crystals keep their row and reason, progress counts every crystal", async () => {
    const { results, progress, warnings } = await relaxWith(1);
    inThread = results;
    expect(warnings).toEqual([]);
    expect(progress).toEqual(crystals.map((_, k) => k + 1));
    expect(results.map((r) => r.status)).toEqual(["not-converged", "converged", "refused", "converged", "not-converged", "refused", "converged", "converged"]);
    expect(results[2]!.reason).toBe("element Po is not known to the potential");
    expect(results[5]!.reason).toMatch(/^site 0 \(Na\) and site 1 \(Cl\) are 0\.2000 Å apart/);
    for (const i of [0, 1, 3, 4, 6, 7]) {
      const r = results[i]!;
      expect(r.energies.length).toBe(r.steps + 1);
      expect(r.energies[r.steps]!).toBeLessThan(r.energies[0]!); // the relaxation went downhill
      expect(r.trajectory.length).toBeGreaterThan(1);
      expect(r.structure.species).toEqual(crystals[i]!.species);
    }
  }, 600_000);

  it("with 2 workers: the same results in input order, the pool's workers used, progress reaching the total", async () => {
    const { results, progress, warnings } = await relaxWith(2);
    expect(warnings).toEqual([]);
    expect(parallelPoolSize()).toBe(2);
    expect(progress[progress.length - 1]).toBe(crystals.length);
    expect(progress.every((p, k) => k === 0 || p > progress[k - 1]!)).toBe(true);
    expect(results.length).toBe(crystals.length);
    expect(results).toEqual(inThread);
  }, 600_000);
});

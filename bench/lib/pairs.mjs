// The matcher benchmarks' input: perturbed pairs generated once per run from a fixed seed and written as JSON lines
// {"a": CIF, "b": CIF} (the `xtal match --pairs` format), so our code and the pymatgen scripts read the same file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cartCoords, cartToFrac, makeStructure, writeCif } from "../../dist/crystal/index.js";
import { loadDataset } from "../../dist/datasets/index.js";
import { rng } from "../../dist/util/random.js";

export const PERTURB_ANGSTROM = 0.05;
export const PAIRS_SEED = 0;
const files = new Map();
let dir;

/** Every site moved by exactly `distance` Å in a random direction (pymatgen Structure.perturb). */
function perturb(s, distance, random) {
  const c = cartCoords(s);
  for (let i = 0; i < c.length; i += 3) {
    let x, y, z, n;
    do {
      x = random.normal(); y = random.normal(); z = random.normal();
      n = Math.hypot(x, y, z);
    } while (n === 0);
    c[i] += (x / n) * distance; c[i + 1] += (y / n) * distance; c[i + 2] += (z / n) * distance;
  }
  return makeStructure({ lattice: s.lattice, species: s.species, fracCoords: cartToFrac(s.lattice, c) });
}

/**
 * Path of the JSONL file of the first n test rows of `dataset`, each against a copy perturbed by PERTURB_ANGSTROM
 * (seed PAIRS_SEED); written once per run and reused.
 */
export async function pairsFile(dataDir, dataset, n) {
  const key = `${dataset}:${n}`;
  if (!files.has(key)) {
    if (!dir) {
      dir = mkdtempSync(join(tmpdir(), "bench-pairs-"));
      process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    }
    const { structures } = await loadDataset(dataset, "test", { dataDir, limit: n, download: false });
    const random = rng(PAIRS_SEED);
    const lines = structures.map((s) => JSON.stringify({ a: writeCif(s), b: writeCif(perturb(s, PERTURB_ANGSTROM, random)) }));
    const path = join(dir, `${dataset}-${n}-seed${PAIRS_SEED}.jsonl`);
    writeFileSync(path, `${lines.join("\n")}\n`);
    files.set(key, path);
  }
  return files.get(key);
}

/** The CIF texts of a pairs file: [{ a, b }]. */
export function readPairCifs(path) {
  return readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
}

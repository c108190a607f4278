// Where tests find the shared reference material: the `shared/` folder beside the repository (as in CI), with the
// datasets overridable by CRYSTAL_DATA_DIR (the same variable the library reads).
import { join, resolve } from "node:path";

/** The shared reference folder (../shared from the repository root). */
export const SHARED_DIR = resolve(import.meta.dirname, "..", "..", "shared");
/** The benchmark datasets: CRYSTAL_DATA_DIR, else shared/data. */
export const DATA_DIR = process.env.CRYSTAL_DATA_DIR ?? join(SHARED_DIR, "data");
/** The golden metric values computed with the reference libraries. */
export const GOLDEN_FILE = join(SHARED_DIR, "golden", "metrics-golden.json");

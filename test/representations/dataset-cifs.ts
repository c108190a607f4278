// The CIF column of a shared dataset CSV (pymatgen-written CIFs, each a double-quoted field without inner quotes).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DATA_DIR } from "../shared-paths.js";


/** Every `cif` field of `<data dir>/<file>` (.csv or .csv.gz), in row order. */
export function datasetCifs(file: string): string[] {
  const bytes = readFileSync(`${DATA_DIR}/${file}`);
  const text = (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  return [...text.matchAll(/"(# generated using pymatgen[^"]*)"/g)].map((m) => m[1]!);
}

/** Every `step`-th element of a list (a spread-out sample). */
export function everyNth<T>(items: readonly T[], step: number): T[] {
  return items.filter((_, i) => i % step === 0);
}

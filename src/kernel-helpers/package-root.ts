// Where the installed package lives, for notebooks that read files shipped with it (data/checkpoints, data/prototypes).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root (two levels above this module: dist/kernel-helpers or src/kernel-helpers → root). */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
}

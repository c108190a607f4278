import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { datasetSpec, splitSpec } from "./registry.js";

/** Environment variable naming the directory that holds `<dataset>/<split>.csv[.gz]`. */
export const DATA_DIR_ENV = "CRYSTAL_DATA_DIR";

/** Where the loader looks for dataset files. */
export interface DataLocationOptions {
  /** Directory holding `<name>/<split>.csv[.gz]`; overrides CRYSTAL_DATA_DIR. */
  dataDir?: string;
  /** Download cache directory; default `$XDG_CACHE_HOME/crystal-workbench` or `~/.cache/crystal-workbench`. */
  cacheDir?: string;
}

/** The download cache directory: the option, else `$XDG_CACHE_HOME/crystal-workbench`, else `~/.cache/crystal-workbench`. */
export function datasetCacheDir(options: DataLocationOptions = {}): string {
  if (options.cacheDir) return options.cacheDir;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), ".cache"), "crystal-workbench");
}

/** The directories searched for a dataset, in order: dataDir/CRYSTAL_DATA_DIR, the bundled copy, the cache. */
export function datasetSearchDirs(name: string, options: DataLocationOptions = {}): string[] {
  const spec = datasetSpec(name);
  const dirs: string[] = [];
  const dataDir = options.dataDir ?? process.env[DATA_DIR_ENV];
  if (dataDir) dirs.push(join(dataDir, name));
  if (spec.bundledDir) dirs.push(spec.bundledDir);
  dirs.push(join(datasetCacheDir(options), name));
  return dirs;
}

/** Every candidate file path of a split, in search order (`.csv` before `.csv.gz` in each directory). */
export function datasetCandidatePaths(name: string, split: string, options: DataLocationOptions = {}): string[] {
  splitSpec(name, split);
  return datasetSearchDirs(name, options).flatMap((d) => [join(d, `${split}.csv`), join(d, `${split}.csv.gz`)]);
}

/** The first existing local file of a split, or undefined when none exists (no download is attempted). */
export function datasetPath(name: string, split: string, options: DataLocationOptions = {}): string | undefined {
  return datasetCandidatePaths(name, split, options).find((p) => existsSync(p));
}

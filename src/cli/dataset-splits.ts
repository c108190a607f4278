// Registered dataset splits named on the command line as DATASET:SPLIT[,DATASET:SPLIT…].
import { datasetNames } from "../datasets/registry.js";
import { CliUsageError } from "./args.js";

/** True when `spec` looks like DATASET:SPLIT of a registered dataset (not a file path). */
export function isDatasetSplit(spec: string): boolean {
  const m = /^([A-Za-z0-9_]+):([A-Za-z]+)$/.exec(spec.trim());
  return m !== null && datasetNames().includes(m[1]!);
}

/**
 * The [dataset, split] pairs of "perov_5:test,mp_20:val".
 * @throws CliUsageError naming the command, the flag and the bad part
 */
export function datasetSplits(spec: string, command: string, flag: string): [string, string][] {
  return spec.split(",").map((part) => {
    if (!isDatasetSplit(part)) throw new CliUsageError(`${command}: ${flag} takes registered dataset splits such as perov_5:test (got "${part}")`);
    const [name, split] = part.trim().split(":");
    return [name!, split!];
  });
}

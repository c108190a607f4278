// What the latent-space commands (reconstruct, encode, optimize) share: opening a latent-model checkpoint and reading
// the crystals of --input (a registered DATASET:SPLIT or a file), refusing unreadable rows before any work.
import type { Structure } from "../crystal/structure.js";
import { loadDataset } from "../datasets/load.js";
import { type LatentModel, initBackend, isLatentModel, loadModel } from "../models/index.js";
import { CliUsageError, positiveIntegerFlag } from "./args.js";
import { loadCrystals } from "./crystal-inputs.js";
import { datasetSplits, isDatasetSplit } from "./dataset-splits.js";

/**
 * Loads the checkpoint in `dir` and checks that it has a latent space (encode/decode).
 * @throws CliUsageError (exit 2) naming the command when it holds another kind of model
 */
export async function loadLatentCheckpoint(command: string, dir: string): Promise<LatentModel> {
  await initBackend();
  const model = await loadModel(dir);
  if (isLatentModel(model)) return model;
  const what = `${model.config.family}/${model.config.tasks.join("+")}`;
  model.dispose();
  throw new CliUsageError(`${command}: ${dir} is a ${what} model without a latent space (train one with \`xtal train cdvae\`)`);
}

/**
 * The crystals of `input` (first `limit`) with their ids: a registered split, or a structure file, folder or CSV.
 * @throws CliUsageError counting and naming the rows that cannot be read (nothing is encoded then)
 */
export async function latentInputCrystals(command: string, input: string, idColumn: string | undefined, limit: number | undefined): Promise<{ structures: Structure[]; ids: string[] }> {
  positiveIntegerFlag(command, "limit", limit);
  if (isDatasetSplit(input)) {
    const [[name, split]] = datasetSplits(input, command, "--input") as [[string, string]];
    const ds = await loadDataset(name, split, limit !== undefined ? { limit } : {});
    return { structures: ds.structures, ids: ds.structures.map((s, i) => String(s.properties?.["id"] ?? i)) };
  }
  const loaded = await loadCrystals(command, input, idColumn);
  const n = Math.min(limit ?? Infinity, loaded.structures.length);
  const bad = loaded.readErrors.slice(0, n).flatMap((e, i) => (e === null ? [] : [`${loaded.ids[i]} (${e})`]));
  if (bad.length > 0) throw new CliUsageError(`${command}: ${bad.length} of ${n} crystals of ${input} cannot be read: ${bad.slice(0, 10).join("; ")}${bad.length > 10 ? "; …" : ""}`);
  return { structures: loaded.structures.slice(0, n), ids: loaded.ids.slice(0, n) };
}

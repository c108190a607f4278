// The inputs of the M3GNet benchmark (bench/m3gnet.bench.mjs and its memory probe bench/lib/m3gnet-memory.mjs): test
// crystals of a dataset and the graph a model reads.
import { loadDataset } from "../../dist/datasets/index.js";
import { buildM3gnetGraph } from "../../dist/models/m3gnet/graph.js";

/** The first `count` test crystals of `dataset` (in `dataDir`) with min…max atoms; throws when there are fewer. */
export async function testCrystals(dataDir, dataset, count, [min, max]) {
  const ds = await loadDataset(dataset, "test", { dataDir, download: false });
  const picked = ds.structures.filter((s) => s.species.length >= min && s.species.length <= max).slice(0, count);
  if (picked.length < count) throw new Error(`${dataset} test has only ${picked.length} crystals of ${min}–${max} atoms`);
  return picked;
}

/** The graph of `structures` with the cutoffs of an M3gnetModel (the one its potential or eform model builds). */
export function graphOf(model, structures) {
  return buildM3gnetGraph(structures, model.config.cutoff, model.config.threebodyCutoff, (z) => model.typeIndex(z));
}

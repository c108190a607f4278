// Token lengths of the canonical CIFs (CIF transformer training text, <bos> and <eos> included) of dataset splits, to
// choose the context length: quantiles and how many crystals do not fit candidate contexts. Writes JSON to stdout.
// Usage: CRYSTAL_DATA_DIR=… node scripts/cif-token-lengths.mjs perov_5:fit carbon_24:fit mpts_52:fit > lengths.json
import { loadDataset } from "crystal-workbench/datasets";
import { canonicalCif, tokenizeCif } from "crystal-workbench/representations";
import { initSymmetry } from "crystal-workbench/crystal";

await initSymmetry();
const CONTEXTS = [256, 352, 384, 512, 768, 1024];
const out = { command: `node scripts/cif-token-lengths.mjs ${process.argv.slice(2).join(" ")}`, splits: {} };
for (const spec of process.argv.slice(2)) {
  const [name, split] = spec.split(":");
  const { structures } = await loadDataset(name, split);
  const lengths = [];
  let failed = 0;
  for (const s of structures) {
    try {
      lengths.push(tokenizeCif(canonicalCif(s)).length + 2);
    } catch {
      failed++;
    }
  }
  lengths.sort((a, b) => a - b);
  const q = (p) => lengths[Math.min(lengths.length - 1, Math.floor(p * lengths.length))];
  out.splits[spec] = {
    crystals: structures.length, failed, min: lengths[0], p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), max: lengths.at(-1),
    longerThan: Object.fromEntries(CONTEXTS.map((c) => [c, lengths.filter((l) => l > c).length])),
  };
}
console.log(JSON.stringify(out, null, 2));

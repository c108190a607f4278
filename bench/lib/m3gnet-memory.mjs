// Memory probe of bench/m3gnet.bench.mjs, run in a fresh process per batch (the wasm heap never shrinks, so a second
// batch in one process would reuse the first one's pages): the rise of the process's peak resident memory during one
// energy + forces + stress evaluation of our M3GNet potential on the batch's graph, above the resident memory before it
// (Linux /proc: VmHWM reset through clear_refs, then VmHWM − VmRSS), after the weights and the graph are in place.
// bench/py/m3gnet_torch.py's `memory` mode measures the reference the same way.
// usage: node bench/lib/m3gnet-memory.mjs DATA_DIR DATASET COUNT MIN_ATOMS MAX_ATOMS   → prints {"peakRssRiseBytes"}
import { readFileSync, writeFileSync } from "node:fs";
import { initBackend } from "../../dist/models/backend/index.js";
import { loadM3gnetPotential } from "../../dist/models/m3gnet/index.js";
import { m3gnetGraphPotential } from "../../dist/models/m3gnet/potential.js";
import { graphOf, testCrystals } from "./m3gnet-inputs.mjs";

const [dataDir, dataset, count, min, max] = process.argv.slice(2);
await initBackend();
const { model } = loadM3gnetPotential();
const g = graphOf(model, await testCrystals(dataDir, dataset, Number(count), [Number(min), Number(max)]));
const status = (key) => 1024 * Number(/\d+/.exec(readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith(key)))[0]);
writeFileSync("/proc/self/clear_refs", "5");
const before = status("VmRSS:");
m3gnetGraphPotential(model, g);
process.stdout.write(`${JSON.stringify({ peakRssRiseBytes: status("VmHWM:") - before })}\n`);

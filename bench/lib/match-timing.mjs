// Serial in-process timings of CIF parsing and get_rms_dist (CSP tolerances) on one pairs file, ours and pymatgen's
// (bench/py/matcher_pairs.py) under the same cold/warm policy; memoised per file for the matcher and CLI benches.
import { fileURLToPath } from "node:url";
import { readCif } from "../../dist/crystal/index.js";
import { CSP_MATCHER, getRmsDist } from "../../dist/metrics/structure-matcher/index.js";
import { readPairCifs } from "./pairs.mjs";
import { runPython } from "./python.mjs";
import { coldWarm } from "./timing.mjs";

const script = fileURLToPath(new URL("../py/matcher_pairs.py", import.meta.url));
const memo = new Map();

/** Matched/unmatched agreement and the largest |Δrms| between our results and a list of pymatgen rms (null = no match). */
export function agreement(ours, rms) {
  let agree = 0, maxD = 0;
  rms.forEach((r, i) => {
    const o = ours[i] === null ? null : ours[i].rms ?? ours[i];
    if ((o === null) === (r === null)) agree++;
    if (o !== null && r !== null) maxD = Math.max(maxD, Math.abs(o - r));
  });
  const matched = ours.filter((o) => o !== null).length;
  const refMatched = rms.filter((r) => r !== null).length;
  return `matched ${matched}/${rms.length} (pymatgen ${refMatched}), decisions agree ${agree}/${rms.length}, max |Δrms| ${maxD.toExponential(1)}`;
}

/** { ours: { parse, match, results, pairs }, ref: { parse, match, rms } } for a pairs file (times per pair). */
export function matchTimings(path) {
  if (!memo.has(path)) memo.set(path, measure(path));
  return memo.get(path);
}

async function measure(path) {
  const texts = readPairCifs(path);
  const parse = await coldWarm(() => texts.map(({ a, b }) => ({ a: readCif(a), b: readCif(b) })), texts.length);
  const pairs = parse.out;
  const match = await coldWarm(() => pairs.map(({ a, b }) => getRmsDist(a, b, CSP_MATCHER)), pairs.length);
  const ref = await runPython(script, [path]);
  return { ours: { parse, match, results: match.out, pairs }, ref };
}

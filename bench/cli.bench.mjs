// The CLI as users run it: `xtal match --pairs FILE --csp` on a pairs file (bench/lib/pairs.mjs) started cold, against
// bench/py/match_pairs_cli.py doing the same pairs with pymatgen from a cold Python start; whole processes, wall time,
// alternated, median of the runs. Both serial: xtal matches fewer than 2000 pairs in its own thread (matchPairs'
// minParallel), pymatgen in one process with one BLAS thread. Reported beside the totals, measured the same way on
// both sides: start-up (`xtal match --help`, which loads what `xtal match` loads — `xtal --help` loads every command —
// vs `python3 -c "import …"` of the script's imports; cold processes, wall), and from the in-process serial timings on
// the same file (bench/lib/match-timing.mjs; CPU time) the per-pair cost (warm pass: parse both CIFs + match) and the
// warm-up (first pass − warm pass, over all pairs).
import { fileURLToPath } from "node:url";
import { agreement, matchTimings } from "./lib/match-timing.mjs";
import { pairsFile } from "./lib/pairs.mjs";
import { PYTHON, SERIAL_ENV } from "./lib/python.mjs";
import { timeProcessPair } from "./lib/process-timing.mjs";
import { costRow } from "./lib/rows.mjs";

const xtal = fileURLToPath(new URL("../dist/cli/xtal.js", import.meta.url));
const pyCli = fileURLToPath(new URL("./py/match_pairs_cli.py", import.meta.url));
const PY_IMPORTS = "import json, pymatgen.io.cif, pymatgen.analysis.structure_matcher";

export default async function cliBench(ctx) {
  const n = ctx.quick ? 100 : 500;
  const runs = ctx.quick ? 1 : 3;
  const dataset = "mpts_52";
  const path = await pairsFile(ctx.dataDir, dataset, n);

  ctx.log(`cli: start-up, ${runs + 2} cold runs each`);
  const start = timeProcessPair([process.execPath, xtal, "match", "--help"], [PYTHON, "-c", PY_IMPORTS], runs + 2, SERIAL_ENV);
  ctx.log(`cli: xtal match --pairs (${n} ${dataset} pairs) vs match_pairs_cli.py, ${runs} cold runs each`);
  const whole = timeProcessPair([process.execPath, xtal, "match", "--pairs", path, "--csp"], [PYTHON, pyCli, path], runs, SERIAL_ENV);
  const parsed = (text) => text.trim().split("\n").map((l) => JSON.parse(l).rms);
  const same = agreement(parsed(whole.stdout.ours), parsed(whole.stdout.reference));
  const { ours, ref } = await matchTimings(path);
  const perPair = (parse, match) => ({ cold: parse.cold.cpuMs + match.cold.cpuMs, warm: parse.warm.cpuMs + match.warm.cpuMs });
  const cpu = (t) => ({ cold: { cpuMs: t.cold.cpu_ms }, warm: { cpuMs: t.warm.cpu_ms } });
  const o = perPair(ours.parse, ours.match), r = perPair(cpu(ref.parse), cpu(ref.match));

  return [
    costRow("CLI start-up: xtal match --help vs python3 -c 'import pymatgen…'", start.ours, start.reference, "wall ms",
      `cold processes, median of ${runs + 2}; reference imports what match_pairs_cli.py imports (${PY_IMPORTS.slice(7)})`),
    costRow(`CLI xtal match --pairs --csp, ${n} ${dataset} pairs, cold process`, whole.ours / 1000, whole.reference / 1000, "wall s",
      `whole process, serial both, median of ${runs}; ltol 0.3 stol 0.5 angle_tol 10 both; ${same}`),
    costRow(`CLI warm-up: first pass − warm pass, ${n} ${dataset} pairs`, (n * (o.cold - o.warm)) / 1000, (n * (r.cold - r.warm)) / 1000, "CPU s",
      "in-process, same file, serial, parse 2 CIFs + match: JIT (ours) / first-call caches (pymatgen) (no ratio if ≤ 0)"),
    costRow(`CLI per pair, warm (parse 2 CIFs + match), ${dataset}`, o.warm, r.warm, "CPU ms/pair",
      "in-process, same file, serial, median of the warm passes (shared policy)"),
  ];
}

// Evaluation of GFlowNet checkpoints for the model card (run from the package root after `npm run build`):
//   node scripts/gflownet-report.mjs rewards --checkpoint DIR [--n 1000] [--predictor-root DIR] --out FILE.json
//     reward distribution of n GFlowNet samples vs n uniform random constructions (same environment) vs the
//     mp_20_biternary test crystals' predicted rewards; distinct compositions among each side's top-100 rewards.
//   node scripts/gflownet-report.mjs select --checkpoint DIR[,DIR…] [--n 300] [--predictor-root DIR] --out FILE.json
//     per checkpoint (e.g. a β sweep): its samples' predicted energies and distinct compositions, against the
//     mp_20_biternary select crystals' predicted energies.
import { writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { reducedFormula } from "../dist/crystal/index.js";
import { loadDataset } from "../dist/datasets/index.js";
import { initBackend, loadModel, predictProperty } from "../dist/models/index.js";
import { distinctAmongTop, energyLogReward, rewardDistribution, spread } from "../dist/models/gflownet/index.js";

const [mode, ...rest] = process.argv.slice(2);
const flags = Object.fromEntries(rest.flatMap((a, i) => (a.startsWith("--") ? [[a.slice(2), rest[i + 1]]] : [])));
const n = Number(flags.n ?? (mode === "select" ? 300 : 1000));
const root = flags["predictor-root"];
if (!["rewards", "select"].includes(mode) || !flags.checkpoint || !flags.out) throw new Error("usage: node scripts/gflownet-report.mjs rewards|select --checkpoint DIR --out FILE.json [--n N] [--predictor-root DIR]");
await initBackend();

const formulaOf = (model, state) => reducedFormula(model.environment().counts(state).flatMap(([z, k]) => new Array(k).fill(z)));
/** Predicted energies (eV/atom) of a split's crystals with the checkpoint's predictor. */
async function splitEnergies(model, split) {
  const b = model.config.familyConfig;
  const predictor = await loadModel(isAbsolute(b.predictor) ? b.predictor : join(root ?? process.cwd(), b.predictor));
  const data = await loadDataset("mp_20_biternary", split);
  const p = await predictProperty(predictor, data.structures);
  predictor.dispose();
  return { energies: Array.from(p.values), formulas: data.structures.map((s) => reducedFormula(s.species)), outOfDomain: p.outOfDomain.length };
}
/** Distribution, top-100 distinct compositions and distinct compositions of one side. */
function side(block, formulas, energies, logRewards) {
  return { ...rewardDistribution(logRewards, energies, -block.beta * block.floorScore), distinctCompositions: new Set(formulas).size, distinctTop100: distinctAmongTop(formulas, logRewards, 100) };
}
/** The k samples of highest reward: formula, space group, predicted energy (eV/atom), log R. */
function top(side, k) {
  const order = side.logRewards.map((_, i) => i).sort((a, b) => side.logRewards[b] - side.logRewards[a]);
  return order.slice(0, k).map((i) => ({ formula: side.formulas[i], spaceGroup: side.spaceGroups[i], energy: side.energies[i], logReward: side.logRewards[i] }));
}
/** Fraction of formulas containing F, O, N, Cl, S (the anions of the most negative formation energies). */
function anionShares(formulas) {
  return Object.fromEntries(["F", "O", "N", "Cl", "S"].map((x) => [x, formulas.filter((f) => new RegExp(`${x}(?![a-z])`).test(f)).length / formulas.length]));
}
async function sampled(model, seed, uniform) {
  const { states, rewards } = await model.sampleConstructions(n, seed, { uniform, ...(root ? { predictorRoot: root } : {}) });
  return { formulas: states.map((s) => formulaOf(model, s)), spaceGroups: states.map((s) => s.spaceGroup), energies: rewards.map((r) => r.energy), logRewards: rewards.map((r) => r.logReward), realised: rewards.filter((r) => r.crystal).length / n };
}

const t0 = performance.now();
const command = `node data/checkpoints/gflownet-mp20-eform/evaluate.mjs ${process.argv.slice(2).join(" ")}`;
let report;
if (mode === "rewards") {
  const model = await loadModel(flags.checkpoint);
  const b = model.config.familyConfig;
  const [g, u] = [await sampled(model, 1, false), await sampled(model, 2, true)];
  const test = await splitEnergies(model, "test");
  const testLog = test.energies.map((e) => energyLogReward(b, e));
  report = {
    command, checkpoint: flags.checkpoint, n, beta: b.beta, floorScore: b.floorScore, floorLogReward: -b.beta * b.floorScore,
    gflownet: { ...side(b, g.formulas, g.energies, g.logRewards), realised: g.realised, top20: top(g, 20), anions: anionShares(g.formulas) },
    uniform: { ...side(b, u.formulas, u.energies, u.logRewards), realised: u.realised, anions: anionShares(u.formulas) },
    test: { ...side(b, test.formulas, test.energies, testLog), crystals: test.energies.length, outOfDomain: test.outOfDomain, anions: anionShares(test.formulas) },
  };
  model.dispose();
} else {
  const rows = [];
  let reference = null;
  for (const dir of flags.checkpoint.split(",")) {
    const model = await loadModel(dir);
    const b = model.config.familyConfig;
    reference ??= await splitEnergies(model, "select");
    const g = await sampled(model, 1, false);
    const median = spread(reference.energies).p50;
    rows.push({
      checkpoint: dir, beta: b.beta, steps: model.config.training?.stepsDone, wallSeconds: model.config.training?.wallSeconds, realised: g.realised,
      energy: spread(g.energies), belowSelectMedian: g.energies.filter((e) => e < median).length / n,
      distinctCompositions: new Set(g.formulas).size, distinctTop100ByEnergy: distinctAmongTop(g.formulas, g.energies.map((e) => (Number.isFinite(e) ? -e : -Infinity)), 100),
      atFloor: g.logRewards.filter((x) => x <= -b.beta * b.floorScore + 1e-9).length / n,
    });
    model.dispose();
  }
  report = { command, n, select: { energy: spread(reference.energies), crystals: reference.energies.length, distinctCompositions: new Set(reference.formulas).size }, runs: rows };
}
report.wallSeconds = (performance.now() - t0) / 1000;
writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));

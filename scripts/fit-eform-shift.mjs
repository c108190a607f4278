// Fits the per-element shift that puts M3GNet-MP-2018.6.1-Eform formation energies on the datasets' energy reference
// (run from the package root after `npm run build`, with CRYSTAL_DATA_DIR set):
//   node scripts/fit-eform-shift.mjs --out data/potentials/eform-element-shift.json
// Predicts the formation energy of every crystal of the `fit` and `select` splits of mp_20_biternary and mpts_52, fits
// a ridge shift on the fit residuals for each λ of the grid and keeps the λ with the smallest select MAE. Test splits
// are not read: score them once with `xtal energy … --model eform --shift FILE --compare … --report …`.
import { writeFileSync } from "node:fs";
import { loadDataset } from "../dist/datasets/index.js";
import { initBackend, loadM3gnetFormationEnergy } from "../dist/models/index.js";
import { chooseElementShift, shiftedMae } from "../dist/stability/element-shift.js";

const args = process.argv.slice(2);
const out = args[args.indexOf("--out") + 1];
if (args.indexOf("--out") < 0 || !out) throw new Error("usage: node scripts/fit-eform-shift.mjs --out FILE.json");
const DATASETS = ["mp_20_biternary", "mpts_52"];
const GRID = [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2];
await initBackend();
const model = loadM3gnetFormationEnergy();

/** Residuals (predicted − DFT, eV/atom) of a split's crystals the model can evaluate; refusals are counted. */
async function residuals(dataset, split) {
  const data = await loadDataset(dataset, split);
  const kept = data.structures.filter((s) => model.refusal(s) === null && Number.isFinite(s.properties?.formation_energy_per_atom));
  const samples = [];
  for (let i = 0; i < kept.length; i += 256) {
    const batch = kept.slice(i, i + 256);
    const e = await model.predict(batch);
    batch.forEach((s, k) => samples.push({ species: s.species, residual: e[k] - s.properties.formation_energy_per_atom }));
    process.stderr.write(`\r${dataset}:${split} ${Math.min(i + 256, kept.length)}/${kept.length}`);
  }
  process.stderr.write("\n");
  return { samples, refused: data.structures.length - kept.length };
}

const splits = {};
for (const d of DATASETS) for (const s of ["fit", "select"]) splits[`${d}:${s}`] = await residuals(d, s);
const pool = (split) => DATASETS.flatMap((d) => splits[`${d}:${split}`].samples);
const { shift, selectMae, unshiftedSelectMae } = chooseElementShift(pool("fit"), pool("select"), GRID, model.name);
const perDataset = Object.fromEntries(DATASETS.map((d) => {
  const sel = splits[`${d}:select`].samples;
  return [d, { selectCount: sel.length, selectMaeUnshifted: sel.reduce((a, s) => a + Math.abs(s.residual), 0) / sel.length, selectMaeShifted: shiftedMae(shift, sel) }];
}));
const counts = Object.fromEntries(Object.entries(splits).map(([k, v]) => [k, { crystals: v.samples.length, refused: v.refused }]));
const report = { command: `node scripts/fit-eform-shift.mjs --out ${out}`, model: model.name, splits: counts, lambdaGrid: selectMae, selectMaeUnshifted: unshiftedSelectMae, perDataset, shift };
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stderr.write(`λ = ${shift.lambda}: select MAE ${unshiftedSelectMae.toFixed(4)} → ${Math.min(...selectMae.map((r) => r.mae)).toFixed(4)} eV/atom; wrote ${out}\n`);

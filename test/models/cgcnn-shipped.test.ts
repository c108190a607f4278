// The shipped CGCNN checkpoints: each is at most 5 MB, loads through the registry as a property predictor, and
// reproduces the select-split MAE its eval JSON (written by `xtal predict --report`) records for its first dataset.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/load.js";
import { predictionErrors } from "../../src/metrics/prediction-errors.js";
import { type PropertyPredictor, isPropertyPredictor, loadModel } from "../../src/models/index.js";
import { DATA_DIR } from "../shared-paths.js";

const ROOT = join(import.meta.dirname, "..", "..", "data", "checkpoints");
const shipped = readdirSync(ROOT).filter((d) => d.startsWith("cgcnn-"));

describe("shipped cgcnn checkpoints", () => {
  it("exist for the four properties of issue 17", () => {
    expect(shipped.sort()).toEqual(["cgcnn-carbon24-energy", "cgcnn-mp20-band-gap", "cgcnn-mp20-mpts52-eform", "cgcnn-perov5-heat-ref"]);
  });

  it.each(shipped)("%s is ≤ 5 MB, loads as a predictor and reproduces its recorded select MAE", async (name) => {
    const dir = join(ROOT, name);
    const bytes = readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0);
    expect(bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    const evalFile = readdirSync(dir).find((f) => /^eval-.+-select\.json$/.test(f) && !f.includes("mpts_52"))!;
    const recorded = JSON.parse(readFileSync(join(dir, evalFile), "utf8")) as { reference: string; errors: { n: number; mae: number } };
    const dataset = /^eval-(.+)-select\.json$/.exec(evalFile)![1]!;
    expect(existsSync(join(DATA_DIR, dataset))).toBe(true);
    const model = await loadModel(dir);
    expect(isPropertyPredictor(model)).toBe(true);
    const structures = (await loadDataset(dataset, "select", { dataDir: DATA_DIR })).structures;
    const predicted = await (model as PropertyPredictor).predict(structures);
    const errors = predictionErrors(predicted.map((p) => p.value), structures.map((s) => s.properties![recorded.reference] as number));
    expect(errors.n).toBe(recorded.errors.n);
    expect(errors.mae).toBeCloseTo(recorded.errors.mae, 6);
    model.dispose();
  }, 300_000);
});

// The composition-ridge baseline: the closed-form solution against NumPy's np.linalg.solve on the same matrix, exact
// recovery of a target that is a linear function of one Magpie feature, λ chosen by cross-validation, and the
// feature scaling.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { MAGPIE_FEATURE_LABELS } from "../../src/metrics/composition-fingerprint/index.js";
import { chooseLambda, fitScaling, rawFingerprints, ridgeFit, scaleFingerprints } from "../../src/models/composition-ridge/index.js";
import { type PropertyPredictor, createModel } from "../../src/models/index.js";

// Binary 1:1 crystals of main-group cation–anion pairs (117); the target is an exact linear function of one raw feature.
const cations = [3, 11, 19, 37, 55, 4, 12, 20, 38, 56, 13, 31, 49];
const anions = [8, 16, 34, 9, 17, 35, 53, 7, 15];
const pairs: [number, number][] = cations.flatMap((a) => anions.map((b): [number, number] => [a, b]));
const crystal = ([a, b]: [number, number], i: number) =>
  makeStructure({ lattice: latticeFromParameters(4.5, 4.5, 4.5, 90, 90, 90), species: [a, b], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5], properties: { id: `c${i}` } });
const feature = MAGPIE_FEATURE_LABELS.indexOf("MagpieData mean Electronegativity");

function withTarget(structures: Structure[]): Structure[] {
  const raw = rawFingerprints(structures);
  return structures.map((s, i) => ({ ...s, properties: { ...s.properties, target: 2.5 * raw.x[i * raw.d + feature]! - 1 } }));
}

describe("ridge regression", () => {
  it("solves (XcᵀXc + nλI) w = Xcᵀ(y − ȳ) as NumPy's np.linalg.solve does on the same standardised matrix", () => {
    const structures = pairs.map(crystal);
    const raw = rawFingerprints(structures);
    const X = scaleFingerprints(raw, fitScaling(raw));
    const y = structures.map((_, i) => Math.sin(i) + 0.1 * i);
    const lambda = 0.3;
    const fit = ridgeFit(X, y, lambda);
    const script = `
import json, sys
import numpy as np
d = json.load(sys.stdin)
X = np.array(d["x"]).reshape(d["n"], d["d"]); y = np.array(d["y"]); n = d["n"]
xm = X.mean(0); Xc = X - xm
w = np.linalg.solve(Xc.T @ Xc + n * d["lam"] * np.eye(d["d"]), Xc.T @ (y - y.mean()))
print(json.dumps({"w": w.tolist(), "b": float(y.mean() - xm @ w)}))
`;
    const ref = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script], { input: JSON.stringify({ x: Array.from(X.x), n: X.n, d: X.d, y, lam: lambda }), encoding: "utf8" })) as { w: number[]; b: number };
    ref.w.forEach((w, j) => expect(fit.weights[j]).toBeCloseTo(w, 8));
    expect(fit.intercept).toBeCloseTo(ref.b, 8);
  });

  it("recovers a target that is linear in one Magpie feature (small λ) and predicts unseen compositions exactly", async () => {
    const all = withTarget(pairs.map(crystal));
    const heldOut = all.filter((_, i) => i % 7 === 3); // every element still occurs in the training rows
    const model = createModel("composition-ridge", { property: "target", lambda: 1e-8 }) as PropertyPredictor;
    await model.train(all.filter((_, i) => i % 7 !== 3));
    expect(heldOut.length).toBe(17);
    const pred = await model.predict(heldOut);
    pred.forEach((p, i) => {
      expect(p.value).toBeCloseTo(heldOut[i]!.properties!["target"] as number, 3);
      expect(p.std).toBe(0);
    });
    expect((model.config.familyConfig as { lambda: number }).lambda).toBe(1e-8);
  });

  it("chooses the λ of the grid with the smallest k-fold MAE (the exactly linear target prefers the smallest)", () => {
    const structures = withTarget(pairs.map(crystal));
    const raw = rawFingerprints(structures);
    const X = scaleFingerprints(raw, fitScaling(raw));
    const { lambda, cvMae } = chooseLambda(X, structures.map((s) => s.properties!["target"] as number), [1e-6, 1, 100], 4, 0);
    expect(lambda).toBe(1e-6);
    expect(cvMae[0]).toBeLessThan(cvMae[1]!);
    expect(cvMae[1]).toBeLessThan(cvMae[2]!);
  });

  it("scales each column by its mean and std over finite values; a missing value becomes 0", () => {
    const raw = { x: Float64Array.from([1, NaN, 3, 5, 5, 7]), n: 3, d: 2 };
    const s = fitScaling(raw);
    expect(s.mean).toEqual([3, 6]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.std[1]).toBeCloseTo(1, 12);
    const X = scaleFingerprints(raw, s);
    expect(Array.from(X.x)[2]).toBeCloseTo(0, 12);
    expect(X.x[1]).toBe(0);
  });
});

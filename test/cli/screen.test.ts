import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { loadStructuresCsv } from "../../src/datasets/index.js";
import { createModel } from "../../src/models/index.js";
import { enumeratePrototypeCompositions } from "../../src/screening/index.js";
import { registerVolumePredictor } from "../models/volume-predictor.js";
import { captureIO } from "./capture-io.js";

const dir = mkdtempSync(join(tmpdir(), "cw-cli-screen-"));
const predictor = join(dir, "volume-predictor");
const generator = join(dir, "random");
beforeAll(async () => {
  registerVolumePredictor();
  await createModel("volume-predictor").save(predictor);
  const random = createModel("random-coordinates");
  await random.train(enumeratePrototypeCompositions("rocksalt", { A: ["Na"], X: ["Cl"] }).structures);
  await random.save(generator);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Cubic perovskites a = 2(r_B + r_X): Ti–O 4.01, Zr–O 4.24, Ti–S 4.89, Zr–S 5.12 Å → V/N = a³/5: 12.896, 15.245, 23.386, 26.844.
// --above 21 with K = 2 (score = V/N − 2): the four sulfides pass; BaTiS3 and BaZrS3 are in the bundled prototypes data.
const ENUM = "enum:perovskite:A=Sr,Ba;B=Ti,Zr;X=O,S";

describe("xtal screen", () => {
  it("screens an enumerated space with a registered predictor: hits, stage counts and the report", async () => {
    const io = captureIO();
    const out = join(dir, "hits.csv");
    const report = join(dir, "stages.json");
    const code = await run(["screen", "--predictor", predictor, "--candidates", ENUM, "--above", "21", "--std-penalty", "2", "--reference", "prototypes:train,prototypes:test", "--out", out, "--report", report], io);
    expect(io.err).toContain("screen: enumerated 8 perovskite compositions, built 8");
    expect(code).toBe(0);
    for (const stage of ["validity 8/8", "charge_neutrality 8/8", "prediction 8/8", "criterion 8/8", "uniqueness_novelty 4/4"]) expect(io.err).toContain(`screen: ${stage} (100 %)`);
    expect(io.out).toMatch(/uniqueness_novelty +4 +2 +2 .*2 known/);
    expect(io.out).toContain("2 hits of 8 candidates (volume_per_atom)");
    const stages = JSON.parse(readFileSync(report, "utf8"));
    expect(stages.stages.map((s: { stage: string; input: number; kept: number; reasons: object }) => [s.stage, s.input, s.kept, s.reasons])).toEqual([
      ["validity", 8, 8, {}], ["charge_neutrality", 8, 8, {}], ["prediction", 8, 8, {}],
      ["criterion", 8, 4, { score_below_threshold: 4 }], ["uniqueness_novelty", 4, 2, { known: 2 }],
    ]);
    expect(stages.settings).toMatchObject({ family: "volume-predictor", property: "volume_per_atom", criterion: { above: 21, stdPenalty: 2 }, nCandidates: 8, nHits: 2 });
    const hits = await loadStructuresCsv(out, { idColumn: "id" });
    expect(hits.structures.map((s) => [s.properties!.rank, s.properties!.id])).toEqual([[1, "enum-perovskite-SrZrS3"], [2, "enum-perovskite-SrTiS3"]]);
    expect(Array.from(hits.table.array("formula") as ArrayLike<string>)).toEqual(["SrZrS3", "SrTiS3"]);
    expect(hits.structures[0]!.properties!.prediction).toBeCloseTo(5.12 ** 3 / 5, 6);
    expect(hits.structures[1]!.properties!.prediction).toBeCloseTo(4.89 ** 3 / 5, 6);
    expect(hits.structures.map((s) => s.properties!.std)).toEqual([1, 1]);

    // The hits file is a candidates file: screened again, both stay hits.
    const again = captureIO();
    expect(await run(["screen", "--predictor", predictor, "--candidates", out, "--id-column", "id", "--above", "21", "--out", join(dir, "again.csv")], again)).toBe(0);
    expect(again.out).toContain("2 hits of 2 candidates");
  });

  it("refuses a checkpoint that is not a property predictor, and bad input naming the flag (exit 2)", async () => {
    const cases: [string[], RegExp][] = [
      [["--predictor", generator, "--candidates", ENUM, "--below", "1"], /screen: .* is a random-coordinates\/csp model, not a property predictor/],
      [["--predictor", predictor, "--candidates", "enum:perovskite:A=Sr;B=Qq;X=O", "--below", "1"], /--candidates perovskite: unknown element "Qq" for role B/],
      [["--predictor", predictor, "--candidates", "enum:perovskite:A=Sr;B", "--below", "1"], /--candidates enumeration spec .*"B" is not ROLE=EL/],
      [["--predictor", predictor, "--candidates", ENUM], /--below V or --above V/],
      [["--predictor", predictor, "--candidates", ENUM, "--below", "1", "--reference", "nope:test"], /--reference takes registered dataset splits/],
    ];
    for (const [args, message] of cases) {
      const io = captureIO();
      expect(await run(["screen", ...args, "--out", join(dir, "x.csv")], io), args.join(" ")).toBe(2);
      expect(io.err).toMatch(message);
      expect(io.err).not.toMatch(/\n\s+at /);
    }
  });
});

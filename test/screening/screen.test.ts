import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Structure, latticeFromParameters, latticeVolume, makeStructure, structureFromWyckoff } from "../../src/crystal/index.js";
import { loadStructuresCsv } from "../../src/datasets/index.js";
import {
  type PropertyPredictorFn, type ScreeningStage, ScreeningInputError, enumeratePrototypeCompositions, screenCandidates, screeningTable, writeScreeningTable,
} from "../../src/screening/index.js";

const cubicCell = (a: number, species: number[], frac: number[], id: string): Structure =>
  makeStructure({ lattice: latticeFromParameters(a, a, a, 90, 90, 90), species, fracCoords: frac, properties: { id } });

// Enumerated: SrTiO3 a = 4.01 Å (12.896 Å³/atom), BaZrO3 a = 4.24 Å (15.245), BaZrS3 a = 5.12 Å (26.844); rock salt NaCl a = 5.66 Å (22.665).
const perovskites = enumeratePrototypeCompositions("perovskite", { A: ["Sr", "Ba"], B: ["Ti", "Zr"], X: ["O", "S"] }).structures;
const byFormula = (f: string) => perovskites.find((s) => s.properties!.formula === f)!;
const sto = byFormula("SrTiO3");
const nacl = enumeratePrototypeCompositions("rocksalt", { A: ["Na"], X: ["Cl"] }).structures[0]!;
/** SrTiO3 again, every atom moved by the same vector: the same crystal. */
const stoShifted = makeStructure({ ...sto, fracCoords: sto.fracCoords.map((x) => (x + 0.13) % 1), properties: { id: "SrTiO3-shifted" } });
/** Na–Cl 0.3 Å apart: structurally invalid. */
const tooClose = cubicCell(3, [11, 17], [0, 0, 0, 0.1, 0, 0], "NaCl-too-close");
/** NaCl2 with 2.5 Å distances: no charge-neutral oxidation states (SMACT). */
const nacl2 = cubicCell(5, [11, 17, 17], [0, 0, 0, 0.5, 0, 0, 0, 0.5, 0], "NaCl2");
/** The training crystal: rock salt NaCl in its 8-atom conventional cell. */
const naclConventional = structureFromWyckoff({ spaceGroup: 225, lattice: { a: 5.66, b: 5.66, c: 5.66, alpha: 90, beta: 90, gamma: 90 }, sites: [{ element: "Na", wyckoff: "4a" }, { element: "Cl", wyckoff: "4b" }] });

const candidates = [sto, byFormula("BaZrO3"), stoShifted, tooClose, nacl2, nacl, byFormula("BaZrS3")];
/** Volume per atom (Å³/atom) with std 0.5: exactly computable. */
const volumePerAtom: PropertyPredictorFn = async (structures) => structures.map((s) => ({ value: latticeVolume(s.lattice) / s.species.length, std: 0.5 }));

describe("screenCandidates", () => {
  it("drops each candidate at the stage that should drop it, with the reason, and ranks the hits", async () => {
    const progress: [ScreeningStage, number, number][] = [];
    const result = await screenCandidates(candidates, { predictor: volumePerAtom, criterion: { below: 25, stdPenalty: 1 }, reference: [naclConventional] }, {
      onProgress: (stage, done, total) => progress.push([stage, done, total]),
    });
    expect(result.stages.map(({ stage, input, kept, dropped, reasons }) => ({ stage, input, kept, dropped, reasons }))).toEqual([
      { stage: "validity", input: 7, kept: 6, dropped: 1, reasons: { short_distance: 1 } },
      { stage: "charge_neutrality", input: 6, kept: 5, dropped: 1, reasons: { "no-valid-combination": 1 } },
      { stage: "prediction", input: 5, kept: 5, dropped: 0, reasons: {} },
      { stage: "criterion", input: 5, kept: 4, dropped: 1, reasons: { score_above_threshold: 1 } },
      { stage: "uniqueness_novelty", input: 4, kept: 2, dropped: 2, reasons: { duplicate: 1, known: 1 } },
    ]);
    expect(result.stages.every((s) => s.seconds >= 0)).toBe(true);
    expect(result.rows.map((r) => [r.id, r.droppedAt, r.reason])).toEqual([
      ["enum-perovskite-SrTiO3", null, null],
      ["enum-perovskite-BaZrO3", null, null],
      ["SrTiO3-shifted", "uniqueness_novelty", "duplicate"],
      ["NaCl-too-close", "validity", "short_distance"],
      ["NaCl2", "charge_neutrality", "no-valid-combination"],
      ["enum-rocksalt-NaCl", "uniqueness_novelty", "known"],
      ["enum-perovskite-BaZrS3", "criterion", "score_above_threshold"],
    ]);
    expect(result.hits.map((h) => [h.rank, h.id, h.formula, h.novel])).toEqual([[1, "enum-perovskite-SrTiO3", "SrTiO3", true], [2, "enum-perovskite-BaZrO3", "BaZrO3", true]]);
    expect(result.hits[0]!.prediction).toBeCloseTo(4.01 ** 3 / 5, 10);
    expect(result.hits[0]!.std).toBe(0.5);
    expect(result.hits[0]!.score).toBeCloseTo(4.01 ** 3 / 5 + 0.5, 10);
    expect(result.hits[1]!.prediction).toBeCloseTo(4.24 ** 3 / 5, 10);
    expect(result.rows[6]!.prediction).toBeCloseTo(5.12 ** 3 / 5, 10); // predicted, then failed the criterion
    expect(result.rows[5]!.novel).toBe(false);
    expect(result.hitStructures).toEqual([sto, candidates[1]]);
    // One final report per stage, in order.
    expect(progress.filter(([, d, t]) => d === t).map(([s, d]) => [s, d])).toEqual([["validity", 7], ["charge_neutrality", 6], ["prediction", 5], ["criterion", 5], ["uniqueness_novelty", 4]]);
  });

  it("the std penalty decides a borderline crystal: NaCl (22.665 Å³/atom) is below 23 with k = 0 but not with k = 1", async () => {
    const run = (k: number) => screenCandidates([nacl], { predictor: volumePerAtom, criterion: { below: 23, stdPenalty: k } });
    expect((await run(0)).hits.map((h) => h.id)).toEqual(["enum-rocksalt-NaCl"]);
    expect((await run(1)).rows[0]!.reason).toBe("score_above_threshold");
  });

  it("ranks highest first for an 'above' criterion; without a reference every unique hit is novel", async () => {
    const result = await screenCandidates(candidates, { predictor: volumePerAtom, criterion: { above: 14 } });
    expect(result.hits.map((h) => h.id)).toEqual(["enum-perovskite-BaZrS3", "enum-rocksalt-NaCl", "enum-perovskite-BaZrO3"]);
    expect(result.stages[3]!.reasons).toEqual({ score_below_threshold: 2 }); // SrTiO3 and its shifted copy
  });

  it("retries a batch the predictor refuses crystal by crystal and drops the refused ones with the message", async () => {
    const noBarium: PropertyPredictorFn = async (structures) => {
      if (structures.some((s) => s.species.includes(56))) throw new Error("element Ba was never seen in training");
      return volumePerAtom(structures);
    };
    const result = await screenCandidates(candidates, { predictor: noBarium, criterion: { below: 25 } }, { batchSize: 2 });
    expect(result.stages[2]).toMatchObject({ input: 5, kept: 3, reasons: { "predictor_refused: element Ba was never seen in training": 2 } });
    expect(result.hits.map((h) => h.id)).toEqual(["enum-perovskite-SrTiO3", "enum-rocksalt-NaCl"]);
  });

  it("refuses a criterion without exactly one threshold", async () => {
    await expect(screenCandidates(candidates, { predictor: volumePerAtom, criterion: {} })).rejects.toThrow(ScreeningInputError);
    await expect(screenCandidates(candidates, { predictor: volumePerAtom, criterion: { below: 1, above: 2 } })).rejects.toThrow(/exactly one threshold/);
    await expect(screenCandidates(candidates, { predictor: volumePerAtom, criterion: { below: 1, stdPenalty: -1 } })).rejects.toThrow(/std penalty/);
  });

  it("gives an arquero table and writes the hits as CSV (with CIFs, readable as candidates again) and Parquet", async () => {
    const result = await screenCandidates(candidates, { predictor: volumePerAtom, criterion: { below: 25, stdPenalty: 1 }, reference: [naclConventional] });
    const table = screeningTable(result.rows);
    expect(table.numRows()).toBe(7);
    expect(table.columnNames()).toEqual(["rank", "id", "formula", "nsites", "prediction", "std", "score", "novel", "droppedAt", "reason"]);
    expect(Array.from(table.array("droppedAt") as ArrayLike<unknown>)).toEqual([null, null, "uniqueness_novelty", "validity", "charge_neutrality", "uniqueness_novelty", "criterion"]);
    const dir = mkdtempSync(join(tmpdir(), "screen-"));
    writeScreeningTable(join(dir, "hits.csv"), result.hits, result.hitStructures);
    const back = await loadStructuresCsv(join(dir, "hits.csv"), { idColumn: "id" });
    expect(back.structures.map((s) => [s.properties!.id, s.properties!.rank, s.species.length])).toEqual([["enum-perovskite-SrTiO3", 1, 5], ["enum-perovskite-BaZrO3", 2, 5]]);
    writeScreeningTable(join(dir, "rows.parquet"), result.rows);
    expect(readFileSync(join(dir, "rows.parquet")).subarray(0, 4).toString()).toBe("PAR1");
  });
});

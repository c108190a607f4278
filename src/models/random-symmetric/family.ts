// Random symmetric structure search (AIRSS, Pickard & Needs, J. Phys.: Condens. Matter 23, 053201 (2011); pyxtal,
// Fredericks et al., Comput. Phys. Commun. 261, 107810 (2021)) as a registered, sample-only family. "Training" keeps
// the data's reduced formulas (compositions.json), its space-group histogram and its packing factor.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { element, elementSymbol } from "../../crystal/elements.js";
import { reducedFormula } from "../../crystal/composition.js";
import { parseFormula } from "../../crystal/formula.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import { spaceGroupInfo } from "../../crystal/symmetry/index.js";
import { type Rng, rng } from "../../util/random.js";
import { BaselineModel, baselineConfig } from "../baselines/baseline-model.js";
import { checkSampleRequest } from "../common/sample-request.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import { type OptionValues, checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import { writeFileAtomic } from "../training/checkpoint.js";
import type { ModelConfig, SampleRequest } from "../types.js";
import { CLOSE_PACKING_VOLUME_FACTOR, fitVolumeFactor } from "./atomic-volume.js";
import { SearchExhaustedError } from "./attempts.js";
import { PYXTAL_ATOMIC_TOLERANCE_FACTOR } from "./contact-ratio.js";
import { type FormulaCounts, type RandomCrystalSettings, formulaCounts, randomSymmetricCrystal } from "./random-crystal.js";
import { SEARCH_SYMPREC, drawWeighted, spaceGroupHistogram } from "./space-group-histogram.js";
import { feasibleFormulaUnits } from "./wyckoff-combinations.js";

/** The family's config block: what training kept. */
export interface RandomSymmetricFamilyConfig {
  /** Cell volume / summed covalent-sphere volume: the training median (close packing before training). */
  volumeFactor: number;
  /** (space group, training crystals) as detected at SEARCH_SYMPREC; empty before training. */
  spaceGroupCounts: [number, number][];
  /** File of the training data's (reduced formula, crystals) pairs; "" before training. */
  compositionsFile: string;
  /** Distinct reduced formulas in compositionsFile. */
  compositionCount: number;
}

/** A training formula and how many training crystals have it. */
interface WeightedFormula {
  readonly label: string;
  readonly counts: FormulaCounts;
  readonly weight: number;
}

/** A crystal to search for: formula, space group and the feasible formula units per conventional cell. */
interface SearchTarget {
  readonly formula: FormulaCounts;
  readonly spaceGroup: number;
  readonly formulaUnits: readonly number[];
}

const DEFAULT_MAX_ATTEMPTS = 1000;
const DEFAULT_MAX_FORMULA_UNITS = 8;
/** Targets tried per crystal when a search is exhausted (a new composition and/or group each time), unless the request fixes both. */
const MAX_REDRAWS = 10;

/** The random-symmetric model: CSP (request compositions) and de novo (training compositions), space group given or drawn. */
export class RandomSymmetricModel extends BaselineModel<RandomSymmetricFamilyConfig> {
  private formulas: WeightedFormula[] = [];

  protected override remember(structures: readonly Structure[]): void {
    const counts = new Map<string, number>();
    for (const s of structures) counts.set(reducedFormula(s.species), (counts.get(reducedFormula(s.species)) ?? 0) + 1);
    this.formulas = [...counts].map(([label, weight]) => weightedFormula(label, weight));
    this.current = {
      ...this.current,
      familyConfig: { volumeFactor: fitVolumeFactor(structures), spaceGroupCounts: spaceGroupHistogram(structures), compositionsFile: "compositions.json", compositionCount: counts.size },
    };
  }

  /**
   * One crystal per composition (CSP) or n crystals of training compositions (de novo), each with properties
   * `attempts`, `spaceGroup`, `formulaUnits` and `wyckoff`. Seeded: the same request gives the same crystals.
   * @throws ModelRequestError before any search for a composition no Wyckoff assignment of the (given or any trained)
   * space group holds; SearchExhaustedError when a crystal needs more than maxAttempts attempts — per target; a
   * crystal whose group is not fixed by the request gets up to 10 targets (new group, and de novo a new composition),
   * and records `redraws` when it needed more than one
   */
  async sample(request: SampleRequest): Promise<Structure[]> {
    const req = checkSampleRequest(request, this.family, this.config);
    const o = req.settings;
    const maxFormulaUnits = (o.maxFormulaUnits as number | undefined) ?? DEFAULT_MAX_FORMULA_UNITS;
    const settings: RandomCrystalSettings = {
      maxAttempts: (o.maxAttempts as number | undefined) ?? DEFAULT_MAX_ATTEMPTS,
      minContactRatio: (o.minContactRatio as number | undefined) ?? PYXTAL_ATOMIC_TOLERANCE_FACTOR,
      volumeFactor: (o.volumeFactor as number | undefined) ?? this.config.familyConfig.volumeFactor,
      symprec: SEARCH_SYMPREC,
    };
    const random = rng(req.seed);
    const planner = new TargetPlanner(this.config.familyConfig.spaceGroupCounts, request.spaceGroup, maxFormulaUnits);
    // CSP targets are checked before any search; a de novo target is drawn when its crystal is searched for.
    const cspTargets = req.task === "csp" ? req.compositions.map((sp, i) => planner.csp(formulaCounts(sp), i, random)) : null;
    const redrawable = req.task === "gen" || request.spaceGroup === undefined;
    const infeasible = new Set<string>(); // training formulas no allowed group can hold, found while drawing
    const out: Structure[] = [];
    for (let i = 0; i < req.n; i++) {
      let target = cspTargets ? cspTargets[i]! : this.deNovoTarget(planner, infeasible, random);
      for (let redraw = 0; ; redraw++) {
        try {
          const s = randomSymmetricCrystal(target.formula, target.spaceGroup, target.formulaUnits, settings, random);
          out.push(redraw ? makeStructure({ ...s, properties: { ...s.properties, redraws: redraw } }) : s);
          break;
        } catch (e) {
          // A drawn (composition, group) pair may only crystallise in a supergroup: draw another pair (de novo) or group (CSP).
          if (!(e instanceof SearchExhaustedError) || !redrawable || redraw + 1 >= MAX_REDRAWS) throw e;
          target = cspTargets ? planner.target(target.formula, random)! : this.deNovoTarget(planner, infeasible, random);
        }
      }
      request.onProgress?.(i + 1, req.n);
    }
    return out;
  }

  /** A training composition (by frequency) with a space group that can hold it; `infeasible` collects formulas none can. */
  private deNovoTarget(planner: TargetPlanner, infeasible: Set<string>, random: Rng): SearchTarget {
    if (this.formulas.length === 0) throw new ModelRequestError("n", "the random-symmetric model has no training compositions: train it on a split first");
    const weights = this.formulas.map((f) => (infeasible.has(f.label) ? 0 : f.weight));
    for (;;) {
      if (weights.every((w) => w === 0))
        throw new ModelRequestError("spaceGroup", `no training composition fits a Wyckoff assignment of ${planner.describeGroups()} with at most ${planner.maxFormulaUnits} formula units`);
      const k = drawWeighted(weights, random);
      const target = planner.target(this.formulas[k]!.counts, random);
      if (target) return target;
      infeasible.add(this.formulas[k]!.label);
      weights[k] = 0;
    }
  }

  protected override saveFiles(dir: string): void {
    writeFileAtomic(join(dir, "compositions.json"), JSON.stringify(this.formulas.map((f) => [f.label, f.weight])));
  }

  protected override loadFiles(dir: string, config: ModelConfig<RandomSymmetricFamilyConfig>): void {
    const { compositionsFile, compositionCount } = config.familyConfig;
    if (!compositionsFile) {
      this.formulas = [];
      return;
    }
    let rows: [string, number][];
    try {
      rows = JSON.parse(readFileSync(join(dir, compositionsFile), "utf8")) as [string, number][];
    } catch (e) {
      throw new ModelConfigError(`checkpoint ${dir}: ${compositionsFile} is missing or not JSON (${(e as Error).message})`);
    }
    if (rows.length !== compositionCount) throw new ModelConfigError(`checkpoint ${dir}: ${compositionsFile} holds ${rows.length} formulas, config.json says ${compositionCount}`);
    this.formulas = rows.map(([label, weight]) => weightedFormula(label, weight));
  }
}

function weightedFormula(label: string, weight: number): WeightedFormula {
  const counts = formulaCounts([...parseFormula(label)].flatMap(([z, n]) => new Array<number>(Math.round(n)).fill(z)));
  return { label, counts, weight };
}

/** Chooses space groups and formula units for formulas, refusing what no Wyckoff assignment can hold. */
class TargetPlanner {
  private readonly feasible = new Map<string, number[]>();

  constructor(private readonly histogram: readonly [number, number][], private readonly spaceGroup: number | undefined, readonly maxFormulaUnits: number) {}

  /** The target of CSP composition i. @throws ModelRequestError naming composition and group(s) */
  csp(formula: FormulaCounts, i: number, random: Rng): SearchTarget {
    const label = formulaLabel(formula);
    const missing = formula.find(([z]) => !Number.isFinite(element(z).covalentRadius));
    if (missing) throw new ModelRequestError("compositions", `composition ${i} (${label}): ${elementSymbol(missing[0])} has no covalent radius for the volume estimate and distance test`);
    if (this.spaceGroup === undefined && this.histogram.length === 0)
      throw new ModelRequestError("spaceGroup", "the random-symmetric model has no space-group distribution: train it on a split or pass spaceGroup");
    const target = this.target(formula, random);
    if (!target) throw new ModelRequestError(this.spaceGroup === undefined ? "compositions" : "spaceGroup", `composition ${i} (${label}): no Wyckoff assignment of ${this.describeGroups()} holds it with at most ${this.maxFormulaUnits} formula units per conventional cell`);
    return target;
  }

  /**
   * A target for the formula (the requested group, or one drawn from the histogram among those that can hold it), or
   * null when no group can hold it or an element has no covalent radius.
   */
  target(formula: FormulaCounts, random: Rng): SearchTarget | null {
    if (formula.some(([z]) => !Number.isFinite(element(z).covalentRadius))) return null;
    const groups = this.spaceGroup !== undefined ? [[this.spaceGroup, 1] as const] : this.histogram;
    const options = groups.map(([g, w]) => ({ g, w, units: this.units(formula, g) })).filter((o) => o.units.length > 0);
    if (options.length === 0) return null;
    const o = options[drawWeighted(options.map((x) => x.w), random)]!;
    return { formula, spaceGroup: o.g, formulaUnits: o.units };
  }

  /** The requested group, or "any of the N space groups of the training data". */
  describeGroups(): string {
    return this.spaceGroup !== undefined ? `space group ${this.spaceGroup} (${spaceGroupInfo(this.spaceGroup).hmShort})` : `any of the ${this.histogram.length} space groups of the training data`;
  }

  private units(formula: FormulaCounts, group: number): number[] {
    const key = `${group}|${formula.join(";")}`;
    let u = this.feasible.get(key);
    if (!u) this.feasible.set(key, (u = feasibleFormulaUnits(formula, group, this.maxFormulaUnits)));
    return u;
  }
}

function formulaLabel(formula: FormulaCounts): string {
  return reducedFormula(formula.flatMap(([z, n]) => new Array<number>(n).fill(z)));
}

const SAMPLE_SETTINGS = {
  maxAttempts: { type: "integer", default: DEFAULT_MAX_ATTEMPTS, min: 1, help: "candidates drawn per crystal before the search gives up with an error naming the composition" },
  maxFormulaUnits: { type: "integer", default: DEFAULT_MAX_FORMULA_UNITS, min: 1, max: 64, help: "largest number of formula units per conventional cell tried (the smallest that a Wyckoff assignment holds comes first)" },
  minContactRatio: { type: "number", default: PYXTAL_ATOMIC_TOLERANCE_FACTOR, min: 0, max: 2, help: "reject a candidate when two atoms are closer than this × the sum of their covalent radii (pyxtal's atomic default 0.5)" },
  volumeFactor: { type: "number", min: 0.1, max: 20, help: `cell volume / summed covalent-sphere volume (default: the training median; ${CLOSE_PACKING_VOLUME_FACTOR.toFixed(3)} = close packing before training)` },
} as const;

/** The random-symmetric search as a registered family (`xtal sample --family random-symmetric`). */
export const RANDOM_SYMMETRIC_FAMILY: ModelFamily = {
  name: "random-symmetric",
  summary: "AIRSS/pyxtal-style search: Wyckoff assignments of a space group, random free parameters and lattice, rejected on short contacts",
  tasks: ["csp", "gen"],
  requestFields: ["compositions", "n", "spaceGroup"],
  createOptions: { seed: { type: "integer", default: 0, help: "recorded in the config (sampling takes the request's seed)" } },
  trainSettings: {},
  sampleSettings: SAMPLE_SETTINGS,
  create: (options: OptionValues = {}) =>
    new RandomSymmetricModel(
      RANDOM_SYMMETRIC_FAMILY,
      baselineConfig("random-symmetric", ["csp", "gen"], checkOptions(RANDOM_SYMMETRIC_FAMILY.createOptions, options, "random-symmetric option"), {
        volumeFactor: CLOSE_PACKING_VOLUME_FACTOR, spaceGroupCounts: [], compositionsFile: "", compositionCount: 0,
      }),
    ),
  fromConfig: (config) => new RandomSymmetricModel(RANDOM_SYMMETRIC_FAMILY, config as ModelConfig<RandomSymmetricFamilyConfig>),
};
